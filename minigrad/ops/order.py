"""Extremes: max/min (whole, along a dim, or elementwise), amax/amin, argmax/argmin and median.
``max()`` without dim splits the gradient evenly among ties; ``max(dim)`` sends it to the
returned index only, as PyTorch does. Sorting (sort, argsort, topk) is ``sorting.py``."""
from .. import dtypes as _dt
from .._array_layout import row_major_reduction
from ..autograd.namespace import arange
from ..autograd.node import check_index_guards
from ..autograd.op import Op
from ..return_types import named_result
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_tensor
from ._dims import ALL_DIMS, norm_dims, later_int, keepdim_without_dim_error, none_dim_error
from .gathering import ScatterDistinct
from ._saved_fields import attribute, in_sizes, reduced_dims, reduced_keepdim, tensor
from .selection import maximum, minimum


def _return_type(name):
    """A (values, indices) named tuple printed like torch.return_types.<name>."""
    return named_result(name, ["values", "indices"])


MaxResult = _return_type("max")
MinResult = _return_type("min")


class AllMax(Op):
    """max()/min()/amax/amin: the gradient is split evenly among the tied extremes."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saves = (True,)
    saves_output = True
    saved_fields = {"dim": reduced_dims, "keepdim": reduced_keepdim}  # (amax/amin: max() has none)

    @staticmethod
    def complex_error(x, dims, keepdim, is_max):
        """PyTorch's error for complex input: its kernel's name, max()'s or amax's."""
        kernel = ("max" if is_max else "min") + ("_all" if dims is None else "_values_cpu")
        return NotImplementedError, f"\"{kernel}\" not implemented for '{{kind}}'"

    def name(self):
        if self.dims is None:
            return "MaxBackward1" if self.is_max else "MinBackward1"
        return "AmaxBackward0" if self.is_max else "AminBackward0"

    @staticmethod
    def forward(ctx, x, dims, keepdim, is_max):
        ctx.dims = dims
        ctx.is_max = is_max
        ctx.keepdim = keepdim
        out = x.max(axis=dims, keepdims=keepdim) if is_max else x.min(axis=dims, keepdims=keepdim)
        return row_major_reduction(x, out, dims, keepdim)

    @staticmethod
    def backward(ctx, m, g, x, dims, keepdim, is_max, y):
        y = m.expand_reduced(y, x.shape, ctx.dims, ctx.keepdim)
        if ctx.dims is None:
            # max()/min() (PyTorch's evenly_distribute_backward): NaN extremes count as ties, and the
            # others get exactly 0 (an infinite or NaN g included)
            picked = (x == y) | ((x != x) & (y != y))
            count = m.sum(m.cast(picked, g.dtype), None, keepdim=True)
            return m.masked(picked, m.expand_reduced(g, x.shape, None, False) / count)
        # amax/amin: (g / count) * mask, a NaN extreme matches nothing (0 / 0: NaN in its slice, as PyTorch)
        mask = m.cast(x == y, g.dtype)
        count = m.sum(mask, ctx.dims, keepdim=True)
        return m.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim) / count * mask


class IndexedMax(Op):
    """max(dim)/min(dim) values: the gradient goes to the returned index."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    index_guards = ()  # the indices returned beside the values (see ``_with_saved_indices``)
    saved_fields = {"dim": attribute("dim"), "keepdim": attribute("keepdim"), "self_sym_sizes": in_sizes,
                    "indices": tensor(lambda ctx: ctx.index if ctx.keepdim else ctx.index.squeeze(ctx.dim))}

    def name(self):
        return "MaxBackward0" if self.is_max else "MinBackward0"

    @staticmethod
    def forward(ctx, x, pick):
        # pick: (dim, keepdim, idx, is_max), one argument so that Op.apply takes its two-argument
        # fast path (the general one, of five arguments, was a quarter of a small max(dim)'s instructions)
        dim, keepdim, idx, is_max = pick
        ctx.is_max = is_max
        ctx.in_shape = x.shape
        ctx.dim = dim
        ctx.keepdim = keepdim
        ctx.index = idx.reshape(idx.shape[:dim] + (1,) + idx.shape[dim:])  # (xp.expand_dims: 5x slower)
        out = _picked_along(ctx.xp, x, idx, dim)
        return out.reshape(ctx.index.shape) if keepdim else out

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        if not ctx.keepdim:
            g = m.unsqueeze(g, ctx.dim)
        return m.op(ScatterDistinct, g, ctx.in_shape, ctx.dim, ctx.index)


def _with_saved_indices(values, indices):
    """``(values, indices)``, the node of ``values`` (if recorded) refusing in backward ``indices``
    changed in place since, as PyTorch's node, which saves the indices it returns, refuses them
    (its backward reads its own copy: the indices returned are the user's to change)."""
    node = values._node
    if node is not None:
        counter = indices._version_counter
        node.index_guards = ((counter, counter[0], indices),)
    return values, indices


