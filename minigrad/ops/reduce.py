"""Reductions: sum, mean, prod, all/any, count_nonzero, nansum/nanmean. The variance and
standard deviation are ``variance.py``; cumsum, a scan, is ``scan.py``.

``dim`` is None, an int or a tuple of ints; ``keepdim`` keeps reduced dims as
size 1. Gradients are broadcast back with ``m.expand_reduced``.
"""

from .. import dtypes as _dt
from ..autograd.namespace import provide, array_math, constant
from .._array_layout import row_major_reduction
from ..autograd.op import Op
from ..autograd.fast_apply import _ONE_ARGUMENT
from ..tensor import Tensor, wrap
from .one_node import one_node
from ._saved_fields import ABSENT, as_saved_int, in_numel, in_sizes, reduced_dims, reduced_keepdim
from ._api import public
from ._util import expect_tensor
from ._dims import ALL_DIMS, norm_dims, keepdim_without_dim_error, none_dim_error
from .conversion import cast, cast_first
from .selection import where
from .permutation import permute
from .shape import unsqueeze


def _count(shape, dims):
    n = 1
    for d in dims:
        n *= shape[d]
    return n


class Sum(Op):
    """Sum over ``dims`` (None: all); the gradient is broadcast back."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saved_fields = {"dim": reduced_dims, "keepdim": reduced_keepdim, "self_sym_sizes": in_sizes}

    def name(self):
        return "SumBackward0" if self.dims is None else "SumBackward1"

    @staticmethod
    def forward(ctx, x, dims=None, keepdim=False, np_dtype=None):
        ctx.in_shape = x.shape
        ctx.dims = dims
        ctx.keepdim = keepdim
        if np_dtype is None:
            return array_math(ctx.xp).sum(x, dims, keepdim)
        return row_major_reduction(x, x.sum(axis=dims, keepdims=keepdim, dtype=np_dtype), dims, keepdim)

    @staticmethod
    def backward(ctx, m, g):
        return m.expand_reduced(g, ctx.in_shape, ctx.dims, ctx.keepdim)


class Mean(Op):
    """Mean over ``dims`` (None: all), as a sum divided by the count (NumPy's mean is slower)."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saved_fields = {"dim": reduced_dims, "keepdim": reduced_keepdim, "self_sym_numel": in_numel,
                    "self_sym_sizes": in_sizes}

    def name(self):
        return self.torch_name or ("MeanBackward0" if self.dims is None else "MeanBackward1")

    @staticmethod
    def forward(ctx, x, dims=None, keepdim=False):
        if x.dtype.kind == "f" and x.dtype.itemsize == 2:  # float16: in float32, as PyTorch's kernel, rounded once
            return Mean.forward(ctx, x.astype(ctx.xp.float32), dims, keepdim).astype(x.dtype)
        ctx.in_shape = x.shape
        ctx.dims = dims
        ctx.keepdim = keepdim
        ctx.n = n = x.size if dims is None else _count(x.shape, dims)
        total = array_math(ctx.xp).sum(x, dims, keepdim)  # the mean as add.reduce / n: NumPy's mean is slower
        if not n:
            return total / 0.0
        # (beside an array, n as a cached 0-d array of its dtype: half a Python number's cost, the same quotient)
        return total / constant(ctx.xp, n, total.dtype) if total.ndim else total / n

    @staticmethod
    def backward(ctx, m, g):
        return m.divide_expanded(g, ctx.n, ctx.in_shape, ctx.dims, ctx.keepdim)  # (a new array, as PyTorch's)


SumCast = cast_first(Sum)
MeanCast = cast_first(Mean)


