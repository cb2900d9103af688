"""The factorizations of ``torch.linalg`` with several outputs (QR, symmetric eigendecomposition, SVD),
and the norms made of singular values, with the gradients of PyTorch's FunctionsManual.

An op returns one array, so a factorization returns its factors packed along the last axis, and the
public function cuts them out with differentiable indexing: the op's backward receives the gradient
of every factor (zeros for one the caller did not use), as one packed array it unpacks alike.
Eigenvectors and singular vectors have a sign per vector that LAPACK implementations choose
differently: NumPy's may differ from PyTorch's (MKL's) by a sign per vector, which every function
of the decomposition that does not depend on that choice (U diag(S) Vh, V diag(L) V^T, |U|) ignores."""
import math
import warnings

from .._errors import user_stacklevel
from ..autograd.op import Op
from ..tensor import wrap
from ._api import public
from .linalg_checks import adjoint, check_matrix, eigh_arrays, svd_arrays
from .multi_output import _result, unpack
from .triangular import SolveTriangular, triangle_mask

QRResult = _result("linalg_qr", ["Q", "R"])
TorchQRResult = _result("qr", ["Q", "R"])
EighResult = _result("linalg_eigh", ["eigenvalues", "eigenvectors"])
SvdResult = _result("linalg_svd", ["U", "S", "Vh"])
TorchSvdResult = _result("svd", ["U", "S", "V"])


def _pack(xp, batch, parts):
    return xp.concatenate([p.reshape(batch + (math.prod(p.shape[len(batch):]),)) for p in parts], -1)


def _cut(g, batch, shapes):
    """The backward counterpart of ``_unpack`` on a packed gradient (array or Tensor)."""
    out, at = [], 0
    for shape in shapes:
        size = math.prod(shape)
        out.append(g[..., at:at + size].reshape(batch + shape))
        at += size
    return out


def _over(m, num, den):
    """num / den, with 0 where both are 0: a factor the caller did not use has a zero gradient, which
    PyTorch leaves out of the formula (repeated eigen- or singular values divide only what is used)."""
    return num / (den + m.cast((den == 0) & (num == 0), num.dtype))


def _eye(ctx, n, dtype):
    return ctx.xp.eye(n, dtype=dtype)


# ------------------------------------------------------------------------- QR

def _qr_shapes(m, n, mode):
    k = min(m, n)
    if mode == "complete":
        return (m, m), (m, n)
    if mode == "r":
        return (0,), (k, n)
    return (m, k), (k, n)


class QR(Op):
    """A = QR, packed (Q, R); PyTorch's gradient for m >= n (and m < n through the square left block):
    grad A = (gQ + Q copyltu(M)) R^-H with M = R gR^H - gQ^H Q, copyltu(M) its lower triangle reflected
    (conjugated) onto the upper one."""

    torch_name = "LinalgQrBackward0"
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, A, mode):
        batch, (m, n) = A.shape[:-2], A.shape[-2:]
        ctx.batch, ctx.shapes_out, ctx.dtype = batch, _qr_shapes(m, n, mode), A.dtype
        if mode == "r":
            R = ctx.xp.linalg.qr(A, mode="r") if A.size else ctx.xp.zeros(batch + ctx.shapes_out[1], A.dtype)
            return _pack(ctx.xp, batch, [ctx.xp.zeros(batch + (0,), A.dtype), R])
        if A.size == 0:
            Q = ctx.xp.zeros(batch + ctx.shapes_out[0], A.dtype)
            if mode == "complete":
                Q = Q + ctx.xp.eye(m, dtype=A.dtype)
            return _pack(ctx.xp, batch, [Q, ctx.xp.zeros(batch + ctx.shapes_out[1], A.dtype)])
        return _pack(ctx.xp, batch, ctx.xp.linalg.qr(A, mode=mode))

    @staticmethod
    def backward(ctx, m, g, A, mode, packed):
        if mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        rows, cols = ctx.shapes_out[0][0], ctx.shapes_out[1][1]
        if mode == "complete" and rows > cols:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        Q, R = _cut(packed, ctx.batch, ctx.shapes_out)
        gQ, gR = _cut(g, ctx.batch, ctx.shapes_out)
        if rows >= cols:
            return _qr_square_backward(ctx, m, gQ, gR, Q, R)
        # A = Q [X | Y]: X = R's left square block gives Q; Y = Q^T A_right adds Q gY and Y's pull on Q
        X, Y, gX, gY = R[..., :rows], R[..., rows:], gR[..., :rows], gR[..., rows:]
        gA_left = _qr_square_backward(ctx, m, gQ + (Q @ Y) @ adjoint(m, gY), gX, Q, X)
        return m.op(_Join, gA_left, Q @ gY)


