"""``minigrad.xpu``: Intel GPUs, which minigrad does not drive. Availability questions answer
no; seeding does nothing, as PyTorch's does without an XPU."""


def is_available():
    """False: minigrad runs on the CPU (NumPy) or CUDA (CuPy)."""
    return False


def device_count():
    """0: no XPU devices."""
    return 0


def manual_seed(seed):
    """Nothing to seed without XPU devices (PyTorch ignores the call there too)."""


manual_seed_all = manual_seed


def synchronize(device=None):
    """AssertionError, as PyTorch's without XPU support: there is no device to wait for."""
    raise AssertionError("minigrad has no XPU backend")


def empty_cache():
    """Nothing is cached without XPU devices."""
