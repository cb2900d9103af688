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
NumPy; ``grid_sample`` and ``grid_sample_backward`` read the ``taps`` of a grid. The pixel
positions are worked out in ``grid_coordinates.py``, each mode's taps in ``grid_sample_taps.py``;
here are the blocks of the batch they run on and the two kernels.
"""
import functools
import inspect
import math

from .grid_coordinates import unnormalize  # noqa: F401  (ops.sampling imports it from here)
from .grid_sample_taps import _SAMPLERS, _Nearest, cubic_tap_slopes, cubic_tap_weights  # noqa: F401

#: elements of one block's (images, channels, points) temporaries: the batch is processed a few
#: images at a time so that the gathered taps stay in cache while they are combined
BLOCK = 1 << 18

#: points per image from which a single image's scatter loops over channels with one index for
#: all of them, rather than build the flat index of every channel (which costs more than the
#: loop's calls from about this size)
CHANNEL_LOOP_MIN = 4096


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
