"""Views of a tensor's elements through explicit strides: diagonal (and diag), Tensor.unfold,
as_strided, as_strided_copy and as_strided_scatter. as_strided addresses the input's storage, as
PyTorch's: output element (i, j, ...) is storage element offset + i s0 + j s1 + ... (as_strided_scatter
the input's own elements, row-major). The gradient sums into each element what every output position
reading it received (a scatter-add through the same strides), and that scatter's gradient reads
through the strides again."""
import math

from .. import backends
from ..autograd import grad_mode
from ..autograd.grad_mode import check_update
from ..autograd.op import Op
from .._errors import check_storage_size, raise_for_allocation
from .._tensor_metadata import _address, root_array
from ..tensor import Tensor, _wrap_dim
from ._api import public, method
from ._util import expect_int, expect_tensor
from .inplace import LEAF_ERROR
from .shape import reshape


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


# ---------------------------------------------------------------------- set_
#: PyTorch's C++ names of the dtypes, which its set_ errors use
_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
            "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


class SetStorage(Op):
    """The node of a tensor that ``set_`` gave other memory while a gradient flows through it or
    its source: PyTorch has no derivative for ``set_``, so backward through it raises."""

    torch_name = "torch::autograd::NotImplemented"

    @staticmethod
    def forward(ctx, x, *source):
        return x.view()

    @staticmethod
    def backward(ctx, m, g):
        raise RuntimeError("derivative for set_ is not implemented")


def _storage_elements(self, source):
    """``source``'s storage as a flat array of ``self``'s dtype (a Tensor's or a storage of that
    dtype; an untyped storage's bytes read as that dtype), with PyTorch's errors for another dtype."""
    from ..storage import TypedStorage, UntypedStorage  # (storage.py imports the ops)
    dtype = self._data.dtype
    if isinstance(source, Tensor):
        if source._data.dtype != dtype:
            raise RuntimeError(f"Could not set tensor of type {_C_NAMES[source.dtype.name]} to a tensor of type "
                               f"{_C_NAMES[self.dtype.name]}")
        return _storage(source._device._get_backend().xp, source._data)[0]
    if isinstance(source, TypedStorage):
        if source.dtype is not self.dtype:
            raise RuntimeError(f"Expected a Storage of type {_C_NAMES[self.dtype.name]} or an UntypedStorage, but got "
                               f"type {source.dtype._torch_name[:-6]} for argument 1 'storage'")
        return source._elements.ravel(order="K")
    if isinstance(source, UntypedStorage):
        raw = source._bytes.ravel(order="K")
        return raw[:raw.size - raw.size % dtype.itemsize].view(dtype)
    raise TypeError(f"set_() received an invalid combination of arguments - got ({type(source).__name__}), but "
                    "expected a Tensor or a Storage")


def set_(self, source=None, storage_offset=None, size=None, stride=None):
    """Make this tensor view other memory, in place: nothing (``set_()``: no elements), ``source``'s
    (a Tensor: its storage, offset, shape and strides; a storage: all of it, 1-D), or ``size`` and
    ``stride`` (row-major by default) from ``storage_offset`` in ``source``'s storage. Writes then
    show through both. Refused for a leaf that requires grad; backward through the result raises,
    as PyTorch has no derivative for it. Returns self."""
    check_update(self)
    grad = grad_mode.state.enabled and (self._rg or isinstance(source, Tensor) and source._rg)
    if grad and self._rg and self._node is None:
        raise RuntimeError(LEAF_ERROR)
    if storage_offset is None and (size is not None or stride is not None) or (
            storage_offset is not None and size is None):
        raise TypeError("set_() received an invalid combination of arguments: storage_offset and size go together")
    xp = self._device._get_backend().xp
    if source is None:
        data = xp.empty((0,), self._data.dtype)
    else:
        flat = _storage_elements(self, source)
        if storage_offset is None:
            data = source._data if isinstance(source, Tensor) else flat
        else:
            size = tuple(expect_int("set_", n, "size", 3) for n in size)
            stride = contiguous_strides(size) if stride is None else tuple(expect_int("set_", n, "stride", 4)
                                                                           for n in stride)
            offset = expect_int("set_", storage_offset, "storage_offset", 2)
            if isinstance(source, Tensor):  # (the offset counts from the source's first element)
                if not source._data.flags.c_contiguous:
                    raise RuntimeError("passed in tensor to be used as storage must be contiguous")
                offset += source.storage_offset()
            if len(size) != len(stride):
                raise RuntimeError(f"unequal size length ({len(size)}) and stride length ({len(stride)})")
            if any(n < 0 for n in stride):
                raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                                   f"strides={list(stride)}")
            _check_geometry(size, stride, offset, flat.size, flat.itemsize)
            data = xp.lib.stride_tricks.as_strided(flat[offset:], size, tuple(n * flat.itemsize for n in stride))
    if grad:
        sources = (source,) if isinstance(source, Tensor) and source._rg else ()
        self._node = SetStorage.apply(self, *sources)._node
        self._rg = True
    self._data = data
    self._view = None  # (no longer a view of what it viewed)
    self._version_counter[0] += 1
    return self


def contiguous_strides(size):
    """Row-major strides (in elements) of ``size``."""
    strides, step = [], 1
    for n in reversed(size):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


method("set_", set_)


