"""Powers: ``a ** b`` for a Tensor base (Tensor or number exponent) and ``s ** x`` for a number
base, with PyTorch's dtypes and its gradients at 0 and for negative bases. Pow and RPow are
holomorphic (ops/_real_only.py): complex operands take the same formulas, conjugated."""
import cmath
import math

from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import Tensor
from ._api import public, method, operator
from ._util import expect_tensor
from ._operands import as_operand, promote, to_float, integer_scalar, wrapped_int
from ._broadcast_shapes import check_broadcast
from .conversion import cast

_FLOAT32_TINY = 1.1754943508222875e-38  # the smallest normal float32


def _integer_power(xp, a, b):
    """a ** b for integer arrays as PyTorch computes it: a negative exponent gives 0, except for
    a base of 1 (1) or -1 (-1 for odd exponents, 1 for even); NumPy refuses negative exponents."""
    negative = b < 0
    power = a ** xp.where(negative, 0, b)
    inverse = xp.where(a == 1, 1, xp.where(a == -1, 1 - 2 * (b & 1), 0))
    return xp.where(negative, inverse, power).astype(power.dtype, copy=False)


def _scalar_power(xp, a, b):
    """a ** b for a Python-number exponent as PyTorch's CPU kernel rounds it for floating arrays:
    a * a * a for 3, 1 / (a * a) for -2, 1 / sqrt(a) for -0.5, float32 through float64 for the
    exponents NumPy has no exact shortcut for (NumPy's power elsewhere)."""
    if a.dtype.kind == "f" and a.dtype.itemsize >= 4:
        if b == 3:
            return a * a * a
        if b == -2:
            return 1 / (a * a)
        if b == -0.5:
            return 1 / xp.sqrt(a)
        if a.dtype.itemsize == 4 and b not in _EXACT_EXPONENTS and abs(b) < 3e38:
            # NumPy's float32 power is one unit in the last place from the rounded power on about a
            # fifth of values; PyTorch's is nearly always the rounded one, which float64 gives
            # (the exponent in float32 first, as PyTorch casts it)
            return (a.astype(xp.float64) ** float(xp.float32(b))).astype(xp.float32)
    return a ** b


_EXACT_EXPONENTS = (0, 1, 2, 0.5, -1)  # (NumPy's power computes these as a copy, square, sqrt, reciprocal)


def _complex_power(xp, a, b):
    """a ** b for complex arrays as C's cpow, which PyTorch's kernel calls: exp(b log a), the product
    taken as C multiplies complex numbers (``_c99_multiply``), so that 0 ** (1 + nan j) is 0 and
    (inf + nan j) ** 1 is inf + nan j where NumPy's plain product gives NaN in both parts."""
    return xp.exp(_c99_multiply(xp, b, xp.log(a)))


def _c99_multiply(xp, z, w):
    """z * w as C99's Annex G defines the complex product: where the plain formula gives NaN in both
    parts but a factor is infinite (or a part product overflowed), the result is the infinity it
    should be. Each infinite factor is boxed to +-1 / +-0 per part, the NaN parts of the other to +-0,
    and the product of those scaled by inf."""
    a, b, c, d = z.real, z.imag, w.real, w.imag
    ac, bd, ad, bc = a * c, b * d, a * d, b * c
    re, im = ac - bd, ad + bc
    z_inf = xp.isinf(a) | xp.isinf(b)
    w_inf = xp.isinf(c) | xp.isinf(d)
    overflow = ~z_inf & ~w_inf & (xp.isinf(ac) | xp.isinf(bd) | xp.isinf(ad) | xp.isinf(bc))
    a, b = _box(xp, a, z_inf), _box(xp, b, z_inf)
    c, d = _nan_to_zero(xp, c, z_inf | overflow), _nan_to_zero(xp, d, z_inf | overflow)
    c, d = _box(xp, c, w_inf), _box(xp, d, w_inf)
    a, b = _nan_to_zero(xp, a, w_inf | overflow), _nan_to_zero(xp, b, w_inf | overflow)
    recover = xp.isnan(re) & xp.isnan(im) & (z_inf | w_inf | overflow)
    out = xp.empty(recover.shape, xp.result_type(z, w))
    out.real[...] = xp.where(recover, xp.inf * (a * c - b * d), re)
    out.imag[...] = xp.where(recover, xp.inf * (a * d + b * c), im)
    return out


