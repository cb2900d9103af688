"""Python data (nested lists/tuples and scalars) to a NumPy array, by PyTorch's rules.

``torch.tensor`` reads Python data in three passes, and so does this module,
so that the same data give the same array or the same exception:

1. shape: follow the first element down while it is a sequence (at most 128
   dimensions: a self-containing list stops there);
2. dtype (when none is given): every element, depth first; a str is a
   TypeError, a list that contains itself a TypeError, None or another
   object a RuntimeError ("Could not infer dtype of ...");
3. values: every element against the shape, converted to the dtype
   (a ragged list is a ValueError, an int outside int64 a ValueError,
   a float that an integer dtype cannot hold a RuntimeError).

Pass 3 checks whole innermost lists with C-speed set/min/max calls and looks
at elements one by one only for a list that holds something unusual.
"""
import math
import operator
import sys
import warnings

import numpy as _np  # host-side construction

from . import dtypes as _dt
from .tensor import Tensor

_FLOAT_SCALARS = {float: float, _np.float16: _dt.float16, _np.float32: _dt.float32, _np.float64: _dt.float64}
MAX_DIMS = 128  # PyTorch's limit on the dimensions of nested data
_SEQUENCES = (list, tuple, range, str, bytes, bytearray, _np.ndarray)
_NUMBERS = {float, int, bool}
_INT64 = (-2 ** 63, 2 ** 63 - 1)
_FLOAT_MAX = 2 ** 1024  # ints at or beyond this do not fit a double
LIST_OF_ARRAYS_WARNING = ("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider "
                          "converting the list to a single numpy.ndarray with numpy.array() before converting to a "
                          "tensor.")
_warned = {"list of arrays": False}  # PyTorch warns once per process


def _warn_list_of_arrays():
    if not _warned["list of arrays"]:
        _warned["list of arrays"] = True
        frame, level = sys._getframe(0), 1  # (the warning names the user's line, as PyTorch's does)
        while frame.f_back is not None and frame.f_globals.get("__name__", "").split(".")[0] == "minigrad":
            frame, level = frame.f_back, level + 1
        warnings.warn(LIST_OF_ARRAYS_WARNING, UserWarning, stacklevel=level)


def is_python_data(data):
    """True for what this module converts: anything but Tensors and NumPy or foreign arrays."""
    if data.__class__ is list:
        return True
    if isinstance(data, (Tensor, _np.ndarray, _np.generic)):
        return False
    return not any(hasattr(data, a) for a in ("__array__", "__array_interface__", "__cuda_array_interface__",
                                                "__dlpack__"))


def is_sequence(data):
    """True for the Python sequences nested data are made of (list, tuple, range, str, bytes, and
    any other object with Python's sequence protocol)."""
    return isinstance(data, _SEQUENCES) or _is_other_sequence(data)


def _is_other_sequence(x):
    """True for a sequence of another type (a deque, an ``array.array``, a class with ``__len__``
    and ``__getitem__``): PyTorch reads any object with Python's sequence protocol but a dict."""
    return hasattr(type(x), "__getitem__") and not isinstance(x, (dict, Tensor, _np.generic) + _SEQUENCES)


def _items(seq):
    """The elements of a sequence of another type, as a list (read by index, as PyTorch reads them)."""
    return [seq[i] for i in range(len(seq))]


def flat_floats(data, dtype=None):
    """``data`` as a 1-D host array where it is a non-empty list of floats of one type (Python's or
    one NumPy float type) and ``dtype`` is None or floating; None otherwise. The fast path of
    ``to_array`` (a course Dataset's ``tensor([x[i]])``): its three passes give the same array."""
    if not data or (dtype is not None and not dtype.is_floating_point):
        return None
    kind = data[0].__class__
    inferred = _FLOAT_SCALARS.get(kind)
    if inferred is None or (len(data) > 1 and not all(x.__class__ is kind for x in data)):
        return None
    if dtype is None:
        if inferred is not float:
            return _np.array(data)  # (NumPy keeps the scalars' own type, as PyTorch; faster than naming it)
        dtype = _dt.get_default_dtype()
    return _np.array(data, dtype=dtype.np)


