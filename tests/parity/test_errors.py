"""Error parity: where PyTorch raises, minigrad raises the same exception
type, and for shape errors the message names the sizes involved."""
import numpy as np
import pytest

import minigrad
import torch

from .helpers import check, check_raises

A23 = np.ones((2, 3))
A4 = np.ones(4)


@pytest.mark.parametrize("op", ["add", "sub", "mul", "truediv", "maximum", "where", "eq", "pow"])
def test_broadcast_mismatch_raises_runtime_error_naming_sizes(op):
    fns = {
        "add": lambda L, a, b: a + b, "sub": lambda L, a, b: a - b, "mul": lambda L, a, b: a * b,
        "truediv": lambda L, a, b: a / b, "maximum": lambda L, a, b: L.maximum(a, b),
        "where": lambda L, a, b: L.where(a > 0, a, b), "eq": lambda L, a, b: a == b,
        "pow": lambda L, a, b: a ** b,
    }
    check_raises(fns[op], A23, A4, names=["3", "4"])


SHOWN_ALONE = {
    "stack of numbers": lambda L: L.stack([0.6, 0.9]),
    "stack of a tensor and a number": lambda L: L.stack([L.ones(1), 2.0]),
    "relu of a number": lambda L: L.relu(1.0),
    "exp of a list": lambda L: L.exp([1.0]),
    "add of shapes that do not broadcast": lambda L: L.ones(2, 3) + L.ones(4),
    "matmul of shapes that do not multiply": lambda L: L.ones(2, 3) @ L.ones(2, 3),
    "where of shapes that do not broadcast": lambda L: L.where(L.ones(2, 3) > 0, L.ones(4), 0.0),
    "300 written into int8": lambda L: L.ones(3, dtype=L.int8).__setitem__(0, 300),
    "NaN written into int64": lambda L: L.ones(3, dtype=L.int64).__setitem__(slice(0, 2), float("nan")),
}


@pytest.mark.parametrize("case", sorted(SHOWN_ALONE))
def test_an_error_for_bad_input_shows_alone_in_the_traceback_as_torchs(case):
    """Not raised while handling NumPy's refusal or a failed fast path: the traceback shows
    PyTorch's error only, not "During handling of the above exception, another exception occurred"."""
    shown = []
    for L in (torch, minigrad):
        with pytest.raises(Exception) as error:
            SHOWN_ALONE[case](L)
        e = error.value
        shown.append((type(e).__name__, e.__cause__ or (None if e.__suppress_context__ else e.__context__)))
    assert shown[1] == shown[0] == (shown[0][0], None)


def test_matmul_inner_mismatch_names_shapes():
    check_raises(lambda L, a, b: a @ b, A23, np.ones((4, 5)), names=["3", "4"])
    check_raises(lambda L, a, b: a @ b, np.ones(3), np.ones(4), names=["3", "4"])
    check_raises(lambda L, a, b: L.matmul(a, b), np.ones((2, 2, 3)), np.ones((3, 3, 2)), names=["2", "3"])


def test_matmul_of_zero_dim_raises():
    check_raises(lambda L, a, b: a @ b, np.array(2.0), np.ones(3))


def test_reshape_to_wrong_size_names_size():
    check_raises(lambda L, a: a.reshape(4, 2), A23, names=["6"])
    check_raises(lambda L, a: a.view(5), A23, names=["6"])
    check_raises(lambda L, a: a.reshape(-1, -1), A23)


@pytest.mark.parametrize("dim", [0, -1])
def test_size_of_a_dim_of_a_0d_tensor_says_it_has_no_dimensions(dim):
    check_raises(lambda L, a: a.size(dim), np.array(2.0), names=["has no dimensions"])


def test_view_of_non_contiguous_raises_like_torch():
    check_raises(lambda L, a: a.t().view(6), A23)


def test_expand_to_incompatible_size_raises():
    check_raises(lambda L, a: a.expand(2, 4), A23, names=["3", "4"])
    check_raises(lambda L, a: a.expand(3), A23)


