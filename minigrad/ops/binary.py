"""Elementwise binary math beyond arithmetic: atan2, hypot, copysign, logaddexp, xlogy, fmax,
ldexp, nextafter, igamma, and torch.special's xlog1py and zeta (differentiable); the integer ops
gcd, lcm and the shifts, and logical_xor, are in ``integer.py``.

The differentiable ops whose gradients are formulas are rows of one table (``RULES``, in the
style of ``unary.py``: forward, each operand's gradient, PyTorch's node name), from which their
Op classes are generated; zeta, igamma and heaviside, whose backward branches or raises, are
classes. Each public function reads PyTorch's operands (most take two
Tensors; ``copysign``, ``xlogy``, ``xlog1py`` and ``zeta`` a number too), promotes them as PyTorch
does, and casts integer results to the default float dtype where PyTorch computes in floating point.
"""
import math
from typing import Callable, NamedTuple

from ..autograd.op import Op
from ..kernels import special
from ..tensor import Tensor
from ._api import public
from ._util import expect_tensor
from ._operands import as_operand, promote, to_float, scalar_tensor_like
from ._broadcast_shapes import check_broadcast
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
        a, b = promote(input, other, floating=True)
    return a, b


def _apply(op, a, b, *extra):
    try:
        return op.apply(a, b, *extra)
    except ValueError:
        check_broadcast(a._data, getattr(b, "_data", b))
        raise


class Rule(NamedTuple):
    """One differentiable op: its forward on arrays and the gradient of each operand.

    The gradient formulas take ``(m, g, a, b)``, or ``(m, g, a, b, y)`` to read the output too;
    each gives its operand's gradient before it is summed to the operand's shape. ``saves`` says
    which operands backward reads, as ``Op.saves``.
    """
    name: str
    forward: Callable
    grad_a: Callable
    grad_b: Callable
    node: str
    saves: tuple = (True, True)


def _op_class(rule):
    """The Op class of a row: forward from its formula; backward sums each needed gradient to
    its operand's shape (None where none is needed)."""
    fwd, ga, gb = rule.forward, rule.grad_a, rule.grad_b
    arity = ga.__code__.co_argcount
    assert gb.__code__.co_argcount == arity, f"{rule.name}: both gradient formulas read the same values"

    def forward(ctx, a, b):
        return fwd(ctx.xp, a, b)

    def backward(ctx, m, g, a, b, *y):  # y: the output, when a formula reads it
        na, nb = ctx.needs_input_grad[:2]
        sa, sb = ctx.shapes[:2]
        return (m.sum_to(ga(m, g, a, b, *y), sa) if na else None), (m.sum_to(gb(m, g, a, b, *y), sb) if nb else None)

    return type(rule.node[:-len("Backward0")], (Op,), {
        "__doc__": f"Elementwise {rule.name}, generated from its row in ops/binary.py.",
        "__module__": __name__, "torch_name": rule.node, "broadcasting": True, "pointwise": True,
        "saves": rule.saves, "saves_output": arity == 5,
        "forward": staticmethod(forward), "backward": staticmethod(backward)})


def _renamed(op, name, node):
    """``op`` under another PyTorch node name (the forms taking a number, e.g. ``CopysignBackward1``)."""
    return type(name, (op,), {"__doc__": f"{op.op_name} with a number operand (PyTorch's {node}).",
                              "__module__": __name__, "torch_name": node})


def _atan2_slope(m, a, b):
    """1 / (a^2 + b^2), 0 at the origin."""
    d = a * a + b * b
    return m.where(d == 0, m.zeros_like(d), 1 / d)


def _xlogy(xp, a, b):
    """a * log(b), 0 where a == 0 unless b is NaN (PyTorch's convention)."""
    return xp.where((a == 0) & (b == b), xp.zeros((), a.dtype), a * xp.log(b))


def _xlog1py(xp, a, b):
    """a * log1p(b), 0 where a == 0 unless b is NaN (PyTorch's convention)."""
    return xp.where((a == 0) & (b == b), xp.zeros((), a.dtype), a * xp.log1p(b))


def _x_times(m, g, log_b, b):
    """g * log_b, 0 where g == 0 unless b is NaN (xlogy's convention, for its gradients)."""
    return m.where((g == 0) & (b == b), m.zeros_like(g), g * log_b)


