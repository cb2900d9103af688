"""Householder reflectors (ops/householder.py) against torch: geqrf's packed QR as LAPACK stores it,
linalg.householder_product (orgqr) and ormqr on every side and transpose, with every input's gradient
(second order too) and the errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

batch_shapes = st.sampled_from([(), (2,), (2, 1)])
sides = st.integers(1, 4)


@st.composite
def reflectors(draw, dtype=None, square=False):
    """(A, tau) of a random m x n A (m >= n) and k <= n scales (n x n and k = n if ``square``)."""
    dtype = draw(S.float_dtypes) if dtype is None else dtype
    batch, n = draw(batch_shapes), draw(sides)
    m = n if square else n + draw(st.integers(0, 2))
    k = n if square else draw(st.integers(0, n))
    rng = np.random.default_rng(draw(S.seeds))
    A = rng.standard_normal(batch + (m, n))
    if dtype == np.float64:
        return A, rng.uniform(0, 2, batch + (k,))
    # float32: geqrf's scales 2 / |v|^2 (orthogonal reflectors); arbitrary ones amplify rounding beyond
    # float32's tolerance in PyTorch's gradient and this one alike
    tau = 2 / (1 + (np.tril(A, -1) ** 2).sum(-2)[..., :k])
    return A.astype(dtype), tau.astype(dtype)


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, seed=S.seeds)
def test_geqrf_stores_lapacks_reflectors_and_scales(dtype, batch, m, n, seed):
    A = np.random.default_rng(seed).standard_normal(batch + (m, n)).astype(dtype)
    check(lambda L, a: tuple(L.geqrf(a)), A, requires_grad=[False])


@given(dtype=S.float_dtypes, batch=batch_shapes, m=sides, n=sides, seed=S.seeds)
def test_householder_product_of_geqrf_is_qrs_q(dtype, batch, m, n, seed):
    A = np.random.default_rng(seed).standard_normal(batch + (max(m, n), n)).astype(dtype)
    check(lambda L, a: L.linalg.householder_product(*L.geqrf(a)), A, requires_grad=[False])


@given(pair=reflectors(), seed=S.seeds)
def test_householder_product_and_orgqr_match_torch_with_gradients(pair, seed):
    A, tau = pair
    check(lambda L, a, t: L.linalg.householder_product(a, t), A, tau, seed=seed)
    check(lambda L, a, t: a.orgqr(t), A, tau, seed=seed)


@given(pair=reflectors(square=True), cols=sides, left=st.booleans(), transpose=st.booleans(), seed=S.seeds)
def test_ormqr_matches_torch_on_every_side_and_transpose(pair, cols, left, transpose, seed):
    A, tau = pair
    n = A.shape[-1]
    C = np.random.default_rng(seed).standard_normal(A.shape[:-2] + ((n, cols) if left else (cols, n))).astype(A.dtype)
    check(lambda L, a, t, c: L.ormqr(a, t, c, left=left, transpose=transpose), A, tau, C, seed=seed)


def complex_reflectors(dtype, batch, m, n, k, seed):
    """(A, tau) of a random complex m x n A and k complex scales."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal(batch + (m, n, 2)) @ np.array([1, 1j])
    tau = rng.uniform(0, 2, batch + (k,)) * np.exp(1j * rng.uniform(-np.pi, np.pi, batch + (k,)))
    return A.astype(dtype), tau.astype(dtype)


@given(dtype=st.sampled_from([np.complex64, np.complex128]), batch=batch_shapes, m=sides, n=sides, seed=S.seeds)
def test_complex_geqrf_and_householder_product_match_torch(dtype, batch, m, n, seed):
    A, _ = complex_reflectors(dtype, batch, max(m, n), n, 0, seed)
    check(lambda L, a: tuple(L.geqrf(a)), A, requires_grad=[False])
    check(lambda L, a: L.linalg.householder_product(*L.geqrf(a)), A, requires_grad=[False])


@given(batch=batch_shapes, n=sides, cols=sides, left=st.booleans(), transpose=st.booleans(), seed=S.seeds)
def test_complex_householder_product_and_ormqr_match_torch_with_gradients(batch, n, cols, left, transpose, seed):
    A, tau = complex_reflectors(np.complex128, batch, n, n, n, seed)
    C, _ = complex_reflectors(np.complex128, batch, *((n, cols) if left else (cols, n)), 0, seed + 1)
    check(lambda L, a, t: L.linalg.householder_product(a, t), A, tau, seed=seed)
    check(lambda L, a, t, c: L.ormqr(a, t, c, left=left, transpose=transpose), A, tau, C, seed=seed)


@given(pair=reflectors(dtype=np.float64), seed=S.seeds)
def test_second_order_through_householder_product_matches_torch(pair, seed):
    compare_higher(lambda L, a, t: L.linalg.householder_product(a, t), *pair, seed=seed)


@pytest.mark.parametrize("call", [
    lambda L, a, t: L.linalg.householder_product(a[0], t), lambda L, a, t: L.linalg.householder_product(a.mT, t),
    lambda L, a, t: L.linalg.householder_product(a, t[None]),
    lambda L, a, t: L.linalg.householder_product(a, t.float()),
    lambda L, a, t: L.linalg.householder_product(a[:, :1], t),
    lambda L, a, t: L.geqrf(a[0]), lambda L, a, t: L.geqrf(a.long()),
    lambda L, a, t: L.ormqr(a, t, a[0]), lambda L, a, t: L.ormqr(a, t, a.float()),
    lambda L, a, t: L.ormqr(a, t, a[:2]), lambda L, a, t: L.ormqr(a, t, a.mT, left=False), lambda L, a, t: L.ormqr(a, t, a[:3], left=False)],
    ids=range(12))
def test_bad_inputs_raise_like_torch(call):
    check_raises(call, np.arange(12.0).reshape(4, 3), np.ones(2))
