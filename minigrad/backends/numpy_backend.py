"""The NumPy backend: CPU arrays."""
import numpy as np

from .base import Backend


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
