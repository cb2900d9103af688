"""Differences found by running course programs on minigrad and on PyTorch, each pinned against
PyTorch: the Tensor method ``tile`` with sizes as varargs, the node names a printed loss shows
(``1 - ssim`` is RsubBackward1, smooth_l1_loss, nll_loss and masked_fill their own), smooth_l1_loss as one
node with PyTorch's values and gradients (its broadcast warning and negative-beta error too),
and log10 / log2 as rows of the unary table; the order and wording of the convolutions' and the
paddings' errors a deblurring program met."""
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st
import torch

import minigrad

from . import strategies as S
from .helpers import check, check_raises


@pytest.mark.parametrize("call", [
    lambda L, t: t.tile(2), lambda L, t: t.tile(2, 1), lambda L, t: t.tile((2,)), lambda L, t: t.tile([2, 2]),
    lambda L, t: t.tile(dims=(3,)), lambda L, t: L.tile(t, (2,)), lambda L, t: L.tile(t, dims=[2, 1]),
], ids=["int", "ints", "tuple", "list", "dims=", "function", "function dims="])
def test_tile_takes_sizes_as_varargs_a_sequence_or_dims_as_torch(call):
    check(call, np.arange(3.0))


@pytest.mark.parametrize("call", [lambda L, t: L.tile(t, 2), lambda L, t: t.tile(), lambda L, t: t.tile(2.0)],
                         ids=["function int", "no sizes", "float"])
def test_tile_without_a_sequence_of_ints_raises_type_error_as_torch(call):
    check_raises(call, np.arange(3.0))


@pytest.mark.parametrize("expr, node", [
    (lambda L, v: 1 - v, "RsubBackward1"), (lambda L, v: 2.5 - v, "RsubBackward1"),
    (lambda L, v: L.rsub(v, 2, alpha=3), "RsubBackward1"), (lambda L, v: (1 + 2j) - v, "RsubBackward1"),
    (lambda L, v: L.nn.functional.smooth_l1_loss(v, v.detach() * 0), "SmoothL1LossBackward0"),
    (lambda L, v: L.nn.functional.nll_loss(v.view(2, 2).log_softmax(1), L.tensor([0, 1])), "NllLossBackward0"),
    (lambda L, v: L.nn.functional.nll_loss(v.view(2, 2), L.tensor([0, 1]), reduction="none"), "NllLossBackward0"),
    (lambda L, v: L.nn.functional.nll_loss(v.view(2, 2), L.tensor([0, 1]), weight=L.tensor([1.0, 2.0])),
     "NllLossBackward0"),
    (lambda L, v: L.log10(v), "Log10Backward0"), (lambda L, v: L.log2(v), "Log2Backward0"),
    (lambda L, v: v.masked_fill(v > 1, 0.0), "MaskedFillBackward0"),
    (lambda L, v: L.masked_fill(v, v > 1, L.tensor(2.0)), "MaskedFillBackward1"),
], ids=["1 - v", "2.5 - v", "rsub alpha", "complex - v", "smooth_l1", "nll", "nll none", "nll weight", "log10", "log2",
        "masked_fill", "masked_fill tensor value"])
def test_printed_node_name_is_torchs(expr, node):
    for lib in (torch, minigrad):
        v = lib.tensor([0.5, 2.0, 0.25, 3.0], requires_grad=True)
        assert expr(lib, v).grad_fn.name() == node


@given(x=S.array_and_dtype(low=-3, high=3), alpha=st.sampled_from([1, 2, -0.5]), seed=S.seeds)
def test_number_minus_tensor_values_and_gradient_as_torch(x, alpha, seed):
    check(lambda L, t: L.rsub(t, 1.5, alpha=alpha), x, seed=seed)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("beta", [1.0, 0.5, 2.0, 0.0])
@given(data=st.data(), seed=S.seeds)
def test_smooth_l1_loss_values_and_gradients_as_torch(reduction, beta, data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(max_dims=3))
    x, y = (data.draw(S.arrays(dtype, shape, -3, 3)) for _ in range(2))
    check(lambda L, a, b: L.nn.functional.smooth_l1_loss(a, b, reduction=reduction, beta=beta), x, y, seed=seed)


def test_smooth_l1_loss_with_negative_beta_raises_runtime_error_as_torch():
    check_raises(lambda L, a: L.nn.functional.smooth_l1_loss(a, a, beta=-1.0), np.ones(3), names=["beta"])


