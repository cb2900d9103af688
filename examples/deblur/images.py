"""Test images that ship with scikit-image (nothing is downloaded) and the blurred, noisy observations."""
import numpy as np
from skimage import color, data, transform

from .blur import blur_valid

IMAGE_NAMES = ("camera", "astronaut", "coins", "text")
MAX_KERNEL = 25   # the largest kernel in the bank: every image is cut with room for it
NOISE_SIGMA = 0.01


def sharp_image(name, size):
    """Grey image ``name`` from ``skimage.data``: the centre square, resized (anti-aliased) to
    ``size + MAX_KERNEL - 1`` pixels a side, values in [0, 1], float64.

    The extra border is the scene outside the ``size`` x ``size`` view that a
    'valid' blur pulls in; its centre ``size`` x ``size`` is the ground truth.
    """
    image = getattr(data, name)()
    if image.ndim == 3:
        image = color.rgb2gray(image[..., :3])
    image = image.astype(np.float64)
    if image.max() > 1:
        image /= 255.0
    h, w = image.shape
    s = min(h, w)
    square = image[(h - s) // 2:(h - s) // 2 + s, (w - s) // 2:(w - s) // 2 + s]
    side = size + MAX_KERNEL - 1
    return np.clip(transform.resize(square, (side, side), anti_aliasing=True), 0, 1)


def centre(a, size):
    """The centre ``size`` x ``size`` window of the 2-D array ``a``."""
    top, left = (a.shape[0] - size) // 2, (a.shape[1] - size) // 2
    return a[top:top + size, left:left + size]


def observe(scene, kernel, size, sigma=NOISE_SIGMA, seed=0):
    """The blurred, noisy observation y (``size`` x ``size``) and the sharp truth x behind it.

    ``scene`` is a ``sharp_image``; the part of it that the blur reaches (``size +
    K - 1`` a side for a K x K kernel) is convolved in 'valid' mode, so y has no
    boundary artefacts, and Gaussian noise of standard deviation ``sigma`` is
    added (seeded). Returns ``(y, x_true)``, both ``size`` x ``size``, and the
    pixel y[i, j] is centred on x_true[i, j].
    """
    k = kernel.shape[0]
    support = centre(scene, size + k - 1)
    y = blur_valid(support, kernel)
    y = y + sigma * np.random.default_rng(seed).standard_normal(y.shape)
    return y, centre(scene, size)
