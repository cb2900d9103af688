"""Optimizer base: param groups, zero_grad, state_dict / load_state_dict in PyTorch's format."""
import copy

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn as nn
from minigrad.optim import lr_scheduler


def params(n=3):
    return [nn.Parameter(minigrad.ones(2) * (i + 1)) for i in range(n)]


def test_empty_and_tensor_params_are_rejected():
    with pytest.raises(ValueError, match="empty parameter list"):
        minigrad.optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="iterable"):
        minigrad.optim.SGD(nn.Parameter(minigrad.ones(1)), lr=0.1)


def test_non_leaf_parameters_are_rejected():
    p = nn.Parameter(minigrad.ones(2))
    with pytest.raises(ValueError, match="non-leaf"):
        minigrad.optim.SGD([p * 2], lr=0.1)


def test_param_groups_take_defaults_and_own_options():
    a, b, c = params()
    opt = minigrad.optim.SGD([{"params": [a, b]}, {"params": c, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert all(g["momentum"] == 0.9 for g in opt.param_groups)
    assert opt.param_groups[1]["params"] == [c]


@pytest.mark.parametrize("groups", [1, 2, 3])
def test_repr_lists_each_param_group_separated_by_a_blank_line_as_pytorch(groups):
    def make(lib, param):
        ps = [param(lib.ones(2)) for _ in range(groups)]
        return lib.optim.SGD([{"params": [p], "lr": 0.1 * (i + 1)} for i, p in enumerate(ps)], lr=0.1, momentum=0.9)
    assert repr(make(minigrad, nn.Parameter)) == repr(make(torch, torch.nn.Parameter))


def _named_sgd_state(lib):
    lib.manual_seed(0)
    model = lib.nn.Linear(2, 2)
    opt = lib.optim.SGD(model.named_parameters(), lr=0.1, momentum=0.9)
    model(lib.ones(1, 2)).sum().backward()
    opt.step()
    return opt.param_groups[0]["param_names"], opt.state_dict()["param_groups"], repr(opt)


def test_named_parameters_are_kept_as_param_names_as_pytorch():
    assert _named_sgd_state(minigrad) == _named_sgd_state(torch)


@pytest.mark.parametrize("make", [
    lambda lib, w, b: lib.optim.SGD([("w", w), b], lr=0.1),
    lambda lib, w, b: lib.optim.SGD([w], lr=0.1).add_param_group({"params": [("b", b)]}),
    lambda lib, w, b: lib.optim.SGD([("w", w)], lr=0.1).add_param_group({"params": [b]}),
], ids=["mixed in a group", "names added to unnamed", "unnamed added to named"])
def test_params_with_and_without_names_are_not_mixed(make):
    for lib in (torch, minigrad):
        with pytest.raises(ValueError, match="with/without names"):
            make(lib, lib.nn.Parameter(lib.ones(2)), lib.nn.Parameter(lib.ones(2)))


def test_add_param_group_and_duplicate_rejection():
    a, b, c = params()
    opt = minigrad.optim.Adam([a], lr=0.1)
    opt.add_param_group({"params": [b], "lr": 0.01})
    assert len(opt.param_groups) == 2 and opt.param_groups[1]["betas"] == (0.9, 0.999)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})


def test_zero_grad_sets_to_none_by_default_or_zeroes():
    a, b, _ = params()
    opt = minigrad.optim.SGD([a, b], lr=0.1)
    a.grad, b.grad = minigrad.ones(2), minigrad.ones(2)
    opt.zero_grad(set_to_none=False)
    assert a.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert a.grad is None and b.grad is None



def test_zero_grad_without_set_to_none_keeps_the_gradient_tensor():
    """As PyTorch's: the gradient is zeroed in place, the same tensor (and array) as before."""
    a, b, _ = params()
    opt = minigrad.optim.SGD([a, b], lr=0.1)
    a.grad = minigrad.ones(2)
    grad, data = a.grad, a.grad._data
    opt.zero_grad(set_to_none=False)
    assert a.grad is grad and a.grad._data is data and a.grad.tolist() == [0.0, 0.0]

def stepped(lib, name, kwargs, groups=False):
    torch.manual_seed(0)
    ps = [lib.nn.Parameter(lib.tensor(np.arange(4.0).reshape(2, 2) + i)) for i in range(3)]
    spec = [{"params": ps[:2]}, {"params": ps[2:], "lr": 0.05}] if groups else ps
    opt = getattr(lib.optim, name)(spec, **kwargs)
    for k in range(3):
        for i, p in enumerate(ps):
            p.grad = lib.tensor(np.full((2, 2), 0.1 * (i + 1) * (k + 1)))
        opt.step()
    return ps, opt


@pytest.mark.parametrize("name,kwargs", [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.1)),
                                         ("AdamW", dict(lr=0.1))])