def _qr_square_backward(ctx, m, gQ, gR, Q, R):
    M = R @ adjoint(m, gR) - adjoint(m, gQ) @ Q
    n = R.shape[-1]
    lower = m.const(triangle_mask(ctx.xp, n, False, -1, ctx.dtype), M)
    half_diag = m.const(_eye(ctx, n, ctx.dtype) * 0.5, M)
    tril = M * lower + M * half_diag
    gA = Q @ (tril + adjoint(m, tril)) + gQ  # Q copyltu(M) + gQ
    return m.op(SolveTriangular, adjoint(m, R), gA, False, False, False)  # gA R^-H


class _Join(Op):
    """[left | right] along the last dim (a backward's helper)."""

    supports_complex = True

    @staticmethod
    def forward(ctx, left, right):
        ctx.split = left.shape[-1]
        return ctx.xp.concatenate([left, right], -1)

    @staticmethod
    def backward(ctx, m, g):
        return g[..., :ctx.split], g[..., ctx.split:]


def linalg_qr(A, mode="reduced"):
    """A = QR with Q orthonormal (unitary) columns and R upper triangular: ``mode`` "reduced" (Q m x k), "complete"
    (Q m x m) or "r" (R only; Q empty)."""
    check_matrix("linalg.qr", A, square=False, complex_ok=True)
    if not isinstance(mode, str):
        raise TypeError(f"linalg_qr(): argument 'mode' must be str, not {type(mode).__name__}")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
                           "'r', or 'complete'")
    packed = QR.apply(A, mode)
    m, n = A.shape[-2:]
    Q, R = unpack(packed, A.shape[:-2], _qr_shapes(m, n, mode), "LinalgQrBackward0",
                  columns=(1,) if mode == "r" else (0, 1))
    return QRResult(Q.reshape(0) if mode == "r" else Q, R)


@public("qr")
def qr(input, some=True):
    """(Q, R) of each matrix: reduced if ``some``, else complete (the older form of linalg.qr, deprecated in
    PyTorch, with the same warning here)."""
    warnings.warn("torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch "
                  "release.\nThe boolean parameter 'some' has been replaced with a string parameter 'mode'.",
                  UserWarning, stacklevel=user_stacklevel())
    return TorchQRResult(*linalg_qr(input, "reduced" if some else "complete"))


# ------------------------------------------------------------------------- symmetric eigendecomposition

class Eigh(Op):
    """A = V diag(L) V^H from one triangle of A, packed (L, V); grad A = V (skew(V^H gV) / E, with gL on
    its diagonal) V^H, E_ij = L_j - L_i, skew(X) = (X - X^H) / 2 (PyTorch's formula). A complex eigenvector
    has a free phase: a loss that depends on it has no derivative, and raises as PyTorch's."""

    torch_name = "LinalgEighBackward0"
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, A, uplo):
        ctx.batch, n, ctx.dtype = A.shape[:-2], A.shape[-1], A.dtype
        ctx.shapes_out = (n,), (n, n)
        if A.size == 0:
            return ctx.xp.zeros(ctx.batch + (n + n * n,), A.dtype)
        return _pack(ctx.xp, ctx.batch, eigh_arrays(ctx.xp, A, UPLO=uplo))  # (complex L for a complex A)

    @staticmethod
    def backward(ctx, m, g, A, uplo, packed):
        L, V = _cut(packed, ctx.batch, ctx.shapes_out)
        gL, gV = _cut(g, ctx.batch, ctx.shapes_out)
        n = L.shape[-1]
        eye = m.const(_eye(ctx, n, ctx.dtype), L)
        E = m.unsqueeze(L, -2) - m.unsqueeze(L, -1) + eye
        VhgV = adjoint(m, V) @ gV
        if ctx.dtype.kind == "c":
            _check_phase_free(m, VhgV, eye, "linalg_eigh_backward: The eigenvectors in the complex case are "
                              "specified up to multiplication by e^{i phi}. The specified loss function depends on "
                              "this quantity, so it is ill-defined.")
        inner = _over(m, (VhgV - adjoint(m, VhgV)) * 0.5, E) * (1 - eye) + m.unsqueeze(gL, -1) * eye
        return V @ inner @ adjoint(m, V)


