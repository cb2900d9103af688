"""The deblurring example's kernel bank: normalised, deterministic, centred, within the stated sizes."""
import os
import sys

import numpy as np
import pytest

pytest.importorskip("skimage")
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
from examples.deblur import kernels  # noqa: E402


@pytest.mark.parametrize("name", kernels.KERNEL_NAMES)
def test_every_kernel_is_non_negative_and_sums_to_one(name):
    k = kernels.kernel_bank()[name]
    assert k.min() >= 0
    assert k.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("name", kernels.KERNEL_NAMES)
def test_every_kernel_is_square_odd_and_9_to_25_pixels(name):
    k = kernels.kernel_bank()[name]
    assert k.shape[0] == k.shape[1] and k.shape[0] % 2 == 1 and 9 <= k.shape[0] <= 25


@pytest.mark.parametrize("name", kernels.KERNEL_NAMES)
def test_every_kernel_has_its_centre_of_mass_on_the_centre_pixel(name):
    k = kernels.kernel_bank()[name]
    rows, cols = np.indices(k.shape)
    c = (k.shape[0] - 1) / 2
    assert (rows * k).sum() == pytest.approx(c, abs=0.1) and (cols * k).sum() == pytest.approx(c, abs=0.1)


def test_the_bank_is_the_same_on_every_call():
    a, b = kernels.kernel_bank(), kernels.kernel_bank()
    assert list(a) == list(b)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])


def test_shake_kernels_differ_between_seeds():
    assert not np.allclose(kernels.shake(1, 19), kernels.shake(2, 19))


def test_the_bank_has_two_gaussians_a_disk_four_motions_and_two_shakes():
    names = kernels.KERNEL_NAMES
    assert [n.rstrip("0123456789_") for n in names].count("gauss") == 2
    assert sum(n.startswith("motion") for n in names) == 4 and sum(n.startswith("shake") for n in names) == 2
    assert "disk" in names


def test_a_gaussian_has_the_requested_spread():
    k = kernels.gaussian(2.0, 25)   # wide enough that truncation is negligible
    r = np.arange(25) - 12
    assert (k.sum(axis=0) * r ** 2).sum() == pytest.approx(4.0, rel=1e-3)


def test_a_horizontal_motion_streak_lies_on_the_centre_row_and_is_as_long_as_asked():
    k = kernels.motion(9, 0, 11)
    assert k[5].sum() == pytest.approx(1.0)
    assert np.count_nonzero(k[5] > 1e-9) in (9, 10, 11)