@pytest.mark.parametrize("shape, sizes", [((2, 2), (3, 3)), ((2, 1, 3), (4, 5, 6)), ((2, 3), (-1, 2, 4)),
                                          ((2, 3), (-2, 2, 3))])
def test_expand_names_the_last_mismatched_dim_as_torch(shape, sizes):
    m, t = _messages(lambda L: L.zeros(*shape).expand(*sizes))
    assert m == t


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "uint8", "float16", "bool", "complex64",
                                   "complex128", "uint16"])
def test_expand_to_fewer_dims_names_the_tensor_type_as_torch(dtype):
    m, t = _messages(lambda L: L.zeros(2, 3, dtype=getattr(L, dtype)).expand(3))
    assert m == t


@pytest.mark.parametrize("call", ["rand", "randn", "rand_like", "randn_like"])
@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8", "bool", "uint16"])
def test_random_floats_of_an_integer_dtype_name_the_refusing_kernel_as_torch(call, dtype):
    def raised(L):
        with pytest.raises(NotImplementedError) as error:
            if call.endswith("_like"):
                getattr(L, call)(L.zeros(2, dtype=getattr(L, dtype)))
            else:
                getattr(L, call)(2, dtype=getattr(L, dtype))
        return str(error.value)
    assert raised(minigrad) == raised(torch)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
def test_a_saved_tensor_changed_in_place_is_named_by_its_type_as_torch(dtype):
    def changed_then_backward(L):
        w = L.ones(2, dtype=getattr(L, dtype), requires_grad=True).exp()  # (exp saves its result)
        loss = w.abs().sum()
        w.add_(1)
        loss.backward()
    m, t = _messages(changed_then_backward)
    assert m.split(" Hint")[0] == t.split(" Hint")[0]


def _messages(fn):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError) as raised:
            fn(L)
        messages.append(str(raised.value))
    return messages


@pytest.mark.parametrize("batch", [lambda L: L.ones(2, 2, 3), lambda L: L.ones(3, 2, 2).permute(1, 2, 0),
                                   lambda L: L.ones(2, 3, 2).transpose(1, 2)], ids=["contiguous", "permuted", "transposed"])
def test_a_batch_times_a_mismatched_matrix_names_the_shapes_as_torch(batch):
    m, t = _messages(lambda L: batch(L) @ L.ones(2, 3))
    assert m == t


@pytest.mark.parametrize("a, b", [((2, 3), (2, 3)), ((2, 3), (2,)), ((3,), (2, 3)), ((2, 2, 3), (2, 3)), ((2, 3), (2, 2, 3)),
                                  ((2, 2, 3), (3, 3, 2)), ((3,), (2,)), ((2, 3), (3,)), ((2, 2, 3), (3,)), ((2, 3), (3, 2))])
def test_matmul_of_mixed_dtypes_checks_the_shapes_first_as_torch(a, b):
    m, t = _messages(lambda L: L.ones(*a) @ L.ones(*b, dtype=L.float64))
    assert m == t


def test_cat_and_stack_mismatch_raise():
    check_raises(lambda L, a, b: L.cat([a, b], dim=0), A23, np.ones((2, 2)), names=["3", "2"])
    check_raises(lambda L, a, b: L.cat([a, b], dim=2), A23, A23)
    check_raises(lambda L, a, b: L.stack([a, b]), A23, np.ones((3, 2)))
    check_raises(lambda L: L.cat([]))
    check_raises(lambda L: L.stack([]))


@pytest.mark.parametrize("expr", [
    "t.sum(2)", "t.sum((0, 0))", "t.mean(-3)", "t.max(5)", "t.softmax(2)", "t.squeeze(3)",
    "t.unsqueeze(4)", "t.transpose(0, 2)", "t.flatten(2)", "t.permute(0)", "t.permute(0, 2)",
    "t.split(0)", "t.chunk(0)", "L.cat([t, t], 3)", "t.argmax(2)", "t.logsumexp(-3)",
])
def test_bad_dims_raise_like_torch(expr):
    check(lambda L, t: eval(expr), A23)


