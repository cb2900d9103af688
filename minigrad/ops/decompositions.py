"""Determinants, inverses and linear solvers of ``torch.linalg`` (batched over leading dims), with
the matrix-calculus gradients of PyTorch's FunctionsManual: det, slogdet, inv, solve and the
triangular solvers; the argument checks and LinAlgError every linalg family shares.

An op with several differentiable outputs (slogdet's sign and log) returns them packed along a new
last axis; the public function unpacks them with differentiable indexing."""
import collections
import warnings

from .. import dtypes as _dt
from ..autograd.node import Op
from ..tensor import wrap
from ._api import public
from ._util import broadcast_shapes, expect_tensor
from .selection import where


class LinAlgError(RuntimeError):
    """A matrix the computation needs invertible (or positive-definite) is not: torch.linalg.LinAlgError."""


def _result(name, fields):
    """A named tuple printed like torch.return_types.<name>."""
    base = collections.namedtuple(name, fields)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"torch.return_types.{name}(\n{body})"
    return type(name, (base,), {"__slots__": (), "__repr__": __repr__})


SlogdetResult = _result("slogdet", ["sign", "logabsdet"])
LinalgSlogdetResult = _result("linalg_slogdet", ["sign", "logabsdet"])
InvExResult = _result("linalg_inv_ex", ["inverse", "info"])
SolveExResult = _result("linalg_solve_ex", ["result", "info"])
TriangularSolveResult = _result("triangular_solve", ["solution", "cloned_coefficient"])


class Piece(Op):
    """One output of a factorization, cut out of its packed last axis (``start:stop``) and shaped; its node
    is named after the factorization's, as PyTorch names every output's grad_fn."""

    @staticmethod
    def forward(ctx, packed, start, stop, shape, name):
        ctx.torch_name, ctx.packed_shape, ctx.start, ctx.stop = name, packed.shape, start, stop
        return packed[..., start:stop].reshape(shape)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(_Placed, g, ctx.packed_shape, ctx.start, ctx.stop)


class _Placed(Op):
    """A piece's gradient placed in zeros shaped like the packed array (Piece's backward)."""

    @staticmethod
    def forward(ctx, g, packed_shape, start, stop):
        ctx.start, ctx.stop, ctx.shape = start, stop, g.shape
        out = ctx.xp.zeros(packed_shape, g.dtype)
        out[..., start:stop] = g.reshape(packed_shape[:-1] + (stop - start,))
        return out

    @staticmethod
    def backward(ctx, m, gg):
        return gg[..., ctx.start:ctx.stop].reshape(ctx.shape)


