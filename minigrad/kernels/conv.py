"""Convolution as im2col + one batched GEMM, and the two adjoints that make its gradients.

A 2-D convolution is bilinear in (input, weight). Its three kernels are

- ``conv2d(x, w)``: the forward pass;
- ``conv2d_input_grad(g, w)``: the adjoint in the input (also the forward pass of
  ``conv_transpose2d``): one GEMM, then ``col2im``;
- ``conv2d_weight_grad(x, g)``: the adjoint in the weight: ``im2col``, then one GEMM.

Each one's gradients are the other two again, which is what lets the ops in
``minigrad.ops.conv`` differentiate any number of times.

im2col copies the sliding windows of the (zero-padded) input out of a strided
view into one array of shape (C*kh*kw, N, Ho*Wo): that buffer is the only large
temporary, kh*kw times the output's spatial size times C*N elements (e.g. 20 MB
for LeNet's first layer at batch 256 in float32, 38 MB for a 3x3 32-channel
layer on a batch of 8 64x64 images). It is not kept for backward: the weight
gradient makes it again, so memory stays one layer's buffer at a time (keeping
it was measured slower: the fresh buffers it forces cost more page faults than
the copy it saves). col2im adds each kernel tap's slice of the columns straight
into the gradient (kh*kw strided adds, no padded buffer and no copy of the
columns); for stride 1 the input gradient can instead be a convolution of the
padded upstream gradient with the flipped weight, taken where it moves less memory.
"""


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


def im2col(xp, x, kernel, stride, padding, dilation, out_hw):
    """The windows of ``x`` as a contiguous (C*kh*kw, N, Ho*Wo) array (one copy).

    Rows are ordered (channel, kernel row, kernel column), as the weight's
    last three dims are, so ``weight.reshape(O, -1)`` multiplies it directly.
    """
    n, c = x.shape[:2]
    view = windows(xp, pad_zeros(xp, x, padding), kernel, stride, dilation, out_hw)
    cols = xp.ascontiguousarray(view.transpose(1, 2, 3, 0, 4, 5))
    return cols.reshape(c * kernel[0] * kernel[1], n, out_hw[0] * out_hw[1])


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


def col2im(xp, cols, in_hw, stride, padding, dilation, batch_last=False):
    """Sum the (N, C, kh, kw, Ho, Wo) columns back into an (N, C, H, W) image.

    The adjoint of im2col: every window element is added to the input pixel it
    was read from; positions in the padding are dropped. One strided add per
    kernel tap; ``cols`` may be any strided view (e.g. a broadcast). With
    ``batch_last`` the image is accumulated in (C, H, W, N) memory order and
    returned as an (N, C, H, W) view of it: for columns laid out batch-last too,
    every add then runs along rows of Wo*N contiguous elements instead of Wo
    (small images in large batches spend their time in loop overhead otherwise).
    """
    n, c, kh, kw, ho, wo = cols.shape
    if batch_last:
        out = xp.zeros((c,) + tuple(in_hw) + (n,), cols.dtype).transpose(3, 0, 1, 2)
    else:
        out = xp.zeros((n, c) + tuple(in_hw), cols.dtype)
    for i in range(kh):
        rows = _tap_range(i, dilation[0], stride[0], padding[0][0], in_hw[0], ho)
        if rows is None:
            continue
        for j in range(kw):
            cs = _tap_range(j, dilation[1], stride[1], padding[1][0], in_hw[1], wo)
            if cs is None:
                continue
            out[:, :, rows[1], cs[1]] += cols[:, :, i, j, rows[0], cs[0]]
    return out


def _lift_1d(arrays):
    """(N, C, L) arrays as (N, C, 1, L): a 1-D convolution is a 2-D one of height 1."""
    return [None if a is None else a[:, :, None, :] for a in arrays]


