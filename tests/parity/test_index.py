"""Indexing and slicing against PyTorch, for read and for __setitem__:
basic indices (ints, slices with steps, None, Ellipsis), integer-array
indices whose repeated entries accumulate gradients, and boolean masks."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad
import torch

from . import strategies as S
from .helpers import check, check_raises


def _positive_steps(index):
    parts = index if isinstance(index, tuple) else (index,)
    return all(not isinstance(p, slice) or p.step is None or p.step > 0 for p in parts)


def basic_indices(shape):
    """ints, slices (positive steps: torch has no negative ones), None and Ellipsis."""
    return S.hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True).filter(_positive_steps)


@given(data=st.data(), seed=S.seeds)
def test_basic_indexing_read_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype())
    idx = data.draw(basic_indices(x.shape))
    check(lambda L, t: t[idx], x, seed=seed)


@pytest.mark.parametrize("expr", [
    "t[0]", "t[-1]", "t[1:3]", "t[::2]", "t[1:, None]", "t[..., 0]", "t[None, ..., 1:2]",
    "t[:, 1]", "t[0, 1, 2]", "t[-1, ..., ::3]", "t[:0]", "t[5:]",
])
@given(seed=S.seeds, dtype=S.float_dtypes)
def test_typical_slices_match_torch(expr, seed, dtype):
    x = np.random.default_rng(seed).standard_normal((3, 4, 5)).astype(dtype)
    check(lambda L, t: eval(expr), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_integer_array_indexing_accumulates_repeated_indices(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3)))
    idx = data.draw(S.hnp.integer_array_indices(x.shape, result_shape=S.shapes(max_dims=2, max_side=5)))
    check(lambda L, t: t[tuple(L.tensor(i) for i in idx)], x, seed=seed)
    first = idx[0]
    check(lambda L, t: t[L.tensor(first)], x, seed=seed)
    if first.ndim == 1:  # nested lists are torch's legacy tuple-of-sequences index
        check(lambda L, t: t[first.tolist()], x, seed=seed)


@given(seed=S.seeds, dtype=S.float_dtypes)
def test_mixed_array_and_slice_indexing_matches_torch(seed, dtype):
    x = np.random.default_rng(seed).standard_normal((4, 3, 5)).astype(dtype)
    check(lambda L, t: t[[0, 2, 0], 1:], x, seed=seed)
    check(lambda L, t: t[:, [2, 2, 0]], x, seed=seed)
    check(lambda L, t: t[..., L.tensor([[1, 1], [4, 0]])], x, seed=seed)
    check(lambda L, t: t[L.tensor([0, 3]), :, L.tensor([1, 1])], x, seed=seed)
    check(lambda L, t: t[1, L.tensor([0, 0, 2])], x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_boolean_mask_indexing_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3)))
    mask = data.draw(S.hnp.arrays(np.bool_, x.shape))
    check(lambda L, t: t[L.tensor(mask)], x, seed=seed)
    check(lambda L, t: t[t > 0], x, seed=seed)
    if x.ndim:
        row_mask = data.draw(S.hnp.arrays(np.bool_, x.shape[:1]))
        check(lambda L, t: t[L.tensor(row_mask)], x, seed=seed)


def _setitem(index, value_is_tensor):
    def fn(L, t, v):
        y = t * 1  # a non-leaf copy in the graph: setitem on it must route gradients
        y[index(L)] = v if value_is_tensor else 2.5
        return y
    return fn


@given(data=st.data(), seed=S.seeds)
def test_basic_setitem_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1)))
    idx = data.draw(basic_indices(x.shape))
    target_shape = x[idx].shape
    # a value of a shape that broadcasts to the target
    vshape = data.draw(S.shapes_broadcasting_to(target_shape))
    v = data.draw(S.arrays(x.dtype, vshape))
    check(_setitem(lambda L: idx, True), x, v, seed=seed)
    check(lambda L, t: _setitem(lambda L: idx, False)(L, t, None), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_integer_array_setitem_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1, max_dims=3)))
    # unique indices: with repeats torch leaves the winner unspecified
    n = x.shape[0]
    rows = data.draw(st.lists(st.integers(-n, n - 1), unique_by=lambda i: i % n, max_size=n))
    v = data.draw(S.arrays(x.dtype, (len(rows),) + x.shape[1:]))
    check(_setitem(lambda L: L.tensor(rows, dtype=L.int64), True), x, v, seed=seed)
    check(_setitem(lambda L: rows, True), x, v, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_boolean_mask_setitem_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3)))
    mask = data.draw(S.hnp.arrays(np.bool_, x.shape))
    v = data.draw(S.arrays(x.dtype, (int(mask.sum()),)))
    check(_setitem(lambda L: L.tensor(mask), True), x, v, seed=seed)
    check(lambda L, t: _setitem(lambda L: L.tensor(mask), False)(L, t, None), x, seed=seed)
    scalar_v = data.draw(S.arrays(x.dtype, ()))
    check(_setitem(lambda L: L.tensor(mask), True), x, scalar_v, seed=seed)


def test_setitem_on_leaf_requiring_grad_raises_like_torch():
    def fn(L, t):
        t[0] = 1.0
        return t
    check(fn, np.ones(3))


def test_setitem_bumps_version_so_backward_through_saved_value_raises():
    def fn(L, t):
        y = t * 2
        z = y * y           # saves y
        y[0] = 0.0
        z.sum().backward()
    check(fn, np.ones(3))


@pytest.mark.parametrize("expr", ["t[3]", "t[-4]", "t[0, 0]", "t[L.tensor([0, 5])]", "t[1.0]"])
def test_out_of_range_indices_raise_like_torch(expr):
    check(lambda L, t: eval(expr), np.arange(3.0))


def test_index_values_and_shapes_of_views_share_memory():
    import minigrad
    x = minigrad.arange(12.0).reshape(3, 4)
    row = x[1]
    row[0] = 100.0
    assert x[1, 0].item() == 100.0
    col = x[:, 2]
    col[1:] = -1.0
    assert x.tolist() == [[0.0, 1.0, 2.0, 3.0], [100.0, 5.0, -1.0, 7.0], [8.0, 9.0, -1.0, 11.0]]


@pytest.mark.parametrize("expr", ["y[:, 1][0] = v", "y[0][1:] = v", "y.view(-1)[2:5] = v", "y.t()[1] = v",
                                  "y[1:][y[1:] > 0] = v"])
@given(seed=S.seeds, dtype=S.float_dtypes)
def test_setitem_through_a_view_updates_the_base_history(expr, seed, dtype):
    x = np.random.default_rng(seed).standard_normal((3, 4)).astype(dtype)
    v = np.asarray(np.random.default_rng(seed + 1).standard_normal(), dtype=dtype)

    def fn(L, t, val):
        y = t * 1.0
        exec(expr, {}, {"y": y, "v": val})
        return y * y
    check(fn, x, v, seed=seed)


def test_in_place_on_a_view_of_a_leaf_requiring_grad_raises_like_torch():
    def fn(L, t):
        t[0].mul_(2)
    check(fn, np.ones((2, 2)))

    def fn2(L, t):
        t.view(4)[0] = 1.0
    check(fn2, np.ones((2, 2)))


@pytest.mark.parametrize("expr", ["t[::-1]", "t[True]", "t[False]", "t[None, True]", "t[1, None, ...]",
                                  "t[L.tensor(1)]", "t[L.tensor([True, False, True])]", "t[[True, False, True]]",
                                  "t[L.tensor([[0, 1], [2, 2]])]", "t[-1:-3]", "t[10:]", "t[-10:2]"])
def test_index_forms_match_torch(expr):
    check(lambda L, t: eval(expr), np.array([1.0, -2.0, 3.0]))


def test_setitem_of_a_grad_value_into_a_plain_tensor_connects_the_graph():
    def fn(L, w):
        buf = L.zeros(3, 2, dtype=L.float64)
        buf[1] = w * 2
        buf[L.tensor([0, 2]), 1] = w[0]
        return buf.exp()
    check(fn, np.array([0.5, -1.0]))


def test_setitem_with_a_view_of_itself_as_value_matches_torch():
    def fn(L, t):
        y = t * 1
        y[1:] = y[:-1] * 2
        return y
    check(fn, np.array([1.0, 2.0, 3.0, 4.0]))


@pytest.mark.parametrize("shape, index, value_shape", [((2, 3), (0, 0), (1,)), ((3,), 1, (1,)), ((2, 3), (1, 2), (1, 1)),
                                                       ((2, 3), 0, (1, 1, 3)), ((2, 3), (slice(None), 1), (1, 2))],
                         ids=["element-of-matrix", "element-of-vector", "element-two-ones", "row", "column"])
def test_setitem_drops_the_values_leading_ones_as_torch(shape, index, value_shape):
    """``y_pred[i] = model(x[i])``: a value of shape (1,) fills one element, as PyTorch's copy does."""
    def fn(L, t, v):
        y = t * 1
        y[index] = v * 2
        with L.no_grad():
            plain = L.zeros(shape, dtype=L.float64)
            plain[index] = v
        return y * (plain + 1)
    check(fn, np.random.default_rng(0).standard_normal(shape), np.full(value_shape, 0.5))


