"""``Adagrad`` with PyTorch's exact update (per-element sums of squared gradients, eps outside the sqrt)."""
from ..autograd import no_grad
from ..compile import live
from ..creation import full_like
from .optimizer import Optimizer, step_count, check_tensor_lr, check_fused_options, to_scalar


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    return to_scalar(group["lr"]), group["lr_decay"], group["eps"], group["weight_decay"]


def _step_size(lr, lr_decay, step_t):
    """``-lr / (1 + (t - 1) * lr_decay)`` for step count ``t`` (read from the tensor)."""
    return -lr / (1 + (step_t.item() - 1) * lr_decay)


def _init_state(s, p, initial, fused):
    """A parameter's state: step 0 and the sum at ``initial`` (PyTorch's is the constructor's
    ``initial_accumulator_value`` whatever a group sets, also for a group added later)."""
    s["step"] = step_count(fused)
    v = initial
    # PyTorch: a complex parameter's sum starts at complex(v, v) (both halves of its real view at v)
    s["sum"] = full_like(p, complex(v, v) if p.is_complex() else v)


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.), as ``torch.optim.Adagrad``.

    Per parameter and step t: ``s = s + g * g`` (from ``initial_accumulator_value``),
    ``p -= lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)``. The state exists from the
    start, as PyTorch's.
    """

    _options_filled_on_load = dict(maximize=False, foreach=None, differentiable=False, fused=None)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        check_fused_options(fused, foreach, differentiable)
        for group in self.param_groups:
            for p in group["params"]:
                _init_state(self.state[p], p, initial_accumulator_value, group["fused"])

    def _init_later_state(self, s, p, group):
        """The state of a parameter of a group added after construction (PyTorch: from the defaults)."""
        _init_state(s, p, self.defaults["initial_accumulator_value"], group["fused"])

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                lr, lr_decay, eps, weight_decay = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, self._init_later_state):
                    step_t = s["step"]
                    step_t += 1
                    neg_step_size = live.scalars(_step_size, lr, lr_decay, step_t, checked=False)
                    if weight_decay != 0:
                        grad = grad.add(p, alpha=weight_decay)
                    state_sum = s["sum"]
                    state_sum.addcmul_(grad, grad, value=1)
                    p.addcdiv_(grad, state_sum.sqrt().add_(eps), value=neg_step_size)
        return loss
