"""Triangular solvers: ``linalg.solve_triangular`` (forward or back substitution, batched) and the
older ``triangular_solve``; the gradient of the triangle is kept to that triangle, as PyTorch's.
"""
import warnings

from ..autograd.op import Op
from ._api import public
from ._util import expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .._array_layout import column_major
from .linalg_checks import ColumnMajor, check_matrix, check_same_dtype
from .multi_output import _result

TriangularSolveResult = _result("triangular_solve", ["solution", "cloned_coefficient"])


def _substitute(xp, T, B, upper, unit):
    """T^-1 B for triangular T by substitution (row by row over the batch; no pivoting, as LAPACK's trsm)."""
    n = T.shape[-1]
    batch = broadcast_shapes(T.shape[:-2], B.shape[:-2])
    X = xp.zeros(batch + B.shape[-2:], dtype=B.dtype)
    rows = range(n - 1, -1, -1) if upper else range(n)
    for i in rows:
        done = slice(i + 1, n) if upper else slice(0, i)
        r = B[..., i, :] - (T[..., i, None, done] @ X[..., done, :])[..., 0, :]
        X[..., i, :] = r if unit else r / T[..., i, i, None]
    return X


def triangle_mask(xp, n, upper, diagonal, dtype):
    """The 0/1 matrix of the upper (lower) triangle from (to) ``diagonal``."""
    ones = xp.ones((n, n), dtype=dtype)
    return xp.triu(ones, diagonal) if upper else xp.tril(ones, diagonal)


class SolveTriangular(Op):
    """X = T^-1 B (left) or B T^-1 for the triangle T of A (unit diagonal if ``unit``); the gradient of A
    is kept to that triangle, as PyTorch's."""

    torch_name = "LinalgSolveTriangularBackward0"
    broadcasting = True
    saves = (True, False)
    saves_output = 0
    holomorphic = True

    @staticmethod
    def forward(ctx, A, B, upper, left, unit):
        xp = ctx.xp
        ctx.dtype = A.dtype  # (backward's masks: its A is a Tensor under create_graph)
        if left:
            return column_major(_substitute(xp, A, B, upper, unit))
        # (column-major already: the transpose of a row-major solution)
        return xp.swapaxes(_substitute(xp, xp.swapaxes(A, -1, -2), xp.swapaxes(B, -1, -2), not upper, unit), -1, -2)

    @staticmethod
    def backward(ctx, m, g, A, B, upper, left, unit, X):
        nA, nB = ctx.needs_input_grad[:2]
        sA, sB = ctx.shapes[:2]
        gB = m.op(SolveTriangular, m.mT(A), g, not upper, left, unit)
        gA = None
        if nA:
            gA = -(gB @ m.mT(X)) if left else -(m.mT(X) @ gB)
            n = A.shape[-1]
            mask = triangle_mask(ctx.xp, n, upper, (1 if upper else -1) if unit else 0, ctx.dtype)
            gA = m.sum_to(gA * m.const(mask, gA), sA)
        return gA, (m.sum_to(gB, sB) if nB else None)


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """X with T X = B (``left``) or X T = B, T the upper (``upper``) or lower triangle of A (with ones on
    its diagonal if ``unitriangular``); the other triangle of A is not read."""
    check_matrix("linalg.solve_triangular", A, complex_ok=True)
    expect_tensor("linalg.solve_triangular", B, "B", 2)
    check_same_dtype("linalg.solve_triangular", A, B)
    if B.ndim < 2:
        raise RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.")
    n = A.shape[-1]
    if B.shape[-2 if left else -1] != n:
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {B.shape[-2]}x{B.shape[-1]})")
    return SolveTriangular.apply(A, B, bool(upper), bool(left), bool(unitriangular))


@public("triangular_solve")
def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """(X, a copy of A) with T X = ``input`` (T^T X = ``input`` if ``transpose``), T the upper (``upper``)
    or lower triangle of A: the older form of linalg.solve_triangular (deprecated in PyTorch, with the same
    warning here)."""
    warnings.warn("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangular and will be "
                  "removed in a future PyTorch release.", UserWarning, stacklevel=3)
    expect_tensor("triangular_solve", input)
    expect_tensor("triangular_solve", A, "A", 2)
    if input.ndim < 2 or A.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected b to have at least 2 dimensions, but it has "
                           f"{input.ndim} dimensions instead")
    T = A.mT if transpose else A
    X = solve_triangular(T, input, upper=bool(upper) != bool(transpose), unitriangular=unitriangular)
    clone = ColumnMajor.apply(A.expand(*X.shape[:-2], *A.shape[-2:]), "TriangularSolveBackward0")
    return TriangularSolveResult(X, clone)
