"""Histograms with their bin edges: histogram (1-D) and histogramdd (of D-dimensional points), as
PyTorch's: equal bins between the data's extremes (or ``range``) or given edges, each value in the bin
whose edges hold it (the last bin holds its right edge too, values outside and NaN are left out),
optionally weighted, optionally a density. Not differentiable: where an input requires grad, the results
carry PyTorch's ``NotImplemented`` node, whose backward raises."""
import math
from fractions import Fraction

from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import Tensor, wrap
from ._api import public
from ._util import expect_tensor
from .multi_output import _result

HistogramResult = _result("histogram", ["hist", "bin_edges"])
HistogramddResult = _result("histogramdd", ["hist", "bin_edges"])


def _edges(name, coords, d, bins, lo_hi, dtype, device):
    """The edges of dim d: the given 1-D tensor, or bins + 1 equal steps over ``lo_hi`` (the data's range)."""
    if isinstance(bins, Tensor):
        if bins.ndim != 1:
            raise RuntimeError(f"torch.histogramdd: bins tensor should have one dimension, but got {bins.ndim} "
                               f"dimensions in the bins tensor for dimension {d}")
        if bins.shape[0] < 2:
            raise RuntimeError(f"{name}: bins must be > 0, but got {bins.shape[0] - 1} for dimension {d}")
        return bins
    if bins <= 0:
        raise RuntimeError(f"{name}: bins must be > 0, but got {bins} for dimension {d}")
    if lo_hi is None:
        column = coords[:, d]
        lo_hi = (float(column.min().item()), float(column.max().item())) if column.size else (0.0, 1.0)
    lo, hi = lo_hi
    if lo > hi:
        raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {lo:g} max {hi:g} for "
                           f"dimension {d}")
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histogramdd: dimension {d}'s range [{lo:g}, {hi:g}] is not finite")
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return _equal_steps(lo, hi, bins, dtype, device)


def _equal_steps(lo, hi, bins, dtype, device):
    """The bins + 1 edges as PyTorch's CPU linspace computes them: start + i step in the first half and
    end - (bins - i) step in the second, each with one rounding (a fused multiply-add, emulated exactly
    with fractions), so that values on an edge fall in the same bin."""
    real = dtype.np.type
    start, end = real(lo), real(hi)
    step = (end - start) / real(bins)
    half = (bins + 1) // 2
    edges = [Fraction(float(start)) + Fraction(float(step)) * i if i < half else
             Fraction(float(end)) - Fraction(float(step)) * (bins - i) for i in range(bins + 1)]
    xp = device._get_backend().xp
    return wrap(xp.asarray([real(float(e)) for e in edges], dtype=dtype.np), device)


