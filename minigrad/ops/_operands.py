"""The operands of the arithmetic and comparison ops: a Tensor or a number read as PyTorch's
argument parser reads one (``as_operand``), PyTorch's type promotion of two operands (``promote``),
a Python number as an integer or float tensor takes it (wrapped, range-checked), and the node
names PyTorch gives an op with a number."""
import numbers

import numpy as _np  # only to recognise NumPy scalars and arrays given as operands

from .. import dtypes as _dt
from .._errors import check_float_range, value_overflow
from .._int_arguments import check_scalar_int
from ..tensor import Tensor, wrap
from .conversion import cast


def with_scalar_name(out):
    """``out`` of a Tensor plus, minus, times or over a Python number, its node shown as PyTorch's
    C++ code records that op with a number (a Scalar argument): AddBackward1, SubBackward1,
    MulBackward1 or DivBackward1 (its Python operators give 0), the Tensor its one edge."""
    node = out._node
    if node is not None:
        node.torch_name = node.name()[:-1] + "1"
        node.edge_args = slice(0, 1)
    return out


def as_operand(x, like, complex_ok=False, kernel=None):
    """``x`` as an operand beside Tensor ``like``, read as PyTorch's argument parser reads a
    Tensor-or-Number: a Tensor or a Python scalar (a NumPy array is refused, as PyTorch's functions
    refuse it; its operators take one: ``_api.operator``).

    NumPy numbers become Python numbers (a NumPy bool a float, as PyTorch reads it); an int
    beyond int64 is an OverflowError; a complex number a TypeError unless ``complex_ok`` (the
    ops that take complex numbers, and comparisons), or PyTorch's NotImplementedError where the op
    names its ``kernel`` (PyTorch's kernel name: it promotes and finds no complex kernel); anything else (None, str, list, tuple...)
    a TypeError, which the operators turn into NotImplemented (``_api.operator``).
    """
    cls = x.__class__
    if cls is float or cls is bool:
        return x
    if cls is int:
        if -2 ** 63 <= x < 2 ** 63:  # (int64: folded to constants)
            return x
        raise OverflowError("int too big to convert")
    if cls is Tensor or isinstance(x, Tensor):
        return x
    if isinstance(x, _np.ndarray):  # (an operator's operand is made a Tensor first: _api.array_operand)
        raise TypeError("expected a Tensor or a number as operand, got numpy.ndarray")
    if isinstance(x, _np.generic):
        if isinstance(x, _np.bool_):
            return float(x)
        if isinstance(x, (_np.integer, _np.floating)):
            return x.item()
    elif isinstance(x, numbers.Integral):
        return as_operand(int(x), like)
    elif isinstance(x, numbers.Real):
        return float(x)
    if isinstance(x, (complex, _np.complexfloating)):
        if complex_ok:
            return complex(x)
        if kernel is not None:
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{_complex_name(like)}'")
        raise complex_operand_error(x)
    raise TypeError(f"expected a Tensor or a number as operand, got {type(x).__name__}")


def _complex_name(like):
    """PyTorch's name of the complex dtype a Tensor ``like`` promotes to beside a complex number."""
    if like.__class__ is not Tensor and not isinstance(like, Tensor):
        return "ComplexFloat"
    d = like.dtype
    if d.is_complex:
        return d._torch_name[:-6]
    return "ComplexDouble" if d is _dt.float64 else "ComplexHalf" if d is _dt.float16 else "ComplexFloat"


def complex_operand_error(x):
    """The TypeError for a complex operand of an op that takes no complex numbers."""
    return TypeError(f"a complex operand ({x!r}) is not supported by this op (see ops/complex.py for those that "
                     "take complex numbers)")


