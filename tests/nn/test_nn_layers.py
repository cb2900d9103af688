"""Layers: Linear (init, errors), LazyLinear, containers, Flatten, Identity, Dropout, activations."""
import math
from collections import OrderedDict

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.nn as nn
import minigrad.nn.functional as F


def test_linear_default_init_is_uniform_within_pytorch_bound():
    lin = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w, b = lin.weight.detach().numpy(), lin.bias.detach().numpy()
    assert w.shape == (300, 400) and b.shape == (300,)
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    # U(-a, a) has std a / sqrt(3)
    np.testing.assert_allclose(w.std(), bound / math.sqrt(3), rtol=0.02)
    assert abs(w.mean()) < 0.01 * bound * 10


def test_linear_parameters_require_grad_and_are_float32():
    lin = nn.Linear(3, 2)
    assert isinstance(lin.weight, nn.Parameter) and lin.weight.requires_grad
    assert lin.weight.dtype == minigrad.float32


def test_linear_dtype_argument():
    assert nn.Linear(3, 2, dtype=minigrad.float64).weight.dtype == minigrad.float64


def test_linear_without_bias_registers_none():
    lin = nn.Linear(3, 2, bias=False)
    assert lin.bias is None and list(lin.state_dict()) == ["weight"]


@pytest.mark.parametrize("shape", [(4, 3), (2, 5, 3), (3,)])
def test_linear_wrong_feature_size_names_both_shapes(shape):
    x = np.zeros(shape, np.float32)
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.Linear(2, 5)(torch.tensor(x))
    with pytest.raises(RuntimeError) as mine:
        nn.Linear(2, 5)(minigrad.tensor(x))
    assert str(mine.value) == str(theirs.value)


@given(batch=st.integers(0, 5), fin=st.integers(1, 6), fout=st.integers(1, 6), bias=st.booleans(),
       lead=st.lists(st.integers(1, 3), max_size=2))
def test_linear_forward_and_gradients_match_pytorch(batch, fin, fout, bias, lead):
    rng = np.random.default_rng(batch * 100 + fin * 10 + fout)
    x = rng.standard_normal((*lead, batch, fin))
    tl = torch.nn.Linear(fin, fout, bias=bias, dtype=torch.float64)
    ml = nn.Linear(fin, fout, bias=bias).double()
    ml.load_state_dict(tl.state_dict())
    tx, mx = torch.tensor(x, requires_grad=True), minigrad.tensor(x, requires_grad=True)
    ty, my = tl(tx), ml(mx)
    g = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.tensor(g))
    my.backward(minigrad.tensor(g))
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(ml.weight.grad.numpy(), tl.weight.grad.numpy(), rtol=1e-7, atol=1e-12)
    if bias:
        np.testing.assert_allclose(ml.bias.grad.numpy(), tl.bias.grad.numpy(), rtol=1e-7, atol=1e-12)


def test_linear_second_order_gradient_matches_pytorch():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((4, 3)), rng.standard_normal((2, 3)), rng.standard_normal(2)
    out = []
    for L, Fn in ((minigrad, F), (torch, torch.nn.functional)):
        tx, tw = L.tensor(x, requires_grad=True), L.tensor(w, requires_grad=True)
        y = Fn.linear(tx, tw, L.tensor(b)).tanh().sum()
        gx, = L.autograd.grad(y, tx, create_graph=True)
        (gx * gx).sum().backward()
        out.append(tw.grad.numpy())
    np.testing.assert_allclose(out[0], out[1], rtol=1e-7)


def test_lazy_linear_infers_in_features_at_first_call():
    lazy = nn.LazyLinear(3)
    y = lazy(minigrad.randn(2, 7))
    assert y.shape == (2, 3)
    assert type(lazy) is nn.Linear and lazy.in_features == 7
    assert lazy.weight.shape == (3, 7) and lazy.bias.shape == (3,)


def test_lazy_linear_parameters_given_to_optimizer_before_first_call_are_trained():
    lazy = nn.LazyLinear(1)
    params = list(lazy.parameters())
    opt = minigrad.optim.SGD(params, lr=0.1)
    lazy(minigrad.randn(4, 5)).sum().backward()
    before = lazy.weight.detach().clone()
    opt.step()
    assert params[0] is lazy.weight
    assert not bool((lazy.weight.detach() == before).all())


def test_identity_returns_input():
    x = minigrad.randn(2, 3)
    assert nn.Identity(54, unused="x")(x) is x


