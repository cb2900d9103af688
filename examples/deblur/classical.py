"""Non-blind classical references from scikit-image, given the true kernel.

Both scikit-image routines assume a same-size blur (Richardson-Lucy with zero
padding, Wiener with periodic wrap-around), not our 'valid' one. So y is first
extended by mirroring half its size on every side: the result, twice as large,
wraps around without a jump at its edges (each edge meets its own mirror image),
which keeps the boundary ringing of both methods out of the centre; the
estimate's centre, on y's grid, is returned. Their settings are fixed for the
whole table.
"""
import numpy as np
from skimage import restoration

RL_ITERATIONS = 30
WIENER_BALANCE = 0.1


def _mirrored(y):
    """``y`` extended to twice its size by mirroring, so that it is smooth when wrapped around."""
    return np.pad(y, ((y.shape[0] // 2,) * 2, (y.shape[1] // 2,) * 2), mode="symmetric")


def _unmirrored(x, y):
    """The part of ``x`` (made from ``_mirrored(y)``) that lies on y's grid."""
    top, left = y.shape[0] // 2, y.shape[1] // 2
    return x[top:top + y.shape[0], left:left + y.shape[1]]


def richardson_lucy(y, kernel, iterations=RL_ITERATIONS):
    """``skimage.restoration.richardson_lucy`` on the mirrored y; returns (x_hat on y's grid, kernel)."""
    x = restoration.richardson_lucy(np.clip(_mirrored(y), 0, None), kernel, num_iter=iterations, clip=False)
    return _unmirrored(x, y), kernel


def wiener(y, kernel, balance=WIENER_BALANCE):
    """``skimage.restoration.wiener`` (Laplacian regulariser, weight ``balance``) on the mirrored y."""
    x = restoration.wiener(_mirrored(y), kernel, balance, clip=False)
    return _unmirrored(x, y), kernel
