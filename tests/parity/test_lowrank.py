"""torch.svd_lowrank and torch.pca_lowrank against PyTorch: with the same seed both draw the same test
matrix, so the approximations, and their gradients, agree. Compared through U V^T and S (each singular
vector pair's sign is LAPACK's choice), on matrices of rank k <= q; PyTorch's errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import helpers, strategies as S
from .helpers import assert_close, check, check_raises


def _seeded(L, fn, *args, **kwargs):
    L.manual_seed(0)
    U, S_, V = fn(*args, **kwargs)
    return U @ V.mT, S_


@st.composite
def low_rank_factors(draw):
    """Factors a (B?, m, k), b (B?, n, k) of a rank-k product a b^T: orthonormal columns, a's scaled to the
    singular values 1 and 2 (a conditioned product: float32 rounding through the QR iterations stays within
    float32 tolerance, as OpInfo's samples of linalg.pinv's singular form are built)."""
    dtype = draw(S.float_dtypes)
    batch = draw(st.sampled_from([(), (2,)]))
    k = draw(st.integers(1, 2))
    m, n = draw(st.integers(k + 1, 6)), draw(st.integers(2, 6))  # (rank k still once pca_lowrank centres the rows)
    rng = np.random.default_rng(draw(S.seeds))
    qa = np.linalg.qr(rng.standard_normal(batch + (m, k)))[0]
    qb = np.linalg.qr(rng.standard_normal(batch + (n, k)))[0]
    return (qa * np.arange(1, k + 1)[::-1]).astype(dtype), qb.astype(dtype), k


@given(data=st.data(), seed=S.seeds)
def test_svd_lowrank_and_its_gradient_match_torch(data, seed):
    if helpers.minigrad is not minigrad:
        pytest.skip("on a device the random projection comes from the device's generator, not PyTorch's stream")
    a, b, k = data.draw(low_rank_factors())
    niter = data.draw(st.sampled_from([None, 0, 1, 2]))
    check(lambda L, a, b: _seeded(L, L.svd_lowrank, a @ b.mT, q=k, niter=niter), a, b, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_svd_lowrank_of_a_difference_with_a_mean_matches_torch(data, seed):
    a, b, k = data.draw(low_rank_factors())
    a, b = a.astype(np.float64), b.astype(np.float64)  # (A - M cancels M: float32 rounding would be all that is left)
    mean = np.random.default_rng(seed).standard_normal(a.shape[:-2] + (1, b.shape[-2]))
    check(lambda L, a, b, M: _seeded(L, L.svd_lowrank, a @ b.mT + M, q=k, M=M), a, b, mean, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_pca_lowrank_and_its_gradient_match_torch(data, seed):
    a, b, k = data.draw(low_rank_factors())
    center = data.draw(st.booleans())
    check(lambda L, a, b: _seeded(L, L.pca_lowrank, a @ b.mT, q=k, center=center), a, b, seed=seed)


def test_svd_lowrank_on_the_cpu_draws_torchs_test_matrix():
    x = np.random.default_rng(0).standard_normal((6, 5))  # (rank 5 > q: the result depends on the draw)
    mine = _seeded(minigrad, minigrad.svd_lowrank, minigrad.tensor(x), q=3, niter=0)
    theirs = _seeded(torch, torch.svd_lowrank, torch.tensor(x), q=3, niter=0)
    for m, t in zip(mine, theirs):
        assert_close(m.numpy(), t.numpy())


@pytest.mark.parametrize("kwargs", [dict(q=9), dict(q=-1), dict(niter=-1)])
def test_bad_pca_lowrank_settings_raise_as_torch(kwargs):
    check_raises(lambda L, x: L.pca_lowrank(x, **kwargs), np.ones((5, 4)))


def test_lowrank_of_integer_or_one_dimensional_input_raises_as_torch():
    for name in ("svd_lowrank", "pca_lowrank"):
        check_raises(lambda L, x: getattr(L, name)(x), np.ones((3, 3), np.int64))
        check_raises(lambda L, x: getattr(L, name)(x), np.ones(3))


def test_lowrank_functions_are_not_tensor_methods():
    assert not hasattr(minigrad.Tensor, "svd_lowrank") and not hasattr(minigrad.Tensor, "pca_lowrank")
