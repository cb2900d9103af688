"""Arithmetic with PyTorch's type promotion: + - * / and their functions (powers: power.py; //, %
and division with a rounding mode: division.py).

Each op is one class; the operators and the public functions share one operand path
(``_binary_for``): two Tensors of one dtype, or a float Tensor and a Python
number, go straight to the op; anything else is promoted first.
"""

from ..autograd.namespace import constant, _constants
from ..autograd.op import Op
from ..tensor import Tensor
from ._api import public, method, operator
from ._util import expect_number, expect_tensor, input_tensor
from ._operands import as_operand, promote, to_float, integer_scalar
from ._broadcast_shapes import check_broadcast
from .division import rounded_div


def _binary_for(op):
    """``a <op> b`` for a Tensor ``a`` and an operand ``b`` (a Tensor or a number), promoted as
    PyTorch does, as one function for the operator and the public function (one call frame).

    ``binary(a, b)`` is the operator: an operand PyTorch refuses with TypeError (a NumPy array too)
    gives NotImplemented, so that Python tries the other operand's reflected method, as
    ``_api.operator`` does for the other operators. ``binary(a, b, True)`` is the function: it
    raises PyTorch's TypeError (or OverflowError)."""
    def binary(a, b, function=False):
        try:
            # Fast path (most calls): one dtype and one device on both sides, or a float Tensor and a
            # Python float or int64-sized int: Op.apply's own fast path for two arguments, entered directly.
            try:
                if b.__class__ is Tensor or isinstance(b, Tensor):
                    if a._data.dtype is b._data.dtype and a._device is b._device:
                        return op._apply_fast(a, b)
                elif ((b.__class__ is float or b.__class__ is int and -2 ** 63 <= b < 2 ** 63)
                      and a._data.dtype.kind == "f"):
                    return op._apply_fast(a, b)
            except AttributeError:  # ``a`` is not a Tensor: checked below, off the fast path
                if isinstance(a, Tensor):
                    raise
            x = input_tensor(op.op_name.lower(), a, b, two_numbers=function)
            b = as_operand(b, x, complex_ok=True)
            if op is Sub:
                _check_bool_subtraction(a, b)  # (``a`` as given: a bool number's 0-d tensor has the result's dtype)
            a, b = promote(x, b)
            return op.apply(a, b)
        except TypeError:
            if function:
                raise
            return NotImplemented
    binary.__name__ = binary.__qualname__ = f"__{op.op_name.lower()}__"
    binary.__doc__ = op.__doc__
    return binary


def number_operand(xp, number, array):
    """A Python number beside a floating ``array`` as a cached 0-d array of its dtype, else the
    number: NumPy computes with the number in the array's dtype either way (the same values, the
    same overflow warnings), and with the 0-d array in about half the time beside a 0-d or small
    array (the element loops of course code, ``1.5 * x[i]``)."""
    dtype = array.dtype
    if dtype.kind != "f":
        return number
    # (constant's cache read here first, saving a call on every op with a number operand; a zero
    # goes through constant, whose key tells -0.0 from 0.0)
    c = _constants.get((xp, number, dtype)) if number else None
    return constant(xp, number, dtype) if c is None else c


def _broadcast_error(a, b):
    """Raise PyTorch's error when NumPy could not broadcast ``a`` and ``b`` (called on ValueError)."""
    check_broadcast(a, b)


def _times_one(xp, b, dtype):
    """``b * (1 + 0j)`` in the complex ``dtype``: PyTorch's complex add and sub compute ``a + alpha * b``
    with alpha = 1 too, and the product turns an infinite part of ``b`` into a NaN in its other part
    ((1 + inf j) * 1 is nan + inf j)."""
    return xp.asarray(b, dtype) * constant(xp, 1 + 0j, dtype)


class Add(Op):
    """a + b; each gradient is ``g`` summed to its input's shape."""

    broadcasting = True
    pointwise = True
    stateless_forward = True
    supports_complex = True

    @staticmethod
    def forward(ctx, a, b):
        if b.__class__ is float or b.__class__ is int:
            b = number_operand(ctx.xp, b, a)
        try:
            out = a + b
        except ValueError:
            _broadcast_error(a, b)
            raise
        if out.dtype.kind == "c":
            return a + _times_one(ctx.xp, b, out.dtype)
        return out

    @staticmethod
    def backward(ctx, m, g):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        # (each gradient's shape compared first: ``sum_to`` is called only where the forward
        # broadcast, since the call costs more than the comparison)
        return ((g if g.shape == sa else m.sum_to(g, sa)) if na else None,
                (g if g.shape == sb else m.sum_to(g, sb)) if nb else None)


