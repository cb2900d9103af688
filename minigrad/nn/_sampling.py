"""Spatial transformers for ``minigrad.nn.functional``: ``affine_grid`` builds a sampling grid from
affine matrices, ``grid_sample`` reads an image (or a volume) at a grid's points (bilinear, which
is trilinear on volumes, or nearest, with zeros, border or reflection padding; bicubic on images
too); plus the deprecated ``upsample_nearest`` and
``upsample_bilinear``. grid_sample's general path is composed of core ops (a gather per corner),
following PyTorch's CPU kernel step by step, so the gradients are PyTorch's for the input, the
grid and theta; float32 and float64 take a fast path, one op over the array kernels of
``kernels.grid_sample`` (the composite stays the path of second derivatives)."""
import itertools
import math
import warnings

from .. import backends
from .. import ops as _E
from ..autograd.entry_points import grad
from ..autograd.grad_mode import enable_grad
from ..autograd.op import Op
from ..creation import linspace, ones, zeros
from ..dtypes import bool as bool_, float32, float64
from ..kernels import grid_sample as K
from ..ops.linalg import InOrderBmm, check_batch2
from ..ops.one_node import one_node
from ..ops.sampling import cubic_weights, pixel_positions
from ._vision import interpolate
from ._checks import _expect_bool, _expect_tensors

__all__ = ["affine_grid", "grid_sample", "upsample_nearest", "upsample_bilinear"]

_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                  "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                  "grid_sample for details.")


# ---------------------------------------------------------------------- affine_grid
def _base_coordinates(steps, align_corners, like):
    """``steps`` points spanning [-1, 1] (pixel corners), or pixel centres when not ``align_corners``."""
    if steps <= 1:
        return zeros(max(steps, 0), dtype=like.dtype, device=like.device)
    points = linspace(-1.0, 1.0, steps, dtype=like.dtype, device=like.device)
    return points if align_corners else points * (steps - 1) / steps


def affine_grid(theta, size, align_corners=None):
    """The sampling grid (N, H, W, 2) (or (N, D, H, W, 3)) of affine matrices ``theta`` (N, 2, 3)
    (or (N, 3, 4)) for an output of ``size`` (N, C, H, W) (or (N, C, D, H, W)): each output
    pixel's normalised (x, y[, z]) mapped through theta."""
    _expect_tensors("affine_grid", ("theta", 1, theta))
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    if not theta.dtype.is_floating_point:
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    given = size  # (PyTorch's messages print the size as it was given: a tuple, a list or a torch.Size)
    size = list(size)
    if len(size) in (4, 5):
        d = len(size) - 2
        if theta.ndim != 3 or theta.shape[-2] != d or theta.shape[-1] != d + 1:
            raise ValueError(f"Expected a batch of {d}D affine matrices of shape Nx{d}x{d + 1} for size {given}. "
                             f"Got {theta.shape}.")
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {given}.")
    spatial = size[2:]
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {given}")
    return one_node("AffineGridGeneratorBackward0", lambda t: _affine_grid(t, size, align_corners), theta, linear=True)


def _affine_grid(theta, size, align_corners):
    n, spatial, d = size[0], size[2:], len(size) - 2
    # base grid (*spatial, d + 1): x varies along the last spatial dim, then y (then z), then a 1
    axes = [_base_coordinates(s, align_corners, theta) for s in reversed(spatial)]  # x, y[, z]
    mesh = _E.meshgrid(*reversed(axes), indexing="ij")[::-1]
    base = _E.stack(list(mesh) + [ones(tuple(spatial), dtype=theta.dtype, device=theta.device)], -1)
    points = base.reshape(1, -1, d + 1).expand(n, -1, -1)
    theta_t = theta.transpose(1, 2)
    check_batch2(points, theta_t)  # (PyTorch's bmm error for a theta of another batch size)
    # (summed as PyTorch's bmm sums small products: a point on a pixel's edge floors as PyTorch's)
    return InOrderBmm.apply(points, theta_t).reshape([n] + spatial + [d])


# ---------------------------------------------------------------------- grid_sample
def _unnormalize(coord, size, align_corners, volume):
    """Grid coordinates in [-1, 1] as pixel positions (corner pixels' centres at +-1 with
    ``align_corners``, else the image's outer edges), rounded as the fast path rounds them (as
    PyTorch's kernels do: fused in float32 and float64 images, not in volumes nor other dtypes)."""
    return pixel_positions(coord, size, align_corners, not volume and coord.dtype in (float32, float64))


def _clip(x, size):
    """Positions clamped into [0, size - 1]; as in PyTorch the edges themselves count as outside,
    so the gradient is 0 there (and beyond)."""
    inside = (x > 0) & (x < size - 1)
    return _E.where(inside, x, x.detach().clamp(0, size - 1))


