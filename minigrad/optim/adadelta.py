"""``Adadelta``: step sizes from running averages of squared gradients and squared updates, as PyTorch."""
from ..autograd import no_grad
from ..compile import live
from ..creation import zeros_like
from .optimizer import Optimizer, step_count, check_tensor_lr, to_scalar


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    rho = group["rho"]
    return -to_scalar(group["lr"]), rho, 1 - rho, group["eps"], group["weight_decay"]


def _init_state(s, p, group):
    s["step"] = step_count()
    s["square_avg"] = zeros_like(p)
    s["acc_delta"] = zeros_like(p)


class Adadelta(Optimizer):
    """Adadelta (Zeiler), as ``torch.optim.Adadelta``.

    Per parameter: ``v = rho * v + (1 - rho) * g * g``,
    ``delta = sqrt(u + eps) / sqrt(v + eps) * g``, ``u = rho * u + (1 - rho) * delta * delta``,
    ``p -= lr * delta``.
    """

    _capturable_devices = "['cuda', 'xpu', 'hpu', 'privateuseone']"

    _options_filled_on_load = dict(maximize=False, foreach=None, capturable=False, differentiable=False)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize, capturable=capturable,
                        foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                neg_lr, rho, w, eps, weight_decay = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, _init_state):
                    s["step"] += 1
                    if weight_decay != 0:
                        grad = grad.add(p, alpha=weight_decay)
                    square_avg, acc_delta = s["square_avg"], s["acc_delta"]
                    square_avg.mul_(rho).addcmul_(grad, grad, value=w)
                    std = square_avg.add(eps).sqrt_()
                    delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
                    acc_delta.mul_(rho).addcmul_(delta, delta, value=w)
                    p.add_(delta, alpha=neg_lr)
        return loss
