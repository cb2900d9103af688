"""Shape ops: reshape/view, squeeze/unsqueeze, transpose/permute, expand, and the
sum/broadcast pair every broadcasting gradient goes through (``m.sum_to``)."""
import math as _math
import operator
import warnings

from .. import dtypes as _dt
from ..autograd.namespace import provide, array_math
from ..autograd.op import Op
from ..tensor import _wrap_dim, _view_of
from ._api import public, method
from ._util import expect_tensor
from .conversion import view_as_dtype


def sizes_arg(args, named=None, name="shape"):
    """Sizes given as varargs (``reshape(2, 3)``), as one sequence (``reshape((2, 3))``), or
    by PyTorch's parameter name (``reshape(shape=(2, 3))``: ``named``)."""
    if named is not None:
        if args:
            raise TypeError(f"got multiple values for argument '{name}'")
        args = (named,)
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    sizes = []
    for i, a in enumerate(args):
        try:
            sizes.append(operator.index(a))
        except TypeError:  # a float, a string, None...: PyTorch's TypeError too
            raise TypeError(f"argument '{name}' must be tuple of ints, but found element of type "
                            f"{type(a).__name__} at pos {i}") from None
    return tuple(sizes)


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


# ------------------------------------------------------------------ sum_to / broadcast_to
class SumTo(Op):
    """Sum a broadcast gradient back to an input's shape (Chainer's sum_to)."""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return array_math(ctx.xp).sum_to(x, shape)

    @staticmethod
    def backward(ctx, m, g):
        return m.broadcast_to(g, ctx.in_shape)


class BroadcastTo(Op):
    """Broadcast to a shape (a read-only view); its backward is a sum."""

    torch_name = "ExpandBackward0"

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return ctx.xp.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, m, g):
        return m.sum_to(g, ctx.in_shape)


def sum_to(g, shape):
    """``g`` summed over broadcast dims so that it has ``shape`` (no-op when equal)."""
    shape = tuple(shape)
    return g if g._data.shape == shape else SumTo.apply(g, shape)


def broadcast_to_shape(x, shape):
    """``x`` broadcast to ``shape`` (no-op when equal)."""
    shape = tuple(shape)
    return x if x._data.shape == shape else BroadcastTo.apply(x, shape)


def expand_reduced(g, in_shape, dims, keepdim):
    """A reduced gradient broadcast back to the input's shape."""
    if not keepdim and dims:
        shape = list(in_shape)
        for d in dims:
            shape[d] = 1
        g = reshape(g, tuple(shape))
    return broadcast_to_shape(g, in_shape)


provide("sum_to", sum_to)
provide("broadcast_to", broadcast_to_shape)
provide("expand_reduced", expand_reduced)


# ------------------------------------------------------------------ reshape and view
class Reshape(Op):
    """The same elements in a new shape (a view when the input's strides allow)."""

    is_view = True
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
        return lambda a, m: a.reshape(out_shape)

    @staticmethod
    def backward(ctx, m, g):
        return g.reshape(ctx.in_shape)


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


class Unsqueeze(Reshape):
    torch_name = "UnsqueezeBackward0"


class Squeeze(Reshape):
    torch_name = "SqueezeBackward0"


class SqueezeDim(Reshape):
    torch_name = "SqueezeBackward1"


@public
def reshape(input, *sizes, shape=None):
    """The same elements in a new shape (a view when possible); one size may be -1.
    ``reshape(2, 3)``, ``reshape((2, 3))`` and ``reshape(shape=(2, 3))`` are the same."""
    try:
        numel = input._data.size
    except AttributeError:  # checked only here, off the common path
        expect_tensor("reshape", input)
        raise
    shape = infer_shape(sizes_arg(sizes, shape), numel)
    if shape == input._data.shape and not input._rg:
        return _view_of(input, input._data.view() if hasattr(input._data, "view") else input._data)
    return Reshape.apply(input, shape)


