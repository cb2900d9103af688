"""Views of a tensor's elements through explicit strides: as_strided, as_strided_copy and
as_strided_scatter. The elements are addressed in row-major order from ``storage_offset`` (the storage
of a contiguous tensor, as PyTorch's): output element (i, j, ...) is element offset + i s0 + j s1 + ...
The gradient sums into each element what every output position reading it received (a scatter-add
through the same strides), and that scatter's gradient reads through the strides again."""
import math

from .. import backends
from ..autograd.node import Op
from ._api import public
from ._util import expect_tensor


def _positions(xp, size, stride, offset):
    """The flat element index of every output position."""
    pos = xp.full(tuple(size), offset, dtype="int64")
    for k, (n, s) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[k] = n
        pos = pos + (xp.arange(n, dtype="int64") * s).reshape(shape)
    return pos


class AsStrided(Op):
    """The elements of x at offset + sum(index * stride), a view of x's memory when x is contiguous."""

    is_view = True

    def view_fn(ctx, out_shape):
        size, stride, offset = ctx.geometry
        return lambda a, m: m.op(AsStrided, a, size, stride, offset)

    @staticmethod
    def forward(ctx, x, size, stride, offset):
        xp = ctx.xp
        ctx.geometry, ctx.in_shape = (size, stride, offset), x.shape
        flat = xp.ascontiguousarray(x).reshape(-1)
        if not (x.flags.c_contiguous or x.size == 0):
            ctx.is_view = False  # (a copy of a non-contiguous input: no longer its memory)
        item = flat.itemsize
        return xp.lib.stride_tricks.as_strided(flat[offset:], tuple(size), tuple(s * item for s in stride))

    @staticmethod
    def backward(ctx, m, g):
        return m.op(AsStridedGrad, g, ctx.in_shape, *ctx.geometry)


class AsStridedGrad(Op):
    """AsStrided's gradient: g summed into zeros shaped like the input at each position it was read from."""

    @staticmethod
    def forward(ctx, g, in_shape, size, stride, offset):
        xp = ctx.xp
        ctx.geometry = (size, stride, offset)
        out = xp.zeros(math.prod(in_shape), dtype=g.dtype)
        backends.for_module(xp).scatter_add(out, _positions(xp, size, stride, offset).reshape(-1), g.reshape(-1))
        return out.reshape(in_shape)

    @staticmethod
    def backward(ctx, m, gg):
        return m.op(AsStridedCopy, gg, *ctx.geometry)


class AsStridedCopy(AsStrided):
    """as_strided's elements in a new tensor of their own."""

    is_view = False
    torch_name = "AsStridedBackward0_copy"

    @staticmethod
    def forward(ctx, x, size, stride, offset):
        return AsStrided.forward(ctx, x, size, stride, offset).copy()


class AsStridedScatter(Op):
    """A copy of x with src written at the strided positions; x's gradient is g with those positions
    zeroed, src's is g read through the strides."""

    torch_name = "AsStridedScatterBackward0"

    @staticmethod
    def forward(ctx, x, src, size, stride, offset):
        xp = ctx.xp
        ctx.geometry = (size, stride, offset)
        pos = _positions(xp, size, stride, offset).reshape(-1)
        out = x.copy().reshape(-1)
        out[pos] = src.reshape(-1)
        ctx.keep = xp.ones(out.shape, dtype=bool)
        ctx.keep[pos] = False
        ctx.keep = ctx.keep.reshape(x.shape)
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, m, g):
        nx, ns = ctx.needs_input_grad[:2]
        gx = g * m.const(ctx.keep.astype(g.dtype), g) if nx else None
        return gx, (m.op(AsStridedCopy, g, *ctx.geometry) if ns else None)


def _geometry(name, input, size, stride, storage_offset):
    """(size, stride, offset) checked as PyTorch checks them against input's elements."""
    expect_tensor(name, input)
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    offset = 0 if storage_offset is None else int(storage_offset)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: {list(stride)}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {list(size)}")
    item = input._data.itemsize
    needed = 0 if 0 in size else offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1
    if needed > input.numel():
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
                           f"itemsize {item} requiring a storage size of {needed * item} are out of bounds for "
                           f"storage of size {input.numel() * item}")
    return size, stride, offset


@public
def as_strided(input, size, stride, storage_offset=None):
    """The view of ``input``'s elements (row-major, from ``storage_offset``) with the given size and
    strides (in elements); positions may overlap."""
    return AsStrided.apply(input, *_geometry("as_strided", input, size, stride, storage_offset))


@public("as_strided_copy", method=False)
def as_strided_copy(input, size, stride, storage_offset=None):
    """as_strided's elements as a new tensor (no view)."""
    return AsStridedCopy.apply(input, *_geometry("as_strided_copy", input, size, stride, storage_offset))


@public
def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """A copy of ``input`` with ``src`` written at the positions as_strided(size, stride, storage_offset)
    would view."""
    geometry = _geometry("as_strided_scatter", input, size, stride, storage_offset)
    expect_tensor("as_strided_scatter", src, "src", 2)
    if tuple(src.shape) != geometry[0]:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
                           f"slice size = {list(geometry[0])}")
    return AsStridedScatter.apply(input, src.to(input.dtype), *geometry)