def _reflect(x, size, align_corners):
    """Positions reflected at the image's edges (the corner pixels' centres with ``align_corners``,
    else the outer edges) until they fall inside; the gradient's sign flips with each reflection."""
    twice_span = 2 * (size - 1) if align_corners else 2 * size
    if twice_span == 0:
        return x * 0.0
    shifted = x if align_corners else x + 0.5
    folded = _E.where(shifted < 0, -shifted, shifted)
    extra = folded - (folded.detach() / twice_span).trunc() * twice_span
    reflected = _E.where(extra > twice_span - extra, twice_span - extra, extra)
    return reflected if align_corners else reflected - 0.5


def _source_position(coord, size, padding_mode, align_corners, volume):
    x = _unnormalize(coord, size, align_corners, volume)
    if padding_mode == "border":
        return _clip(x, size)
    if padding_mode == "reflection":
        return _clip(_reflect(x, size, align_corners), size)
    return x


def _pixels(flat, positions, sizes):
    """input's pixels (N, C, *out) at integer ``positions`` (one (N, *out) array per spatial dim, first
    dim first: (iy, ix) or (iz, iy, ix)) in an input of spatial ``sizes``; 0 outside the input."""
    n, c = flat.shape[:2]
    inside = index = None
    for position, size in zip(positions, sizes):
        within = (position >= 0) & (position < size)
        inside = within if inside is None else inside & within
        index = position if index is None else index * size + position
    index = _E.where(inside, index, 0).reshape(n, 1, -1).expand(n, c, -1)
    values = flat.gather(2, index).reshape((n, c) + tuple(positions[0].shape[1:]))
    return _E.where(inside.unsqueeze(1), values, 0.0)


def _check_grid_sample(input, grid, mode):
    """PyTorch's errors for grid_sample's input and grid, in its order: the batch sizes, the grid's
    last size, empty spatial dims, the ranks (named by the input's: 4D for an image, else 5D), bicubic
    on a volume, then the dtypes (its kernel's checks: the input's, which chooses the kernel, then the grid's)."""
    if input.ndim and grid.ndim and input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if grid.ndim and grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in last dimension, but got "
                           f"grid with sizes {list(grid.shape)}")
    for i in range(2, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {i} being empty")
    if input.ndim != grid.ndim or input.ndim not in (4, 5):
        raise RuntimeError(f"grid_sampler(): expected {'4D' if input.ndim == 4 else '5D'} input and grid with same "
                           f"number of dimensions, but got input with sizes {list(input.shape)} and grid with sizes "
                           f"{list(grid.shape)}")
    if mode == "bicubic" and input.ndim == 5:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if not input.dtype.is_floating_point:  # (the kernel is chosen by the input's dtype before it reads the grid's)
        kernel = "grid_sampler_2d_cpu_kernel_impl" if input.ndim == 4 else "grid_sampler3d_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if input.dtype != grid.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._torch_name[:-6]} but found "
                           f"{grid.dtype._torch_name[:-6]}")


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """``input`` (N, C, H, W) read at ``grid`` (N, Ho, Wo, 2) of normalised (x, y) in [-1, 1]:
    output (N, C, Ho, Wo); or a volume (N, C, D, H, W) at (N, Do, Ho, Wo, 3) points (x, y, z).
    ``mode``: 'bilinear' (trilinear on volumes), 'nearest' (half-way points round to even) or
    'bicubic' (images only; Keys' cubic convolution, a = -0.75);
    ``padding_mode`` for points outside: 'zeros', 'border' (the edge pixel) or 'reflection'."""
    _expect_tensors("grid_sampler", ("input", 1, input), ("grid", 2, grid), required=2)
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    _expect_bool("grid_sampler", "align_corners", 5, align_corners)
    _check_grid_sample(input, grid, mode)
    # Fast path, fenced: float32 and float64 are one op whose kernels (kernels/grid_sample.py)
    # compute the values and both gradients directly, in PyTorch's arithmetic. The composite
    # below is the general path (other dtypes) and the one second derivatives differentiate;
    # tests/nn/test_grid_sample_paths.py checks the two agree.
    if input.dtype in (float32, float64):
        return (GridSampler2D if input.ndim == 4 else GridSampler3D).apply(input, grid, mode, padding_mode,
                                                                           align_corners)
    node = "GridSampler2DBackward0" if input.ndim == 4 else "GridSampler3DBackward0"
    return one_node(node, lambda x, g: _grid_sample(x, g, mode, padding_mode, align_corners), input, grid)


