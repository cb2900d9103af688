"""Selection: ops that pick, elementwise, between values (maximum/minimum, where, clamp,
leaky_relu, masked_fill, nan_to_num). Gradients follow PyTorch at ties and bounds:
maximum(a, a) gives half to each, clamp passes the gradient at its bounds."""
import math as _math
import numbers
import warnings

from .. import dtypes as _dt
from ..autograd.namespace import provide, constant
from ..autograd.op import Op
from ..kernels.masks import select
from .._errors import check_complex_value, check_float_range
from .._tensor_metadata import check_scalar_int
from ..tensor import Tensor, wrap
from ._api import public
from ._saved_fields import argument
from .search import nonzero
from ._util import as_operand, promote, scalar_tensor_like, broadcast_shapes, check_broadcast, expect_tensor, \
    expect_boolean_mask, expect_number, integer_scalar


class Maximum(Op):
    """Elementwise max; ties give half the gradient to each input (as PyTorch)."""

    complex_error = (RuntimeError, "maximum not implemented for complex tensors.")

    broadcasting = True
    pointwise = True
    saves = (True, True)
    picks_larger = True

    @staticmethod
    def forward(ctx, a, b):
        try:
            return ctx.xp.maximum(a, b)
        except ValueError:
            check_broadcast(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        # PyTorch: where(a == b, g / 2, g), masked to exactly 0 for the input not picked (an infinite
        # or NaN g included); a NaN on either side gives both inputs the whole gradient
        shared = g * (1 - m.cast(a == b, g.dtype) * 0.5)
        a_loses, b_loses = (a < b, a > b) if ctx.picks_larger else (a > b, a < b)
        ga = m.sum_to(m.masked(~a_loses, shared), sa) if na else None
        gb = m.sum_to(m.masked(~b_loses, shared), sb) if nb else None
        return ga, gb


class Minimum(Maximum):
    """Elementwise min; ties give half the gradient to each input (as PyTorch)."""

    complex_error = (RuntimeError, "minimum not implemented for complex tensors.")

    picks_larger = False

    @staticmethod
    def forward(ctx, a, b):
        try:
            return ctx.xp.minimum(a, b)
        except ValueError:
            check_broadcast(a, b)
            raise


@public
def maximum(input, other):
    """Elementwise maximum of two tensors (ties split the gradient evenly)."""
    expect_tensor("maximum", input)
    expect_tensor("maximum", other, "other", 2)
    return Maximum.apply(*promote(input, other))


@public
def minimum(input, other):
    """Elementwise minimum of two tensors (ties split the gradient evenly)."""
    expect_tensor("minimum", input)
    expect_tensor("minimum", other, "other", 2)
    return Minimum.apply(*promote(input, other))


class Where(Op):
    """Elements of ``a`` where ``cond``, else of ``b``; only the condition is saved."""

    broadcasting = True
    pointwise = True
    saves = (True, False, False)
    supports_complex = True
    saved_names = ("condition",)

    @property
    def edge_args(self):
        """PyTorch's edges: where's two values, masked_fill's input (and a Tensor value); no mask."""
        name = self.name()
        return (2,) if name == "MaskedFillBackward0" else (2, 1) if name == "MaskedFillBackward1" else slice(1, 3)

    @staticmethod
    def forward(ctx, cond, a, b):
        try:
            return ctx.xp.where(cond, a, b)
        except ValueError:
            broadcast_shapes(cond.shape, a.shape, b.shape)
            raise

    @staticmethod
    def backward(ctx, m, g, cond, a, b):
        _, na, nb = ctx.needs_input_grad
        _, sa, sb = ctx.shapes
        zero = m.zeros_like(g)
        ga = m.sum_to(m.where(cond, g, zero), sa) if na else None
        gb = m.sum_to(m.where(cond, zero, g), sb) if nb else None
        return None, ga, gb


class MaskedFill(Where):
    """masked_fill as ``where(mask, value, input)``, its result row-major whatever the inputs'
    layouts, as PyTorch's."""

    pointwise = False
    supports_complex = True
    saved_names = ("mask",)

    @staticmethod
    def forward(ctx, cond, a, b):
        out = Where.forward(ctx, cond, a, b)
        return out if out.flags.c_contiguous else out.copy()


class _NotGiven:
    """The default of where's ``input`` and ``other``: told apart from a None given, which PyTorch refuses."""
    __slots__ = ()

    def __repr__(self):
        return "<not given>"


NOT_GIVEN = _NotGiven()


@public(method=False)
def where(condition, input=NOT_GIVEN, other=NOT_GIVEN):
    """Elements of input where condition holds, else of other (scalars allowed); with neither given,
    the indices where condition holds (``nonzero(condition, as_tuple=True)``)."""
    if (condition.__class__ is Tensor and input.__class__ is Tensor and other.__class__ is Tensor
            and condition._data.dtype.kind == "b" and input._data.dtype is other._data.dtype
            and input._device is condition._device and other._device is condition._device):
        # Fast path, fenced: a bool condition between two plain Tensors of one dtype on its device,
        # which _where would pass unchanged (nothing to wrap or promote; a test checks the two agree)
        return Where.apply(condition, input, other)
    return _where(condition, input, other, Where)


def _where(condition, input, other, op):
    """``where`` computed by ``op`` (``Where``, or ``MaskedFill`` for masked_fill)."""
    expect_tensor("where", condition, "condition")
    if input is NOT_GIVEN or other is NOT_GIVEN:
        if input is not other:  # (a None given is refused below, as any other non-number)
            raise TypeError("where() received an invalid combination of arguments: give both input and other, or "
                            "neither")
        return nonzero(condition, as_tuple=True)
    t = input if isinstance(input, Tensor) else other if isinstance(other, Tensor) else condition
    if condition.dtype is _dt.uint8:
        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in "
                      "a future version of PyTorch. Use a boolean condition instead.", UserWarning, stacklevel=3)
        condition = condition != 0
    if condition._data.dtype.kind != "b":
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{condition.dtype._torch_name[:-6]}")
    a = as_operand(input, t, complex_ok=True)
    b = as_operand(other, t, complex_ok=True)
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        a, b = promote(a, b, wrap=False)
        kind = (a if isinstance(a, Tensor) else b)._data.dtype
        if kind.kind in "iu":  # (a number the integer dtype cannot hold: PyTorch's overflow error)
            a, b = integer_scalar(kind, a), integer_scalar(kind, b)
    else:
        rt = _dt.result_type(a, b)
        a, b = scalar_tensor_like(t, a, rt), scalar_tensor_like(t, b, rt)
    if not isinstance(a, Tensor):
        a = scalar_tensor_like(b, a, b.dtype)
    if not isinstance(b, Tensor):
        b = scalar_tensor_like(a, b, a.dtype)
    return op.apply(condition, a, b)


