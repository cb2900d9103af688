"""``minigrad.linalg``: the norms of ``torch.linalg`` (vector norms of any order, matrix norms),
its determinants, solvers and decompositions (``ops/determinants.py``, ``ops/solve.py``,
``ops/spectral.py`` ...), and its products and shapes (multi_dot, matrix_power, vecdot, cross:
``ops/products.py``; diagonal, vander: ``ops/structured.py``)."""
import math

from .ops._util import expect_number, expect_tensor
from .ops.linalg_checks import LinAlgError, check_matrix as _check_matrix, check_shape as _check_shape  # noqa: F401
from .ops.solve import Inv as _Inv, inv_ex, solve, solve_ex, tensorinv, tensorsolve  # noqa: F401
from .ops.triangular import solve_triangular  # noqa: F401
from .ops.lu import lu, lu_factor, lu_factor_ex, lu_solve  # noqa: F401
from .ops.householder import householder_product  # noqa: F401
from .ops.ldl import ldl_factor, ldl_factor_ex, ldl_solve  # noqa: F401
from .ops.cholesky import cholesky_ex, linalg_cholesky as cholesky  # noqa: F401
from .ops.determinants import det, linalg_slogdet as slogdet  # noqa: F401
from .ops.solve import linalg_inv as inv  # noqa: F401
from .ops.distance import matrix_norm_dims as _matrix_norm_dims, norm_in_dtype as _norm_in_dtype
from .ops.distance import check_norm_identity as _check_norm_identity, vector_norm as _vector_norm, _MATRIX_ORDS
from .ops.spectral import eigh, eigvalsh, linalg_qr as qr, linalg_svd as svd, svdvals  # noqa: F401
from .ops.matrix_functions import lstsq, matrix_exp, matrix_rank, pinv  # noqa: F401
from .ops.eig import eig, eigvals  # noqa: F401
from .ops.spectral import singular_value_norm
from .ops.order import amax, amin
from .ops.products import multi_dot, matrix_power, vecdot, linalg_cross as cross  # noqa: F401
from .ops.linalg import matmul  # noqa: F401  (torch.linalg.matmul: torch.matmul's other name)
from .ops.structured import linalg_diagonal as diagonal, linalg_vander as vander  # noqa: F401
from .ops.reduce import sum as _sum
from .ops.unary import abs as _abs
from .tensor import wrap as _wrap