def to_array(data, dtype=None):
    """A new host array holding ``data``, in ``dtype`` or the dtype PyTorch infers."""
    if data.__class__ is list:
        flat = flat_floats(data, dtype)  # (the fast path, fenced)
        if flat is not None:
            return flat
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    shape = _shape(data)
    if dtype is None:
        dtype = _infer_dtype(data)
    if 0 in shape:
        return _np.zeros(shape, dtype.np)  # PyTorch reads no values for an empty result
    if not shape:
        return _np.array(_scalar(data, dtype), dtype=dtype.np)
    return _np.array(_values(data, shape, 0, dtype), dtype=dtype.np)


# ---------------------------------------------------------------------- pass 1: shape
def _shape(data):
    shape = []
    seq = data
    while isinstance(seq, _SEQUENCES) or (type(seq) not in _NUMBERS and _is_other_sequence(seq)):
        if isinstance(seq, _np.ndarray) and seq.ndim == 0:
            raise TypeError("len() of unsized object")
        shape.append(len(seq))
        if len(shape) > MAX_DIMS:
            raise ValueError(f"too many dimensions '{type(seq).__name__}'")
        if not shape[-1]:
            break
        if isinstance(seq, str):  # a character is a str of one character: the loop never ends
            raise ValueError("too many dimensions 'str'")
        seq = seq[0]
    return tuple(shape)


# ---------------------------------------------------------------------- pass 2: dtype
def _scalar_dtype(x):
    """The dtype a non-sequence element implies (or raise PyTorch's error for it)."""
    t = type(x)
    if t is float:
        return _dt.get_default_dtype()
    if t is bool:
        return _dt.bool
    if t is int:
        return _dt.int64
    if isinstance(x, Tensor):
        return x.dtype
    if isinstance(x, (_np.generic, _np.ndarray)):
        return _dt.from_numpy_dtype(x.dtype)
    if isinstance(x, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{t.__name__}'")
    if isinstance(x, float):  # float subclasses
        return _dt.get_default_dtype()
    if isinstance(x, bool):
        return _dt.bool
    if isinstance(x, int):
        return _dt.int64
    if isinstance(x, complex):
        return _dt.default_complex()
    raise RuntimeError(f"Could not infer dtype of {t.__name__}")


def _infer_dtype(data):
    """PyTorch's dtype for ``data``: depth first, the first offending element raises."""
    if _is_other_sequence(data):
        data = _items(data)
    if not isinstance(data, _SEQUENCES) or isinstance(data, _np.ndarray):
        return _scalar_dtype(data)
    found = None
    # A stack of (sequence, iterator over it); ``open_ids`` holds the sequences being walked.
    stack = [(data, iter(data))]
    open_ids = {id(data)}
    while stack:
        seq, items = stack[-1]
        for x in items:
            t = type(x)
            if t in _NUMBERS:
                d = _dt.int64 if t is int else _dt.bool if t is bool else _dt.get_default_dtype()
            elif (isinstance(x, _SEQUENCES) and not isinstance(x, (str, bytes, _np.ndarray))
                  or _is_other_sequence(x)):
                if id(x) in open_ids:  # PyTorch checks only x is seq, then recurses forever on longer cycles
                    raise TypeError("new(): self-referential lists are incompatible")
                if len(x) == 0:
                    d = _dt.get_default_dtype()  # an empty list counts as a float, as in PyTorch
                else:
                    stack.append((x, iter(x if isinstance(x, _SEQUENCES) else _items(x))))
                    open_ids.add(id(x))
                    break
            else:
                d = _scalar_dtype(x)
            found = d if found is None else _dt.promote_types(found, d)
        else:
            stack.pop()
            open_ids.discard(id(seq))
    return _dt.get_default_dtype() if found is None else found


# ---------------------------------------------------------------------- pass 3: values
def _values(seq, shape, dim, dtype):
    """``seq`` as nested lists of plain Python numbers, checked against ``shape[dim:]``."""
    if not isinstance(seq, _SEQUENCES):
        if not _is_other_sequence(seq):
            raise TypeError("not a sequence")
        seq = _items(seq)
    if isinstance(seq, _np.ndarray):
        _warn_list_of_arrays()
        seq = seq.tolist()
    n = len(seq)
    if n != shape[dim]:
        raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {n})")
    if dim + 1 < len(shape):
        return [_values(x, shape, dim + 1, dtype) for x in seq]
    if isinstance(seq, (list, tuple)) and _plain_and_in_range(seq, dtype):
        return seq  # the common case: NumPy converts it exactly as PyTorch would
    return [_scalar(x, dtype) for x in seq]


