"""Ops that join, split, repeat or rearrange elements: cat/stack, split/chunk/unbind,
narrow/select, repeat/tile, flip, tril/triu, meshgrid."""
import builtins as _b

from .. import dtypes as _dt
from ..autograd.function import OutputPart
from ..autograd.grad_mode import state as _grad_state
from ..autograd.namespace import provide
from ..autograd.node import Op, _new, edge_of
from ..autograd.views import compose, register_view
from ..tensor import Tensor, _wrap_dim
from ._api import public
from ._util import expect_tensor, expect_int
from .index import getitem, _as_view_index, _index_view_fn
from .shape import sizes_arg, reshape, expand


class Cat(Op):
    """Concatenation along ``dim``; each input's gradient is its slice of ``g``."""

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        # 1-D empty tensors are skipped, as in PyTorch (their gradient is empty too)
        ctx.sizes = [None if a.ndim == 1 and a.shape[0] == 0 else a.shape[dim] for a in arrays]
        kept = [a for a, s in zip(arrays, ctx.sizes) if s is not None]
        return ctx.xp.concatenate(kept, axis=dim) if kept else ctx.xp.concatenate(arrays)

    @staticmethod
    def backward(ctx, m, g):
        out = [None]
        start = 0
        for size, need in zip(ctx.sizes, ctx.needs_input_grad[1:]):
            if size is None:
                out.append(m.zeros_like(g.reshape(-1)[:0]) if need else None)
                continue
            out.append(g[(slice(None),) * ctx.dim + (slice(start, start + size),)] if need else None)
            start += size
        return tuple(out)


def _expect_tensors(tensors, position):
    """PyTorch's TypeError for a sequence argument holding something that is not a Tensor."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            kind = type(t)
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
            raise TypeError(f"expected Tensor as element {i} in argument {position}, but got {name}")


def _tensor_list(tensors, fn):
    """``tensors`` as a list; a single Tensor is PyTorch's TypeError (it is not a sequence of them)."""
    if isinstance(tensors, Tensor):
        raise TypeError(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    return list(tensors)


@public("cat", "concat", "concatenate", method=False)
def cat(tensors, dim=0):
    """Concatenate along an existing dim (1-D empty tensors are skipped, as in PyTorch)."""
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    if not all(isinstance(t, Tensor) for t in tensors):
        _expect_tensors(tensors, 0)
    try:
        rt = tensors[0].dtype
        for t in tensors[1:]:
            rt = _dt.promote_types(rt, t.dtype)
    except AttributeError:
        _expect_tensors(tensors, 0)
        raise
    tensors = [t if t.dtype is rt else t.to(rt) for t in tensors]
    parts = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)]
    if not parts:
        return Cat.apply(0, *tensors)
    ref = parts[0]
    if ref._data.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _wrap_dim(dim, ref._data.ndim)
    for i, t in enumerate(parts):
        if t._data.ndim != ref._data.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref._data.ndim} and {t._data.ndim}")
        for k in range(ref._data.ndim):
            if k != d and t._data.shape[k] != ref._data.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size "
                                   f"{ref._data.shape[k]} but got size {t._data.shape[k]} for tensor number {i} in the list.")
    return Cat.apply(d, *tensors)


class Stack(Op):
    """Tensors of one shape joined along a new ``dim``; each input's gradient is its slice of ``g``."""

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        return ctx.xp.stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, m, g):
        lead = (slice(None),) * ctx.dim
        return (None,) + tuple(g[lead + (i, Ellipsis)] if need else None  # (Ellipsis: 0-d arrays, not scalars)
                               for i, need in enumerate(ctx.needs_input_grad[1:]))


@public(method=False)
def stack(tensors, dim=0):
    """Join tensors of equal shape along a new dim."""
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    try:
        shape = tensors[0]._data.shape
        shapes = [t._data.shape for t in tensors]
        rt = tensors[0].dtype
        for t in tensors[1:]:
            rt = _dt.promote_types(rt, t.dtype)
    except AttributeError:
        _expect_tensors(tensors, 0)
        raise
    for i, t in enumerate(tensors):
        if shapes[i] != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got [{', '.join(map(str, shape))}] at "
                               f"entry 0 and [{', '.join(map(str, t._data.shape))}] at entry {i}")
    d = _wrap_dim(dim, len(shape) + 1)
    return Stack.apply(d, *[t if t.dtype is rt else t.to(rt) for t in tensors])


