"""amp.GradScaler against PyTorch's: the same scales, gradients, skipped steps and parameters over
a training run with inf/NaN gradients injected, and PyTorch's errors and warnings."""
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad


def _run(lib, w0, xs, bad_steps, growth_interval, dtype):
    """A linear model trained with a scaler on ``lib``; a NaN is written into the gradient at
    ``bad_steps``. Returns the scales, the weights after each step and what ``step`` returned."""
    w = lib.tensor(w0, dtype=dtype, requires_grad=True)
    opt = lib.optim.SGD([w], lr=0.1)
    scaler = lib.amp.GradScaler("cpu", init_scale=2.0 ** 10, growth_interval=growth_interval)
    scales, weights, results = [], [], []
    for i, x in enumerate(xs):
        opt.zero_grad()
        loss = ((lib.tensor(x, dtype=dtype) * w).sum() - 1.0) ** 2
        scaler.scale(loss).backward()
        if i in bad_steps:
            with lib.no_grad():
                w.grad[0] = math.nan
        results.append(scaler.step(opt))
        scaler.update()
        scales.append(scaler.get_scale())
        weights.append(w.detach().numpy().copy())
    return scales, weights, results, scaler.state_dict()


@settings(deadline=None)
@given(n=st.integers(1, 8), bad=st.sets(st.integers(0, 7), max_size=3), interval=st.integers(1, 3),
       double=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_a_scaled_run_matches_pytorch(n, bad, interval, double, seed):
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(3)
    xs = [rng.standard_normal(3) for _ in range(n)]
    ours = _run(minigrad, w0, xs, bad, interval, minigrad.float64 if double else minigrad.float32)
    theirs = _run(torch, w0, xs, bad, interval, torch.float64 if double else torch.float32)
    assert ours[0] == theirs[0]
    rtol = 1e-7 if double else 1e-5  # (float32: SGD's update rounds as PyTorch's kernel may not)
    for a, b in zip(ours[1], theirs[1]):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * 1e-1)
    assert ours[2] == theirs[2]
    assert ours[3] == theirs[3]


def test_scaled_loss_is_the_loss_times_the_scale():
    scaler = minigrad.amp.GradScaler("cpu", init_scale=8.0)
    loss = minigrad.tensor(1.5, requires_grad=True)
    scaled = scaler.scale(loss)
    assert scaled.item() == 12.0 and scaled.dtype == minigrad.float32


def test_scale_maps_over_lists_and_tuples():
    scaler = minigrad.amp.GradScaler("cpu", init_scale=2.0)
    a, b = minigrad.tensor(1.0), minigrad.tensor(3.0)
    out = scaler.scale((a, [b]))
    assert isinstance(out, tuple) and isinstance(out[1], list)
    assert out[0].item() == 2.0 and out[1][0].item() == 6.0


def test_a_cuda_scaler_without_cuda_warns_and_passes_everything_through():
    with pytest.warns(UserWarning, match="CUDA is not available.  Disabling"):
        scaler = minigrad.amp.GradScaler()
    assert not scaler.is_enabled() and scaler.get_scale() == 1.0 and scaler.state_dict() == {}
    loss = minigrad.tensor(2.0, requires_grad=True)
    assert scaler.scale(loss) is loss


def test_a_disabled_scaler_steps_the_optimizer():
    w = minigrad.tensor([1.0], requires_grad=True)
    opt = minigrad.optim.SGD([w], lr=0.5)
    scaler = minigrad.amp.GradScaler(enabled=False)
    (w * 2).sum().backward()
    scaler.step(opt)
    scaler.update()
    assert w.item() == 0.0


def test_unscale_twice_raises_pytorchs_error():
    w = minigrad.tensor([1.0], requires_grad=True)
    opt = minigrad.optim.SGD([w], lr=0.5)
    scaler = minigrad.amp.GradScaler("cpu")
    scaler.scale(w.sum()).backward()
    scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match="already been called"):
        scaler.unscale_(opt)


def test_a_second_step_before_update_raises():
    w = minigrad.tensor([1.0], requires_grad=True)
    opt = minigrad.optim.SGD([w], lr=0.5)
    scaler = minigrad.amp.GradScaler("cpu")
    scaler.scale(w.sum()).backward()
    scaler.step(opt)
    with pytest.raises(RuntimeError, match="step\\(\\) has already been called"):
        scaler.step(opt)


def test_unscale_after_the_gradients_are_clipped_unscales_them_once():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    opt = minigrad.optim.SGD([w], lr=1.0)
    scaler = minigrad.amp.GradScaler("cpu", init_scale=4.0)
    scaler.scale((w * w).sum()).backward()
    scaler.unscale_(opt)
    np.testing.assert_array_equal(w.grad.numpy(), [2.0, 4.0])
    scaler.step(opt)
    np.testing.assert_array_equal(w.detach().numpy(), [-1.0, -2.0])


def test_a_closure_is_refused_when_enabled():
    w = minigrad.tensor([1.0], requires_grad=True)
    scaler = minigrad.amp.GradScaler("cpu")
    scaler.scale(w.sum())
    with pytest.raises(RuntimeError, match="Closure use is not currently supported"):
        scaler.step(minigrad.optim.SGD([w], lr=0.1), closure=lambda: 0)


def test_update_without_a_step_raises_as_pytorch():
    scaler = minigrad.amp.GradScaler("cpu")
    scaler.scale(minigrad.tensor(1.0))
    with pytest.raises(AssertionError, match="No inf checks"):
        scaler.update()


def test_load_state_dict_restores_the_scale():
    scaler = minigrad.amp.GradScaler("cpu", init_scale=16.0)
    other = minigrad.amp.GradScaler("cpu")
    other.load_state_dict(scaler.state_dict())
    assert other.get_scale() == 16.0
    with pytest.raises(RuntimeError, match="source state dict is empty"):
        other.load_state_dict({})


def test_bad_factors_raise_assertion_errors():
    with pytest.raises(AssertionError, match="growth factor"):
        minigrad.amp.GradScaler("cpu", growth_factor=1.0)
    with pytest.raises(AssertionError, match="backoff factor"):
        minigrad.amp.GradScaler("cpu", backoff_factor=1.0)


def test_cpu_amp_grad_scaler_is_deprecated_and_scales_on_the_cpu_as_pytorchs():
    for lib in (minigrad, torch):
        with pytest.warns(FutureWarning, match=r"torch\.cpu\.amp\.GradScaler\(args\.\.\.\)` is deprecated"):
            scaler = lib.cpu.amp.GradScaler(init_scale=8.0)
        assert scaler.is_enabled() and scaler.get_scale() == 8.0
        assert scaler.scale(lib.tensor(1.5)).item() == 12.0


def test_cuda_amp_grad_scaler_is_deprecated():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        minigrad.cuda.amp.GradScaler()
    kinds = {w.category for w in caught}
    assert FutureWarning in kinds and UserWarning in kinds
