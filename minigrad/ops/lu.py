"""LU factorization with partial pivoting (A = P L U) and the solvers built on it: linalg.lu_factor(_ex),
linalg.lu, linalg.lu_solve, lu_unpack and the older torch.lu / torch.lu_solve, with PyTorch's conventions
(LAPACK getrf's packed factors and 1-based int32 pivots) and the gradients of its FunctionsManual.

NumPy has no LU: ``getrf`` below is the textbook right-looking elimination, batched, picking LAPACK's
pivots (the first entry of largest magnitude in the column). The pivots and LAPACK's ``info`` are not
differentiable, so the factorization is computed once outside the op, which only records it."""
import contextlib
import math
import warnings

from .. import dtypes as _dt
from .._errors import user_stacklevel
from ..autograd.op import Op
from ..tensor import wrap
from ._api import public
from ._util import expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .._array_layout import column_major
from .linalg_checks import check_float, check_same_dtype
from .multi_output import Piece, _result, unpack
from .triangular import SolveTriangular, _substitute, triangle_mask

LuFactorResult = _result("linalg_lu_factor", ["LU", "pivots"])
LuFactorExResult = _result("linalg_lu_factor_ex", ["LU", "pivots", "info"])
LuResult = _result("linalg_lu", ["P", "L", "U"])
LuUnpackResult = _result("lu_unpack", ["P", "L", "U"])
LuWithInfoResult = _result("_lu_with_info", ["LU", "pivots", "info"])


def getrf(xp, A):
    """(LU, pivots, info) of each matrix in A as LAPACK's getrf: L (unit diagonal, not stored) below the
    diagonal of LU and U on and above it, row i swapped with row pivots[i] - 1 at step i, and info the
    1-based index of the first zero pivot (0 if none; the elimination carries on past it). A complex
    column's pivot is LAPACK's too: the largest |Re| + |Im|, not the largest modulus."""
    m, n = A.shape[-2:]
    k = min(m, n)
    batch = A.shape[:-2]
    LU = A.reshape((math.prod(batch), m, n)).copy()  # (-1 is ambiguous for 0 x 0 matrices)
    rows = xp.arange(LU.shape[0])
    pivots = xp.zeros((LU.shape[0], k), dtype=_dt.int32.np)
    info = xp.zeros(LU.shape[0], dtype=_dt.int32.np)
    for j in range(k):
        column = LU[:, j:, j]
        size = xp.abs(column.real) + xp.abs(column.imag) if column.dtype.kind == "c" else xp.abs(column)
        p = j + xp.argmax(size, axis=-1)
        pivots[:, j] = p + 1
        top = LU[rows, j].copy()
        LU[rows, j] = LU[rows, p]
        LU[rows, p] = top
        d = LU[:, j, j]
        zero = d == 0
        info = xp.where((info == 0) & zero, j + 1, info).astype(info.dtype)
        LU[:, j + 1:, j] *= (1 / xp.where(zero, 1, d))[:, None]  # (a zero pivot's column is all zeros)
        LU[:, j + 1:, j + 1:] -= LU[:, j + 1:, j, None] * LU[:, j, None, j + 1:]
    return LU.reshape(A.shape), pivots.reshape(batch + (k,)), info.reshape(batch)


def row_order(xp, pivots, m):
    """The rows of P^T A, for LAPACK pivots of m rows: row i of P^T A is row order[..., i] of A."""
    batch = pivots.shape[:-1]
    piv = pivots.reshape((math.prod(pivots.shape[:-1]), pivots.shape[-1])).astype(_dt.int64.np) - 1
    perm = xp.broadcast_to(xp.arange(m), (piv.shape[0], m)).copy()
    rows = xp.arange(piv.shape[0])
    for j in range(piv.shape[-1]):
        here, there = perm[rows, j].copy(), perm[rows, piv[:, j]].copy()
        perm[rows, j], perm[rows, piv[:, j]] = there, here
    return perm.reshape(batch + (m,))


