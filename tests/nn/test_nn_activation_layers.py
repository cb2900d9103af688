"""Activation layers: PyTorch's constructor arguments, attributes, printed form, state_dict and
initialisation, and the same outputs and gradients as torch.nn's layers."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn

#: (layer, constructor arguments)
LAYERS = [
    ("GELU", ()), ("GELU", ("tanh",)), ("ReLU6", ()), ("ReLU6", (True,)), ("Hardtanh", ()),
    ("Hardtanh", (-2.0, 3.0)), ("Hardtanh", (-2, 3, True)), ("Threshold", (0.1, 20)), ("Threshold", (0.1, 20.0, True)),
    ("Hardshrink", ()), ("Hardshrink", (1.5,)), ("Softshrink", ()), ("Softshrink", (0.25,)), ("Hardswish", ()),
    ("Hardswish", (True,)), ("Hardsigmoid", ()), ("Hardsigmoid", (True,)), ("SELU", ()), ("SELU", (True,)),
    ("CELU", ()), ("CELU", (2.0, True)), ("Mish", ()), ("Mish", (True,)), ("Softsign", ()), ("LogSigmoid", ()),
    ("Tanhshrink", ()), ("Softmin", ()), ("Softmin", (1,)), ("GLU", ()), ("GLU", (0,)), ("Softmax2d", ()),
    ("PReLU", ()), ("PReLU", (3, 0.1)), ("SiLU", (True,)), ("ELU", (0.5, True)),
]


def _public_attributes(module):
    return {k: v for k, v in vars(module).items() if not k.startswith("_") and k not in ("training", "weight")}


@pytest.mark.parametrize("name,args", LAYERS, ids=[f"{n}{a}" for n, a in LAYERS])
def test_layer_prints_and_stores_what_torch_does(name, args):
    mine, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(mine) == repr(theirs)
    assert _public_attributes(mine) == _public_attributes(theirs)
    assert list(mine.state_dict()) == list(theirs.state_dict())


@pytest.mark.filterwarnings("ignore:Implicit dimension choice for softmin")
@pytest.mark.parametrize("name,args", LAYERS, ids=[f"{n}{a}" for n, a in LAYERS])
def test_layer_output_and_gradients_match_torch(name, args):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 4, 2)) * 4
    x.flat[:6] = [0.0, 3.0, -3.0, 6.0, 1.0, -1.0]  # kinks
    mine, theirs = getattr(nn, name)(*args).double(), getattr(torch.nn, name)(*args).double()
    mine.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    mx, tx = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    my, ty = mine(mx * 1.0), theirs(tx * 1.0)  # (a non-leaf: in-place layers may write into it)
    g = rng.standard_normal(tuple(ty.shape))
    my.backward(minigrad.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), rtol=1e-7, atol=1e-12)
    for (k, p), (_, q) in zip(mine.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-7, atol=1e-12, err_msg=k)


def test_prelu_weight_starts_at_init_with_one_slope_per_parameter():
    layer = nn.PReLU(4, init=0.1)
    assert layer.weight.shape == (4,) and layer.weight.requires_grad
    assert layer.weight.dtype is minigrad.float32
    np.testing.assert_array_equal(layer.weight.detach().numpy(), np.full(4, 0.1, np.float32))
    assert nn.PReLU(dtype=minigrad.float64).weight.dtype is minigrad.float64


def test_prelu_reset_parameters_restores_init():
    layer = nn.PReLU(2, init=0.3)
    with minigrad.no_grad():
        layer.weight.fill_(5.0)
    layer.reset_parameters()
    np.testing.assert_allclose(layer.weight.detach().numpy(), [0.3, 0.3])


def test_prelu_state_dict_moves_between_the_libraries():
    theirs = torch.nn.PReLU(3)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor([0.1, -0.2, 0.3]))
    mine = nn.PReLU(3)
    mine.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    np.testing.assert_allclose(mine.weight.detach().numpy(), [0.1, -0.2, 0.3], rtol=1e-7)


def test_prelu_layer_with_wrong_channels_raises_runtime_error():
    with pytest.raises(RuntimeError, match="parameter numbers = 3 and channel size = 4"):
        nn.PReLU(3)(minigrad.ones(2, 4))


@pytest.mark.parametrize("keyword,text", [("min_value", "min_val"), ("max_value", "max_val")])
def test_hardtanh_deprecated_keywords_warn_as_torch(keyword, text):
    with pytest.warns(FutureWarning, match=f"`{keyword}` is deprecated and renamed to `{text}`"):
        mine = nn.Hardtanh(**{keyword: -2.0 if keyword == "min_value" else 2.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch.nn.Hardtanh(**{keyword: -2.0 if keyword == "min_value" else 2.0})
    assert repr(mine) == repr(theirs)


def test_hardtanh_bounds_out_of_order_fail_the_assertion_as_torch():
    with pytest.raises(AssertionError, match=r"max_val \(1.0\) must be greater than min_val \(1.0\)"):
        nn.Hardtanh(1.0, 1.0)


def test_softmax2d_wants_3d_or_4d_input():
    with pytest.raises(ValueError, match="expected input to be 3D or 4D, got 2D instead"):
        nn.Softmax2d()(minigrad.ones(2, 3))


def test_inplace_layer_writes_into_its_input():
    x = minigrad.tensor([-8.0, 0.5, 9.0])
    assert nn.ReLU6(inplace=True)(x) is x
    assert x.tolist() == [0.0, 0.5, 6.0]


def test_softmin_layer_without_dim_warns_as_torch():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        nn.Softmin()(minigrad.ones(2, 3))


@pytest.mark.filterwarnings("ignore")
def test_a_compiled_training_step_through_the_new_layers_replays_the_eager_step_bit_for_bit():
    def train(compiled):
        minigrad.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.ELU(), nn.Hardswish(), nn.Mish(), nn.SELU(),
                              nn.Hardtanh(), nn.PReLU(), nn.Linear(8, 1))
        opt = minigrad.optim.SGD(model.parameters(), lr=0.1)

        def step(x, y):
            opt.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
            return loss
        run = minigrad.compile(step) if compiled else step
        rng = np.random.default_rng(1)
        losses = [float(run(minigrad.tensor(rng.standard_normal((5, 4)).astype(np.float32)),
                            minigrad.tensor(rng.standard_normal((5, 1)).astype(np.float32)))) for _ in range(5)]
        return losses, [p.detach().numpy() for p in model.parameters()]
    eager, compiled = train(False), train(True)
    assert eager[0] == compiled[0]
    assert all(np.array_equal(a, b) for a, b in zip(eager[1], compiled[1]))


# ---------------------------------------------------------------------- bad inputs, as PyTorch refuses them
BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])


@BOTH
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool"])
@pytest.mark.parametrize("form", ["function", "in place", "module"])
def test_leaky_relu_of_an_integer_or_bool_tensor_is_torchs_not_implemented_error(L, dtype, form):
    x = L.tensor([1, 0, 1]).to(getattr(L, dtype))
    forms = {"function": lambda: L.nn.functional.leaky_relu(x), "in place": lambda: L.nn.functional.leaky_relu_(x),
             "module": lambda: L.nn.LeakyReLU()(x)}
    with pytest.raises(NotImplementedError, match='"leaky_relu_cpu" not implemented for'):
        forms[form]()


@BOTH
@pytest.mark.parametrize("form", ["function", "in place", "module"])
def test_threshold_of_a_bool_tensor_is_torchs_not_implemented_error(L, form):
    x = L.tensor([True, False])
    forms = {"function": lambda: L.nn.functional.threshold(x, 0.5, 0.0),
             "in place": lambda: L.nn.functional.threshold_(x, 0.5, 0.0), "module": lambda: L.nn.Threshold(0.5, 0.0)(x)}
    with pytest.raises(NotImplementedError, match="\"threshold_cpu\" not implemented for 'Bool'"):
        forms[form]()


@BOTH
def test_hardtanh_of_uint8_with_a_negative_bound_is_torchs_runtime_error(L):
    with pytest.raises(RuntimeError, match="cannot do hardtanh on an unsigned type with negative limits"):
        L.nn.Hardtanh()(L.tensor([0, 1, 5], dtype=L.uint8))


@BOTH
def test_leaky_relu_takes_a_0_d_tensor_slope_as_torch(L):
    out = L.nn.functional.leaky_relu(L.tensor([-1.0, 2.0]), L.tensor(0.5))
    assert out.tolist() == [-0.5, 2.0]


@BOTH
@pytest.mark.parametrize("argument", ["beta", "threshold"])
def test_softplus_with_a_str_argument_is_torchs_type_error(L, argument):
    with pytest.raises(TypeError, match=f"softplus\\(\\): argument '{argument}' must be Number, not str"):
        L.nn.functional.softplus(L.ones(2), **{argument: "a"})


@BOTH
def test_gelu_with_approximate_none_is_torchs_type_error(L):
    with pytest.raises(TypeError, match="gelu\\(\\): argument 'approximate' must be str, not NoneType"):
        L.nn.functional.gelu(L.ones(2), approximate=None)