def test_flatten_matches_pytorch():
    x = np.arange(24.0).reshape(2, 3, 4)
    assert nn.Flatten()(minigrad.tensor(x)).shape == torch.nn.Flatten()(torch.tensor(x)).shape
    assert nn.Flatten(0, 1)(minigrad.tensor(x)).shape == (6, 4)


def test_sequential_indexing_slicing_len_iteration_append():
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    seq = nn.Sequential(a, b)
    assert len(seq) == 2 and seq[0] is a and seq[-1] is b
    assert list(seq) == [a, b]
    assert seq.append(c) is seq and seq[2] is c
    sub = seq[1:]
    assert isinstance(sub, nn.Sequential) and list(sub) == [b, c]
    assert list(sub.state_dict()) == ["2.weight", "2.bias"]  # slicing keeps names, as PyTorch
    with pytest.raises(IndexError):
        seq[3]
    assert seq(minigrad.randn(4, 2)).shape == (4, 1)


def test_sequential_slice_keys_match_pytorch():
    t = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert list(m[1:].state_dict()) == list(t[1:].state_dict())


def test_sequential_ordered_dict_form_and_delitem_renumbers():
    seq = nn.Sequential(OrderedDict([("a", nn.Linear(1, 1)), ("b", nn.ReLU())]))
    assert [n for n, _ in seq.named_children()] == ["a", "b"]
    seq2 = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())
    del seq2[0]
    assert [n for n, _ in seq2.named_children()] == ["0", "1"]
    assert isinstance(seq2[0], nn.Tanh)


def test_module_list_registers_and_indexes():
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(ml) == 3 and len(list(ml.parameters())) == 6
    ml.append(nn.ReLU())
    assert isinstance(ml[-1], nn.ReLU)
    assert isinstance(ml[:2], nn.ModuleList) and len(ml[:2]) == 2
    assert list(ml.state_dict())[:2] == ["0.weight", "0.bias"]
    ml.extend([nn.Tanh()])
    assert len(ml) == 5


def test_dropout_is_identity_in_eval_mode():
    d = nn.Dropout(0.5).eval()
    x = minigrad.randn(10, 10)
    assert d(x) is x


def test_dropout_scales_kept_elements_in_training():
    minigrad.manual_seed(0)
    d = nn.Dropout(0.25)
    x = minigrad.ones(200, 200, requires_grad=True)
    y = d(x)
    vals = np.unique(y.detach().numpy())
    np.testing.assert_allclose(sorted(vals), [0.0, 1 / 0.75], rtol=1e-6)
    frac = float((y == 0).float().mean())
    assert abs(frac - 0.25) < 0.02
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy() == 0, y.detach().numpy() == 0)


def test_dropout_p_one_zeroes_and_bad_p_raises():
    assert float(F.dropout(minigrad.ones(5), p=1.0).abs().sum()) == 0.0
    with pytest.raises(ValueError):
        nn.Dropout(1.5)


ACTS = [("ReLU", {}), ("LeakyReLU", {"negative_slope": 0.2}), ("Sigmoid", {}), ("Tanh", {}),
        ("Softmax", {"dim": 1}), ("LogSoftmax", {"dim": -1}), ("Softplus", {}), ("SiLU", {}), ("ELU", {}),
        ("Hardtanh", {}), ("Hardtanh", {"min_val": -2.0, "max_val": 6.0}), ("ReLU6", {}), ("SELU", {})]


@pytest.mark.parametrize("name,kwargs", ACTS)
def test_activation_modules_match_pytorch(name, kwargs):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 5)) * 3
    x[0, 0] = 0.0  # the kink
    x[1, :3] = -1.0, 1.0, 6.0  # hardtanh's and relu6's bounds (gradient 0 there)
    mx, tx = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    my, ty = getattr(nn, name)(**kwargs)(mx), getattr(torch.nn, name)(**kwargs)(tx)
    g = rng.standard_normal(x.shape)
    my.backward(minigrad.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("num_parameters, shape", [(1, (4, 3)), (3, (4, 3)), (3, (2, 3, 4, 4)), (1, (5,))])
def test_prelu_matches_pytorch_with_the_slopes_gradient(num_parameters, shape):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    x.flat[0] = 0.0
    g = rng.standard_normal(shape)
    grads = []
    for L in (minigrad, torch):
        layer = L.nn.PReLU(num_parameters, init=0.3, dtype=L.float64)
        t = L.tensor(x, requires_grad=True)
        y = layer(t)
        y.backward(L.tensor(g))
        grads.append((y.detach().numpy(), t.grad.numpy(), layer.weight.grad.numpy(), repr(layer)))
    for mine, theirs in zip(*grads):
        if isinstance(mine, str):
            assert mine == theirs
        else:
            np.testing.assert_allclose(mine, theirs, rtol=1e-7, atol=1e-12)


def test_prelu_with_slopes_for_another_number_of_channels_raises_runtime_error_as_torch():
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError, match="Mismatch of parameter numbers and input channel size"):
            L.nn.functional.prelu(L.ones(2, 3), L.ones(2))


