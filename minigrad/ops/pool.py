"""Pooling: max_pool1d/2d/3d, avg_pool1d/2d/3d, adaptive_avg_pool1d/2d/3d, adaptive_max_pool1d/2d/3d.

Average pooling is linear: its op and its adjoint (``AvgPoolBackward``) are
each other's gradient. Max pooling's gradient is linear in the upstream
gradient for fixed winners: a scatter to the winning positions, whose own
gradient is a gather from them, and the other way round. So every pooling op
differentiates again under ``create_graph=True``. The array work is in
``minigrad.kernels.pool``, for 2 or 3 spatial dims (a 1-D pool is a 2-D one of height 1).
"""
import operator

from .. import backends
from ..autograd.node import Op
from ..kernels import pool as K
from ..tensor import Tensor, wrap, _wrap_dim
from ._api import public
from ._util import expect_tensor


class MaxPool(Op):
    """Window maxima; remembers which tap won in each window."""

    def name(self):
        return f"MaxPool{len(self.in_size)}DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, params):
        out, ctx.tap = K.max_pool(ctx.xp, x, *params)
        ctx.in_size = x.shape[2:]
        ctx.params = params
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(MaxPoolScatter, g, ctx.tap, ctx.in_size, ctx.params)


class MaxPoolScatter(Op):
    """Max pooling's gradient: each output's value added at its window's winner (linear in ``g``)."""

    @staticmethod
    def forward(ctx, g, tap, in_size, params):
        kernel, stride, padding, dilation, _ = params
        ctx.winners = (tap, in_size, kernel, stride, padding, dilation)  # flat indices made only if needed
        return K.max_pool_backward(ctx.xp, g, tap, in_size, kernel, stride, padding, dilation)

    @staticmethod
    def backward(ctx, m, h):
        tap, in_size, kernel, stride, padding, dilation = ctx.winners
        return m.op(IndexGather, h, K.tap_to_index(ctx.xp, tap, in_size, kernel, stride, padding, dilation))


class IndexGather(Op):
    """``h`` read at flat per-plane indices (N, C, *out); its gradient is IndexScatter."""

    @staticmethod
    def forward(ctx, h, index):
        ctx.in_size = h.shape[2:]
        ctx.index = index
        return K.gather_indices(ctx.xp, h, index)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(IndexScatter, g, ctx.index, ctx.in_size)


class IndexScatter(Op):
    """``g`` added into zeros at flat per-plane indices; its gradient is IndexGather."""

    @staticmethod
    def forward(ctx, g, index, in_size):
        ctx.index = index
        return K.scatter_indices(ctx.xp, g, index, in_size, backends.for_module(ctx.xp).scatter_add)

    @staticmethod
    def backward(ctx, m, h):
        return m.op(IndexGather, h, ctx.index)


class AdaptiveMaxPool(Op):
    """Maxima over adaptive windows; remembers the winners' flat indices."""

    def name(self):
        return f"AdaptiveMaxPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, out_size):
        out, ctx.index = K.adaptive_max_pool(ctx.xp, x, out_size)
        ctx.in_size = x.shape[2:]
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(IndexScatter, g, ctx.index, ctx.in_size)


class AvgPool(Op):
    """Window averages (linear); the gradient is AvgPoolBackward."""

    def name(self):
        return f"AvgPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, params):
        ctx.in_size = x.shape[2:]
        ctx.params = params
        return K.avg_pool(ctx.xp, x, *params)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(AvgPoolBackward, g, ctx.in_size, ctx.params)


class AvgPoolBackward(Op):
    """The adjoint of AvgPool: each output's share spread over its window."""

    @staticmethod
    def forward(ctx, g, in_size, params):
        ctx.params = params
        return K.avg_pool_backward(ctx.xp, g, in_size, *params)

    @staticmethod
    def backward(ctx, m, h):
        return m.op(AvgPool, h, ctx.params)


class AdaptiveAvgPool(Op):
    """Averages over adaptive windows (linear); the gradient is AdaptiveAvgPoolBackward."""

    def name(self):
        return f"AdaptiveAvgPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, out_size):
        ctx.in_size = x.shape[2:]
        return K.adaptive_avg_pool(ctx.xp, x, out_size)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(AdaptiveAvgPoolBackward, g, ctx.in_size)


