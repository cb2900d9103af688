"""Tensors filled with one value: zeros, ones, empty (zeros here), full, their ``_like`` forms, and eye."""
import numpy as _np  # host-side construction; arrays move to the device backend after

from .. import dtypes as _dt
from .._errors import check_complex_value, check_float_range, value_overflow, raise_for_allocation
from .._array_layout import laid_out_if_empty
from .._int_arguments import check_scalar_int
from ..device import to_device
from ..tensor import Tensor
from ._args import (_UNSET, _check_options, _finish, _float_dtype, _in_layout_of, _int_arg, _is_number, _like,
                    _shape_arg, _size, _type_name, check_pin_memory)


def _filled(shape, fill, dtype, device, requires_grad):
    dt = _float_dtype(dtype)
    if fill.__class__ is not int or not 0 <= fill <= 1:  # (0 and 1, of zeros and ones: every dtype holds them)
        fill = _checked_fill(dt, fill)
    dev = to_device(device)
    xp = dev._get_backend().xp
    try:  # (PyTorch's RuntimeError where the memory or the size runs out)
        # (NumPy's zeros is one C call, its full a Python function: a zeros call costs a tenth)
        arr = xp.zeros(shape, dt.np) if fill.__class__ is int and fill == 0 else xp.full(shape, fill, dt.np)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(laid_out_if_empty(xp, arr), dev, requires_grad)


def _checked_fill(dt, fill):
    """``fill`` as it is written into a tensor of dtype ``dt`` (a negative int wrapped around an unsigned
    dtype, a bool for bool), or PyTorch's error for a value the dtype cannot hold."""
    check_scalar_int(fill)
    fill = check_complex_value(dt, fill)
    if isinstance(fill, int) and dt.category == 1:
        info = _np.iinfo(dt.np)
        if dt.np.kind == "u" and -info.max <= fill < 0:
            fill += info.max + 1  # (PyTorch wraps a negative int around an unsigned dtype)
        elif not info.min <= fill <= info.max:
            raise value_overflow(dt.name)
    elif isinstance(fill, (float, _np.floating)) and dt.category == 1 and not _np.iinfo(dt.np).min <= fill \
            <= _np.iinfo(dt.np).max:  # (NaN too: PyTorch truncates only a float within the range)
        raise value_overflow(dt.name)
    check_float_range(dt.np, fill)
    return bool(fill) if dt.name == "bool" else fill