def _check_phase_free(m, X, eye, message):
    """PyTorch's error where a loss depends on the free phase of complex eigen- or singular vectors: the
    imaginary part of diag(X) (X = V^H gV) is how it changes with those phases."""
    if (m.abs(m.sum(X * eye, -2).imag) > 1e-2).any().item():
        raise RuntimeError(message)


def _uplo_type(name, UPLO):
    """``UPLO`` as a str (bytes decoded, as PyTorch's parser reads them); PyTorch's TypeError for another
    type, which its parser raises before any check of the matrix."""
    if isinstance(UPLO, bytes):
        UPLO = UPLO.decode()
    if not isinstance(UPLO, str):
        raise TypeError(f"{name.replace('.', '_')}(): argument 'UPLO' must be str, not {type(UPLO).__name__}")
    return UPLO


def _check_uplo(UPLO):
    """"L" or "U" for ``UPLO`` in either case, as PyTorch reads it; its RuntimeError for another str."""
    if UPLO.upper() not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO.upper()


def eigh(A, UPLO="L"):
    """Eigenvalues (ascending, real) and orthonormal eigenvectors (columns) of each Hermitian (real: symmetric)
    matrix, read from its lower (``UPLO="L"``) or upper triangle."""
    UPLO = _uplo_type("linalg.eigh", UPLO)
    check_matrix("linalg.eigh", A, complex_ok=True)
    UPLO = _check_uplo(UPLO)
    L, V = unpack(Eigh.apply(A, UPLO), A.shape[:-2], ((A.shape[-1],), tuple(A.shape[-2:])), "LinalgEighBackward0",
                  columns=(1,))
    return EighResult(L.real if A.dtype.is_complex else L, V)


def eigvalsh(A, UPLO="L"):
    """The eigenvalues (ascending, real) of each Hermitian (real: symmetric) matrix, read from one triangle."""
    UPLO = _uplo_type("linalg.eigvalsh", UPLO)
    check_matrix("linalg.eigh", A, complex_ok=True)  # (PyTorch's eigvalsh is its eigh: its name)
    UPLO = _check_uplo(UPLO)
    L = unpack(Eigh.apply(A, UPLO), A.shape[:-2], ((A.shape[-1],),), "LinalgEighBackward0")[0]
    return L.real if A.dtype.is_complex else L


# ------------------------------------------------------------------------- SVD

def _svd_shapes(m, n, full):
    k = min(m, n)
    return ((m, m), (k,), (n, n)) if full else ((m, k), (k,), (k, n))


class Svd(Op):
    """A = U diag(S) Vh, packed (U, S, Vh); PyTorch's gradient (on the first k = min(m, n) vectors). A complex
    pair of singular vectors has a free common phase: a loss that depends on it has no derivative, and raises
    as PyTorch's; one that does not moves A along i Im(diag(U^H gU)) / S too."""

    torch_name = "LinalgSvdBackward0"
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, A, full):
        ctx.batch, (m, n), ctx.dtype = A.shape[:-2], A.shape[-2:], A.dtype
        ctx.shapes_out = _svd_shapes(m, n, full)
        if A.size == 0:
            eye = [ctx.xp.zeros(ctx.batch + s, A.dtype) + (ctx.xp.eye(s[0], dtype=A.dtype) if full and len(s) == 2
                                                              else 0) for s in ctx.shapes_out]
            return _pack(ctx.xp, ctx.batch, eye)
        return _pack(ctx.xp, ctx.batch, svd_arrays(ctx.xp, A, full_matrices=full))  # (complex S for a complex A)

    @staticmethod
    def backward(ctx, m, g, A, full, packed):
        U, S, Vh = _cut(packed, ctx.batch, ctx.shapes_out)
        gU, gS, gVh = _cut(g, ctx.batch, ctx.shapes_out)
        k = S.shape[-1]
        rows, cols = U.shape[-2], Vh.shape[-1]
        if full:
            U, gU, Vh, gVh = U[..., :k], gU[..., :k], Vh[..., :k, :], gVh[..., :k, :]
        eye = m.const(_eye(ctx, k, ctx.dtype), S)
        UhgU = adjoint(m, U) @ gU
        VhgV = Vh @ adjoint(m, gVh)
        S2 = S * S
        E = m.unsqueeze(S2, -2) - m.unsqueeze(S2, -1) + eye
        gA = _over(m, (UhgU - adjoint(m, UhgU)) * m.unsqueeze(S, -2) + m.unsqueeze(S, -1) * (VhgV - adjoint(m, VhgV)), E)
        if ctx.dtype.kind == "c":
            _check_phase_free(m, UhgU + VhgV, eye, "svd_backward: The singular vectors in the complex case are "
                              "specified up to multiplication by e^{i phi}. The specified loss function depends on "
                              "this phase term, making it ill-defined.")
            gA = gA + m.unsqueeze(_over(m, m.sum(UhgU * eye, -2).imag, m.real(S)) * 1j, -1) * eye
        gA = gA + m.unsqueeze(gS, -1) * eye
        if rows > cols:
            gUSinv = _over(m, gU, m.unsqueeze(S, -2) + m.zeros_like(gU))
            return (U @ gA + gUSinv - U @ (adjoint(m, U) @ gUSinv)) @ Vh
        if rows < cols:
            SinvgVh = _over(m, gVh, m.unsqueeze(S, -1) + m.zeros_like(gVh))
            return U @ (gA @ Vh + SinvgVh - (SinvgVh @ adjoint(m, Vh)) @ Vh)
        return U @ gA @ Vh


