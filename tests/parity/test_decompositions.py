"""Determinants, inverses and solvers (ops/determinants.py, solve.py, triangular.py) against
torch.linalg: values and every input's gradient on random well-conditioned (batched) matrices, and
the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises

batch_shapes = st.sampled_from([(), (2,), (2, 1)])
sizes = st.integers(1, 4)


def well_conditioned(rng, shape, dtype):
    """Random square matrices whose diagonal dominates (condition number near 1)."""
    n = shape[-1]
    signs = rng.choice([-1, 1], size=shape[:-1])[..., None]
    return (rng.standard_normal(shape) + 2 * n * np.eye(n) * signs).astype(dtype)


def spd(rng, shape, dtype):
    """Random symmetric positive-definite matrices."""
    A = rng.standard_normal(shape)
    return (A @ np.swapaxes(A, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(dtype)


def lower_factor(rng, shape, dtype):
    """Cholesky factors: lower triangular with a positive, dominant diagonal (at least n, so that
    no draw leaves a diagonal entry near 0 and the factor ill-conditioned)."""
    n = shape[-1]
    L = np.tril(rng.standard_normal(shape), -1)
    return (L + np.abs(rng.standard_normal(shape[:-1]))[..., None] * np.eye(n) + n * np.eye(n)).astype(dtype)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=sizes, seed=S.seeds)
def test_det_slogdet_and_logdet_match_torch(dtype, batch, n, seed):
    A = well_conditioned(np.random.default_rng(seed), batch + (n, n), dtype)
    check(lambda L, a: L.linalg.det(a), A, seed=seed)
    check(lambda L, a: L.det(a), A, seed=seed)
    check(lambda L, a: tuple(L.linalg.slogdet(a)), A, seed=seed)
    check(lambda L, a: tuple(L.slogdet(a)), A, seed=seed)
    check(lambda L, a: L.logdet(a), A, seed=seed)


def test_det_gradient_at_a_singular_matrix_matches_torch():
    A = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, -1.0, 2.0]])
    if torch.linalg.det(torch.tensor(A)).item() != 0:
        # (its gradient is then the formula's det * A^-T of a rounding residue, not the singular path's)
        pytest.skip("this machine's LAPACK leaves PyTorch's LU of the singular matrix a rounding residue")
    check(lambda L, a: L.linalg.det(a), A)


@pytest.mark.parametrize("A", [[[4.0, 1.0], [2.0, 3.0]], [[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [1.0, 1.0, 1.0]],
                               [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 9.0]]])
def test_det_of_an_integer_matrix_is_exact_as_torch(A):
    assert minigrad.linalg.det(minigrad.tensor(A, dtype=minigrad.float64)).item() == \
        torch.linalg.det(torch.tensor(A, dtype=torch.float64)).item()


@given(batch=batch_shapes, n=sizes, seed=S.seeds)
def test_det_by_the_lu_diagonal_agrees_with_numpys_det(batch, n, seed):
    from minigrad.ops import determinants
    A = np.random.default_rng(seed).standard_normal(batch + (n, n))
    np.testing.assert_allclose(determinants._det(np, A), np.linalg.det(A), rtol=1e-10, atol=1e-12)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=sizes, seed=S.seeds)
def test_inverse_matches_torch(dtype, batch, n, seed):
    A = well_conditioned(np.random.default_rng(seed), batch + (n, n), dtype)
    check(lambda L, a: L.linalg.inv(a), A, seed=seed)
    check(lambda L, a: L.inverse(a), A, seed=seed)
    check(lambda L, a: tuple(L.linalg.inv_ex(a)), A, seed=seed)


@given(dtype=S.float_dtypes, n=sizes, k=st.integers(1, 3), left=st.booleans(), seed=S.seeds,
       shapes=st.sampled_from([((), ()), ((2,), ()), ((), (2,)), ((2, 1), (3,))]))
def test_solve_with_matrix_right_hand_sides_and_broadcast_batches_matches_torch(dtype, n, k, left, seed, shapes):
    rng = np.random.default_rng(seed)
    A = well_conditioned(rng, shapes[0] + (n, n), dtype)
    B = rng.standard_normal(shapes[1] + ((n, k) if left else (k, n))).astype(dtype)
    check(lambda L, a, b: L.linalg.solve(a, b, left=left), A, B, seed=seed)
    check(lambda L, a, b: tuple(L.linalg.solve_ex(a, b, left=left)), A, B, seed=seed)


@given(dtype=S.float_dtypes, n=sizes, seed=S.seeds)
def test_solve_with_vector_right_hand_sides_matches_torch(dtype, n, seed):
    rng = np.random.default_rng(seed)
    A = well_conditioned(rng, (2, n, n), dtype)
    check(lambda L, a, b: L.linalg.solve(a, b), A, rng.standard_normal(n).astype(dtype), seed=seed)
    check(lambda L, a, b: L.linalg.solve(a, b), A, rng.standard_normal((2, n)).astype(dtype), seed=seed)


@pytest.mark.filterwarnings("ignore:torch.cholesky is deprecated")
@given(dtype=S.float_dtypes, batch=batch_shapes, n=sizes, upper=st.booleans(), seed=S.seeds)
def test_cholesky_reads_one_triangle_and_matches_torch(dtype, batch, n, upper, seed):
    rng = np.random.default_rng(seed)
    A = spd(rng, batch + (n, n), dtype)
    A = A + np.triu(rng.standard_normal(A.shape) * 0.1, 1).astype(dtype) * (-1 if upper else 1)  # unread triangle
    check(lambda L, a: L.linalg.cholesky(a, upper=upper), A, seed=seed)
    check(lambda L, a: L.cholesky(a, upper), A, seed=seed)
    check(lambda L, a: tuple(L.linalg.cholesky_ex(a, upper=upper)), A, seed=seed)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=sizes, k=st.integers(1, 3), upper=st.booleans(), seed=S.seeds)
def test_cholesky_solve_and_inverse_match_torch(dtype, batch, n, k, upper, seed):
    rng = np.random.default_rng(seed)
    F = lower_factor(rng, batch + (n, n), dtype)
    F = np.swapaxes(F, -1, -2).copy() if upper else F
    B = rng.standard_normal((n, k)).astype(dtype)
    check(lambda L, b, f: L.cholesky_solve(b, f, upper), B, F, seed=seed)
    check(lambda L, f: L.cholesky_inverse(f, upper), F, seed=seed)


@given(dtype=S.float_dtypes, n=sizes, k=st.integers(1, 3), upper=st.booleans(), left=st.booleans(),
       unit=st.booleans(), seed=S.seeds)
def test_solve_triangular_reads_one_triangle_and_matches_torch(dtype, n, k, upper, left, unit, seed):
    rng = np.random.default_rng(seed)
    A = well_conditioned(rng, (2, n, n), dtype)
    B = rng.standard_normal((n, k) if left else (k, n)).astype(dtype)
    check(lambda L, a, b: L.linalg.solve_triangular(a, b, upper=upper, left=left, unitriangular=unit), A, B, seed=seed)


@pytest.mark.filterwarnings("ignore:torch.triangular_solve is deprecated")
@given(dtype=S.float_dtypes, n=sizes, upper=st.booleans(), transpose=st.booleans(), unit=st.booleans(), seed=S.seeds)
def test_triangular_solve_matches_torch(dtype, n, upper, transpose, unit, seed):
    rng = np.random.default_rng(seed)
    A = well_conditioned(rng, (n, n), dtype)
    B = rng.standard_normal((2, n, 2)).astype(dtype)
    check(lambda L, b, a: tuple(L.triangular_solve(b, a, upper, transpose, unit)), B, A, seed=seed)


def test_linalg_error_is_a_runtime_error():
    assert issubclass(minigrad.linalg.LinAlgError, RuntimeError)


SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.inv(a), lambda L, a: L.inverse(a), lambda L, a: L.linalg.solve(a, a[0]),
    lambda L, a: L.linalg.cholesky(a), lambda L, a: L.linalg.inv_ex(a, check_errors=True),
    lambda L, a: L.linalg.cholesky_ex(a, check_errors=True)], ids=range(6))
def test_singular_or_indefinite_matrices_raise_linalg_error_as_torch(call):
    assert isinstance(check_raises(call, SINGULAR), torch.linalg.LinAlgError)


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.det(a.long()), lambda L, a: L.linalg.det(a[0]), lambda L, a: L.linalg.det(a[:, :1]),
    lambda L, a: L.linalg.inv(a.long()), lambda L, a: L.linalg.cholesky(a[:1]),
    lambda L, a: L.linalg.solve(a, a.float()), lambda L, a: L.linalg.solve(a, a[:1]),
    lambda L, a: L.linalg.solve_triangular(a, a[0], upper=True), lambda L, a: L.cholesky_inverse(a[:1]),
    lambda L, a: L.logdet(a.long()), lambda L, a: L.linalg.slogdet(a.int())], ids=range(11))
def test_bad_inputs_raise_like_torch(call):
    check_raises(call, SINGULAR + np.eye(2))


@pytest.mark.parametrize("call, name", [(lambda L, a: L.cholesky(a), "cholesky"),
                                        (lambda L, a: L.triangular_solve(a, a), "triangular_solve"),
                                        (lambda L, a: L.qr(a), "qr")])
def test_the_deprecated_forms_warn_as_torch(call, name):
    with pytest.warns(UserWarning, match=f"torch.{name} is deprecated in favor of torch.linalg"):
        call(minigrad, minigrad.eye(2))


@pytest.mark.parametrize("name, call", [
    ("inv_ex", lambda L, a: L.linalg.inv_ex(a)), ("solve_ex", lambda L, a: L.linalg.solve_ex(a, a[..., 0])),
    ("cholesky_ex", lambda L, a: L.linalg.cholesky_ex(a)),
    ("cholesky_ex upper", lambda L, a: L.linalg.cholesky_ex(a, upper=True))])
def test_ex_functions_report_lapacks_info_per_matrix_and_solve_the_others_as_torch(name, call):
    A = np.stack([np.eye(3) * 2, [[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [0.0, 0.0, 1.0]], np.diag([1.0, -1.0, 1.0]),
                  np.diag([0.0, 1.0, 1.0])])
    t_out, t_info = call(torch, torch.tensor(A))
    m_out, m_info = call(minigrad, minigrad.tensor(A))
    assert m_info.dtype == minigrad.int32 and np.array_equal(m_info.numpy(), t_info.numpy())
    np.testing.assert_allclose(m_out.numpy(), t_out.numpy(), rtol=1e-7)  # (LAPACK's inf and NaN where info > 0)


ZERO_PIVOT = {  # matrices whose LU with partial pivoting meets an exact zero pivot
    "rank one": SINGULAR, "arange": np.arange(9.0).reshape(3, 3), "zero row": np.array([[1.0, 2, 3], [0, 0, 0], [4, 5, 6]]),
    "zero": np.zeros((2, 2)), "in a batch": np.stack([np.eye(3), np.arange(9.0).reshape(3, 3), np.diag([1.0, 0, 1])]),
    "complex": np.array([[1 + 1j, 2 + 2j], [1, 2]]), "complex zero column": np.array([[0j, 1 - 1j], [0, 3 - 1j]])}


@pytest.mark.parametrize("A", ZERO_PIVOT.values(), ids=ZERO_PIVOT.keys())
@pytest.mark.parametrize("call", [lambda L, a: L.linalg.inv_ex(a), lambda L, a: L.linalg.solve_ex(a, L.ones_like(a)),
                                  lambda L, a: L.linalg.solve_ex(a, a[..., 0])],
                         ids=["inv_ex", "solve_ex", "solve_ex vector"])
def test_ex_functions_leave_lapacks_inf_and_nan_where_a_pivot_is_zero(A, call):
    t_out, t_info = call(torch, torch.tensor(A))
    m_out, m_info = call(minigrad, minigrad.tensor(A))
    assert np.array_equal(m_info.numpy(), t_info.numpy())
    np.testing.assert_allclose(m_out.numpy(), t_out.resolve_conj().numpy(), rtol=1e-7)  # (inf and NaN in place)


def _raises_torchs_linalg_error(call, A):
    """``call(L, A)`` raises LinAlgError on both libraries, with PyTorch's message."""
    with pytest.raises(torch.linalg.LinAlgError) as t_exc:
        call(torch, torch.tensor(A))
    with pytest.raises(minigrad.linalg.LinAlgError) as m_exc:
        call(minigrad, minigrad.tensor(A))
    assert str(m_exc.value) == str(t_exc.value)


