"""Argument checks the creation functions share, with PyTorch's messages; and ``_finish``, which
wraps a new array as a leaf on its device."""
import numpy as _np  # host-side checks of Python and NumPy numbers

from .. import dtypes as _dt, layouts as _layouts
from .._int_arguments import check_scalar_int, later_bool
from ..device import to_device, CPU
from ..random import in_memory_order
from ..tensor import Tensor, wrap


class _Unset:
    """The default of an argument whose absence matters: ``arange(4, step=2)`` and ``eye(2, None)`` are
    refused."""

    def __repr__(self):
        return "<unset>"


_UNSET = _Unset()


def _finish(arr, dev, requires_grad):
    """Wrap a host or device array as a leaf on ``dev``."""
    if dev is not CPU and dev.type != "cpu" and not isinstance(arr, dev._get_backend().array_type):
        arr = dev._get_backend().asarray(arr)
    t = wrap(arr, dev)
    if requires_grad:
        if requires_grad.__class__ is not bool:  # (PyTorch's parser takes only a bool: ``requires_grad=1`` is refused)
            raise TypeError(f"argument 'requires_grad' must be bool, not {type(requires_grad).__name__}")
        t._require_grad_as_created()
    return t


def _type_name(x):
    """The type's name as PyTorch's messages print it (``float``, ``Tensor``, ``numpy.ndarray``)."""
    t = type(x)
    return f"numpy.{t.__name__}" if t.__module__ == "numpy" else t.__name__


def _is_int(x):
    """An int argument as PyTorch accepts one: int, NumPy integer, or a 0-d integer Tensor (never a bool)."""
    if isinstance(x, Tensor):
        return x.numel() == 1 and x.dtype.category == 1
    return isinstance(x, (int, _np.integer)) and not isinstance(x, (bool, _np.bool_))


def _where(name, position):
    """How PyTorch's messages name an argument: with its position, or without one where it came by name."""
    return f"'{name}'" if position is None else f"'{name}' (position {position})"


def _int_arg(fn, name, position, x):
    """``x`` as an int, or PyTorch's TypeError naming the argument (``position`` None: given by name)."""
    if not _is_int(x):
        raise TypeError(f"{fn}(): argument {_where(name, position)} must be int, not {_type_name(x)}")
    return int(x)


def _check_options(fn, layout, pin_memory):
    """PyTorch's TypeError for a factory's ``layout`` that is not a layout or ``pin_memory`` that is not
    a bool."""
    if layout is not None and not isinstance(layout, type(_layouts.strided)):
        raise TypeError(f"{fn}(): argument 'layout' must be torch.layout, not {type(layout).__name__}")
    if pin_memory is not None and pin_memory.__class__ is not bool:
        raise TypeError(f"{fn}(): argument 'pin_memory' must be bool, not {_type_name(pin_memory)}")
    check_pin_memory(pin_memory)


def check_pin_memory(pin_memory):
    """PyTorch's RuntimeError for a factory's ``pin_memory=True`` where no GPU is available: there is no
    page-locked memory to allocate then (with CuPy, minigrad's host memory stands in for it)."""
    if pin_memory:
        from ..cuda import is_available  # (the cuda module imports the creation functions)
        if not is_available():
            raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                               "allocator is available on this system.")


def _check_tensor_arg(fn, name, position, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be Tensor, not {_type_name(x)}")


def _size(fn, dims, size=None):
    """The shape given as ints (``zeros(2, 3)``), one sequence (``zeros((2, 3))``) or ``size=``,
    checked as PyTorch checks it (a float, a bool or a string is a TypeError)."""
    if size is None and dims:
        # Fast path, fenced: Python ints from 0 to 2**63 - 1, given one by one or as one tuple or
        # list (most calls); anything else is checked below
        sizes = dims[0] if len(dims) == 1 and dims[0].__class__ in (tuple, list) else dims
        for s in sizes:
            if s.__class__ is not int or not 0 <= s < 2 ** 63:
                break
        else:
            return tuple(sizes)
    if size is not None:
        if dims:
            raise TypeError(f"{fn}() received an invalid combination of arguments: the size given both "
                            f"by position {tuple(dims)} and as size={size!r}")
        if not isinstance(size, (tuple, list)):
            raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, not {_type_name(size)}")
        dims = (size,)
    if not dims:
        raise TypeError(f'{fn}() missing 1 required positional arguments: "size"')
    if len(dims) == 1 and not _is_int(dims[0]):
        seq = dims[0]
        if not isinstance(seq, (tuple, list)):
            raise TypeError(f"{fn}(): argument 'size' (position 1) must be tuple of ints, not {_type_name(seq)}")
        _check_elements(fn, "size", 1 if size is None else None, seq)
        dims = seq
    else:
        for i, s in enumerate(dims):
            if not _is_int(s) and not later_bool(s, i):
                raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                                f'"type must be tuple of ints,but got {_type_name(s)}"')
    out = tuple(int(s) for s in dims)
    for i, s in enumerate(out):
        if not -2 ** 63 <= s < 2 ** 63:
            raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            "\"Overflow when unpacking long long\"")
    for s in out:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: [{', '.join(map(str, out))}]")
    return out


