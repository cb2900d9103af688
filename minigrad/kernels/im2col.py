"""im2col and its adjoint col2im: the sliding windows of an image as columns, and back.

im2col copies the sliding windows of the (zero-padded) input out of a strided
view into columns, (C*kh*kw) x (Ho*Wo) per image. The convolution kernels make
them a block at a time (``column_blocks``: several images, or some output rows of
a large one), at most ``COLUMN_BLOCK`` elements (2 MB of float32) in one buffer
reused by every block, and multiply each block while it is in the cache. So the
only large arrays are the inputs and outputs themselves, and memory does not grow
with the kernel size (a whole layer's columns ran to tens of MB). The weight
gradient makes the columns again rather than keeping them from forward.
col2im adds each kernel tap's slice of the columns straight into the image
(kh*kw strided adds, no padded buffer), or for overlapping strided windows the
taps of each phase of the stride together. ``unfold`` and ``fold`` are the two
as ``F.unfold`` and ``F.fold`` lay them out.
"""
from ..backends import xp_of


def output_size(size, kernel, stride, pad, dilation):
    """Number of window positions along one axis (pad is the (before, after) pair)."""
    return (size + pad[0] + pad[1] - dilation * (kernel - 1) - 1) // stride + 1


def pad_zeros(xp, x, padding):
    """``x`` (N, C, H, W) with zero rows/columns added as ``((top, bottom), (left, right))``."""
    (pt, pb), (pl, pr) = padding
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    out = xp.zeros((n, c, h + pt + pb, w + pl + pr), x.dtype)
    out[:, :, pt:pt + h, pl:pl + w] = x
    return out


def windows(xp, x, kernel, stride, dilation, out_hw):
    """The (N, C, kh, kw, Ho, Wo) strided view of ``x`` with
    ``[n, c, i, j, oh, ow] = x[n, c, oh*sh + i*dh, ow*sw + j*dw]`` (no copy)."""
    n, c = x.shape[:2]
    s_n, s_c, s_h, s_w = x.strides
    shape = (n, c, kernel[0], kernel[1], out_hw[0], out_hw[1])
    strides = (s_n, s_c, s_h * dilation[0], s_w * dilation[1], s_h * stride[0], s_w * stride[1])
    return xp.lib.stride_tricks.as_strided(x, shape, strides)


#: The most im2col elements made at once. The kernels below walk the batch in blocks
#: of whole images (or of output rows, for one image larger than this) whose columns
#: fit, copy each block's columns into one buffer reused from block to block, and
#: run the GEMM on it while it is still in the cache. Columns for a whole layer ran
#: to tens of MB (38 MB for a 3x3 layer of 40 channels on one 160x160 image): too
#: large to stay cached, and beyond 32 MB glibc maps every such buffer afresh, so
#: each call paid its page faults (measured 10 ms for 40 MB) on top of the copy.
COLUMN_BLOCK = 1 << 19


