"""utils.checkpoint against PyTorch's: the same outputs, input and parameter gradients, grad_fn,
dropout replayed identically in the recomputation, and PyTorch's warnings and errors."""
import importlib
import tracemalloc
import weakref

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


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_the_reentrant_variant_refuses_a_capturing_pass_before_filling_parameter_gradients(lib):
    layer = lib.nn.Linear(3, 1)
    x = lib.ones(2, 3, requires_grad=True)
    y = lib.utils.checkpoint.checkpoint(layer, x, use_reentrant=True)
    with pytest.raises(RuntimeError, match="^When use_reentrant=True, torch.utils.checkpoint is incompatible with "
                                           r"\.grad\(\) or passing an `inputs` parameter to \.backward\(\)"):
        lib.autograd.grad(y.sum(), x, retain_graph=True)
    assert layer.weight.grad is None and lib.autograd._is_checkpoint_valid()
    y.sum().backward()  # (an accumulating pass afterwards runs it)
    assert layer.weight.grad is not None


def test_the_non_reentrant_variant_passes_keywords_and_works_with_autograd_grad():
    x = minigrad.ones(2, requires_grad=True)
    y = minigrad.utils.checkpoint.checkpoint(lambda a, scale: a * scale, x, use_reentrant=False, scale=3.0)
    (g,) = minigrad.autograd.grad(y.sum(), x)
    np.testing.assert_array_equal(g.numpy(), [3.0, 3.0])


def _counted_block(calls):
    def block(a, w):
        calls.append(1)
        return (a * w).sin().exp().sum(0)
    return block


def _non_reentrant_passes(lib):
    """Recomputation counts and gradients over two passes of one checkpointed graph (retain_graph)."""
    cp = importlib.import_module(lib.__name__ + ".utils.checkpoint")
    calls = []
    x = lib.tensor(np.linspace(-1, 1, 6).reshape(3, 2), requires_grad=True)
    w = lib.tensor([0.5, -2.0], dtype=lib.float64, requires_grad=True)
    y = cp.checkpoint(_counted_block(calls), x, w, use_reentrant=False)
    seen = [len(calls)]
    y.sum().backward(retain_graph=True)
    seen.append(len(calls))
    y.sum().backward()
    seen.append(len(calls))
    return seen, x.grad.numpy(), w.grad.numpy()


def test_the_non_reentrant_variant_recomputes_the_block_once_per_backward_pass():
    ours, theirs = _non_reentrant_passes(minigrad), _non_reentrant_passes(torch)
    assert ours[0] == theirs[0] == [1, 2, 3]
    for a, b in zip(ours[1:], theirs[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


def test_the_non_reentrant_variant_keeps_no_value_of_the_block_between_forward_and_backward():
    kept = []

    def block(a):
        h = a.exp()
        kept.append(weakref.ref(h))
        return (h * a).sin().sum()
    x = minigrad.tensor([0.1, 0.2, 0.3], requires_grad=True)
    y = minigrad.utils.checkpoint.checkpoint(block, x, use_reentrant=False)
    assert kept[0]() is None
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), torch.func.grad(
        lambda a: (a.exp() * a).sin().sum())(torch.tensor([0.1, 0.2, 0.3])).numpy(), rtol=1e-6)


def _peak_traced_memory(segments, reentrant=False):
    """Peak traced memory of forward and backward through 12 tanh layers (their gradients already allocated)."""
    nn = minigrad.nn
    minigrad.manual_seed(0)
    net = nn.Sequential(*[m for _ in range(12) for m in (nn.Linear(256, 256), nn.Tanh())])
    x = minigrad.randn(128, 256, requires_grad=True)
    net(x).sum().backward()
    tracemalloc.start()
    try:
        if segments:
            y = minigrad.utils.checkpoint.checkpoint_sequential(net, segments, x, use_reentrant=reentrant)
        else:
            y = net(x)
        y.sum().backward()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_non_reentrant_variant_lowers_peak_memory_as_the_reentrant_one_does():
    plain = _peak_traced_memory(0)
    assert _peak_traced_memory(4, reentrant=False) < 0.9 * plain
    assert _peak_traced_memory(4, reentrant=True) < 0.9 * plain


