"""nn.functional's activations against PyTorch: values and every gradient on random inputs (with
the kinks drawn often), exact gradients at the kinks and at NaN, second derivatives, the in-place
variants, integer inputs, and the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import assert_close, check, check_raises
from .test_second_order import compare_higher

#: the kinks and corners of this file's activations (hardswish at +-3, relu6 at 6, shrinks at +-0.5 ...)
KINKS = S.KINKS + (3.0, -3.0, 6.0, -6.0)

#: name -> (call, low, high)
ACTIVATIONS = {
    "relu6": (lambda F, x: F.relu6(x), -10, 10),
    "hardtanh": (lambda F, x: F.hardtanh(x), -10, 10),
    "hardtanh_bounds": (lambda F, x: F.hardtanh(x, -2.0, 0.5), -10, 10),
    "threshold": (lambda F, x: F.threshold(x, 0.5, -2.0), -10, 10),
    "hardshrink": (lambda F, x: F.hardshrink(x), -10, 10),
    "hardshrink_lambd": (lambda F, x: F.hardshrink(x, 2.0), -10, 10),
    "softshrink": (lambda F, x: F.softshrink(x), -10, 10),
    "softshrink_lambd": (lambda F, x: F.softshrink(x, lambd=1.0), -10, 10),
    "hardswish": (lambda F, x: F.hardswish(x), -10, 10),
    "hardsigmoid": (lambda F, x: F.hardsigmoid(x), -10, 10),
    "elu": (lambda F, x: F.elu(x), -10, 10),
    "elu_alpha": (lambda F, x: F.elu(x, 0.3), -10, 10),
    "selu": (lambda F, x: F.selu(x), -10, 10),
    "celu": (lambda F, x: F.celu(x), -10, 10),
    "celu_alpha": (lambda F, x: F.celu(x, alpha=2.5), -10, 10),
    "gelu": (lambda F, x: F.gelu(x), -10, 10),
    "gelu_tanh": (lambda F, x: F.gelu(x, approximate="tanh"), -10, 10),
    "mish": (lambda F, x: F.mish(x), -10, 10),
    "softsign": (lambda F, x: F.softsign(x), -10, 10),
    "tanhshrink": (lambda F, x: F.tanhshrink(x), -10, 10),
    "logsigmoid": (lambda F, x: F.logsigmoid(x), -10, 10),
    "silu": (lambda F, x: F.silu(x), -10, 10),
}

#: the ones whose second derivative PyTorch defines (hardsigmoid's double backward raises there)
SECOND_ORDER = sorted(set(ACTIVATIONS) - {"hardsigmoid"})


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(data=st.data(), seed=S.seeds)
def test_activation_matches_torch(name, data, seed):
    fn, low, high = ACTIVATIONS[name]
    dtype = data.draw(S.float_dtypes)
    if name == "gelu_tanh" and dtype == np.float32:
        # Below -4.5 the float32 gradient is 0.5 * (1 + tanh(u)) plus a term of 1 - tanh(u)**2, both
        # under 1e-5 and all rounding of tanh: PyTorch's vectorised tanh saturates to -1 (gradient 0),
        # NumPy's does not; the exact value is neither (see docs/supported.md). float64 covers the tail.
        low = -4.5
    x = data.draw(S.arrays(dtype, data.draw(S.shapes()), low, high, kinks=KINKS))
    check(lambda L, t: fn(L.nn.functional, t), x, seed=seed)


def _grad(L, fn, values, dtype):
    x = L.tensor(np.asarray(values, dtype=dtype), requires_grad=True)
    y = fn(L.nn.functional, x)
    y.backward(L.ones_like(y))
    return y.detach().numpy(), x.grad.numpy()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradient_at_the_kinks_and_at_nan_is_torchs_exactly(name, dtype):
    fn = ACTIVATIONS[name][0]
    # 32 values: PyTorch's vectorised loops see them all (its scalar tail loops differ at NaN)
    values = [-7.0, -6.0, -3.0, -2.0, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, 6.0, 7.0, np.nan, np.inf] * 2
    if name == "gelu" and dtype == "float32":  # PyTorch's float32 loop gives gelu(inf) = NaN; minigrad inf
        values = [v if v != np.inf else -np.inf for v in values]
    m_out, m_grad = _grad(minigrad, fn, values, dtype)
    t_out, t_grad = _grad(torch, fn, values, dtype)
    assert_close(m_out, t_out, what="value")
    assert_close(m_grad, t_grad, what="gradient")
    kinks = np.isin(np.asarray(values), [-6.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 6.0])
    # where a piecewise rule picks a side, the pick is PyTorch's: no rounding can hide a wrong side
    np.testing.assert_array_equal(m_grad[kinks] == 0, t_grad[kinks] == 0)


@pytest.mark.parametrize("name", SECOND_ORDER)
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_activation_second_derivatives_match_torch(name, data, seed):
    fn = ACTIVATIONS[name][0]
    x = data.draw(S.arrays(np.float64, data.draw(S.nonempty_shapes(max_dims=2)), -8, 8, kinks=KINKS))
    compare_higher(lambda L, t: fn(L.nn.functional, t) * t, x, order=2, seed=seed)


@pytest.mark.parametrize("name", ["gelu", "gelu_tanh", "mish", "selu", "elu", "softsign", "tanhshrink"])
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=5)
def test_smooth_activation_third_derivatives_match_torch(name, data, seed):
    fn = ACTIVATIONS[name][0]
    x = data.draw(S.arrays(np.float64, data.draw(S.nonempty_shapes(max_dims=2)), -4, 4, allow_kinks=False))
    compare_higher(lambda L, t: fn(L.nn.functional, t), x, order=3, seed=seed)


# ---------------------------------------------------------------------- glu, softmin, prelu
@given(data=st.data(), seed=S.seeds)
def test_glu_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = list(data.draw(S.nonempty_shapes(min_dims=1, max_dims=3)))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    shape[dim] = 2 * data.draw(st.integers(0, 2))
    x = data.draw(S.arrays(dtype, tuple(shape)))
    check(lambda L, t: L.nn.functional.glu(t, dim), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_softmin_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, data.draw(S.shapes(min_dims=1))))
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    check(lambda L, t: L.nn.functional.softmin(t, dim), x, seed=seed)
    check(lambda L, t: L.nn.functional.softmin(t, dim=dim, dtype=L.float64), x, seed=seed)


def test_softmin_without_dim_warns_as_torch():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        out = minigrad.nn.functional.softmin(minigrad.tensor([[1.0, 2.0], [3.0, 5.0]]))
    expected = torch.nn.functional.softmin(torch.tensor([[1.0, 2.0], [3.0, 5.0]]), 1)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)


@given(data=st.data(), per_channel=st.booleans(), seed=S.seeds)
def test_prelu_matches_torch_for_the_input_and_the_weight(data, per_channel, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, data.draw(S.shapes(min_dims=0, max_dims=4))))
    channels = x.shape[1] if x.ndim >= 2 and per_channel else 1
    w = data.draw(S.arrays(dtype, (channels,), -2, 2))
    check(lambda L, t, w: L.nn.functional.prelu(t, w), x, w, seed=seed)
    check(lambda L, t, w: L.nn.functional.prelu(t, w.reshape(())), x, w[:1], seed=seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_prelu_second_derivatives_match_torch(data, seed):
    # (at x = 0 PyTorch's double backward takes the slope 1 where its backward took the weight)
    x = data.draw(S.arrays(np.float64, (2, 3, 2)))
    w = data.draw(S.arrays(np.float64, (data.draw(st.sampled_from([1, 3])),), -2, 2))
    compare_higher(lambda L, t, w: L.nn.functional.prelu(t, w) * t, x, w, order=2, seed=seed)
    compare_higher(lambda L, t, w: L.nn.functional.prelu(t, w) * w.sum(), x, w, order=2, seed=seed)


# ---------------------------------------------------------------------- in place
INPLACE = {
    "relu_": lambda F, t: F.relu_(t),
    "leaky_relu_": lambda F, t: F.leaky_relu_(t, 0.2),
    "hardtanh_": lambda F, t: F.hardtanh_(t, -0.5, 2.0),
    "elu_": lambda F, t: F.elu_(t, 0.5),
    "selu_": lambda F, t: F.selu_(t),
    "celu_": lambda F, t: F.celu_(t, 2.0),
    "threshold_": lambda F, t: F.threshold_(t, 1.0, -1.0),
    "relu6 inplace": lambda F, t: F.relu6(t, inplace=True),
    "hardtanh inplace": lambda F, t: F.hardtanh(t, inplace=True),
    "elu inplace": lambda F, t: F.elu(t, inplace=True),
    "selu inplace": lambda F, t: F.selu(t, True),
    "celu inplace": lambda F, t: F.celu(t, inplace=True),
    "threshold inplace": lambda F, t: F.threshold(t, 0.0, 3.0, True),
    "hardswish inplace": lambda F, t: F.hardswish(t, inplace=True),
    "hardsigmoid inplace": lambda F, t: F.hardsigmoid(t, True),
    "mish inplace": lambda F, t: F.mish(t, inplace=True),
    "silu inplace": lambda F, t: F.silu(t, inplace=True),
    "leaky_relu inplace": lambda F, t: F.leaky_relu(t, 0.1, True),
}


@pytest.mark.parametrize("name", sorted(INPLACE))
@given(data=st.data(), seed=S.seeds)
def test_inplace_activation_on_a_graph_tensor_matches_torch(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, data.draw(S.shapes()), kinks=KINKS))

    def fn(L, t):
        y = t * 1.0
        out = INPLACE[name](L.nn.functional, y)
        assert out is y
        return out
    check(fn, x, seed=seed)


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_activation_writes_into_its_input_without_grad(name):
    values = np.array([-4.0, -1.0, 0.0, 0.5, 2.0, 7.0])
    mine, theirs = minigrad.tensor(values), torch.tensor(values)
    assert INPLACE[name](minigrad.nn.functional, mine) is mine
    INPLACE[name](torch.nn.functional, theirs)
    np.testing.assert_allclose(mine.numpy(), theirs.numpy(), rtol=1e-7)
    assert mine._version == theirs._version


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_activation_on_a_leaf_that_requires_grad_raises(name):
    check_raises(lambda L, t: INPLACE[name](L.nn.functional, t), np.array([1.0, -2.0]), names=("leaf",))



@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_hardsigmoid_gradient_scales_by_torchs_float32_one_sixth_bit_for_bit(dtype):
    """PyTorch's kernel multiplies by ``1.0f / 6.0f`` at every dtype: float64 gradients are g * 0.16666667."""
    g = torch.randn(64, dtype=dtype, generator=torch.Generator().manual_seed(0))
    grads = []
    for L in (torch, minigrad):
        x = L.zeros(64, dtype=getattr(L, str(dtype).split(".")[1]), requires_grad=True)
        L.nn.functional.hardsigmoid(x).backward(L.tensor(g.numpy()))
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(grads[1], grads[0])

