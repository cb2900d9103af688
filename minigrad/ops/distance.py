"""The vector p-norm with PyTorch's gradient (``linalg_vector_norm_backward``): zero where the norm
is zero, rather than the 0/0 of the chain rule through sqrt. ``normalize``, ``cosine_similarity``
and ``pairwise_distance`` (in ``nn.functional``) are built on it, as PyTorch builds them."""
import math

from .. import dtypes as _dt
from ..autograd.namespace import array_math, constant
from ..autograd.op import Op
from .._int_arguments import _wrap_dim
from ._api import public
from ._out import write_out
from ._util import expect_number, expect_tensor, NotATensorError
from ._operands import to_float
from .arithmetic import _check_bool_subtraction
from .one_node import one_node
from .spectral import singular_value_norm
from .order import amax, amin
from .reduce import sum as _sum
from .unary import abs as _abs


class VectorNorm(Op):
    """(sum |x|^p)^(1/p) over ``dims`` for a finite p other than 1 (p = 0: the count of nonzeros)."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "LinalgVectorNormBackward0"
    saves = (True,)
    saves_output = True

    @staticmethod
    def forward(ctx, x, p, dims, keepdim):
        xp = ctx.xp
        if x.dtype.kind == "f" and x.dtype.itemsize == 2:  # float16: in float32, as PyTorch's kernel, rounded once
            return VectorNorm.forward(ctx, x.astype(xp.float32), p, dims, keepdim).astype(x.dtype)
        ctx.in_shape = x.shape
        total = array_math(xp).sum
        if p != 0 and all(x.shape[d] == 1 for d in dims):  # one element per norm: |x| exactly, as PyTorch
            out = xp.abs(x)                                # (the power and root would underflow tiny values)
            return out if keepdim else out.reshape(tuple(n for d, n in enumerate(x.shape) if d not in dims))
        if p == 2:
            return xp.sqrt(total(x * x, dims, keepdim))
        if p == 0:
            return total((x != 0).astype(x.dtype), dims, keepdim)
        return total(xp.abs(x) ** constant(xp, p, x.dtype), dims, keepdim) ** constant(xp, 1 / p, x.dtype)

    @staticmethod
    def backward(ctx, m, g, x, p, dims, keepdim, y):
        if p == 0:
            return None  # (PyTorch's gradient of the count is None too)
        if p < 1:
            g = m.expand_reduced(g, ctx.in_shape, dims, keepdim)
            y = m.expand_reduced(y, ctx.in_shape, dims, keepdim)
            a = m.abs(x)
            scaled = m.sign(x) * m.masked(x != m.scalar(0, x), a ** m.scalar(p - 1, a))
            return scaled * g * y ** m.scalar(1 - p, y)
        # the scale has one value per norm: computed on the norms (dims kept), then broadcast against x
        kept = tuple(1 if d in dims else n for d, n in enumerate(ctx.in_shape))
        g = m.expand_reduced(g, kept, dims, keepdim)
        y = m.expand_reduced(y, kept, dims, keepdim)
        nonzero = y != m.scalar(0, y)
        if p == 2:  # PyTorch's g * (x / y), 0 where the norm is 0 (y made 1 there: x / y stays finite)
            safe = m.where(nonzero, y, m.zeros_like(y) + m.scalar(1, y))
            return x / safe * m.masked(nonzero, g)
        scale = m.masked(nonzero, g / y ** m.scalar(p - 1, y))
        if p < 2:
            return m.sign(x) * m.abs(x) ** m.scalar(p - 1, x) * scale
        return x * m.abs(x) ** m.scalar(p - 2, x) * scale


def vector_norm_dims(dim, ndim):
    """A norm's reduction dims as PyTorch reads them: an int or a sequence, None or empty meaning
    all dims, none repeated."""
    dims = () if dim is None else dim if isinstance(dim, (tuple, list)) else (dim,)
    if not dims:
        return tuple(range(ndim))
    wrapped = [_wrap_dim(d, ndim) for d in dims]  # (PyTorch's IndexError for a dim out of range)
    for i, d in enumerate(wrapped):
        if d in wrapped[:i]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return tuple(sorted(wrapped)) if ndim else ()


def check_norm_identity(x, ord, dim):
    """PyTorch's RuntimeError for a negative-order norm of ``x`` (no identity) over an empty
    reduction: of an empty tensor when ``dim`` is None or empty (all dims), else naming the first
    empty dim as given."""
    if ord >= 0:
        return
    shown = f"{ord:g}" if math.isfinite(ord) else "-inf"
    if (dim is None or isinstance(dim, (list, tuple)) and not dim) and x.numel() == 0:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {shown} norm on an empty tensor because the "
                           "operation does not have an identity")
    for d in ((dim,) if isinstance(dim, int) else dim or ()):
        if x.ndim and x.shape[_wrap_dim(d, x.ndim)] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {shown} norm on the dimension {d}because "
                               "this dimension is empty and the operation does not have an identity")


_MATRIX_ORDS = ("fro", "nuc", 2, -2, 1, -1, math.inf, -math.inf)


def matrix_norm_dims(A, ord, dim):
    """The (rows, cols) dims of a matrix norm of ``A``, with PyTorch's checks in its order: the order,
    then at least two dims, then exactly two distinct ``dim``."""
    if ord not in _MATRIX_ORDS:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(str(d) for d in dim)}")
    rows, cols = (_wrap_dim(d, A.ndim) for d in dim)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({rows}, {cols})")
    return rows, cols


def vector_norm(input, p=2.0, dim=-1, keepdim=False):
    """The p-norm of ``input`` along ``dim`` (an int or a tuple), with PyTorch's gradient at 0; a
    complex input's is the norm of its absolute values (real)."""
    x = to_float(input)
    if x._data.dtype.kind == "c":
        x = _abs(x)
    dims = vector_norm_dims(dim, x.ndim)
    if p == 1:  # (one node, as PyTorch's: the sum of absolute values)
        return one_node("LinalgVectorNormBackward0", lambda t: _sum(_abs(t), dims, keepdim), x)
    if p == math.inf:
        for d in dims:
            if x.shape[d] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the inf norm on the dimension {d}because "
                                   "this dimension is empty and the operation does not have an identity")
        return one_node("LinalgVectorNormBackward0", lambda t: amax(_abs(t), dims, keepdim), x)
    return VectorNorm.apply(x, float(p), dims, keepdim)


