"""Searching and counting (none differentiable): searchsorted, bucketize, histc, isin,
unique_consecutive; nonzero, nonzero_static, argwhere, bincount and unique.

searchsorted runs PyTorch's binary search itself, for all values at once (one whole-array
step per halving), so that it returns PyTorch's positions also where the sequence is not
sorted or holds NaN (NumPy's search sorts NaN differently).
"""
import math
import numbers

import numpy as _np  # (only to recognise NumPy numbers)

from .. import dtypes as _dt
from .._errors import check_storage_size, raise_for_allocation
from ..autograd.op import Op
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_bool, expect_int, expect_number, expect_tensor
from ._operands import scalar_tensor_like


def _binary_search(xp, boundaries, values, right, sorter):
    """For each value (rows of ``values`` beside rows of ``boundaries``, last dim searched), the
    first position whose boundary is > (``right``) or >= the value, by PyTorch's halving steps."""
    n = boundaries.shape[-1]
    start = xp.zeros(values.shape, _dt.int64.np)
    end = xp.full(values.shape, n, _dt.int64.np)
    for _ in range(n.bit_length()):
        mid = (start + end) // 2
        picked = xp.minimum(mid, n - 1) if n else mid
        if sorter is not None:
            picked = xp.take_along_axis(sorter, picked, axis=-1)
        at_mid = xp.take_along_axis(boundaries, picked, axis=-1)
        go_right = ~(at_mid > values) if right else ~(at_mid >= values)
        active = start < end
        start = xp.where(active & go_right, mid + 1, start)
        end = xp.where(active & ~go_right, mid, end)
    return start


@public(method=False)
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """Where each value of ``input`` would be inserted into the innermost dim of
    ``sorted_sequence`` to keep it sorted: the first position with a boundary >= the value, or >
    it when ``right`` (or ``side="right"``); ``sorter`` sorts an unsorted sequence by index."""
    expect_tensor("searchsorted", sorted_sequence, "sorted_sequence", 1)
    expect_bool("searchsorted", out_int32, "out_int32")
    expect_bool("searchsorted", right, "right")
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of "
                               "left while right was True")
        right = side == "right"
    if sorted_sequence._data.dtype.kind == "b" and (isinstance(input, bool) or (
            isinstance(input, Tensor) and input._data.dtype.kind == "b")):  # (no bool kernel: the common dtype)
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    scalar = not isinstance(input, Tensor)
    if scalar:
        if not isinstance(input, numbers.Number):
            raise TypeError(f"searchsorted(): argument 'input' must be Tensor or Number, not {type(input).__name__}")
        input = scalar_tensor_like(sorted_sequence, input)
    seq, values = sorted_sequence._data, input._data
    if seq.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if seq.ndim > 1 and (values.ndim != seq.ndim or values.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           f"dimensions of boundaries tensor and input value tensor must match, but we got "
                           f"boundaries tensor {list(seq.shape)} and input value tensor {list(values.shape)}")
    if sorter is not None:
        expect_tensor("searchsorted", sorter, "sorter", 5)
        if sorter._data.dtype != _dt.int64.np:
            raise RuntimeError("torch.searchsorted(): sorter must be a tensor of long dtype but got "
                               f"{sorter.dtype._torch_name[:-6]}")
        if sorter._data.shape != seq.shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got "
                               f"boundary tensor {list(seq.shape)}and got sorter tensor {list(sorter._data.shape)}")
        if sorter._data.size and (sorter._data.min().item() < 0 or sorter._data.max().item() >= seq.shape[-1]):
            raise RuntimeError("torch.searchsorted(): sorter index out of range")
    if seq.dtype != values.dtype:  # compared in the promoted dtype
        common = _dt.result_type(sorted_sequence, input).np
        seq, values = seq.astype(common, copy=False), values.astype(common, copy=False)
    xp = sorted_sequence._device._get_backend().xp
    if seq.ndim == 1:  # one sequence for every value: the values as one row
        flat = values.reshape(1, -1)
        order = None if sorter is None else sorter._data.reshape(1, -1)
        out = _binary_search(xp, seq.reshape(1, -1), flat, right, order).reshape(values.shape)
    else:
        out = _binary_search(xp, seq, values, right, None if sorter is None else sorter._data)
    return wrap(out.astype(_dt.int32.np if out_int32 else _dt.int64.np), sorted_sequence._device)


