"""Shape ops that keep the element order: reshape/view (and flatten, unflatten, ravel),
squeeze/unsqueeze, with the size-argument readers the other shape families share.
Reordering dims is ``permutation.py``; broadcasting (expand and the sum back) ``broadcast.py``."""
import math as _math
import operator

from .. import dtypes as _dt
from ..autograd.namespace import provide
from ..autograd.op import Op
from .._int_arguments import later_bool, _wrap_dim
from ..tensor import Tensor, _view_of
from ._api import public, method
from ._util import expect_tensor
from ._dims import ALL_DIMS, later_int, none_dim_error
from .conversion import Clone, view_as_dtype
from ._saved_fields import in_sizes

def sizes_arg(args, named=None, name="shape", fn=None):
    """Sizes given as varargs (``reshape(2, 3)``), as one sequence (``reshape((2, 3))``), or
    by PyTorch's parameter name (``reshape(shape=(2, 3))``: ``named``). Where the sizes are a
    required argument of function ``fn``, none given is PyTorch's TypeError."""
    if named is not None:
        if args:
            raise TypeError(f"got multiple values for argument '{name}'")
        args = (named,)
    elif not args and fn is not None:
        raise TypeError(f'{fn}() missing 1 required positional arguments: "{name}"')
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    for a in args:
        if a.__class__ is not int or not -2 ** 63 <= a < 2 ** 63:
            break
    else:  # Python ints in range, the common case: nothing to convert or refuse
        return tuple(args)
    sizes = []
    for i, a in enumerate(args):
        if a.__class__ is not int:  # (a Python int, the common case, is one already)
            try:
                if a.__class__ is bool and not later_bool(a, i):  # (a leading bool: not an int list)
                    raise TypeError
                a = operator.index(a)
            except TypeError:  # a float, a string, None, a bool...: PyTorch's TypeError too
                raise TypeError(f"argument '{name}' must be tuple of ints, but found element of type "
                                f"{type(a).__name__} at pos {i}") from None
        if not -2 ** 63 <= a < 2 ** 63:
            raise TypeError(f"argument '{name}' failed to unpack the object at pos {i + 1} with error "
                            "\"Overflow when unpacking long long\"")
        sizes.append(a)
    return tuple(sizes)


