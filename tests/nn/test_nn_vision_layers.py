"""The vision layers of minigrad.nn against torch.nn: reprs, state_dict keys,
default initialisation, and forward/backward of the same weights on the same
input (parameters copied from PyTorch through load_state_dict)."""
import math
import warnings

import numpy as np
import pytest
import torch

import minigrad

# (constructor text, input shape): every layer is built from the same text by both libraries
LAYERS = [
    ("nn.Conv1d(3, 4, 3)", (2, 3, 9)),
    ("nn.Conv1d(4, 6, 2, stride=2, padding=1, dilation=2, groups=2, bias=False)", (2, 4, 9)),
    ("nn.Conv2d(3, 4, 3)", (2, 3, 7, 6)),
    ("nn.Conv2d(3, 4, (3, 5), stride=2, padding=1, dilation=2, bias=False, padding_mode='reflect')", (2, 3, 9, 11)),
    ("nn.Conv2d(4, 6, 3, padding='same', groups=2, padding_mode='replicate')", (2, 4, 5, 6)),
    ("nn.Conv2d(3, 3, 2, padding='same', padding_mode='circular')", (2, 3, 5, 5)),
    ("nn.Conv2d(3, 2, 4, padding='same')", (1, 3, 6, 6)),
    ("nn.Conv2d(3, 2, 3, padding='valid')", (1, 3, 6, 6)),
    ("nn.Conv2d(3, 4, 3, padding=(1, 2), padding_mode='zeros')", (3, 5, 5)),
    ("nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1)", (2, 3, 4, 5)),
    ("nn.ConvTranspose2d(4, 2, (2, 3), stride=(2, 1), padding=1, groups=2, dilation=2)", (2, 4, 5, 5)),
    ("nn.ConvTranspose1d(3, 2, 3, stride=3)", (2, 3, 4)),
    ("nn.Conv3d(3, 4, 3)", (2, 3, 5, 4, 6)),
    ("nn.Conv3d(4, 6, (2, 3, 1), stride=(1, 2, 1), padding=1, dilation=(2, 1, 1), groups=2, bias=False)",
     (2, 4, 5, 6, 4)),
    ("nn.Conv3d(3, 2, 3, padding='same', padding_mode='reflect')", (1, 3, 4, 5, 4)),
    ("nn.Conv3d(2, 2, 2, padding=1, padding_mode='circular')", (2, 3, 3, 4)),
    ("nn.ConvTranspose3d(3, 4, 3, stride=2, output_padding=1)", (2, 3, 3, 2, 3)),
    ("nn.ConvTranspose3d(4, 2, (2, 3, 2), stride=(2, 1, 1), padding=1, groups=2, dilation=2)", (1, 4, 3, 4, 3)),
    ("nn.MaxPool2d(2)", (2, 3, 6, 7)),
    ("nn.MaxPool2d(3, 2, 1, ceil_mode=True)", (2, 3, 8, 7)),
    ("nn.MaxPool2d(2, return_indices=True)", (2, 3, 6, 6)),
    ("nn.MaxPool1d(3, 2)", (2, 3, 9)),
    ("nn.AvgPool2d(2)", (2, 3, 6, 7)),
    ("nn.AvgPool2d(3, 1, 1, count_include_pad=False, divisor_override=2)", (2, 3, 5, 5)),
    ("nn.AvgPool1d(3)", (2, 3, 9)),
    ("nn.AdaptiveAvgPool2d((1, None))", (2, 3, 5, 6)),
    ("nn.AdaptiveAvgPool2d(3)", (2, 3, 7, 5)),
    ("nn.AdaptiveMaxPool2d(2)", (2, 3, 5, 5)),
    ("nn.AdaptiveAvgPool1d(3)", (2, 3, 8)),
    ("nn.AdaptiveMaxPool1d(3, return_indices=True)", (2, 3, 8)),
    ("nn.MaxPool3d(2)", (2, 3, 4, 6, 5)),
    ("nn.MaxPool3d((3, 2, 2), (2, 1, 2), 1, dilation=(1, 2, 1), return_indices=True, ceil_mode=True)", (1, 2, 7, 6, 5)),
    ("nn.AvgPool3d(2)", (2, 3, 4, 6, 5)),
    ("nn.AvgPool3d((3, 2, 2), 1, (1, 1, 0), ceil_mode=True, count_include_pad=False, divisor_override=3)",
     (2, 3, 4, 5, 5)),
    ("nn.AdaptiveAvgPool3d((1, None, 2))", (2, 3, 4, 5, 6)),
    ("nn.AdaptiveAvgPool3d(3)", (3, 5, 7, 4)),
    ("nn.AdaptiveMaxPool3d((2, 3, 1), return_indices=True)", (2, 3, 5, 5, 4)),
    ("nn.BatchNorm1d(3)", (4, 3)),
    ("nn.BatchNorm1d(3, affine=False, momentum=None)", (4, 3, 5)),
    ("nn.BatchNorm2d(3)", (4, 3, 5, 5)),
    ("nn.BatchNorm2d(3, track_running_stats=False)", (4, 3, 5, 5)),
    ("nn.LayerNorm(5)", (2, 3, 5)),
    ("nn.LayerNorm((3, 5), elementwise_affine=False)", (2, 3, 5)),
    ("nn.LayerNorm(5, bias=False)", (2, 5)),
    ("nn.GroupNorm(2, 4)", (2, 4, 3, 3)),
    ("nn.GroupNorm(2, 4, affine=False)", (2, 4, 5)),
    ("nn.InstanceNorm2d(3)", (2, 3, 4, 4)),
    ("nn.InstanceNorm2d(3, affine=True, track_running_stats=True)", (2, 3, 4, 4)),
    ("nn.InstanceNorm1d(3)", (3, 6)),
    ("nn.Dropout2d()", (2, 3, 4, 4)),
    ("nn.Dropout1d(0.2)", (2, 3, 4)),
    ("nn.Upsample(scale_factor=2)", (2, 3, 4, 5)),
    ("nn.Upsample(size=(3, 7), mode='bilinear', align_corners=True)", (2, 3, 4, 5)),
    ("nn.Upsample(scale_factor=1.5, mode='bilinear')", (2, 3, 4, 5)),
    ("nn.UpsamplingNearest2d(scale_factor=2)", (1, 2, 3, 3)),
    ("nn.Upsample(scale_factor=(1, 2, 1.5), mode='trilinear', align_corners=True)", (1, 2, 3, 3, 4)),
    ("nn.Upsample(size=(2, 5, 3), mode='nearest-exact')", (2, 2, 3, 3, 4)),
    ("nn.UpsamplingBilinear2d(size=5)", (1, 2, 3, 3)),
    ("nn.ReflectionPad2d(1)", (2, 3, 4, 5)),
    ("nn.ReflectionPad1d((2, 1))", (2, 3, 4)),
    ("nn.ReplicationPad2d((1, 2, 3, 4))", (2, 3, 4, 5)),
    ("nn.ReplicationPad1d(2)", (2, 3, 4)),
    ("nn.ZeroPad2d(2)", (2, 3, 4, 5)),
    ("nn.ZeroPad1d((1, 0))", (2, 3, 4)),
    ("nn.ConstantPad2d(1, 3.5)", (2, 3, 4, 5)),
    ("nn.ConstantPad1d((1, 2), -1.0)", (2, 3, 4)),
    ("nn.CircularPad2d(1)", (2, 3, 4, 5)),
    ("nn.CircularPad1d((2, 1))", (2, 3, 4)),
    ("nn.ReflectionPad3d(1)", (2, 3, 4, 5, 3)),
    ("nn.ReplicationPad3d((1, 2, 0, 1, 2, 1))", (2, 3, 4, 5, 3)),
    ("nn.ZeroPad3d((1, 0, 2, 1, 0, 1))", (3, 4, 5, 3)),
    ("nn.ConstantPad3d(1, -2.5)", (2, 3, 4, 5, 3)),
    ("nn.CircularPad3d((1, 2, 1, 0, 2, 1))", (2, 3, 4, 5, 3)),
    ("nn.BatchNorm3d(3)", (4, 3, 3, 2, 3)),
    ("nn.BatchNorm3d(3, affine=False, momentum=None)", (2, 3, 3, 2, 3)),
    ("nn.InstanceNorm3d(3)", (2, 3, 3, 4, 2)),
    ("nn.InstanceNorm3d(3, affine=True, track_running_stats=True)", (3, 3, 4, 2)),
    ("nn.Dropout3d(0.3)", (2, 3, 2, 4, 4)),
    ("nn.PixelShuffle(2)", (2, 8, 3, 3)),
    ("nn.PixelUnshuffle(2)", (2, 2, 4, 6)),
    ("nn.Unfold(3, padding=1)", (2, 3, 4, 5)),
    ("nn.Unfold((2, 3), dilation=2, stride=(1, 2))", (2, 3, 6, 7)),
    ("nn.Fold((4, 5), 2)", (2, 8, 12)),
]


