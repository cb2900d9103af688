"""scatter, scatter_add and their in-place forms against PyTorch: values, both gradients,
node names and errors."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from .helpers import check, check_raises

INDEX = np.array([[0, 2], [3, 3], [1, 0]])  # a repeated place in row 1


def test_scatter_of_a_tensor_and_its_gradients_match_torch():
    src = np.arange(1.0, 7.0).reshape(3, 2)
    check(lambda L, x, s, i: x.scatter(1, i, s), np.zeros((3, 4)), src, np.array([[0, 2], [3, 1], [1, 0]]))


def test_scatter_of_a_number_matches_torch():
    check(lambda L, x, i: L.scatter(x, 1, i, 2.5), np.ones((3, 4)), INDEX)
    check(lambda L, x, i: x.scatter(0, i, value=-1.0), np.ones((4, 4)), INDEX.T.copy())


@pytest.mark.parametrize("value", [2.5, -2.5, 0.5, 2.7])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_], ids=lambda d: d.__name__)
def test_scatter_of_a_float_number_with_reduce_add_converts_it_to_the_dtype_first_as_torch(dtype, value):
    # (2.5 adds 2 to an integer tensor: -3 becomes -1, not the -0.5 truncated to 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, x, i: L.scatter(x, 0, i, value, reduce="add"), np.array([-3, 4, 1], dtype), np.array([0, 2]))


@pytest.mark.parametrize("value", [1.5j, float("nan"), 1e30])
def test_scatter_of_a_number_an_integer_cannot_hold_with_reduce_raises_like_torch(value):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_raises(lambda L, x, i: L.scatter(x, 0, i, value, reduce="add"), np.array([1, 2]), np.array([0]),
                     names=("int64_t",))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32], ids=lambda d: d.__name__)
@pytest.mark.parametrize("dim", [0, 1])
def test_scatter_with_reduce_multiply_multiplies_repeated_places_as_torch(dtype, dim):
    # (PyTorch has no derivative for this form: values only)
    x, src = np.arange(1, 13).reshape(3, 4).astype(dtype), (np.arange(15).reshape(3, 5) % 4 - 1.5).astype(dtype)
    index = np.array([[0, 2], [1, 1], [2, 0]]) if dim == 1 else np.array([[0, 2, 2, 1], [1, 1, 0, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, x, s, i: L.scatter(x, dim, i, s, reduce="multiply"), x, src, index, backward=False)
        check(lambda L, x, i: x.scatter(dim, i, -2.5, reduce="multiply"), x, index, backward=False)
        check(lambda L, x, s, i: x.clone().scatter_(dim, i, s, reduce="multiply"), x, src, index, backward=False)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_scatter_add_accumulates_repeated_places_and_its_gradients_match_torch(dim):
    index = np.array([[0, 2, 2, 1], [1, 1, 0, 0], [2, 0, 1, 2]])
    check(lambda L, x, s, i: L.scatter_add(x, dim, i, s), np.ones((3, 4)), np.arange(12.0).reshape(3, 4), index)


def test_scatter_from_a_larger_src_takes_its_corner_as_torch():
    check(lambda L, x, s, i: x.scatter_add(1, i, s), np.zeros((3, 4)), np.arange(15.0).reshape(3, 5), INDEX,
          requires_grad=[True, False, False])


def test_scatter_in_place_makes_one_hot_rows_as_torch():
    for value in (1.0, 1):
        mine = minigrad.zeros(4, 3).scatter_(1, minigrad.tensor([0, 2, 1, 2]).unsqueeze(1), value)
        theirs = torch.zeros(4, 3).scatter_(1, torch.tensor([0, 2, 1, 2]).unsqueeze(1), value)
        assert mine.tolist() == theirs.tolist()


def test_scatter_in_place_on_a_recorded_tensor_passes_gradients_as_torch():
    grads = []
    for L in (minigrad, torch):
        w, s = L.ones(3, requires_grad=True), L.tensor([7.0], requires_grad=True)
        z = w * 2
        z.scatter_(0, L.tensor([1]), s)
        z.scatter_add_(0, L.tensor([2]), s * 3)
        (z * L.tensor([1.0, 2.0, 3.0])).sum().backward()
        grads.append((z.tolist(), w.grad.tolist(), s.grad.tolist(), z.grad_fn.name()))
    assert grads[0] == grads[1]


def test_scatter_node_names_are_torchs():
    for L in (minigrad, torch):
        x, s = L.zeros(2, 2, requires_grad=True), L.ones(2, 1, requires_grad=True)
        i = L.tensor([[1], [0]])
        assert [x.scatter(1, i, s).grad_fn.name(), x.scatter(1, i, 1.0).grad_fn.name(),
                x.scatter_add(1, i, s).grad_fn.name()] == ["ScatterBackward0", "ScatterBackward1",
                                                            "ScatterAddBackward0"]


def test_scatter_with_reduce_add_warns_and_adds_as_torch():
    """(PyTorch warns once per process, so only minigrad's warning is asserted here.)"""
    with pytest.warns(UserWarning, match="reduce argument of torch.scatter"):
        mine = minigrad.zeros(3).scatter_(0, minigrad.tensor([0, 0, 2]), minigrad.tensor([1.0, 2.0, 3.0]), reduce="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch.zeros(3).scatter_(0, torch.tensor([0, 0, 2]), torch.tensor([1.0, 2.0, 3.0]), reduce="add")
    assert mine.tolist() == theirs.tolist() == [3.0, 0.0, 3.0]


def test_the_gradient_of_src_shaped_unlike_the_index_raises_as_torch():
    messages = []
    for L in (minigrad, torch):
        x, s = L.zeros(3, 4, requires_grad=True), L.ones(3, 4, requires_grad=True)
        with pytest.raises(RuntimeError) as error:
            x.scatter(1, L.tensor([[0], [2], [3]]), s).sum().backward()
        messages.append(str(error.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("index, src", [
    ([[4]], None), ([0], None), ([[0.0]], None), ([[0, 1]], np.ones((1, 1))), ([[0]], np.ones((1, 1), np.float32)),
    (np.zeros((4, 1), np.int64), None), ([[-1]], None)], ids=str)
def test_scatter_with_a_bad_index_or_src_raises_like_torch(index, src):
    if src is None:
        check_raises(lambda L, x, i: x.scatter(1, i, 1.0), np.zeros((3, 4)), np.array(index))
    else:
        check_raises(lambda L, x, i, s: x.scatter(1, i, s), np.zeros((3, 4)), np.array(index), src)


def test_scatter_along_a_missing_dim_raises_index_error_like_torch():
    check_raises(lambda L, x, i: x.scatter(2, i, 1.0), np.zeros((3, 4)), np.array([[0]]))


@pytest.mark.parametrize("fill", [lambda L, a: a.scatter(0, L.tensor([1]), 1e6),
                                  lambda L, a: a.index_fill(0, L.tensor([1]), 1e6)], ids=["scatter", "index_fill"])
def test_a_number_beyond_float16_written_into_a_half_tensor_raises_like_torch(fill):
    check_raises(fill, np.zeros(3, np.float16), names=("without overflow",))


@pytest.mark.parametrize("name", ["scatter", "scatter_add"])
def test_scatter_with_an_empty_index_records_the_source_as_torch(name):
    """Its node is the op's (its input and source require grad), and the source's gradient is empty."""
    check(lambda L, t, i, s: getattr(t, name)(1, i, s), np.ones((2, 3)), np.zeros((2, 0), np.int64), np.ones((2, 0)))
    for L in (minigrad, torch):
        out = getattr(L.zeros(2, 3), name)(1, L.zeros(2, 0, dtype=L.int64), L.ones(2, 0, requires_grad=True))
        assert out.requires_grad and type(out.grad_fn).__name__ == f"{name.title().replace('_', '')}Backward0"


@pytest.mark.parametrize("name", ["scatter", "scatter_add"])
def test_a_scatter_source_of_one_element_along_a_dim_the_empty_index_has_none_of_gets_a_zero_gradient(name):
    """PyTorch's engine sums the index's empty gradient back to the source's shape (1 expands to 0)."""
    check(lambda L, t, i, s: getattr(t, name)(1, i, s), np.ones((2, 3)), np.zeros((2, 0), np.int64), np.ones((2, 1)))
