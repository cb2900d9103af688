"""Tensors from data: copied (``tensor``), shared where possible (``as_tensor``, ``from_numpy``)."""
import ctypes
import warnings

import numpy as _np  # host-side construction; arrays move to the device backend after

from .. import dtypes as _dt
from ..autograd.grad_mode import SharedElementsVersionCounter
from ..device import to_device, CPU
from .._array_layout import keep_numpy_strides
from ..tensor import Tensor, wrap
from .._pydata import flat_floats
from .._host_data import check_strides, _host_array, check_byte_order, shares_elements, warn_if_read_only
from .._errors import user_stacklevel
from ._args import _finish, _type_name, check_pin_memory


_COPY_CONSTRUCT = ("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                   "sourceTensor.detach().clone().requires_grad_(True), rather than {}(sourceTensor).")


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor copying ``data`` (scalars, nested lists, NumPy arrays, Tensors).

    Python data follow PyTorch's rules for shape, dtype and errors (``_pydata``).
    """
    if pin_memory:
        check_pin_memory(pin_memory)
    if data.__class__ is list and requires_grad is False:
        # Fast path, fenced: a flat list of floats (a course Dataset's ``tensor([x[i]])``) skips the
        # general path's layers; ``copied_tensor`` gives the same tensor (a test checks they agree)
        arr = flat_floats(data, None if dtype is None else _dt.to_dtype(dtype))
        if arr is not None:
            return _finish(arr, to_device(device), False)
    return copied_tensor(data, dtype, device, requires_grad, "torch.tensor")


def copied_tensor(data, dtype, device, requires_grad, name):
    """``torch.tensor(data, ...)``; ``name``: the function the warning for a Tensor ``data`` names
    (``tensor.new_tensor`` too)."""
    if not isinstance(requires_grad, bool):
        raise TypeError(f"tensor(): argument 'requires_grad' must be bool, not {type(requires_grad).__name__}")
    dt = None if dtype is None else _dt.to_dtype(dtype)
    if isinstance(data, Tensor):
        warnings.warn(_COPY_CONSTRUCT.format(name), UserWarning, stacklevel=user_stacklevel())
        if device is None:
            device = data._device
    arr = _host_array(data, dt)
    out = _finish(arr, to_device(device), requires_grad)
    return keep_numpy_strides(out) if isinstance(data, _np.ndarray) else out


def _writable(array):
    """``array``'s memory, writable: PyTorch's tensor of a read-only array shares its memory and
    writes into it (undefined behaviour there, which it warns of). A read-only view of writable
    memory is made writable; other memory (a ``bytes`` object's) is addressed directly, the alias
    keeping ``array`` alive. An array whose elements share memory stays read-only, as an expanded
    tensor: PyTorch refuses in-place updates of it."""
    if array.flags.writeable or shares_elements(array):
        return array
    alias = array.view()
    try:
        alias.flags.writeable = True
    except ValueError:  # (NumPy will not: the memory's owner is read-only)
        if not array.size:
            return _np.empty(array.shape, array.dtype)
        span = sum((n - 1) * s for n, s in zip(array.shape, array.strides)) + array.itemsize
        memory = (ctypes.c_char * span).from_address(array.__array_interface__["data"][0])
        memory.owner = array
        alias = _np.ndarray(array.shape, array.dtype, memory, 0, array.strides)
    return alias


def _shared(array):
    """A CPU tensor of ``array``'s memory (``from_numpy``, ``as_tensor``)."""
    if not array.flags.writeable:
        warn_if_read_only(array)
        t = wrap(_writable(array), CPU)
    else:
        t = wrap(array, CPU)
    if 0 in array.strides:
        keep_numpy_strides(t)
        if shares_elements(array):  # (refused in-place updates, as an expanded tensor's)
            t._version_counter = SharedElementsVersionCounter(t._version_counter)
    return t


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
        check_byte_order(data)
        if dt is None or data.dtype == dt.np:
            return _shared(data)
        warn_if_read_only(data)
        return keep_numpy_strides(wrap(data.astype(dt.np), CPU))
    return tensor(data, dtype=dt, device=dev)


def from_numpy(ndarray):
    """A CPU tensor sharing memory with a NumPy array."""
    if not isinstance(ndarray, _np.ndarray):
        raise TypeError(f"expected np.ndarray (got {_type_name(ndarray)})")
    check_strides(ndarray)
    _dt.from_numpy_dtype(ndarray.dtype)
    check_byte_order(ndarray)
    return _shared(ndarray)


def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A 0-d tensor holding ``s`` (default float dtype)."""
    check_pin_memory(pin_memory)
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
    if not arr.flags.writeable:  # (a ``bytes`` object's memory: shared writable, as PyTorch's)
        warn_if_read_only(arr, "read-only buffer")
        arr = _writable(arr)
    return _finish(arr, CPU, requires_grad)
