"""Order statistics: kthvalue, mode, msort, nanmedian, quantile/nanquantile, aminmax.

Selections along a dim (kthvalue, mode, nanmedian(dim)) send the gradient to the index they
return; whole-tensor ones (nanmedian(), aminmax) split it evenly among the tied elements, as
PyTorch's. Among equal values the index is the one PyTorch's CPU kernels pick (``kernels.introsort``;
on a device, a stable sort's), NaN counting as the largest value.
quantile is PyTorch's composition: sort, pick the two neighbouring ranks, interpolate (so the
gradient also reaches a ``q`` that requires one).
"""

from .. import dtypes as _dt
from ..autograd.grad_mode import state as _grad_state
from ..creation import full_like
from ..kernels.introsort import mode_index
from ..kernels.quickselect import kthvalue_index
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from . import ties
from ._api import public
from ._util import expect_tensor, expect_int
from ._dims import ALL_DIMS, keepdim_without_dim_error, norm_dims
from .gathering import gather
from ..return_types import named_result
from .order import AllMax, AllMedian, IndexedMax, _return_type, _with_saved_indices, median
from .sorting import sort
from .pointwise import lerp
from .selection import where

KthvalueResult = _return_type("kthvalue")
ModeResult = _return_type("mode")
NanmedianResult = _return_type("nanmedian")


class Selected(IndexedMax):
    """Values picked at indices along a dim (kthvalue, mode, nanmedian(dim)): the gradient goes to
    the index; named after the op that picked them."""

    fields_when_renamed = True  # (PyTorch's nodes of these ops save what max(dim)'s saves)

    def name(self):
        return self.torch_name


def _select(input, dim, keepdim, idx, result, torch_name):
    """(values, indices) of ``input`` at the host-computed ``idx`` (the dim reduced) along ``dim``."""
    values = Selected.apply(input, (dim, keepdim, idx, True))
    if values._node is not None:
        values._node.torch_name = torch_name
    xp = input._device._get_backend().xp
    idx = xp.asarray(idx.astype(_dt.int64.np))  # (a copy, not the node's; an array where NumPy gave a scalar)
    return result(*_with_saved_indices(values, wrap(xp.expand_dims(idx, dim) if keepdim else idx, input._device)))


def _zero_dim(input, result):
    xp = input._device._get_backend().xp
    return result(input.clone(), wrap(xp.zeros((), _dt.int64.np), input._device))


@public
def kthvalue(input, k, dim=-1, keepdim=False):
    """(values, indices) of the k-th smallest element (k from 1) along ``dim``; NaN counts as the
    largest value, equal values in index order."""
    expect_tensor("kthvalue", input)
    k = expect_int("kthvalue", k, "k", 2)
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d] if input._data.ndim else 1
    if n == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if input._data.dtype.kind == "b":
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if input._data.ndim == 0:
        return _zero_dim(input, KthvalueResult)
    backend = input._device._get_backend()
    idx = backend.xp.take(backend.argsort_stable(input._data, d), k - 1, axis=d)
    if ties.on_cpu(backend):  # a k-th value that recurs: the index PyTorch's quickselect picks
        xp = backend.xp
        rows = ties.rows_of(xp, input._data, d)
        needed = ties.count_equal(xp, rows, xp.take_along_axis(rows, xp.reshape(idx, (-1, 1)), axis=-1)) > 1
        idx = ties.replaced(backend, input._data, d, idx, needed, lambda row: kthvalue_index(row, k))
    return _select(input, d, keepdim, idx, KthvalueResult, "KthvalueBackward0")


