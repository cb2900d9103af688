"""Determinants: ``det``, ``slogdet`` (sign and log of the absolute value, packed in one op) and
``logdet``, with PyTorch's gradients (through the inverse, and the SVD's cofactors at a singular
matrix).
"""
from ..autograd.op import Op
from ._api import public
from .linalg_checks import check_matrix
from .multi_output import _result, unpack
from .lu import getrf
from .selection import where
from .solve import Inv

SlogdetResult = _result("slogdet", ["sign", "logabsdet"])
LinalgSlogdetResult = _result("linalg_slogdet", ["sign", "logabsdet"])


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


#: The largest matrices whose determinant is the LU diagonal's product here (``getrf``'s elimination
#: is a Python loop over the columns); larger ones take NumPy's (LAPACK's) ``det``.
_LOOPED_LU_MAX = 16


def _det(xp, A):
    """det A as PyTorch's: the product of the LU factors' diagonal, its sign flipped per row swap.
    NumPy's ``linalg.det`` is sign * exp(logabsdet), a few ulps off where course programs print
    exact values (det([[4, 1], [2, 3]]) = 10.000000000000002). Complex, empty and large matrices
    take NumPy's (see ``_LOOPED_LU_MAX``)."""
    n = A.shape[-1]
    if A.dtype.kind == "c" or not A.size or n > _LOOPED_LU_MAX:
        return xp.linalg.det(A)
    LU, pivots, _ = getrf(xp, A)
    swaps = (pivots != xp.arange(1, n + 1, dtype=pivots.dtype)).sum(-1)
    sign = xp.where(swaps % 2 == 1, -1, 1).astype(A.dtype)
    return (sign * xp.prod(xp.diagonal(LU, axis1=-2, axis2=-1), axis=-1)).astype(A.dtype)


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
        det = _det(xp, A)
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
            return gdet * m.mT(m.op(Inv, A, "linalg.inv"))
        eye = ctx.xp.eye(A.shape[-1], dtype=ctx.dtype)
        invertible = A * m.const(~ctx.singular, A) + m.const(eye * ctx.singular, A)  # identity where singular
        gA = gdet * m.mT(m.op(Inv, invertible, "linalg.inv"))
        return gA + g * m.const(ctx.cofactors, g) if m.records else gA


class Slogdet(Op):
    """(sign, log|det A|) packed along a new last axis (complex for a complex A: the real log|det| read
    back with ``.real``); grad A = g_log A^-T for a real A (the sign has none), and for a complex A, with
    sign s = e^{i theta}, (Re g_log - i Im(conj(g_s) s)) A^-H (d log det = d log|det| + i d theta)."""

    torch_name = "LinalgSlogdetBackward0"
    saves = (True,)
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, A):
        sign, logabs = ctx.xp.linalg.slogdet(A)
        if A.dtype.kind != "c":  # (PyTorch's sign multiplies the pivots' signs: 0 for a NaN one)
            sign = ctx.xp.where(ctx.xp.isnan(logabs), 0, sign)
        ctx.complex = A.dtype.kind == "c"
        return ctx.xp.stack([sign.astype(A.dtype), logabs.astype(A.dtype)], -1)

    @staticmethod
    def backward(ctx, m, g, A, out):
        g_log = g[..., 1]
        if ctx.complex:
            turn = m.conj(g[..., 0]) * out[..., 0]  # (only its imaginary part moves theta)
            g_log = (g_log + m.conj(g_log) - turn + m.conj(turn)) * 0.5
        g_log = m.unsqueeze(m.unsqueeze(g_log, -1), -1)
        inv_t = m.mT(m.op(Inv, A, "linalg.inv"))
        return g_log * (m.conj(inv_t) if ctx.complex else inv_t)


@public("det")
def det(input):
    """The determinant of each square matrix in ``input`` (batched over leading dims)."""
    check_matrix("linalg.det", input, complex_ok=True)
    return Det.apply(input)


def _slogdet(A, result, name="linalg.slogdet"):
    check_matrix(name, A, complex_ok=True)
    sign, logabsdet = unpack(Slogdet.apply(A), A.shape[:-2], ((), ()), "LinalgSlogdetBackward0")
    return result(sign, logabsdet.real if A.dtype.is_complex else logabsdet)


@public("slogdet")
def slogdet(input):
    """(sign, log|det|) of each square matrix in ``input``: the determinant without over- or underflow."""
    return _slogdet(input, SlogdetResult)


def linalg_slogdet(A):
    """(sign, log|det A|) of each square matrix in ``A``: sign 0 and log|det| -inf where A is singular
    (NaN where it holds NaN); a complex sign of modulus 1 for a complex A."""
    return _slogdet(A, LinalgSlogdetResult)


@public("logdet")
def logdet(input):
    """log det of each square matrix in ``input``: NaN where the determinant is negative, -inf where zero;
    for a complex input log|det| + i arg(det) (its imaginary part NaN where det is zero, as PyTorch's)."""
    sign, logabsdet = _slogdet(input, lambda *pair: pair, "logdet")
    if input.dtype.is_complex:
        return where(sign == 0, complex(float("-inf"), float("nan")), logabsdet + sign.log())
    return where(sign < 0, float("nan"), logabsdet)
