"""Tensors from data: copied (``tensor``), shared where possible (``as_tensor``, ``from_numpy``)."""
import warnings

import numpy as _np  # host-side construction; arrays move to the device backend after

from .. import dtypes as _dt
from ..device import to_device, CPU
from .._tensor_metadata import keep_numpy_strides
from ..tensor import Tensor, wrap, _host_array, check_strides
from ._args import _finish


_NOT_WRITABLE = ("The given {} is not writable, and PyTorch does not support non-writable tensors. This means {}. "
                 "You may want to copy the {} to protect its data or make it writable before converting it to a "
                 "tensor. This type of warning will be suppressed for the rest of this program.")
_ARRAY_NOT_WRITABLE = _NOT_WRITABLE.format("NumPy array", "writing to this tensor will result in undefined behavior",
                                           "array")
_BUFFER_NOT_WRITABLE = _NOT_WRITABLE.format("buffer", "you can write to the underlying (supposedly non-writable) "
                                            "buffer using the tensor", "buffer")
_warned = set()  # the messages given: each once per process, as PyTorch's TORCH_WARN_ONCE


class _Memory:
    """Another array's memory, described without its read-only flag (``_writable``)."""

    def __init__(self, arr):
        self.__array_interface__ = dict(arr.__array_interface__, data=(arr.__array_interface__["data"][0], False))
        self.base = arr  # (keeps the memory alive)


def _writable(arr, message):
    """``arr``'s memory as a writable array, as PyTorch shares a read-only array or buffer: writes go
    through to it (undefined where the memory itself is read-only, which PyTorch warns of once). An
    expanded array (a zero stride) stays read-only, without the warning: minigrad refuses in-place
    writes to it, as PyTorch refuses them to an expanded tensor."""
    if arr.flags.writeable or any(s == 0 for s, n in zip(arr.strides, arr.shape) if n > 1):
        return arr
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, UserWarning, stacklevel=3)
    return arr if arr.size == 0 else _np.asarray(_Memory(arr))


_COPY_CONSTRUCT = ("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                   "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).")


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor copying ``data`` (scalars, nested lists, NumPy arrays, Tensors).

    Python data follow PyTorch's rules for shape, dtype and errors (``_pydata``).
    """
    if not isinstance(requires_grad, bool):
        raise TypeError(f"tensor(): argument 'requires_grad' must be bool, not {type(requires_grad).__name__}")
    dt = None if dtype is None else _dt.to_dtype(dtype)
    if isinstance(data, Tensor):
        warnings.warn(_COPY_CONSTRUCT, UserWarning, stacklevel=2)
        if device is None:
            device = data._device
    arr = _host_array(data, dt)
    out = _finish(arr, to_device(device), requires_grad)
    return keep_numpy_strides(out) if isinstance(data, _np.ndarray) else out


def as_tensor(data, dtype=None, device=None):
    """A tensor sharing memory with ``data`` where possible (NumPy arrays, Tensors)."""
    dt = None if dtype is None else _dt.to_dtype(dtype)
    dev = to_device(device) if device is not None else None
    if isinstance(data, Tensor):
        out = data
        if dt is not None and out.dtype is not dt:
            out = out.to(dt)
        if dev is not None and out._device != dev:
            out = out.to(dev)
        return out
    if isinstance(data, _np.ndarray) and (dev is None or dev.type == "cpu"):
        check_strides(data)
        _dt.from_numpy_dtype(data.dtype)  # (refused even where dtype is given, as PyTorch)
        if dt is None or data.dtype == dt.np:
            data = _writable(data, _ARRAY_NOT_WRITABLE)
        else:
            data = data.astype(dt.np)
        return keep_numpy_strides(wrap(data, CPU))
    return tensor(data, dtype=dt, device=dev)


def from_numpy(ndarray):
    """A CPU tensor sharing memory with a NumPy array."""
    if not isinstance(ndarray, _np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    check_strides(ndarray)
    _dt.from_numpy_dtype(ndarray.dtype)
    return keep_numpy_strides(wrap(_writable(ndarray, _ARRAY_NOT_WRITABLE), CPU))


def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A 0-d tensor holding ``s`` (default float dtype)."""
    if isinstance(s, (str, bytes)) or not hasattr(type(s), "__float__") and not hasattr(type(s), "__complex__"):
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not {type(s).__name__}")
    return tensor(float(s) if dtype is None else s, dtype=dtype, device=device, requires_grad=requires_grad)


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D CPU tensor sharing memory with an object of the buffer protocol (``bytearray``,
    ``array.array``...): ``count`` elements of ``dtype`` (all that fit: -1) from byte ``offset``."""
    dt = _dt.to_dtype(dtype)
    try:
        raw = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length = raw.nbytes
    if length == 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if offset < 0 or offset >= length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({length} bytes) minus 1")
    size = dt.itemsize
    if count < 0:
        if (length - offset) % size:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({size})")
        count = (length - offset) // size
    elif offset + count * size > length:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset ({offset} bytes) must not "
                         f"be greater than actual buffer length ({length} bytes)")
    arr = _np.frombuffer(raw.cast("B") if raw.ndim != 1 or raw.format != "B" else raw, dtype=dt.np,
                         count=count, offset=offset)
    return _finish(_writable(arr, _BUFFER_NOT_WRITABLE), CPU, requires_grad)
