"""Elementwise binary math beyond arithmetic: atan2, hypot, copysign, logaddexp, xlogy, fmax,
ldexp, nextafter, igamma, and torch.special's xlog1py and zeta (differentiable), and the integer
ops gcd, lcm, shifts, logical_xor (not).

Each differentiable op is one class; its public function reads PyTorch's operands (most take two
Tensors; ``copysign``, ``xlogy``, ``xlog1py`` and ``zeta`` a number too), promotes them as PyTorch
does, and casts integer results to the default float dtype where PyTorch computes in floating point.
"""
import math

from ..autograd.node import Op
from ..kernels import special
from ..tensor import Tensor, wrap
from ._api import public, method, operator
from ._util import as_operand, promote, to_float, check_broadcast, expect_tensor, scalar_tensor_like
from .inplace import unary_inplace

_LN2 = math.log(2)


def _kernel_error(kernel, t):
    """PyTorch's error for a dtype its CPU kernel lacks."""
    return NotImplementedError(f"\"{kernel}_cpu\" not implemented for '{t.dtype._torch_name[:-6]}'")


def _tensors(name, input, other, other_name="other"):
    """Check both arguments are Tensors (PyTorch's TypeError otherwise) and promote them."""
    expect_tensor(name, input)
    expect_tensor(name, other, other_name, 2)
    return promote(input, other)


def _floating(name, input, other, kernel=None):
    """Two Tensors promoted, then cast to the default float dtype when integral; with a
    ``kernel`` name, integral operands raise PyTorch's NotImplementedError instead."""
    a, b = _tensors(name, input, other)
    if a._data.dtype.kind != "f":
        if kernel:
            raise _kernel_error(kernel, a)
        a, b = to_float(a), to_float(b)
    return a, b


def _apply(op, a, b, *extra):
    try:
        return op.apply(a, b, *extra)
    except ValueError:
        check_broadcast(a._data, getattr(b, "_data", b))
        raise


class _Binary(Op):
    """Shared by the classes below: gradients shaped as the inputs."""

    broadcasting = True

    @staticmethod
    def forward(ctx, a, b):  # pragma: no cover (each op has its own)
        raise NotImplementedError


def _reduced(ctx, m, ga, gb):
    """(ga, gb) summed to the inputs' shapes, None where no gradient is needed."""
    na, nb = ctx.needs_input_grad[:2]
    sa, sb = ctx.shapes[:2]
    return (m.sum_to(ga(), sa) if na else None), (m.sum_to(gb(), sb) if nb else None)


# ------------------------------------------------------------------ differentiable ops
class Atan2(_Binary):
    """atan2(a, b), the angle of the point (b, a); gradients (b, -a) / (a^2 + b^2), 0 at the origin."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.arctan2(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        d = a * a + b * b
        recip = m.where(d == 0, m.zeros_like(d), 1 / d)
        return _reduced(ctx, m, lambda: g * b * recip, lambda: g * -a * recip)


class Hypot(_Binary):
    """sqrt(a^2 + b^2) without overflow; gradients a / y and b / y."""

    saves = (True, True)
    saves_output = True

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.hypot(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b, y):
        return _reduced(ctx, m, lambda: g * a / y, lambda: g * b / y)


class Copysign(_Binary):
    """|a| with b's sign; a's gradient is y / a (0 at a = 0), b's is zero."""

    saves = (True, False)
    saves_output = True

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.copysign(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b, y):
        return _reduced(ctx, m, lambda: g * m.where(a == 0, m.zeros_like(y), y / a), lambda: m.zeros_like(g))


class CopysignScalar(Copysign):
    """copysign(a, number): as Copysign, for a Python number b."""

    torch_name = "CopysignBackward1"


class Logaddexp(_Binary):
    """log(exp(a) + exp(b)) without overflow; gradients 1 / (1 + exp(b - a)) and 1 / (1 + exp(a - b))."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.logaddexp(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        return _reduced(ctx, m, lambda: g / (m.exp(b - a) + 1), lambda: g / (m.exp(a - b) + 1))


class Logaddexp2(_Binary):
    """log2(2^a + 2^b); gradients 1 / (1 + 2^(b - a)) and 1 / (1 + 2^(a - b))."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.logaddexp2(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        return _reduced(ctx, m, lambda: g / (2 ** (b - a) + 1), lambda: g / (2 ** (a - b) + 1))