def _float_dtype(dtype):
    return _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)


def _is_number(x):
    return isinstance(x, (int, float, _np.number, _np.bool_)) or (isinstance(x, Tensor) and x.ndim == 0)


def _in_layout_of(input, make, requires_grad, memory_format=None):
    """``make(shape)`` for input's shape, made in input's memory order and laid out as input is: PyTorch's
    ``*_like`` keep a transposed tensor's layout (``preserve_format``: its strides where it is dense)
    and fill or draw it in memory order. Row-major for ``memory_format=torch.contiguous_format``,
    channels last for ``torch.channels_last`` (made as N, [D,] H, W, C)."""
    if memory_format is not None and memory_format._name == "contiguous_format":
        made = make(tuple(input.shape))
    elif memory_format is not None and memory_format._name != "preserve_format":  # channels last
        dims = (0,) + tuple(range(2, input.ndim)) + (1,)
        made = make(tuple(input.shape[d] for d in dims)).permute(0, -1, *range(1, input.ndim - 1)).detach()
    else:
        from ..ops.layout import preserve_layout  # (ops import the creation functions)
        made = in_memory_order(input._data, make, lambda t, dims: t.permute(*dims).detach())
        laid = preserve_layout(input._data, made._data)  # (PyTorch's strides, those of size-1 dims too)
        if laid is not made._data:
            made = wrap(laid, made._device)
    return made.requires_grad_(requires_grad) if requires_grad else made


def _like(fn, input, dtype, device, memory_format=None):
    """(dtype, device) of a ``*_like`` factory's result; PyTorch's errors for an input that is not a
    Tensor or a ``memory_format`` that is not one (or is channels-last for a tensor of another rank)."""
    _check_tensor_arg(fn, "input", 1, input)
    if memory_format is not None:
        from ..ops.conversion import _check_memory_format  # (ops import the creation functions)
        _check_memory_format(fn, input, memory_format)
    dt = input.dtype if dtype is None else _dt.to_dtype(dtype)
    return dt, (input._device if device is None else to_device(device))


def _number_arg(fn, name, x):
    """A Python number from a number or 0-d Tensor argument, or a TypeError naming the argument."""
    if not _is_number(x):
        raise TypeError(f"{fn}(): argument '{name}' must be Number, not {_type_name(x)}")
    check_scalar_int(x)
    return x.item() if isinstance(x, Tensor) else x


def _is_integral(x):
    return isinstance(x, (int, _np.integer, _np.bool_))


def _shape_arg(fn, size, position, name="size"):
    """A size that PyTorch takes only as a sequence of ints (``full``, ``randint``, ``normal``;
    ``position`` None: given by name), with PyTorch's TypeError naming the argument."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"{fn}(): argument {_where(name, position)} must be tuple of ints, not {_type_name(size)}")
    _check_elements(fn, name, position, size)
    return _size(fn, (size,))


def _check_elements(fn, name, position, seq):
    """PyTorch's TypeError for a sequence of ints with an element that is not one: its parser names the
    first element's type (or, for a keyword, the sequence's), and a later element's failure to unpack."""
    for i, s in enumerate(seq):
        if _is_int(s) or later_bool(s, i):
            continue
        if i:
            raise TypeError(f"{fn}(): argument '{name}' failed to unpack the object at pos {i + 1} with error "
                            f'"type must be tuple of ints,but got {_type_name(s)}"')
        found = f"not {_type_name(seq)}" if position is None else f"but found element of type {_type_name(s)} at pos 0"
        raise TypeError(f"{fn}(): argument {_where(name, position)} must be tuple of ints, {found}")
