"""Ops beyond API.md's lists that course code uses (rounding, hyperbolic, triangles, grids), against torch."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad
import torch

from . import strategies as S
from .helpers import check

UNARY = {
    "floor": lambda L, t: t.floor(), "ceil": lambda L, t: L.ceil(t), "round": lambda L, t: L.round(t),
    "round_decimals": lambda L, t: L.round(t, decimals=1), "trunc": lambda L, t: t.trunc(),
    "frac": lambda L, t: t.frac(), "sinh": lambda L, t: L.sinh(t), "cosh": lambda L, t: t.cosh(),
    "atan": lambda L, t: L.atan(t), "exp2": lambda L, t: L.exp2(t),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=S.array_and_dtype(low=-4, high=4), seed=S.seeds)
def test_unary_extras_match_torch(name, data, seed):
    x = data
    check(UNARY[name], x, seed=seed)


@pytest.mark.parametrize("fn", ["tril", "triu"])
@given(data=S.array_and_dtype(S.shapes(min_dims=2, max_dims=4)), diagonal=st.integers(-3, 3), seed=S.seeds)
def test_triangles_match_torch(fn, data, diagonal, seed):
    x = data
    check(lambda L, t: getattr(L, fn)(t, diagonal), x, seed=seed)
    check(lambda L, t: getattr(t, fn)(diagonal=diagonal), x, seed=seed)


@pytest.mark.parametrize("indexing", ["ij", "xy"])
@given(a=st.integers(1, 4), b=st.integers(1, 4), c=st.integers(1, 3), seed=S.seeds)
def test_meshgrid_matches_torch(indexing, a, b, c, seed):
    xs = [np.linspace(-1, 1, n) for n in (a, b, c)]
    check(lambda L, *ts: L.meshgrid(*ts, indexing=indexing), *xs, seed=seed)


@given(data=S.array_and_dtype(S.shapes(max_dims=3)), reps=st.lists(st.integers(1, 3), max_size=3), seed=S.seeds)
def test_tile_matches_torch(data, reps, seed):
    x = data
    check(lambda L, t: t.tile(tuple(reps)), x, seed=seed)


def test_nan_to_num_and_count_nonzero_match_torch():
    x = np.array([np.nan, np.inf, -np.inf, 1.5, 0.0])
    for kw in ({}, {"nan": 2.0, "posinf": 9.0, "neginf": -9.0}):
        check(lambda L, t: L.nan_to_num(t, **kw), x, backward=False)
    check(lambda L, t: L.count_nonzero(t), x, backward=False)


def test_type_as_takes_the_other_tensors_dtype():
    a = minigrad.tensor([1, 2]).type_as(minigrad.ones(1, dtype=minigrad.float64))
    assert a.dtype is minigrad.float64 and a.tolist() == [1.0, 2.0]


def test_set_printoptions_changes_precision_and_back():
    try:
        minigrad.set_printoptions(precision=2)
        torch.set_printoptions(precision=2)
        assert repr(minigrad.tensor([1.23456, 2.5])) == repr(torch.tensor([1.23456, 2.5]))
    finally:
        minigrad.set_printoptions(profile="default")
        torch.set_printoptions(profile="default")
    assert repr(minigrad.tensor([1.23456])) == "tensor([1.2346])"


def test_set_printoptions_with_an_unknown_profile_changes_nothing_as_torch():
    try:
        printed = []
        for L in (minigrad, torch):
            L.set_printoptions(precision=2)
            L.set_printoptions(profile="bogus")
            printed.append(repr(L.tensor([1 / 3])))
        assert printed == ["tensor([0.33])"] * 2
    finally:
        minigrad.set_printoptions(profile="default")
        torch.set_printoptions(profile="default")


@pytest.mark.parametrize("linewidth", [20, 40, 120])
def test_set_printoptions_linewidth_wraps_rows_and_suffixes_as_torch(linewidth):
    def shown(L):
        L.set_printoptions(linewidth=linewidth)
        try:
            x = L.arange(30.0).reshape(3, 10) / 7
            return repr(x), repr(x.double()), repr(L.arange(25)), repr(x.requires_grad_() * 2)
        finally:
            L.set_printoptions(profile="default")
    assert shown(minigrad) == shown(torch)


def test_a_print_profile_restores_the_default_linewidth_as_torch():
    minigrad.set_printoptions(linewidth=30)
    minigrad.set_printoptions(profile="short")
    minigrad.set_printoptions(profile="default")
    assert repr(minigrad.arange(30)) == repr(torch.arange(30))


@pytest.mark.parametrize("call", [
    lambda L: L.bincount(L.tensor([0, 2, 2, 5])), lambda L: L.tensor([0, 2, 2, 5]).bincount(minlength=8),
    lambda L: L.bincount(L.tensor([0, 2, 2, 5]), weights=L.tensor([1.0, 0.5, 0.5, 2.0])),
    lambda L: L.bincount(L.tensor([1, 1]), L.tensor([0.25, 0.5], dtype=L.float64)),
    lambda L: L.bincount(L.tensor([1, 1]), L.tensor([3, 4])), lambda L: L.bincount(L.tensor([], dtype=L.int64)),
    lambda L: L.bincount(L.tensor([3, 1], dtype=L.int32), minlength=2),
], ids=["counts", "minlength", "float32 weights", "float64 weights", "integer weights", "empty", "int32"])
def test_bincount_matches_torch(call):
    import minigrad
    import torch
    m, t = call(minigrad), call(torch)
    assert m.tolist() == t.tolist() and str(m.dtype) == str(t.dtype)


@pytest.mark.parametrize("call", [
    lambda L: L.bincount(L.tensor([-1, 2])), lambda L: L.bincount(L.tensor([[1, 2]])),
    lambda L: L.bincount(L.tensor([1, 2]), minlength=-1), lambda L: L.bincount(L.tensor([1, 2]), L.ones(3)),
    lambda L: L.bincount(L.tensor([1.0, 2.0])),
], ids=["negative", "2-D", "negative minlength", "weights of another length", "floating input"])
def test_bincount_refuses_what_torch_refuses(call):
    import minigrad
    import torch
    with pytest.raises(RuntimeError) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value), match=str(theirs.value)[:20].replace('"', '.')):
        call(minigrad)
