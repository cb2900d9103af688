"""Unary ops that are not one row of ``unary.py``'s table: composites of rows (frac,
round with decimals), and ops with an argument (logit) or two outputs (frexp)."""
import math

from .. import dtypes as _dt
from ..autograd.op import Op
from ..return_types import named_result
from ..tensor import wrap
from ._api import method, public
from ._util import expect_int, expect_number, expect_tensor
from ._operands import to_float
from .unary import trunc, round as _round_half_even  # (rows of the table)


@public
def frac(input):
    """input - trunc(input) (gradient one; floating tensors only, as PyTorch's kernel)."""
    expect_tensor("frac", input)
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"frac_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    out = input - trunc(input).detach()
    if out.grad_fn is not None:
        out.grad_fn.torch_name = "FracBackward0"  # (PyTorch's one node, over the input alone)
        out.grad_fn.edge_args = slice(0, 1)
    return out


@public
def round(input, *, decimals=0):  # noqa: A001  (PyTorch's name)
    """Round half to even, optionally at ``decimals`` digits (gradient zero)."""
    decimals = expect_int("round", decimals, "decimals")
    if decimals and input._data.dtype.kind in "iubc":  # (PyTorch's decimal rounding has float kernels only)
        raise NotImplementedError(f"\"round_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if decimals and input._data.dtype.kind == "f":
        return RoundDecimals.apply(input, int(decimals))
    return _round_half_even(input)


class RoundDecimals(Op):
    """Round half to even at ``decimals`` digits as PyTorch's kernel does: ``x * 10^d`` rounded and
    divided by ``10^d``, or for negative ``d``, ``x / 10^-d`` rounded and multiplied by ``10^-d`` (a
    negative power of ten is inexact: 1999.9999 rather than 2000 for ``decimals=-3``). The power is
    rounded to the dtype computed in (float32 for half). Gradient zero."""

    torch_name = "RoundBackward1"
    edge_args = slice(0, 1)

    @staticmethod
    def forward(ctx, x, decimals):
        xp = ctx.xp
        wide = x.astype(xp.float32) if x.dtype == xp.float16 else x
        # (beyond float64, the power is inf and the result NaN, as PyTorch's)
        power = xp.asarray(10.0 ** abs(decimals) if abs(decimals) <= 308 else math.inf, dtype=wide.dtype)
        if decimals < 0:
            out = xp.round(wide / power) * power
        else:
            out = xp.round(wide * power) / power
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g):
        return m.zeros_like(g), None


# ------------------------------------------------------------------ unary ops with arguments or two outputs
class Logit(Op):
    """log(x / (1 - x)), x first clamped to [eps, 1 - eps] when eps is given. The gradient
    1 / (x (1 - x)) is 0 outside that range (with eps) or NaN outside [0, 1] (without)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)

    @staticmethod
    def forward(ctx, x, eps):
        if eps is not None:
            x = ctx.xp.clip(x, eps, 1 - eps)
        return ctx.xp.log(x / (1 - x))

    @staticmethod
    def backward(ctx, m, g, x, eps):
        slope = m.where((x == 0) | (x == 1), g * math.inf, g / (x * (1 - x)))  # (+-inf by g's sign at 0 and 1)
        if eps is None:
            return m.where((x < 0) | (x > 1), slope * math.nan, slope), None
        return m.masked((x >= eps) & (x <= 1 - eps), slope), None


@public
def logit(input, eps=None):
    """The inverse of sigmoid, log(input / (1 - input)), with input clamped to [eps, 1 - eps] if ``eps`` is given."""
    expect_tensor("logit", input)
    return Logit.apply(to_float(input), None if eps is None else float(expect_number("logit", eps, "eps", 2, "float")))


@public
def positive(input):
    """``input`` itself (+input); bool tensors are refused, as PyTorch's unary plus."""
    expect_tensor("positive", input)
    if input._data.dtype.kind == "b":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


method("__pos__", positive)


class Frexp(Op):
    """The mantissa of frexp (in [0.5, 1) in magnitude); its gradient is g / 2^exponent."""

    @staticmethod
    def forward(ctx, x):
        mantissa, exponent = ctx.xp.frexp(x)
        # 2^exponent as PyTorch computes it: exp2 of the int32 exponent, in the default float dtype
        ctx.scale = ctx.xp.exp2(exponent.astype(_dt.get_default_dtype().np))
        return mantissa

    @staticmethod
    def backward(ctx, m, g):
        return g / m.cast(m.const(ctx.scale, g), g.dtype)


FrexpResult = named_result("frexp", ["mantissa", "exponent"])


@public
def frexp(input):
    """(mantissa, exponent) with input = mantissa * 2^exponent, |mantissa| in [0.5, 1) (int32 exponents)."""
    expect_tensor("frexp", input)
    if input._data.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa = Frexp.apply(input)
    exponent = input._device._get_backend().xp.frexp(input._data)[1].astype("int32")
    return FrexpResult(mantissa, wrap(exponent, input._device))