@public
def mode(input, dim=-1, keepdim=False):
    """(values, indices) of the most frequent value along ``dim``: the smallest of equally frequent
    ones, at the last index holding it (each NaN counts once)."""
    expect_tensor("mode", input)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        return _zero_dim(input, ModeResult)
    if input._data.shape[d] == 0:
        raise IndexError(f"mode(): Expected reduction dim {d} to have non-zero size.")
    backend = input._device._get_backend()
    xp = backend.xp
    order = xp.moveaxis(backend.argsort_stable(input._data, d), d, -1)
    ordered = xp.take_along_axis(xp.moveaxis(input._data, d, -1), order, axis=-1)
    n = ordered.shape[-1]
    positions = xp.arange(n)
    new_run = xp.ones(ordered.shape, bool)
    new_run[..., 1:] = ordered[..., 1:] != ordered[..., :-1]  # (NaN != NaN: each NaN its own run)
    run_end = xp.ones(ordered.shape, bool)
    run_end[..., :-1] = new_run[..., 1:]
    starts = xp.maximum.accumulate(xp.where(new_run, positions, 0), axis=-1)
    lengths = xp.where(run_end, positions - starts + 1, 0)
    best_end = xp.argmax(lengths, axis=-1)[..., None]  # the first longest run: the smallest value
    idx = xp.take_along_axis(order, best_end, axis=-1)[..., 0]  # its last index (the sort is stable)
    if ties.on_cpu(backend):  # equal values or NaN: the index PyTorch's sort by < leaves last
        ordered = ordered.reshape(-1, n)
        needed = ties.equal_neighbours(xp, ordered)
        if ordered.dtype.kind in "fc":
            needed = needed | (ordered != ordered).any(axis=1)
        idx = ties.replaced(backend, input._data, d, idx, needed, mode_index)
    return _select(input, d, keepdim, idx, ModeResult, "ModeBackward0")


@public
def msort(input):
    """``input`` sorted along its first dim (the values of ``sort(input, 0)``)."""
    expect_tensor("msort", input)
    return sort(input, 0).values


class AllNanMedian(AllMedian):
    """nanmedian() of all elements: the lower median of those that are not NaN (NaN if none); the
    gradient is split evenly among the elements equal to it."""

    def name(self):
        return "NanmedianBackward0"

    @staticmethod
    def forward(ctx, x, dims, keepdim, is_max):
        ctx.dims, ctx.keepdim, ctx.is_max = dims, keepdim, is_max
        flat = ctx.xp.sort(x.reshape(-1))  # NaN sorts last
        count = (flat == flat).sum()  # (on the device: no host sync)
        middle = ctx.xp.maximum(count - 1, 0) // 2
        return ctx.xp.take(flat, middle.reshape(1)).reshape(())


@public
def nanmedian(input, dim=ALL_DIMS, keepdim=False):
    """median ignoring NaN: the lower median of the values that are not NaN (NaN where all are),
    of all elements or as (values, indices) along ``dim``."""
    expect_tensor("nanmedian", input)
    if input._data.dtype.kind != "f":
        result = median(input, dim, keepdim)
        return result if dim is ALL_DIMS else NanmedianResult(*result)
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim_error("nanmedian")
        if input._data.size == 0:
            return input.sum() * 0.0 + float("nan")
        return AllNanMedian.apply(input, None, False, True)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        return _zero_dim(input, NanmedianResult)
    if input._data.shape[d] == 0:
        raise IndexError(f"nanmedian(): Expected reduction dim {d} to have non-zero size.")
    backend = input._device._get_backend()
    xp = backend.xp
    order = backend.argsort_stable(input._data, d)  # NaN last
    count = (input._data == input._data).sum(axis=d, keepdims=True)
    middle = xp.maximum(count - 1, 0) // 2
    idx = xp.take_along_axis(order, middle, axis=d).squeeze(d)
    return _select(input, d, keepdim, idx, NanmedianResult, "NanmedianBackward1")


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")
#: the most values PyTorch's quantile reduces over (2 ** 24: ranks exact in float32)
_QUANTILE_MAX_SIZE = 2 ** 24


