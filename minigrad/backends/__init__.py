"""Array backends behind minigrad devices (+): NumPy for "cpu", CuPy for "cuda"."""
from .base import Backend
from .numpy_backend import NumpyBackend

numpy_backend = NumpyBackend()
_registry = {"cpu": numpy_backend}


_xp_by_array_type = {}  # array class -> array module, a cache for xp_of


def register(device_type, backend):
    """Make ``backend`` serve tensors whose device type is ``device_type``."""
    _registry[device_type] = backend
    _xp_by_array_type.clear()


def unregister(device_type):
    """Remove the backend of a device type (tests use this to restore the registry)."""
    _registry.pop(device_type, None)
    _xp_by_array_type.clear()


def xp_of(array):
    """The array module of a backend array (NumPy or CuPy), from the array's class."""
    xp = _xp_by_array_type.get(array.__class__)
    if xp is not None:
        return xp
    for backend in _registry.values():
        if isinstance(array, backend.array_type) or isinstance(array, backend.scalar_types):
            _xp_by_array_type[array.__class__] = backend.xp
            return backend.xp
    raise TypeError(f"not a backend array: {type(array).__name__}")


def get(device_type):
    """The backend for a device type; raises PyTorch's error type saying why if unavailable (see
    ``cupy_backend.unavailable_error``)."""
    backend = _registry.get(device_type)
    if backend is None:
        if device_type == "cuda":
            from . import cupy_backend  # noqa: F401  (registers itself when usable)
            backend = _registry.get("cuda")
            if backend is None:
                raise cupy_backend.unavailable_error()
        else:
            raise RuntimeError(f"unknown device type {device_type!r}; expected 'cpu' or 'cuda'")
    return backend


def for_module(xp):
    """The registered backend whose array module is ``xp`` (for ops that hold only ``ctx.xp``)."""
    for backend in _registry.values():
        if backend.xp is xp:
            return backend
    raise RuntimeError(f"no registered backend uses the array module {getattr(xp, '__name__', xp)!r}")


def all_backends():
    """The backends registered so far."""
    return dict(_registry)
