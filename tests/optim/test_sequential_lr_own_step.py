"""``SequentialLR`` with a scheduler that defines its own ``step`` (a subclass that logs, say), on
minigrad and on PyTorch: that ``step`` is what starts the scheduler and advances it."""
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _logged(lib, base, log):
    class Logged(base):
        def step(self, epoch=None):
            log.append(self.last_epoch)
            super().step(epoch)
    return Logged


@LIBS
def test_sequential_lr_starts_the_first_scheduler_with_its_own_step(lib):
    log = []
    opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
    first = _logged(lib, lib.optim.lr_scheduler.LinearLR, log)(opt, 0.5, total_iters=2)
    log.clear()
    lib.optim.lr_scheduler.SequentialLR(opt, [first, lib.optim.lr_scheduler.ExponentialLR(opt, 0.9)], [2])
    assert log == [-1]


@LIBS
def test_sequential_lr_advances_a_scheduler_with_its_own_step(lib):
    log = []
    opt = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1)
    second = _logged(lib, lib.optim.lr_scheduler.ExponentialLR, log)(opt, 0.9)
    sequence = lib.optim.lr_scheduler.SequentialLR(opt, [lib.optim.lr_scheduler.ConstantLR(opt, 0.5, 2), second], [2])
    log.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(5):
            opt.step()
            sequence.step()
    assert log == [0, 1, 2]  # (the milestone step restarts it at epoch 0 without step(), as PyTorch)
