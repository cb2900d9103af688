"""PyTorch's device error classes (``torch.OutOfMemoryError``, the same class as
``torch.cuda.OutOfMemoryError``, and ``torch.AcceleratorError``), the RuntimeError of a failed host
allocation, the error of a number that does not fit a tensor's dtype, which many ops raise, and
the ``stacklevel`` that points a warning at the user's line, and PyTorch's warning for complex
values cast to a real dtype."""
import math
import os
import sys
import warnings

import numpy as _np  # (a host-side check of Python numbers against a dtype's range)


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def user_stacklevel():
    """The ``stacklevel`` for ``warnings.warn`` in the calling function that names the innermost
    line outside minigrad, as PyTorch's warnings name the line that called the op, whatever the
    path (function, method, wrapper) the call took inside minigrad."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


_warned_complex_cast = []  # PyTorch warns once per process


def discard_imaginary(array, np_dtype):
    """``array`` ready to be cast to ``np_dtype``: a complex array's real part where ``np_dtype`` is
    real, with PyTorch's warning (once per process) that the imaginary part is lost; otherwise
    ``array`` itself (a bool cast reads whether each value is nonzero, without a warning)."""
    if array.dtype.kind != "c" or np_dtype.kind in "cb":
        return array
    if not _warned_complex_cast:
        _warned_complex_cast.append(True)
        warnings.warn("Casting complex values to real discards the imaginary part", UserWarning,
                      stacklevel=user_stacklevel())
    return array.real


class OutOfMemoryError(RuntimeError):
    """A device ran out of memory."""


class AcceleratorError(RuntimeError):
    """An error reported by the accelerator's runtime."""


class CPUAllocationError(RuntimeError, MemoryError):
    """The host could not allocate a tensor's memory: PyTorch's RuntimeError (and still the
    MemoryError that Python code may catch)."""


def raise_for_allocation(error):
    """Raise PyTorch's error for NumPy's ``error`` caught around an allocation (see
    ``allocation_failure``), or ``error`` itself where it is another error."""
    failure = allocation_failure(error)
    if failure is None:
        raise error
    raise failure from None


INT64_MAX = 2 ** 63 - 1  # (the most elements or bytes PyTorch's sizes count)


def check_storage_size(shape, itemsize):
    """PyTorch's RuntimeError for a tensor of ``shape`` whose bytes an int64 cannot count, raised before
    NumPy is asked (which fails with other errors there, or fills memory for long before failing)."""
    if math.prod(shape) * itemsize > INT64_MAX:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}")


def allocation_failure(error):
    """PyTorch's error for NumPy's ``error`` raised while allocating: its RuntimeError naming the bytes
    asked for (for NumPy's MemoryError), or for a size beyond what an index can count (NumPy's
    ValueError "array is too big"); None for any other error, to be raised as it is."""
    if isinstance(error, MemoryError):
        shape, dtype = getattr(error, "shape", None), getattr(error, "dtype", None)
        asked = f" you tried to allocate {math.prod(shape) * dtype.itemsize} bytes." if shape is not None \
            and dtype is not None else ""
        return CPUAllocationError(f"DefaultCPUAllocator: can't allocate memory:{asked}")
    if isinstance(error, ValueError) and ("array is too big" in str(error)
                                          or "maximum supported dimension" in str(error)):
        return RuntimeError("Storage size calculation overflowed: the tensor's size does not fit an int64")
    return None


#: the C++ scalar types PyTorch's conversion errors name, by dtype name
C_SCALAR_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
                  "int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t", "uint8": "uint8_t",
                  "uint16": "uint16_t", "uint32": "uint32_t", "uint64": "uint64_t",
                  "bool": "bool", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def check_failed(condition):
    """PyTorch's RuntimeError for an internal check ``condition`` (its C++ text) that an argument failed:
    TORCH_CHECK's message without one of its own."""
    return RuntimeError(f"Expected {condition} to be true, but got false.  (Could this error message be improved?  "
                        "If so, please report an enhancement request to PyTorch.)")


def value_overflow(dtype_name):
    """PyTorch's RuntimeError for a number (a NaN into an integer, a complex into a real type, one
    beyond the range) written into a tensor of dtype ``dtype_name`` (e.g. ``"int32"``)."""
    return RuntimeError(f"value cannot be converted to type {C_SCALAR_NAMES.get(dtype_name, dtype_name)} "
                        "without overflow")


# the largest finite float16 and float32, as Python floats: PyTorch compares in double (a NumPy float32
# would round the number to float32 first, letting 3.4028235e38 through); finfo costs a microsecond a call
_FLOAT_MAX = {_np.dtype(t): float(_np.finfo(t).max) for t in (_np.float16, _np.float32)}


def check_float_range(np_dtype, x):
    """PyTorch's error for a finite real number beyond the range of a float32 or float16 tensor's dtype
    given as a fill value or a bound (``fill_``, ``full``, ``masked_fill``, ``clamp``); inf and NaN fit."""
    if np_dtype.kind == "f" and np_dtype.itemsize < 8 and isinstance(x, (float, int)) \
            and abs(x) > _FLOAT_MAX[np_dtype] and abs(x) != math.inf:
        raise value_overflow(np_dtype.name)


def check_complex_value(dtype, value, c_type=None):
    """``value`` (a number or a 0-d Tensor) as written into a tensor of ``dtype``: where that is
    neither complex nor bool, a complex value's real part, or PyTorch's error for one whose
    imaginary part is not zero (``c_type``: the type the message names, where not ``dtype``'s)."""
    if dtype.is_complex or dtype.name == "bool":
        return value
    if isinstance(value, (complex, _np.complexfloating)):
        imag = value.imag
    elif getattr(getattr(value, "dtype", None), "is_complex", False):
        imag = value.imag.item()
    else:
        return value
    if imag != 0:
        raise value_overflow(c_type or dtype.name)
    return value.real
