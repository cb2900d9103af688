"""Elementwise ops: arithmetic, comparisons, activations, and their gradients.

Each op is one Function class: ``forward`` on raw arrays (``ctx.xp`` is NumPy
or CuPy), ``backward`` with minigrad ops so that it is itself differentiable.
Gradients at the kinks follow PyTorch: relu'(0)=0, abs'(0)=0,
maximum(a, a) gives half to each, clamp passes the gradient at its bounds.
"""
from .. import dtypes as _dt
from ..autograd.function import Op
from ..tensor import Tensor, wrap
from ._util import as_operand, promote, to_float, cast, check_broadcast
from . import _grad_ops as G


def _shape(x):
    return x.shape if hasattr(x, "shape") else ()


def _binary_forward(fn):
    def forward(ctx, a, b):
        try:
            return fn(a, b)
        except ValueError:
            _broadcast_error(ctx, a, b)
            raise
    return staticmethod(forward)


def _broadcast_error(ctx, a, b):
    check_broadcast(ctx.xp.asarray(a), ctx.xp.asarray(b))


# ------------------------------------------------------------------ arithmetic
class Add(Op):
    broadcasting = True
    @staticmethod
    def forward(ctx, a, b):
        try:
            return a + b
        except ValueError:
            _broadcast_error(ctx, a, b)
            raise

    @staticmethod
    def backward(ctx, g):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        return (G.sum_to(g, sa) if na else None), (G.sum_to(g, sb) if nb else None)


class Sub(Op):
    broadcasting = True
    @staticmethod
    def forward(ctx, a, b):
        try:
            return a - b
        except ValueError:
            _broadcast_error(ctx, a, b)
            raise

    @staticmethod
    def backward(ctx, g):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        return (G.sum_to(g, sa) if na else None), (G.sum_to(-g, sb) if nb else None)


class Mul(Op):
    broadcasting = True
    save_inputs = True

    @staticmethod
    def forward(ctx, a, b):
        if b.__class__ is float or b.__class__ is int:
            # times a Python scalar: backward needs no tensor, so (as in torch) an in-place
            # change of ``a`` afterwards is no error
            ctx.save_inputs = False
            ctx.scalar = b
        try:
            return a * b
        except ValueError:
            _broadcast_error(ctx, a, b)
            raise

    @staticmethod
    def backward(ctx, g):
        if not ctx.save_inputs:
            return g * ctx.scalar, None
        na, nb = ctx.needs_input_grad
        a, b = G.saved_inputs(ctx, (nb, na))  # each gradient needs only the other factor
        sa, sb = ctx.shapes
        return (G.sum_to(g * b, sa) if na else None), (G.sum_to(g * a, sb) if nb else None)


class Div(Op):
    broadcasting = True
    save_inputs = True

    @staticmethod
    def forward(ctx, a, b):
        if b.__class__ is float or b.__class__ is int:  # as Mul: nothing to save for a scalar divisor
            ctx.save_inputs = False
            ctx.scalar = b
        try:
            return a / b
        except ValueError:
            _broadcast_error(ctx, a, b)
            raise

    @staticmethod
    def backward(ctx, g):
        if not ctx.save_inputs:
            return g / ctx.scalar, None
        na, nb = ctx.needs_input_grad
        a, b = G.saved_inputs(ctx, (nb, True))  # the dividend matters only for the divisor's gradient
        sa, sb = ctx.shapes
        ga = G.sum_to(g / b, sa) if na else None
        gb = G.sum_to(-g * ((a / b) / b), sb) if nb else None
        return ga, gb


class Neg(Op):
    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, g):
        return -g


