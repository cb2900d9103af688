"""grid_sample's taps: for each mode (nearest, bilinear or trilinear, bicubic), the input pixels
each output point reads and their weights, and the reads, scatters and slopes over them that
``grid_sample.py``'s kernels run block by block."""
import functools
import inspect
import itertools
import math

from .grid_coordinates import _pad_tap, _source, unnormalize

#: the cubic convolution's free parameter (Keys' kernel), as PyTorch's bicubic modes take it
#: (the same polynomials as ``ops.sampling``, which the general path differentiates)
A = -0.75


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


@functools.lru_cache(maxsize=None)
def _einsum_out(xp):
    """Whether ``xp.einsum`` writes into an ``out`` array (NumPy's does, CuPy's does not)."""
    try:
        return "out" in inspect.signature(xp.einsum).parameters
    except (TypeError, ValueError):  # (no signature to read)
        return False
