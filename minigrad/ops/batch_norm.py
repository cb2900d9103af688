"""Batch normalisation: ``batch_norm`` (and ``instance_norm``, batch norm per sample). Training
normalises each channel with the batch's statistics (``BatchNorm``, Normalize's formulas with one
weight and bias per channel) and updates the running statistics in place; evaluation uses the
running ones (``BatchNormEval``: a fixed scale and shift per channel).
"""
import math

from ..autograd.node import shown
from ..autograd.op import Op
from ..autograd import grad_mode
from ..kernels.norm import moments
from ..tensor import Size, wrap
from ._util import expect_number, expect_tensor
from .normalization import Normalize, _check_same_dtype, half_beside_float, _count, instance_norm_by_groups


def _scale_and_shift(ctx, x, w, b, mean, invstd):
    """``x * scale + shift`` per channel, ``scale = invstd * w``, ``shift = b - mean * scale``: PyTorch's
    CPU formula, two passes (the parameters' shapes kept for their gradients)."""
    ctx.param_shapes = (None if w is None else w.shape, None if b is None else b.shape)
    scale = invstd if w is None else invstd * w
    shift = -mean * scale if b is None else b - mean * scale
    y = x * scale
    y += shift
    return y


class _ListsParameters:
    """next_functions as PyTorch's batch norm node lists them: input, weight and bias, the
    parameters themselves rather than the per-channel views ``batch_norm`` takes of them."""

    @property
    def next_functions(self):
        edges = list(self.next[:3])
        for i in (1, 2):
            if edges[i] is not None and getattr(edges[i], "channel_view", False):
                edges[i] = edges[i].next[0]
        return tuple((None, 0) if e is None else shown(e) for e in edges)

    def hook_gradient(self, i, grad, to_edge=False):
        """A parameter's gradient with the parameter's shape, not its per-channel view's."""
        edge = self.next[i] if i in (1, 2) and grad is not None else None
        if edge is None or not getattr(edge, "channel_view", False):
            return grad
        return grad.reshape(self.param_shapes[i - 1]) if to_edge else grad.reshape(-1)


def _channel_view(t, shape):
    """``t`` (a weight or bias, or None) reshaped to one value per channel, its view node marked
    for ``_ListsParameters``."""
    if t is None:
        return None
    view = t.reshape(shape)
    if view._node is not None and view._node is not t._node:
        view._node.channel_view = True
    return view


class BatchNorm(_ListsParameters, Normalize):
    """Normalize with one weight and bias per channel (constant over the normalised axes), which
    lets forward scale once per channel and backward share its two channel sums between the
    gradients: the same formulas as Normalize's, in fewer passes over the batch."""

    torch_name = "NativeBatchNormBackward0"

    @staticmethod
    def forward(ctx, x, w, b, axes, eps, stats):
        xp = ctx.xp
        if x.dtype.kind == "f" and x.dtype.itemsize == 2:
            # float16: computed in float32 and rounded once, as PyTorch's kernels (gradients too)
            ctx.half = x.dtype
            wide = [None if v is None else v.astype(xp.float32) for v in (w, b)]
            stats = None if stats is None else tuple(v.astype(xp.float32) for v in stats)
            return BatchNorm.forward(ctx, x.astype(xp.float32), *wide, axes, eps, stats).astype(x.dtype)
        mean, var = moments(xp, x, axes)[:2] if stats is None else stats
        invstd = 1.0 / xp.sqrt(var + eps)
        ctx.stats = (mean, invstd)
        return _scale_and_shift(ctx, x, w, b, mean, invstd)

    @staticmethod
    def backward(ctx, m, g, x, w, b, axes, eps, stats):
        nx, nw, nb = ctx.needs_input_grad[:3]
        mean, invstd = m.norm_stats(x, axes, eps, ctx.stats)
        centred = x - mean
        sum_g = m.sum(g, axes, keepdim=True)
        sum_gc = m.sum(g * centred, axes, keepdim=True)  # sum(g * xhat) / invstd
        gx = gw = gb = None
        if nx:
            n = max(_count(x.shape, axes), 1)
            scale = invstd if w is None else invstd * w
            gx = scale * (g - sum_g * (1.0 / n) - centred * (invstd * invstd * sum_gc * (1.0 / n)))
        if nw:
            gw = m.sum_to(sum_gc * invstd, ctx.param_shapes[0])
        if nb:
            gb = m.sum_to(sum_g, ctx.param_shapes[1])
        if ctx.half is not None:  # (float16 input: the float32 gradients rounded once)
            gx, gw, gb = (None if v is None else m.cast(v, ctx.half) for v in (gx, gw, gb))
        return gx, gw, gb