@pytest.mark.parametrize("A", [SINGULAR, np.stack([np.eye(2), SINGULAR])], ids=["matrix", "batch"])
@pytest.mark.parametrize("call", [lambda L, a: L.linalg.inv_ex(a, check_errors=True),
                                  lambda L, a: L.linalg.solve_ex(a, a, check_errors=True),
                                  lambda L, a: L.linalg.solve(a, a)], ids=["inv_ex", "solve_ex", "solve"])
def test_a_singular_matrix_raises_torchs_message_naming_the_function_and_batch_element(A, call):
    _raises_torchs_linalg_error(call, A)


@pytest.mark.parametrize("A", [np.array([[1.0, np.nan], [0, 1]]), np.array([[np.nan]]),
                               np.stack([-np.eye(3), np.diag([2.0, np.nan, 1])])], ids=["nan", "1x1", "batch"])
def test_slogdet_of_a_matrix_with_nan_has_torchs_sign_zero(A):
    check(lambda L, a: tuple(L.linalg.slogdet(a)), A, backward=False)
    check(lambda L, a: L.logdet(a), A, backward=False)


def _non_finite(A, *where):
    A = A.copy()
    for index, value in where:
        A[index] = value
    return A


SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
NON_FINITE_SPD = {  # LAPACK's potrf stops at the first pivot that is not > 0 (NaN included)
    "nan pivot": _non_finite(SPD, ((1, 1), np.nan)), "nan off the diagonal": _non_finite(SPD, ((2, 0), np.nan), ((0, 2), np.nan)),
    "all inf": np.full((3, 3), np.inf), "-inf pivot": _non_finite(SPD, ((0, 0), -np.inf)),
    "nan in a batch": np.stack([SPD, SPD, _non_finite(SPD, ((1, 1), np.nan))]),
    "indefinite in a batch": np.stack([SPD, np.diag([1.0, -1.0, 1.0])])}