def _where_method(self, condition, other):
    """``self.where(condition, other)``: self where condition, else other."""
    return where(condition, self, other)


public("where", function=False)(_where_method)


def _where_word(cond, a, b):
    if not isinstance(cond, Tensor):
        cond = wrap(cond, a._device)  # a mask the formula built on arrays
    return where(cond, a, b)


provide("where", _where_word)
# g where mask, else 0 (exactly: an infinite or NaN g outside the mask gives 0, as PyTorch's masked
# backward kernels); on arrays a bitwise select, since NumPy's where runs ~15x slower on random masks
provide("masked", lambda mask, g: _where_word(mask, g, 0), lambda xp: select)


class Clamp(Op):
    """clamp(x, lo, hi) with scalar or Tensor bounds; the gradient passes at the bounds (0 outside them
    and at NaN, whatever the upstream gradient)."""

    saves = (True, True, True)
    saved_names = ("self", "min", "max")
    complex_error = (NotImplementedError, "clamp is not supported for complex types")
    pointwise = True
    number_inputs = False  # (number bounds are options of PyTorch's kernel, Tensor bounds its inputs)

    def name(self):
        return "ClampBackward0" if self.tensor_bounds else "ClampBackward1"

    @property
    def edge_args(self):
        """PyTorch's edges: the input, and the bounds when they are Tensors."""
        return None if self.tensor_bounds else slice(0, 1)

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.tensor_bounds = hasattr(lo, "shape") or hasattr(hi, "shape")
        return _clamped(ctx.xp, x, lo, hi)

    @staticmethod
    def backward(ctx, m, g, x, lo, hi):
        return _clamp_grads(m, g, x, lo, hi, ctx.needs_input_grad)