@pytest.mark.parametrize("index", [(0, 2), 1, (1, -1), (-2, 0)])
def test_element_setitem_outside_the_graph_matches_torch(index):
    def fn(L, t):
        with L.no_grad():
            y = t.clone()
            y[index] = 7.5
            y[index] += y[0, 0] * 2
        return y
    check(fn, np.arange(6.0).reshape(2, 3))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_an_element_loop_outside_the_graph_writes_each_sum_as_torch(dtype):
    """The course's ``c[i] = a[i] + b[i]`` (negative indices and a float64 value into a float32 tensor included)."""
    def fn(L, a, b):
        c = L.zeros(a.shape, dtype=a.dtype)
        for i in range(-2, len(a) - 2):
            c[i] = a[i] + b[i]
        c[0] = (a[1] * 3).double()
        return c
    values = np.random.default_rng(0).standard_normal(5) * 10
    check(fn, values.astype(dtype), values[::-1].astype(dtype))


@pytest.mark.parametrize("index", [5, -6])
def test_an_element_index_out_of_range_raises_index_error_as_torch(index):
    check_raises(lambda L, t: t[index], np.arange(5))  # (an integer tensor: outside the graph)


@pytest.mark.parametrize("x, index", [(np.array(3.0), np.array([0, 0])), (np.array(3.0), np.array(0)),
                                      (np.arange(4.0), np.array(2))], ids=["0d-input", "0d-both", "0d-index"])
