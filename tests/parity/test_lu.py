"""LU factorization with partial pivoting and its solvers (ops/lu.py) against torch: packed factors,
LAPACK's 1-based int32 pivots, P L U, the solves, every input's gradient (second order too) on random
(batched, square, wide and tall) matrices with singular values 1 to 2, and the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_factorizations import distinct_singular_values
from .test_second_order import compare_higher

batch_shapes = st.sampled_from([(), (2,), (2, 1)])
sides = st.integers(1, 4)


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, seed=S.seeds)
def test_lu_factor_gives_torchs_packed_factors_pivots_and_gradient(dtype, batch, m, n, seed):
    A = distinct_singular_values(np.random.default_rng(seed), batch + (m, n), dtype)
    check(lambda L, a: tuple(L.linalg.lu_factor(a)), A, seed=seed)
    check(lambda L, a: tuple(L.linalg.lu_factor_ex(a)), A, seed=seed)


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, seed=S.seeds)
def test_linalg_lu_gives_torchs_p_l_u_and_gradient(dtype, batch, m, n, seed):
    A = distinct_singular_values(np.random.default_rng(seed), batch + (m, n), dtype)
    check(lambda L, a: tuple(L.linalg.lu(a)), A, seed=seed)


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, data=st.booleans(), pivots=st.booleans(),
       seed=S.seeds)
def test_lu_unpack_gives_torchs_factors_and_gradient(dtype, batch, m, n, data, pivots, seed):
    A = distinct_singular_values(np.random.default_rng(seed), batch + (m, n), dtype)
    check(lambda L, a: tuple(L.lu_unpack(*L.linalg.lu_factor(a), unpack_data=data, unpack_pivots=pivots)), A,
          seed=seed)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=sides, k=sides, left=st.booleans(), adjoint=st.booleans(),
       seed=S.seeds)
def test_lu_solve_matches_torch_on_every_side_and_transpose(dtype, batch, n, k, left, adjoint, seed):
    rng = np.random.default_rng(seed)
    A = distinct_singular_values(rng, batch + (n, n), dtype)
    B = rng.standard_normal((n, k) if left else (k, n)).astype(dtype)  # (broadcast over A's batch)
    check(lambda L, a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b, left=left, adjoint=adjoint), A, B, seed=seed)


@pytest.mark.filterwarnings("ignore:torch.lu")
@given(dtype=S.float_dtypes, batch=batch_shapes, n=sides, k=sides, infos=st.booleans(), seed=S.seeds)
def test_the_older_lu_and_lu_solve_match_torch(dtype, batch, n, k, infos, seed):
    rng = np.random.default_rng(seed)
    A = distinct_singular_values(rng, batch + (n, n), dtype)
    B = rng.standard_normal(batch + (n, k)).astype(dtype)
    check(lambda L, a: tuple(L.lu(a, get_infos=infos)), A, seed=seed)
    check(lambda L, a, b: b.lu_solve(*a.lu()), A, B, seed=seed)


def test_pivots_pick_the_first_of_equal_magnitudes_as_lapack():
    A = np.array([[1.0, 2, 3], [-1, 2, 2], [1, -2, 5]])
    check(lambda L, a: tuple(L.linalg.lu_factor(a)), A)


@pytest.mark.parametrize("A", [np.zeros((3, 3)), np.array([[0.0, 1, 0], [0, 0, 0], [0, 0, 1]]),
                               np.array([[[1.0, 2], [2, 4]], [[1, 0], [0, 1]]]), np.ones((2, 3))], ids=range(4))
def test_singular_matrices_factor_with_lapacks_info(A):
    check(lambda L, a: tuple(L.linalg.lu_factor_ex(a)), A, backward=False)
    check(lambda L, a: tuple(L.linalg.lu(a)), A, backward=False)


@pytest.mark.parametrize("call", [lambda L, a: L.linalg.lu_factor(a), lambda L, a: L.linalg.lu_factor(a[1]),
                                  lambda L, a: L.linalg.lu_factor_ex(a, check_errors=True)], ids=range(3))
def test_lu_factor_raises_a_runtime_error_naming_the_zero_pivot(call):
    A = np.stack([np.eye(3), np.diag([1.0, 0, 1])])
    exc = check_raises(call, A, names=("U[2,2] is zero",))
    assert not isinstance(exc, torch.linalg.LinAlgError)


@given(n=st.integers(1, 3), seed=S.seeds)
def test_second_order_through_lu_factor_and_lu_solve_matches_torch(n, seed):
    rng = np.random.default_rng(seed)
    A = distinct_singular_values(rng, (n, n + 1), np.float64)
    compare_higher(lambda L, a: L.linalg.lu_factor(a)[0], A, seed=seed)
    compare_higher(lambda L, a: L.linalg.lu(a[..., :n])[1] + L.linalg.lu(a[..., :n])[2], A, seed=seed)
    B = rng.standard_normal((n, 2))
    compare_higher(lambda L, a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a[..., :n]), b, adjoint=True), A, B,
                   seed=seed)


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.lu_factor(a, pivot=False), lambda L, a: L.linalg.lu(a, pivot=False),
    lambda L, a: L.linalg.lu_factor(a[0]), lambda L, a: L.linalg.lu_factor(a.long()),
    lambda L, a: L.linalg.lu_factor_ex(a.int()),
    lambda L, a: L.linalg.lu_solve(*L.linalg.lu_factor(a), a[:1]),
    lambda L, a: L.linalg.lu_solve(*L.linalg.lu_factor(a), a[0]),
    lambda L, a: L.linalg.lu_solve(*L.linalg.lu_factor(a), a.float()),
    lambda L, a: L.linalg.lu_solve(L.linalg.lu_factor(a)[0], L.linalg.lu_factor(a)[1].long(), a),
    lambda L, a: L.lu_unpack(L.linalg.lu_factor(a)[0], L.linalg.lu_factor(a)[1].long())], ids=range(10))
def test_bad_inputs_raise_like_torch(call):
    check_raises(call, np.array([[2.0, 1], [1, 3]]))


@pytest.mark.parametrize("call, name", [(lambda L, a: L.lu(a), "torch.lu"),
                                        (lambda L, a: L.lu_solve(a, *L.linalg.lu_factor(a)), "torch.lu_solve")])
def test_the_deprecated_forms_warn_as_torch(call, name):
    with pytest.warns(UserWarning, match=f"{name} is deprecated"):  # (torch warns once per process)
        call(minigrad, minigrad.tensor([[2.0, 1], [1, 3]]))
