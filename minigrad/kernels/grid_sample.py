"""grid_sample's kernels: an image (N, C, H, W) or a volume (N, C, D, H, W) read at a grid's
points, and the adjoints of that read for the input and for the grid.

Every mode is a weighted sum of taps. A tap gives each output point one input pixel (a flat
index into one channel's pixels) and a weight: nearest reads 1 tap, bilinear 4, trilinear 8,
bicubic 16. The taps' indices and weights are worked out once per call on (N, points) arrays,
which the channels share; the reads, the sums and the adjoints then run on (images, C, points)
blocks with the channel axis broadcast (only the scatter into a large image loops over its
channels, one index for all: see ``CHANNEL_LOOP_MIN``).

The input is read from a copy with a border of zeros one pixel wide around each channel, and
every tap's position is clamped into that border: a tap outside the input (NaN included) reads
a zero, and its share of the input's gradient lands on the border, which is dropped. So zeros
padding needs no masks, and the cast of positions to integers is always defined.

The arithmetic follows PyTorch's CPU kernels (GridSamplerKernel.cpp) in the input's dtype: the
same positions, weights and products, summed in the same order where that is cheap (the grid's
gradient of bicubic sampling sums over channels first: its float32 rounding differs from
PyTorch's as the general path's does). Each kernel takes ``xp`` (NumPy or CuPy) and never names
NumPy; ``grid_sample`` and ``grid_sample_backward`` read the ``taps`` of a grid.
"""
import functools
import inspect
import itertools
import math

#: elements of one block's (images, channels, points) temporaries: the batch is processed a few
#: images at a time so that the gathered taps stay in cache while they are combined
BLOCK = 1 << 18

#: points per image from which a single image's scatter loops over channels with one index for
#: all of them, rather than build the flat index of every channel (which costs more than the
#: loop's calls from about this size)
CHANNEL_LOOP_MIN = 4096

#: the cubic convolution's free parameter (Keys' kernel), as PyTorch's bicubic modes take it
#: (the same polynomials as ``ops.sampling``, which the general path differentiates)
A = -0.75


# ---------------------------------------------------------------------- coordinates
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


# ---------------------------------------------------------------------- taps
def _index(xp, p, size, stride):
    """Integral pixel positions ``p`` along an axis of ``size`` as offsets into the bordered
    copy, whose pixels along it are ``stride`` apart: positions outside the input (NaN
    included: fmax and fmin pass over it) are clamped into the border."""
    index = (xp.fmin(xp.fmax(p, -1), size) + 1).astype(xp.intp)
    if stride != 1:
        index *= stride
    return index


def _channel_sum(xp, a, b):
    """The sum over channels of ``a * b``, both (images, C, points), in one pass."""
    return xp.einsum("icp,icp->ip", a, b)


def _weighted_sum(xp, values, weights, out):
    """``out`` (images, C, points) = the sum over k, in order, of values[k] * weights[k] (values
    (k, images, C, points), weights (k, images, points)): PyTorch's order of sums, in one pass
    rather than a product and a sum per k."""
    if _einsum_out(xp):
        xp.einsum("kicp,kip->icp", values, weights, out=out)
    else:
        out[...] = xp.einsum("kicp,kip->icp", values, weights)


def cubic_tap_weights(t):
    """The bicubic weights of the taps at -1, 0, 1, 2 around points a fraction ``t`` past tap 0
    (PyTorch's get_cubic_coefficients)."""
    def far(d):
        return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A

    def near(d):
        return ((A + 2) * d - (A + 3)) * d * d + 1
    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def cubic_tap_slopes(t):
    """d(weight)/dt of the bicubic taps at -1, 0, 1, 2 (minus PyTorch's get_cubic_coefficients_grad)."""
    x = -1 - t
    d0 = -((-3 * A * x - 10 * A) * x - 8 * A)
    x = -t
    d1 = -((-3 * (A + 2) * x - 2 * (A + 3)) * x)
    x = 1 - t
    d2 = -((3 * (A + 2) * x - 2 * (A + 3)) * x)
    x = 2 - t
    d3 = -((3 * A * x - 10 * A) * x + 8 * A)
    return [d0, d1, d2, d3]


