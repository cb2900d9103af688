"""Shape ops: reshape/view, squeeze, transpose/permute, expand/repeat, cat/stack/split."""
import builtins as _b

from ..autograd.function import Op
from ..tensor import _wrap_dim
from ._util import BroadcastTo
from . import _grad_ops as G
from . import _views
from .. import dtypes as _dt


def _sizes(args):
    """Shape arguments given as varargs or as one sequence."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    return tuple(int(a) for a in args)


def infer_shape(shape, numel):
    """Resolve a -1 in ``shape``; raises PyTorch's error when sizes do not match."""
    shape = list(shape)
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if neg:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of size {numel}")
    return tuple(shape)


class Reshape(Op):
    is_view = True
    _output = _views.view_output  # registers views in the graph with their root
    torch_name = "ViewBackward0"

    def name(self):
        return self.torch_name if self.is_view else "UnsafeViewBackward0"

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        out = x.reshape(shape)
        if not x.flags.c_contiguous:  # a non-contiguous input may have been copied: then it is no view
            shares = getattr(ctx.xp, "may_share_memory", None)
            if shares is None or not shares(out, x):
                ctx.is_view = False
        return out

    def view_fn(ctx, out_shape):
        return lambda a: a.reshape(out_shape)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.in_shape), None


class View(Reshape):
    """reshape that must not copy (raises like PyTorch for incompatible strides)."""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        out = x.view()
        try:
            out.shape = shape
        except AttributeError:
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") from None
        return out


def reshape(input, *shape):
    """The same elements in a new shape (a view when possible); one size may be -1."""
    shape = infer_shape(_sizes(shape), input._data.size)
    if shape == input._data.shape:
        return Reshape.apply(input, shape) if input._rg else _alias(input)
    return Reshape.apply(input, shape)


def _alias(t):
    from ..tensor import _view_of
    return _view_of(t, t._data.view() if hasattr(t._data, "view") else t._data)


def view(input, *shape):
    """A view with a new shape sharing storage; one size may be -1."""
    if len(shape) == 1 and (isinstance(shape[0], _dt.dtype) or not isinstance(shape[0], (int, tuple, list))):
        dt = _dt.to_dtype(shape[0])
        from ..tensor import _view_of
        return _view_of(input, input._data.view(dt.np))
    return View.apply(input, infer_shape(_sizes(shape), input._data.size))


def view_as(input, other):
    """view(other.shape)."""
    return view(input, other.shape)