def _box(xp, part, where):
    """Where ``where``: +-1 for an infinite part, +-0 for a finite one (the part's sign kept)."""
    boxed = xp.copysign(xp.isinf(part).astype(part.dtype), part)
    return xp.where(where, boxed, part)


def _nan_to_zero(xp, part, where):
    """Where ``where``: +-0 for a NaN part (its sign bit kept)."""
    return xp.where(where & xp.isnan(part), xp.copysign(xp.zeros_like(part), part), part)


def _complex_scalar_power(xp, z, b):
    """z ** b for a complex array and a Python-number exponent as PyTorch's CPU kernel computes it:
    a copy for 1, z * z for 2, z * z * z for 3, 1 / z for -1, 1 / (z * z) for -2, sqrt and its
    reciprocal for 0.5 and -0.5, and C's cpow (``_complex_power``) for the others."""
    if b == 1:
        return z.copy()
    if b == 2:
        return z * z
    if b == 3:
        return z * z * z
    if b == 0.5:
        return xp.sqrt(z)
    one = xp.ones((), z.dtype)
    if b == -1:
        return one / z
    if b == -2:
        return one / (z * z)
    if b == -0.5:
        return one / xp.sqrt(z)
    if b == 0:
        return xp.ones_like(z)
    return _complex_power(xp, z, xp.asarray(b, dtype=z.dtype))


def _array_power(xp, a, b):
    """a ** b for an exponent array ``b`` (a Tensor exponent's) as C's pow computes it, which PyTorch's
    kernel calls: NumPy computes an exponent of 0.5 that it broadcasts (a 0-d one, or one smaller than
    the result) as sqrt, NaN at -inf and -0 at -0, where pow gives inf and +0. (Those values are
    mended without asking whether ``b`` holds 0.5, which on a GPU would wait for the device.)"""
    out = a ** b
    if out.dtype.kind == "f" and hasattr(b, "shape") and (b.ndim == 0 or b.size < out.size):
        half = b == 0.5
        out = xp.where(half & (a == 0), 0, xp.where(half & xp.isneginf(a), xp.inf, out)).astype(out.dtype, copy=False)
    return out