class _Sampler:
    """The taps of one grid over an input of spatial ``sizes``, on (N, points) arrays.

    ``coords[a]`` are the grid's coordinates along spatial axis ``a`` (first axis first: the
    grid's last entry is the first axis'). Indices are into the bordered copy of a channel
    (``length`` pixels, ``strides`` apart along each axis). For a block of images (a slice of
    the batch), with the channels of the input or of its gradient as a ``_Block``, a subclass
    writes the output with ``read``, adds the input's gradient with ``scatter``, and gives the
    grid's gradient per axis with ``slopes``, before the coordinates' own slopes
    (``multipliers``). Arithmetic on (images, C, points) arrays runs in place, in the block's
    work arrays, where it can. ``taps`` adds the batch's ``shape`` (N, C, points), the
    ``grid_shape`` and the ``blocks`` (slices of the batch).
    """

    def __init__(self, xp, coords, sizes, padding_mode, align_corners):
        self.xp = xp
        self.sizes = sizes
        bordered = [s + 2 for s in sizes]
        self.length = math.prod(bordered)
        self.strides = [math.prod(bordered[a + 1:]) for a in range(len(sizes))]

    def read(self, block, src, out):
        """Write the output (images, C, points) of the images ``block`` into ``out``."""
        raise NotImplementedError

    def scatter(self, block, g, into, scatter_add):
        """Add the input's gradient, given the output's ``g`` (images, C, points), into ``into``."""
        raise NotImplementedError

    def slopes(self, block, src, g):
        """Per spatial axis, the sum over channels of ``g`` times d(output)/d(position)."""
        raise NotImplementedError


class _Nearest(_Sampler):
    """One tap: the pixel nearest each point (half-way points round to even, as PyTorch's)."""

    def __init__(self, xp, coords, sizes, padding_mode, align_corners):
        super().__init__(xp, coords, sizes, padding_mode, align_corners)
        volume = len(sizes) == 3
        self.index = sum(_index(xp, xp.round(_source(xp, c, size, padding_mode, align_corners, volume)[0]), size,
                                stride) for c, size, stride in zip(coords, sizes, self.strides))

    def read(self, block, src, out):
        src.take(self.index[block], out=out)

    def scatter(self, block, g, into, scatter_add):
        into.add(self.index[block], g, scatter_add)

    def slopes(self, block, src, g):
        raise NotImplementedError  # (PyTorch's grid gradient in nearest mode is 0: not asked for)


class _Linear(_Sampler):
    """Bilinear (trilinear on volumes): the 2 ** d corners around each point, in PyTorch's order
    (the last axis' step fastest: nw, ne, sw, se), each weighted by the product of its distances
    to the opposite sides (x's first: PyTorch's (x, y[, z]) order of products)."""

    def __init__(self, xp, coords, sizes, padding_mode, align_corners):
        super().__init__(xp, coords, sizes, padding_mode, align_corners)
        self.factors, along, self.multipliers = [], [], []
        for c, size, stride in zip(coords, sizes, self.strides):
            x, multiplier = _source(xp, c, size, padding_mode, align_corners, len(sizes) == 3)
            low = xp.floor(x)
            t = x - low
            self.factors.append((1 - t, t))  # (the distances to the far and to the near side)
            along.append((_index(xp, low, size, stride), _index(xp, low + 1, size, stride)))
            self.multipliers.append(multiplier)
        self.corners = list(itertools.product((0, 1), repeat=len(sizes)))
        self.indices = [sum(along[a][step] for a, step in enumerate(corner)) for corner in self.corners]
        self.weights = xp.stack([self._product(corner) for corner in self.corners])
        # per axis, the pairs (near corner, far corner) across it: PyTorch's (nw, ne), (sw, se) for x
        self.pairs = [[(k, self.corners.index(corner[:a] + (1,) + corner[a + 1:]))
                       for k, corner in enumerate(self.corners) if not corner[a]] for a in range(len(sizes))]

    def _product(self, corner, block=slice(None), skip=None):
        """The product of the factors of ``corner``'s steps along every axis but ``skip``, x's first."""
        weight = None
        for a in reversed(range(len(corner))):
            if a != skip:
                f = self.factors[a][corner[a]][block]
                weight = f if weight is None else weight * f
        return weight

    def _values(self, block, src):
        """The block's corner values, stacked (corners, images, C, points)."""
        values = src.work("values", len(self.indices))
        for index, out in zip(self.indices, values):
            src.take(index[block], out=out)
        return values

    def read(self, block, src, out):
        _weighted_sum(self.xp, self._values(block, src), self.weights[:, block], out)

    def scatter(self, block, g, into, scatter_add):
        for index, weight in zip(self.indices, self.weights):
            into.add(index[block], self.xp.multiply(g, weight[block, None], out=into.work("product")), scatter_add)

    def slopes(self, block, src, g):
        """Per axis: over the pairs of corners across it, (far value - near value) times the pair's
        weight along the other axes, summed, then times g, summed over channels (PyTorch's
        ``((ne - nw) * s + (se - sw) * n) * gOut``)."""
        xp = self.xp
        values = self._values(block, src)
        sums = []
        for a, pairs in enumerate(self.pairs):
            acc = None
            for near, far in pairs:
                term = xp.subtract(values[far], values[near], out=src.work("term" if acc is None else "acc"))
                term *= self._product(self.corners[near], block, skip=a)[:, None]
                if acc is None:
                    acc = term
                else:
                    acc += term
            sums.append(_channel_sum(xp, acc, g))
        return sums