def test_gather_treats_a_0d_tensor_as_one_element_along_dim_0(x, index):
    check(lambda L, t, i: L.gather(t, 0, i), x, index)


def test_gather_with_an_empty_index_returns_an_empty_tensor_shaped_like_it():
    check(lambda L, t, i: L.gather(t, 0, i), np.arange(5.0), np.zeros((2, 0), np.int64))


def test_gather_with_an_index_smaller_than_the_input_reads_its_corner():
    check(lambda L, t, i: L.gather(t, 0, i), np.arange(6.0).reshape(2, 3), np.array([[0], [1], [0]]))


@pytest.mark.parametrize("shape, index_shape, dim", [
    ((4, 8), (4, 8), 1), ((4, 8), (4, 3), 1), ((2, 3, 4), (2, 5, 4), 1), ((2, 3, 4), (1, 3, 2), 2),
    ((2, 3, 4), (2, 1, 1), 0), ((5,), (7,), 0)])
def test_gather_reads_where_take_along_axis_reads_broadcast_index_included(shape, index_shape, dim):
    from minigrad.ops.gathering import along
    x = np.random.default_rng(1).standard_normal(shape)
    index = np.random.default_rng(2).integers(0, shape[dim], index_shape)
    got = x[along(np, x.shape, dim, index)]
    expected = np.take_along_axis(x, index, axis=dim)
    assert got.shape == expected.shape and got.flags.c_contiguous == expected.flags.c_contiguous
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("index", [[[0, 1, 0, 1]], [[5]], [[-1]]], ids=str)
def test_gather_with_a_bad_index_raises_runtime_error_like_torch(index):
    check_raises(lambda L, t, i: L.gather(t, 0, i), np.arange(6.0).reshape(2, 3), np.array(index))


