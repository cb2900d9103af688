"""LDL^T factorization of symmetric matrices with Bunch-Kaufman pivoting (linalg.ldl_factor,
linalg.ldl_factor_ex) and the solver built on it (linalg.ldl_solve), as LAPACK's sytrf / sytrs store
and read them: L (unit diagonal, not stored) and the 1x1 / 2x2 blocks of D in the lower triangle of LD;
pivots 1-based, positive for a 1x1 block (row and column k swapped with pivots[k] - 1), negative and
repeated for a 2x2 block. NumPy has no LDL^T: ``sytf2`` below is LAPACK's unblocked algorithm, one
matrix at a time (its pivot choices branch on values: a host loop), and picks LAPACK's pivots.
PyTorch implements no derivative for these; neither does minigrad."""
import math

from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import wrap
from ._util import expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .._array_layout import column_major
from .linalg_checks import LinAlgError, check_matrix, check_same_dtype
from .multi_output import _result

LdlFactorResult = _result("linalg_ldl_factor", ["LD", "pivots"])
LdlFactorExResult = _result("linalg_ldl_factor_ex", ["LD", "pivots", "info"])

_ALPHA = (1 + math.sqrt(17)) / 8  # Bunch-Kaufman's growth bound


def _first_max(xp, v):
    """The index of the first entry of largest magnitude (LAPACK's idamax) and that magnitude."""
    i = int(xp.argmax(xp.abs(v)).item())
    return i, abs(float(v[i].item()))


def _swap_symmetric(A, k, kk, kp, kstep):
    """Rows and columns kk and kp of the trailing lower triangle A[k:, k:] interchanged."""
    if kp + 1 < A.shape[0]:
        A[kp + 1:, kk], A[kp + 1:, kp] = A[kp + 1:, kp].copy(), A[kp + 1:, kk].copy()
    for j in range(kk + 1, kp):
        A[j, kk], A[kp, j] = A[kp, j].copy(), A[j, kk].copy()
    A[kk, kk], A[kp, kp] = A[kp, kp].copy(), A[kk, kk].copy()
    if kstep == 2:
        A[k + 1, k], A[kp, k] = A[kp, k].copy(), A[k + 1, k].copy()


def sytf2(xp, M):
    """(LD, pivots, info) of one symmetric matrix (its lower triangle read) as LAPACK's sytf2 with
    uplo = 'L'; info is the 1-based index of the first zero block of D (0 if none)."""
    A = xp.tril(M)
    n = A.shape[0]
    pivots = [0] * n
    info, k = 0, 0
    while k < n:
        kstep = 1
        absakk = abs(float(A[k, k].item()))
        imax, colmax = (k, 0.0) if k == n - 1 else (lambda i, v: (k + 1 + i, v))(*_first_max(xp, A[k + 1:, k]))
        if max(absakk, colmax) == 0 or absakk != absakk:
            info = info or k + 1
            kp = k
        else:
            if absakk >= _ALPHA * colmax:
                kp = k
            else:
                _, rowmax = _first_max(xp, A[imax, k:imax])
                if imax < n - 1:
                    rowmax = max(rowmax, _first_max(xp, A[imax + 1:, imax])[1])
                if absakk >= _ALPHA * colmax * (colmax / rowmax):
                    kp = k
                elif abs(float(A[imax, imax].item())) >= _ALPHA * rowmax:
                    kp = imax
                else:
                    kp, kstep = imax, 2
            kk = k + kstep - 1
            if kp != kk:
                _swap_symmetric(A, k, kk, kp, kstep)
            if kstep == 1 and k < n - 1:  # A[k+1:, k+1:] -= c c^T / d (lower triangle), c /= d
                d = 1 / A[k, k]
                c = A[k + 1:, k].copy()
                A[k + 1:, k + 1:] -= xp.tril(d * (c[:, None] * c[None, :]))
                A[k + 1:, k] *= d
            elif kstep == 2 and k < n - 2:  # the 2x2 block's inverse applied to its two columns
                d21 = A[k + 1, k]
                d11, d22 = A[k + 1, k + 1] / d21, A[k, k] / d21
                d21 = 1 / (d11 * d22 - 1) / d21
                for j in range(k + 2, n):
                    wk = d21 * (d11 * A[j, k] - A[j, k + 1])
                    wkp1 = d21 * (d22 * A[j, k + 1] - A[j, k])
                    A[j:, j] -= A[j:, k] * wk + A[j:, k + 1] * wkp1
                    A[j, k], A[j, k + 1] = wk, wkp1
        if kstep == 1:
            pivots[k] = kp + 1
        else:
            pivots[k] = pivots[k + 1] = -(kp + 1)
        k += kstep
    return A, pivots, info


