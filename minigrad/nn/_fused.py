"""Fused ops behind ``nn.functional``: one graph node where a composition would take several.

Each forward works on raw arrays through ``ctx.xp``; each backward is written
with Tensor ops (PyTorch's formulas), so higher-order gradients still work.
"""
import contextlib

import numpy as _np

from ..autograd.function import Op
from ..ops import elementwise as _E
from ..ops._util import sum_to


def _quiet(xp):
    """Silence NumPy's divide/invalid warnings (log(0) is expected and clamped)."""
    return _np.errstate(all="ignore") if xp is _np else contextlib.nullcontext()


class LinearOp(Op):
    """``x @ w.T + b`` for a 2-D ``x``: PyTorch's addmm, one node."""

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
                g.mT @ x if nw else None,
                g.sum(0) if nb else None)


def _log_sigmoid(x):
    """log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), Tensor ops."""
    return _E.clamp_max(x, 0) - _E.log1p(_E.exp(-x.abs()))


class BCEOp(Op):
    """Unreduced binary cross-entropy on probabilities, logs clamped at -100 (PyTorch's kernel)."""

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
            gx = sum_to(gw_ * (x - t) / _E.clamp_min((1 - x) * x, 1e-12), x.shape)
        if nt or nw:
            l1 = _E.clamp_min(_E.log1p(-x), -100)
            l0 = _E.clamp_min(_E.log(x), -100)
            if nt:
                gt = sum_to(gw_ * (l1 - l0), t.shape)
            if nw:
                gw = sum_to(g * ((t - 1) * l1 - t * l0), w.shape)
        return gx, gt, gw


class BCEWithLogitsOp(Op):
    """Unreduced ``(1 - t) * x - lw * log_sigmoid(x)`` with ``lw = (pos_weight - 1) * t + 1``."""

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
            s = _E.sigmoid(x)
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