@pytest.mark.parametrize("index", [np.array([0]), np.array(0)], ids=["1-element", "0d"])
def test_index_select_of_a_0d_tensor_returns_it(index):
    check(lambda L, t, i: L.index_select(t, 0, i), np.array(3.0), index)


@pytest.mark.parametrize("x, index", [(np.ones(3), [-1]), (np.ones(3), [3]), (np.ones(3), [[0]]),
                                      (np.ones(3), [0.0]), (np.array(3.0), [0, 0]), (np.array(3.0), [1])], ids=str)
def test_index_select_with_a_bad_index_raises_like_torch(x, index):
    check_raises(lambda L, t, i: L.index_select(t, 0, i), x, np.array(index))


def test_a_random_split_subset_of_indices_indexes_a_tensor_as_torch():
    """Deep Learning with PyTorch Step-by-Step indexes its tensors with the Subsets of
    ``random_split(torch.arange(n), ...)``: a sequence of 0-d tensors, read as an index list."""
    import minigrad
    import torch
    values = np.arange(100.0) * 10
    for L in (torch, minigrad):
        first, second = L.utils.data.random_split(L.arange(100), [60, 40])
        x = L.tensor(values)
        picked = x[second]
        assert picked.tolist() == [values[int(i)] for i in second] and tuple(picked.shape) == (40,)
        x[first] = 0
        assert int((x == 0).sum()) == 60 + (0 in second.indices)


@pytest.mark.parametrize("index", ["mask", "mask_and_int", "int_array", "mask_and_0d_int_array"])
def test_gradient_of_an_advanced_index_matches_a_scatter_add(index):
    # masks pick each element once (the gradient is written), integer arrays may repeat (added up)
    x = np.arange(1.0, 13.0).reshape(3, 4)
    idx = {"mask": (x > 4,), "mask_and_int": (1, np.array([True, False, True, True])),
           "int_array": (np.array([0, 2, 2, 0]),), "mask_and_0d_int_array": (np.array(2), x[0] > 1)}[index]
    t = minigrad.tensor(x, requires_grad=True)
    picked = t[tuple(minigrad.tensor(i) if isinstance(i, np.ndarray) else i for i in idx)]
    upstream = np.arange(picked.numel(), dtype=np.float64).reshape(tuple(picked.shape)) + 1
    picked.backward(minigrad.tensor(upstream))
    expected = np.zeros_like(x)
    np.add.at(expected, idx, upstream)
    assert np.array_equal(t.grad.numpy(), expected)
    check(lambda L, a: a[tuple(L.tensor(i) if isinstance(i, np.ndarray) else i for i in idx)], x)


def test_index_select_names_its_node_like_torch():
    for shape in [(3, 4), ()]:
        x = minigrad.ones(shape, requires_grad=True)
        dim = 1 if shape else 0
        assert minigrad.index_select(x, dim, minigrad.tensor([0])).grad_fn.name() == "IndexSelectBackward0"


