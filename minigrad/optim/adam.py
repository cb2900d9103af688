"""``Adam`` and ``AdamW`` with PyTorch's exact update (bias-corrected moments, eps outside the sqrt)."""
from ..autograd import no_grad
from ..compile import live
from ..creation import zeros_like
from ..ops import maximum
from ..tensor import Tensor
from .optimizer import Optimizer, step_count, check_tensor_lr, check_fused_options, \
    check_tensor_options_for_foreach, to_scalar


def _group_numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay."""
    beta1, beta2 = map(to_scalar, group["betas"])
    w1 = 1 - beta1
    weight_decay = group["weight_decay"]
    # lerp_'s formula depends on w1 < 0.5: returned so that a replay's guard sees it change
    return w1 < 0.5, w1, beta2, 1 - beta2, group["eps"], weight_decay, 1 - to_scalar(group["lr"]) * weight_decay


def _step_numbers(group, step_t):
    """``-lr / (1 - beta1**t)`` and ``sqrt(1 - beta2**t)`` for step count ``t`` (read from the tensor)."""
    step = step_t.item()
    beta1, beta2 = map(to_scalar, group["betas"])
    return -(to_scalar(group["lr"]) / (1 - beta1 ** step)), (1 - beta2 ** step) ** 0.5


def _init_state(s, p, group):
    s["step"] = step_count(group["fused"])
    s["exp_avg"] = zeros_like(p)
    s["exp_avg_sq"] = zeros_like(p)
    if group["amsgrad"]:
        s["max_exp_avg_sq"] = zeros_like(p)


def check_adam_options(lr, betas, eps, weight_decay):
    """The ValueErrors PyTorch's Adam family raises for out-of-range options."""
    check_tensor_lr(lr)
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


class Adam(Optimizer):
    """Adam, as ``torch.optim.Adam`` (``decoupled_weight_decay=True`` gives AdamW).

    Per parameter and step t: ``m = lerp(m, g, 1 - beta1)``,
    ``v = beta2 * v + (1 - beta2) * g * g``,
    ``p -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)``.
    """

    _options_filled_on_load = dict(amsgrad=False, maximize=False, foreach=None, capturable=False,
                                   differentiable=False, fused=None, decoupled_weight_decay=False)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        check_tensor_options_for_foreach("lr", lr, foreach, capturable)
        check_adam_options(lr, betas, eps, weight_decay)
        if not (all(isinstance(b, float) for b in betas[:2]) or all(isinstance(b, Tensor) for b in betas[:2])):
            raise ValueError("betas must be either both floats or both Tensors")
        for i in range(2):
            check_tensor_options_for_foreach(f"betas[{i}]", betas[i], foreach, capturable)
            if isinstance(betas[i], Tensor) and betas[i].numel() != 1:
                raise ValueError(f"Tensor betas[{i}] must be 1-element")
        defaults = dict(lr=lr, betas=tuple(map(to_scalar, betas)), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)
        check_fused_options(fused, foreach, differentiable)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                _, w1, beta2, w2, eps, weight_decay, decay = live.scalars(_group_numbers, group)
                amsgrad = group["amsgrad"]
                decoupled = group["decoupled_weight_decay"]
                for p, grad, s in self._updates(group, _init_state):
                    step_t = s["step"]
                    step_t += 1
                    # (no code branches on these two: the replay's guard need not compute them)
                    neg_step_size, bias_correction2_sqrt = live.scalars(_step_numbers, group, step_t,
                                                                        checked=False)
                    if weight_decay != 0:
                        if decoupled:
                            p.mul_(decay)
                        else:
                            grad = grad.add(p, alpha=weight_decay)
                    exp_avg = s["exp_avg"]
                    exp_avg_sq = s["exp_avg_sq"]
                    exp_avg.lerp_(grad, w1)  # in place, as PyTorch's Adam
                    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=w2)
                    if amsgrad:
                        max_sq = s["max_exp_avg_sq"]
                        max_sq.copy_(maximum(max_sq, exp_avg_sq))
                        denom = max_sq.sqrt().div_(bias_correction2_sqrt).add_(eps)
                    else:
                        denom = exp_avg_sq.sqrt().div_(bias_correction2_sqrt).add_(eps)
                    p.addcdiv_(exp_avg, denom, value=neg_step_size)
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (``p *= 1 - lr * weight_decay`` before the update)."""

    _options_filled_on_load = dict(Adam._options_filled_on_load, decoupled_weight_decay=True)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
