"""The cubic convolution weights of bicubic sampling (``nn.functional.grid_sample``), as one op:
its derivative is PyTorch's closed form, so bicubic grid gradients round as PyTorch's do (the
chain rule through the polynomials' products leaves larger float32 residues where the four
weights' changes cancel)."""
from ..autograd.op import Op
from ..kernels.grid_sample import cubic_tap_weights, cubic_tap_slopes


class CubicWeights(Op):
    """(4, ...) weights of the taps at -1, 0, 1 and 2 for points a fraction ``t`` past tap 0."""

    saves = (True,)

    @staticmethod
    def forward(ctx, t):
        return ctx.xp.stack(cubic_tap_weights(t))

    @staticmethod
    def backward(ctx, m, g, t):
        d0, d1, d2, d3 = cubic_tap_slopes(t)  # (each written as PyTorch writes it)
        return g[0] * d0 + g[1] * d1 + g[2] * d2 + g[3] * d3


def cubic_weights(t):
    """The bicubic weights (4, ...) of the taps at -1, 0, 1, 2 around points a fraction ``t`` past tap 0."""
    return CubicWeights.apply(t)
