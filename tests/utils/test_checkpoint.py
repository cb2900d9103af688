"""utils.checkpoint against PyTorch's: the same outputs, input and parameter gradients, grad_fn,
dropout replayed identically in the recomputation, and PyTorch's warnings and errors."""
import importlib

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad


def _net_and_input(lib, seed, x):
    lib.manual_seed(seed)
    nn = lib.nn
    net = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Dropout(0.3), nn.Linear(6, 6), nn.ReLU(), nn.Linear(6, 2))
    return net.double(), lib.tensor(x, requires_grad=True)


def _checkpointed(lib, seed, x, reentrant, sequential):
    cp = importlib.import_module(lib.__name__ + ".utils.checkpoint")
    net, xt = _net_and_input(lib, seed, x)
    if sequential:
        y = cp.checkpoint_sequential(net, 2, xt, use_reentrant=reentrant)
    else:
        y = cp.checkpoint(net, xt, use_reentrant=reentrant)
    (y * y).sum().backward()
    return y, xt.grad, [p.grad for p in net.parameters()]


@settings(deadline=None)
@given(seed=st.integers(0, 1000), rows=st.integers(1, 4), reentrant=st.booleans(), sequential=st.booleans())
def test_checkpointed_network_matches_pytorch(seed, rows, reentrant, sequential):
    x = np.random.default_rng(seed).standard_normal((rows, 4))
    ours = _checkpointed(minigrad, seed, x, reentrant, sequential)
    theirs = _checkpointed(torch, seed, x, reentrant, sequential)
    np.testing.assert_allclose(ours[0].detach().numpy(), theirs[0].detach().numpy(), rtol=1e-7, atol=1e-12)
    assert ours[0].grad_fn.name() == theirs[0].grad_fn.name()
    np.testing.assert_allclose(ours[1].numpy(), theirs[1].numpy(), rtol=1e-7, atol=1e-12)
    for a, b in zip(ours[2], theirs[2]):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-7, atol=1e-12)


def test_recomputation_replays_the_same_dropout_mask():
    minigrad.manual_seed(0)
    x = minigrad.ones(8, 8, requires_grad=True)
    y = minigrad.utils.checkpoint.checkpoint(minigrad.nn.functional.dropout, x, use_reentrant=True)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), (y.detach() != 0).numpy() * 2.0)


def test_recomputation_leaves_the_random_stream_where_forward_left_it():
    minigrad.manual_seed(0)
    x = minigrad.ones(4, requires_grad=True)
    y = minigrad.utils.checkpoint.checkpoint(minigrad.nn.functional.dropout, x, use_reentrant=True)
    after_forward = minigrad.rand(3)
    minigrad.manual_seed(0)
    minigrad.nn.functional.dropout(minigrad.ones(4))
    expected = minigrad.rand(3)
    y.sum().backward()
    np.testing.assert_array_equal(after_forward.numpy(), expected.numpy())


def test_omitting_use_reentrant_warns_and_uses_the_reentrant_variant():
    x = minigrad.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="use_reentrant parameter should be passed explicitly"):
        y = minigrad.utils.checkpoint.checkpoint(lambda a: a * 2, x)
    assert y.grad_fn.name() == "CheckpointFunctionBackward"


def test_inputs_without_grad_warn_that_gradients_will_be_none():
    with pytest.warns(UserWarning, match="None of the inputs have requires_grad=True"):
        minigrad.utils.checkpoint.checkpoint(lambda a: a * 2, minigrad.ones(2), use_reentrant=True)


def test_keyword_arguments_are_refused_by_the_reentrant_variant():
    with pytest.raises(ValueError, match="Unexpected keyword arguments: scale"):
        minigrad.utils.checkpoint.checkpoint(lambda a, scale: a * scale, minigrad.ones(2, requires_grad=True),
                                             use_reentrant=True, scale=2)


def test_the_non_reentrant_variant_passes_keywords_and_works_with_autograd_grad():
    x = minigrad.ones(2, requires_grad=True)
    y = minigrad.utils.checkpoint.checkpoint(lambda a, scale: a * scale, x, use_reentrant=False, scale=3.0)
    (g,) = minigrad.autograd.grad(y.sum(), x)
    np.testing.assert_array_equal(g.numpy(), [3.0, 3.0])


def test_fork_rng_restores_the_stream():
    minigrad.manual_seed(1)
    with minigrad.random.fork_rng():
        minigrad.rand(5)
    a = minigrad.rand(2)
    minigrad.manual_seed(1)
    np.testing.assert_array_equal(a.numpy(), minigrad.rand(2).numpy())