def infer_shape(shape, numel):
    """Resolve a -1 in the tuple ``shape``; raises PyTorch's error when sizes do not match."""
    inferred = shape.count(-1)
    if inferred > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for i, s in enumerate(shape):
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape "
                                   f"[{', '.join(map(str, shape))}]")
            known *= s
    if inferred:
        if known == 0 == numel:  # (any size would do for the -1)
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape [{', '.join(map(str, shape))}] "
                               "because the unspecified dimension size -1 can be any value and is ambiguous")
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of size {numel}")
        i = shape.index(-1)
        return shape[:i] + (numel // known,) + shape[i + 1:]
    if known != numel:
        raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of size {numel}")
    return shape


def _plain_sizes(sizes, numel):
    """``sizes`` when they are positive Python ints whose product is ``numel`` (``view(8, 4)``, the
    common case, which ``sizes_arg`` and ``infer_shape`` return as they are); else None."""
    n = 1
    for s in sizes:
        if s.__class__ is not int or s <= 0:
            return None
        n *= s
    return sizes if n == numel else None


# ------------------------------------------------------------------ reshape and view
class Reshape(Op):
    """The same elements in a new shape (a view when the input's strides allow)."""

    is_view = True
    torch_name = "ViewBackward0"
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
    alias = False  # a reshape of a non-contiguous input that stayed a view: PyTorch's _reshape_alias
    saved_fields = {"self_sym_sizes": in_sizes}

    def name(self):
        if not self.is_view:
            return "UnsafeViewBackward0"
        return "ReshapeAliasBackward0" if self.alias else self.torch_name

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        out = x.reshape(shape)
        if not x.flags.c_contiguous:  # a non-contiguous input may have been copied: then it is no view
            shares = getattr(ctx.xp, "may_share_memory", None)
            if shares is None or not shares(out, x):
                ctx.is_view = False
            else:
                ctx.alias = ctx.torch_name == "ViewBackward0"  # (reshape itself, not squeeze / unsqueeze)
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


class Alias(Reshape):
    """The same tensor as a new object (a view of all of it), PyTorch's ``alias``."""

    torch_name = "AliasBackward0"
    saved_fields = {}


class Unsqueeze(Reshape):
    torch_name = "UnsqueezeBackward0"
    saved_fields = {}  # (PyTorch's node saves the dim alone, which this one does not keep)
    supports_complex = True  # (its own forward: the mark Reshape gets in ops/complex.py is not inherited then)

    @staticmethod
    def forward(ctx, x, shape, dim):
        ctx.in_shape = x.shape
        out = x.reshape(shape)
        if x.flags.c_contiguous and 1 not in x.shape:  # (then NumPy's strides are PyTorch's)
            return out
        strides = _unsqueezed_strides(x, dim)
        if out.strides != strides:  # NumPy's reshape picks its own strides for size-1 dims
            out = ctx.xp.lib.stride_tricks.as_strided(x, shape, strides)
        return out


def _unsqueezed_strides(x, dim):
    """PyTorch's strides (in bytes) of ``x`` with a size-1 dim inserted at ``dim``: the other dims
    keep theirs, the new one steps over the dim it is put before (one element when last)."""
    strides = x.strides
    step = x.shape[dim] * strides[dim] if dim < x.ndim else x.itemsize
    return strides[:dim] + (step,) + strides[dim:]


class Squeeze(Reshape):
    torch_name = "SqueezeBackward0"


class SqueezeDim(Reshape):
    torch_name = "SqueezeBackward1"


class SqueezeDimTuple(Reshape):
    torch_name = "SqueezeBackward2"  # (squeeze(dim=(...)))


class SqueezeDims(Reshape):
    torch_name = "SqueezeBackward4"  # (the squeeze inside F.linear of a 1-D input)


class UnsafeView(Reshape):
    """A reshape PyTorch records as ``_unsafe_view`` (of a fresh product or copy it owns): not a view,
    as PyTorch's is none (no ``_base``, its own version counter)."""

    torch_name = "UnsafeViewBackward0"
    is_view = False

    def name(self):
        return self.torch_name


def _viewable(data, shape):
    """Whether ``data``'s strides let it be read in ``shape`` without a copy."""
    out = data.view()
    try:
        out.shape = shape
    except AttributeError:
        return False
    return True


def _reshaped(input, shape):
    """``input`` in ``shape`` (a valid one): a view where its strides allow; else, for an input autograd
    records, PyTorch's two nodes, a contiguous clone (CloneBackward0) read in the new shape
    (UnsafeViewBackward0)."""
    if input._rg and not input._data.flags.c_contiguous and not _viewable(input._data, shape):
        return UnsafeView.apply(Clone.apply(input), shape)
    return Reshape.apply(input, shape)


@public
def reshape(input, *sizes, shape=None):
    """The same elements in a new shape (a view when possible); one size may be -1.
    ``reshape(2, 3)``, ``reshape((2, 3))`` and ``reshape(shape=(2, 3))`` are the same."""
    try:
        numel = input._data.size
    except AttributeError:  # checked only here, off the common path
        expect_tensor("reshape", input)
        raise
    plain = shape is None and _plain_sizes(sizes, numel)  # (view(8, 4): nothing to read or infer)
    shape = plain or infer_shape(sizes_arg(sizes, shape, fn="reshape"), numel)
    if shape == input._data.shape and not input._rg:
        return _view_of(input, input._data.view() if hasattr(input._data, "view") else input._data)
    return _reshaped(input, shape)


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
    elif not sizes and size is None and dtype is None:
        raise TypeError("view() received an invalid combination of arguments - got (), but expected one of: "
                        "(torch.dtype dtype), (tuple of ints size)")
    if dtype is not None:
        if sizes or size is not None:
            raise TypeError("view() takes either sizes or a dtype, not both")
        return view_as_dtype(input, _dt.to_dtype(dtype))
    plain = size is None and _plain_sizes(sizes, input._data.size)  # (view(8, 4): nothing to read or infer)
    return View.apply(input, plain or infer_shape(sizes_arg(sizes, size, "size"), input._data.size))


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
        _wrap_dim(start_dim, 0), _wrap_dim(end_dim, 0)  # (PyTorch's IndexError beyond dim 0 / -1)
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
    return _reshaped(input, shape[:s] + (n,) + shape[e + 1:])  # (a valid new shape: reshape's checks pass)


@public(method=False)
def unflatten(input, dim, sizes):
    """Split dim into ``sizes``."""
    d = _wrap_dim(dim, input._data.ndim)
    if not input._data.ndim:
        raise RuntimeError("unflatten got an unexpected error:\nDimension specified as 0 but tensor has no dimensions")
    if not isinstance(sizes, (tuple, list)) and sizes is not None:
        raise TypeError(f"unflatten(): argument 'sizes' must be tuple of ints, not {type(sizes).__name__}")
    shape = input._data.shape
    sizes = sizes_arg((sizes or (),), None, "sizes")
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    known = _math.prod(s for s in sizes if s != -1)
    if -1 not in sizes:
        fits = known == shape[d]
    else:  # the -1 must be a whole number
        fits = shape[d] % known == 0 if known else shape[d] == 0
    if not fits and sizes.count(-1) <= 1 and min(sizes) >= -1:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} "
                           f"({shape[d]}) in the input tensor")
    try:
        sizes = infer_shape(sizes, shape[d])
    except RuntimeError as error:  # (PyTorch's unflatten wraps the errors of its size inference so)
        raise RuntimeError(f"unflatten got an unexpected error:\n{error}") from None
    return reshape(input, shape[:d] + tuple(sizes) + shape[d + 1:])


