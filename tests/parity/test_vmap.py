"""vmap against torch.vmap: values and input gradients for mapped and unmapped arguments, in_dims
and out_dims (negative, nested, None), composition with func.grad, and PyTorch's errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

LIBS = (minigrad, torch)


def _example(L, x, y):
    return (x * y).sum(-1) + x.tanh().mean() * y[..., :1]


def _run(L, x, y, in_dims, out_dims):
    xt, yt = L.tensor(x, requires_grad=True), L.tensor(y, requires_grad=True)
    out = L.vmap(lambda a, b: _example(L, a, b), in_dims=in_dims, out_dims=out_dims)(xt, yt)
    (out * out).sum().backward()
    return out.detach().numpy(), xt.grad.numpy(), yt.grad.numpy()


@settings(deadline=None)
@given(batch=st.integers(1, 4), n=st.integers(1, 4), x_dim=st.sampled_from([0, 1, -1, -2]),
       y_mapped=st.booleans(), out_dims=st.sampled_from([0, 1, -1]), seed=st.integers(0, 2 ** 16))
def test_vmap_matches_pytorch_in_values_and_gradients(batch, n, x_dim, y_mapped, out_dims, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, n) if x_dim in (0, -2) else (n, batch))
    y = rng.standard_normal((batch, n) if y_mapped else (n,))
    in_dims = (x_dim, 0 if y_mapped else None)
    for a, b in zip(_run(minigrad, x, y, in_dims, out_dims), _run(torch, x, y, in_dims, out_dims)):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


def test_nested_outputs_take_their_own_out_dims():
    for L in LIBS:
        out = L.vmap(lambda x: (x, {"twice": x * 2}), out_dims=(1, 0))(L.ones(2, 3))
        assert tuple(out[0].shape) == (3, 2) and tuple(out[1]["twice"].shape) == (2, 3)


def test_per_example_gradients_with_func_grad_match_pytorch():
    w = np.random.default_rng(0).standard_normal((5, 3))
    got = [L.func.vmap(L.func.grad(lambda r: (r.sin() * r).sum()))(L.tensor(w)).numpy() for L in LIBS]
    np.testing.assert_allclose(got[0], got[1], rtol=1e-7, atol=1e-12)


def test_an_unmapped_argument_is_passed_whole():
    for L in LIBS:
        seen = []
        L.vmap(lambda x, y: seen.append(tuple(y.shape)) or x, in_dims=(0, None))(L.ones(2, 3), L.ones(4))
        assert seen and all(s == (4,) for s in seen)  # (PyTorch calls the function once, batched)


def test_random_ops_raise_in_error_mode():
    for L in LIBS:
        with pytest.raises(RuntimeError, match="randomness"):
            L.vmap(lambda x: x + L.rand(3))(L.ones(2, 3))


def test_same_randomness_gives_every_example_the_same_draws():
    out = minigrad.vmap(lambda x: x + minigrad.rand(3), randomness="same")(minigrad.zeros(4, 3))
    assert (out == out[0]).all()


@pytest.mark.parametrize("call", [
    lambda L: L.vmap(lambda x, y: x + y)(L.ones(2, 3), L.ones(3, 3)),
    lambda L: L.vmap(lambda x, y: x + y, in_dims=(0, 0))(L.ones(2, 3), 3),
    lambda L: L.vmap(lambda x: x, in_dims=None)(L.ones(2)),
    lambda L: L.vmap(lambda x: 3)(L.ones(2)),
    lambda L: L.vmap(lambda x: x, in_dims=(0, 1))(L.ones(2)),
    lambda L: L.vmap(lambda x: x, in_dims=2)(L.ones(2, 3)),
], ids=["sizes differ", "number mapped", "in_dims None", "number returned", "in_dims too long", "dim out of range"])
def test_bad_calls_raise_value_error_as_pytorch(call):
    for L in LIBS:
        with pytest.raises(ValueError):
            call(L)


def test_unknown_randomness_raises_runtime_error():
    for L in LIBS:
        with pytest.raises(RuntimeError, match="randomness"):
            L.vmap(lambda x: x, randomness="sometimes")