def test_unflatten_matches_pytorch():
    x = np.arange(60.0).reshape(3, 20)
    for dim, sizes in ((1, (4, 5)), (-1, (2, -1, 5)), (0, [3, 1])):
        m, t = nn.Unflatten(dim, sizes), torch.nn.Unflatten(dim, sizes)
        assert m(minigrad.tensor(x)).tolist() == t(torch.tensor(x)).tolist() and repr(m) == repr(t)



@pytest.mark.parametrize("sizes", [(5, -1), (-1, 5), (0, -1), ()])
def test_unflatten_refuses_sizes_that_do_not_fit_with_pytorchs_message(sizes):
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.Unflatten(1, sizes)(torch.zeros(2, 12))
    with pytest.raises(RuntimeError) as mine:
        nn.Unflatten(1, sizes)(minigrad.zeros(2, 12))
    assert str(mine.value) == str(theirs.value)

def test_module_dict_registers_under_keys_like_pytorch():
    m = nn.ModuleDict({"enc": nn.Linear(2, 3), "dec": nn.Linear(3, 2)})
    t = torch.nn.ModuleDict({"enc": torch.nn.Linear(2, 3), "dec": torch.nn.Linear(3, 2)})
    assert list(m.state_dict()) == list(t.state_dict())
    assert list(m.keys()) == ["enc", "dec"] and "enc" in m and len(m) == 2
    assert repr(m) == repr(t)


def test_parameter_list_and_dict_register_parameters():
    pl = nn.ParameterList([minigrad.zeros(2), nn.Parameter(minigrad.ones(3))])
    assert [n for n, _ in pl.named_parameters()] == ["0", "1"]
    assert all(isinstance(p, nn.Parameter) for p in pl)
    pd = nn.ParameterDict({"a": minigrad.zeros(1)})
    assert list(pd.state_dict()) == ["a"] and isinstance(pd["a"], nn.Parameter)


BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
#: dropouts in training, each with an input of the rank it takes
DROPOUTS = {"dropout": (4,), "dropout1d": (2, 3, 4), "dropout2d": (2, 3, 4, 4), "dropout3d": (2, 3, 2, 2, 2),
            "alpha_dropout": (4,), "feature_alpha_dropout": (2, 3, 4)}


@BOTH
@pytest.mark.parametrize("name", DROPOUTS)
@pytest.mark.parametrize("inplace", [False, True], ids=["", "inplace"])
def test_dropout_of_a_complex_tensor_in_training_is_torchs_not_implemented_error(L, name, inplace):
    x = L.ones(DROPOUTS[name], dtype=L.complex64)
    with pytest.raises(NotImplementedError, match="\"bernoulli_scalar_cpu_\" not implemented for 'ComplexFloat'"):
        getattr(L.nn.functional, name)(x, 0.5, training=True, inplace=inplace)


@BOTH
def test_the_dropout_layer_of_a_complex_tensor_is_torchs_not_implemented_error(L):
    with pytest.raises(NotImplementedError, match="bernoulli_scalar_cpu_"):
        L.nn.Dropout()(L.ones(4, dtype=L.complex64))


@BOTH
@pytest.mark.parametrize("name", ["alpha_dropout", "feature_alpha_dropout"])
def test_alpha_dropout_of_an_integer_tensor_in_training_is_torchs_runtime_error(L, name):
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Int"):
        getattr(L.nn.functional, name)(L.ones(2, 3, 4, dtype=L.int32), 0.5, training=True)


@BOTH
@pytest.mark.parametrize("input_shape", [(2, 3), (3,), (4, 2, 3)], ids=["2-d", "1-d", "3-d"])
@pytest.mark.parametrize("bias", [False, True], ids=["", "bias"])
def test_linear_of_bool_tensors_is_torchs_not_implemented_error(L, input_shape, bias):
    b = L.ones(2, dtype=L.bool) if bias else None
    with pytest.raises(NotImplementedError, match="\"addmm_impl_cpu_\" not implemented for 'Bool'"):
        L.nn.functional.linear(L.ones(input_shape, dtype=L.bool), L.ones(2, 3, dtype=L.bool), b)
