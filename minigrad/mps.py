"""``minigrad.mps``: Apple's Metal backend, which minigrad does not have. It answers as
PyTorch's does on a machine without MPS: seeding is ignored, and the calls that need the
device raise RuntimeError."""


def is_available():
    """False: minigrad runs on the CPU (NumPy) or CUDA (CuPy)."""
    return False


def device_count():
    """0: no Metal devices."""
    return 0


def manual_seed(seed):
    """Nothing to seed without Metal devices (PyTorch ignores the call there too)."""


def _unavailable(what):
    raise RuntimeError(f"Cannot execute {what}() without MPS backend.")


def seed():
    """RuntimeError: there is no Metal generator to seed randomly."""
    _unavailable("getDefaultGenerator")


def synchronize():
    """RuntimeError: there is no Metal device to wait for."""
    _unavailable("deviceSynchronize")


def empty_cache():
    """RuntimeError: there is no Metal memory cache."""
    _unavailable("emptyCache")
