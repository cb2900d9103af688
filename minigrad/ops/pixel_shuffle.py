"""Pixel shuffling: pixel_shuffle and pixel_unshuffle, channel blocks to pixel blocks and back.

Each is one op, as PyTorch's: a reshape, a permutation and a reshape, whose gradient is the other.
"""
from ..autograd.op import Op
from ._api import public
from ._util import expect_int
from .layout import follow_channels_last


def _shuffle(x, r):
    """(*, C*r*r, H, W) array -> (*, C, H*r, W*r): channel blocks become r x r pixel blocks."""
    *lead, c, h, w = x.shape
    n = len(lead)
    x = x.reshape(*lead, c // (r * r), r, r, h, w).transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def _unshuffle(x, r):
    """(*, C, H*r, W*r) array -> (*, C*r*r, H, W): the inverse of ``_shuffle``."""
    *lead, c, h, w = x.shape
    n = len(lead)
    x = x.reshape(*lead, c, h // r, r, w // r, r).transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)


class PixelShuffle(Op):
    """pixel_shuffle as one op, as PyTorch's: a rearrangement whose gradient is pixel_unshuffle's."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    supports_complex = True

    @staticmethod
    def forward(ctx, x, r):
        ctx.r = r
        return follow_channels_last(x, _shuffle(x, r))

    @staticmethod
    def backward(ctx, m, g):
        return m.op(PixelUnshuffle, g, ctx.r), None


class PixelUnshuffle(Op):
    """pixel_unshuffle as one op: the inverse rearrangement, whose gradient is pixel_shuffle's."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    supports_complex = True

    @staticmethod
    def forward(ctx, x, r):
        ctx.r = r
        return follow_channels_last(x, _unshuffle(x, r))

    @staticmethod
    def backward(ctx, m, g):
        return m.op(PixelShuffle, g, ctx.r), None


@public(method=False)
def pixel_shuffle(input, upscale_factor):
    """(*, C*r*r, H, W) -> (*, C, H*r, W*r): channel blocks become r x r pixel blocks."""
    r = expect_int("pixel_shuffle", upscale_factor, "upscale_factor", 2)
    if input.ndim < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    c, h, w = input.shape[-3:]
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={c} is not divisible by {r * r}")
    return PixelShuffle.apply(input, r)


@public(method=False)
def pixel_unshuffle(input, downscale_factor):
    """(*, C, H*r, W*r) -> (*, C*r*r, H, W): the inverse of pixel_shuffle."""
    r = expect_int("pixel_unshuffle", downscale_factor, "downscale_factor", 2)
    if input.ndim < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    c, h, w = input.shape[-3:]
    if h % r:
        raise RuntimeError(f"pixel_unshuffle expects height to be divisible by downscale_factor, but "
                           f"input.size(-2)={h} is not divisible by {r}")
    if w % r:
        raise RuntimeError(f"pixel_unshuffle expects width to be divisible by downscale_factor, but "
                           f"input.size(-1)={w} is not divisible by {r}")
    return PixelUnshuffle.apply(input, r)
