"""Ops that move elements within a tensor: repeat/tile, flip, roll, rot90; and tril/triu, which
keep a triangle."""
from .._errors import check_storage_size
from ..autograd.namespace import provide
from ..autograd.op import Op
from .._int_arguments import _wrap_dim
from .layout import (channels_last, channels_last_copy, is_channels_last, preserve_layout, preserved_order, row_major,
                     suggests_channels_last)
from .one_node import one_node
from ._api import method, public
from ._util import expect_tensor, expect_int, expect_ints
from .shape import sizes_arg


class Repeat(Op):
    """Tiling; the gradient sums the tiles."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, x, reps):
        lead = len(reps) - x.ndim
        x = x.reshape((1,) * lead + x.shape)
        ctx.in_shape = x.shape
        ctx.reps = reps
        ctx.lead = lead
        out = ctx.xp.tile(x, reps)
        return out if out.flags.c_contiguous else out.copy()  # (tile follows x's layout; PyTorch's is row-major)

    @staticmethod
    def backward(ctx, m, g):
        split_shape = []
        for r, s in zip(ctx.reps, ctx.in_shape):
            split_shape += [r, s]
        out = m.sum(g.reshape(tuple(split_shape)), tuple(range(0, 2 * len(ctx.reps), 2)))
        return out.reshape(ctx.in_shape[ctx.lead:])


@public(function=False)
def repeat(input, *sizes, repeats=None):
    """Tile the tensor ``sizes`` times along each dim: ``repeat(2, 3)``, ``repeat((2, 3))`` or
    ``repeat(repeats=(2, 3))``."""
    sizes = sizes_arg(sizes, repeats, "repeats", "repeat")
    if len(sizes) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    shape = (1,) * (len(sizes) - input._data.ndim) + input._data.shape
    target = [s * r for s, r in zip(shape, sizes)]
    if any(r < 0 for r in sizes):
        raise RuntimeError(f"Trying to create tensor with negative dimension {next(s for s in target if s < 0)}: "
                           f"{target}")
    check_storage_size(target, input._data.itemsize)
    return Repeat.apply(input, sizes)


@public(method=False)
def tile(input, dims):
    """Repeat along each dim; ``dims`` shorter than ``input.ndim`` is padded with ones in front."""
    expect_tensor("tile", input)
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"tile(): argument 'dims' (position 2) must be tuple of ints, not {type(dims).__name__}")
    dims = sizes_arg((dims,), name="dims")
    if len(dims) < input._data.ndim:
        dims = (1,) * (input._data.ndim - len(dims)) + dims
    return repeat(input, dims)


def _tile_method(self, *dims, **named):
    """``t.tile(2, 3)``, ``t.tile((2, 3))`` or ``t.tile(dims=(2, 3))``: as ``tile(t, dims)``."""
    if set(named) - {"dims"}:
        raise TypeError(f"tile() got an unexpected keyword argument '{next(iter(set(named) - {'dims'}))}'")
    if not dims and "dims" not in named:
        raise TypeError('tile() missing 1 required positional arguments: "dims"')
    return tile(self, sizes_arg(dims, named.get("dims"), "dims"))


method("tile", _tile_method)


class Flip(Op):
    """Elements reversed along ``dims``; so is the gradient."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        out = (ctx.xp.flip(x, axis=dims) if dims else x).copy(order=preserved_order(x))
        return preserve_layout(x, out)  # (PyTorch keeps x's layout)

    @staticmethod
    def backward(ctx, m, g):
        return m.flip(g, ctx.dims)


@public
def flip(input, *axes, dims=None):
    """Reverse the order of elements along ``dims``: ``flip(0, 1)``, ``flip((0, 1))`` or ``flip(dims=(0, 1))``."""
    expect_tensor("flip", input)
    if not axes and dims is None:
        raise TypeError('flip() missing 1 required positional arguments: "dims"')
    dims = sizes_arg(axes, dims, "dims")
    nd = input._data.ndim
    dims = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(dims)) < len(dims):
        raise RuntimeError(f"dim {next(d for i, d in enumerate(dims) if d in dims[:i])} appears multiple times in "
                           "the list of dims")
    return Flip.apply(input, dims if nd else ())  # (a 0-d tensor's dim 0 or -1 flips nothing)


