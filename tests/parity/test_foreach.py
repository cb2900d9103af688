"""torch._foreach_* against PyTorch: every Tensor of the list gets the op it names (values, dtypes,
gradients through the out-of-place forms and through in-place forms on non-leaves), with a
number, a list of numbers, a list of Tensors or a 0-d Tensor as the other operand; in-place
forms return the list given; PyTorch's errors for empty lists, lengths that differ and
operands of the wrong kind."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
import torch

import minigrad

from . import strategies as S
from .helpers import check, check_raises

UNARY = ["abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp", "expm1", "floor", "frac",
         "lgamma", "log", "log10", "log1p", "log2", "neg", "reciprocal", "round", "rsqrt", "sigmoid", "sign",
         "sin", "sinh", "sqrt", "tan", "tanh", "trunc"]
BINARY = ["add", "sub", "mul", "div", "clamp_min", "clamp_max", "maximum", "minimum", "pow"]
TENSOR_OPERAND = ["add", "mul", "div"]  # the ops with PyTorch's 0-d Tensor overload


@st.composite
def tensor_lists(draw, count=1, low=0.1, high=0.9):
    """``count`` lists of 1 to 3 float arrays of one dtype; list k's i-th array has the i-th shape."""
    dtype = draw(S.float_dtypes)
    shapes = draw(st.lists(S.shapes(max_dims=3), min_size=1, max_size=3))
    return [[draw(S.arrays(dtype, shape, low=low, high=high, allow_kinks=False)) for shape in shapes]
            for _ in range(count)]


def _split(ts, n):
    """``ts`` (the flat arguments) as n lists of equal length."""
    k = len(ts) // n
    return [list(ts[i * k:(i + 1) * k]) for i in range(n)]


@pytest.mark.parametrize("op", UNARY)
@given(lists=tensor_lists(), seed=S.seeds)
def test_unary_foreach_applies_the_op_to_every_tensor_as_torch(op, lists, seed):
    check(lambda L, *ts: getattr(L, f"_foreach_{op}")(list(ts)), *lists[0], seed=seed)


@pytest.mark.parametrize("op", UNARY)
@given(lists=tensor_lists(), seed=S.seeds)
def test_unary_foreach_in_place_on_non_leaves_returns_the_list_and_carries_gradients(op, lists, seed):
    def fn(L, *ts):
        ys = [t * 1.0 for t in ts]
        assert getattr(L, f"_foreach_{op}_")(ys) is ys
        return ys
    check(fn, *lists[0], seed=seed)


def _operand(kind, L, others, value):
    if kind == "number":
        return value
    if kind == "numbers":
        return [value + i for i in range(len(others))]
    if kind == "tensors":
        return others
    return L.tensor(value)


@pytest.mark.parametrize("kind", ["number", "numbers", "tensors", "0-d tensor"])
@pytest.mark.parametrize("op", BINARY)
@given(lists=tensor_lists(count=2), seed=S.seeds)
def test_binary_foreach_takes_each_kind_of_operand_as_torch(op, kind, lists, seed):
    def fn(L, *ts):
        xs, others = _split(ts, 2)
        return getattr(L, f"_foreach_{op}")(xs, _operand(kind, L, others, 0.5))
    check(fn, *lists[0], *lists[1], seed=seed)


@pytest.mark.parametrize("kind", ["number", "numbers", "tensors", "0-d tensor"])
@pytest.mark.parametrize("op", BINARY)
@given(lists=tensor_lists(count=2), seed=S.seeds)
def test_binary_foreach_in_place_updates_non_leaves_as_torch(op, kind, lists, seed):
    def fn(L, *ts):
        xs, others = _split(ts, 2)
        ys = [x * 1.0 for x in xs]
        assert getattr(L, f"_foreach_{op}_")(ys, _operand(kind, L, others, 0.5)) is ys
        return ys
    check(fn, *lists[0], *lists[1], seed=seed)


