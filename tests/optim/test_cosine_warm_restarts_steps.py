"""``CosineAnnealingWarmRestarts`` steps as PyTorch 2.13's: its own ``step`` (with or without an
epoch) leaves ``_step_count`` at 0 and gives no step-order warning; ``last_epoch``, ``T_cur``,
``T_i`` and the rates follow PyTorch's through explicit epochs and a state_dict round trip."""
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _scheduler(lib, T_mult=2):
    opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
    return opt, lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=T_mult, eta_min=0.001)


@LIBS
@pytest.mark.parametrize("epochs", [[None] * 5, [0.5, 1.5, 4, None, 26]], ids=["implicit", "explicit"])
def test_cosine_warm_restarts_leaves_step_count_at_zero(lib, epochs):
    opt, sched = _scheduler(lib)
    for epoch in epochs:
        opt.step()
        sched.step(epoch)
    assert sched._step_count == 0


@LIBS
def test_cosine_warm_restarts_stepped_before_the_optimizer_does_not_warn(lib):
    _, sched = _scheduler(lib)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sched.step()
        sched.step(2.5)
    assert [str(w.message) for w in caught] == []


def _trace(lib, T_mult):
    opt, sched = _scheduler(lib, T_mult)
    seen = [(sched.last_epoch, sched.T_cur, sched.T_i, sched._step_count, sched.get_last_lr())]
    for epoch in [None, 0.5, 1.5, 3.2, 7, 10.5, None, 26, None, 2, None]:
        opt.step()
        sched.step(epoch)
        seen.append((sched.last_epoch, sched.T_cur, sched.T_i, sched._step_count, sched.get_last_lr()))
    _, resumed = _scheduler(lib, T_mult)
    resumed.load_state_dict(sched.state_dict())
    resumed.step()
    seen.append((resumed.last_epoch, resumed.T_cur, resumed.T_i, resumed._step_count, resumed.get_last_lr()))
    return seen


@pytest.mark.parametrize("T_mult", [1, 2])
def test_cosine_warm_restarts_counters_and_rates_match_pytorch_through_epochs_and_a_resume(T_mult):
    ours, theirs = _trace(minigrad, T_mult), _trace(torch, T_mult)
    assert [s[:4] for s in ours] == [s[:4] for s in theirs]
    assert [lr for s in ours for lr in s[4]] == pytest.approx([lr for s in theirs for lr in s[4]], rel=1e-14)