@public(function=False)
def view(input, *sizes, size=None, dtype=None):
    """A view with a new shape sharing storage; one size may be -1 (``view(2, 3)``,
    ``view(size=(2, 3))``). ``view(dtype)``: the same bytes read as ``dtype``."""
    if dtype is None and size is None and len(sizes) == 1 and not isinstance(sizes[0], (int, tuple, list)) \
            and not hasattr(sizes[0], "__index__"):  # (a NumPy integer or an integer Tensor is a size)
        if sizes[0] is None:
            raise TypeError("view() received an invalid combination of arguments - got (NoneType), but expected "
                            "one of: (torch.dtype dtype), (tuple of ints size)")
        dtype, sizes = sizes[0], ()
    if dtype is not None:
        if sizes or size is not None:
            raise TypeError("view() takes either sizes or a dtype, not both")
        return view_as_dtype(input, _dt.to_dtype(dtype))
    return View.apply(input, infer_shape(sizes_arg(sizes, size, "size"), input._data.size))


@public(function=False)
def view_as(input, other):
    """view(other.shape)."""
    expect_tensor("view_as", other, "other", 1)
    return view(input, other.shape)


@public(function=False)
def reshape_as(input, other):
    """reshape(other.shape)."""
    expect_tensor("reshape_as", other, "other", 1)
    return reshape(input, other.shape)