class ClampNumbers(Clamp):
    """Clamp with number bounds (or None), given as one ``(lo, hi)`` pair: two arguments, which
    ``Op.apply``'s fast path takes (three take its general path). The same forward and formula."""

    saves = (True, False)
    saved_fields = {"min": lambda ctx: argument(1)(ctx)[0], "max": lambda ctx: argument(1)(ctx)[1]}
    tensor_bounds = False
    stateless_forward = True

    @staticmethod
    def forward(ctx, x, bounds):
        lo, hi = bounds
        if lo is None or hi is None or not x.ndim:
            return _clamped(ctx.xp, x, lo, hi)
        # Fast path, fenced: two number bounds beside a floating array (clamp's fast path passes no
        # other): _clamped's steps without its checks of the bounds' types (half its time on a small x)
        xp = ctx.xp
        out = xp.maximum(constant(xp, lo, x.dtype), x)
        xp.minimum(constant(xp, hi, x.dtype), out, out=out)
        return out

    @staticmethod
    def backward(ctx, m, g, x, bounds):
        return _clamp_grads(m, g, x, *bounds, (ctx.needs_input_grad[0], False, False))[0]


def _clamped(xp, x, lo, hi):
    """The array ``x`` clamped to [lo, hi] (each a number, an array or None), a new array."""
    hi_number = not hasattr(hi, "shape")
    if x.dtype.kind == "f" and _PLAIN_BOUNDS.issuperset((lo.__class__, hi.__class__)):
        # Python number bounds as cached 0-d arrays of x's dtype: NumPy's maximum and minimum take
        # one at about half a number's cost, with the same result (NumPy casts the number so too)
        lo = lo if lo is None else constant(xp, lo, x.dtype)
        hi = hi if hi is None else constant(xp, hi, x.dtype)
    # The bound first: NumPy's maximum and minimum return their second operand where the two are
    # equal, so x is kept at a tie, as PyTorch's clamp keeps it (clamp(-0.0, min=0.0) is -0.0)
    out = x
    if lo is not None:
        out = xp.maximum(lo, out)
    if hi is not None:
        if out is not x and out.__class__ is x.__class__ and out.dtype.kind == "f" and hi_number:
            xp.minimum(hi, out, out=out)  # (into the new array from above: one allocation, not two)
        else:
            out = xp.minimum(hi, out)
    return out.astype(x.dtype, copy=False) if out is not x else out.copy()


def _clamp_grads(m, g, x, lo, hi, needs):
    """Clamp's gradients (of x, lo and hi, as ``needs`` asks): g where x is within the bounds."""
    nx, nlo, nhi = needs
    keep = None
    if lo is not None:
        keep = x >= lo
    if hi is not None:
        keep = (x <= hi) if keep is None else keep & (x <= hi)
    # g where the mask holds, else exactly 0 (PyTorch's where: an infinite or NaN g at a clamped
    # position gives 0, not g * 0)
    gx = m.sum_to(m.masked(keep, g) if keep is not None else g, tuple(x.shape)) if nx else None
    glo = ghi = None
    if nlo:
        below = x < lo
        if hi is not None:
            below = below & (lo < hi)  # PyTorch: with lo == hi, a clamped-from-below x gives neither bound a gradient
        glo = m.sum_to(m.masked(below, g), tuple(lo.shape))
    if nhi:
        above = (x > hi) | ((lo > hi) if lo is not None else False)
        ghi = m.sum_to(m.masked(above, g), tuple(hi.shape))
    return gx, glo, ghi