class Pow(Op):
    """``a ** b`` for a Tensor base and a Tensor or Python-scalar exponent."""

    broadcasting = True
    save_inputs = True
    save_output = True
    forward = _binary_forward(lambda a, b: a ** b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.inputs
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        ga = gb = None
        if na:
            if not isinstance(b, (int, float)):
                if G.dtype_of(b).kind == "b":
                    raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you "
                                       "are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
                ga = g * b * a ** (b - 1)
                ga = G.where(b == 0, G.zeros_like(ga), ga)
            elif b == 0:
                ga = g * 0
            else:
                ga = g * b * a ** (b - 1)
            ga = G.sum_to(ga, sa)
        if nb:
            out = ctx.output
            gb = g * out * G.log(a)
            gb = G.where((a == 0) & (b >= 0), G.zeros_like(gb), gb)
            gb = G.sum_to(gb, sb)
        return ga, gb


class RPow(Op):
    """``s ** x`` for a Python-scalar base."""

    save_inputs = True
    save_output = True

    @staticmethod
    def forward(ctx, x, base):
        ctx.base = base
        return ctx.xp.asarray(base, dtype=x.dtype) ** x

    @staticmethod
    def backward(ctx, g):
        import math
        base = ctx.base
        if base == 0:  # PyTorch: 0 where the exponent is >= 0, else g * 0**x * log(0)
            x = ctx.inputs[0]
            return G.where(x >= 0, G.zeros_like(g), g * ctx.output * -math.inf), None
        return g * ctx.output * math.log(base), None


class FloorDivide(Op):
    broadcasting = True
    forward = _binary_forward(lambda a, b: a // b)

    @staticmethod
    def backward(ctx, g):
        return g * 0 if ctx.needs_input_grad[0] else None, None


class Remainder(Op):
    broadcasting = True
    save_inputs = True
    forward = _binary_forward(lambda a, b: a % b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.inputs
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        ga = G.sum_to(g, sa) if na else None
        gb = G.sum_to(-g * G.floor_divide(a, b), sb) if nb else None
        return ga, gb


# ------------------------------------------------------------------ unary math
class Exp(Op):
    save_output = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.exp(x)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.output


class Log(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.log(x)

    @staticmethod
    def backward(ctx, g):
        return g / ctx.inputs[0]


class Log1p(Op):
    """log(1 + x), accurate for tiny x."""

    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.log1p(x)

    @staticmethod
    def backward(ctx, g):
        return g / (1 + ctx.inputs[0])


class Expm1(Op):
    """exp(x) - 1, accurate for tiny x."""

    save_output = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.expm1(x)

    @staticmethod
    def backward(ctx, g):
        return g * (ctx.output + 1)


class Sqrt(Op):
    save_output = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.sqrt(x)

    @staticmethod
    def backward(ctx, g):
        return g / (2 * ctx.output)


class Sin(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.sin(x)

    @staticmethod
    def backward(ctx, g):
        return g * G.cos(ctx.inputs[0])


class Cos(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.cos(x)

    @staticmethod
    def backward(ctx, g):
        return -g * G.sin(ctx.inputs[0])


class Tanh(Op):
    save_output = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.tanh(x)

    @staticmethod
    def backward(ctx, g):
        y = ctx.output
        return g * (1 - y * y)


class Sigmoid(Op):
    """Logistic function, stable for large |x| (no overflow in exp)."""

    save_output = True

    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        e = xp.exp(-xp.abs(x))
        return xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        y = ctx.output
        return g * (y * (1 - y))


class Abs(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.abs(x)

    @staticmethod
    def backward(ctx, g):
        # torch's sgn: 0 at 0 and at NaN (NumPy's sign gives NaN there)
        x = ctx.inputs[0]
        dt = G.dtype_of(g)
        return g * (G.cast(x > 0, dt) - G.cast(x < 0, dt))


class Sign(Op):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.sign(x)

    @staticmethod
    def backward(ctx, g):
        return g * 0


class Relu(Op):
    save_output = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.maximum(x, 0).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        # torch's threshold_backward: zero where output <= 0, so a NaN passes the gradient.
        # A multiply by the mask, not where(): where() is ~15x slower on random masks (branchy loop).
        return g * ~(ctx.output <= 0)


class LeakyRelu(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x, slope):
        if 0 <= slope <= 1:  # max(x, slope x) is the same values in two array ops instead of three
            return ctx.xp.maximum(x, x * slope)
        return ctx.xp.where(x > 0, x, x * slope).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, slope = ctx.inputs
        return G.where(x > 0, g, g * slope), None


class Clamp(Op):
    """clamp(x, min, max) with scalar or Tensor bounds; the gradient passes at the bounds."""

    save_inputs = True

    def name(self):
        return "ClampBackward0" if self.tensor_bounds else "ClampBackward1"

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.tensor_bounds = hasattr(lo, "shape") or hasattr(hi, "shape")
        xp = ctx.xp
        out = x
        if lo is not None:
            out = xp.maximum(out, lo)
        if hi is not None:
            out = xp.minimum(out, hi)
        return out.astype(x.dtype, copy=False) if out is not x else out.copy()

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.inputs
        nx, nlo, nhi = ctx.needs_input_grad
        keep = None
        if lo is not None:
            keep = x >= lo
        if hi is not None:
            keep = (x <= hi) if keep is None else keep & (x <= hi)
        gx = G.sum_to(g * keep if keep is not None else g, tuple(x.shape)) if nx else None
        glo = ghi = None
        if nlo:
            below = x < lo
            if hi is not None:
                below = below & (lo < hi)  # PyTorch: with lo == hi, a clamped-from-below x gives neither bound a gradient
            glo = G.sum_to(g * below, lo.shape)
        if nhi:
            above = (x > hi) | ((lo > hi) if lo is not None else False)
            ghi = G.sum_to(g * above, hi.shape)
        return gx, glo, ghi


class Maximum(Op):
    """Elementwise max; ties give half the gradient to each input (as PyTorch)."""

    broadcasting = True
    save_inputs = True
    picks_larger = True

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.inputs
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        # torch: where(a == b, g / 2, g), zeroed for the input not picked: a NaN on
        # either side gives both inputs the whole gradient
        dt = G.dtype_of(g)
        tie = G.cast(a == b, dt) * 0.5
        a_loses, b_loses = (a < b, a > b) if ctx.picks_larger else (a > b, a < b)
        ga = G.sum_to(g * (1 - G.cast(a_loses, dt) - tie), sa) if na else None
        gb = G.sum_to(g * (1 - G.cast(b_loses, dt) - tie), sb) if nb else None
        return ga, gb


class Minimum(Maximum):
    """Elementwise min; ties give half the gradient to each input (as PyTorch)."""

    picks_larger = False


def _xp_binary(name):
    def forward(ctx, a, b):
        try:
            out = getattr(ctx.xp, name)(a, b)
        except ValueError:
            _broadcast_error(ctx, a, b)
            raise
        return out
    return staticmethod(forward)


Maximum.forward = _xp_binary("maximum")
Minimum.forward = _xp_binary("minimum")


class Where(Op):
    broadcasting = True
    save_inputs = True

    @staticmethod
    def forward(ctx, cond, a, b):
        try:
            return ctx.xp.where(cond, a, b)
        except ValueError:
            from ._util import broadcast_shapes
            broadcast_shapes(cond.shape, a.shape, b.shape)
            raise

    @staticmethod
    def backward(ctx, g):
        cond, a, b = G.saved_inputs(ctx, (True, False, False))  # only the condition's values matter
        _, na, nb = ctx.needs_input_grad
        _, sa, sb = ctx.shapes
        zero = G.zeros_like(g)
        ga = G.sum_to(G.where(cond, g, zero), sa) if na else None
        gb = G.sum_to(G.where(cond, zero, g), sb) if nb else None
        return None, ga, gb


class Clone(Op):
    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, g):
        return g


class ToDevice(Op):
    """Move between devices; the gradient moves back."""

    @staticmethod
    def forward(ctx, x, target):
        ctx.source = None
        return x

    @staticmethod
    def backward(ctx, g):
        if isinstance(g, Tensor):
            return to_device(g, ctx.source), None
        host = ctx.target._get_backend().to_numpy(g)
        return ctx.source._get_backend().asarray(host), None


def to_device(x, dev):
    """``x`` copied to device ``dev`` (differentiable)."""
    src = x._device
    host = src._get_backend().to_numpy(x._data)
    arr = dev._get_backend().asarray(host)
    if x._rg and _grad_enabled():
        t = ToDevice.apply(x, dev)
        t._data = arr
        t._device = dev
        t._node.source = src
        t._node.target = dev
        return t
    return wrap(arr, dev)


def _grad_enabled():
    from ..autograd.grad_mode import state
    return state.enabled


# ------------------------------------------------------------------ comparisons (not differentiable)
def _compare(fn):
    def op(a, b):
        if b is None:
            return False  # PyTorch: ``t == None`` is False (``!=`` below is True)
        b = as_operand(b, a)
        a, b = promote(a, b)
        x = a._data if isinstance(a, Tensor) else a
        y = b._data if isinstance(b, Tensor) else b
        t = a if isinstance(a, Tensor) else b
        try:
            out = fn(x, y)
        except ValueError:
            xp = t._device._get_backend().xp
            check_broadcast(xp.asarray(x), xp.asarray(y))
            raise
        if out.__class__ is not t._data.__class__:
            out = t._device._get_backend().xp.asarray(out)
        return wrap(out, t._device)
    return op


eq = _compare(lambda a, b: a == b)
_ne = _compare(lambda a, b: a != b)


def ne(input, other):
    """Elementwise ``input != other`` (bool)."""
    return True if other is None else _ne(input, other)
lt = _compare(lambda a, b: a < b)
le = _compare(lambda a, b: a <= b)
gt = _compare(lambda a, b: a > b)
ge = _compare(lambda a, b: a >= b)
logical_and = _compare(lambda a, b: a & b if a.dtype.kind == "b" == getattr(b, "dtype", a.dtype).kind
                       else (a != 0) & (b != 0))


def bitwise_and(a, b):
    """Elementwise ``a & b`` (logical for bool tensors)."""
    return _bitwise(a, b, lambda x, y: x & y)


def bitwise_or(a, b):
    """Elementwise ``a | b``."""
    return _bitwise(a, b, lambda x, y: x | y)


def bitwise_xor(a, b):
    """Elementwise ``a ^ b``."""
    return _bitwise(a, b, lambda x, y: x ^ y)


def _bitwise(a, b, fn):
    b = as_operand(b, a)
    a, b = promote(a, b)
    if (isinstance(a, Tensor) and a._data.dtype.kind == "f") or (isinstance(b, Tensor) and b._data.dtype.kind == "f"):
        raise RuntimeError(f"\"bitwise_cpu\" not implemented for '{(a if isinstance(a, Tensor) else b).dtype.name.capitalize()}'")
    t = a if isinstance(a, Tensor) else b
    out = fn(a._data if isinstance(a, Tensor) else a, b._data if isinstance(b, Tensor) else b)
    return wrap(t._device._get_backend().xp.asarray(out), t._device)


def logical_not(x):
    """Elementwise not (bool result)."""
    return wrap(x._device._get_backend().xp.logical_not(x._data), x._device)


def bitwise_not(x):
    """Elementwise ``~x`` (logical not for bool tensors)."""
    if x._data.dtype.kind == "f":
        raise RuntimeError("\"bitwise_not_cpu\" not implemented for 'Float'")
    return wrap(x._device._get_backend().xp.invert(x._data), x._device)


def isnan(x):
    """True where x is NaN."""
    return wrap(x._device._get_backend().xp.isnan(x._data), x._device)


def isinf(x):
    """True where x is +-inf."""
    return wrap(x._device._get_backend().xp.isinf(x._data), x._device)


def isfinite(x):
    """True where x is finite."""
    return wrap(x._device._get_backend().xp.isfinite(x._data), x._device)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise |input - other| <= atol + rtol * |other|."""
    if isinstance(other, Tensor) and other._data.dtype != input._data.dtype:
        raise RuntimeError(f"{input.dtype._torch_name[:-6]} did not match {other.dtype._torch_name[:-6]}")
    other = as_operand(other, input)
    a, b = promote(input, other)
    xp = input._device._get_backend().xp
    return wrap(xp.isclose(a._data, b._data if isinstance(b, Tensor) else b, rtol=rtol, atol=atol,
                           equal_nan=equal_nan), input._device)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element is close (see isclose)."""
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all().item())  # explicit host sync


def equal(input, other):
    """True when both tensors have the same shape and elements."""
    return input.shape == other.shape and bool((input._data == other._data).all().item())


# ------------------------------------------------------------------ public functions
def add(input, other, *, alpha=1):
    """input + alpha * other, with broadcasting and type promotion."""
    if isinstance(other, Tensor) and isinstance(input, Tensor) and alpha == 1 \
            and input._data.dtype is other._data.dtype:
        return Add.apply2(input, other)
    other = as_operand(other, input)
    if alpha != 1:
        other = other * alpha
    a, b = promote(input, other)
    if not isinstance(a, Tensor):
        return Add.apply2(b, a)
    return Add.apply2(a, b)


def sub(input, other, *, alpha=1):
    """input - alpha * other."""
    if isinstance(other, Tensor) and isinstance(input, Tensor) and alpha == 1 \
            and input._data.dtype is other._data.dtype and input._data.dtype.kind != "b":
        return Sub.apply2(input, other)
    other = as_operand(other, input)
    _check_bool_subtraction(input, other)
    if alpha != 1:
        other = other * alpha
    a, b = promote(input, other)
    if not isinstance(a, Tensor):
        return neg(Sub.apply2(b, a))
    return Sub.apply2(a, b)


def _check_bool_subtraction(a, b):
    bools = [isinstance(x, bool) or (isinstance(x, Tensor) and x._data.dtype.kind == "b") for x in (a, b)]
    if all(bools):
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if any(bools):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def rsub(input, other, *, alpha=1):
    """other - alpha * input."""
    _check_bool_subtraction(other, input)
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    return add(neg(input) * alpha if alpha != 1 else neg(input), other)


def full_like_scalar(t, value, dtype=None):
    """A 0-d tensor holding ``value`` on t's device, in ``dtype`` (helper for reflected ops)."""
    from ..creation import tensor
    return tensor(value, dtype=dtype, device=t._device)


def mul(input, other):
    """Elementwise product."""
    if isinstance(other, Tensor):
        if isinstance(input, Tensor) and input._data.dtype is other._data.dtype:
            return Mul.apply2(input, other)
    elif other.__class__ is float and isinstance(input, Tensor) and input._data.dtype.kind == "f":
        return Mul.apply2(input, other)
    other = as_operand(other, input)
    a, b = promote(input, other)
    if not isinstance(a, Tensor):
        return Mul.apply2(b, a)
    return Mul.apply2(a, b)


def div(input, other, *, rounding_mode=None):
    """True division (integers give the default float dtype), or floor/trunc with rounding_mode."""
    other = as_operand(other, input)
    if rounding_mode is None and isinstance(input, Tensor) and input._data.dtype.kind == "f" and (
            other.__class__ is float or (isinstance(other, Tensor) and input._data.dtype is other._data.dtype)):
        return Div.apply2(input, other)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        q = div(input, other)
        out = wrap(q._device._get_backend().xp.trunc(q._data), q._device)
        rt = _dt.result_type(input, other)
        return out if out.dtype is rt else cast(out, rt)
    a, b = promote(input, other)
    if isinstance(a, Tensor) and a._data.dtype.kind != "f":
        a = cast(a, _dt.get_default_dtype())
    if isinstance(b, Tensor) and b._data.dtype.kind != "f":
        b = cast(b, _dt.get_default_dtype())
    if not isinstance(a, Tensor):
        return Div.apply(full_like_scalar(b, a, b.dtype), b)
    if not isinstance(b, Tensor) and isinstance(b, int):
        b = float(b)
    return Div.apply2(a, b)


def rdiv(input, other):
    """other / input for a scalar ``other``."""
    return div(other if isinstance(other, Tensor) else
               full_like_scalar(input, other, _dt.result_type(input, other)), input)


def floor_divide(input, other):
    """Elementwise floor(input / other) (Python's // semantics)."""
    other = as_operand(other, input)
    a, b = promote(input, other)
    if not isinstance(a, Tensor):
        a = full_like_scalar(b, a, b.dtype)
    _check_integer_division(a, b)
    return FloorDivide.apply2(a, b)


def remainder(input, other):
    """Elementwise remainder with the sign of the divisor (Python's % semantics)."""
    other = as_operand(other, input)
    a, b = promote(input, other)
    if not isinstance(a, Tensor):
        a = full_like_scalar(b, a, b.dtype)
    _check_integer_division(a, b)
    return Remainder.apply2(a, b)


def _check_integer_division(a, b):
    """PyTorch raises for integer division by zero (NumPy would warn and give 0)."""
    if a._data.dtype.kind not in "iub":
        return
    if isinstance(b, Tensor):
        if (b._data == 0).any().item():
            raise RuntimeError("ZeroDivisionError")
    elif b == 0:
        raise RuntimeError("ZeroDivisionError")


fmod = remainder


def neg(input):
    """-input."""
    if input._data.dtype.kind == "b":
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return Neg.apply1(input)


negative = neg


def pow(input, exponent):
    """input ** exponent (Tensor or scalar on either side)."""
    if not isinstance(input, Tensor):
        base = input
        exponent = to_float(exponent) if isinstance(base, float) else exponent
        if base.__class__ is int and isinstance(exponent, Tensor) and exponent._data.dtype.kind == "b":
            exponent = cast(exponent, _dt.int64)  # int ** bool tensor is int64 in torch (NumPy: int8)
        if isinstance(base, Tensor):
            return pow(base, exponent)
        return RPow.apply(exponent, base)
    exponent = as_operand(exponent, input)
    a, b = promote(input, exponent)
    if isinstance(b, Tensor) or isinstance(b, float):
        pass
    elif isinstance(b, int) and b < 0 and a._data.dtype.kind in "iub":
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if b.__class__ is bool and a._data.dtype.kind == "b":  # NumPy gives int8, torch keeps bool
        return cast(Pow.apply2(a, int(b)), _dt.bool)
    return Pow.apply2(a, b)


def float_power(input, exponent):
    """input ** exponent computed in float64."""
    return pow(input.double(), exponent.double() if isinstance(exponent, Tensor) else exponent)


def _unary_float(cls):
    def fn(input):
        if input._data.dtype.kind == "f":
            return cls.apply1(input)
        return cls.apply1(to_float(input))
    fn.__doc__ = f"Elementwise {cls.__name__.lower()} (integers give the default float dtype)."
    fn.__name__ = cls.__name__.lower()
    return fn


exp = _unary_float(Exp)
log = _unary_float(Log)
sqrt = _unary_float(Sqrt)
sin = _unary_float(Sin)
cos = _unary_float(Cos)
tanh = _unary_float(Tanh)
sigmoid = _unary_float(Sigmoid)


def rsqrt(input):
    """1 / sqrt(input)."""
    return 1 / sqrt(input)


def square(input):
    """input * input."""
    return mul(input, input)


log1p = _unary_float(Log1p)
expm1 = _unary_float(Expm1)


def log2(input):
    """Base-2 logarithm."""
    import math
    return log(input) / math.log(2)


def log10(input):
    """Base-10 logarithm."""
    import math
    return log(input) / math.log(10)


def reciprocal(input):
    """1 / input."""
    return rdiv(to_float(input), 1.0)


def abs(input):
    """Elementwise |input| (gradient 0 at 0)."""
    return Abs.apply1(input)


absolute = abs


def sign(input):
    """Elementwise sign (-1, 0 or 1)."""
    return Sign.apply1(input)


def relu(input):
    """max(input, 0) with gradient 0 at 0."""
    if input._data.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    return Relu.apply1(input)


def leaky_relu(input, negative_slope=0.01):
    """input where positive, negative_slope * input elsewhere (slope's gradient at 0)."""
    return LeakyRelu.apply2(input, negative_slope)


def clamp(input, min=None, max=None):
    """Limit input to [min, max] (either may be None, a scalar or a Tensor)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    x = input
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        if min is not None:
            x, min = promote(x, as_operand(min, x))
        if max is not None:
            x, max = promote(x, as_operand(max, x))
    else:
        rt = _dt.result_type(x, *[v for v in (min, max) if v is not None])
        if rt.np != x._data.dtype:
            x = cast(x, rt)
    return Clamp.apply(x, min, max)


clip = clamp


def clamp_min(input, min):
    """max(input, min)."""
    return clamp(input, min=min)


def clamp_max(input, max):
    """min(input, max)."""
    return clamp(input, max=max)


def maximum(input, other):
    """Elementwise maximum of two tensors (ties split the gradient evenly)."""
    if not isinstance(other, Tensor):
        raise TypeError(f"maximum(): argument 'other' must be Tensor, not {type(other).__name__}")
    a, b = promote(input, other)
    return Maximum.apply2(a, b)


def minimum(input, other):
    """Elementwise minimum of two tensors (ties split the gradient evenly)."""
    if not isinstance(other, Tensor):
        raise TypeError(f"minimum(): argument 'other' must be Tensor, not {type(other).__name__}")
    a, b = promote(input, other)
    return Minimum.apply2(a, b)


def where(condition, input=None, other=None):
    """Elements of input where condition holds, else of other (scalars allowed)."""
    if input is None and other is None:
        from .index import nonzero
        return nonzero(condition, as_tuple=True)
    t = input if isinstance(input, Tensor) else other if isinstance(other, Tensor) else condition
    if condition._data.dtype.kind != "b":
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{condition.dtype._torch_name[:-6]}")
    a = as_operand(input, t)
    b = as_operand(other, t)
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        a, b = promote(a, b)
    else:
        from ..creation import tensor
        rt = _dt.result_type(a, b)
        a, b = tensor(a, dtype=rt, device=t._device), tensor(b, dtype=rt, device=t._device)
    if not isinstance(a, Tensor):
        a = full_like_scalar(b, a, b.dtype)
    if not isinstance(b, Tensor):
        b = full_like_scalar(a, b, a.dtype)
    return Where.apply(condition, a, b)


def zeros_like(t):
    """Zeros with t's shape, dtype and device (no graph)."""
    return wrap(t._device._get_backend().xp.zeros(t._data.shape, t._data.dtype), t._device)


def clone(input, *, memory_format=None):
    """A copy of input (gradient flows back to input)."""
    return Clone.apply1(input)


subtract = sub
multiply = mul
divide = true_divide = div


# ------------------------------------------------------------------ rounding and more trigonometry
class _Rounding(Op):
    """floor/ceil/round/trunc: piecewise constant, so the gradient is zero (as PyTorch)."""

    fn = None

    @classmethod
    def forward(cls, ctx, x):
        return getattr(ctx.xp, cls.fn)(x)

    @staticmethod
    def backward(ctx, g):
        return g * 0


class Floor(_Rounding):
    fn = "floor"


class Ceil(_Rounding):
    fn = "ceil"


class Round(_Rounding):
    fn = "round"  # half to even, as PyTorch


class Trunc(_Rounding):
    fn = "trunc"


def _rounding(cls):
    def fn(input, *, decimals=0):
        if input._data.dtype.kind != "f":
            return clone(input)
        if decimals:
            scale = 10.0 ** decimals
            return cls.apply1(input * scale) / scale
        return cls.apply1(input)
    fn.__name__ = cls.fn
    fn.__doc__ = f"Elementwise {cls.fn} (gradient zero)."
    return fn


floor, ceil, round, trunc = (_rounding(c) for c in (Floor, Ceil, Round, Trunc))


def frac(input):
    """input - trunc(input) (gradient one)."""
    return input - trunc(input).detach()


class Sinh(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.sinh(x)

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        return g * ((G.exp(x) + G.exp(-x)) / 2)


class Cosh(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.cosh(x)

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        return g * ((G.exp(x) - G.exp(-x)) / 2)


class Atan(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.arctan(x)

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        return g / (1 + x * x)


sinh = _unary_float(Sinh)
cosh = _unary_float(Cosh)
atan = arctan = _unary_float(Atan)


def exp2(input):
    """2 ** input."""
    return pow(2.0, to_float(input))


def type_as(input, other):
    """input converted to other's dtype."""
    return input.to(other.dtype)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN, +inf and -inf replaced by finite numbers (the dtype's extremes by default)."""
    xp = input._device._get_backend().xp
    info = xp.finfo(input._data.dtype) if input._data.dtype.kind == "f" else None
    if info is None:
        return clone(input)
    big = posinf if posinf is not None else float(info.max)
    small = neginf if neginf is not None else float(info.min)
    out = where(isnan(input), nan, input)
    out = where(out == float("inf"), big, out)
    return where(out == float("-inf"), small, out)


def count_nonzero(input, dim=None):
    """Number of nonzero elements (along ``dim``), as int64."""
    return (input != 0).sum(dim=dim)