def cast_first_saving(op, in_input_dtype=False):
    """``cast_first`` for an op whose backward reads its input (``prod``, ``cumprod``): the node saves
    the input as given, as PyTorch's (``_saved_self`` in the input's dtype, checked against in-place
    changes). Its backward runs on the input cast again (``prod``), or, ``in_input_dtype``, on the
    input as given with the gradient and the saved output cast to the input's dtype (``cumprod``),
    as PyTorch's formulas do; the call is ``op_cast.apply(x, np_dtype, *args)``."""
    from .conversion import Cast

    def forward(ctx, x, np_dtype, *args):
        return op.forward(ctx, Cast.forward(ctx, x, np_dtype), *args)

    def backward(ctx, m, g, x, np_dtype, *rest):
        if in_input_dtype:
            *args, y = rest
            return op.backward(ctx, m, m.cast(g, ctx.in_dtype), x, *args, m.cast(y, ctx.in_dtype))
        return Cast.backward(ctx, m, op.backward(ctx, m, g, m.cast(x, np_dtype), *rest))

    saves = op.saves[:1] + (False,) + tuple(j + 1 if j is not True and j is not False and j >= 1 else j
                                            for j in op.saves[1:])
    return type(op)("Cast" + op.op_name, (op,), {"__module__": op.__module__, "__doc__": cast_first_saving.__doc__,
                                                  "op_name": "Cast" + op.op_name, "saves": saves,
                                                  "torch_name": op.torch_name or op.op_name + "Backward0",
                                                  "forward": staticmethod(forward),
                                                  "backward": staticmethod(backward)})


def _float_cast(x, dtype):
    """The NumPy dtype a floating ``x`` is cast to before a reduction with ``dtype``, or None where
    none is made by the reduction's own node (the same dtype, or one not floating)."""
    if dtype is None or x._data.dtype.kind != "f":
        return None
    np_dtype = _dt.to_dtype(dtype).np
    return np_dtype if np_dtype.kind == "f" and np_dtype != x._data.dtype else None


def _sum_dtype(x, dtype):
    if dtype is not None:
        return _dt.to_dtype(dtype).np
    return _dt.int64.np if x._data.dtype.kind in "iub" else None


@public
def sum(input, dim=ALL_DIMS, keepdim=False, *, dtype=None):
    """Sum over ``dim`` (all dims by default, or None); integers and bools sum to int64."""
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim_error("sum")
        dim = None
    try:
        dims = None if dim is None else norm_dims(dim, input._data.ndim)  # None: the full sum (SumBackward0)
        np_dtype = _sum_dtype(input, dtype)
    except AttributeError:  # checked only here, off the common path
        expect_tensor("sum", input)
        raise
    if dtype is not None and _float_cast(input, dtype) is not None:
        return SumCast.apply(input, np_dtype, dims, keepdim)
    if np_dtype is not None and input._data.dtype != np_dtype and input._data.dtype.kind == "f":
        input = cast(input, _dt._BY_NP[np_dtype])
        np_dtype = None if np_dtype.kind in "fc" else np_dtype  # (NumPy sums small ints as uint64/int64)
    if not keepdim and np_dtype is None:  # (forward's defaults: Op.apply's fast path of one or two arguments)
        return Sum.apply(input) if dims is None else Sum.apply(input, dims)  # (dims None: the full sum of a loss)
    return Sum.apply(input, dims, keepdim, np_dtype)


@public
def mean(input, dim=ALL_DIMS, keepdim=False, *, dtype=None):
    """Arithmetic mean over ``dim`` (all dims by default, or None); needs a floating dtype (or ``dtype=``)."""
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim_error("mean")
        dim = None
    try:
        if dtype is not None:
            np_dtype = _float_cast(input, dtype)
            if np_dtype is not None:
                return MeanCast.apply(input, np_dtype, None if dim is None else norm_dims(dim, input._data.ndim),
                                      keepdim)
            input = input.to(_dt.to_dtype(dtype))
        floating = input._data.dtype.kind in "fc"
    except AttributeError:  # checked only here, off the common path
        expect_tensor("mean", input)
        raise
    if not floating:
        raise RuntimeError(f"mean(): could not infer output dtype. {'Input' if dtype is None else 'Optional'} dtype "
                           f"must be either a floating point or complex dtype. Got: {input.dtype._torch_name[:-6]}")
    if dim is None and not keepdim:  # the full mean of a loss: Op.apply's one-argument fast path,
        # entered directly for a plain Tensor (as Op.apply would; one call frame fewer)
        return Mean._apply_fast(input, _ONE_ARGUMENT) if input.__class__ is Tensor else Mean.apply(input)
    dims = None if dim is None else norm_dims(dim, input._data.ndim)
    if not keepdim:  # (forward's default: Op.apply's two-argument fast path)
        return Mean.apply(input, dims)
    return Mean.apply(input, dims, keepdim)


