"""Fixtures for the backend tests: the strict CuPy stand-in registered as "cuda"."""
import pytest

from minigrad import backends
from minigrad.device import device

from .strict_backend import StrictBackend


def _reset_cuda_devices():
    for d in device._cache.values():
        if d.type == "cuda":
            d.backend = None  # looked up again from the registry on next use


@pytest.fixture
def strict():
    """A fresh StrictBackend serving device "cuda"; the registry and device cache are restored after."""
    saved_registry = dict(backends._registry)
    saved_cache = dict(device._cache)
    backend = StrictBackend(seed=0)
    backends.register("cuda", backend)
    _reset_cuda_devices()
    try:
        yield backend
    finally:
        backends._registry.clear()
        backends._registry.update(saved_registry)
        backends._xp_by_array_type.clear()
        _reset_cuda_devices()
        device._cache.clear()
        device._cache.update(saved_cache)
