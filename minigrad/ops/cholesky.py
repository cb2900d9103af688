"""Cholesky factorization and the solvers built on a Cholesky factor (cholesky, cholesky_ex,
cholesky_solve, cholesky_inverse), with the gradients of PyTorch's FunctionsManual."""
import warnings

from .._errors import user_stacklevel
from ..autograd.op import Op
from ._api import public
from ._util import expect_tensor
from .._array_layout import column_major
from .linalg_checks import LinAlgError, adjoint, adjoint_array, check_matrix, check_same_dtype, with_info
from .multi_output import _result
from .triangular import SolveTriangular, _substitute, triangle_mask

CholeskyExResult = _result("linalg_cholesky_ex", ["L", "info"])


class Cholesky(Op):
    """The lower Cholesky factor L of A = L L^H (from A's lower triangle), or with ``upper`` U = L^H from A's
    upper triangle; grad A = L^-H Phi L^-1 with Phi = (L^H gL), its lower triangle, reflected (conjugated)
    onto the upper one with half its diagonal (PyTorch's formula, gL = gU^H for U: for a complex A the
    diagonal keeps its imaginary part, and the upper factor's gradient is not that of A^H's lower one)."""

    torch_name = "LinalgCholeskyExBackward0"
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, A, upper, name):
        ctx.dtype = A.dtype
        xp = ctx.xp
        if upper:
            return column_major(adjoint_array(xp, Cholesky.forward(ctx, adjoint_array(xp, A), False, name)))
        try:
            L = xp.linalg.cholesky(A)
            if xp.isfinite(L).all().item():
                return column_major(L)
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
        return column_major(xp.stack([L for L, _ in factors]).reshape(A.shape))

    @staticmethod
    def backward(ctx, m, g, A, upper, name, L):
        if upper:
            L, g = adjoint(m, L), adjoint(m, g)
        lower = m.const(triangle_mask(ctx.xp, L.shape[-1], False, 0, ctx.dtype), g)
        phi = (adjoint(m, L) @ g) * lower
        phi = (phi + adjoint(m, phi * m.const(triangle_mask(ctx.xp, L.shape[-1], False, -1, ctx.dtype), g))) * 0.5
        gA = m.op(SolveTriangular, adjoint(m, L), phi, True, True, False)
        return m.op(SolveTriangular, L, gA, False, False, False)


def linalg_cholesky(A, *, upper=False):
    """The Cholesky factor of each Hermitian (real: symmetric) positive-definite matrix in ``A``: lower L with
    A = L L^H (read from A's lower triangle), or with ``upper`` U = L^H (read from A's upper triangle)."""
    check_matrix("linalg.cholesky", A, complex_ok=True)
    if not isinstance(upper, bool):
        raise TypeError(f"linalg_cholesky(): argument 'upper' must be bool, not {type(upper).__name__}")
    return _cholesky(A, upper, "linalg.cholesky")


def _cholesky(A, upper, name):
    return Cholesky.apply(A, upper, name)


@public("cholesky")
def cholesky(input, upper=False):
    """The Cholesky factor (lower, or ``upper``) of each Hermitian positive-definite matrix (deprecated
    in PyTorch for linalg.cholesky, with the same warning here)."""
    warnings.warn("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
                  "PyTorch release.", UserWarning, stacklevel=user_stacklevel())
    check_matrix("cholesky", input, complex_ok=True)
    return _cholesky(input, upper, "cholesky")


def potf2(xp, M):
    """LAPACK's unblocked potf2 on the lower triangle of one matrix: (the factor, info), info 0 or the order of
    the first leading minor whose pivot is not positive (NaN included); the factor is then partial, as
    LAPACK leaves it: the columns before that order factored, the failed pivot on the diagonal. A complex
    matrix is read as Hermitian: only the real part of its diagonal, as LAPACK's."""
    L = xp.tril(M)
    for j in range(M.shape[-1]):
        row = L[j, :j].conj()
        pivot = (L[j, j] - L[j, :j] @ row).real
        if not pivot.item() > 0:
            L[j, j] = pivot
            return L, j + 1
        L[j, j] = xp.sqrt(pivot)
        L[j + 1:, j] = (L[j + 1:, j] - L[j + 1:, :j] @ row) / L[j, j]
    return L, 0