def test_state_dict_format_matches_pytorch(name, kwargs):
    _, mine = stepped(minigrad, name, kwargs, groups=True)
    _, theirs = stepped(torch, name, kwargs, groups=True)
    a, b = mine.state_dict(), theirs.state_dict()
    assert a["param_groups"] == b["param_groups"]
    assert list(a["state"]) == list(b["state"])
    for i in b["state"]:
        assert list(a["state"][i]) == list(b["state"][i])
        for k, v in b["state"][i].items():
            np.testing.assert_allclose(np.asarray(a["state"][i][k].numpy()), v.numpy(), rtol=1e-12)
            assert tuple(a["state"][i][k].shape) == tuple(v.shape)


@pytest.mark.parametrize("name,kwargs", [("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
                                         ("Adam", dict(lr=0.1, amsgrad=True)), ("AdamW", dict(lr=0.1))])
def test_load_state_dict_resumes_exactly(name, kwargs):
    ps, opt = stepped(minigrad, name, kwargs, groups=True)
    saved = copy.deepcopy(opt.state_dict())  # (loaded as it is, its tensors would be shared by both)
    ps2 = [nn.Parameter(p.detach().clone()) for p in ps]
    opt2 = getattr(minigrad.optim, name)([{"params": ps2[:2]}, {"params": ps2[2:]}], lr=123.0)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[1]["lr"] == 0.05 and opt2.param_groups[0]["lr"] == 0.1
    for p, q in zip(ps, ps2):
        g = minigrad.ones(2, 2, dtype=minigrad.float64)
        p.grad, q.grad = g, g.clone()
    opt.step()
    opt2.step()
    for p, q in zip(ps, ps2):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def _scalar_state_dtypes(lib, name, default, load_default):
    old = lib.get_default_dtype()
    try:
        lib.set_default_dtype(default)
        p = lib.nn.Parameter(lib.ones(2, dtype=lib.float32))
        opt = getattr(lib.optim, name)([p], lr=0.1)
        p.grad = lib.ones(2, dtype=lib.float32)
        opt.step()
        lib.set_default_dtype(load_default)
        q = lib.nn.Parameter(lib.ones(2, dtype=lib.float32))
        resumed = getattr(lib.optim, name)([q], lr=0.1)
        resumed.load_state_dict(opt.state_dict())
        return [{k: str(v.dtype) for k, v in o.state[x].items() if v.dim() == 0} for o, x in ((opt, p), (resumed, q))]
    finally:
        lib.set_default_dtype(old)


@pytest.mark.parametrize("name", ["Adam", "Adagrad", "ASGD", "NAdam", "Rprop"])
@pytest.mark.parametrize("default,load_default", [("float64", "float32"), ("float32", "float64")])
def test_step_and_scalar_state_take_the_default_dtype_when_float64_and_keep_it_on_load_as_pytorch(
        name, default, load_default):
    mine = _scalar_state_dtypes(minigrad, name, getattr(minigrad, default), getattr(minigrad, load_default))
    theirs = _scalar_state_dtypes(torch, name, getattr(torch, default), getattr(torch, load_default))
    assert mine == theirs


def _aliasing_after_load(lib, param_dtype):
    p = lib.nn.Parameter(lib.ones(2, dtype=lib.float64))
    opt = lib.optim.Adam([p], lr=0.1)
    p.grad = lib.ones(2, dtype=lib.float64)
    opt.step()
    saved = opt.state_dict()
    q = lib.nn.Parameter(lib.ones(2, dtype=param_dtype))
    resumed = lib.optim.Adam([q], lr=0.1)
    resumed.load_state_dict(saved)
    shared = {k: v is saved["state"][0][k] for k, v in resumed.state[q].items()}
    q.grad = lib.ones(2, dtype=param_dtype)
    resumed.step()
    return shared, saved["state"][0]["step"].item(), saved["state"][0]["exp_avg"].tolist()


@pytest.mark.parametrize("param_dtype", ["float64", "float32"])
def test_loaded_state_tensors_are_the_given_ones_unless_cast_and_later_steps_change_them_as_pytorch(param_dtype):
    mine = _aliasing_after_load(minigrad, getattr(minigrad, param_dtype))
    theirs = _aliasing_after_load(torch, getattr(torch, param_dtype))
    assert mine == theirs


def test_state_dict_holds_the_optimizers_own_per_parameter_state_dicts_as_pytorch():
    ps, opt = stepped(minigrad, "SGD", dict(lr=0.1, momentum=0.9))
    assert opt.state_dict()["state"][0] is opt.state[ps[0]]


def test_loaded_param_groups_are_deep_copies_as_pytorch():
    ps, opt = stepped(minigrad, "SGD", dict(lr=0.1, momentum=0.9))
    saved = opt.state_dict()
    saved["param_groups"][0]["notes"] = ["kept apart"]
    opt.load_state_dict(saved)
    assert opt.param_groups[0]["notes"] == ["kept apart"]
    assert opt.param_groups[0]["notes"] is not saved["param_groups"][0]["notes"]


def test_load_state_dict_rejects_mismatched_groups():
    _, opt = stepped(minigrad, "SGD", dict(lr=0.1), groups=True)
    other = minigrad.optim.SGD(params(3), lr=0.1)
    with pytest.raises(ValueError, match="number of parameter groups"):
        other.load_state_dict(opt.state_dict())


def test_pytorch_optimizer_state_loads_into_minigrad():
    tps, topt = stepped(torch, "Adam", dict(lr=0.1))
    mps = [nn.Parameter(minigrad.tensor(p.detach().numpy().copy())) for p in tps]
    mopt = minigrad.optim.Adam(mps, lr=0.1)
    mopt.load_state_dict(topt.state_dict())
    for p, q in zip(tps, mps):
        p.grad, q.grad = torch.ones(2, 2, dtype=torch.float64), minigrad.ones(2, 2, dtype=minigrad.float64)
    topt.step()
    mopt.step()
    for p, q in zip(tps, mps):
        np.testing.assert_allclose(q.detach().numpy(), p.detach().numpy(), rtol=1e-12)


SHARED_OPTIMIZERS = ["SGD", "Adam", "AdamW", "NAdam", "RAdam", "Adamax", "Adadelta", "Adagrad", "RMSprop", "Rprop",
                     "ASGD", "Adafactor"]


def _loaded_without_each_option(lib, name):
    """For each option of a stepped optimizer's group: the group loaded from a state_dict lacking it
    (a state_dict saved by an older PyTorch), then stepped; or the error of that step."""
    ps, opt = stepped(lib, name, dict(lr=0.1))
    saved = opt.state_dict()
    outcomes = {}
    for option in saved["param_groups"][0]:
        if option in ("params", "lr"):
            continue
        groups = [{k: v for k, v in g.items() if k != option} for g in saved["param_groups"]]
        fresh = getattr(lib.optim, name)(ps, lr=0.1)
        fresh.load_state_dict({"state": saved["state"], "param_groups": groups})
        try:
            fresh.step()
        except KeyError as e:
            outcomes[option] = ("KeyError", e.args)
        else:
            outcomes[option] = {k: v for k, v in fresh.param_groups[0].items() if k != "params"}
    return outcomes


@pytest.mark.parametrize("name", SHARED_OPTIMIZERS)
def test_a_loaded_group_lacking_an_option_gets_pytorchs_value_for_it(name):
    assert _loaded_without_each_option(minigrad, name) == _loaded_without_each_option(torch, name)


def _resumed_from_numbers(lib, name):
    """The parameters and state after a step resumed from a state_dict whose 0-d state tensors
    were saved as Python numbers (as an older PyTorch saved them)."""
    ps, opt = stepped(lib, name, dict(lr=0.1))
    saved = opt.state_dict()
    state = {i: {k: v.item() if v.dim() == 0 else v for k, v in s.items()} for i, s in saved["state"].items()}
    fresh = getattr(lib.optim, name)(ps, lr=0.1)
    fresh.load_state_dict({"state": state, "param_groups": saved["param_groups"]})
    fresh.step()
    scalars = {k: (type(v).__name__, str(v.dtype).split(".")[-1])
               for k, v in fresh.state[ps[0]].items() if v.dim() == 0}
    return np.array([p.tolist() for p in ps]), scalars


@pytest.mark.parametrize("name", ["Adam", "NAdam", "ASGD"])
def test_scalar_state_saved_as_numbers_loads_as_tensors_as_pytorch(name):
    mine, my_scalars = _resumed_from_numbers(minigrad, name)
    theirs, their_scalars = _resumed_from_numbers(torch, name)
    assert my_scalars == their_scalars
    np.testing.assert_allclose(mine, theirs, rtol=1e-7)


@pytest.mark.parametrize("cls,kwargs", [("StepLR", dict(step_size=3, gamma=0.5)), ("ExponentialLR", dict(gamma=0.9)),
                                        ("MultiStepLR", dict(milestones=[2, 5, 5], gamma=0.1)),
                                        ("LambdaLR", dict(lr_lambda=lambda e: 1.0 / (e + 1))),
                                        ("CosineAnnealingLR", dict(T_max=5, eta_min=0.01)),
                                        ("CosineAnnealingWarmRestarts", dict(T_0=3)),
                                        ("CosineAnnealingWarmRestarts", dict(T_0=2, T_mult=2, eta_min=0.01)),
                                        ("LinearLR", dict()), ("LinearLR", dict(start_factor=0.5, end_factor=0.1,
                                                                                total_iters=4)),
                                        ("CosineAnnealingLR", dict(T_max=3)), ("ConstantLR", dict()),
                                        ("ConstantLR", dict(factor=0.5, total_iters=2))])
def test_lr_schedulers_match_pytorch(cls, kwargs):
    lrs = []
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        sched = getattr(lib.optim.lr_scheduler, cls)(opt, **kwargs)
        seq = [sched.get_last_lr()[0]]
        for _ in range(14):  # past T_max: the cosine goes back up
            opt.step()
            sched.step()
            seq.append(opt.param_groups[0]["lr"])
        lrs.append(seq)
    np.testing.assert_allclose(lrs[0], lrs[1], rtol=1e-15)


@pytest.mark.parametrize("cls,kwargs", [("CosineAnnealingLR", dict(T_max=6, eta_min=0.01)),
                                        ("ExponentialLR", dict(gamma=0.5)), ("StepLR", dict(step_size=3)),
                                        ("LinearLR", dict(start_factor=0.25, total_iters=4))])
def test_a_scheduler_resumed_at_a_later_epoch_keeps_the_rate_then_follows_pytorch(cls, kwargs):
    lrs = []
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        opt.param_groups[0]["initial_lr"] = 0.2
        sched = getattr(lib.optim.lr_scheduler, cls)(opt, last_epoch=2, **kwargs)
        seq = [opt.param_groups[0]["lr"]]
        for _ in range(4):
            opt.step()
            sched.step()
            seq.append(opt.param_groups[0]["lr"])
        lrs.append(seq)
    np.testing.assert_allclose(lrs[0], lrs[1], rtol=1e-15)


def _custom_optimizer_step_round_trip(lib):
    """A course-style custom optimizer keeping an int step: its state_dict and a reload of it."""
    class Momentum(lib.optim.Optimizer):
        def __init__(self, params, lr=0.1):
            super().__init__(params, dict(lr=lr))

        def step(self, closure=None):
            with lib.no_grad():
                for group in self.param_groups:
                    for p in group["params"]:
                        state = self.state[p]
                        state["step"] = state.get("step", 0) + 1
                        p.sub_(p.grad * group["lr"] / state["step"])

    p = lib.nn.Parameter(lib.ones(2))
    opt = Momentum([p])
    p.grad = lib.ones(2)
    opt.step()
    saved = opt.state_dict()["state"][0]["step"]
    fresh = Momentum([p])
    fresh.load_state_dict(opt.state_dict())
    loaded = fresh.state[p]["step"]
    return (type(saved).__name__, saved), (type(loaded).__name__, loaded)


def test_a_custom_optimizers_int_step_stays_an_int_in_state_dict_and_load_as_pytorch():
    assert _custom_optimizer_step_round_trip(minigrad) == _custom_optimizer_step_round_trip(torch)


def test_resuming_a_scheduler_without_initial_lr_raises_pytorchs_key_error():
    errors = []
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        with pytest.raises(KeyError) as info:
            lib.optim.lr_scheduler.StepLR(opt, step_size=3, last_epoch=2)
        errors.append(info.value.args)
    assert errors[0] == errors[1]


ONE_CYCLE = {"two phases, cosine": dict(max_lr=0.5, total_steps=12),
             "three phases, linear": dict(max_lr=0.5, total_steps=12, three_phase=True, anneal_strategy="linear"),
             "epochs and steps": dict(max_lr=[1.0], epochs=3, steps_per_epoch=4, pct_start=0.5, div_factor=10.0,
                                      final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9)}


@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
@pytest.mark.parametrize("case", sorted(ONE_CYCLE))
def test_one_cycle_lr_moves_rate_and_momentum_as_pytorch(case, optimizer):
    schedules = []
    for lib in (minigrad, torch):
        opt = getattr(lib.optim, optimizer)([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        sched = lib.optim.lr_scheduler.OneCycleLR(opt, **ONE_CYCLE[case])
        seq = []
        for _ in range(11):
            opt.step()
            sched.step()
            group = opt.param_groups[0]
            seq.append((group["lr"], group["momentum"] if optimizer == "SGD" else group["betas"][0]))
        schedules.append(seq)
    np.testing.assert_allclose(schedules[0], schedules[1], rtol=1e-15)


CYCLIC = {"triangular": dict(base_lr=1e-4, max_lr=1e-3, step_size_up=2),
          "triangular2, uneven": dict(base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=2, mode="triangular2"),
          "exp_range": dict(base_lr=0.01, max_lr=0.1, step_size_up=2, mode="exp_range", gamma=0.9),
          "scale_fn per step": dict(base_lr=[0.01], max_lr=0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x,
                                    scale_mode="iterations"),
          "no momentum cycling": dict(base_lr=0.01, max_lr=0.1, step_size_up=2, cycle_momentum=False)}


@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
@pytest.mark.parametrize("case", sorted(CYCLIC))
def test_cyclic_lr_moves_rate_and_momentum_as_pytorch(case, optimizer):
    schedules = []
    for lib in (minigrad, torch):
        opt = getattr(lib.optim, optimizer)([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        sched = lib.optim.lr_scheduler.CyclicLR(opt, **CYCLIC[case])
        seq = [opt.param_groups[0]["lr"]]
        for _ in range(15):
            opt.step()
            sched.step()
            group = opt.param_groups[0]
            seq += [group["lr"], group["momentum"] if optimizer == "SGD" else group["betas"][0]]
        schedules.append(seq)
    np.testing.assert_allclose(schedules[0], schedules[1], rtol=1e-15)


def test_cyclic_lr_refuses_an_unknown_mode_as_pytorch():
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1, momentum=0.9)
        with pytest.raises(ValueError, match="mode is invalid and scale_fn is None"):
            lib.optim.lr_scheduler.CyclicLR(opt, 0.01, 0.1, mode="sawtooth")


def test_one_cycle_lr_refuses_a_step_past_its_total_and_a_missing_length_as_pytorch():
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1, momentum=0.9)
        with pytest.raises(ValueError, match="You must define either total_steps OR"):
            lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, epochs=2)
        sched = lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=2)
        opt.step()
        sched.step()
        sched.step()
        with pytest.raises(ValueError, match="Tried to step 3 times. The specified number of total steps is 2"):
            sched.step()


@pytest.mark.parametrize("cls,kwargs", [("StepLR", dict(step_size=2)), ("CosineAnnealingLR", dict(T_max=2)),
                                        ("OneCycleLR", dict(max_lr=1.0, total_steps=3)),
                                        ("CyclicLR", dict(base_lr=0.01, max_lr=0.1)), ("ReduceLROnPlateau", dict())])
def test_a_scheduler_given_something_other_than_an_optimizer_raises_pytorchs_type_error(cls, kwargs):
    for lib in (torch, minigrad):
        with pytest.raises(TypeError, match="^Linear is not an Optimizer$"):
            getattr(lib.optim.lr_scheduler, cls)(lib.nn.Linear(2, 2), **kwargs)


@pytest.mark.parametrize("kwargs", [dict(start_factor=0.0), dict(start_factor=1.5), dict(end_factor=-0.1)])
def test_linear_lr_refuses_factors_out_of_range_as_pytorch(kwargs):
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        with pytest.raises(ValueError, match="multiplicative factor expected"):
            lib.optim.lr_scheduler.LinearLR(opt, **kwargs)


@pytest.mark.parametrize("t_mult", [1, 2])
def test_cosine_warm_restarts_stepped_with_fractional_epochs_matches_pytorch(t_mult):
    lrs = []
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        sched = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=t_mult, eta_min=0.001)
        seq = []
        for epoch in range(7):
            for batch in range(4):
                opt.step()
                sched.step(epoch + batch / 4)
                seq.append(opt.param_groups[0]["lr"])
        lrs.append(seq)
    np.testing.assert_allclose(lrs[0], lrs[1], rtol=1e-15)


