"""Padding and interpolation: gathers along one axis at a time, and their adjoints.

Every mode here is separable: reflect/replicate/circular padding and
nearest/linear interpolation read, along each padded or resized axis, the
input at a small index array (and, for linear, mix two such reads with
weights). The index arrays and weights are computed on the host (NumPy, in
PyTorch's arithmetic: float32 for float32 tensors) and uploaded once; the data
never leaves its device. Adjoints add each output back where it was read from.
"""
import functools
import itertools

import numpy as _np  # host-side index arithmetic only; data arrays go through xp


def _along(axis, index):
    """An indexing tuple selecting ``index`` along ``axis`` (a negative axis) and everything elsewhere."""
    return (Ellipsis, index) + (slice(None),) * (-axis - 1)


# ---------------------------------------------------------------------- padding
def pad_constant(xp, x, pads, value):
    """``x`` with ``pads`` = ((before, after), ...) for its last axes, filled with ``value``;
    negative amounts crop."""
    lead = x.ndim - len(pads)
    shape = x.shape[:lead] + tuple(s + lo + hi for s, (lo, hi) in zip(x.shape[lead:], pads))
    out = xp.full(shape, value, x.dtype)
    dst, src = _constant_slices(x.shape[lead:], pads)
    if all(d.stop > d.start for d in dst):
        out[(Ellipsis,) + dst] = x[(Ellipsis,) + src]
    return out


def pad_constant_backward(xp, g, in_shape, pads):
    """The adjoint of pad_constant: the gradient of the kept region, zeros where cropped."""
    lead = len(in_shape) - len(pads)
    out = xp.zeros(in_shape, g.dtype)
    dst, src = _constant_slices(in_shape[lead:], pads)
    if all(d.stop > d.start for d in dst):
        out[(Ellipsis,) + src] = g[(Ellipsis,) + dst]
    return out


def _constant_slices(sizes, pads):
    dst, src = [], []
    for s, (lo, hi) in zip(sizes, pads):
        keep = s - max(-lo, 0) - max(-hi, 0)
        dst.append(slice(max(lo, 0), max(lo, 0) + max(keep, 0)))
        src.append(slice(max(-lo, 0), max(-lo, 0) + max(keep, 0)))
    return tuple(dst), tuple(src)


def pad_index(mode, size, lo, hi):
    """Host index array: which input position each padded position reads, as PyTorch's modes do."""
    p = _np.arange(-lo, size + hi)
    if mode == "reflect":
        p = _np.abs(p)
        return _np.where(p > size - 1, 2 * (size - 1) - p, p)
    if mode == "replicate":
        return _np.clip(p, 0, size - 1)
    first, stop = max(-lo, 0), size - max(-hi, 0)  # circular wraps within the part kept after cropping
    return first + (p - first) % (stop - first)


@functools.lru_cache(maxsize=512)
def pad_runs(mode, size, lo, hi):
    """``pad_index`` as its maximal runs that one slice of the input reads:
    ((padded positions, input positions, step), ...), both as slices, with step
    +1 or -1 (consecutive inputs; -1 a mirror, read by a reversed slice) or 0
    (one input repeated: replicate's edges). Reflect, replicate and circular
    padding have three runs per axis: the centre and the two edges."""
    index = pad_index(mode, size, lo, hi).tolist()
    runs, start = [], 0
    while start < len(index):
        stop = start + 1
        step = index[stop] - index[start] if stop < len(index) else 1
        step = step if step in (-1, 0, 1) else 1
        while stop < len(index) and index[stop] - index[stop - 1] == step:
            stop += 1
        first, last = index[start], index[stop - 1]
        if step == -1:
            src = slice(first, last - 1 if last > 0 else None, -1)
        else:
            src = slice(first, last + 1)
        runs.append((slice(start, stop), src, step))
        start = stop
    return tuple(runs)


@functools.lru_cache(maxsize=512)
def pad_blocks(mode, sizes, pads):
    """The slices of a padding of the last ``len(sizes)`` axes, as blocks: one per combination of
    the axes' ``pad_runs`` (nine for a 2-D pad), each (padded index, input index, axes that repeat
    one input). Also the position of a centre block, which reads the whole input once in order
    (None when a crop left none). Cached: a network pads the same shapes at every step."""
    runs = [pad_runs(mode, size, lo, hi) for size, (lo, hi) in zip(sizes, pads)]
    blocks, centre = [], None
    for block in itertools.product(*runs):
        if centre is None and all(r[2] == 1 and r[1] == slice(0, size) for r, size in zip(block, sizes)):
            centre = len(blocks)
        repeated = tuple(k - len(sizes) for k, r in enumerate(block) if r[2] == 0)
        blocks.append(((Ellipsis,) + tuple(r[0] for r in block), (Ellipsis,) + tuple(r[1] for r in block), repeated))
    return tuple(blocks), centre


