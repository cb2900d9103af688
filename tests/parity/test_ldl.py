"""LDL^T factorization with Bunch-Kaufman pivoting (ops/ldl.py) against torch: LAPACK's compact LD and
pivots (1x1 and 2x2 blocks), info on singular matrices, the solve (batch dims broadcast), and the errors.
PyTorch has no derivative for these: only values are compared."""
import numpy as np
import pytest
import torch
from hypothesis import assume, given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises

batch_shapes = st.sampled_from([(), (2,), (2, 1)])


def symmetric(rng, shape, dtype, small_diagonal):
    """Random symmetric matrices; a small diagonal makes Bunch-Kaufman pick 2x2 blocks and swaps."""
    M = rng.standard_normal(shape)
    M = M + np.swapaxes(M, -1, -2)
    if small_diagonal:
        M = M * np.where(np.eye(shape[-1], dtype=bool), 0.01, 1)
    return M.astype(dtype)


@given(dtype=S.float_dtypes, batch=batch_shapes, n=st.integers(0, 6), small=st.booleans(), upper_noise=st.booleans(),
       hermitian=st.booleans(), seed=S.seeds)
def test_ldl_factor_gives_lapacks_compact_factors_and_pivots(dtype, batch, n, small, upper_noise, hermitian, seed):
    rng = np.random.default_rng(seed)
    A = symmetric(rng, batch + (n, n), dtype, small)
    if upper_noise:  # (only the lower triangle is read)
        A = A + np.triu(rng.standard_normal(A.shape), 1).astype(dtype)
    check(lambda L, a: tuple(L.linalg.ldl_factor(a, hermitian=hermitian)), A, requires_grad=[False])
    check(lambda L, a: tuple(L.linalg.ldl_factor_ex(a, hermitian=hermitian)), A, requires_grad=[False])


@given(M=st.sampled_from([[[0.0, 1, 2], [1, 0, 3], [2, 3, 0]], [[1.0, 2, 2], [2, 1, 2], [2, 2, 1]],
                          [[0.0, 0], [0, 0]], [[1.0, 1], [1, 1]], [[2.0, 0, 0], [0, 0, 0], [0, 0, 5]]]))
def test_ldl_factor_ex_ties_and_singular_blocks_match_torch(M):
    check(lambda L, a: tuple(L.linalg.ldl_factor_ex(a)), np.array(M), requires_grad=[False])


@given(dtype=S.float_dtypes, batch=batch_shapes, n=st.integers(1, 6), k=st.integers(1, 3), small=st.booleans(),
       seed=S.seeds)
def test_ldl_solve_matches_torch(dtype, batch, n, k, small, seed):
    rng = np.random.default_rng(seed)
    A = symmetric(rng, batch + (n, n), dtype, small)
    # Two correct float32 solves of a system agree to about cond(A) * eps (at cond 600 torch's LAPACK
    # solve and minigrad's differ by 1e-3, each within that of the float64 solution: 1.4e-3 and
    # 4.3e-4): float32 draws are compared where that is within float32 tolerance.
    assume(dtype != np.float32 or np.linalg.cond(A.astype(np.float64)).max() < 100)
    B = rng.standard_normal((n, k)).astype(dtype)  # (broadcast over A's batch)
    check(lambda L, a, b: L.linalg.ldl_solve(*L.linalg.ldl_factor(a), b), A, B, requires_grad=[False, False])


def test_ldl_factor_records_no_derivative_as_torch():
    for lib in (torch, minigrad):
        LD = lib.linalg.ldl_factor(lib.tensor([[2.0, 1], [1, 3]], requires_grad=True)).LD
        assert LD.requires_grad
        with pytest.raises(RuntimeError, match="derivative for aten::linalg_ldl_factor_ex is not implemented"):
            LD.sum().backward()


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.ldl_factor(a[:, :1]), lambda L, a: L.linalg.ldl_factor(a[0]),
    lambda L, a: L.linalg.ldl_factor(a.long()),
    lambda L, a: L.linalg.ldl_solve(*L.linalg.ldl_factor(a), a[:1]),
    lambda L, a: L.linalg.ldl_solve(*L.linalg.ldl_factor(a), a[0]),
    lambda L, a: L.linalg.ldl_solve(*L.linalg.ldl_factor(a), a.float())], ids=range(6))
def test_bad_ldl_inputs_raise_as_torch(call):
    check_raises(call, np.array([[2.0, 1], [1, 3]]))
