"""Pooling: max and average over sliding windows, and their adaptive (output-sized) forms,
over 2 or 3 spatial dims ((N, C, H, W) or (N, C, D, H, W)).

Windows are walked tap by tap: one strided slice of the padded input per
kernel position (kh*kw, or kd*kh*kw, array operations over the whole output,
no loop over pixels). Max pooling keeps, per output, the number of the winning
tap (as PyTorch: the first maximum in row-major window order, NaN wins); its
gradient adds each tap's winners back into that tap's strided slice.
"""
import itertools
import math

from .im2col import col2im, _tap_range
from .masks import select


def pool_output_size(size, kernel, stride, pad, dilation, ceil_mode):
    """PyTorch's pooling output length: with ``ceil_mode`` the last window must start
    inside the input or its left padding."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _padded(xp, x, padding, extent, fill):
    """``x`` in a buffer filled with ``fill``, ``padding`` before it and room for windows up to ``extent``."""
    size = x.shape[2:]
    buf = xp.full(x.shape[:2] + tuple(max(s + 2 * p, e) for s, p, e in zip(size, padding, extent)), fill, x.dtype)
    buf[(slice(None), slice(None)) + tuple(slice(p, p + s) for s, p in zip(size, padding))] = x
    return buf


def _taps(buf, kernel, stride, dilation, out_size):
    """(tap number, strided slice of ``buf``) for every kernel position, in row-major order."""
    per_axis = [[slice(i * d, i * d + (o - 1) * s + 1, s) for i in range(k)]
                for k, s, d, o in zip(kernel, stride, dilation, out_size)]
    whole = (slice(None), slice(None))
    for t, slices in enumerate(itertools.product(*per_axis)):
        yield t, buf[whole + slices]


def _extent(kernel, stride, dilation, out_hw):
    return tuple((o - 1) * s + d * (k - 1) + 1 for k, s, d, o in zip(kernel, stride, dilation, out_hw))


def _first_valid_tap(xp, out_size, kernel, stride, pad, dilation):
    """Per output position along one axis: the first tap inside the input (PyTorch's starting index)."""
    start = xp.arange(out_size) * stride - pad
    skip = xp.where(start < 0, (-start + dilation - 1) // dilation, 0)
    return xp.minimum(skip, kernel - 1)


def _out_size(x, kernel, stride, padding, dilation, ceil_mode):
    return tuple(pool_output_size(s, k, st, p, d, ceil_mode)
                 for s, k, st, p, d in zip(x.shape[2:], kernel, stride, padding, dilation))


def _inside(x, padding, extent):
    """Whether every window lies inside ``x`` (no padding read)."""
    return not any(padding) and all(e <= s for e, s in zip(extent, x.shape[2:]))


def max_pool(xp, x, kernel, stride, padding, dilation, ceil_mode):
    """Window maxima of ``x`` (N, C, H, W) or (N, C, D, H, W) and, per output, the number of the winning
    tap (i*kw + j in 2-D, its row-major number in general): the first maximum in row-major window
    order; in a window holding NaN, its last NaN (as PyTorch)."""
    out_size = _out_size(x, kernel, stride, padding, dilation, ceil_mode)
    extent = _extent(kernel, stride, dilation, out_size)
    if _inside(x, padding, extent):
        out = _max_pool_inside(xp, x, kernel, stride, dilation, out_size)
    else:  # (fast path, fenced: the same on a copy padded with the lowest value, see _max_pool_padded)
        out = _max_pool_padded(xp, x, kernel, stride, padding, dilation, out_size, extent)
    if out is not None:
        return out
    return _max_pool_scan(xp, x, kernel, stride, padding, dilation, out_size, extent)


def _lowest(xp, dtype):
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


def _max_pool_padded(xp, x, kernel, stride, padding, dilation, out_hw, extent):
    """``_max_pool_inside`` over a copy of ``x`` padded with the lowest value (-inf): a padding
    element never equals a window's maximum unless that maximum is the lowest value, where PyTorch
    keeps the first tap inside the input; then (or for a NaN) this returns None, for the scan.
    Measured 2.5x faster than the scan for a 3x3 window at stride 2, padding 1."""
    lowest = _lowest(xp, x.dtype)
    return _max_pool_inside(xp, _padded(xp, x, padding, extent, lowest), kernel, stride, dilation, out_hw,
                            lowest)


def _max_pool_inside(xp, x, kernel, stride, dilation, out_hw, lowest=None):
    """Fast path for windows that all lie inside the input (no padding, the common case): the maxima
    by a chain of ``maximum``s, then the first tap equal to each. Returns None when a maximum is NaN
    (then the exact scan decides which NaN), so NaN-free inputs never pay for that rule, or (where
    ``lowest`` is given: padding) when a maximum is ``lowest``."""
    taps = [v for _, v in _taps(x, kernel, stride, dilation, out_hw)]
    best = taps[0]
    for v in taps[1:]:
        best = xp.maximum(best, v)
    if lowest is not None:
        if not (best > lowest).all().item():  # (NaN compares False too; explicit: a host check on a device)
            return None
    elif best.dtype.kind == "f" and (best != best).any().item():  # explicit: a host check on a device
        return None
    tap = xp.full(best.shape, len(taps) - 1, xp.int32)
    for t in range(len(taps) - 2, -1, -1):  # backwards, so that the first equal tap is the one kept
        tap += (taps[t] == best) * (t - tap)  # where(equal, t, tap) as integer arithmetic (see select)
    return (best if len(taps) > 1 else best.copy()), tap


def _max_pool_scan(xp, x, kernel, stride, padding, dilation, out_hw, extent):
    """The general path: PyTorch's scan over the window, tap by tap, over a -inf-padded copy."""
    lowest = _lowest(xp, x.dtype)
    buf = _padded(xp, x, padding, extent, lowest)
    best = xp.full(x.shape[:2] + tuple(out_hw), lowest, x.dtype)
    # Start where PyTorch starts: at the first tap inside the input (it wins if every value is -inf).
    firsts = [_first_valid_tap(xp, o, k, s, p, d) for o, k, s, p, d in zip(out_hw, kernel, stride, padding, dilation)]
    tap = _ravel(firsts, kernel)
    tap = xp.broadcast_to(tap.astype(xp.int32), best.shape).copy()
    for t, v in _taps(buf, kernel, stride, dilation, out_hw):
        wins = v > best
        wins |= xp.isnan(v)  # as PyTorch: a NaN takes over
        xp.copyto(best, v, where=wins)
        xp.copyto(tap, t, where=wins)
    return best, tap


def _ravel(per_axis, sizes):
    """Row-major flat numbers of per-axis index arrays (each along its own output axis), broadcast together."""
    flat = 0
    for a, (index, size) in enumerate(zip(per_axis, sizes)):
        flat = flat * size + index.reshape((-1,) + (1,) * (len(sizes) - 1 - a))
    return flat


def tap_to_index(xp, tap, in_size, kernel, stride, padding, dilation):
    """Flat input indices (h * W + w, int64; row-major in 3-D) of the taps chosen by max pooling
    (``return_indices``)."""
    n = len(kernel)
    flat = 0
    rest = tap
    for a in reversed(range(n)):  # the tap's kernel offset along each axis, last axis first
        offset = rest % kernel[a]
        rest = rest // kernel[a]
        pos = (xp.arange(tap.shape[2 + a], dtype=xp.int64).reshape((-1,) + (1,) * (n - 1 - a)) * stride[a]
               - padding[a] + offset * dilation[a])
        flat = flat + pos * math.prod(in_size[a + 1:])
    return flat


def _tap_ranges(kernel, stride, padding, dilation, in_size, out_size):
    """(tap number, output slices, input slices) of every kernel tap that reaches the input, row-major."""
    per_axis = [[_tap_range(i, d, s, p, size, o) for i in range(k)]
                for k, d, s, p, size, o in zip(kernel, dilation, stride, padding, in_size, out_size)]
    whole = (slice(None), slice(None))
    for t, ranges in enumerate(itertools.product(*per_axis)):
        if None not in ranges:
            outs, ins = zip(*ranges)
            yield t, whole + outs, whole + ins


def max_pool_backward(xp, g, tap, in_size, kernel, stride, padding, dilation):
    """Each output's gradient added to the input element its window's maximum came from:
    per kernel tap, the gradients of the windows that tap won, added into its strided slice."""
    out = xp.zeros(g.shape[:2] + tuple(in_size), g.dtype)
    for t, outs, ins in _tap_ranges(kernel, stride, padding, dilation, in_size, g.shape[2:]):
        out[ins] += select(tap[outs] == t, g[outs])
    return out


def gather_indices(xp, h, index):
    """``h`` (N, C, *size) read at flat per-plane indices (N, C, *out): the adjoint of the max-pool scatter."""
    n, c = h.shape[:2]
    flat = h.reshape(n, c, math.prod(h.shape[2:]))  # (-1 fails on an empty batch)
    picked = xp.take_along_axis(flat, index.reshape(n, c, math.prod(index.shape[2:])), axis=2)
    return picked.reshape(index.shape)


def _avg_divisor(xp, dtype, size, out_size, kernel, stride, pad, count_include_pad):
    """Per output position along one axis: the window length PyTorch divides by."""
    start = xp.arange(out_size) * stride - pad
    end = xp.minimum(start + kernel, size + pad)
    if count_include_pad:
        return (end - start).astype(dtype)
    return (xp.minimum(end, size) - xp.maximum(start, 0)).astype(dtype)


def _avg_divisors(xp, dtype, in_size, out_size, kernel, stride, padding, count_include_pad, divisor_override):
    if divisor_override:
        return divisor_override
    per_axis = [_avg_divisor(xp, dtype, s, o, k, st, p, count_include_pad)
                for s, o, k, st, p in zip(in_size, out_size, kernel, stride, padding)]
    div = per_axis[0][:, None] * per_axis[1][None, :]
    for d in per_axis[2:]:  # (3-D: the product grows a last axis)
        div = div[..., None] * d
    return div


def avg_pool(xp, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    """Window sums of ``x`` (N, C, H, W) or (N, C, D, H, W) (zero padding) divided as PyTorch divides them."""
    ones = (1,) * len(kernel)
    out_size = _out_size(x, kernel, stride, padding, ones, ceil_mode)
    extent = _extent(kernel, stride, ones, out_size)
    buf = x if _inside(x, padding, extent) else _padded(xp, x, padding, extent, 0)  # (no copy when inside)
    taps = _taps(buf, kernel, stride, ones, out_size)
    total = next(taps)[1].copy()
    for _, v in taps:  # row-major window order, as PyTorch sums
        total += v
    div = _avg_divisors(xp, x.dtype, x.shape[2:], out_size, kernel, stride, padding, count_include_pad,
                        divisor_override)
    if x.dtype.kind != "f":  # integer pooling divides as C does (towards zero), as PyTorch
        return (total / div).astype(x.dtype)
    return total / div


def avg_pool_backward(xp, g, in_size, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    """The adjoint of avg_pool: each output's share spread over its window."""
    share = g / _avg_divisors(xp, g.dtype, in_size, g.shape[2:], kernel, stride, padding, count_include_pad,
                              divisor_override)
    if g.ndim == 4:
        # Fast path, fenced: 2-D windows through col2im's batch-last adds (rows of Wo*N elements per
        # add); the general path adds tap by tap (a test checks they agree).
        return _spread_by_col2im(xp, share, in_size, kernel, stride, padding)
    return _spread_by_taps(xp, share, in_size, kernel, stride, padding)


def _spread_by_taps(xp, share, in_size, kernel, stride, padding):
    """Each output's ``share`` added to every input element of its window: one strided add per tap."""
    out = xp.zeros(share.shape[:2] + tuple(in_size), share.dtype)
    for _, outs, ins in _tap_ranges(kernel, stride, padding, (1,) * len(kernel), in_size, share.shape[2:]):
        out[ins] += share[outs]
    return out


def _spread_by_col2im(xp, share, in_size, kernel, stride, padding):
    """``_spread_by_taps`` for (N, C, Ho, Wo) shares, by col2im with the batch kept last."""
    n, c, ho, wo = share.shape
    cols = xp.broadcast_to(share[:, :, None, None], (n, c, kernel[0], kernel[1], ho, wo))
    pads = ((padding[0], padding[0]), (padding[1], padding[1]))
    out = xp.zeros((n, c) + tuple(in_size), share.dtype)
    col2im(cols.transpose(1, 2, 3, 4, 5, 0), out.transpose(1, 2, 3, 0), stride, pads, (1, 1))
    return out


def _adaptive_windows(xp, size, out_size):
    """PyTorch's adaptive windows along one axis, [floor(o*size/out), ceil((o+1)*size/out)):
    their lengths, and an (out, widest) index array (short windows repeat their last element)."""
    o = xp.arange(out_size)
    start = (o * size) // out_size
    end = ((o + 1) * size + out_size - 1) // out_size
    widest = -(-size // out_size) + 1  # window lengths differ from size/out by less than one
    index = xp.minimum(start[:, None] + xp.arange(widest)[None, :], end[:, None] - 1)
    return end - start, index


def _membership(xp, dtype, size, out_size):
    """(out, size) matrix with 1 where input position i lies in output o's window."""
    length, index = _adaptive_windows(xp, size, out_size)
    start = index[:, :1]
    i = xp.arange(size)[None, :]
    return ((i >= start) & (i < start + length[:, None])).astype(dtype)


def adaptive_avg_pool(xp, x, out_hw):
    """Means of ``x`` over PyTorch's adaptive windows: two small matrix products with the window
    memberships (windows may overlap or differ in length), divided by the window sizes.
    (N, C, D, H, W) input: the (H, W) means of every depth slice, then their means over depth windows."""
    if x.ndim == 5:
        n, c, d = x.shape[:3]
        y = adaptive_avg_pool(xp, x.reshape((n, c * d) + x.shape[3:]), out_hw[1:])
        y = y.reshape(n, c, d, out_hw[1] * out_hw[2])
        md = _membership(xp, x.dtype, d, out_hw[0])
        return ((md @ y) / md.sum(1)[:, None]).reshape((n, c) + tuple(out_hw))
    n, c, h, w = x.shape
    (ho, wo) = out_hw
    if _tiles(h, ho) and _tiles(w, wo):
        # Fast path, fenced: equal windows that tile the input (a global pool, a halving): a mean
        # over a reshape, the same windows as the general path below (a test checks they agree).
        return x.reshape(n, c, ho, h // ho, wo, w // wo).mean(axis=(3, 5))
    mh = _membership(xp, x.dtype, h, ho)
    mw = _membership(xp, x.dtype, w, wo)
    total = xp.matmul(xp.matmul(mh, x), mw.T)
    return total / (mh.sum(1)[:, None] * mw.sum(1)[None, :])


def adaptive_avg_pool_backward(xp, g, in_hw):
    """The adjoint of adaptive_avg_pool: two small matrix products with the window memberships."""
    if g.ndim == 5:  # the depth windows' adjoint, then the (H, W) one of every depth slice
        n, c, do = g.shape[:3]
        md = _membership(xp, g.dtype, in_hw[0], do)
        share = md.T @ (g.reshape(n, c, do, g.shape[3] * g.shape[4]) / md.sum(1)[:, None])
        share = share.reshape((n, c * in_hw[0]) + g.shape[3:])
        return adaptive_avg_pool_backward(xp, share, in_hw[1:]).reshape((n, c) + tuple(in_hw))
    n, c, ho, wo = g.shape
    h, w = in_hw
    if _tiles(h, ho) and _tiles(w, wo):
        # Fast path, fenced (the forward's): each input shares its window's gradient equally.
        kh, kw = h // ho, w // wo
        share = g / g.dtype.type(kh * kw)
        return xp.broadcast_to(share[:, :, :, None, :, None], (n, c, ho, kh, wo, kw)).reshape(n, c, h, w)
    mh = _membership(xp, g.dtype, h, ho)
    mw = _membership(xp, g.dtype, w, wo)
    share = g / (mh.sum(1)[:, None] * mw.sum(1)[None, :])
    return mh.T @ (share @ mw)


def _tiles(size, out_size):
    """True when ``out_size`` adaptive windows over ``size`` are equal and do not overlap."""
    return out_size > 0 and size % out_size == 0


def adaptive_max_pool(xp, x, out_size):
    """Maxima over PyTorch's adaptive windows of (N, C, H, W) or (N, C, D, H, W) input, and their flat
    input indices (h * W + w; row-major in 3-D), scanning each window in row-major order."""
    size = x.shape[2:]
    windows = [_adaptive_windows(xp, s, o)[1] for s, o in zip(size, out_size)]  # (out, widest) per axis
    best = xp.full(x.shape[:2] + tuple(out_size), -xp.inf, x.dtype)
    index = None
    for offsets in itertools.product(*(range(w.shape[1]) for w in windows)):
        positions = [w[:, a] for w, a in zip(windows, offsets)]
        v = x[(slice(None), slice(None)) + xp.ix_(*positions)]
        flat = _ravel(positions, size)
        if index is None:  # the window's first element
            xp.copyto(best, v)
            index = xp.broadcast_to(flat, best.shape).astype(xp.int64)
            continue
        wins = v > best
        wins |= xp.isnan(v)
        xp.copyto(best, v, where=wins)
        xp.copyto(index, flat, where=wins)
    return best, index


def scatter_indices(xp, g, index, in_hw, scatter_add):
    """The adjoint of ``gather_indices``: ``g`` added into zeros at flat per-plane indices
    (repeated indices accumulate, through the backend's ``scatter_add``)."""
    n, c = g.shape[:2]
    out = xp.zeros((n * c, math.prod(in_hw)), g.dtype)
    rows = xp.arange(n * c)[:, None]
    m = math.prod(g.shape[2:])
    scatter_add(out, (rows, index.reshape(n * c, m)), g.reshape(n * c, m))
    return out.reshape((n, c) + tuple(in_hw))
