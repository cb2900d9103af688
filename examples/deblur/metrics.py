"""Image and kernel quality: PSNR and SSIM (scikit-image) after the best small shift, kernel error.

A blind method can only find x and k up to a translation (shifting x one way and
k the other leaves k * x unchanged), so the image is scored at the integer shift
(within +-MAX_SHIFT pixels) that suits it best, on the window that stays inside
the frame for every shift; every method, the blurred input included, is scored
the same way. The kernel error is the relative L2 distance to the true kernel
at the best shift.
"""
import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

MAX_SHIFT = 4


def _window(a, dy, dx, m):
    """``a`` cropped by ``m`` on every side after a shift of (dy, dx)."""
    h, w = a.shape
    return a[m + dy:h - m + dy, m + dx:w - m + dx]


def image_scores(estimate, truth, max_shift=MAX_SHIFT):
    """PSNR (dB) and SSIM of ``estimate`` (clipped to [0, 1]) against ``truth`` at its best shift.

    Returns a dict with ``psnr``, ``ssim`` and ``shift`` (dy, dx).
    """
    estimate = np.clip(estimate, 0, 1)
    m = max_shift
    ref = _window(truth, 0, 0, m)
    best = max(((dy, dx) for dy in range(-m, m + 1) for dx in range(-m, m + 1)),
               key=lambda s: -np.mean((_window(estimate, *s, m) - ref) ** 2))
    est = _window(estimate, *best, m)
    return {"psnr": float(peak_signal_noise_ratio(ref, est, data_range=1.0)),
            "ssim": float(structural_similarity(ref, est, data_range=1.0)),
            "shift": [int(best[0]), int(best[1])]}


def _shifted(k, dy, dx):
    """``k`` translated by (dy, dx) with zeros filled in (what falls off the edge is lost)."""
    out = np.zeros_like(k)
    h, w = k.shape
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = k[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return out


def kernel_error(estimate, truth):
    """Relative L2 error ||shift(k_hat) - k|| / ||k|| at the best integer shift (both the same size)."""
    r = truth.shape[0] // 2
    errors = [np.linalg.norm(_shifted(estimate, dy, dx) - truth) for dy in range(-r, r + 1) for dx in range(-r, r + 1)]
    return float(min(errors) / np.linalg.norm(truth))
