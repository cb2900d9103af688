"""The erf kernel: the portable expansions agree with SciPy's compiled erf (the fast path they stand
beside) to a few float64 ulps, at the edges too."""
import numpy as np
import pytest
from scipy import special

from minigrad.kernels.special import erf, erf_by_expansions


def test_expansions_agree_with_scipy_across_the_split_and_the_tails():
    x = np.concatenate([np.linspace(-9, 9, 40001), [2.5, -2.5, np.nextafter(2.5, 0), 1e-300, -1e-300, 5e-324]])
    expected = special.erf(x)
    got = erf_by_expansions(np, x)
    np.testing.assert_allclose(got, expected, rtol=4e-15, atol=0)


def test_expansions_keep_signed_zero_infinities_and_nan():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan])
    got = erf_by_expansions(np, x)
    np.testing.assert_array_equal(got[2:4], [1.0, -1.0])
    assert np.isnan(got[4]) and got[0] == 0 and np.signbit(got[1])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_expansions_keep_the_dtype_and_float32_accuracy(dtype):
    x = np.linspace(-5, 5, 1001).astype(dtype)
    got = erf_by_expansions(np, x)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, special.erf(x.astype(np.float64)), rtol=2e-6, atol=1e-7)


def test_numpy_arrays_take_the_scipy_path():
    x = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(erf(np, x), special.erf(x))


def test_erfinv_by_newton_agrees_with_scipy():
    from minigrad.kernels.special import erfinv_by_newton
    y = np.concatenate([np.linspace(-0.999999, 0.999999, 2001), [-1.0, 1.0, 0.0, 1.5, np.nan]])
    # (near +-1 erf is flat: its last-ulp error moves the inverse by up to ~1e-12 relative there)
    np.testing.assert_allclose(erfinv_by_newton(np, y), special.erfinv(y), rtol=1e-11, atol=1e-15)