def unflatten_method(self, dim, sizes):
    """Split dim into ``sizes`` (``Tensor.unflatten``: PyTorch's Python method tests ``not sizes`` first,
    so a tensor of several elements there is its RuntimeError, a zero its empty-sizes one)."""
    if isinstance(sizes, Tensor) and not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    return unflatten(self, dim, sizes)


method("unflatten", unflatten_method)


@public
def ravel(input):
    """A flat (1-D) tensor."""
    expect_tensor("ravel", input)
    return reshape(input, (-1,))


@public
def squeeze(input, dim=ALL_DIMS):
    """Remove size-1 dims (all, or those in ``dim``)."""
    try:
        shape = input._data.shape
    except AttributeError:  # checked only here, off the common path
        expect_tensor("squeeze", input)
        raise
    if dim is ALL_DIMS:
        new = tuple(s for s in shape if s != 1)
    elif dim is None:
        raise none_dim_error("squeeze", "Tensor input", "Tensor input, int dim", "Tensor input, tuple of ints dim")
    elif dim.__class__ is int:  # one dim, the common case: the branch below for a single dim
        d = _wrap_dim(dim, len(shape))
        return SqueezeDim.apply(input, shape[:d] + shape[d + 1:] if d < len(shape) and shape[d] == 1 else shape)
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        wrapped = [_wrap_dim(later_int(d, k), len(shape)) for k, d in enumerate(dims)]
        dims = set(wrapped)
        if len(dims) != len(wrapped):
            repeated = next(d for d in wrapped if wrapped.count(d) > 1)
            raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
        new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    op = Squeeze if dim is ALL_DIMS else SqueezeDimTuple if isinstance(dim, (tuple, list)) else SqueezeDim
    return op.apply(input, new)


@public
def unsqueeze(input, dim):
    """Insert a size-1 dim at ``dim``."""
    try:
        d = _wrap_dim(dim, input._data.ndim + 1)
    except AttributeError:  # checked only here, off the common path
        expect_tensor("unsqueeze", input)
        raise
    shape = input._data.shape
    return Unsqueeze.apply(input, shape[:d] + (1,) + shape[d:], d)


provide("unsqueeze", unsqueeze)
provide("squeeze", squeeze)