def cholesky_ex(A, *, upper=False, check_errors=False):
    """(L, info) of linalg.cholesky: info 0 where A is positive-definite, else the order of the first leading
    minor that is not, as LAPACK's, and L LAPACK's partial factor there (see ``potf2``); raises only if
    ``check_errors``."""
    check_matrix("linalg.cholesky", A, complex_ok=True)  # (checked as PyTorch's cholesky, named so)
    info = (lambda xp, M: potf2(xp, M.T)[1]) if upper else (lambda xp, M: potf2(xp, M)[1])

    def partial(xp, A):
        matrices = A.reshape((-1,) + A.shape[-2:])
        return xp.stack([potf2(xp, M.T)[0].T if upper else potf2(xp, M)[0] for M in matrices]).reshape(A.shape)
    return CholeskyExResult(*with_info(A, lambda M: _cholesky(M, upper, "linalg.cholesky_ex"), info, check_errors,
                                       partial))


class CholeskySolve(Op):
    """X = (L L^H)^-1 B (or (U^H U)^-1 B); PyTorch's gradient: grad B = the same solve of gX, grad L =
    -(gB X^H + X gB^H) L (or -U (...)): a full matrix, not a triangle."""

    torch_name = "CholeskySolveBackward0"
    broadcasting = True
    saves = (False, True)
    saves_output = 1
    supports_complex = True

    @staticmethod
    def forward(ctx, B, L, upper):
        xp = ctx.xp
        Lh = adjoint_array(xp, L)
        if upper:
            return column_major(_substitute(xp, L, _substitute(xp, Lh, B, False, False), True, False))
        return column_major(_substitute(xp, Lh, _substitute(xp, L, B, False, False), True, False))

    @staticmethod
    def backward(ctx, m, g, B, L, upper, X):
        nB, nL = ctx.needs_input_grad[:2]
        sB, sL = ctx.shapes[:2]
        gB = m.op(CholeskySolve, g, L, upper)
        gL = None
        if nL:
            common = gB @ adjoint(m, X)
            common = common + adjoint(m, common)
            gL = m.sum_to(-(L @ common) if upper else -(common @ L), sL)
        return (m.sum_to(gB, sB) if nB else None), gL


@public("cholesky_solve")
def cholesky_solve(input, input2, upper=False):
    """X with A X = ``input`` where A = L L^H from its Cholesky factor ``input2`` (U^H U if ``upper``)."""
    expect_tensor("cholesky_solve", input)
    expect_tensor("cholesky_solve", input2, "input2", 2)
    check_matrix("cholesky_solve", input2, complex_ok=True)
    check_same_dtype("cholesky_solve", input2, input)
    if input.ndim < 2:
        raise RuntimeError("cholesky_solve: The input tensor B must have at least 2 dimensions.")
    if input.shape[-2] != input2.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{input2.shape[-1]} by {input2.shape[-1]} but each b matrix is "
                           f"{input.shape[-2]} by {input.shape[-1]}")
    return CholeskySolve.apply(input, input2, upper)


class CholeskyInverse(Op):
    """(L L^H)^-1 (or (U^H U)^-1) from a Cholesky factor; grad L = -(Y (g + g^H) Y) L (or -U (...))."""

    torch_name = "CholeskyInverseBackward0"
    saves = (True,)
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, L, upper):
        xp = ctx.xp
        eye = xp.broadcast_to(xp.eye(L.shape[-1], dtype=L.dtype), L.shape)
        return CholeskySolve.forward(ctx, eye, L, upper)

    @staticmethod
    def backward(ctx, m, g, L, upper, Y):
        common = Y @ ((g + adjoint(m, g)) @ Y)
        return -(L @ common) if upper else -(common @ L)


@public("cholesky_inverse")
def cholesky_inverse(input, upper=False):
    """The inverse of A = L L^H (U^H U if ``upper``) from its Cholesky factor ``input``."""
    check_matrix("cholesky_inverse", input, complex_ok=True)
    return CholeskyInverse.apply(input, upper)
