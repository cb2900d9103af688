"""The deblurring example's blur operator (against SciPy and NumPy's FFT), observations and metrics."""
import importlib
import os
import sys

import numpy as np
import pytest

pytest.importorskip("skimage")
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
from scipy import ndimage  # noqa: E402
from skimage.metrics import peak_signal_noise_ratio  # noqa: E402

from examples.deblur import backend, blur, images, kernels, metrics, variational  # noqa: E402


def _has_conv(name):
    try:
        return hasattr(importlib.import_module(name).nn.functional, "conv2d")
    except ImportError:
        return False


BACKENDS = [pytest.param(n, marks=pytest.mark.skipif(not _has_conv(n), reason=f"{n} has no conv2d"))
            for n in backend.BACKENDS]


def test_valid_blur_equals_ndimage_convolve_on_the_interior():
    rng = np.random.default_rng(0)
    x, k = rng.random((20, 23)), rng.random((5, 5))
    full = ndimage.convolve(x, k, mode="constant")
    np.testing.assert_allclose(blur.blur_valid(x, k), full[2:-2, 2:-2], rtol=1e-12)


def test_valid_blur_equals_numpy_fft_product_on_the_interior():
    rng = np.random.default_rng(1)
    x, k = rng.random((16, 16)), rng.random((5, 5))
    linear = np.real(np.fft.ifft2(np.fft.fft2(x, (20, 20)) * np.fft.fft2(k, (20, 20))))
    np.testing.assert_allclose(blur.blur_valid(x, k), linear[4:16, 4:16], rtol=1e-10)


def test_valid_blur_of_a_point_is_the_kernel():
    k = kernels.kernel_bank()["shake1"]
    x = np.zeros((2 * 19 - 1, 2 * 19 - 1))
    x[18, 18] = 1
    np.testing.assert_allclose(blur.blur_valid(x, k), k, atol=1e-15)


@pytest.mark.parametrize("name", BACKENDS)
def test_tensor_blur_equals_the_numpy_reference(name):
    torch = backend.load(name)
    rng = np.random.default_rng(2)
    x, k = rng.random((14, 17)), rng.random((7, 7))
    out = blur.blur(torch, backend.to_tensor(torch, x[None, None], torch.float64),
                    backend.to_tensor(torch, k, torch.float64))
    np.testing.assert_allclose(backend.to_numpy(out)[0, 0], blur.blur_valid(x, k), rtol=1e-12)


@pytest.mark.parametrize("name", BACKENDS)
def test_tensor_blur_passes_gradients_to_image_and_kernel(name):
    torch = backend.load(name)
    rng = np.random.default_rng(3)
    x = backend.to_tensor(torch, rng.random((1, 1, 9, 9)), torch.float64).requires_grad_()
    k = backend.to_tensor(torch, rng.random((3, 3)), torch.float64).requires_grad_()
    blur.blur(torch, x, k).sum().backward()
    # d/dk of sum(k * x) is the correlation of x with ones: the sum over each shifted window
    windows = np.lib.stride_tricks.sliding_window_view(backend.to_numpy(x)[0, 0], (7, 7)).sum(axis=(2, 3))
    np.testing.assert_allclose(backend.to_numpy(k.grad), windows[::-1, ::-1], rtol=1e-12)
    np.testing.assert_allclose(backend.to_numpy(x.grad).sum(), 49 * backend.to_numpy(k).sum(), rtol=1e-12)


def test_observation_is_the_valid_blur_of_the_scene_plus_noise_of_the_stated_sigma():
    scene = images.sharp_image("camera", 64)
    k = kernels.kernel_bank()["disk"]
    y, truth = images.observe(scene, k, 64, seed=5)
    assert y.shape == truth.shape == (64, 64)
    clean = blur.blur_valid(images.centre(scene, 64 + 10), k)
    assert np.std(y - clean) == pytest.approx(images.NOISE_SIGMA, rel=0.05)
    np.testing.assert_array_equal(truth, images.centre(scene, 64))


