"""Unary ops whose forward and backward are one-line formulas: one table, one row each.

A row gives the op's name, its forward on arrays (``xp`` is NumPy or CuPy), its
backward formula, and PyTorch's node name. The backward's parameters say what
it reads: ``g`` the upstream gradient, ``x`` the input, ``y`` the output; ``m``
is the namespace it computes with (arrays, or recorded Tensor ops under
``create_graph``). From each row come the Op class, the public function
``minigrad.<name>``, the method ``Tensor.<name>`` and its in-place twin
``Tensor.<name>_`` (``inplace.py``), and the word ``m.<name>`` for other formulas.

``dtype`` says what integer and bool inputs become: "float" casts them to the
default float dtype first (as PyTorch computes exp of an int tensor), "same"
keeps the dtype, "exact" returns a copy (rounding an integer changes nothing).
Gradients at the kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0 (and 0 at NaN).
"""
import contextlib
import math
from typing import Callable, NamedTuple

from ..autograd.namespace import provide, constant
from ..autograd.op import Op
from ..kernels import special
from ._api import public, method
from ._util import expect_tensor
from ._operands import to_float
from ._memory import is_host_array
from .conversion import clone
from .layout import pointwise_layout
from .gamma import Polygamma


class Rule(NamedTuple):
    name: str
    forward: Callable
    backward: Callable
    node: str
    dtype: str = "float"
    aliases: tuple = ()
    space: str = "torch"  # "special": only in minigrad.special (torch.special's own names)


_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)  # erf's derivative at 0
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2  # erfinv's derivative at 0
_SQRT_TWO_PI = math.sqrt(2 * math.pi)
_PI_OVER_180 = math.pi / 180
_180_OVER_PI = 180 / math.pi


def _sigmoid(xp, x):
    """Logistic function 1 / (1 + exp(-x)), PyTorch's formula, in four passes over one buffer.

    Where -x is beyond exp's range, exp is inf and the result exactly 0, as PyTorch's (so that
    ``binary_cross_entropy`` clamps its log at -100 there too); NumPy's overflow warning for it is
    silenced, which costs less than capping the argument (a pass over the array). (A stable
    two-branch form with ``where`` ran 10x slower: NumPy's masked loops are slow.)
    """
    if x.dtype.kind == "c":
        return 1 / (1 + xp.exp(-x))
    t = xp.negative(x) if x.ndim else xp.negative(x, out=xp.empty_like(x))  # (out=: a 0-d result stays an array)
    with (xp.errstate(over="ignore") if hasattr(xp, "errstate") else _no_context):
        xp.exp(t, out=t)
    one = constant(xp, 1, t.dtype)  # (a 0-d operand: half the call of a Python number beside small arrays)
    xp.add(t, one, out=t)
    return xp.divide(one, t, out=t)  # (divide: twice as fast as reciprocal)


_no_context = contextlib.nullcontext()


def _relu(xp, x):
    """max(0, x) in x's dtype. Floats against a cached 0-d zero, first (as NumPy then keeps -0.0 as
    PyTorch's relu does): NumPy's maximum with a 0-d operand is vectorised, and an array of zeros
    would cost a pass of its own (half the time of a large relu). The result keeps x's layout."""
    if x.dtype.kind == "f":
        return xp.maximum(constant(xp, 0, x.dtype), x)
    return xp.maximum(x, 0).astype(x.dtype, copy=False)


def _sign(xp, x):
    """PyTorch's sign: 0 at NaN (NumPy's gives NaN); a bool's sign is itself (NumPy has no bool loop)."""
    if x.dtype.kind == "b":
        return x.copy()
    s = xp.sign(x)
    if x.dtype.kind != "f":
        return s
    if is_host_array(s):
        # Fast path, fenced: NaN's sign zeroed through a boolean mask, 1.8x the speed of the where
        # below at every size on NumPy (L1's gradient); the same values (a test checks they agree)
        s[s != s] = 0
        return s
    return xp.where(s != s, s.dtype.type(0), s)


