"""Normalisation over some axes as one op, ``Normalize``: ``(x - mean) / sqrt(var + eps) * weight + bias``
with the statistics taken over the axes (the trailing dims for layer norm, channel groups for group
norm; batch and space for batch norm, in ops/batch_norm.py). Its backward is PyTorch's formula,
written once with operators and the words of the namespace ``m``, so under ``create_graph=True`` it
runs on recorded Tensors and the second derivative follows. Here too: layer_norm, group_norm and
rms_norm (composed of core ops).
"""
import warnings

from ..autograd.op import Op
from ..autograd.namespace import provide
from ..kernels.norm import moments
from ..dtypes import C_NAMES, finfo
from ._api import public
from ._util import expect_int, expect_number, expect_tensor
from .layout import follow_channels_last
from .pool import _expect_int_list


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

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)

    saves = (True, 0)  # x for every gradient, w for x's
    half = None  # float16: the dtype the float32 computation is rounded to

    @staticmethod
    def forward(ctx, x, w, b, axes, eps, stats):
        xp = ctx.xp
        if x.dtype.kind == "f" and x.dtype.itemsize == 2:
            # float16: computed in float32 and rounded once, as PyTorch's kernels (gradients too: backward)
            ctx.half = x.dtype
            wide = [None if v is None else v.astype(xp.float32) for v in (w, b)]
            stats = None if stats is None else tuple(v.astype(xp.float32) for v in stats)
            return Normalize.forward(ctx, x.astype(xp.float32), *wide, axes, eps, stats).astype(x.dtype)
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
        if ctx.half is not None:  # (float16 input: the float32 gradients rounded once)
            gx, gw, gb = (None if v is None else m.cast(v, ctx.half) for v in (gx, gw, gb))
        return gx, gw, gb


class LayerNorm(Normalize):
    torch_name = "NativeLayerNormBackward0"


class InstanceNorm(Normalize):
    """Normalize over the (N, C, 1, ...) grouping of instance norm: PyTorch's batch norm of the
    (1, N*C, ...) view."""

    torch_name = "NativeBatchNormBackward0"


