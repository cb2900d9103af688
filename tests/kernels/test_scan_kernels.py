"""The blocked cumsum kernel against NumPy's cumsum: the same sums, grouped differently."""
import numpy as np
import pytest

import minigrad
from minigrad.kernels import scan
from minigrad.ops import scan as scan_ops

# (shape, axis): long rows (padded to whole blocks, blocks of blocks), a leading axis, few and
# many short rows, a single row
SHAPES = [((128, 256), 1), ((3, 1001), 1), ((300, 20), 0), ((4, 7, 33), 1), ((5000, 3), 1), ((2, 9), 1),
          ((70,), 0), ((6, 1), 1), ((0, 40), 1), ((40, 0), 1)]


@pytest.mark.parametrize("shape, axis", SHAPES)
def test_blocked_cumsum_of_exact_sums_equals_numpy_bit_for_bit(shape, axis):
    x = np.random.default_rng(0).integers(-50, 50, shape).astype(np.float64)  # every sum exact
    assert np.array_equal(scan.cumsum(np, x, axis), np.cumsum(x, axis=axis))


@pytest.mark.parametrize("shape, axis", SHAPES[:5])
def test_blocked_cumsum_of_floats_is_as_close_as_float32_allows(shape, axis):
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    exact = np.cumsum(x.astype(np.float64), axis=axis)
    out = scan.cumsum(np, x, axis)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, exact, rtol=1e-5, atol=1e-5 * np.sqrt(shape[axis]))


def test_blocked_cumsum_propagates_nan_and_infinities_like_numpy():
    x = np.array([1.0, np.inf, 2.0, -np.inf, 3.0, np.nan, 1.0] * 9 + [np.inf] + [1.0] * 30)
    with np.errstate(invalid="ignore"):
        assert np.array_equal(scan.cumsum(np, x, 0), np.cumsum(x), equal_nan=True)


@pytest.mark.parametrize("dim", [0, 1])
def test_cumsum_paths_agree(dim, monkeypatch):
    # (float64: a float32 cumsum adds in float64, as PyTorch's, off the blocked path)
    x = np.random.default_rng(2).integers(-9, 9, (40, 300)).astype(np.float64)
    results = []
    for smallest in (0, 10 ** 9):  # the blocked path always, then never
        monkeypatch.setattr(scan_ops, "BLOCKED_CUMSUM_MIN", smallest)
        t = minigrad.tensor(x, requires_grad=True)
        y = t.cumsum(dim)
        y.backward(minigrad.tensor(x[::-1].copy()))
        results.append((y.detach().numpy(), t.grad.numpy()))
    assert all(np.array_equal(a, b) for a, b in zip(*results))