def _xlogy(xp, a, b):
    """a * log(b), 0 where a == 0 unless b is NaN (PyTorch's convention)."""
    return xp.where((a == 0) & (b == b), xp.zeros((), a.dtype), a * xp.log(b))


def _x_times(m, g, log_b, b):
    """g * log_b, 0 where g == 0 unless b is NaN (xlogy's convention, for its gradients)."""
    return m.where((g == 0) & (b == b), m.zeros_like(g), g * log_b)


class Xlogy(_Binary):
    """a * log(b) (0 at a = 0); gradients xlogy(a != 0, b) and a / b."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return _xlogy(ctx.xp, a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):  # PyTorch's formula: xlogy(g, b), 0 where a == 0 and b <= 0
        return _reduced(ctx, m, lambda: m.masked(~((a == 0) & (b <= 0)), _x_times(m, g, m.log(b), b)),
                        lambda: g * a / b)


class XlogyScalarSelf(Xlogy):
    """xlogy(number, b)."""

    torch_name = "XlogyBackward1"


class XlogyScalarOther(Xlogy):
    """xlogy(a, number): a's gradient is xlogy(g, number), 0 where a == 0 unless the number is
    positive (PyTorch's formula for a number operand)."""

    torch_name = "XlogyBackward2"

    @staticmethod
    def forward(ctx, a, b, kept):
        return _xlogy(ctx.xp, a, b)

    @staticmethod
    def backward(ctx, m, g, a, b, kept):
        slope = _x_times(m, g, m.log(b), b)
        return m.sum_to(slope if kept else m.masked(a != 0, slope), ctx.shapes[0]), None, None


class Xlog1py(_Binary):
    """a * log1p(b) (0 at a = 0 unless b is NaN); gradients xlog1py(a != 0, b) and a / (1 + b)."""

    torch_name = "SpecialXlog1PyBackward0"
    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.where((a == 0) & (b == b), ctx.xp.zeros((), a.dtype), a * ctx.xp.log1p(b))

    @staticmethod
    def backward(ctx, m, g, a, b):  # PyTorch's formula: xlog1py(g, b), 0 where a == 0 and b <= -1
        return _reduced(ctx, m, lambda: m.masked(~((a == 0) & (b <= -1)), _x_times(m, g, m.log1p(b), b)),
                        lambda: g * a / (b + 1))


class Xlog1pyScalarSelf(Xlog1py):
    """xlog1py(number, b)."""

    torch_name = "SpecialXlog1PyBackward1"


class Xlog1pyScalarOther(Xlog1py):
    """xlog1py(a, number): a's gradient as XlogyScalarOther's, with log1p."""

    torch_name = "SpecialXlog1PyBackward2"

    @staticmethod
    def forward(ctx, a, b, kept):
        return Xlog1py.forward(ctx, a, b)

    @staticmethod
    def backward(ctx, m, g, a, b, kept):
        slope = _x_times(m, g, m.log1p(b), b)
        return m.sum_to(slope if kept else m.masked(a != 0, slope), ctx.shapes[0]), None, None


class Zeta(_Binary):
    """The Hurwitz zeta function zeta(s, q); q's gradient is -s zeta(s + 1, q), s's is not
    implemented (as PyTorch's)."""

    torch_name = "SpecialZetaBackward0"
    saves = (1, 1)

    @staticmethod
    def forward(ctx, s, q):
        f64 = ctx.xp.float64
        return special.hurwitz_zeta(ctx.xp, s.astype(f64), q.astype(f64)).astype(q.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, s, q):
        if ctx.needs_input_grad[0]:
            raise RuntimeError("the derivative for 'zeta' is not implemented.")
        return None, m.sum_to(g * -s * m.op(Zeta, s + 1, q), ctx.shapes[1])


class ZetaScalarSelf(Zeta):
    """zeta(number, q)."""

    torch_name = "SpecialZetaBackward1"


class ZetaScalarOther(Zeta):
    """zeta(s, number)."""

    torch_name = "SpecialZetaBackward2"


class Igamma(_Binary):
    """The regularized lower incomplete gamma function P(a, x); x's gradient is
    x^(a-1) e^-x / Gamma(a), a's is not implemented (as PyTorch's)."""

    saves = (1, True)
    upper = False

    @staticmethod
    def forward(ctx, a, x):
        f64 = ctx.xp.float64
        return special.gammainc(ctx.xp, a.astype(f64), x.astype(f64))[ctx.upper].astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, a, x):
        if ctx.needs_input_grad[0]:
            raise RuntimeError(f"derivative for aten::{'igammac' if ctx.upper else 'igamma'} is not implemented")
        slope = m.exp((a - 1) * m.log(x) - x - m.lgamma(a))
        return None, m.sum_to(-g * slope if ctx.upper else g * slope, ctx.shapes[1])


