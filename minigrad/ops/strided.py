"""as_strided, as_strided_copy and as_strided_scatter: views through explicit strides, which
address the input's storage, as PyTorch's: output element (i, j, ...) is storage element offset +
i s0 + j s1 + ... (as_strided_scatter the input's own elements, row-major). The gradient sums into
each element what every output position reading it received (a scatter-add through the same
strides), and that scatter's gradient reads through the strides again. Also the storage behind a
tensor (``resized``, ``resize_``'s) and ``copy_of``, the ``*_copy`` op of a view op."""
import math

from .. import backends
from ..autograd.op import Op
from .._errors import check_storage_size, raise_for_allocation
from .._array_layout import _address, root_array
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


def _storage(xp, x):
    """The storage array ``x`` views, as a flat array of ``x``'s dtype, and ``x``'s offset into it
    (in elements): PyTorch's as_strided addresses the storage, not the tensor's own elements."""
    root = root_array(x)
    flat = root.ravel(order="K")  # (a root owns its memory: C or F order, a view either way)
    if flat.dtype != x.dtype:
        flat = flat.view(x.dtype)
    return flat, (_address(x) - _address(root)) // x.itemsize if x.size else 0


def resized(xp, x, shape):
    """``x`` given the shape ``shape`` as PyTorch's ``resize_`` gives a tensor a new one: row-major
    from ``x``'s storage offset, over its storage (sharing it) where that holds enough elements,
    else in new memory holding the storage's elements, then zeros where PyTorch leaves them
    uninitialised."""
    numel = math.prod(shape)
    flat, offset = _storage(xp, x)
    if offset + numel > flat.size:
        check_storage_size(shape, flat.dtype.itemsize)  # (PyTorch's RuntimeError, before NumPy's ValueError)
        try:
            grown = xp.zeros(offset + numel, flat.dtype)
        except (MemoryError, ValueError) as error:
            raise_for_allocation(error)
        grown[:flat.size] = flat
        flat = grown
    return flat[offset:offset + numel].reshape(shape)


