"""Clamping: ``clamp`` (``clip``), ``clamp_min`` and ``clamp_max`` with number or Tensor bounds, their
checks and type promotion. The gradient passes at the bounds, as PyTorch's (0 outside them)."""
import numbers

from .. import dtypes as _dt
from ..autograd.namespace import provide, constant
from ..autograd.op import Op
from .._errors import check_float_range
from .._int_arguments import check_scalar_int
from ..tensor import Tensor
from ._api import public
from ._saved_fields import argument
from ._util import expect_tensor
from ._operands import as_operand, promote, integer_scalar
from ._broadcast_shapes import check_broadcast


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