class AdaptiveAvgPoolBackward(Op):
    """The adjoint of AdaptiveAvgPool."""

    @staticmethod
    def forward(ctx, g, in_size):
        ctx.out_size = g.shape[2:]
        return K.adaptive_avg_pool_backward(ctx.xp, g, in_size)

    @staticmethod
    def backward(ctx, m, h):
        return m.op(AdaptiveAvgPool, h, ctx.out_size)


# ---------------------------------------------------------------------- argument handling
_COUNTS = {2: "two", 3: "three"}


def _ntuple(value, n, name, fn_name):
    if isinstance(value, (tuple, list)):
        if len(value) == 1:
            return (_int(value[0], name, fn_name),) * n
        if len(value) != n:
            omitted = "be omitted, " if name == "stride" else ""
            raise RuntimeError(f"{fn_name}: {name} must either {omitted}be a single int, or a tuple of {_COUNTS[n]} "
                               "ints")
        return tuple(_int(v, name, fn_name) for v in value)
    return (_int(value, name, fn_name),) * n


def _int(value, name, fn_name):
    """A size of the window as an int (PyTorch's TypeError for a float)."""
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{fn_name}(): argument '{name}' must be tuple of ints, not {type(value).__name__}") from None


def _batched(input, n, fn_name):
    """(input with a batch dim, whether one was added); PyTorch's errors for other ranks and empty dims."""
    expect_tensor(fn_name, input)
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    if any(s == 0 for s in input.shape[-n - 1:]):
        raise RuntimeError(f"Expected {n + 1}D or {n + 2}D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(input.shape)}")
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    return input, False


def _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode, fn_name):
    n = input.ndim - 2
    kernel = _ntuple(kernel_size, n, "kernel_size", fn_name)
    stride = kernel if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0) \
        else _ntuple(stride, n, "stride", fn_name)
    padding = _ntuple(padding, n, "padding", fn_name)
    dilation = _ntuple(dilation, n, "dilation", fn_name)
    if any(k <= 0 for k in kernel) or any(s <= 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero, but got "
                           + " ".join(f"dilation{a}: {d}" for a, d in zip("THW"[3 - n:], dilation)))
    if any(p < 0 for p in padding):
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(padding)}")
    for k, p, d in zip(kernel, padding, dilation):
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={d}")
    if any(p > k // 2 for p, k in zip(padding, kernel)):  # PyTorch's kernels check the undilated size too
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {padding[-1]}, "
                           f"padH = {padding[-2]}, kW = {kernel[-1]}, kH = {kernel[-2]}")
    out = [K.pool_output_size(s, k, st, p, d, ceil_mode)
           for s, k, st, p, d in zip(input.shape[2:], kernel, stride, padding, dilation)]
    if any(o < 1 for o in out):
        c = input.shape[1]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, (c,) + tuple(input.shape[2:])))}). Calculated "
                           f"output size: ({'x'.join(map(str, [c] + out))}). Output size is too small")
    return kernel, stride, padding, dilation


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, n, fn_name):
    x, squeeze = _batched(input, n, fn_name)
    kernel, stride, padding, dilation = _pool_geometry(x, kernel_size, stride, padding, dilation, ceil_mode, fn_name)
    params = (kernel, stride, padding, dilation, bool(ceil_mode))
    out = MaxPool.apply(x, params)
    if return_indices:
        xp = x._device._get_backend().xp
        tap = K.max_pool(xp, x.detach()._data, *params)[1] if out.grad_fn is None else out.grad_fn.tap
        index = _wrap_like(K.tap_to_index(xp, tap, x.shape[2:], kernel, stride, padding, dilation), x)
        return (out.squeeze(0), index.squeeze(0)) if squeeze else (out, index)
    return out.squeeze(0) if squeeze else out


@public(method=False)
def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Maximum over each (dilated) window; with ``return_indices`` also the flat input index of each maximum."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2, "max_pool2d")


@public(method=False)
def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Maximum over each (dilated) window of (N, C, D, H, W) input; with ``return_indices`` also the flat
    (row-major) input index of each maximum."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3, "max_pool3d")