@given(data=st.data(), seed=S.seeds)
def test_tensor_unfold_windows_and_their_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype())
    ndim = max(x.ndim, 1)
    dim = data.draw(st.integers(-ndim, ndim - 1))
    length = x.shape[dim] if x.ndim else 1
    size = data.draw(st.integers(0, length))
    step = data.draw(st.integers(1, 3))
    check(lambda L, t: t.unfold(dim, size, step), x, seed=seed)


def test_tensor_unfold_cuts_an_image_into_patches_as_torch():
    check(lambda L, t: t.unfold(2, 4, 4).unfold(3, 4, 4), np.arange(2 * 3 * 8 * 8.0).reshape(2, 3, 8, 8))



@pytest.mark.parametrize("shape, dim, size, step", [((2, 3, 8, 8), 2, 4, 4), ((10,), 0, 3, 2), ((2, 3, 4), 1, 2, 1)],
                         ids=str)
def test_tensor_unfold_is_a_view_with_torchs_strides(shape, dim, size, step):
    import torch
    arrays = {L: L.arange(float(np.prod(shape))).view(shape) for L in (minigrad, torch)}
    arrays = {L: a.transpose(-1, -2) if len(shape) == 3 else a for L, a in arrays.items()}
    windows = {L: a.unfold(dim, size, step) for L, a in arrays.items()}
    assert windows[minigrad].stride() == windows[torch].stride()
    assert windows[minigrad]._base is arrays[minigrad]._base or windows[minigrad]._base is arrays[minigrad]
    for L, w in windows.items():
        w[(0,) * w.ndim] = -7.0
    np.testing.assert_array_equal(arrays[minigrad].numpy(), arrays[torch].numpy())


def test_tensor_unfold_second_derivative_matches_torch_and_names_its_node():
    import torch
    grads = {}
    for L in (minigrad, torch):
        x = L.arange(10.0, dtype=L.float64).requires_grad_()
        g = L.autograd.grad((x.unfold(0, 3, 2) ** 2).sum(), x, create_graph=True)[0]
        grads[L] = (g.grad_fn.name(), g.detach().numpy(), L.autograd.grad(g.sum(), x)[0].numpy())
    assert grads[minigrad][0] == grads[torch][0] == "UnfoldBackwardBackward0"
    np.testing.assert_array_equal(grads[minigrad][1], grads[torch][1])
    np.testing.assert_array_equal(grads[minigrad][2], grads[torch][2])

@pytest.mark.parametrize("args, named", [((2, 2, 1), "2"), ((1, 5, 1), "5"), ((1, 2, 0), "step is 0"),
                                         ((1, 2, -1), "step is -1"), ((1, -1, 1), "size is -1")], ids=str)
def test_tensor_unfold_with_bad_arguments_raises_like_torch(args, named):
    check_raises(lambda L, t: t.unfold(*args), np.ones((4, 4)), names=[named])


@pytest.mark.parametrize("args", [(2,), (2, 0), (2, -1), ("counts", 1), ("one", 1)], ids=str)
def test_repeat_interleave_and_its_gradient_match_torch(args):
    def call(L, t):
        repeats = {"counts": L.tensor([1, 2, 0]), "one": L.tensor([2])}.get(args[0], args[0])
        return t.repeat_interleave(repeats, *args[1:])
    check(call, np.arange(6.0).reshape(2, 3))


def _graph_names(t):
    """The names of t's graph, depth first, as PyTorch's next_functions list them."""
    names, todo = [], [t.grad_fn]
    while todo:
        node = todo.pop()
        names.append(node.name())
        todo.extend(f for f, _ in reversed(node.next_functions) if f is not None)
    return names


