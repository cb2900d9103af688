"""``ASGD``: SGD with a decaying step size and a running average of the iterates, as PyTorch."""
import struct

from ..autograd import no_grad
from ..compile import live
from ..creation import as_tensor, ones, zeros, zeros_like
from .. import dtypes as _dt
from .optimizer import Optimizer, check_tensor_lr, scalar_dtype, to_scalar


def _weight_decay(group):
    """The group's weight decay (in a tuple: it may be an int); a compiled step reads it again at every replay."""
    return (group["weight_decay"],)


def _decay_and_step(group, eta_t):
    """``1 - lambd * eta`` and ``-eta`` for the current step size (read from the state tensor)."""
    eta = eta_t.item()
    return 1 - group["lambd"] * eta, -eta


def _averaging_weight(mu):
    """The averaging weight ``mu``, read from the state tensor (exactly 1: the average restarts)."""
    return mu.item()


def _float32(x):
    """``x`` rounded to the nearest float32."""
    return struct.unpack("f", struct.pack("f", x))[0]


def _next_numbers(group, step_t):
    """``eta`` and ``mu`` for the step after step ``t``, rounded to float32 whatever the state's dtype
    unless the default dtype is float64 (PyTorch makes them default-dtype tensors before copying
    them into the state)."""
    step = step_t.item()
    lr, lambd = to_scalar(group["lr"]), group["lambd"]
    eta, mu = lr / ((1 + lambd * lr * step) ** group["alpha"]), 1 / max(1, step - group["t0"])
    if _dt.get_default_dtype() is _dt.float64:
        return eta, mu
    return _float32(eta), _float32(mu)


def _init_state(s, p, group):
    # scalar_dtype tensors on the parameter's device, as PyTorch keeps them
    dtype = scalar_dtype()
    s["step"] = zeros((), dtype=dtype, device=p.device)
    # (PyTorch's as_tensor: a learning rate that is a str is its TypeError)
    s["eta"] = as_tensor(to_scalar(group["lr"]), dtype=dtype, device=p.device).clone().detach()
    s["mu"] = ones((), dtype=dtype, device=p.device)
    s["ax"] = zeros_like(p)


class ASGD(Optimizer):
    """Averaged SGD (Polyak and Juditsky), as ``torch.optim.ASGD``.

    Per parameter and step t: ``p = p * (1 - lambd * eta) - eta * g``; the average
    ``ax += mu * (p - ax)`` (``ax = p`` while ``mu`` is 1); then ``eta = lr / (1 + lambd * lr * t)**alpha``
    and ``mu = 1 / max(1, t - t0)``. ``eta`` and ``mu`` are kept in the state as float32 tensors
    (float64 while that is the default dtype).
    """

    _capturable_tensors = "params, mus, etas, and state_steps"

    _options_filled_on_load = dict(maximize=False, foreach=None, capturable=False, differentiable=False)
    _scalar_state_keys = ("step", "eta", "mu")

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                (weight_decay,) = live.scalars(_weight_decay, group)
                for p, grad, s in self._updates(group, _init_state):
                    s["step"] += 1
                    if weight_decay != 0:
                        grad = grad.add(p, alpha=weight_decay)
                    decay, neg_eta = live.scalars(_decay_and_step, group, s["eta"], checked=False)
                    p.mul_(decay)
                    p.add_(grad, alpha=neg_eta)
                    ax, mu = s["ax"], s["mu"]
                    if live.scalars(_averaging_weight, mu) != 1:
                        ax.add_(p.sub(ax).mul_(mu))
                    else:
                        ax.copy_(p)
                    new_eta, new_mu = live.scalars(_next_numbers, group, s["step"], checked=False)
                    s["eta"].fill_(new_eta)
                    mu.fill_(new_mu)
        return loss