# ---------------------------------------------------------------------- dtypes and errors
@pytest.mark.parametrize("call", [
    lambda F, t: F.hardtanh(t), lambda F, t: F.relu6(t), lambda F, t: F.threshold(t, 1, 20),
    lambda F, t: F.threshold(t, 1.5, 20.5), lambda F, t: F.softsign(t), lambda F, t: F.tanhshrink(t),
    lambda F, t: F.hardtanh(t, -2, 3)])
def test_activations_of_integer_tensors_match_torch(call):
    check(lambda L, t: call(L.nn.functional, t), np.array([-4, 0, 2, 7, 1]), requires_grad=[False])


@pytest.mark.parametrize("name", ["hardswish", "hardsigmoid", "selu", "celu", "elu", "mish", "softshrink",
                                  "hardshrink", "gelu", "glu"])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_])
def test_float_only_activations_refuse_integer_and_bool_tensors_as_torch(name, dtype):
    values = np.array([1, 0, 2, 3]).astype(dtype)
    mine = pytest.raises(NotImplementedError, getattr(minigrad.nn.functional, name), minigrad.tensor(values))
    theirs = pytest.raises(NotImplementedError, getattr(torch.nn.functional, name), torch.tensor(values))
    assert str(mine.value) == str(theirs.value)