class Igammac(Igamma):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""

    upper = True


class Fmax(_Binary):
    """The larger of a and b, ignoring a NaN on one side; a takes the gradient at ties."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.fmax(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        first = (a >= b) | (b != b)
        return _reduced(ctx, m, lambda: m.masked(first, g), lambda: m.masked(~first, g))


class Fmin(_Binary):
    """The smaller of a and b, ignoring a NaN on one side; a takes the gradient at ties."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.fmin(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        first = (a <= b) | (b != b)
        return _reduced(ctx, m, lambda: m.masked(first, g), lambda: m.masked(~first, g))


class Ldexp(_Binary):
    """a * 2^b; gradients 2^b and a * 2^b * log(2)."""

    saves = (1, True)

    @staticmethod
    def forward(ctx, a, b):
        return a * ctx.xp.exp2(b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        return _reduced(ctx, m, lambda: g * 2 ** b, lambda: g * a * 2 ** b * _LN2)


class Nextafter(_Binary):
    """The next float after a towards b; a's gradient is g where a != b (0 where equal), b's zero."""

    saves = (True, True)

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.nextafter(a, b)

    @staticmethod
    def backward(ctx, m, g, a, b):
        return _reduced(ctx, m, lambda: m.masked(a != b, g), lambda: m.zeros_like(g))


class Heaviside(_Binary):
    """The step function: b where a == 0, else 1 where a > 0 and 0 below (and at NaN). PyTorch
    implements no derivative: backward through it raises."""

    torch_name = "torch::autograd::NotImplemented"

    @staticmethod
    def forward(ctx, a, b):
        return ctx.xp.where(a == 0, b, a > 0).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g):
        raise RuntimeError("derivative for aten::heaviside is not implemented")


@public("atan2", "arctan2")
def atan2(input, other):
    """Elementwise angle atan2(input, other) in (-pi, pi] (integers give the default float dtype)."""
    return _apply(Atan2, *_floating("atan2", input, other))


@public
def hypot(input, other):
    """Elementwise sqrt(input^2 + other^2) (floating tensors only)."""
    return _apply(Hypot, *_floating("hypot", input, other, "hypot"))


@public
def copysign(input, other):
    """Elementwise |input| with the sign of ``other`` (a Tensor or a number)."""
    expect_tensor("copysign", input)
    a, b = promote(input, as_operand(other, input))
    if a._data.dtype.kind != "f":
        a = to_float(a)
    if isinstance(b, Tensor):
        return _apply(Copysign, a, to_float(b))
    return CopysignScalar.apply(a, float(b))


@public
def logaddexp(input, other):
    """Elementwise log(exp(input) + exp(other)), computed without overflow."""
    return _apply(Logaddexp, *_floating("logaddexp", input, other, "logaddexp"))


@public
def logaddexp2(input, other):
    """Elementwise log2(2^input + 2^other), computed without overflow."""
    return _apply(Logaddexp2, *_floating("logaddexp2", input, other, "logaddexp2"))


