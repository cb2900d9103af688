"""Functions of matrices built on their factorizations: the pseudo-inverse, the rank, least squares
(as PyTorch's CPU drivers report it) and the matrix exponential, with PyTorch's gradients."""
from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import Tensor, wrap
from ._api import public
from ._util import expect_tensor
from .linalg_checks import (ColumnMajor, adjoint, adjoint_array, check_float, check_matrix, check_same_dtype,
                            eigh_arrays, svd_arrays)
from .multi_output import _result
from .spectral import svdvals

LstsqResult = _result("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])


# ------------------------------------------------------------------------- pseudo-inverse and rank

def _tolerances(A, atol, rtol):
    """PyTorch's cutoff arguments as floats or arrays (Tensors given): atol defaults to 0, rtol to
    eps * max(m, n), or to 0 when a positive atol is given."""
    def value(t):
        return None if t is None else (t._data if isinstance(t, Tensor) else float(t))
    atol, rtol = value(atol), value(rtol)
    if rtol is None:
        positive_atol = atol is not None and ((atol > 0).all().item() if not isinstance(atol, float) else atol > 0)
        rtol = 0.0 if positive_atol else float(_dt.finfo(A.dtype).eps) * max(A.shape[-2:])
    return (0.0 if atol is None else atol), rtol


def _kept(xp, S, atol, rtol):
    """The singular values above max(atol, rtol * largest) (S descending or unordered, non-negative)."""
    top = S.max(-1) if S.shape[-1] else xp.zeros(S.shape[:-1], S.dtype)
    cutoff = xp.maximum(xp.asarray(atol, dtype=S.dtype), xp.asarray(rtol, dtype=S.dtype) * top)
    return S > cutoff[..., None]


class Pinv(Op):
    """The Moore-Penrose pseudo-inverse through the SVD (or the eigendecomposition if ``hermitian``), singular
    values at or below the cutoff dropped; PyTorch's gradient (pinv_backward)."""

    torch_name = "LinalgPinvBackward0"
    saves = (True,)
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, A, atol, rtol, hermitian):
        xp = ctx.xp
        m, n = A.shape[-2:]
        if A.size == 0:
            return xp.zeros(A.shape[:-2] + (n, m), A.dtype)
        if hermitian:
            L, V = eigh_arrays(xp, A)
            keep = _kept(xp, xp.abs(L), atol, rtol)
            inv = xp.where(keep, 1 / xp.where(keep, L, 1), 0)
            return (V * inv[..., None, :]) @ adjoint_array(xp, V)
        U, S, Vh = svd_arrays(xp, A, full_matrices=False)
        keep = _kept(xp, S, atol, rtol)
        inv = xp.where(keep, 1 / xp.where(keep, S, 1), 0)
        return (adjoint_array(xp, Vh) * inv[..., None, :]) @ adjoint_array(xp, U)

    @staticmethod
    def backward(ctx, m, g, A, atol, rtol, hermitian, P):
        Pt, gt = adjoint(m, P), adjoint(m, g)
        if A.shape[-2] <= A.shape[-1]:
            K = gt @ P
            KPt = K @ Pt
            return -adjoint(m, P @ K) + KPt - (A @ P) @ KPt + (Pt @ P) @ (gt - K @ A)
        K = P @ gt
        PtK = Pt @ K
        return -adjoint(m, K @ P) + (gt - A @ K) @ P @ Pt + PtK - PtK @ P @ A


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The pseudo-inverse of each matrix: singular values (|eigenvalues| if ``hermitian``) at or below
    max(atol, rtol * the largest) are treated as zero."""
    expect_tensor("linalg_pinv", A)
    if A.ndim < 2 or A.dtype not in _LAPACK_DTYPES:
        raise RuntimeError(f"linalg.pinv({A.dtype._torch_name[:-6]}{{{list(A.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    if hermitian and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.eigh: A must be batches of square matrices, but they are {A.shape[-2]} by "
                           f"{A.shape[-1]} matrices")
    atol, rtol = _tolerances(A, atol, rtol)
    return Pinv.apply(A, atol, rtol, bool(hermitian))


#: the dtypes LAPACK computes in (PyTorch's pinv and matrix_rank take no others)
_LAPACK_DTYPES = (_dt.float32, _dt.float64, _dt.complex64, _dt.complex128)


def expect_float_matrix(A, name):
    """linalg.pinv's and matrix_rank's errors for an input that is not a float or complex matrix."""
    check_float(name, A, complex_ok=True)
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")


@public("pinverse")
def pinverse(input, rcond=1e-15):
    """The pseudo-inverse of each matrix, singular values at or below ``rcond`` times the largest dropped."""
    return pinv(input, rtol=rcond)


def matrix_rank(A, tol=None, *, atol=None, rtol=None, hermitian=False):
    """The number of singular values (|eigenvalues| if ``hermitian``) above max(atol, rtol * the largest), as
    int64 (``tol``: the older name of atol)."""
    expect_tensor("linalg_matrix_rank", A)
    if A.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    if A.dtype not in _LAPACK_DTYPES:
        raise RuntimeError("This function doesn't handle types other than float and double")
    if tol is not None and (atol is not None or rtol is not None):  # (PyTorch's overloads take one or the others)
        raise TypeError("linalg_matrix_rank() received an invalid combination of arguments - got tol with atol or "
                        "rtol, but expected tol alone or atol and rtol")
    if tol is not None:
        atol, rtol = tol, 0.0
    atol, rtol = _tolerances(A, atol, rtol)
    xp = A._device._get_backend().xp
    data = A._data
    if data.size == 0:
        S = xp.zeros(data.shape[:-2] + (0,), data.dtype)
    else:
        S = xp.abs(eigh_arrays(xp, data, True)) if hermitian else svd_arrays(xp, data, compute_uv=False)
    return wrap(_kept(xp, S, atol, rtol).sum(-1).astype(_dt.int64.np), A._device)


# ------------------------------------------------------------------------- least squares, condition number

_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """(solution, residuals, rank, singular_values) of min ||A X - B|| for each matrix pair, as PyTorch's CPU
    drivers report them: the solution is pinv(A) B (the minimum-norm one, singular values at or below
    rcond times the largest dropped; rcond defaults to eps * max(m, n)); the residuals (squared, per
    column) only for m > n, full-rank A and a driver other than gelsy (else empty); the rank except for
    gels; the singular values only for gelsd and gelss."""
    if expect_tensor("linalg_lstsq", A, "input", 1) or A.ndim < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    check_matrix("torch.linalg.lstsq", A, square=False, complex_ok=True)
    if expect_tensor("torch.linalg.lstsq", B, "B", 2) or B.ndim == 0:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    expect_float_matrix(B, "torch.linalg.lstsq") if B.ndim >= 2 else check_float("torch.linalg.lstsq", B, True)
    check_same_dtype("torch.linalg.lstsq", A, B)
    driver = "gelsy" if driver is None else driver
    if driver not in _DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    vector = B.ndim == A.ndim - 1
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.shape[-2] != A.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    m, n = A.shape[-2:]
    rtol = float(_dt.finfo(A.dtype).eps) * max(m, n) if rcond is None or rcond < 0 else rcond
    X = Pinv.apply(A, 0.0, rtol, False) @ Bm
    xp = A._device._get_backend().xp
    empty = wrap(xp.zeros((0,), A._data.real.dtype), A._device)
    no_residuals = A.reshape(-1)[:0].real  # (empty, but in the graph as PyTorch's; real as the residuals)
    rank = matrix_rank(A, atol=0.0, rtol=rtol) if driver != "gels" else wrap(xp.zeros((0,), _dt.int64.np), A._device)
    values = svdvals(A.detach()) if driver in ("gelsd", "gelss") else empty
    residuals = no_residuals
    if driver != "gelsy" and m > n and A._data.size and (matrix_rank(A)._data == n).all().item():
        residuals = ((A @ X - Bm).abs() ** 2).sum(-2)  # (a vector B keeps its column, as PyTorch's)
    # (LAPACK overwrites B, of max(m, n) rows, with the solution: its top n rows)
    solution = ColumnMajor.apply(X, "LinalgLstsqBackward0", max(m, n), X.shape[:-1] if vector else None)
    return LstsqResult(solution, residuals, rank, values)


# ------------------------------------------------------------------------- matrix exponential

_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
           10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152  # the largest 1-norm for which the degree-13 Pade approximant is exact to double


def _expm(xp, A):
    """exp of each matrix by scaling and squaring the degree-13 Pade approximant (Higham 2005), in float64
    or complex128 (its coefficients reach 6e16: in float32 the squarings magnify their rounding to 2e-5
    relative)."""
    wide = xp.complex128 if A.dtype.kind == "c" else xp.float64
    if A.dtype != wide:
        return _expm(xp, A.astype(wide)).astype(A.dtype)
    norm = xp.abs(A).sum(-2).max(-1)
    squarings = xp.maximum(0, xp.ceil(xp.log2(xp.maximum(norm, 1e-300) / _THETA13))).astype(int)
    X = A / (2.0 ** squarings)[..., None, None].astype(A.dtype)
    b = _PADE13
    eye = xp.eye(A.shape[-1], dtype=A.dtype)
    X2 = X @ X
    X4 = X2 @ X2
    X6 = X4 @ X2
    U = X @ (X6 @ (b[13] * X6 + b[11] * X4 + b[9] * X2) + b[7] * X6 + b[5] * X4 + b[3] * X2 + b[1] * eye)
    V = X6 @ (b[12] * X6 + b[10] * X4 + b[8] * X2) + b[6] * X6 + b[4] * X4 + b[2] * X2 + b[0] * eye
    E = xp.linalg.solve(V - U, V + U)
    for i in range(int(squarings.max().item()) if squarings.size else 0):
        E = xp.where((i < squarings)[..., None, None], E @ E, E)
    return E


class MatrixExp(Op):
    """exp(A) = sum A^k / k!; grad A = the upper right block of exp([[A^T, g], [0, A^T]]), the block
    matrix assembled with products by [I 0]^T and [0 I]^T so that the formula differentiates again."""

    torch_name = "LinalgMatrixExpBackward0"
    saves = (True,)
    holomorphic = True

    @staticmethod
    def forward(ctx, A):
        n = A.shape[-1]
        eye = ctx.xp.eye(n, dtype=A.dtype)
        zero = ctx.xp.zeros((n, n), dtype=A.dtype)
        ctx.top, ctx.bottom = ctx.xp.concatenate([eye, zero]), ctx.xp.concatenate([zero, eye])  # (2n, n)
        return _expm(ctx.xp, A) if A.size else A.copy()

    @staticmethod
    def backward(ctx, m, g, A):
        top, bottom = m.const(ctx.top, g), m.const(ctx.bottom, g)
        At = m.mT(A)
        block = top @ At @ m.mT(top) + top @ g @ m.mT(bottom) + bottom @ At @ m.mT(bottom)
        return m.mT(top) @ m.op(MatrixExp, block) @ bottom


@public("matrix_exp")
def matrix_exp(input):
    """The matrix exponential of each square matrix."""
    check_matrix("linalg.matrix_exp", input, complex_ok=True)
    return MatrixExp.apply(input)
