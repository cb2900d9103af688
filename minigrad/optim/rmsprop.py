"""``RMSprop`` with PyTorch's exact update (eps outside the square root, optional centering and momentum)."""
from ..autograd import no_grad
from ..compile import live
from ..creation import zeros_like
from .optimizer import Optimizer, step_count, check_tensor_lr, to_scalar


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    alpha = group["alpha"]
    return -to_scalar(group["lr"]), alpha, 1 - alpha, group["eps"], group["weight_decay"], group["momentum"]


def _init_state(s, p, group):
    s["step"] = step_count()
    s["square_avg"] = zeros_like(p)
    if group["momentum"] > 0:
        s["momentum_buffer"] = zeros_like(p)
    if group["centered"]:
        s["grad_avg"] = zeros_like(p)


class RMSprop(Optimizer):
    """RMSprop (Hinton), as ``torch.optim.RMSprop``.

    Per parameter: ``v = alpha * v + (1 - alpha) * g * g``; centered, also
    ``m = lerp(m, g, 1 - alpha)`` and the scale ``sqrt(v - m * m)``, else ``sqrt(v)``; then
    ``p -= lr * g / (scale + eps)``, or with momentum ``buf = momentum * buf + g / (scale + eps)``
    and ``p -= lr * buf``.
    """

    _options_filled_on_load = dict(momentum=0, centered=False, maximize=False, foreach=None, capturable=False,
                                   differentiable=False)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered, weight_decay=weight_decay,
                        capturable=capturable, foreach=foreach, maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                neg_lr, alpha, w, eps, weight_decay, momentum = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, _init_state):
                    s["step"] += 1
                    if weight_decay != 0:
                        grad = grad.add(p, alpha=weight_decay)
                    square_avg = s["square_avg"]
                    square_avg.mul_(alpha).addcmul_(grad, grad, value=w)
                    if group["centered"]:
                        grad_avg = s["grad_avg"]
                        grad_avg.lerp_(grad, w)
                        scale = (square_avg - grad_avg * grad_avg).sqrt_()
                    else:
                        scale = square_avg.sqrt()
                    scale.add_(eps)
                    if momentum > 0:
                        buf = s["momentum_buffer"]
                        buf.mul_(momentum).addcdiv_(grad, scale)
                        p.add_(buf, alpha=neg_lr)
                    else:
                        p.addcdiv_(grad, scale, value=neg_lr)
        return loss