def reshape_as(input, other):
    """reshape(other.shape)."""
    return reshape(input, other.shape)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one."""
    nd = input._data.ndim
    if nd == 0:
        return reshape(input, (1,))
    s, e = _wrap_dim(start_dim, nd), _wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = input._data.shape
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


def unflatten(input, dim, sizes):
    """Split dim into ``sizes``."""
    d = _wrap_dim(dim, input._data.ndim)
    shape = input._data.shape
    sizes = infer_shape(sizes, shape[d])
    return reshape(input, shape[:d] + tuple(sizes) + shape[d + 1:])


def ravel(input):
    """A flat (1-D) tensor."""
    return reshape(input, (-1,))


def squeeze(input, dim=None):
    """Remove size-1 dims (all, or those in ``dim``)."""
    shape = input._data.shape
    if dim is None:
        new = tuple(s for s in shape if s != 1)
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {_wrap_dim(d, len(shape)) for d in dims}
        new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    return (Squeeze if dim is None else SqueezeDim).apply(input, new)


def unsqueeze(input, dim):
    """Insert a size-1 dim at ``dim``."""
    nd = input._data.ndim
    d = _wrap_dim(dim, nd + 1)
    shape = input._data.shape
    return Unsqueeze.apply(input, shape[:d] + (1,) + shape[d:])


class Unsqueeze(Reshape):
    torch_name = "UnsqueezeBackward0"


class Squeeze(Reshape):
    torch_name = "SqueezeBackward0"


class SqueezeDim(Reshape):
    torch_name = "SqueezeBackward1"


class Permute(Op):
    is_view = True
    _output = _views.view_output  # registers views in the graph with their root

    def view_fn(ctx, out_shape):
        perm = ctx.perm
        return lambda a: G.permute(a, perm)

    @staticmethod
    def forward(ctx, x, perm):
        ctx.perm = perm
        return x.transpose(perm)

    @staticmethod
    def backward(ctx, g):
        inv = [0] * len(ctx.perm)
        for i, p in enumerate(ctx.perm):
            inv[p] = i
        return G.permute(g, inv), None


class Transpose(Permute):
    torch_name = "TransposeBackward0"


class TransposeT(Permute):
    torch_name = "TBackward0"


def permute(input, *dims):
    """Reorder dims."""
    dims = _sizes(dims)
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           f"length of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal "
                           f"to len(dims) = {len(dims)}")
    perm = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(perm)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(input, perm)


def transpose(input, dim0, dim1):
    """Swap two dims."""
    nd = input._data.ndim
    if nd == 0:
        _wrap_dim(dim0, 0), _wrap_dim(dim1, 0)
        return Permute.apply(input, ())
    d0, d1 = _wrap_dim(dim0, nd), _wrap_dim(dim1, nd)
    perm = list(range(nd))
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return Transpose.apply(input, tuple(perm))


swapaxes = swapdims = transpose


def t(input):
    """Transpose a tensor of at most 2 dims."""
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return TransposeT.apply(input, tuple(reversed(range(input._data.ndim))))


def T(input):
    """All dims reversed (``Tensor.T``)."""
    return Permute.apply(input, tuple(reversed(range(input._data.ndim))))


def mT(input):
    """The last two dims swapped (``Tensor.mT``)."""
    if input._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."
                           if input._data.ndim == 1 else
                           "tensor.mT is only supported on matrices or batches of matrices. Got 0-D tensor.")
    return transpose(input, -2, -1)


def movedim(input, source, destination):
    """Move dims from ``source`` to ``destination``."""
    nd = input._data.ndim
    src = [_wrap_dim(s, nd) for s in (source if isinstance(source, (tuple, list)) else (source,))]
    dst = [_wrap_dim(d, nd) for d in (destination if isinstance(destination, (tuple, list)) else (destination,))]
    order = [i for i in range(nd) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return Permute.apply(input, tuple(order))


def expand(input, *sizes):
    """Broadcast to ``sizes`` without copying (-1 keeps a dim)."""
    sizes = _sizes(sizes)
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand(torch.FloatTensor{{[{', '.join(map(str, shape))}]}}, size=[{', '.join(map(str, sizes))}]): "
                           "the number of sizes provided must be greater or equal to the number of dimensions in the tensor")
    lead = len(sizes) - len(shape)
    target = []
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError(f"The expanded size of the tensor ({s}) isn't allowed in a leading, non-existing dimension {i}")
            target.append(s)
        else:
            cur = shape[i - lead]
            if s == -1:
                target.append(cur)
            elif cur != s and cur != 1:
                raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                                   f"non-singleton dimension {i}.  Target sizes: [{', '.join(map(str, sizes))}].  "
                                   f"Tensor sizes: [{', '.join(map(str, shape))}]")
            else:
                target.append(s)
    return BroadcastTo.apply(input, tuple(target))


def expand_as(input, other):
    """expand(other.shape)."""
    return expand(input, other.shape)


def broadcast_to_(input, shape):
    """Broadcast to ``shape`` (torch.broadcast_to)."""
    return expand(input, shape)


class Repeat(Op):
    @staticmethod
    def forward(ctx, x, reps):
        lead = len(reps) - x.ndim
        x = x.reshape((1,) * lead + x.shape)
        ctx.in_shape = x.shape
        ctx.reps = reps
        ctx.lead = lead
        return ctx.xp.tile(x, reps)

    @staticmethod
    def backward(ctx, g):
        split = []
        for r, s in zip(ctx.reps, ctx.in_shape):
            split += [r, s]
        out = G.sum(g.reshape(tuple(split)), tuple(range(0, 2 * len(ctx.reps), 2)))
        shape = ctx.in_shape[ctx.lead:]
        return out.reshape(shape), None


def repeat(input, *sizes):
    """Tile the tensor ``sizes`` times along each dim."""
    sizes = _sizes(sizes)
    if len(sizes) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    return Repeat.apply(input, sizes)


class Cat(Op):
    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        # 1-D empty tensors are skipped, as in PyTorch (their gradient is empty too)
        ctx.sizes = [None if a.ndim == 1 and a.shape[0] == 0 else a.shape[dim] for a in arrays]
        kept = [a for a, s in zip(arrays, ctx.sizes) if s is not None]
        return ctx.xp.concatenate(kept, axis=dim) if kept else ctx.xp.concatenate(arrays)

    @staticmethod
    def backward(ctx, g):
        out = [None]
        start = 0
        for size, need in zip(ctx.sizes, ctx.needs_input_grad[1:]):
            if size is None:
                out.append(G.zeros_like(g.reshape(-1)[:0]) if need else None)
                continue
            out.append(g[(slice(None),) * ctx.dim + (slice(start, start + size),)] if need else None)
            start += size
        return tuple(out)


def cat(tensors, dim=0):
    """Concatenate along an existing dim (1-D empty tensors are skipped, as in PyTorch)."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    rt = tensors[0].dtype
    for t in tensors[1:]:
        rt = _dt.promote_types(rt, t.dtype)
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


