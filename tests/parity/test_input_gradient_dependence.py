"""Gradients PyTorch computes with a backward function of the input (relu's threshold_backward, the
pools', the shrinks', abs's ``g * sgn(x)``): under create_graph they require grad whenever the
input does, their node is PyTorch's, and differentiating them again gives PyTorch's values (zeros
for the input, the op's gradient for the upstream gradient)."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import assert_close, to_numpy

#: name -> f(L, x) on a 4 x 4 input
OPS = {
    "relu": lambda L, x: x.relu(),
    "leaky_relu": lambda L, x: L.nn.functional.leaky_relu(x, 0.1),
    "rrelu (evaluation)": lambda L, x: L.nn.functional.rrelu(x, training=False),
    "hardtanh": lambda L, x: L.nn.functional.hardtanh(x, -0.5, 0.5),
    "relu6": lambda L, x: L.nn.functional.relu6(x * 4),
    "threshold": lambda L, x: L.nn.functional.threshold(x, 0.1, 2.0),
    "hardshrink": lambda L, x: L.nn.functional.hardshrink(x, 0.25),
    "softshrink": lambda L, x: L.nn.functional.softshrink(x, 0.25),
    "prelu": lambda L, x: L.nn.functional.prelu(x, L.tensor([0.25], dtype=x.dtype)),
    "abs": lambda L, x: x.abs(),
    "norm 1": lambda L, x: x.norm(1),
    "norm inf": lambda L, x: x.norm(float("inf")),
    "l1_loss": lambda L, x: L.nn.functional.l1_loss(x, L.zeros_like(x)),
    "nll_loss": lambda L, x: L.nn.functional.nll_loss(x, L.tensor([0, 3, 1, 3])),
    "nll_loss with weights": lambda L, x: L.nn.functional.nll_loss(x, L.tensor([0, 3, 1, 3]),
                                                                  weight=L.tensor([1.0, 2.0, 0.5, 1.5], dtype=x.dtype)),
    "max_pool2d": lambda L, x: L.nn.functional.max_pool2d(x.reshape(1, 1, 4, 4), 2),
    "max_pool1d": lambda L, x: L.nn.functional.max_pool1d(x.reshape(1, 4, 4), 2),
    "adaptive_max_pool2d": lambda L, x: L.nn.functional.adaptive_max_pool2d(x.reshape(1, 1, 4, 4), 3),
    "avg_pool2d": lambda L, x: L.nn.functional.avg_pool2d(x.reshape(1, 1, 4, 4), 2),
    "adaptive_avg_pool2d": lambda L, x: L.nn.functional.adaptive_avg_pool2d(x.reshape(1, 1, 4, 4), 3),
    "reflection pad": lambda L, x: L.nn.functional.pad(x.reshape(1, 1, 4, 4), (1, 1, 2, 0), mode="reflect"),
    "replication pad": lambda L, x: L.nn.functional.pad(x.reshape(1, 1, 4, 4), (1, 1, 2, 0), mode="replicate"),
}

#: ops whose gradient does not read the input in PyTorch either: it stays free of it
INDEPENDENT = {
    "clamp": lambda L, x: x.clamp(-0.5, 0.5),
    "maximum": lambda L, x: L.maximum(x, L.zeros_like(x)),
    "where": lambda L, x: L.where(x > 0, x, L.zeros_like(x)),
    "circular pad": lambda L, x: L.nn.functional.pad(x.reshape(1, 1, 4, 4), (1, 1, 2, 0), mode="circular"),
    "times two": lambda L, x: x * 2,
}


def _input_gradient(L, fn, x_array, upstream_requires_grad):
    x = L.tensor(x_array, requires_grad=True)
    y = fn(L, x)
    v = L.tensor(np.linspace(-1.0, 2.0, y.numel()).reshape(tuple(y.shape)), dtype=y.dtype,
                 requires_grad=upstream_requires_grad)
    g, = L.autograd.grad(y, x, v, create_graph=True)
    return x, v, g


def _values(dtype):
    return S.arrays(dtype, (4, 4), low=-2.0, high=2.0)


def _node_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


@pytest.mark.parametrize("name", sorted(OPS))
@given(x=_values(np.float64))
@settings(max_examples=10)
def test_input_gradient_requires_grad_through_the_input_as_torch(name, x):
    _, _, expected = _input_gradient(torch, OPS[name], x, False)
    _, _, actual = _input_gradient(minigrad, OPS[name], x, False)
    assert actual.requires_grad == expected.requires_grad
    assert _node_name(actual) == _node_name(expected)


def _second_derivatives(name, x, seed, upstream_requires_grad):
    """{library: the gradients of a random contraction of x's gradient with respect to x (and to the
    upstream gradient when it requires grad)}; no allow_unused: each must be reached."""
    w = np.random.default_rng(seed).standard_normal(x.shape)
    results = {}
    for L in (torch, minigrad):
        x_t, v, g = _input_gradient(L, OPS[name], x, upstream_requires_grad)
        results[L] = L.autograd.grad((g * L.tensor(w)).sum(), [x_t, v] if upstream_requires_grad else [x_t])
    return results


@pytest.mark.parametrize("name", sorted(OPS))
@given(x=_values(np.float64), seed=S.seeds)
@settings(max_examples=10)
def test_input_gradients_second_derivative_through_the_input_is_torchs(name, x, seed):
    results = _second_derivatives(name, x, seed, False)
    assert_close(to_numpy(results[minigrad][0]), to_numpy(results[torch][0]), what="second derivative")


@pytest.mark.parametrize("name", sorted(OPS))
@given(x=_values(np.float64), seed=S.seeds)
@settings(max_examples=10)
def test_input_gradient_differentiates_through_the_upstream_gradient_as_torch(name, x, seed):
    results = _second_derivatives(name, x, seed, True)
    for i, (actual, expected) in enumerate(zip(results[minigrad], results[torch])):
        assert_close(to_numpy(actual), to_numpy(expected), what=f"gradient {i}")


@pytest.mark.parametrize("name", sorted(INDEPENDENT))
def test_input_gradient_that_torch_computes_without_the_input_stays_free_of_it(name):
    x = np.array([[-1.0, 0.3, 2.0, -0.2]] * 4)
    for L in (torch, minigrad):
        _, _, g = _input_gradient(L, INDEPENDENT[name], x, False)
        assert not g.requires_grad, L.__name__


@pytest.mark.parametrize("kind", ["smooth_l1_loss", "huber_loss"])
@given(dtype=S.float_dtypes, seed=S.seeds, scale=st.sampled_from([0.5, 1.0, 2.0]))
@settings(max_examples=10)
def test_smooth_losses_second_derivative_is_zero_where_the_difference_meets_its_bound(kind, dtype, seed, scale):
    # differences exactly at +-scale, inside and outside: PyTorch's second derivative counts |d| < scale only
    x = np.array([-scale, scale, scale / 2, -3 * scale, 0.0], dtype)
    w = np.random.default_rng(seed).standard_normal(5).astype(dtype)
    results = {}
    for L in (torch, minigrad):
        x_t = L.tensor(x, requires_grad=True)
        bound = {"beta": scale} if kind == "smooth_l1_loss" else {"delta": scale}
        loss = getattr(L.nn.functional, kind)(x_t, L.zeros_like(x_t), **bound)
        g, = L.autograd.grad(loss, x_t, create_graph=True)
        results[L], = L.autograd.grad((g * L.tensor(w)).sum(), x_t)
    assert_close(to_numpy(results[minigrad]), to_numpy(results[torch]), what="second derivative")


def test_hardsigmoid_gradient_requires_grad_and_its_derivative_raises_as_torch():
    x = np.array([[-4.0, -1.0, 0.5, 3.5]] * 4)
    messages = {}
    for L in (torch, minigrad):
        _, _, g = _input_gradient(L, lambda L, x: L.nn.functional.hardsigmoid(x), x, False)
        assert g.requires_grad and _node_name(g) == "NotImplemented", L.__name__
        with pytest.raises(RuntimeError) as caught:
            g.sum().backward()
        messages[L] = str(caught.value)
    assert messages[minigrad] == messages[torch]
