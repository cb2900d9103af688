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


#: name -> (primal, tangent) of other layouts
LAYOUTS = {
    "transposed tangent": lambda L: (L.zeros(3, 4), L.ones(4, 3).T),
    "transposed primal": lambda L: (L.zeros(4, 3).T, L.ones(3, 4)),
    "primal a column slice": lambda L: (L.zeros(4, 4)[:, :2], L.ones(4, 2)),
    "tangent a column slice": lambda L: (L.zeros(4, 2), L.ones(4, 4)[:, 1:3]),
    "tangent expanded": lambda L: (L.zeros(4, 2), L.ones(1, 2).expand(4, 2)),
    "other storage offsets": lambda L: (L.zeros(4, 2, 4)[..., 1], L.ones(4, 2, 4)[..., 2]),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_a_tangent_laid_out_otherwise_than_its_primal_is_copied_to_the_primals_layout(name):
    seen = []
    for L in (minigrad, torch):
        primal, tangent = LAYOUTS[name](L)
        fw = L.autograd.forward_ad
        with fw.dual_level():
            kept = fw.unpack_dual(fw.make_dual(primal, tangent)).tangent
            seen.append((kept is tangent, kept.stride(), kept.storage_offset(), kept.tolist()))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_tangent_laid_out_as_its_primal_is_kept_even_of_another_dtype(lib):
    fw = lib.autograd.forward_ad
    primal = lib.zeros(3, 2)
    with fw.dual_level():
        for tangent in (lib.ones(3, 2), lib.ones(3, 2, dtype=lib.float64)):
            assert fw.unpack_dual(fw.make_dual(primal, tangent)).tangent is tangent


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


def _scaling_function(L, with_jvp):
    class Scale(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, y, k):
            ctx.save_for_forward(y)
            return x * y * k

        @staticmethod
        def backward(ctx, g):
            raise RuntimeError("backward is not what forward mode calls")

    if with_jvp:
        def jvp(ctx, tx, ty, tk):
            (y,) = ctx.saved_tensors
            assert tk is None and ty.tolist() == [0.0, 0.0]  # (no tangent: zeros for a Tensor, None else)
            return tx * y * 5
        Scale.jvp = staticmethod(jvp)
    return Scale


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_functions_jvp_gives_its_outputs_tangent_and_its_backward_is_not_called(lib):
    fw = lib.autograd.forward_ad
    Scale = _scaling_function(lib, with_jvp=True)
    x = lib.tensor([1.0, 2.0], dtype=lib.float64)
    with fw.dual_level():
        d = fw.make_dual(x, lib.tensor([1.0, -1.0], dtype=lib.float64))
        out = Scale.apply(d, lib.tensor([2.0, 3.0], dtype=lib.float64), 3)
        assert fw.unpack_dual(out).tangent.tolist() == [10.0, -15.0]
        # downstream of the Function: its jvp's tangent, the dual's own once more, counted once each
        assert fw.unpack_dual((out * d).sum()).tangent.item() == 10.0 + 6.0 - 30.0 - 18.0


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_function_without_jvp_applied_to_a_dual_raises_not_implemented_error(lib):
    fw = lib.autograd.forward_ad
    Scale = _scaling_function(lib, with_jvp=False)
    with fw.dual_level():
        d = fw.make_dual(lib.ones(2), lib.ones(2))
        assert Scale.apply(lib.ones(2), lib.ones(2), 1).tolist() == [1.0, 1.0]  # (no tangent: no jvp needed)
        with pytest.raises(NotImplementedError, match="You must implement the jvp function"):
            Scale.apply(d * 2, lib.ones(2), 1)


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_dual_of_an_integer_primal_or_tangent_raises_value_error(lib):
    fw = lib.autograd.forward_ad
    with fw.dual_level():
        with pytest.raises(ValueError, match="Expected primal to be floating point or complex, but got: torch.int64"):
            fw.make_dual(lib.ones(2, dtype=lib.int64), lib.ones(2))
        with pytest.raises(ValueError, match="Expected tangent to be floating point or complex, but got: torch.bool"):
            fw.make_dual(lib.ones(2), lib.ones(2, dtype=lib.bool))


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_second_level_inside_the_first_raises_runtime_error(lib):
    fw = lib.autograd.forward_ad
    with fw.dual_level():
        with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported at the moment"):
            fw.enter_dual_level()


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_dual_made_from_a_plain_tensor_does_not_require_grad_after_its_level(lib):
    fw = lib.autograd.forward_ad
    with fw.dual_level():
        d = fw.make_dual(lib.ones(2), lib.ones(2))
    assert not d.requires_grad and d.is_leaf


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_exiting_a_level_when_none_is_open_raises_runtime_error(lib):
    with pytest.raises(RuntimeError, match="Dual level must be a positive number"):
        lib.autograd.forward_ad.exit_dual_level()