class GridSampler2D(Op):
    """grid_sample of images as one op (the fast path): forward and backward are the kernels of
    ``kernels.grid_sample``; under ``create_graph`` the gradients are the general path's,
    differentiated with a graph (as ``one_node`` does)."""

    saves = (True, True)  # input and grid, as PyTorch's node
    saved_names = ("input", "grid")
    edge_args = slice(0, 2)

    @staticmethod
    def forward(ctx, input, grid, mode, padding_mode, align_corners):
        return K.grid_sample(ctx.xp, input, K.taps(ctx.xp, input.shape, grid, mode, padding_mode, align_corners))

    @staticmethod
    def backward(ctx, m, g, input, grid, mode, padding_mode, align_corners):
        needs = ctx.needs_input_grad[:2]
        if m.records:  # create_graph: the general path again on the Tensors in the graph
            input, grid = input.view_as(input), grid.view_as(grid)  # (aliases: see one_node's Composite)
            with enable_grad():
                out = _grid_sample(input, grid, mode, padding_mode, align_corners)
            grads = iter(grad(out, [t for t, need in zip((input, grid), needs) if need], g, create_graph=True,
                              allow_unused=True))
            return tuple(next(grads) if need else None for need in needs) + (None, None, None)
        taps = K.taps(ctx.xp, input.shape, grid, mode, padding_mode, align_corners)
        return K.grid_sample_backward(ctx.xp, g, input, taps, *needs, backends.for_module(ctx.xp).scatter_add) \
            + (None, None, None)


class GridSampler3D(GridSampler2D):
    """grid_sample of volumes as one op (the fast path)."""


def _grid_sample(input, grid, mode, padding_mode, align_corners):
    """The general path: grid_sample composed of core ops, differentiable to any order."""
    n, c = input.shape[:2]
    sizes = tuple(input.shape[2:])
    flat = input.reshape(n, c, math.prod(sizes))
    if mode == "bicubic":
        return _bicubic(flat, grid, *sizes, padding_mode, align_corners)
    # positions along each spatial dim, first dim first: the grid's last entry (z or y) is the first dim's
    positions = [_source_position(grid[..., len(sizes) - 1 - a], size, padding_mode, align_corners, len(sizes) == 3)
                 for a, size in enumerate(sizes)]
    if mode == "nearest":
        out = _pixels(flat, [p.detach().round().long() for p in positions], sizes)
        # (PyTorch's grid gradient in nearest mode: zeros, not none)
        return out + _E.where(zeros((), dtype=bool_, device=grid.device), positions[-1], 0.0).unsqueeze(1) \
            if grid.requires_grad else out
    lows = [p.detach().floor() for p in positions]
    fractions = [p - low for p, low in zip(positions, lows)]
    starts = [low.long() for low in lows]
    out = None
    for corner in itertools.product((0, 1), repeat=len(sizes)):  # PyTorch's order: the last dim's step fastest
        weight = None
        for step, t in zip(corner, fractions):
            factor = t if step else 1 - t
            weight = factor if weight is None else weight * factor
        term = _pixels(flat, [start + step if step else start for start, step in zip(starts, corner)], sizes) \
            * weight.unsqueeze(1)
        out = term if out is None else out + term
    return out


def _tap(position, size, padding_mode, align_corners):
    """A tap's integer position after padding (its weight, not its place, carries the gradient)."""
    if padding_mode == "border":
        position = position.clamp(0, size - 1)
    elif padding_mode == "reflection":
        position = _reflect(position, size, align_corners).clamp(0, size - 1)
    return position.long()


def _bicubic(flat, grid, height, width, padding_mode, align_corners):
    """Bicubic sampling: 4 x 4 taps around each point, padded one by one (PyTorch's order of sums)."""
    x = _unnormalize(grid[..., 0], width, align_corners, False)
    y = _unnormalize(grid[..., 1], height, align_corners, False)
    x0, y0 = x.detach().floor(), y.detach().floor()
    wx, wy = cubic_weights(x - x0), cubic_weights(y - y0)
    columns = [_tap(x0 + j, width, padding_mode, align_corners) for j in (-1, 0, 1, 2)]
    sizes = (height, width)
    out = None
    for i in range(4):
        row = _tap(y0 + (i - 1), height, padding_mode, align_corners)
        across = None
        for j in range(4):
            term = wx[j].unsqueeze(1) * _pixels(flat, (row, columns[j]), sizes)
            across = term if across is None else across + term
        term = wy[i].unsqueeze(1) * across
        out = term if out is None else out + term
    return out


# ---------------------------------------------------------------------- deprecated resampling
def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode='nearest')``."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)``."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
