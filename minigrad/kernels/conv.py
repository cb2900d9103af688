"""Convolution as im2col + GEMM, and the two adjoints that make its gradients.

A 2-D convolution is bilinear in (input, weight). Its three kernels are

- ``conv2d(x, w)``: the forward pass;
- ``conv2d_input_grad(g, w)``: the adjoint in the input (also the forward pass of
  ``conv_transpose2d``): GEMMs, then ``col2im``;
- ``conv2d_weight_grad(x, g)``: the adjoint in the weight: ``im2col``, then GEMMs.

Each one's gradients are the other two again, which is what lets the ops in
``minigrad.ops.conv`` differentiate any number of times. 1-D convolutions run as
2-D ones of height 1, 3-D ones as 2-D ones over stacked depth slices.

The columns (im2col, made a block at a time, and col2im) are in ``im2col.py``.
For stride 1 the input gradient can instead be a convolution of the padded
upstream gradient with the flipped weight, taken where it moves less memory,
and for a larger stride it is one such convolution per phase of the stride.
At stride 1 the forward pass has two more ways, fenced fast paths in
``conv_rows.py``: im2col over whole padded rows (long contiguous copies), and
for few output channels one GEMM per kernel tap on the padded image read in
place (no im2col at all).
"""
# (every kernel is also reachable from here, as ops/conv.py reaches them)
from .im2col import (output_size, pad_zeros, windows, column_blocks,  # noqa: F401
                     im2col_blocks, _tap_range, col2im, _col2im_by_taps, _col2im_by_phases, unfold, fold)
from .conv_rows import (WIDE_ROWS_WASTE, few_wasted_columns, wide_rows_windows,  # noqa: F401
                        conv2d_by_wide_rows, conv2d_by_shifts)


def _lift_1d(arrays):
    """(N, C, L) arrays as (N, C, 1, L): a 1-D convolution is a 2-D one of height 1."""
    return [None if a is None else a[:, :, None, :] for a in arrays]


# A 3-D convolution is a 2-D one over depth slices: each output depth's kd input slices
# stacked as channels, (N, C, D, H, W) -> (N*Do, C*kd, H, W), convolved with the weight
# (O, C/groups, kd, kh, kw) read as (O, C/groups*kd, kh, kw) (a group's channels stay
# together). The input gradient adds those stacked slices back into the depths they were
# read from, as col2im does along one axis.
def depth_slices(xp, x, kd, stride, padding, dilation, out_d):
    """(N*Do, C*kd, H, W): for output depth o, ``x[:, c, o*stride + i*dilation - padding[0]]`` at channel c*kd + i
    (zero in the depth padding)."""
    n, c, d, h, w = x.shape
    (before, after) = padding
    if before or after:
        padded = xp.zeros((n, c, d + before + after, h, w), x.dtype)
        padded[:, :, before:before + d] = x
        x = padded
    s_n, s_c, s_d, s_h, s_w = x.strides
    view = xp.lib.stride_tricks.as_strided(x, (n, out_d, c, kd, h, w),
                                           (s_n, s_d * stride, s_c, s_d * dilation, s_h, s_w))
    return xp.ascontiguousarray(view).reshape(n * out_d, c * kd, h, w)


def depth_slices_adjoint(xp, cols, n, out_d, kd, in_d, stride, padding, dilation):
    """The adjoint of ``depth_slices``: (N*Do, C*kd, H, W) added back into (N, C, D, H, W)."""
    c = cols.shape[1] // kd
    cols = cols.reshape((n, out_d, c, kd) + cols.shape[2:])
    out = xp.zeros((n, c, in_d) + cols.shape[4:], cols.dtype)
    for i in range(kd):
        taps = _tap_range(i, dilation, stride, padding[0], in_d, out_d)
        if taps is not None:
            out[:, :, taps[1]] += cols[:, taps[0], :, i].transpose(0, 2, 1, 3, 4)
    return out


def _depth_first(g):
    """(N, O, D, H, W) as (N*D, O, H, W) (a copy)."""
    n, o, d, h, w = g.shape
    return g.transpose(0, 2, 1, 3, 4).reshape(n * d, o, h, w)