class Pow(Op):
    """a ** b for a Tensor base and a Tensor or Python-number exponent."""

    broadcasting = True
    pointwise = True
    number_inputs = False  # (a number exponent is an option of PyTorch's kernel, not an input)
    saves = (True, True)
    saves_output = 1  # the output is read only for the exponent's gradient
    holomorphic = True
    saved_names = ("self", "exponent")

    def name(self):
        return "PowBackward1" if self.tensor_exponent else "PowBackward0"

    def _has_saved_result(self):
        """PowBackward1 saves the output (for the exponent's gradient); PowBackward0 does not."""
        return self.tensor_exponent

    @property
    def edge_args(self):
        """PyTorch's edges: the base, and the exponent when it is a Tensor."""
        return None if self.tensor_exponent else slice(0, 1)

    @staticmethod
    def forward(ctx, a, b):
        ctx.tensor_exponent = hasattr(b, "shape")
        ctx.bool_exponent = getattr(b, "dtype", None) is not None and b.dtype.kind == "b"
        try:
            if a.dtype.kind == "c":  # PyTorch's complex power: exp(b log a) (so NaN or inf at a == 0)
                return _complex_power(ctx.xp, a, b) if ctx.tensor_exponent else _complex_scalar_power(ctx.xp, a, b)
            if b.__class__ is int or b.__class__ is float:
                return _scalar_power(ctx.xp, a, b)
            if a.dtype.kind not in "iu" or b.dtype.kind not in "iu":
                return _array_power(ctx.xp, a, b)
            return _integer_power(ctx.xp, a, b)
        except ValueError:
            check_broadcast(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g, a, b, y):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        ga = gb = None
        if na:
            if ctx.bool_exponent:  # PyTorch's formula computes b - 1, which it refuses for bools
                raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you "
                                   "are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            if isinstance(b, (int, float)):  # PyTorch: g * (b * a ** (b - 1)), zero for b == 0
                if b == 0:
                    ga = m.zeros_like(g)
                else:
                    # (b == 2: a + a is exactly 2 * a, without making the scalar 2 of a's dtype; not when
                    # recorded: PyTorch's 2 * a ** 1 keeps higher derivatives in the graph, a + a's third is a constant)
                    ga = g * (a + a if b == 2 and not m.records else m.scalar(b, a) * m.op(Pow, a, b - 1))
            else:
                if a.dtype.kind == "c":
                    p = m.exp((b - 1) * m.log(a))  # (forward's)
                else:  # (recorded: a Pow node, whose forward is this one)
                    p = a ** (b - 1) if m.records else _array_power(m.xp, a, b - 1)
                ga = g * b * p
                ga = m.where(b == 0, m.zeros_like(ga), ga)
            if ga.shape != sa:  # (as in Add: sum_to only where the forward broadcast)
                ga = m.sum_to(ga, sa)
        if nb:
            gb = g * y * m.log(a)
            gb = m.sum_to(m.where((a == 0) & _not_negative(m, b), m.zeros_like(gb), gb), sb)
        return ga, gb


def _not_negative(m, b):
    """b >= 0; for complex b, a real b >= 0 (PyTorch's test for a zero base's zero gradient)."""
    if b.dtype.kind == "c":
        return (m.real(b) >= 0) & (m.real(b * -1j) == 0)
    return b >= 0


class RPow(Op):
    """s ** x for a Python-number base ``s``; its gradient is NaN for a negative base and a real
    exponent, as PyTorch's (a complex exponent takes the complex log of the base)."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "PowBackward2"
    saves = (True, True)  # (the base is a number: kept as given)
    saves_output = True
    holomorphic = True
    saved_names = ("exponent", "self")  # (PyTorch's names: the base is pow's ``self``)

    @staticmethod
    def forward(ctx, x, base):
        base = ctx.xp.asarray(base, dtype=x.dtype)
        if x.dtype.kind == "c":  # (as Pow's)
            return _complex_power(ctx.xp, base, x)
        return _integer_power(ctx.xp, base, x) if x.dtype.kind in "iu" else base ** x

    @staticmethod
    def backward(ctx, m, g, x, base, y):
        if base == 0:  # PyTorch: 0 where the exponent is >= 0, else g * 0**x * log(0)
            return m.where(_not_negative(m, x), m.zeros_like(g), g * y * -math.inf)
        if x.dtype.kind == "c":
            return g * y * cmath.log(base)
        return g * y * (math.log(base) if base > 0 else math.nan)


class ComplexPow(Op):
    """z ** b for a complex tensor z and a Python number b; the gradient is
    g * conj(b z ** (b - 1)) (zero for b == 0), PyTorch's convention (ops/complex.py)."""

    torch_name = "PowBackward0"
    saves = (True, True)  # (the exponent is a number: kept as given)
    supports_complex = True
    saved_names = ("self", "exponent")

    @staticmethod
    def forward(ctx, z, b):
        return _complex_scalar_power(ctx.xp, z, b)

    @staticmethod
    def backward(ctx, m, g, z, b):
        if b == 0:
            return m.zeros_like(g)
        return g * m.conj((z if b == 2 else z ** (b - 1)) * b)