def _floating(name, x, dtype):
    expect_tensor(name, x)
    if not (x.dtype.is_floating_point or x.dtype.is_complex):  # checked before any dtype= conversion, as PyTorch
        raise RuntimeError(f"linalg.{name}: Expected a floating point or complex tensor as input. "
                           f"Got {x.dtype._torch_name[:-6]}")
    return x if dtype is None else _norm_in_dtype(name, x, dtype)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ``ord``-norm of ``x`` as a vector over ``dim`` (an int, a tuple, or None: all dims);
    ``inf`` is the largest absolute value, ``-inf`` the smallest, 0 the count of nonzeros."""
    if isinstance(ord, complex):
        raise RuntimeError("linalg.vector_norm: Expected a non-complex scalar as the order of norm.")
    ord = expect_number("linalg_vector_norm", ord, "ord")
    x = _floating("vector_norm", x, dtype)
    dims = tuple(range(x.ndim)) if dim is None else dim
    _check_norm_identity(x, ord, dim)
    if ord == -math.inf:
        return amin(_abs(x), dims, keepdim)
    return _vector_norm(x, ord, dims, keepdim)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The ``ord``-norm of the matrices over the two dims ``dim``: ``"fro"`` (Frobenius), ``"nuc"`` (the sum
    of the singular values), 2 / -2 (the largest / smallest singular value), 1 / -1 (largest / smallest
    column sum of absolute values), ``inf`` / ``-inf`` (row sums)."""
    if not isinstance(dim, (tuple, list)):
        raise TypeError(f"linalg_matrix_norm(): argument 'dim' must be tuple of ints, not {type(dim).__name__}")
    A = _floating("matrix_norm", A, dtype)
    rows, cols = _matrix_norm_dims(A, ord, dim)
    if ord == 2 and 0 in (A.shape[rows], A.shape[cols]) or ord == 1 and A.shape[cols] == 0 or (
            ord == math.inf and A.shape[rows] == 0):
        # the largest of no singular values or sums: PyTorch's new zeros (outside the graph)
        return _sum(_abs(A), (rows, cols), keepdim).detach()
    if ord == "fro":
        return _vector_norm(A, 2, (rows, cols), keepdim)
    if ord in ("nuc", 2, -2):
        return singular_value_norm(A, ord, rows, cols, keepdim)
    if ord in (1, -1, math.inf, -math.inf):
        summed, other = (rows, cols) if ord in (1, -1) else (cols, rows)
        sums = _sum(_abs(A), summed, keepdim=True)
        pick = amax if ord > 0 else amin
        out = pick(sums, other, keepdim=True)
        return out if keepdim else out.squeeze((rows, cols))
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm (over one dim, or over all when neither ``ord`` nor ``dim`` is given) or a
    matrix norm (over two dims, or of a 2-D input with ``ord`` and no ``dim``), as torch.linalg.norm."""
    expect_tensor("norm", A)
    if isinstance(dim, int):
        dim = (dim,)
    if dim is None and ord is not None:
        if A.ndim not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                               f"Got {A.ndim}D.")
        if isinstance(ord, str):
            return matrix_norm(A, ord, keepdim=keepdim, dtype=dtype)
        dim = tuple(range(A.ndim))
    if dim is not None and len(dim) not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dim)}")
    if dim is not None and len(dim) == 2:
        return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)
    if isinstance(ord, str):  # a matrix order over fewer than two dims: matrix_norm's error
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


def cond(A, p=None):
    """The condition number of each matrix in the ``p``-norm: the ratio of extreme singular values for
    None, 2 and -2 (any shape); ||A||_p ||A^-1||_p for "fro", "nuc", 1, -1, inf, -inf (square; inf where
    A is singular)."""
    expect_tensor("linalg_cond", A)
    if isinstance(p, str):  # (PyTorch's checks of a named order: the shape first, then the order)
        _check_shape(f"linalg.cond(ord={p})", A)
    elif A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p is not None and p not in _MATRIX_ORDS:  # (the matrix norms' orders)
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p if isinstance(p, str) else format(p, 'g')}")
    if p is None or p in (2, -2):
        _check_matrix("linalg.svd", A, square=False, complex_ok=True)  # (PyTorch's checks, in its svd)
        S = svdvals(A)
        if S.shape[-1] == 0:
            return S.sum(-1)  # (no singular values: PyTorch's 0)
        return S[..., -1] / S[..., 0] if p == -2 else S[..., 0] / S[..., -1]
    _check_matrix(f"linalg.cond(ord={p})", A, complex_ok=True)
    xp = A._device._get_backend().xp
    singular = xp.linalg.det(A._data) == 0 if A._data.size else xp.zeros(A.shape[:-2], bool)
    if not singular.any().item():
        return matrix_norm(A, p) * matrix_norm(_Inv.apply(A, "linalg.inv"), p)
    mask = _wrap(singular[..., None, None], A._device)
    safe = A.where(~mask, _wrap(xp.eye(A.shape[-1], dtype=A._data.dtype), A._device))
    ratio = matrix_norm(A, p) * matrix_norm(_Inv.apply(safe, "linalg.inv"), p)
    return ratio.where(~mask[..., 0, 0], float("inf"))


from .ops import _out  # noqa: E402
globals().update(_out.exported(globals(), "linalg"))  # PyTorch's out= on the functions that take it (ops/_out.py)
del _out