def _pair(text, dtype=torch.float64):
    torch.manual_seed(0)
    t = eval(text, {"nn": torch.nn}).to(dtype)
    m = eval(text, {"nn": minigrad.nn}).to(minigrad.float64 if dtype == torch.float64 else minigrad.float32)
    return m, t


@pytest.mark.parametrize("text", [t for t, _ in LAYERS])
def test_layer_repr_and_state_dict_keys_match_torch(text):
    m, t = _pair(text)
    assert repr(m) == repr(t)
    assert list(m.state_dict().keys()) == list(t.state_dict().keys())
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [n for n, _ in m.named_buffers()] == [n for n, _ in t.named_buffers()]


def _outputs(out):
    return out if isinstance(out, tuple) else (out,)


@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
@pytest.mark.parametrize("text,shape", LAYERS, ids=[t for t, _ in LAYERS])
def test_layer_forward_and_backward_match_torch_from_the_same_weights(text, shape, train):
    m, t = _pair(text)
    if "Dropout" in text and train:
        return  # random masks differ between libraries: see test_dropout2d_zeroes_whole_channels
    m.load_state_dict(t.state_dict())
    m.train(train)
    t.train(train)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    xm = minigrad.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outs_m, outs_t = _outputs(m(xm)), _outputs(t(xt))
    for om, ot in zip(outs_m, outs_t):
        np.testing.assert_allclose(om.detach().numpy(), ot.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.standard_normal(tuple(outs_t[0].shape))
    outs_m[0].backward(minigrad.tensor(g))
    outs_t[0].backward(torch.tensor(g))
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    for (name, pm), (_, pt) in zip(m.named_parameters(), t.named_parameters()):
        np.testing.assert_allclose(pm.grad.numpy(), pt.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)
    for (name, bm), (_, bt) in zip(m.named_buffers(), t.named_buffers()):
        np.testing.assert_allclose(bm.numpy(), bt.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("text", ["nn.Conv2d(6, 8, (3, 5), groups=2)", "nn.Conv1d(4, 5, 7)",
                                  "nn.ConvTranspose2d(6, 4, 3, groups=2)", "nn.Linear(50, 3)",
                                  "nn.Conv3d(4, 6, (2, 3, 2), groups=2)", "nn.ConvTranspose3d(4, 2, 3)"])
def test_convolution_weights_start_like_torch(text):
    """kaiming_uniform_(a=sqrt(5)): U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias alike."""
    minigrad.manual_seed(0)
    layer = eval(text, {"nn": minigrad.nn})
    w = layer.weight.detach().numpy()
    fan_in = w.shape[1] * int(np.prod(w.shape[2:]))
    bound = 1 / math.sqrt(fan_in)
    assert np.all(np.abs(w) <= bound) and np.all(np.abs(layer.bias.detach().numpy()) <= bound)
    assert abs(w.std() - bound / math.sqrt(3)) < 0.25 * bound  # the uniform's spread
    assert layer.weight.dtype == minigrad.float32 and layer.weight.requires_grad


def test_conv_transpose_output_size_picks_output_padding_like_torch():
    m, t = _pair("nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)")
    m.load_state_dict(t.state_dict())
    x = np.random.default_rng(0).standard_normal((1, 3, 4, 4))
    for size in ([8, 8], [7, 8], [1, 2, 7, 7]):
        out_m = m(minigrad.tensor(x), output_size=size)
        out_t = t(torch.tensor(x), output_size=size)
        np.testing.assert_allclose(out_m.detach().numpy(), out_t.detach().numpy(), rtol=1e-10)
    for size in ([9, 9], [6, 8], [2]):
        with pytest.raises(ValueError):
            t(torch.tensor(x), output_size=size)
        with pytest.raises(ValueError):
            m(minigrad.tensor(x), output_size=size)



@pytest.mark.parametrize("size", [(12, 12), [12, 12], (1, 2, 12, 12), torch.Size([3, 3])], ids=str)
@pytest.mark.parametrize("shape", [(1, 3, 4, 4), (3, 4, 4)], ids=str)
def test_conv_transpose_unreachable_output_size_message_names_it_as_given(size, shape):
    m, t = _pair("nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)")
    x = np.zeros(shape)
    msize = minigrad.Size(size) if isinstance(size, torch.Size) else size
    with pytest.raises(ValueError) as theirs:
        t(torch.tensor(x), output_size=size)
    with pytest.raises(ValueError) as ours:
        m(minigrad.tensor(x), output_size=msize)
    assert str(ours.value) == str(theirs.value)

BAD_LAYERS = ["nn.Conv2d(3, 4, 3, groups=2)", "nn.Conv2d(4, 3, 3, groups=2)", "nn.Conv2d(3, 4, 3, groups=0)",
              "nn.Conv2d(3, 4, 3, padding='full')", "nn.Conv2d(3, 4, 3, padding='same', stride=2)",
              "nn.Conv2d(3, 4, 3, padding_mode='mirror')", "nn.GroupNorm(3, 4)",
              "nn.ConvTranspose2d(3, 3, 3, padding_mode='reflect')"]


@pytest.mark.parametrize("text", BAD_LAYERS)
def test_bad_layer_arguments_raise_like_torch(text):
    with pytest.raises(ValueError):
        eval(text, {"nn": torch.nn})
    with pytest.raises(ValueError):
        eval(text, {"nn": minigrad.nn})


@pytest.mark.parametrize("text,shape", [("nn.BatchNorm2d(3)", (2, 3, 4)), ("nn.BatchNorm1d(3)", (2, 3, 4, 4)),
                                        ("nn.InstanceNorm2d(3)", (3, 4)),
                                        ("nn.BatchNorm3d(3)", (2, 3, 4, 4)), ("nn.InstanceNorm3d(3)", (3, 4, 4))])
def test_layers_refuse_inputs_of_the_wrong_rank_like_torch(text, shape):
    m, t = _pair(text)
    with pytest.raises(ValueError):
        t(torch.zeros(shape, dtype=torch.float64))
    with pytest.raises(ValueError):
        m(minigrad.zeros(shape, dtype=minigrad.float64))


@pytest.mark.parametrize("make", [lambda nn: nn.Dropout2d(0.4), lambda nn: nn.Dropout1d(0.4),
                                  lambda nn: nn.Dropout3d(0.4)])
def test_channel_dropout_zeroes_whole_channels_and_scales_the_rest(make):
    minigrad.manual_seed(0)
    layer = make(minigrad.nn)
    shapes = {"Dropout1d": (64, 32, 5), "Dropout2d": (64, 32, 3, 3), "Dropout3d": (64, 32, 2, 3, 2)}
    shape = shapes[type(layer).__name__]
    x = minigrad.ones(shape)
    y = layer(x).numpy().reshape(64, 32, -1)
    per_channel = y[:, :, 0]
    assert np.all(y == per_channel[:, :, None])  # a channel is kept or dropped whole
    assert set(np.unique(per_channel)) <= {0.0, np.float32(1 / 0.6)}
    assert abs((per_channel == 0).mean() - 0.4) < 0.05
    layer.eval()
    assert layer(x) is x


def test_channel_dropout_gradient_follows_the_mask():
    minigrad.manual_seed(1)
    x = minigrad.randn(4, 5, 2, 2, requires_grad=True)
    y = minigrad.nn.functional.dropout2d(x, 0.5)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), (y.detach().numpy() != 0) * 2.0)