def permutation(xp, pivots, m, dtype):
    """The permutation matrices P (A = P L U) of LAPACK pivots for m rows."""
    Pt = xp.eye(m, dtype=dtype)[row_order(xp, pivots, m)]
    return xp.ascontiguousarray(xp.swapaxes(Pt, -1, -2))  # (row-major, as PyTorch's P)


def _factors(m, LU, dtype, xp):
    """(L, U) of a packed square LU (arrays or Tensors: ``m`` is the backward vocabulary)."""
    n = LU.shape[-1]
    L = LU * m.const(triangle_mask(xp, n, False, -1, dtype), LU) + m.const(xp.eye(n, dtype=dtype), LU)
    return L, LU * m.const(triangle_mask(xp, n, True, 0, dtype), LU)


def lapack_solve(xp, A, B, adjoint=False):
    """A^-1 B (A^-T B if ``adjoint``) by ``getrf`` and substitution, as LAPACK's getrf and getrs leave it
    where A is singular too: a zero pivot of U divides into inf and NaN (what the ``_ex`` functions return
    there; NumPy's solvers raise instead). Rows are permuted by indexing: a product with P would turn
    an infinity into NaN."""
    n = A.shape[-1]
    LU, pivots, _ = getrf(xp, A)
    batch = broadcast_shapes(A.shape[:-2], B.shape[:-2])
    B = xp.broadcast_to(B, batch + B.shape[-2:])
    order = xp.broadcast_to(row_order(xp, pivots, n)[..., None], batch + (n, 1))
    if LU.dtype.kind == "c":  # (PyTorch's complex division by a zero pivot gives NaN, C's an infinity)
        diagonal = xp.arange(n)
        LU[..., diagonal, diagonal] = xp.where(LU[..., diagonal, diagonal] == 0, xp.nan, LU[..., diagonal, diagonal])
    LUt = xp.swapaxes(LU, -1, -2)
    with (xp.errstate(divide="ignore", invalid="ignore") if hasattr(xp, "errstate") else contextlib.nullcontext()):
        if not adjoint:  # U^-1 L^-1 P^T B
            return _substitute(xp, LU, _substitute(xp, LU, xp.take_along_axis(B, order, -2), False, True), True, False)
        Z = _substitute(xp, LUt, _substitute(xp, LUt, B, False, False), True, True)  # (A^T = U^T L^T P^T)
        return xp.take_along_axis(Z, xp.argsort(order, axis=-2), -2)


class LuFactor(Op):
    """The packed LU factors of A (computed by ``getrf`` and handed in with P); PyTorch's gradient through
    L and U: for square A, grad A = P L^-T [(L^T gL) o strictly lower + (gU U^T) o upper] U^-T, and
    for a wide (tall) A the block of U (L) past the square part carries its gradient through too."""

    torch_name = "LinalgLuFactorExBackward0"
    saves_output = True
    holomorphic = True

    @staticmethod
    def forward(ctx, A, LU, P):
        ctx.P, ctx.dtype = P, A.dtype
        return column_major(LU)

    @staticmethod
    def backward(ctx, m, g, A, LU, P, out):
        rows, cols = out.shape[-2:]
        k = min(rows, cols)
        xp, dtype = ctx.xp, ctx.dtype
        L, U1 = _factors(m, out[..., :k, :k], dtype, xp)
        strict, upper = (m.const(triangle_mask(xp, k, u, d, dtype), g) for u, d in ((False, -1), (True, 0)))
        phi = (m.mT(L) @ g[..., :k, :k]) * strict + (g[..., :k, :k] @ m.mT(U1)) * upper
        if cols > k:  # wide: U = [U1 U2], U2 = L^-1 P^T A2
            U2, gU2 = out[..., :k, k:], g[..., :k, k:]
            phi = phi - (gU2 @ m.mT(U2)) * strict
        if rows > k:  # tall: L = [L1; L2], L2 = A2 U^-1
            L2, gL2 = out[..., k:, :k], g[..., k:, :k]
            phi = phi - (m.mT(L2) @ gL2) * upper
        gA = m.op(SolveTriangular, m.mT(L), phi, True, True, True)
        gA = m.op(SolveTriangular, m.mT(U1), gA, False, False, False)
        if cols > k:
            gA2 = m.op(SolveTriangular, m.mT(L), gU2, True, True, True)
            gA = gA @ m.const(xp.eye(k, cols, dtype=dtype), g) + gA2 @ m.const(xp.eye(cols - k, cols, k, dtype), g)
        if rows > k:
            gA2 = m.op(SolveTriangular, m.mT(U1), gL2, False, False, False)
            gA = m.const(xp.eye(rows, k, dtype=dtype), g) @ gA + m.const(xp.eye(rows, rows - k, -k, dtype), g) @ gA2
        return m.const(ctx.P, g) @ gA, None, None


