"""func.functional_call (and nn.utils.stateless's) against PyTorch: the module run with given
parameters and buffers, its own put back, gradients reaching the given tensors."""
import importlib

import numpy as np
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]


def _net(L):
    L.manual_seed(0)
    return L.nn.Sequential(L.nn.Linear(3, 4), L.nn.Tanh(), L.nn.Linear(4, 2))


def _func(L):
    return importlib.import_module(L.__name__ + ".func")


def _given(L, net, scale=0.5):
    return {k: (v.detach() * scale).requires_grad_() for k, v in net.named_parameters()}


def test_functional_call_uses_the_given_parameters_and_their_gradients_as_torch():
    results = []
    for L in LIBS:
        net = _net(L)
        params = _given(L, net)
        x = L.tensor(np.linspace(-1, 1, 6).reshape(2, 3), dtype=L.float32)
        out = _func(L).functional_call(net, params, (x,))
        out.sum().backward()
        results.append((out.detach().numpy(), [params[k].grad.numpy() for k in sorted(params)],
                        [p.grad for p in net.parameters()]))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-6)
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert results[0][2] == results[1][2] == [None] * 4


def test_functional_call_puts_the_modules_own_parameters_back_even_when_the_call_raises():
    net = _net(minigrad)
    before = {k: v for k, v in net.named_parameters()}
    with pytest.raises(RuntimeError):
        minigrad.func.functional_call(net, _given(minigrad, net), (minigrad.ones(2, 5),))
    assert {k: v for k, v in net.named_parameters()} == before
    assert all(type(v) is minigrad.nn.Parameter for v in net.parameters())


@pytest.mark.parametrize("call", [
    lambda F, L, net: F.functional_call(net, {"0.weight": L.zeros(4, 3)}, L.ones(1, 3), strict=True),
    lambda F, L, net: F.functional_call(net, ({"0.bias": L.zeros(4)}, {"0.bias": L.ones(4)}), L.ones(1, 3)),
])
def test_functional_call_refusals_are_torchs(call):
    errors = []
    for L in LIBS:
        with pytest.raises((RuntimeError, ValueError)) as info:
            call(_func(L), L, _net(L))
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1]


def test_functional_call_ties_shared_parameters_as_torch():
    outs = []
    for L in LIBS:
        net = _net(L)
        net.add_module("3", L.nn.Linear(2, 2))
        net[3].weight = L.nn.Parameter(L.eye(2))
        net.add_module("4", L.nn.Linear(2, 2, bias=False))
        net[4].weight = net[3].weight  # one parameter under two names
        out = _func(L).functional_call(net, {"3.weight": 2 * L.eye(2)}, (L.ones(1, 3),))
        outs.append(out.detach().numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-6)


def test_stateless_functional_call_warns_and_calls():
    net = _net(minigrad)
    with pytest.warns(FutureWarning):
        out = minigrad.nn.utils.stateless.functional_call(net, {}, (minigrad.ones(1, 3),))
    assert out.shape == (1, 2)
