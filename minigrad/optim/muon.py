"""``Muon``: momentum whose update is orthogonalised by a Newton-Schulz iteration, for the 2-D
weights of hidden layers, as ``torch.optim.Muon``."""
import math

from .. import dtypes
from ..autograd import no_grad
from ..ops import addmm, norm
from ..tensor import Tensor
from .optimizer import Optimizer, to_scalar

# Keller Jordan's quintic coefficients, the stabilising epsilon and the number of iterations.
DEFAULT_A, DEFAULT_B, DEFAULT_C = 3.4445, -4.7750, 2.0315
EPS = 1e-7
DEFAULT_NS_STEPS = 5


def _round_to_bfloat16(x):
    """float32 ``x`` rounded to the nearest bfloat16 value (ties to even), kept as float32.
    PyTorch runs the iteration in bfloat16, rounding after every operation; minigrad has no
    bfloat16 dtype, so the same values are made by clearing the low 16 bits with rounding."""
    bits = x.view(dtypes.int32)
    bits = (bits + (0x7FFF + ((bits >> 16) & 1))) & -0x10000
    return bits.view(dtypes.float32)


def _zeropower_via_newtonschulz(grad, ns_coefficients, ns_steps, eps):
    """An approximately orthogonal matrix with ``grad``'s singular vectors: ``ns_steps`` quintic
    Newton-Schulz iterations on ``grad`` scaled to spectral norm at most 1, in bfloat16 precision."""
    if ns_steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if len(grad.shape) != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(ns_coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = ns_coefficients
    bf16 = _round_to_bfloat16
    x = bf16(grad.to(dtypes.float32))
    tall = grad.shape[0] > grad.shape[1]
    if tall:
        x = x.T
    x = bf16(x / bf16(bf16(norm(x)).clamp(min=eps)))
    for _ in range(ns_steps):
        gram = bf16(x @ x.T)
        update = bf16(addmm(gram, gram, gram, beta=b, alpha=c))
        x = bf16(addmm(x, update, x, beta=a))
    return x.T if tall else x


def _adjust_lr(lr, adjust_lr_fn, param_shape):
    """The learning rate scaled for the matrix's shape (rows A, columns B): ``sqrt(max(1, A/B))``
    ("original", the default) or ``0.2 * sqrt(max(A, B))`` ("match_rms_adamw")."""
    rows, cols = param_shape[:2]
    if adjust_lr_fn is None or adjust_lr_fn == "original":
        ratio = math.sqrt(max(1, rows / cols))
    elif adjust_lr_fn == "match_rms_adamw":
        ratio = 0.2 * math.sqrt(max(rows, cols))
    else:
        ratio = 1.0
    return lr * ratio


class Muon(Optimizer):
    """Muon, as ``torch.optim.Muon``: for each 2-D parameter,
    ``B = momentum * B + g`` (kept as ``B.lerp_(g, 1 - momentum)``), ``U = g.lerp(B, momentum)``
    with Nesterov (else ``B``), ``O = NS(U)`` (Newton-Schulz orthogonalisation, in bfloat16),
    ``p *= 1 - lr * weight_decay`` and ``p -= adjust_lr(lr, p.shape) * O``.
    Use another optimizer (AdamW) for biases, embeddings and other parameters that are not 2-D.
    """

    def __init__(self, params, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=(DEFAULT_A, DEFAULT_B, DEFAULT_C), eps=EPS, ns_steps=DEFAULT_NS_STEPS,
                 adjust_lr_fn=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 <= momentum:
            raise ValueError(f"momentum should be >= 0 but is: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight decay should be >= 0 but is: {weight_decay}")
        if adjust_lr_fn is not None and adjust_lr_fn not in ("original", "match_rms_adamw"):
            raise ValueError(f"Adjust learning rate function {adjust_lr_fn} is not supported")
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                                      ns_coefficients=ns_coefficients, eps=eps, ns_steps=ns_steps,
                                      adjust_lr_fn=adjust_lr_fn))
        for group in self.param_groups:
            for p in group["params"]:
                if p.ndim != 2:
                    raise ValueError("Muon only supports 2D parameters whereas we found a parameter with size: "
                                     f"{p.size()}")

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._call_closure(closure)
        with no_grad():
            for group in self.param_groups:
                lr, weight_decay, momentum = to_scalar(group["lr"]), group["weight_decay"], group["momentum"]
                updates = []  # (parameter, gradient, momentum buffer): all checked before any update
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    if p.is_complex():
                        raise RuntimeError("Muon does not support complex parameters")
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = p.grad.new_zeros(tuple(p.grad.shape))
                    updates.append((p, p.grad, state["momentum_buffer"]))
                for p, grad, buf in updates:
                    if grad.ndim != 2:
                        raise ValueError("Param gradient must be a 2D matrix")
                    buf.lerp_(grad, 1 - momentum)
                    update = grad.lerp(buf, momentum) if group["nesterov"] else buf
                    update = _zeropower_via_newtonschulz(update, group["ns_coefficients"], group["ns_steps"],
                                                         group["eps"])
                    p.mul_(1 - lr * weight_decay)
                    p.add_(update, alpha=-_adjust_lr(lr, group["adjust_lr_fn"], p.shape))
        return loss
