"""The pointwise losses as single ops (``nn.functional`` validates the arguments, then calls these):
MSE, L1, Huber, smooth L1, and binary cross-entropy on probabilities or on logits.

Each is one node with PyTorch's forward and gradient formulas, reduced inside
(``reduction`` "mean", "sum" or "none", ``loss_reduction``), as PyTorch's own loss kernels are.
The class-index losses (cross_entropy, nll_loss) are ``class_losses``.
"""
from ..autograd.namespace import provide, constant
from ..autograd.node import shown_once, shown_step
from ..autograd.op import Op
from ..tensor import Tensor
from ._broadcast_shapes import check_broadcast
from .clamping import clamp
from ._saved_fields import ABSENT, REDUCTIONS, argument
from .unary import abs as _abs, exp as _exp, log1p as _log1p
from .loss_reduction import _reduce, _upstream
# the class-index losses and their float16 sum, importable from here too
from .loss_reduction import HalfCascadeSum  # noqa: F401
from .class_losses import (CrossEntropy, DivByCount, NllLoss, NllLossNode, as_nll_loss,  # noqa: F401
                           cross_entropy, divided_by_count, nll_loss)


class PointwiseLoss(Op):
    """MSE, L1, Huber or smooth L1 loss of ``d = x - y``, reduced.

    Gradients as PyTorch's kernels give them: ``2 d`` (MSE), ``sign(d)`` (L1),
    ``clamp(d, -delta, delta)`` (Huber), ``clamp(d / beta, -1, 1)`` (smooth L1,
    ``beta`` given as ``delta``), times ``g`` (divided by the element count for
    the mean); the target gets the negation.
    """

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    saves = (True, True)
    saved_names = ("self", "target")
    saved_fields = {"reduction": lambda ctx: ABSENT if ctx.kind == "l1" else REDUCTIONS[ctx.reduction],
                    "delta": lambda ctx: float(argument(3)(ctx)) if ctx.kind == "huber" else ABSENT,
                    "beta": lambda ctx: float(argument(3)(ctx)) if ctx.kind == "smooth_l1" else ABSENT}

    def name(self):
        if self.kind != "l1":
            return {"mse": "MseLossBackward0", "huber": "HuberLossBackward0"}.get(self.kind, "SmoothL1LossBackward0")
        return {"mean": "MeanBackward0", "sum": "SumBackward0"}.get(self.reduction, "AbsBackward0")

    def _argument_count_shown(self):
        """None for L1, whose node PyTorch shows is the reduction's (or abs's); the input and target otherwise."""
        return 0 if self.kind == "l1" else 2

    @shown_once
    def next_functions(self):
        """As PyTorch's graph shows L1, ``mean(abs(x - y))``: the abs and the subtraction."""
        if self.kind != "l1":
            return super().next_functions
        step = shown_step("SubBackward0", *self.next[:2])
        return ((step if self.reduction == "none" else shown_step("AbsBackward0", step), 0),)

    @staticmethod
    def forward(ctx, x, y, kind, delta, reduction):
        xp = ctx.xp
        ctx.kind = kind
        try:
            d = x - y
        except ValueError:
            check_broadcast(x, y)  # PyTorch's message, naming the sizes
            raise
        if kind == "mse":
            loss = d * d
        elif kind == "l1":
            loss = xp.abs(d)
        elif kind == "huber":
            a = xp.abs(d)
            loss = xp.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta))
        else:
            a = xp.abs(d)
            loss = xp.where(a < delta, 0.5 * d * d / delta, a - 0.5 * delta)
        return _reduce(ctx, loss, reduction)

    @staticmethod
    def backward(ctx, m, g, x, y, kind, delta, reduction):
        nx, ny = ctx.needs_input_grad[:2]
        d = x - y
        if kind == "mse":
            gd = d * m.scalar(2, d)
        elif kind == "l1":
            gd = m.sign(d)
        elif kind == "huber":  # (hardtanh: the second derivative is 0 at |d| = delta, as PyTorch's)
            gd = m.hardtanh(d, -delta, delta)
        else:
            gd = m.hardtanh(d / m.scalar(delta, d), -1, 1)
        gd = gd * _upstream(ctx, m, g)
        sx, sy = tuple(x.shape), tuple(y.shape)  # (summed to them only where they broadcast: the call costs more)
        return ((gd if gd.shape == sx else m.sum_to(gd, sx)) if nx else None), (m.sum_to(-gd, sy) if ny else None)


def same_float_tensors(input, target):
    """True for two Tensors of one floating dtype and one shape (the losses' common case, which
    needs no promotion and no broadcasting warning); False for anything else."""
    try:
        x, y = input._data, target._data
    except AttributeError:
        return False
    return x.dtype is y.dtype and x.dtype.kind == "f" and x.shape == y.shape and isinstance(input, Tensor) \
        and isinstance(target, Tensor)