class _Cubic(_Sampler):
    """Bicubic (images only): 4 x 4 taps around each point, each padded by itself; each row of
    taps is summed with x's weights, then the rows with y's (PyTorch's order of sums)."""

    def __init__(self, xp, coords, sizes, padding_mode, align_corners):
        super().__init__(xp, coords, sizes, padding_mode, align_corners)
        (y, sy), (x, sx) = (unnormalize(xp, c, size, align_corners, True) for c, size in zip(coords, sizes))
        y0, x0 = xp.floor(y), xp.floor(x)
        self.ty, self.tx = y - y0, x - x0
        self.wy, self.wx = xp.stack(cubic_tap_weights(self.ty)), xp.stack(cubic_tap_weights(self.tx))
        self.multipliers = [sy, sx]
        (h, w), (stride, _) = sizes, self.strides
        rows = [_index(xp, _pad_tap(xp, y0 + (i - 1), h, padding_mode, align_corners), h, stride) for i in range(4)]
        columns = [_index(xp, _pad_tap(xp, x0 + (j - 1), w, padding_mode, align_corners), w, 1) for j in range(4)]
        self.indices = [[row + column for column in columns] for row in rows]

    def _row(self, i, block, src):
        """The block's values of row ``i`` of the taps, stacked (4, images, C, points)."""
        values = src.work("values", 4)
        for index, out in zip(self.indices[i], values):
            src.take(index[block], out=out)
        return values

    def read(self, block, src, out):
        rows = src.work("rows", 4)
        for i in range(4):
            _weighted_sum(self.xp, self._row(i, block, src), self.wx[:, block], rows[i])
        _weighted_sum(self.xp, rows, self.wy[:, block], out)

    def scatter(self, block, g, into, scatter_add):
        for i in range(4):
            for j in range(4):
                weight = (self.wx[j][block] * self.wy[i][block])[:, None]
                into.add(self.indices[i][j][block], self.xp.multiply(g, weight, out=into.work("product")), scatter_add)

    def slopes(self, block, src, g):
        """d/dy and d/dx: each tap's value times g summed over channels first (the weights and
        their slopes are the same for every channel), then weighted on (images, points) arrays."""
        xp = self.xp
        taps = [xp.einsum("kicp,icp->kip", self._row(i, block, src), g) for i in range(4)]
        wy, wx = self.wy[:, block], self.wx[:, block]
        dy, dx = cubic_tap_slopes(self.ty[block]), cubic_tap_slopes(self.tx[block])
        return [self._weigh(taps, dy, wx), self._weigh(taps, wy, dx)]

    @staticmethod
    def _weigh(taps, wy, wx):
        """The sum over i of wy[i] times the sum over j of wx[j] * taps[i][j]."""
        out = None
        for row, w_i in zip(taps, wy):
            across = None
            for tap, w_j in zip(row, wx):
                across = tap * w_j if across is None else across + tap * w_j
            out = across * w_i if out is None else out + across * w_i
        return out


_SAMPLERS = {"nearest": _Nearest, "bilinear": _Linear, "bicubic": _Cubic}


# ---------------------------------------------------------------------- the kernels
@functools.lru_cache(maxsize=None)
def _einsum_out(xp):
    """Whether ``xp.einsum`` writes into an ``out`` array (NumPy's does, CuPy's does not)."""
    try:
        return "out" in inspect.signature(xp.einsum).parameters
    except (TypeError, ValueError):  # (no signature to read)
        return False


@functools.lru_cache(maxsize=None)
def _unchecked(xp):
    """The keywords of a ``take`` that does not check its indices: NumPy's in mode 'wrap', a fifth
    faster than its default, which checks them all (the indices here are in range, so the mode
    changes nothing else); none for an array module whose take has no modes (CuPy's)."""
    try:
        return {"mode": "wrap"} if "mode" in inspect.signature(xp.take).parameters else {}
    except (TypeError, ValueError):  # (no signature to read)
        return {}