def _laid_as_input(kernel):
    """``kernel``'s forward with its result laid out as its input, as PyTorch's (the multi-pass
    kernels of ``kernels/special/`` build their results row-major; ufuncs keep the input's layout)."""
    def forward(xp, x):
        out = kernel(xp, x)
        return out if x.flags.c_contiguous or out.ndim < 2 else pointwise_layout(out, (x,))
    return forward


def _log_in_base(xp, x, base):
    """log2 or log10 (``base``) of ``x``; of a complex ``x``, log(x) with each part divided by the
    real ln(base), as PyTorch computes it: NumPy's complex log2 and log10 differ from it by an ulp
    in about half the values, and a complex division would turn an infinite part's partner into NaN."""
    if x.dtype.kind != "c":
        return xp.log2(x) if base == 2 else xp.log10(x)
    y = xp.log(x, out=xp.empty_like(x))  # (out=: a 0-d result stays an array, whose parts are views)
    for part in (y.real, y.imag):
        part /= math.log(base)
    return y


RULES = (
    #     name      forward on arrays                      backward: g, x (input), y (output)           PyTorch node
    Rule("neg",     lambda xp, x: -x,                      lambda m, g: -g,                             "NegBackward0", "same", ("negative",)),
    Rule("exp",     lambda xp, x: xp.exp(x),               lambda m, g, y: g * y,                       "ExpBackward0"),
    Rule("log",     lambda xp, x: xp.log(x),               lambda m, g, x: g / x,                       "LogBackward0"),
    Rule("log1p",   lambda xp, x: xp.log1p(x),             lambda m, g, x: g / (x + 1),                 "Log1PBackward0"),
    Rule("log10",   lambda xp, x: _log_in_base(xp, x, 10), lambda m, g, x: g / (x * math.log(10)),      "Log10Backward0"),
    Rule("log2",    lambda xp, x: _log_in_base(xp, x, 2),  lambda m, g, x: g / (x * math.log(2)),       "Log2Backward0"),
    Rule("expm1",   lambda xp, x: xp.expm1(x),             lambda m, g, y: g * (y + 1),                 "Expm1Backward0"),
    Rule("sqrt",    lambda xp, x: xp.sqrt(x),              lambda m, g, y: g / (2 * y),                 "SqrtBackward0"),
    # PyTorch's -g * y^2 and -0.5 g y^3 (the cube as its pow kernel rounds it, y * y * y)
    Rule("reciprocal", lambda xp, x: 1 / x,                lambda m, g, y: -g * (y * y),                "ReciprocalBackward0"),
    Rule("rsqrt",   lambda xp, x: 1 / xp.sqrt(x),          lambda m, g, y: g * -0.5 * (y * y * y),      "RsqrtBackward0"),
    Rule("sin",     lambda xp, x: xp.sin(x),               lambda m, g, x: g * m.cos(x),                "SinBackward0"),
    Rule("cos",     lambda xp, x: xp.cos(x),               lambda m, g, x: -g * m.sin(x),               "CosBackward0"),
    Rule("sinh",    lambda xp, x: xp.sinh(x),              lambda m, g, x: g * m.cosh(x),               "SinhBackward0"),
    Rule("cosh",    lambda xp, x: xp.cosh(x),              lambda m, g, x: g * m.sinh(x),               "CoshBackward0"),
    Rule("atan",    lambda xp, x: xp.arctan(x),            lambda m, g, x: g / (x * x + 1),             "AtanBackward0", "float", ("arctan",)),
    Rule("tan",     lambda xp, x: xp.tan(x),               lambda m, g, y: g * (y * y + 1),             "TanBackward0"),
    Rule("asin",    lambda xp, x: xp.arcsin(x),            lambda m, g, x: g * m.rsqrt(1 - x * x),      "AsinBackward0", "float", ("arcsin",)),
    Rule("acos",    lambda xp, x: xp.arccos(x),            lambda m, g, x: -g * m.rsqrt(1 - x * x),     "AcosBackward0", "float", ("arccos",)),
    Rule("asinh",   lambda xp, x: xp.arcsinh(x),           lambda m, g, x: g * m.rsqrt(x * x + 1),      "AsinhBackward0", "float", ("arcsinh",)),
    Rule("acosh",   lambda xp, x: xp.arccosh(x),           lambda m, g, x: g * _acosh_slope(m, x),
                                                                                                        "AcoshBackward0", "float", ("arccosh",)),
    Rule("atanh",   lambda xp, x: xp.arctanh(x),           lambda m, g, x: g / (1 - x * x),             "AtanhBackward0", "float", ("arctanh",)),
    # g (1 - y)(1 + y): near |y| = 1, 1 - y * y cancels the digits its rounded square lost (PyTorch's
    # kernel rounds 1 - y * y once, in a fused multiply-add); 1 - y is exact there
    Rule("tanh",    lambda xp, x: xp.tanh(x),              lambda m, g, y: g * ((1 - y) * (1 + y)),     "TanhBackward0"),
    # (g (1 - y)) y: PyTorch's order of the products, which rounds differently from g (y (1 - y))
    Rule("sigmoid", _sigmoid,                              lambda m, g, y: g * (1 - y) * y,             "SigmoidBackward0"),
    # PyTorch's threshold_backward: g where not y <= 0 (NaN outputs pass g on), else exactly 0; for
    # relu's output (never below 0) that is y != 0, one pass instead of a comparison and its negation
    Rule("relu",    _relu,                                 lambda m, g, y: m.masked(y != m.scalar(0, y), g),
                                                                                                        "ReluBackward0", "same"),
    # PyTorch's g * sgn(x): 0 at 0 and at NaN for real x, x / |x| (0 at 0) for complex x
    Rule("abs",     lambda xp, x: xp.abs(x),               lambda m, g, x: g * m.sgn(x),                "AbsBackward0", "same", ("absolute",)),
    Rule("sign",    _sign,
                                                           lambda m, g: m.zeros_like(g),                "SignBackward0", "same"),
    Rule("floor",   lambda xp, x: xp.floor(x),             lambda m, g: m.zeros_like(g),                "FloorBackward0", "exact"),
    Rule("ceil",    lambda xp, x: xp.ceil(x),              lambda m, g: m.zeros_like(g),                "CeilBackward0", "exact"),
    Rule("round",   lambda xp, x: xp.round(x),             lambda m, g: m.zeros_like(g),                "RoundBackward0", "exact"),  # half to even
    Rule("trunc",   lambda xp, x: xp.trunc(x),             lambda m, g: m.zeros_like(g),                "TruncBackward0", "exact"),
    Rule("erf",     _laid_as_input(special.erf),           lambda m, g, x: g * (m.exp(-(x * x)) * _TWO_OVER_SQRT_PI),
                                                                                                        "ErfBackward0"),
    Rule("erfinv",  _laid_as_input(lambda xp, x: special.erfinv(xp, x).astype(x.dtype, copy=False)),
                                                           lambda m, g, y: g * (m.exp(y * y) * _SQRT_PI_OVER_TWO),
                                                                                                        "ErfinvBackward0"),
    Rule("erfc",    _laid_as_input(special.erfc),          lambda m, g, x: g * (m.exp(-(x * x)) * -_TWO_OVER_SQRT_PI),
                                                                                                        "ErfcBackward0"),
    Rule("sinc",    lambda xp, x: _sinc(xp, x),            lambda m, g, x: _sinc_grad(m, g, x),
                                                                                                        "SincBackward0"),
    Rule("deg2rad", lambda xp, x: x * _PI_OVER_180,        lambda m, g: g * _PI_OVER_180,               "Deg2RadBackward0"),
    Rule("rad2deg", lambda xp, x: x * _180_OVER_PI,        lambda m, g: g * _180_OVER_PI,               "Rad2DegBackward0"),
    Rule("sgn",     lambda xp, x: _sgn(xp, x),             lambda m, g, x, y: _sgn_grad(m, g, x, y),    "SgnBackward0", "same"),
    Rule("lgamma",  _laid_as_input(special.lgamma),        lambda m, g, x: g * m.digamma(x),            "LgammaBackward0"),
    Rule("digamma", _laid_as_input(special.digamma),       lambda m, g, x: g * m.op(Polygamma, x, 1),   "DigammaBackward0"),
    Rule("i0",      _laid_as_input(special.i0),            lambda m, g, x: g * m.i1(x),                 "I0Backward0"),
    # torch.special's own: minigrad.special.<name> only
    Rule("i0e",     _laid_as_input(special.i0e),           lambda m, g, x, y: g * (m.i1e(x) - m.sign(x) * y),
                                                                                                        "SpecialI0EBackward0", space="special"),
    Rule("i1",      _laid_as_input(special.i1),            lambda m, g, x, y: g * _i1_slope(m, x, y),   "SpecialI1Backward0", space="special"),
    Rule("i1e",     _laid_as_input(special.i1e),           lambda m, g, x, y: g * _i1e_slope(m, x, y),  "SpecialI1EBackward0", space="special"),
    Rule("erfcx",   _laid_as_input(special.erfcx),         lambda m, g, x, y: g * (2 * x * y - _TWO_OVER_SQRT_PI),
                                                                                                        "SpecialErfcxBackward0", space="special"),
    Rule("ndtri",   _laid_as_input(special.ndtri),         lambda m, g, y: g * (m.exp(y * y / 2) * _SQRT_TWO_PI),
                                                                                                        "SpecialNdtriBackward0", space="special"),
    Rule("log_ndtr", _laid_as_input(special.log_ndtr),     lambda m, g, x, y: g * (m.exp(-(y + x * x / 2)) / _SQRT_TWO_PI),
                                                                                                        "SpecialLogNdtrBackward0", space="special"),
    Rule("entr",    lambda xp, x: _entr(xp, x),            lambda m, g, x: g * -(m.log(x) + 1),         "SpecialEntrBackward0",
                                                                                                        space="special"),
)


