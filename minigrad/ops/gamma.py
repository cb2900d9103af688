"""The gamma function's derivatives beyond the unary table's lgamma and digamma: polygamma(n, x)
and the multivariate log-gamma mvlgamma(x, p), on the NumPy kernels of ``kernels/special/``."""
import math

from ..autograd.op import Op
from ..kernels import special
from ._api import public, method
from ._util import expect_int, expect_tensor
from ._operands import to_float


class Polygamma(Op):
    """psi^(n)(x), the n-th derivative of digamma; its gradient is psi^(n+1)(x)."""

    saves = (True,)

    @staticmethod
    def forward(ctx, x, n):
        return special.polygamma(ctx.xp, n, x)

    @staticmethod
    def backward(ctx, m, g, x, n):
        return g * m.op(Polygamma, x, n + 1), None


class Mvlgamma(Op):
    """log of the multivariate gamma function of dimension p: p (p - 1) / 4 log(pi) plus the sum
    of lgamma(x - j / 2) for j < p; its gradient is the sum of digamma(x - j / 2)."""

    saves = (True,)

    @staticmethod
    def forward(ctx, x, p):
        total = special.lgamma(ctx.xp, x - (p - 1) / 2)  # PyTorch's order: from x - (p - 1) / 2 up to x
        for j in range(p - 2, -1, -1):
            total = total + special.lgamma(ctx.xp, x - j / 2)
        return total + p * (p - 1) / 4 * math.log(math.pi)

    @staticmethod
    def backward(ctx, m, g, x, p):
        slope = m.digamma(x - (p - 1) / 2)
        for j in range(p - 2, -1, -1):
            slope = slope + m.digamma(x - j / 2)
        return g * slope, None


@public(method=False)
def polygamma(n, input):
    """The n-th derivative of digamma at ``input``, elementwise (n = 0: digamma); integers give the
    default float dtype."""
    expect_tensor("polygamma", input, "input", 2)
    n = expect_int("polygamma", n, "n", 1)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return Polygamma.apply(to_float(input), n)


def _polygamma_method(self, n):
    """``self.polygamma(n)``: polygamma(n, self)."""
    return polygamma(n, self)


method("polygamma", _polygamma_method)


@public
def mvlgamma(input, p):
    """The multivariate log-gamma function of dimension ``p`` (>= 1), elementwise."""
    expect_tensor("mvlgamma", input)
    p = expect_int("mvlgamma", p, "p", 2)
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    if input._data.dtype.kind == "b":
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    return Mvlgamma.apply(to_float(input), p)


class ReparameterizedGamma(Op):
    """Gamma(alpha, 1) samples (drawn before, given as ``sample``) as a differentiable function of
    alpha: the gradient is d sample / d alpha at fixed cdf value (PyTorch's ``_standard_gamma``)."""

    torch_name = "StandardGammaBackward0"

    @staticmethod
    def forward(ctx, alpha, sample):
        ctx.slope = special.standard_gamma_grad(ctx.xp, alpha, sample)
        return sample.copy()

    @staticmethod
    def backward(ctx, m, g):
        return g * m.const(ctx.slope, g), None
