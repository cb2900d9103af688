"""``minigrad.cuda``: CUDA availability through the CuPy backend."""
from ..backends import cupy_backend as _cb
from .._errors import OutOfMemoryError  # noqa: F401  (torch.cuda.OutOfMemoryError is torch.OutOfMemoryError)


def is_available():
    """True when CuPy and at least one CUDA device are present."""
    return _cb.device_count() > 0


def device_count():
    """Number of CUDA devices (0 without CuPy)."""
    return _cb.device_count()


def get_device_name(device=None):
    """The name of a CUDA device."""
    _require()
    import cupy
    idx = 0 if device is None else (device if isinstance(device, int) else (getattr(device, "index", 0) or 0))
    props = cupy.cuda.runtime.getDeviceProperties(idx)
    name = props["name"]
    return name.decode() if isinstance(name, bytes) else name


def manual_seed(seed):
    """Seed the CUDA backend's generator."""
    if is_available():
        from ..backends import get
        get("cuda").seed(int(seed) % (2 ** 32))


manual_seed_all = manual_seed


def synchronize(device=None):
    """Wait for queued CUDA work (without CUDA, PyTorch's error: see ``_require``)."""
    _require()
    from ..backends import get
    get("cuda").synchronize()


def current_device():
    """Index of the current CUDA device: minigrad uses device 0 (without CUDA, PyTorch's error)."""
    _require()
    return 0


def is_bf16_supported(including_emulation=True):
    """False: minigrad has no bfloat16 dtype on any device (PyTorch's CPU build answers False too),
    so programs that pick bfloat16 when this is True take their float16 or float32 path."""
    return False


def is_tf32_supported():
    """False: minigrad computes float32 matmuls in float32 (TensorFloat-32 is a CUDA kernel mode)."""
    return False


def _require():
    """Raise what PyTorch raises for a CUDA call where CUDA is unavailable (see
    ``cupy_backend.unavailable_error``)."""
    if not is_available():
        raise _cb.unavailable_error()


def empty_cache():
    """Release the cached blocks of CuPy's memory pool (nothing to do without CUDA)."""
    if is_available():
        import cupy
        cupy.get_default_memory_pool().free_all_blocks()


def memory_allocated(device=None):
    """Bytes held by tensors on the CUDA device (0 without CUDA)."""
    if not is_available():
        return 0
    import cupy
    return cupy.get_default_memory_pool().used_bytes()


def memory_reserved(device=None):
    """Bytes the CUDA memory pool holds, in use or cached (0 without CUDA)."""
    if not is_available():
        return 0
    import cupy
    return cupy.get_default_memory_pool().total_bytes()


def max_memory_allocated(device=None):
    """Peak bytes held by tensors on the CUDA device (0 without CUDA). CuPy does not record a
    peak: this is what its memory pool holds, which bounds the peak from above until
    ``empty_cache`` releases blocks."""
    return memory_reserved(device)


def max_memory_reserved(device=None):
    """Peak bytes the CUDA memory pool has held (0 without CUDA; see ``max_memory_allocated``)."""
    return memory_reserved(device)


from . import amp  # noqa: E402,F401  (uses is_available above)
