"""The NumPy backend: CPU arrays."""
import math

import numpy as np

from .base import Backend, ForwardContext

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
        # (instance attributes: every op reads them, and an instance's own are the faster read)
        self.xp = np
        self.array_type = np.ndarray
        self.forward_context = ForwardContext(np)

    def asarray(self, data, dtype=None):
        return np.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        return np.asarray(array)

    def scatter_add(self, target, index, values):
        """``target[index] += values`` with repeated indices accumulated, in place."""
        if values.size >= FLAT_SCATTER_MIN and target.ndim > 1 and target.flags.c_contiguous:
            # Fast path, fenced: NumPy's ufunc.at has a quick loop only for a 1-D target and one
            # 1-D integer index; on rows of a 2-D gradient it runs an element-wise generic loop,
            # five times slower. So a large scatter goes through the flat target at the linear
            # positions of the indexed elements: they repeat exactly where the index repeats and
            # come in the same order, so the sums are the same, bit for bit (tests check this).
            positions = flat_positions(target.shape, index, values.shape)
            if positions is not None:
                np.add.at(target.reshape(-1), positions.reshape(-1), values.reshape(-1))
                return
        np.add.at(target, index, values)

    def random_state(self):
        return self._rng

    def seed(self, seed):
        self._rng = np.random.default_rng(seed)


# Below this many values, ufunc.at's generic loop is quicker than building linear positions.
FLAT_SCATTER_MIN = 512


def flat_positions(shape, index, values_shape):
    """The positions in the flattened array of ``shape`` of the elements ``array[index]`` selects,
    shaped like them, for an index of full slices followed by integer arrays (``x[i]``,
    ``x[:, i]``, ``x[i, j]``: the forms gradients scatter with); None for any other form, or when
    ``values_shape`` is not the shape of the selection. The indices must be in range (the ops
    check them); negative ones count from the end, as in indexing."""
    p = 0
    while p < len(index) and index[p].__class__ is slice and index[p] == slice(None):
        p += 1
    arrays = index[p:]
    q = len(arrays)
    if not q or p + q > len(shape):
        return None
    for a in arrays:
        if a.__class__ is not np.ndarray or a.dtype.kind not in "iu":
            return None
    middle = np.ravel_multi_index(arrays, shape[p:p + q], mode="wrap")  # (wrap: -1 is the last)
    if shape[:p] + middle.shape + shape[p + q:] != values_shape:
        return None
    trail = math.prod(shape[p + q:])
    positions = middle[..., None] * trail + np.arange(trail)
    if p:
        lead = math.prod(shape[:p])
        positions = np.arange(0, lead * math.prod(shape[p:]), math.prod(shape[p:])).reshape(
            (lead,) + (1,) * positions.ndim) + positions
    return positions
