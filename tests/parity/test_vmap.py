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


EMPTY_BATCH = {
    "sum": lambda L, x: L.func.vmap(L.sum)(x),
    "mul": lambda L, x: L.func.vmap(L.mul)(x, x),
    "matmul": lambda L, x: L.func.vmap(L.matmul, in_dims=(0, None))(x, L.ones(3, 4, dtype=L.float64)),
    "argmax": lambda L, x: L.func.vmap(lambda r: r.argmax())(x),
    "out_dims 1": lambda L, x: L.func.vmap(lambda r: r * 2, out_dims=1)(x),
    "tuple": lambda L, x: L.func.vmap(lambda r: (r.sum(), {"twice": r * 2}))(x),
    "in_dims 1": lambda L, x: L.func.vmap(L.sum, in_dims=1)(x.t()),
    "nested": lambda L, x: L.func.vmap(L.func.vmap(L.mul))(x[:, None], x[:, None]),
    "grad": lambda L, x: L.func.vmap(L.func.grad(lambda r: r.sin().sum()))(x),
}


@pytest.mark.parametrize("call", EMPTY_BATCH.values(), ids=EMPTY_BATCH.keys())
def test_vmap_over_an_empty_batch_gives_empty_results_as_pytorch(call):
    results = []
    for L in LIBS:
        out = call(L, L.zeros(0, 3, dtype=L.float64, requires_grad=True))
        flat = out if isinstance(out, tuple) else (out,)
        flat = [t for o in flat for t in (o.values() if isinstance(o, dict) else (o,))]
        results.append([(tuple(t.shape), str(t.dtype), t.stride(), t.requires_grad) for t in flat])
    assert results[0] == results[1]


def test_vmap_of_a_linear_layer_over_an_empty_batch_gives_an_empty_result_requiring_grad():
    results = []
    for L in LIBS:
        L.manual_seed(0)
        out = L.vmap(L.nn.Linear(3, 4))(L.zeros(0, 3))
        results.append((tuple(out.shape), str(out.dtype), out.stride(), out.requires_grad))
    assert results[0] == results[1]


def test_vmap_over_an_empty_batch_calls_the_function_once():
    for L in LIBS:
        calls = []
        L.vmap(lambda x: calls.append(1) or x)(L.zeros(0, 3))
        assert len(calls) == 1


@pytest.mark.parametrize("call", [
    lambda L: L.vmap(lambda x: x + L.rand(3))(L.zeros(0, 3)),
    lambda L: L.vmap(lambda x: 3)(L.zeros(0, 3)),
    lambda L: L.vmap(lambda x: x, out_dims=2)(L.zeros(0, 3)),
], ids=["random in error mode", "number returned", "out_dims out of range"])
def test_vmap_over_an_empty_batch_raises_as_pytorch(call):
    errors = []
    for L in LIBS:
        with pytest.raises(Exception) as info:
            call(L)
        errors.append((info.type, str(info.value)))
    assert errors[0] == errors[1]


def test_vmap_over_an_empty_batch_draws_nothing_with_different_randomness():
    for L in LIBS:
        L.manual_seed(0)
        before = L.get_rng_state()
        L.vmap(lambda x: x + L.rand(3), randomness="different")(L.zeros(0, 3))
        assert L.get_rng_state().equal(before)


@pytest.mark.parametrize("out_dims", [0, 1, -1, 2])
def test_vmap_results_have_the_batch_dim_first_in_memory_wherever_out_dims_puts_it(out_dims):
    layouts = []
    for L in LIBS:
        out = L.vmap(lambda x: x * 2, out_dims=out_dims)(L.ones(2, 3, 4))
        layouts.append((tuple(out.shape), out.stride()))
    assert layouts[0] == layouts[1]