def _picked_along(xp, x, idx, dim):
    """The elements of ``x`` at ``idx`` along ``dim`` (``idx`` shaped as ``x`` without ``dim``): an
    index of aranges over the other dims with ``idx`` at ``dim``, which is what ``take_along_axis``
    builds, without its checks (a third of a small max(dim)'s time)."""
    shape = idx.shape
    if len(shape) == 1:
        # Fast path, fenced: a matrix (a batch's max over its classes), whose index is the one arange
        # beside idx, as the loop below builds it (a test checks it against take_along_axis)
        return x[arange(xp, shape[0]), idx] if dim else x[idx, arange(xp, shape[0])]
    last = len(shape) - 1
    index = []
    for i, s in enumerate(shape):  # (a loop, not a comprehension: one function call fewer in Python 3.11)
        index.append(arange(xp, s).reshape((-1,) + (1,) * (last - i)) if i < last else arange(xp, s))
    index.insert(dim, idx)
    return x[tuple(index)]


def _empty_check(input, dims, name):
    """PyTorch's errors for an empty reduction: RuntimeError with no dims given (``dims`` empty),
    IndexError naming the first empty dim given."""
    shape = input._data.shape
    if input._data.size == 0:
        if not dims:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument.")
        d = next((d for d in dims if shape[d] == 0), None)
        if d is not None:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _extreme(input, dim, keepdim, other, is_max, name):
    expect_tensor(name, input)
    result_type = MaxResult if is_max else MinResult
    if isinstance(dim, Tensor) or other is not None:
        return (maximum if is_max else minimum)(input, dim if other is None else other)
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim_error(name)
        _empty_check(input, (), name)
        return AllMax.apply(input, None, False, is_max)
    if dim is None:
        raise none_dim_error(name, "Tensor input, *, Tensor out = None", "Tensor input, Tensor other, *, Tensor out = None",
                             "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None")
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.dtype.kind == "c":  # (before the 0-d shortcut, as PyTorch's check)
        raise RuntimeError(f"{name}(): does not support complex input")
    backend = input._device._get_backend()
    xp = backend.xp
    if input._data.ndim == 0:
        return result_type(input.clone(), wrap(xp.zeros((), _dt.int64.np), input._device))
    if input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    idx = _index_along(backend, input._data, d, is_max)
    values = IndexedMax.apply(input, (d, keepdim, idx, is_max))
    # (a copy where the node keeps idx for backward, so that a change of the indices returned changes
    # nothing there; else NumPy's argmax gives int64 already)
    idx = idx.astype(_dt.int64.np, copy=values._node is not None)
    if input._data.ndim == 1:  # (NumPy's search along a vector gives a scalar: the Tensor holds a 0-d array)
        idx = xp.asarray(idx)
    if keepdim:  # (a reshape: xp.expand_dims's checks cost more than the search on small inputs)
        idx = idx.reshape(idx.shape[:d] + (1,) + idx.shape[d:])
    return result_type(*_with_saved_indices(values, wrap(idx, input._device)))


@public
def max(input, dim=ALL_DIMS, keepdim=False, *, other=None):
    """The largest element, or (values, indices) along ``dim``, or the elementwise max with a
    Tensor (``max(a, b)`` or ``max(a, other=b)``)."""
    return _extreme(input, dim, keepdim, other, True, "max")


@public
def min(input, dim=ALL_DIMS, keepdim=False, *, other=None):
    """The smallest element, or (values, indices) along ``dim``, or the elementwise min with a
    Tensor (``min(a, b)`` or ``min(a, other=b)``)."""
    return _extreme(input, dim, keepdim, other, False, "min")


def _amax_dims(input, dim, name):
    """The dims ``amax``/``amin`` reduce (all for an empty tuple or list), with PyTorch's checks in its
    order: an empty reduction first, then a repeated dim."""
    ndim = input._data.ndim
    given = dim if isinstance(dim, (list, tuple)) else () if dim is None else (dim,)
    _empty_check(input, [_wrap_dim(later_int(d, k), ndim) for k, d in enumerate(given)], name)
    return norm_dims(dim, ndim)


@public
def amax(input, dim=(), keepdim=False):
    """Max over dims; ties split the gradient evenly."""
    expect_tensor("amax", input)
    return AllMax.apply(input, _amax_dims(input, dim, "amax"), keepdim, True)


@public
def amin(input, dim=(), keepdim=False):
    """Min over dims; ties split the gradient evenly."""
    expect_tensor("amin", input)
    return AllMax.apply(input, _amax_dims(input, dim, "amin"), keepdim, False)