def _wrap_like(array, like):
    return wrap(array, like._device)


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, n, fn_name):
    if n == 2 and isinstance(input, Tensor) and input.ndim < 3:  # (PyTorch's 2-D form reads dim -3 first)
        _wrap_dim(-3, input.ndim)
    x, squeeze = _batched(input, n, fn_name)
    kernel, stride, padding, _ = _pool_geometry(x, kernel_size, stride, padding, 1, ceil_mode, fn_name)
    if n == 3 and any(s < k for s, k in zip(x.shape[2:], kernel)):  # (PyTorch's 3-D kernel ignores the padding)
        d, h, w = x.shape[2:]
        raise RuntimeError(f"input image (T: {d} H: {h} W: {w}) smaller than kernel size (kT: {kernel[0]} "
                           f"kH: {kernel[1]} kW: {kernel[2]})")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    params = (kernel, stride, padding, bool(ceil_mode), bool(count_include_pad), divisor_override)
    out = AvgPool.apply(x, params)
    return out.squeeze(0) if squeeze else out


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Mean over each window (zero padding counted unless ``count_include_pad=False``)."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2,
                     "avg_pool2d")


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Mean over each window of (N, C, D, H, W) input (zero padding counted unless ``count_include_pad=False``)."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 3,
                     "avg_pool3d")


def _adaptive_size(input, output_size, n, fn_name):
    if isinstance(output_size, (tuple, list)):
        if len(output_size) != n:
            raise RuntimeError(f"{fn_name}: output_size must be {n}")
        sizes = output_size
    else:
        sizes = (output_size,) * n
    sizes = tuple(int(s) if s is not None else int(d) for s, d in zip(sizes, input.shape[-n:]))
    if min(sizes) < 0:
        raise RuntimeError(f"{fn_name}: elements of output_size must be greater than or equal to 0 but "
                           f"received {list(sizes)}")
    return sizes


def _check_output_size_rank(input, output_size):
    """PyTorch's Python wrapper refuses an input with no more dims than a list output_size."""
    if isinstance(output_size, (tuple, list)) and input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")


def _empty_pool(x, size):
    """The pooled result when an output size is 0: empty, yet connected to ``x``'s graph."""
    return x.reshape(-1)[:0].reshape(tuple(x.shape[:2]) + size)


def _adaptive_input(input, n, fn_name):
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{fn_name}(): Expected {n + 1}D or {n + 2}D tensor, but got {list(input.shape)}")
    for i in range(1, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"{fn_name}(): Expected input to have non-zero size for non-batch dimensions, but "
                               f"input has sizes {list(input.shape)} with dimension {i} being empty")
    if input.dtype.is_floating_point is False:
        raise NotImplementedError(f"\"{fn_name}\" not implemented for '{_c_name(input)}'")
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    return input, False


def _c_name(t):
    return {"int64": "Long", "int32": "Int", "bool": "Bool"}.get(t.dtype.name, t.dtype.name)


def _adaptive_avg(input, output_size, n, fn_name):
    _check_output_size_rank(input, output_size)
    x, squeeze = _adaptive_input(input, n, fn_name)
    size = _adaptive_size(x, output_size, n, fn_name)
    out = AdaptiveAvgPool.apply(x, size) if min(size) > 0 else _empty_pool(x, size)
    return out.squeeze(0) if squeeze else out


def adaptive_avg_pool2d(input, output_size):
    """Mean over PyTorch's adaptive windows, giving ``output_size`` (None keeps that input size)."""
    return _adaptive_avg(input, output_size, 2, "adaptive_avg_pool2d")


def adaptive_avg_pool3d(input, output_size):
    """Mean over PyTorch's adaptive windows of (N, C, D, H, W) input, giving ``output_size`` (None keeps a size)."""
    return _adaptive_avg(input, output_size, 3, "adaptive_avg_pool3d")