def conv2d(xp, x, w, b, stride, padding, dilation, groups, out_hw=None):
    """``y[n, o] = b[o] + sum over c, i, j of w[o, c, i, j] * xpad[n, g(o)*Cg + c, oh*sh + i*dh, ow*sw + j*dw]``.

    ``x`` is (N, C, H, W) (or (N, C, L) for 1-D), ``w`` is (O, C/groups, kh, kw).
    One batched GEMM: (groups, O/groups, K) @ (N, groups, K, Ho*Wo), written
    straight into an NCHW result. ``out_hw`` keeps only the first output rows and
    columns (the gradient of a transposed convolution with output_padding).
    """
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
    cols = im2col(xp, x, (kh, kw), stride, padding, dilation, (ho, wo))
    k = cg * kh * kw
    cols = cols.reshape(groups, k, n, ho * wo).transpose(2, 0, 1, 3)  # a view: (N, G, K, L)
    y = w.reshape(groups, o // groups, k) @ cols                      # (N, G, O/G, L)
    y = y.reshape(n, o, ho, wo)
    if b is not None:
        y += b.reshape(1, o, 1, 1)
    return y


def conv2d_input_grad(xp, g, w, in_hw, stride, padding, dilation, groups):
    """The gradient of conv2d's input for an upstream ``g`` (N, O, Ho, Wo), on an input of size ``in_hw``.

    It is also ``conv_transpose2d(g, w)``. In general one GEMM (groups, K,
    O/groups) @ (N, groups, O/groups, L) gives the columns and col2im sums them
    into the image (``input_grad_by_columns``). For stride 1 it is also a
    convolution of ``g``, padded by the dilated kernel extent less the forward
    padding, with the weight flipped and its channel dims swapped: that path is
    taken when its im2col buffer (O*kh*kw x N*H*W) is no larger than the column
    buffer (C*kh*kw x N*Ho*Wo), as in same-padded layers that keep or reduce the
    channel count, where it moves less memory than kh*kw strided adds.
    """
    if g.ndim == 3:
        g, w = _lift_1d((g, w))
        return conv2d_input_grad(xp, g, w, (1, in_hw[-1]), stride, padding, dilation, groups)[:, :, 0]
    o, cg = w.shape[:2]
    if tuple(stride) == (1, 1) and o * in_hw[0] * in_hw[1] <= cg * groups * g.shape[2] * g.shape[3]:
        gx = input_grad_by_convolution(xp, g, w, in_hw, padding, dilation, groups)
        if gx is not None:
            return gx
    return input_grad_by_columns(xp, g, w, in_hw, stride, padding, dilation, groups)


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
    """conv2d_input_grad for any stride: the columns W^T g, summed back by col2im.

    The columns are made batch-last, (groups, K, Ho*Wo*N) from ``g`` copied to
    (O, Ho, Wo, N), so that col2im adds long rows (see ``col2im``); one copy
    back to NCHW at the end.
    """
    n, o, ho, wo = g.shape
    _, cg, kh, kw = w.shape
    k = cg * kh * kw
    wt = w.reshape(groups, o // groups, k).transpose(0, 2, 1)
    g_last = xp.ascontiguousarray(g.transpose(1, 2, 3, 0)).reshape(groups, o // groups, ho * wo * n)
    cols = wt @ g_last                                                   # (G, K, L*N)
    cols = cols.reshape(groups * cg, kh, kw, ho, wo, n).transpose(5, 0, 1, 2, 3, 4)
    return xp.ascontiguousarray(col2im(xp, cols, in_hw, stride, padding, dilation, batch_last=True))


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

    im2col of ``x`` for the windows ``g`` has, then one GEMM per group:
    (groups, O/groups, N*L) @ (groups, N*L, K).
    """
    if x.ndim == 3:
        x, g = _lift_1d((x, g))
        return conv2d_weight_grad(xp, x, g, (1, kernel[-1]), stride, padding, dilation, groups)[:, :, 0]
    n, c = x.shape[:2]
    o, ho, wo = g.shape[1:]
    kh, kw = kernel
    cols = im2col(xp, x, kernel, stride, padding, dilation, (ho, wo))
    k = (c // groups) * kh * kw
    cols = cols.reshape(groups, k, n * ho * wo)
    g2 = xp.ascontiguousarray(g.reshape(n, groups, o // groups, ho * wo).transpose(1, 2, 0, 3))
    gw = g2.reshape(groups, o // groups, n * ho * wo) @ cols.transpose(0, 2, 1)
    return gw.reshape(o, c // groups, kh, kw)


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
    return col2im(xp, cols.reshape(n, c, kernel[0], kernel[1], ho, wo), out_hw, stride, padding, dilation)