provide("sum", lambda x, dims, keepdim=False: sum(x, dims, keepdim))
provide("mean", lambda x, dims, keepdim=False: mean(x, dims, keepdim))


class Prod(Op):
    """Product over ``dims``; exact where elements are zero (the product of the others)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)
    saves_output = True
    holomorphic = True
    # (the dim form's node, ProdBackward1, shows its dim and keepdim; the node of all elements neither)
    saved_fields = {"dim": lambda ctx: as_saved_int(ctx.dim) if ctx.name() == "ProdBackward1" else ABSENT,
                    "keepdim": lambda ctx: bool(ctx.keepdim) if ctx.name() == "ProdBackward1" else ABSENT}
    fields_when_renamed = True

    @staticmethod
    def forward(ctx, x, dims, keepdim, np_dtype):
        ctx.dims = dims
        ctx.keepdim = keepdim
        out = x.prod(axis=dims[0] if len(dims) == 1 else dims, keepdims=keepdim, dtype=np_dtype)
        return row_major_reduction(x, out, dims, keepdim)

    @staticmethod
    def backward(ctx, m, g, x, dims, keepdim, np_dtype, y):
        g = m.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        if not (x == 0).any().item():  # explicit host sync
            return g * (m.expand_reduced(y, x.shape, ctx.dims, ctx.keepdim) / x)
        return g * m.prod_of_others(x, ctx.dims)


ProdCast = cast_first_saving(Prod)


def _prod_of_others(x, dims):
    """For each element, the product of the other elements of its reduction group (Tensor ops,
    so differentiable again). Row i of an (n, n) expansion holds the group with element i
    replaced by 1: its product is the "others" product, exact with zeros."""
    rest = [d for d in range(x.ndim) if d not in dims]
    perm = rest + list(dims)
    moved = permute(x, perm)
    lead = tuple(moved.shape[:len(rest)])
    flat = moved.reshape(lead + (-1,))
    n = flat.shape[-1]
    eye = wrap(x._device._get_backend().xp.eye(n, dtype=bool), x._device)
    expanded = where(eye, 1.0, unsqueeze(flat, -2))
    others = prod(expanded, -1).reshape(tuple(moved.shape))
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return permute(others, inverse)


def _array_prod_of_others(xp):
    def others(x, dims):
        """The same on arrays, from exclusive cumulative products from both ends."""
        nd = x.ndim
        moved = xp.moveaxis(x, dims, tuple(range(nd - len(dims), nd)))
        lead = moved.shape[:nd - len(dims)]
        flat = moved.reshape(lead + (-1,))
        ones = xp.ones(lead + (1,), x.dtype)
        left = xp.cumprod(xp.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
        right = xp.flip(xp.cumprod(xp.flip(xp.concatenate([flat[..., 1:], ones], axis=-1), -1), axis=-1), -1)
        out = (left * right).reshape(moved.shape)
        return xp.moveaxis(out, tuple(range(nd - len(dims), nd)), dims)
    return others


provide("prod_of_others", _prod_of_others, _array_prod_of_others)


@public
def prod(input, dim=ALL_DIMS, keepdim=False, *, dtype=None):
    """Product over one dim (or all elements); integers and bools give int64."""
    expect_tensor("prod", input)
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"prod() received an invalid combination of arguments - got (Tensor, {type(dim).__name__}), "
                        "but expected one of:\n * (Tensor input, *, torch.dtype dtype = None)\n"
                        " * (Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, "
                        "Tensor out = None)")
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim_error("prod")
        dims = tuple(range(input._data.ndim))
    elif dim is None:
        raise none_dim_error("prod", "Tensor input, *, torch.dtype dtype = None", "Tensor input, int dim, bool keepdim = "
                             "False, *, torch.dtype dtype = None, Tensor out = None")
    else:
        dims = norm_dims(dim, input._data.ndim)
    np_dtype = _sum_dtype(input, dtype)
    if dtype is not None and _float_cast(input, dtype) is not None:
        out = ProdCast.apply(input, np_dtype, dims, keepdim, None)
    else:
        if np_dtype is not None and input._data.dtype.kind == "f":
            input = cast(input, _dt._BY_NP[np_dtype])
            np_dtype = None if np_dtype.kind in "fc" else np_dtype
        out = Prod.apply(input, dims, keepdim, np_dtype)
    if dim is not ALL_DIMS and out._node is not None:
        out._node.torch_name = "ProdBackward1"  # (PyTorch's node of the dim form)
        out._node.dim = dim  # (shown as given: ``_saved_dim``)
    return out


def _logical_reduce(name, input, dim, keepdim):
    """``all`` or ``any`` over ``dim`` (the array's own reduction named ``name``), as a bool tensor (a
    uint8 one for uint8, as PyTorch keeps it)."""
    expect_tensor(name, input)
    dims = None if dim is None else norm_dims(dim, input._data.ndim)
    if isinstance(dim, (list, tuple)) and not dim:  # (PyTorch's all/any over no dims: each element on its own)
        found = input._data != 0
    else:
        found = row_major_reduction(input._data, getattr(input._data, name)(axis=dims, keepdims=keepdim), dims, keepdim)
    found = input._device._get_backend().xp.asarray(found)
    if input.dtype.name == "uint8":  # (minigrad's dtype: the name of NumPy's is computed, 2 us)
        found = found.astype(input._data.dtype)
    return wrap(found, input._device)


@public
def all(input, dim=None, keepdim=False):
    """True where every element (along ``dim``) is nonzero."""
    return _logical_reduce("all", input, dim, keepdim)


@public
def any(input, dim=None, keepdim=False):
    """True where some element (along ``dim``) is nonzero."""
    return _logical_reduce("any", input, dim, keepdim)


@public
def count_nonzero(input, dim=None):
    """Number of nonzero elements (along ``dim``), as int64."""
    expect_tensor("count_nonzero", input)
    return sum(input != 0, dim=dim)


class NanToZero(Op):
    """NaNs replaced by 0; the gradient is multiplied by 0 there (so an infinite gradient
    becomes NaN, as in PyTorch's nansum backward)."""

    torch_name = "NansumBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.kept = x == x
        return ctx.xp.where(ctx.kept, x, x.dtype.type(0))

    @staticmethod
    def backward(ctx, m, g):
        return g * m.const(ctx.kept.astype(g.dtype), g)


@public
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum with NaNs counted as zero (their gradient is zero)."""
    expect_tensor("nansum", input)
    result = input.dtype if dtype is None else _dt.to_dtype(dtype)
    if input._data.dtype.kind == "c":
        raise RuntimeError("nansum on CPU does not support complex inputs")
    if result.is_complex:
        raise NotImplementedError(f"\"nansum_cpu\" not implemented for '{result._torch_name[:-6]}'")
    if input._data.dtype.kind == "f":
        return one_node("NansumBackward0", lambda t: sum(NanToZero.apply(t), dim, keepdim, dtype=dtype), input)
    return sum(input, dim, keepdim, dtype=dtype)


@public
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the elements that are not NaN (NaN where there are none)."""
    expect_tensor("nanmean", input)
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{input.dtype._torch_name[:-6]}")
    if dtype is not None and _dt.to_dtype(dtype).category < 2:
        raise RuntimeError(f"nanmean(): could not infer output dtype. Optional dtype must be either a floating "
                           f"point or complex dtype. Got: {_dt.to_dtype(dtype)._torch_name[:-6]}")
    kept = input == input
    return nansum(input, dim, keepdim, dtype=dtype) / sum(kept, dim, keepdim)
