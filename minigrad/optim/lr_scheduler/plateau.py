"""``ReduceLROnPlateau``: cut the rate when a metric stops improving."""
import warnings

from ..._errors import user_stacklevel
from ...compile import live
from .base import EPOCH_DEPRECATED, LRScheduler, _expect_optimizer, _group_values, _set_group_lr


class ReduceLROnPlateau(LRScheduler):
    """Multiply the learning rate by ``factor`` when a metric stops improving for ``patience`` epochs.

    As ``torch.optim.lr_scheduler.ReduceLROnPlateau``: ``step(metric)`` once per epoch;
    ``mode`` 'min' or 'max', ``threshold_mode`` 'rel' or 'abs', ``cooldown``, ``min_lr``, ``eps``.
    An ``LRScheduler`` as PyTorch's (code may test for one), with its own construction and step: no
    step at construction, no ``base_lrs``.
    """

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                 cooldown=0, min_lr=0, eps=1e-8):
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        _expect_optimizer(optimizer)
        _check_modes(mode, threshold_mode)
        # (attributes set in PyTorch's order: state_dict() lists them so)
        self.factor = factor
        self.optimizer = optimizer
        n = len(optimizer.param_groups)
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != n:
                raise ValueError(f"expected {n} min_lrs, got {len(min_lr)}")
            self.default_min_lr, self.min_lrs = None, list(min_lr)
        else:
            self.default_min_lr, self.min_lrs = min_lr, [min_lr] * n
        self.patience, self.cooldown, self.eps = patience, cooldown, eps
        self.last_epoch = 0
        self._last_lr = _group_values(optimizer)
        self.mode_worse = float("inf") if mode == "min" else float("-inf")
        self.mode, self.threshold, self.threshold_mode = mode, threshold, threshold_mode
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def _is_better(self, a, best):
        if self.mode == "min":
            return a < best * (1 - self.threshold) if self.threshold_mode == "rel" else a < best - self.threshold
        return a > best * (1 + self.threshold) if self.threshold_mode == "rel" else a > best + self.threshold

    def step(self, metrics, epoch=None):
        """Record this epoch's metric; reduce the learning rates after ``patience`` bad epochs.
        ``epoch`` (deprecated, with PyTorch's warning) sets the epoch counter."""
        live.replayed(self._advance, metrics, epoch)  # a tensor metric inside a compiled step: a graph break

    def _advance(self, metrics, epoch=None):
        current = float(metrics)
        if epoch is None:
            self.last_epoch += 1
        else:
            warnings.warn(EPOCH_DEPRECATED, UserWarning, stacklevel=user_stacklevel())
            self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            n = len(self.optimizer.param_groups)
            if n != len(self.min_lrs):  # a group added since: one min_lr for all follows, a list cannot
                if self.default_min_lr is None:
                    raise RuntimeError(f"The number of param groups in the `optimizer` ({n}) differs from when "
                                       f"`ReduceLROnPlateau` was initialized ({len(self.min_lrs)}), usually due to a "
                                       "new param group being added to the optimizer. Please modify the `min_lrs` "
                                       "field to match the length of the `optimizer` param groups.")
                self.min_lrs = [self.default_min_lr] * n
            for group, min_lr in zip(self.optimizer.param_groups, self.min_lrs):
                old = float(group["lr"])
                new = max(old * self.factor, min_lr)
                if old - new > self.eps:
                    _set_group_lr(group, new)
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = _group_values(self.optimizer)

    def load_state_dict(self, state_dict):
        """Restore from ``state_dict()``; an unknown mode or threshold mode is refused (with PyTorch's
        ValueError) before anything changes."""
        loaded = {**self.__dict__, **state_dict}
        _check_modes(loaded["mode"], loaded["threshold_mode"])
        self.__dict__.update(state_dict)
        self.mode_worse = float("inf") if self.mode == "min" else float("-inf")

    def get_last_lr(self):
        """The learning rates after the last step."""
        return list(self._last_lr)

    @property
    def in_cooldown(self):
        """True while reductions are paused."""
        return self.cooldown_counter > 0


def _check_modes(mode, threshold_mode):
    """PyTorch's errors for a mode other than 'min' and 'max' or a threshold mode other than 'rel' and 'abs'."""
    if mode not in ("min", "max"):
        raise ValueError("mode " + mode + " is unknown!")
    if threshold_mode not in ("rel", "abs"):
        raise ValueError("threshold mode " + threshold_mode + " is unknown!")
