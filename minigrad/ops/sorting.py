"""Sorting: sort, argsort and topk, in the order PyTorch's CPU kernels give: equal values where
its stable sorts and its ``std::sort`` put them (``ops/ties.py``, ``kernels.introsort``), NaN
the largest value. The values are the input gathered at the indices; the gradient is scattered
back to those distinct positions."""
from .. import dtypes as _dt
from .._array_layout import array_strides, with_strides
from ..autograd.node import check_index_guards
from ..kernels.introsort import sort_order, topk_order
from ..tensor import wrap
from .._int_arguments import _wrap_dim
from ._api import public
from . import ties
from ._util import expect_bool, expect_int, expect_tensor
from .layout import preserve_layout
from .gathering import Gather, ScatterDistinct
from ._saved_fields import attribute, in_sizes, tensor
from .order import _return_type, _with_saved_indices
from .pieces import narrow


SortResult = _return_type("sort")
TopkResult = _return_type("topk")


def _stable_order(backend, data, dim, descending):
    """Indices that sort ``data`` along ``dim``, equal values in index order; NaN counts as the
    largest value (last ascending, first descending), as in PyTorch."""
    xp = backend.xp
    if descending:
        # the ascending stable sort of the reversed data, reversed: equal values keep their order
        # and NaN comes first, as in PyTorch (negating the key would move NaN last and fails on bools)
        last = data.shape[dim] - 1
        return last - xp.flip(backend.argsort_stable(xp.flip(data, axis=dim), dim), axis=dim)
    return backend.argsort_stable(data, dim)


#: the shortest row std::sort does not sort by insertion alone (see kernels.introsort)
_INSERTION_SORTED = 16
#: the size from which PyTorch sorts a 1-D integer tensor ascending by radix sort (stable)
_RADIX_SORT_FROM = 32768


def _sort_order(backend, data, dim, descending, stable):
    """Indices that sort ``data`` along ``dim`` as PyTorch's CPU sort orders them: equal values in
    index order where it sorts stably (``stable``, rows of up to 16, its radix sort of large 1-D
    integer tensors), else in its ``std::sort``'s order (``kernels.introsort``, for the rows that
    hold equal values: ``ops/ties.py``; a device's sort keeps index order)."""
    order = _stable_order(backend, data, dim, descending)
    n = data.shape[dim]
    if (stable or n <= _INSERTION_SORTED or not ties.on_cpu(backend)
            or data.ndim == 1 and not descending and data.dtype.kind in "iu" and data.size >= _RADIX_SORT_FROM):
        return order
    xp = backend.xp
    needed = ties.equal_neighbours(xp, xp.take_along_axis(ties.rows_of(xp, data, dim), ties.rows_of(xp, order, dim),
                                                          axis=-1))
    how = "descending" if descending else "ascending"
    return ties.replaced(backend, data, dim, order, needed, lambda row: sort_order(row, how))


class Sorted(Gather):
    """sort's and topk's values: the input gathered at the order's indices (gradient scattered back
    to those distinct positions), laid out as the indices."""

    saved_fields = {"dim": attribute("dim"), "indices": tensor(attribute("index")), "self_sym_sizes": in_sizes}
    fields_when_renamed = True  # (named SortBackward0 or TopkBackward0 at the call)
    index_guards = ()  # the indices returned beside the values (see ``order._with_saved_indices``)

    @staticmethod
    def forward(ctx, x, dim, index):
        out = Gather.forward(ctx, x, dim, index)
        if index.flags.c_contiguous and 1 not in index.shape:
            return out
        return with_strides(ctx.xp, out, array_strides(index))

    def name(self):
        return self.torch_name

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        return m.op(ScatterDistinct, g, ctx.in_shape, ctx.dim, ctx.index)


@public
def sort(input, dim=-1, descending=False, stable=False):
    """(values, indices) sorted along ``dim``."""
    expect_tensor("sort", input)
    if stable is None:  # (PyTorch's stable is an optional bool: None is not stable)
        stable = False
    if descending.__class__ is not bool or stable.__class__ is not bool:
        expect_bool("sort", descending, "descending", 3)
        expect_bool("sort", stable, "stable", 4)
    backend = input._device._get_backend()
    xp = backend.xp
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.dtype.kind == "c":
        raise RuntimeError(" Sort does not support complex dtypes on CPU")  # (PyTorch's leading space)
    if input._data.ndim == 0:
        return SortResult(input.clone(), wrap(xp.zeros((), _dt.int64.np), input._device))
    idx = _sort_order(backend, input._data, d, descending, stable).astype(_dt.int64.np)
    idx = preserve_layout(input._data, idx)  # (PyTorch lays both results out as empty_like(input))
    return SortResult(*_with_saved_indices(_sorted(input, d, idx, "SortBackward0"), wrap(idx, input._device)))


def _sorted(input, dim, idx, torch_name):
    """The values of ``input`` at ``idx`` along ``dim``, recorded under PyTorch's node name."""
    out = Sorted.apply(input, dim, idx)
    if out._node is not None:
        out._node.torch_name = torch_name
    return out