def norm_in_dtype(name, x, dtype):
    """``x`` in ``dtype`` for a norm computed there: PyTorch refuses a complex dtype for a real input
    (and the reverse) and a dtype narrower than x's."""
    dtype = _dt.to_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"linalg.{name}: dtype should be floating point or complex, but got "
                           f"{dtype._torch_name[:-6]}")
    if x.dtype.is_complex != dtype.is_complex:
        kind = "complex" if x.dtype.is_complex else "real"
        raise RuntimeError(f"linalg.{name}: dtype should be {kind} for {kind} inputs, but got {dtype._torch_name[:-6]}")
    if _dt.promote_types(x.dtype, dtype) != dtype:
        raise RuntimeError(f"linalg.{name}: the dtype of the input ({x.dtype._torch_name[:-6]}) should be convertible "
                           f"without narrowing to the specified dtype ({dtype._torch_name[:-6]})")
    return x.to(dtype)


@public
def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """Vector p-norm over ``dim`` (all dims when None; 2-norm / Frobenius by default), computed in
    ``dtype`` if given, with PyTorch's gradient at 0; written into ``out`` if given (by name or at
    PyTorch's position) and ``out`` returned."""
    expect_tensor("norm", input, error=NotATensorError)  # (PyTorch's code reads input.layout first)
    if out is not None:
        return write_out("norm", norm(input, p, dim, keepdim, dtype=dtype), out)
    if p is None:  # (PyTorch's default, given explicitly)
        p = "fro"
    if not (input.dtype.is_floating_point or input.dtype.is_complex):  # (checked before dtype=, as PyTorch)
        raise RuntimeError(f"linalg.{'matrix_norm' if p == 'nuc' else 'vector_norm'}: Expected a floating point or "
                           f"complex tensor as input. Got {input.dtype._torch_name[:-6]}")
    x = to_float(input) if dtype is None else norm_in_dtype("matrix_norm" if p == "nuc" else "vector_norm", input, dtype)
    if isinstance(p, str):
        if p != "fro" or not (dim is None or isinstance(dim, int) or len(dim) <= 2):  # PyTorch's matrix_norm
            rows, cols = matrix_norm_dims(x, p, tuple(range(x.ndim)) if dim is None else
                                          (dim,) if isinstance(dim, int) else tuple(dim))
            if p == "fro":
                return vector_norm(x, 2, (rows, cols), keepdim)
            return singular_value_norm(x, "nuc", rows, cols, keepdim)
        p = 2
    p = expect_number("linalg_vector_norm", p, "ord", 2)
    check_norm_identity(x, p, dim)
    if p == -math.inf:
        return amin(_abs(x), dim if dim is not None else (), keepdim)
    return vector_norm(x, p, tuple(range(x.ndim)) if dim is None else dim, keepdim)


@public(method=False)
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The ``p``-norm distance between each row of ``x1`` (..., P, M) and each row of ``x2``
    (..., R, M): a (..., P, R) tensor. Computed directly (PyTorch may use a matrix product for
    large p=2 inputs, which rounds differently), with the norm's gradient at zero distance."""
    expect_tensor("cdist", x1)
    expect_tensor("cdist", x2, "x2", 2)
    if x1.ndim < 2 or x2.ndim < 2:
        bad, name = (x1, "X1") if x1.ndim < 2 else (x2, "X2")
        raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {bad.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}")
    p = expect_number("cdist", p, "p", 3, "float")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if not (x1.is_floating_point() and x2.is_floating_point()):
        bad, name = (x1, "X1") if not x1.is_floating_point() else (x2, "X2")
        raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: {bad.dtype._torch_name[:-6]}")
    if x1.dtype is not x2.dtype:
        raise RuntimeError(f"expected scalar type {x1.dtype._torch_name[:-6]} but found {x2.dtype._torch_name[:-6]}")
    return one_node("CdistBackward0", lambda a, b: _cdist(a, b, p), x1, x2,
                    double=("CdistBackwardBackward0", "_cdist_backward"))


def _cdist(x1, x2, p):
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    out = vector_norm(diff, p, -1)
    if p == 0:  # a count of nonzeros: its gradient is zeros in PyTorch's cdist (None in the norm's)
        out = out + (diff * 0.0).sum(-1)
    return out


@public
def dist(input, other, p=2):
    """The ``p``-norm of ``input - other`` (broadcast) over all elements."""
    expect_tensor("dist", input)
    expect_tensor("dist", other, "other", 2)
    p = expect_number("dist", p, "p", 3)
    _check_bool_subtraction(input, other)
    result = _dt.result_type(input, other)  # (an int operand beside a float one is promoted)
    if result.category < 2:
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. "
                           f"Got {result._torch_name[:-6]} instead.")
    input, other = input.to(result), other.to(result)
    return one_node("DistBackward0", lambda a, b: vector_norm(a - b, p, tuple(range(max(a.ndim, b.ndim)))),
                    input, other)