@pytest.mark.parametrize("args", [(2,), (2, 0), (3, -1), (0, 1), ("counts", 1), ("one", 0), ("one", None)], ids=str)
def test_repeat_interleave_records_torchs_graph(args):
    def graph(L):
        repeats = {"counts": L.tensor([1, 2, 0]), "one": L.tensor([2])}.get(args[0], args[0])
        return _graph_names(L.ones(2, 3, requires_grad=True).repeat_interleave(repeats, *args[1:]))
    assert graph(minigrad) == graph(torch)


@pytest.mark.parametrize("repeats, dim", [(3, 0), (3, -1), (3, 1), (3, 2), (-1, 0), ("counts", 0), ("counts", -1)],
                         ids=str)
def test_repeat_interleave_along_a_dim_of_a_0d_tensor_raises_like_torch(repeats, dim):
    def call(L, t):
        return t.repeat_interleave(L.tensor([3]) if repeats == "counts" else repeats, dim)
    check_raises(call, np.array(2.0))


def test_repeat_interleave_of_counts_alone_repeats_their_indices_as_torch():
    check(lambda L, c: L.repeat_interleave(c), np.array([1, 2, 0, 3]))


@pytest.mark.parametrize("repeats, named", [([1, 2], "repeats.size(0) = 2"), ([1.0, 2.0, 1.0], "Float"),
                                            ([1, -2, 1], "negative"), (-1, "non-negative")], ids=str)
def test_repeat_interleave_with_bad_repeats_raises_like_torch(repeats, named):
    if isinstance(repeats, list):
        check_raises(lambda L, t, r: t.repeat_interleave(r, dim=1), np.ones((2, 3)), np.array(repeats), names=[named])
    else:
        check_raises(lambda L, t: t.repeat_interleave(repeats), np.ones((2, 3)), names=[named])


@pytest.mark.parametrize("call", [lambda L, t: L.repeat_interleave(t, None), lambda L, t: t.repeat_interleave(None),
                                  lambda L, t: L.repeat_interleave(t, repeats=None), lambda L, t: t.repeat_interleave(),
                                  lambda L, t: t.repeat_interleave(dim=0)],
                         ids=["function", "method", "by name", "method without repeats", "method with dim alone"])
def test_repeat_interleave_without_counts_raises_type_error_like_torch(call):
    check_raises(call, np.array([1, 2, 3]))


@pytest.mark.parametrize("counts", [np.array(2), np.ones((2, 2), dtype=np.int64)], ids=["0-d", "2-d"])
def test_repeat_interleave_of_counts_alone_takes_only_a_1d_tensor_like_torch(counts):
    check_raises(lambda L, c: L.repeat_interleave(c), counts, names=["1D"])


@pytest.mark.parametrize("repeats, output_size, named", [
    ("counts", 5, "allocated size"), ("counts", 7, "allocated size"), ("one", 5, "allocated size"),
    (2, 5, "expected 6 but got 5"), (2, -1, "expected 6 but got -1")], ids=str)
def test_repeat_interleave_with_a_wrong_output_size_raises_like_torch(repeats, output_size, named):
    def call(L, t):
        counts = {"counts": L.tensor([1, 2, 3]), "one": L.tensor([2])}.get(repeats, repeats)
        return L.repeat_interleave(t, counts, dim=0, output_size=output_size)
    check_raises(call, np.arange(3.0), names=[named])


def test_repeat_interleave_of_counts_alone_checks_output_size_like_torch():
    check_raises(lambda L, c: L.repeat_interleave(c, output_size=4), np.array([1, 2]), names=["allocated size"])


@pytest.mark.parametrize("offset", [0, 1, -1, 2, 5])
def test_diag_of_a_vector_and_of_a_matrix_and_their_gradients_match_torch(offset):
    check(lambda L, v: L.diag(v, offset), np.array([1.0, 2.0, 3.0]))
    check(lambda L, m: L.diag(m, offset), np.arange(12.0).reshape(3, 4))


