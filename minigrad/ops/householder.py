"""Householder reflectors as LAPACK stores them (geqrf's packed QR), and the products of reflectors built
from them: linalg.householder_product (orgqr) and ormqr.

Reflector i is H_i = I - tau_i v_i v_i^H with v_i = (0, ..., 0, 1, A[i+1:, i]): zeros above row i, a one at
row i and the column of A below the diagonal. The products are written with differentiable Tensor ops
(one rank-1 update per reflector), so their gradients (of A, tau and the other operand) and higher
orders follow from those ops'."""
from ..autograd.op import Op
from ..tensor import wrap
from ._api import public
from ._util import expect_tensor
from .._array_layout import column_major
from .linalg_checks import ColumnMajor, _dtype_name, check_float
from .multi_output import _result

GeqrfResult = _result("geqrf", ["a", "tau"])


class _NoReflector(Op):
    """The product of no reflectors (Q, the identity) recorded as a function of A and tau whose gradients
    are None, as PyTorch's."""

    torch_name = "LinalgHouseholderProductBackward0"

    @staticmethod
    def forward(ctx, A, tau, Q):
        return column_major(Q)

    @staticmethod
    def backward(ctx, m, g):
        return None, None, None


@public("geqrf")
def geqrf(input):
    """(a, tau): the QR factorization of each matrix as LAPACK's geqrf stores it: R on and above a's
    diagonal, the Householder vectors below it, and their scales in tau (not differentiable)."""
    check_float("geqrf", input, complex_ok=True)
    if input.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    xp = input._device._get_backend().xp
    a, tau = xp.linalg.qr(input._data, mode="raw")  # (LAPACK's geqrf; a in Fortran order, transposed)
    dtype = input._data.dtype
    return GeqrfResult(wrap(column_major(xp.swapaxes(a, -1, -2).astype(dtype)), input._device),
                       wrap(tau.astype(dtype), input._device))


def _eye(A, rows, cols):
    return wrap(A._device._get_backend().xp.eye(rows, cols, dtype=A._data.dtype), A._device)


def _reflectors(A, k):
    """The m x k matrix of the Householder vectors v_i stored in A's columns below the diagonal."""
    return A[..., :, :k].tril(-1) + _eye(A, A.shape[-2], k)


def _apply(V, tau, C, order, left):
    """H_i (left) or C H_i (right) applied to C for i in ``order`` (the first one applied first)."""
    for i in order:
        v = V[..., :, i:i + 1]
        t = tau[..., i, None, None]
        C = C - t * (v @ (v.mH @ C)) if left else C - t * ((C @ v) @ v.mH)
    return C


def _check(name, A, tau, what="input"):
    check_float(name, A, complex_ok=True)
    expect_tensor(name, tau, "tau", 2)
    if A.ndim < 2:
        raise RuntimeError(f"torch.{name}: {what} must have at least 2 dimensions.")
    if tau.ndim != A.ndim - 1:
        raise RuntimeError(f"torch.{name}: Expected tau to have one dimension less than input, but got "
                           f"tau.ndim equal to {tau.ndim} and input.ndim is equal to {A.ndim}")
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"torch.{name}: Expected batch dimensions of tau to be equal to input.shape[:-2], "
                           f"but got {tuple(tau.shape[:-1])}")
    if A.dtype != tau.dtype:
        raise RuntimeError(f"torch.{name}: tau dtype {_dtype_name(tau)} does not match input dtype "
                           f"{_dtype_name(A)}")


def householder_product(A, tau):
    """The first n columns of H_1 ... H_k, the product of the Householder reflectors stored in ``A``
    (m x n, m >= n) and ``tau`` (k <= n): Q of geqrf's factorization."""
    _check("linalg.householder_product", A, tau)
    m, n = A.shape[-2:]
    if m < n:
        raise RuntimeError("torch.linalg.householder_product: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    k = tau.shape[-1]
    if k > n:
        raise RuntimeError("torch.linalg.householder_product: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    Q = _eye(A, m, n).expand(*A.shape)
    if k == 0:  # no reflector: Q is I, recorded (with no gradient for A or tau), as PyTorch's
        return _NoReflector.apply(A, tau, Q)
    return ColumnMajor.apply(_apply(_reflectors(A, k), tau, Q, range(k - 1, -1, -1), True),
                             "LinalgHouseholderProductBackward0")


@public("orgqr")
def orgqr(input, input2):
    """The first n columns of the product of the Householder reflectors in ``input`` and ``input2`` (tau):
    linalg.householder_product."""
    return householder_product(input, input2)


@public("ormqr")
def ormqr(input, input2, input3, left=True, transpose=False):
    """Q C (``left``) or C Q, with Q^T for ``transpose``, where Q = H_1 ... H_k is the m x m product of the
    Householder reflectors stored in ``input`` and ``input2`` (tau), and C is ``input3``."""
    A, tau, C = input, input2, input3
    _check("ormqr", A, tau)
    expect_tensor("ormqr", C, "input3", 3)
    if C.ndim != A.ndim:
        raise RuntimeError(f"torch.ormqr: Expected other to have the same number of dimensions as input, but got "
                           f"other.ndim equal to {C.ndim} and input.ndim is equal to {A.ndim}")
    if tuple(C.shape[:-2]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"torch.ormqr: Expected batch dimensions of other to be equal to input.shape[:-2], "
                           f"but got {tuple(C.shape[:-2])}")
    if C.dtype != A.dtype:
        raise RuntimeError(f"torch.ormqr: other dtype {_dtype_name(C)} does not match input dtype {_dtype_name(A)}")
    side = -2 if left else -1
    if C.shape[side] != A.shape[-2]:
        raise RuntimeError(f"torch.ormqr: other.shape[{side}] must be equal to input.shape[-2]")
    k = tau.shape[-1]
    if k != min(C.shape[side], A.shape[-1]):
        raise RuntimeError(f"torch.ormqr: tau.shape[-1] must be equal to min(other.shape[{side}], input.shape[-1])")
    forward = range(k)                 # H_1 first: Q^T C = H_k ... H_1 C and C Q = C H_1 ... H_k
    backward = range(k - 1, -1, -1)    # H_k first: Q C and C Q^T
    order = forward if (left == bool(transpose)) else backward
    if transpose and tau.is_complex():  # Q^H: each H_i^H = I - conj(tau_i) v_i v_i^H
        tau = tau.conj()
    return ColumnMajor.apply(_apply(_reflectors(A, k), tau, C, order, left), "OrmqrBackward0")