def test_dim_out_of_range_message_names_range():
    check_raises(lambda L, t: t.sum(2), A23, names=["2"])


@pytest.mark.parametrize("expr", ["t.max()", "t.min()", "t.argmax()", "t.max(0)"])
def test_reductions_of_empty_tensors_raise_like_torch(expr):
    check(lambda L, t: eval(expr), np.ones((0, 3)))


def test_item_and_scalar_conversions_of_multi_element_tensors_raise():
    check_raises(lambda L, t: t.item(), A4)
    check_raises(lambda L, t: bool(t), A4)
    check_raises(lambda L, t: float(t), A4)
    check_raises(lambda L, t: int(t), A4)


def test_len_and_iter_of_zero_dim_tensor_raise_type_error():
    check_raises(lambda L, t: len(t), np.array(1.0))
    check_raises(lambda L, t: iter(t), np.array(1.0))


def test_numpy_of_tensor_requiring_grad_raises():
    check_raises(lambda L, t: t.numpy(), A4)


def test_integer_tensor_cannot_require_grad():
    check_raises(lambda L: L.tensor([1, 2], requires_grad=True))
    check_raises(lambda L: L.ones(2, dtype=L.int64).requires_grad_())


def test_where_with_non_bool_condition_raises():
    check_raises(lambda L, c, a: L.where(c, a, a), np.array([1.0, 0.0]), np.ones(2))


def test_matmul_mixed_dtypes_raises():
    check_raises(lambda L, a, b: a @ b, np.ones((2, 3), np.float32), np.ones((3, 2)))


def test_ragged_nested_list_raises():
    check_raises(lambda L: L.tensor([[1, 2], [3]]))


def test_unsupported_operand_type_raises_type_error():
    check_raises(lambda L, t: t + "a", A4)
    check_raises(lambda L, t: t - object(), A4)


def test_invalid_creation_arguments_raise():
    check_raises(lambda L: L.arange(0, 5, 0))
    check_raises(lambda L: L.randint(5, 3, (2,)))
    check_raises(lambda L: L.zeros(-1))
    check_raises(lambda L: L.linspace(0, 1, -1))


def test_in_place_on_leaf_requiring_grad_raises():
    def fn(L, t):
        t.add_(1)
    check_raises(fn, A4)

    def fn2(L, t):
        t += 1
    check_raises(fn2, A4)


def test_backward_of_non_scalar_without_gradient_raises():
    check_raises(lambda L, t: (t * 2).backward(), A4)


def test_backward_with_wrong_gradient_shape_raises():
    check_raises(lambda L, t: (t * 2).backward(L.ones(3, dtype=L.float64)), A4)


def test_backward_of_tensor_not_requiring_grad_raises():
    check_raises(lambda L, t: (t * 2).sum().backward(), A4.copy() if False else A4.astype(np.int64))


def test_index_out_of_range_raises_index_error():
    check_raises(lambda L, t: t[2], A23)
    check_raises(lambda L, t: t[0, 3], A23)
    check_raises(lambda L, t: t[0, 0, 0], A23)


def test_split_with_sizes_not_summing_to_the_dim_raises():
    check_raises(lambda L, t: t.split([1, 1], dim=1), A23)
    check_raises(lambda L, t: t.split([2, 2], dim=1), A23)


def test_cat_of_zero_dim_tensors_raises():
    check_raises(lambda L, t: L.cat([t, t]), np.array(1.0))


def test_view_with_two_inferred_dims_and_negative_sizes_raise():
    check_raises(lambda L, t: t.view(-1, -1), A23)
    check_raises(lambda L, t: t.reshape(-2, 3), A23)
    check_raises(lambda L, t: t.expand(-2, 3), A23)
    check_raises(lambda L, t: t.repeat(1), A23)