#: the rows checked with complex input (see ops/complex.py for the gradient convention); the
#: holomorphic ones' formulas are written for real numbers and conjugated for complex gradients
#: (ops/_real_only.py)
_COMPLEX_ROWS = {"neg", "abs", "sgn"}
#: (asin, acos, asinh and acosh multiply by rsqrt, as PyTorch's formulas: at a singular point a
#: complex gradient is then NaN, where dividing would give infinities; see _acosh_slope for acosh's.)
_HOLOMORPHIC_ROWS = {"exp", "log", "log10", "log2", "log1p", "expm1", "sqrt", "reciprocal", "rsqrt",
                     "sin", "cos", "sinh", "cosh", "tan", "tanh", "asin", "acos", "atan", "asinh", "acosh", "atanh",
                     "sigmoid"}
#: the rows whose gradient PyTorch computes with a backward function reading the input or output
#: (see ``Op.input_gradient_node``): name -> PyTorch's node of that gradient
_INPUT_GRADIENT_NODES = {"relu": "ThresholdBackwardBackward0"}


def _sgn(xp, x):
    """sign for real x; z / |z| (0 at 0) for complex z."""
    if x.dtype.kind != "c":
        return _sign(xp, x)
    size = xp.abs(x)
    return xp.where(size == 0, x.dtype.type(0), x / xp.where(size == 0, size.dtype.type(1), size))


