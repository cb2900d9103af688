"""``RAdam``: Adam with the variance of the adaptive learning rate rectified, with PyTorch's exact update."""
from ..autograd import no_grad
from ..compile import live
from ..creation import zeros_like
from .optimizer import Optimizer, step_count, to_scalar
from .adam import check_adam_options


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    beta1, beta2 = group["betas"]
    weight_decay, lr = group["weight_decay"], to_scalar(group["lr"])
    return lr, 1 - beta1, beta2, 1 - beta2, group["eps"], weight_decay, 1 - lr * weight_decay


def _rectification(group, step_t):
    """For the coming step count ``t`` (one more than the tensor's): ``1 - beta1**t``, ``sqrt(1 - beta2**t)``,
    and the rectification factor ``r_t`` (0.0 while the approximated SMA length ``rho_t`` is at most 5: then
    the step is SGD with momentum). Read before the step count changes, so that a compiled step's guard,
    which calls this before the step, sees the value the step branches on."""
    step = step_t.item() + 1
    beta1, beta2 = group["betas"]
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
    if rho_t <= 5.0:
        return bias_correction1, bias_correction2 ** 0.5, 0.0
    rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
    return bias_correction1, bias_correction2 ** 0.5, rect


def _init_state(s, p, group):
    s["step"] = step_count()
    s["exp_avg"] = zeros_like(p)
    s["exp_avg_sq"] = zeros_like(p)


class RAdam(Optimizer):
    """RAdam (Liu et al.), as ``torch.optim.RAdam`` (``decoupled_weight_decay=True`` gives RAdamW).

    Per parameter and step t: ``m = lerp(m, g, 1 - beta1)``, ``v = beta2 * v + (1 - beta2) * g * g``,
    ``m_hat = m / (1 - beta1**t)``; with ``rho_inf = 2 / (1 - beta2) - 1`` and
    ``rho_t = rho_inf - 2 t beta2**t / (1 - beta2**t)``: if ``rho_t > 5``,
    ``p -= lr * m_hat * sqrt(1 - beta2**t) / (sqrt(v) + eps) * r_t`` with
    ``r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))``, else ``p -= lr * m_hat``.
    """

    _options_filled_on_load = dict(decoupled_weight_decay=False, maximize=False, foreach=None, capturable=False,
                                   differentiable=False)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False,
                 *, foreach=None, maximize=False, capturable=False, differentiable=False):
        check_adam_options(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                lr, w1, beta2, w2, eps, weight_decay, decay = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, _init_state):
                    # (checked: whether r_t is 0 picks the branch)
                    bias_correction1, bias_correction2_sqrt, rect = live.scalars(_rectification, group, s["step"])
                    s["step"] += 1
                    if weight_decay != 0:
                        if group["decoupled_weight_decay"]:
                            p.mul_(decay)
                        else:
                            grad = grad.add(p, alpha=weight_decay)
                    exp_avg, exp_avg_sq = s["exp_avg"], s["exp_avg_sq"]
                    exp_avg.lerp_(grad, w1)
                    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=w2)
                    update = (exp_avg / bias_correction1) * lr
                    if rect != 0:
                        adaptive_lr = bias_correction2_sqrt / exp_avg_sq.sqrt().add_(eps)
                        update = update * adaptive_lr * rect
                    p.sub_(update)
        return loss