def _tensor_with_number(bound, other):
    """True for a Tensor bound of one or more dims beside a number (PyTorch has no such overload;
    a 0-d Tensor passes as a Number)."""
    return isinstance(bound, Tensor) and bound.ndim > 0 and other is not None and not isinstance(other, Tensor)


@public("clamp", "clip")
def clamp(input, min=None, max=None):
    """Limit input to [min, max] (either may be None, a scalar or a Tensor)."""
    if (input.__class__ is Tensor and input._data.dtype.kind == "f"
            and (min.__class__ in _NUMBERS and -_ANY_FLOAT <= min <= _ANY_FLOAT or min is None)
            and (max.__class__ in _NUMBERS and -_ANY_FLOAT <= max <= _ANY_FLOAT or max is None)
            and (min is not None or max is not None)):
        # Fast path, fenced: a floating Tensor between number bounds that every float dtype holds
        # (``clamp(0, 1)``), which _clamp's checks would pass unchanged; one node of the same values
        # and gradient, through Op.apply's two-argument path (a test checks the two agree)
        return ClampNumbers.apply(input, (min, max))
    return _clamp(input, min, max, Clamp)


#: the classes of clamp's commonest bounds, which need none of its type checks
_PLAIN_BOUNDS = frozenset({type(None), int, float})
_NUMBERS = (int, float)
#: float16's largest finite value: a number bound within it is in range for every float dtype
_ANY_FLOAT = 65504.0


def _clamp(input, min, max, op):
    expect_tensor("clamp", input)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    tensor_bounds = False
    plain = _PLAIN_BOUNDS.issuperset((min.__class__, max.__class__))
    if not plain:  # (None, int, float: nothing to check)
        if any(not (b is None or isinstance(b, (Tensor, numbers.Number))) for b in (min, max)):
            raise TypeError(f"clamp() received an invalid combination of arguments - got (Tensor, {type(min).__name__}, "
                            f"{type(max).__name__}), but expected one of:\n"
                            " * (Tensor input, Tensor min = None, Tensor max = None)\n"
                            " * (Tensor input, Number min = None, Number max = None)")
        tensor_bounds = isinstance(min, Tensor) or isinstance(max, Tensor)
    check_scalar_int(min)
    check_scalar_int(max)
    x = input
    if tensor_bounds and (_tensor_with_number(min, max) or _tensor_with_number(max, min)):
        raise TypeError("clamp() received an invalid combination of arguments - got a Tensor bound of one or "
                        "more dimensions beside a Number bound, but expected one of:\n"
                        " * (Tensor input, Tensor min = None, Tensor max = None)\n"
                        " * (Tensor input, Number min = None, Number max = None)")
    if tensor_bounds:
        if min is not None:
            x, min = promote(x, as_operand(min, x))
        if max is not None:
            x, max = promote(x, as_operand(max, x))
        # (the three promoted together, as PyTorch's: pairwise, a 0-d input's float32 beside a float16
        # bound of dims would win over the float32 bound of dims before it)
        rt = _dt.result_type(*[v for v in (x, min, max) if isinstance(v, Tensor)])
        x, min, max = (v.to(rt) if isinstance(v, Tensor) and v.dtype is not rt else v for v in (x, min, max))
        for bound in (min, max):
            if isinstance(bound, Tensor):
                check_broadcast(x._data, bound._data)  # (PyTorch's RuntimeError naming the sizes)
    elif plain and x._data.dtype.kind == "f":
        # (a floating input keeps its dtype beside int and float bounds, result_type's answer without
        # its cost: only their range is checked)
        check_float_range(x._data.dtype, min)
        check_float_range(x._data.dtype, max)
    else:
        rt = _dt.result_type(x, *[v for v in (min, max) if v is not None])
        if rt.np != x._data.dtype:
            x = x.to(rt)
        elif x._data.dtype.kind in "iu":
            min, max = (integer_scalar(x._data.dtype, v) for v in (min, max))
        else:
            check_float_range(x._data.dtype, min)
            check_float_range(x._data.dtype, max)
    return op.apply(x, min, max)


