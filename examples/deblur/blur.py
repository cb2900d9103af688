"""The blur operator, in one convention for the whole example: a 'valid' convolution.

y = k * x, where x is (H + K - 1) x (W + K - 1), k is K x K (odd K) and y is H x W:
every pixel of y sees a full K x K window of x, so nothing is assumed about the
scene beyond y's borders (no zero, periodic or mirrored padding). This is the
model of the blind methods (and of SelfDeblur): they estimate x on the larger
grid and we compare its centre H x W with the truth. "Convolution" is the true
one (the kernel flipped), as in ``scipy.signal.convolve2d(x, k, mode="valid")``;
``conv2d`` of deep-learning libraries is a correlation, hence the flip below.
"""
from scipy import signal


def blur_valid(x, k):
    """NumPy reference: the 'valid' 2-D convolution of image ``x`` with kernel ``k``."""
    return signal.convolve2d(x, k, mode="valid")


def blur(torch, x, k):
    """Tensor version, differentiable in both arguments.

    ``torch`` is the tensor library in use (minigrad or PyTorch, see ``backend``);
    ``x``: (1, 1, H + K - 1, W + K - 1) image batch; ``k``: (K, K) kernel.
    Returns the (1, 1, H, W) 'valid' convolution, equal to ``blur_valid``.
    """
    return torch.nn.functional.conv2d(x, k.flip(0, 1)[None, None])
