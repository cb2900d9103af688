"""Fused ops behind ``nn.functional``: one graph node where a composition would take several.

Each forward works on raw arrays through ``ctx.xp``. Each backward (PyTorch's
formulas) is written once for both of the engine's modes: raw arrays normally,
recorded Tensors under ``create_graph=True`` (so higher-order gradients work);
the helpers below dispatch on which one they get.
"""
import contextlib

import numpy as _np

from ..autograd.function import Op
from ..tensor import Tensor
from ..ops import elementwise as _E
from ..ops import _grad_ops as G

sum_to = G.sum_to


def _quiet(xp):
    """Silence NumPy's divide/invalid warnings (log(0) is expected and clamped)."""
    return _np.errstate(all="ignore") if xp is _np else contextlib.nullcontext()


class LinearOp(Op):
    """``x @ w.T + b`` for a 2-D ``x``: PyTorch's addmm, one node."""

    torch_name = "AddmmBackward0"
    save_inputs = True

    @staticmethod
    def forward(ctx, x, w, b):
        out = x @ w.T
        if b is not None:
            out += b
        return out

    @staticmethod
    def backward(ctx, g):
        x, w, b = ctx.inputs
        nx, nw, nb = ctx.needs_input_grad
        return (g @ w if nx else None,
                G.mT(g) @ x if nw else None,
                g.sum(0) if nb else None)


def _log_sigmoid(x):
    """log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))."""
    if isinstance(x, Tensor):
        return _E.clamp_max(x, 0) - _E.log1p(_E.exp(-x.abs()))
    xp = G.xp_of(x)
    return xp.minimum(x, 0) - xp.log1p(xp.exp(-xp.abs(x)))


def _clamp_min(x, v):
    if isinstance(x, Tensor):
        return _E.clamp_min(x, v)
    return G.xp_of(x).maximum(x, v)


def _log(x):
    if isinstance(x, Tensor):
        return _E.log(x)
    with _quiet(G.xp_of(x)):
        return G.xp_of(x).log(x)


def _log1p(x):
    if isinstance(x, Tensor):
        return _E.log1p(x)
    with _quiet(G.xp_of(x)):
        return G.xp_of(x).log1p(x)


def _sigmoid(x):
    return G.apply_op(_E.Sigmoid, x)


class BCEOp(Op):
    """Unreduced binary cross-entropy on probabilities, logs clamped at -100 (PyTorch's kernel)."""

    torch_name = "BinaryCrossEntropyBackward0"
    save_inputs = True

    @staticmethod
    def forward(ctx, x, t, w):
        xp = ctx.xp
        with _quiet(xp):
            log_x = xp.maximum(xp.log(x), -100)
            log_1mx = xp.maximum(xp.log1p(-x), -100)
        loss = (t - 1) * log_1mx - t * log_x
        return loss if w is None else loss * w

    @staticmethod
    def backward(ctx, g):
        x, t, w = ctx.inputs
        nx, nt, nw = ctx.needs_input_grad
        gx = gt = gw = None
        gw_ = g if w is None else g * w
        if nx:
            gx = sum_to(gw_ * (x - t) / _clamp_min((1 - x) * x, 1e-12), x.shape)
        if nt or nw:
            l1 = _clamp_min(_log1p(-x), -100)
            l0 = _clamp_min(_log(x), -100)
            if nt:
                gt = sum_to(gw_ * (l1 - l0), t.shape)
            if nw:
                gw = sum_to(g * ((t - 1) * l1 - t * l0), w.shape)
        return gx, gt, gw


class BCEWithLogitsOp(Op):
    """Unreduced ``(1 - t) * x - lw * log_sigmoid(x)`` with ``lw = (pos_weight - 1) * t + 1``."""

    torch_name = "BinaryCrossEntropyWithLogitsBackward0"
    save_inputs = True

    @staticmethod
    def forward(ctx, x, t, w, pw):
        xp = ctx.xp
        ls = xp.minimum(x, 0) - xp.log1p(xp.exp(-xp.abs(x)))
        if pw is None:
            loss = (1 - t) * x - ls
        else:
            loss = (1 - t) * x - ((pw - 1) * t + 1) * ls
        return loss if w is None else loss * w

    @staticmethod
    def backward(ctx, g):
        x, t, w, pw = ctx.inputs
        nx, nt, nw, npw = ctx.needs_input_grad
        gx = gt = gw = gpw = None
        gw_ = g if w is None else g * w
        if nx:
            s = _sigmoid(x)
            if pw is None:
                gx = (s - t) * gw_
            else:
                tp = pw * t
                gx = ((tp + 1 - t) * s - tp) * gw_
            gx = sum_to(gx, x.shape)
        if nt or nw or npw:
            ls = _log_sigmoid(x)
            if nt:
                gt = sum_to((-x if pw is None else -x - (pw - 1) * ls) * gw_, t.shape)
            if nw:
                raw = (1 - t) * x - (ls if pw is None else ((pw - 1) * t + 1) * ls)
                gw = sum_to(raw * g, w.shape)
            if npw:
                gpw = sum_to(-t * ls * gw_, pw.shape)
        return gx, gt, gw, gpw