def _layout(xp, x):
    """``x``'s (strides, storage offset) in elements, and its storage's length; None where ``x``
    is its whole storage, row-major, so that storage positions are its own flat indices."""
    root = root_array(x)
    if x.flags.c_contiguous and _address(x) == _address(root) and x.nbytes == root.nbytes:
        return None
    flat, offset = _storage(xp, x)
    return tuple(s // x.itemsize for s in x.strides), offset, flat.size


class AsStrided(Op):
    """The elements of x's storage at offset + sum(index * stride), a view of that storage."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    is_view = True

    def view_fn(ctx, out_shape):
        size, stride, offset = ctx.geometry
        return lambda a, m: m.op(AsStrided, a, size, stride, offset)

    @staticmethod
    def forward(ctx, x, size, stride, offset):
        xp = ctx.xp
        ctx.geometry, ctx.in_shape, ctx.layout = (size, stride, offset), x.shape, _layout(xp, x)
        flat = x.reshape(-1) if ctx.layout is None else _storage(xp, x)[0]
        item = flat.itemsize
        return xp.lib.stride_tricks.as_strided(flat[offset:], tuple(size), tuple(s * item for s in stride))

    @staticmethod
    def backward(ctx, m, g):
        if ctx.layout is None:
            return m.op(AsStridedGrad, g, ctx.in_shape, *ctx.geometry)
        in_stride, in_offset, n = ctx.layout
        return m.op(Restride, g, ctx.geometry, (ctx.in_shape, in_stride, in_offset), n, True)


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


class Restride(Op):
    """The gradient of as_strided of a view: ``g`` summed into a zeroed storage of ``n`` elements
    at the positions of geometry ``source`` (size, stride, offset), then read at those of
    ``target``. Read as the input's gradient (``shared``), an element the input holds more than
    once (an expanded input) gets an equal share, as PyTorch splits it; a storage element the
    input does not hold gets none. Its gradient is the same op with the geometries swapped."""

    @staticmethod
    def forward(ctx, g, source, target, n, shared):
        xp = ctx.xp
        ctx.where = (source, target, n)
        scatter_add = backends.for_module(xp).scatter_add
        storage = xp.zeros(n, dtype=g.dtype)
        scatter_add(storage, _positions(xp, *source).reshape(-1), g.reshape(-1))
        ctx.share = None
        if shared:
            read = _positions(xp, *target)
            count = xp.zeros(n, dtype=g.dtype)
            scatter_add(count, read.reshape(-1), xp.ones(read.size, dtype=g.dtype))
            if read.size and count.max() > 1:
                ctx.share = 1 / count[read]
                return storage[read] * ctx.share
        return storage[_positions(xp, *target)]

    @staticmethod
    def backward(ctx, m, gg):
        source, target, n = ctx.where
        if ctx.share is not None:
            gg = gg * m.const(ctx.share, gg)
        return m.op(Restride, gg, target, source, n, False)


def copy_of(view_op, torch_name, doc):
    """The op giving ``view_op``'s elements in a new tensor of their own (one node, named
    ``torch_name``, as PyTorch's ``*_copy`` ops): the view's forward, then a copy."""
    def forward(ctx, *args):
        return view_op.forward(ctx, *args).copy()
    return type(view_op.op_name + "Copy", (view_op,), {"__doc__": doc, "is_view": False, "torch_name": torch_name,
                                                        "forward": staticmethod(forward),
                                                        "supports_complex": view_op.__dict__.get("supports_complex", False)})


AsStridedCopy = copy_of(AsStrided, "AsStridedBackward0_copy", "as_strided's elements in a new tensor of their own.")


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


def _geometry(name, input, size, stride, storage_offset, in_storage=True):
    """(size, stride, offset) checked as PyTorch checks them against input's storage (its own
    elements, row-major, where not ``in_storage``); the offset defaults to input's own."""
    expect_tensor(name, input)
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if storage_offset is None:
        storage_offset = input.storage_offset() if in_storage else 0
    offset = int(storage_offset)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    available = _storage(input._device._get_backend().xp, input._data)[0].size if in_storage else input.numel()
    _check_geometry(size, stride, offset, available, input._data.itemsize)
    return size, stride, offset


def _check_geometry(size, stride, offset, available, item):
    """PyTorch's errors for a view of ``size`` and ``stride`` from ``offset`` in a storage of
    ``available`` elements of ``item`` bytes."""
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: {list(stride)}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {list(size)}")
    needed = 0 if 0 in size else offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1
    if needed > available:
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
                           f"itemsize {item} requiring a storage size of {needed * item} are out of bounds for "
                           f"storage of size {available * item}")


@public
def as_strided(input, size, stride, storage_offset=None):
    """The view of ``input``'s storage with the given size and strides (in elements) from
    ``storage_offset`` (by default ``input``'s own), as PyTorch's: a view of a larger tensor reaches
    the elements around it; positions may overlap. An input's element read at several positions
    gets their gradients summed; storage outside the input gets none."""
    return AsStrided.apply(input, *_geometry("as_strided", input, size, stride, storage_offset))


@public("as_strided_copy", method=False)
def as_strided_copy(input, size, stride, storage_offset=None):
    """as_strided's elements as a new tensor (no view)."""
    return AsStridedCopy.apply(input, *_geometry("as_strided_copy", input, size, stride, storage_offset))


@public
def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """A copy of ``input`` with ``src`` written at the positions as_strided(size, stride, storage_offset)
    would view."""
    geometry = _geometry("as_strided_scatter", input, size, stride, storage_offset, in_storage=False)
    expect_tensor("as_strided_scatter", src, "src", 2)
    if tuple(src.shape) != geometry[0]:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
                           f"slice size = {list(geometry[0])}")
    return AsStridedScatter.apply(input, src.to(input.dtype), *geometry)
