"""PolynomialLR, MultiplicativeLR and ChainedScheduler against PyTorch (rates step by step, get_last_lr,
state_dict and resumes, errors), every scheduler's state_dict keys, and PyTorch's step-order warnings."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad


def optimizer(lib, lrs=(0.1,)):
    return lib.optim.SGD([{"params": [lib.nn.Parameter(lib.ones(1))], "lr": lr} for lr in lrs], momentum=0.9)


class Halving:
    """A callable object (its attributes go into the state_dict, as PyTorch saves them)."""

    def __init__(self, factor):
        self.factor = factor

    def __call__(self, epoch):
        return self.factor if epoch % 2 else 1.0


def build(lib, name, opt, options):
    sched = lib.optim.lr_scheduler
    if name == "Chained":
        parts = [getattr(sched, part)(opt, **kw) for part, kw in options]
        return sched.ChainedScheduler(parts)
    if name == "MultiplicativeLR":
        return sched.MultiplicativeLR(opt, [lambda e, f=f: f ** (e % 3) for f in options["factors"]])
    return getattr(sched, name)(opt, **options)


def rates(lib, name, options, lrs, steps, resume_at=None):
    """get_last_lr() after construction and after each of ``steps`` steps; at ``resume_at`` the
    scheduler is rebuilt and loads the old one's state_dict."""
    opt = optimizer(lib, lrs)
    scheduler = build(lib, name, opt, options)
    seen = [scheduler.get_last_lr()]
    for i in range(steps):
        if i == resume_at:
            state = scheduler.state_dict()
            saved_lrs = [g["lr"] for g in opt.param_groups]
            scheduler = build(lib, name, opt, options)
            scheduler.load_state_dict(state)
            for group, lr in zip(opt.param_groups, saved_lrs):
                group["lr"] = lr
        opt.step()
        scheduler.step()
        seen.append(scheduler.get_last_lr())
        assert seen[-1] == [g["lr"] for g in opt.param_groups]
    return seen


group_lrs = st.lists(st.floats(0.01, 1.0), min_size=1, max_size=3)
CASES = {
    "PolynomialLR": st.fixed_dictionaries({"total_iters": st.integers(1, 12), "power": st.floats(0.1, 3.0)}),
    "MultiplicativeLR": st.integers(1, 3).flatmap(
        lambda n: st.fixed_dictionaries({"factors": st.lists(st.floats(0.5, 1.0), min_size=n, max_size=n)})),
    "Chained": st.lists(st.sampled_from([
        ("PolynomialLR", {"total_iters": 4, "power": 2.0}), ("ExponentialLR", {"gamma": 0.9}),
        ("ConstantLR", {"factor": 0.5, "total_iters": 3}), ("StepLR", {"step_size": 2, "gamma": 0.5}),
        ("LinearLR", {"start_factor": 0.25, "total_iters": 4}), ("CosineAnnealingLR", {"T_max": 5})]),
        min_size=1, max_size=3),
}


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=30, deadline=None)
@given(data=st.data(), steps=st.integers(1, 20))
def test_rates_match_pytorch_step_by_step(name, data, steps):
    options = data.draw(CASES[name])
    lrs = data.draw(group_lrs if name != "MultiplicativeLR" else
                    st.lists(st.floats(0.01, 1.0), min_size=len(options["factors"]),
                             max_size=len(options["factors"])))
    ours, theirs = rates(minigrad, name, options, lrs, steps), rates(torch, name, options, lrs, steps)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13)


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_resuming_from_a_state_dict_continues_pytorchs_rates(name, data):
    options = data.draw(CASES[name])
    lrs = [0.5] * (len(options["factors"]) if name == "MultiplicativeLR" else 2)
    resume_at = data.draw(st.integers(1, 9))
    ours = rates(minigrad, name, options, lrs, 10, resume_at)
    np.testing.assert_allclose(ours, rates(torch, name, options, lrs, 10, resume_at), rtol=1e-13)


