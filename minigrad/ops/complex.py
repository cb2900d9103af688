"""Complex numbers: PyTorch's gradient convention, the ops that take complex input, conjugates
and the angle (the parts of a complex tensor and the tensors made of parts are in
``complex_parts.py``).

Gradients follow PyTorch's convention: for a real loss L of a complex tensor z = x + iy, z's
gradient is dL/dx + i dL/dy. A holomorphic f then passes ``grad * conj(f'(z))`` back (``m.conj``
in the formulas of mul, div, exp...), a complex result of real inputs passes back the real part
(``m.real``: the ``Cast`` to a complex dtype, ``complex``, ``polar``), and a real result of a
complex input a complex gradient (``abs``, ``angle``, ``real``, ``imag``, ``view_as_real``).
Only ops marked ``supports_complex`` take complex input (``_real_only``).
"""
import math
import warnings

from .. import dtypes as _dt
from ..autograd.namespace import provide
from ..autograd.op import Op
from ._api import public, function, method
from ._util import expect_tensor
from . import _real_only  # noqa: F401  (arms the guard on complex input at the first complex dtype)
from .complex_parts import Complex
from .conversion import Clone
from .gathering import Gather, ScatterAlong
from .advanced_index import AdvancedIndex, IndexBackward
from .index import BasicIndex
from .indexed import Write
from .join import Cat, Stack, Flip, Roll
from .reduce import Sum, Mean
from .padding import PadConstant, PadConstantBackward, PadGather, PadGatherBackward
from .scatter_writes import Scatter, ScatterValue, ScatterAdd
from .broadcast import SumTo, BroadcastTo
from .permutation import Permute
from .shape import Reshape, View
from .strided import AsStrided, AsStridedGrad
from .strided_views import Unfold, UnfoldGrad

# Ops of other families whose forward and backward hold for complex values as written (linear
# maps with real coefficients: their gradient formulas need no conjugate). Add, Sub, Mul, Div,
# Neg, Abs, Cast, Where, CumSum, Var, Std and WriteAdd carry the mark in their own modules, and so do the
# holomorphic ops (``holomorphic = True``: unary math, Pow, MatMul, Linear, Einsum, Prod, CumProd, Inv,
# Solve, Det), whose formulas are conjugated for complex gradients (ops/_real_only.py).
for _op in (Clone, BasicIndex, AdvancedIndex, IndexBackward, Cat, Stack, Flip, Roll, Sum, Mean, SumTo,
            BroadcastTo, Reshape, View, Permute, Gather, ScatterAlong, Write, PadConstant, PadConstantBackward,
            PadGather, PadGatherBackward, Scatter, ScatterValue, ScatterAdd, AsStrided, AsStridedGrad, Unfold,
            UnfoldGrad):
    _op.supports_complex = True


class Conj(Op):
    """The complex conjugate; its gradient is the conjugate of the gradient."""

    supports_complex = True

    @staticmethod
    def forward(ctx, z):
        return z.conj()

    @staticmethod
    def backward(ctx, m, g):
        return m.conj(g)


class ConjPhysical(Conj):
    """conj_physical: the same values and gradient as conj (minigrad's conj is never lazy)."""

    supports_complex = True


class Angle(Op):
    """The argument atan2(y, x) of a complex tensor (0 or pi for a real one); its gradient is
    grad * i z / |z|^2 (0 at 0), and 0 for a real input."""

    saves = (True,)
    supports_complex = True

    @staticmethod
    def forward(ctx, z):
        xp = ctx.xp
        if z.dtype.kind != "c":  # PyTorch's: pi below 0, else 0 (-0.0 too, where atan2 gives pi), NaN kept
            return xp.where(z < 0, z.dtype.type(math.pi), xp.where(z != z, z, z.dtype.type(0)))
        return xp.angle(z).astype(_dt.real_of(_dt._BY_NP[z.dtype]).np, copy=False)

    @staticmethod
    def backward(ctx, m, g, z):
        if z.dtype.kind != "c":
            return m.zeros_like(g)
        size = m.abs(z)  # (PyTorch's |z|^2, which underflows to 0, giving NaN, below 1e-19 in float32)
        square = m.where(size == 0, m.zeros_like(size) + 1, size * size)
        return m.op(Complex, m.zeros_like(g), g) * (z / square)


# The word m.conj: identity on real arrays and Tensors (no copy, no node), and on Python numbers (a
# scalar operand of mul or div) their own conjugate.
def _conj_array(z):
    if z.__class__ is float or z.__class__ is int:  # (a real Python scalar: no exception to catch)
        return z
    try:
        return z.conj() if z.dtype.kind == "c" else z
    except AttributeError:
        return z.conjugate()


def _conj_tensor(z):
    try:
        return Conj.apply(z) if z._data.dtype.kind == "c" else z
    except AttributeError:
        return z.conjugate()


provide("conj", _conj_tensor, lambda xp: _conj_array)


# ------------------------------------------------------------------ public functions
@public
def conj(input):
    """The complex conjugate (a real tensor is returned as it is)."""
    expect_tensor("conj", input)
    return _conj_tensor(input)


@public
def conj_physical(input):
    """The complex conjugate, computed now (as conj: minigrad never defers it)."""
    expect_tensor("conj_physical", input)
    return ConjPhysical.apply(input) if input._data.dtype.kind == "c" else input


@public
def resolve_conj(input):
    """``input`` itself: minigrad's conjugates are never lazy."""
    expect_tensor("resolve_conj", input)
    return input


@public
def resolve_neg(input):
    """``input`` itself: minigrad's negations are never lazy."""
    expect_tensor("resolve_neg", input)
    return input


def is_conj(self):
    """False: minigrad's conjugates are computed at once, never lazy."""
    return False


def is_neg(self):
    """False: minigrad's negations are computed at once, never lazy."""
    return False


method("is_conj", is_conj)
method("is_neg", is_neg)


@public
def angle(input):
    """The argument of each element in (-pi, pi] (real inputs: 0 or pi, in the default float dtype
    for integers)."""
    expect_tensor("angle", input)
    if input._data.dtype.kind in "biu":
        input = input.to(_dt.get_default_dtype())
    return Angle.apply(input)


def is_complex(input):
    """True for a tensor of a complex dtype."""
    expect_tensor("is_complex", input)
    return input._data.dtype.kind == "c"


function("is_complex", is_complex)


def _conj_transpose(self):
    """The last two dims swapped and conjugated (``mT`` for a real tensor)."""
    return conj(self.mT)


def _conj_T(self):
    """The conjugate transpose of a matrix (its transpose for a real one, as PyTorch's node says); a 0-d
    tensor as it is, with PyTorch's deprecation warning; PyTorch's error for other dims."""
    if self.ndim == 0:
        warnings.warn("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
        return self
    if self.ndim != 2:
        hint = " For batches of matrices, consider using tensor.mH" if self.ndim > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor.{hint}")
    return conj(self.mT)


method("mH", property(_conj_transpose, doc="The conjugate transpose of the last two dims."))
method("H", property(_conj_T, doc="The conjugate transpose of a matrix."))
