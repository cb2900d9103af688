"""Comparisons and logical ops: bool results, outside the graph (not differentiable)."""
from ..tensor import Tensor, wrap
from ._api import public, method, operator
from .layout import is_row_major, pointwise_layout
from ._util import expect_tensor, input_tensor
from ._operands import as_operand, promote
from ._broadcast_shapes import check_broadcast


def _invalid_arguments(name, input, other):
    return TypeError(f"{name}() received an invalid combination of arguments - got ({type(input).__name__}, "
                     f"{type(other).__name__}), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out "
                     "= None)\n * (Tensor input, Number other, *, Tensor out = None)\n")


_INT64 = 2 ** 63  # (Python ints from -_INT64 to _INT64 - 1 are operands as they are)


def _compare(name, fn, ordered=False):
    """The comparison ``name`` computing ``fn(a, b)`` on arrays; ``ordered`` (<, <=, >, >=) refuses
    complex numbers, which have no order (PyTorch's NotImplementedError)."""
    def compare(input, other):
        if input.__class__ is Tensor and (
                other.__class__ is Tensor and other._data.dtype is input._data.dtype
                and other._device is input._device
                or input._data.dtype.kind == "f" and (other.__class__ is float
                                                      or other.__class__ is int and -_INT64 <= other < _INT64)):
            # Fast path, fenced: two plain Tensors of one dtype and device, or a floating Tensor and a
            # Python float or int64 (``x > 0``), which as_operand and promote return as they are (a test
            # checks the two agree)
            a, b, x = input, other, input._data
        else:
            try:
                a, b = promote(input, as_operand(other, input, True))
                x = a._data  # (an AttributeError when input is not a Tensor)
            except (TypeError, AttributeError):
                raise _invalid_arguments(name, input, other) from None
        if ordered and x.dtype.kind == "c":
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{a.dtype._torch_name[:-6]}'")
        y = b._data if isinstance(b, Tensor) else b
        t = a
        try:
            out = fn(x, y)
        except ValueError:
            check_broadcast(x, y)
            raise
        if out.__class__ is not t._data.__class__:
            out = t._device._get_backend().xp.asarray(out)
        elif not x.flags.c_contiguous or x.size != out.size or 1 in out.shape and not is_row_major(x):
            out = pointwise_layout(out, (x, y))  # (NumPy's layout is PyTorch's for a row-major x, not broadcast)
        return wrap(out, t._device)
    compare.__name__ = compare.__qualname__ = name
    compare.__doc__ = f"Elementwise {name} (a bool tensor)."
    return compare


eq = public("eq")(_compare("eq", lambda a, b: a == b))
ne = public("ne", "not_equal")(_compare("ne", lambda a, b: a != b))
lt = public("lt", "less")(_compare("lt", lambda a, b: a < b, ordered=True))
le = public("le", "less_equal")(_compare("le", lambda a, b: a <= b, ordered=True))
gt = public("gt", "greater")(_compare("gt", lambda a, b: a > b, ordered=True))
ge = public("ge", "greater_equal")(_compare("ge", lambda a, b: a >= b, ordered=True))


# As operators, an operand that is not a number is not comparable: Python then decides
# (``t == None`` is False, ``t != "a"`` True, ``t < None`` a TypeError), as with PyTorch.
# A NumPy array is compared as a Tensor by == and != (as PyTorch's ==); <, <=, >, >= leave it to
# NumPy, which gives way to the Tensor: a TypeError, as with PyTorch.
for _name, _fn in (("__eq__", eq), ("__ne__", ne), ("__lt__", lt), ("__le__", le), ("__gt__", gt),
                   ("__ge__", ge)):
    method(_name, operator(_fn, arrays=_name in ("__eq__", "__ne__")))
method("__hash__", object.__hash__)


def _bitwise(a, b, fn, name):
    a = input_tensor(name, a, b)
    b = as_operand(b, a, kernel=f"{name}_cpu")
    a, b = promote(a, b)
    if (isinstance(a, Tensor) and a._data.dtype.kind in "fc") or (isinstance(b, Tensor) and b._data.dtype.kind in "fc"):
        dt = (a if isinstance(a, Tensor) else b).dtype._torch_name[:-6]
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{dt}'")
    t = a if isinstance(a, Tensor) else b
    x, y = a._data if isinstance(a, Tensor) else a, b._data if isinstance(b, Tensor) else b
    try:
        out = fn(x, y)
    except ValueError:
        check_broadcast(x, y)
        raise
    out = t._device._get_backend().xp.asarray(out)
    if (not getattr(x, "flags", out.flags).c_contiguous or getattr(x, "size", 0) != out.size
            or 1 in out.shape and not is_row_major(x)):
        out = pointwise_layout(out, (x, y))  # (NumPy's layout is PyTorch's where x is row-major, not broadcast)
    return wrap(out, t._device)


@public
def bitwise_and(input, other):
    """Elementwise ``input & other`` (logical for bool tensors)."""
    return _bitwise(input, other, lambda x, y: x & y, "bitwise_and")


@public
def bitwise_or(input, other):
    """Elementwise ``input | other``."""
    return _bitwise(input, other, lambda x, y: x | y, "bitwise_or")