def _histogramdd(name, input, bins, range, weight, density):
    """(hist, [edges per dim]) of the points in input's last dim."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if input.ndim < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    D = input.shape[-1]
    xp = input._device._get_backend().xp
    coords = input._data.reshape((-1, D))
    if weight is not None:
        if weight.dtype != input.dtype:
            raise RuntimeError(f"torch.histogramdd: if weight tensor is provided, input tensor and weight tensor "
                               f"should have the same dtype, but got input({_c(input)}), "
                               f"and weight({_c(weight)})")
        if tuple(weight.shape) != tuple(input.shape[:-1]):
            raise RuntimeError(f"torch.histogramdd: if weight tensor is provided it should have the same shape as "
                               f"the input tensor excluding its innermost dimension, but got input with shape "
                               f"{list(input.shape)} and weight with shape {list(weight.shape)}")
    if isinstance(bins, int) or isinstance(bins, Tensor):
        bins = [bins] * D
    if len(bins) != D:
        raise RuntimeError(f"torch.histogramdd: expected {D} sequences of bin edges for each of the {D} dimensions "
                           f"of the input tensor, but got {len(bins)} sequences of bin edges")
    if range is not None and len(range) != 2 * D:
        raise RuntimeError(f"torch.histogramdd: for a {D}-dimensional histogram range should have {2 * D} elements, "
                           f"but got {len(range)}")
    edges = [_edges(name, coords, d, b, None if range is None else (float(range[2 * d]), float(range[2 * d + 1])),
                    input.dtype, input._device) for d, b in enumerate(bins)]
    counts = [e.shape[0] - 1 for e in edges]
    flat = xp.zeros(coords.shape[0], dtype=_dt.int64.np)
    keep = xp.ones(coords.shape[0], dtype=bool)
    for d, e in enumerate(edges):
        e, x = e._data, coords[:, d]
        keep &= (x >= e[0]) & (x <= e[-1])  # (NaN is not)
        pos = xp.searchsorted(e, x, side="right") - 1
        pos = xp.where(pos == e.shape[0] - 1, pos - 1, pos)  # the right edge belongs to the last bin
        flat = flat * counts[d] + xp.clip(pos, 0, counts[d] - 1)
    w = xp.ones(coords.shape[0], input._data.dtype) if weight is None else weight._data.reshape(-1)
    total = math.prod(counts)
    hist = xp.bincount(flat[keep], weights=w[keep], minlength=total)[:total].astype(input._data.dtype)
    hist = hist.reshape(tuple(counts))
    if density:
        hist = hist / hist.sum()
        for d, e in enumerate(edges):
            shape = [1] * D
            shape[d] = -1
            hist = hist / (e._data[1:] - e._data[:-1]).reshape(shape)
    return wrap(xp.ascontiguousarray(hist).astype(input._data.dtype), input._device), edges


class _NotDifferentiable(Op):
    """A histogram's result where an input requires grad: PyTorch's ``NotImplemented`` node over the
    inputs, whose backward raises naming PyTorch's function (``ctx.function``)."""

    torch_name = "torch::autograd::NotImplemented"
    edge_args = slice(2, None)  # (next_functions: the inputs, not the result and the name)

    @staticmethod
    def forward(ctx, result, function, *inputs):
        ctx.function = function
        return result

    @staticmethod
    def backward(ctx, m, g):
        raise RuntimeError(f"derivative for {ctx.function} is not implemented")


def _recorded(result, function, inputs):
    """``result`` as PyTorch returns it: with a ``NotImplemented`` node naming ``function`` over the
    Tensors among ``inputs`` that require grad, if any, else as it is."""
    inputs = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    if not inputs:
        return result
    return _NotDifferentiable.apply(result._data, function, *inputs)


def _c(t):
    """A dtype as PyTorch's C++ messages print it (float, double)."""
    return {"float32": "float", "float64": "double"}.get(t.dtype.name, t.dtype.name)


@public("histogram")
def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """(hist, bin_edges) of the values of ``input``: ``bins`` equal bins over ``range`` (the data's extremes
    by default) or the given edges; ``weight`` (shaped like input) weights each value, ``density`` divides
    by the total and the bins' widths."""
    expect_tensor("histogram", input)
    hist, edges = _histogramdd("torch.histogram()", input.reshape(-1, 1), bins, range,
                               None if weight is None else weight.reshape(-1), density)
    edges = edges[0]
    if edges is bins:  # (given edges come back as a new tensor)
        edges = wrap(edges._data.copy(), edges._device)
    hist = _recorded(hist.reshape(-1), "aten::histogram", (input, bins, weight))
    if hist._node is not None:  # (both results are outputs of that one node)
        edges = wrap(edges._data, edges._device, hist._node)
    return HistogramResult(hist, edges)


@public("histogramdd", method=False)
def histogramdd(input, bins, range=None, weight=None, density=False):
    """(hist, bin_edges) of the points in the last dim of ``input`` (D coordinates each): ``bins`` an int,
    one per dim, or one edges tensor per dim; ``range`` (min, max) per dim, flat."""
    expect_tensor("histogramdd", input)
    hist, edges = _histogramdd("torch.histogramdd()", input, bins, range, weight, density)
    if isinstance(bins, (int, Tensor)):
        bins = [bins]
    if isinstance(bins[0], Tensor):  # (the edges are the given tensors)
        hist = _recorded(hist, "aten::_histogramdd_from_bin_tensors", (input, *bins, weight))
    else:
        hist = _recorded(hist, "aten::_histogramdd_from_bin_cts", (input, weight))
        edges = [_recorded(e, "aten::_histogramdd_bin_edges", (input, weight)) for e in edges]
    return HistogramddResult(hist, tuple(edges))
