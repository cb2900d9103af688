"""Order statistics against PyTorch: kthvalue, mode, msort, nanmedian, quantile/nanquantile (every
interpolation, q as a number or a tensor that requires grad), aminmax; values, indices, gradients,
NaN and errors."""
import numpy as np
import pytest
import torch
from hypothesis import assume, given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises, check_same_error


def _distinct(x):
    """Whether the values of ``x`` are distinct (PyTorch leaves the index among ties open)."""
    return np.unique(x).size == x.size


@given(data=st.data(), seed=S.seeds)
def test_kthvalue_and_its_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(max_dims=3)))
    assume(_distinct(x))
    dim = data.draw(S.single_dim(x.ndim))
    k = data.draw(st.integers(1, x.shape[dim] if x.ndim else 1))
    keepdim = data.draw(st.booleans())
    check(lambda L, t: L.kthvalue(t, k, dim, keepdim), x, seed=seed)


def test_kthvalue_counts_nan_as_the_largest_value_as_torch():
    x = np.array([[3.0, np.nan, 1.0, 2.0], [np.nan, 0.0, -2.0, 5.0]])
    for k in (1, 2, 3, 4):
        check(lambda L, t: t.kthvalue(k), x)


@pytest.mark.parametrize("k", [0, 4])
def test_kthvalue_with_k_out_of_range_raises_as_torch(k):
    check_raises(lambda L, t: L.kthvalue(t, k), np.ones(3))


def test_mode_picks_the_smallest_most_frequent_value_at_its_last_index_as_torch():
    x = np.array([[3.0, 1.0, 1.0, 2.0, 2.0, 7.0], [5.0, 5.0, 1.0, 1.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]])
    check(lambda L, t: L.mode(t, 1), x)
    check(lambda L, t: L.mode(t, 0, keepdim=True), x)
    check(lambda L, t: t.mode(), np.array([1, 2, 2, 1, 3]))


@given(data=st.data(), seed=S.seeds)
def test_mode_of_small_integers_matches_torch(data, seed):
    x = data.draw(S.int_arrays(S.nonempty_shapes(max_dims=3, max_side=6), 0, 3))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: L.mode(t, dim), x)
    check(lambda L, t: L.mode(t, dim), x.astype(np.float64), seed=seed)


def test_msort_sorts_along_the_first_dim_as_torch():
    check(lambda L, t: L.msort(t), np.array([[3.0, 1.0], [2.0, 4.0], [0.5, -1.0]]))


@given(data=st.data(), seed=S.seeds)
def test_nanmedian_ignores_nan_and_its_gradient_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(max_dims=3)))
    nan = data.draw(S.hnp.arrays(bool, x.shape))
    assume(_distinct(x[~nan]))  # PyTorch's selection leaves the index among equal values open
    x = np.where(nan, np.nan, x).astype(x.dtype)
    dim = data.draw(st.one_of(st.none(), S.single_dim(x.ndim)))
    assume(dim is None or x.ndim == 0 or (~nan).any(axis=dim).all())  # (and among all-NaN slices)
    if dim is None:
        check(lambda L, t: L.nanmedian(t), x, seed=seed)
    else:
        check(lambda L, t: L.nanmedian(t, dim, keepdim=True), x, seed=seed)


_INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"]


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", _INTERPOLATIONS)
@given(data=st.data(), seed=S.seeds)
def test_quantiles_and_their_gradients_match_torch(name, interpolation, data, seed):
    # PyTorch's sort orders equal values (NaN too) of more than 16 elements in no set way, and the
    # gradient goes to the element the sort put at the picked rank: one NaN at most, no ties
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(max_dims=3)))
    if data.draw(st.booleans()):
        x.reshape(-1)[data.draw(st.integers(0, x.size - 1))] = np.nan
    assume(_distinct(x))
    dim = data.draw(st.one_of(st.none(), S.single_dim(x.ndim)))
    keepdim = data.draw(st.booleans())
    q = data.draw(st.one_of(st.sampled_from([0.0, 0.25, 0.5, 1.0]), st.floats(0, 1)))
    check(lambda L, t: getattr(L, name)(t, q, dim, keepdim, interpolation=interpolation), x, seed=seed)
    qs = np.array(data.draw(st.lists(st.floats(0, 1), min_size=1, max_size=3)), x.dtype)
    check(lambda L, t, qt: getattr(t, name)(qt, dim, keepdim, interpolation=interpolation), x, qs, seed=seed)


@pytest.mark.parametrize("call", [
    lambda L, t: L.quantile(t, 1.5), lambda L, t: L.quantile(t.long(), 0.5),
    lambda L, t: L.quantile(t, L.ones(2, 2) * 0.5), lambda L, t: L.quantile(t, 0.5, interpolation="cubic"),
    lambda L, t: L.quantile(t[:0], 0.5), lambda L, t: L.quantile(t, L.tensor([0.5], dtype=L.float64)),
    lambda L, t: L.nanquantile(t, L.tensor([-0.5, 0.5])), lambda L, t: L.quantile(t, 0.5, dim=3)],
    ids=["q above 1", "integer input", "2-D q", "unknown interpolation", "empty input", "q of another dtype",
         "negative q", "missing dim"])
def test_quantile_bad_arguments_raise_as_torch(call):
    check_raises(call, np.arange(6.0, dtype=np.float32).reshape(2, 3))


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
def test_quantile_over_more_than_2_to_the_24_values_raises_as_torch(name):
    check_same_error(lambda L, t: getattr(L, name)(t, 0.5), np.zeros(2 ** 24 + 1, np.float32))


def test_quantile_along_a_dim_of_2_to_the_24_values_or_fewer_is_allowed():
    assert minigrad.quantile(minigrad.zeros(2, 2 ** 23 + 1), 0.5, dim=0).shape == (2 ** 23 + 1,)


@given(data=st.data(), seed=S.seeds)
def test_aminmax_and_its_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(max_dims=3)))
    dim = data.draw(st.one_of(st.none(), S.single_dim(x.ndim)))
    keepdim = data.draw(st.booleans())
    check(lambda L, t: L.aminmax(t, dim=dim, keepdim=keepdim), x, seed=seed)
    check(lambda L, t: t.aminmax(dim=dim), np.round(x).astype(np.int64))


def test_aminmax_of_an_empty_tensor_raises_as_torch():
    check_raises(lambda L, t: L.aminmax(t), np.ones((2, 0)))
    check_raises(lambda L, t: L.aminmax(t, dim=1), np.ones((2, 0)))


def test_order_statistic_node_names_are_torchs():
    names = []
    for L in (minigrad, torch):
        x = L.tensor([[1.0, 2.0, 2.0], [0.0, 5.0, 3.0]], requires_grad=True)
        names.append([L.kthvalue(x, 2).values.grad_fn.name(), L.mode(x).values.grad_fn.name(),
                      L.nanmedian(x).grad_fn.name(), L.nanmedian(x, 1).values.grad_fn.name(),
                      L.aminmax(x).min.grad_fn.name(), L.aminmax(x).max.grad_fn.name()])
    assert names[0] == names[1]
