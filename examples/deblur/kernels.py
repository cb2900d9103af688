"""The blur kernel bank: nine kernels made deterministically in code.

Every kernel is a square NumPy float64 array of odd size (9 to 25), non-negative
and normalised to sum 1, with its mass centred in the array:

    gauss1, gauss2         Gaussian, sigma 1.0 and 2.0 (out-of-focus, atmosphere)
    disk                   defocus disk, radius 4.5, anti-aliased edge
    motion9_20, motion9_110, motion17_20, motion17_110
                           linear motion, 9 or 17 px long, at 20 or 110 degrees
    shake1, shake2         camera shake: a seeded random walk with momentum
"""
import numpy as np

SUPERSAMPLE = 8  # sub-pixels per pixel when drawing disks, lines and trajectories


def _normalised(k):
    """``k`` scaled to sum 1 (after clipping tiny negatives left by rounding)."""
    k = np.clip(k, 0.0, None)
    return k / k.sum()


def _splat(points, size):
    """Sum of bilinear splats of sub-pixel ``points`` (row, col), in pixel units of a ``size``x``size`` grid."""
    k = np.zeros((size + 1, size + 1))
    r, c = points[:, 0], points[:, 1]
    r0, c0 = np.floor(r).astype(int), np.floor(c).astype(int)
    fr, fc = r - r0, c - c0
    for dr, dc, w in ((0, 0, (1 - fr) * (1 - fc)), (0, 1, (1 - fr) * fc), (1, 0, fr * (1 - fc)), (1, 1, fr * fc)):
        np.add.at(k, (r0 + dr, c0 + dc), w)
    return k[:size, :size]


def _centred(points, size):
    """``points`` moved so that their mean sits on the centre pixel of a ``size`` grid."""
    return points - points.mean(axis=0) + (size - 1) / 2


def gaussian(sigma, size):
    """An isotropic Gaussian of standard deviation ``sigma`` pixels, cut to ``size``x``size``."""
    r = np.arange(size) - (size - 1) / 2
    g = np.exp(-(r[:, None] ** 2 + r[None, :] ** 2) / (2 * sigma ** 2))
    return _normalised(g)


def disk(radius, size):
    """A uniform disk (defocus blur) of ``radius`` pixels, its edge anti-aliased by supersampling."""
    s = SUPERSAMPLE
    r = (np.arange(size * s) + 0.5) / s - size / 2
    inside = (r[:, None] ** 2 + r[None, :] ** 2 <= radius ** 2).astype(float)
    return _normalised(inside.reshape(size, s, size, s).mean(axis=(1, 3)))


def motion(length, angle_deg, size):
    """A straight motion streak ``length`` pixels long at ``angle_deg`` (counter-clockwise from the x-axis)."""
    t = np.linspace(-length / 2, length / 2, int(length * SUPERSAMPLE) + 1)
    a = np.deg2rad(angle_deg)
    points = np.stack([-t * np.sin(a), t * np.cos(a)], axis=1)  # (row, col): rows grow downwards
    return _normalised(_splat(_centred(points, size), size))


def shake(seed, size, steps=400):
    """A camera-shake kernel: the path of a random walk whose velocity has momentum.

    The velocity turns by small random angles and changes speed a little at each
    step (a simplified version of the trajectories of Boracchi and Foi, 2012);
    the path, centred on its mean, is scaled to fit ``size`` with a one-pixel
    margin, and the time spent at each point becomes the kernel's weight.
    """
    rng = np.random.default_rng(seed)
    velocity = np.exp(1j * rng.uniform(0, 2 * np.pi))
    position, path = 0j, []
    for _ in range(steps):
        velocity *= np.exp(1j * rng.normal(0, 0.25)) * (1 + rng.normal(0, 0.05))
        velocity += 0.2 * rng.normal() + 0.2j * rng.normal()  # jitter
        position += velocity / abs(velocity)
        path.append(position)
    path = np.asarray(path)
    points = np.stack([path.imag, path.real], axis=1)
    reach = np.abs(points - points.mean(axis=0)).max()
    points *= (size - 3) / 2 / reach
    return _normalised(_splat(_centred(points, size), size))


def kernel_bank():
    """The nine kernels by name, in the table's order (see the module docstring)."""
    return {
        "gauss1": gaussian(1.0, 9),
        "gauss2": gaussian(2.0, 15),
        "disk": disk(4.5, 11),
        "motion9_20": motion(9, 20, 11),
        "motion9_110": motion(9, 110, 11),
        "motion17_20": motion(17, 20, 19),
        "motion17_110": motion(17, 110, 19),
        "shake1": shake(1, 19),
        "shake2": shake(2, 25),
    }


KERNEL_NAMES = tuple(kernel_bank())