def pad_gather(xp, x, pads, mode):
    """``x`` padded in ``mode`` (reflect, replicate, circular) by ((before, after), ...) on its last axes:
    one slice copy per block (``pad_blocks``)."""
    lead = x.ndim - len(pads)
    out = xp.empty(x.shape[:lead] + tuple(size + lo + hi for size, (lo, hi) in zip(x.shape[lead:], pads)), x.dtype)
    for padded, read, _ in pad_blocks(mode, x.shape[lead:], pads)[0]:
        out[padded] = x[read]
    return out


def pad_gather_backward(xp, g, in_shape, pads, mode):
    """The adjoint of pad_gather: each block added back onto the inputs it read, by slices (no
    scatter-add). The centre block is copied first (zeros where a crop left none); the edge blocks
    are added onto it, summed along the axes where they repeat one input."""
    lead = len(in_shape) - len(pads)
    blocks, centre = pad_blocks(mode, tuple(in_shape[lead:]), pads)
    out = xp.zeros(in_shape, g.dtype) if centre is None else g[blocks[centre][0]].copy()
    for k, (padded, read, repeated) in enumerate(blocks):
        if k != centre:
            part = g[padded]
            out[read] += part.sum(axis=repeated, keepdims=True) if repeated else part
    return out


def take_backward(xp, g, index, size, axis, scatter_add):
    """The adjoint of ``xp.take(x, index, axis)`` for a host ``index`` into an axis of length ``size``.

    Three exact ways, chosen on the host: an index that never repeats is an
    assignment; nearest upsampling by a whole factor (each input read by one
    run of equal length) is a sum of ``factor`` strided slices (in the order a
    sum over a reshape adds them; that sum, over an axis of 2, ran 25x slower);
    anything else is a scatter-add, which only the repeated part needs.
    """
    shape = list(g.shape)
    shape[axis] = size
    out = xp.zeros(tuple(shape), g.dtype)
    if len(_np.unique(index)) == len(index):
        out[_along(axis, xp.asarray(index))] = g
        return out
    factor = len(index) // size if size else 0
    if factor * size == len(index) and _np.array_equal(index, _np.arange(len(index)) // factor):
        before = (slice(None),) * (g.ndim + axis)
        total = g[before + (slice(0, None, factor),)] + g[before + (slice(1, None, factor),)]
        for i in range(2, factor):
            total += g[before + (slice(i, None, factor),)]
        return total
    scatter_add(out, _along(axis, xp.asarray(index)), g)
    return out


# ---------------------------------------------------------------------- interpolation
def _opmath(dtype):
    """PyTorch's CPU arithmetic type for index math: float32 for float32 (and lower), else float64."""
    return _np.float32 if _np.dtype(dtype).itemsize <= 4 else _np.float64


def _scale(ft, in_size, out_size, align_corners, scale):
    """PyTorch's area_pixel_compute_scale."""
    if align_corners:
        return ft(in_size - 1) / ft(out_size - 1) if out_size > 1 else ft(0)
    return ft(1.0 / scale) if scale is not None and scale > 0 else ft(in_size) / ft(out_size)


def nearest_index(in_size, out_size, scale, shortcuts, exact=False):
    """Host index array of PyTorch's ``nearest`` mode (float32 arithmetic, as its kernel), or with
    ``exact`` of its ``nearest-exact`` mode: ``floor((o + 0.5) / scale)``, pixel centres aligned.

    With ``shortcuts`` an output as long as the input reads it one to one and
    one twice as long reads each input twice, whatever ``scale`` says; without,
    every index is ``floor(o / scale)``. PyTorch's 2-D forward kernel and all
    its backward kernels take the shortcuts, its 1-D and 3-D forward kernels
    do not (so there, e.g. for scale 1.3 on 2 elements, backward is not quite
    forward's adjoint; minigrad reproduces both).
    """
    o = _np.arange(out_size)
    if shortcuts and out_size == in_size:
        return o
    if shortcuts and out_size == 2 * in_size:
        return o >> 1
    s = _np.float32(1.0 / scale) if scale is not None and scale > 0 else _np.float32(in_size) / _np.float32(out_size)
    if exact:  # (o + 0.5) * scale in double, rounded to float before the floor, as PyTorch's floorf call
        src = ((o + 0.5) * _np.float64(s)).astype(_np.float32)
    else:
        src = o.astype(_np.float32) * s
    return _np.minimum(_np.floor(src).astype(_np.int64), in_size - 1)


def _source_index(ft, scale, of, align_corners, fused=True):
    """PyTorch's area_pixel_compute_source_index (before any clamping) in type ``ft``. Without
    align_corners, ``scale * (o + 0.5) - 0.5`` is rounded once (``fused``), as by the fused
    multiply-add of PyTorch's compiled linear kernels and bicubic forward kernel, or twice, as in
    its bicubic backward kernel: in float32 the two differ by an ulp of the source position on
    large images (a weight error of ~3e-5 at 400 pixels)."""
    if align_corners:
        return scale * of
    if not fused:
        return scale * (of + ft(0.5)) - ft(0.5)
    return (_np.float64(scale) * (of + ft(0.5)).astype(_np.float64) - 0.5).astype(ft)


def linear_taps(dtype, in_size, out_size, align_corners, scale):
    """PyTorch's linear interpolation along one axis: host (index0, index1, weight0, weight1)."""
    ft = _opmath(dtype)
    o = _np.arange(out_size)
    if out_size == in_size:
        one = _np.ones(out_size, ft)
        return o, o, one, _np.zeros(out_size, ft)
    s = _scale(ft, in_size, out_size, align_corners, scale)
    of = o.astype(ft)
    src = _source_index(ft, s, of, align_corners)
    if not align_corners:
        src = _np.maximum(src, ft(0))
    i0 = _np.minimum(_np.floor(src).astype(_np.int64), in_size - 1)
    w1 = _np.clip(src - i0.astype(ft), ft(0), ft(1)).astype(ft)
    i1 = i0 + (i0 < in_size - 1)
    return i0, i1, (ft(1) - w1).astype(ft), w1


_CUBIC_A = -0.75  # PyTorch's (and OpenCV's) bicubic convolution parameter


def cubic_taps(dtype, in_size, out_size, align_corners, scale, fused=True):
    """PyTorch's bicubic interpolation along one axis: host (indices, weights), four of each, the
    indices clamped to the input (its border pixels repeat)."""
    ft = _opmath(dtype)
    a = ft(_CUBIC_A)
    of = _np.arange(out_size).astype(ft)
    s = _scale(ft, in_size, out_size, align_corners, scale)
    src = _source_index(ft, s, of, align_corners, fused)  # not clamped at 0, unlike linear
    i = _np.floor(src)
    t = (src - i).astype(ft)

    def near(x):  # the kernel on |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # the kernel on 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weights = [far(t + 1), near(t), near(1 - t), far(2 - t)]
    i = i.astype(_np.int64)
    indices = [_np.clip(i + k - 1, 0, in_size - 1) for k in range(4)]
    return indices, [w.astype(ft) for w in weights]


def _weights(xp, w, dtype, axis, ndim):
    shape = [1] * ndim
    shape[axis] = len(w)
    return xp.asarray(w.astype(dtype).reshape(shape))


def interpolate(xp, x, out_size, mode, align_corners, scales):
    """``x`` (N, C, *spatial) resized to ``out_size`` in ``nearest`` or ``linear`` mode, axis by axis
    (the outer axis last, so each output is ``(row0 mix) * w0 + (row1 mix) * w1`` as PyTorch computes it)."""
    nd = len(out_size)
    for k in reversed(range(nd)):
        axis = k - nd
        if mode in ("nearest", "nearest-exact"):
            exact = mode == "nearest-exact"
            index = nearest_index(x.shape[axis], out_size[k], scales[k], shortcuts=nd == 2 and not exact, exact=exact)
            x = xp.take(x, xp.asarray(index), axis=axis)
        else:
            indices, weights = _taps(mode, x.dtype, x.shape[axis], out_size[k], align_corners, scales[k])
            mixed = None
            for index, w in zip(indices, weights):
                term = xp.take(x, xp.asarray(index), axis=axis) * _weights(xp, w, x.dtype, axis, x.ndim)
                mixed = term if mixed is None else mixed + term
            x = mixed
    return x


def _taps(mode, dtype, in_size, out_size, align_corners, scale, backward=False):
    """(indices, weights) of ``linear`` (two taps) or ``cubic`` (four) interpolation along one axis
    (``backward``: as PyTorch's backward kernel rounds them)."""
    if mode == "cubic":
        return cubic_taps(dtype, in_size, out_size, align_corners, scale, fused=not backward)
    i0, i1, w0, w1 = linear_taps(dtype, in_size, out_size, align_corners, scale)
    return (i0, i1), (w0, w1)


def interpolate_backward(xp, g, in_size, mode, align_corners, scales, scatter_add):
    """The adjoint of interpolate: each output's gradient sent back to the inputs it was mixed from
    (linear: one product with the (out, in) interpolation matrix per axis)."""
    nd = len(in_size)
    if mode == "cubic" and tuple(g.shape[2:]) == tuple(in_size):
        # PyTorch's bicubic backward kernel copies the gradient when the sizes agree, whatever the
        # scales (its forward kernel still interpolates with them): not the adjoint, but its numbers
        return g.copy()
    for k in range(nd):
        axis = k - nd
        n_out = g.shape[axis]
        if mode in ("nearest", "nearest-exact"):
            exact = mode == "nearest-exact"
            index = nearest_index(in_size[k], n_out, scales[k], shortcuts=not exact, exact=exact)
            g = take_backward(xp, g, index, in_size[k], axis, scatter_add)
            continue
        indices, weights = _taps(mode, g.dtype, in_size[k], n_out, align_corners, scales[k], backward=True)
        m = _np.zeros((n_out, in_size[k]), g.dtype)
        for index, w in zip(indices, weights):
            _np.add.at(m, (_np.arange(n_out), index), w)
        m = xp.asarray(m)
        g = g @ m if axis == -1 else xp.swapaxes(xp.swapaxes(g, axis, -1) @ m, axis, -1)
    return g


def _fused(ft, a, x, c):
    """``a * x + c`` rounded once to ``ft``, as a fused multiply-add: PyTorch's compiled float32
    antialias filter fuses its multiply-adds (the product of two float32 numbers is exact in
    float64). In float64, two roundings."""
    if ft is _np.float32:
        return (_np.float64(a) * x.astype(_np.float64) + _np.float64(c)).astype(ft)
    return a * x + c


def _antialias_filter(mode, ft, x):
    """PyTorch's antialias filters on |x|, in type ``ft``: the triangle (bilinear) and the cubic with
    a = -0.5 (bicubic; not the -0.75 of plain bicubic interpolation), by Horner's rule."""
    x = _np.abs(x)
    zero = ft(0)
    if mode == "bilinear":
        return _np.where(x < 1, ft(1) - x, zero)
    a = ft(-0.5)
    near = _fused(ft, _fused(ft, a + 2, x, -(a + 3)) * x, x, ft(1))
    far = _fused(ft, _fused(ft, _fused(ft, a, x, -5 * a), x, 8 * a), x, -4 * a)
    return _np.where(x < 1, near, _np.where(x < 2, far, zero))


def antialias_matrix(dtype, in_size, out_size, mode, align_corners, scale, keep_same_size=True):
    """The (out_size, in_size) host matrix of PyTorch's antialiased resizing along one axis: each
    output averages the inputs under the filter stretched by the downscaling factor (not
    stretched when upscaling), its weights normalised to sum to 1 (Pillow's resampling). With
    ``keep_same_size`` an axis whose size does not change is left as it is, whatever the scale
    factor says (PyTorch's forward kernel; its backward kernel resamples it). The weights are
    worked out in PyTorch's arithmetic type (float32 for float32 input), so that they round as
    its do: in float64 they differ from PyTorch's float32 ones by up to ~1e-5 on large images."""
    ft = _opmath(dtype)
    if keep_same_size and in_size == out_size:
        return _np.eye(in_size, dtype=dtype)
    s = _scale(ft, in_size, out_size, align_corners, scale)
    one, half = ft(1), ft(0.5)
    support = ft(1 if mode == "bilinear" else 2) * max(s, one)
    stretch = one / s if s >= one else one
    matrix = _np.zeros((out_size, in_size), ft)
    for i in range(out_size):
        center = s * (ft(i) + half)
        lo = max(int(center - support + half), 0)
        hi = min(int(center + support + half), in_size)
        w = _antialias_filter(mode, ft, (_np.arange(lo, hi).astype(ft) - center + half) * stretch)
        total = ft(0)
        for v in w:  # (summed in order, as PyTorch's loop)
            total += v
        matrix[i, lo:hi] = w / total if total != 0 else w
    return matrix.astype(dtype)