@pytest.mark.parametrize("A", NON_FINITE_SPD.values(), ids=NON_FINITE_SPD.keys())
@pytest.mark.parametrize("call", [lambda L, a: L.linalg.cholesky(a), lambda L, a: L.linalg.cholesky(a, upper=True),
                                  lambda L, a: L.cholesky(a)], ids=["linalg.cholesky", "upper", "cholesky"])
@pytest.mark.filterwarnings("ignore:torch.cholesky is deprecated")
def test_cholesky_raises_torchs_linalg_error_naming_the_leading_minor_and_batch_element(A, call):
    _raises_torchs_linalg_error(call, A)


@pytest.mark.parametrize("A", NON_FINITE_SPD.values(), ids=NON_FINITE_SPD.keys())
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_ex_gives_lapacks_info_and_partial_factor_where_the_factorization_fails(A, upper):
    t_L, t_info = torch.linalg.cholesky_ex(torch.tensor(A), upper=upper)
    m_L, m_info = minigrad.linalg.cholesky_ex(minigrad.tensor(A), upper=upper)
    assert np.array_equal(m_info.numpy(), t_info.numpy())
    np.testing.assert_allclose(m_L.numpy(), t_L.numpy(), rtol=1e-7)  # (NaN where torch's is NaN)


def test_cholesky_with_an_infinite_pivot_that_potrf_accepts_matches_torch():
    check(lambda L, a: L.linalg.cholesky(a), _non_finite(SPD, ((1, 1), np.inf)), backward=False)


