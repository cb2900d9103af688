"""QR, eigh, SVD, the pseudo-inverse, rank, least squares, the condition number, the matrix exponential
and the norms made of singular values (ops/spectral.py, ops/matrix_functions.py) against torch.linalg:
values and every input's gradient on random (batched) matrices with distinct singular values, second
order where the formulas are differentiable, and the errors.

Eigenvectors and singular vectors are unique only up to a sign each, which NumPy's LAPACK and
PyTorch's (MKL) choose differently for some shapes: those outputs are compared through what PyTorch
guarantees, functions that do not depend on the signs (|V|, U diag(S) Vh, V diag(L) V^T).

The gradients through an SVD or an eigendecomposition are compared in float64 only: PyTorch's float32
ones are about ten times further from the exact (float64) gradient than minigrad's, beyond float32's
tolerance on some inputs (e.g. 1.1e-5 against minigrad's 8e-7 on a 4x4 with singular values 1 to 2);
float32 values are compared."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

batch_shapes = st.sampled_from([(), (2,), (2, 1)])
sides = st.integers(1, 4)


def distinct_singular_values(rng, shape, dtype):
    """Random matrices U diag(S) V^T with singular values 1..2 at least 0.1 apart."""
    m, n = shape[-2:]
    k = min(m, n)
    U = np.linalg.qr(rng.standard_normal(shape[:-2] + (m, m)))[0][..., :k]
    V = np.linalg.qr(rng.standard_normal(shape[:-2] + (n, n)))[0][..., :k]
    S = 1 + np.arange(k) / max(k, 1) + rng.uniform(0, 0.05, shape[:-2] + (k,))
    return ((U * S[..., None, :]) @ np.swapaxes(V, -1, -2)).astype(dtype)


def symmetric_distinct_eigenvalues(rng, shape, dtype):
    """Random symmetric matrices with eigenvalues of both signs, 1 to 2 in magnitude, 0.2 apart."""
    n = shape[-1]
    V = np.linalg.qr(rng.standard_normal(shape))[0]
    L = (1 + np.arange(n) / 4) * (-1.0) ** np.arange(n) + rng.uniform(0, 0.05, shape[:-1])
    return ((V * L[..., None, :]) @ np.swapaxes(V, -1, -2)).astype(dtype)


@pytest.mark.filterwarnings("ignore:torch.qr is deprecated")
@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, mode=st.sampled_from(["reduced", "complete", "r"]),
       seed=S.seeds)
def test_qr_matches_torch(dtype, batch, m, n, mode, seed):
    A = distinct_singular_values(np.random.default_rng(seed), batch + (m, n), dtype)
    differentiable = mode == "reduced" or (mode == "complete" and m <= n)
    check(lambda L, a: tuple(L.linalg.qr(a, mode)), A, seed=seed, backward=differentiable)
    check(lambda L, a: tuple(L.qr(a, mode != "complete")), A, seed=seed, backward=differentiable)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=sides, uplo=st.sampled_from(["L", "U"]), seed=S.seeds)
def test_eigh_matches_torch_up_to_the_sign_of_each_eigenvector(dtype, batch, n, uplo, seed):
    rng = np.random.default_rng(seed)
    A = symmetric_distinct_eigenvalues(rng, batch + (n, n), dtype)
    A = A + (np.triu if uplo == "L" else np.tril)(rng.standard_normal(A.shape), 1 if uplo == "L" else -1).astype(dtype)
    grads = dtype == np.float64  # (see the module's docstring)
    check(lambda L, a: (lambda r: (r.eigenvalues, r.eigenvectors.abs()))(L.linalg.eigh(a, UPLO=uplo)), A, seed=seed,
          backward=grads)
    check(lambda L, a: L.linalg.eigvalsh(a, UPLO=uplo), A, seed=seed, backward=grads)


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, full=st.booleans(), seed=S.seeds)
def test_svd_matches_torch_up_to_the_sign_of_each_singular_vector_pair(dtype, batch, m, n, full, seed):
    A = distinct_singular_values(np.random.default_rng(seed), batch + (m, n), dtype)
    k = min(m, n)

    def invariants(U, S, Vh):
        return U[..., :k].abs(), S, Vh[..., :k, :].abs(), (U[..., :k] * S.unsqueeze(-2)) @ Vh[..., :k, :]
    grads = dtype == np.float64  # (see the module's docstring)
    check(lambda L, a: invariants(*L.linalg.svd(a, full_matrices=full)), A, seed=seed, backward=grads)
    check(lambda L, a: invariants(*(lambda r: (r.U, r.S, r.V.mT))(L.svd(a, some=not full))), A, seed=seed,
          backward=grads)
    check(lambda L, a: L.linalg.svdvals(a), A, seed=seed, backward=grads)


def test_svd_without_uv_gives_zero_u_and_v_as_torch():
    check(lambda L, a: tuple(L.svd(a, compute_uv=False)), distinct_singular_values(np.random.default_rng(0), (3, 2),
                                                                                     np.float64))


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, seed=S.seeds)
def test_pinv_and_pinverse_match_torch(dtype, batch, m, n, seed):
    A = distinct_singular_values(np.random.default_rng(seed), batch + (m, n), dtype)
    check(lambda L, a: L.linalg.pinv(a), A, seed=seed, backward=dtype == np.float64)  # (see the module's docstring)
    check(lambda L, a: L.pinverse(a), A, seed=seed, backward=dtype == np.float64)


@given(dtype=S.float_dtypes, n=sides, seed=S.seeds)
def test_hermitian_pinv_matches_torch(dtype, n, seed):
    check(lambda L, a: L.linalg.pinv(a, hermitian=True),
          symmetric_distinct_eigenvalues(np.random.default_rng(seed), (2, n, n), dtype), seed=seed,
          backward=dtype == np.float64)  # (see the module's docstring)


@pytest.mark.parametrize("kwargs", [{}, {"atol": 1.5}, {"rtol": 0.7}, {"atol": 0.5, "rtol": 0.9}, {"hermitian": True}],
                         ids=str)
def test_rank_and_pinv_drop_the_singular_values_under_the_cutoff_as_torch(kwargs):
    A = distinct_singular_values(np.random.default_rng(1), (2, 4, 4), np.float64)
    A = A + np.swapaxes(A, -1, -2)
    check(lambda L, a: L.linalg.matrix_rank(a, **kwargs), A)
    check(lambda L, a: L.linalg.pinv(a, **kwargs), A)


def test_rank_of_a_rank_deficient_matrix_matches_torch():
    A = np.outer([1.0, 2.0, 3.0], [1.0, -1.0, 0.5])
    check(lambda L, a: L.linalg.matrix_rank(a), A)
    check(lambda L, a: L.linalg.pinv(a), A)


@given(dtype=S.float_dtypes, m=sides, n=sides, k=st.integers(1, 3), driver=st.sampled_from([None, "gels", "gelsy",
       "gelsd", "gelss"]), vector=st.booleans(), seed=S.seeds)
def test_lstsq_reports_what_torch_cpu_drivers_report(dtype, m, n, k, driver, vector, seed):
    rng = np.random.default_rng(seed)
    A = distinct_singular_values(rng, (2, m, n), dtype)
    B = rng.standard_normal((2, m) if vector else (2, m, k)).astype(dtype)
    check(lambda L, a, b: tuple(L.linalg.lstsq(a, b, driver=driver)), A, B, seed=seed,
          backward=dtype == np.float64)  # (through the pseudo-inverse's SVD: see the module's docstring)


@pytest.mark.parametrize("p", [None, 2, -2, "fro", "nuc", 1, -1, math.inf, -math.inf], ids=str)
def test_cond_matches_torch(p):
    A = distinct_singular_values(np.random.default_rng(2), (2, 3, 3), np.float64)
    # (torch's own backward through cond with a norm order fails: it modifies inv's output in place)
    check(lambda L, a: L.linalg.cond(a, p), A, backward=p in (None, 2, -2))


def test_cond_of_a_singular_matrix_is_inf_as_torch():
    check(lambda L, a: L.linalg.cond(a, "fro"), np.stack([np.ones((2, 2)), np.eye(2)]), backward=False)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=sides, scale=st.sampled_from([0.1, 1.0, 8.0]), seed=S.seeds)
def test_matrix_exp_matches_torch(dtype, batch, n, scale, seed):
    A = (np.random.default_rng(seed).standard_normal(batch + (n, n)) * scale / n).astype(dtype)
    # (float32 gradients: torch's are off by up to 2.8e-5 relative, e.g. exp'(-0.2773) on a 1x1; minigrad's 1e-7)
    check(lambda L, a: L.linalg.matrix_exp(a), A, seed=seed, backward=dtype == np.float64)
    check(lambda L, a: L.matrix_exp(a), A, seed=seed, backward=dtype == np.float64)


@pytest.mark.parametrize("ord", ["nuc", 2, -2], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_singular_value_norms_match_torch(ord, keepdim):
    A = distinct_singular_values(np.random.default_rng(3), (3, 4), np.float64).reshape(3, 1, 4)
    check(lambda L, a: L.linalg.matrix_norm(a, ord, dim=(2, 0), keepdim=keepdim), A)
    check(lambda L, a: L.linalg.norm(a[:, 0], ord, keepdim=keepdim), A)
    if ord == "nuc":
        check(lambda L, a: L.norm(a, "nuc", dim=(0, 2), keepdim=keepdim), A)


@pytest.mark.parametrize("fn", [
    lambda L, a: L.linalg.inv(a), lambda L, a: L.linalg.det(a), lambda L, a: L.linalg.slogdet(a)[1],
    lambda L, a: L.linalg.solve(a, a[..., 0]), lambda L, a: L.linalg.cholesky(a @ a.mT),
    lambda L, a: L.linalg.solve_triangular(a, a, upper=True), lambda L, a: L.linalg.qr(a).R,
    lambda L, a: L.linalg.eigvalsh(a), lambda L, a: L.linalg.svdvals(a).sum() + L.linalg.svd(a)[0].abs().sum(),
    lambda L, a: L.linalg.pinv(a), lambda L, a: L.cholesky_inverse(a.tril()),
    lambda L, a: L.linalg.matrix_exp(a), lambda L, a: L.linalg.eigh(a + a.mT)[1].abs()], ids=range(13))
def test_second_order_gradients_match_torch(fn):
    compare_higher(fn, distinct_singular_values(np.random.default_rng(4), (2, 3, 3), np.float64) + 2 * np.eye(3))


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.qr(a.long()), lambda L, a: L.linalg.qr(a[0, 0]), lambda L, a: L.linalg.qr(a, "full"),
    lambda L, a: L.linalg.eigh(a[:, :2]), lambda L, a: L.linalg.eigh(a, UPLO="X"), lambda L, a: L.linalg.svd(a.int()),
    lambda L, a: L.linalg.svdvals(a[0, 0]), lambda L, a: L.linalg.pinv(a.long()),
    lambda L, a: L.linalg.matrix_rank(a.long()), lambda L, a: L.linalg.lstsq(a, a[:2]),
    lambda L, a: L.linalg.lstsq(a, a, driver="svd"), lambda L, a: L.linalg.matrix_exp(a[:, :2]),
    lambda L, a: L.linalg.cond(a[:, :2], "fro"), lambda L, a: L.linalg.matrix_norm(a, "nuc", dim=(0,)),
    lambda L, a: L.norm(a.reshape(1, 3, 3), "nuc")], ids=range(15))
def test_bad_inputs_raise_like_torch(call):
    check_raises(call, np.eye(3) + 0.5)


def test_qr_backward_without_q_raises_as_torch():
    check_raises(lambda L, a: L.autograd.grad(L.linalg.qr(a, "r").R.sum(), a), np.eye(3) + 0.5)


def test_linalg_names_are_exposed_where_torch_has_them():
    for name in ("det", "slogdet", "inv", "inv_ex", "solve", "solve_ex", "cholesky", "cholesky_ex", "solve_triangular",
                 "qr", "eigh", "eigvalsh", "svd", "svdvals", "pinv", "matrix_rank", "lstsq", "cond", "matrix_exp",
                 "LinAlgError"):
        assert hasattr(minigrad.linalg, name) and hasattr(torch.linalg, name), name
    for name in ("det", "slogdet", "logdet", "inverse", "cholesky", "cholesky_solve", "cholesky_inverse",
                 "triangular_solve", "qr", "svd", "pinverse", "matrix_exp"):
        assert callable(getattr(minigrad, name)) and callable(getattr(minigrad.Tensor, name)), name


def test_linalg_error_class_is_named_as_torchs_for_printed_exceptions():
    def raised(L):
        try:
            L.linalg.cholesky(-L.eye(2, dtype=L.float64))
        except L.linalg.LinAlgError as e:
            return type(e).__name__, type(e).__qualname__, repr(e).split("(")[0], issubclass(type(e), RuntimeError)
    assert raised(minigrad) == raised(torch)


def test_linalg_error_class_is_torchs_underscore_c_name():
    assert minigrad._C._LinAlgError is minigrad.linalg.LinAlgError


def test_grad_fn_names_match_torch():
    def names(L):
        A = L.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
        outs = [*L.linalg.svd(A), *L.linalg.eigh(A), *L.linalg.qr(A), *L.linalg.slogdet(A), L.linalg.svdvals(A),
                L.linalg.pinv(A), L.linalg.cholesky(A), L.linalg.solve(A, A), L.linalg.matrix_exp(A), L.linalg.inv(A),
                L.linalg.det(A), L.cholesky_solve(A, A), L.cholesky_inverse(A),
                L.linalg.solve_triangular(A, A, upper=True)]
        return [type(o.grad_fn).__name__ if L is torch else o.grad_fn.name() for o in outs]
    assert names(minigrad) == names(torch)


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.eigvalsh(a), lambda L, a: L.linalg.eigh(a)[0], lambda L, a: L.linalg.svd(a)[1],
    lambda L, a: L.linalg.svdvals(a), lambda L, a: L.linalg.svd(a[:, :2])[1],
    lambda L, a: L.linalg.matrix_norm(a, "nuc")],
    ids=range(6))
def test_values_of_repeated_eigen_or_singular_values_have_torchs_finite_gradient(call):
    check(call, np.diag([2.0, 2.0, 0.0]))


@pytest.mark.parametrize("call", [lambda L, a: L.linalg.svdvals(a), lambda L, a: L.linalg.svd(a)[1],
                                  lambda L, a: L.linalg.matrix_norm(a, 2)], ids=["svdvals", "svd", "matrix_norm"])
def test_singular_values_of_a_matrix_with_an_infinity_are_nan_as_torch(call):
    A = np.diag([3.0, 2.0, 1.0])  # (NumPy's LAPACK never returns from the full SVD of this one)
    A[0, 0] = -np.inf
    check(call, A, backward=False)


@pytest.mark.parametrize("batch", [False, True])
def test_svd_of_a_matrix_with_nan_raises_torchs_linalg_error_naming_the_batch_element(batch):
    A = np.eye(3)
    A[1, 1] = np.nan
    if batch:
        A = np.stack([np.eye(3), A])
    with pytest.raises(torch.linalg.LinAlgError) as t_exc:
        torch.linalg.svdvals(torch.tensor(A))
    with pytest.raises(minigrad.linalg.LinAlgError) as m_exc:
        minigrad.linalg.svdvals(minigrad.tensor(A))
    assert str(m_exc.value) == str(t_exc.value)


@pytest.mark.parametrize("call", [lambda L, a: L.linalg.eigh(a), lambda L, a: L.linalg.pinv(a, hermitian=True),
                                  lambda L, a: L.linalg.matrix_rank(a, hermitian=True)],
                         ids=["eigh", "pinv", "matrix_rank"])
@pytest.mark.parametrize("batch", [False, True])
def test_eigh_that_does_not_converge_raises_torchs_linalg_error(call, batch):
    # (eigvalsh runs eigh's op here: its message names eigh's error code, one more than PyTorch's)
    A = np.eye(3) * 2
    A[2, 0] = np.nan
    if batch:
        A = np.stack([np.eye(3), A])
    with pytest.raises(torch.linalg.LinAlgError) as t_exc:
        call(torch, torch.tensor(A))
    with pytest.raises(minigrad.linalg.LinAlgError) as m_exc:
        call(minigrad, minigrad.tensor(A))
    assert str(m_exc.value) == str(t_exc.value)