@public
def xlogy(input, other):
    """Elementwise input * log(other), 0 where input == 0 (unless other is NaN); either side may be a number."""
    return _x_log("xlogy", (Xlogy, XlogyScalarSelf, XlogyScalarOther), input, other)


def xlog1py(input, other):
    """Elementwise input * log1p(other), 0 where input == 0 (unless other is NaN); either side may be
    a number (``minigrad.special.xlog1py``)."""
    return _x_log("special_xlog1py", (Xlog1py, Xlog1pyScalarSelf, Xlog1pyScalarOther), input, other)


def zeta(input, other):
    """The Hurwitz zeta function: the sum over k >= 0 of (other + k)^-input, elementwise; either
    side may be a number (``minigrad.special.zeta``)."""
    return _x_log("special_zeta", (Zeta, ZetaScalarSelf, ZetaScalarOther), input, other)


def _x_log(name, ops, input, other):
    """The ops taking Tensor-Tensor, number-Tensor or Tensor-number (xlogy, xlog1py, zeta), in the
    promoted float dtype: ``ops`` are the op classes of the three forms."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({type(input).__name__}, "
                        f"{type(other).__name__}), but expected one of:\n * (Tensor input, Tensor other)\n"
                        " * (Number self, Tensor other)\n * (Tensor input, Number other)")
    op, extra = ops[0], ()
    if not isinstance(input, Tensor):
        input, op = as_operand(input, other), ops[1]
    elif not isinstance(other, Tensor):
        other, op = as_operand(other, input), ops[2]
        if isinstance(other, Tensor):  # a NumPy array
            op = ops[0]
        elif name != "special_zeta":  # whether a's gradient is kept where a == 0
            extra = (other > (0 if name == "xlogy" else -1),)
    a, b = promote(input, other)
    a = to_float(a) if isinstance(a, Tensor) else a
    b = to_float(b) if isinstance(b, Tensor) else b
    like = a if isinstance(a, Tensor) else b
    if not isinstance(a, Tensor):
        a = scalar_tensor_like(like, a, like.dtype)
    if not isinstance(b, Tensor):
        b = scalar_tensor_like(like, b, like.dtype)
    return _apply(op, a, b, *extra)


@public
def igamma(input, other):
    """The regularized lower incomplete gamma function P(input, other), elementwise (floating tensors)."""
    return _apply(Igamma, *_floating("igamma", input, other, "igamma"))


@public
def igammac(input, other):
    """The regularized upper incomplete gamma function Q(input, other) = 1 - P, elementwise."""
    return _apply(Igammac, *_floating("igammac", input, other, "igammac"))


@public
def fmax(input, other):
    """Elementwise maximum that ignores NaN on one side (NaN only where both are NaN)."""
    return _apply(Fmax, *_tensors("fmax", input, other))


@public
def fmin(input, other):
    """Elementwise minimum that ignores NaN on one side (NaN only where both are NaN)."""
    return _apply(Fmin, *_tensors("fmin", input, other))


@public
def ldexp(input, other):
    """Elementwise input * 2^other (integers give the default float dtype)."""
    return _apply(Ldexp, *_floating("ldexp", input, other))


@public
def nextafter(input, other):
    """The next representable float after ``input`` towards ``other``, elementwise."""
    return _apply(Nextafter, *_floating("nextafter", input, other, "nextafter"))


@public
def heaviside(input, values):
    """Elementwise step: ``values`` where input == 0, 1 where input > 0, 0 where below (one dtype on both)."""
    expect_tensor("heaviside", input)
    expect_tensor("heaviside", values, "values", 2)
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return _apply(Heaviside, input, values)


# ------------------------------------------------------------------ integer and logical ops (no gradient)
def _integral(name, kernel, input, other, numbers=False):
    """Operand arrays of an integer op, promoted, and the Tensor whose device the result takes."""
    if numbers:
        if not isinstance(input, Tensor) and isinstance(other, Tensor):
            input = scalar_tensor_like(other, as_operand(input, other))
        expect_tensor(name, input)
        other = as_operand(other, input)
        a, b = promote(input, other)
    else:
        a, b = _tensors(name, input, other)
    for t in (a, b):
        if isinstance(t, Tensor) and t._data.dtype.kind not in "iu":
            raise _kernel_error(kernel, t)
    if not isinstance(b, Tensor) and b.__class__ is not int:
        raise _kernel_error(kernel, scalar_tensor_like(a, b))
    return a._data, (b._data if isinstance(b, Tensor) else b), a


def _wrapped(t, fn, x, y):
    try:
        out = fn(t._device._get_backend().xp, x, y)
    except ValueError:
        check_broadcast(x, y)
        raise
    return wrap(out, t._device)


@public
def gcd(input, other):
    """Elementwise greatest common divisor of two integer tensors (non-negative; gcd(0, 0) = 0)."""
    x, y, t = _integral("gcd", "gcd", input, other)
    return _wrapped(t, lambda xp, a, b: xp.gcd(a, b), x, y)


@public
def lcm(input, other):
    """Elementwise least common multiple of two integer tensors (non-negative; 0 if either is 0)."""
    x, y, t = _integral("lcm", "lcm", input, other)
    return _wrapped(t, lambda xp, a, b: xp.lcm(a, b), x, y)


def _left_shift(xp, a, b):
    """a << b with PyTorch's rule for shifts outside [0, bits): the result is 0."""
    b = xp.asarray(b, dtype=a.dtype)
    bits = a.dtype.itemsize * 8
    inside = (b >= 0) & (b < bits)
    return xp.where(inside, xp.left_shift(a, xp.where(inside, b, 0)), xp.zeros((), a.dtype)).astype(a.dtype, copy=False)


