"""Index arithmetic: tril_indices, triu_indices (the coordinates of a triangle, row by row) and
unravel_index (flat indices as coordinates in a shape)."""
import numpy as _np  # host-side construction of the triangles, as the other factories

from .. import dtypes as _dt
from .._errors import check_storage_size, raise_for_allocation
from ..creation import _finish
from ..creation._args import _int_arg, check_pin_memory
from ..device import to_device
from ..tensor import Tensor, wrap
from ._api import public


def _triangle(name, row, col, offset, dtype, device, lower):
    row, col, offset = (_int_arg(name, arg, k + 1, v) for k, (arg, v) in enumerate(
        (("row", row), ("col", col), ("offset", offset))))
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    if dt is not _dt.int64 and dt is not _dt.int32:  # (PyTorch's CPU kernel has these two alone)
        raise NotImplementedError(f"\"{name}\" not implemented for '{dt._torch_name[:-6]}'")
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    count = _lower_count(row, col, offset) if lower else row * col - _lower_count(row, col, offset - 1)
    check_storage_size((2, count), dt.itemsize)
    try:  # (PyTorch's RuntimeError where the memory runs out: the result first, as PyTorch allocates it)
        _np.empty((2, count), dt.np)
        rows, cols = (_np.tril_indices if lower else _np.triu_indices)(row, offset, col)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(_np.stack([rows, cols]).astype(dt.np).reshape(2, -1), to_device(device), False)


def _lower_count(row, col, offset):
    """How many elements of a ``row`` x ``col`` matrix lie on or below diagonal ``offset``: row ``i``
    holds ``i + offset + 1`` of them, clamped to [0, col] (summed in closed form: no loop over rows)."""
    a = offset + 1
    first = min(max(1 - a, 0), row)  # the first row holding any
    full = max(min(max(col - a, 0), row), first)  # the first row holding all ``col``
    return (full - first) * (first + full - 1 + 2 * a) // 2 + col * (row - full)


@public(method=False)
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None, pin_memory=False):
    """The (2, N) coordinates of the lower triangle (on and below diagonal ``offset``) of a
    ``row`` x ``col`` matrix, row by row."""
    check_pin_memory(pin_memory)
    return _triangle("tril_indices", row, col, offset, dtype, device, True)


@public(method=False)
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None, pin_memory=False):
    """The (2, N) coordinates of the upper triangle (on and above diagonal ``offset``) of a
    ``row`` x ``col`` matrix, row by row."""
    check_pin_memory(pin_memory)
    return _triangle("triu_indices", row, col, offset, dtype, device, False)


@public(method=False)
def unravel_index(indices, shape):
    """The coordinates in ``shape`` of the flat ``indices``, as a tuple of int64 tensors (one per
    dim of ``shape``); as PyTorch's, indices out of range wrap around."""
    if not isinstance(indices, Tensor):
        raise AttributeError(f"'{type(indices).__name__}' object has no attribute 'is_complex'")
    if indices._data.dtype.kind not in "iu":
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if any(n < 0 for n in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    steps, step = [], 1
    for n in reversed(shape[1:] + (1,)):  # (PyTorch's: one step more than dims for an empty shape)
        step *= n
        steps.append(step)
    xp = indices._device._get_backend().xp
    steps = wrap(xp.asarray(steps[::-1], _dt.int64.np), indices._device)
    sizes = wrap(xp.asarray(shape, _dt.int64.np), indices._device)
    # (PyTorch's composition: the coordinates are views of one tensor laid out as the indices are)
    return (indices.unsqueeze(-1).floor_divide(steps) % sizes).unbind(-1)