def _second_derivative_through_a_block(lib):
    cp = importlib.import_module(lib.__name__ + ".utils.checkpoint")
    x = lib.tensor([0.3, -0.7, 1.1], dtype=lib.float64, requires_grad=True)
    y = cp.checkpoint(lambda a: (a.exp() * a).sin().sum(), x, use_reentrant=False)
    (g,) = lib.autograd.grad(y, x, create_graph=True)
    return lib.autograd.grad(g.sum(), x)[0].detach().numpy()


def test_the_non_reentrant_variant_differentiates_twice():
    np.testing.assert_allclose(_second_derivative_through_a_block(minigrad),
                               _second_derivative_through_a_block(torch), rtol=1e-7)


def _parameter_inside_and_outside(lib):
    cp = importlib.import_module(lib.__name__ + ".utils.checkpoint")
    x = lib.tensor(np.linspace(-1, 1, 6).reshape(3, 2), requires_grad=True)
    w = lib.tensor([0.5, -2.0], dtype=lib.float64, requires_grad=True)
    y = cp.checkpoint(_counted_block([]), x, w, use_reentrant=False) * w
    (y.sum() + (3 * w).sum()).backward()
    return x.grad.numpy(), w.grad.numpy()


def test_the_non_reentrant_variant_sums_a_parameter_used_inside_and_outside_the_block():
    for a, b in zip(_parameter_inside_and_outside(minigrad), _parameter_inside_and_outside(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


def _gradient_step_block(lib, calls, create_graph):
    def block(a, w):
        calls.append(1)
        with lib.enable_grad():
            a = a.detach().requires_grad_() if not a.requires_grad else a
            energy = ((a * w).sin() ** 2).sum()
            (g,) = lib.autograd.grad(energy, a, create_graph=create_graph)
        return (a - 0.1 * g).tanh()
    return block


def _backward_inside_the_block(lib, create_graph):
    """An unrolled gradient step checkpointed: autograd.grad runs inside the block, in its forward
    and again in its recomputation."""
    cp = importlib.import_module(lib.__name__ + ".utils.checkpoint")
    calls = []
    x = lib.tensor(np.linspace(-1, 1, 6).reshape(3, 2), requires_grad=True)
    w = lib.tensor([0.5, -2.0], dtype=lib.float64, requires_grad=True)
    y = cp.checkpoint(_gradient_step_block(lib, calls, create_graph), x, w, use_reentrant=False)
    (y * y).sum().backward()
    return y.detach().numpy(), x.grad.numpy(), None if w.grad is None else w.grad.numpy(), len(calls)


@pytest.mark.parametrize("create_graph", [True, False])
def test_the_non_reentrant_variant_runs_a_backward_inside_the_block(create_graph):
    ours, theirs = _backward_inside_the_block(minigrad, create_graph), _backward_inside_the_block(torch, create_graph)
    assert ours[3] == theirs[3] and (ours[2] is None) == (theirs[2] is None)
    for a, b in zip(ours[:3], theirs[:3]):
        if b is not None:
            np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


def test_a_recomputation_saving_other_shapes_raises_checkpoint_error():
    calls = []

    def block(a):
        calls.append(1)
        return (a[:len(calls) + 1] * 2).exp().sum()
    y = minigrad.utils.checkpoint.checkpoint(block, minigrad.ones(4, requires_grad=True), use_reentrant=False)
    with pytest.raises(minigrad.utils.checkpoint.CheckpointError, match="different metadata"):
        y.backward()
    assert issubclass(minigrad.utils.checkpoint.CheckpointError, RuntimeError)


def test_an_unknown_determinism_check_is_a_value_error():
    with pytest.raises(ValueError, match=r"determinism_check should be one of \['default', 'none'\], but got x"):
        minigrad.utils.checkpoint.checkpoint(lambda a: a * 2, minigrad.ones(2, requires_grad=True),
                                             use_reentrant=False, determinism_check="x")


def test_fork_rng_restores_the_stream():
    minigrad.manual_seed(1)
    with minigrad.random.fork_rng():
        minigrad.rand(5)
    a = minigrad.rand(2)
    minigrad.manual_seed(1)
    np.testing.assert_array_equal(a.numpy(), minigrad.rand(2).numpy())
