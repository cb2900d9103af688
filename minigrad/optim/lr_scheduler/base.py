"""The base of the learning-rate schedulers: ``LRScheduler`` and the checks and warnings
every scheduler shares (PyTorch's texts)."""
import warnings
import weakref
from functools import wraps

from ..._errors import user_stacklevel
from ...compile import live
from ...tensor import Tensor
from ..optimizer import Optimizer


def _set_group_lr(group, value):
    """Set ``group["lr"]`` to ``value``; a tensor lr is filled in place (it stays the tensor the
    optimizer was given), as PyTorch's schedulers set it."""
    current = group["lr"]
    if isinstance(current, Tensor):
        current.fill_(value.item() if isinstance(value, Tensor) else value)
    else:
        group["lr"] = value


def _group_values(optimizer, key="lr"):
    """Each param group's ``key``, tensors cloned (the list never aliases a group's tensor), as PyTorch's."""
    return [v.clone() if isinstance(v := group[key], Tensor) else v for group in optimizer.param_groups]


def _expect_optimizer(optimizer):
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


def _track_step_calls(optimizer):
    """Wrap ``optimizer.step`` (once) so that it records its first call in ``optimizer._opt_called``:
    a scheduler stepped before its optimizer then warns, as PyTorch's."""
    if hasattr(optimizer.step, "_wrapped_by_lr_sched"):
        return
    step = optimizer.step.__func__
    optimizer_ref = weakref.ref(optimizer)  # (no cycle through the instance's own attribute)

    @wraps(step)
    def wrapper(*args, **kwargs):
        opt = optimizer_ref()
        opt._opt_called = True
        return step.__get__(opt, type(opt))(*args, **kwargs)
    wrapper._wrapped_by_lr_sched = True
    optimizer.step = wrapper


def _warn_get_lr_outside_step(scheduler):
    """PyTorch's warning for ``get_lr()`` called by the user (it computes the next rates; the current ones
    are ``get_last_lr()``)."""
    if not scheduler._get_lr_called_within_step:
        warnings.warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.",
                      UserWarning, stacklevel=3)


def _warn_if_stepped_before_the_optimizer(scheduler):
    """PyTorch's warnings at a scheduler's first ``step()`` when its optimizer has not stepped yet."""
    if scheduler._step_count != 1:
        return
    if not hasattr(scheduler.optimizer.step, "_wrapped_by_lr_sched"):
        warnings.warn("Seems like `optimizer.step()` has been overridden after learning rate scheduler "
                      "initialization. Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`.",
                      UserWarning, stacklevel=5)
    elif not getattr(scheduler.optimizer, "_opt_called", False):
        warnings.warn("Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, "
                      "you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  "
                      "Failure to do this will result in PyTorch skipping the first value of the learning rate "
                      "schedule. See more details at "
                      "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate", UserWarning, stacklevel=5)


EPOCH_DEPRECATED = ("The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where "
                    "possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch "
                    "is different from None, the closed form is used instead of the new chainable form, where "
                    "available. Please open an issue if you are unable to replicate your use case: "
                    "https://github.com/pytorch/pytorch/issues/new/choose.")


class LRScheduler:
    """Base class: sets each group's ``lr`` from ``get_lr()`` at every ``step()``, as PyTorch's.

    Construction performs the first step (``last_epoch`` becomes 0).
    """

    _get_lr_called_within_step = False  # True while step() computes the rates (get_lr() warns otherwise)

    def __init__(self, optimizer, last_epoch=-1):
        _expect_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                lr = group["lr"]
                group.setdefault("initial_lr", lr.clone() if isinstance(lr, Tensor) else lr)
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(f"param 'initial_lr' is not specified in param_groups[{i}] when resuming "
                                   "scheduler with last_epoch >= 0.\nThis typically happens when:\n1. You're trying "
                                   "to resume training from a checkpoint but haven't properly loaded the optimizer "
                                   "state\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)")
        self.base_lrs = _group_values(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        _track_step_calls(optimizer)
        self._step_count = 0
        self._is_initial = True  # the construction step keeps the rates (also when resuming at a later epoch)
        self.step()
        self._is_initial = False

    def get_lr(self):
        """The learning rates for the current ``last_epoch``; subclasses implement it."""
        raise NotImplementedError  # (the base class: no warning)

    def get_last_lr(self):
        """The learning rates set by the last ``step()``."""
        return self._last_lr

    def step(self, epoch=None):
        """Advance one epoch (or jump to ``epoch``) and set the groups' learning rates."""
        live.replayed(self._advance, epoch)  # repeated by every replay of a compiled step

    def _advance(self, epoch):
        _warn_if_stepped_before_the_optimizer(self)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATED, UserWarning, stacklevel=user_stacklevel())
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        """Set the rates of the next epoch, or of ``epoch`` (from the closed form where there is one)."""
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                values = self._get_closed_form_lr() if hasattr(self, "_get_closed_form_lr") else self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        # (strict: a group added since the scheduler was made fails here, as PyTorch's)
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            _set_group_lr(group, lr)
        self._last_lr = _group_values(self.optimizer)

    def _initial_step(self):
        """The construction step again (SequentialLR starts a scheduler over with it)."""
        self._step_count = 0
        self._is_initial = True
        if type(self).step is not LRScheduler.step:  # a subclass's own step (PyTorch calls step())
            self.step()
        else:
            self._advance(None)
        self._is_initial = False

    def state_dict(self):
        """Everything but the optimizer, as a dict."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict):
        """Restore from ``state_dict()``."""
        self.__dict__.update(state_dict)


_LRScheduler = LRScheduler