NOT_A_TENSOR = object()
FUNCTION_CALLS = {
    "exp": lambda L: L.exp(NOT_A_TENSOR), "sigmoid": lambda L: L.sigmoid(NOT_A_TENSOR),
    "floor": lambda L: L.floor(NOT_A_TENSOR), "neg": lambda L: L.neg(NOT_A_TENSOR),
    "sum": lambda L: L.sum(NOT_A_TENSOR), "mean": lambda L: L.mean(NOT_A_TENSOR),
    "reshape": lambda L: L.reshape(NOT_A_TENSOR, (2,)), "clone": lambda L: L.clone(NOT_A_TENSOR),
    "softmax": lambda L: L.softmax(NOT_A_TENSOR, 0), "log_softmax": lambda L: L.log_softmax(NOT_A_TENSOR, 0),
    "matmul input": lambda L: L.matmul(NOT_A_TENSOR, L.ones(2)), "matmul other": lambda L: L.matmul(L.ones(2), NOT_A_TENSOR),
    "add": lambda L: L.add(NOT_A_TENSOR, L.ones(2)), "div": lambda L: L.div(NOT_A_TENSOR, L.ones(2)),
    "sort": lambda L: L.sort(NOT_A_TENSOR), "gather index": lambda L: L.gather(L.ones(2), 0, NOT_A_TENSOR),
    "maximum other": lambda L: L.maximum(L.ones(2), NOT_A_TENSOR), "permute": lambda L: L.permute(NOT_A_TENSOR, (0,)),
    "transpose": lambda L: L.transpose(NOT_A_TENSOR, 0, 1), "unsqueeze": lambda L: L.unsqueeze(NOT_A_TENSOR, 0),
    "flatten": lambda L: L.flatten(NOT_A_TENSOR), "eq": lambda L: L.eq(NOT_A_TENSOR, 2),
}


@pytest.mark.parametrize("call", sorted(FUNCTION_CALLS))
def test_a_non_tensor_argument_gets_torchs_type_error_naming_the_function_and_argument(call):
    import minigrad
    import torch
    with pytest.raises(TypeError) as theirs:
        FUNCTION_CALLS[call](torch)
    with pytest.raises(TypeError) as mine:
        FUNCTION_CALLS[call](minigrad)
    assert str(mine.value).splitlines()[0] == str(theirs.value).splitlines()[0]


def test_hardtanh_with_min_above_max_raises_value_error():
    check_raises(lambda L, t: L.nn.functional.hardtanh(t, 1.0, 0.0), np.ones(3))


def test_hardtanh_of_bools_raises_runtime_error():
    check_raises(lambda L, t: L.nn.functional.hardtanh(t), np.array([True, False]))


@pytest.mark.parametrize("value", [np.array([1.0]), np.array([[1.0]])], ids=["1-d", "2-d"])
def test_masked_fill_with_a_value_tensor_that_is_not_0d_raises_runtime_error(value):
    check_raises(lambda L, t, v: L.masked_fill(t, L.tensor(True), v), np.ones((2, 2)), value)


def test_masked_fill_with_a_complex_value_raises_runtime_error():
    check_raises(lambda L, t: L.masked_fill(t, L.tensor(True), 1j), np.ones((2, 2)))


@pytest.mark.parametrize("value", [0j, 1j], ids=["no imaginary part", "imaginary"])
def test_index_fill_of_a_real_tensor_with_a_complex_0d_tensor_raises_runtime_error(value):
    check_raises(lambda L, t: t.index_fill(0, L.tensor([0]), L.tensor(value)), np.ones((2, 2)),
                 names=["Converting complex Scalar to non-complex type"])


@pytest.mark.parametrize("tolerance", ["rtol", "atol"])
def test_isclose_with_a_negative_tolerance_raises_runtime_error(tolerance):
    check_raises(lambda L, a, b: L.isclose(a, b, **{tolerance: -0.4}), np.ones(3), np.ones(3))


def test_rsub_of_a_number_and_a_tensor_raises_type_error():
    check_raises(lambda L, t: L.rsub(2, t), np.ones(3))