@public(method=False)
def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value of ``input`` among the 1-D ``boundaries``: the first boundary >= the
    value (> it when ``right``)."""
    expect_tensor("bucketize", boundaries, "boundaries", 2)
    expect_bool("bucketize", out_int32, "out_int32")
    expect_bool("bucketize", right, "right")
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def _as_cpp(x):
    """A float as C++'s ostream writes a double into PyTorch's messages: six significant digits,
    ``inf`` and ``nan`` with their signs."""
    if x != x:
        return "-nan" if math.copysign(1.0, x) < 0 else "nan"
    return f"{x:g}"


@public
def histc(input, bins=100, min=0, max=0):
    """The histogram of ``input`` in ``bins`` equal bins between ``min`` and ``max`` (the data's
    own range when they are equal); values outside are left out, the last bin holds ``max``."""
    expect_tensor("histc", input)
    bins = expect_int("histc", bins, "bins", 2)
    data = input._data
    if data.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")  # (PyTorch names its histogram kernel)
    lo, hi = float(expect_number("histc", min, "min", 3)), float(expect_number("histc", max, "max", 4))
    if lo == hi and data.size:
        lo, hi = float(data.min().item()), float(data.max().item())
        if data.size > 1 and (lo != lo or hi != hi):
            lo = hi = -float("nan")  # (PyTorch's CPU min/max of several values with a NaN: the default NaN)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo != lo or hi != hi or abs(lo) == float("inf") or abs(hi) == float("inf"):
        raise RuntimeError(f"torch.histc: range of [{_as_cpp(lo)}, {_as_cpp(hi)}] is not finite")
    if not lo < hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    xp = input._device._get_backend().xp
    left, right = xp.asarray(lo, data.dtype), xp.asarray(hi, data.dtype)  # the edges in the input's dtype
    flat = data.reshape(-1)
    inside = (flat >= left) & (flat <= right)  # (NaN is not)
    kept = flat[inside]
    # PyTorch's bin: the offset scaled by bins / width, truncated, in the input's dtype
    pos = ((kept - left) * xp.asarray(bins, data.dtype) / (right - left)).astype(_dt.int64.np)
    pos = xp.minimum(pos, bins - 1)  # the right edge falls in the last bin
    check_storage_size((bins + 1,), data.dtype.itemsize)  # (PyTorch's edges: one more than the bins)
    try:
        return wrap(xp.bincount(pos, minlength=bins).astype(data.dtype), input._device)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)


@public(method=False)
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """True where an element of ``elements`` occurs in ``test_elements`` (either may be a number);
    ``invert`` gives the opposite."""
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise TypeError("isin() received an invalid combination of arguments: elements or test_elements must "
                        "be a Tensor")
    for value in (elements, test_elements):
        if not isinstance(value, (Tensor, numbers.Number, _np.generic)):
            raise TypeError(f"isin() received an invalid combination of arguments - got {type(value).__name__}: "
                            "elements and test_elements must each be a Tensor or a number")
    like = elements if isinstance(elements, Tensor) else test_elements
    if any(isinstance(v, Tensor) and v._data.dtype.kind == "b" for v in (elements, test_elements)):
        raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    xp = like._device._get_backend().xp
    e = elements._data if isinstance(elements, Tensor) else xp.asarray(elements)
    t = test_elements._data if isinstance(test_elements, Tensor) else xp.asarray(test_elements)
    if isinstance(elements, Tensor) and isinstance(test_elements, Tensor):
        common = _dt.result_type(elements, test_elements).np
        e, t = e.astype(common, copy=False), t.astype(common, copy=False)
    found = (e.reshape(-1, 1) == t.reshape(1, -1)).any(axis=1) if t.size <= 64 else \
        xp.isin(e.reshape(-1), t.reshape(-1))  # (NaN is in nothing, either way)
    found = found.reshape(e.shape)
    return wrap(~found if invert else found, like._device)


class UniqueValues(Op):
    """The values of unique or unique_consecutive (computed beforehand): in the graph, as PyTorch's,
    under PyTorch's node ``node`` but with no derivative (``aten``: the name its error gives)."""

    def name(self):
        return self.node_name

    @staticmethod
    def forward(ctx, x, values, node, aten):
        ctx.node_name, ctx.aten = node, aten
        return values

    @staticmethod
    def backward(ctx, m, g):
        raise NotImplementedError(f"the derivative for '{ctx.aten}' is not implemented.")