class Sub(Op):
    """a - b."""

    broadcasting = True
    pointwise = True
    stateless_forward = True
    supports_complex = True

    @staticmethod
    def forward(ctx, a, b):
        if b.__class__ is float or b.__class__ is int:
            b = number_operand(ctx.xp, b, a)
        try:
            out = a - b
        except ValueError:
            _broadcast_error(a, b)
            raise
        except TypeError:  # NumPy refuses bool - bool (two bool Tensors of one dtype take the fast path)
            raise RuntimeError(_TWO_BOOLS) from None
        if out.dtype.kind == "c":
            return a - _times_one(ctx.xp, b, out.dtype)
        return out

    @staticmethod
    def backward(ctx, m, g):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        return ((g if g.shape == sa else m.sum_to(g, sa)) if na else None,
                (-g if g.shape == sb else m.sum_to(-g, sb)) if nb else None)


class Mul(Op):
    """a * b; each gradient needs only the other factor (so only that one is saved), conjugated
    for complex factors (ops/complex.py)."""

    broadcasting = True
    pointwise = True
    stateless_forward = True
    saves = (1, 0)
    supports_complex = True

    @staticmethod
    def forward(ctx, a, b):
        if b.__class__ is float or b.__class__ is int:
            b = number_operand(ctx.xp, b, a)
        try:
            return a * b
        except ValueError:
            _broadcast_error(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        if g.dtype.kind == "c":  # (a complex product: each factor's gradient takes the other's conjugate)
            a, b = (m.conj(a) if nb else a), (m.conj(b) if na else b)
        ga = gb = None
        if na:
            ga = g * b
            if ga.shape != sa:  # (as in Add: sum_to only where the forward broadcast)
                ga = m.sum_to(ga, sa)
        if nb:
            gb = g * a
            if gb.shape != sb:
                gb = m.sum_to(gb, sb)
        return ga, gb


class Div(Op):
    """a / b; the dividend is needed only for the divisor's gradient (conjugated for complex operands)."""

    broadcasting = True
    pointwise = True
    stateless_forward = True
    saves = (1, True)
    supports_complex = True

    @staticmethod
    def forward(ctx, a, b):
        if b.__class__ is float or b.__class__ is int:
            b = number_operand(ctx.xp, b, a)
        try:
            return a / b
        except ValueError:
            _broadcast_error(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        q = (a / b) / b if nb else None
        if g.dtype.kind == "c":  # (a complex quotient: the gradients take conjugates)
            b, q = m.conj(b), (m.conj(q) if nb else None)  # (b is always saved)
        ga = gb = None
        if na:
            ga = g / b
            if ga.shape != sa:  # (as in Add: sum_to only where the forward broadcast)
                ga = m.sum_to(ga, sa)
        if nb:
            gb = -g * q
            if gb.shape != sb:
                gb = m.sum_to(gb, sb)
        return ga, gb


_add, _sub, _mul = _binary_for(Add), _binary_for(Sub), _binary_for(Mul)


def check_alpha(kind, alpha):
    """PyTorch's RuntimeError for an ``alpha`` that a result of dtype kind ``kind`` cannot take (its
    TypeError for a tensor of several elements)."""
    if isinstance(alpha, Tensor) and alpha.numel() != 1:
        raise TypeError("argument 'alpha' must be Number, not Tensor")
    if isinstance(alpha, bool):
        if kind != "b":
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif isinstance(alpha, complex):
        if kind != "c":
            raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")
    elif isinstance(alpha, float) and kind in "iub":
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")


def _scaled(name, input, other, alpha):
    """(input, alpha * other), promoted as PyTorch does before it scales: alpha takes no part in the
    result's dtype, and one that dtype cannot hold is refused."""
    x = input_tensor(name, input, other, two_numbers=True)
    other = as_operand(other, x, complex_ok=True)
    if not isinstance(alpha, complex):
        alpha = expect_number(name, alpha, "alpha")
    if name == "sub":
        # (before promotion, and on ``input`` as given: a bool beside an int is refused too)
        _check_bool_subtraction(input, other)
    a, b = promote(x, other)
    kind = (a if isinstance(a, Tensor) else b)._data.dtype.kind
    check_alpha(kind, alpha)
    if kind == "b":  # (bool and bool stays bool: alpha scales as a logical and)
        return a, (b and bool(alpha)) if b.__class__ is bool else b * bool(alpha)
    if kind in "iu":
        alpha = integer_scalar((a if isinstance(a, Tensor) else b)._data.dtype, alpha)
    return a, b * alpha


@public
def add(input, other, *, alpha=1):
    """input + alpha * other, with broadcasting and type promotion."""
    if alpha.__class__ is not int or alpha != 1:
        input, other = _scaled("add", input, other, alpha)
    return _add(input, other, True)


@public("sub", "subtract")
def sub(input, other, *, alpha=1):
    """input - alpha * other (bool operands refused, as PyTorch)."""
    if alpha.__class__ is not int or alpha != 1:
        input, other = _scaled("sub", input, other, alpha)
    return _sub(input, other, True)


_TWO_BOOLS = ("Subtraction, the `-` operator, with two bool tensors is not supported. "
              "Use the `^` or `logical_xor()` operator instead.")


def _check_bool_subtraction(a, b):
    bools = [isinstance(x, bool) or (isinstance(x, Tensor) and x._data.dtype.kind == "b") for x in (a, b)]
    if all(bools):
        raise RuntimeError(_TWO_BOOLS)
    if any(bools):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")


@public(method=False)
def rsub(input, other, *, alpha=1):
    """other - alpha * input."""
    if not isinstance(input, Tensor):
        expect_tensor("rsub", input)
    other = as_operand(other, input, True)
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    try:
        refused = other.__class__ is bool or input._data.dtype.kind == "b"
    except AttributeError:  # checked only here, off the common path
        expect_tensor("rsub", input)
        raise
    if refused:
        _check_bool_subtraction(other, input)
    if alpha != 1:
        check_alpha(input._data.dtype.kind, alpha)
    x, s = promote(input, other)
    return RSub.apply(x, s, alpha)


class RSub(Op):
    """``s - alpha * x`` for a number ``s`` (``1 - x``); the gradient is ``-alpha g``."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "RsubBackward1"
    supports_complex = True

    @staticmethod
    def forward(ctx, x, s, alpha):
        ctx.alpha = alpha
        if alpha == 1 and x.dtype.kind == "c":  # (PyTorch's s - alpha * x, alpha = 1 included: see _times_one)
            x = _times_one(ctx.xp, x, x.dtype)
        return s - x if alpha == 1 else s - alpha * x

    @staticmethod
    def backward(ctx, m, g):
        return -g if ctx.alpha == 1 else -g * ctx.alpha


@public("mul", "multiply")
def mul(input, other):
    """Elementwise product."""
    return _mul(input, other, True)


@public
def square(input):
    """pow(input, 2), as PyTorch computes it (a PowBackward0 node); bools square as int64."""
    expect_tensor("square", input)
    if input._data.dtype.kind == "b":
        input = input.long()
    return input ** 2


@public("div", "divide", "true_divide")
def div(input, other, *, rounding_mode=None):
    """True division (integers give the default float dtype), or floor/trunc with ``rounding_mode``."""
    if rounding_mode is not None:
        return rounded_div(input, other, rounding_mode)
    try:
        if input._data.dtype.kind == "f" and (other.__class__ is float or (
                isinstance(other, Tensor) and other._data.dtype is input._data.dtype)):
            return Div.apply(input, other)  # the common case (the operand path's fast path, inlined)
    except AttributeError:  # ``input`` is not a Tensor: checked below, off the fast path
        if isinstance(input, Tensor):
            raise
    input = input_tensor("div", input, other, two_numbers=True, floating=True)
    a, b = promote(input, as_operand(other, input, complex_ok=True), wrap=False, floating=True)
    if isinstance(a, Tensor) and a._data.dtype.kind != "f":
        a = to_float(a)
    if isinstance(b, Tensor) and b._data.dtype.kind != "f":
        b = to_float(b)
    return Div.apply(a, b)


def _rtruediv(self, other):
    """``other / self`` as PyTorch's operator computes it: ``self.reciprocal() * other`` (so its node
    is a MulBackward0 over a ReciprocalBackward0, and 3 / x rounds as 3 * (1 / x))."""
    return self.reciprocal() * other


# ------------------------------------------------------------------ operators
method("__add__", _add)
method("__radd__", _add)
method("__sub__", _sub)
method("__rsub__", operator(rsub))
method("__mul__", _mul)
method("__rmul__", _mul)
method("__truediv__", operator(div))
method("__rtruediv__", operator(_rtruediv))
method("__rdiv__", operator(_rtruediv))
