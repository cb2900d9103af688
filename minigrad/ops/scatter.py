"""Scatter along a dimension, the inverse of ``gather``: ``scatter`` (write ``src`` or a number
at ``index``), ``scatter_add`` (accumulate), and their in-place forms ``scatter_`` and
``scatter_add_``. For dim=1: ``out[i][index[i][j]] = src[i][j]``.

The one-hot idiom of course code: ``torch.zeros(n, c).scatter_(1, labels[:, None], 1.0)``.
Gradients (as PyTorch): the input's is ``g`` with the written places zeroed (``scatter``) or
``g`` itself (``scatter_add``); ``src``'s is ``g`` gathered at ``index``.
"""
import numbers
import warnings

from .. import backends
from ..autograd.grad_mode import state, check_update
from ..autograd.op import Op
from ..creation import full
from ..tensor import Tensor, _wrap_dim
from ._api import public, method
from ._util import expect_tensor, written_number
from .gathering import Gather, _INDEX_DTYPES
from .inplace import tracked, write_changed


def _grid(xp, index, dim):
    """The full index tuple for ``array[...] = values``: ``index`` along ``dim``, an open
    grid of positions along the other dims (a 0-d index picks one place of a 1-D array)."""
    nd = index.ndim
    if nd == 0:
        return (index,)
    idx = [xp.arange(n).reshape((1,) * k + (n,) + (1,) * (nd - k - 1)) for k, n in enumerate(index.shape)]
    idx[dim] = index
    return tuple(idx)


def _corner(src, shape):
    """The corner of ``src`` that the index covers (src may be larger than the index; a 0-d src
    is the one element of an index of one element; a 0-d index reads src's first element)."""
    if src.ndim == 0:
        return src
    if not shape:
        return src.reshape(-1)[:1].reshape(())
    return src[tuple(slice(0, n) for n in shape)]


def _copy(xp, x):
    """A copy of ``x`` to write into: an array even where ``x`` is a NumPy scalar (as the arithmetic of
    backward formulas makes of 0-d arrays)."""
    return x.copy() if x.ndim else xp.array(x)


def _writable(out):
    """``out`` itself, or for a 0-d ``out`` a 1-D view of its one element (which the index addresses)."""
    return out if out.ndim else out.reshape(1)


def _gathered(m, t, dim, index):
    """``t`` gathered at ``index`` along ``dim`` (the index may cover a corner of t only)."""
    if t.ndim == 0:
        t = t.reshape(1)
    if index.ndim == 0:  # (one element of a 1-D t)
        return m.op(Gather, t, 0, index.reshape(1)).reshape(())
    corner = tuple(slice(None) if k == dim else slice(0, n) for k, n in enumerate(index.shape))
    return m.op(Gather, t[corner], dim, index)


def _fitted(m, name, gs, src_shape):
    """src's gradient ``gs`` checked as PyTorch's engine checks an op's gradients: one shaped unlike src
    is an error unless src expands to it (a 0-d src read by an index of one element, a src of one
    element along a dim the empty index has none of), and is then summed back to src's shape."""
    gshape, src_shape = tuple(gs.shape), tuple(src_shape)
    if gshape == src_shape:
        return gs
    lead = len(gshape) - len(src_shape)
    if lead >= 0 and all(s in (1, n) for s, n in zip(src_shape, gshape[lead:])):
        return m.sum_to(gs, src_shape)
    raise RuntimeError(f"Function {name} returned an invalid gradient at index 1 - got "
                       f"{list(gshape)} but expected shape compatible with {list(src_shape)}")


def _src_grad(ctx, m, g):
    """``g`` gathered at the index: src's gradient."""
    return _fitted(m, ctx.name(), _gathered(m, g, ctx.dim, ctx.index), ctx.src_shape)


class Scatter(Op):
    """A copy of ``x`` with ``src`` written at ``index`` along ``dim``."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, x, src, dim, index):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = _copy(ctx.xp, x)
        _writable(out)[_grid(ctx.xp, index, dim)] = _corner(src, index.shape)
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, ns = ctx.needs_input_grad[:2]
        gx = m.op(ScatterValue, g, 0, ctx.dim, ctx.index) if nx else None
        return gx, (_src_grad(ctx, m, g) if ns else None)


class ScatterValue(Op):
    """A copy of ``x`` with the number ``value`` written at ``index`` along ``dim``."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "ScatterBackward1"

    @staticmethod
    def forward(ctx, x, value, dim, index):
        ctx.dim, ctx.index = dim, index
        out = _copy(ctx.xp, x)
        _writable(out)[_grid(ctx.xp, index, dim)] = value
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ScatterValue, g, 0, ctx.dim, ctx.index)


class ScatterAdd(Op):
    """A copy of ``x`` with ``src`` added at ``index`` along ``dim`` (repeated places accumulate)."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "ScatterAddBackward0"

    @staticmethod
    def forward(ctx, x, src, dim, index):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = _copy(ctx.xp, x)
        backends.for_module(ctx.xp).scatter_add(_writable(out), _grid(ctx.xp, index, dim), _corner(src, index.shape))
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, ns = ctx.needs_input_grad[:2]
        return (g if nx else None), (_src_grad(ctx, m, g) if ns else None)


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


def _flat_targets(xp, shape, index, dim):
    """The flat position in an array of ``shape`` of each element of the index grid."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= n
    strides.reverse()
    flat = 0
    for k, positions in enumerate(_grid(xp, index, dim)):
        flat = flat + positions * strides[k]
    return xp.broadcast_to(flat, index.shape).reshape(-1)


