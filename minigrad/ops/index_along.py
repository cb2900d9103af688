"""Writes along a dim at a 1-D index: index_add (repeated indices add up), index_copy,
index_fill (negative indices count from the end), index_reduce, and their in-place forms
(``index_add_``, ``index_copy_``, ``index_fill_``, ``index_reduce_``). Each is one of
``indexed.py``'s write ops on the index tuple that picks the index along the dim."""
import warnings

from .. import dtypes as _dt
from .._errors import user_stacklevel
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from ._api import public, method
from ._util import expect_number, expect_tensor
from ._operands import integer_scalar, written_number
from .indexed import IndexFillTensor, _named, _write
from .inplace_tracking import expanded_write, leaf_first
from .scatter import _in_place, scatter_reduce
from .scatter_reduction import ScatterReduce
from .broadcast import expand
from .shape import reshape


def _along(name, input, dim, index, source=None):
    """(d, the index tuple picking ``index`` along dim ``d``) after PyTorch's checks of the index
    and source; a 0-d input counts as one element along dim 0 (the caller reshapes it)."""
    expect_tensor(name, input)
    expect_tensor(name, index, "index", 3)
    nd = max(input._data.ndim, 1)
    d = _wrap_dim(dim, nd)
    kind, dtype_name = index._data.dtype, index.dtype._torch_name[:-6]
    if name == "index_fill":
        if kind != _dt.int64.np:
            raise IndexError("index_fill_(): Expected dtype int64 for index.")
        if index._data.ndim > 1:
            raise RuntimeError("Index has to be a vector/scalar")
    elif name == "index_copy":
        if index._data.ndim > 1:
            raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index._data.ndim})")
        if kind != _dt.int64.np:
            raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {dtype_name}")
    else:
        if index._data.ndim > 1:
            raise IndexError(f"{name}_(): Index is supposed to be a vector, but got dim: {index._data.ndim} "
                             f"with type: {dtype_name} and size: {list(index._data.shape)}")
        if kind not in (_dt.int64.np, _dt.int32.np):
            raise RuntimeError(f"{name}_(): Expected dtype int32/int64 for index but got: {dtype_name}")
    shape = input._data.shape or (1,)
    idx = index._data.reshape(-1)
    if source is not None and name != "index_copy":
        _check_source(name, input, d, idx.size, source)
    elif source is not None:
        expect_tensor(name, source, "source", 4)
        if source.dtype is not input.dtype:
            raise RuntimeError(f"{name}(): self ({input.dtype._torch_name[:-6]}) and source "
                               f"({source.dtype._torch_name[:-6]}) must have the same scalar type")
        s_shape = source._data.shape or (1,)
        if source._data.ndim and (len(s_shape) != len(shape)
                                  or any(a != b for k, (a, b) in enumerate(zip(s_shape, shape)) if k != d)):
            raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified "
                               f"dimension. Got self.shape = {list(input._data.shape)} source.shape = "
                               f"{list(source._data.shape)}")
        if (s_shape[d] if source._data.ndim else 1) != idx.size:
            raise RuntimeError(f"{name}_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
                               f"({s_shape[d] if source._data.ndim else 1}), for dim: {d}")
    if idx.size:
        lo, hi = int(idx.min().item()), int(idx.max().item())
        low = -shape[d] if name == "index_fill" else 0  # (only index_fill counts from the end)
        if lo < low or hi >= shape[d]:
            bad = hi if hi >= shape[d] else lo
            prefix = "index_copy_(): " if name == "index_copy" else ""
            if name == "index_add" and len(shape) <= 1:  # (PyTorch's 1-D kernel checks by itself)
                raise IndexError("index out of range in self")
            error = RuntimeError if name == "index_add" else IndexError
            raise error(f"{prefix}index {bad} is out of bounds for dimension {d} with size {shape[d]}")
    return d, (slice(None),) * d + (idx % shape[d] if shape[d] else idx,)


def _check_source(name, input, d, n, source):
    """PyTorch's checks, in its order, of the source of index_add / index_reduce for ``n`` indices along
    dim ``d``: a 0-d source stands for one slice of a 0-d input only (its shape must equal input's)."""
    expect_tensor(name, source, "source", 4)
    if source.dtype is not input.dtype:
        raise RuntimeError(f"{name}_(): self ({input.dtype._torch_name[:-6]}) and source "
                           f"({source.dtype._torch_name[:-6]}) must have the same scalar type")
    s_shape, shape = source._data.shape, input._data.shape
    if d != 0 and d >= len(s_shape):
        raise RuntimeError(f"{name}_(): Indexing dim {d} is out of bounds of the source tensor with dim {len(s_shape)}")
    if n != (s_shape[d] if s_shape else 1):
        if not s_shape:  # (PyTorch's message reads source.size(dim), which a 0-d source refuses)
            raise IndexError(f"Dimension specified as {d} but tensor has no dimensions")
        raise RuntimeError(f"{name}_(): Number of indices ({n}) should be equal to source.size(dim): "
                           f"({s_shape[d]}), for dim: {d}")
    if s_shape and shape:
        s_shape, shape = s_shape[:d] + s_shape[d + 1:], shape[:d] + shape[d + 1:]
    if s_shape != shape:
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(input._data.shape)} source.shape = {list(source._data.shape)}")


