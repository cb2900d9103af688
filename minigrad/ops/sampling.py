"""The cubic convolution weights of bicubic sampling (``nn.functional.grid_sample``), as one op:
its derivative is PyTorch's closed form, so bicubic grid gradients round as PyTorch's do (the
chain rule through the polynomials' products leaves larger float32 residues where the four
weights' changes cancel)."""
from ..autograd.op import Op

#: the cubic convolution's free parameter (Keys' kernel), as PyTorch's bicubic modes take it
A = -0.75


def _far(d):
    """The weight of a tap 1 < d < 2 away."""
    return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A


def _near(d):
    """The weight of a tap d <= 1 away."""
    return ((A + 2) * d - (A + 3)) * d * d + 1


class CubicWeights(Op):
    """(4, ...) weights of the taps at -1, 0, 1 and 2 for points a fraction ``t`` past tap 0."""

    saves = (True,)

    @staticmethod
    def forward(ctx, t):
        return ctx.xp.stack((_far(t + 1), _near(t), _near(1 - t), _far(2 - t)))

    @staticmethod
    def backward(ctx, m, g, t):
        # d(weight)/dt of each tap, each written as PyTorch writes it for x = tap - t
        x = -1 - t
        d0 = -((-3 * A * x - 10 * A) * x - 8 * A)
        x = -t
        d1 = -((-3 * (A + 2) * x - 2 * (A + 3)) * x)
        x = 1 - t
        d2 = -((3 * (A + 2) * x - 2 * (A + 3)) * x)
        x = 2 - t
        d3 = -((3 * A * x - 10 * A) * x + 8 * A)
        return g[0] * d0 + g[1] * d1 + g[2] * d2 + g[3] * d3


def cubic_weights(t):
    """The bicubic weights (4, ...) of the taps at -1, 0, 1, 2 around points a fraction ``t`` past tap 0."""
    return CubicWeights.apply(t)