def _scatter_reduced(xp, x, src, dim, index, reduce, include_self):
    """``x`` with ``src`` reduced into it at ``index`` along ``dim`` (arrays)."""
    src = _corner(src, index.shape)
    backend = backends.for_module(xp)
    grid = _grid(xp, index, dim)
    out = x.copy()
    if reduce in ("sum", "mean"):
        if not include_self:
            out[grid] = 0
        backend.scatter_add(out, grid, src)
        if reduce == "mean":
            count = xp.full(x.shape, 1 if include_self else 0, x.dtype)
            backend.scatter_add(count, grid, xp.ones(index.shape, x.dtype))
            count = xp.maximum(count, 1)
            out = out / count if x.dtype.kind in "fc" else out // count
        return out
    # prod, amax, amin: the elements bound for each place, sorted together, are combined by a
    # segmented scan (log2 of the longest run of whole-array steps); each run's last element then
    # holds its total
    combine = {"prod": xp.multiply, "amax": xp.maximum, "amin": xp.minimum}[reduce]  # (NaN propagates)
    targets = _flat_targets(xp, x.shape, index, dim)
    order = backend.argsort_stable(targets, 0)
    targets, values = targets[order], src.reshape(-1)[order]
    n = targets.size
    positions = xp.arange(n)
    run_start = xp.ones(n, bool)
    run_start[1:] = targets[1:] != targets[:-1]
    starts = xp.maximum.accumulate(xp.where(run_start, positions, 0))
    longest = int((positions - starts).max().item()) + 1 if n else 0
    step = 1
    while step < longest:
        reach = positions[step:] - step >= starts[step:]  # the element `step` back is in the same run
        values[step:] = xp.where(reach, combine(values[:-step], values[step:]), values[step:])
        step *= 2
    run_end = xp.ones(n, bool)
    run_end[:-1] = run_start[1:]
    at, totals = targets[run_end], values[run_end]
    flat = out.reshape(-1)
    flat[at] = combine(flat[at], totals) if include_self else totals
    return flat.reshape(x.shape)


class ScatterReduce(Op):
    """``x`` with ``src`` reduced into it at ``index`` along ``dim``; PyTorch's gradients (prod exact
    with zeros, amax/amin split evenly among the elements equal to the result)."""

    torch_name = "ScatterReduceBackward0"
    saves = (True, True)
    saves_output = True
    # sum, mean and prod take complex input (amax and amin are refused before); PyTorch has no complex
    # derivative for them, but scatter(reduce="multiply") records its prod here
    holomorphic = True

    @staticmethod
    def forward(ctx, x, src, dim, index, reduce, include_self):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        ctx.reduce, ctx.include_self = reduce, include_self
        if x.ndim == 0:
            return _scatter_reduced(ctx.xp, x.reshape(1), src, dim, index, reduce, include_self).reshape(())
        return _scatter_reduced(ctx.xp, x, src, dim, index, reduce, include_self)

    @staticmethod
    def backward(ctx, m, g, x, src, dim, index, reduce, include_self, y):
        nx, ns = ctx.needs_input_grad[:2]
        d, index, reduce = ctx.dim, ctx.index, ctx.reduce

        def gather(t):
            return _gathered(m, t, d, index)

        def scatter_added(t, values):
            return m.op(ScatterAdd, t, values, d, index)

        if reduce == "sum":
            gx, gs = g, (gather(g) if ns else None)
        elif reduce == "mean":
            count = scatter_added(m.zeros_like(g) + (1.0 if ctx.include_self else 0.0),
                                  m.cast(m.zeros_like(src) == 0, g.dtype))
            count = m.where(count == 0, 1.0, count)
            gx, gs = g / count, (gather(g) / gather(count) if ns else None)
        elif reduce == "prod":
            gx = gs = None
            if nx:
                masked_x = m.where(x == 0, 1.0, x)
                gx = g * m.op(ScatterReduce, masked_x, src, d, index, "prod", ctx.include_self) / masked_x
            if ns:
                src_zero = src == 0
                zeros_here = gather(scatter_added(m.zeros_like(g), m.cast(src_zero, g.dtype)))
                single_zero = src_zero & (zeros_here == 1)
                without_it = m.op(ScatterReduce, x, m.where(single_zero, 1.0, src), d, index, "prod",
                                  ctx.include_self)
                gs = m.where(single_zero, gather(g * without_it), gather(g * y) / m.where(src_zero, 1.0, src))
        else:  # amax, amin: split evenly among the elements equal to the result (x's counted always)
            x_is = m.cast(x == y, g.dtype)
            src_is = m.cast(src == gather(y), g.dtype)
            share = g / scatter_added(x_is, src_is)
            gx, gs = x_is * share, (src_is * gather(share) if ns else None)
        if nx and not ctx.include_self:
            gx = m.op(ScatterValue, gx, 0, d, index)
        return (gx if nx else None), (_fitted(m, ctx.name(), gs, ctx.src_shape) if ns else None)


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