def _sgn_grad(m, g, x, y):
    """0 for real x; for complex z, (g - s Re(conj(s) g)) / |z| with s = sgn(z) (0 at 0): the part
    of g across the direction of z, divided by |z|."""
    if x.dtype.kind != "c":
        return m.zeros_like(g)
    size = m.abs(x)
    across = (g - y * m.real(m.conj(y) * g)) / m.where(size == 0, m.zeros_like(size) + 1, size)
    return m.where(size == 0, m.zeros_like(across), across)


def _acosh_slope(m, x):
    """1 / sqrt(x^2 - 1): for real x as PyTorch computes it, so finite below -1 too (where acosh is NaN)
    and infinite at -1; for complex z the product of two roots, 1 / sqrt(z^2 - 1) having the other sign
    left of the imaginary axis."""
    if x.dtype.kind != "c":
        return m.rsqrt(x * x - 1)
    return m.rsqrt(x - 1) * m.rsqrt(x + 1)


def _sinc(xp, x):
    """sin(pi x) / (pi x), 1 at 0 (PyTorch's formula: the product pi x rounded in x's dtype)."""
    product = x * math.pi
    return xp.where(x == 0, constant(xp, 1, x.dtype), xp.sin(product) / product)


def _sinc_grad(m, g, x):
    """g sinc'(x) = g (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 where pi x^2 is 0 (PyTorch's mask)."""
    product = x * math.pi
    square = x * x * math.pi
    return m.masked(square != 0, g * (product * m.cos(product) - m.sin(product)) / square)


