"""segment_reduce: a reduction over consecutive segments of one axis, given their lengths or offsets.

Each segment is reduced with the core reductions (so the gradients are theirs: ties of max/min split
evenly, prod exact at zeros); ``initial`` joins every segment's reduction (added, multiplied or
compared; mean divides by the segment's length only) and is the value of an empty segment, whose
default is 0 for sum, 1 for prod, NaN for mean, -inf for max and inf for min, as PyTorch's.
"""
import itertools
import math

from ..autograd.op import Op
from ..tensor import Tensor
from ._api import function
from ._util import expect_tensor
from .join import stack
from .reduce import prod, sum as _sum
from .selection import where

_REDUCTIONS = ("sum", "prod", "mean", "max", "min")
_EMPTY = {"sum": 0.0, "prod": 1.0, "mean": math.nan, "max": -math.inf, "min": math.inf}


class SegmentExtreme(Op):
    """max (or min) over dim 0 of one segment. The gradient goes to the elements equal to the result (or
    NaN); PyTorch's kernel divides it among ties only where it is positive (a negative upstream
    gradient reaches every tied element whole), and so does this."""

    saves = (True,)
    saves_output = True
    torch_name = "SegmentReduceBackward0"

    @staticmethod
    def forward(ctx, x, is_max):
        return x.max(axis=0) if is_max else x.min(axis=0)

    @staticmethod
    def backward(ctx, m, g, x, is_max, y):
        picked = (x == m.unsqueeze(y, 0)) | (x != x)
        count = m.sum(m.cast(picked, g.dtype), 0, keepdim=True)
        gx = m.masked(picked, m.broadcast_to(m.unsqueeze(g, 0), tuple(x.shape)))
        return m.where((gx > m.scalar(0, gx)) & (count > m.scalar(1, count)), gx / count, gx)


def _reduce_segment(piece, reduce, initial):
    """One segment (along dim 0 of ``piece``, non-empty) reduced, with ``initial`` joined."""
    if reduce in ("sum", "mean"):
        out = _sum(piece, 0)
        if initial is not None:
            out = out + initial
        return out / piece.shape[0] if reduce == "mean" else out
    if reduce == "prod":
        out = prod(piece, 0)
        return out if initial is None else out * initial
    out = SegmentExtreme.apply(piece, reduce == "max")
    if initial is None:
        return out
    # where, not maximum: a segment tied with initial keeps its whole gradient (PyTorch's)
    return where(out >= initial if reduce == "max" else out <= initial, out, initial)


def _segments(data, lengths, reduce, initial, unsafe):
    """data's segments along dim 0 of the given lengths, each reduced, stacked."""
    empty = _EMPTY[reduce] if initial is None else initial
    size, start, parts = data.shape[0], 0, []
    for n in lengths:
        n = min(n, size - start) if unsafe else n
        if n <= 0:
            parts.append(data.new_full(tuple(data.shape[1:]), empty))
        else:
            parts.append(_reduce_segment(data[start:start + n], reduce, initial))
        start += max(n, 0)
    if not parts:
        return data.new_zeros((0,) + tuple(data.shape[1:]))
    return stack(parts, 0)


def segment_reduce(data, reduce, *, lengths=None, indices=None, offsets=None, axis=0, unsafe=False, initial=None):
    """Reduce ``data`` over consecutive segments along ``axis`` (``reduce``: "sum", "prod", "mean", "max"
    or "min"), the segments given by ``lengths`` or by ``offsets`` (their starts, then the end); lengths of
    more than one dim hold one row of segments per index of data's leading dims (``axis`` is lengths' last)."""
    expect_tensor("segment_reduce", data)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    if indices is not None:
        raise RuntimeError("segment_reduce(): indices based reduction is not supported yet.")
    if lengths is None and offsets is None:
        raise RuntimeError("segment_reduce(): Either lengths or offsets must be defined.")
    if not data.dtype.is_floating_point:
        raise NotImplementedError(f"\"_segment_reduce_cpu\" not implemented for '{data.dtype._torch_name[:-6]}'")
    if lengths is None:
        lengths = offsets[..., 1:] - offsets[..., :-1]
    if not isinstance(lengths, Tensor):
        raise TypeError(f"segment_reduce(): argument 'lengths' must be Tensor, not {type(lengths).__name__}")
    if bool((lengths < 0).any()):
        raise RuntimeError("lengths contains negative value!")
    lead = lengths.ndim - 1
    if axis != lead:
        raise RuntimeError(f"segment_reduce(): Expected axis to be the last dimension of lengths but got {axis}.")
    if not unsafe and bool((lengths.sum(-1) != data.shape[lead]).any()):
        raise RuntimeError("segment_reduce(): Expected all rows of lengths along axis to sum to "
                           "data.size(lengths.dim()-1) when !unsafe.")
    if lead == 0:
        return _segments(data, lengths.tolist(), reduce, initial, unsafe)
    # one row of segments per index of the leading dims
    rows = [_segments(data[index], lengths[index].tolist(), reduce, initial, unsafe)
            for index in itertools.product(*(range(s) for s in lengths.shape[:lead]))]
    return stack(rows, 0).reshape(tuple(lengths.shape[:lead]) + tuple(rows[0].shape))


function("segment_reduce", segment_reduce)
function("_segment_reduce", segment_reduce)