def column_blocks(n, ho, row_size, budget=None):
    """(images, output rows) slice pairs covering N images x Ho output rows, each block's columns
    at most ``budget`` elements (``row_size`` per output row of one image): several whole
    images at a time, or runs of rows of one image when an image alone exceeds the budget."""
    budget = COLUMN_BLOCK if budget is None else budget
    row_size = max(row_size, 1)
    if row_size * ho <= budget:
        step = max(1, budget // (row_size * ho))
        return [(slice(i, min(i + step, n)), slice(0, ho)) for i in range(0, n, step)]
    rows = max(1, budget // row_size)
    return [(slice(i, i + 1), slice(r, min(r + rows, ho))) for i in range(n) for r in range(0, ho, rows)]


def im2col_blocks(xp, x, kernel, stride, padding, dilation, out_hw):
    """For each block of ``column_blocks``: (images, rows, columns), the columns of the block's
    windows as a contiguous (nb, C, kh, kw, hb, Wo) array, in one buffer reused by every block
    (valid until the next block is made). Rows are ordered (channel, kernel row, kernel column),
    as the weight's last three dims are, so ``weight.reshape(O, -1)`` multiplies them directly.
    """
    c = x.shape[1]
    view = windows(xp, pad_zeros(xp, x, padding), kernel, stride, dilation, out_hw)
    buffer = None
    for images, rows in column_blocks(x.shape[0], out_hw[0], c * kernel[0] * kernel[1] * out_hw[1]):
        block = view[images, :, :, :, rows]
        if buffer is None:
            buffer = xp.empty(block.size, x.dtype)
        cols = buffer[:block.size].reshape(block.shape)
        xp.copyto(cols, block)
        yield images, rows, cols


def _tap_range(tap, dilation, stride, pad_before, in_size, out_size):
    """For one kernel tap along one axis: (output slice, input slice) of the positions
    whose input lies inside [0, in_size), or None when there are none."""
    offset = tap * dilation - pad_before  # output o reads input o*stride + offset
    first = (-offset + stride - 1) // stride if offset < 0 else 0
    last = min(out_size - 1, (in_size - 1 - offset) // stride)
    if last < first:
        return None
    start = first * stride + offset
    return slice(first, last + 1), slice(start, start + (last - first) * stride + 1, stride)


def col2im(cols, out, stride, padding, dilation, row0=0):
    """Add (C, kh, kw, Ho, Wo, ...) columns into the (C, H, W, ...) image ``out`` they were read from.

    The adjoint of im2col: every window element is added to the input pixel it
    was read from; positions in the padding are dropped. One strided add per
    kernel tap (or per phase, see below), no padded buffer; trailing dims (e.g. a batch kept last, so that
    each add runs along rows of Wo*N elements rather than Wo) pass through.
    ``row0``: the columns start at that output row (a block of rows).
    """
    if stride[0] * stride[1] > 1 and (cols.shape[1] > stride[0] or cols.shape[2] > stride[1]):
        # Fast path, fenced: windows that overlap under a stride (a transposed convolution that
        # upsamples): the taps summed by phase, see _col2im_by_phases (a test checks they agree).
        return _col2im_by_phases(cols, out, stride, padding, dilation, row0)
    return _col2im_by_taps(cols, out, stride, padding, dilation, row0)


def _col2im_by_taps(cols, out, stride, padding, dilation, row0=0):
    """``col2im`` in general: one strided add of each tap's columns into the image."""
    _, kh, kw, ho, wo = cols.shape[:5]
    in_h, in_w = out.shape[1:3]
    for i in range(kh):
        rows = _tap_range(i, dilation[0], stride[0], padding[0][0] - row0 * stride[0], in_h, ho)
        if rows is None:
            continue
        for j in range(kw):
            cs = _tap_range(j, dilation[1], stride[1], padding[1][0], in_w, wo)
            if cs is None:
                continue
            out[:, rows[1], cs[1]] += cols[:, i, j, rows[0], cs[0]]
    return out


def _col2im_by_phases(cols, out, stride, padding, dilation, row0=0):
    """``col2im`` for a stride above 1, by phases: the image pixels whose position is ``a`` modulo
    the stride (a phase) form a grid that each tap of that phase reaches with a plain shift. The
    taps of one phase are added into a contiguous plane (rows of adjacent elements, where the
    strided adds touch every stride-th one), and each plane into the image once; a phase that
    one tap reaches is added straight into the image."""
    _, kh, kw, ho, wo = cols.shape[:5]
    c, in_h, in_w = out.shape[:3]
    sh, sw = stride
    phases = {}  # (a, b) -> [(plane slice, column slice)] of the taps reaching that phase
    for i in range(kh):
        off = i * dilation[0] - padding[0][0] + row0 * sh  # output row o reads input row o*sh + off
        a, shift = off % sh, off // sh
        lo, hi = max(0, -shift), min(ho, (in_h - a + sh - 1) // sh - shift)
        if hi <= lo:
            continue
        for j in range(kw):
            off_w = j * dilation[1] - padding[1][0]
            b, shift_w = off_w % sw, off_w // sw
            lo_w, hi_w = max(0, -shift_w), min(wo, (in_w - b + sw - 1) // sw - shift_w)
            if hi_w <= lo_w:
                continue
            phases.setdefault((a, b), []).append(
                ((slice(lo + shift, hi + shift), slice(lo_w + shift_w, hi_w + shift_w)),
                 (i, j, slice(lo, hi), slice(lo_w, hi_w))))
    xp = xp_of(out)
    for (a, b), taps in phases.items():
        grid = out[:, a::sh, b::sw]
        if len(taps) == 1:
            (rows, cs), (i, j, col_rows, col_cs) = taps[0]
            grid[:, rows, cs] += cols[:, i, j, col_rows, col_cs]
            continue
        plane = xp.zeros(grid.shape, out.dtype)
        for (rows, cs), (i, j, col_rows, col_cs) in taps:
            plane[:, rows, cs] += cols[:, i, j, col_rows, col_cs]
        grid += plane
    return out


def unfold(xp, x, kernel, stride, padding, dilation):
    """``F.unfold``: the windows of ``x`` (N, C, H, W) as (N, C*kh*kw, L), as PyTorch lays them out."""
    ho = output_size(x.shape[2], kernel[0], stride[0], padding[0], dilation[0])
    wo = output_size(x.shape[3], kernel[1], stride[1], padding[1], dilation[1])
    view = windows(xp, pad_zeros(xp, x, padding), kernel, stride, dilation, (ho, wo))
    n, c = x.shape[:2]
    return xp.ascontiguousarray(view).reshape(n, c * kernel[0] * kernel[1], ho * wo)


def fold(xp, cols, out_hw, kernel, stride, padding, dilation):
    """``F.fold``: (N, C*kh*kw, L) columns summed into (N, C, H, W); the adjoint of unfold."""
    ho = output_size(out_hw[0], kernel[0], stride[0], padding[0], dilation[0])
    wo = output_size(out_hw[1], kernel[1], stride[1], padding[1], dilation[1])
    n = cols.shape[0]
    c = cols.shape[1] // (kernel[0] * kernel[1])
    out = xp.zeros((n, c) + tuple(out_hw), cols.dtype)
    col2im(cols.reshape(n, c, kernel[0], kernel[1], ho, wo).transpose(1, 2, 3, 4, 5, 0), out.transpose(1, 2, 3, 0),
           stride, padding, dilation)
    return out