class LuUnpack(Op):
    """L (m x k, unit lower) and U (k x n, upper) of packed LU factors, packed along the last axis
    (``Piece`` cuts them out): each factor's gradient goes back to its triangle."""

    holomorphic = True  # (linear, with real coefficients)

    @staticmethod
    def forward(ctx, LU, name):
        xp = ctx.xp
        ctx.torch_name, ctx.dtype, ctx.shape = name, LU.dtype, LU.shape[-2:]
        rows, cols = ctx.shape
        k = min(rows, cols)
        L = xp.tril(LU[..., :, :k], -1) + xp.eye(rows, k, dtype=LU.dtype)
        U = xp.triu(LU[..., :k, :])
        batch = LU.shape[:-2]
        return xp.concatenate([L.reshape(batch + (rows * k,)), U.reshape(batch + (k * cols,))], -1)

    @staticmethod
    def backward(ctx, m, g):
        xp, dtype = ctx.xp, ctx.dtype
        batch, (rows, cols) = g.shape[:-1], ctx.shape
        k = min(rows, cols)
        gL = g[..., :rows * k].reshape(batch + (rows, k))
        gU = g[..., rows * k:].reshape(batch + (k, cols))
        gL = (gL * m.const(xp.tril(xp.ones((rows, k), dtype), -1), g)) @ m.const(xp.eye(k, cols, dtype=dtype), g)
        gU = m.const(xp.eye(rows, k, dtype=dtype), g) @ (gU * m.const(xp.triu(xp.ones((k, cols), dtype)), g))
        return gL + gU, None


def _lu_solve(xp, LU, P, B, adjoint):
    """A^-1 B (A^-T B if ``adjoint``) for A = P L U given packed LU (batch dims broadcast)."""
    LUt = xp.swapaxes(LU, -1, -2)
    if adjoint:  # A^T = U^T L^T P^T
        return column_major(P @ _substitute(xp, LUt, _substitute(xp, LUt, B, False, False), True, True))
    Y = _substitute(xp, LU, xp.swapaxes(P, -1, -2) @ B, False, True)
    return column_major(_substitute(xp, LU, Y, True, False))


class LuSolve(Op):
    """X with A X = B (A^T X = B if ``adjoint``; X A = B or X A^T = B unless ``left``) from A's packed
    LU factors and P. grad B is the adjoint solve of g; grad A (-gB X^T for A X = B) goes to LU as
    L's and U's: strictly lower of P^T gA U^T plus upper of L^T P^T gA."""

    torch_name = "LinalgLuSolveBackward0"
    broadcasting = True
    saves = (True, True)
    saves_output = 0
    holomorphic = True

    @staticmethod
    def forward(ctx, LU, B, P, left, adjoint):
        xp = ctx.xp
        ctx.dtype = LU.dtype
        if left:
            return _lu_solve(xp, LU, P, B, adjoint)
        return xp.swapaxes(_lu_solve(xp, LU, P, xp.swapaxes(B, -1, -2), not adjoint), -1, -2)

    @staticmethod
    def backward(ctx, m, g, LU, B, P, left, adjoint, X):
        nLU, nB = ctx.needs_input_grad[:2]
        sLU, sB = ctx.shapes[:2]
        gB = m.op(LuSolve, LU, g, P, left, not adjoint)
        gLU = None
        if nLU:
            if left:
                gA = -(X @ m.mT(gB)) if adjoint else -(gB @ m.mT(X))
            else:
                gA = -(m.mT(gB) @ X) if adjoint else -(m.mT(X) @ gB)
            L, U = _factors(m, LU, ctx.dtype, ctx.xp)
            PtgA = m.const(ctx.xp.swapaxes(P, -1, -2), g) @ gA
            n = LU.shape[-1]
            strict, upper = (m.const(triangle_mask(ctx.xp, n, u, d, ctx.dtype), g) for u, d in ((False, -1), (True, 0)))
            gLU = m.sum_to((PtgA @ m.mT(U)) * strict + (m.mT(L) @ PtgA) * upper, sLU)
        return gLU, (m.sum_to(gB, sB) if nB else None)


