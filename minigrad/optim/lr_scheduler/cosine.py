"""Cosine annealing: ``CosineAnnealingLR`` and ``CosineAnnealingWarmRestarts``."""
import math

from .base import _group_values, _set_group_lr, _warn_get_lr_outside_step, LRScheduler


class CosineAnnealingLR(LRScheduler):
    """Anneal the learning rate from its initial value to ``eta_min`` along half a cosine over
    ``T_max`` epochs (then back up, without restarts), as PyTorch's.

    Each step rescales the current rate, as PyTorch does, so that the numbers equal PyTorch's and a
    rate changed by hand between steps carries on: the closed form
    ``eta_min + (initial_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2`` is used only by
    ``step(epoch)``.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_outside_step(self)
        epoch, period, low = self.last_epoch, self.T_max, self.eta_min
        current = [group["lr"] for group in self.optimizer.param_groups]
        if self._is_initial:
            return current
        if (epoch - 1 - period) % (2 * period) == 0:  # leaving the minimum: cos(pi * epoch / T_max) is -1 before
            return [lr + (base - low) * (1 - math.cos(math.pi / period)) / 2
                    for base, lr in zip(self.base_lrs, current, strict=True)]
        ratio = (1 + math.cos(math.pi * epoch / period)) / (1 + math.cos(math.pi * (epoch - 1) / period))
        return [low + ratio * (lr - low) for lr in current]

    def _get_closed_form_lr(self):
        return [self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter): the rate follows
    ``eta_min + (initial_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2`` and jumps back up every
    ``T_i`` epochs, the period growing by ``T_mult`` after each restart. ``step(epoch)`` takes a
    fractional epoch too (``epoch + batch / n_batches`` to anneal within an epoch), as PyTorch's.
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        # (comparing first, as PyTorch: a value that does not compare with an int is its TypeError)
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}")
        self.T_0 = self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_outside_step(self)
        return [self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
                for base in self.base_lrs]

    def _advance(self, epoch):
        # PyTorch's own step: it leaves _step_count at 0 and gives neither the warning for a step before
        # the optimizer's nor the one for the epoch argument (which this scheduler documents)
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:  # a restart
                self.T_cur %= self.T_i
                self.T_i *= self.T_mult
        elif epoch < 0:
            raise ValueError(f"Expected non-negative epoch, but got {epoch}")
        elif epoch < self.T_0:
            self.T_i, self.T_cur = self.T_0, epoch
        elif self.T_mult == 1:
            self.T_cur = epoch % self.T_0
        else:  # the restart before epoch: periods T_0, T_0 * T_mult, ... sum to T_0 * (T_mult**n - 1) / (T_mult - 1)
            n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
            self.T_cur = epoch - self.T_0 * (self.T_mult ** n - 1) / (self.T_mult - 1)
            self.T_i = self.T_0 * self.T_mult ** n
        self.last_epoch = math.floor(epoch)
        self._get_lr_called_within_step = True
        try:
            values = self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            _set_group_lr(group, lr)
        self._last_lr = _group_values(self.optimizer)
