"""Lazy layers against PyTorch: the printed form and state before the first call, the sizes,
seeded initial values, class and output after it, loading a checkpoint into a lazy layer, and
the errors; plus nn.Buffer and the uninitialised placeholders."""
import copy

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from tests.parity.helpers import check

LAZY = ["nn.LazyConv1d(4, 3)", "nn.LazyConv1d(4, 3, padding='same', padding_mode='reflect', bias=False)",
        "nn.LazyConv2d(4, 3, stride=2, padding=1)", "nn.LazyConv2d(6, (2, 3), groups=2, dilation=(1, 2))",
        "nn.LazyConvTranspose1d(4, 3, stride=2, bias=False)", "nn.LazyConvTranspose2d(4, (2, 3), groups=2)",
        "nn.LazyConvTranspose2d(3, 2, stride=2, output_padding=1)",
        "nn.LazyBatchNorm1d()", "nn.LazyBatchNorm1d(track_running_stats=False)", "nn.LazyBatchNorm2d(affine=False)",
        "nn.LazyBatchNorm2d(momentum=None, bias=False)", "nn.LazyInstanceNorm1d()",
        "nn.LazyInstanceNorm2d(affine=False, track_running_stats=False)", "nn.LazyInstanceNorm2d(eps=0.1)",
        "nn.LazyLinear(3)", "nn.LazyConv3d(4, 2)",
        "nn.LazyConv3d(6, (1, 2, 3), stride=(1, 2, 1), groups=2, bias=False)", "nn.LazyConvTranspose3d(4, 2, stride=2)",
        "nn.LazyConvTranspose3d(4, (2, 1, 2), groups=2, output_padding=(1, 0, 0), "
        "stride=(2, 1, 2))", "nn.LazyBatchNorm3d()", "nn.LazyBatchNorm3d(affine=False, momentum=0.3)",
        "nn.LazyInstanceNorm3d()", "nn.LazyInstanceNorm3d(affine=False, track_running_stats=False)"]


def _make(L, expr, seed=0):
    L.manual_seed(seed)
    return eval(expr, {"nn": L.nn})


def _input(expr, batched=True, channels=4, dtype=np.float32):
    spatial = (5,) if "1d" in expr or "Linear" in expr else (4, 3, 5) if "3d" in expr else (5, 6)
    shape = ((2,) if batched else ()) + (channels,) + spatial
    return np.random.default_rng(0).standard_normal(shape).astype(dtype)


def _state_types(module):
    return {k: type(v).__name__ for k, v in module.state_dict().items()}


@pytest.mark.parametrize("expr", LAZY)
def test_lazy_layer_before_its_first_call_is_torchs(expr):
    mine, theirs = _make(minigrad, expr), _make(torch, expr)
    assert repr(mine) == repr(theirs)
    assert type(mine).__name__ == type(theirs).__name__
    assert _state_types(mine) == _state_types(theirs)
    assert mine.has_uninitialized_params() == theirs.has_uninitialized_params()


@pytest.mark.filterwarnings("ignore:input's size at dim")  # (an InstanceNorm left at 0 features warns, as PyTorch's)
@pytest.mark.parametrize("expr", LAZY)
def test_first_call_sizes_initialises_and_converts_as_torch(expr):
    x = _input(expr)
    mine, theirs = _make(minigrad, expr), _make(torch, expr)
    with torch.no_grad():
        expected = theirs(torch.tensor(x)).numpy()
    with minigrad.no_grad():
        out = mine(minigrad.tensor(x)).numpy()
    assert repr(mine) == repr(theirs) and type(mine).__name__ == type(theirs).__name__
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    mine_state, their_state = mine.state_dict(), theirs.state_dict()
    assert list(mine_state) == list(their_state)
    for key, value in their_state.items():  # (running statistics: float32 sums may round apart)
        np.testing.assert_allclose(mine_state[key].numpy(), value.numpy(), rtol=1e-6, atol=1e-7, err_msg=key)


@given(data=st.data(), expr=st.sampled_from([e for e in LAZY if "Norm" not in e]), seed=st.integers(0, 2**16))
def test_initialised_lazy_layer_output_and_gradients_match_torch(data, expr, seed):
    channels = data.draw(st.sampled_from([2, 4]))
    x = _input(expr, batched=data.draw(st.booleans()), channels=channels, dtype=np.float64)
    names = [n for n, _ in _make(torch, expr).named_parameters()]

    def fn(L, x):
        layer = _make(L, expr, seed).double()
        out = layer(x)
        return (out,) + tuple(getattr(layer, n) for n in names)

    check(fn, x, seed=seed)