def test_smooth_l1_loss_warns_of_broadcasting_on_every_call_as_torch():
    for lib in (torch, minigrad):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.nn.functional.smooth_l1_loss(lib.ones(3), lib.ones(1))
            lib.nn.functional.smooth_l1_loss(lib.ones(3), lib.ones(1), beta=0.0)
        assert [str(w.message)[:26] for w in caught] == ["Using a target size (torch"] * 2


def test_conv2d_of_uint8_images_names_the_dtypes_as_torch():
    check_raises(lambda L, x, w: L.nn.functional.conv2d(x, w), np.ones((1, 3, 4, 4), np.uint8), np.ones((1, 3, 1, 1), np.float32),
                 names=["expected scalar type Byte but found Float"])


def _error(L, call):
    with pytest.raises(Exception) as err:
        call(L)
    return type(err.value).__name__, str(err.value)


@pytest.mark.parametrize("call", [
    lambda L: L.nn.functional.conv2d(L.zeros(1, 1, 5, 5, dtype=L.float64), L.zeros(1, 1, 3, 3), L.zeros(1)),
    lambda L: L.nn.functional.conv2d(L.zeros(1, 2, 5, 5), L.zeros(1, 1, 3, 3), L.zeros(1, dtype=L.float64)),
    lambda L: L.nn.functional.conv1d(L.zeros(5, dtype=L.float64), L.zeros(1, 1, 3), L.zeros(1)),
    lambda L: L.nn.functional.conv3d(L.zeros(1, 1, 3, 3, 3, dtype=L.uint8), L.zeros(1, 1, 3, 3, 3), L.zeros(1)),
    lambda L: L.nn.Conv2d(1, 1, 3)(L.zeros(1, 1, 5, 5, dtype=L.float16)),
], ids=["double input", "double bias before the channel check", "before the rank check", "uint8", "half"])
def test_convolution_with_a_bias_of_another_dtype_raises_torchs_input_and_bias_type_error_first(call):
    assert _error(minigrad, call) == _error(torch, call)


@pytest.mark.parametrize("shape, pad", [((1, 1, 2, 2), (3, 3, 3, 3)), ((1, 1, 2, 2), (3, 0, 0, 3)),
                                        ((1, 1, 2, 2, 2), (3, 3, 1, 1, 3, 3)), ((1, 2, 2), (1, 1, 2, 2))])
def test_reflect_padding_wider_than_the_input_names_the_last_dim_first_as_torch(shape, pad):
    call = lambda L: L.nn.functional.pad(L.zeros(*shape), pad, mode="reflect")  # noqa: E731
    assert _error(minigrad, call) == _error(torch, call)


@pytest.mark.parametrize("mode", ["reflect", "replicate"])
@pytest.mark.parametrize("shape, pad", [((1, 4), (1, 1)), ((2, 3, 4), (1, 1, 1, 1)), ((1, 1, 4, 4), (0, 0, 0, 0)),
                                        ((1, 1, 2, 3, 4), (1,) * 6)])
def test_reflect_and_replicate_padding_of_a_bool_tensor_raise_torchs_not_implemented_error(mode, shape, pad):
    call = lambda L: L.nn.functional.pad(L.ones(*shape, dtype=L.bool), pad, mode=mode)  # noqa: E731
    assert _error(minigrad, call) == _error(torch, call)


def test_reflect_padding_of_a_bool_tensor_checks_the_padding_size_first_as_torch():
    call = lambda L: L.nn.functional.pad(L.ones(1, 1, 4, 4, dtype=L.bool), (5, 5), mode="reflect")  # noqa: E731
    assert _error(minigrad, call) == _error(torch, call)


@pytest.mark.parametrize("call", [
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 8, 8), L.ones(3, 3)),
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 8, 8), L.ones(3)),
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 8, 8), L.tensor(1.0)),
    lambda L: L.nn.functional.conv1d(L.ones(1, 8), L.ones(3, 3)),
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 8, 8), L.ones(3, 3), stride=(1, 1, 1)),
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 8, 8), L.ones(3, 3), padding="same", stride=2),
    lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 1, 8, 8), L.ones(3, 3)),
    lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 1, 8, 8, dtype=L.int32), L.ones(3, 3)),
], ids=["2-D", "1-D", "0-D", "conv1d", "before the stride's length", "before same padding's stride",
        "transposed", "transposed int32"])
def test_a_convolution_weight_of_fewer_than_three_dims_raises_torchs_error(call):
    assert _error(minigrad, call) == _error(torch, call)


