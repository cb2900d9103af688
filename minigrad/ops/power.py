"""Powers: ``a ** b`` for a Tensor base (Tensor or number exponent) and ``s ** x`` for a number
base, with PyTorch's dtypes and its gradients at 0 and for negative bases."""
import math

from .. import dtypes as _dt
from ..autograd.node import Op
from ..tensor import Tensor
from ._api import public, method
from ._util import as_operand, promote, to_float, check_broadcast
from .conversion import cast


class Pow(Op):
    """a ** b for a Tensor base and a Tensor or Python-number exponent."""

    broadcasting = True
    saves = (True, True)
    saves_output = 1  # the output is read only for the exponent's gradient

    @staticmethod
    def forward(ctx, a, b):
        ctx.bool_exponent = getattr(b, "dtype", None) is not None and b.dtype.kind == "b"
        try:
            return a ** b
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
                    ga = g * (m.scalar(b, a) * (a if b == 2 else a ** m.scalar(b - 1, a)))
            else:
                ga = g * b * a ** (b - 1)
                ga = m.where(b == 0, m.zeros_like(ga), ga)
            ga = m.sum_to(ga, sa)
        if nb:
            gb = g * y * m.log(a)
            gb = m.sum_to(m.where((a == 0) & (b >= 0), m.zeros_like(gb), gb), sb)
        return ga, gb


class RPow(Op):
    """s ** x for a Python-number base ``s``; its gradient is NaN for a negative base, as PyTorch's."""

    torch_name = "PowBackward2"
    saves = (True, False)
    saves_output = True

    @staticmethod
    def forward(ctx, x, base):
        return ctx.xp.asarray(base, dtype=x.dtype) ** x

    @staticmethod
    def backward(ctx, m, g, x, base, y):
        if base == 0:  # PyTorch: 0 where the exponent is >= 0, else g * 0**x * log(0)
            return m.where(x >= 0, m.zeros_like(g), g * y * -math.inf)
        return g * y * (math.log(base) if base > 0 else math.nan)


@public
def pow(input, exponent):
    """input ** exponent (Tensor or scalar on either side)."""
    if not isinstance(input, Tensor):
        base = input
        exponent = to_float(exponent) if isinstance(base, float) else exponent
        if base.__class__ is int and exponent._data.dtype.kind == "b":
            exponent = cast(exponent, _dt.int64)  # int ** bool tensor is int64 in torch (NumPy: int8)
        return RPow.apply(exponent, base)
    a, b = promote(input, as_operand(exponent, input))
    if b.__class__ is int and b < 0 and a._data.dtype.kind in "iub":
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if b.__class__ is bool and a._data.dtype.kind == "b":  # NumPy gives int8, torch keeps bool
        return cast(Pow.apply(a, int(b)), _dt.bool)
    return Pow.apply(a, b)


@public
def float_power(input, exponent):
    """input ** exponent computed in float64."""
    return pow(cast(input, _dt.float64) if isinstance(input, Tensor) else float(input),
               cast(exponent, _dt.float64) if isinstance(exponent, Tensor) else exponent)


@public
def exp2(input):
    """2 ** input."""
    return pow(2.0, to_float(input))


method("__pow__", pow)
method("__rpow__", lambda self, other: pow(other, self))