def _depth_back(xp, y, n, d):
    """(N*D, O, H, W) as a contiguous (N, O, D, H, W)."""
    return xp.ascontiguousarray(y.reshape((n, d) + y.shape[1:]).transpose(0, 2, 1, 3, 4))


def _stacked_weight(w):
    """(O, C/groups, kd, kh, kw) as the 2-D weight (O, C/groups*kd, kh, kw) of the depth slices."""
    return w.reshape((w.shape[0], w.shape[1] * w.shape[2]) + w.shape[3:])


def _conv3d(xp, x, w, b, stride, padding, dilation, groups, out_size):
    kd = w.shape[2]
    out_d = output_size(x.shape[2], kd, stride[0], padding[0], dilation[0]) if out_size is None else out_size[0]
    slices = depth_slices(xp, x, kd, stride[0], padding[0], dilation[0], out_d)
    y = conv2d(xp, slices, _stacked_weight(w), b, stride[1:], padding[1:], dilation[1:], groups,
               None if out_size is None else out_size[1:])
    return _depth_back(xp, y, x.shape[0], out_d)


def _conv3d_input_grad(xp, g, w, in_size, stride, padding, dilation, groups):
    cols = conv2d_input_grad(xp, _depth_first(g), _stacked_weight(w), in_size[1:], stride[1:], padding[1:],
                             dilation[1:], groups)
    return depth_slices_adjoint(xp, cols, g.shape[0], g.shape[2], w.shape[2], in_size[0], stride[0], padding[0],
                                dilation[0])