# ------------------------------------------------------------------------- public functions

def _check_lu_input(name, A, pivot):
    check_float(name, A, complex_ok=True)
    if A.ndim < 2:
        raise RuntimeError(f"torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: "
                           f"{list(A.shape)} instead")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


def _check_pivots(name, info, batched):
    """PyTorch's RuntimeError (not a LinAlgError) naming the first matrix with a zero on U's diagonal."""
    if info.size and (info != 0).any().item():
        flat = info.reshape(-1)
        at = int((flat != 0).argmax().item())
        where = f"(Batch element {at}): " if batched else ""
        i = int(flat[at].item())
        raise RuntimeError(f"{name}: {where}U[{i},{i}] is zero and using it on lu_solve would result in a division "
                           "by zero. If you still want to perform the factorization, consider calling "
                           "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def _factor(A):
    """(LU Tensor recording LuFactor, pivots Tensor, info array, P array) of A."""
    xp = A._device._get_backend().xp
    LU, pivots, info = getrf(xp, A._data)
    P = permutation(xp, pivots, A.shape[-2], A._data.dtype)
    return LuFactor.apply(A, LU, P), wrap(pivots, A._device), info, P


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """(LU, pivots, info): A = P L U packed as LAPACK's getrf (L's strictly lower part and U in LU, 1-based
    int32 row swaps in pivots), info the index of U's first zero diagonal entry (0 if none); with
    ``check_errors`` a nonzero info raises."""
    _check_lu_input("linalg.lu_factor_ex", A, pivot)
    LU, pivots, info, _ = _factor(A)
    if check_errors:
        _check_pivots("torch.linalg.lu_factor_ex", info, A.ndim > 2)
    return LuFactorExResult(LU, pivots, wrap(info, A._device))


def lu_factor(A, *, pivot=True):
    """(LU, pivots) of A = P L U, packed as LAPACK's getrf; raises where U has a zero on its diagonal
    (linalg.lu_factor_ex does not)."""
    _check_lu_input("linalg.lu_factor", A, pivot)
    LU, pivots, info, _ = _factor(A)
    _check_pivots("torch.linalg.lu_factor", info, A.ndim > 2)
    return LuFactorResult(LU, pivots)


def _unpack_data(LU, name):
    rows, cols = LU.shape[-2:]
    k = min(rows, cols)
    return unpack(LuUnpack.apply(LU, name), LU.shape[:-2], ((rows, k), (k, cols)), name)


def lu(A, *, pivot=True):
    """(P, L, U) with A = P L U: P a permutation matrix, L unit lower triangular (m x k), U upper (k x n),
    k = min(m, n); singular matrices too."""
    _check_lu_input("linalg.lu", A, pivot)
    LU, _, _, P = _factor(A)
    L, U = _unpack_data(LU, "LinalgLuBackward0")
    return LuResult(wrap(P, A._device), L, U)


@public("lu_unpack", method=False)
def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from the packed factors and pivots of linalg.lu_factor; L and U (P) are empty tensors
    unless ``unpack_data`` (``unpack_pivots``)."""
    expect_tensor("lu_unpack", LU_data, "LU_data")
    expect_tensor("lu_unpack", LU_pivots, "LU_pivots", 2)
    if LU_data.ndim < 2:
        raise RuntimeError(f"torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: "
                           f"{list(LU_data.shape)} instead")
    rows, cols = LU_data.shape[-2:]
    k = min(rows, cols)
    if LU_pivots.dtype != _dt.int32:
        raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype. "
                           "Note: this function is intended to be used with the output produced by "
                           "torch.linalg.lu_factor")
    if tuple(LU_pivots.shape) != tuple(LU_data.shape[:-2]) + (k,):
        raise RuntimeError(f"torch.lu_unpack: Expected LU_pivots.size(-1) == min(LU_data.size(-1), "
                           f"LU_data.size(-2)), but got {LU_pivots.shape[-1] if LU_pivots.ndim else 0} and {k}")
    xp = LU_data._device._get_backend().xp
    empty = wrap(xp.zeros((0,), dtype=LU_data._data.dtype), LU_data._device)
    if unpack_data:
        L, U = _unpack_data(LU_data, "LuUnpackBackward0")
    else:  # (empty, but recorded: PyTorch's require grad)
        packed = LuUnpack.apply(LU_data, "LuUnpackBackward0")
        L, U = (Piece.apply(packed, 0, 0, (0,), "LuUnpackBackward0") for _ in range(2))
    P = wrap(permutation(xp, LU_pivots._data, rows, LU_data._data.dtype), LU_data._device) if unpack_pivots else empty
    return LuUnpackResult(P, L, U)


def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """X with A X = B (``left``) or X A = B, or with A^H for ``adjoint``, from A's LU factors and pivots
    (linalg.lu_factor); batch dims broadcast."""
    check_float("linalg.lu_solve", LU, complex_ok=True)
    expect_tensor("linalg.lu_solve", pivots, "pivots", 2)
    expect_tensor("linalg.lu_solve", B, "B", 3)
    if LU.ndim < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor LU must have at least 2 dimensions.")
    n = LU.shape[-1]
    if LU.shape[-2] != n:
        raise RuntimeError(f"linalg.lu_solve: LU must be batches of square matrices, but they are "
                           f"{LU.shape[-2]} by {n} matrices")
    if B.ndim < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    if B.shape[-2 if left else -1] != n:
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {B.shape[-2]}x{B.shape[-1]})")
    if not pivots.ndim:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    if pivots.shape[-1] != n:
        raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix")
    if tuple(pivots.shape) != tuple(LU.shape[:-1]):
        raise RuntimeError(f"linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to be the same, but got pivots "
                           f"with shape {list(pivots.shape)} instead")
    if pivots.dtype != _dt.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type Int")
    check_same_dtype("linalg.lu_solve", LU, B)
    try:
        broadcast_shapes(tuple(LU.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"linalg.lu_solve: the batch dims of LU {tuple(LU.shape)} and B {tuple(B.shape)} "
                           "do not broadcast") from None
    xp = LU._device._get_backend().xp
    P = permutation(xp, pivots._data, n, LU._data.dtype)
    if adjoint and LU.dtype.is_complex:  # (A^H is the transpose of conj(A), whose factors are conj(LU))
        LU = LU.conj()
    return LuSolve.apply(LU, B, P, bool(left), bool(adjoint))


@public("lu_solve")
def torch_lu_solve(input, LU_data, LU_pivots):
    """X with A X = ``input`` from A's LU factors (the older form of linalg.lu_solve, deprecated in
    PyTorch, with the same warning here)."""
    warnings.warn("torch.lu_solve is deprecated in favor of torch.linalg.lu_solve and will be removed in a future "
                  "PyTorch release.", UserWarning, stacklevel=user_stacklevel())
    expect_tensor("lu_solve", input)
    return lu_solve(LU_data, LU_pivots, input)


@public("lu")
def torch_lu(A, pivot=True, get_infos=False):
    """(LU, pivots), or (LU, pivots, info) with ``get_infos``: the older form of linalg.lu_factor_ex
    (deprecated in PyTorch, with the same warning here); never raises on a singular matrix."""
    warnings.warn("torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will "
                  "be removed in a future PyTorch release.", UserWarning)  # (PyTorch's names its own file)
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    return LuWithInfoResult(LU, pivots, info) if get_infos else (LU, pivots)
