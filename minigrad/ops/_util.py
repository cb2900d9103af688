"""Helpers shared by the op families: operands, type promotion, dims, broadcast shapes."""
import numbers
import operator

import numpy as _np  # only to recognise NumPy scalars and arrays given as operands

from .. import dtypes as _dt
from .._errors import check_float_range, value_overflow
from .._tensor_metadata import check_int64, check_scalar_int, later_bool
from ..creation import tensor
from ..tensor import Size, Tensor, wrap, _wrap_dim
from ._api import public
from .conversion import cast

function_export = public(method=False)


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


class _AllDims:
    """The default ``dim`` of the reductions whose PyTorch overloads have no ``dim=None`` (``max``,
    ``prod``, ``squeeze``...): all dims. Told apart from a None given, which PyTorch refuses."""
    __slots__ = ()

    def __repr__(self):
        return "<all dims>"


ALL_DIMS = _AllDims()


def none_dim_error(fn, *overloads):
    """PyTorch's TypeError for ``dim=None`` given to ``fn``, whose ``overloads`` (PyTorch's
    signatures, e.g. ``"Tensor input, int dim"``) have none taking it."""
    expected = "".join(f"\n * ({o})" for o in overloads)
    return TypeError(f"{fn}() received an invalid combination of arguments - got (Tensor, dim=NoneType), "
                     f"but expected one of:{expected}\n")


def keepdim_without_dim_error(fn):
    """PyTorch's TypeError for ``keepdim`` given to ``fn`` without ``dim`` (no overload takes it alone)."""
    return TypeError(f"{fn}() received an invalid combination of arguments - got (Tensor, keepdim=bool), but "
                     f"expected one of:\n * (Tensor input, *, torch.dtype dtype = None)\n * (Tensor input, int dim, "
                     "bool keepdim = False, ...)\n")


def later_int(value, position):
    """Element ``position`` of an int list as PyTorch's argument parser reads it: a bool after the first
    element is an int (``later_bool``)."""
    return int(value) if later_bool(value, position) else value


def norm_dims(dim, ndim):
    """A sorted tuple of non-negative dims from None, an int, or a tuple/list of ints."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return tuple(range(ndim))
        dims = tuple(sorted(_wrap_dim(later_int(d, k), ndim) for k, d in enumerate(dim)))
        if len(set(dims)) != len(dims):  # (a 0-d tensor's dims 0 and -1 repeat too)
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        return dims if ndim else ()
    d = _wrap_dim(dim, ndim)
    return (d,) if ndim else ()


def broadcast_shapes(*shapes):
    """The broadcast of several shapes (an int is a 1-D shape); raises the error PyTorch's ops raise,
    naming the sizes ("The size of tensor a ...")."""
    shapes = [(s,) if isinstance(s, int) else s for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i in range(len(s) - 1, -1, -1):  # (from the last dim, as PyTorch's infer_size: the first mismatch it names)
            n = s[i]
            j = ndim - len(s) + i
            if out[j] == 1:
                out[j] = n
            elif n != 1 and n != out[j]:
                raise RuntimeError(f"The size of tensor a ({out[j]}) must match the size of tensor b ({n}) "
                                   f"at non-singleton dimension {j}") from None  # (as in check_broadcast)
    return tuple(out)


@public("broadcast_shapes", method=False)
def _broadcast_shapes(*shapes):
    """The broadcast of several shapes (an int is a 1-D shape), as ``torch.broadcast_shapes``: a
    mismatch raises its RuntimeError naming the argument."""
    shapes = [(s,) if isinstance(s, int) else tuple(s) for s in shapes]
    out = []
    for index, shape in enumerate(shapes):
        for k in range(-1, -len(shape) - 1, -1):
            n = shape[k]
            if len(out) < -k:
                out.insert(0, n)
            elif n != out[k] and n != 1:
                if out[k] != 1 or n < 0:
                    raise RuntimeError(f"Attempting to broadcast a dimension of length {n} at {k}! Mismatching "
                                       f"argument at index {index} had {shape}; but expected shape should be "
                                       f"broadcastable to {out}") from None  # (as in check_broadcast)
                out[k] = n
    return Size(out)


def check_broadcast(a, b):
    """Raise PyTorch's broadcasting error for arrays (or scalars) that do not broadcast."""
    sa, sb = getattr(a, "shape", ()), getattr(b, "shape", ())
    n = max(len(sa), len(sb))
    for i in range(1, n + 1):
        x = sa[-i] if i <= len(sa) else 1
        y = sb[-i] if i <= len(sb) else 1
        if x != y and x != 1 and y != 1:
            # (from None: called where NumPy's error was caught, it shows alone, as PyTorch's)
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                               f"at non-singleton dimension {n - i}") from None


PARTIAL_OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to "
                   "a single memory location. Please clone() the tensor before performing the operation.")


def is_host_array(a):
    """True for a NumPy array: for fast paths that suit NumPy and not CuPy (a boolean mask's write,
    which CuPy sizes with a device-to-host copy)."""
    return a.__class__ is _np.ndarray


def check_no_partial_overlap(dst, src, expanded=False, scattered=False):
    """Raise PyTorch's RuntimeError when writing array ``src`` into array ``dst`` (an in-place op, a
    copy, ``t[i] = v``) would read memory the write changes: both dense (no gaps, no repeats), sharing
    memory, and not the very same elements in the same order (any shared memory at all when the
    write is ``scattered`` by an advanced index: PyTorch's index_put_). Like PyTorch, a view with
    gaps or repeats is not checked, nor a src ``expanded`` to more elements first (copy_ expands,
    in-place ops check before they broadcast). Host (NumPy) arrays only; the cheap test of the
    owners comes first."""
    if dst is src or src.__class__ is not _np.ndarray or dst.__class__ is not _np.ndarray:
        return
    if (dst if dst.base is None else dst.base) is not (src if src.base is None else src.base):
        return  # (different owners of memory: no overlap)
    if not dst.size or not src.size or expanded and src.size != dst.size or not (_dense(dst) and _dense(src)):
        return  # (a src expanded to more elements repeats them: not dense, not checked)
    (dst_low, dst_high), (src_low, src_high) = _bounds(dst), _bounds(src)
    if not scattered and (dst_low, dst_high) == (src_low, src_high) and dst.strides == src.strides:
        return  # the same elements: a harmless write of each into itself
    if dst_low < src_high and src_low < dst_high:
        raise RuntimeError(PARTIAL_OVERLAP)


def _dense(a):
    """Whether ``a``'s elements fill one block of memory, each once (PyTorch's non-overlapping and dense)."""
    expected = a.itemsize
    for stride, size in sorted((abs(s), n) for s, n in zip(a.strides, a.shape) if n != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def _bounds(a):
    """The first and one-past-the-last byte addresses of a dense array's elements."""
    start = a.__array_interface__["data"][0]
    low = start + sum((n - 1) * s for s, n in zip(a.strides, a.shape) if s < 0)
    high = start + sum((n - 1) * s for s, n in zip(a.strides, a.shape) if s > 0) + a.itemsize
    return low, high


def column_major(a):
    """A copy of ``a`` (an array: a matrix or a batch of them) with each matrix laid out column-major, the
    memory order of LAPACK's results and so of PyTorch's linear algebra: strides (..., 1, rows)."""
    return a.swapaxes(-1, -2).copy().swapaxes(-1, -2)
