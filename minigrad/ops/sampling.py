"""Two pieces of ``nn.functional.grid_sample``'s general path as ops. The cubic convolution
weights of bicubic sampling: their derivative is PyTorch's closed form, so bicubic grid gradients
round as PyTorch's do (the chain rule through the polynomials' products leaves larger float32
residues where the four weights' changes cancel). The pixel positions of grid coordinates: the
fast path's arithmetic (a fused multiply-add in images, as PyTorch's), so that both paths floor
a position on a pixel's edge alike."""
from ..autograd.op import Op
from ..kernels.grid_sample import cubic_tap_weights, cubic_tap_slopes, unnormalize


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


class PixelPositions(Op):
    """Grid coordinates as pixel positions along an axis of ``size`` (``kernels.grid_sample.unnormalize``);
    the gradient is the constant scale."""

    @staticmethod
    def forward(ctx, coord, size, align_corners, fused):
        position, ctx.scale = unnormalize(ctx.xp, coord, size, align_corners, fused)
        return position

    @staticmethod
    def backward(ctx, m, g):
        return g * ctx.scale


def pixel_positions(coord, size, align_corners, fused):
    """Grid coordinates in [-1, 1] as pixel positions along an axis of ``size`` (corner pixels'
    centres at +-1 with ``align_corners``, else the outer edges); ``fused``: ``* scale - 0.5``
    rounded once, as PyTorch's image kernel does in float32 and float64."""
    return PixelPositions.apply(coord, size, align_corners, fused)
