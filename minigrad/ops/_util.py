"""PyTorch's argument checks shared by the op families: the TypeError naming an argument that is
not a Tensor, an int, a number, a bool (``expect_tensor``, ``expect_int``...), and a number taken
as a Tensor argument (``input_tensor``). Their other shared helpers have modules of their own:
operands and type promotion (``_operands.py``), dims (``_dims.py``), broadcast shapes
(``_broadcast_shapes.py``), overlapping writes (``_memory.py``) and layouts (``_array_layout.py``)."""
import numbers
import operator

import numpy as _np  # only to recognise NumPy scalars and arrays given as arguments

from .. import dtypes as _dt
from .._int_arguments import check_int64
from ..creation import tensor
from ..tensor import Tensor
from ._api import public
from ._operands import as_operand, scalar_tensor_like

function_export = public(method=False)


class NotATensorError(TypeError, AttributeError):
    """A non-Tensor argument of a function whose PyTorch code reads an attribute of it before any
    check (``target.size()``, ``input.dim()``): PyTorch raises AttributeError there (a TypeError for
    a NumPy array, whose attribute is not callable). This error is both, and names the argument as
    PyTorch's own TypeError for its other functions does."""


def _type_name(value):
    """The name of value's type as PyTorch's messages give it (``numpy.float64``, ``Tensor``)."""
    cls = value.__class__
    return f"numpy.{cls.__name__}" if cls.__module__ == "numpy" else cls.__name__


def expect_int(fn, value, name, position=None, symint=False):
    """PyTorch's TypeError when argument ``name`` of ``fn`` is not an int (a float, a string, a
    bool, a tensor with a dim...), its ValueError beyond int64; the value as a Python int (NumPy ints
    and 0-d integer tensors are read as ints; a one-element integer tensor too where PyTorch's
    argument is a SymInt, ``symint``: select's index, narrow's length). A keyword-only argument has
    no ``position``."""
    if value.__class__ is int and -2 ** 63 <= value < 2 ** 63:
        return value
    try:
        if value.__class__ is bool or not symint and getattr(value, "ndim", 0) != 0:
            raise TypeError
        value = operator.index(value)
        check_int64(value)
        return value
    except TypeError:
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{fn}(): argument '{name}'{where} must be int, not {_type_name(value)}") from None


def expect_number(fn, value, name, position=None, kind="Number"):
    """PyTorch's TypeError when argument ``name`` of ``fn`` is not a real number (a str, None, a
    tensor with a dim...; ``kind`` "float" or "Number" as PyTorch's message says); the value as the
    Python number PyTorch's parser reads: a NumPy number or a 0-d tensor becomes one (kept, a NumPy
    float64 would turn a float32 result into float64, and a tensor would enter the graph)."""
    cls = value.__class__
    if cls is float or cls is int or cls is bool:
        return value
    if isinstance(value, (str, bytes)) or not hasattr(cls, "__float__") or getattr(value, "ndim", 0) != 0:
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{fn}(): argument '{name}'{where} must be {kind}, not {_type_name(value)}")
    return value.item() if hasattr(value, "item") else float(value)


def expect_bool(fn, value, name, position=None):
    """PyTorch's TypeError when argument ``name`` of ``fn`` is not a bool (an int 1 is not one); a
    keyword-only argument has no ``position``."""
    if value.__class__ is not bool and not isinstance(value, _np.bool_):
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{fn}(): argument '{name}'{where} must be bool, not {type(value).__name__}")


def expect_ints(fn, value, name, position):
    """An int or a sequence of ints, as a tuple of Python ints; PyTorch's TypeError for anything
    else (a float, a bool, a tensor of several elements...)."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    try:
        return tuple(expect_int(fn, v, name, position) for v in items)
    except TypeError:
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, not "
                        f"{type(value).__name__}") from None


def expect_tensor(fn, x, name="input", position=1, error=TypeError):
    """Raise PyTorch's TypeError (or ``error``) when argument ``name`` of ``fn`` is not a Tensor. Hot
    functions call it only once their fast path has failed (see DESIGN-NOTES, "Argument types")."""
    if not isinstance(x, Tensor):
        kind = type(x)
        kind = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
        # (from None: raised in a fast path's ``except AttributeError``, it shows alone, as PyTorch's)
        raise error(f"{fn}(): argument '{name}' (position {position}) must be Tensor, not {kind}") from None


def expect_boolean_mask(fn, mask, position):
    """PyTorch's errors for the ``mask`` of masked_fill and masked_fill_: a TypeError for a non-Tensor,
    and a RuntimeError naming the C++ type of a mask that is not bool (the same words for both)."""
    expect_tensor(fn, mask, "mask", position)
    if mask._data.dtype.kind != "b":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_dt.C_NAMES[mask.dtype.name]}")


def input_tensor(fn, x, other, name="input", position=1, two_numbers=False, floating=False):
    """``x`` as the Tensor argument ``name`` of ``fn``: PyTorch's add, sub, mul, div, copy_...
    take a number there too (a 0-d tensor beside the Tensor ``other``); anything else is a TypeError.
    ``two_numbers``: a number beside a number ``other`` is taken too (``torch.add(2.0, 3.0)`` is
    ``tensor(5.)``: the arithmetic functions), as the 0-d tensor ``torch.tensor`` makes of it.
    ``floating``: the op computes in floats (true division), so a real number beside an integral
    ``other`` is made a tensor of the default float dtype: it keeps its value (``torch.div(-3, uint8)``
    is -3 / x), where one of ``other``'s dtype would wrap."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (numbers.Number, _np.generic)):
        if isinstance(other, Tensor):
            x = as_operand(x, other, complex_ok=True)
            if floating and x.__class__ is not complex and other._data.dtype.kind in "iub":
                return scalar_tensor_like(other, x, _dt.get_default_dtype())
            return scalar_tensor_like(other, x)
        if two_numbers and isinstance(other, (numbers.Number, _np.generic)):
            return tensor(x.item() if isinstance(x, _np.generic) else x)  # (the default device's, as PyTorch's)
    expect_tensor(fn, x, name, position)