@pytest.mark.parametrize("kwargs", [dict(T_0=0), dict(T_0=2.5), dict(T_0=2, T_mult=0), dict(T_0=2, eta_min="0")])
def test_cosine_warm_restarts_refuses_bad_periods_as_pytorch(kwargs):
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        with pytest.raises(ValueError, match="^Expected"):
            lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, **kwargs)


@pytest.mark.filterwarnings("ignore:Detected call of:UserWarning")  # (stepped without the optimizer, as PyTorch warns)
def test_lr_scheduler_state_dict_round_trip():
    opt = minigrad.optim.SGD(params(1), lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    for _ in range(3):
        sched.step()
    state = sched.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 3
    opt2 = minigrad.optim.SGD(params(1), lr=1.0)
    sched2 = lr_scheduler.StepLR(opt2, step_size=2, gamma=0.5)
    sched2.load_state_dict(state)
    opt2.param_groups[0]["lr"] = opt.param_groups[0]["lr"]
    sched.step()
    sched2.step()
    assert sched.get_last_lr() == sched2.get_last_lr() == [0.25]


@pytest.mark.parametrize("stages", [
    [("LinearLR", dict(start_factor=0.1, total_iters=3)), ("CosineAnnealingLR", dict(T_max=5))],
    [("ConstantLR", dict(factor=0.5, total_iters=2)), ("ExponentialLR", dict(gamma=0.9)), ("StepLR", dict(step_size=2))],
], ids=["warmup-cosine", "three-stages"])
def test_sequential_lr_runs_its_schedulers_in_turn_as_pytorch(stages):
    lrs, states = [], []
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        schedulers = [getattr(lib.optim.lr_scheduler, cls)(opt, **kwargs) for cls, kwargs in stages]
        sched = lib.optim.lr_scheduler.SequentialLR(opt, schedulers, milestones=[3, 6][:len(stages) - 1])
        seq = [opt.param_groups[0]["lr"], sched.get_last_lr()[0]]
        for _ in range(10):
            opt.step()
            sched.step()
            seq.append(opt.param_groups[0]["lr"])
        lrs.append(seq + [sched.last_epoch] + [s.last_epoch for s in schedulers])
        states.append(sorted(k for k in sched.state_dict() if not k.startswith("_get_lr")))
    np.testing.assert_allclose(lrs[0], lrs[1], rtol=1e-15)
    assert states[0] == states[1]


@pytest.mark.filterwarnings("ignore:Detected call of:UserWarning")  # (stepped without the optimizer, as PyTorch warns)
def test_sequential_lr_resumes_from_its_state_dict():
    def build():
        opt = minigrad.optim.SGD([minigrad.nn.Parameter(minigrad.ones(1))], lr=0.1)
        warm = minigrad.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)
        decay = minigrad.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
        return opt, minigrad.optim.lr_scheduler.SequentialLR(opt, [warm, decay], milestones=[2])
    opt, sched = build()
    for _ in range(4):
        sched.step()
    opt2, sched2 = build()
    sched2.load_state_dict(sched.state_dict())
    opt2.param_groups[0]["lr"] = opt.param_groups[0]["lr"]
    sched.step()
    sched2.step()
    assert opt.param_groups[0]["lr"] == opt2.param_groups[0]["lr"]


@pytest.mark.parametrize("make", [
    lambda L, opt: L.optim.lr_scheduler.ConstantLR(opt, factor=2.0),
    lambda L, opt: L.optim.lr_scheduler.SequentialLR(opt, [L.optim.lr_scheduler.ExponentialLR(opt, 0.9)], milestones=[1]),
    lambda L, opt: L.optim.lr_scheduler.SequentialLR(opt, [L.optim.lr_scheduler.ReduceLROnPlateau(opt)] * 2, milestones=[1]),
], ids=["factor", "milestones", "plateau"])
def test_constant_and_sequential_lr_reject_bad_arguments_as_pytorch(make):
    for lib in (minigrad, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
        with pytest.raises(ValueError):
            make(lib, opt)
