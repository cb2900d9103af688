"""Normalisation layers as functions: batch_norm, layer_norm, group_norm, instance_norm.

All four are one op, ``Normalize``: ``(x - mean) / sqrt(var + eps) * weight + bias``
with the statistics taken over some axes (batch and space for batch norm,
the trailing dims for layer norm, channel groups for group norm). Its backward
is PyTorch's formula, written once with operators and the words of the namespace ``m``,
so under ``create_graph=True`` it runs on recorded Tensors and the second
derivative follows.
"""
import math
import warnings

from ..autograd.node import Op
from ..autograd.namespace import provide, array_math
from ..autograd import grad_mode
from ..kernels.norm import moments
from ..tensor import Size, Tensor, wrap, _wrap_dim
from ..dtypes import finfo
from ._api import public
from ._util import expect_tensor
from .inplace import unary_inplace


def _count(shape, axes):
    n = 1
    for a in axes:
        n *= shape[a]
    return n


def _mean(m, t, axes, n):
    """Mean over ``axes`` (kept), as a sum times 1/n: no warning for empty inputs."""
    return m.sum(t, axes, keepdim=True) * (1.0 / max(n, 1))


def _tensor_statistics(x, axes, eps, cached):
    """(mean, 1/std) of a recorded Tensor ``x``, recomputed so that they are differentiated too."""
    n = _count(x.shape, axes)
    mean = x.sum(dim=axes, keepdim=True) * (1.0 / max(n, 1))
    centred = x - mean
    var = (centred * centred).sum(dim=axes, keepdim=True) * (1.0 / max(n, 1))
    return mean, (var + eps) ** -0.5


def _tensor_normalized(x, axes, eps, cached):
    """(1/std, (x - mean)/std) of a recorded Tensor ``x``, recomputed (see _tensor_statistics)."""
    mean, invstd = _tensor_statistics(x, axes, eps, cached)
    return invstd, (x - mean) * invstd


# m.norm_stats(x, axes, eps, cached): the statistics forward computed (``cached``) on arrays;
# on Tensors (create_graph) recomputed from x, since the second derivative runs through them.
provide("norm_stats", _tensor_statistics, lambda xp: lambda x, axes, eps, cached: cached)
# m.normalized(x, axes, eps, cached): (1/std, the normalised x) likewise.
provide("normalized", _tensor_normalized, lambda xp: lambda x, axes, eps, cached: cached)


class Normalize(Op):
    """``(x - mean) * rsqrt(var + eps) * w + b`` over ``axes`` (biased variance); ``w``, ``b`` broadcast to x.

    ``stats``: the (mean, var) of ``kernels.norm.moments`` when the caller has them. Forward
    keeps the normalised x (``ctx.normalized``, not the output, which the caller may change in
    place): backward reads it on arrays rather than computing it again (two passes).
    """

    saves = (True, 0)  # x for every gradient, w for x's

    @staticmethod
    def forward(ctx, x, w, b, axes, eps, stats):
        xp = ctx.xp
        mean, var, centred = moments(xp, x, axes) if stats is None else stats + (x - stats[0],)
        invstd = 1.0 / xp.sqrt(var + eps)
        xhat = centred * invstd
        ctx.normalized = (invstd, xhat)
        ctx.param_shapes = (None if w is None else w.shape, None if b is None else b.shape)
        if w is None:
            return xhat.copy() if b is None else xhat + b
        y = xhat * w
        if b is not None:
            y += b
        return y

    @staticmethod
    def backward(ctx, m, g, x, w, b, axes, eps, stats):
        nx, nw, nb = ctx.needs_input_grad[:3]
        invstd, xhat = m.normalized(x, axes, eps, ctx.normalized)
        gx = gw = gb = None
        if nx:
            n = _count(x.shape, axes)
            gxhat = g if w is None else g * w
            gx = invstd * (gxhat - _mean(m, gxhat, axes, n) - xhat * _mean(m, gxhat * xhat, axes, n))
        if nw:
            gw = m.sum_to(g * xhat, ctx.param_shapes[0])
        if nb:
            gb = m.sum_to(g, ctx.param_shapes[1])
        return gx, gw, gb


class BatchNorm(Normalize):
    """Normalize with one weight and bias per channel (constant over the normalised axes), which
    lets forward scale once per channel and backward share its two channel sums between the
    gradients: the same formulas as Normalize's, in fewer passes over the batch."""

    torch_name = "NativeBatchNormBackward0"

    @staticmethod
    def forward(ctx, x, w, b, axes, eps, stats):
        xp = ctx.xp
        mean, var = moments(xp, x, axes)[:2] if stats is None else stats
        invstd = 1.0 / xp.sqrt(var + eps)
        ctx.stats = (mean, invstd)
        ctx.param_shapes = (None if w is None else w.shape, None if b is None else b.shape)
        scale = invstd if w is None else invstd * w
        shift = -mean * scale if b is None else b - mean * scale
        y = x * scale  # x * scale + shift per channel: PyTorch's CPU formula, two passes
        y += shift
        return y

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
        return gx, gw, gb