@public(method=False)
def hstack(tensors):
    """Concatenate along dim 1 (dim 0 for 1-D; 0-d tensors count as 1-D)."""
    tensors = _tensor_list(tensors, "hstack")
    _expect_tensors(tensors, 0)
    tensors = [reshape(t, (1,)) if t.ndim == 0 else t for t in tensors]
    if not tensors:
        raise RuntimeError("hstack expects a non-empty TensorList")
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


@public(method=False)
def vstack(tensors):
    """Concatenate along dim 0 (0-d and 1-D tensors become rows)."""
    tensors = _tensor_list(tensors, "vstack")
    _expect_tensors(tensors, 0)
    tensors = [reshape(t, (1, -1)) if t.ndim < 2 else t for t in tensors]
    if not tensors:
        raise RuntimeError("vstack expects a non-empty TensorList")
    return cat(tensors, 0)


@public
def narrow(input, dim, start, length):
    """The slice [start, start+length) along ``dim`` (a view); a negative start counts from the end."""
    expect_tensor("narrow", input)
    if input._data.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, input._data.ndim)
    if isinstance(start, Tensor):
        if start._data.ndim != 0 or start._data.dtype.kind not in "iu":
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start.item())
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    size = input._data.shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return getitem(input, (slice(None),) * d + (slice(start, start + length),))


