"""Selection: ops that pick, elementwise, between values (maximum/minimum, where, leaky_relu,
masked_fill, nan_to_num; clamp is in ``clamping``). Gradients follow PyTorch at ties: maximum(a, a)
gives half to each."""
import math as _math
import warnings

from .. import dtypes as _dt
from ..autograd.namespace import provide, constant
from ..autograd.op import Op
from ..kernels.masks import select
from .._errors import check_complex_value, check_float_range
from .._int_arguments import check_scalar_int
from ..tensor import Tensor, wrap
from ._api import public
from ._saved_fields import argument
from .search import nonzero
from ._util import expect_tensor, expect_boolean_mask, expect_number
from ._operands import as_operand, promote, scalar_tensor_like, integer_scalar
from ._broadcast_shapes import broadcast_shapes, check_broadcast


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