def test_channel_dropout_warns_like_torch_for_3d_input():
    with pytest.warns(UserWarning, match="channel-wise 1D dropout"):
        minigrad.nn.functional.dropout2d(minigrad.ones(2, 3, 4))
    with pytest.warns(UserWarning, match="channel-wise 1D dropout"):
        torch.nn.functional.dropout2d(torch.ones(2, 3, 4))


def test_dropout3d_warns_like_torch_for_3d_input_and_drops_its_first_dim():
    for L in (minigrad, torch):
        with pytest.warns(UserWarning, match="Received a 3-D input to dropout3d"):
            y = L.nn.functional.dropout3d(L.ones(40, 3, 4), 0.5)
        y = y.numpy()
        assert np.all(y == y[:, :1, :1])  # each entry of the first dim kept or dropped whole


def test_layers_train_in_float32_by_default():
    minigrad.manual_seed(0)
    net = minigrad.nn.Sequential(minigrad.nn.Conv2d(1, 4, 3, padding=1), minigrad.nn.BatchNorm2d(4),
                                 minigrad.nn.ReLU(), minigrad.nn.MaxPool2d(2), minigrad.nn.Flatten(),
                                 minigrad.nn.Linear(4 * 4 * 4, 2))
    out = net(minigrad.randn(3, 1, 8, 8))
    assert out.dtype == minigrad.float32 and out.shape == (3, 2)
    out.sum().backward()
    assert all(p.grad is not None and p.grad.dtype == minigrad.float32 for p in net.parameters())



