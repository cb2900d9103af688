"""GELU, exact: x * Phi(x), Phi the standard normal CDF, as one op (PyTorch's ``GeluBackward0`` with
``approximate="none"``; the tanh approximation is in ``smooth_activations.py``).
"""
import math

from ..autograd.namespace import provide
from ..autograd.op import Op
from ..kernels.special import normal_cdf
from ._saved_fields import fixed
from .unary import erf as _erf, exp as _exp


_GELU_DENSITY = 1 / math.sqrt(2 * math.pi)  # the standard normal density at 0


class Gelu(Op):
    """x * Phi(x), Phi the standard normal CDF; the gradient is PyTorch's g * (Phi(x) + x * phi(x)).

    Forward keeps Phi(x) and exp(-x^2 / 2) (``ctx.cdf``): backward reads them on arrays rather
    than computing erf again; recorded (create_graph), it computes them as Tensor ops."""

    saves = (True,)
    saved_fields = {"approximate": fixed("none")}

    @staticmethod
    def forward(ctx, x):
        cdf, density = normal_cdf(ctx.xp, x)
        ctx.cdf = (cdf, density)
        return x * cdf

    @staticmethod
    def backward(ctx, m, g, x):
        cdf, density = m.normal_cdf(x, ctx.cdf)
        return g * (cdf + x * density * m.scalar(_GELU_DENSITY, x))


def _tensor_normal_cdf(x, cached):
    """(Phi(x), exp(-x^2 / 2)) as recorded Tensor ops (create_graph), differentiable again."""
    return (_erf(x * math.sqrt(0.5)) + 1) * 0.5, _exp(x * x * -0.5)


# m.normal_cdf(x, cached): (Phi(x), exp(-x^2 / 2)); on arrays what forward kept (``cached``)
provide("normal_cdf", _tensor_normal_cdf, lambda xp: lambda x, cached: cached)


def gelu(input):
    """x * Phi(x) (PyTorch's gelu with ``approximate="none"``)."""
    return Gelu.apply(input)
