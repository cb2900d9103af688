"""Any data (Python data, Tensors, NumPy arrays and scalars, foreign arrays) as a fresh host
NumPy array, with PyTorch's dtype inference (``torch.tensor``'s, ``torch.as_tensor``'s reading)."""
import numpy as _np

from . import dtypes as _dt, _pydata
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


def _host_array(data, dtype=None):
    """A fresh host NumPy array from ``data``, with PyTorch's dtype inference.

    Python data (nested lists, scalars) follow ``torch.tensor``'s rules (``_pydata``); Tensors,
    NumPy arrays and scalars, and foreign arrays keep their dtype unless ``dtype`` is given.
    """
    if _pydata.is_python_data(data):
        return _pydata.to_array(data, dtype)
    if isinstance(data, Tensor):
        arr = data._device._get_backend().to_numpy(data._data)
        return _np.array(arr, dtype=None if dtype is None else dtype.np)
    if isinstance(data, (_np.ndarray, _np.generic)):
        check_strides(data)
        inferred = _dt.from_numpy_dtype(_np.asarray(data).dtype)  # (refused even where dtype is given, as PyTorch)
        return _np.array(data, dtype=(inferred if dtype is None else dtype).np)
    return _host_array(_np.array(_foreign_to_numpy(data)), dtype)