class CrossEntropyOp(Op):
    """Softmax cross-entropy of (N, C) logits with valid class indices, reduced: one node.

    Forward is log-softmax (shifted by the row max) and a pick; backward is
    ``(softmax - onehot) * g`` (divided by N for the mean), PyTorch's gradient.
    """

    torch_name = "NllLossBackward0"  # PyTorch: log_softmax then nll_loss
    save_inputs = True

    @staticmethod
    def forward(ctx, x, t, reduction):
        xp = ctx.xp
        shifted = x - x.max(axis=1, keepdims=True)
        e = xp.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        picked = xp.log(s)[:, 0] - shifted[xp.arange(x.shape[0]), t]
        ctx.reduction = reduction
        ctx.softmax = e / s
        if reduction == "mean":
            return picked.mean()
        if reduction == "sum":
            return picked.sum()
        return picked

    @staticmethod
    def backward(ctx, g):
        x, t, _ = ctx.inputs
        if not ctx.needs_input_grad[0]:
            return None, None, None
        xp = ctx.xp
        raw_x = x._data if isinstance(x, Tensor) else x
        raw_t = t._data if isinstance(t, Tensor) else t
        onehot = xp.zeros(raw_x.shape, raw_x.dtype)
        onehot[xp.arange(raw_x.shape[0]), raw_t] = 1
        if isinstance(g, Tensor):  # create_graph: the softmax must be differentiable in x
            from ..ops.reduce import softmax
            diff = softmax(x, 1) - G.const(onehot, x)
        else:
            diff = ctx.softmax - onehot
        if ctx.reduction == "mean":
            return diff * (g / raw_x.shape[0]), None, None
        if ctx.reduction == "sum":
            return diff * g, None, None
        return diff * G.unsqueeze(g, 1), None, None


class PointwiseLossOp(Op):
    """MSE, L1 or Huber loss of ``d = x - y``, reduced: one node.

    Gradients as PyTorch's kernels give them: ``2 d`` (MSE), ``sign(d)`` (L1),
    ``clamp(d, -delta, delta)`` (Huber), times ``g`` (divided by the element
    count for the mean); the target gets the negation.
    """

    save_inputs = True

    def name(self):
        if self.kind != "l1":
            return "MseLossBackward0" if self.kind == "mse" else "HuberLossBackward0"
        return {"mean": "MeanBackward0", "sum": "SumBackward0"}.get(self.reduction, "AbsBackward0")

    @staticmethod
    def forward(ctx, x, y, kind, delta, reduction):
        xp = ctx.xp
        ctx.kind, ctx.reduction = kind, reduction
        try:
            d = x - y
        except ValueError:
            from ..ops._util import check_broadcast
            check_broadcast(x, y)  # PyTorch's message, naming the sizes
            raise
        if kind == "mse":
            loss = d * d
        elif kind == "l1":
            loss = xp.abs(d)
        else:
            a = xp.abs(d)
            loss = xp.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta))
        ctx.d = d
        if reduction == "mean":
            return loss.mean()
        if reduction == "sum":
            return loss.sum()
        return loss

    @staticmethod
    def backward(ctx, g):
        x, y, kind, delta, reduction = ctx.inputs
        nx, ny = ctx.needs_input_grad[:2]
        if isinstance(g, Tensor):  # create_graph: recompute d in the graph
            d = x - y
            if kind == "mse":
                gd = d * 2
            elif kind == "l1":
                gd = _E.sign(d)
            else:
                gd = _E.clamp(d, -delta, delta)
        else:
            d = ctx.d
            xp = ctx.xp
            gd = d * 2 if kind == "mse" else xp.sign(d) if kind == "l1" else xp.clip(d, -delta, delta)
        if reduction == "mean":
            gd = gd * (g / d.size) if not isinstance(d, Tensor) else gd * (g / d.numel())
        elif reduction == "sum":
            gd = gd * g
        else:
            gd = gd * g
        return (sum_to(gd, x.shape) if nx else None, sum_to(-gd, y.shape) if ny else None,
                None, None, None)
