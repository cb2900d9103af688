"""``minigrad.accelerator``: the device-agnostic questions PyTorch's recent tutorials ask
(``torch.accelerator.is_available()``, ``current_accelerator()``). minigrad's only accelerator
is CUDA through the CuPy backend, so each answer is ``minigrad.cuda``'s."""
from . import cuda as _cuda
from .device import device as _device

_NONE_AVAILABLE = "Cannot access accelerator device when none is available."


def is_available():
    """True when an accelerator (a CUDA device, through CuPy) can be used."""
    return _cuda.is_available()


def device_count():
    """The number of accelerator devices (0 on a machine without one)."""
    return _cuda.device_count()


def current_accelerator(check_available=False):
    """The accelerator's device type as a ``device`` (``device(type='cuda')``), or None when
    there is none (with ``check_available``, also when it cannot be used now)."""
    if not is_available():
        return None
    return _device("cuda")


def _require():
    if not is_available():
        raise RuntimeError(_NONE_AVAILABLE)


def current_device_index():
    """The index of the current accelerator device (RuntimeError when there is none)."""
    _require()
    return _cuda.current_device()


current_device_idx = current_device_index


def set_device_index(device):
    """Make ``device`` the current accelerator device: minigrad uses device 0 only."""
    _require()


set_device_idx = set_device_index


def synchronize(device=None):
    """Wait for the work queued on the accelerator (RuntimeError when there is none)."""
    _require()
    _cuda.synchronize(device)


def empty_cache():
    """Release the accelerator's cached memory (RuntimeError when there is none)."""
    _require()
    _cuda.empty_cache()


def memory_allocated(device_index=None):
    """Bytes held by tensors on the accelerator (RuntimeError when there is none)."""
    _require()
    return _cuda.memory_allocated(device_index)


def memory_reserved(device_index=None):
    """Bytes the accelerator's memory pool holds (RuntimeError when there is none)."""
    _require()
    return _cuda.memory_reserved(device_index)
