"""A learning rate given as a tensor under the schedulers, on minigrad and on PyTorch: the group keeps
that tensor (the scheduler fills it in place), and ``get_last_lr()`` gives copies that never alias it."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
SCHEDULERS = {
    "StepLR": lambda s, opt: s.StepLR(opt, 2),
    "CosineAnnealingWarmRestarts": lambda s, opt: s.CosineAnnealingWarmRestarts(opt, 3),
    "ReduceLROnPlateau": lambda s, opt: s.ReduceLROnPlateau(opt, patience=0),
    "SequentialLR": lambda s, opt: s.SequentialLR(opt, [s.ConstantLR(opt, 0.5, 2), s.ExponentialLR(opt, 0.9)], [2]),
    "CyclicLR": lambda s, opt: s.CyclicLR(opt, 0.01, 0.1, 2, cycle_momentum=False),
}


def _stepped(lib, name, lr):
    opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=lr)
    scheduler = SCHEDULERS[name](lib.optim.lr_scheduler, opt)
    for _ in range(3):
        opt.step()
        scheduler.step(1.0) if name == "ReduceLROnPlateau" else scheduler.step()
    return opt, scheduler


@LIBS
@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_scheduler_fills_a_tensor_lr_in_place(lib, name):
    lr = lib.tensor(0.1)
    opt, _ = _stepped(lib, name, lr)
    assert opt.param_groups[0]["lr"] is lr


@LIBS
@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_get_last_lr_of_a_tensor_lr_is_a_copy_of_its_value(lib, name):
    lr = lib.tensor(0.1)
    opt, scheduler = _stepped(lib, name, lr)
    last = scheduler.get_last_lr()[0]
    assert last is not lr and isinstance(last, lib.Tensor) and last.item() == lr.item()