def _plain_and_in_range(seq, dtype):
    """True when every element is a Python float/int/bool that converts to ``dtype`` without error."""
    kinds = set(map(type, seq))
    if not kinds <= _NUMBERS:
        return False
    if dtype.category == 0:  # bool: anything nonzero is True, but NumPy refuses huge ints
        return int not in kinds or _ints_within(seq, _INT64)
    if dtype.category >= 2:
        return int not in kinds or _ints_within(seq, (-_FLOAT_MAX + 1, _FLOAT_MAX - 1))
    low, high = (0, 255) if dtype is _dt.uint8 else _int_range(dtype)
    if int in kinds and not _ints_within(seq, (low, high)):
        return False
    if float in kinds:
        floats = [x for x in seq if type(x) is float]
        return all(low <= x <= high for x in floats)  # (False for NaN)
    return True


def _ints_within(seq, bounds):
    ints = [x for x in seq if type(x) is int]
    return bounds[0] <= min(ints) and max(ints) <= bounds[1]


def _int_range(dtype):
    info = _np.iinfo(dtype.np)
    return int(info.min), int(info.max)


def _scalar(x, dtype):
    """One element converted to a Python value for ``dtype``, or PyTorch's error for it."""
    if isinstance(x, Tensor):
        if x.numel() != 1:
            if dtype.category >= 2:
                raise ValueError("only one element tensors can be converted to Python scalars")
            raise TypeError("only integer tensors of a single element can be converted to an index")
        if dtype.category < 2 and x.dtype.category >= 2:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        x = x.item()
    elif isinstance(x, _np.ndarray):
        _warn_list_of_arrays()
        if x.ndim:
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        x = x.item()
    elif isinstance(x, _np.generic):
        if dtype.category < 2 and x.dtype.kind in "fc" and not (x.dtype.kind == "f" and isinstance(x, float)):
            # (numpy.float64 is a Python float, which PyTorch reads as one; numpy.float32 is not)
            raise TypeError(f"'{type(x).__module__}.{type(x).__name__}' object cannot be interpreted as an integer")
        x = x.item()
    if dtype.category == 3:
        if isinstance(x, (complex, float, int)) or hasattr(type(x), "__complex__"):
            return complex(x)
        raise TypeError(f"must be real number, not {type(x).__name__}")
    if dtype.category == 2:
        if not isinstance(x, (float, int)) and not hasattr(type(x), "__float__") \
                and not hasattr(type(x), "__index__"):
            raise TypeError(f"must be real number, not {type(x).__name__}")
        return float(x)  # (OverflowError for an int beyond a double, as PyTorch)
    if isinstance(x, complex) and dtype.category == 0:
        return x != 0  # (a bool of a complex number: whether it is nonzero)
    if isinstance(x, float):
        if dtype.category == 0:
            return x != 0.0  # NaN is True
        low, high = (0, 255) if dtype is _dt.uint8 else _int_range(dtype)
        if not (math.isfinite(x) and low <= x <= high) and not (dtype is _dt.int64 and x == 2.0 ** 63):
            raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")
        return int(x) if x != 2.0 ** 63 else -2 ** 63  # (2**63 wraps, as PyTorch's C cast does)
    try:
        value = operator.index(x)
    except TypeError:
        name = type(x).__name__ if type(x).__module__ == "builtins" else f"{type(x).__module__}.{type(x).__name__}"
        raise TypeError(f"'{name}' object cannot be interpreted as an integer") from None
    if dtype.category == 0:
        return value != 0  # (beyond int64 too: True, as PyTorch)
    if not _INT64[0] <= value <= _INT64[1]:
        raise ValueError("Overflow when unpacking long long")
    low, high = _int_range(dtype)
    if dtype.np.kind == "u" and value < 0:
        if dtype is _dt.uint64:  # (PyTorch reads it as a C unsigned long long)
            raise OverflowError("can't convert negative int to unsigned")
        if value >= -high:
            return value + high + 1  # negative values wrap, as PyTorch allows for unsigned dtypes
    if not low <= value <= high:
        raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")
    return value