def _size(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def unpack(packed, batch, shapes, name):
    """The pieces of the given shapes (after the batch dims) of a factorization's packed output."""
    out, at = [], 0
    for shape in shapes:
        size = _size(shape)
        out.append(Piece.apply(packed, at, at + size, tuple(batch) + tuple(shape), name))
        at += size
    return out


# ------------------------------------------------------------------------- argument checks

def _dtype_name(t):
    return t.dtype._torch_name[:-6]  # "Float", "Long", ... as PyTorch's messages name them


#: the CPU kernels that refuse a non-float input before the function's own check (NotImplementedError)
_KERNELS = {"linalg.eigh": "linalg_eigh_cpu", "linalg.eigvalsh": "linalg_eigh_cpu", "linalg.lu_factor": "lu_cpu",
            "linalg.solve_triangular": "triangular_solve_cpu"}


def check_float(name, A, complex_ok=False):
    """PyTorch's error for a non-Tensor or a non-float32/float64 input of linalg function ``name``
    (complex64 and complex128 pass too where ``complex_ok``: the functions checked for them)."""
    expect_tensor(name, A, "A")
    if complex_ok and A.dtype in (_dt.complex64, _dt.complex128):
        return
    if not A.dtype.is_floating_point and name in _KERNELS:
        raise NotImplementedError(f"\"{_KERNELS[name]}\" not implemented for '{_dtype_name(A)}'")
    if not A.dtype.is_floating_point:
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {_dtype_name(A)}")
    if A.dtype not in (_dt.float32, _dt.float64):  # (PyTorch's CPU kernels have none: NotImplementedError)
        raise NotImplementedError(f"{name}: Low precision dtypes not supported. Got {_dtype_name(A)}")


def svd_arrays(xp, A, **kw):
    """``xp.linalg.svd`` with PyTorch's LinAlgError where it does not converge (non-finite input)."""
    try:
        return xp.linalg.svd(A, **kw)
    except xp.linalg.LinAlgError:
        raise LinAlgError("linalg.svd: The algorithm failed to converge because the input matrix contained "
                          "non-finite values.") from None


def check_matrix(name, A, square=True, what="A", complex_ok=False):
    """PyTorch's errors for an input that is not a (batch of) float (square) matrices."""
    check_float(name, A, complex_ok)
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {what} must have at least 2 dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: {what} must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


def check_same_dtype(name, A, B):
    """PyTorch's error for operands of different dtypes."""
    if A.dtype != B.dtype:
        raise RuntimeError(f"{name}: Expected A and B to have the same dtype, but found A of type "
                           f"{_dtype_name(A)} and B of type {_dtype_name(B)} instead")


# ------------------------------------------------------------------------- inverse and solve

def _inv(xp, A, name="linalg.inv"):
    try:
        return xp.linalg.inv(A)
    except xp.linalg.LinAlgError:
        raise LinAlgError(f"{name}: The diagonal element is zero, the inversion could not be completed "
                          "because the input matrix is singular.") from None


class Inv(Op):
    """A^-1; d(A^-1) = -A^-1 dA A^-1, so grad A = -A^-T g A^-T."""

    torch_name = "LinalgInvExBackward0"
    saves_output = True
    holomorphic = True

    @staticmethod
    def forward(ctx, A):
        return _inv(ctx.xp, A)

    @staticmethod
    def backward(ctx, m, g, A, inv):
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
    def forward(ctx, A, B):
        xp = ctx.xp
        batch = broadcast_shapes(A.shape[:-2], B.shape[:-2])
        A_b = xp.broadcast_to(A, batch + A.shape[-2:])
        try:
            return xp.linalg.solve(A_b, xp.broadcast_to(B, batch + B.shape[-2:]))
        except xp.linalg.LinAlgError:
            raise LinAlgError("torch.linalg.solve: The solver failed because the input matrix is singular.") from None

    @staticmethod
    def backward(ctx, m, g, A, B, X):
        nA, nB = ctx.needs_input_grad[:2]
        sA, sB = ctx.shapes[:2]
        gB = m.op(Solve, m.mT(A), g)
        return (m.sum_to(-(gB @ m.mT(X)), sA) if nA else None), (m.sum_to(gB, sB) if nB else None)


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

    @staticmethod
    def forward(ctx, A, B, upper, left, unit):
        xp = ctx.xp
        ctx.dtype = A.dtype  # (backward's masks: its A is a Tensor under create_graph)
        if left:
            return _substitute(xp, A, B, upper, unit)
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


# ------------------------------------------------------------------------- determinants

def _cofactors(xp, A):
    """The cofactor matrices of A (det(A) A^-T where A is invertible) through the SVD, defined at
    singular matrices too: det(U) det(Vh) U diag(prod of the other singular values) Vh."""
    U, S, Vh = xp.linalg.svd(A)
    n = S.shape[-1]
    others = xp.ones_like(S)
    for i in range(n):
        for j in range(n):
            if i != j:
                others[..., i] *= S[..., j]
    sign = xp.linalg.det(U) * xp.linalg.det(Vh)
    if A.dtype.kind == "c":  # (det(A) A^-T = sign conj(U) diag(others) conj(Vh) for A = U S Vh)
        U, Vh = U.conj(), Vh.conj()
    return sign[..., None, None] * ((U * others[..., None, :]) @ Vh)


class Det(Op):
    """det(A); grad A = g det(A) A^-T. At a singular A (det exactly 0) PyTorch's first derivative is
    that formula's 0, and its derivative for create_graph the SVD's cofactors (see ``_cofactors``)."""

    torch_name = "LinalgDetBackward0"
    saves = (True,)
    saves_output = True
    holomorphic = True

    @staticmethod
    def forward(ctx, A):
        xp = ctx.xp
        det = xp.linalg.det(A)
        ctx.dtype = A.dtype
        singular = det == 0
        ctx.singular = None
        if A.size and singular.any().item():  # (a host sync, as PyTorch's)
            ctx.singular = singular[..., None, None]
            ctx.cofactors = _cofactors(xp, A) * ctx.singular
        return det

    @staticmethod
    def backward(ctx, m, g, A, det):
        g = m.unsqueeze(m.unsqueeze(g, -1), -1)
        gdet = g * m.unsqueeze(m.unsqueeze(det, -1), -1)
        if ctx.singular is None:
            return gdet * m.mT(m.op(Inv, A))
        eye = ctx.xp.eye(A.shape[-1], dtype=ctx.dtype)
        invertible = A * m.const(~ctx.singular, A) + m.const(eye * ctx.singular, A)  # identity where singular
        gA = gdet * m.mT(m.op(Inv, invertible))
        return gA + g * m.const(ctx.cofactors, g) if m.records else gA


class Slogdet(Op):
    """(sign, log|det A|) packed along a new last axis; grad A = g_log A^-T (the sign has none)."""

    torch_name = "LinalgSlogdetBackward0"
    saves = (True,)

    @staticmethod
    def forward(ctx, A):
        sign, logabs = ctx.xp.linalg.slogdet(A)
        return ctx.xp.stack([sign.astype(A.dtype), logabs.astype(A.dtype)], -1)

    @staticmethod
    def backward(ctx, m, g, A):
        g = m.unsqueeze(m.unsqueeze(g[..., 1], -1), -1)
        return g * m.mT(m.op(Inv, A))


@public("det")
def det(input):
    """The determinant of each square matrix in ``input`` (batched over leading dims)."""
    check_matrix("linalg.det", input, complex_ok=True)
    return Det.apply(input)


def _slogdet(A, result):
    check_matrix("linalg.slogdet", A)
    return result(*unpack(Slogdet.apply(A), A.shape[:-2], ((), ()), "LinalgSlogdetBackward0"))


@public("slogdet")
def slogdet(input):
    """(sign, log|det|) of each square matrix in ``input``: the determinant without over- or underflow."""
    return _slogdet(input, SlogdetResult)


def linalg_slogdet(A):
    """(sign, log|det A|) of each square matrix in ``A``."""
    return _slogdet(A, LinalgSlogdetResult)


@public("logdet")
def logdet(input):
    """log det of each square matrix in ``input``: NaN where the determinant is negative, -inf where zero."""
    check_matrix("logdet", input)
    sign, logabsdet = unpack(Slogdet.apply(input), input.shape[:-2], ((), ()), "LinalgSlogdetBackward0")
    return where(sign < 0, float("nan"), logabsdet)


def linalg_inv(A):
    """The inverse of each square matrix in ``A``; LinAlgError where one is singular."""
    check_matrix("linalg.inv", A, complex_ok=True)
    return Inv.apply(A)


@public("inverse")
def inverse(input):
    """The inverse of each square matrix in ``input`` (as linalg.inv)."""
    return linalg_inv(input)


def zero_pivot(xp, M):
    """LAPACK getrf's info for one matrix: the 1-based index of the first zero pivot of its LU
    factorization with partial pivoting, 0 if none."""
    U = M.copy()
    for k in range(U.shape[-1]):
        p = k + int(xp.argmax(xp.abs(U[k:, k])).item())
        if U[p, k].item() == 0:
            return k + 1
        U[[k, p]] = U[[p, k]]
        U[k + 1:, k:] -= (U[k + 1:, k] / U[k, k])[:, None] * U[k, k:]
    return 0


def with_info(A, compute, failure_info, check_errors):
    """(compute(A), info) as the ``_ex`` functions return them: info 0 for each matrix of A where
    ``compute`` succeeds; where it raises LinAlgError, info is ``failure_info(xp, matrix)`` (LAPACK's)
    and the result NaN (LAPACK leaves inf or partial values there), unless ``check_errors``."""
    xp = A._device._get_backend().xp
    try:
        return compute(A), wrap(xp.zeros(A.shape[:-2], dtype=_dt.int32.np), A._device)
    except LinAlgError:
        if check_errors:
            raise
    n = A.shape[-1]
    info = [failure_info(xp, M) for M in A._data.reshape((-1, n, n))]  # (a host loop, on failure only)
    info = xp.asarray(info, dtype=_dt.int32.np).reshape(A.shape[:-2])
    failed = wrap(info != 0, A._device)
    eye = wrap(xp.eye(n, dtype=A._data.dtype), A._device)
    out = compute(A.where(~failed[..., None, None], eye))
    failed = failed[..., None] if out.ndim == A.ndim - 1 else failed[..., None, None]
    return out.where(~failed, float("nan")), wrap(info, A._device)


def inv_ex(A, *, check_errors=False):
    """(inverse, info) of each square matrix in ``A``: info 0 where it is invertible, else the index of
    the zero pivot, as LAPACK's, and the inverse NaN there (LAPACK's holds inf); raises only if
    ``check_errors``."""
    check_matrix("linalg.inv_ex", A)
    return InvExResult(*with_info(A, Inv.apply, zero_pivot, check_errors))


def _vector_rhs(A, B):
    """PyTorch's rule: B is a (batch of) vector(s) if 1-D, or shaped like A without its last dim."""
    return B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left=True):
    """X with A X = B (``left``) or X A = B, for square A; B a (batch of) vector(s) or matrices."""
    check_matrix("linalg.solve", A, complex_ok=True)
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
        broadcast_shapes(tuple(A.shape[:-2]), tuple(Bm.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"linalg.solve: the batch dims of A {tuple(A.shape)} and B {tuple(B.shape)} "
                           "do not broadcast") from None
    X = Solve.apply(A, Bm) if left else Solve.apply(A.mT, Bm.mT).mT
    return X.squeeze(-1) if vector else X


def solve_ex(A, B, *, left=True, check_errors=False):
    """(result, info) of linalg.solve: info 0 where A is invertible, else the index of the zero pivot, as
    LAPACK's, and the result NaN there; raises only if ``check_errors``."""
    check_matrix("linalg.solve_ex", A)
    return SolveExResult(*with_info(A, lambda M: solve(M, B, left=left), zero_pivot, check_errors))


# ------------------------------------------------------------------------- triangular solvers

def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """X with T X = B (``left``) or X T = B, T the upper (``upper``) or lower triangle of A (with ones on
    its diagonal if ``unitriangular``); the other triangle of A is not read."""
    check_matrix("linalg.solve_triangular", A)
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
    return TriangularSolveResult(X, A.expand(*X.shape[:-2], *A.shape[-2:]).clone())


# ------------------------------------------------------------------------- tensor inverse and solve

def _prod_requirement(A, split, what):
    rows, cols = _size(A.shape[:split]), _size(A.shape[split:])
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