def _entr(xp, x):
    """-x log x for x > 0, 0 at 0, -inf below (NaN stays NaN)."""
    zero = constant(xp, 0, x.dtype)
    return xp.where(x > 0, -x * xp.log(xp.where(x > 0, x, 1)), xp.where(x == 0, zero, xp.where(x < 0, -xp.inf, x)))


#: I1's and I1e's slopes at 0 are 1/2; PyTorch takes that value where |x| is not above the dtype's
#: epsilon (and so at NaN too)
def _i1_slope(m, x, y):
    """I1'(x) = I0(x) - I1(x) / x (1/2 near 0)."""
    tiny = ~(m.abs(x) > _EPSILON[x.dtype.itemsize])
    safe = m.where(tiny, m.zeros_like(x) + 1, x)
    return m.where(tiny, m.zeros_like(x) + 0.5, m.i0(safe) - y / safe)


def _i1e_slope(m, x, y):
    """(exp(-|x|) I1(x))' = i0e(x) - i1e(x) (sign(x) + 1 / x) (1/2 near 0)."""
    tiny = ~(m.abs(x) > _EPSILON[x.dtype.itemsize])
    safe = m.where(tiny, m.zeros_like(x) + 1, x)
    return m.where(tiny, m.zeros_like(x) + 0.5, m.i0e(safe) - y * (m.sign(safe) + 1 / safe))


_EPSILON = {2: 2.0 ** -10, 4: 2.0 ** -23, 8: 2.0 ** -52}

_BOOL_ERRORS = {  # name -> (the exception PyTorch raises for a bool input, its message)
    "neg": (RuntimeError, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                          "invert a mask, use the `~` or `logical_not()` operator instead."),
    "relu": (RuntimeError, "Boolean inputs not supported for relu"),
    **{name: (NotImplementedError, f"\"{kernel}\" not implemented for 'Bool'")
       for name, kernel in (("abs", "abs_cpu"), ("floor", "floor_vml_cpu"), ("ceil", "ceil_vml_cpu"),
                            ("round", "round_vml_cpu"), ("trunc", "trunc_vml_cpu"))},
}


def _complex_rounding_error(name, input):
    """PyTorch's message for rounding a complex tensor (round has a kernel-name message)."""
    if name == "round":
        return f"\"round_vml_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'"
    return f"{name} is not supported for complex inputs"