def _quantile(name, input, q, dim, keepdim, interpolation, ignore_nan):
    """PyTorch's quantile: the sorted values at rank q * (n - 1), interpolated between the two
    neighbouring ranks; ``ignore_nan`` counts only the values that are not NaN."""
    expect_tensor(name, input)
    if input.dtype.name not in ("float32", "float64"):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    xp = input._device._get_backend().xp
    if isinstance(q, Tensor):
        if q._data.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q.dtype is not input.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        scalar_q = q._data.ndim == 0
        q_values = q._data.reshape(-1)
    else:
        scalar_q = True
        q_values = xp.asarray([q], dtype=input._data.dtype)
        q = wrap(q_values.reshape(()), input._device)
    if input._data.size == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    if q_values.size and (bool((q_values < 0).any().item()) or bool((q_values > 1).any().item())):
        raise RuntimeError(f"{name}() q values must be in the range [0, 1]" if isinstance(q, Tensor)
                           and not scalar_q else f"{name}() q must be in the range [0, 1] but got {q.item()}")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    ndim = input._data.ndim
    d = None if dim is None else _wrap_dim(dim, ndim)
    if (input._data.size if d is None else input._data.shape[d] if ndim else 1) > _QUANTILE_MAX_SIZE:
        raise RuntimeError("quantile() input tensor is too large")  # (nanquantile's too)
    # (the order PyTorch's sort gives equal values decides only which of them the gradient reaches: without
    # one, the stable sort gives the same values without replaying it)
    needs_grad = _grad_state.enabled and (input.requires_grad or isinstance(q, Tensor) and q.requires_grad)
    ordered = sort(_quantile_rows(input, d), -1, stable=not needs_grad).values  # NaN last
    ordered = ordered.view(_quantile_shape(input._data.shape, d, keepdim) + (ordered.shape[-1],))
    last = ordered.shape[-1] - 1
    q_row = q.reshape(-1)
    if ignore_nan:  # ranks among the values that are not NaN; rank 0 where all are NaN
        counts = (ordered == ordered).sum(-1, keepdim=True)
        ranks = q_row * (counts - 1)
        ranks = where(ranks < 0, 0.0, ranks)
    else:  # a NaN anywhere: the last rank (a NaN)
        ranks = where(ordered.isnan().any(-1, keepdim=True), float(last), q_row * last)
    ranks = ranks.expand(tuple(ordered.shape[:-1]) + (q_row.shape[0],))
    if interpolation == "lower":
        ranks = ranks.floor()
    elif interpolation == "higher":
        ranks = ranks.ceil()
    elif interpolation == "nearest":
        ranks = ranks.round()
    below = ranks.to(_dt.int64)
    out = gather(ordered, -1, below)
    if interpolation in ("linear", "midpoint"):
        weights = ranks - below.to(ranks.dtype) if interpolation == "linear" else full_like(ranks, 0.5)
        out = lerp(out, gather(ordered, -1, ranks.ceil().to(_dt.int64)), weights)
    # (the quantiles' dim, last, moved first as PyTorch's kernel moves it: in place, one node a step)
    return out.squeeze_(-1) if scalar_q else out.unsqueeze_(0).transpose_(0, -1).squeeze_(-1)


def _quantile_rows(input, d):
    """``input`` with the values each quantile is taken over in its last dim, as PyTorch's quantile
    lays them out before sorting (all of them flattened for ``d`` None)."""
    if d is None:
        return input.flatten()
    if d == input._data.ndim - 1:
        return input
    return input.unsqueeze(-1).transpose(d, -1)


def _quantile_shape(shape, d, keepdim):
    """The shape of one quantile of a tensor of ``shape`` over dim ``d`` (None: all elements)."""
    if d is None:
        return (1,) * len(shape) if keepdim else ()
    if not shape:
        return ()
    return shape[:d] + ((1,) if keepdim else ()) + shape[d + 1:]


@public
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-th quantiles (a number or a 1-D tensor, in [0, 1]) of all elements or along
    ``dim``, interpolated between the neighbouring ranks as ``interpolation`` says (linear, lower,
    higher, midpoint or nearest); NaN where a NaN is present."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False)


@public
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile ignoring NaN: the quantiles of the values that are not NaN (NaN where all are)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True)


AminmaxResult = named_result("aminmax", ["min", "max"])


class Aminmax(AllMax):
    """aminmax's min and max: the gradient is split evenly among the tied extremes."""

    complex_error = (NotImplementedError, "\"aminmax_cpu\" not implemented for '{kind}'")
    saved_fields = {}  # (PyTorch's node saves the dim as given, an int or None, which this one does not keep)

    def name(self):
        return "AminmaxBackward0"


@public
def aminmax(input, *, dim=None, keepdim=False):
    """(min, max) of all elements or along ``dim``; ties split the gradient evenly."""
    expect_tensor("aminmax", input)
    ndim = input._data.ndim
    if dim is None:
        dims = tuple(range(ndim))
        if input._data.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation "
                               "has no identity.")
    else:
        if not isinstance(dim, int):
            raise TypeError(f"aminmax(): argument 'dim' must be int, not {type(dim).__name__}")
        dims = norm_dims(dim, ndim)
        if ndim and input._data.shape[dims[0]] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {dims[0]} to have non-zero size.")
    return AminmaxResult(Aminmax.apply(input, dims, keepdim, False), Aminmax.apply(input, dims, keepdim, True))