def _conv3d_weight_grad(xp, x, g, kernel, stride, padding, dilation, groups):
    slices = depth_slices(xp, x, kernel[0], stride[0], padding[0], dilation[0], g.shape[2])
    gw = conv2d_weight_grad(xp, slices, _depth_first(g), kernel[1:], stride[1:], padding[1:], dilation[1:], groups)
    return gw.reshape(gw.shape[:1] + (gw.shape[1] // kernel[0],) + tuple(kernel))


def conv2d(xp, x, w, b, stride, padding, dilation, groups, out_hw=None):
    """``y[n, o] = b[o] + sum over c, i, j of w[o, c, i, j] * xpad[n, g(o)*Cg + c, oh*sh + i*dh, ow*sw + j*dw]``.

    ``x`` is (N, C, H, W) (or (N, C, L) for 1-D), ``w`` is (O, C/groups, kh, kw).
    Per block of columns one batched GEMM, (groups, O/groups, K) @ (nb, groups, K, L),
    written straight into the NCHW result (the bias added while the block is in cache).
    ``out_hw`` keeps only the first output rows and columns (the gradient of a
    transposed convolution with output_padding).
    """
    if x.ndim == 5:
        return _conv3d(xp, x, w, b, stride, padding, dilation, groups, out_hw)
    if x.ndim == 3:
        x, w = _lift_1d((x, w))
        out_hw = None if out_hw is None else (1, out_hw[-1])
        return conv2d(xp, x, w, b, stride, padding, dilation, groups, out_hw)[:, :, 0]
    n = x.shape[0]
    o, cg, kh, kw = w.shape
    if out_hw is None:
        out_hw = (output_size(x.shape[2], kh, stride[0], padding[0], dilation[0]),
                  output_size(x.shape[3], kw, stride[1], padding[1], dilation[1]))
    ho, wo = out_hw
    k = cg * kh * kw
    w_rows = w.reshape(groups, o // groups, k)
    bias = None if b is None else b.reshape(1, groups, o // groups, 1)
    # fast path: a pointwise convolution's columns are the input itself (no im2col copy)
    if is_pointwise((kh, kw), stride, padding, x.shape[2:], out_hw):
        y = xp.matmul(w_rows, x.reshape(n, groups, cg, ho * wo))
        if bias is not None:
            y += bias
        return y.reshape(n, o, ho, wo)
    if few_wasted_columns(stride, x.shape[3], padding, wo):  # fast paths, fenced: see wide_rows_windows
        if o // groups <= 8 <= cg:
            return conv2d_by_shifts(xp, x, w, bias, padding, dilation, groups, out_hw)
        if 4 * o <= k:
            return conv2d_by_wide_rows(xp, x, w_rows, bias, (kh, kw), padding, dilation, out_hw)
    return conv2d_by_columns(xp, x, w_rows, bias, (kh, kw), stride, padding, dilation, out_hw)


def is_pointwise(kernel, stride, padding, in_hw, out_hw):
    """Whether a convolution is a 1x1 kernel at stride 1 without padding, reading every pixel once
    (its im2col columns would be a copy of the input)."""
    return (tuple(kernel) == (1, 1) and tuple(stride) == (1, 1) and not any(p for pair in padding for p in pair)
            and tuple(in_hw) == tuple(out_hw))


def conv2d_by_columns(xp, x, w_rows, bias, kernel, stride, padding, dilation, out_hw):
    """conv2d for any geometry: per block of im2col columns, one batched GEMM ``w_rows`` (groups, O/groups, K)
    @ (nb, groups, K, L) written into the (N, O, Ho, Wo) result, the ``bias`` (1, groups, O/groups, 1) added."""
    n = x.shape[0]
    groups, og, k = w_rows.shape
    o, (ho, wo) = groups * og, out_hw
    y = xp.empty((n, o, ho, wo), x.dtype)
    y_cols = y.reshape(n, groups, o // groups, ho * wo)  # a view: a block's outputs are a slice of it
    for images, rows, cols in im2col_blocks(xp, x, kernel, stride, padding, dilation, out_hw):
        out = y_cols[images, :, :, rows.start * wo:rows.stop * wo]
        xp.matmul(w_rows, cols.reshape(cols.shape[0], groups, k, -1), out=out)
        if bias is not None:
            out += bias
    return y


def conv2d_input_grad(xp, g, w, in_hw, stride, padding, dilation, groups):
    """The gradient of conv2d's input for an upstream ``g`` (N, O, Ho, Wo), on an input of size ``in_hw``.

    It is also ``conv_transpose2d(g, w)``. In general one GEMM (groups, K,
    O/groups) @ (groups, O/groups, L) per block gives the columns and col2im sums them
    into the image (``input_grad_by_columns``). For stride 1 it is also a
    convolution of ``g``, padded by the dilated kernel extent less the forward
    padding, with the weight flipped and its channel dims swapped: that path is
    taken when its im2col columns (O*kh*kw x N*H*W) are at most twice the ones
    col2im would add (C*kh*kw x N*Ho*Wo): an add reads twice what a copy reads,
    and col2im makes kh*kw strided adds per block (625 for a 25x25 blur kernel).
    Measured: same-padded 3x3 layers up to twice the channels out as in, and
    'valid' blurs with large kernels, are faster this way. At a larger stride it
    is one such convolution per phase of the stride (``input_grad_by_phases``).
    """
    if g.ndim == 5:
        return _conv3d_input_grad(xp, g, w, in_hw, stride, padding, dilation, groups)
    if g.ndim == 3:
        g, w = _lift_1d((g, w))
        return conv2d_input_grad(xp, g, w, (1, in_hw[-1]), stride, padding, dilation, groups)[:, :, 0]
    o, cg = w.shape[:2]
    pointwise = is_pointwise(w.shape[2:], stride, padding, in_hw, g.shape[2:])  # (then a pointwise conv2d)
    if pointwise or tuple(stride) == (1, 1) and o * in_hw[0] * in_hw[1] <= 2 * cg * groups * g.shape[2] * g.shape[3]:
        gx = input_grad_by_convolution(xp, g, w, in_hw, padding, dilation, groups)
        if gx is not None:
            return gx
    # fast path, fenced: see input_grad_by_phases (below 64 outputs per image its calls cost more than col2im)
    if tuple(stride) != (1, 1) and g.shape[2] * g.shape[3] >= 64:
        return input_grad_by_phases(xp, g, w, in_hw, stride, padding, dilation, groups)
    return input_grad_by_columns(xp, g, w, in_hw, stride, padding, dilation, groups)


def input_grad_by_phases(xp, g, w, in_hw, stride, padding, dilation, groups):
    """conv2d_input_grad for a stride above 1 as stride-1 convolutions, one per phase (no col2im).

    The input pixels at one position modulo the stride (a phase) are reached by a subset of the
    kernel taps, each at a fixed shift of ``g``: their gradient is a stride-1 convolution of ``g``
    with those taps, reversed and with their channel dims swapped, written into every stride-th
    pixel. The taps of all phases are the kernel once, so the GEMM work is col2im's, without its
    strided adds (measured 2x faster for a 3x3 kernel at stride 2).
    """
    o, cg = w.shape[:2]
    og = o // groups
    gx = xp.zeros((g.shape[0], groups * cg) + tuple(in_hw), g.dtype)  # (zero where no tap reaches)
    axes = [_phases(*args) for args in zip(w.shape[2:], stride, padding, dilation, in_hw, g.shape[2:])]
    for a, along_h in axes[0]:
        for b, along_w in axes[1]:
            (taps_h, crop_h, pad_h, dil_h, m_h), (taps_w, crop_w, pad_w, dil_w, m_w) = along_h, along_w
            sub = w[:, :, taps_h][:, :, :, taps_w].reshape(groups, og, cg, len(taps_h), len(taps_w))
            sub = xp.ascontiguousarray(sub.transpose(0, 2, 1, 3, 4)).reshape(groups * cg, og, len(taps_h), len(taps_w))
            gx[:, :, a::stride[0], b::stride[1]] = conv2d(xp, g[:, :, crop_h:, crop_w:], sub, None, (1, 1),
                                                          (pad_h, pad_w), (dil_h, dil_w), groups, (m_h, m_w))
    return gx


def _phases(kernel, stride, padding, dilation, size, out):
    """Along one axis, per phase ``a`` that some tap reaches: (a, (taps, crop, (before, after), dilation, m)),
    such that input pixels a, a + stride, ... (m of them) get the stride-1 convolution, with that dilation
    and padding, of ``g[crop:]`` with the kernel taps ``taps`` (a list, in the convolution's order)."""
    phases = []
    for a in range(min(stride, size)):
        m = len(range(a, size, stride))
        taps = [i for i in range(kernel) if (i * dilation - padding[0] - a) % stride == 0]
        # input pixel a + stride*j gets g[j - shift] * w[tap] for each tap, shift = (tap*dilation - pad - a) / stride:
        # a correlation of g with the taps reversed, whose first reads g at j - (the last tap's shift)
        shifts = [(i * dilation - padding[0] - a) // stride for i in taps]
        if not taps or -shifts[-1] >= out or shifts[0] >= m:
            continue  # (no tap, or every read before or after g: the phase's gradient is zero)
        step = (shifts[1] - shifts[0]) if len(taps) > 1 else 1
        crop = max(0, -shifts[-1])
        before = max(0, shifts[-1])
        after = max(0, (m - 1) + (len(taps) - 1) * step + 1 - before - (out - crop))
        phases.append((a, (taps[::-1], crop, (before, after), step, m)))
    return phases


def input_grad_by_convolution(xp, g, w, in_hw, padding, dilation, groups):
    """conv2d_input_grad for stride 1 as a convolution with the flipped weight (None where the
    forward padding exceeds the dilated kernel extent, which would need a negative padding)."""
    o, cg, kh, kw = w.shape
    pads = _full_padding(in_hw, g.shape[2:], (kh, kw), padding, dilation)
    if pads is None:
        return None
    flipped = w.reshape(groups, o // groups, cg, kh, kw).transpose(0, 2, 1, 3, 4)[..., ::-1, ::-1]
    flipped = xp.ascontiguousarray(flipped).reshape(groups * cg, o // groups, kh, kw)
    return conv2d(xp, g, flipped, None, (1, 1), pads, dilation, groups, tuple(in_hw))


def input_grad_by_columns(xp, g, w, in_hw, stride, padding, dilation, groups):
    """conv2d_input_grad for any stride: the columns W^T g, summed back by col2im, block by block.

    A block of whole images is made batch-last: its ``g`` copied to (O, Ho, Wo, nb),
    so that the columns are (C, kh, kw, Ho, Wo, nb) and col2im adds long rows into a
    (C, H, W, nb) scratch image, copied back to NCHW once. A block of rows (of one
    large image) is added straight into the gradient.
    """
    n, o, ho, wo = g.shape
    _, cg, kh, kw = w.shape
    k = cg * kh * kw
    w_cols = w.reshape(groups, o // groups, k).transpose(0, 2, 1)           # (G, K, O/G)
    gx = xp.zeros((n, groups * cg) + tuple(in_hw), g.dtype)
    for images, rows in column_blocks(n, ho, groups * k * wo):
        block = g[images, :, rows]
        nb, hb = block.shape[0], block.shape[2]
        g_last = xp.ascontiguousarray(block.transpose(1, 2, 3, 0)).reshape(groups, o // groups, hb * wo * nb)
        cols = (w_cols @ g_last).reshape(groups * cg, kh, kw, hb, wo, nb)
        if nb == 1:
            col2im(cols, gx[images.start, :, :, :, None], stride, padding, dilation, rows.start)
        else:
            image = col2im(cols, xp.zeros((groups * cg,) + tuple(in_hw) + (nb,), g.dtype), stride, padding, dilation)
            gx[images] = image.transpose(3, 0, 1, 2)
    return gx


def _full_padding(in_hw, out_hw, kernel, padding, dilation):
    """The padding of the upstream gradient that makes a stride-1 convolution's input gradient a
    convolution (dilated kernel extent minus the forward padding), or None where it would be negative."""
    pads = []
    for size, out, k, (before, _), d in zip(in_hw, out_hw, kernel, padding, dilation):
        lo = d * (k - 1) - before
        hi = size - out + d * (k - 1) - lo
        if lo < 0 or hi < 0:
            return None
        pads.append((lo, hi))
    return tuple(pads)


def conv2d_weight_grad(xp, x, g, kernel, stride, padding, dilation, groups):
    """The gradient of conv2d's weight (O, C/groups, kh, kw) for input ``x`` and upstream ``g``.

    Per block of im2col columns of ``x`` (the windows ``g`` has), one batched GEMM
    (nb, groups, O/groups, L) @ (nb, groups, L, K), summed over the block's images.
    """
    if x.ndim == 5:
        return _conv3d_weight_grad(xp, x, g, kernel, stride, padding, dilation, groups)
    if x.ndim == 3:
        x, g = _lift_1d((x, g))
        return conv2d_weight_grad(xp, x, g, (1, kernel[-1]), stride, padding, dilation, groups)[:, :, 0]
    n, c = x.shape[:2]
    o, ho, wo = g.shape[1:]
    kh, kw = kernel
    k = (c // groups) * kh * kw
    g_cols = g.reshape(n, groups, o // groups, ho * wo)
    if is_pointwise(kernel, stride, padding, x.shape[2:], (ho, wo)):  # fast path: x is its own columns
        gw = (g_cols @ x.reshape(n, groups, k, ho * wo).swapaxes(-1, -2)).sum(0)
    else:
        gw = weight_grad_by_columns(xp, x, g_cols, kernel, stride, padding, dilation, (ho, wo))
    return gw.reshape(o, c // groups, kh, kw)


def weight_grad_by_columns(xp, x, g_cols, kernel, stride, padding, dilation, out_hw):
    """conv2d_weight_grad for any geometry, as (groups, O/groups, K): ``g_cols`` (N, groups, O/groups, L)
    times each block's im2col columns of ``x``, summed over the blocks."""
    n, groups, og, _ = g_cols.shape
    k = x.shape[1] // groups * kernel[0] * kernel[1]
    if 1 < og < 16 and og % 4:
        # Fast path, fenced: OpenBLAS's GEMM (Haswell kernels) takes longer for 3 rows than for 4
        # (measured 1.5x); zero rows of g up to a multiple of 4 give zero rows of the gradient, dropped.
        padded = xp.zeros((n, groups, og + 4 - og % 4, g_cols.shape[3]), g_cols.dtype)
        padded[:, :, :og] = g_cols
        return weight_grad_by_columns(xp, x, padded, kernel, stride, padding, dilation, out_hw)[:, :og]
    gw = xp.zeros((groups, og, k), x.dtype)
    for images, rows, cols in im2col_blocks(xp, x, kernel, stride, padding, dilation, out_hw):
        block = g_cols[images, :, :, rows.start * out_hw[1]:rows.stop * out_hw[1]]
        gw += (block @ cols.reshape(cols.shape[0], groups, k, -1).swapaxes(-1, -2)).sum(0)
    return gw
