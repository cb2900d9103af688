"""Cholesky factorization and the solvers built on a Cholesky factor (cholesky, cholesky_ex,
cholesky_solve, cholesky_inverse), with the gradients of PyTorch's FunctionsManual."""
import warnings

from ..autograd.op import Op
from ._api import public
from ._util import expect_tensor
from .linalg_checks import LinAlgError, check_matrix, check_same_dtype, with_info
from .multi_output import _result
from .triangular import SolveTriangular, _substitute, triangle_mask

CholeskyExResult = _result("linalg_cholesky_ex", ["L", "info"])


class Cholesky(Op):
    """The lower Cholesky factor L of A = L L^T (from A's lower triangle); grad A = L^-T Phi L^-1 with
    Phi = (L^T gL), its lower triangle, made symmetric with half its diagonal (PyTorch's formula)."""

    torch_name = "LinalgCholeskyExBackward0"
    saves_output = True

    @staticmethod
    def forward(ctx, A, name):
        ctx.dtype = A.dtype
        xp = ctx.xp
        try:
            L = xp.linalg.cholesky(A)
            if xp.isfinite(L).all().item():
                return L
        except xp.linalg.LinAlgError:
            pass
        # NumPy's LAPACK carries on past a NaN pivot and can drop infinities, where LAPACK's reference potrf
        # (PyTorch's) stops: those matrices, and the ones it refuses, are factored again as potrf would
        n = A.shape[-1]
        factors = [potf2(xp, M) for M in A.reshape((-1, n, n))]  # (a host loop, on this path only)
        for b, (_, k) in enumerate(factors):
            if k:
                raise LinAlgError(f"{name}: " + (f"(Batch element {b}): " if A.ndim > 2 else "") + "The factorization "
                                  "could not be completed because the input is not positive-definite (the leading "
                                  f"minor of order {k} is not positive-definite).")
        return xp.stack([L for L, _ in factors]).reshape(A.shape)

    @staticmethod
    def backward(ctx, m, g, A, name, L):
        lower = m.const(triangle_mask(ctx.xp, L.shape[-1], False, 0, ctx.dtype), g)
        phi = (m.mT(L) @ g) * lower
        phi = (phi + m.mT(phi * m.const(triangle_mask(ctx.xp, L.shape[-1], False, -1, ctx.dtype), g))) * 0.5
        gA = m.op(SolveTriangular, m.mT(L), phi, True, True, False)
        return m.op(SolveTriangular, L, gA, False, False, False)


def linalg_cholesky(A, *, upper=False):
    """The Cholesky factor of each symmetric positive-definite matrix in ``A``: lower L with A = L L^T
    (read from A's lower triangle), or with ``upper`` U = L^T (read from A's upper triangle)."""
    check_matrix("linalg.cholesky", A)
    if not isinstance(upper, bool):
        raise TypeError(f"linalg_cholesky(): argument 'upper' must be bool, not {type(upper).__name__}")
    return _cholesky(A, upper, "linalg.cholesky")


def _cholesky(A, upper, name):
    return Cholesky.apply(A.mT, name).mT if upper else Cholesky.apply(A, name)


@public("cholesky")
def cholesky(input, upper=False):
    """The Cholesky factor (lower, or ``upper``) of each symmetric positive-definite matrix (deprecated
    in PyTorch for linalg.cholesky, with the same warning here)."""
    warnings.warn("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
                  "PyTorch release.", UserWarning, stacklevel=3)
    check_matrix("cholesky", input)
    return _cholesky(input, upper, "cholesky")


def potf2(xp, M):
    """LAPACK's unblocked potf2 on the lower triangle of one matrix: (the factor, info), info 0 or the order of
    the first leading minor whose pivot is not positive (NaN included); the factor is then partial, as
    LAPACK leaves it: the columns before that order factored, the failed pivot on the diagonal."""
    L = xp.tril(M)
    for j in range(M.shape[-1]):
        pivot = L[j, j] - L[j, :j] @ L[j, :j]
        if not pivot.item() > 0:
            L[j, j] = pivot
            return L, j + 1
        L[j, j] = xp.sqrt(pivot)
        L[j + 1:, j] = (L[j + 1:, j] - L[j + 1:, :j] @ L[j, :j]) / L[j, j]
    return L, 0


