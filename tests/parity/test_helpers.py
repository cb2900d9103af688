"""The comparison helper itself must catch what it claims to catch: wrong
values, dtypes, shapes, gradients, None-ness, NaN/inf positions, and a
missing error."""
import numpy as np
import pytest

import minigrad

from .helpers import assert_close, check


def test_assert_close_accepts_float64_within_rtol_and_rejects_beyond():
    e = np.array([1.0, 2.0, 3.0])
    assert_close(e * (1 + 5e-8), e)
    with pytest.raises(AssertionError):
        assert_close(e * (1 + 5e-7), e)


def test_assert_close_checks_dtype_shape_nan_and_inf_positions():
    with pytest.raises(AssertionError, match="dtype"):
        assert_close(np.zeros(2, np.float32), np.zeros(2))
    with pytest.raises(AssertionError, match="shape"):
        assert_close(np.zeros((2, 1)), np.zeros(2))
    with pytest.raises(AssertionError, match="NaN"):
        assert_close(np.array([np.nan, 1.0]), np.array([1.0, np.nan]))
    with pytest.raises(AssertionError, match="inf"):
        assert_close(np.array([np.inf]), np.array([-np.inf]))
    assert_close(np.array([np.nan, np.inf]), np.array([np.nan, np.inf]))


def test_check_catches_a_wrong_gradient(monkeypatch):
    def wrong(L, t):
        if L is minigrad:
            return t * t.detach() * 2.0  # right value, half the gradient
        return t * t * 2.0
    with pytest.raises(AssertionError, match="grad of input 0"):
        check(wrong, np.array([1.0, 2.0]))


def test_check_catches_a_missing_gradient():
    def fn(L, t, u):
        return t * (u.detach() if L is minigrad else u)
    with pytest.raises(AssertionError):
        check(fn, np.array([1.0]), np.array([2.0]))


def test_check_catches_a_missing_error():
    def fn(L, t):
        if L is minigrad:
            return t
        return t.reshape(5)
    with pytest.raises(AssertionError, match="did not raise"):
        check(fn, np.ones(3))


def test_upstream_gradient_is_random_not_ones():
    import torch
    from .helpers import upstream_like
    g = upstream_like(torch.zeros(3, 4), np.random.default_rng(0))
    assert g.shape == (3, 4) and g.dtype == np.float32
    assert not np.allclose(g, 1.0) and np.unique(g).size > 1