@pytest.mark.filterwarnings("ignore:The epoch parameter:UserWarning")
@pytest.mark.parametrize("epoch", [0, 2, 5, 9])
def test_polynomial_lr_stepped_to_an_epoch_uses_pytorchs_closed_form(epoch):
    seen = []
    for lib in (minigrad, torch):
        opt = optimizer(lib, (0.3,))
        scheduler = lib.optim.lr_scheduler.PolynomialLR(opt, total_iters=6, power=1.5)
        opt.step()
        scheduler.step(epoch)
        seen.append(scheduler.get_last_lr())
    np.testing.assert_allclose(seen[0], seen[1], rtol=1e-15)


SCHEDULERS = {
    "StepLR": dict(step_size=2), "MultiStepLR": dict(milestones=[1, 3]), "ExponentialLR": dict(gamma=0.5),
    "ConstantLR": dict(), "LinearLR": dict(), "PolynomialLR": dict(), "CosineAnnealingLR": dict(T_max=3),
    "CosineAnnealingWarmRestarts": dict(T_0=2), "LambdaLR": dict(lr_lambda=lambda e: 0.5),
    "MultiplicativeLR": dict(lr_lambda=Halving(0.5)), "OneCycleLR": dict(max_lr=1.0, total_steps=10),
    "CyclicLR": dict(base_lr=0.01, max_lr=0.1, scale_fn=Halving(0.5)), "ReduceLROnPlateau": dict(),
}


@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_state_dict_has_pytorchs_keys(name):
    states = []
    for lib in (minigrad, torch):
        opt = optimizer(lib)
        scheduler = getattr(lib.optim.lr_scheduler, name)(opt, **SCHEDULERS[name])
        opt.step()
        scheduler.step(*([1.0] if name == "ReduceLROnPlateau" else []))
        states.append(scheduler.state_dict())
    assert sorted(states[0]) == sorted(states[1])
    for key in ("lr_lambdas", "_scale_fn_custom"):  # callable objects' attributes, as PyTorch saves them
        assert states[0].get(key) == states[1].get(key)


def test_chained_and_sequential_state_dicts_have_pytorchs_keys():
    for make in (lambda s, opt, a, b: s.ChainedScheduler([a, b]),
                 lambda s, opt, a, b: s.SequentialLR(opt, [a, b], [2])):
        keys = []
        for lib in (minigrad, torch):
            opt = optimizer(lib)
            s = lib.optim.lr_scheduler
            keys.append(sorted(make(s, opt, s.ExponentialLR(opt, 0.9), s.StepLR(opt, 2)).state_dict()))
        assert keys[0] == keys[1]


def test_a_callable_objects_state_is_loaded_back_into_it():
    opt = optimizer(minigrad)
    scheduler = minigrad.optim.lr_scheduler.MultiplicativeLR(opt, Halving(0.25))
    state = scheduler.state_dict()
    fresh = minigrad.optim.lr_scheduler.MultiplicativeLR(opt, Halving(0.5))
    fresh.load_state_dict(state)
    assert fresh.lr_lambdas[0].factor == 0.25 and "lr_lambdas" in state


def _warnings_of(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message).split(".")[0] for w in caught]


@pytest.mark.parametrize("optimizer_first", [True, False])
def test_stepping_the_scheduler_before_the_optimizer_warns_as_pytorch(optimizer_first):
    seen = []
    for lib in (minigrad, torch):
        opt = optimizer(lib)
        scheduler = lib.optim.lr_scheduler.StepLR(opt, step_size=2)

        def steps():
            if optimizer_first:
                opt.step()
            scheduler.step()
            opt.step()
            scheduler.step()
        seen.append(_warnings_of(steps))
    assert seen[0] == seen[1]
    assert bool(seen[0]) is not optimizer_first