provide("flip", lambda x, dims: Flip.apply(x, tuple(dims)))


class Roll(Op):
    """Elements shifted cyclically by ``shifts`` along ``dims`` (all of them, flattened, when
    ``dims`` is None); the gradient is rolled back."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        # PyTorch's result follows such an image, until a shift that moves nothing (a multiple of
        # its dim's size), which PyTorch's roll answers with a contiguous clone
        if dims is not None and suggests_channels_last(x) and all(x.shape[d] and s % x.shape[d]
                                                                  for s, d in zip(shifts, dims)):
            out = ctx.xp.roll(x, shifts, axis=dims)
            return channels_last(out if is_channels_last(out) else channels_last_copy(out))
        x = ctx.xp.ascontiguousarray(x) if x.ndim else x  # (a contiguous output, as PyTorch's)
        return row_major(ctx.xp.roll(x, shifts, axis=dims))

    @staticmethod
    def backward(ctx, m, g):
        return m.roll(g, tuple(-s for s in ctx.shifts), ctx.dims)


@public
def roll(input, shifts, dims=None):
    """Shift elements cyclically by ``shifts`` along ``dims`` (an int or a tuple of each, as many
    shifts as dims); with no ``dims``, along the flattened tensor, keeping the shape."""
    expect_tensor("roll", input)
    shifts = expect_ints("roll", shifts, "shifts", 2)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return Roll.apply(input, shifts, None)
    dims = expect_ints("roll", dims, "dims", 3)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    nd = input._data.ndim
    if nd == 0:
        raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
    return Roll.apply(input, shifts, tuple(_wrap_dim(d, nd) for d in dims))


provide("roll", lambda x, shifts, dims: Roll.apply(x, tuple(shifts), dims),
        lambda xp: lambda x, shifts, dims: xp.roll(x, shifts, axis=dims))


@public
def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``dims``, from the first towards the second."""
    expect_tensor("rot90", input)
    k = expect_int("rot90", k, "k", 2)
    dims = tuple(dims)
    nd = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    first, second = (_wrap_dim(d, nd) for d in dims)
    if first == second:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {first} and dim1 = {second}")
    return one_node("Rot90Backward0", lambda t: _rot90(t, k % 4, first, second), input, linear=True)


def _rot90(input, k, first, second):
    if k == 1:
        return flip(input, second).transpose(first, second)
    if k == 2:
        return flip(input, first, second)
    if k == 3:
        return flip(input, first).transpose(first, second)
    return input.clone()


class Triangle(Op):
    """Keep the lower (tril) or upper (triu) triangle of the last two dims; the gradient is masked alike."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)
    supports_complex = True

    @staticmethod
    def forward(ctx, x, diagonal, upper):
        xp = ctx.xp
        n, k = x.shape[-2:]
        ctx.upper = upper
        ctx.keep = keep = xp.triu(xp.ones((n, k), bool), diagonal) if upper else xp.tril(xp.ones((n, k), bool), diagonal)
        out = xp.where(keep, x, xp.zeros((), x.dtype))  # not x * keep: -x * 0 would print -0.
        return out if out.flags.c_contiguous else xp.ascontiguousarray(out)  # (row-major, as PyTorch's)

    def name(self):
        return "TriuBackward0" if self.upper else "TrilBackward0"

    @staticmethod
    def backward(ctx, m, g):
        return g * m.const(ctx.keep, g)


@public
def tril(input, diagonal=0):
    """The lower triangle (below and on ``diagonal``) of the last two dims; the rest zero."""
    expect_tensor("tril", input)
    diagonal = expect_int("tril", diagonal, "diagonal", 2)
    if input._data.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return Triangle.apply(input, diagonal, False)


@public
def triu(input, diagonal=0):
    """The upper triangle (above and on ``diagonal``) of the last two dims; the rest zero."""
    expect_tensor("triu", input)
    diagonal = expect_int("triu", diagonal, "diagonal", 2)
    if input._data.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return Triangle.apply(input, diagonal, True)
