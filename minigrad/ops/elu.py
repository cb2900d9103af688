"""The ELU family as one op: elu, selu (its fixed alpha and scale) and celu (``input_scale = 1/alpha``),
with the nodes their in-place forms record (``EluBackward1``, ``CeluBackward1``: backward reads the
result).

The first derivative takes the exponential side at 0 (and at NaN), the second the linear side, as
PyTorch's. ``nn.functional`` checks the arguments; these functions trust them.
"""
import math
import struct

from ..autograd.op import Op
from ..kernels.masks import select
from .activation import _bound


class EluGrad(Op):
    """g * elu'(x): ``scale`` for x > 0, ``alpha * scale * input_scale * exp(x * input_scale)`` for x <= 0."""

    torch_name = "EluBackwardBackward0"
    edge_args = slice(0, 2)  # (the edges of PyTorch's node)
    saves = (1, True)

    @staticmethod
    def forward(ctx, g, x, alpha, scale, input_scale):
        xp = ctx.xp
        positive = x > 0
        negative = xp.exp(x * _bound(xp, input_scale, x)) * _bound(xp, alpha * scale * input_scale, x)
        # scale where x > 0, the exponential side elsewhere (NaN at NaN, as PyTorch's vector loop)
        return g * (select(~positive, negative) + positive.astype(x.dtype) * _bound(xp, scale, x))

    @staticmethod
    def backward(ctx, m, gg, g, x, alpha, scale, input_scale):
        ng, nx = ctx.needs_input_grad[:2]
        gg_g = m.op(EluGrad, gg, x, alpha, scale, input_scale) if ng else None
        gg_x = None
        if nx:  # the second derivative: the linear side's 0 at x = 0 (PyTorch's choice)
            curve = m.exp(x * m.scalar(input_scale, x)) * m.scalar(alpha * scale * input_scale * input_scale, x)
            gg_x = m.masked(x < m.scalar(0, x), gg * g * curve)
        return gg_g, gg_x, None, None, None


class Elu(Op):
    """``scale * x`` for x > 0, ``alpha * scale * (exp(x * input_scale) - 1)`` for x <= 0."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)

    @staticmethod
    def forward(ctx, x, alpha, scale, input_scale):
        xp = ctx.xp
        # the exponential side is exactly 0 for x > 0 and the linear side 0 for x <= 0: their sum (no where).
        # (0 first: NumPy's maximum and minimum keep their second operand at a tie, so -0.0 stays -0.0 on
        # both sides, as PyTorch's expm1(-0.0) * alpha; the linear side is -0.0 for x < 0, so that an
        # alpha of 0 leaves PyTorch's -0.0 there)
        negative = xp.expm1(xp.minimum(0, x) * _bound(xp, input_scale, x)) * _bound(xp, alpha * scale, x)
        return xp.maximum(_bound(xp, -0.0, x), x) * _bound(xp, scale, x) + negative

    @staticmethod
    def backward(ctx, m, g, x, alpha, scale, input_scale):
        return m.op(EluGrad, g, x, alpha, scale, input_scale)


def _celu_backward_input_scale(alpha):
    """1 / alpha with alpha rounded to float32 first: the input_scale of PyTorch's celu backward (its
    forward divides by alpha unrounded), so a float64 gradient differs from e^(x/alpha) by that rounding."""
    rounded = struct.unpack("f", struct.pack("f", alpha))[0]
    if math.isinf(rounded) and not math.isinf(alpha):
        raise RuntimeError("value cannot be converted to type float without overflow")
    return 1.0 / rounded


class Celu(Elu):
    """CELU: ELU with ``input_scale = 1/alpha`` (PyTorch names its node apart)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    @staticmethod
    def backward(ctx, m, g, x, alpha, scale, input_scale):
        return Elu.backward(ctx, m, g, x, alpha, scale, _celu_backward_input_scale(alpha))


class EluOfResult(Elu):
    """The ELU family as its in-place forms record it (PyTorch's ``EluBackward1``): backward reads the
    result, from which the input's side and exponential are known (``y + alpha * scale`` is
    ``alpha * scale * exp(x * input_scale)`` where y <= 0), so that a later in-place change of the
    result makes backward raise PyTorch's error."""

    torch_name = "EluBackward1"
    saves = (False,)
    saves_output = True

    @staticmethod
    def backward(ctx, m, g, x, alpha, scale, input_scale, y):
        if alpha < 0:
            raise RuntimeError(
                "In-place elu backward calculation is triggered with a negative slope which is not supported. "
                "This is caused by calling in-place forward function with a negative slope, please call "
                "out-of-place version instead.")
        exponential = g * m.scalar(input_scale, g) * (y + m.scalar(alpha * scale, y))
        return m.where(y > m.scalar(0, y), g * m.scalar(scale, g), exponential)


class CeluOfResult(EluOfResult):
    """celu as ``celu_`` records it (PyTorch's ``CeluBackward1``)."""

    torch_name = "CeluBackward1"

    @staticmethod
    def backward(ctx, m, g, x, alpha, scale, input_scale, y):
        return EluOfResult.backward(ctx, m, g, x, alpha, scale, _celu_backward_input_scale(alpha), y)


def elu(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """PyTorch's ELU kernel: elu (scale 1), selu (its fixed alpha and scale)."""
    return Elu.apply(input, alpha, scale, input_scale)


def celu(input, alpha):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    return Celu.apply(input, alpha, 1.0, 1.0 / alpha)


def elu_of_result(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """elu recorded as its in-place form (see ``EluOfResult``); ``in_place`` writes it back."""
    return EluOfResult.apply(input, alpha, scale, input_scale)


def celu_of_result(input, alpha):
    """celu recorded as its in-place form (``CeluBackward1``); ``in_place`` writes it back."""
    return CeluOfResult.apply(input, alpha, 1.0, 1.0 / alpha)