class ClampMin(Clamp):
    """clamp_min: Clamp under PyTorch's node (ClampMinBackward0, or 1 for a Tensor bound)."""

    saves = (True, True, False)  # (no upper bound: PyTorch's node saves none)

    @staticmethod
    def complex_error(x, lo, hi):
        """PyTorch's error for complex input: clamp's, or maximum's kernel's for a Tensor bound."""
        if hasattr(lo, "shape"):
            return NotImplementedError, "\"maximum_cpu\" not implemented for '{kind}'"
        return Clamp.complex_error

    def name(self):
        return "ClampMinBackward1" if self.tensor_bounds else "ClampMinBackward0"

    @property
    def edge_args(self):
        return slice(0, 2) if self.tensor_bounds else slice(0, 1)


class ClampMax(Clamp):
    """clamp_max: Clamp under PyTorch's node (ClampMaxBackward0, or 1 for a Tensor bound)."""

    saves = (True, False, True)  # (no lower bound: PyTorch's node saves none)

    @staticmethod
    def complex_error(x, lo, hi):
        """PyTorch's error for complex input: clamp's, or minimum's kernel's for a Tensor bound."""
        if hasattr(hi, "shape"):
            return NotImplementedError, "\"minimum_cpu\" not implemented for '{kind}'"
        return Clamp.complex_error

    def name(self):
        return "ClampMaxBackward1" if self.tensor_bounds else "ClampMaxBackward0"

    @property
    def edge_args(self):
        return (0, 2) if self.tensor_bounds else slice(0, 1)



@public
def clamp_min(input, min):
    """max(input, min)."""
    return _clamp(input, min, None, ClampMin)


@public
def clamp_max(input, max):
    """min(input, max)."""
    return _clamp(input, None, max, ClampMax)


provide("clamp", lambda x, lo=None, hi=None: clamp(x, lo, hi))


class LeakyRelu(Op):
    """x where positive, ``slope * x`` elsewhere; the slope's side gets the gradient at 0."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saves = (True, False)
    saved_fields = {"negative_slope": argument(1)}
    input_gradient_node = True
    complex_error = (NotImplementedError, "\"leaky_relu_cpu\" not implemented for '{kind}'")

    @staticmethod
    def forward(ctx, x, slope):
        xp = ctx.xp
        s = constant(xp, slope, x.dtype) if x.dtype.kind == "f" else slope
        if 0 <= slope <= 1:  # max(x, slope x) is the same values in two array ops instead of three
            return xp.maximum(x, x * s)
        return xp.where(x > 0, x, x * s).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, x, slope):
        if m.records or not 0 <= slope <= 1:
            return m.where(x > m.scalar(0, x), g, g * m.scalar(slope, g))
        # On arrays, g times a factor of exactly 1 where x > 0 and s elsewhere (NaN included): the
        # products of the where above, which NumPy runs ~15x slower on random masks
        s = m.scalar(slope, g)
        if x.size <= _SMALL_FACTOR_SIZE or slope == 0 and _math.copysign(1, slope) < 0:
            # Fast path, fenced: on small arrays the factor as fmax(sign(x), s), three array calls
            # instead of the five below (whose loops are the faster ones on large arrays); a slope
            # of -0.0 too, whose zero products the sum below would make +0. (A test checks the
            # two agree.)
            return g * m.xp.fmax(m.xp.sign(x), s)
        # 1 as fl(fl(1 - s) + s), exact for s in [0, 1]; s as 0 + s
        return g * (m.cast(x > m.scalar(0, x), g.dtype) * m.scalar(_complement(slope, s), g) + s)


_SMALL_FACTOR_SIZE = 1024  # (the sizes at which NumPy runs the fmax factor faster, measured)
_complements = {}  # (slope, dtype) -> 1 - slope rounded to dtype, a Python float


def _complement(slope, s):
    """``1 - s`` for ``s`` the 0-d array of ``slope``, rounded to its dtype as the kernel computes it,
    as a Python float: cached, since a 0-d subtraction costs more than the mask's arithmetic."""
    key = (slope, s.dtype)
    c = _complements.get(key)
    if c is None:
        if len(_complements) > 64:
            _complements.clear()
        c = _complements[key] = (1 - s).item()  # (once per slope and dtype: a host copy on a device)
    return c


