"""Division that rounds, and remainders: ``div(..., rounding_mode=)``, ``//`` (floor_divide),
``%`` (remainder, the divisor's sign) and fmod (the dividend's sign), with PyTorch's type promotion
and its error for integer division by zero."""
from ..autograd.op import Op
from ..tensor import Tensor
from ._api import public, method, operator
from ._util import expect_tensor, input_tensor
from ._operands import as_operand, promote, scalar_tensor_like
from ._broadcast_shapes import check_broadcast


class RoundedDiv(Op):
    """a // b, and div(a, b, rounding_mode='floor' | 'trunc'): piecewise constant, so both gradients
    are zero (shaped like the inputs, as PyTorch's)."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    pointwise = True

    def name(self):  # floor_divide has no derivative in PyTorch: a node that raises
        return "torch::autograd::NotImplemented" if self.aten else "DivBackward2"

    @staticmethod
    def forward(ctx, a, b, mode, aten=None):
        ctx.aten = aten
        ctx.shapes = (a.shape, getattr(b, "shape", ()))
        try:
            if mode == "floor":  # Python's floor division, for floats too (as PyTorch's div_floor)
                return a // b
            return ctx.xp.trunc(a / b) if a.dtype.kind == "f" else _int_trunc(a, b)
        except ValueError:
            check_broadcast(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g):
        if ctx.aten:
            raise RuntimeError(f"derivative for aten::{ctx.aten} is not implemented")
        sa, sb = ctx.shapes
        na, nb = ctx.needs_input_grad[:2]
        return (m.zeros_like(m.sum_to(g, sa)) if na else None), (m.zeros_like(m.sum_to(g, sb)) if nb else None)


def _int_trunc(a, b):
    q = a // b
    return q + ((q < 0) & (q * b != a))  # floor to trunc where the quotient was negative and inexact


def rounded_div(input, other, mode, aten=None):
    """div(input, other, rounding_mode=mode); ``aten`` names the op whose node has no derivative (floor_divide)."""
    input = input_tensor("div" if mode == "trunc" else "floor_divide", input, other, two_numbers=True)
    if mode.__class__ is not str:
        if not isinstance(mode, (str, bytes)):  # (PyTorch's parser reads bytes as a str)
            raise TypeError(f"div() received an invalid combination of arguments - got "
                            f"rounding_mode={type(mode).__name__}, but expected str rounding_mode")
        mode = mode if isinstance(mode, str) else mode.decode()
    if mode not in ("floor", "trunc"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{mode}'")
    a, b = promote(input, as_operand(other, input, kernel=f"div_{mode}_cpu"))
    if a._data.dtype.kind == "b":
        raise NotImplementedError(f"\"div_{mode}_cpu\" not implemented for 'Bool'")
    _check_integer_division(a, b)
    return RoundedDiv.apply(a, b, mode, aten)


@public
def floor_divide(input, other):
    """Elementwise floor(input / other) (Python's // semantics); PyTorch gives it no derivative
    (``div(..., rounding_mode='floor')`` has zero gradients)."""
    return rounded_div(input, other, "floor", "floor_divide")


class Remainder(Op):
    """a % b with the divisor's sign (Python's); the divisor's gradient is -g * (a // b) (the
    quotient as ``div(a, b, rounding_mode='floor')``: zero gradients, where floor_divide has none)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    broadcasting = True
    pointwise = True
    saves = (1, 1)

    def name(self):  # PyTorch's node names: Backward0 for a number divisor, Backward1 for a Tensor
        return f"{self.op_name}Backward{1 if self.tensor_divisor else 0}"

    @staticmethod
    def forward(ctx, a, b):
        ctx.tensor_divisor = hasattr(b, "shape")
        try:
            if a.dtype.kind != "f":
                return a % b
            # PyTorch's float kernel: C's fmod moved onto the divisor's side, so a zero keeps the
            # dividend's sign (-4 % 2 is -0.0; NumPy's % gives +0.0)
            mod = ctx.xp.fmod(a, b)
            return ctx.xp.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod)
        except ValueError:
            check_broadcast(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        return (m.sum_to(g, sa) if na else None), (m.sum_to(-g * m.op(RoundedDiv, a, b, "floor"), sb) if nb else None)


class Fmod(Remainder):
    """C's fmod: the remainder has the dividend's sign; the divisor's gradient is -g * trunc(a / b)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.tensor_divisor = hasattr(b, "shape")
        try:
            return ctx.xp.fmod(a, b)
        except ValueError:
            check_broadcast(a, b)
            raise

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        return (m.sum_to(g, sa) if na else None), (m.sum_to(-g * m.trunc(a / b), sb) if nb else None)


@public
def remainder(input, other):
    """Elementwise remainder with the sign of the divisor (Python's % semantics)."""
    input = input_tensor("remainder", input, other)
    a, b = promote(input, as_operand(other, input, kernel="remainder_cpu"))
    if a._data.dtype.kind == "b":
        raise NotImplementedError("\"remainder_cpu\" not implemented for 'Bool'")
    _check_integer_division(a, b)
    return Remainder.apply(a, b)


@public
def fmod(input, other):
    """Elementwise remainder with the sign of the dividend (C's fmod)."""
    expect_tensor("fmod", input)
    a, b = promote(input, as_operand(other, input, kernel="fmod_cpu"))
    if a._data.dtype.kind == "b":
        raise NotImplementedError("\"fmod_cpu\" not implemented for 'Bool'")
    _check_integer_division(a, b)
    return Fmod.apply(a, b)


def _check_integer_division(a, b):
    """PyTorch raises for integer division by zero (NumPy would warn and give 0)."""
    if a._data.dtype.kind not in "iub":
        return
    if isinstance(b, Tensor):
        if (b._data == 0).any().item():
            raise RuntimeError("ZeroDivisionError")
    elif b == 0:
        raise RuntimeError("ZeroDivisionError")


def _reflected(fn, kernel):
    """``other <op> self`` for a number ``other`` (made a 0-d tensor) or a NumPy array (PyTorch's
    ``kernel`` names the error for a complex number)."""
    def reflected(self, other):
        other = as_operand(other, self, kernel=kernel)
        return fn(other if isinstance(other, Tensor) else scalar_tensor_like(self, other), self)
    reflected.__name__ = f"r{fn.__name__}"
    return reflected


# ------------------------------------------------------------------ operators
method("__floordiv__", operator(floor_divide))
method("__rfloordiv__", operator(_reflected(floor_divide, "div_floor_cpu")))
method("__mod__", operator(remainder))
method("__rmod__", operator(_reflected(remainder, "remainder_cpu")))