def pointwise_loss(input, target, kind, delta=None, reduction="mean"):
    """MSE ("mse"), L1 ("l1"), Huber ("huber", with ``delta``) or smooth L1 ("smooth_l1", ``delta`` its
    beta) loss of input - target, reduced."""
    return PointwiseLoss.apply(input, target, kind, delta, reduction)


def _log_sigmoid(x):
    """log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), on Tensors."""
    return clamp(x, None, 0) - _log1p(_exp(-_abs(x)))


def _array_log_sigmoid(xp, x):
    """min(x, 0) - log1p(exp(-|x|)) on arrays, in place in one buffer (min against a cached 0-d zero,
    as ``unary._relu``)."""
    t = xp.abs(x, out=xp.empty_like(x))  # (out=: the result of a 0-d array stays an array)
    xp.negative(t, out=t)
    xp.exp(t, out=t)
    xp.log1p(t, out=t)
    return xp.subtract(xp.minimum(x, constant(xp, 0, x.dtype)), t, out=t)


provide("log_sigmoid", _log_sigmoid, lambda xp: lambda x: _array_log_sigmoid(xp, x))


class BCE(Op):
    """Binary cross-entropy on probabilities, logs clamped at -100 (PyTorch's kernel)."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "BinaryCrossEntropyBackward0"
    saves = (True, True, True)

    @staticmethod
    def forward(ctx, x, t, w, reduction):
        xp = ctx.xp
        log_x = xp.maximum(xp.log(x), -100)
        log_1mx = xp.maximum(xp.log1p(-x), -100)
        loss = (t - 1) * log_1mx - t * log_x
        return _reduce(ctx, loss if w is None else loss * w, reduction)

    @staticmethod
    def backward(ctx, m, g, x, t, w, reduction):
        nx, nt, nw = ctx.needs_input_grad[:3]
        up = _upstream(ctx, m, g)
        gx = gt = gw = None
        gw_ = up if w is None else up * w
        if nx:
            gx = m.sum_to(gw_ * (x - t) / m.clamp((1 - x) * x, 1e-12), tuple(x.shape))
        if nt:  # -logit(x), unclamped as PyTorch's: +-inf at x = 0 or 1
            gt = m.sum_to(gw_ * -m.log(x / (1 - x)), tuple(t.shape))
        if nw:
            l1 = m.clamp(m.log1p(-x), -100)
            l0 = m.clamp(m.log(x), -100)
            gw = m.sum_to(up * ((t - 1) * l1 - t * l0), tuple(w.shape))
        return gx, gt, gw


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """-(t log x + (1 - t) log(1 - x)), the logs clamped at -100, reduced."""
    return BCE.apply(input, target, weight, reduction)


class BCEWithLogits(Op):
    """``(1 - t) * x - lw * log_sigmoid(x)`` with ``lw = (pos_weight - 1) * t + 1``, reduced."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "BinaryCrossEntropyWithLogitsBackward0"
    saves = (True, True, True, True)

    @staticmethod
    def forward(ctx, x, t, w, pw, reduction):
        ls = _array_log_sigmoid(ctx.xp, x)
        if pw is None:
            loss = (1 - t) * x - ls
        else:
            loss = (1 - t) * x - ((pw - 1) * t + 1) * ls
        return _reduce(ctx, loss if w is None else loss * w, reduction)

    @staticmethod
    def backward(ctx, m, g, x, t, w, pw, reduction):
        nx, nt, nw, npw = ctx.needs_input_grad[:4]
        up = _upstream(ctx, m, g)
        gx = gt = gw = gpw = None
        gw_ = up if w is None else up * w
        if nx:
            s = m.sigmoid(x)
            if pw is None:
                gx = (s - t) * gw_
            else:
                tp = pw * t
                gx = ((tp + 1 - t) * s - tp) * gw_
            gx = m.sum_to(gx, tuple(x.shape))
        if (nt and pw is not None) or nw or npw:  # (the target's gradient alone is -x * g without pos_weight)
            ls = m.log_sigmoid(x)
        if nt:
            gt = m.sum_to((-x if pw is None else -x - (pw - 1) * ls) * gw_, tuple(t.shape))
        if nw:
            raw = (1 - t) * x - (ls if pw is None else ((pw - 1) * t + 1) * ls)
            gw = m.sum_to(raw * up, tuple(w.shape))
        if npw:
            gpw = m.sum_to(-t * ls * gw_, tuple(pw.shape))
        return gx, gt, gw, gpw


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction="mean"):
    """Sigmoid and binary cross-entropy in one stable step, reduced."""
    return BCEWithLogits.apply(input, target, weight, pos_weight, reduction)
