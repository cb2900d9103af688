"""func.functional_call (and nn.utils.stateless's) against PyTorch: the module run with given
parameters and buffers, its own put back, gradients reaching the given tensors; func.stack_module_state,
whose stacked ensemble state vmap runs through functional_call."""
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
    lambda F, L, net: F.functional_call(net, {"0.bias": 1.0}, L.ones(1, 3)),
    lambda F, L, net: F.functional_call(net, {"0.weight": L.ones(4, 3), "2.bias": [1.0, 2.0]}, L.ones(1, 3)),
    lambda F, L, net: F.functional_call(net, {"not_a_parameter": 3}, L.ones(1, 3)),
])
def test_functional_call_refusals_are_torchs(call):
    errors = []
    for L in LIBS:
        with pytest.raises((RuntimeError, ValueError, TypeError)) as info:
            call(_func(L), L, _net(L))
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1]


def test_functional_call_refusing_a_value_leaves_the_modules_own_parameters():
    net = _net(minigrad)
    before = dict(net.named_parameters())
    with pytest.raises(TypeError, match="^1.0 is not an instance of torch.Tensor$"):
        minigrad.func.functional_call(net, {"0.weight": minigrad.zeros(4, 3), "0.bias": 1.0}, minigrad.ones(1, 3))
    assert dict(net.named_parameters()) == before


def test_functional_call_takes_none_for_a_parameter_as_torch():
    results = []
    for L in LIBS:
        layer = L.nn.Linear(3, 2)
        results.append(tuple(_func(L).functional_call(layer, {"bias": None}, L.ones(1, 3)).shape))
    assert results[0] == results[1] == (1, 2)


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


def _ensemble(L, n=3):
    L.manual_seed(0)
    return [L.nn.Sequential(L.nn.Linear(3, 4), L.nn.BatchNorm1d(4), L.nn.Linear(4, 2)) for _ in range(n)]


def test_stack_module_state_stacks_each_parameter_and_buffer_as_new_leaves_as_torch():
    seen = []
    for L in LIBS:
        models = _ensemble(L)
        models[0][2].bias.requires_grad_(False), models[1][2].bias.requires_grad_(False)
        models[2][2].bias.requires_grad_(False)
        params, buffers = _func(L).stack_module_state(models)
        seen.append([(k, tuple(v.shape), str(v.dtype)[-7:], v.requires_grad, v.is_leaf, v.detach().numpy().tolist())
                     for d in (params, buffers) for k, v in d.items()])
        assert params["0.weight"].data_ptr() != models[0][0].weight.data_ptr()
    assert seen[0] == seen[1]


def test_vmap_of_functional_call_over_stacked_state_runs_each_model_as_torch():
    outs = []
    for L in LIBS:
        models = [m.double().eval() for m in _ensemble(L)]
        params, buffers = _func(L).stack_module_state(models)
        x = L.tensor(np.linspace(-1, 1, 6).reshape(2, 3), dtype=L.float64)
        call = lambda p, b, x: _func(L).functional_call(models[0], (p, b), (x,))  # noqa: E731
        out = _func(L).vmap(call, in_dims=(0, 0, None))(params, buffers, x)
        np.testing.assert_allclose(out[1].detach().numpy(), models[1](x).detach().numpy(), rtol=1e-7)
        outs.append(out.detach().numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-7)


@pytest.mark.parametrize("models", [
    lambda L: [], lambda L: [L.nn.Linear(2, 3), L.nn.Linear(2, 3).eval()], lambda L: [L.nn.Linear(2, 3), L.nn.Conv1d(2, 3, 1)],
    lambda L: [L.nn.Linear(2, 3), L.nn.Linear(2, 3).requires_grad_(False)],
    lambda L: [L.nn.Linear(2, 3), L.nn.Linear(3, 3)]], ids=["none", "modes", "classes", "requires_grad", "sizes"])
def test_stack_module_state_refusals_are_torchs(models):
    errors = []
    for L in LIBS:
        with pytest.raises(RuntimeError) as info:
            _func(L).stack_module_state(models(L))
        errors.append(str(info.value))
    assert errors[0] == errors[1]


def test_replace_all_batch_norm_modules_drops_running_statistics_in_place_as_torch():
    seen = []
    for L in LIBS:
        net = L.nn.Sequential(L.nn.Conv1d(2, 3, 1), L.nn.BatchNorm1d(3), L.nn.Sequential(L.nn.BatchNorm2d(3)),
                              L.nn.InstanceNorm1d(3, track_running_stats=True))
        assert _func(L).replace_all_batch_norm_modules_(net) is net
        tracking = [m.track_running_stats for m in net.modules() if hasattr(m, "track_running_stats")]
        seen.append((repr(net), list(net.state_dict()), tracking))
    assert seen[0] == seen[1]


def test_vmap_of_grad_through_a_network_with_batch_norms_replaced_gives_torchs_per_sample_gradients():
    grads = []
    for L in LIBS:
        net = _func(L).replace_all_batch_norm_modules_(_ensemble(L, 1)[0].double())
        params = {k: v.detach() for k, v in net.named_parameters()}
        x = L.tensor(np.linspace(-1, 1, 30).reshape(2, 5, 3) ** 2)

        def loss(p, x):
            return (_func(L).functional_call(net, p, (x,)) ** 2).mean()
        per_sample = _func(L).vmap(_func(L).grad(loss), in_dims=(None, 0))(params, x)
        grads.append({k: g.numpy() for k, g in per_sample.items()})
    for k in grads[1]:
        np.testing.assert_allclose(grads[0][k], grads[1][k], rtol=1e-7, atol=1e-12)