@pytest.mark.parametrize("size", [2, 3, 4, 5, 9, 20])
def test_cross_map_lrn2d_forward_and_gradient_are_pytorchs(size):
    x = np.random.default_rng(size).standard_normal((2, 7, 3, 3))
    g = np.random.default_rng(100 + size).standard_normal(x.shape)
    results = {}
    for L in (minigrad, torch):
        t = L.tensor(x, requires_grad=True)
        y = L.nn.CrossMapLRN2d(size, 0.01, 0.8, 2)(t)
        y.backward(L.tensor(g))
        results[L] = (y.detach().numpy(), t.grad.numpy())
    for mine, theirs in zip(results[minigrad], results[torch]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-7, atol=1e-12)


def test_cross_map_lrn2d_refuses_input_that_is_not_4d_and_prints_as_pytorchs():
    for L in (minigrad, torch):
        with pytest.raises(ValueError, match="CrossMapLRN2d: Expected input to be 4D, got 3D instead."):
            L.nn.CrossMapLRN2d(3)(L.ones(2, 3, 4))
    assert repr(minigrad.nn.CrossMapLRN2d(5, 0.01, 0.8, 2)) == repr(torch.nn.CrossMapLRN2d(5, 0.01, 0.8, 2))


# ---------------------------------------------------------------------- bad arguments, as PyTorch refuses them
BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
ADAPTIVE = {"AdaptiveAvgPool1d": 1, "AdaptiveMaxPool1d": 1, "AdaptiveAvgPool2d": 2, "AdaptiveMaxPool2d": 2,
            "AdaptiveAvgPool3d": 3, "AdaptiveMaxPool3d": 3}


