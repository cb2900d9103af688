"""Average pooling: avg_pool1d/2d/3d and adaptive_avg_pool1d/2d/3d.

Average pooling is linear: its op and its adjoint (``AvgPoolBackward``) are each other's gradient,
so it differentiates again under ``create_graph=True``. The array work is in
``minigrad.kernels.pool``, for 2 or 3 spatial dims.
"""
from ..autograd.op import Op
from ..kernels import pool as K
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from .layout import follow_channels_last
from .one_node import unbatched
from ._api import public
from .pool import (_adaptive_input, _adaptive_size, _batched, _check_1d, _check_1d_output_size, _check_1d_window,
                   _check_output_size_rank, _empty_pool, _expect_flag, _is_int, _one, _pool_geometry, _type_name)


class AvgPool(Op):
    """Window averages (linear); the gradient is AvgPoolBackward."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
    input_gradient_node = True

    def name(self):
        return f"AvgPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, params):
        ctx.in_size = x.shape[2:]
        ctx.params = params
        return follow_channels_last(x, K.avg_pool(ctx.xp, x, *params), (4,))

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

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
    input_gradient_node = True

    def name(self):
        return f"AdaptiveAvgPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, out_size):
        ctx.in_size = x.shape[2:]
        return follow_channels_last(x, K.adaptive_avg_pool(ctx.xp, x, out_size), (4,))

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


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, n, fn_name):
    _expect_flag(fn_name, "ceil_mode", ceil_mode)
    _expect_flag(fn_name, "count_include_pad", count_include_pad)
    if divisor_override is not None and not _is_int(divisor_override):
        raise TypeError(f"{fn_name}(): argument 'divisor_override' must be int, not {_type_name(divisor_override)}")
    if n == 2 and isinstance(input, Tensor) and input.ndim < 3:  # (PyTorch's 2-D form reads dim -3 first)
        _wrap_dim(-3, input.ndim)
    x, squeeze = _batched(input, n, fn_name)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")

    def before_size(kernel, stride, padding):
        if n == 3 and any(s < k for s, k in zip(x.shape[2:], kernel)):  # (PyTorch's 3-D kernel ignores the padding)
            d, h, w = x.shape[2:]
            raise RuntimeError(f"input image (T: {d} H: {h} W: {w}) smaller than kernel size (kT: {kernel[0]} "
                               f"kH: {kernel[1]} kW: {kernel[2]})")
    kernel, stride, padding, _ = _pool_geometry(x, input.shape, kernel_size, stride, padding, 1, ceil_mode, fn_name,
                                                before_size)
    np_dtype = x._data.dtype
    if np_dtype.kind in "biu" and (np_dtype.kind, np_dtype.itemsize) != ("i", 8) or (n == 3 and np_dtype.char == "e"):
        # (PyTorch's kernels take int64 among the integers, and no float16 in 3-D)
        kernel_name = "avg_pool3d_out_frame" if n == 3 else "avg_pool2d"
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{x.dtype._torch_name[:-6]}'")
    params = (kernel, stride, padding, bool(ceil_mode), bool(count_include_pad), divisor_override)
    return unbatched(input, lambda t: AvgPool.apply(t, params)) if squeeze else AvgPool.apply(x, params)


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


def _adaptive_avg(input, output_size, n, fn_name):
    output_size = _check_output_size_rank(input, output_size, fn_name)
    x, squeeze = _adaptive_input(input, n, fn_name)
    size = _adaptive_size(x, output_size, n, fn_name)
    if all(s == 1 for s in size) and x.numel():  # PyTorch: the mean over the spatial dims (MeanBackward1)
        return input.mean(tuple(range(-n, 0)), keepdim=True)
    if squeeze and min(size) > 0:
        return unbatched(input, lambda t: AdaptiveAvgPool.apply(t, size))
    out = AdaptiveAvgPool.apply(x, size) if min(size) > 0 else _empty_pool(x, size)
    return out.squeeze(0) if squeeze else out


def adaptive_avg_pool2d(input, output_size):
    """Mean over PyTorch's adaptive windows, giving ``output_size`` (None keeps that input size)."""
    return _adaptive_avg(input, output_size, 2, "adaptive_avg_pool2d")


def adaptive_avg_pool3d(input, output_size):
    """Mean over PyTorch's adaptive windows of (N, C, D, H, W) input, giving ``output_size`` (None keeps a size)."""
    return _adaptive_avg(input, output_size, 3, "adaptive_avg_pool3d")


@public(method=False)
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """1-D average pooling over (N, C, L) input."""
    _check_1d(input, "avg_pool1d")
    _check_1d_window("avg_pool1d", True, kernel_size=kernel_size, stride=stride, padding=padding)
    _expect_flag("avg_pool1d", "ceil_mode", ceil_mode)
    _expect_flag("avg_pool1d", "count_include_pad", count_include_pad)
    stride = None if stride is None or (isinstance(stride, (tuple, list)) and not stride) else (1, _one(stride))
    return avg_pool2d(input.unsqueeze(-2), (1, _one(kernel_size)), stride, (0, _one(padding)), ceil_mode,
                      count_include_pad).squeeze(-2)


@public(method=False)
def adaptive_avg_pool1d(input, output_size):
    """1-D adaptive average pooling over (N, C, L) input."""
    _check_1d(input, "adaptive_avg_pool1d")
    _check_1d_output_size(output_size, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _one(output_size))).squeeze(-2)