@public(method=False)
def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the given sizes."""
    expect_tensor("split", tensor, "tensor")
    d = _wrap_dim(dim, tensor._data.ndim)
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size <= 0 and n > 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
        sizes = ([size] * (n // size) + ([n % size] if n % size else [])) if size and n else [0]
        return _pieces(tensor, d, sizes, False, "SplitBackward0")
    sizes = list(split_size_or_sections)
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if _b.sum(sizes) != n:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                           f"dimension {d}), but got split_sizes={sizes}")
    return _pieces(tensor, d, sizes, False, "SplitWithSizesBackward0")


def _split_method(self, split_size, dim=0):
    """``self.split(split_size, dim)``: torch.split as a method (PyTorch names the sizes ``split_size``)."""
    return split(self, split_size, dim)


public("split", function=False)(_split_method)


@public
def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of equal size (the last may be smaller)."""
    expect_tensor("chunk", input)
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if n == 0:
        return _pieces(input, d, [0] * chunks, False, "SplitWithSizesBackward0")
    return split(input, -(-n // chunks), d)


@public
def unbind(input, dim=0):
    """The slices along ``dim``, with that dim removed."""
    expect_tensor("unbind", input)
    d = _wrap_dim(dim, input._data.ndim)
    return _pieces(input, d, [1] * input._data.shape[d], True, "UnbindBackward0")


def _pieces(t, dim, sizes, drop_dim, torch_name):
    """Views of ``t``: consecutive pieces of ``sizes`` along ``dim`` (single slices with that dim
    dropped if ``drop_dim``). When a gradient is needed, they share one ``JoinPieces`` node, as
    PyTorch's split is one node for all its outputs."""
    data = t._data
    lead = (slice(None),) * dim
    indices = []
    start = 0
    for size in sizes:
        indices.append(lead + (start,) if drop_dim else lead + (slice(start, start + size),))
        start += size
    join = None
    if sizes and t._rg and _grad_state.enabled:  # (no pieces: no node)
        join = _new(JoinPieces)
        join.next = (edge_of(t),)
        join.needs_input_grad = (True,)
        join.xp = t._device._get_backend().xp
        join.device = t._device
        join.dim = dim
        join.dtype = data.dtype
        before, after = data.shape[:dim], data.shape[dim + 1:]
        join.piece_shapes = [before + (1 if drop_dim else size,) + after for size in sizes]
        join.torch_name = torch_name
        join.n_outputs = len(sizes)
    parent = t._view
    out = []
    for number, idx in enumerate(indices):
        v = _new(Tensor)
        v._data = data[_as_view_index(idx)]
        v._device = t._device
        v._version = t._version
        fn = _index_view_fn(idx)
        v._view = (t, fn) if parent is None else (parent[0], compose(parent[1], fn))
        if join is None:
            v._node = None
            v._rg = False
        else:
            v._node = OutputPart(join, number)
            v._rg = True
            register_view(v)
        out.append(v)
    return tuple(out)


class JoinPieces(Op):
    """The node the pieces of one split share: the input's gradient is the pieces' gradients
    joined along ``dim``, with zeros for the pieces no gradient reached. Each piece's own node
    (an ``OutputPart``, as for a multi-output Function) hands its gradient over in its own slot,
    so the input's gradient is joined once instead of summed from one input-sized, mostly-zero
    gradient per piece."""

    @staticmethod
    def backward(ctx, m, g):
        like = next(part for part in g if part is not None)
        grads = [m.const(ctx.xp.zeros(shape, ctx.dtype), like) if part is None else part.reshape(shape)
                 for part, shape in zip(g, ctx.piece_shapes)]
        return m.op(Cat, ctx.dim, *grads)


@public
def select(input, dim, index):
    """input[..., index, ...] along ``dim``."""
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"[{', '.join(map(str, input._data.shape))}] at dimension {d}")
    return getitem(input, (slice(None),) * d + (index,))


class Repeat(Op):
    """Tiling; the gradient sums the tiles."""

    @staticmethod
    def forward(ctx, x, reps):
        lead = len(reps) - x.ndim
        x = x.reshape((1,) * lead + x.shape)
        ctx.in_shape = x.shape
        ctx.reps = reps
        ctx.lead = lead
        return ctx.xp.tile(x, reps)

    @staticmethod
    def backward(ctx, m, g):
        split_shape = []
        for r, s in zip(ctx.reps, ctx.in_shape):
            split_shape += [r, s]
        out = m.sum(g.reshape(tuple(split_shape)), tuple(range(0, 2 * len(ctx.reps), 2)))
        return out.reshape(ctx.in_shape[ctx.lead:])


@public(function=False)
def repeat(input, *sizes, repeats=None):
    """Tile the tensor ``sizes`` times along each dim: ``repeat(2, 3)``, ``repeat((2, 3))`` or
    ``repeat(repeats=(2, 3))``."""
    sizes = sizes_arg(sizes, repeats, "repeats")
    if len(sizes) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    if any(r < 0 for r in sizes):
        shape = (1,) * (len(sizes) - input._data.ndim) + input._data.shape
        target = [s * r for s, r in zip(shape, sizes)]
        raise RuntimeError(f"Trying to create tensor with negative dimension {next(s for s in target if s < 0)}: "
                           f"{target}")
    return Repeat.apply(input, sizes)


@public
def tile(input, dims):
    """Repeat along each dim; ``dims`` shorter than ``input.ndim`` is padded with ones in front."""
    expect_tensor("tile", input)
    dims = tuple(dims)
    if len(dims) < input._data.ndim:
        dims = (1,) * (input._data.ndim - len(dims)) + dims
    return repeat(input, dims)


class Flip(Op):
    """Elements reversed along ``dims``; so is the gradient."""

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return ctx.xp.flip(x, axis=dims).copy() if dims else x.copy()

    @staticmethod
    def backward(ctx, m, g):
        return m.flip(g, ctx.dims)


@public
def flip(input, *axes, dims=None):
    """Reverse the order of elements along ``dims``: ``flip(0, 1)``, ``flip((0, 1))`` or ``flip(dims=(0, 1))``."""
    expect_tensor("flip", input)
    dims = sizes_arg(axes, dims, "dims")
    nd = input._data.ndim
    dims = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(dims)) < len(dims):
        raise RuntimeError(f"dim {next(d for i, d in enumerate(dims) if d in dims[:i])} appears multiple times in "
                           "the list of dims")
    return Flip.apply(input, dims)


provide("flip", lambda x, dims: Flip.apply(x, tuple(dims)))