class _Block:
    """Some images of the batch (a slice) of a bordered (N, C, length) array: reads from and adds
    to every channel at once at (images, points) flat indices, with work arrays (images, C,
    points) shared by the blocks of one call: a new array of that size is fresh memory, whose
    first touch costs as much as the arithmetic on it."""

    def __init__(self, xp, array, block, works, points):
        self.xp = xp
        self.array = array[block]
        images, c, length = self.array.shape
        self.single = images == 1
        self.rows = (xp.arange(images * c) * length).reshape(images, c, 1)
        self.works, self.shape = works, (images, c, points)

    def work(self, name, count=None):
        """The work array ``name``: (images, C, points), or ``count`` of them stacked, made at the
        first block that asks for it."""
        shape = self.shape if count is None else (count,) + self.shape
        array = self.works.get(name)
        if array is None or array.shape[-3] < self.shape[0]:
            array = self.works[name] = self.xp.empty(shape, self.array.dtype)
        return array[..., :self.shape[0], :, :]

    def take(self, index, out=None):
        """The values (images, C, points) at ``index`` (images, points), in ``out`` (a work array
        by default)."""
        xp = self.xp
        out = self.work("take") if out is None else out
        if self.single:  # (one image: its channels read along their axis, no index per channel)
            xp.take(self.array[0], index[0], axis=1, out=out[0], **_unchecked(xp))
        else:
            xp.take(self.array.reshape(-1), index[:, None, :] + self.rows, out=out, **_unchecked(xp))
        return out

    def add(self, index, values, scatter_add):
        """Add ``values`` (images, C, points) at ``index`` (images, points), repeats accumulating."""
        if self.single and index.shape[1] >= CHANNEL_LOOP_MIN:
            for channel, part in zip(self.array[0], values[0]):
                scatter_add(channel, index[0], part)
        else:
            scatter_add(self.array.reshape(-1), (index[:, None, :] + self.rows).reshape(-1), values.reshape(-1))


def taps(xp, input_shape, grid, mode, padding_mode, align_corners):
    """The taps of ``grid`` (N, *out, d) over an input of ``input_shape`` (N, C, *sizes): what
    ``grid_sample`` and ``grid_sample_backward`` read."""
    n, c = input_shape[:2]
    sizes = tuple(input_shape[2:])
    d = len(sizes)
    points = math.prod(grid.shape[1:-1])
    coords = [grid[..., d - 1 - a].reshape(n, points) for a in range(d)]
    sampler = _SAMPLERS[mode](xp, coords, sizes, padding_mode, align_corners)
    sampler.shape, sampler.grid_shape = (n, c, points), grid.shape
    step = max(1, BLOCK // max(c * points, 1))
    sampler.blocks = [slice(i, min(i + step, n)) for i in range(0, n, step)] if c * points else []
    return sampler


def _interior(sizes):
    """The input's place in a bordered (N, C, *sizes + 2) array."""
    return (Ellipsis,) + (slice(1, -1),) * len(sizes)


def _bordered(xp, input, taps):
    """The input as (N, C, length): each channel inside its border of zeros, flat."""
    n, c = taps.shape[:2]
    bordered = xp.zeros((n, c) + tuple(s + 2 for s in taps.sizes), input.dtype)
    bordered[_interior(taps.sizes)] = input
    return bordered.reshape(n, c, taps.length)


def grid_sample(xp, input, taps):
    """``input`` (N, C, *sizes) read at the grid of ``taps``: (N, C, *out)."""
    out = xp.empty(taps.shape, input.dtype)
    if taps.blocks:
        bordered, works = _bordered(xp, input, taps), {}
        for block in taps.blocks:
            taps.read(block, _Block(xp, bordered, block, works, taps.shape[2]), out[block])
    return out.reshape(taps.shape[:2] + tuple(taps.grid_shape[1:-1]))


def grid_sample_backward(xp, g, input, taps, input_grad, grid_grad, scatter_add):
    """The gradients of ``grid_sample`` for the input (None unless ``input_grad``) and for the
    grid (None unless ``grid_grad``), given the output's gradient ``g`` and the ``taps`` of the
    forward; ``scatter_add`` is the backend's (repeated indices accumulate)."""
    n, c, points = taps.shape
    d = len(taps.sizes)
    g = g.reshape(taps.shape)
    slopes = grid_grad and not isinstance(taps, _Nearest)  # (nearest: the grid's gradient is 0)
    bordered = _bordered(xp, input, taps) if slopes and taps.blocks else None
    target = xp.zeros((n, c, taps.length), input.dtype) if input_grad else None
    sums = [xp.zeros((n, points), input.dtype) for _ in range(d)] if slopes else None
    works = {}
    for block in taps.blocks:
        gb = g[block]
        if input_grad:
            taps.scatter(block, gb, _Block(xp, target, block, works, points), scatter_add)
        if slopes:
            for a, part in enumerate(taps.slopes(block, _Block(xp, bordered, block, works, points), gb)):
                sums[a][block] = part
    grad_input = None
    if input_grad:
        grad_input = xp.ascontiguousarray(
            target.reshape((n, c) + tuple(s + 2 for s in taps.sizes))[_interior(taps.sizes)])
    grad_grid = None
    if grid_grad:
        grad_grid = xp.zeros(taps.grid_shape, input.dtype)
        for a, part in enumerate(sums or ()):
            grad_grid[..., d - 1 - a] = (part * taps.multipliers[a]).reshape(taps.grid_shape[:-1])
    return grad_input, grad_grid