@pytest.mark.parametrize("offset, dim1, dim2", [(0, 0, 1), (0, 1, 2), (-1, 2, 0), (1, -1, -2)])
def test_diagonal_over_any_two_dims_and_its_gradient_match_torch(offset, dim1, dim2):
    check(lambda L, t: L.diagonal(t, offset, dim1, dim2), np.arange(24.0).reshape(2, 3, 4))


def test_diag_and_diagonal_with_bad_arguments_raise_like_torch():
    check_raises(lambda L, t: L.diag(t), np.ones((2, 2, 2)))
    check_raises(lambda L, t: L.diagonal(t, 0, 0, 0), np.ones((2, 2)))


def test_iterating_a_vector_gives_views_an_in_place_op_writes_through_as_torch():
    def fn(L, t):
        with L.no_grad():
            y = t.clone()
            for v in y:
                v.mul_(2)
            for row in y.reshape(2, 2):
                for v in row:
                    v += 1
        return y
    check(fn, np.arange(4.0))


def test_iterating_a_tensor_in_the_graph_unbinds_it_as_torch():
    def fn(L, t):
        rows = list(t * 1)
        assert type(rows[0].grad_fn).__name__ == "UnbindBackward0"
        return rows[0] * 2 + rows[2].exp()
    check(fn, np.arange(6.0).reshape(3, 2))


def test_a_multi_output_nodes_parts_print_and_name_their_type_as_torch():
    for L in (minigrad, torch):
        w = L.ones(2, 3, requires_grad=True)
        part = w.unbind(0)[0].grad_fn
        assert type(part).__name__ == "UnbindBackward0"
        assert repr(part).startswith("<UnbindBackward0 object at 0x")


_INTS_BESIDE_ARRAYS = ["t[0, :, [0, 1]]", "t[0, 1:, [2, 0]]", "t[L.tensor(1), :, [0, 3]]", "t[[0, 1], 0, [0, 1]]",
                       "t[1, ..., [0, 3]]", "t[0, None, :, [1, 2]]", "t[:, [2, 0], 1]", "t[1, [0, 2], 1:3]",
                       "t[0, L.tensor([True, False, True]), 2]"]


@pytest.mark.parametrize("expr", _INTS_BESIDE_ARRAYS)
@given(seed=S.seeds, dtype=S.float_dtypes)
def test_ints_beside_index_arrays_select_first_as_torch(expr, seed, dtype):
    """An int among index arrays is a select applied first (PyTorch), not an index array that moves
    the arrays' dims to the front (NumPy): ``t[0, :, [0, 1]]`` of a (2, 3, 4) tensor is (3, 2)."""
    x = np.random.default_rng(seed).standard_normal((2, 3, 4)).astype(dtype)
    check(lambda L, t: eval(expr), x, seed=seed)


@pytest.mark.parametrize("expr", _INTS_BESIDE_ARRAYS)
def test_setitem_with_ints_beside_index_arrays_writes_where_torch_does(expr):
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    index = expr[2:-1]

    def write(L, t):
        y = t * 1
        target = eval(f"y[{index}]", {"L": L, "y": y})
        value = L.arange(float(target.numel()), dtype=t.dtype).reshape(target.shape)
        exec(f"y[{index}] = value", {"L": L, "y": y, "value": value})
        return y
    check(write, x)


@pytest.mark.parametrize("index, shape", [("[0, 1]", (3,)), ("L.tensor([True, False, True])", (3,)),
                                          ("(0, [0, 1])", (3, 2))])
def test_setitem_through_index_arrays_refuses_a_value_of_another_dtype_as_torch(index, shape):
    check_raises(lambda L, t: t.detach().__setitem__(eval(index), L.tensor([1.5, 2.5], dtype=L.float64)),
                 np.zeros(shape, np.float32), names=["Index put requires the source and destination dtypes match"])


def test_a_single_value_of_another_dtype_through_a_mask_is_cast_as_torch():
    def write(L, t):
        y = t * 1
        y[L.tensor([True, False, True])] = L.tensor(7)  # (an int64 value into float64: masked_fill_)
        return y
    check(write, np.array([1.0, -2.0, 3.0]))