class Roll(Op):
    """Elements shifted cyclically by ``shifts`` along ``dims`` (all of them, flattened, when
    ``dims`` is None); the gradient is rolled back."""

    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return ctx.xp.roll(x, shifts, axis=dims)

    @staticmethod
    def backward(ctx, m, g):
        return m.roll(g, tuple(-s for s in ctx.shifts), ctx.dims)


@public
def roll(input, shifts, dims=None):
    """Shift elements cyclically by ``shifts`` along ``dims`` (an int or a tuple of each, as many
    shifts as dims); with no ``dims``, along the flattened tensor, keeping the shape."""
    expect_tensor("roll", input)
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return Roll.apply(input, shifts, None)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    nd = input._data.ndim
    return Roll.apply(input, shifts, tuple(_wrap_dim(d, nd) for d in dims))


provide("roll", lambda x, shifts, dims: Roll.apply(x, tuple(shifts), dims),
        lambda xp: lambda x, shifts, dims: xp.roll(x, shifts, axis=dims))


@public
def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``dims``, from the first towards the second."""
    expect_tensor("rot90", input)
    dims = tuple(dims)
    nd = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    first, second = (_wrap_dim(d, nd) for d in dims)
    if first == second:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {first} and dim1 = {second}")
    k %= 4
    if k == 1:
        return flip(input, second).transpose(first, second)
    if k == 2:
        return flip(input, first, second)
    if k == 3:
        return flip(input, first).transpose(first, second)
    return input.clone()


class Triangle(Op):
    """Keep the lower (tril) or upper (triu) triangle of the last two dims; the gradient is masked alike."""

    @staticmethod
    def forward(ctx, x, diagonal, upper):
        xp = ctx.xp
        n, k = x.shape[-2:]
        ctx.upper = upper
        ctx.keep = keep = xp.triu(xp.ones((n, k), bool), diagonal) if upper else xp.tril(xp.ones((n, k), bool), diagonal)
        return xp.where(keep, x, xp.zeros((), x.dtype))  # not x * keep: -x * 0 would print -0.

    def name(self):
        return "TriuBackward0" if self.upper else "TrilBackward0"

    @staticmethod
    def backward(ctx, m, g):
        return g * m.const(ctx.keep, g)


@public
def tril(input, diagonal=0):
    """The lower triangle (below and on ``diagonal``) of the last two dims; the rest zero."""
    expect_tensor("tril", input)
    diagonal = expect_int("tril", diagonal, "diagonal", 2)
    if input._data.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return Triangle.apply(input, diagonal, False)


@public
def triu(input, diagonal=0):
    """The upper triangle (above and on ``diagonal``) of the last two dims; the rest zero."""
    expect_tensor("triu", input)
    diagonal = expect_int("triu", diagonal, "diagonal", 2)
    if input._data.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return Triangle.apply(input, diagonal, True)


@public(method=False)
def meshgrid(*tensors, indexing="ij"):
    """Coordinate grids from 1-D tensors (``indexing`` 'ij' or 'xy'), differentiable."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    if any(t.dtype is not tensors[0].dtype for t in tensors[1:]):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    sizes = [t.numel() for t in tensors]
    swap = indexing == "xy" and len(tensors) >= 2
    if swap:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for i, t in enumerate(tensors):
        axis = (1 - i if i < 2 else i) if swap else i
        shape = [1] * len(tensors)
        shape[axis] = t.numel()
        grids.append(expand(reshape(t, tuple(shape)), tuple(sizes)))
    return tuple(grids)


@public
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (``out[i] = x[i + 1] - x[i]``, repeated n
    times), after ``prepend`` and ``append`` are joined on; bools differ by exclusive or."""
    expect_tensor("diff", input)
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = _wrap_dim(dim, input.ndim)
    parts = [t for t in (prepend, input, append) if t is not None]
    x = cat(parts, d) if len(parts) > 1 else input
    for _ in range(n):
        length = x.shape[d]
        if length == 0:
            break
        later, earlier = narrow(x, d, 1, length - 1), narrow(x, d, 0, length - 1)
        x = later ^ earlier if x.dtype is _dt.bool else later - earlier
    return x
