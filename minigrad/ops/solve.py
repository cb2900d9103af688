"""Inverses and linear solvers of ``torch.linalg`` (batched over leading dims), with the matrix-calculus
gradients of PyTorch's FunctionsManual: inv, solve, their ``_ex`` forms (with LAPACK's info), and
tensorinv and tensorsolve (a tensor read as a square matrix).
"""
import math
from functools import partial

from ..autograd.op import Op
from ..tensor import wrap
from ._api import public
from ._util import expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .._array_layout import column_major
from .linalg_checks import ColumnMajor, LinAlgError, check_matrix, check_same_dtype, with_info, zero_pivot
from .lu import lapack_solve
from .multi_output import _result

InvExResult = _result("linalg_inv_ex", ["inverse", "info"])
SolveExResult = _result("linalg_solve_ex", ["result", "info"])


def _inv(xp, A, name):
    try:
        return column_major(xp.linalg.inv(A))
    except xp.linalg.LinAlgError:
        raise LinAlgError(f"{name}: {_first_zero_pivot(xp, A)}is zero, the inversion could not be completed "
                          "because the input matrix is singular.") from None


def _first_zero_pivot(xp, A, diagonal=True):
    """Where PyTorch's message says the inversion (solve) failed: ``(Batch element b): `` for a batch, then
    (with ``diagonal``) ``The diagonal element k `` (LAPACK's info; without k if the replay finds no zero pivot)."""
    matrices = A.reshape((-1,) + A.shape[-2:])
    for b, M in enumerate(matrices):  # (a host loop, on failure only)
        k = zero_pivot(xp, M)
        if k:
            return (f"(Batch element {b}): " if A.ndim > 2 else "") + (f"The diagonal element {k} " if diagonal else "")
    return "The diagonal element " if diagonal else ""


class Inv(Op):
    """A^-1; d(A^-1) = -A^-1 dA A^-1, so grad A = -A^-T g A^-T."""

    torch_name = "LinalgInvExBackward0"
    saves_output = True
    holomorphic = True

    @staticmethod
    def forward(ctx, A, name):
        return _inv(ctx.xp, A, name)

    @staticmethod
    def backward(ctx, m, g, A, name, inv):
        inv_t = m.mT(inv)
        return -(inv_t @ g @ inv_t)


class Solve(Op):
    """X = A^-1 B for matrices B (batch dims broadcast); grad B = A^-T gX, grad A = -grad B X^T."""

    torch_name = "LinalgSolveExBackward0"
    broadcasting = True
    saves = (True, False)
    saves_output = 0
    holomorphic = True

    @staticmethod
    def forward(ctx, A, B, name):
        xp = ctx.xp
        batch = broadcast_shapes(A.shape[:-2], B.shape[:-2])
        A_b = xp.broadcast_to(A, batch + A.shape[-2:])
        try:
            return column_major(xp.linalg.solve(A_b, xp.broadcast_to(B, batch + B.shape[-2:])))
        except xp.linalg.LinAlgError:
            raise LinAlgError(f"torch.{name}: {_first_zero_pivot(xp, A_b, False)}The solver failed because the input "
                              "matrix is singular.") from None

    @staticmethod
    def backward(ctx, m, g, A, B, name, X):
        nA, nB = ctx.needs_input_grad[:2]
        sA, sB = ctx.shapes[:2]
        gB = m.op(Solve, m.mT(A), g, name)
        return (m.sum_to(-(gB @ m.mT(X)), sA) if nA else None), (m.sum_to(gB, sB) if nB else None)


def linalg_inv(A):
    """The inverse of each square matrix in ``A``; LinAlgError where one is singular."""
    check_matrix("linalg.inv", A, complex_ok=True)
    return Inv.apply(A, "linalg.inv")


@public("inverse")
def inverse(input):
    """The inverse of each square matrix in ``input`` (as linalg.inv)."""
    return linalg_inv(input)


def inv_ex(A, *, check_errors=False):
    """(inverse, info) of each square matrix in ``A``: info 0 where it is invertible, else the index of
    the zero pivot, as LAPACK's, and the inverse what LAPACK leaves there (inf and NaN from dividing by
    the zero pivot); raises only if ``check_errors``."""
    check_matrix("linalg.inv", A, complex_ok=True)  # (PyTorch's inv_ex checks as inv, named so)
    eye = lambda xp, M: xp.broadcast_to(xp.eye(M.shape[-1], dtype=M.dtype), M.shape)
    return InvExResult(*with_info(A, lambda M: Inv.apply(M, "linalg.inv_ex"), zero_pivot, check_errors,
                                  lambda xp, M: lapack_solve(xp, M, eye(xp, M))))