@public
def pow(input, exponent):
    """input ** exponent (Tensor or scalar on either side)."""
    # Fast path, fenced: a float Tensor to a Python int (int64-sized) or a float that is 0 or not
    # below float32's smallest normal (``error ** 2``). The general path below keeps both as they
    # are (no promotion, no special case) and calls the same Pow.apply; a test checks they agree.
    cls = exponent.__class__
    try:
        fast = input._data.dtype.kind == "f" and (
            cls is int and -2 ** 63 <= exponent < 2 ** 63
            or cls is float and not (exponent and -_FLOAT32_TINY < exponent < _FLOAT32_TINY))
    except AttributeError:  # ``input`` is not a Tensor: the general path
        fast = False
    if fast:
        return Pow._apply_fast(input, exponent)
    if not isinstance(input, Tensor):
        if not isinstance(exponent, Tensor):
            raise TypeError(f"pow() received an invalid combination of arguments - got ({type(input).__name__}, "
                            f"{type(exponent).__name__}), but expected one of: (Tensor input, Tensor exponent), "
                            "(Number self, Tensor exponent), (Tensor input, Number exponent)")
        base = as_operand(input, exponent, complex_ok=True)
        if isinstance(base, Tensor):  # a NumPy array
            return pow(base, exponent)
        if base.__class__ is complex and exponent._data.dtype.kind != "c":
            exponent = cast(exponent, _dt.complex_of(exponent.dtype))
        exponent = to_float(exponent) if isinstance(base, float) else exponent
        if base.__class__ is bool and exponent._data.dtype.kind == "b":
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        if base.__class__ is int and exponent._data.dtype.kind == "b":
            exponent = cast(exponent, _dt.int64)  # int ** bool tensor is int64 in torch (NumPy: int8)
        elif base.__class__ is int and exponent._data.dtype.kind in "iu":
            base = wrapped_int(base, exponent._data.dtype)  # (in the exponent's dtype: -3 ** uint8 is 253 ** x)
        return RPow.apply(exponent, base)
    a, b = promote(input, as_operand(exponent, input, complex_ok=True), wrap=False)
    if a._data.dtype.kind == "c" and (b.__class__ is int or b.__class__ is float or b.__class__ is complex):
        return ComplexPow.apply(a, b)
    if isinstance(b, Tensor) and a._data.dtype.kind == "b" and b._data.dtype.kind == "b":
        raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    if b.__class__ is int and a._data.dtype.kind in "iu":
        if b < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        integer_scalar(a._data.dtype, b)  # (an exponent the dtype cannot hold: PyTorch's overflow error)
    elif b.__class__ is int and b < 0 and a._data.dtype.kind == "b":
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if b.__class__ is bool and a._data.dtype.kind == "b":  # NumPy gives int8, torch keeps bool
        return cast(Pow.apply(a, int(b)), _dt.bool)
    if b.__class__ is float and b and -_FLOAT32_TINY < b < _FLOAT32_TINY and a._data.dtype is _dt.float32.np:
        # PyTorch raises float32 to a double exponent; NumPy would round this one to 0 (x ** 0 == 1)
        return cast(Pow.apply(cast(a, _dt.float64), b), _dt.float32)
    return Pow.apply(a, b)


@public
def float_power(input, exponent):
    """input ** exponent computed in float64 (complex128 when either is complex)."""
    wide = _dt.complex128 if any(isinstance(x, complex) or isinstance(x, Tensor) and x.dtype.is_complex
                                 for x in (input, exponent)) else _dt.float64
    return pow(cast(input, wide) if isinstance(input, Tensor) else (input if isinstance(input, complex) else float(input)),
               cast(exponent, wide) if isinstance(exponent, Tensor) else exponent)


class Exp2(Op):
    """2 ** x as one op, as PyTorch's; the gradient is ``g * y * ln 2``."""

    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, x):
        return ctx.xp.exp2(x)

    @staticmethod
    def backward(ctx, m, g, x, y):
        return g * m.conj(y) * m.scalar(math.log(2.0), y)


@public
def exp2(input):
    """2 ** input (integers computed in the default float dtype)."""
    expect_tensor("exp2", input)
    return Exp2.apply(to_float(input))


def _rpow(self, other):
    """other ** self."""
    return pow(other, self)


method("__pow__", operator(pow))
method("__rpow__", operator(_rpow))