@pytest.mark.parametrize("dtype", ["int8", "int16"])
def test_int8_and_int16_index_tensors_are_refused_as_torch(dtype):
    check_raises(lambda L, t: t[L.tensor([0, 1], dtype=getattr(L, dtype))], np.zeros(3),
                 names=["tensors used as indices must be long, int, byte or bool tensors"])


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_wide_unsigned_index_tensors_are_refused_as_torch(dtype):
    check_raises(lambda L, t: t[L.tensor([0, 1], dtype=getattr(L, dtype))], np.zeros(3),
                 names=["tensors used as indices must be long, int, byte or bool tensors"])


@pytest.mark.parametrize("dtype", ["int8", "int16", "uint16", "uint32", "uint64"])
def test_a_0d_index_tensor_of_any_integer_dtype_acts_as_an_int_as_torch(dtype):
    def read_and_write(L, t):
        y = t * 1
        y[L.tensor(0, dtype=getattr(L, dtype))] = 5.0
        return y[L.tensor(2, dtype=getattr(L, dtype))] + y
    check(read_and_write, np.arange(3.0))


@pytest.mark.parametrize("expr", ["t[[[0, 1], [1, 0]]]", "t[[[0, 1]]]", "t[[0, slice(None)]]", "t[[None]]", "t[[...]]",
                                  "t[[[0], [1, 2]]]", "t[[L.tensor(1), 0]]", "t[[0, 1]]", "t[[0, 0, 0]]"])
def test_a_list_holding_sequences_or_slices_is_read_as_a_tuple_as_torch(expr):
    """NumPy's legacy rule, which PyTorch keeps: a short list index holding a sequence, a Tensor, a
    slice, None or Ellipsis is a tuple of indices; a list of ints is one index array."""
    check(lambda L, t: eval(expr), np.arange(24.0).reshape(2, 3, 4))


@pytest.mark.parametrize("index", [[0.0, 1.0], [1.9, -1.5], np.array([0.0, 2.7])], ids=["floats", "fractions", "numpy"])
def test_a_sequence_of_floats_indexes_truncated_as_torchs(index):
    values = []
    for L in (minigrad, torch):
        t = L.arange(12.0).reshape(4, 3)
        values.append(t[index].tolist())
    assert values[0] == values[1]


NUMPY_SCALARS = {"numpy bool False": np.bool_(False), "numpy bool True": np.bool_(True),
                 "numpy float64": np.float64(1.0), "numpy float32": np.float32(0.0)}


@pytest.mark.parametrize("name", sorted(NUMPY_SCALARS))
def test_a_numpy_scalar_index_other_than_an_integer_raises_index_error_as_torch(name):
    check_raises(lambda L, a: a[NUMPY_SCALARS[name]], np.zeros(3), names=["valid indices"])


@pytest.mark.parametrize("name", sorted(NUMPY_SCALARS))
def test_writing_through_a_numpy_scalar_index_other_than_an_integer_raises_index_error_as_torch(name):
    def write(L, a):
        a = a.clone()
        a[NUMPY_SCALARS[name]] = 1.0
        return a
    check_raises(write, np.zeros(3), names=["valid indices"])


@pytest.mark.parametrize("write", [False, True])
def test_index_tensors_that_do_not_broadcast_raise_torchs_index_error(write):
    def index(L, t):
        i, j = L.tensor([[0, 1]]), L.tensor([[0], [1], [2]])
        return t.__setitem__((i, j, L.tensor([0, 1, 2, 0])), 1.0) if write else t[i, j, L.tensor([0, 1, 2, 0])]
    check_raises(index, np.zeros((3, 4, 5), np.int64),
                 names=("shape mismatch: indexing tensors could not be broadcast together with shapes [1, 2], [3, 1], [4]",))