@pytest.mark.parametrize("call", [
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 1, 8, 8), L.ones(1, 1, 3, 3), stride=(1, 1, 1)),
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 1, 8, 8), L.ones(1, 1, 3, 3), padding="same", stride=2),
    lambda L: L.nn.functional.conv2d(L.ones(1, 1, 1, 8, 8), L.ones(1, 1, 3, 3), padding="full"),
    lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 1, 1, 8, 8), L.ones(1, 1, 3, 3), stride=(1, 1, 1)),
], ids=["stride's length", "same padding's stride", "padding string", "transposed stride's length"])
def test_a_convolution_checks_the_inputs_rank_before_its_arguments_as_torch(call):
    assert _error(minigrad, call) == _error(torch, call)


def test_a_convolution_checks_the_paddings_length_before_the_dilations_as_torch():
    call = lambda L: L.nn.functional.conv2d(L.ones(1, 1, 8, 8), L.ones(1, 1, 3, 3), padding=(1, 1, 1),  # noqa: E731
                                            dilation=(1, 1, 1))
    assert _error(minigrad, call) == _error(torch, call)


@pytest.mark.parametrize("kw", [dict(weight=(3, 1, 3, 3)), dict(stride=0), dict(bias=3), dict(padding=5),
                                dict(output_padding=2)], ids=str)
def test_a_transposed_convolution_of_int32_checks_its_shapes_before_its_dtype_as_torch(kw):
    kw = dict(kw)
    w_shape, bias = kw.pop("weight", (2, 1, 3, 3)), kw.pop("bias", None)
    call = lambda L: L.nn.functional.conv_transpose2d(  # noqa: E731
        L.ones(1, 2, 8, 8, dtype=L.int32), L.ones(*w_shape), None if bias is None else L.ones(bias), **kw)
    assert _error(minigrad, call) == _error(torch, call)


@pytest.mark.parametrize("kw", [dict(output_padding=2), dict(padding=5)], ids=str)
def test_a_transposed_convolution_checks_its_output_size_before_the_weights_dtype_as_torch(kw):
    call = lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 2, 8, 8), L.ones(2, 1, 3, 3, dtype=L.float64),  # noqa: E731
                                                      **kw)
    assert _error(minigrad, call) == _error(torch, call)


def test_an_unknown_device_type_lists_torchs_device_types():
    assert _error(minigrad, lambda L: L.device("gpu")) == _error(torch, lambda L: L.device("gpu"))


@pytest.mark.parametrize("call", [
    lambda L, x: x[:], lambda L, x: x[:4], lambda L, x: x[:, :3], lambda L, x: x[:, 0:3], lambda L, x: x[..., :3],
    lambda L, x: x[:, :], lambda L, x: x[(slice(0, 4),)], lambda L, x: x[1:, :], lambda L, x: x[:, ::2],
    lambda L, x: x.t()[:, :4], lambda L, x: x.narrow(1, 0, 3), lambda L, x: x.narrow(0, 0, 4),
    lambda L, x: L.tensor_split(x, 1, dim=1)[0], lambda L, x: x[0:4, None], lambda L, x: x[..., 1]],
    ids=["[:]", "[:4]", "[:, :3]", "[:, 0:3]", "[..., :3]", "[:, :]", "(0:4,)", "[1:, :]", "[:, ::2]", "t()[:, :4]",
         "narrow dim 1", "narrow dim 0", "tensor_split", "[0:4, None]", "[..., 1]"])
def test_a_whole_dim_slice_in_an_index_tuple_is_an_alias_while_a_lone_slice_or_narrow_is_a_slice_as_torch(call):
    names = [call(L, L.ones(4, 3, requires_grad=True)).grad_fn.name() for L in (minigrad, torch)]
    assert names[0] == names[1]


@pytest.mark.parametrize("kwargs, node", [({}, "DivBackward1"), ({"reduction": "sum"}, "NegBackward0"),
                                          ({"reduction": "none"}, "NegBackward0"), ({"label_smoothing": 0.1}, "DivBackward1"),
                                          ({"weight": np.arange(1.0, 5.0)}, "DivBackward1")], ids=["mean", "sum", "none", "smoothed", "weighted"])