def _fmax_first(a, b):
    """Where fmax takes a: a >= b (ties included) or b is NaN."""
    return (a >= b) | (b != b)


def _fmin_first(a, b):
    """Where fmin takes a: a <= b (ties included) or b is NaN."""
    return (a <= b) | (b != b)


RULES = (
    #     name         forward on arrays                    a's gradient (m, g, a, b[, y])                 b's gradient                                PyTorch node
    Rule("atan2",      lambda xp, a, b: xp.arctan2(a, b),   lambda m, g, a, b: g * b * _atan2_slope(m, a, b),
                                                                                                           lambda m, g, a, b: g * -a * _atan2_slope(m, a, b),
                                                                                                                                                       "Atan2Backward0"),
    Rule("hypot",      lambda xp, a, b: xp.hypot(a, b),     lambda m, g, a, b, y: g * a / y,               lambda m, g, a, b, y: g * b / y,            "HypotBackward0"),
    # |a| with b's sign: a's gradient is y / a (0 at a = 0), b's is zero
    Rule("copysign",   lambda xp, a, b: xp.copysign(a, b),  lambda m, g, a, b, y: g * m.where(a == 0, m.zeros_like(y), y / a),
                                                                                                           lambda m, g, a, b, y: m.zeros_like(g),      "CopysignBackward0",
         (True, False)),
    Rule("logaddexp",  lambda xp, a, b: xp.logaddexp(a, b), lambda m, g, a, b: g / (m.exp(b - a) + 1),     lambda m, g, a, b: g / (m.exp(a - b) + 1),  "LogaddexpBackward0"),
    Rule("logaddexp2", lambda xp, a, b: xp.logaddexp2(a, b), lambda m, g, a, b: g / (2 ** (b - a) + 1),    lambda m, g, a, b: g / (2 ** (a - b) + 1),  "Logaddexp2Backward0"),
    # PyTorch's formula for a: xlogy(g, b), 0 where a == 0 and b <= 0
    Rule("xlogy",      _xlogy,                              lambda m, g, a, b: m.masked(~((a == 0) & (b <= 0)), _x_times(m, g, m.log(b), b)),
                                                                                                           lambda m, g, a, b: g * a / b,               "XlogyBackward0"),
    # PyTorch's formula for a: xlog1py(g, b), 0 where a == 0 and b <= -1
    Rule("xlog1py",    _xlog1py,                            lambda m, g, a, b: m.masked(~((a == 0) & (b <= -1)), _x_times(m, g, m.log1p(b), b)),
                                                                                                           lambda m, g, a, b: g * a / (b + 1),         "SpecialXlog1PyBackward0"),
    # NaN on one side is ignored; a takes the gradient at ties
    Rule("fmax",       lambda xp, a, b: xp.fmax(a, b),      lambda m, g, a, b: m.masked(_fmax_first(a, b), g),
                                                                                                           lambda m, g, a, b: m.masked(~_fmax_first(a, b), g),
                                                                                                                                                       "FmaxBackward0"),
    Rule("fmin",       lambda xp, a, b: xp.fmin(a, b),      lambda m, g, a, b: m.masked(_fmin_first(a, b), g),
                                                                                                           lambda m, g, a, b: m.masked(~_fmin_first(a, b), g),
                                                                                                                                                       "FminBackward0"),
    Rule("ldexp",      lambda xp, a, b: a * xp.exp2(b),     lambda m, g, a, b: g * 2 ** b,                 lambda m, g, a, b: g * a * 2 ** b * _LN2,   "LdexpBackward0",
         (1, True)),
    # the next float after a towards b: a's gradient is g where a != b, b's is zero
    Rule("nextafter",  lambda xp, a, b: xp.nextafter(a, b), lambda m, g, a, b: m.masked(a != b, g),        lambda m, g, a, b: m.zeros_like(g),         "NextafterBackward0"),
)

OPS = {rule.name: _op_class(rule) for rule in RULES}
Atan2, Hypot, Copysign, Logaddexp, Logaddexp2, Xlogy, Xlog1py, Fmax, Fmin, Ldexp, Nextafter = OPS.values()
Fmax.complex_error = (RuntimeError, "fmax not implemented for complex tensors.")
Fmin.complex_error = (RuntimeError, "fmin not implemented for complex tensors.")
CopysignScalar = _renamed(Copysign, "CopysignScalar", "CopysignBackward1")
XlogyScalarSelf = _renamed(Xlogy, "XlogyScalarSelf", "XlogyBackward1")
Xlog1pyScalarSelf = _renamed(Xlog1py, "Xlog1pyScalarSelf", "SpecialXlog1PyBackward1")