def _grouping(shape, groups):
    """(the (N, G, C/G, *spatial) shape, the (G, C/G, 1...) parameter shape, the reduced axes)."""
    n, c, spatial = shape[0], shape[1], tuple(shape[2:])
    grouped = (n, groups, c // groups) + spatial
    return grouped, (groups, c // groups) + (1,) * len(spatial), tuple(range(2, len(grouped)))


class GroupNorm(Normalize):
    """group_norm of (N, C, *) input with (C,) weight and bias as one node, as PyTorch's: Normalize
    over the channel groups of the (N, G, C/G, *) view, the arrays reshaped inside."""

    torch_name = "NativeGroupNormBackward0"

    @staticmethod
    def forward(ctx, x, w, b, groups, eps):
        grouped, param, axes = _grouping(x.shape, groups)
        ctx.grouping = (x.shape, grouped, param, axes, None if w is None else w.shape)
        y = Normalize.forward(ctx, x.reshape(grouped), None if w is None else w.reshape(param),
                              None if b is None else b.reshape(param), axes, eps, None)
        return follow_channels_last(x, y.reshape(x.shape))

    @staticmethod
    def backward(ctx, m, g, x, w, b, groups, eps):
        shape, grouped, param, axes, channels = ctx.grouping
        gx, gw, gb = Normalize.backward(ctx, m, g.reshape(grouped), x.reshape(grouped),
                                        None if w is None else w.reshape(param), None, axes, eps, None)
        return (None if gx is None else gx.reshape(shape), None if gw is None else gw.reshape(channels),
                None if gb is None else gb.reshape(channels), None, None)


def half_beside_float(input, *others):
    """True for a float16 input beside float32 parameters (the others given): PyTorch's CPU norms
    take that mix, computing in float32 and giving a float16 result (a float16 model's activations
    through float32 norm layers). Any other mix is ``_check_same_dtype``'s error."""
    given = [t for t in others if t is not None]
    return input.dtype.np.char == "e" and bool(given) and all(t.dtype.np.char == "f" for t in given)


def _check_same_dtype(input, *others):
    for t in others:
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


@public(method=False)
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    """Normalise over the trailing ``normalized_shape`` dims, then scale and shift elementwise.

    (``cudnn_enable`` is torch.layer_norm's switch for cuDNN, accepted and unused.)"""
    expect_tensor("layer_norm", input)
    for position, name, t in ((3, "weight", weight), (4, "bias", bias)):
        if t is not None:
            expect_tensor("layer_norm", t, name, position)
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    _expect_int_list(normalized_shape, "layer_norm", "normalized_shape", 2)  # (a float 3.0 is not an int either)
    eps = expect_number("layer_norm", eps, "eps", 5, "float")
    shape = tuple(int(s) for s in normalized_shape)
    d = len(shape)
    if d == 0 or input.ndim < d or tuple(input.shape[input.ndim - d:]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape [*, "
                           f"{', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(t.shape)} and normalized_shape = {list(shape)}")
    if half_beside_float(input, weight, bias):
        return layer_norm(input.float(), normalized_shape, weight, bias, eps).to(input.dtype)
    _check_same_dtype(input, weight, bias)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(f"\"LayerNormKernelImpl\" not implemented for '{input.dtype._torch_name[:-6]}'")
    axes = tuple(range(input.ndim - d, input.ndim))
    return LayerNorm.apply(input, weight, bias, axes, eps, None)


@public(method=False)
def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``input / sqrt(mean(input**2) + eps) * weight`` over the trailing ``normalized_shape`` dims
    (``eps`` None: the machine epsilon of input's dtype). Composed of core ops as PyTorch composes it,
    so its gradients (of every order) follow; the result has input's dtype."""
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    _expect_int_list(normalized_shape, "rms_norm", "normalized_shape", 2)  # (a float 3.0 is not an int either)
    if eps is not None:
        eps = expect_number("rms_norm", eps, "eps", 4, "float")
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
    dims = tuple(range(input.ndim - d, input.ndim))
    if input.dtype.name == "float16" and (weight is None or weight.dtype == input.dtype):
        # PyTorch computes a half in float (its epsilon too), weight included, and rounds once
        wide = input.float()
        eps = finfo(wide.dtype).eps if eps is None else eps
        out = wide * (wide.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
        return (out if weight is None else out * weight.float()).to(input.dtype)
    eps = finfo(input.dtype).eps if eps is None else eps
    out = input * (input.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    if weight is not None:
        if weight.dtype != input.dtype:
            warnings.warn(f"Mismatch dtype between input and weight: input dtype = {C_NAMES[input.dtype.name]}, "
                          f"weight dtype = {C_NAMES[weight.dtype.name]}, Cannot dispatch to fused implementation.",
                          stacklevel=2)
        out = out * weight
        if out.dtype != input.dtype:
            out = out.to(input.dtype)
    return out


@public(method=False)
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    """Normalise each group of ``C / num_groups`` channels (with the spatial dims) per sample.

    (``cudnn_enabled`` is torch.group_norm's switch for cuDNN, accepted and unused.)"""
    num_groups = expect_int("group_norm", num_groups, "num_groups", 2)
    eps = expect_number("group_norm", eps, "eps", 5, "float")
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
    if half_beside_float(input, weight, bias):
        return group_norm(input.float(), num_groups, weight, bias, eps).to(input.dtype)
    _check_same_dtype(input, weight, bias)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(f"\"GroupNormKernelImpl\" not implemented for '{input.dtype._torch_name[:-6]}'")
    return GroupNorm.apply(input, weight, bias, num_groups, eps)


def instance_norm_by_groups(input, weight, bias, eps):
    """Instance norm without running statistics: each (sample, channel) normalised over space, a
    node named as PyTorch's batch norm of the (1, N*C, ...) view, under a view back to input's shape."""
    grouped, param, axes = _grouping(tuple(input.shape), input.shape[1])
    w = weight.reshape(param) if weight is not None else None
    b = bias.reshape(param) if bias is not None else None
    return InstanceNorm.apply(input.reshape(grouped), w, b, axes, eps, None).reshape(tuple(input.shape))