def test_observations_are_reproducible_from_the_seed():
    scene = images.sharp_image("coins", 32)
    k = kernels.kernel_bank()["gauss1"]
    np.testing.assert_array_equal(images.observe(scene, k, 32, seed=3)[0], images.observe(scene, k, 32, seed=3)[0])


@pytest.mark.parametrize("name", images.IMAGE_NAMES)
def test_images_are_grey_in_unit_range_with_room_for_the_largest_kernel(name):
    im = images.sharp_image(name, 40)
    assert im.shape == (40 + images.MAX_KERNEL - 1,) * 2 and im.min() >= 0 and im.max() <= 1


def test_scores_of_an_unshifted_estimate_are_skimage_psnr_on_the_inner_window():
    rng = np.random.default_rng(4)
    truth = rng.random((32, 32))
    est = np.clip(truth + 0.05 * rng.standard_normal(truth.shape), 0, 1)
    s = metrics.image_scores(est, truth)
    m = metrics.MAX_SHIFT
    assert s["shift"] == [0, 0]
    assert s["psnr"] == pytest.approx(peak_signal_noise_ratio(truth[m:-m, m:-m], est[m:-m, m:-m], data_range=1))


def test_scores_find_the_shift_of_a_translated_estimate():
    truth = images.sharp_image("camera", 40)[:40, :40]
    est = np.roll(truth, (2, -3), axis=(0, 1))
    s = metrics.image_scores(est, truth)
    assert s["shift"] == [2, -3] and s["psnr"] == float("inf") and s["ssim"] == pytest.approx(1.0)


def test_scores_clip_the_estimate_to_the_unit_range():
    truth = np.full((20, 20), 1.0)
    assert metrics.image_scores(np.full((20, 20), 3.0), truth)["psnr"] == float("inf")


def test_kernel_error_is_zero_for_a_shifted_copy_and_one_for_zero():
    k = kernels.kernel_bank()["disk"]   # its outer ring of pixels is empty, so a 1-pixel shift loses nothing
    shifted = np.zeros_like(k)
    shifted[1:, :-1] = k[:-1, 1:]
    assert metrics.kernel_error(shifted, k) == pytest.approx(0.0, abs=1e-12)
    assert metrics.kernel_error(np.zeros_like(k), k) == pytest.approx(1.0)


def test_kernel_error_of_a_delta_is_large_for_a_wide_kernel():
    k = kernels.kernel_bank()["gauss2"]
    delta = np.zeros_like(k)
    delta[7, 7] = 1
    assert metrics.kernel_error(delta, k) > 3


def test_cleaned_kernel_cuts_faint_entries_and_sums_to_one():
    k = kernels.kernel_bank()["motion9_20"] + 1e-3
    cleaned, _ = variational.cleaned_kernel(k / k.sum(), threshold=0.05)
    assert cleaned.min() == 0 and np.count_nonzero(cleaned) < k.size / 2
    np.testing.assert_allclose(cleaned.sum(), 1.0, rtol=1e-12)


def test_cleaned_kernel_moves_an_off_centre_kernel_to_the_middle_and_reports_the_shift():
    k = np.zeros((9, 9))
    k[1, 6] = 1.0
    cleaned, shift = variational.cleaned_kernel(k)
    assert shift == (3, -2) and cleaned[4, 4] == 1.0


def test_cleaned_kernel_shift_moved_back_in_the_image_leaves_the_blur_unchanged():
    rng = np.random.default_rng(3)
    x, k = rng.random((30, 30)), np.zeros((7, 7))
    k[0:2, 4:6] = rng.random((2, 2))
    cleaned, (dy, dx) = variational.cleaned_kernel(k, threshold=0.0)
    x_moved = ndimage.shift(x, (-dy, -dx), order=0)
    inner = slice(8, -8)
    np.testing.assert_allclose(blur.blur_valid(x_moved, cleaned)[inner, inner],
                               blur.blur_valid(x, k / k.sum())[inner, inner], rtol=1e-12)