class BatchNormEval(_ListsParameters, Op):
    """Batch norm with fixed statistics (evaluation): ``x * scale + shift`` per channel with
    ``scale = w / sqrt(running_var + eps)``, ``shift = b - running_mean * scale`` (PyTorch's CPU
    formula). The statistics are constants here, so x's gradient is ``g * scale``."""

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)
    torch_name = "NativeBatchNormBackward0"
    saves = (1, 0)  # x for w's gradient, w for x's

    @staticmethod
    def forward(ctx, x, w, b, mean, invstd):
        ctx.mean, ctx.invstd = mean, invstd
        return _scale_and_shift(ctx, x, w, b, mean, invstd)

    @staticmethod
    def backward(ctx, m, g, x, w, b, mean, invstd):
        nx, nw, nb = ctx.needs_input_grad[:3]
        invstd = m.const(ctx.invstd, g)
        gx = (g * invstd if w is None else g * (invstd * w)) if nx else None
        gw = m.sum_to(g * ((x - m.const(ctx.mean, g)) * invstd), ctx.param_shapes[0]) if nw else None
        gb = m.sum_to(g, ctx.param_shapes[1]) if nb else None
        return gx, gw, gb


def _check_size(t, name, c):
    if t is not None and t.numel() != c:
        raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    if t is not None and t.ndim != 1 and name.startswith("running"):
        raise RuntimeError(f"TensorAccessor expected 1 dims but tensor has {t.ndim} ({name} must be a vector)")


