"""grid_sample's coordinates: a grid's coordinates in [-1, 1] as pixel positions along an axis, after
the padding mode (border, reflection), with d(position)/d(coordinate), as PyTorch's CPU kernels
compute them (``grid_sample_taps.py`` places the taps by them)."""


def unnormalize(xp, coord, size, align_corners, fused):
    """Grid coordinates in [-1, 1] as pixel positions, and d(position)/d(coordinate). Where
    ``fused``, ``* scale - 0.5`` is rounded once, as a fused multiply-add: PyTorch's vectorized
    image kernel is compiled with FMA (in float32 and float64), its scalar volume kernel without.
    A rounding apart, the floor of a position on a pixel's edge flips, and the grid's gradient
    with it."""
    if align_corners:
        scale = (size - 1) / 2
        return (coord + 1) * scale, scale
    scale = size / 2
    if fused:
        return _times_minus_half(xp, coord + 1, scale), scale
    return (coord + 1) * scale - 0.5, scale


def _times_minus_half(xp, a, scale):
    """``a * scale - 0.5`` rounded once (``scale`` half an axis' size: at most 27 significant bits).
    float32 in float64, where the product is exact. float64 in two parts: ``a``'s upper 26 bits
    (Veltkamp's split) times ``scale``, less 0.5, and the rest of ``a`` times ``scale``, added with
    one rounding. The first part is exact wherever |a * scale| >= 2 ** -7 on axes under 2 ** 21
    pixels (>= 1/2 on any); closer to 0 a second rounding may move a position in (-1, 0) by a
    unit in the last place, which decides no floor there. Where the result is not finite (an
    infinite ``a``, or one so large that the split overflows): the plain expression."""
    if a.dtype.itemsize < 8:
        return (a.astype(xp.float64) * scale - 0.5).astype(a.dtype)
    high = a * 134217729.0  # (2 ** 27 + 1)
    high -= high - a
    low = a - high
    high *= scale
    high -= 0.5
    low *= scale
    high += low
    return xp.where(xp.isfinite(high), high, a * scale - 0.5)


def _clip(xp, x, size, volume):
    """Positions clamped into [0, size - 1], and where the slope is 1 (strictly inside: PyTorch
    counts the edges themselves as outside). A NaN position (reflection makes an infinite one NaN)
    goes where PyTorch's clamp sends it: to 0 in an image (its vectorized kernel's), to size - 1 in
    a volume (its scalar kernel's std::min and std::max)."""
    clipped = xp.clip(x, 0, size - 1)
    clipped[xp.isnan(clipped)] = size - 1 if volume else 0
    return clipped, (x > 0) & (x < size - 1)


def _reflect(xp, x, size, align_corners):
    """Positions reflected at the edges (corner pixels' centres with ``align_corners``, else the
    outer edges) until inside, and the slope: -1 or 1 (0 for a single pixel with ``align_corners``)."""
    twice_span = 2 * (size - 1) if align_corners else 2 * size
    if twice_span == 0:
        return x * 0.0, xp.zeros(x.shape, x.dtype)
    shifted = x if align_corners else x + 0.5
    negative = shifted < 0
    folded = xp.where(negative, -shifted, shifted)
    extra = folded - xp.trunc(folded / twice_span) * twice_span
    flipped = extra > twice_span - extra
    reflected = xp.where(flipped, twice_span - extra, extra)
    slope = xp.where(negative ^ flipped, -1, 1).astype(x.dtype)
    return (reflected if align_corners else reflected - 0.5), slope


def _source(xp, coord, size, padding_mode, align_corners, volume):
    """Pixel positions of grid coordinates after padding (of a ``volume``'s axis, or an image's), and
    d(position)/d(coordinate) (a number or an array)."""
    x, scale = unnormalize(xp, coord, size, align_corners, not volume)
    if padding_mode == "border":
        x, inside = _clip(xp, x, size, volume)
        return x, xp.where(inside, scale, 0).astype(x.dtype)
    if padding_mode == "reflection":
        x, slope = _reflect(xp, x, size, align_corners)
        x, inside = _clip(xp, x, size, volume)
        return x, xp.where(inside, slope * scale, 0).astype(x.dtype)
    return x, scale


def _pad_tap(xp, p, size, padding_mode, align_corners):
    """A bicubic tap's pixel position ``p`` (integral floats) after padding, taps one by one."""
    if padding_mode == "border":
        return xp.clip(p, 0, size - 1)
    if padding_mode == "reflection":
        return xp.clip(_reflect(xp, p, size, align_corners)[0], 0, size - 1)
    return p