def _vector_rhs(A, B):
    """PyTorch's rule: B is a (batch of) vector(s) if 1-D, or shaped like A without its last dim."""
    return B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left=True):
    """X with A X = B (``left``) or X A = B, for square A; B a (batch of) vector(s) or matrices."""
    return _solve(A, B, left, "linalg.solve")


def _solve(A, B, left, name, singular=None):
    """solve (``name`` the one its errors give); with ``singular`` (``lapack_solve`` on arrays, for A's
    factors) the array it gives instead, as LAPACK leaves it where A is singular."""
    check_matrix("linalg.solve", A, complex_ok=True, dtype_first=True)
    expect_tensor("linalg.solve", B, "B", 2)
    check_same_dtype("linalg.solve", A, B)
    if B.ndim == 0:
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    vector = _vector_rhs(A, B)
    if vector and not left:
        raise RuntimeError("linalg.solve: Vector broadcasting of the left hand side is not supported for left=False.")
    Bm = B.unsqueeze(-1) if vector else B
    n = A.shape[-1]
    if Bm.shape[-2 if left else -1] != n:
        rows, cols = Bm.shape[-2], Bm.shape[-1]
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {rows}x{cols})")
    try:
        broadcast_shapes(tuple(Bm.shape[:-2]), tuple(A.shape[:-2]))  # (B's first, as PyTorch's message names them)
    except ValueError:
        raise RuntimeError(f"linalg.solve: the batch dims of A {tuple(A.shape)} and B {tuple(B.shape)} "
                           "do not broadcast") from None
    if singular is not None:  # (left=False solves A^T X^T = B^T with A's factors, as PyTorch's)
        X = singular(A._data, Bm._data) if left else singular(A._data, Bm.mT._data, True).swapaxes(-1, -2)
    else:
        X = Solve.apply(A, Bm, name) if left else Solve.apply(A.mT, Bm.mT, name).mT
    if not vector:
        return X
    # (PyTorch lays out a batch of vector solutions as the column-major matrix of them)
    if singular is not None:
        X = X[..., 0]
        return column_major(X) if X.ndim >= 2 else X
    return ColumnMajor.apply(X.squeeze(-1), "LinalgSolveExBackward0")


def solve_ex(A, B, *, left=True, check_errors=False):
    """(result, info) of linalg.solve: info 0 where A is invertible, else the index of the zero pivot, as
    LAPACK's, and the result what LAPACK leaves there (inf and NaN from dividing by the zero pivot);
    raises only if ``check_errors``."""
    check_matrix("linalg.solve_ex", A, complex_ok=True)
    return SolveExResult(*with_info(A, lambda M: _solve(M, B, left, "linalg.solve_ex"), zero_pivot, check_errors,
                                    lambda xp, M: _solve(wrap(M, A._device), B, left, "linalg.solve_ex",
                                                         partial(lapack_solve, xp))))


def _prod_requirement(A, split, what):
    rows, cols = math.prod(A.shape[:split]), math.prod(A.shape[split:])
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[{what}:]) == "
                           f"prod(self.shape[:{what}]), but got {cols} != {rows}")
    return rows


def tensorinv(A, ind=2):
    """The tensor X with tensordot(A, X, ind) the identity: A's first ``ind`` dims against the rest, as
    a square matrix, inverted; shaped A.shape[ind:] + A.shape[:ind]."""
    expect_tensor("linalg.tensorinv", A)
    if not isinstance(ind, int) or ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    n = _prod_requirement(A, ind, "ind")
    return linalg_inv(A.reshape(n, n)).reshape(tuple(A.shape[ind:]) + tuple(A.shape[:ind]))


def tensorsolve(A, B, dims=None):
    """The tensor X with tensordot(A, X, X.ndim) = B: A's dims ``dims`` (moved last) and those after B's
    are X's; solved as a square system."""
    expect_tensor("linalg.tensorsolve", A)
    expect_tensor("linalg.tensorsolve", B, "B", 2)
    if dims is not None:
        dims = [dims] if isinstance(dims, int) else list(dims)
        A = A.movedim(dims, list(range(A.ndim - len(dims), A.ndim)))
    n = _prod_requirement(A, B.ndim, "other.ndim")
    return solve(A.reshape(n, n), B.reshape(n)).reshape(tuple(A.shape[B.ndim:]))