def zeros(*dims, size=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """A tensor of zeros; the size as ints, one sequence, or ``size=``."""
    _check_options("zeros", layout, pin_memory)
    try:
        shape = _size("zeros", dims, size)
    except RuntimeError:  # (a negative size: PyTorch's zeros checks it with a message of its own)
        raise RuntimeError("zeros: Dimension size must be non-negative.") from None
    return _filled(shape, 0, dtype, device, requires_grad)


def ones(*dims, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor of ones; the size as ints, one sequence, or ``size=``."""
    _check_options("ones", layout, pin_memory)
    return _filled(_size("ones", dims, size), 1, dtype, device, requires_grad)


def empty(*dims, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
          memory_format=None):
    """An uninitialised tensor (zeros here); the size as ints, one sequence, or ``size=``; laid out
    in ``memory_format`` (row-major or channels last)."""
    _check_options("empty", layout, pin_memory)
    made = _filled(_size("empty", dims, size), 0, dtype, device, requires_grad)
    if memory_format is not None:
        from ..ops.conversion import _check_memory_format  # (ops import the creation functions)
        from ..ops.layout import laid_out  # (likewise)
        _check_memory_format("empty", made, memory_format)
        if memory_format._name == "preserve_format":
            raise RuntimeError("unsupported memory format Preserve")
        made._data = laid_out(made._data, memory_format)
    return made


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """An uninitialised tensor (zeros here) of ``size`` laid out with ``stride`` (in elements) over a
    storage just large enough, as PyTorch's: ``stride()`` and ``is_contiguous()`` say what was asked."""
    check_pin_memory(pin_memory)
    shape = _shape_arg("empty_strided", size, 1)
    strides = _shape_arg("empty_strided", stride, 2, "stride")
    if len(strides) != len(shape):
        raise RuntimeError("mismatch in length of strides and shape")
    needed = 0 if 0 in shape else 1 + sum((n - 1) * s for n, s in zip(shape, strides))
    flat = _filled((needed,), 0, dtype, device, False)._data
    item = flat.itemsize
    view = to_device(device)._get_backend().xp.lib.stride_tricks.as_strided(
        flat, shape, tuple(s * item for s in strides))
    return _finish(view, to_device(device), requires_grad)


def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None, requires_grad=False,
                   pin_memory=False):
    """An uninitialised tensor (zeros here) of ``size`` whose dims lie in memory in the order
    ``physical_layout`` gives (outermost first), as PyTorch's: a contiguous tensor of the permuted
    size, permuted back."""
    check_pin_memory(pin_memory)
    shape = _shape_arg("empty_permuted", size, 1)
    order = _shape_arg("empty_permuted", physical_layout, 2, "physical_layout")
    if sorted(order) != list(range(len(shape))):
        raise RuntimeError(f"Dimension out of range (expected to be in range of [{-max(len(shape), 1)}, "
                           f"{max(len(shape), 1) - 1}], but got {max(order, default=0)})")
    physical = _filled(tuple(shape[d] for d in order), 0, dtype, device, False)._data
    return _finish(physical.transpose(tuple(order.index(d) for d in range(len(order)))), to_device(device),
                   requires_grad)


def full(size, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """A tensor filled with ``fill_value`` (dtype inferred from it: bool, int64 or default float)."""
    shape = _shape_arg("full", size, 1)
    _check_options("full", layout, pin_memory)
    if not (_is_number(fill_value) or isinstance(fill_value, complex)):
        raise TypeError(f"full(): argument 'fill_value' (position 2) must be Number, not {_type_name(fill_value)}")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    elif isinstance(fill_value, _np.bool_):  # (PyTorch's parser reads a NumPy bool as a float)
        fill_value = float(fill_value)
    if dtype is None:
        cat = _dt.scalar_category(fill_value)
        dtype = _dt.default_complex() if cat == 3 else (_dt.bool, _dt.int64, _dt.get_default_dtype())[cat]
    return _filled(shape, fill_value, dtype, device, requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
               pin_memory=False):
    """Zeros with input's shape (and dtype/device unless given)."""
    check_pin_memory(pin_memory)
    dt, dev = _like("zeros_like", input, dtype, device, memory_format)
    return _in_layout_of(input, lambda shape: _filled(shape, 0, dt, dev, False), requires_grad, memory_format)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
              pin_memory=False):
    """Ones with input's shape."""
    check_pin_memory(pin_memory)
    dt, dev = _like("ones_like", input, dtype, device, memory_format)
    return _in_layout_of(input, lambda shape: _filled(shape, 1, dt, dev, False), requires_grad, memory_format)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
               pin_memory=False):
    """An uninitialised tensor with input's shape (zeros here)."""
    check_pin_memory(pin_memory)
    dt, dev = _like("empty_like", input, dtype, device, memory_format)
    return _in_layout_of(input, lambda shape: _filled(shape, 0, dt, dev, False), requires_grad, memory_format)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
              pin_memory=False):
    """``fill_value`` everywhere, with input's shape."""
    check_pin_memory(pin_memory)
    dt, dev = _like("full_like", input, dtype, device, memory_format)
    if not (_is_number(fill_value) or isinstance(fill_value, complex)):
        raise TypeError(f"full_like(): argument 'fill_value' (position 2) must be Number, not "
                        f"{_type_name(fill_value)}")
    fill_value = fill_value.item() if isinstance(fill_value, Tensor) else fill_value
    return _in_layout_of(input, lambda shape: _filled(shape, fill_value, dt, dev, False), requires_grad,
                         memory_format)


def eye(n, m=_UNSET, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The n x m identity matrix (n x n without ``m``)."""
    check_pin_memory(pin_memory)
    n = _int_arg("eye", "n", 1, n)
    m = n if m is _UNSET else _int_arg("eye", "m", 2, m)
    for name, v in (("n", n), ("m", m)):
        if v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    try:  # (as in _filled)
        arr = _np.eye(n, m, dtype=_float_dtype(dtype).np)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(arr, to_device(device), requires_grad)