@pytest.mark.parametrize("probs, n", [(np.ones((1, 2, 3)), 1), (np.ones(2, np.int64), 1), (np.ones(2), 0),
                                      (np.ones(2), -1), (np.array([1.0, -1.0]), 1), (np.array([1.0, np.nan]), 1),
                                      (np.zeros(2), 1), (np.ones(2), 3)], ids=str)
def test_multinomial_with_bad_probabilities_or_sample_count_raises_runtime_error(probs, n):
    check_raises(lambda L, p: L.multinomial(p, n), probs)


@pytest.mark.parametrize("probs", [[1.0, -2.0, 3.0], [1.0, float("nan")], [1.0, float("inf")], [[1.0, 1.0], [0.0, 0.0]],
                                   [[1.0, -1.0], [0.0, 0.0]], [], [[]]], ids=str)
@pytest.mark.parametrize("n, replacement", [(4, True), (1, True), (1, False)])
def test_multinomial_of_bad_or_empty_probabilities_raises_torchs_message(probs, n, replacement):
    def draw(L):
        L.multinomial(L.tensor(probs, dtype=L.float64), n, replacement)
    with pytest.raises(RuntimeError) as theirs:
        draw(torch)
    with pytest.raises(RuntimeError) as ours:
        draw(minigrad)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("call", ["t.normal_(0, -1)", "L.normal(t, -1.0)", "L.normal(0.0, -1.0, (3,))"])
def test_normal_with_a_negative_std_raises_runtime_error(call):
    check_raises(lambda L, t: eval(call), np.zeros(3))


SEQUENCE_CALLS = {
    "cat": lambda L: L.cat([L.ones(2), 1]), "cat list element": lambda L: L.cat((L.ones(2), [1.0])),
    "stack": lambda L: L.stack([1, L.ones(2)]), "hstack": lambda L: L.hstack([L.ones(2), None]),
    "vstack": lambda L: L.vstack([L.ones(2), 2.0]), "stack ndarray": lambda L: L.stack([L.ones(2), np.ones(2)]),
}


@pytest.mark.parametrize("call", sorted(SEQUENCE_CALLS))
def test_a_non_tensor_in_a_sequence_of_tensors_gets_torchs_type_error_naming_its_position(call):
    import minigrad
    import torch
    with pytest.raises(TypeError) as theirs:
        SEQUENCE_CALLS[call](torch)
    with pytest.raises(TypeError) as mine:
        SEQUENCE_CALLS[call](minigrad)
    assert str(mine.value) == str(theirs.value)


SETITEM_SHAPE_MISMATCHES = {
    "slice": (slice(0, 2), (3, 3)), "int": (0, (2, 3)), "int row too short": (0, (2,)),
    "column": ((slice(None), 0), (3,)), "index list": ([0, 1], (3, 2)),
}


@pytest.mark.parametrize("requires_grad", [False, True])
@pytest.mark.parametrize("case", sorted(SETITEM_SHAPE_MISMATCHES))
def test_setitem_of_a_value_that_does_not_broadcast_raises_runtime_error_naming_both_shapes(case, requires_grad):
    index, value_shape = SETITEM_SHAPE_MISMATCHES[case]

    def assign(L, t):
        t = t.detach().requires_grad_(requires_grad).clone()  # a non-leaf: the recorded path when requires_grad
        t[index] = L.ones(value_shape)
    check_raises(assign, np.ones((4, 3)), names=[list(value_shape)])


SETITEM_MESSAGES = {
    "int row too short": (0, (3,)), "int row with a leading 1": (0, (1, 3)), "slice with a leading 1": (slice(0, 1), (1, 3)),
    "slice too many rows": (slice(0, 1), (2, 4)), "columns": ((slice(None), slice(0, 2)), (3, 3)),
    "more dims than the row": (0, (2, 1, 4)), "element": ((0, 0), (2,)), "None": (None, (2, 3, 4)),
    "Ellipsis": (Ellipsis, (2, 3, 4)), "empty value": (0, (0,)), "index list with leading 1s": ([0, 1], (1, 1, 3)),
    "index list": ([0, 1], (2, 1, 3)), "mask with a leading 1": ("mask", (1, 2)),
}


