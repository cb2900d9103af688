"""The eigendecomposition of a general square matrix (``torch.linalg.eig`` and ``eigvals``): complex
eigenvalues and eigenvectors, of a real or a complex matrix, with PyTorch's gradient.

LAPACK's geev normalises each eigenvector to unit length with its largest component real; the
remaining freedom (a sign, or a phase e^{i phi}) is chosen alike by NumPy and PyTorch for most
matrices, and a loss that depends on it has no derivative (PyTorch checks that: so does the
gradient here, through the imaginary part of diag(V^H gV))."""
from .. import dtypes as _dt
from ..autograd.op import Op
from ._util import expect_tensor
from .multi_output import Piece, _Placed, _result, unpack
from .spectral import _cut, _eye, _pack

EigResult = _result("linalg_eig", ["eigenvalues", "eigenvectors"])

# Cutting the packed (eigenvalues, eigenvectors) apart is linear with real coefficients: it holds for
# complex values as written.
Piece.supports_complex = True
_Placed.supports_complex = True


class ComplexMatMul(Op):
    """a @ b for real or complex matrices (batched, broadcasting); grad a = g b^H, grad b = a^H g (a backward's
    helper: eig's gradient is complex, and a formula written with it differentiates again)."""

    supports_complex = True
    saves = (1, 0)

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return a @ b

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        ga = m.sum_to(m.op(ComplexMatMul, g, m.conj(m.mT(b))), ctx.shapes[0]) if na else None
        gb = m.sum_to(m.op(ComplexMatMul, m.conj(m.mT(a)), g), ctx.shapes[1]) if nb else None
        return ga, gb


def _mm(m, a, b):
    return m.op(ComplexMatMul, a, b)


def _over_nonzero(m, num, den):
    """num / den, with 0 where both are 0 (see spectral._over), comparing magnitudes (complex-safe)."""
    both_zero = (m.abs(den) == 0) & (m.abs(num) == 0)
    return num / (den + m.cast(both_zero, num.dtype))


class SolveLeft(Op):
    """X = A^-1 B for square A (real or complex); grad B = A^-H g, grad A = -grad B X^H (a backward's
    helper: eig's gradient is pulled back through V^-H)."""

    supports_complex = True
    saves = (True, False)  # (A's gradient is made of B's)
    saves_output = 0

    @staticmethod
    def forward(ctx, A, B):
        return ctx.xp.linalg.solve(A, B)

    @staticmethod
    def backward(ctx, m, g, A, B, X):
        gB = m.op(SolveLeft, m.conj(m.mT(A)), g)
        gA = -_mm(m, gB, m.conj(m.mT(X))) if ctx.needs_input_grad[0] else None
        return gA, gB


class Eig(Op):
    """A V = V diag(L), packed (L, V), complex. PyTorch's gradient, with E_ij = conj(L_j - L_i):
    grad A = V^-H (diag(gL) + (V^H gV - V^H V diag(Re diag(V^H gV))) / E) V^H, its real part for a
    real A (the second term projects out how the loss changes with the unit eigenvectors' lengths)."""

    torch_name = "LinalgEigBackward0"
    supports_complex = True
    saves_output = True

    @staticmethod
    def forward(ctx, A):
        xp = ctx.xp
        ctx.batch, n = A.shape[:-2], A.shape[-1]
        ctx.shapes_out, ctx.real_input = ((n,), (n, n)), A.dtype.kind != "c"
        ctx.dtype = _dt.complex_of(_dt._BY_NP[A.dtype]).np if ctx.real_input else A.dtype
        if A.size == 0:
            return xp.zeros(ctx.batch + (n + n * n,), ctx.dtype)
        L, V = xp.linalg.eig(A)  # (NumPy's are real when every eigenvalue is)
        return _pack(xp, ctx.batch, [L.astype(ctx.dtype, copy=False), V.astype(ctx.dtype, copy=False)])

    @staticmethod
    def backward(ctx, m, g, A, packed):
        L, V = _cut(packed, ctx.batch, ctx.shapes_out)
        gL, gV = _cut(g, ctx.batch, ctx.shapes_out)
        eye = m.const(_eye(ctx, L.shape[-1], ctx.dtype), L)
        Vh = m.conj(m.mT(V))
        VhgV = _mm(m, Vh, gV)
        diag = m.sum(VhgV * eye, -2)
        if (m.abs(diag - m.conj(diag)) > 2e-2).any().item():  # (|Im diag| > 1e-2, PyTorch's check)
            raise RuntimeError("linalg_eig_backward: The eigenvectors in the complex case are specified up to "
                               "multiplication by e^{i phi}. The specified loss function depends on this quantity, "
                               "so it is ill-defined.")
        VhgV = VhgV - _mm(m, Vh, V) * m.unsqueeze(m.real(diag), -2)
        Lc = m.conj(L)
        E = m.unsqueeze(Lc, -2) - m.unsqueeze(Lc, -1) + eye
        inner = _over_nonzero(m, VhgV, E) * (1 - eye) + m.unsqueeze(gL, -1) * eye
        gA = m.op(SolveLeft, Vh, _mm(m, inner, Vh))
        return m.real(gA) if ctx.real_input else gA


def _check_square(name, A):
    expect_tensor(name, A, "A")
    if A.dtype not in (_dt.float32, _dt.float64, _dt.complex64, _dt.complex128):
        if A.dtype.is_floating_point:
            raise NotImplementedError(f"\"linalg_eig_out_cpu\" not implemented for '{A.dtype._torch_name[:-6]}'")
        raise RuntimeError(f"Unknown Complex ScalarType for {A.dtype._torch_name[:-6]}")
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    xp = A._device._get_backend().xp
    if A.numel() and not xp.isfinite(A._data).all().item():
        raise RuntimeError("torch.linalg.eig: input tensor should not contain infs or NaNs.")  # (eigvals' too)


def _eig(name, A):
    _check_square(name, A)
    n = A.shape[-1]
    return unpack(Eig.apply(A), A.shape[:-2], ((n,), (n, n)), "LinalgEigBackward0", columns=(1,))


def eig(A):
    """The eigenvalues and eigenvectors (columns, unit length) of each square matrix, complex even for a
    real matrix: A V = V diag(L)."""
    return EigResult(*_eig("linalg.eig", A))


def eigvals(A):
    """The (complex) eigenvalues of each square matrix, in linalg.eig's order."""
    return _eig("linalg.eigvals", A)[0]

