"""Smooth activations PyTorch runs as one op each: softplus, log-sigmoid, mish, silu and gelu's
tanh approximation (``SoftplusBackward0``, ``LogSigmoidBackward0``, ``MishBackward0``,
``SiluBackward0``, ``GeluBackward0``).
Forward computes them stably (``exp`` never overflows, but in silu, whose ``x / inf`` is PyTorch's
-0); each gradient is PyTorch's formula, written with ``m`` so that it is differentiable again.
``nn.functional`` checks the arguments."""
import math

from ..autograd.op import Op
from ._saved_fields import fixed

_SQRT_TWO_OVER_PI = math.sqrt(2 / math.pi)
_GELU_KAPPA = 0.044715


def _softplus(xp, z):
    """log(1 + exp(z)), each branch fed only the values it handles (exp never overflows)."""
    positive = z > 0
    pos = xp.where(positive, z, 0)
    neg = xp.where(positive, 0, z)
    return xp.where(positive, pos + xp.log1p(xp.exp(-pos)), xp.log1p(xp.exp(neg)))


class Softplus(Op):
    """log(1 + exp(beta * x)) / beta, x itself where beta * x > threshold; the gradient is
    PyTorch's ``g * z / (z + 1)``, z = exp(beta * x) (``g`` above the threshold, where z is
    not computed: its overflow would reach a second derivative)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)
    complex_error = (NotImplementedError, "\"softplus_cpu\" not implemented for '{kind}'")

    @staticmethod
    def forward(ctx, x, beta, threshold):
        z = x * beta
        ctx.above = z > threshold
        ctx.beta = beta
        return ctx.xp.where(ctx.above, x, _softplus(ctx.xp, z) / beta)

    @staticmethod
    def backward(ctx, m, g, x, beta, threshold):
        above = m.const(ctx.above, g)
        z = m.exp(m.where(above, m.zeros_like(x), x * ctx.beta))
        return m.where(above, g, g * z / (z + 1)), None, None


class LogSigmoid(Op):
    """log(sigmoid(x)) = -softplus(-x); the gradient is sigmoid(-x) as PyTorch computes it:
    ``1 - z / (1 + z)`` for x < 0, else ``z / (1 + z)``, z = exp(-|x|) (0 at x = inf)."""

    saves = (True,)
    complex_error = (NotImplementedError, "\"log_sigmoid_cpu\" not implemented for '{kind}'")

    @staticmethod
    def forward(ctx, x):
        ctx.negative = x < 0
        out = -_softplus(ctx.xp, -x)
        return out if out.flags.c_contiguous else out.copy()  # (row-major whatever x's layout, as PyTorch's)

    @staticmethod
    def backward(ctx, m, g, x):
        negative = m.const(ctx.negative, g)
        z = m.exp(m.where(negative, x, -x))
        s = z / (1 + z)
        return g * m.where(negative, 1 - s, s)


class Mish(Op):
    """x * tanh(softplus(x)); the gradient is PyTorch's
    ``g * (t + x * sigmoid(x) * (1 - t * t))`` with ``t = tanh(softplus(x))``."""

    saves = (True,)

    @staticmethod
    def forward(ctx, x):
        return x * ctx.xp.tanh(_softplus(ctx.xp, x))

    @staticmethod
    def backward(ctx, m, g, x):
        t = m.tanh(m.op(Softplus, x, 1.0, 20.0))
        return g * (t + x * (1 / (1 + m.exp(-x))) * (1 - t * t))


class Silu(Op):
    """x * sigmoid(x) as PyTorch computes it, x / (1 + exp(-x)): -0 for very negative x, where x
    times the capped sigmoid above would leave a small negative value."""

    saves = (True,)

    @staticmethod
    def forward(ctx, x):
        t = ctx.xp.exp(-x)
        t += 1
        return x / t

    @staticmethod
    def backward(ctx, m, g, x):
        s = 1 / (m.exp(-x) + 1)
        return g * s * (1 + x * (1 - s))


class GeluTanh(Op):
    """gelu's tanh approximation, 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), with
    PyTorch's gradient formula."""

    saves = (True,)
    torch_name = "GeluBackward0"
    saved_fields = {"approximate": fixed("tanh")}

    @staticmethod
    def forward(ctx, x):
        return 0.5 * x * (1 + ctx.xp.tanh(_SQRT_TWO_OVER_PI * (x + _GELU_KAPPA * x * x * x)))

    @staticmethod
    def backward(ctx, m, g, x):
        x_sq = x * x
        t = m.tanh(_SQRT_TWO_OVER_PI * (x + _GELU_KAPPA * x_sq * x))
        left_derivative = 0.5 * (1 + t)
        right_derivative = 0.5 * x * (1 - t * t) * _SQRT_TWO_OVER_PI * (1 + 3 * _GELU_KAPPA * x_sq)
        return g * (left_derivative + right_derivative)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta * x)) / beta, linear above ``threshold``."""
    return Softplus.apply(input, beta, threshold)


def logsigmoid(input):
    """log(sigmoid(x)), computed stably."""
    return LogSigmoid.apply(input)


def mish(input):
    """x * tanh(softplus(x))."""
    return Mish.apply(input)


def gelu_tanh(input):
    """gelu with ``approximate="tanh"``."""
    return GeluTanh.apply(input)


def silu(input):
    """x * sigmoid(x), PyTorch's formula for its value and gradient (nn.functional.silu)."""
    return Silu.apply(input)
