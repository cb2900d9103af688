"""Sorting and top-k against PyTorch: tie order, NaN placement, 0-d inputs, k's range."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad.kernels import introsort, quickselect
from minigrad.kernels.introsort import sort_order
from minigrad.ops import sorting

from . import strategies as S
from .helpers import check, check_raises


@pytest.mark.parametrize("dim", [0, 1])
def test_stable_descending_sort_of_bools_keeps_equal_values_in_index_order(dim):
    x = np.array([[True, False, True], [False, False, True], [True, True, False]])
    check(lambda L, t: L.sort(t, dim=dim, descending=True, stable=True), x)


def test_stable_descending_argsort_of_integers_keeps_equal_values_in_index_order():
    x = np.array([3, 1, 3, 2, 1, 3], np.int64)
    check(lambda L, t: L.argsort(t, descending=True, stable=True), x)


def test_descending_sort_puts_nan_first_like_torch():
    x = np.array([1.0, np.nan, 2.0, np.inf, -np.inf])
    check(lambda L, t: L.sort(t, descending=True), x)


@pytest.mark.parametrize("k", [0, 1])
def test_topk_of_a_0d_tensor_returns_the_element(k):
    check(lambda L, t: L.topk(t, k), np.array(2.5))


@pytest.mark.parametrize("shape, k", [((), 2), ((3,), 4), ((3,), -1)])
def test_topk_with_k_out_of_range_raises_like_torch(shape, k):
    check_raises(lambda L, t: L.topk(t, k), np.ones(shape))


# top-k: picked by partition, ordered like sort (equal values in index order, NaN largest)
_TOPK_INPUTS = {
    "distinct": np.random.default_rng(0).standard_normal((6, 40)),
    "ties at the k-th value": np.array([[1.0, 3.0, 3.0, 2.0, 3.0, 3.0, 1.0, 3.0]] * 3),
    "NaN and infinities": np.array([[1.0, np.nan, -np.inf, np.inf, np.nan, 0.0, -0.0, 2.0]]),
    "all NaN": np.full((2, 5), np.nan),
    "integers with ties": np.array([[3, 1, 3, 2, 1, 3, 0, 2]] * 2, np.int64),
}


_TOPK_INPUTS["large, with ties"] = np.random.default_rng(2).integers(0, 40, (50, 90)).astype(np.float32)


@pytest.fixture(params=["partition", "full sort"])
def topk_path(request, monkeypatch):
    """Each of topk's two paths in turn: partition (forced on small inputs), and the full sort
    (forced on large ones)."""
    smallest = 0 if request.param == "partition" else 10 ** 9
    monkeypatch.setattr(sorting, "PARTITION_MIN_SIZE", smallest)
    monkeypatch.setattr(sorting, "PARTITION_MIN_ROW", smallest)
    return request.param


@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("name", list(_TOPK_INPUTS))
def test_topk_candidates_are_the_first_k_of_the_stable_sort_on_either_path(name, dim, largest, topk_path):
    data = _TOPK_INPUTS[name]
    x = minigrad.tensor(data)
    backend = x._device._get_backend()
    for k in range(x.shape[dim] + 1):
        indices = sorting._top_indices(backend, data, k, dim % data.ndim, largest)
        _, expected = minigrad.sort(x, dim, descending=largest, stable=True)
        assert np.array_equal(indices, expected.narrow(dim, 0, k).numpy())


@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("name", list(_TOPK_INPUTS))
def test_topk_indices_are_torchs_cpu_topk_on_either_path(name, dim, largest, topk_path):
    # (equal values in the order its partial_sort, or nth_element and sort, leave them)
    x = _TOPK_INPUTS[name]
    for k in range(x.shape[dim] + 1):
        check(lambda L, t: L.topk(t, k, dim, largest), x, backward=False)


@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("name", list(_TOPK_INPUTS))
def test_unsorted_topk_picks_the_elements_torchs_does(name, largest):
    # (PyTorch leaves their order open with sorted=False: minigrad's are sorted)
    x = _TOPK_INPUTS[name]
    for k in range(x.shape[1] + 1):
        expected = torch.topk(torch.tensor(x), k, 1, largest, sorted=False).indices.numpy()
        actual = minigrad.topk(minigrad.tensor(x), k, 1, largest, sorted=False).indices.numpy()
        assert np.array_equal(np.sort(actual, axis=1), np.sort(expected, axis=1))


@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("name", list(_TOPK_INPUTS))
def test_topk_values_and_gradient_match_torch(name, largest, topk_path):
    # PyTorch leaves the order of equal values unspecified: its indices are compared through the
    # values they pick, and the gradient only where no ties are
    x = _TOPK_INPUTS[name]
    k = 3

    def picked(L, t):
        values, indices = L.topk(t, k, 1, largest)
        return values, L.gather(t.detach(), 1, indices)
    check(picked, x, backward=name.startswith("distinct"))


def test_topk_along_a_middle_dim_of_a_3d_tensor_matches_torch():
    x = np.random.default_rng(1).standard_normal((3, 7, 4))
    check(lambda L, t: L.topk(t, 2, 1)[0], x)
    check(lambda L, t: L.topk(t, 2, 1, largest=False)[0], x.astype(np.float32))


@pytest.mark.parametrize("shape, dim, k", [((0, 4), 1, 2), ((3, 0), 1, 0), ((0,), 0, 0), ((2, 3), 0, 0)])
def test_topk_of_empty_inputs_and_k_zero_matches_torch(shape, dim, k, topk_path):
    check(lambda L, t: L.topk(t, k, dim), np.zeros(shape))


def test_topk_of_bools_raises_like_torch():
    check_raises(lambda L, t: L.topk(t, 1), np.array([True, False]))


def test_sort_and_topk_values_name_their_nodes_like_torch():
    x = minigrad.randn(3, 4, requires_grad=True)
    assert x.sort(1).values.grad_fn.name() == "SortBackward0"
    assert x.topk(2).values.grad_fn.name() == "TopkBackward0"


@pytest.mark.parametrize("data", [[2.0, 1.0, 2.0, 3.0], [3.0, 1.0, 2.0, 2.0, 5.0], [1.0, float("nan"), 2.0],
                                  [[1.0, 5, 3, 3], [2, 2, 2, 0]], 4.0], ids=str)
def test_median_of_all_elements_and_its_evenly_split_gradient_match_torch(data):
    check(lambda L, t: L.median(t), np.array(data))


@pytest.mark.parametrize("data, dim", [([[1.0, 5, 3, 3], [2, 2, 2, 0]], 1), ([[1.0, 5, 3, 3], [2, 2, 2, 0]], 0),
                                       ([2.0, 1.0, 2.0, 1.0], 0), ([1.0, 1.0, 1.0], -1), ([1.0, float("nan"), 2.0], 0)],
                         ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_median_along_a_dim_values_indices_and_gradient_match_torch(data, dim, keepdim):
    check(lambda L, t: tuple(L.median(t, dim, keepdim)), np.array(data))


def test_median_of_integers_and_of_nothing_match_torch():
    check(lambda L, t: t.median(), np.array([1, 2, 3, 4]))
    check(lambda L, t: t.median(), np.zeros(0))
    check(lambda L, t: tuple(t.median(1)), np.zeros((0, 2)))
    check_raises(lambda L, t: t.median(0), np.zeros((0, 2)))


@st.composite
def tied_rows(draw):
    """(array with many equal values along ``dim``, dim): up to 3 x 200 values of a few distinct ones
    (NaN and -0.0 among floats), in float32, float64, int64, int8, uint8 or bool."""
    dtype = draw(st.sampled_from([np.float32, np.float64, np.int64, np.int8, np.uint8, np.bool_]))
    n = draw(st.integers(1, 200))
    shape = (n,) if draw(st.booleans()) else (draw(st.integers(1, 3)), n)
    rng = np.random.default_rng(draw(S.seeds))
    x = rng.integers(0, draw(st.integers(1, 6)), shape).astype(dtype)
    if x.dtype.kind == "f":
        x[rng.random(shape) < 0.1] = np.nan
        x[rng.random(shape) < 0.1] = -0.0
    dim = draw(st.sampled_from([-1, 0])) if x.ndim == 2 else 0
    return (x.T.copy() if dim == 0 and x.ndim == 2 else x), dim


@given(case=tied_rows(), descending=st.booleans())
def test_sort_orders_equal_values_as_torchs_cpu_sort(case, descending):
    # (beyond 16 values PyTorch's std::sort leaves equal values in the order its partitions make)
    x, dim = case
    check(lambda L, t: L.sort(t, dim=dim, descending=descending), x)
    check(lambda L, t: L.argsort(t, dim=dim, descending=descending), x)


@given(case=tied_rows(), descending=st.booleans())
def test_stable_sort_keeps_equal_values_in_index_order_as_torch(case, descending):
    x, dim = case
    check(lambda L, t: L.sort(t, dim=dim, descending=descending, stable=True), x)


def test_large_ascending_sort_of_1d_integers_is_stable_as_torchs_radix_sort():
    x = np.random.default_rng(0).integers(0, 5, sorting._RADIX_SORT_FROM).astype(np.int64)
    check(lambda L, t: L.sort(t), x)


@given(x=st.lists(st.floats(allow_nan=False), min_size=17, max_size=60, unique=True), descending=st.booleans())
def test_introsort_order_of_distinct_values_is_the_plain_sort_order(x, descending):
    # (the sort layer replays the introsort only for rows with equal values: a plain sort orders the rest)
    row = np.array(x)
    assert np.array_equal(sort_order(row, "descending" if descending else "ascending"),
                          torch.tensor(row).sort(descending=descending, stable=True).indices.numpy())


@given(x=tied_rows(), order_name=st.sampled_from(["ascending", "descending"]))
def test_the_level_by_level_introsort_leaves_the_order_of_the_pairwise_replay(x, order_name):
    # (long rows take the array form; both replay GCC's std::sort, here compared on rows of any length)
    row = x[0].reshape(-1)
    pairs = introsort._pairs(row)
    introsort._std_sort(pairs, introsort._less_for(order_name), 0, len(pairs))
    assert np.array_equal(introsort._sorted_by_levels(introsort._keys(row, order_name)), introsort._indices(pairs))


def _long_tied_row(seed, dtype):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 7, 3000).astype(dtype)
    if x.dtype.kind == "f":
        x[rng.random(3000) < 0.05] = -0.0
    return x


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize("seed", [0, 1])
def test_long_rows_of_equal_values_sort_select_and_find_the_mode_as_torchs_cpu_kernels(seed, dtype):
    x = _long_tied_row(seed, dtype)
    for descending in (False, True):
        check(lambda L, t: L.sort(t, descending=descending), x, backward=False)
    for k in (3, 40, 1500):  # (k * 64 <= n: a heap; above, nth_element)
        check(lambda L, t: L.topk(t, k, largest=bool(k % 2)), x, backward=False)
    check(lambda L, t: L.mode(t, 0), x, backward=False)


def test_a_long_row_of_equal_values_with_nan_sorts_as_torchs_cpu_sort():
    x = _long_tied_row(2, np.float64)
    x[::97] = np.nan
    check(lambda L, t: L.sort(t), x, backward=False)
    check(lambda L, t: L.topk(t, 2000), x, backward=False)


def test_the_quantile_of_a_long_row_of_equal_values_sends_the_gradient_where_torchs_sort_does():
    check(lambda L, t: L.quantile(t, L.tensor([0.1, 0.5, 0.9], dtype=L.float64)), _long_tied_row(3, np.float64))


@given(case=tied_rows())
def test_kthvalue_picks_the_index_torchs_quickselect_picks(case):
    x, dim = case
    if x.dtype == np.bool_:
        x = x.astype(np.int64)
    for k in sorted({1, (x.shape[dim] + 1) // 2, x.shape[dim]}):
        check(lambda L, t: L.kthvalue(t, k, dim), x, backward=False)


@given(case=tied_rows(), k=st.floats(0, 1))
def test_kthvalues_array_partitions_pick_the_index_of_the_step_by_step_quickselect(case, k):
    # (rows of more than quickselect._SELECT_RUN values partition on arrays; both replay PyTorch's quickselect)
    row = case[0].reshape(-1)
    if row.dtype == np.bool_:
        row = row.astype(np.int64)
    k = 1 + int(k * (len(row) - 1))
    assert quickselect.kthvalue_index(row, k) == quickselect._quick_select(introsort._pairs(row), k - 1)


@pytest.mark.parametrize("dtype", [np.float64, np.int64])
def test_kthvalue_of_a_long_row_of_few_values_picks_torchs_index(dtype):
    x = _long_tied_row(4, dtype)
    if x.dtype.kind == "f":
        x[::89] = np.nan
    for k in (1, 700, 1500, 2999, 3000):
        check(lambda L, t: L.kthvalue(t, k), x, backward=False)
    check(lambda L, t: L.kthvalue(t, 1000), np.zeros(3000, dtype), backward=False)


@given(case=tied_rows())
def test_mode_picks_the_value_and_index_torchs_sort_by_less_than_gives(case):
    # (PyTorch sorts by < alone: a NaN stays where it is and splits the runs of equal values around it)
    x, dim = case
    check(lambda L, t: L.mode(t, dim), x, backward=False)



def _extremes_with_nan_ties_and_signed_zeros(dtype):
    x = np.array([[[1.0, np.nan, 3.0, np.nan], [-0.0, 0.0, -1.0, 0.0], [2.0, 5.0, 5.0, -np.inf]],
                  [[np.inf, 1.0, np.inf, 0.0], [0.0, -0.0, 0.0, -0.0], [np.nan, 2.0, -2.0, 7.0]]])
    return x.astype(dtype) if np.dtype(dtype).kind == "f" else np.nan_to_num(x, posinf=9, neginf=-9).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64, np.uint8])
@pytest.mark.parametrize("dim", [0, 1, 2, -1])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_and_min_along_a_dim_pick_the_first_nan_or_extreme_as_torch(dtype, dim, keepdim, name):
    check(lambda L, t: tuple(getattr(t, name)(dim, keepdim)), _extremes_with_nan_ties_and_signed_zeros(dtype))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64, np.uint8])
@pytest.mark.parametrize("dim", [None, 0, 1, 2, -1])
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_and_argmin_pick_the_first_nan_or_extreme_as_torch(dtype, dim, name):
    check(lambda L, t: getattr(L, name)(t, dim), _extremes_with_nan_ties_and_signed_zeros(dtype))


@pytest.mark.parametrize("name", ["max", "min", "median", "mode", "kthvalue"])
@pytest.mark.parametrize("shape, dim", [((0, 3), 1), ((3, 0), 0), ((2, 0, 3), 2)])
def test_values_along_a_dim_of_an_empty_tensor_kept_have_torchs_strides(name, shape, dim):
    def values(L):
        x = L.zeros(shape)
        return (x.kthvalue(1, dim, True) if name == "kthvalue" else getattr(x, name)(dim, True)).values
    assert values(minigrad).stride() == values(torch).stride()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name", ["max", "min", "argmax", "argmin"])
def test_extremes_along_long_rows_pick_the_first_nan_as_torch(dtype, name):
    x = np.random.default_rng(0).standard_normal((6, 67)).astype(dtype)
    x[1, 40], x[2, [3, 66]], x[3, 64:], x[4, :] = np.nan, np.nan, np.nan, np.nan
    check(lambda L, t: getattr(t, name)(1), x, backward=False)


VALUE_SELECTING = {
    "max(dim)": lambda L, x: x.max(1)[0], "min(dim, keepdim)": lambda L, x: x.min(0, keepdim=True)[0],
    "sort": lambda L, x: x.sort(1)[0], "msort": lambda L, x: L.msort(x), "topk": lambda L, x: x.topk(2, 1)[0],
    "kthvalue": lambda L, x: x.kthvalue(2, 1)[0], "median(dim)": lambda L, x: x.median(1)[0],
    "nanmedian(dim)": lambda L, x: x.nanmedian(0)[0], "mode": lambda L, x: x.mode(1)[0],
    # (their indices may repeat: a scatter-add, whose 0.0 + -0.0 is 0.0, as PyTorch's)
    "cummax": lambda L, x: x.cummax(1)[0], "gather": lambda L, x: x.gather(1, L.tensor([[1, 1, 0], [0, 2, 2]])),
}


@pytest.mark.parametrize("name", VALUE_SELECTING)
def test_value_selecting_ops_scatter_a_negative_zero_gradient_back_as_torch(name):
    """PyTorch scatters the gradient of a value picked at distinct indices (a -0.0 stays -0.0) and
    scatter-adds it where indices may repeat; the node of that gradient under create_graph is named so."""
    def gradient(L):
        x = L.tensor([[1.0, 3.0, 2.0], [5.0, 4.0, 0.0]], requires_grad=True)
        y = VALUE_SELECTING[name](L, x)
        g = L.full(y.shape, -0.0, requires_grad=True)
        (gx,) = L.autograd.grad(y, x, g, create_graph=True)
        return np.signbit(gx.detach().numpy()).tolist(), gx.grad_fn.name()
    assert gradient(minigrad) == gradient(torch)


RESULTS = {"max": lambda L, x: x.max(0), "sort": lambda L, x: x.sort(), "topk": lambda L, x: x.topk(1),
           "kthvalue": lambda L, x: x.kthvalue(1), "cummax": lambda L, x: x.cummax(0),
           "aminmax": lambda L, x: L.aminmax(x), "frexp": lambda L, x: L.frexp(x),
           "linalg_slogdet": lambda L, x: L.linalg.slogdet(L.diag(x)), "linalg_qr": lambda L, x: L.linalg.qr(L.diag(x))}


@pytest.mark.parametrize("name", RESULTS)
def test_named_results_are_classes_of_torch_return_types(name):
    for L in (minigrad, torch):
        result = RESULTS[name](L, L.tensor([2.0, 1.0, 3.0]))
        assert type(result) is getattr(L.return_types, name) and type(result).__name__ == name
        assert isinstance(result, tuple) and repr(result).startswith(f"torch.return_types.{name}(\n")
        assert (result.n_fields, result.n_sequence_fields, result.n_unnamed_fields) == (len(result), len(result), 0)


INDEXED_RESULTS = {
    "max": lambda x: x.max(1), "min": lambda x: x.min(0, keepdim=True), "median": lambda x: x.median(1),
    "nanmedian": lambda x: x.nanmedian(1), "kthvalue": lambda x: x.kthvalue(2, 1), "mode": lambda x: x.mode(1),
    "sort": lambda x: x.sort(1), "topk": lambda x: x.topk(2, 1), "cummax": lambda x: x.cummax(1),
    "cummin": lambda x: x.cummin(0), "max of a row": lambda x: x[0].max(0),
}


def _indices_changed_before_backward(lib, name):
    """The error of backward after the indices returned beside the values were changed in place."""
    x = lib.tensor([[3.0, 1.0, 2.0, 5.0], [0.0, 4.0, 6.0, 1.0]], requires_grad=True)
    values, indices = INDEXED_RESULTS[name](x)
    indices.mul_(0)
    try:
        values.sum().backward()
    except RuntimeError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("name", sorted(INDEXED_RESULTS))
def test_backward_refuses_indices_returned_and_then_changed_in_place_as_torch(name):
    # (PyTorch's node saves the indices it returns)
    theirs = _indices_changed_before_backward(torch, name)
    assert theirs is not None and _indices_changed_before_backward(minigrad, name) == theirs


@pytest.mark.parametrize("name", sorted(INDEXED_RESULTS))
def test_indices_returned_may_change_in_place_where_no_gradient_is_recorded(name):
    for lib in (minigrad, torch):
        values, indices = INDEXED_RESULTS[name](lib.tensor([[3.0, 1.0, 2.0, 5.0], [0.0, 4.0, 6.0, 1.0]]))
        indices.add_(1)


@pytest.mark.parametrize("name", ["max", "min", "argmax", "argmin", "kthvalue", "median", "mode"])
def test_the_index_of_a_vectors_extreme_can_change_in_place_as_torch(name):
    def run(lib):
        x = lib.tensor([1.0, 3.0, 2.0])
        found = getattr(x, name)(*((1, 0) if name == "kthvalue" else (0,)))
        index = found if name.startswith("arg") else found[1]
        index.add_(5)
        return index.item(), index.shape
    assert run(minigrad) == run(torch)
