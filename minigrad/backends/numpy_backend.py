"""The NumPy backend: CPU arrays."""
import numpy as np

from .base import Backend

# PyTorch computes log(0) = -inf, 1/0 = inf and 0/0 = nan silently; so do minigrad's ops.
np.seterr(divide="ignore", invalid="ignore", over="ignore", under="ignore")


class NumpyBackend(Backend):
    """CPU arrays through NumPy."""

    name = "numpy"
    device_type = "cpu"
    xp = np
    array_type = np.ndarray
    scalar_types = (np.generic,)

    def __init__(self):
        self._rng = np.random.default_rng()

    def asarray(self, data, dtype=None):
        return np.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        return np.asarray(array)

    def scatter_add(self, target, index, values):
        np.add.at(target, index, values)

    def random_state(self):
        return self._rng

    def seed(self, seed):
        self._rng = np.random.default_rng(seed)
