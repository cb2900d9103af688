"""``autograd.forward_ad``: dual tensors' tangents against PyTorch's forward mode (values of
Jacobian-vector products through composite functions), levels and errors."""
import warnings

import numpy as np
import pytest
import torch
import torch.autograd.forward_ad
from hypothesis import given

import minigrad
import minigrad.autograd.forward_ad

from tests.parity import strategies as S

@pytest.fixture(autouse=True)
def _quiet_torch_forward_mode():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (PyTorch's forward mode warns about its own jit)
        yield


FUNCTIONS = {
    "sin of square": lambda L, x, y: (x ** 2).sin(),
    "two duals": lambda L, x, y: x * y.exp() + (x / (1 + y * y)),
    "matrix product": lambda L, x, y: (x.reshape(2, 2) @ y.reshape(2, 2)).tanh().sum(0),
    "softmax": lambda L, x, y: L.softmax(x * y, 0),
}


def _tangent(lib, name, x, y, tx, ty):
    fw = lib.autograd.forward_ad
    with fw.dual_level():
        dx = fw.make_dual(lib.tensor(x), lib.tensor(tx))
        dy = fw.make_dual(lib.tensor(y), lib.tensor(ty))
        out = fw.unpack_dual(FUNCTIONS[name](lib, dx, dy))
        return out.primal.numpy(), out.tangent.numpy()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@given(seed=S.seeds)
def test_tangents_match_pytorchs_forward_mode(name, seed):
    rng = np.random.default_rng(seed)
    x, y, tx, ty = (rng.standard_normal(4) for _ in range(4))
    ours, theirs = _tangent(minigrad, name, x, y, tx, ty), _tangent(torch, name, x, y, tx, ty)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_dual_unpacks_to_its_primal_and_tangent_and_a_plain_tensor_has_none(lib):
    fw = lib.autograd.forward_ad
    x, t = lib.tensor([1.0, 2.0]), lib.tensor([0.5, -1.0])
    with fw.dual_level():
        primal, tangent = fw.unpack_dual(fw.make_dual(x, t))
        assert primal.tolist() == [1.0, 2.0] and tangent.tolist() == [0.5, -1.0]
        assert fw.unpack_dual(x).tangent is None
        assert fw.unpack_dual(fw.make_dual(x, t).detach() * 2).tangent is None


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_tangents_are_forgotten_when_the_level_closes(lib):
    fw = lib.autograd.forward_ad
    with fw.dual_level():
        y = fw.make_dual(lib.ones(2), lib.ones(2)) * 3
    assert fw.unpack_dual(y).tangent is None


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_making_a_dual_outside_a_level_or_with_a_wrong_shape_raises_runtime_error(lib):
    fw = lib.autograd.forward_ad
    with pytest.raises(RuntimeError, match="no level exists"):
        fw.make_dual(lib.ones(2), lib.ones(2))
    with fw.dual_level():
        with pytest.raises(RuntimeError, match="different size"):
            fw.make_dual(lib.ones(2), lib.ones(3))


def test_a_dual_computation_still_backpropagates_to_parameters():
    fw = minigrad.autograd.forward_ad
    w = minigrad.ones(3, requires_grad=True)
    with fw.dual_level():
        y = (fw.make_dual(minigrad.tensor([1.0, 2.0, 3.0]), minigrad.tensor([1.0, 0.0, 0.5])) * w).sum()
        assert fw.unpack_dual(y).tangent.item() == 1.5
        y.backward()
    assert w.grad.tolist() == [1.0, 2.0, 3.0]