@BOTH
@pytest.mark.parametrize("name", ADAPTIVE)
def test_an_adaptive_pool_made_with_a_float_size_fails_at_its_call_with_torchs_type_error(L, name):
    layer = getattr(L.nn, name)(2.0)  # (made as PyTorch makes it: the size is read at the call)
    with pytest.raises(TypeError, match="must be tuple of ints, not float|object of type 'float' has no len"):
        layer(L.ones(1, 1, *(4,) * ADAPTIVE[name]))


@BOTH
@pytest.mark.parametrize("kind", ["avg", "max"])
@pytest.mark.parametrize("n", [1, 2])
def test_an_adaptive_pool_size_holding_a_float_is_torchs_type_error(L, kind, n):
    with pytest.raises(TypeError, match=f"adaptive_{kind}_pool{n}d\\(\\): argument 'output_size' \\(position 2\\) must "
                                        "be tuple of ints, but found element of type float at pos 0"):
        getattr(L.nn.functional, f"adaptive_{kind}_pool{n}d")(L.ones(1, 1, *(4,) * n), (2.0,) * n)


@BOTH
def test_an_adaptive_pool_size_given_as_a_range_is_read_as_torch(L):
    assert tuple(L.nn.functional.adaptive_avg_pool2d(L.ones(1, 1, 4, 4), range(2, 4)).shape) == (1, 1, 2, 3)