def _op_class(rule):
    """The Op class of a row: forward and backward from its formulas, saving what backward reads."""
    code = rule.backward.__code__
    reads = code.co_varnames[2:code.co_argcount]
    fwd, bwd = rule.forward, rule.backward

    def forward(ctx, x):
        return fwd(ctx.xp, x)
    if reads == ("x", "y"):
        def backward(ctx, m, g, x, y):
            return bwd(m, g, x, y)
    elif reads == ("x",):
        def backward(ctx, m, g, x):
            return bwd(m, g, x)
    elif reads == ("y",):
        def backward(ctx, m, g, x, y):  # x is None: not saved
            return bwd(m, g, y)
    else:
        def backward(ctx, m, g):
            return bwd(m, g)
    name = rule.node[:-len("Backward0")]
    return type(name, (Op,), {
        "__doc__": f"Elementwise {rule.name}, generated from its row in ops/unary.py.",
        "__module__": __name__, "torch_name": rule.node, "supports_complex": rule.name in _COMPLEX_ROWS,
        "holomorphic": rule.name in _HOLOMORPHIC_ROWS, "input_gradient_node": _INPUT_GRADIENT_NODES.get(rule.name),
        "saves": ("x" in reads,) if reads else (), "saves_output": "y" in reads, "stateless_forward": True,
        "pointwise": True,
        "forward": staticmethod(forward), "backward": staticmethod(backward)})


def _function(rule, op):
    """The public function of a row, applying its dtype rule. Its fast path reads the input's
    dtype directly; a non-Tensor input fails there and gets PyTorch's TypeError off that path."""
    name = rule.name
    if rule.dtype == "float":
        def fn(input):
            try:
                floating = input._data.dtype.kind == "f"
            except AttributeError:
                expect_tensor(name, input)
                raise
            return op.apply(input if floating else to_float(input))
    elif rule.dtype == "exact":
        bool_error = _BOOL_ERRORS.get(name)

        def fn(input):
            try:
                floating = input._data.dtype.kind == "f"
            except AttributeError:
                expect_tensor(name, input)
                raise
            if not floating:
                kind = input._data.dtype.kind
                if bool_error and kind == "b":
                    raise bool_error[0](bool_error[1])
                if kind == "c":
                    raise NotImplementedError(_complex_rounding_error(name, input))
            return op.apply(input) if floating else clone(input)
    else:
        bool_error = _BOOL_ERRORS.get(name)

        def fn(input):
            try:
                if bool_error and input._data.dtype.kind == "b":
                    raise bool_error[0](bool_error[1])
            except AttributeError:
                expect_tensor(name, input)
                raise
            return op.apply(input)
    fn.__name__ = fn.__qualname__ = name
    fn.__module__ = __name__
    fn.__doc__ = (f"Elementwise {name}{' (alias: ' + ', '.join(rule.aliases) + ')' if rule.aliases else ''}: "
                  f"the row of ``{name}`` in the rule table (PyTorch's node: {rule.node}).")
    return fn


OPS = {}
SPECIAL = {}  # the rows only torch.special has: name -> function (for minigrad.special)
for _rule in RULES:
    OPS[_rule.name] = _op = _op_class(_rule)
    globals()[_op.op_name] = _op
    _fn = _function(_rule, _op)
    if _rule.space == "torch":
        globals()[_rule.name] = public(_rule.name, *_rule.aliases)(_fn)
    else:
        _fn.__module__, SPECIAL[_rule.name] = "minigrad.special", _fn
    provide(_rule.name, _fn, lambda xp, f=_rule.forward: lambda x: f(xp, x))

for _name in ("deg2rad", "rad2deg"):
    OPS[_name].complex_error = (RuntimeError, f"{_name} is not supported for complex tensors.")
OPS["sign"].complex_error = (NotImplementedError, "Unlike NumPy, torch.sign is not intended to support complex "
                                                  "numbers. Please use torch.sgn instead.")
OPS["relu"].complex_error = (NotImplementedError, "clamp is not supported for complex types")  # (relu is a clamp)
method("__neg__", neg)  # noqa: F821  (generated above)
method("__abs__", abs)  # noqa: F821