@pytest.mark.parametrize("requires_grad", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64", "bool"])
@pytest.mark.parametrize("case", sorted(SETITEM_MESSAGES))
def test_setitem_of_a_value_that_does_not_broadcast_has_torchs_message(case, dtype, requires_grad):
    """A basic index writes by copy_ (expand's error, naming the value's type), an advanced one by
    index_put_ (its shape mismatch); both name the value without its leading size-1 dims."""
    index, value_shape = SETITEM_MESSAGES[case]

    def assign(L):
        t = L.zeros(3, 4, requires_grad=requires_grad).clone()
        t[L.tensor([True, False, True]) if index == "mask" else index] = L.ones(value_shape, dtype=getattr(L, dtype))
    m, t = _messages(assign)
    assert m == t


@pytest.mark.parametrize("sizes", [(-2, 12), (2, -3, -1), (-1, -1), (4, -5)])
@pytest.mark.parametrize("fn", ["view", "reshape"])
def test_a_negative_size_other_than_minus_one_names_its_index_and_the_shape_as_torch(fn, sizes):
    m, t = _messages(lambda L: getattr(L.arange(24.0), fn)(*sizes))
    assert m == t


@pytest.mark.parametrize("sizes", [(-1, -1), (-2, 2), (2, -3)])
def test_unflatten_wraps_the_errors_of_its_size_inference_as_torch(sizes):
    m, t = _messages(lambda L: L.ones(2, 4).unflatten(1, sizes))
    assert m.splitlines() == t.splitlines()[:2]  # (PyTorch's goes on with its C++ traceback)


@pytest.mark.parametrize("value", [[1.0, 2.0, 3.0], "a", None, np.ones(3)], ids=["list", "str", "None", "ndarray"])
def test_setitem_of_a_value_that_is_neither_tensor_nor_number_raises_type_error(value):
    import minigrad
    import torch
    for L in (torch, minigrad):
        t = L.ones(4, 3)
        with pytest.raises(TypeError, match="can't assign a"):
            t[0] = value
        assert t.sum().item() == 12.0


@pytest.mark.parametrize("expr", ["t.var()", "t.std(0)", "L.var_mean(t)", "L.std_mean(t, 0)", "(t > 1).var()"])
def test_variance_of_an_integer_tensor_raises_runtime_error_as_torch(expr):
    check_raises(lambda L, t: eval(expr), np.array([1, 2, 4]))


@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_], ids=str)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_of_integers_raises_not_implemented_error_like_torch(name, dtype, dim):
    check_raises(lambda L, t: getattr(L, name)(t, dim), np.ones((2, 3), dtype), names=["not implemented for"])


def test_softmax_of_integers_in_a_float_dtype_is_computed():
    check(lambda L, t: L.softmax(t, 0, dtype=L.float64), np.array([1, 2, 3]))


@pytest.mark.parametrize("dtypes", [(np.int64, np.int64), (np.bool_, np.bool_), (np.int32, np.int64),
                                    (np.bool_, np.int64)], ids=str)
@pytest.mark.parametrize("name", ["mse_loss", "huber_loss", "smooth_l1_loss"])
def test_pointwise_losses_of_integers_raise_torchs_error(name, dtypes):
    check_raises(lambda L, a, b: getattr(L.nn.functional, name)(a, b), np.ones(2, dtypes[0]), np.ones(2, dtypes[1]))


def _message(L, fn):
    with pytest.raises(Exception) as caught:
        fn(L)
    return type(caught.value).__name__.lstrip("_"), str(caught.value)


@pytest.mark.parametrize("dtype", ["float32", "float64", "uint8", "int16", "int32", "int64", "complex64"])
@pytest.mark.parametrize("in_place", [False, True])
def test_masked_fill_with_a_mask_not_bool_names_its_c_type_as_torch(dtype, in_place):
    def fn(L):
        x, mask = L.ones(2, 3), L.ones(2, 3, dtype=getattr(L, dtype))
        return x.masked_fill_(mask, 0.0) if in_place else x.masked_fill(mask, 0.0)
    assert _message(minigrad, fn) == _message(torch, fn)