POOL_CALLS = {
    "max_pool1d": lambda L, **kw: L.nn.functional.max_pool1d(L.ones(1, 2, 6), 2, **kw),
    "max_pool2d": lambda L, **kw: L.nn.functional.max_pool2d(L.ones(1, 2, 6, 6), 2, **kw),
    "max_pool3d": lambda L, **kw: L.nn.functional.max_pool3d(L.ones(1, 1, 4, 4, 4), 2, **kw),
    "avg_pool1d": lambda L, **kw: L.nn.functional.avg_pool1d(L.ones(1, 2, 6), 2, **kw),
    "avg_pool2d": lambda L, **kw: L.nn.functional.avg_pool2d(L.ones(1, 2, 6, 6), 2, **kw),
    "avg_pool3d": lambda L, **kw: L.nn.functional.avg_pool3d(L.ones(1, 1, 4, 4, 4), 2, **kw),
}


@BOTH
@pytest.mark.parametrize("name", POOL_CALLS)
@pytest.mark.parametrize("flag", ["yes", 1, None, np.True_], ids=["str", "int", "None", "numpy bool"])
def test_a_pool_with_ceil_mode_not_a_bool_is_torchs_type_error(L, name, flag):
    with pytest.raises(TypeError, match=f"{name}\\(\\): argument 'ceil_mode' .*must be bool, not"):
        POOL_CALLS[name](L, ceil_mode=flag)


@BOTH
@pytest.mark.parametrize("name", ["avg_pool1d", "avg_pool2d", "avg_pool3d"])
def test_an_average_pool_with_count_include_pad_not_a_bool_is_torchs_type_error(L, name):
    with pytest.raises(TypeError, match=f"{name}\\(\\): argument 'count_include_pad' must be bool, not int"):
        POOL_CALLS[name](L, count_include_pad=1)


@BOTH
@pytest.mark.parametrize("name", ["avg_pool2d", "avg_pool3d"])
def test_an_average_pool_with_a_float_divisor_is_torchs_type_error(L, name):
    with pytest.raises(TypeError, match=f"{name}\\(\\): argument 'divisor_override' must be int, not float"):
        POOL_CALLS[name](L, divisor_override=2.0)