@pytest.mark.parametrize("op", ["add", "sub"])
@given(lists=tensor_lists(count=2), alpha=st.sampled_from([2, -0.5, 1.5]), seed=S.seeds)
def test_add_and_sub_of_tensor_lists_scale_by_alpha_as_torch(op, lists, alpha, seed):
    def fn(L, *ts):
        xs, others = _split(ts, 2)
        ys = [x * 1.0 for x in xs]
        getattr(L, f"_foreach_{op}_")(ys, others, alpha=alpha)
        return (*getattr(L, f"_foreach_{op}")(xs, others, alpha=alpha), *ys)
    check(fn, *lists[0], *lists[1], seed=seed)


@given(lists=tensor_lists(count=2), alpha=st.sampled_from([1, -0.25, 3.0]))
def test_foreach_add_in_place_of_detached_lists_updates_storage_as_torch(lists, alpha):
    def fn(L, *ts):
        xs, others = _split(ts, 2)
        with L.no_grad():
            L._foreach_add_(xs, others, alpha=alpha)
        return xs
    check(fn, *lists[0], *lists[1], requires_grad=[True] * len(lists[0]) + [False] * len(lists[1]), backward=False)


@pytest.mark.parametrize("kind", ["number", "numbers", "1-D tensor"])
@pytest.mark.parametrize("op", ["addcmul", "addcdiv"])
@given(lists=tensor_lists(count=3), seed=S.seeds)
def test_addcmul_and_addcdiv_foreach_take_each_kind_of_value_as_torch(op, kind, lists, seed):
    def fn(L, *ts):
        xs, t1, t2 = _split(ts, 3)
        value = {"number": 0.5, "numbers": [0.5 + i for i in range(len(xs))],
                 "1-D tensor": L.tensor([0.5 + i for i in range(len(xs))])}[kind]
        ys = [x * 1.0 for x in xs]
        getattr(L, f"_foreach_{op}_")(ys, t1, t2, value)
        return (*getattr(L, f"_foreach_{op}")(xs, t1, t2, value), *ys)
    check(fn, *lists[0], *lists[1], *lists[2], seed=seed)


@pytest.mark.parametrize("kind", ["numbers", "1-D tensor"])
@pytest.mark.parametrize("op", ["addcmul", "addcdiv"])
@given(lists=tensor_lists(count=3), seed=S.seeds)
def test_addcmul_and_addcdiv_foreach_take_a_list_or_tensor_of_values_as_scalars_keyword_as_torch(op, kind, lists,
                                                                                                  seed):
    def fn(L, *ts):
        xs, t1, t2 = _split(ts, 3)
        values = [0.5 + i for i in range(len(xs))]
        scalars = values if kind == "numbers" else L.tensor(values)
        ys = [x * 1.0 for x in xs]
        getattr(L, f"_foreach_{op}_")(ys, t1, t2, scalars=scalars)
        return (*getattr(L, f"_foreach_{op}")(xs, t1, t2, scalars=scalars), *ys)
    check(fn, *lists[0], *lists[1], *lists[2], seed=seed)


@pytest.mark.parametrize("kind", ["number", "numbers", "tensors"])
@given(lists=tensor_lists(count=3), seed=S.seeds)
def test_lerp_foreach_takes_each_kind_of_weight_as_torch(kind, lists, seed):
    def fn(L, *ts):
        xs, ends, weights = _split(ts, 3)
        weight = {"number": 0.3, "numbers": [0.3 + 0.2 * i for i in range(len(xs))], "tensors": weights}[kind]
        ys = [x * 1.0 for x in xs]
        assert L._foreach_lerp_(ys, ends, weight) is ys
        return (*L._foreach_lerp(xs, ends, weight), *ys)
    check(fn, *lists[0], *lists[1], *lists[2], seed=seed)


@given(lists=tensor_lists(), base=st.sampled_from([2, 0.5, 3.0]), seed=S.seeds)
def test_pow_foreach_of_a_number_base_raises_it_to_every_tensor_as_torch(lists, base, seed):
    check(lambda L, *ts: L._foreach_pow(base, list(ts)), *lists[0], seed=seed)