@public
def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one."""
    try:
        nd = input._data.ndim
    except AttributeError:  # checked only here, off the common path
        expect_tensor("flatten", input)
        raise
    if nd == 0:
        return reshape(input, (1,))
    s, e = _wrap_dim(start_dim, nd), _wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:  # nothing to merge: the tensor itself, as PyTorch returns it
        return input
    shape = input._data.shape
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


@public
def unflatten(input, dim, sizes):
    """Split dim into ``sizes``."""
    d = _wrap_dim(dim, input._data.ndim)
    shape = input._data.shape
    sizes = sizes_arg((sizes,), None, "sizes")
    if -1 not in sizes and _math.prod(sizes) != shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} "
                           f"({shape[d]}) in the input tensor")
    sizes = infer_shape(sizes, shape[d])
    return reshape(input, shape[:d] + tuple(sizes) + shape[d + 1:])


@public
def ravel(input):
    """A flat (1-D) tensor."""
    expect_tensor("ravel", input)
    return reshape(input, (-1,))


@public
def squeeze(input, dim=None):
    """Remove size-1 dims (all, or those in ``dim``)."""
    try:
        shape = input._data.shape
    except AttributeError:  # checked only here, off the common path
        expect_tensor("squeeze", input)
        raise
    if dim is None:
        new = tuple(s for s in shape if s != 1)
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        wrapped = [_wrap_dim(d, len(shape)) for d in dims]
        dims = set(wrapped)
        if len(dims) != len(wrapped):
            repeated = next(d for d in wrapped if wrapped.count(d) > 1)
            raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
        new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    return (Squeeze if dim is None else SqueezeDim).apply(input, new)


@public
def unsqueeze(input, dim):
    """Insert a size-1 dim at ``dim``."""
    try:
        d = _wrap_dim(dim, input._data.ndim + 1)
    except AttributeError:  # checked only here, off the common path
        expect_tensor("unsqueeze", input)
        raise
    shape = input._data.shape
    return Unsqueeze.apply(input, shape[:d] + (1,) + shape[d:])


provide("unsqueeze", unsqueeze)
provide("squeeze", squeeze)


# ------------------------------------------------------------------ permutations
class Permute(Op):
    """Dims reordered (a view); the gradient is permuted back."""

    is_view = True

    def view_fn(ctx, out_shape):
        perm = ctx.perm
        return lambda a, m: m.permute(a, perm)

    @staticmethod
    def forward(ctx, x, perm):
        ctx.perm = perm
        return x.transpose(perm)

    @staticmethod
    def backward(ctx, m, g):
        inv = [0] * len(ctx.perm)
        for i, p in enumerate(ctx.perm):
            inv[p] = i
        return m.permute(g, tuple(inv))


class Transpose(Permute):
    torch_name = "TransposeBackward0"


class TransposeT(Permute):
    torch_name = "TBackward0"


@public
def permute(input, *order, dims=None):
    """Reorder dims: ``permute(1, 0)``, ``permute((1, 0))`` or ``permute(dims=(1, 0))``."""
    try:
        nd = input._data.ndim
    except AttributeError:  # checked only here, off the common path
        expect_tensor("permute", input)
        raise
    if not order and dims is None:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = sizes_arg(order, dims, "dims")
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           f"length of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal "
                           f"to len(dims) = {len(dims)}")
    perm = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(perm)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(input, perm)


provide("permute", lambda x, perm: Permute.apply(x, tuple(perm)))
provide("mT", lambda x: transpose(x, -2, -1))


@public("transpose", "swapdims")
def transpose(input, dim0, dim1):
    """Swap two dims."""
    try:
        nd = input._data.ndim
    except AttributeError:  # checked only here, off the common path
        expect_tensor("transpose", input)
        raise
    if nd == 0:
        _wrap_dim(dim0, 0), _wrap_dim(dim1, 0)
        return Permute.apply(input, ())
    d0, d1 = _wrap_dim(dim0, nd), _wrap_dim(dim1, nd)
    perm = list(range(nd))
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return Transpose.apply(input, tuple(perm))


@public
def swapaxes(input, axis0, axis1):
    """Swap two dims (NumPy's names for transpose's arguments)."""
    expect_tensor("swapaxes", input)
    return transpose(input, axis0, axis1)


@public
def t(input):
    """Transpose a tensor of at most 2 dims."""
    expect_tensor("t", input)
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


method("T", property(T, doc="All dims reversed."))
method("mT", property(mT, doc="The last two dims swapped."))
method("H", property(T, doc="All dims reversed (real tensors: the conjugate transpose)."))
method("mH", property(mT, doc="The last two dims swapped (real tensors)."))


@public
def adjoint(input):
    """The conjugate transpose of the last two dims, a view (minigrad's tensors are real: the transpose)."""
    expect_tensor("adjoint", input)
    if input._data.ndim == 0:  # PyTorch: deprecated, the tensor itself
        warnings.warn("adjoint() is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
        return input
    if input._data.ndim < 2:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. "
                           f"Got {input._data.ndim}-D tensor.")
    return transpose(input, -2, -1)


@public
def movedim(input, source, destination):
    """Move dims from ``source`` to ``destination``."""
    expect_tensor("movedim", input)
    nd = input._data.ndim
    if isinstance(source, (tuple, list)) != isinstance(destination, (tuple, list)):
        raise TypeError("movedim(): source and destination must both be ints or both be tuples of ints")
    source = list(source) if isinstance(source, (tuple, list)) else [source]
    destination = list(destination) if isinstance(destination, (tuple, list)) else [destination]
    src = [_wrap_dim(s, nd) for s in source]
    dst = [_wrap_dim(d, nd) for d in destination]
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({source} dims) should "
                           f"contain the same number of dims as destination ({destination} dims)")
    for name, dims, given in (("source", src, source), ("destination", dst, destination)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    order = [i for i in range(nd) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return Permute.apply(input, tuple(order))


# ------------------------------------------------------------------ expand
@public(function=False)
def expand(input, *sizes, size=None, implicit=False):
    """Broadcast to ``sizes`` without copying (-1 keeps a dim): ``expand(2, 3)``, ``expand((2, 3))`` or
    ``expand(size=(2, 3))``. ``implicit`` is PyTorch's internal flag and changes nothing."""
    sizes = sizes_arg(sizes, size, "size")
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand(torch.FloatTensor{{[{', '.join(map(str, shape))}]}}, size=[{', '.join(map(str, sizes))}]): "
                           f"the number of sizes provided ({len(sizes)}) must be greater or equal to the number of "
                           f"dimensions in the tensor ({len(shape)})")
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
            elif s < 0:  # (a size-1 dim to a negative size other than -1)
                raise RuntimeError("numel: integer multiplication overflow")
            else:
                target.append(s)
    return BroadcastTo.apply(input, tuple(target))


@public(function=False)
def expand_as(input, other):
    """expand(other.shape)."""
    expect_tensor("expand_as", other, "other", 1)
    return expand(input, other.shape)


@public
def broadcast_to(input, size):
    """Broadcast to ``size`` (torch.broadcast_to)."""
    expect_tensor("broadcast_to", input)
    return expand(input, size)