@public
def bitwise_xor(input, other):
    """Elementwise ``input ^ other``."""
    return _bitwise(input, other, lambda x, y: x ^ y, "bitwise_xor")


@public
def bitwise_not(input):
    """Elementwise ``~input`` (logical not for bool tensors)."""
    expect_tensor("bitwise_not", input)
    if input._data.dtype.kind in "fc":
        raise NotImplementedError(f"\"bitwise_not_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    return wrap(input._device._get_backend().xp.invert(input._data), input._device)


for _name, _fn in (("__and__", bitwise_and), ("__rand__", bitwise_and), ("__or__", bitwise_or),
                   ("__ror__", bitwise_or), ("__xor__", bitwise_xor), ("__rxor__", bitwise_xor)):
    method(_name, operator(_fn))
def _invert(self):
    """``~t``: bitwise_not, which Python's operator refuses for floating tensors (PyTorch's TypeError)."""
    if self._data.dtype.kind in "fc":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return bitwise_not(self)


method("__invert__", _invert)


def _logical(name, input, other):
    expect_tensor(name, input)
    expect_tensor(name, other, "other", 2)
    return ne(input, 0), ne(other, 0)


@public
def logical_and(input, other):
    """Elementwise logical and of two tensors (bool result)."""
    a, b = _logical("logical_and", input, other)
    return a & b


@public
def logical_or(input, other):
    """Elementwise logical or of two tensors (bool result)."""
    a, b = _logical("logical_or", input, other)
    return a | b


def _elementwise_test(name, doc):
    def test(input):
        expect_tensor(name, input)
        return wrap(getattr(input._device._get_backend().xp, name)(input._data), input._device)
    test.__name__ = test.__qualname__ = name
    test.__doc__ = doc
    return public(name)(test)


logical_not = _elementwise_test("logical_not", "Elementwise logical not (bool result).")
isnan = _elementwise_test("isnan", "True where input is NaN.")
isinf = _elementwise_test("isinf", "True where input is +-inf.")
isfinite = _elementwise_test("isfinite", "True where input is finite.")


def _float_test(name, test, doc):
    """A bool test that only floats can pass (False everywhere for integer and bool tensors)."""
    def fn(input):
        expect_tensor(name, input)
        xp = input._device._get_backend().xp
        data = input._data
        if data.dtype.kind == "f":
            return wrap(test(xp, data), input._device)
        if data.dtype.kind == "c":
            raise RuntimeError(f"{name} does not support complex inputs.")
        return wrap(xp.zeros(data.shape, bool), input._device)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return public(name)(fn)


isposinf = _float_test("isposinf", lambda xp, x: x == xp.inf, "True where input is +inf.")
isneginf = _float_test("isneginf", lambda xp, x: x == -xp.inf, "True where input is -inf.")


@public
def signbit(input):
    """True where the sign bit is set: negative numbers, -0.0 and NaNs with the sign bit."""
    expect_tensor("signbit", input)
    xp = input._device._get_backend().xp
    data = input._data
    if data.dtype.kind == "f":
        return wrap(xp.signbit(data), input._device)
    if data.dtype.kind == "c":
        raise NotImplementedError("signbit is not implemented for complex tensors.")
    return wrap(data < 0 if data.dtype.kind == "i" else xp.zeros(data.shape, bool), input._device)


@public
def isreal(input):
    """True where the value is real: everywhere for a real tensor, where the imaginary part is 0 for a complex one."""
    expect_tensor("isreal", input)
    data = input._data
    if data.dtype.kind == "c":
        return wrap(data.imag == 0, input._device)
    return wrap(input._device._get_backend().xp.ones(data.shape, bool), input._device)


@public
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise |input - other| <= atol + rtol * |other|."""
    expect_tensor("isclose", input)
    expect_tensor("isclose", other, "other", 2)
    for name, value, position in (("rtol", rtol, 3), ("atol", atol, 4)):
        if not hasattr(value, "__float__") or isinstance(value, Tensor) and value._data.ndim:
            raise TypeError(f"isclose(): argument '{name}' (position {position}) must be float, not "
                            f"{type(value).__name__}")
    rtol, atol = float(rtol), float(atol)
    if not rtol >= 0:  # (NaN too)
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if not atol >= 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")
    if other._data.dtype != input._data.dtype:
        raise RuntimeError(f"{input.dtype._torch_name[:-6]} did not match {other.dtype._torch_name[:-6]}")
    a, b = promote(input, as_operand(other, input))
    xp = input._device._get_backend().xp
    y = b._data if isinstance(b, Tensor) else b
    try:
        return wrap(xp.isclose(a._data, y, rtol=rtol, atol=atol, equal_nan=equal_nan), input._device)
    except ValueError:
        check_broadcast(a._data, y)
        raise


@public
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element is close (see isclose)."""
    expect_tensor("allclose", input)
    expect_tensor("allclose", other, "other", 2)
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all().item())  # explicit host sync


@public
def equal(input, other):
    """True when both tensors have the same shape and elements."""
    expect_tensor("equal", input)
    expect_tensor("equal", other, "other", 2)
    return input.shape == other.shape and bool((input._data == other._data).all().item())