def _adaptive_max(input, output_size, return_indices, n, fn_name):
    _check_output_size_rank(input, output_size)
    x, squeeze = _adaptive_input(input, n, fn_name)
    size = _adaptive_size(x, output_size, n, fn_name)
    if min(size) == 0:
        out = _empty_pool(x, size)
        index = _empty_pool(x.detach(), size).long()
        if squeeze:
            out, index = out.squeeze(0), index.squeeze(0)
        return (out, index) if return_indices else out
    out = AdaptiveMaxPool.apply(x, size)
    if return_indices:
        xp = x._device._get_backend().xp
        index = out.grad_fn.index if out.grad_fn is not None else K.adaptive_max_pool(xp, x.detach()._data, size)[1]
        index = _wrap_like(index, x)
        return (out.squeeze(0), index.squeeze(0)) if squeeze else (out, index)
    return out.squeeze(0) if squeeze else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Maximum over PyTorch's adaptive windows; with ``return_indices`` also their flat input indices."""
    return _adaptive_max(input, output_size, return_indices, 2, "adaptive_max_pool2d")


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Maximum over PyTorch's adaptive windows of (N, C, D, H, W) input; with ``return_indices`` also their
    flat (row-major) input indices."""
    return _adaptive_max(input, output_size, return_indices, 3, "adaptive_max_pool3d")


# ---------------------------------------------------------------------- 1-D forms (a 2-D pool of height 1)
def _one(v):
    return v[0] if isinstance(v, (tuple, list)) else v


def _check_1d(input, fn_name):
    if input.ndim not in (2, 3):
        raise RuntimeError(f"{fn_name}() Expected 2D or 3D input tensor, but got {list(input.shape)}")


def _check_1d_output_size(output_size, fn_name):
    if output_size is None or (isinstance(output_size, (tuple, list)) and None in output_size):
        found = "not NoneType" if output_size is None else "but found element of type NoneType at pos 0"
        raise TypeError(f"{fn_name}(): argument 'output_size' (position 2) must be tuple of ints, {found}")
    if isinstance(output_size, (tuple, list)) and len(output_size) != 1:
        raise RuntimeError(f"{fn_name}() argument 'output_size' should contain one int (got {len(output_size)})")


def _check_1d_window(fn_name, **sizes):
    """PyTorch's errors for a 1-D pool's window argument given as a tuple of other than one int (an empty
    stride is the default)."""
    for name, value in sizes.items():
        if isinstance(value, (tuple, list)) and (len(value) > 1 or not value and name != "stride"):
            if fn_name == "avg_pool1d":
                raise RuntimeError(f"avg_pool1d() argument '{name}' should contain one int (got {len(value)})")
            also = "None, " if name == "stride" else ""
            comma = "," if name in ("stride", "padding") else ""
            raise RuntimeError(f"max_pool1d() {name} must be {also}an int, list of ints{comma} or tuple of ints of "
                               f"size 1 but got size {len(value)}")


@public(method=False)
def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """1-D max pooling over (N, C, L) input."""
    _check_1d(input, "max_pool1d")
    _check_1d_window("max_pool1d", kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation)
    if not return_indices and not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"max_pool1d_impl\" not implemented for '{_c_name(input)}'")
    stride = None if stride is None or (isinstance(stride, (tuple, list)) and not stride) else (1, _one(stride))
    out = max_pool2d(input.unsqueeze(-2), (1, _one(kernel_size)), stride, (0, _one(padding)),
                     (1, _one(dilation)), ceil_mode, return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


@public(method=False)
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """1-D average pooling over (N, C, L) input."""
    _check_1d(input, "avg_pool1d")
    _check_1d_window("avg_pool1d", kernel_size=kernel_size, stride=stride, padding=padding)
    if not isinstance(count_include_pad, bool):
        raise TypeError("avg_pool1d(): argument 'count_include_pad' must be bool, not "
                        f"{type(count_include_pad).__name__}")
    stride = None if stride is None or (isinstance(stride, (tuple, list)) and not stride) else (1, _one(stride))
    return avg_pool2d(input.unsqueeze(-2), (1, _one(kernel_size)), stride, (0, _one(padding)), ceil_mode,
                      count_include_pad).squeeze(-2)


@public(method=False)
def adaptive_avg_pool1d(input, output_size):
    """1-D adaptive average pooling over (N, C, L) input."""
    _check_1d(input, "adaptive_avg_pool1d")
    _check_1d_output_size(output_size, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _one(output_size))).squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """1-D adaptive max pooling over (N, C, L) input."""
    _check_1d(input, "adaptive_max_pool1d")
    _check_1d_output_size(output_size, "adaptive_max_pool1d")
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _one(output_size)), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)
