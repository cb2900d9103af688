"""trace, trapezoid/trapz/cumulative_trapezoid, renorm, tril_indices/triu_indices and
unravel_index against PyTorch: values, dtypes, gradients (second order where PyTorch has it)
and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher


@given(data=st.data(), seed=S.seeds)
def test_trace_and_its_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=2)))
    check(lambda L, t: L.trace(t), x, seed=seed)
    check(lambda L, t: t.trace(), np.round(x).astype(np.int32))


def test_trace_of_a_vector_raises_as_torch():
    check_raises(lambda L, t: L.trace(t), np.ones(3))


@pytest.mark.parametrize("name", ["trapezoid", "trapz", "cumulative_trapezoid"])
@given(data=st.data(), seed=S.seeds)
def test_trapezoid_rules_with_spacing_or_sample_points_match_torch(name, data, seed):
    y = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=3)))
    dim = data.draw(S.single_dim(y.ndim))
    dx = data.draw(st.sampled_from([None, 0.5, 2, -1.25]))
    fn = getattr(torch, name)
    kwargs = {"dim": dim} if dx is None else {"dx": dx, "dim": dim}
    check(lambda L, t: getattr(L, name)(t, **kwargs), y, seed=seed)
    x = data.draw(S.arrays(y.dtype, (y.shape[dim],)))
    check(lambda L, t, s: getattr(L, name)(t, s, dim=dim), y, x, seed=seed)
    x = data.draw(S.arrays(y.dtype, y.shape))
    check(lambda L, t, s: getattr(L, name)(t, s, dim=dim), y, x, seed=seed)
    assert fn is not None


def test_trapezoid_of_integers_and_of_no_samples_matches_torch():
    check(lambda L, t: L.trapezoid(t), np.array([1, 2, 4]))
    check(lambda L, t: L.trapezoid(t, dx=2), np.array([1, 2, 4]))
    check(lambda L, t, s: L.trapezoid(t, s), np.array([1, 2, 4]), np.array([1, 2, 5]))
    check(lambda L, t: L.cumulative_trapezoid(t), np.array([1, 2, 4]))
    check(lambda L, t: L.trapezoid(t), np.ones((2, 0), np.int64))
    check(lambda L, t: L.cumulative_trapezoid(t), np.ones((2, 0)))


@pytest.mark.parametrize("call", [lambda L, y: L.trapezoid(y, L.ones(2)), lambda L, y: L.trapezoid(y > 0),
                                  lambda L, y: L.cumulative_trapezoid(y, L.ones(4))],
                         ids=["too few points", "bool samples", "too many points"])
def test_trapezoid_bad_arguments_raise_as_torch(call):
    check_raises(call, np.ones(3))


@pytest.mark.parametrize("p", [1, 2, 3.5, float("inf")])
@given(data=st.data(), seed=S.seeds)
def test_renorm_and_its_gradient_match_torch(p, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=3)))
    if p == float("inf"):  # ties at the largest magnitude split the gradient: keep magnitudes distinct
        x = x + np.arange(x.size, dtype=x.dtype).reshape(x.shape) * 1e-3 * np.sign(x)
    dim = data.draw(S.single_dim(x.ndim))
    maxnorm = data.draw(st.sampled_from([0.0, 0.5, 3.0, 100.0]))
    check(lambda L, t: L.renorm(t, p, dim, maxnorm), x, seed=seed)
    check(lambda L, t: (t * 1).renorm_(p, dim, maxnorm), x, seed=seed)


@settings(max_examples=10)
@given(data=st.data(), seed=S.seeds)
def test_renorm_second_derivative_matches_torch(data, seed):
    x = data.draw(S.arrays(np.float64, (3, 4), 0.5, 3.0, allow_kinks=False))
    compare_higher(lambda L, t: L.renorm(t, 2, 0, 2.0), x, seed=seed)


@pytest.mark.parametrize("call", [lambda L, t: L.renorm(t[0], 2, 0, 1.0), lambda L, t: L.renorm(t, -1, 0, 1.0),
                                  lambda L, t: L.renorm(t, 2, 0, -1.0), lambda L, t: L.renorm(t, 2, 2, 1.0)],
                         ids=["1-D input", "negative p", "negative maxnorm", "missing dim"])
def test_renorm_bad_arguments_raise_as_torch(call):
    check_raises(call, np.ones((2, 3)))


@pytest.mark.parametrize("name", ["tril_indices", "triu_indices"])
@given(row=st.integers(0, 6), col=st.integers(0, 6), offset=st.integers(-7, 7))
def test_triangle_indices_match_torch(name, row, col, offset):
    mine = getattr(minigrad, name)(row, col, offset)
    theirs = getattr(torch, name)(row, col, offset)
    assert mine.dtype == minigrad.int64 and tuple(mine.shape) == tuple(theirs.shape)
    assert mine.tolist() == theirs.tolist()
    assert getattr(minigrad, name)(row, col, offset, dtype=minigrad.int32).dtype == minigrad.int32


def test_triangle_indices_of_a_float_dtype_raise_as_torch():
    with pytest.raises(NotImplementedError):
        torch.tril_indices(3, 3, dtype=torch.float32)
    with pytest.raises(NotImplementedError):
        minigrad.tril_indices(3, 3, dtype=minigrad.float32)


@given(data=st.data())
def test_unravel_index_matches_torch_also_out_of_range(data):
    shape = data.draw(S.nonempty_shapes(max_dims=3))
    n = int(np.prod(shape))
    indices = data.draw(S.int_arrays(S.shapes(max_dims=2), -2 * n, 2 * n))
    check(lambda L, i: L.unravel_index(i, shape), indices)
    check(lambda L, i: L.unravel_index(i, n), indices.astype(np.int32))


@pytest.mark.parametrize("call", [lambda L, i: L.unravel_index(i.float(), (2, 3)),
                                  lambda L, i: L.unravel_index(i, (-1, 3))], ids=["float indices", "negative shape"])
def test_unravel_index_bad_arguments_raise_as_torch(call):
    check_raises(call, np.array([1, 2]))