@pytest.mark.parametrize("ord", [2, 1, 0, 3, 0.5, math.inf, -math.inf])
@given(lists=tensor_lists(low=-3, high=3), seed=S.seeds)
def test_norm_foreach_is_every_tensors_vector_norm_as_torch(ord, lists, seed):
    check(lambda L, *ts: L._foreach_norm(list(ts), ord), *lists[0], seed=seed)


@pytest.mark.parametrize("ord", [2, 1, 0, 3, 0.5, math.inf, -math.inf])
@given(lists=tensor_lists(low=-3, high=3), seed=S.seeds)
def test_powsum_foreach_is_the_norm_before_its_root_as_torch(ord, lists, seed):
    check(lambda L, *ts: L._foreach_powsum(list(ts), ord), *lists[0], seed=seed)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_powsum_foreach_computes_in_the_dtype_given(dtype):
    check(lambda L, x: L._foreach_powsum([x], 2, getattr(L, dtype)), np.array([3.0, -4.0]))
    check(lambda L, x: L._foreach_powsum([x], 2, getattr(L, dtype)), np.array([3, -4]))


def test_norm_foreach_computes_in_the_dtype_given():
    check(lambda L, x: L._foreach_norm([x], dtype=L.float64), np.array([3.0, -4.0], dtype=np.float32))


def test_norm_foreach_of_an_integer_tensor_raises_runtime_error():
    check_raises(lambda L, x: L._foreach_norm([x]), np.array([1, 2]))


@given(lists=tensor_lists(low=-3, high=3), seed=S.seeds)
def test_max_foreach_is_every_tensors_largest_element_as_torch(lists, seed):
    nonempty = [x for x in lists[0] if x.size] or [np.ones(2)]
    check(lambda L, *ts: L._foreach_max(list(ts)), *nonempty, seed=seed)


def test_norm_foreach_into_a_narrower_dtype_raises_runtime_error():
    check_raises(lambda L, x: L._foreach_norm([x], 2, L.float32), np.array([3.0, -4.0]))


def test_max_foreach_of_an_empty_tensor_raises_runtime_error():
    check_raises(lambda L, x: L._foreach_max([x]), np.zeros((0, 2)), names=["empty"])


@given(lists=tensor_lists(count=2))
def test_zero_copy_and_clone_foreach_as_torch(lists):
    def fn(L, *ts):
        xs, others = _split(ts, 2)
        ys = L._foreach_clone(xs)
        zs = [x.detach().clone() for x in xs]
        assert L._foreach_copy_(zs, others) is zs
        ws = [x.detach().clone() for x in xs]
        assert L._foreach_zero_(ws) is ws
        return (*ys, *zs, *ws)
    check(fn, *lists[0], *lists[1], requires_grad=[False] * (2 * len(lists[0])))


@given(data=st.data(), seed=S.seeds)
def test_mm_foreach_multiplies_the_matrices_pairwise_as_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    a, b, c = data.draw(st.tuples(*[st.integers(1, 4)] * 3))
    check(lambda L, x, y, z, w: L._foreach_mm([x, z], [y, w]),
          *(data.draw(S.arrays(dtype, shape)) for shape in [(a, b), (b, c), (c, a), (a, b)]), seed=seed)


def test_out_of_place_foreach_returns_a_tuple_and_in_place_the_list_given():
    for lib in (torch, minigrad):
        xs = [lib.ones(2), lib.ones(3)]
        assert type(lib._foreach_mul(xs, 2.0)) is tuple and type(lib._foreach_exp(xs)) is tuple
        assert lib._foreach_mul_(xs, 2.0) is xs and lib._foreach_add_(tuple(xs), 1) is not xs


def test_foreach_of_integer_tensors_promotes_as_the_op_does():
    check(lambda L, x: (*L._foreach_div([x], 2), *L._foreach_add([x], 2.5), *L._foreach_exp([x]),
                        *L._foreach_clamp_min([x], 2.5), *L._foreach_maximum([x], 2.5)), np.array([1, 5]))