def test_gather_with_a_float_index_names_the_index_dtypes_torch_takes():
    def fn(L):
        return L.ones(2, 3).gather(1, L.tensor([[0.0, 1.0]]))
    assert _message(minigrad, fn) == _message(torch, fn)


@pytest.mark.parametrize("matrix", [
    [[0.0, 0.0], [0.0, 0.0]], [[1.0, 2.0], [2.0, 4.0]], [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 1.0, 1.0]],
    [[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]]])
def test_inverse_of_a_singular_matrix_names_the_zero_pivot_as_torch(matrix):
    def fn(L):
        return L.linalg.inv(L.tensor(matrix))
    assert _message(minigrad, fn) == _message(torch, fn)


@pytest.mark.parametrize("std", [-1.0, -0.5, -1e-7])
def test_normal_with_a_negative_std_prints_it_as_torch(std):
    def fn(L):
        return L.normal(0.0, std, (2,))
    assert _message(minigrad, fn) == _message(torch, fn)


@pytest.mark.parametrize("call", ["zeros(-1)", "zeros(2, -3)", "zeros(size=(0, -2))", "ones(-1)", "empty(2, -1)"])
def test_negative_size_raises_each_creation_functions_message_as_torch(call):
    def fn(L):
        return eval(f"L.{call}", {"L": L})
    assert _message(minigrad, fn) == _message(torch, fn)


@pytest.mark.parametrize("dtype", [None, "int64", "bool"])
def test_mean_of_integers_names_the_dtype_given_or_the_inputs_as_torch(dtype):
    def fn(L):
        return L.arange(6).mean() if dtype is None else L.ones(2, 3).mean(dtype=getattr(L, dtype))
    assert _message(minigrad, fn) == _message(torch, fn)


@pytest.mark.parametrize("target", ["foo", "buffer", "number"])
def test_get_parameter_of_something_else_raises_torchs_attribute_error(target):
    def fn(L):
        module = L.nn.Linear(2, 2)
        module.register_buffer("buffer", L.ones(1))
        module.number = 3
        return module.get_parameter(target)
    assert _message(minigrad, fn) == _message(torch, fn)


def test_module_to_an_integer_dtype_names_the_dtypes_it_takes_as_torch():
    def fn(L):
        return L.nn.Linear(2, 2).to(L.int64)
    assert _message(minigrad, fn) == _message(torch, fn)


def test_backward_checks_the_gradients_shape_before_whether_the_output_requires_grad():
    def fn(L):
        return L.ones(2).backward(L.ones(3))
    assert _message(minigrad, fn) == _message(torch, fn)


def test_cross_entropy_of_byte_targets_with_a_weight_and_label_smoothing_raises_like_torch():
    # (PyTorch gathers the smoothing term's class weights with the target, which takes int32/int64 only)
    check_raises(lambda L, x, t, w: L.nn.functional.cross_entropy(x, t, w, label_smoothing=0.1),
                 np.zeros((3, 4)), np.array([0, 1, 3], np.uint8), np.ones(4), names=["int32/int64"])


ZERO_DIM_REFUSALS = {
    "unbind dim 0": lambda L, x: L.unbind(x, 0),
    "unbind dim -1": lambda L, x: L.unbind(x, -1),
    "unbind dim 1": lambda L, x: L.unbind(x, 1),
    "unbind_copy": lambda L, x: L.unbind_copy(x, 0),
    "roll dim 0": lambda L, x: L.roll(x, 1, 0),
    "roll dim 1": lambda L, x: L.roll(x, 1, 1),
    "select": lambda L, x: x.select(0, 0),
    "prelu with two slopes": lambda L, x: L.nn.functional.prelu(x, L.ones(2, dtype=x.dtype)),
}