def promote(a, b, wrap=True, floating=False):
    """Cast ``a`` and ``b`` (Tensors or Python scalars) to PyTorch's result dtype.

    Python scalars stay scalars (NumPy treats them as weak, like PyTorch)
    unless their category is higher than the tensor's, in which case the
    tensor is cast to the default float (or int64) dtype. A Python int beside
    an integer tensor is wrapped around its width (``wrap``; not for the ops
    that compute in floats after, true division say). ``floating``: two Tensors of integral
    dtypes are cast straight to the default float dtype (the ops computing in floats: a 0-d int64
    -3 beside a uint8 tensor keeps its sign, as in PyTorch, where the uint8 result type would wrap it).
    """
    ta = isinstance(a, Tensor)
    tb = isinstance(b, Tensor)
    if ta and tb:
        if a._data.dtype == b._data.dtype and not (floating and a._data.dtype.kind in "iub"):
            return a, b
        rt = _dt.result_type(a, b)
        if floating and rt.category < 2:
            rt = _dt.get_default_dtype()
        return (a if a._data.dtype == rt.np else cast(a, rt)), (b if b._data.dtype == rt.np else cast(b, rt))
    t, s = (a, b) if ta else (b, a)
    kind = t._data.dtype.kind
    if kind == "f" and s.__class__ is not complex or kind == "c":
        return a, b
    cat = _dt.scalar_category(s)
    if cat == 3:
        t = cast(t, _dt.result_type(t, s))
    elif kind == "b":
        if cat == 0:
            return a, b
        t = cast(t, _dt.int64 if cat == 1 else _dt.get_default_dtype())
    elif cat == 2:
        t = cast(t, _dt.get_default_dtype())
    elif cat == 0:
        s = int(s)
    elif wrap and kind in "iu" and s.__class__ is int:
        s = wrapped_int(s, t._data.dtype)
    return (t, s) if ta else (s, t)


def integer_scalar(np_dtype, n):
    """A Python int argument of an integer tensor (a bound, a fill value, an alpha) as PyTorch converts
    it: an error beyond the dtype's range, except that an unsigned dtype takes a negative one down to
    -max modulo its size; a float within the range as it is (NaN, infinities and floats beyond the range
    are PyTorch's error); anything else as it is."""
    if n.__class__ is float:
        info = _np.iinfo(np_dtype)
        if not info.min <= n <= info.max:
            raise value_overflow(np_dtype.name) from None
        return n
    if n is None or n.__class__ is not int:
        return n
    info = _np.iinfo(np_dtype)
    if np_dtype.kind == "u" and -info.max <= n < 0:
        return n + info.max + 1
    if info.min <= n <= info.max:
        return n
    check_scalar_int(n)  # (beyond int64 and uint64: the argument parser's OverflowError first)
    raise value_overflow(np_dtype.name) from None  # (called where NumPy refused the number: shown alone)


def written_number(np_dtype, value):
    """A Python number written into a tensor of ``np_dtype`` (a fill, scatter or threshold value), as
    PyTorch converts it: checked against an integer dtype's range (``integer_scalar``: an unsigned one
    wraps a negative int around), a float then truncated toward zero; checked against float16's and
    float32's range; anything else as it is."""
    if np_dtype.kind in "iu" and value.__class__ in (int, float):
        return int(integer_scalar(np_dtype, value))
    check_float_range(np_dtype, value)
    return value


def wrapped_int(n, np_dtype):
    """Python int ``n`` as an integer tensor of ``np_dtype`` reads it: wrapped around its width (PyTorch
    computes ``uint8 + -3`` as ``uint8 + 253``; NumPy refuses an int its dtype cannot hold)."""
    info = _np.iinfo(np_dtype)
    if info.min <= n <= info.max:
        return n
    return int(_np.array(n, dtype=_np.int64).astype(np_dtype))


def to_float(x):
    """``x`` itself if floating (or complex), else cast to the default float dtype (for exp, log, ...)."""
    if x._data.dtype.kind in "fc":
        return x
    return cast(x, _dt.get_default_dtype())


def scalar_tensor_like(t, value, dtype=None):
    """A 0-d tensor holding ``value`` on t's device, in ``dtype`` (reflected ops' left operand); a
    Python int is wrapped around an integer dtype's width, as PyTorch casts its number there
    (``torch.add(-3, uint8_tensor)`` adds 253)."""
    dtype = dtype or _dt.result_type(t, value)
    if value.__class__ is int and dtype.np.kind in "iu":
        value = wrapped_int(value, dtype.np)
    return wrap(t._device._get_backend().xp.asarray(value, dtype=dtype.np), t._device)
