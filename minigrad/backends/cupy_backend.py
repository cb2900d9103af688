"""The CuPy backend: CUDA arrays for ``device("cuda")``.

It registers itself only when CuPy imports and sees a CUDA device; otherwise
``unavailable_reason()`` says why, and using ``device("cuda")`` raises
``unavailable_error()`` with that reason (minigrad itself keeps working on the CPU).

Only what differs from NumPy lives here: host/device transfer, scatter-add,
random numbers and synchronisation. The ops run unchanged on ``cupy`` as
``xp``. Arrays live on CuPy's current device (``cuda:N`` indices other than
the current device are not switched to).

No fused kernels (``cupy.fuse`` / ``ElementwiseKernel``) yet: they pay only
where a benchmark on a GPU shows launch overhead dominating (the Adam update
and activation backward are the candidates), and none could be measured when
this was written.
"""
from .base import Backend, ForwardContext

_reason = None
cp = None
_count = 0

try:
    import cupy as cp
except ImportError:
    _reason = "CuPy is not installed (pip install 'minigrad[cuda]', which installs cupy-cuda12x)"
except Exception as exc:  # a broken install (missing CUDA libraries...) must not break minigrad
    _reason = f"CuPy failed to import ({type(exc).__name__}: {exc})"
else:
    try:
        _count = cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # no driver, or no device
        _reason = f"CuPy {cp.__version__} is installed but CUDA is unusable ({exc})"
    if _count == 0 and _reason is None:
        _reason = f"CuPy {cp.__version__} is installed but no CUDA device is present"


def unavailable_reason():
    """Why the CUDA backend is unavailable ('' when it is available)."""
    return _reason or ""


def unavailable_error():
    """The error for using CUDA here, of PyTorch's type: without CuPy, an AssertionError, as PyTorch
    built without CUDA raises ("Torch not compiled with CUDA enabled"); with CuPy but no usable
    device, a RuntimeError, as a CUDA build of PyTorch without a driver or device raises."""
    message = "device 'cuda' is not available: " + _reason
    return AssertionError(message) if cp is None else RuntimeError(message)


def device_count():
    """Number of CUDA devices CuPy sees (0 without CuPy)."""
    return _count


def _scatter_add_function():
    """``cupy.add.at`` where this CuPy has ufunc.at (v13+), else ``cupyx.scatter_add``."""
    at = getattr(cp.add, "at", None)
    if at is not None:
        return at
    import cupyx
    return cupyx.scatter_add


class CupyBackend(Backend):
    """CUDA arrays through CuPy."""

    name = "cupy"
    device_type = "cuda"
    scalar_types = ()  # CuPy reductions give 0-d arrays, never host scalars

    def __init__(self):
        self.xp = cp
        self.array_type = cp.ndarray
        self.forward_context = ForwardContext(cp)
        self._rng = cp.random.default_rng()
        self._scatter_add = _scatter_add_function()

    def asarray(self, data, dtype=None):
        """A device array: host data is copied over; a device array is kept (cast if ``dtype`` differs)."""
        return cp.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        """A host NumPy copy (synchronises with the device)."""
        return cp.asnumpy(array)

    def scatter_add(self, target, index, values):
        """``target[index] += values`` with repeated indices accumulated (atomic adds), in place."""
        self._scatter_add(target, index, values)

    def argsort_stable(self, array, axis):
        """CuPy's sorts are always stable (older releases' argsort takes no ``kind=``)."""
        return cp.argsort(array, axis=axis)

    def random_state(self):
        """The device's ``cupy.random.Generator`` (random, standard_normal, integers, uniform...)."""
        return self._rng

    def seed(self, seed):
        """Seed the device generator and CuPy's legacy global one."""
        self._rng = cp.random.default_rng(seed)
        cp.random.seed(seed)

    def synchronize(self):
        """Wait for all queued work on the current device (call before reading a clock)."""
        cp.cuda.Device().synchronize()

    def is_available(self):
        return _count > 0


if cp is not None and _count > 0:
    from . import register as _register
    _register("cuda", CupyBackend())