@pytest.mark.parametrize("name", sorted(ZERO_DIM_REFUSALS))
def test_ops_along_a_dim_of_a_0d_tensor_refuse_it_in_torchs_words(name):
    """(PyTorch's OpInfo error inputs: a 0-d tensor has no dim 0 to unbind, roll or select along.)"""
    from .helpers import check_same_error
    check_same_error(ZERO_DIM_REFUSALS[name], np.array(1.0))


@pytest.mark.parametrize("dim, index_shape", [(1, (2, 2)), (2, (2, 2, 4)), (0, (2, 2, 4))], ids=str)
def test_gather_with_an_index_larger_than_self_names_the_larger_dim_as_torch(dim, index_shape):
    def fn(L):
        return L.gather(L.ones(1, 1) if len(index_shape) == 2 else L.ones(2, 1, 3), dim,
                        L.zeros(*index_shape, dtype=L.int64))
    assert _message(minigrad, fn) == _message(torch, fn)


NARROW_COPY_REFUSALS = {
    "0-d tensor": lambda L: L.narrow_copy(L.tensor(1.0), 0, 0, 1),
    "0-d tensor, dim 1": lambda L: L.narrow_copy(L.tensor(1.0), 1, 0, 1),
    "dim past the last": lambda L: L.narrow_copy(L.ones(2, 3), 2, 0, 0),
    "negative length": lambda L: L.narrow_copy(L.ones(10), 0, 0, -1),
    "negative length from a negative start": lambda L: L.narrow_copy(L.ones(10), 0, -3, -1),
    "negative length from a start out of range": lambda L: L.narrow_copy(L.ones(10), 0, 11, -1),
    "negative length, as a method": lambda L: L.ones(10).narrow_copy(0, 2, -1),
}


@pytest.mark.parametrize("name", sorted(NARROW_COPY_REFUSALS))
def test_narrow_copy_refuses_in_torchs_words(name):
    """(PyTorch's OpInfo error inputs: narrow_copy checks the end, where narrow checks the length's sign.)"""
    assert _message(minigrad, NARROW_COPY_REFUSALS[name]) == _message(torch, NARROW_COPY_REFUSALS[name])


SPACE_REFUSALS = {
    "1-d start and 0-d end": lambda L, f: f(L.tensor([1, 1]), L.tensor(3), 1),
    "0-d start and 1-d end": lambda L, f: f(L.tensor(1), L.tensor([3, 3]), 1),
    "1-d start and 1-d end": lambda L, f: f(L.tensor([1, 1]), L.tensor([3, 3]), 1),
    "1-d start and a number": lambda L, f: f(L.tensor([1]), 3, 1),
    "a number and a 2-d end": lambda L, f: f(1, L.tensor([[3]]), 1),
    "float steps": lambda L, f: f(0, 3, 1.0),
    "bool steps": lambda L, f: f(0, 3, True),
    "float Tensor steps": lambda L, f: f(0, 3, L.tensor(2.0)),
    "str start": lambda L, f: f("a", 3, 2),
    "None end": lambda L, f: f(0, None, 2),
    "float steps and options": lambda L, f: f(0, 3, 2.5, dtype=L.float64, requires_grad=True),
}


@pytest.mark.parametrize("space", ["linspace", "logspace"])
@pytest.mark.parametrize("name", sorted(SPACE_REFUSALS))
def test_linspace_and_logspace_refuse_in_torchs_words(space, name):
    """(PyTorch's OpInfo error inputs: every end that is a Tensor is named; an argument no form takes lists
    the forms.)"""
    def fn(L):
        return SPACE_REFUSALS[name](L, getattr(L, space))
    assert _message(minigrad, fn) == _message(torch, fn)


@pytest.mark.parametrize("call", [lambda L: L.bernoulli(L.tensor([2.0])),
                                  lambda L: L.empty(3).bernoulli_(L.tensor([2.0, 0.0, 0.0]))],
                         ids=["bernoulli", "bernoulli_ of a tensor"])
def test_a_probability_out_of_range_fails_torchs_internal_check_in_its_words(call):
    assert _message(minigrad, call) == _message(torch, call)