class SvdVals(Op):
    """The singular values (descending); grad A = U diag(gS) Vh, with U and Vh from the SVD op (so that
    the second derivative sees how they move; its gradient of U and Vh alone would be 0/0 at repeated
    singular values, which this first derivative never divides by)."""

    torch_name = "LinalgSvdBackward0"
    saves = (True,)
    supports_complex = True

    @staticmethod
    def forward(ctx, A):
        ctx.batch, (m, n) = A.shape[:-2], A.shape[-2:]
        if A.size == 0:
            return ctx.xp.zeros(ctx.batch + (min(m, n),), A.real.dtype)
        return svd_arrays(ctx.xp, A, compute_uv=False)

    @staticmethod
    def backward(ctx, m, g, A):
        U, _, Vh = _cut(m.op(Svd, A, False), ctx.batch, _svd_shapes(A.shape[-2], A.shape[-1], False))
        return U @ (m.unsqueeze(g, -1) * Vh)


def linalg_svd(A, full_matrices=True, *, driver=None):
    """A = U diag(S) Vh for each matrix: S descending (real); with ``full_matrices`` U is m x m and Vh n x n,
    else m x k and k x n (k = min(m, n))."""
    check_matrix("linalg.svd", A, square=False, complex_ok=True)
    _check_driver("torch.linalg.svd", A, driver)
    m, n = A.shape[-2:]
    full = bool(full_matrices)
    U, S, Vh = unpack(Svd.apply(A, full), A.shape[:-2], _svd_shapes(m, n, full), "LinalgSvdBackward0",
                      columns=(0, 2))
    return SvdResult(U, S.real if A.dtype.is_complex else S, Vh)


@public("svd")
def svd(input, some=True, compute_uv=True):
    """(U, S, V) with A = U diag(S) V^H (V, not Vh, as torch.svd); reduced if ``some``. Without
    ``compute_uv``, U and V are zero matrices (full-sized) and only S is computed."""
    check_matrix("svd", input, square=False, complex_ok=True)
    if not compute_uv:
        m, n = input.shape[-2:]
        xp = input._device._get_backend().xp
        batch = tuple(input.shape[:-2])
        zeros = [wrap(xp.zeros(batch + s, input._data.dtype), input._device) for s in ((m, m), (n, n))]
        return TorchSvdResult(zeros[0], svdvals(input), zeros[1])
    U, S, Vh = linalg_svd(input, full_matrices=not some)
    return TorchSvdResult(U, S, Vh.mH)


def svdvals(A, *, driver=None):
    """The singular values of each matrix, descending."""
    check_matrix("linalg.svd", A, square=False, complex_ok=True)  # (PyTorch's svdvals is its svd: its name)
    _check_driver("torch.linalg.svd", A, driver)
    return SvdVals.apply(A)


def _check_driver(name, A, driver):
    """PyTorch's error for a LAPACK driver chosen for a CPU input (only cuSOLVER's drivers can be chosen)."""
    if driver is not None and A.device.type == "cpu":
        raise RuntimeError(f"{name}: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER "
                           "backend.")


def singular_value_norm(A, ord, rows, cols, keepdim):
    """The matrix norms over dims ``rows``, ``cols`` made of singular values: "nuc" (their sum), 2 (the
    largest), -2 (the smallest); as PyTorch, ties of the extremes share the gradient (amax/amin)."""
    S = svdvals(A.movedim((rows, cols), (-2, -1)))
    out = S.sum(-1) if ord == "nuc" else S.amax(-1) if ord == 2 else S.amin(-1)
    return out.unsqueeze(min(rows, cols)).unsqueeze(max(rows, cols)) if keepdim else out