class BatchNormEval(Op):
    """Batch norm with fixed statistics (evaluation): ``x * scale + shift`` per channel with
    ``scale = w / sqrt(running_var + eps)``, ``shift = b - running_mean * scale`` (PyTorch's CPU
    formula). The statistics are constants here, so x's gradient is ``g * scale``."""

    torch_name = "NativeBatchNormBackward0"
    saves = (1, 0)  # x for w's gradient, w for x's

    @staticmethod
    def forward(ctx, x, w, b, mean, invstd):
        ctx.mean, ctx.invstd = mean, invstd
        ctx.param_shapes = (None if w is None else w.shape, None if b is None else b.shape)
        scale = invstd if w is None else invstd * w
        shift = -mean * scale if b is None else b - mean * scale
        y = x * scale
        y += shift
        return y

    @staticmethod
    def backward(ctx, m, g, x, w, b, mean, invstd):
        nx, nw, nb = ctx.needs_input_grad[:3]
        invstd = m.const(ctx.invstd, g)
        gx = (g * invstd if w is None else g * (invstd * w)) if nx else None
        gw = m.sum_to(g * ((x - m.const(ctx.mean, g)) * invstd), ctx.param_shapes[0]) if nw else None
        gb = m.sum_to(g, ctx.param_shapes[1]) if nb else None
        return gx, gw, gb


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
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if c == 0 and (weight is not None or bias is not None):  # (PyTorch reads the affine parameters' first element)
        raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
    _check_same_dtype(input, weight, bias)
    shape = (1, c) + (1,) * (input.ndim - 2) if input.ndim > 1 else (c,)
    w = weight.reshape(shape) if weight is not None else None
    b = bias.reshape(shape) if bias is not None else None
    axes = (0,) + tuple(range(2, input.ndim))
    if not training:
        if running_mean is None or running_var is None:
            raise RuntimeError("running_mean must be defined in evaluation mode")
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
    if n == 0:  # an empty batch: an empty result; the running statistics stay as they are
        out = input * w if w is not None else input.clone()
        return out + b if b is not None else out
    if n == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {Size(input.shape)}")
    _check_same_dtype(input, running_mean, running_var)
    xp = input._device._get_backend().xp
    mean, var, _ = moments(xp, input._data, axes)
    if running_mean is not None or running_var is not None:
        with grad_mode.no_grad():
            if running_mean is not None:
                batch_mean = wrap(mean.reshape(c), input._device)
                running_mean.copy_(batch_mean * momentum + running_mean * (1 - momentum))
            if running_var is not None:
                unbiased = wrap(var.reshape(c) * (n / (n - 1)), input._device)
                running_var.copy_(unbiased * momentum + running_var * (1 - momentum))
    return BatchNorm.apply(input, w, b, axes, eps, (mean, var))


@public(method=False)
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    """Normalise over the trailing ``normalized_shape`` dims, then scale and shift elementwise.

    (``cudnn_enable`` is torch.layer_norm's switch for cuDNN, accepted and unused.)"""
    expect_tensor("layer_norm", input)
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
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(f"\"LayerNormKernelImpl\" not implemented for '{input.dtype._torch_name[:-6]}'")
    axes = tuple(range(input.ndim - d, input.ndim))
    return LayerNorm.apply(input, weight, bias, axes, eps, None)