def _expect_flag(fn, name, value):
    """PyTorch's argument parser's TypeError for the training flag (position 6) that is not a bool (a str,
    an int 1, a NumPy bool)."""
    if value.__class__ is not bool:
        kind = type(value)
        type_name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
        raise TypeError(f"{fn}(): argument '{name}' (position 6) must be bool, not {type_name}")


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) over the batch and spatial dims.

    Training uses the batch's statistics and, where running statistics are
    given, updates them in place: ``running = (1 - momentum) * running +
    momentum * batch`` (the running variance with the unbiased batch variance).
    Evaluation uses the running statistics.
    """
    expect_tensor("batch_norm", input)
    for position, name, t in ((4, "running_mean", running_mean), (5, "running_var", running_var),
                              (2, "weight", weight), (3, "bias", bias)):
        if t is not None:
            expect_tensor("batch_norm", t, name, position)
    _expect_flag("batch_norm", "training", training)
    momentum = expect_number("batch_norm", momentum, "momentum", 7, "float")
    eps = expect_number("batch_norm", eps, "eps", 8, "float")
    if training and not eps > 0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    if not input.numel():
        return _empty_batch_norm(input, weight, bias)
    c = input.shape[1] if input.ndim > 1 else 0
    for t, name in ((running_mean, "running_mean"), (running_var, "running_var"), (weight, "weight"),
                    (bias, "bias")):
        _check_size(t, name, c)
    if input.ndim == 1 and (training or running_mean is not None and running_var is not None):
        # (PyTorch's kernel reads dim 1, the channels, of the input: a 1-D one has none)
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    if not training:
        for t, name in ((running_mean, "running_mean"), (running_var, "running_var")):
            if t is None:
                raise RuntimeError(f"{name} must be defined in evaluation mode")
    elif (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither be None")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if half_beside_float(input, weight, bias, running_mean, running_var):
        return batch_norm(input.float(), running_mean, running_var, weight, bias, training, momentum,
                          eps).to(input.dtype)
    _check_same_dtype(input, weight, bias)
    shape = (1, c) + (1,) * (input.ndim - 2) if input.ndim > 1 else (c,)
    w, b = _channel_view(weight, shape), _channel_view(bias, shape)
    axes = (0,) + tuple(range(2, input.ndim))
    if not training:
        _check_same_dtype(input, running_mean, running_var)
        if not (running_mean.requires_grad or running_var.requires_grad):
            xp = input._device._get_backend().xp
            mean = running_mean._data.reshape(shape)
            invstd = 1.0 / xp.sqrt(running_var._data.reshape(shape) + eps)
            return BatchNormEval.apply(input, w, b, mean, invstd.astype(input._data.dtype, copy=False))
        scale = (running_var + eps).rsqrt()
        if weight is not None:
            scale = scale * weight
        out = (input - running_mean.reshape(shape)) * scale.reshape(shape)
        return out + b if b is not None else out
    n = _count(input.shape, axes)
    if n == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {Size(input.shape)}")
    _check_same_dtype(input, running_mean, running_var)
    xp = input._device._get_backend().xp
    mean, var, _ = moments(xp, input._data, axes)
    if running_mean is not None or running_var is not None:
        # through .data: PyTorch's kernel updates the statistics without counting a version, so a
        # graph that saved them still runs backward after a training step
        with grad_mode.no_grad():
            if running_mean is not None:
                batch_mean = wrap(mean.reshape(c), input._device)
                running_mean.data.copy_(batch_mean * momentum + running_mean * (1 - momentum))
            if running_var is not None:
                unbiased = wrap(var.reshape(c) * (n / (n - 1)), input._device)
                running_var.data.copy_(unbiased * momentum + running_var * (1 - momentum))
    return BatchNorm.apply(input, w, b, axes, eps, (mean, var))


def _empty_batch_norm(input, weight, bias):
    """batch_norm of an input without elements, as PyTorch's: before any check of the statistics,
    the sizes or the dtypes, a copy of the input times the weight's first element plus the bias's
    (an IndexError where they have none); the running statistics stay as they are."""
    out = input.clone()
    if weight is not None:
        out = out * _first(weight)
    return out + _first(bias) if bias is not None else out


def _first(t):
    if not t.numel():
        raise IndexError(f"select(): index 0 out of range for tensor of size {list(t.shape)} at dimension 0")
    return t[0]


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample over its spatial dims (group norm with one channel per group)."""
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {Size(input.shape)}")
    _expect_flag("instance_norm", "use_input_stats", use_input_stats)
    momentum = expect_number("instance_norm", momentum, "momentum", 7, "float")
    eps = expect_number("instance_norm", eps, "eps", 8, "float")
    if input.ndim < 3:
        raise ValueError(f"expected at least 3D input (got {input.ndim}D input)")
    if not use_input_stats or running_mean is not None or running_var is not None:
        # running statistics per channel: batch norm over the (1, N*C, ...) view updates them as PyTorch does
        n, c = input.shape[:2]
        folded = input.reshape((1, n * c) + tuple(input.shape[2:]))
        rm = running_mean.repeat(n) if running_mean is not None else None
        rv = running_var.repeat(n) if running_var is not None else None
        out = batch_norm(folded, rm, rv, None, None, use_input_stats, momentum, eps)
        with grad_mode.no_grad():
            if running_mean is not None and use_input_stats:
                running_mean.copy_(rm.reshape(n, c).mean(0))
            if running_var is not None and use_input_stats:
                running_var.copy_(rv.reshape(n, c).mean(0))
        out = out.reshape(tuple(input.shape))
        shape = (1, c) + (1,) * (input.ndim - 2)
        if weight is not None:
            out = out * weight.reshape(shape)
        return out + bias.reshape(shape) if bias is not None else out
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if input.shape[1] == 0:
        return batch_norm(input, None, None, weight, bias, True, momentum, eps)
    return instance_norm_by_groups(input, weight, bias, eps)