@given(dtype=S.float_dtypes, split=st.sampled_from([((2, 3), (6,)), ((6,), (3, 2)), ((2, 2), (2, 2)), ((1, 2), (2,))]),
       ind_first=st.booleans(), seed=S.seeds)
def test_tensorinv_and_tensorsolve_match_torch(dtype, split, ind_first, seed):
    rng = np.random.default_rng(seed)
    rows, cols = split
    n = int(np.prod(rows))
    A = well_conditioned(rng, (n, n), dtype).reshape(rows + cols)
    check(lambda L, a: L.linalg.tensorinv(a, ind=len(rows)), A, seed=seed)
    B = rng.standard_normal(rows).astype(dtype)
    check(lambda L, a, b: L.linalg.tensorsolve(a, b), A, B, seed=seed)
    moved = np.moveaxis(A, -1, 0)
    check(lambda L, a, b: L.linalg.tensorsolve(a, b, dims=(0,)), moved, B, seed=seed)


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.tensorinv(a, ind=0), lambda L, a: L.linalg.tensorinv(a, ind=1),
    lambda L, a: L.linalg.tensorinv(a.long()), lambda L, a: L.linalg.tensorinv(a * 0),
    lambda L, a: L.linalg.tensorsolve(a, a[0, 0, 0]), lambda L, a: L.linalg.tensorsolve(a, a[0].float()),
    lambda L, a: L.linalg.tensorsolve(a * 0, a[0]), lambda L, a: L.linalg.tensorsolve(a, a[0], dims=(5,))],
    ids=range(8))
def test_tensorinv_and_tensorsolve_bad_inputs_raise_like_torch(call):
    check_raises(call, well_conditioned(np.random.default_rng(0), (4, 4), np.float64).reshape(2, 2, 2, 2))