ERRORS = {
    "hardtanh min above max": (lambda F, t: F.hardtanh(t, 2.0, 1.0), "min_val"),
    "hardtanh of bool": (lambda F, t: F.hardtanh(t > 0), "Bool"),
    "relu6 of bool": (lambda F, t: F.relu6(t > 0), "Bool"),
    "softshrink negative lambd": (lambda F, t: F.softshrink(t, -1.0), "lambda must be in range"),
    "gelu approximate": (lambda F, t: F.gelu(t, approximate="fast"), "approximate"),
    "celu alpha 0": (lambda F, t: F.celu(t, alpha=0.0), "alpha cannot be 0"),
    "glu odd": (lambda F, t: F.glu(t, 1), "Halving dimension must be even, but dimension 1 is size 3"),
    "glu 0-d": (lambda F, t: F.glu(t.sum()), "scalars"),
    "glu dim": (lambda F, t: F.glu(t, 2), "Dimension out of range"),
    "prelu 2-d weight": (lambda F, t: F.prelu(t, t), "ndim = 2"),
    "prelu weight size": (lambda F, t: F.prelu(t, t[0, :2]), "parameter numbers = 2 and channel size = 3"),
    "prelu 1-d input": (lambda F, t: F.prelu(t[0], t[0]), "channel size = 1"),
    "softmin dim": (lambda F, t: F.softmin(t, 3), "Dimension out of range"),
    "softmin of int": (lambda F, t: F.softmin(t.long(), 1), "not implemented for 'Long'"),
    "softmin of int along dim 0": (lambda F, t: F.softmin(t.long(), 0), "softmax_kernel_impl"),
    "softmin of bool": (lambda F, t: F.softmin(t > 0, 0), "Negation"),
    "prelu dtypes": (lambda F, t: F.prelu(t, t[0].long()), "Type promoting not supported"),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_arguments_raise_torchs_error(case, dtype):
    call, text = ERRORS[case]
    check_raises(lambda L, t: call(L.nn.functional, t), np.arange(6.0, dtype=dtype).reshape(2, 3) - 2,
                 names=(text,))


@pytest.mark.parametrize("name", ["relu6", "hardtanh", "hardswish", "hardsigmoid", "selu", "celu", "mish", "gelu",
                                  "softsign", "tanhshrink", "softshrink", "hardshrink", "glu", "relu_", "elu_",
                                  "selu_", "celu_", "hardtanh_", "leaky_relu_", "threshold_"])
def test_a_non_tensor_input_raises_type_error_naming_the_function(name):
    with pytest.raises(TypeError, match=rf"^{name}\(\): argument 'input' \(position 1\) must be Tensor, not list"):
        getattr(minigrad.nn.functional, name)([1.0, 2.0], *((0.0, 0.0) if name == "threshold_" else ()))


def test_gelu_takes_approximate_by_keyword_only_as_torch():
    with pytest.raises(TypeError):
        minigrad.nn.functional.gelu(minigrad.ones(2), "tanh")
    with pytest.raises(TypeError):
        torch.nn.functional.gelu(torch.ones(2), "tanh")


def test_sigmoid_of_a_very_negative_value_is_exactly_zero_as_torch():
    """exp(-x) overflows to inf below -88.7 in float32: PyTorch's 1 / (1 + inf) is 0, and BCELoss of
    it then clamps its log at -100 (a capped exponent gave 6e-39, and a loss of 88)."""
    x = np.array([-120.0, -100.0, -88.7, -88.0, -50.0, 0.0, 50.0], np.float32)
    check(lambda L, t: L.sigmoid(t), x)
    check(lambda L, t: L.nn.BCELoss()(L.sigmoid(t), L.ones(7)), x)


@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_celu_gradient_rounds_alpha_to_float32_as_torch(inplace, dtype):
    """PyTorch's celu backward takes 1 / alpha with alpha rounded to float32 (its forward does not)."""
    x = np.array([-5.5, -2.7, -1.0, -0.1234567, 0.0, 2.0], dtype)
    check(lambda L, t: L.nn.functional.celu(t * 1, alpha=0.3, inplace=inplace), x)


def test_celu_backward_with_an_alpha_beyond_float32_raises_runtime_error_as_torch():
    for L in (torch, minigrad):
        x = L.tensor([-1.0, 0.5], dtype=L.float64, requires_grad=True)
        y = L.nn.functional.celu(x, alpha=1e40)
        with pytest.raises(RuntimeError, match="cannot be converted to type float without overflow"):
            y.sum().backward()