@BOTH
def test_the_max_pool_layer_with_ceil_mode_not_a_bool_is_torchs_type_error(L):
    with pytest.raises(TypeError, match="max_pool2d\\(\\): argument 'ceil_mode' \\(position 6\\) must be bool, not "
                                        "str"):
        L.nn.MaxPool2d(2, ceil_mode="yes")(L.ones(1, 2, 6, 6))


@BOTH
@pytest.mark.parametrize("name, shape", [("max_pool2d", (1, 1, 4, 4)), ("max_pool3d", (1, 1, 4, 4, 4))])
def test_max_pooling_of_a_bool_tensor_is_torchs_not_implemented_error(L, name, shape):
    with pytest.raises(NotImplementedError, match=f"\"{name}\" not implemented for 'Bool'"):
        getattr(L.nn.functional, name)(L.ones(shape, dtype=L.bool), 2)


@BOTH
@pytest.mark.parametrize("mode, shape", [("linear", (1, 2, 3)), ("bilinear", (1, 2, 3, 3)), ("bicubic", (1, 2, 3, 3)),
                                         ("trilinear", (1, 1, 2, 2, 2))])
@pytest.mark.parametrize("flag", ["yes", 1], ids=["str", "int"])
def test_interpolate_with_align_corners_not_a_bool_is_torchs_type_error(L, mode, shape, flag):
    with pytest.raises(TypeError, match=f"upsample_{mode}{len(shape) - 2}d\\(\\) received an invalid combination"):
        L.nn.functional.interpolate(L.ones(shape), scale_factor=2, mode=mode, align_corners=flag)


@BOTH
@pytest.mark.parametrize("call", ["unfold", "fold"])
def test_unfold_and_fold_with_a_float_size_are_torchs_type_error(L, call):
    calls = {"unfold": (lambda: L.nn.functional.unfold(L.ones(1, 2, 6, 6), 2.0), "im2col(): argument 'kernel_size'"),
             "fold": (lambda: L.nn.functional.fold(L.ones(1, 8, 4), (3.0, 3), 2), "col2im(): argument 'output_size'")}
    run, message = calls[call]
    with pytest.raises(TypeError) as caught:
        run()
    expected = message + " (position 2) must be tuple of ints, but found element of type float"
    assert str(caught.value).startswith(expected)


@BOTH
@pytest.mark.parametrize("name, n", [("conv1d", 1), ("conv2d", 2), ("conv_transpose2d", 2)])
def test_a_convolution_with_a_float_groups_is_torchs_type_error(L, name, n):
    with pytest.raises(TypeError, match=f"{name}\\(\\)"):
        getattr(L.nn.functional, name)(L.ones(1, 2, *(5,) * n), L.ones(2, 2, *(3,) * n), groups=1.0)


@BOTH
@pytest.mark.parametrize("name, n, kernel", [("conv1d", 1, "slow_conv2d_cpu"), ("conv2d", 2, "slow_conv2d_cpu"),
                                             ("conv3d", 3, "compute_columns3d")])
def test_a_convolution_of_bool_tensors_is_torchs_not_implemented_error(L, name, n, kernel):
    with pytest.raises(NotImplementedError, match=f"\"{kernel}\" not implemented for 'Bool'"):
        getattr(L.nn.functional, name)(L.ones(1, 1, *(4,) * n).bool(), L.ones(1, 1, *(2,) * n).bool())


@BOTH
@pytest.mark.parametrize("dtype, name", [("int32", "Int"), ("uint8", "Byte"), ("int16", "Short")])
def test_a_transposed_convolution_of_integers_other_than_int64_is_torchs_not_implemented_error(L, dtype, name):
    x, w = (L.ones(shape, dtype=getattr(L, dtype)) for shape in ((1, 1, 4, 4), (1, 1, 2, 2)))
    with pytest.raises(NotImplementedError, match=f"\"slow_conv_transpose2d_out_cpu\" not implemented for '{name}'"):
        L.nn.functional.conv_transpose2d(x, w)
