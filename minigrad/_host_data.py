"""Any data (Python data, Tensors, NumPy arrays and scalars, foreign arrays) as a fresh host
NumPy array, with PyTorch's dtype inference (``torch.tensor``'s, ``torch.as_tensor``'s reading)."""
import warnings

import numpy as _np

from . import dtypes as _dt, _pydata
from ._errors import discard_imaginary, user_stacklevel
from .autograd.grad_mode import shares_elements
from .tensor import Tensor


def _foreign_to_numpy(obj):
    """NumPy array from a foreign array (torch tensor, CuPy array...) via its protocols."""
    if hasattr(obj, "detach") and hasattr(obj, "cpu") and hasattr(obj, "numpy"):
        return obj.detach().cpu().numpy()  # a torch tensor, without importing torch
    if hasattr(obj, "get") and hasattr(obj, "__cuda_array_interface__"):
        return obj.get()  # a CuPy array
    if hasattr(obj, "__array__") or hasattr(obj, "__array_interface__"):
        return _np.asarray(obj)
    if hasattr(obj, "__dlpack__"):
        return _np.from_dlpack(obj)
    return None


def check_strides(arr):
    """Raise PyTorch's error for NumPy arrays with negative strides (e.g. ``a[::-1]``)."""
    if any(s < 0 for s in getattr(arr, "strides", ())):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a "
                         "copy of your array  with array.copy().) ")


def check_byte_order(arr):
    """Raise PyTorch's error for a NumPy array stored in the other byte order (``dtype(">f4")``), which
    PyTorch does not take as an array (a list of them it converts element by element)."""
    if not arr.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte order. Conversion between "
                         "byte orders is currently not supported.")


_NOT_WRITABLE = ("The given {what} is not writable, and PyTorch does not support non-writable tensors. This means {means}. "
                 "You may want to copy the {short} to protect its data or make it writable before converting it to a "
                 "tensor. This type of warning will be suppressed for the rest of this program.")
READ_ONLY_WARNINGS = {
    "read-only array": _NOT_WRITABLE.format(what="NumPy array", short="array",
                                            means="writing to this tensor will result in undefined behavior"),
    "read-only buffer": _NOT_WRITABLE.format(what="buffer", short="buffer", means="you can write to the underlying "
                                             "(supposedly non-writable) buffer using the tensor"),
}
_warned = dict.fromkeys(READ_ONLY_WARNINGS, False)  # PyTorch warns once per process


def warn_if_read_only(array, kind="read-only array"):
    """PyTorch's warning, once per process, for a tensor made from a NumPy array that is not
    writable (by ``from_numpy``, ``as_tensor`` and ``Tensor``, not by ``tensor``), or over a
    read-only buffer (``frombuffer`` of ``bytes``: ``kind`` "read-only buffer")."""
    if not array.flags.writeable and not _warned[kind]:
        _warned[kind] = True
        warnings.warn(READ_ONLY_WARNINGS[kind], UserWarning, stacklevel=user_stacklevel())


def _host_array(data, dtype=None):
    """A fresh host NumPy array from ``data``, with PyTorch's dtype inference.

    Python data (nested lists, scalars) follow ``torch.tensor``'s rules (``_pydata``); Tensors,
    NumPy arrays and scalars, and foreign arrays keep their dtype unless ``dtype`` is given.
    """
    if _pydata.is_python_data(data):
        return _pydata.to_array(data, dtype)
    if isinstance(data, Tensor):
        arr = data._device._get_backend().to_numpy(data._data)
        if dtype is not None:
            arr = discard_imaginary(arr, dtype.np)
        return _np.array(arr, dtype=None if dtype is None else dtype.np)
    if isinstance(data, (_np.ndarray, _np.generic)):
        check_strides(data)
        inferred = _dt.from_numpy_dtype(_np.asarray(data).dtype)  # (refused even where dtype is given, as PyTorch)
        check_byte_order(data)
        # (a copy in memory order, as NumPy's; row-major where elements share memory, as PyTorch's)
        order = "C" if isinstance(data, _np.ndarray) and shares_elements(data) else "K"
        return _np.array(data, dtype=(inferred if dtype is None else dtype).np, order=order)
    return _host_array(_np.array(_foreign_to_numpy(data)), dtype)