def sytrs(xp, A, pivots, B):
    """X with (L D L^T) X = B read from one matrix's LD and pivots, as LAPACK's sytrs with uplo = 'L'."""
    B = B.copy()
    n = A.shape[0]
    k = 0
    while k < n:  # L D Y = P B, forward
        if pivots[k] > 0:
            kp = pivots[k] - 1
            B[[k, kp]] = B[[kp, k]]
            B[k + 1:] -= A[k + 1:, k, None] * B[None, k]
            B[k] = B[k] / A[k, k]
            k += 1
        else:
            kp = -pivots[k] - 1
            B[[k + 1, kp]] = B[[kp, k + 1]]
            B[k + 2:] -= A[k + 2:, k, None] * B[None, k]
            B[k + 2:] -= A[k + 2:, k + 1, None] * B[None, k + 1]
            off = A[k + 1, k]
            first, second = A[k, k] / off, A[k + 1, k + 1] / off
            denom = first * second - 1
            top, bottom = B[k] / off, B[k + 1] / off
            B[k], B[k + 1] = (second * top - bottom) / denom, (first * bottom - top) / denom
            k += 2
    k = n - 1
    while k >= 0:  # L^T X = Y, backward, undoing the swaps
        B[k] -= A[k + 1:, k] @ B[k + 1:]
        if pivots[k] > 0:
            kp = pivots[k] - 1
            B[[k, kp]] = B[[kp, k]]
            k -= 1
        else:
            B[k - 1] -= A[k + 1:, k - 1] @ B[k + 1:]
            kp = -pivots[k] - 1
            B[[k, kp]] = B[[kp, k]]
            k -= 2
    return B


class _NoDerivative(Op):
    """LD recorded without a derivative (PyTorch implements none): backward raises as PyTorch's."""

    torch_name = "LinalgLdlFactorExBackward0"

    @staticmethod
    def forward(ctx, A, LD):
        return LD

    @staticmethod
    def backward(ctx, m, g):
        raise RuntimeError("derivative for aten::linalg_ldl_factor_ex is not implemented")


def _factor(name, A, hermitian):
    check_matrix(name, A)
    xp = A._device._get_backend().xp
    n = A.shape[-1]
    flat = A._data.reshape((math.prod(A.shape[:-2]), n, n))
    LD = xp.zeros(flat.shape, dtype=flat.dtype)
    pivots = xp.zeros(flat.shape[:-1], dtype=_dt.int32.np)
    info = xp.zeros(flat.shape[0], dtype=_dt.int32.np)
    for b in range(flat.shape[0]):  # (a host loop: the pivots branch on values)
        LD[b], piv, info[b] = sytf2(xp, flat[b])
        pivots[b] = xp.asarray(piv, dtype=_dt.int32.np)
    LD = _NoDerivative.apply(A, column_major(LD.reshape(A.shape)))
    return LD, wrap(pivots.reshape(A.shape[:-1]), A._device), info.reshape(A.shape[:-2])


def ldl_factor_ex(A, *, hermitian=False, check_errors=False):
    """(LD, pivots, info): A = P L D L^T P^T with Bunch-Kaufman pivoting, compact as LAPACK's sytrf (read
    from A's lower triangle; ``hermitian`` is the same for real matrices); info the index of D's first zero
    block (0 if none), raising only if ``check_errors``."""
    LD, pivots, info = _factor("torch.linalg.ldl_factor_ex", A, hermitian)
    if check_errors and info.size and (info != 0).any().item():
        raise LinAlgError(f"torch.linalg.ldl_factor_ex: The factorization could not be completed because the "
                          f"block diagonal matrix D is singular (info = {int(info.max().item())}).")
    return LdlFactorExResult(LD, pivots, wrap(info, A._device))


def ldl_factor(A, *, hermitian=False):
    """(LD, pivots) of A = P L D L^T P^T as linalg.ldl_factor_ex; raises where D is singular."""
    LD, pivots, info = ldl_factor_ex(A, hermitian=hermitian)
    if info._data.size and (info._data != 0).any().item():
        raise LinAlgError("torch.linalg.ldl_factor: The factorization could not be completed because the block "
                          f"diagonal matrix D is singular (info = {int(info._data.max().item())}).")
    return LdlFactorResult(LD, pivots)


def ldl_solve(LD, pivots, B, *, hermitian=False):
    """X with A X = B from A's LDL^T factors and pivots (linalg.ldl_factor); batch dims broadcast."""
    check_matrix("torch.linalg.ldl_solve", LD, what="LD")
    expect_tensor("linalg.ldl_solve", pivots, "pivots", 2)
    expect_tensor("linalg.ldl_solve", B, "B", 3)
    if B.ndim < 2:
        raise IndexError(f"Dimension out of range (expected to be in range of [-{max(B.ndim, 1)}, "
                         f"{max(B.ndim, 1) - 1}], but got -2)")
    n = LD.shape[-1]
    if B.shape[-2] != n:
        raise RuntimeError(f"Incompatible matrix sizes for torch.linalg.ldl_solve: each A matrix is {n} by {n} but "
                           f"each b matrix is {B.shape[-2]} by {B.shape[-1]}")
    if pivots.dtype != _dt.int32:
        raise RuntimeError("torch.linalg.ldl_solve: Expected pivots to be integers. Got Long")
    check_same_dtype("torch.linalg.ldl_solve", LD, B)
    xp = LD._device._get_backend().xp
    batch = broadcast_shapes(tuple(LD.shape[:-2]), tuple(B.shape[:-2]))
    count = math.prod(batch)
    A = xp.broadcast_to(LD._data, batch + (n, n)).reshape((count, n, n))
    P = xp.broadcast_to(pivots._data, batch + (n,)).reshape((count, n))
    rhs = xp.broadcast_to(B._data, batch + B.shape[-2:]).reshape((count,) + B.shape[-2:])
    X = xp.zeros(rhs.shape, dtype=rhs.dtype)
    for b in range(A.shape[0]):  # (a host loop: the blocks' sizes are in the pivots)
        X[b] = sytrs(xp, A[b], [int(p) for p in P[b].tolist()], rhs[b])
    return wrap(column_major(X.reshape(batch + B.shape[-2:])), LD._device)
