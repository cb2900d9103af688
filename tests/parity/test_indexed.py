"""Indexed reads and writes against PyTorch: take, take_along_dim, put, index_add (alpha; 0-d index
and source), index_copy, index_fill, index_put (accumulate), scatter_reduce (every reduction,
include_self), the scatter family on 0-d indices, sources and inputs, masked_scatter,
select/slice/diagonal_scatter, and the in-place forms: values, every input's gradient, second
derivatives, node names and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises, check_same_error
from .test_second_order import compare_higher


def _unique_index(data, n, size):
    """``size`` distinct indices below ``n`` (writes to a repeated place are unordered in PyTorch)."""
    return np.array(data.draw(st.permutations(range(n)))[:size], np.int64)


@given(data=st.data(), seed=S.seeds)
def test_take_and_its_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(max_dims=3)))
    index = data.draw(S.int_arrays(S.shapes(max_dims=2), -x.size, x.size - 1))
    check(lambda L, t, i: L.take(t, i), x, index, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_take_along_dim_and_its_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3)))
    dim = data.draw(S.single_dim(x.ndim))
    shape = list(x.shape)
    shape[dim] = data.draw(st.integers(0, 4))
    shape = [1 if data.draw(st.booleans()) else s for s in shape]  # broadcast against the input
    n = x.shape[dim]
    index = data.draw(S.int_arrays(tuple(shape), -n, n - 1))
    check(lambda L, t, i: L.take_along_dim(t, i, dim), x, index, seed=seed)
    flat = data.draw(S.int_arrays((3,), 0, x.size - 1))
    check(lambda L, t, i: t.take_along_dim(i), x, flat, seed=seed)


@pytest.mark.parametrize("accumulate", [False, True])
@given(data=st.data(), seed=S.seeds)
def test_put_and_its_gradients_match_torch(accumulate, data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(max_dims=3)))
    k = data.draw(st.integers(0, x.size))
    index = data.draw(S.int_arrays((k,), -x.size, x.size - 1)) if accumulate else _unique_index(data, x.size, k)
    source = data.draw(S.arrays(x.dtype, (k,)))
    check(lambda L, t, i, s: L.put(t, i, s, accumulate), x, index, source, seed=seed)
    check(lambda L, t, i, s: (t * 1).put_(i, s, accumulate=accumulate), x, index, source, seed=seed)


def _along_case(data):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3)))
    dim = data.draw(S.single_dim(x.ndim))
    return x, dim, x.shape[dim]


@given(data=st.data(), seed=S.seeds)
def test_index_add_with_alpha_and_its_gradients_match_torch(data, seed):
    x, dim, n = _along_case(data)
    index = data.draw(S.int_arrays((data.draw(st.integers(0, 5)),), 0, n - 1))
    shape = list(x.shape)
    shape[dim] = index.size
    source = data.draw(S.arrays(x.dtype, tuple(shape)))
    alpha = data.draw(st.sampled_from([1, 2.5, -1]))
    check(lambda L, t, i, s: L.index_add(t, dim, i, s, alpha=alpha), x, index, source, seed=seed)
    check(lambda L, t, i, s: (t * 1).index_add_(dim, i, s), x, index, source, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_index_copy_and_its_gradients_match_torch(data, seed):
    x, dim, n = _along_case(data)
    index = _unique_index(data, n, data.draw(st.integers(0, n)))
    shape = list(x.shape)
    shape[dim] = index.size
    source = data.draw(S.arrays(x.dtype, tuple(shape)))
    check(lambda L, t, i, s: L.index_copy(t, dim, i, s), x, index, source, seed=seed)
    check(lambda L, t, i, s: (t * 1).index_copy_(dim, i, s), x, index, source, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_index_fill_with_a_number_or_a_tensor_matches_torch(data, seed):
    x, dim, n = _along_case(data)
    index = data.draw(S.int_arrays((data.draw(st.integers(0, 4)),), -n, n - 1))
    check(lambda L, t, i: L.index_fill(t, dim, i, -1.5), x, index, seed=seed)
    check(lambda L, t, i, v: t.index_fill(dim, i, v), x, index, np.array(2.0, x.dtype), seed=seed)
    check(lambda L, t, i, v: (t * 1).index_fill_(dim, i, v), x, index, np.array(2.0, x.dtype), seed=seed)


@pytest.mark.parametrize("accumulate", [False, True])
@given(data=st.data(), seed=S.seeds)
def test_index_put_and_its_gradients_match_torch(accumulate, data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3)))
    k = data.draw(st.integers(1, x.ndim))
    count = data.draw(st.integers(0, min(x.shape[:k])))
    index = [_unique_index(data, x.shape[j], count) for j in range(k)]  # distinct places
    values = data.draw(S.arrays(x.dtype, data.draw(S.shapes_broadcasting_to((count,) + x.shape[k:]))))
    check(lambda L, t, v, *i: L.index_put(t, tuple(i), v, accumulate), x, values, *index, seed=seed)
    check(lambda L, t, v, *i: (t * 1).index_put_(tuple(i), v, accumulate=accumulate), x, values, *index, seed=seed)


def test_index_put_accumulates_repeated_places_and_takes_masks_as_torch():
    x = np.arange(6.0).reshape(2, 3)
    check(lambda L, t, i, j, v: L.index_put(t, (i, j), v, accumulate=True), x, np.array([0, 0, 1]),
          np.array([1, 1, 2]), np.array([5.0, 7.0, 1.0]))
    check(lambda L, t, m, v: t.index_put((m,), v), x, np.array([True, False]), np.array(5.0))


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@given(data=st.data(), seed=S.seeds)
def test_scatter_reduce_and_its_gradients_match_torch(reduce, include_self, data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3), low=-3.0, high=3.0))
    dim = data.draw(S.single_dim(x.ndim))
    shape = tuple(data.draw(st.integers(1, 4)) if k == dim % x.ndim else data.draw(st.integers(1, n))
                  for k, n in enumerate(x.shape))
    index = data.draw(S.int_arrays(shape, 0, x.shape[dim] - 1))
    src = data.draw(S.arrays(x.dtype, shape, -3.0, 3.0))
    check(lambda L, t, i, s: L.scatter_reduce(t, dim, i, s, reduce, include_self=include_self), x, index, src,
          seed=seed, atol_scale=10.0 if reduce == "prod" else 1.0)


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_scatter_reduce_of_integers_matches_torch(reduce):
    x = np.array([[1, 2, 3], [4, 5, 6]])
    index = np.array([[0, 0, 2], [1, 0, 0]])
    src = np.array([[7, -2, 3], [0, 9, -4]])
    for include_self in (True, False):
        check(lambda L, t, i, s: t.scatter_reduce(1, i, s, reduce, include_self=include_self), x, index, src)


def test_scatter_reduce_prod_gradient_with_zeros_matches_torch():
    x = np.array([2.0, 0.0, 3.0, 1.5])
    check(lambda L, t, i, s: t.scatter_reduce(0, i, s, "prod"), x, np.array([0, 0, 1, 2, 2, 3, 3]),
          np.array([0.0, 4.0, 5.0, 0.0, 2.0, 0.0, 0.0]))


def test_scatter_reduce_amax_propagates_nan_and_splits_ties_as_torch():
    x = np.array([1.0, 0.0, 2.0])
    check(lambda L, t, i, s: t.scatter_reduce(0, i, s, "amax"), x, np.array([0, 0, 1, 2]),
          np.array([1.0, np.nan, -1.0, 2.0]))


@settings(max_examples=10)
@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax"])
@given(data=st.data(), seed=S.seeds)
def test_scatter_reduce_second_derivative_matches_torch(reduce, data, seed):
    x = data.draw(S.arrays(np.float64, (3, 2), 0.5, 3.0, allow_kinks=False))
    src = data.draw(S.arrays(np.float64, (4, 2), 0.5, 3.0, allow_kinks=False))
    index = np.array([[0, 1], [0, 2], [2, 2], [1, 0]])
    compare_higher(lambda L, t, s: L.scatter_reduce(t, 0, L.tensor(index), s, reduce) ** 2, x, src, seed=seed,
                   atol_scale=10.0)


def test_scatter_reduce_in_place_matches_torch():
    check(lambda L, t, s: (t * 1).scatter_reduce_(0, L.tensor([0, 0, 2]), s, "mean", include_self=False),
          np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0]))


def test_scatter_reduce_with_an_unknown_reduction_raises_as_torch():
    check_raises(lambda L, t, s: t.scatter_reduce(0, L.tensor([0]), s, "median"), np.zeros(3), np.ones(1))


@given(data=st.data(), seed=S.seeds)
def test_masked_scatter_and_its_gradients_match_torch(data, seed):
    shape_x, shape_m = data.draw(S.broadcastable_shapes(max_dims=3))
    x = data.draw(S.arrays(np.float64, shape_x))
    mask = data.draw(S.hnp.arrays(bool, shape_m))
    count = int(np.broadcast_to(mask, np.broadcast_shapes(shape_x, shape_m)).sum())
    source = data.draw(S.arrays(np.float64, (count + data.draw(st.integers(0, 2)),)))
    check(lambda L, t, m, s: L.masked_scatter(t, m, s), x, mask, source, seed=seed)


def test_masked_scatter_in_place_matches_torch():
    check(lambda L, t, m, s: (t * 1).masked_scatter_(m, s), np.zeros((2, 3)), np.array([True, False, True]),
          np.arange(1.0, 7.0).reshape(3, 2))


@given(data=st.data(), seed=S.seeds)
def test_select_and_slice_scatter_and_their_gradients_match_torch(data, seed):
    x, dim, n = _along_case(data)
    index = data.draw(st.integers(-n, n - 1))
    src = data.draw(S.arrays(x.dtype, np.take(x, 0, axis=dim).shape))
    check(lambda L, t, s: L.select_scatter(t, s, dim, index), x, src, seed=seed)
    bound = st.one_of(st.none(), st.integers(-n, n))
    start, end = data.draw(bound), data.draw(bound)
    step = data.draw(st.integers(1, 3))
    region = x[(slice(None),) * (dim % x.ndim) + (slice(start, end, step),)].shape
    src = data.draw(S.arrays(x.dtype, region))
    check(lambda L, t, s: L.slice_scatter(t, s, dim, start, end, step), x, src, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_diagonal_scatter_and_its_gradients_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=3)))
    dim1, dim2 = data.draw(st.permutations(range(x.ndim)))[:2]
    offset = data.draw(st.integers(-3, 3))
    src = data.draw(S.arrays(x.dtype, np.diagonal(x, offset, dim1, dim2).shape))
    check(lambda L, t, s: L.diagonal_scatter(t, s, offset, dim1, dim2), x, src, seed=seed)


_BAD_CALLS = {
    "take out of range": lambda L, t: L.take(t, L.tensor([6])),
    "take float index": lambda L, t: L.take(t, L.tensor([0.0])),
    "put source size": lambda L, t: L.put(t, L.tensor([0, 1]), L.ones(3)),
    "index_add out of range": lambda L, t: t.index_add(0, L.tensor([2]), L.ones(1, 3)),
    "index_add index count": lambda L, t: t.index_add(0, L.tensor([0, 1]), L.ones(1, 3)),
    "index_add source shape": lambda L, t: t.index_add(0, L.tensor([0]), L.ones(1, 2)),
    "index_add 2-D index": lambda L, t: t.index_add(1, L.tensor([[0]]), L.ones(2, 1)),
    "index_copy negative": lambda L, t: t.index_copy(1, L.tensor([-1]), L.ones(2, 1)),
    "index_copy 2-D index": lambda L, t: t.index_copy(1, L.tensor([[0]]), L.ones(2, 1)),
    "index_copy int32 index": lambda L, t: t.index_copy(1, L.tensor([0], dtype=L.int32), L.ones(2, 1)),
    "index_fill out of range": lambda L, t: t.index_fill(1, L.tensor([3]), 1.0),
    "index_fill 2-D index": lambda L, t: t.index_fill(1, L.tensor([[0]]), 1.0),
    "index_fill int32 index": lambda L, t: t.index_fill(1, L.tensor([0], dtype=L.int32), 1.0),
    "index_put shape": lambda L, t: t.index_put((L.tensor([0]),), L.ones(2)),
    "index_put dtype": lambda L, t: t.index_put((L.tensor([0]),), L.ones(3, dtype=L.float64)),
    "masked_scatter too few": lambda L, t: t.masked_scatter(L.tensor([True, True, False]), L.ones(3)),
    "masked_scatter integer mask": lambda L, t: t.masked_scatter(L.tensor([1, 0, 0]), L.ones(6)),
    "select_scatter shape": lambda L, t: L.select_scatter(t, L.ones(2), 0, 0),
    "slice_scatter shape": lambda L, t: L.slice_scatter(t, L.ones(2, 2), 1, 0, 3),
    "diagonal_scatter shape": lambda L, t: L.diagonal_scatter(t, L.ones(3)),
    "take_along_dim rank": lambda L, t: L.take_along_dim(t, L.tensor([0]), 0),
    "take_along_dim float index": lambda L, t: L.take_along_dim(t, L.tensor([[0.0]])),
}


@pytest.mark.parametrize("call", list(_BAD_CALLS.values()), ids=list(_BAD_CALLS))
def test_indexed_bad_arguments_raise_as_torch(call):
    check_raises(call, np.zeros((2, 3), np.float32))


_MASK_ERRORS = {
    "masked_select mismatched mask": lambda L, t: t.masked_select(L.ones(3, 2, dtype=L.bool)),
    "masked_scatter mismatched mask": lambda L, t: t.masked_scatter(L.ones(2, 2, dtype=L.bool), L.ones(6)),
    "masked_scatter too few": lambda L, t: t.masked_scatter(t < 1, L.ones(5)),
    "masked_scatter_ too few": lambda L, t: (t * 1).masked_scatter_(t < 1, L.ones(5)),
    "masked_scatter_ mask wider than self": lambda L, t: (t * 1).masked_scatter_(L.ones(2, 6) > 0, L.ones(12)),
    "masked_scatter_ mask with more dims": lambda L, t: (t * 1).masked_scatter_(L.ones(4, 2, 3) > 0, L.ones(24)),
}


@pytest.mark.parametrize("call", list(_MASK_ERRORS.values()), ids=list(_MASK_ERRORS))
def test_masked_select_and_scatter_errors_read_as_torchs(call):
    check_same_error(call, np.zeros((2, 3), np.float32))


def test_indexed_node_names_are_torchs():
    names = []
    for L in (minigrad, torch):
        x, s = L.zeros(2, 3, requires_grad=True), L.ones(2, 1, requires_grad=True)
        i = L.tensor([1])
        names.append([L.take(x, i).grad_fn.name(), L.put(x, i, s[0]).grad_fn.name(),
                      x.index_add(1, i, s).grad_fn.name(), x.index_copy(1, i, s).grad_fn.name(),
                      x.index_fill(1, i, 2.0).grad_fn.name(), x.index_fill(1, i, s[0, 0]).grad_fn.name(),
                      x.index_put((i,), s[:, 0].sum()).grad_fn.name(),
                      x.scatter_reduce(1, L.tensor([[0], [1]]), s, "amax").grad_fn.name(),
                      x.masked_scatter(x > 0, s).grad_fn.name(), L.select_scatter(x, s[:, 0], 1, 0).grad_fn.name(),
                      L.slice_scatter(x, s, 1, 0, 1).grad_fn.name()])
    assert names[0] == names[1]


@pytest.mark.filterwarnings("ignore:index_reduce\\(\\) is in beta")  # (torch warns once per process)
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@given(data=st.data(), include_self=st.booleans(), seed=S.seeds)
def test_index_reduce_and_its_gradients_match_torch(reduce, data, include_self, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3), low=-3, high=3))
    d = data.draw(st.integers(-x.ndim, x.ndim - 1))
    k = data.draw(st.integers(0, 5))
    index = data.draw(S.int_arrays(st.just((k,)), 0, x.shape[d] - 1))  # (repeats reduce together)
    shape = list(x.shape)
    shape[d] = k
    source = data.draw(S.arrays(x.dtype, tuple(shape), -3, 3))
    check(lambda L, t, i, s: L.index_reduce(t, d, i, s, reduce, include_self=include_self), x, index, source,
          seed=seed)
    check(lambda L, t, i, s: t.clone().index_reduce_(d, i, s, reduce, include_self=include_self), x, index, source,
          seed=seed)


@pytest.mark.filterwarnings("ignore:index_reduce\\(\\) is in beta")
@given(x=S.int_arrays(st.just((4, 3)), -4, 4), src=S.int_arrays(st.just((2, 3)), -4, 4),
       reduce=st.sampled_from(["prod", "mean", "amax", "amin"]), include_self=st.booleans())
def test_index_reduce_of_integers_matches_torch(x, src, reduce, include_self):
    check(lambda L, t, s: L.index_reduce(t, 0, L.tensor([3, 3]), s, reduce, include_self=include_self), x, src)


@pytest.mark.filterwarnings("ignore:index_reduce\\(\\) is in beta")
@pytest.mark.parametrize("call", [
    lambda L, x: L.index_reduce(x, 0, L.tensor([0]), x[:1], "sum"),
    lambda L, x: L.index_reduce(x, 0, L.tensor([[0]]), x[:1], "prod"),
    lambda L, x: L.index_reduce(x, 0, L.tensor([0.0]), x[:1], "prod"),
    lambda L, x: L.index_reduce(x, 0, L.tensor([5]), x[:1], "amax"),
    lambda L, x: L.index_reduce(x, 0, L.tensor([0, 1]), x[:1], "amin"),
    lambda L, x: L.index_reduce(x, 0, L.tensor([0]), x[:1, :1], "mean"),
    lambda L, x: L.index_reduce(x, 0, L.tensor([0]), x[:1].float(), "mean")], ids=range(7))
def test_index_reduce_bad_arguments_raise_as_torch(call):
    check_raises(call, np.ones((3, 2)))


def test_index_reduce_warns_that_it_is_in_beta_as_torch(monkeypatch):
    from minigrad.ops import index_along
    monkeypatch.setitem(index_along._warned, "index_reduce in beta", False)  # (once per process)
    with pytest.warns(UserWarning, match="index_reduce\\(\\) is in beta"):
        minigrad.zeros(2).index_reduce(0, minigrad.tensor([0]), minigrad.ones(1), "amax")


def _raises_as_torch(fn, *inputs):
    """torch raises for ``fn``; minigrad raises the same type with the same message."""
    messages = []
    error = check(fn, *inputs, backward=False, check_error_message=messages.append)
    assert isinstance(error, Exception), "torch did not raise"
    assert messages == [str(error)]


# ------------------------------------------------------------------ the scatter family on 0-d tensors
_SCATTER_CALLS = {
    "scatter": lambda L, t, i, s: t.scatter(0, i, s),
    "scatter value": lambda L, t, i, s: t.scatter(-1, i, 2.5),
    "scatter_add": lambda L, t, i, s: t.scatter_add(0, i, s),
    **{f"scatter_reduce {reduce} include_self={include_self}":
       (lambda reduce, include_self: lambda L, t, i, s: t.scatter_reduce(0, i, s, reduce, include_self=include_self))(
           reduce, include_self)
       for reduce in ("sum", "prod", "mean", "amax", "amin") for include_self in (True, False)},
    "scatter_ in place": lambda L, t, i, s: (t * 1).scatter_(0, i, s),
    "scatter_ value in place": lambda L, t, i, s: (t * 1).scatter_(0, i, value=1.0),
    "scatter_add_ in place": lambda L, t, i, s: (t * 1).scatter_add_(0, i, s),
    "scatter_reduce_ in place": lambda L, t, i, s: (t * 1).scatter_reduce_(0, i, s, "amax"),
}
_ZERO_D_CASES = {  # input, index, src
    "0-d index and src, 1-D input": (np.array([1.5, -2.0, 4.0, 0.5]), np.array(2), np.array(4.0)),
    "0-d index, 1-D src": (np.array([1.5, -2.0, 4.0, 0.5]), np.array(2), np.array([4.0, -1.0])),
    "1-D index, 0-d src": (np.array([1.5, -2.0, 4.0, 0.5]), np.array([2]), np.array(4.0)),
    "0-d input, index and src": (np.array(1.5), np.array(0), np.array(4.0)),
    "0-d input, 1-D index": (np.array(1.5), np.array([0]), np.array(4.0)),
    "0-d input, 1-D index and larger src": (np.array(1.5), np.array([0]), np.array([4.0, -1.0])),
}


@pytest.mark.parametrize("case", list(_ZERO_D_CASES.values()), ids=list(_ZERO_D_CASES))
@pytest.mark.parametrize("call", list(_SCATTER_CALLS.values()), ids=list(_SCATTER_CALLS))
def test_scatter_family_on_0d_indices_sources_and_inputs_and_its_gradients_match_torch(call, case):
    check(call, *case)


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_scatter_add_and_scatter_reduce_into_a_0d_input_at_a_repeated_index_match_torch(reduce):
    x, index, src = np.array(1.5), np.array([0, 0]), np.array([4.0, -1.0])
    check(lambda L, t, i, s: t.scatter_add(0, i, s), x, index, src)
    check(lambda L, t, i, s: t.scatter_reduce(0, i, s, reduce), x, index, src)


def test_the_one_hot_target_transform_of_pytorchs_quickstart_matches_torch():
    """``Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))``"""
    check(lambda L, t, i: L.zeros(10, dtype=L.float).scatter_(0, i, value=1), np.zeros(1), np.array(3))


@pytest.mark.parametrize("name", ["scatter", "scatter_add", "scatter_reduce"])
def test_the_gradient_of_a_1d_src_read_by_a_0d_index_raises_as_torch(name):
    messages = []
    for L in (minigrad, torch):
        x, s = L.zeros(4, requires_grad=True), L.ones(1, requires_grad=True)
        args = (0, L.tensor(2), s) + (("mean",) if name == "scatter_reduce" else ())
        with pytest.raises(RuntimeError) as error:
            getattr(x, name)(*args).sum().backward()
        messages.append(str(error.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("call", [
    lambda L, t, s: t.scatter(0, L.tensor(1), s), lambda L, t, s: t.scatter(1, L.tensor(1), 1.0),
    lambda L, t, s: t.scatter_add(1, L.tensor(1), s), lambda L, t, s: t.scatter_reduce(0, L.tensor(1), s, "sum")],
    ids=["scatter", "scatter value", "scatter_add", "scatter_reduce"])
def test_the_scatter_family_with_a_0d_index_on_a_2d_input_raises_as_torch(call):
    _raises_as_torch(call, np.zeros((3, 4)), np.array(2.0))


@pytest.mark.parametrize("index, src_shape", [
    ([[1]], ()), ([[1]], (1, 1, 1)), (1, (1, 1)), ([[1, 1]], (5,)), ([[1, 1, 1, 1, 1]], (1,))],
    ids=["0-d src", "3-d src", "0-d index, 2-d src", "1-d src read past its dims", "index too big, 1-d src"])
def test_the_scatter_family_with_a_src_of_another_rank_than_the_index_raises_as_torch(index, src_shape):
    x = np.zeros((3, 4)) if np.ndim(index) else np.zeros(4)
    for call in (lambda L, t, i, s: t.scatter(0, i, s), lambda L, t, i, s: t.scatter_add(0, i, s),
                 lambda L, t, i, s: t.scatter_reduce(0, i, s, "amin")):
        _raises_as_torch(call, x, np.array(index), np.ones(src_shape))


@pytest.mark.parametrize("dtype", [np.int16, np.uint8, np.bool_, np.float32], ids=lambda d: d.__name__)
def test_the_scatter_family_takes_an_index_of_any_dtype_only_when_it_is_empty_as_torch(dtype):
    for call in (lambda L, t, i: t.scatter(0, i, 1.0), lambda L, t, i: t.scatter_add(0, i, t[:1]),
                 lambda L, t, i: t.scatter_reduce(0, i, t[:1], "sum")):
        check(call, np.zeros(3), np.zeros(0, dtype))
        if dtype is not np.float32:  # (torch refuses a non-empty float index the same way)
            _raises_as_torch(call, np.zeros(3), np.ones(1, dtype))


# ------------------------------------------------------------------ index_add / index_reduce sources
_INDEX_FUNCS = {
    "index_add": lambda L, t, d, i, s: t.index_add(d, i, s),
    "index_reduce": lambda L, t, d, i, s: t.index_reduce(d, i, s, "prod"),
}


@pytest.mark.filterwarnings("ignore:index_reduce\\(\\) is in beta")
@pytest.mark.parametrize("shape, dim, index, source_shape", [
    ((4,), 0, 2, (1,)), ((4,), 0, [2], (1,)), ((), 0, 0, ()), ((), 0, [0], ()), ((4,), 0, [1, 3], (2,)),
    ((2, 3), 1, 2, (2, 1)), ((2, 3), -1, [0, 2], (2, 2))], ids=str)
@pytest.mark.parametrize("name", list(_INDEX_FUNCS))
def test_index_add_and_index_reduce_of_a_source_torch_takes_and_their_gradients_match_torch(name, shape, dim, index,
                                                                                          source_shape):
    rng = np.random.default_rng(0)
    check(lambda L, t, i, s: _INDEX_FUNCS[name](L, t, dim, i, s), rng.standard_normal(shape), np.array(index),
          rng.standard_normal(source_shape))


@pytest.mark.filterwarnings("ignore:index_reduce\\(\\) is in beta")
@pytest.mark.parametrize("shape, dim, index, source_shape", [
    ((4,), 0, 2, ()), ((4,), 0, [2], ()), ((), 0, 0, (1,)), ((4,), 0, [0, 1], ()), ((), 0, [0, 0], (2,)),
    ((2, 2), 0, 0, ()), ((2, 3), 1, [0], (3,)), ((2, 3), 1, [0], ()), ((4,), 0, [0, 1], (1, 1)),
    ((4,), 0, 2, (2,))], ids=str)
@pytest.mark.parametrize("name", list(_INDEX_FUNCS))
def test_index_add_and_index_reduce_of_a_source_torch_refuses_raise_as_torch(name, shape, dim, index, source_shape):
    """(0-d source: only on a 0-d input, PyTorch's shape check comparing whole shapes there)"""
    _raises_as_torch(lambda L, t, i, s: _INDEX_FUNCS[name](L, t, dim, i, s), np.zeros(shape), np.array(index),
                     np.ones(source_shape))
