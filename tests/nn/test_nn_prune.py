"""``nn.utils.prune`` against ``torch.nn.utils.prune``: the masks each method computes (random
ones after the same seed), how repeated pruning narrows them, the reparametrisation
(``<name>_orig``, ``<name>_mask``, the pre-hook), ``remove``, ``global_unstructured`` and the errors."""
import numpy as np
import pytest
import torch
import torch.nn.utils.prune

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _net(lib, seed=0):
    rng = np.random.default_rng(seed)
    net = lib.nn.Sequential(lib.nn.Conv2d(2, 4, 3), lib.nn.Flatten(), lib.nn.Linear(16, 3))
    with lib.no_grad():
        for p in net.parameters():
            p.copy_(lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=lib.float64))
    return net.double()


def _both(prune_steps):
    results = []
    for lib in (minigrad, torch):
        lib.manual_seed(0)
        net = _net(lib)
        prune_steps(lib.nn.utils.prune, net)
        x = lib.tensor(np.random.default_rng(1).standard_normal((2, 2, 4, 4)))
        out = net(x).square().sum()
        out.backward()
        results.append({"state": {k: v.detach().numpy() for k, v in net.state_dict().items()},
                        "grads": {n: p.grad.numpy() for n, p in net.named_parameters()}, "out": out.item()})
    ours, theirs = results
    assert ours["state"].keys() == theirs["state"].keys() and ours["grads"].keys() == theirs["grads"].keys()
    for key in ours["state"]:
        np.testing.assert_allclose(ours["state"][key], theirs["state"][key], rtol=1e-12)
    for key in ours["grads"]:
        np.testing.assert_allclose(ours["grads"][key], theirs["grads"][key], rtol=1e-7, atol=1e-12)
    assert ours["out"] == pytest.approx(theirs["out"], rel=1e-9)


STEPS = {
    "l1 by fraction": lambda P, net: P.l1_unstructured(net[2], "weight", amount=0.3),
    "l1 by count": lambda P, net: P.l1_unstructured(net[0], "weight", amount=7),
    "random": lambda P, net: P.random_unstructured(net[2], "bias", amount=1),
    "ln structured": lambda P, net: P.ln_structured(net[0], "weight", amount=0.5, n=2, dim=0),
    "l1-norm structured along inputs": lambda P, net: P.ln_structured(net[2], "weight", amount=4, n=1, dim=1),
    "random structured": lambda P, net: P.random_structured(net[0], "weight", amount=2, dim=1),
    "identity": lambda P, net: P.identity(net[0], "bias"),
    "custom mask": lambda P, net: P.custom_from_mask(
        net[0], "bias", mask=net[0].bias.detach() > 0),
    "repeated: structured then unstructured": lambda P, net: (
        P.ln_structured(net[0], "weight", amount=1, n=2, dim=0), P.l1_unstructured(net[0], "weight", amount=0.4)),
    "repeated: unstructured then random structured": lambda P, net: (
        P.l1_unstructured(net[2], "weight", amount=10), P.random_structured(net[2], "weight", amount=1, dim=0)),
    "global": lambda P, net: P.global_unstructured(
        [(net[0], "weight"), (net[2], "weight"), (net[2], "bias")], pruning_method=P.L1Unstructured, amount=0.5),
    "importance scores": lambda P, net: P.l1_unstructured(
        net[2], "weight", amount=0.5, importance_scores=net[2].weight.detach().flip(0)),
    "removed": lambda P, net: (P.l1_unstructured(net[2], "weight", amount=0.3), P.remove(net[2], "weight")),
}


@pytest.mark.parametrize("case", sorted(STEPS))
def test_pruned_state_dicts_outputs_and_gradients_match_pytorch(case):
    _both(STEPS[case])


@LIBS
def test_pruning_moves_the_parameter_to_orig_and_keeps_the_mask_as_a_buffer(lib):
    net = _net(lib)
    lib.nn.utils.prune.l1_unstructured(net[2], "weight", amount=0.25)
    assert [n for n, _ in net[2].named_parameters()] == ["bias", "weight_orig"]
    assert [n for n, _ in net[2].named_buffers()] == ["weight_mask"]
    assert lib.nn.utils.prune.is_pruned(net) and int((net[2].weight == 0).sum()) == 12


@LIBS
def test_remove_makes_the_pruned_values_the_parameter(lib):
    net = _net(lib)
    P = lib.nn.utils.prune
    P.l1_unstructured(net[2], "weight", amount=0.25)
    P.remove(net[2], "weight")
    assert [n for n, _ in net[2].named_parameters()] == ["bias", "weight"] and not P.is_pruned(net)
    assert int((net[2].weight == 0).sum()) == 12


@LIBS
@pytest.mark.parametrize("amount,error", [(1.5, ValueError), (-1, ValueError), (100, ValueError), ("a", TypeError)])
def test_bad_amounts_raise_pytorchs_errors_and_leave_the_parameters(lib, amount, error):
    net = _net(lib)
    with pytest.raises(error):
        lib.nn.utils.prune.l1_unstructured(net[2], "weight", amount=amount)
    assert sorted(n for n, _ in net[2].named_parameters()) == ["bias", "weight"] and not list(net[2].buffers())


@pytest.mark.parametrize("amount", [1.5, 100])
def test_a_failed_pruning_keeps_the_parameters_in_their_order(amount):
    net = _net(minigrad)
    with pytest.raises(ValueError):
        minigrad.nn.utils.prune.l1_unstructured(net[2], "weight", amount=amount)
    assert [n for n, _ in net[2].named_parameters()] == ["weight", "bias"]


@LIBS
def test_removing_an_unpruned_tensor_raises_value_error(lib):
    with pytest.raises(ValueError, match="has to be pruned before pruning can be removed"):
        lib.nn.utils.prune.remove(_net(lib)[2], "weight")


@LIBS
def test_structured_pruning_of_a_vector_raises_value_error(lib):
    with pytest.raises(ValueError, match="Structured pruning can only be applied to multidimensional tensors"):
        lib.nn.utils.prune.ln_structured(_net(lib)[2], "bias", amount=1, n=2, dim=0)