@pytest.mark.parametrize("expr", ["nn.LazyConv2d(4, 3)", "nn.LazyConvTranspose1d(4, 3, groups=2)",
                                  "nn.LazyBatchNorm2d()", "nn.LazyInstanceNorm1d()", "nn.LazyLinear(3)",
                                  "nn.LazyConv3d(4, 2)", "nn.LazyConvTranspose3d(4, 2, groups=2)",
                                  "nn.LazyBatchNorm3d()", "nn.LazyInstanceNorm3d()"])
def test_lazy_layer_loads_a_torch_checkpoint(expr):
    x = _input(expr)
    theirs = _make(torch, expr, seed=5)
    with torch.no_grad():
        theirs(torch.tensor(x))
    mine = _make(minigrad, expr)
    mine.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    theirs.eval()
    mine.eval()
    with torch.no_grad():
        expected = theirs(torch.tensor(x)).numpy()
    np.testing.assert_allclose(mine(minigrad.tensor(x)).detach().numpy(), expected, rtol=1e-5, atol=1e-6)
    assert type(mine).__name__ == type(theirs).__name__


def test_lazy_layer_inside_a_model_is_sized_by_its_input():
    x = np.random.default_rng(0).standard_normal((2, 3, 8, 8)).astype(np.float32)
    outs = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        net = L.nn.Sequential(L.nn.LazyConv2d(4, 3), L.nn.LazyBatchNorm2d(), L.nn.ReLU(), L.nn.Flatten(),
                              L.nn.LazyLinear(2))
        outs.append((net(L.tensor(x)).detach().numpy(), repr(net)))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-5, atol=1e-6)
    assert outs[0][1] == outs[1][1]


def test_deepcopy_of_a_lazy_layer_stays_lazy():
    twin = copy.deepcopy(minigrad.nn.LazyBatchNorm1d())
    assert twin.has_uninitialized_params() and type(twin).__name__ == "LazyBatchNorm1d"
    twin(minigrad.ones(2, 3))
    assert twin.num_features == 3 and type(twin).__name__ == "BatchNorm1d"


@pytest.mark.parametrize("expr, shape", [("nn.LazyConv1d(4, 3)", (5,)), ("nn.LazyConv2d(4, 3)", (1, 2, 3, 4, 5)),
                                         ("nn.LazyConv1d(4, 3, groups=2)", (3, 5)),
                                         ("nn.LazyInstanceNorm1d()", (3, 4)), ("nn.LazyConv3d(4, 2)", (2, 3, 4)),
                                         ("nn.LazyConvTranspose3d(4, 2, groups=3)", (1, 2, 3, 3, 3))])
def test_bad_first_input_raises_as_torch(expr, shape):
    with pytest.raises(Exception) as theirs:
        _make(torch, expr)(torch.ones(shape))
    with pytest.raises(type(theirs.value)):
        _make(minigrad, expr)(minigrad.ones(shape))


# ---------------------------------------------------------------------- Buffer
@pytest.mark.parametrize("persistent", [True, False])
def test_buffer_assigned_to_a_module_is_registered_as_torch(persistent):
    results = []
    for L in (minigrad, torch):
        module = L.nn.Module()
        module.stat = L.nn.Buffer(L.ones(2, requires_grad=True), persistent=persistent)
        results.append((type(module.stat).__name__, list(dict(module.named_buffers())), list(module.state_dict()),
                        module.stat.requires_grad, module.stat.grad_fn is None, isinstance(module.stat, L.nn.Buffer),
                        isinstance(L.ones(1), L.nn.Buffer)))
    assert results[0] == results[1]


def test_buffer_of_nothing_is_empty_and_persistent():
    mine, theirs = minigrad.nn.Buffer(), torch.nn.Buffer()
    assert tuple(mine.shape) == tuple(theirs.shape) and mine.persistent == theirs.persistent


@pytest.mark.parametrize("name", ["weight", "child"])
def test_buffer_over_a_parameter_or_child_raises_as_torch(name):
    errors = []
    for L in (minigrad, torch):
        module = L.nn.Linear(2, 2)
        module.child = L.nn.ReLU()
        with pytest.raises(Exception) as caught:
            setattr(module, name, L.nn.Buffer(L.ones(2)))
        errors.append(type(caught.value))
    assert errors[0] is errors[1]


def test_uninitialized_placeholders_print_as_torch():
    assert repr(minigrad.nn.UninitializedParameter()) == repr(torch.nn.UninitializedParameter())
    assert repr(minigrad.nn.UninitializedBuffer()) == repr(torch.nn.UninitializedBuffer())


