"""Pooling: max and average over sliding windows, and their adaptive (output-sized) forms.

Windows are walked tap by tap: one strided slice of the padded input per
kernel position (kh*kw array operations over the whole output, no loop over
pixels). Max pooling keeps, per output, the number of the winning tap (as
PyTorch: the first maximum in row-major window order, NaN wins); its gradient
goes back through ``conv.col2im``, the same scatter convolution uses.
"""
from .conv import col2im, _tap_range
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
    n, c, h, w = x.shape
    (ph, pw), (eh, ew) = padding, extent
    buf = xp.full((n, c, max(h + 2 * ph, eh), max(w + 2 * pw, ew)), fill, x.dtype)
    buf[:, :, ph:ph + h, pw:pw + w] = x
    return buf


def _taps(buf, kernel, stride, dilation, out_hw):
    """(tap number, strided slice of ``buf``) for every kernel position, in row-major order."""
    (kh, kw), (sh, sw), (dh, dw), (ho, wo) = kernel, stride, dilation, out_hw
    for i in range(kh):
        for j in range(kw):
            yield i * kw + j, buf[:, :, i * dh:i * dh + (ho - 1) * sh + 1:sh, j * dw:j * dw + (wo - 1) * sw + 1:sw]


def _extent(kernel, stride, dilation, out_hw):
    return tuple((o - 1) * s + d * (k - 1) + 1 for k, s, d, o in zip(kernel, stride, dilation, out_hw))