def cholesky_ex(A, *, upper=False, check_errors=False):
    """(L, info) of linalg.cholesky: info 0 where A is positive-definite, else the order of the first leading
    minor that is not, as LAPACK's, and L LAPACK's partial factor there (see ``potf2``); raises only if
    ``check_errors``."""
    check_matrix("linalg.cholesky_ex", A)
    info = (lambda xp, M: potf2(xp, M.T)[1]) if upper else (lambda xp, M: potf2(xp, M)[1])

    def partial(xp, A):
        matrices = A.reshape((-1,) + A.shape[-2:])
        return xp.stack([potf2(xp, M.T)[0].T if upper else potf2(xp, M)[0] for M in matrices]).reshape(A.shape)
    return CholeskyExResult(*with_info(A, lambda M: _cholesky(M, upper, "linalg.cholesky_ex"), info, check_errors,
                                       partial))


class CholeskySolve(Op):
    """X = (L L^T)^-1 B (or (U^T U)^-1 B); PyTorch's gradient: grad B = the same solve of gX, grad L =
    -(gB X^T + X gB^T) L (or -U (...)): a full matrix, not a triangle."""

    torch_name = "CholeskySolveBackward0"
    broadcasting = True
    saves = (False, True)
    saves_output = 1

    @staticmethod
    def forward(ctx, B, L, upper):
        xp = ctx.xp
        if upper:
            Y = _substitute(xp, xp.swapaxes(L, -1, -2), B, False, False)
            return _substitute(xp, L, Y, True, False)
        return _substitute(xp, xp.swapaxes(L, -1, -2), _substitute(xp, L, B, False, False), True, False)

    @staticmethod
    def backward(ctx, m, g, B, L, upper, X):
        nB, nL = ctx.needs_input_grad[:2]
        sB, sL = ctx.shapes[:2]
        gB = m.op(CholeskySolve, g, L, upper)
        gL = None
        if nL:
            common = gB @ m.mT(X)
            common = common + m.mT(common)
            gL = m.sum_to(-(L @ common) if upper else -(common @ L), sL)
        return (m.sum_to(gB, sB) if nB else None), gL


@public("cholesky_solve")
def cholesky_solve(input, input2, upper=False):
    """X with A X = ``input`` where A = L L^T from its Cholesky factor ``input2`` (U^T U if ``upper``)."""
    expect_tensor("cholesky_solve", input)
    expect_tensor("cholesky_solve", input2, "input2", 2)
    check_matrix("cholesky_solve", input2)
    check_same_dtype("cholesky_solve", input2, input)
    if input.ndim < 2:
        raise RuntimeError("cholesky_solve: The input tensor B must have at least 2 dimensions.")
    if input.shape[-2] != input2.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{input2.shape[-1]} by {input2.shape[-1]} but each b matrix is "
                           f"{input.shape[-2]} by {input.shape[-1]}")
    return CholeskySolve.apply(input, input2, upper)


class CholeskyInverse(Op):
    """(L L^T)^-1 (or (U^T U)^-1) from a Cholesky factor; grad L = -(Y (g + g^T) Y) L (or -U (...))."""

    torch_name = "CholeskyInverseBackward0"
    saves = (True,)
    saves_output = True

    @staticmethod
    def forward(ctx, L, upper):
        xp = ctx.xp
        eye = xp.broadcast_to(xp.eye(L.shape[-1], dtype=L.dtype), L.shape)
        return CholeskySolve.forward(ctx, eye, L, upper)

    @staticmethod
    def backward(ctx, m, g, L, upper, Y):
        common = Y @ ((g + m.mT(g)) @ Y)
        return -(L @ common) if upper else -(common @ L)


@public("cholesky_inverse")
def cholesky_inverse(input, upper=False):
    """The inverse of A = L L^T (U^T U if ``upper``) from its Cholesky factor ``input``."""
    check_matrix("cholesky_inverse", input)
    return CholeskyInverse.apply(input, upper)
