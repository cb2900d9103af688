"""Randomized low-rank SVD and PCA (``torch.svd_lowrank``, ``torch.pca_lowrank``; Halko, Martinsson and
Tropp's algorithms 4.4 and 5.1), composed of differentiable ops: a Gaussian test matrix drawn from the
global generator (PyTorch's stream: the same seed gives PyTorch's matrices), QR subspace iterations, and
the SVD of the small projected matrix."""
from ..creation import randn
from ._api import public
from ._util import expect_tensor
from .spectral import linalg_qr, linalg_svd


def _matrices(name, A):
    expect_tensor(name, A, "A")
    if A.ndim < 2:
        raise ValueError(f"not enough values to unpack (expected 2, got {A.ndim})")


def _approximate_basis(A, q, niter, M):
    """Q with q orthonormal columns such that Q Q^H (A - M) approximates A - M (never forming A - M)."""
    R = randn(A.shape[-1], q, dtype=A.dtype, device=A.device)
    X = A @ R if M is None else A @ R - M @ R
    Q = linalg_qr(X).Q
    for _ in range(niter):
        X = A.mT @ Q if M is None else A.mT @ Q - M.mT @ Q
        Q = linalg_qr(X).Q
        X = A @ Q if M is None else A @ Q - M @ Q
        Q = linalg_qr(X).Q
    return Q


def _svd_lowrank(A, q, niter, M):
    q = 6 if q is None else q
    niter = 2 if niter is None else niter
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.shape)
    if m < n:  # (the basis of the smaller side)
        A = A.mT
        M = None if M is None else M.mT
    Q = _approximate_basis(A, q, niter, M)
    B = Q.mT @ A if M is None else Q.mT @ A - Q.mT @ M
    U, S, Vh = linalg_svd(B, full_matrices=False)
    U, V = Q @ U, Vh.mT
    return (V, S, U) if m < n else (U, S, V)


@public("svd_lowrank", method=False)
def svd_lowrank(A, q=6, niter=2, M=None):
    """An approximate SVD (U, S, V) of A - M (M broadcast to A; none if None) of rank ``q``, from a random
    projection refined by ``niter`` subspace iterations: A - M ~ U diag(S) V^T."""
    _matrices("svd_lowrank", A)
    if not A.dtype.is_floating_point:  # (PyTorch's product of A with a float32 test matrix refuses it)
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {A.dtype._torch_name[:-6].lower()} "
                           "!= float")
    return _svd_lowrank(A, q, niter, M)


@public("pca_lowrank", method=False)
def pca_lowrank(A, q=None, center=True, niter=2):
    """A principal component analysis of the rows of A: svd_lowrank of A less its column means (``center``),
    with ``q`` (default min(6, m, n)) components; V's columns are the principal directions."""
    _matrices("pca_lowrank", A)
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not 0 <= q <= min(m, n):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}")
    if not niter >= 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if not A.dtype.is_floating_point:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {A.dtype._torch_name[:-6]}")
    if center:
        A = A - A.mean(dim=-2, keepdim=True)
    return _svd_lowrank(A, q, niter, None)
