"""``Adafactor``: Adam's second moment kept as row and column averages for matrices (memory
O(rows + cols)), with a relative step size and update clipping, as ``torch.optim.Adafactor``."""
from ..autograd import no_grad
from ..dtypes import finfo
from ..ops import norm
from .optimizer import Optimizer, step_count, check_tensor_lr, to_scalar


def _init_state(s, p, group):
    s["step"] = step_count()
    grad = p.grad
    if grad.ndim > 1:
        s["row_var"] = grad.new_zeros(tuple(grad.shape[:-1]) + (1,))
        s["col_var"] = grad.new_zeros(tuple(grad.shape[:-2]) + (1, grad.shape[-1]))
    else:
        s["variance"] = grad.new_zeros(tuple(grad.shape))


def _init_group(state, group):
    """Make the state of ``group``'s parameters with a gradient, in order, before any update, as
    PyTorch's ``_init_group``: a complex parameter raises its RuntimeError there (the parameters
    before it then have their state, none is updated)."""
    for p in group["params"]:
        if p.grad is None:
            continue
        if p.is_complex():
            raise RuntimeError("Adafactor does not support complex parameters")
        if not state[p]:
            _init_state(state[p], p, group)


class Adafactor(Optimizer):
    """Adafactor (Shazeer and Stern), as ``torch.optim.Adafactor``.

    Per parameter and step t: ``beta2_t = 1 - t**beta2_decay``; the second moment ``v`` is a
    moving average of ``g**2`` (for a matrix, the outer product of its row and column averages,
    divided by their mean); ``u = g / sqrt(max(v, eps1**2))``, clipped to RMS ``d``;
    ``p -= max(eps2, rms(p)) * min(lr, 1/sqrt(t)) * u``.
    """

    _options_filled_on_load = dict(foreach=None)
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 foreach=None, maximize=False):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        super().__init__(params, dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize))

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                lr, d, weight_decay = to_scalar(group["lr"]), group["d"], group["weight_decay"]
                eps1, eps2 = group["eps"]
                _init_group(self.state, group)
                for p, grad, s in self._updates(group, _init_state):
                    if eps1 is None:  # (then kept for the group's later parameters, as PyTorch does)
                        eps1 = finfo(p.dtype).eps
                    s["step"] += 1
                    t = s["step"].item()
                    beta2_complement = t ** group["beta2_decay"]
                    alpha = max(eps2, norm(p).item() / p.numel() ** 0.5) * min(lr, 1 / t ** 0.5)
                    if weight_decay != 0:
                        p.mul_(1 - lr * weight_decay)
                    if grad.ndim > 1:
                        row_var, col_var = s["row_var"], s["col_var"]
                        row_var.lerp_(norm(grad, dim=-1, keepdim=True).square_().div_(grad.shape[-1]),
                                      beta2_complement)
                        col_var.lerp_(norm(grad, dim=-2, keepdim=True).square_().div_(grad.shape[-2]),
                                      beta2_complement)
                        estimate = (row_var @ col_var).div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
                    else:
                        s["variance"].lerp_(grad * grad, beta2_complement)
                        estimate = s["variance"].clone()
                    update = estimate.clamp_(min=eps1 * eps1).rsqrt_().mul_(grad)
                    clip = max(1.0, norm(update).item() / (update.numel() ** 0.5 * d))
                    p.add_(update, alpha=-alpha / clip)
        return loss
