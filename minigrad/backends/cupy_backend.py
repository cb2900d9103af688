"""The CuPy backend: CUDA arrays (registered only when CuPy and a device exist)."""
from .base import Backend

_reason = None

try:
    import cupy as cp
    try:
        _count = cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # CUDA driver missing or broken
        _count, _reason = 0, f"CuPy is installed but CUDA is unusable ({exc})"
    if _count == 0 and _reason is None:
        _reason = "CuPy is installed but no CUDA device is present"
except ImportError:
    cp = None
    _count = 0
    _reason = "CuPy is not installed (pip install 'minigrad[cuda]')"


def unavailable_reason():
    """Why the CUDA backend is unavailable ('' when it is available)."""
    return _reason or ""


def device_count():
    """Number of CUDA devices CuPy sees (0 without CuPy)."""
    return _count


class CupyBackend(Backend):
    """CUDA arrays through CuPy."""

    name = "cupy"
    device_type = "cuda"

    def __init__(self):
        self.xp = cp
        self.array_type = cp.ndarray
        self._rng = cp.random.default_rng()

    def asarray(self, data, dtype=None):
        return cp.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        return cp.asnumpy(array)

    def scatter_add(self, target, index, values):
        cp.add.at(target, index, values)

    def random_state(self):
        return self._rng

    def seed(self, seed):
        self._rng = cp.random.default_rng(seed)

    def synchronize(self):
        cp.cuda.get_current_stream().synchronize()


if cp is not None and _count > 0:
    from . import register as _register
    _register("cuda", CupyBackend())
