"""Scatter along a dimension, the inverse of ``gather``: ``scatter`` (write ``src`` or a number
at ``index``), ``scatter_add`` (accumulate), and their in-place forms ``scatter_`` and
``scatter_add_``. For dim=1: ``out[i][index[i][j]] = src[i][j]``.

The one-hot idiom of course code: ``torch.zeros(n, c).scatter_(1, labels[:, None], 1.0)``.
Gradients (as PyTorch): the input's is ``g`` with the written places zeroed (``scatter``) or
``g`` itself (``scatter_add``); ``src``'s is ``g`` gathered at ``index``.

The ops are in ``scatter_writes.py`` (``scatter_reduce``'s in ``scatter_reduction.py``); this module
holds the public functions: PyTorch's argument checks, overloads and in-place forms.
"""
import numbers
import warnings

from ..autograd.grad_mode import state, check_update
from ..creation import full
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from ._api import public, method
from ._util import expect_tensor
from ._operands import written_number
from .gathering import _INDEX_DTYPES
from .inplace_tracking import tracked, write_changed
from .scatter_reduction import ScatterReduce
from .scatter_writes import Scatter, ScatterAdd, ScatterValue


def _checked(name, input, dim, index, src):
    """The wrapped dim, after PyTorch's checks of the index (dtype, rank, sizes, bounds) and src."""
    expect_tensor(name, input)
    expect_tensor(name, index, "index", 3)
    d = _wrap_dim(dim, max(input._data.ndim, 1))
    if index._data.size and index._data.dtype not in _INDEX_DTYPES:  # (an empty one of any dtype passes)
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    if isinstance(src, Tensor) and src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index._data.size == 0:
        return d
    if max(index._data.ndim, 1) != max(input._data.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    in_shape, idx_shape = input._data.shape or (1,), index._data.shape or (1,)  # 0-d: one element
    too_big = any(i > n for k, (i, n) in enumerate(zip(idx_shape, in_shape)) if k != d)
    if isinstance(src, Tensor):
        src_shape = src._data.shape
        # (PyTorch's order: src's sizes read along every dim of the index, 1 for a 0-d src and an
        # IndexError past the last dim of another, before its rank is checked)
        too_big = too_big or any(i > (src_shape[_wrap_dim(k, len(src_shape))] if src_shape else 1)
                                 for k, i in enumerate(idx_shape))
        if max(len(src_shape), 1) != len(idx_shape):
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        if too_big:
            raise RuntimeError(f"Expected index {list(index.shape)} to be no larger than self {list(input.shape)} "
                               f"apart from dimension {d} and to be no larger size than src {list(src.shape)}")
    elif too_big:
        raise RuntimeError(f"Expected index {list(index.shape)} to be no larger than self {list(input.shape)} apart "
                           f"from dimension {d}")
    lo, hi = int(index._data.min().item()), int(index._data.max().item())
    if lo < 0 or hi >= in_shape[d]:
        raise RuntimeError(f"index {lo if lo < 0 else hi} is out of bounds for dimension {d} with size {in_shape[d]}")
    return d


def _apply(op, input, d, index, src):
    index = index._data
    if index.size == 0:  # (recorded all the same: src's gradient is then an empty gather, as PyTorch's)
        index = index.astype("int64")  # (an empty index may have any dtype)
    return op.apply(input, src, d, index)


def _checked_reduce(reduce):
    """``reduce`` of scatter with a Tensor src ("add", "multiply" or None), with PyTorch's deprecation warning."""
    if reduce is None:
        return None
    if reduce not in ("add", "multiply"):
        raise RuntimeError(f"reduce argument must be either add or multiply. Got {reduce}")
    warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a "
                  "future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
                  UserWarning, stacklevel=4)
    return reduce


def _scatter_multiplied(input, d, index, src):
    """input with its elements at ``index`` multiplied by src's (PyTorch has no derivative for this form; its
    scatter_reduce("prod") twin gives one here)."""
    if tuple(src.shape) != tuple(index.shape) and index.ndim and src.ndim:
        src = src[tuple(slice(0, n) for n in index.shape)]
    return _reduced(input, d, index, src, "prod", True)


def _src_or_value(fn, dim, index, src):
    """``src`` when a Tensor or a number (PyTorch's two overloads), else PyTorch's TypeError."""
    if isinstance(src, (Tensor, numbers.Number)):
        return src
    got = ", ".join(type(a).__name__ if not isinstance(a, Tensor) else "Tensor" for a in (dim, index, src))
    raise TypeError(f"{fn}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                    " * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n"
                    " * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n")