# ---------------------------------------------------------------------- diagonals
def diagonal_view(xp, x, offset, d1, d2):
    """The ``offset``-th diagonal of array ``x`` over dims ``d1``, ``d2`` (moved to the end, one last
    dim): a strided view whose writes reach ``x``, as PyTorch's diagonal."""
    y = xp.moveaxis(x, (d1, d2), (-2, -1))
    r0, c0 = max(-offset, 0), max(offset, 0)
    n = max(min(y.shape[-2] - r0, y.shape[-1] - c0), 0)
    corner = y[..., r0:r0 + n, c0:c0 + n]
    return xp.lib.stride_tricks.as_strided(corner, corner.shape[:-2] + (n,),
                                           corner.strides[:-2] + (corner.strides[-2] + corner.strides[-1],))


class Diagonal(Op):
    """The elements x[..., i, i + offset] over two dims, a view; the gradient is ``g`` on that
    diagonal of zeros (DiagonalGrad, whose gradient is this op again)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    is_view = True
    torch_name = "DiagonalBackward0"
    supports_complex = True

    def view_fn(ctx, out_shape):
        return lambda a, m: m.op(Diagonal, a, *ctx.where)

    @staticmethod
    def forward(ctx, x, offset, d1, d2):
        ctx.where, ctx.in_shape = (offset, d1, d2), x.shape
        return diagonal_view(ctx.xp, x, offset, d1, d2)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(DiagonalGrad, g, ctx.in_shape, *ctx.where)


DiagonalCopy = copy_of(Diagonal, "DiagonalBackward0_copy", "``diag`` of a matrix: the diagonal as a new tensor.")


class DiagonalGrad(Op):
    """Zeros of ``in_shape`` with ``g`` on the diagonal: the adjoint of Diagonal."""

    supports_complex = True

    @staticmethod
    def forward(ctx, g, in_shape, offset, d1, d2):
        ctx.where = (offset, d1, d2)
        out = ctx.xp.zeros(in_shape, g.dtype)
        diagonal_view(ctx.xp, out, offset, d1, d2)[...] = g
        return out

    @staticmethod
    def backward(ctx, m, h):
        return m.op(Diagonal, h, *ctx.where)


def diagonal_index(name, input, offset, dim1, dim2):
    """The dims ``d1, d2`` of a diagonal (checked, wrapped) and the row and column index arrays of
    its elements once those dims are moved to the end (diagonal_scatter's)."""
    d1, d2 = _diagonal_dims(name, input, dim1, dim2)
    rows, cols = input._data.shape[d1], input._data.shape[d2]
    start_r, start_c = max(-offset, 0), max(offset, 0)
    length = max(min(rows - start_r, cols - start_c), 0)
    xp = input._device._get_backend().xp
    return d1, d2, xp.arange(length) + start_r, xp.arange(length) + start_c


def _diagonal_dims(name, input, dim1, dim2):
    expect_tensor(name, input)
    nd = input._data.ndim
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


@public
def diagonal(input, offset=0, dim1=0, dim2=1):
    """The elements ``input[..., i, i + offset]`` over the dims ``dim1`` and ``dim2`` (moved to
    the end: they become one last dim), a view: writing into it writes into ``input``."""
    d1, d2 = _diagonal_dims("diagonal", input, dim1, dim2)
    return Diagonal.apply(input, expect_int("diagonal", offset, "offset", 2), d1, d2)


# ---------------------------------------------------------------------- windows
def window_view(xp, x, d, size, step):
    """Every window of ``size`` elements ``step`` apart along dim ``d`` of array ``x``, as a new
    last dim: a strided view whose writes reach ``x`` (PyTorch's Tensor.unfold)."""
    count = (x.shape[d] - size) // step + 1
    shape = x.shape[:d] + (count,) + x.shape[d + 1:] + (size,)
    strides = x.strides[:d] + (x.strides[d] * step,) + x.strides[d + 1:] + (x.strides[d],)
    return xp.lib.stride_tricks.as_strided(x, shape, strides)


class Unfold(Op):
    """The windows of x along a dim (a view); the gradient adds each window's gradient back at
    the elements it read (UnfoldGrad, whose gradient is this op again)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)
    is_view = True
    torch_name = "UnfoldBackward0"

    def view_fn(ctx, out_shape):
        return lambda a, m: m.op(Unfold, a, *ctx.where)

    @staticmethod
    def forward(ctx, x, d, size, step):
        ctx.where, ctx.in_shape = (d, size, step), x.shape
        return window_view(ctx.xp, x, d, size, step)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(UnfoldGrad, g, ctx.in_shape, *ctx.where)


class UnfoldGrad(Op):
    """Zeros of ``in_shape`` with each window of ``g`` added where it was read: Unfold's adjoint."""

    torch_name = "UnfoldBackwardBackward0"

    @staticmethod
    def forward(ctx, g, in_shape, d, size, step):
        ctx.where = (d, size, step)
        out = ctx.xp.zeros(in_shape, g.dtype)
        count = g.shape[d]
        lead = (slice(None),) * d
        for k in range(size):  # the k-th element of every window: distinct elements, one slice
            out[lead + (slice(k, k + (count - 1) * step + 1, step),)] += g[..., k]
        return out

    @staticmethod
    def backward(ctx, m, h):
        return m.op(Unfold, h, *ctx.where)


def unfold(self, dimension, size, step):
    """Every window of ``size`` elements taken ``step`` apart along ``dimension``, as a new last
    dimension (Tensor.unfold: image patches with ``x.unfold(2, p, p).unfold(3, p, p)``): a view,
    as PyTorch's; the gradient adds up overlapping windows."""
    expect_tensor("unfold", self)
    size, step = expect_int("unfold", size, "size", 2), expect_int("unfold", step, "step", 3)
    ndim = self._data.ndim
    d = _wrap_dim(dimension, max(ndim, 1))
    length = self._data.shape[d] if ndim else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if ndim == 0:
        return reshape(self, (1,))[:size]
    return Unfold.apply(self, d, size, step)


method("unfold", unfold)
