"""``NAdam``: Adam with Nesterov momentum and a momentum schedule, with PyTorch's exact update."""
from ..autograd import no_grad
from ..compile import live
from ..creation import ones, zeros_like
from .optimizer import Optimizer, scalar_dtype, step_count, to_scalar
from .adam import check_adam_options


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    beta1, beta2 = group["betas"]
    weight_decay = group["weight_decay"]
    return 1 - beta1, beta2, 1 - beta2, group["eps"], weight_decay, 1 - to_scalar(group["lr"]) * weight_decay


def _momentum(group, step):
    """The momentum coefficients ``mu_t`` and ``mu_{t+1}`` for step count ``t``."""
    beta1 = group["betas"][0]
    psi = group["momentum_decay"]
    return beta1 * (1.0 - 0.5 * (0.96 ** (step * psi))), beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))


def _momentum_numbers(group, step_t):
    """``1 - beta2**t`` and ``mu_t`` for step count ``t`` (read from the tensor)."""
    step = step_t.item()
    return 1 - group["betas"][1] ** step, _momentum(group, step)[0]


def _step_sizes(group, step_t, mu_product):
    """The (negative) step sizes of the gradient term and of the momentum term. (Computed from the
    tensors again rather than from ``mu``: a compiled step's replay calls this with the captured
    arguments, so they must be the state's tensors, not numbers.)"""
    mu, mu_next = _momentum(group, step_t.item())
    lr = to_scalar(group["lr"])
    product = mu_product.item()
    return -lr * (1.0 - mu) / (1.0 - product), (-lr * mu_next) / (1.0 - product * mu_next)


def _init_state(s, p, group):
    s["step"] = step_count()
    s["mu_product"] = ones((), dtype=scalar_dtype())  # of the step's dtype too, as PyTorch keeps it
    s["exp_avg"] = zeros_like(p)
    s["exp_avg_sq"] = zeros_like(p)


class NAdam(Optimizer):
    """NAdam (Dozat), as ``torch.optim.NAdam`` (``decoupled_weight_decay=True`` gives NAdamW).

    Per parameter and step t, with ``mu_t = beta1 * (1 - 0.5 * 0.96**(t * momentum_decay))``
    and ``prod_t = mu_1 * ... * mu_t`` (kept in the state as ``mu_product``):
    ``m = lerp(m, g, 1 - beta1)``, ``v = beta2 * v + (1 - beta2) * g * g``,
    ``denom = sqrt(v / (1 - beta2**t)) + eps``,
    ``p -= lr * (1 - mu_t) / (1 - prod_t) * g / denom + lr * mu_{t+1} / (1 - prod_t * mu_{t+1}) * m / denom``.
    """

    _capturable_tensors = "params, mu_products and state_steps"

    _options_filled_on_load = dict(decoupled_weight_decay=False, maximize=False, foreach=None, capturable=False,
                                   differentiable=False)
    _scalar_state_keys = ("step", "mu_product")

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_adam_options(lr, betas, eps, weight_decay)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                w1, beta2, w2, eps, weight_decay, decay = live.scalars(_group_numbers, group)
                for p, grad, s in self._updates(group, _init_state):
                    s["step"] += 1
                    bias_correction2, mu = live.scalars(_momentum_numbers, group, s["step"], checked=False)
                    if weight_decay != 0:
                        if group["decoupled_weight_decay"]:
                            p.mul_(decay)
                        else:
                            grad = grad.add(p, alpha=weight_decay)
                    s["mu_product"] *= mu  # in the state's dtype (scalar_dtype until a resume casts it), as PyTorch
                    exp_avg, exp_avg_sq = s["exp_avg"], s["exp_avg_sq"]
                    exp_avg.lerp_(grad, w1)
                    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=w2)
                    denom = exp_avg_sq.div(bias_correction2).sqrt_().add_(eps)
                    grad_size, momentum_size = live.scalars(_step_sizes, group, s["step"], s["mu_product"],
                                                            checked=False)
                    p.addcdiv_(grad, denom, value=grad_size)
                    p.addcdiv_(exp_avg, denom, value=momentum_size)
        return loss