def test_foreach_in_place_float_result_into_an_integer_tensor_raises_runtime_error():
    check_raises(lambda L, x: L._foreach_add_([x], 1.5), np.array([1, 2]))


def test_foreach_in_place_on_a_leaf_that_requires_grad_raises_runtime_error():
    check_raises(lambda L, x: L._foreach_mul_([x], 2.0), np.ones(2))


@pytest.mark.parametrize("call", [
    lambda L, x: L._foreach_add([], 1),
    lambda L, x: L._foreach_exp([]),
    lambda L, x: L._foreach_add([x, x], [x]),
    lambda L, x: L._foreach_mul([x, x], [1.0, 2.0, 3.0]),
    lambda L, x: L._foreach_lerp([x], [x, x], 0.5),
    lambda L, x: L._foreach_add([x], L.ones(2)),
    lambda L, x: L._foreach_add([x], [L.ones(3)]),
], ids=["empty list", "empty unary list", "tensor lists of two lengths", "scalar list of another length",
        "lerp ends of another length", "operand tensor not 0-d", "shapes that do not broadcast"])
def test_foreach_misuse_raises_runtime_error_as_torch(call):
    check_raises(call, np.ones(2))


@pytest.mark.parametrize("call", [
    lambda L, x: L._foreach_add([x, 3], 1),
    lambda L, x: L._foreach_add(x, 1),
    lambda L, x: L._foreach_add([x], "a"),
    lambda L, x: L._foreach_add([x], None),
    lambda L, x: L._foreach_mul([x], [x, 2]),
    lambda L, x: L._foreach_sub([x], L.tensor(2.0, requires_grad=True)),
    lambda L, x: L._foreach_mul([x], [x], alpha=2),
    lambda L, x: L._foreach_add([x], 1, alpha=2),
    lambda L, x: L._foreach_addcmul([x], [x], [x], scalars=2.0),
    lambda L, x: L._foreach_addcdiv([x], [x], [x], 2.0, scalars=[1.0]),
    lambda L, x: L._foreach_addcdiv([x], [x], [x], value=[1.0]),
    lambda L, x: L._foreach_addcmul_([x], [x], [x], value=L.tensor([1.0])),
    lambda L, x: L._foreach_addcmul([x], [x], [x], [1.0], value=2),
], ids=["a number in the list", "a tensor for the list", "a string operand", "None operand",
        "a mixed operand list", "sub of a 0-d tensor that requires grad", "alpha for mul", "alpha beside a number",
        "a number as scalars", "value and scalars", "a list as value", "a tensor as value",
        "a positional list and value"])
def test_foreach_arguments_of_the_wrong_kind_raise_type_error_as_torch(call):
    check_raises(call, np.ones(2))


def test_foreach_add_in_place_of_mixed_lists_updates_each_pair_as_add_():
    def lists(L):
        xs = [L.tensor([[1.5, -2.0]]), L.tensor([0.1]), L.tensor([3.0, 1e-8], dtype=L.float64),
              L.tensor([2.0, 4.0], dtype=L.float16), L.tensor([[0.25, 1.0]])]
        others = [L.tensor([[0.5, 2.0]]), L.tensor([0.2]), L.tensor([1.0, 3e-8], dtype=L.float64),
                  L.tensor([1.5, -0.5], dtype=L.float16), L.tensor([[7.0, -1.0]])]
        return xs, others
    for alpha in (1, -0.001, 2.5):
        xs, others = lists(minigrad)
        minigrad._foreach_add_(xs, others, alpha=alpha)
        ys, others_ = lists(minigrad)
        for y, o in zip(ys, others_):
            y.add_(o, alpha=alpha)
        txs, tothers = lists(torch)
        torch._foreach_add_(txs, tothers, alpha=alpha)
        for x, y, t in zip(xs, ys, txs):
            assert x.numpy(force=True).tobytes() == y.numpy(force=True).tobytes()
            assert x.dtype == y.dtype and x._version == y._version == 1
            np.testing.assert_allclose(x.numpy(force=True), t.numpy(), rtol=1e-3 if t.dtype == torch.float16 else 1e-6)