def leaky_relu(input, negative_slope=0.01):
    """input where positive, negative_slope * input elsewhere (the slope's gradient at 0)."""
    return LeakyRelu.apply(input, negative_slope)


class LeakyReluOfResult(LeakyRelu):
    """leaky_relu as its in-place form records it (PyTorch's ``LeakyReluBackward1``): backward reads the
    result, whose sign is the input's for a positive slope, so that a later in-place change of the
    result makes backward raise PyTorch's error."""

    torch_name = "LeakyReluBackward1"
    saves = (False, False)
    saves_output = True

    @staticmethod
    def backward(ctx, m, g, x, slope, y):
        if slope < 0:
            raise RuntimeError(
                "In-place leakyReLu backward calculation is triggered with a negative slope which is not supported. "
                "This is caused by calling in-place forward function with a negative slope, please call out-of-place "
                "version instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting "
                "in-place leakRelu backward calculation with negative slope")
        return m.where(y > m.scalar(0, y), g, g * m.scalar(slope, g))


def leaky_relu_of_result(input, negative_slope=0.01):
    """leaky_relu recorded as its in-place form (see ``LeakyReluOfResult``); ``in_place`` writes it back."""
    return LeakyReluOfResult.apply(input, negative_slope)


@public
def masked_fill(input, mask, value):
    """A copy with ``value`` where ``mask`` is True."""
    expect_tensor("masked_fill", input)
    expect_boolean_mask("masked_fill", mask, 2)
    node_name = "MaskedFillBackward1" if isinstance(value, Tensor) else "MaskedFillBackward0"
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.ndim} dimension(s).")
        value = check_complex_value(input.dtype, value).to(input.dtype)
    else:
        value = check_complex_value(input.dtype, value)
        check_scalar_int(value)
        if input._data.dtype.kind in "iu":
            value = integer_scalar(input._data.dtype, value)
        elif value.__class__ is int and value >= 2 ** 63:  # (uint64-sized: as a float, where one is filled)
            value = float(value)
        value = as_operand(value, input, complex_ok=True)
        check_float_range(input._data.dtype, value)
        value = scalar_tensor_like(input, value, input.dtype)  # (a list or an array: TypeError)
    out = _where(mask, value, input, MaskedFill)
    if out._node is not None:
        out._node.torch_name = node_name  # (a Where node, named as PyTorch's masked_fill)
    return out


@public
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN, +inf and -inf replaced by finite numbers (the dtype's extremes by default)."""
    expect_tensor("nan_to_num", input)
    for name, value in (("nan", nan), ("posinf", posinf), ("neginf", neginf)):
        if isinstance(value, complex):
            raise TypeError(f"nan_to_num(): argument '{name}' must be float, not complex")
    nan, posinf, neginf = (None if value is None else expect_number("nan_to_num", value, name, position, "float")
                           for position, name, value in ((2, "nan", nan), (3, "posinf", posinf),
                                                         (4, "neginf", neginf)))
    if input._data.dtype.kind != "f":
        return input.clone()
    info = input._device._get_backend().xp.finfo(input._data.dtype)
    big = posinf if posinf is not None else float(info.max)
    small = neginf if neginf is not None else float(info.min)
    return NanToNum.apply(input, nan, big, small)


class NanToNum(Op):
    """NaN, +inf and -inf replaced by the given numbers, as one op; the gradient is PyTorch's
    ``g * isfinite(x)``."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    @staticmethod
    def forward(ctx, x, nan, posinf, neginf):
        xp = ctx.xp
        ctx.finite = xp.isfinite(x).astype(x.dtype)
        out = xp.where(x != x, constant(xp, nan, x.dtype), x)
        out = xp.where(out == constant(xp, float("inf"), x.dtype), constant(xp, posinf, x.dtype), out)
        return xp.where(out == constant(xp, float("-inf"), x.dtype), constant(xp, neginf, x.dtype), out)

    @staticmethod
    def backward(ctx, m, g):
        return g * m.const(ctx.finite, g), None, None, None
