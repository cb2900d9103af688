"""Normalisation layers as functions: batch_norm, layer_norm, group_norm, instance_norm.

All four are one op, ``Normalize``: ``(x - mean) / sqrt(var + eps) * weight + bias``
with the statistics taken over some axes (batch and space for batch norm,
the trailing dims for layer norm, channel groups for group norm). Its backward
is PyTorch's formula, written once with operators and ``_grad_ops`` helpers,
so under ``create_graph=True`` it runs on recorded Tensors and the second
derivative follows.
"""
from ..autograd.function import Op
from ..autograd import grad_mode
from ..kernels.norm import moments
from ..tensor import Tensor, Size, wrap
from . import _grad_ops as G


def _count(shape, axes):
    n = 1
    for a in axes:
        n *= shape[a]
    return n


def _mean(t, axes, n):
    """Mean over ``axes`` (kept), as a sum times 1/n: no warning for empty inputs."""
    return G.sum(t, axes, keepdim=True) * (1.0 / max(n, 1))


def _statistics(ctx, x, axes, eps):
    """(mean, 1/std) of ``x``: those forward kept for arrays; recomputed from ``x`` when it is
    a recorded Tensor (``create_graph=True``), so that they are differentiated too."""
    if not isinstance(x, Tensor):
        return ctx.stats
    n = _count(x.shape, axes)
    mean = _mean(x, axes, n)
    centred = x - mean
    return mean, (_mean(centred * centred, axes, n) + eps) ** -0.5


class Normalize(Op):
    """``(x - mean) * rsqrt(var + eps) * w + b`` over ``axes`` (biased variance); ``w``, ``b`` broadcast to x."""

    save_inputs = True

    @staticmethod
    def forward(ctx, x, w, b, axes, eps, stats):
        xp = ctx.xp
        mean, var = stats if stats is not None else moments(xp, x, axes)
        invstd = 1.0 / xp.sqrt(var + eps)
        ctx.stats = (mean, invstd)
        y = (x - mean) * invstd
        if w is not None:
            y *= w
        if b is not None:
            y += b
        return y

    @staticmethod
    def backward(ctx, g):
        nx, nw, nb = ctx.needs_input_grad[:3]
        x, w, b, axes, eps, _ = G.saved_inputs(ctx, (nx or nw, nx, False, False, False, False))
        mean, invstd = _statistics(ctx, x, axes, eps)
        xhat = (x - mean) * invstd
        gx = gw = gb = None
        if nx:
            n = _count(x.shape, axes)
            gxhat = g if w is None else g * w
            gx = invstd * (gxhat - _mean(gxhat, axes, n) - xhat * _mean(gxhat * xhat, axes, n))
        if nw:
            gw = G.sum_to(g * xhat, tuple(w.shape))
        if nb:
            gb = G.sum_to(g, tuple(b.shape))
        return gx, gw, gb, None, None, None


class BatchNorm(Normalize):
    torch_name = "NativeBatchNormBackward0"


class LayerNorm(Normalize):
    torch_name = "NativeLayerNormBackward0"


class GroupNorm(Normalize):
    torch_name = "NativeGroupNormBackward0"


def _check_same_dtype(input, *others):
    for t in others:
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _check_size(t, name, c):
    if t is not None and t.numel() != c:
        raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) over the batch and spatial dims.

    Training uses the batch's statistics and, where running statistics are
    given, updates them in place: ``running = (1 - momentum) * running +
    momentum * batch`` (the running variance with the unbiased batch variance).
    Evaluation uses the running statistics.
    """
    c = input.shape[1] if input.ndim > 1 else 0
    for t, name in ((running_mean, "running_mean"), (running_var, "running_var"), (weight, "weight"),
                    (bias, "bias")):
        _check_size(t, name, c)
    _check_same_dtype(input, weight, bias)
    shape = (1, c) + (1,) * (input.ndim - 2)
    w = weight.reshape(shape) if weight is not None else None
    b = bias.reshape(shape) if bias is not None else None
    axes = (0,) + tuple(range(2, input.ndim))
    if not training:
        if running_mean is None or running_var is None:
            raise RuntimeError("running_mean must be defined in evaluation mode")
        _check_same_dtype(input, running_mean, running_var)
        scale = (running_var + eps).rsqrt()
        if weight is not None:
            scale = scale * weight
        out = (input - running_mean.reshape(shape)) * scale.reshape(shape)
        return out + b if b is not None else out
    n = _count(input.shape, axes)
    if n <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {Size(input.shape)}")
    _check_same_dtype(input, running_mean, running_var)
    xp = input._device._get_backend().xp
    mean, var = moments(xp, input._data, axes)
    if running_mean is not None or running_var is not None:
        with grad_mode.no_grad():
            if running_mean is not None:
                batch_mean = wrap(mean.reshape(c), input._device)
                running_mean.copy_(batch_mean * momentum + running_mean * (1 - momentum))
            if running_var is not None:
                unbiased = wrap(var.reshape(c) * (n / (n - 1)), input._device)
                running_var.copy_(unbiased * momentum + running_var * (1 - momentum))
    return BatchNorm.apply(input, w, b, axes, eps, (mean, var))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the trailing ``normalized_shape`` dims, then scale and shift elementwise."""
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    shape = tuple(int(s) for s in normalized_shape)
    d = len(shape)
    if d == 0 or input.ndim < d or tuple(input.shape[input.ndim - d:]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape [*, "
                           f"{', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(t.shape)} and normalized_shape = {list(shape)}")
    _check_same_dtype(input, weight, bias)
    axes = tuple(range(input.ndim - d, input.ndim))
    return LayerNorm.apply(input, weight, bias, axes, eps, None)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of ``C / num_groups`` channels (with the spatial dims) per sample."""
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    n, c = input.shape[:2]
    if num_groups <= 0 or c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and (t.ndim != 1 or t.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {list(t.shape)} and input of shape {list(input.shape)}")
    _check_same_dtype(input, weight, bias)
    spatial = tuple(input.shape[2:])
    grouped = input.reshape((n, num_groups, c // num_groups) + spatial)
    param_shape = (num_groups, c // num_groups) + (1,) * len(spatial)
    w = weight.reshape(param_shape) if weight is not None else None
    b = bias.reshape(param_shape) if bias is not None else None
    axes = tuple(range(2, grouped.ndim))
    return GroupNorm.apply(grouped, w, b, axes, eps, None).reshape(tuple(input.shape))


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample over its spatial dims (group norm with one channel per group)."""
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
    return group_norm(input, input.shape[1], weight, bias, eps)