def _as_1d(t):
    """A 0-d tensor as a 1-element 1-D one (index ops treat it so)."""
    return reshape(t, (1,)) if isinstance(t, Tensor) and t._data.ndim == 0 else t


def _back_to(out, input):
    return reshape(out, ()) if input._data.ndim == 0 else out


@public
def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source`` added at ``index`` along ``dim`` (repeated
    indices add up)."""
    d, idx = _along("index_add", input, dim, index, source)
    if input._data.dtype.kind in "iu":
        alpha = integer_scalar(input._data.dtype, alpha)
    out = _write(_as_1d(input), _as_1d(source), idx, "IndexAddBackward0", True, alpha)
    return _back_to(out, input)


@public
def index_copy(input, dim, index, source):
    """A copy of ``input`` with the slices of ``source`` written at ``index`` along ``dim``."""
    d, idx = _along("index_copy", input, dim, index, source)
    return _back_to(_write(_as_1d(input), _as_1d(source), idx, "IndexCopyBackward0"), input)


@public
def index_fill(input, dim, index, value):
    """A copy of ``input`` with ``value`` (a number or a 0-d tensor) written at ``index`` along
    ``dim`` (negative indices count from the end)."""
    d, idx = _along("index_fill", input, dim, index)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        if value.is_complex() and not input.is_complex():
            raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
        out = IndexFillTensor.apply(_as_1d(input), value.to(input.dtype), idx, "preserve")
    else:
        if isinstance(value, complex) and not input.is_complex():
            raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
        value = expect_number("index_fill", value, "value", 4)
        xp = input._device._get_backend().xp
        fill = xp.asarray(written_number(input._data.dtype, value)).astype(input._data.dtype)
        out = _write(_as_1d(input), wrap(fill, input._device), idx, "IndexFillBackward0",
                     order="preserve")  # (laid out as input, as PyTorch's; index_copy/add: row-major)
    return _back_to(out, input)


_warned = {"index_reduce in beta": False}  # PyTorch warns once per process


@public
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """A copy of ``input`` with the slices of ``source`` reduced into it at ``index`` along ``dim``:
    ``reduce`` is "prod", "mean", "amax" or "amin" (scatter_reduce with the index spread over each slice);
    ``include_self=False`` leaves input's own values at the written places out of the reduction."""
    if not _warned["index_reduce in beta"]:
        _warned["index_reduce in beta"] = True
        warnings.warn("index_reduce() is in beta and the API may change at any time.", UserWarning,
                      stacklevel=user_stacklevel())
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    d, _ = _along("index_reduce", input, dim, index, source)
    x, src = _as_1d(input), _as_1d(source)
    along = [1] * x.ndim
    along[d] = -1
    spread = expand(reshape(index, tuple(along)), tuple(src.shape)).to(_dt.int64)
    if index._data.size:
        out = scatter_reduce(x, d, spread, src, reduce, include_self=include_self)
    else:  # (recorded all the same: source gets its empty gradient, as PyTorch's)
        out = ScatterReduce.apply(x, src, d, spread._data, reduce, include_self)
    out = _named(out, "IndexReduceBackward0")
    return _back_to(out, input)


def index_add_(self, dim, index, source, *, alpha=1):
    """In-place ``index_add``; returns self."""
    try:
        index_add(self, dim, index, source, alpha=alpha)  # (its checks)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        leaf_first(self, error)
    return _in_place(self, lambda t, s: index_add(t, dim, index, s, alpha=alpha), source)


def index_copy_(self, dim, index, source):
    """In-place ``index_copy``; returns self."""
    try:
        index_copy(self, dim, index, source)  # (its checks)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        leaf_first(self, error)
    return _in_place(self, lambda t, s: index_copy(t, dim, index, s), source)


def index_fill_(self, dim, index, value):
    """In-place ``index_fill``; returns self."""
    try:
        index_fill(self, dim, index, value)  # (its checks)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        leaf_first(self, error)
    return _in_place(self, lambda t, v: index_fill(t, dim, index, v), value, expanded_write(self, "index_fill_"))


def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
    """In-place ``index_reduce``; returns self."""
    try:
        index_reduce(self, dim, index, source, reduce, include_self=include_self)  # (its checks)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        leaf_first(self, error)
    return _in_place(self, lambda t, s: index_reduce(t, dim, index, s, reduce, include_self=include_self), source)


for _fn in (index_add_, index_copy_, index_fill_, index_reduce_):
    method(_fn.__name__, _fn)