def _index_along(backend, data, d, is_max):
    """The index of the first largest (``is_max``) or smallest element along ``d``, or of the first NaN."""
    # (the methods, not xp.argmax: the function's dispatch costs several times the search on small arrays)
    idx = data.argmax(axis=d) if is_max else data.argmin(axis=d)
    if data.dtype.kind == "f" and backend.device_type != "cpu":  # (NumPy's search stops at the first NaN already)
        xp = backend.xp
        nans = xp.isnan(data)
        # A NaN wins: branch-free, so no host sync on a device (no ``if nans.any()``).
        idx = xp.where(nans.any(axis=d), nans.argmax(axis=d), idx)
    return idx


def _arg(input, dim, keepdim, is_max):
    name = "argmax" if is_max else "argmin"
    expect_tensor(name, input)
    backend = input._device._get_backend()
    xp = backend.xp
    if input._data.dtype.kind in "bc":
        kind = "bool" if input._data.dtype.kind == "b" else "complex"
        raise RuntimeError(f"{name}(): does not support {kind} input")
    if dim is None:
        if input._data.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        out = xp.asarray(_index_along(backend, input._data.reshape(-1), 0, is_max), dtype=_dt.int64.np)
        if keepdim:
            out = out.reshape((1,) * input._data.ndim)
        return wrap(out, input._device)
    if input._data.ndim == 0:
        _wrap_dim(dim, 0)
        return wrap(xp.zeros((), _dt.int64.np), input._device)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    idx = xp.asarray(_index_along(backend, input._data, d, is_max).astype(_dt.int64.np))  # (a 0-d array, not a scalar)
    return wrap(xp.expand_dims(idx, d) if keepdim else idx, input._device)


@public
def argmax(input, dim=None, keepdim=False):
    """Index of the largest element (flattened, or along ``dim``)."""
    return _arg(input, dim, keepdim, True)


@public
def argmin(input, dim=None, keepdim=False):
    """Index of the smallest element (flattened, or along ``dim``)."""
    return _arg(input, dim, keepdim, False)



MedianResult = _return_type("median")


class AllMedian(AllMax):
    """median() of all elements: the lower of the two middle values (NaN if any is NaN); the
    gradient is split evenly among the elements equal to it, as PyTorch's."""

    complex_error = (NotImplementedError, "\"median_cpu\" not implemented for '{kind}'")

    def name(self):
        return "MedianBackward0"

    @staticmethod
    def forward(ctx, x, dims, keepdim, is_max):
        ctx.dims, ctx.keepdim, ctx.is_max = dims, keepdim, is_max
        flat = ctx.xp.sort(x.reshape(-1))  # NaN sorts last
        if x.dtype.kind == "f" and flat.size and ctx.xp.isnan(flat[-1]):
            return flat[-1].copy()
        return flat[(flat.size - 1) // 2].copy()


class IndexedMedian(IndexedMax):
    """median(dim) values: the gradient goes to the returned index."""

    def name(self):
        return "MedianBackward1"


@public
def median(input, dim=ALL_DIMS, keepdim=False):
    """The lower median of all elements, or (values, indices) of the lower medians along ``dim``
    (a NaN is the median of a slice holding one; ties give the index a stable sort puts there)."""
    expect_tensor("median", input)
    if input._data.dtype.kind == "b":  # (PyTorch's median kernels take no bools)
        raise NotImplementedError(f"\"{'median_cpu' if dim is ALL_DIMS else 'median_out'}\" not implemented for 'Bool'")
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim_error("median")
        if input._data.size == 0:  # PyTorch's: NaN (still in the graph), or the smallest integer
            if input._data.dtype.kind == "f":
                return input.sum() * 0.0 + float("nan")
            xp = input._device._get_backend().xp
            return wrap(xp.full((), xp.iinfo(input._data.dtype).min, input._data.dtype), input._device)
        return AllMedian.apply(input, None, False, True)
    d = _wrap_dim(dim, input._data.ndim)
    backend = input._device._get_backend()
    xp = backend.xp
    if input._data.ndim == 0:
        return MedianResult(input.clone(), wrap(xp.zeros((), _dt.int64.np), input._device))
    n = input._data.shape[d]
    if n == 0:
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    order = backend.argsort_stable(input._data, d)
    idx = xp.take(order, (n - 1) // 2, axis=d)
    if input._data.dtype.kind == "f":
        nans = xp.isnan(input._data)
        idx = xp.where(nans.any(axis=d), xp.argmax(nans, axis=d), idx)
    idx = idx.astype(_dt.int64.np)
    values = IndexedMedian.apply(input, (d, keepdim, idx, True))
    return MedianResult(*_with_saved_indices(values, wrap(xp.expand_dims(idx, d) if keepdim else idx, input._device)))