def _scalar_other(op, name, log, node):
    """``op`` (xlogy or xlog1py) for a number b: a's gradient is x(g, number), 0 where a == 0
    unless ``kept`` (the number is in log's domain: PyTorch's formula for a number operand)."""
    fwd = op.forward

    def forward(ctx, a, b, kept):
        return fwd(ctx, a, b)

    def backward(ctx, m, g, a, b, kept):
        slope = _x_times(m, g, log(m, b), b)
        return m.sum_to(slope if kept else m.masked(a != 0, slope), ctx.shapes[0]), None, None

    return type(name, (op,), {
        "__doc__": f"{op.op_name} of a Tensor and a number, as PyTorch's {node}.", "__module__": __name__,
        "torch_name": node, "forward": staticmethod(forward), "backward": staticmethod(backward)})


XlogyScalarOther = _scalar_other(Xlogy, "XlogyScalarOther", lambda m, b: m.log(b), "XlogyBackward2")
Xlog1pyScalarOther = _scalar_other(Xlog1py, "Xlog1pyScalarOther", lambda m, b: m.log1p(b), "SpecialXlog1PyBackward2")


# ------------------------------------------------------------------ ops whose backward branches or raises
class Zeta(Op):
    """The Hurwitz zeta function zeta(s, q); q's gradient is -s zeta(s + 1, q), s's is not
    implemented (as PyTorch's)."""

    torch_name = "SpecialZetaBackward0"
    broadcasting = True
    pointwise = True
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


ZetaScalarSelf = _renamed(Zeta, "ZetaScalarSelf", "SpecialZetaBackward1")
ZetaScalarOther = _renamed(Zeta, "ZetaScalarOther", "SpecialZetaBackward2")


class Igamma(Op):
    """The regularized lower incomplete gamma function P(a, x); x's gradient is
    x^(a-1) e^-x / Gamma(a), a's is not implemented (as PyTorch's)."""

    broadcasting = True
    pointwise = True
    saves = (1, True)
    upper = False

    @staticmethod
    def forward(ctx, a, x):
        f64 = ctx.xp.float64
        return special.gammainc(ctx.xp, a.astype(f64), x.astype(f64))[ctx.upper].astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, a, x):
        if ctx.needs_input_grad[0]:
            raise NotImplementedError(f"the derivative for '{'igammac' if ctx.upper else 'igamma'}: input' is not "
                                      "implemented.")
        slope = m.exp((a - 1) * m.log(x) - x - m.lgamma(a))
        return None, m.sum_to(-g * slope if ctx.upper else g * slope, ctx.shapes[1])


class Igammac(Igamma):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""

    upper = True


class Heaviside(Op):
    """The step function: b where a == 0, else 1 where a > 0 and 0 below (and at NaN). PyTorch
    implements no derivative: backward through it raises."""

    complex_error = (RuntimeError, "heaviside is not yet implemented for complex tensors.")

    torch_name = "torch::autograd::NotImplemented"
    broadcasting = True
    pointwise = True

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
    a, b = promote(input, as_operand(other, input, kernel="copysign_cpu"), wrap=False, floating=True)
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
    kernel = f"{name.removeprefix('special_')}_cpu"
    if not isinstance(input, Tensor):
        input, op = as_operand(input, other, kernel=kernel), ops[1]
    elif not isinstance(other, Tensor):
        other, op = as_operand(other, input, kernel=kernel), ops[2]
        if isinstance(other, Tensor):  # a NumPy array
            op = ops[0]
        elif name != "special_zeta":  # whether a's gradient is kept where a == 0
            extra = (other > (0 if name == "xlogy" else -1),)
    a, b = promote(input, other, wrap=False, floating=True)
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


for _fn, _name in ((atan2, "atan2_"), (atan2, "arctan2_"), (hypot, "hypot_"), (copysign, "copysign_"),
                   (xlogy, "xlogy_"), (ldexp, "ldexp_"), (igamma, "igamma_"), (igammac, "igammac_"),
                   (nextafter, "nextafter_"), (heaviside, "heaviside_")):
    unary_inplace(_fn, _name)