concat = concatenate = cat


def stack(tensors, dim=0):
    """Join tensors of equal shape along a new dim."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got [{', '.join(map(str, shape))}] at "
                               f"entry 0 and [{', '.join(map(str, t._data.shape))}] at entry {i}")
    d = _wrap_dim(dim, len(shape) + 1)
    return cat([unsqueeze(t, d) for t in tensors], d)


def hstack(tensors):
    """Concatenate along dim 1 (dim 0 for 1-D)."""
    tensors = list(tensors)
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """Concatenate along dim 0 (1-D tensors become rows)."""
    return cat([t.unsqueeze(0) if t.ndim == 1 else t for t in tensors], 0)


def narrow(input, dim, start, length):
    """The slice [start, start+length) along ``dim`` (a view)."""
    d = _wrap_dim(dim, input._data.ndim)
    index = [slice(None)] * d + [slice(start, start + length)]
    return input[tuple(index)]


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the given sizes."""
    d = _wrap_dim(dim, tensor._data.ndim)
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size <= 0 and n > 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
        sizes = ([size] * (n // size) + ([n % size] if n % size else [])) if size and n else [0]
    else:
        sizes = list(split_size_or_sections)
        if _b.sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                               f"dimension {d}), but got split_sizes={sizes}")
    out = []
    start = 0
    for s in sizes:
        out.append(narrow(tensor, d, start, s))
        start += s
    return tuple(out)


def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of equal size (the last may be smaller)."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    size = -(-n // chunks) if n else 0
    if size == 0:
        return tuple(narrow(input, d, 0, 0) for _ in range(chunks)) if n == 0 else split(input, 1, d)
    return split(input, size, d)


def unbind(input, dim=0):
    """The slices along ``dim``, with that dim removed."""
    d = _wrap_dim(dim, input._data.ndim)
    return tuple(select(input, d, i) for i in range(input._data.shape[d]))


def select(input, dim, index):
    """input[..., index, ...] along ``dim``."""
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"[{', '.join(map(str, input._data.shape))}] at dimension {d}")
    return input[(slice(None),) * d + (index,)]


class Flip(Op):
    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return ctx.xp.flip(x, axis=dims).copy() if dims else x.copy()

    @staticmethod
    def backward(ctx, g):
        return G.flip(g, ctx.dims), None


def flip(input, *dims):
    """Reverse the order of elements along ``dims``."""
    dims = _sizes(dims)
    nd = input._data.ndim
    return Flip.apply(input, tuple(_wrap_dim(d, nd) for d in dims))


class _Triangle(Op):
    """Keep the lower (tril) or upper (triu) triangle of the last two dims; the gradient is masked alike."""

    @staticmethod
    def forward(ctx, x, diagonal, upper):
        xp = ctx.xp
        n, m = x.shape[-2:]
        keep = xp.triu(xp.ones((n, m), bool), diagonal) if upper else xp.tril(xp.ones((n, m), bool), diagonal)
        ctx.keep = keep
        return xp.where(keep, x, xp.zeros((), x.dtype))  # not x * keep: -x * 0 would print -0.

    @staticmethod
    def backward(ctx, g):
        return g * G.const(ctx.keep, g), None, None


def tril(input, diagonal=0):
    """The lower triangle (below and on ``diagonal``) of the last two dims; the rest zero."""
    if input._data.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return _Triangle.apply(input, diagonal, False)


def triu(input, diagonal=0):
    """The upper triangle (above and on ``diagonal``) of the last two dims; the rest zero."""
    if input._data.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return _Triangle.apply(input, diagonal, True)


def meshgrid(*tensors, indexing="ij"):
    """Coordinate grids from 1-D tensors (``indexing`` 'ij' or 'xy'), differentiable."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
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


def tile(input, dims):
    """Repeat along each dim; ``dims`` shorter than ``input.ndim`` is padded with ones in front."""
    dims = tuple(dims)
    if len(dims) < input._data.ndim:
        dims = (1,) * (input._data.ndim - len(dims)) + dims
    return repeat(input, dims)
