"""Fenced fast paths of the convolution's forward pass at stride 1, on whole padded rows
(``tests/kernels/test_conv_kernels.py`` checks each against ``conv.conv2d_by_columns``).

At stride 1, tap (i, j) of output (oh, ow) reads the padded image at flat position
(oh + i*dh)*Wp + ow + j*dw. Computing outputs for every ow < Wp (the padded width), not only
ow < Wo, makes a tap's columns over a run of output rows ONE contiguous slice of the padded
image, so im2col copies runs of rows*Wp elements instead of runs of Wo: 2-2.5x faster measured
(NumPy's strided copy pays per run). The price: the Wp - Wo extra outputs of each row (GEMM work)
and copying the kept outputs out of the GEMM's result, which the general path writes in place.
Taken where the output (copied once more) is at most a quarter the size of the columns.
With few output channels (8 or fewer per group) the GEMM is bound by reading the columns, not
by arithmetic; there one GEMM per kernel tap reads the shifted padded image in place, with no
im2col at all (``conv2d_by_shifts``: measured 1.2-1.7x faster for 1-8 output channels from 32).
Only the forward pass (and the input gradient as a convolution) takes these: in the weight
gradient the extra columns, which hold pixels of the next row, would meet zeros of the upstream
gradient, and 0 * inf is NaN.
"""
from .im2col import pad_zeros, column_blocks


#: The most extra GEMM columns the whole-row paths accept, as a fraction of the padded width.
WIDE_ROWS_WASTE = 1 / 8


def few_wasted_columns(stride, in_w, padding, out_w):
    """Whether a convolution may run on whole padded rows: stride 1, and few extra columns."""
    padded = in_w + padding[1][0] + padding[1][1]
    return tuple(stride) == (1, 1) and padded - out_w <= WIDE_ROWS_WASTE * padded


def wide_rows_windows(xp, x, kernel, padding, dilation, out_h):
    """((N, C, kh, kw, Ho*Wp) view, Wp) at stride 1: ``[n, c, i, j, r*Wp + q] = xpad[n, c, r + i*dh, q + j*dw]``
    for every q < Wp; past q = Wo - 1 the values belong to no output (they run into the next row)."""
    (pt, pb), (pl, pr) = padding
    # (one zero row more at the bottom: the last row's unused outputs read up to (kw-1)*dw past the image)
    padded = pad_zeros(xp, x, ((pt, pb + 1), (pl, pr)))
    n, c, _, wp = padded.shape
    s_n, s_c, s_h, s_w = padded.strides
    view = xp.lib.stride_tricks.as_strided(padded, (n, c, kernel[0], kernel[1], out_h * wp),
                                           (s_n, s_c, s_h * dilation[0], s_w * dilation[1], s_w))
    return view, wp


def conv2d_by_wide_rows(xp, x, w_rows, bias, kernel, padding, dilation, out_hw):
    """conv2d at stride 1 on columns of whole padded rows (``wide_rows_windows``): per block of columns one
    batched GEMM, whose first Wo outputs of each row are copied into the result, the bias added on the way."""
    n, c = x.shape[:2]
    groups, og, k = w_rows.shape
    o, (ho, wo) = groups * og, out_hw
    view, wp = wide_rows_windows(xp, x, kernel, padding, dilation, ho)
    y = xp.empty((n, o, ho, wo), x.dtype)
    bias = None if bias is None else bias.reshape(1, o, 1, 1)
    buffer = None
    for images, rows in column_blocks(n, ho, c * kernel[0] * kernel[1] * wp):
        block = view[images, :, :, :, rows.start * wp:rows.stop * wp]
        if buffer is None:
            buffer = xp.empty(block.size, x.dtype)
        cols = buffer[:block.size].reshape(block.shape)
        xp.copyto(cols, block)
        wide = xp.matmul(w_rows, cols.reshape(block.shape[0], groups, k, -1))
        kept = wide.reshape(block.shape[0], o, rows.stop - rows.start, wp)[..., :wo]
        if bias is None:
            y[images, :, rows] = kept
        else:
            xp.add(kept, bias, out=y[images, :, rows])
    return y


def conv2d_by_shifts(xp, x, w, bias, padding, dilation, groups, out_hw):
    """conv2d at stride 1 as one GEMM per kernel tap: w[:, :, i, j] (per group, O/groups x C/groups) times the
    padded image shifted by the tap, read in place as (C/groups, Ho*Wp) (see ``wide_rows_windows``), summed
    into whole-row outputs whose first Wo columns are the result."""
    n = x.shape[0]
    o, cg, kh, kw = w.shape
    (ho, wo), (pt, pb), (pl, pr) = out_hw, padding[0], padding[1]
    padded = pad_zeros(xp, x, ((pt, pb + 1), (pl, pr)))  # (one zero row more, as in wide_rows_windows)
    hp, wp = padded.shape[2:]
    flat = padded.reshape(n, groups, cg, hp * wp)
    taps = w.reshape(groups, o // groups, cg, kh, kw)
    wide = xp.zeros((n, groups, o // groups, ho * wp), x.dtype)
    for i in range(kh):
        for j in range(kw):
            start = i * dilation[0] * wp + j * dilation[1]
            wide += xp.matmul(taps[..., i, j], flat[..., start:start + ho * wp])
    kept = wide.reshape(n, o, ho, wp)[..., :wo]
    if bias is not None:
        kept += bias.reshape(1, o, 1, 1)
    return xp.ascontiguousarray(kept)