def test_calling_get_lr_directly_warns_as_pytorch():
    seen = []
    for lib in (minigrad, torch):
        scheduler = lib.optim.lr_scheduler.PolynomialLR(optimizer(lib))
        seen.append(_warnings_of(scheduler.get_lr))
    assert seen[0] == seen[1] == ["To get the last learning rate computed by the scheduler, please use `get_last_lr()`"]


def test_multiplicative_lr_refuses_what_pytorch_refuses():
    for lib in (minigrad, torch):
        opt = optimizer(lib, (0.1, 0.2))
        with pytest.raises(ValueError, match="Expected 2 lr_lambdas, but got 1"):
            lib.optim.lr_scheduler.MultiplicativeLR(opt, [lambda e: 1.0])
        with pytest.raises(TypeError, match="lr_lambda should be a function, but got float"):
            lib.optim.lr_scheduler.MultiplicativeLR(opt, 0.5)


def test_chained_scheduler_refuses_what_pytorch_refuses():
    for lib in (minigrad, torch):
        s = lib.optim.lr_scheduler
        opt, other = optimizer(lib), optimizer(lib)
        with pytest.raises(ValueError, match="expects at least one scheduler"):
            s.ChainedScheduler([])
        with pytest.raises(ValueError, match="does not support `ReduceLROnPlateau`"):
            s.ChainedScheduler([s.ExponentialLR(opt, 0.9), s.ReduceLROnPlateau(opt)])
        with pytest.raises(ValueError, match="expects all schedulers to belong to the same optimizer"):
            s.ChainedScheduler([s.ExponentialLR(opt, 0.9), s.ExponentialLR(other, 0.9)])


GROUP_ADDED_LATER = {
    "CosineAnnealingLR": dict(T_max=2, eta_min=0.01),
    "LambdaLR": dict(lr_lambda=lambda e: 0.9 ** e),
    "MultiplicativeLR": dict(lr_lambda=lambda e: 0.9),
    "CyclicLR": dict(base_lr=0.01, max_lr=0.1, step_size_up=2),
    "CosineAnnealingWarmRestarts": dict(T_0=2),
    "ExponentialLR": dict(gamma=0.5),
    "StepLR": dict(step_size=2, gamma=0.5),
    "PolynomialLR": dict(total_iters=4, power=2.0),
}


def _steps_after_a_group_is_added(lib, name):
    """The rates of each step once a group is added to the optimizer after the scheduler was made,
    or the exception that stops the steps (type and message)."""
    opt = optimizer(lib)
    scheduler = getattr(lib.optim.lr_scheduler, name)(opt, **GROUP_ADDED_LATER[name])
    opt.add_param_group({"params": [lib.nn.Parameter(lib.ones(1))], "lr": 0.3})
    seen = []
    try:
        for _ in range(5):
            opt.step()
            scheduler.step()
            seen.append([round(g["lr"], 12) for g in opt.param_groups])
    except Exception as e:  # noqa: BLE001 (the outcome compared)
        seen.append((type(e).__name__, str(e)))
    return seen


@pytest.mark.parametrize("name", sorted(GROUP_ADDED_LATER))
def test_a_group_added_after_the_scheduler_fails_or_follows_as_pytorch(name):
    assert _steps_after_a_group_is_added(minigrad, name) == _steps_after_a_group_is_added(torch, name)


@pytest.mark.parametrize("kind", ["SequentialLR", "ChainedScheduler"])
def test_loading_more_schedulers_than_there_are_raises_pytorchs_index_error(kind):
    for lib in (minigrad, torch):
        s = lib.optim.lr_scheduler
        opt = optimizer(lib)

        def make(n):
            parts = [s.ExponentialLR(opt, 0.9) for _ in range(n)]
            return s.SequentialLR(opt, parts, milestones=list(range(1, n))) if kind == "SequentialLR" \
                else s.ChainedScheduler(parts)
        saved = make(3).state_dict()
        with pytest.raises(IndexError, match="list index out of range"):
            make(2).load_state_dict(saved)