#: dtype names as PyTorch's C++ messages print them
_C_NAMES = {"float64": "double", "float32": "float", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


@public(method=False)
def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``input / sqrt(mean(input**2) + eps) * weight`` over the trailing ``normalized_shape`` dims
    (``eps`` None: the machine epsilon of input's dtype). Composed of core ops as PyTorch composes it,
    so its gradients (of every order) follow; the result has input's dtype."""
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    shape = tuple(int(s) for s in normalized_shape)
    d = len(shape)
    if d == 0:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           f"element, but got normalized_shape = {list(shape)}")
    if input.ndim < d or tuple(input.shape[input.ndim - d:]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got weight of shape "
                           f"{list(weight.shape)} and normalized_shape = {list(shape)}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"rms_norm\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if eps is None:
        eps = finfo(input.dtype).eps
    dims = tuple(range(input.ndim - d, input.ndim))
    out = input * (input.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    if weight is not None:
        if weight.dtype != input.dtype:
            warnings.warn(f"Mismatch dtype between input and weight: input dtype = {_C_NAMES[input.dtype.name]}, "
                          f"weight dtype = {_C_NAMES[weight.dtype.name]}, Cannot dispatch to fused implementation.",
                          stacklevel=2)
        out = out * weight
        if out.dtype != input.dtype:
            out = out.to(input.dtype)
    return out


@public(method=False)
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    """Normalise each group of ``C / num_groups`` channels (with the spatial dims) per sample.

    (``cudnn_enabled`` is torch.group_norm's switch for cuDNN, accepted and unused.)"""
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    n, c = input.shape[:2]
    if num_groups == 0:
        raise ZeroDivisionError("integer division or modulo by zero")  # (PyTorch's Python code divides first)
    if num_groups < 0 or c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and (t.ndim != 1 or t.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {list(t.shape)} and input of shape {list(input.shape)}")
    _check_same_dtype(input, weight, bias)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(f"\"GroupNormKernelImpl\" not implemented for '{input.dtype._torch_name[:-6]}'")
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
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {Size(input.shape)}")
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
    return group_norm(input, input.shape[1], weight, bias, eps)


class Renorm(Op):
    """Each slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to it (by
    ``maxnorm / (norm + 1e-7)``); PyTorch's gradient formula, zero where a slice's norm is zero."""

    saves = (True,)
    torch_name = "RenormBackward0"

    @staticmethod
    def forward(ctx, x, p, dims, maxnorm):
        ctx.p, ctx.dims, ctx.maxnorm = p, dims, maxnorm
        ctx.single = all(x.shape[k] == 1 for k in dims)
        norm = _slice_norms(array_math(ctx.xp), x, p, dims, ctx.single)
        big = norm > maxnorm
        factor = ctx.xp.where(big, maxnorm / (norm + 1e-7), 1.0).astype(x.dtype, copy=False)
        return x * factor

    @staticmethod
    def backward(ctx, m, g, x, p, dims, maxnorm):
        dims, p, maxnorm = ctx.dims, ctx.p, ctx.maxnorm
        norm = _slice_norms(m, x, p, dims, ctx.single)
        inverse = 1.0 / (norm + 1e-7)
        factor = inverse * maxnorm
        scaled = factor * g - factor * inverse * _norm_backward(m, m.sum(x * g, dims, keepdim=True), x, p, norm, dims)
        return m.where(norm > maxnorm, scaled, g)


def _norm_backward(m, g, x, p, norm, dims):
    """``g`` (kept dims) times the derivative of the p-norm of the slices of x, as PyTorch's
    norm_backward writes it (zero where a slice's norm is zero)."""
    ax = m.abs(x)
    if p == float("inf"):
        at_max = m.cast(ax == norm, g.dtype)
        return m.sign(x) * (g / m.sum(at_max, dims, keepdim=True) * at_max)
    if p == 1:
        return m.sign(x) * g
    if p < 1:
        return m.where(x == 0, 0.0, m.sign(x) * ax ** (p - 1)) * g * norm ** (1 - p)
    scale = m.where(norm == 0, 0.0, g / (norm if p == 2 else norm ** (p - 1)))
    if p == 2:
        return x * scale
    return (m.sign(x) * ax ** (p - 1) if p < 2 else x * ax ** (p - 2)) * scale


class _MaxAbs(Op):
    """max |x| over ``dims`` (kept): a constant of renorm's backward."""

    @staticmethod
    def forward(ctx, x, dims):
        return ctx.xp.abs(x).max(axis=dims, keepdims=True)

    @staticmethod
    def backward(ctx, m, g):
        return None


def _slice_norms(m, x, p, dims, single):
    """The ``p``-norms of the slices of x (``dims`` reduced, kept). A slice of one element has
    norm |x| (PyTorch's reduction skips the powers then, which would underflow)."""
    if single:
        return m.abs(x)
    if p == float("inf"):
        return m.op(_MaxAbs, x, dims)
    if p == 1:
        return m.sum(m.abs(x), dims, keepdim=True)
    if p == 2:
        return m.sqrt(m.sum(x * x, dims, keepdim=True))
    return m.sum(m.abs(x) ** p, dims, keepdim=True) ** (1.0 / p)


@public
def renorm(input, p, dim, maxnorm):
    """``input`` with every slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to
    norm ``maxnorm``."""
    if not isinstance(input, Tensor):
        raise TypeError(f"renorm(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    nd = input._data.ndim
    if nd <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {nd} dimensions")
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"\"renorm_out\" not implemented for '{input.dtype._torch_name[:-6]}'")
    d = _wrap_dim(dim, nd)
    empty = [k for k in range(nd) if k != d and input._data.shape[k] == 0]
    if p == float("inf") and empty:
        raise RuntimeError(f"linalg.vector_norm cannot compute the inf norm on the dimension {empty[0]}because "
                           "this dimension is empty and the operation does not have an identity")
    return Renorm.apply(input, float(p), tuple(k for k in range(nd) if k != d), float(maxnorm))


unary_inplace(renorm, "renorm_")
