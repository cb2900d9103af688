"""Max pooling: max_pool1d/2d/3d and adaptive_max_pool1d/2d/3d.

Max pooling's gradient is linear in the upstream gradient for fixed winners: a scatter to the
winning positions (``MaxPoolScatter``, ``IndexScatter``), whose own gradient is a gather from them
(``IndexGather``), and the other way round; so it differentiates again under ``create_graph=True``.
The array work is in ``minigrad.kernels.pool``, for 2 or 3 spatial dims.
"""
from .. import backends
from ..autograd.op import Op
from ..kernels import pool as K
from ..tensor import wrap
from .layout import follow_channels_last
from .one_node import unbatched
from ._api import public
from .pool import (_adaptive_input, _adaptive_size, _batched, _c_name, _check_1d, _check_1d_output_size,
                   _check_1d_window, _check_adaptive_nonempty, _check_output_size_rank, _empty_pool, _expect_flag,
                   _one, _pool_geometry)


class MaxPool(Op):
    """Window maxima; remembers which tap won in each window."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
    input_gradient_node = True

    def name(self):
        return f"MaxPool{len(self.in_size)}DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, params):
        out, ctx.tap = K.max_pool(ctx.xp, x, *params)
        ctx.in_size = x.shape[2:]
        ctx.params = params
        return follow_channels_last(x, out)

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

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
    input_gradient_node = True

    def name(self):
        return f"AdaptiveMaxPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, out_size):
        out, ctx.index = K.adaptive_max_pool(ctx.xp, x, out_size)
        ctx.in_size = x.shape[2:]
        return follow_channels_last(x, out, (4,))

    @staticmethod
    def backward(ctx, m, g):
        return m.op(IndexScatter, g, ctx.index, ctx.in_size)


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, n, fn_name):
    _expect_flag(f"{fn_name}_with_indices" if return_indices else fn_name, "ceil_mode", ceil_mode, 6)
    x, squeeze = _batched(input, n, fn_name)
    kernel, stride, padding, dilation = _pool_geometry(x, input.shape, kernel_size, stride, padding, dilation, ceil_mode,
                                                       fn_name)
    if x.dtype.name == "bool":  # (PyTorch's kernels take every number dtype but bool)
        raise NotImplementedError(f"\"{fn_name}\" not implemented for 'Bool'")
    params = (kernel, stride, padding, dilation, bool(ceil_mode))
    out = MaxPool.apply(x, params)
    if return_indices:
        xp = x._device._get_backend().xp
        tap = K.max_pool(xp, x.detach()._data, *params)[1] if out.grad_fn is None else out.grad_fn.tap
        index = _wrap_like(K.tap_to_index(xp, tap, x.shape[2:], kernel, stride, padding, dilation), x)
        if squeeze:  # (row-major, as unbatched's)
            return out.squeeze(0).contiguous(), index.squeeze(0).contiguous()
        return out, index
    return unbatched(input, lambda t: MaxPool.apply(t, params)) if squeeze else out


@public(method=False)
def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Maximum over each (dilated) window; with ``return_indices`` also the flat input index of each maximum."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2, "max_pool2d")


@public(method=False)
def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Maximum over each (dilated) window of (N, C, D, H, W) input; with ``return_indices`` also the flat
    (row-major) input index of each maximum."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3, "max_pool3d")


def _wrap_like(array, like, ranks=(4, 5)):
    """Indices ``array`` of a pooling of ``like`` as a tensor, laid out as PyTorch's (as the values)."""
    array = like._device._get_backend().xp.ascontiguousarray(array)
    return wrap(follow_channels_last(like._data, array, ranks), like._device)


def _adaptive_max(input, output_size, return_indices, n, fn_name):
    output_size = _check_output_size_rank(input, output_size, fn_name)
    x, squeeze = _adaptive_input(input, n, fn_name)
    size = _adaptive_size(x, output_size, n, fn_name, squeeze)
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
        index = _wrap_like(index, x, (4,))
        if squeeze:  # (row-major, as unbatched's)
            return out.squeeze(0).contiguous(), index.squeeze(0).contiguous()
        return out, index
    return unbatched(input, lambda t: AdaptiveMaxPool.apply(t, size)) if squeeze else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Maximum over PyTorch's adaptive windows; with ``return_indices`` also their flat input indices."""
    return _adaptive_max(input, output_size, return_indices, 2, "adaptive_max_pool2d")


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Maximum over PyTorch's adaptive windows of (N, C, D, H, W) input; with ``return_indices`` also their
    flat (row-major) input indices."""
    return _adaptive_max(input, output_size, return_indices, 3, "adaptive_max_pool3d")


@public(method=False)
def _check_max_pool1d(length, kernel, stride, padding, dilation, ceil_mode):
    """PyTorch's checks of its 1-D max pooling kernel (without indices), in its order and words."""
    stride = kernel if stride is None else stride
    for name, value, fine, want in (("kernel_size", kernel, kernel > 0, "be greater than zero"),
                                    ("stride", stride, stride > 0, "be greater than zero"),
                                    ("padding", padding, padding >= 0, "be non-negative")):
        if not fine:
            raise RuntimeError(f"max_pool1d() {name} must {want}, but got {value}")
    if padding > kernel // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={padding} "
                           f"and kernel_size={kernel}")
    if dilation <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {dilation}")
    size = K.pool_output_size(length, kernel, stride, padding, dilation, ceil_mode)
    if size < 1:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {size}")


def _check_max_pool1d_input(input):
    """PyTorch's check of its 1-D max pooling kernel's input (without indices): its rank, then no empty dim
    but the batch."""
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(input.shape)}")


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """1-D max pooling over (N, C, L) input."""
    _expect_flag("max_pool1d_with_indices" if return_indices else "max_pool1d", "ceil_mode", ceil_mode, 6)
    if return_indices:  # (the 2-D kernel's form, whose checks run in the 2-D pool)
        _check_1d(input, "max_pool1d")
    else:
        _check_max_pool1d_input(input)
    _check_1d_window("max_pool1d", return_indices, kernel_size=kernel_size, stride=stride, padding=padding,
                     dilation=dilation)
    if not return_indices and not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"max_pool1d_impl\" not implemented for '{_c_name(input)}'")
    stride = None if stride is None or (isinstance(stride, (tuple, list)) and not stride) else (1, _one(stride))
    if not return_indices:  # (PyTorch's own 1-D kernel, with its own words; the other form is 2-D)
        _check_max_pool1d(input.shape[-1], _one(kernel_size), None if stride is None else stride[1], _one(padding),
                          _one(dilation), ceil_mode)
    out = max_pool2d(input.unsqueeze(-2), (1, _one(kernel_size)), stride, (0, _one(padding)),
                     (1, _one(dilation)), ceil_mode, return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """1-D adaptive max pooling over (N, C, L) input."""
    _check_1d(input, "adaptive_max_pool1d")
    _check_1d_output_size(output_size, "adaptive_max_pool1d")
    _check_adaptive_nonempty(input, "adaptive_max_pool1d", 1)  # (in its own words, before the 2-D form's)
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _one(output_size)), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)