@public
def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """A copy of ``input`` with ``src`` (a Tensor) or ``value`` (a number) written at ``index``
    along ``dim``; ``reduce="add"`` accumulates and ``"multiply"`` multiplies instead (deprecated in PyTorch, as
    here)."""
    if src is None:
        src, value = value, None
    if src is None:
        raise TypeError("scatter() missing 1 required positional argument: 'src' or 'value'")
    d = _checked("scatter", input, dim, index, _src_or_value("scatter", dim, index, src))
    if isinstance(src, Tensor):
        reduce = _checked_reduce(reduce)
        if reduce == "multiply":
            return _scatter_multiplied(input, d, index, src)
        return _apply(ScatterAdd if reduce == "add" else Scatter, input, d, index, src)
    if reduce is not None:  # (a value with reduce: PyTorch's reduce-by-value form)
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        # (the value converted to input's dtype first, as PyTorch does: 2.5 adds 2 to an integer)
        values = full(tuple(index.shape), src, dtype=input.dtype, device=input.device)
        if reduce == "multiply":
            return _scatter_multiplied(input, d, index, values)
        return _apply(ScatterAdd, input, d, index, values)
    value = src.item() if isinstance(src, Tensor) else src
    return _apply(ScatterValue, input, d, index, written_number(input._data.dtype, value))


@public
def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src`` added at ``index`` along ``dim``; repeated places add up."""
    expect_tensor("scatter_add", src, "src", 3)
    d = _checked("scatter_add", input, dim, index, src)
    return _apply(ScatterAdd, input, d, index, src)


def _in_place(self, fn, src, repeats=False):
    """Write ``fn(self)`` into self: recorded when a gradient must flow, else straight into storage.
    ``repeats``: self's elements share memory, which PyTorch writes (see ``inplace.expanded_write``)."""
    check_update(self, repeats)
    if state.enabled and (self._rg or (isinstance(src, Tensor) and src._rg)):
        return tracked(self, lambda old, s: fn(old, s), src, repeats=repeats)
    if repeats:
        write_changed(self, fn(self.detach(), src)._data)
    else:
        self._data[...] = fn(self.detach(), src)._data
    self._version_counter[0] += 1
    return self


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    """In-place ``scatter``; returns self."""
    if src is None:
        src, value = value, None
    _checked("scatter_", self, dim, index, _src_or_value("scatter_", dim, index, src))
    return _in_place(self, lambda t, s: scatter(t, dim, index, s, reduce=reduce), src)


def scatter_add_(self, dim, index, src):
    """In-place ``scatter_add``; returns self."""
    expect_tensor("scatter_add_", src, "src", 3)
    return _in_place(self, lambda t, s: scatter_add(t, dim, index, s), src)


method("scatter_", scatter_)
method("scatter_add_", scatter_add_)


# ------------------------------------------------------------------ scatter_reduce
_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


@public
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of ``input`` with the elements of ``src`` reduced into it at ``index`` along ``dim``:
    ``reduce`` is "sum", "prod", "mean", "amax" or "amin"; ``include_self=False`` leaves input's own
    values at the written places out of the reduction."""
    expect_tensor("scatter_reduce", src, "src", 4)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    d = _checked("scatter_reduce", input, dim, index, src)
    if reduce == "mean" and input._data.dtype.kind == "b":
        raise NotImplementedError("\"scatter_gather_tensor_cpu_reduce_mean\" not implemented for 'Bool'")
    if input._data.dtype.kind == "c":
        _check_complex_reduce(input, src, reduce)
    return _reduced(input, d, index, src, reduce, include_self)


def _check_complex_reduce(input, src, reduce):
    """PyTorch's errors for a complex scatter_reduce: no amax/amin kernel, and no derivative."""
    if reduce in ("amax", "amin"):
        kind = "ComplexDouble" if input._data.dtype.itemsize == 16 else "ComplexFloat"
        raise NotImplementedError(f"\"scatter_gather_tensor_cpu_reduce_{reduce}\" not implemented for '{kind}'")
    if state.enabled and (input.requires_grad or src.requires_grad):
        raise RuntimeError("scatter_reduce does not support automatic differentiation for outputs with complex dtype.")


def _reduced(input, d, index, src, reduce, include_self):
    """scatter_reduce of checked arguments (an empty index changes nothing)."""
    if index._data.size == 0:
        return input.clone()
    return ScatterReduce.apply(input, src, d, index._data, reduce, include_self)


def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    """In-place ``scatter_reduce``; returns self."""
    scatter_reduce(self, dim, index, src, reduce, include_self=include_self)  # (its checks)
    return _in_place(self, lambda t, s: scatter_reduce(t, dim, index, s, reduce, include_self=include_self), src)


method("scatter_reduce_", scatter_reduce_)