@public
def argsort(input, dim=-1, descending=False, stable=False):
    """Indices that sort ``input`` along ``dim``."""
    expect_tensor("argsort", input)
    expect_bool("argsort", descending, "descending", 3)
    expect_bool("argsort", stable, "stable")
    return sort(input, dim, descending, stable).indices


@public
def topk(input, k, dim=-1, largest=True, sorted=True):
    """(values, indices) of the k largest (or smallest) elements along ``dim``, NaN largest, sorted,
    equal values in the order PyTorch's CPU topk leaves them (``_as_cpu_topk``). With ``sorted``
    False, PyTorch leaves the order open: these are the same elements, still sorted."""
    expect_tensor("topk", input)
    k = expect_int("topk", k, "k", 2)
    if largest.__class__ is not bool or sorted.__class__ is not bool:
        expect_bool("topk", largest, "largest", 4)
        expect_bool("topk", sorted, "sorted", 5)
    if input._data.ndim == 0:  # a 0-d tensor holds one element along its one implicit dim
        _wrap_dim(dim, 0)
        if k not in (0, 1):
            raise RuntimeError("selected index k out of range")
        return TopkResult(*sort(input))
    d = _wrap_dim(dim, input._data.ndim)
    if not 0 <= k <= input._data.shape[d]:
        raise RuntimeError("selected index k out of range")
    kind = input._data.dtype.kind
    if kind in "bc":
        raise RuntimeError(f"topk does not support {'bool' if kind == 'b' else 'complex'} dtypes on CPU")
    if kind not in "iuf":
        values, indices = sort(input, dim, descending=largest)
        return TopkResult(narrow(values, d, 0, k), narrow(indices, d, 0, k))
    backend = input._device._get_backend()
    idx = _top_indices(backend, input._data, k, d, largest)
    if k and ties.on_cpu(backend):
        idx = _as_cpu_topk(backend, input._data, idx, k, d, largest)
    idx = idx.astype(_dt.int64.np)
    return TopkResult(*_with_saved_indices(_sorted(input, d, idx, "TopkBackward0"), wrap(idx, input._device)))


def _as_cpu_topk(backend, data, idx, k, dim, largest):
    """``idx`` (topk indices in the stable sort's order) with the rows where PyTorch's CPU topk orders
    equal values otherwise replaced by its order (``kernels.introsort``): rows whose top k hold
    equal values, or whose k-th value recurs beyond them (the rest come out sorted either way)."""
    xp = backend.xp
    rows = ties.rows_of(xp, data, dim)
    top = xp.take_along_axis(rows, ties.rows_of(xp, idx, dim), axis=-1)
    last = top[:, -1:]
    needed = ties.equal_neighbours(xp, top) | (ties.count_equal(xp, rows, last) > ties.count_equal(xp, top, last))
    return ties.replaced(backend, data, dim, idx, needed, lambda row: topk_order(row, k, largest))


# topk sorts all when the input has fewer elements than this, or its rows are shorter than this
PARTITION_MIN_SIZE = 4096
PARTITION_MIN_ROW = 32


def _top_indices(backend, data, k, dim, largest):
    """The first k indices of the stable order of ``data`` along ``dim`` (descending if
    ``largest``), without sorting it all: the k-th value is found by partition, the k elements
    ordered before it (ties at it in index order) are picked out, and only they are sorted."""
    xp = backend.xp
    n = data.shape[dim]
    if data.size < PARTITION_MIN_SIZE or n < PARTITION_MIN_ROW:
        # Fast path, fenced: on small inputs or short rows the full stable sort is quicker than
        # partition's dozen steps (NumPy's partition also pays a lot per row). Both give the same
        # indices (tests check they agree).
        return _stable_order(backend, data, dim, largest)[(slice(None),) * dim + (slice(0, k),)]
    moved = xp.moveaxis(data, dim, -1)
    if k == 0 or data.size == 0:
        return xp.moveaxis(xp.zeros(moved.shape[:-1] + (k,), _dt.int64.np), -1, dim)
    rows = moved.reshape(-1, n)  # (a copy when dim is not last: partition is quicker on rows)
    kth = n - k if largest else k - 1
    t = xp.partition(rows, kth, axis=-1)[:, kth:kth + 1]  # the k-th in order (NaN sorts as largest)
    if data.dtype.kind == "f":
        row_nan, t_nan = xp.isnan(rows), xp.isnan(t)
        before = (rows > t) | (row_nan & ~t_nan) if largest else (rows < t) | (~row_nan & t_nan)
        tied = (rows == t) | (row_nan & t_nan)
    else:
        before = rows > t if largest else rows < t
        tied = rows == t
    picked = before | tied
    if (picked.sum(-1) > k).any().item():  # ties at the k-th value spill over (rare): the first
        room = k - before.sum(-1, keepdims=True)                          # in index order go in
        picked = before | (tied & (xp.cumsum(tied, axis=-1) <= room))
    cols = xp.flatnonzero(picked).reshape(-1, k) % n  # k per row, in index order
    order = _stable_order(backend, xp.take_along_axis(rows, cols, axis=-1), 1, largest)
    idx = xp.take_along_axis(cols, order, axis=-1)
    return xp.moveaxis(idx.reshape(moved.shape[:-1] + (k,)), -1, dim)
