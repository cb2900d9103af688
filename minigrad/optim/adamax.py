"""``Adamax``: Adam with the infinity norm in place of the second moment, with PyTorch's exact update."""
from ..autograd import no_grad
from ..compile import live
from ..creation import zeros_like
from ..ops import maximum
from .optimizer import Optimizer, step_count, to_scalar
from .adam import check_adam_options


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    beta1, beta2 = group["betas"]
    return 1 - beta1, beta2, group["eps"], group["weight_decay"]


def _step_size(group, step_t):
    """``-lr / (1 - beta1**t)`` for step count ``t`` (read from the tensor)."""
    return -to_scalar(group["lr"]) / (1 - group["betas"][0] ** step_t.item())


def _init_state(s, p, group):
    s["step"] = step_count()
    s["exp_avg"] = zeros_like(p)
    s["exp_inf"] = zeros_like(p)


class Adamax(Optimizer):
    """Adamax (Kingma and Ba), as ``torch.optim.Adamax``.

    Per parameter and step t: ``m = lerp(m, g, 1 - beta1)``, ``u = max(beta2 * u, |g| + eps)``,
    ``p -= lr / (1 - beta1**t) * m / u``.
    """

    _options_filled_on_load = dict(maximize=False, foreach=None, capturable=False, differentiable=False)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_adam_options(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                w1, beta2, eps, weight_decay = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, _init_state):
                    s["step"] += 1
                    if weight_decay != 0:
                        grad = grad.add(p, alpha=weight_decay)
                    exp_avg, exp_inf = s["exp_avg"], s["exp_inf"]
                    exp_avg.lerp_(grad, w1)
                    exp_inf.copy_(maximum(exp_inf.mul_(beta2), grad.abs().add_(eps)))
                    p.addcdiv_(exp_avg, exp_inf, value=live.scalars(_step_size, group, s["step"], checked=False))
        return loss
