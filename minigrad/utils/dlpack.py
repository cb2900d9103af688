"""``minigrad.utils.dlpack``: exchanging tensors with other array libraries through DLPack
(NumPy's and CuPy's ``from_dlpack`` do the work; no data is copied)."""
import enum

from ..tensor import Tensor, wrap
from ..device import CPU, to_device

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]


class DLDeviceType(enum.IntEnum):
    """DLPack's device codes."""
    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17


class _Capsule:
    """A DLPack capsule presented as an exporter, so that ``from_dlpack`` takes either."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (DLDeviceType.kDLCPU, 0)


def to_dlpack(tensor):
    """A DLPack capsule sharing ``tensor``'s memory (to be consumed once by ``from_dlpack``)."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"_to_dlpack(): argument 'data' (position 1) must be Tensor, not {type(tensor).__name__}")
    try:  # a versioned capsule: NumPy makes read-only arrays of the older kind
        return tensor._data.__dlpack__(max_version=(1, 0))
    except TypeError:
        return tensor._data.__dlpack__()


def from_dlpack(ext_tensor, *, device=None, copy=None):
    """A tensor sharing memory with ``ext_tensor``: an object with ``__dlpack__`` (a NumPy or CuPy
    array, a Tensor of another library) or a capsule from ``to_dlpack``."""
    if isinstance(ext_tensor, Tensor):
        return ext_tensor if device is None else ext_tensor.to(device, copy=bool(copy))
    if not hasattr(ext_tensor, "__dlpack__"):
        if type(ext_tensor).__name__ != "PyCapsule":
            raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor capsules can be "
                               "consumed only once, so you might have already constructed a tensor from it once.")
        ext_tensor = _Capsule(ext_tensor)
    kind, index = ext_tensor.__dlpack_device__()
    dev = CPU if kind == DLDeviceType.kDLCPU else to_device(f"cuda:{index}")
    arr = dev._get_backend().xp.from_dlpack(ext_tensor)
    out = wrap(arr, dev)
    if copy:
        out = out.clone()
    return out if device is None else out.to(device)
