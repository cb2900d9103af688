"""What the ``torch.linalg`` families share: PyTorch's ``LinAlgError``, its argument checks (float or
complex (square) matrices of one dtype), the ``info`` of the ``_ex`` functions (LAPACK's, with
NaN results where a matrix fails instead of an error), and the column-major layout of LAPACK's results
for those computed by composites.
"""
from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import wrap
from ._util import expect_tensor
from .._array_layout import column_major


class _LinAlgError(RuntimeError):
    """A matrix the computation needs invertible (or positive-definite) is not: torch.linalg.LinAlgError."""


LinAlgError = _LinAlgError  # (PyTorch's class is named _LinAlgError, which type(e).__name__ prints)


def _dtype_name(t):
    return t.dtype._torch_name[:-6]  # "Float", "Long", ... as PyTorch's messages name them


#: the CPU kernels that refuse a non-float input before the function's own check (NotImplementedError)
_KERNELS = {"cholesky": "cholesky_cpu", "linalg.eigh": "linalg_eigh_cpu",
            "linalg.lu_factor": "lu_cpu", "linalg.solve_triangular": "triangular_solve_cpu"}


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
    """``xp.linalg.svd`` with PyTorch's LinAlgError where a matrix holds NaN (or it does not converge), and
    NaN results where a matrix holds an infinity (PyTorch's singular values there; NumPy's LAPACK can loop
    forever on one)."""
    finite = xp.isfinite(A).all((-2, -1))
    if not finite.all().item():
        nan = xp.isnan(A).any((-2, -1)).reshape(-1)
        if nan.any().item():
            where = f"(Batch element {int(nan.argmax().item())}): " if A.ndim > 2 else ""
            raise LinAlgError(f"linalg.svd: {where}The algorithm failed to converge because the input matrix "
                              "contained non-finite values.")
        out = svd_arrays(xp, xp.where(finite[..., None, None], A, 0), **kw)
        if not kw.get("compute_uv", True):
            return xp.where(finite[..., None], out, xp.nan)
        return tuple(xp.where(finite[..., None] if r.ndim == A.ndim - 1 else finite[..., None, None], r, xp.nan)
                     for r in out)
    try:
        return xp.linalg.svd(A, **kw)
    except xp.linalg.LinAlgError:
        raise LinAlgError("linalg.svd: The algorithm failed to converge because the input matrix contained "
                          "non-finite values.") from None


def eigh_arrays(xp, A, values_only=False, **kw):
    """``xp.linalg.eigh`` (``eigvalsh`` if ``values_only``) with PyTorch's LinAlgError, not NumPy's, where it
    does not converge (NaN input); the error code named is syevd's on the failing cases tried (n - 1, n - 2 for
    the values only)."""
    eigh = xp.linalg.eigvalsh if values_only else xp.linalg.eigh
    try:
        return eigh(A, **kw)
    except xp.linalg.LinAlgError:
        pass
    n = A.shape[-1]
    where = ""
    if A.ndim > 2:
        for b, M in enumerate(A.reshape((-1, n, n))):  # (a host loop, on failure only)
            try:
                eigh(M, **kw)
            except xp.linalg.LinAlgError:
                where = f"(Batch element {b}): "
                break
    code = n - 2 if values_only else n - 1
    raise LinAlgError(f"linalg.eigh: {where}The algorithm failed to converge because the input matrix is "
                      f"ill-conditioned or has too many repeated eigenvalues (error code: {code}).")


def adjoint(m, X):
    """X^H, the conjugate transpose of a backward formula's matrix (array or Tensor): X^T when X is real."""
    return m.conj(m.mT(X))


def adjoint_array(xp, X):
    """X^H for a forward's (batch of) matrices: the transpose of a real one (a view)."""
    X = xp.swapaxes(X, -1, -2)
    return X.conj() if X.dtype.kind == "c" else X


def check_matrix(name, A, square=True, what="A", complex_ok=False, dtype_first=False):
    """PyTorch's errors for an input that is not a (batch of) float (square) matrices, in its order:
    the rank, the shape, then the dtype (the dtype first where ``dtype_first``: linalg.solve's)."""
    if dtype_first:
        check_float(name, A, complex_ok)
    expect_tensor(name, A, "A")
    check_shape(name, A, square, what)
    check_float(name, A, complex_ok)


def check_shape(name, A, square=True, what="A"):
    """PyTorch's errors for a tensor that is not a (batch of) (square) matrices."""
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


def with_info(A, compute, failure_info, check_errors, partial=None):
    """(compute(A), info) as the ``_ex`` functions return them: info 0 for each matrix of A where
    ``compute`` succeeds; where it raises LinAlgError, info is ``failure_info(xp, matrix)`` (LAPACK's)
    and the result there ``partial(xp, A's array)`` (what LAPACK leaves, for the whole batch), or NaN
    without ``partial``, unless ``check_errors``."""
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
    left = float("nan") if partial is None else wrap(partial(xp, A._data), A._device)
    try:
        out = compute(A.where(~failed[..., None, None], eye))
    except LinAlgError:  # (NumPy refused a matrix whose replayed factors have no zero pivot: a transpose's, say)
        return left, wrap(info, A._device)
    if partial is not None and out.ndim == A.ndim and out.mT.is_contiguous():
        left = wrap(column_major(left._data), A._device)  # (so that ``where`` keeps out's column-major layout)
    failed = failed[..., None] if out.ndim == A.ndim - 1 else failed[..., None, None]
    return out.where(~failed, left), wrap(info, A._device)


class ColumnMajor(Op):
    """The last step of a composite whose PyTorch result is LAPACK's: its values as they are, each matrix
    laid out column-major in a buffer of ``rows`` rows (its own by default; lstsq's solution is the top of
    a max(m, n)-row buffer), then shaped ``shape``; the node is named ``name``, as PyTorch's."""

    supports_complex = True

    @staticmethod
    def forward(ctx, a, name, rows=None, shape=None):
        ctx.torch_name, ctx.shape = name, a.shape
        if a.ndim < 2:
            out = a.copy()
        else:
            top = a.shape[-2]
            buffer = ctx.xp.zeros(a.shape[:-2] + (a.shape[-1], max(top, rows or 0)), a.dtype).swapaxes(-1, -2)
            buffer[..., :top, :] = a
            out = buffer[..., :top, :]
        return out if shape is None else out.reshape(shape)

    @staticmethod
    def backward(ctx, m, g):
        return g.reshape(ctx.shape)