def _right_shift(xp, a, b):
    """a >> b with PyTorch's rule for shifts outside [0, bits): the sign fills the result."""
    b = xp.asarray(b, dtype=a.dtype)
    bits = a.dtype.itemsize * 8
    inside = (b >= 0) & (b < bits)
    return xp.right_shift(a, xp.where(inside, b, bits - 1)).astype(a.dtype, copy=False)


@public
def bitwise_left_shift(input, other):
    """Elementwise input << other for integers (a shift by a negative count or past the width gives 0)."""
    x, y, t = _integral("bitwise_left_shift", "lshift", input, other, numbers=True)
    return _wrapped(t, _left_shift, x, y)


@public
def bitwise_right_shift(input, other):
    """Elementwise arithmetic input >> other for integers (shifts past the width fill with the sign)."""
    x, y, t = _integral("bitwise_right_shift", "rshift", input, other, numbers=True)
    return _wrapped(t, _right_shift, x, y)


@public
def logical_xor(input, other):
    """Elementwise exclusive or of the truth values of two tensors (bool result)."""
    expect_tensor("logical_xor", input)
    expect_tensor("logical_xor", other, "other", 2)
    return _wrapped(input, lambda xp, a, b: (a != 0) ^ (b != 0), input._data, other._data)


def _reflected(fn):
    def reflected(self, other):
        return fn(other, self)
    reflected.__name__ = f"r{fn.__name__}"
    return reflected


method("__lshift__", operator(bitwise_left_shift))
method("__rshift__", operator(bitwise_right_shift))
method("__rlshift__", operator(_reflected(bitwise_left_shift)))
method("__rrshift__", operator(_reflected(bitwise_right_shift)))
for _fn, _name in ((atan2, "atan2_"), (atan2, "arctan2_"), (hypot, "hypot_"), (copysign, "copysign_"),
                   (xlogy, "xlogy_"), (ldexp, "ldexp_"), (igamma, "igamma_"), (igammac, "igammac_"),
                   (nextafter, "nextafter_"), (heaviside, "heaviside_"),
                   (gcd, "gcd_"), (lcm, "lcm_"), (logical_xor, "logical_xor_"),
                   (bitwise_left_shift, "bitwise_left_shift_"), (bitwise_right_shift, "bitwise_right_shift_")):
    unary_inplace(_fn, _name)
unary_inplace(bitwise_left_shift, "__ilshift__")
unary_inplace(bitwise_right_shift, "__irshift__")
