"""``Rprop``: per-element step sizes grown or shrunk by the sign of successive gradients, as PyTorch."""
from ..autograd import no_grad
from ..compile import live
from ..creation import full_like, zeros_like
from .optimizer import Optimizer, step_count, check_tensor_lr, to_scalar


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    etaminus, etaplus = group["etas"]
    step_size_min, step_size_max = group["step_sizes"]
    return etaminus, etaplus, step_size_min, step_size_max


def _init_state(s, p, group):
    s["step"] = step_count()
    s["prev"] = zeros_like(p)
    lr = to_scalar(group["lr"])
    # (a complex parameter's real and imaginary parts each start at lr, as PyTorch's)
    s["step_size"] = full_like(p, complex(lr, lr) if p.is_complex() else lr)


class Rprop(Optimizer):
    """Resilient backpropagation (Riedmiller and Braun), as ``torch.optim.Rprop``.

    Per element, with ``s`` the sign of ``g * g_prev``: the step size is multiplied by ``etaplus``
    (s > 0), ``etaminus`` (s < 0) or 1 and clamped to ``step_sizes``; where s < 0 the gradient is
    taken as 0 (and remembered so); then ``p -= sign(g) * step_size``. Step sizes start at ``lr``.
    """

    _options_filled_on_load = dict(maximize=False, foreach=None, capturable=False, differentiable=False)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                etaminus, etaplus, step_size_min, step_size_max = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, _init_state):
                    s["step"] += 1
                    prev, step_size = s["prev"], s["step_size"]
                    factor = grad.mul(prev).sign()
                    factor[factor.gt(0)] = etaplus
                    factor[factor.lt(0)] = etaminus
                    factor[factor.eq(0)] = 1
                    step_size.mul_(factor).clamp_(step_size_min, step_size_max)
                    grad = grad.clone()
                    grad[factor.eq(etaminus)] = 0  # a sign change: no step now, and no sign to compare next time
                    p.addcmul_(grad.sign(), step_size, value=-1)
                    prev.copy_(grad)
        return loss