def test_cross_entropy_with_class_probabilities_is_negated_after_the_sum_and_divided_as_torch(kwargs, node):
    def loss(L, x, t):
        kw = {k: (L.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
        return L.nn.functional.cross_entropy(x, t.softmax(1), **kw)
    x, t = np.linspace(-1, 1, 12).reshape(3, 4), np.linspace(0, 2, 12).reshape(3, 4)
    check(loss, x, t)
    assert loss(minigrad, minigrad.tensor(x, requires_grad=True), minigrad.tensor(t)).grad_fn.name() == node


def test_cross_entropy_of_an_empty_batch_of_class_probabilities_is_nan_as_torch():
    check(lambda L, x, t: L.nn.functional.cross_entropy(x, t), np.zeros((0, 4)), np.zeros((0, 4)))


def _power_and_gradient(L, exponent, dtype):
    data = (np.random.default_rng(7).random(2000) * 4 + 0.01).astype(dtype)
    x = L.tensor(data, requires_grad=True)
    y = x ** exponent
    (g,) = L.autograd.grad(y, x, L.ones_like(y))
    return y.detach().numpy(), g.numpy()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("exponent", [3, 3.0, -2, -0.5, -1, 2])
def test_power_by_three_minus_two_and_minus_a_half_rounds_as_torchs_kernel_bit_for_bit(exponent, dtype):
    # (the polynomial tutorial prints its full-precision losses: x ** 3 is x * x * x there)
    assert (_power_and_gradient(minigrad, exponent, dtype)[0] == _power_and_gradient(torch, exponent, dtype)[0]).all()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("exponent", [3, 3.0, 4, -1, 2])
def test_power_gradient_takes_the_forwards_rounding_of_the_lower_power_as_torch(exponent, dtype):
    assert (_power_and_gradient(minigrad, exponent, dtype)[1] == _power_and_gradient(torch, exponent, dtype)[1]).all()


def _gradient_and_output(L, name):
    """The float32 gradient of ``name`` (sigmoid) under a random upstream gradient, the output and that gradient."""
    rng = np.random.default_rng(0)
    x = L.tensor(rng.standard_normal(4000).astype(np.float32), requires_grad=True)
    g = rng.standard_normal(4000).astype(np.float32)
    y = getattr(L, name)(x)
    y.backward(L.tensor(g))
    return x.grad.numpy(), y.detach().numpy(), g


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_sigmoid_gradient_multiplies_by_one_minus_the_output_then_by_the_output_as_torch(L):
    grad, y, g = _gradient_and_output(L, "sigmoid")
    np.testing.assert_array_equal(grad, g * (1 - y) * y)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("decimals", [-3, -2, -1, 1, 2, 3])
def test_round_with_decimals_gives_torchs_values_bit_for_bit(decimals, dtype):
    # (rounding x * 10^-3 was 1999.9999 for 2000: PyTorch divides by 10^3 for negative decimals)
    data = np.random.default_rng(1).uniform(-5000, 5000, 3000).astype(dtype)
    np.testing.assert_array_equal(minigrad.tensor(data).round(decimals=decimals).numpy(),
                                  torch.tensor(data).round(decimals=decimals).numpy())


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128, np.bool_, np.int64])
@pytest.mark.parametrize("decimals", [-1, 2])
def test_round_with_decimals_of_a_non_floating_tensor_names_torchs_decimal_kernel(dtype, decimals):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(NotImplementedError) as error:
            L.tensor(np.ones(3, dtype)).round(decimals=decimals)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_round_with_decimals_is_one_round_backward1_node_with_zero_gradient():
    for L in (minigrad, torch):
        x = L.tensor([1.2345, -0.125], requires_grad=True)
        y = L.round(x, decimals=2)
        y.sum().backward()
        assert y.grad_fn.name() == "RoundBackward1" and len(y.grad_fn.next_functions) == 1
        assert x.grad.tolist() == [0.0, 0.0]



@pytest.mark.parametrize("dtype, reach", [("float32", 9.0), ("float64", 18.0)])
def test_tanh_gradient_of_saturated_outputs_keeps_its_digits_as_torchs(dtype, reach):
    # (1 - y * y cancels near |y| = 1: at x = 5 in float32 it gave 1.8156e-4 where PyTorch's fused
    # kernel gives 1.8155e-4, and a saturated tanh net trained apart. PyTorch's tanh_backward is given
    # minigrad's outputs, whose last digits may differ from PyTorch's; each element at the dtype's rtol)
    t = minigrad.tensor(np.linspace(-reach, reach, 4001).astype(dtype), requires_grad=True)
    y = minigrad.tanh(t)
    y.sum().backward()
    expected = torch.ops.aten.tanh_backward(torch.ones(4001, dtype=getattr(torch, dtype)), torch.tensor(y.detach().numpy()))
    rtol = 1e-5 if dtype == "float32" else 1e-7
    np.testing.assert_allclose(t.grad.numpy(), expected.numpy(), rtol=rtol, atol=0)