def _unique_dim(data, dim):
    """The dim ``unique``/``unique_consecutive`` take slices along, with PyTorch's errors: none for a
    0-d tensor, and an empty tensor's only zero-size dim must be that one."""
    if data.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = _wrap_dim(dim, data.ndim)
    if sum(n == 0 for n in data.shape) > 1:
        raise RuntimeError("Number of zero sized dimensions is more than one, so unique cannot be applied ")
    if data.size == 0 and data.shape[d] != 0:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
    return d


@public
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """The first element of every run of equal consecutive elements (or slices along ``dim``),
    with, optionally, each element's run number (``return_inverse``) and the runs' lengths."""
    expect_tensor("unique_consecutive", input)
    xp = input._device._get_backend().xp
    data = input._data
    if dim is None:
        rows = data.reshape(-1, 1)
    else:
        d = _unique_dim(data, dim)
        moved = xp.moveaxis(data, d, 0)
        rows = moved.reshape(moved.shape[0], moved[:1].size)
    n = rows.shape[0]
    starts = xp.ones(n, bool)
    if n > 1:
        starts[1:] = (rows[1:] != rows[:-1]).any(axis=1) if rows.shape[1] else False
    first = xp.flatnonzero(starts)
    if dim is None:
        values = data.reshape(-1)[first]
    else:
        values = xp.take(data, first, axis=d)
    out = [UniqueValues.apply(input, values, "UniqueConsecutiveBackward0", "unique_consecutive")]
    if return_inverse:
        inverse = xp.cumsum(starts).astype(_dt.int64.np) - 1
        out.append(wrap(inverse.reshape(data.shape) if dim is None else inverse, input._device))
    if return_counts:
        ends = xp.concatenate([first[1:], xp.asarray([n], first.dtype)]) if first.size else first
        out.append(wrap((ends - first).astype(_dt.int64.np), input._device))
    return out[0] if len(out) == 1 else tuple(out)


@public
def nonzero(input, *, as_tuple=False):
    """Indices of nonzero elements: an (n, ndim) int64 tensor, or a tuple of 1-D index tensors."""
    expect_tensor("nonzero", input)
    if as_tuple.__class__ is not bool:
        raise TypeError(f"nonzero(): argument 'as_tuple' must be bool, not {type(as_tuple).__name__}")
    xp = input._device._get_backend().xp
    data = input._data
    if data.ndim == 0:  # PyTorch treats a 0-d tensor as one element with no coordinates
        n = int((data != 0).item())
        if as_tuple:
            return (wrap(xp.zeros(n, _dt.int64.np), input._device),)
        return wrap(xp.zeros((n, 0), _dt.int64.np), input._device)
    nz = xp.nonzero(data)
    if as_tuple:
        return tuple(wrap(a.astype(_dt.int64.np), input._device) for a in nz)
    found = xp.stack(nz).astype(_dt.int64.np).T  # column-major, as PyTorch lays it out
    if not found.size:  # (and none found: PyTorch's strides (1, 0), where NumPy's are zeros)
        found = xp.lib.stride_tricks.as_strided(found, found.shape, (found.itemsize, 0))
    return wrap(found, input._device)