def _first_valid_tap(xp, out_size, kernel, stride, pad, dilation):
    """Per output position along one axis: the first tap inside the input (PyTorch's starting index)."""
    start = xp.arange(out_size) * stride - pad
    skip = xp.where(start < 0, (-start + dilation - 1) // dilation, 0)
    return xp.minimum(skip, kernel - 1)


def max_pool2d(xp, x, kernel, stride, padding, dilation, ceil_mode):
    """Window maxima of ``x`` (N, C, H, W) and, per output, the number (i*kw + j) of the winning tap:
    the first maximum in row-major window order; in a window holding NaN, its last NaN (as PyTorch)."""
    ho = pool_output_size(x.shape[2], kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
    wo = pool_output_size(x.shape[3], kernel[1], stride[1], padding[1], dilation[1], ceil_mode)
    extent = _extent(kernel, stride, dilation, (ho, wo))
    if padding == (0, 0) and extent[0] <= x.shape[2] and extent[1] <= x.shape[3]:
        out = _max_pool_inside(xp, x, kernel, stride, dilation, (ho, wo))
        if out is not None:
            return out
    return _max_pool_scan(xp, x, kernel, stride, padding, dilation, (ho, wo), extent)


def _max_pool_inside(xp, x, kernel, stride, dilation, out_hw):
    """Fast path for windows that all lie inside the input (no padding, the common case): the maxima
    by a chain of ``maximum``s, then the first tap equal to each. Returns None when a maximum is NaN
    (then the exact scan decides which NaN), so NaN-free inputs never pay for that rule."""
    taps = [v for _, v in _taps(x, kernel, stride, dilation, out_hw)]
    best = taps[0]
    for v in taps[1:]:
        best = xp.maximum(best, v)
    if best.dtype.kind == "f" and (best != best).any().item():  # explicit: a host check on a device
        return None
    tap = xp.full(best.shape, len(taps) - 1, xp.int32)
    for t in range(len(taps) - 2, -1, -1):  # backwards, so that the first equal tap is the one kept
        tap += (taps[t] == best) * (t - tap)  # where(equal, t, tap) as integer arithmetic (see select)
    return (best if len(taps) > 1 else best.copy()), tap


def _max_pool_scan(xp, x, kernel, stride, padding, dilation, out_hw, extent):
    """The general path: PyTorch's scan over the window, tap by tap, over a -inf-padded copy."""
    lowest = -xp.inf if x.dtype.kind == "f" else xp.iinfo(x.dtype).min
    buf = _padded(xp, x, padding, extent, lowest)
    best = xp.full(x.shape[:2] + tuple(out_hw), lowest, x.dtype)
    # Start where PyTorch starts: at the first tap inside the input (it wins if every value is -inf).
    tap = (_first_valid_tap(xp, out_hw[0], kernel[0], stride[0], padding[0], dilation[0])[:, None] * kernel[1]
           + _first_valid_tap(xp, out_hw[1], kernel[1], stride[1], padding[1], dilation[1])[None, :])
    tap = xp.broadcast_to(tap.astype(xp.int32), best.shape).copy()
    for t, v in _taps(buf, kernel, stride, dilation, out_hw):
        wins = v > best
        wins |= xp.isnan(v)  # as PyTorch: a NaN takes over
        xp.copyto(best, v, where=wins)
        xp.copyto(tap, t, where=wins)
    return best, tap


def tap_to_index(xp, tap, in_hw, kernel, stride, padding, dilation):
    """Flat input indices (h * W + w, int64) of the taps chosen by max pooling (``return_indices``)."""
    ho, wo = tap.shape[2:]
    rows = xp.arange(ho, dtype=xp.int64)[:, None] * stride[0] - padding[0] + (tap // kernel[1]) * dilation[0]
    cols = xp.arange(wo, dtype=xp.int64)[None, :] * stride[1] - padding[1] + (tap % kernel[1]) * dilation[1]
    return rows * in_hw[1] + cols


def max_pool2d_backward(xp, g, tap, in_hw, kernel, stride, padding, dilation):
    """Each output's gradient added to the input element its window's maximum came from:
    per kernel tap, the gradients of the windows that tap won, added into its strided slice."""
    kh, kw = kernel
    ho, wo = g.shape[2:]
    out = xp.zeros(g.shape[:2] + tuple(in_hw), g.dtype)
    for i in range(kh):
        rows = _tap_range(i, dilation[0], stride[0], padding[0], in_hw[0], ho)
        if rows is None:
            continue
        for j in range(kw):
            cols = _tap_range(j, dilation[1], stride[1], padding[1], in_hw[1], wo)
            if cols is None:
                continue
            won = tap[:, :, rows[0], cols[0]] == i * kw + j
            out[:, :, rows[1], cols[1]] += select(won, g[:, :, rows[0], cols[0]])
    return out


def gather_indices(xp, h, index):
    """``h`` (N, C, H, W) read at flat per-plane indices (N, C, Ho, Wo): the adjoint of the max-pool scatter."""
    n, c, hh, ww = h.shape
    flat = h.reshape(n, c, hh * ww)
    picked = xp.take_along_axis(flat, index.reshape(n, c, index.shape[2] * index.shape[3]), axis=2)
    return picked.reshape(index.shape)


def _avg_divisor(xp, dtype, size, out_size, kernel, stride, pad, count_include_pad):
    """Per output position along one axis: the window length PyTorch divides by."""
    start = xp.arange(out_size) * stride - pad
    end = xp.minimum(start + kernel, size + pad)
    if count_include_pad:
        return (end - start).astype(dtype)
    return (xp.minimum(end, size) - xp.maximum(start, 0)).astype(dtype)


def _avg_divisors(xp, dtype, in_hw, out_hw, kernel, stride, padding, count_include_pad, divisor_override):
    if divisor_override:
        return divisor_override
    dh = _avg_divisor(xp, dtype, in_hw[0], out_hw[0], kernel[0], stride[0], padding[0], count_include_pad)
    dw = _avg_divisor(xp, dtype, in_hw[1], out_hw[1], kernel[1], stride[1], padding[1], count_include_pad)
    return dh[:, None] * dw[None, :]


def avg_pool2d(xp, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    """Window sums of ``x`` (zero padding) divided as PyTorch divides them."""
    ho = pool_output_size(x.shape[2], kernel[0], stride[0], padding[0], 1, ceil_mode)
    wo = pool_output_size(x.shape[3], kernel[1], stride[1], padding[1], 1, ceil_mode)
    extent = _extent(kernel, stride, (1, 1), (ho, wo))
    inside = padding == (0, 0) and extent[0] <= x.shape[2] and extent[1] <= x.shape[3]
    buf = x if inside else _padded(xp, x, padding, extent, 0)  # (no copy when no window leaves the input)
    taps = _taps(buf, kernel, stride, (1, 1), (ho, wo))
    total = next(taps)[1].copy()
    for _, v in taps:  # row-major window order, as PyTorch sums
        total += v
    div = _avg_divisors(xp, x.dtype, x.shape[2:], (ho, wo), kernel, stride, padding, count_include_pad,
                        divisor_override)
    if x.dtype.kind != "f":  # integer pooling divides as C does (towards zero), as PyTorch
        return (total / div).astype(x.dtype)
    return total / div


def avg_pool2d_backward(xp, g, in_hw, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    """The adjoint of avg_pool2d: each output's share spread over its window."""
    n, c, ho, wo = g.shape
    div = _avg_divisors(xp, g.dtype, in_hw, (ho, wo), kernel, stride, padding, count_include_pad,
                        divisor_override)
    share = (g / div)[:, :, None, None]
    cols = xp.broadcast_to(share, (n, c, kernel[0], kernel[1], ho, wo))
    pads = ((padding[0], padding[0]), (padding[1], padding[1]))
    out = xp.zeros((n, c) + tuple(in_hw), g.dtype)
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


def adaptive_avg_pool2d(xp, x, out_hw):
    """Means of ``x`` over PyTorch's adaptive windows: two small matrix products with the window
    memberships (windows may overlap or differ in length), divided by the window sizes."""
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


def adaptive_avg_pool2d_backward(xp, g, in_hw):
    """The adjoint of adaptive_avg_pool2d: two small matrix products with the window memberships."""
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


def adaptive_max_pool2d(xp, x, out_hw):
    """Maxima over PyTorch's adaptive windows and their flat input indices (h * W + w)."""
    _, hidx = _adaptive_windows(xp, x.shape[2], out_hw[0])
    _, widx = _adaptive_windows(xp, x.shape[3], out_hw[1])
    win = x[:, :, hidx][..., widx]
    kh, kw = hidx.shape[1], widx.shape[1]
    best = xp.full(x.shape[:2] + tuple(out_hw), -xp.inf, x.dtype)
    index = xp.broadcast_to(hidx[:, 0, None] * x.shape[3] + widx[None, :, 0], best.shape).astype(xp.int64)
    for a in range(kh):
        for b in range(kw):
            v = win[:, :, :, a, :, b]
            wins = v > best
            wins |= xp.isnan(v)
            xp.copyto(best, v, where=wins)
            xp.copyto(index, hidx[:, a, None] * x.shape[3] + widx[None, :, b], where=wins)
    return best, index


def scatter_indices(xp, g, index, in_hw, scatter_add):
    """The adjoint of ``gather_indices``: ``g`` added into zeros at flat per-plane indices
    (repeated indices accumulate, through the backend's ``scatter_add``)."""
    n, c = g.shape[:2]
    out = xp.zeros((n * c, in_hw[0] * in_hw[1]), g.dtype)
    rows = xp.arange(n * c)[:, None]
    m = g.shape[2] * g.shape[3]
    scatter_add(out, (rows, index.reshape(n * c, m)), g.reshape(n * c, m))
    return out.reshape((n, c) + tuple(in_hw))