# ---------------------------------------------------------------------- a placeholder used before the first call
BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
UNINITIALIZED_USE = "Attempted to use an uninitialized parameter in"
#: uses of a LazyLinear's weight (or the layer) that read its values before the first call
USES = {
    "numel": lambda L, m: m.weight.numel(),
    "dim": lambda L, m: m.weight.dim(),
    "add": lambda L, m: m.weight + 1,
    "sum": lambda L, m: m.weight.sum(),
    "index": lambda L, m: m.weight[0],
    "len": lambda L, m: len(m.weight),
    "linear": lambda L, m: L.nn.functional.linear(L.ones(2, 3), m.weight),
    "init.normal_": lambda L, m: L.nn.init.normal_(m.weight),
    "init.kaiming_uniform_": lambda L, m: L.nn.init.kaiming_uniform_(m.weight),
    "zeros_like": lambda L, m: L.zeros_like(m.weight),
    "count of parameters": lambda L, m: sum(p.numel() for p in m.parameters()),
    "parameters_to_vector": lambda L, m: L.nn.utils.parameters_to_vector(m.parameters()),
    "requires_grad_": lambda L, m: m.requires_grad_(False),
    "a lazy batch norm's running mean": lambda L, m: L.nn.LazyBatchNorm1d().running_mean + 1,
}


@BOTH
@pytest.mark.parametrize("use", USES.values(), ids=USES.keys())
def test_using_an_uninitialized_parameter_is_torchs_value_error(L, use):
    with pytest.raises(ValueError, match=UNINITIALIZED_USE):
        use(L, L.nn.LazyLinear(3))


@BOTH
@pytest.mark.parametrize("what", ["weight", "bias", "running_mean"])
def test_the_shape_of_an_uninitialized_parameter_or_buffer_is_torchs_runtime_error(L, what):
    layer = L.nn.LazyBatchNorm1d() if what == "running_mean" else L.nn.LazyLinear(3)
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized parameter or buffer"):
        getattr(layer, what).shape


@BOTH
def test_an_uninitialized_parameter_gives_its_size_dtype_and_device_as_torch(L):
    weight = L.nn.LazyLinear(3, dtype=L.float64).weight
    assert (tuple(weight.size()), weight.dtype, weight.device.type, weight.ndim, weight.requires_grad,
            weight.is_floating_point(), weight.grad) == ((0,), L.float64, "cpu", 1, True, True, None)


@BOTH
def test_an_uninitialized_parameter_converts_as_torch(L):
    weight = L.nn.LazyLinear(3).weight
    assert weight.to(L.float32) is weight and weight.float() is weight
    assert weight.double().dtype == L.float64


@BOTH
def test_a_lazy_layer_converted_before_its_first_call_runs_in_the_new_dtype(L):
    for layer, x in ((L.nn.LazyLinear(3), L.ones(2, 5)), (L.nn.LazyBatchNorm1d(), L.ones(4, 3))):
        layer.double()
        assert type(layer.weight).__name__ == "UninitializedParameter"
        assert layer(x.double()).dtype == L.float64 and layer.weight.dtype == L.float64


@BOTH
def test_a_lazy_layers_state_loads_into_another_lazy_layer(L):
    layer = L.nn.LazyLinear(3)
    layer.load_state_dict(L.nn.LazyLinear(3).state_dict())
    assert layer.has_uninitialized_params()
    assert tuple(layer(L.ones(2, 5)).shape) == (2, 3)


@BOTH
def test_a_lazy_layers_state_into_an_initialized_layer_is_refused_as_torch(L):
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized parameter"):
        L.nn.Linear(5, 3).load_state_dict(L.nn.LazyLinear(3).state_dict())


@BOTH
def test_weight_norm_refuses_a_lazy_layer_as_torch(L):
    with pytest.warns(FutureWarning), pytest.raises(ValueError, match="can't have uninitialized parameters"):
        L.nn.utils.weight_norm(L.nn.LazyLinear(3))


@BOTH
def test_sharing_the_memory_of_an_uninitialized_parameter_is_torchs_runtime_error(L):
    with pytest.raises(RuntimeError, match="Can't share memory on an uninitialized parameter"):
        L.nn.LazyLinear(3).weight.share_memory_()


@BOTH
def test_sharing_the_memory_of_a_lazy_module_is_torchs_runtime_error(L):
    with pytest.raises(RuntimeError, match="Can't share memory on an uninitialized parameter"):
        L.nn.LazyLinear(3).share_memory()


@BOTH
def test_share_memory_of_a_module_returns_the_module(L):
    layer = L.nn.Linear(2, 2)
    assert layer.share_memory() is layer