@public
def nonzero_static(input, *, size, fill_value=-1):
    """nonzero's (n, ndim) indices cut to ``size`` rows, or padded to ``size`` rows of ``fill_value``."""
    expect_tensor("nonzero_static", input)
    if not isinstance(size, int) or isinstance(size, bool):
        raise TypeError(f"nonzero_static(): argument 'size' must be int, not {type(size).__name__}")
    if size < 0:
        raise RuntimeError(f"nonzero_static: 'size' must be an non-negative integer, but got {size}")
    xp = input._device._get_backend().xp
    found = nonzero(input)._data[:size]
    out = xp.full((size, input._data.ndim), fill_value, dtype=_dt.int64.np)
    out[:found.shape[0]] = found
    return wrap(out, input._device)


@public
def argwhere(input):
    """Same as nonzero(input)."""
    expect_tensor("argwhere", input)
    return nonzero(input)


@public
def bincount(input, weights=None, minlength=0):
    """How often each value 0, 1, ..., max(input) occurs in the 1-D non-negative integer ``input``
    (at least ``minlength`` bins), or the sums of ``weights`` per value; not differentiable."""
    expect_tensor("bincount", input)
    minlength = expect_int("bincount", minlength, "minlength", 3)
    data = input._data
    if data.dtype.kind in "fb":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if data.ndim != 1 or data.dtype.kind not in "iub" or (data.size and data.min().item() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    xp = input._device._get_backend().xp
    if weights is None:
        return wrap(_counted(xp, data, None, minlength, 8).astype(_dt.int64.np), input._device)
    expect_tensor("bincount", weights, "weights", 2)
    if weights._data.ndim != 1 or weights._data.shape[0] != data.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    out_dtype = weights._data.dtype if weights._data.dtype.kind == "f" else _dt.float64.np
    return wrap(_counted(xp, data, weights._data, minlength, out_dtype.itemsize).astype(out_dtype), input._device)


def _counted(xp, data, weights, minlength, itemsize):
    """NumPy's bincount of ``data`` (non-negative), its bins checked first as PyTorch allocates them
    (``itemsize`` bytes each): a count beyond an int64's or the memory's is its RuntimeError."""
    check_storage_size((max(int(data.max()) + 1 if data.size else 0, minlength),), itemsize)
    try:
        return xp.bincount(data, weights, minlength=minlength)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)


@public
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The unique elements (sorted), optionally with inverse indices and counts."""
    expect_tensor("unique", input)
    for position, (name, flag) in enumerate((("sorted", sorted), ("return_inverse", return_inverse),
                                             ("return_counts", return_counts)), 2):
        expect_bool("unique", flag, name, position)
    xp = input._device._get_backend().xp
    if dim is None:
        # (each NaN its own value, as PyTorch's: NumPy's unique merges them by default)
        nans = {"equal_nan": False} if input._data.dtype.kind in "fc" else {}
        res = xp.unique(input._data.reshape(-1), return_inverse=return_inverse, return_counts=return_counts, **nans)
    else:
        res = xp.unique(input._data, axis=_unique_dim(input._data, dim), return_inverse=return_inverse,
                        return_counts=return_counts)
    # the values are in the graph, as PyTorch's, with no derivative
    node, aten = ("Unique2Backward0", "_unique2") if dim is None else ("UniqueDimBackward0", "unique_dim")
    if not isinstance(res, tuple):
        return UniqueValues.apply(input, res, node, aten)
    out = [UniqueValues.apply(input, res[0], node, aten)]
    k = 1
    if return_inverse:
        inv = res[k].astype(_dt.int64.np)
        out.append(wrap(inv.reshape(input._data.shape) if dim is None else inv.reshape(-1), input._device))
        k += 1
    if return_counts:
        out.append(wrap(res[k].astype(_dt.int64.np), input._device))
    return tuple(out)
