"""In-place twins of out-of-place functions, in-place shape changes, PyTorch's aliases and the
small Tensor queries, against PyTorch: values, dtypes, gradients through non-leaves, errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
import torch

import minigrad

from . import strategies as S
from .helpers import check

#: twin name -> the other operand (None: a unary twin)
BINARY_TWINS = {"eq_": 0.5, "ne_": 0.5, "lt_": 0.5, "le_": 0.5, "gt_": 0.5, "ge_": 0.5, "greater_": 0.5,
                "greater_equal_": 0.5, "less_": 0.5, "less_equal_": 0.5, "not_equal_": 0.5, "fmod_": 1.5,
                "remainder_": 1.5, "floor_divide_": 1.5, "logical_and_": 1.0, "logical_or_": 0.0,
                "subtract_": 0.25, "multiply_": 3.0, "divide_": 4.0, "true_divide_": 4.0, "logical_not_": None}
UNARY_TWINS = ["square_", "rsqrt_", "reciprocal_", "frac_", "exp2_", "log10_", "log2_", "nan_to_num_", "tril_",
               "triu_", "negative_", "absolute_", "arctan_", "arcsinh_", "fix_"]


@pytest.mark.parametrize("name", sorted(BINARY_TWINS))
@given(data=st.data(), seed=S.seeds)
def test_binary_twin_writes_the_out_of_place_result_as_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=3), low=0.1, high=3))
    other = BINARY_TWINS[name]

    def fn(L, t):
        y = t.detach().clone()
        assert getattr(y, name)(*(() if other is None else (other,))) is y
        return y
    check(fn, x, requires_grad=[False], seed=seed)


@pytest.mark.parametrize("name", UNARY_TWINS)
@given(data=st.data(), seed=S.seeds)
def test_unary_twin_on_a_non_leaf_carries_the_gradient_as_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=3), low=0.1, high=3))

    def fn(L, t):
        y = t * 1.0
        getattr(y, name)()
        return y * 2.0
    check(fn, x, seed=seed)


@pytest.mark.parametrize("name, values", [("lt_", [1, 2, 3]), ("eq_", [1, 2, 2]), ("logical_not_", [0, 1, 2])])
def test_comparison_twin_keeps_an_integer_tensors_dtype(name, values):
    def fn(L):
        y = L.tensor(values)
        getattr(y, name)(*(() if name == "logical_not_" else (2,)))
        return y
    check(fn)


@pytest.mark.parametrize("name", ["sqrt_", "reciprocal_", "rsqrt_", "exp2_"])
def test_twin_with_a_float_result_refuses_an_integer_tensor(name):
    check(lambda L: getattr(L.tensor([1, 2]), name)())


def test_float_power_twin_needs_a_float64_tensor():
    check(lambda L: L.tensor([2.0, 3.0]).float_power_(2))
    check(lambda L: L.tensor([2.0, 3.0], dtype=L.float64).float_power_(2))


def test_twin_refuses_a_leaf_that_requires_grad():
    check(lambda L: L.ones(2, requires_grad=True).square_())


SHAPE_TWINS = {"unsqueeze_": (0,), "squeeze_": (), "squeeze_0": (0,), "t_": (), "transpose_": (0, 1),
               "swapaxes_": (0, 1), "swapdims_": (1, 0)}


@pytest.mark.parametrize("name", sorted(SHAPE_TWINS))
@given(data=st.data(), seed=S.seeds)
def test_shape_twin_changes_the_tensor_itself_as_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(st.sampled_from([(1, 3), (1, 1), (1, 4)])))
    method = name.rstrip("0")

    def fn(L, t):
        y = t * 1.0
        assert getattr(y, method)(*SHAPE_TWINS[name]) is y
        return y * L.arange(float(y.numel()), dtype=y.dtype).reshape(y.shape)
    check(fn, x, seed=seed)


@pytest.mark.parametrize("name", sorted(SHAPE_TWINS))
def test_shape_twin_node_is_named_as_torchs(name):
    import torch
    names = []
    for L in (minigrad, torch):
        y = L.ones(1, 3, requires_grad=True) * 2
        getattr(y, name.rstrip("0"))(*SHAPE_TWINS[name])
        names.append(y.grad_fn.name())
    assert names[0] == names[1]


def test_shape_twin_refuses_a_leaf_that_requires_grad():
    check(lambda L: L.ones(1, 2, requires_grad=True).unsqueeze_(0))


@pytest.mark.parametrize("shape, wrap", [((5, 3), True), ((5, 3), False), ((3, 5), True), ((4, 4), False),
                                         ((3, 3, 3), False), ((7, 2), True), ((2, 2, 3), False), ((4,), False)])
def test_fill_diagonal_writes_the_diagonal_as_torch(shape, wrap):
    check(lambda L: L.zeros(*shape).fill_diagonal_(2.5, wrap=wrap))


@given(data=st.data(), seed=S.seeds)
def test_fill_diagonal_on_a_non_leaf_blocks_the_diagonals_gradient(data, seed):
    x = data.draw(S.array_and_dtype(st.sampled_from([(3, 3), (4, 2), (2, 4)])))
    check(lambda L, t: (t * 1.0).fill_diagonal_(-1.0) * 3.0, x, seed=seed)


@given(data=st.data(), beta=st.sampled_from([1, 0.5, 0, -2.0]), alpha=st.sampled_from([1, 2.0, -0.5]),
       seed=S.seeds)
def test_addmm_matches_torch(data, beta, alpha, seed):
    dtype = data.draw(S.float_dtypes)
    n, k, m = (data.draw(st.integers(1, 4)) for _ in range(3))
    ishape = data.draw(st.sampled_from([(n, m), (m,), (1, m), (n, 1), ()]))
    a, b, c = (data.draw(S.arrays(dtype, s)) for s in (ishape, (n, k), (k, m)))
    check(lambda L, i, x, y: L.addmm(i, x, y, beta=beta, alpha=alpha), a, b, c, seed=seed,
          requires_grad=[beta != 0, True, True])


def test_addmm_with_beta_zero_ignores_nan_in_input():
    check(lambda L: L.addmm(L.full((2, 2), float("nan")), L.ones(2, 3), L.ones(3, 2), beta=0))


def test_addmm_node_and_errors_are_torchs():
    import torch
    for L in (minigrad, torch):
        out = L.addmm(L.ones(2), L.ones(2, 3, requires_grad=True), L.ones(3, 2))
        assert out.grad_fn.name() == "AddmmBackward0"
    check(lambda L: L.addmm(L.ones(2), L.ones(2, 3), L.ones(2, 2)))
    check(lambda L: L.addmm(L.ones(2), L.ones(3), L.ones(3, 2)))
    check(lambda L: L.ones(2, 2).addmm_(L.ones(2, 3), L.ones(3, 2), alpha=3))


@pytest.mark.parametrize("call", [
    lambda L: L.fix(L.tensor([-1.5, 1.5, 2.7])), lambda L: L.tensor([-1.5, 0.2]).fix(),
    lambda L: L.moveaxis(L.ones(2, 3, 4), 0, -1), lambda L: L.ones(2, 3, 4).moveaxis((0, 1), (2, 0)),
    lambda L: L.ger(L.arange(2.0), L.arange(3.0)), lambda L: L.tensor([-1.0, 0.2, 0.7]).hardshrink(),
    lambda L: L.tensor([-1.0, 0.2, 0.7]).hardshrink(0.1), lambda L: L.tensor([-1.0, 2.0]).prelu(L.tensor([0.25])),
])
def test_alias_matches_torch(call):
    check(call)


@pytest.mark.parametrize("values, dtype", [([1.0], "float32"), ([0], "int64"), ([True], "bool"), ([3], "uint8"),
                                           ([1.0, 2.0], "float32"), ([], "float32")])
def test_tensor_queries_match_torch(values, dtype):
    import torch
    answers = []
    for L in (minigrad, torch):
        t = L.tensor(values, dtype=getattr(L, dtype))
        try:
            nonzero = t.is_nonzero()
        except RuntimeError as exc:
            nonzero = str(exc)
        answers.append((t.is_complex(), t.is_signed(), nonzero, t.is_same_size(L.zeros(len(values))),
                        t.is_inference(), t.output_nr))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("call", [
    lambda L: L.arange(3.0).apply_(lambda v: v * 2), lambda L: L.ones(0).apply_(lambda v: v + 1),
    lambda L: L.arange(6).reshape(2, 3).map_(L.tensor([1, 2, 3]), lambda a, b: a * b),
    lambda L: L.ones(2, requires_grad=True).apply_(lambda v: v),
    lambda L: L.ones(2, requires_grad=True).map_(L.ones(2), lambda a, b: a),
])
def test_python_function_element_by_element_matches_torch(call):
    check(call)


def test_memory_format_queries_match_torch():
    import torch
    answers = []
    for L in (minigrad, torch):
        x = L.ones(1, 2, 3, 3)
        nhwc = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
        answers.append((repr(L.channels_last), x.is_contiguous(memory_format=L.channels_last),
                        nhwc.is_contiguous(memory_format=L.channels_last), nhwc.dim_order(),
                        L.ones(2, 3).is_contiguous(memory_format=L.channels_last),
                        tuple(x.to(memory_format=L.channels_last).shape),
                        L.arange(12.0).reshape(3, 4)[1:, 2:].storage_offset(), L.ones(2, 3).t().dim_order()))
    assert answers[0] == answers[1]


COMPARISON_TWINS = ["eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_", "greater_equal_", "less_", "less_equal_",
                    "not_equal_"]


def _node_name(t):
    return None if t.grad_fn is None else t.grad_fn.name()


@pytest.mark.parametrize("name", COMPARISON_TWINS)
@pytest.mark.parametrize("other_kind", ["number", "tensor"])
@given(data=st.data(), seed=S.seeds)
def test_comparison_twin_on_a_non_leaf_keeps_requiring_grad_with_a_zero_gradient(name, other_kind, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=3), low=-2, high=2))

    def fn(L, t):
        y = t * 1.0
        other = 0.5 if other_kind == "number" else L.full(tuple(t.shape[-1:]), 0.5, dtype=t.dtype)
        getattr(y, name)(other)
        if L is minigrad:
            assert _node_name(y) == _torch_nodes[name, other_kind]
        else:
            _torch_nodes[name, other_kind] = _node_name(y)
        return y * 2.0
    _torch_nodes = {}
    check(fn, x, seed=seed)


@pytest.mark.parametrize("name", ["gt_", "eq_", "le_"])
def test_comparison_twin_gives_a_tensor_operand_requiring_grad_a_zero_gradient(name):
    def fn(L, w):
        y = L.tensor([0.0, 2.0, 3.0], dtype=w.dtype)
        getattr(y, name)(w)
        return y
    check(fn, np.array([1.0, 2.0, 1.0]))


@pytest.mark.parametrize("name", ["gt_", "ne_"])
def test_comparison_twin_on_a_leaf_requiring_grad_raises(name):
    check(lambda L, t: getattr(t, name)(0.5), np.array([0.0, 1.0]))


LOGICAL_TWINS = {"logical_and_": 1.0, "logical_or_": 0.0, "logical_xor_": 1.0, "logical_not_": None}


@pytest.mark.parametrize("name", sorted(LOGICAL_TWINS))
@given(data=st.data(), seed=S.seeds)
def test_logical_twin_leaves_the_graph_as_it_was(name, data, seed):
    # PyTorch records nothing for these: y keeps its node and the gradient passes as if unchanged
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=3), low=-2, high=2))
    other = LOGICAL_TWINS[name]

    def fn(L, t):
        y = t * 3.0
        getattr(y, name)(*(() if other is None else (L.full(tuple(t.shape), other, dtype=t.dtype),)))
        assert _node_name(y) == "MulBackward0"
        return y
    check(fn, x, seed=seed)


@pytest.mark.parametrize("name", sorted(LOGICAL_TWINS))
def test_logical_twin_may_change_a_leaf_requiring_grad(name):
    other = LOGICAL_TWINS[name]

    def fn(L, t):
        getattr(t, name)(*(() if other is None else (L.ones(2, dtype=t.dtype),)))
        return t.detach().clone(), t.requires_grad, t.grad_fn is None
    check(fn, np.array([0.0, 1.5]), backward=False)


@pytest.mark.parametrize("name", ["floor_", "ceil_", "round_", "trunc_", "fix_", "sign_"])
def test_rounding_and_sign_twins_on_a_non_leaf_give_a_zero_gradient(name):
    def fn(L, t):
        y = t * 1.0
        getattr(y, name)()
        assert _node_name(y) == {"fix_": "TruncBackward0"}.get(name, name[:-1].capitalize() + "Backward0")
        return y * 2.0
    check(fn, np.array([-1.5, 0.0, 0.25, 2.5]))


@pytest.mark.parametrize("name", ["fmod", "remainder"])
def test_fmod_and_remainder_name_their_node_by_the_divisor_kind(name):
    for divisor in (1.5, minigrad.tensor([1.5, 2.0])):
        x = minigrad.tensor([3.0, -2.0], requires_grad=True)
        expected = f"{name.capitalize()}Backward{0 if isinstance(divisor, float) else 1}"
        assert getattr(minigrad, name)(x, divisor).grad_fn.name() == expected
        y = x * 1.0
        assert getattr(y, name + "_")(divisor).grad_fn.name() == expected


@pytest.mark.parametrize("form", ["function", "operator", "reflected", "in_place"])
def test_floor_divide_of_a_tensor_requiring_grad_has_a_node_without_a_derivative(form):
    # PyTorch: torch::autograd::NotImplemented, whose backward raises RuntimeError naming
    # aten::floor_divide (aten::floor_divide_ in place); div(..., rounding_mode='floor') is DivBackward2
    results = []
    for L in (torch, minigrad):
        y = L.tensor([1.5, -2.25, 7.0], requires_grad=True) * 1.0
        z = {"function": lambda: L.floor_divide(y, 2), "operator": lambda: y // 2,
             "reflected": lambda: 2.0 // y, "in_place": lambda: y.floor_divide_(2)}[form]()
        with pytest.raises(RuntimeError) as err:
            z.sum().backward()
        results.append((z.requires_grad, _node_name(z), str(err.value)))
    assert results[1] == results[0]


def test_frac_names_its_node_and_refuses_integer_tensors_as_torch():
    check(lambda L, t: L.frac(t * 1.0), np.array([1.5, -2.25]))
    assert minigrad.frac(minigrad.tensor([1.5], requires_grad=True)).grad_fn.name() == "FracBackward0"
    check(lambda L: L.frac(L.tensor([1, 2])))
    with pytest.raises(NotImplementedError, match="frac_cpu"):
        minigrad.frac(minigrad.tensor([1, 2]))
