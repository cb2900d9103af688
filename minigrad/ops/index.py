"""Indexing, ``x[idx]``: basic indexing (ints, slices, None, Ellipsis) gives views, advanced
indexing (index arrays, masks) copies; the gradient of advanced indexing with repeated indices
accumulates (scatter-add). ``x[idx] = v`` is an in-place op (``fill.py``); the reads by index
as functions (gather, index_select...) are ``gathering.py``."""
from .. import backends
from ..autograd.grad_mode import state
from ..autograd.node import _new, check_index_guards, index_guards, lend_requires_grad, shown, shown_once, shown_step
from ..autograd.op import Op
from ..autograd.views import INFERENCE, NO_GRAD, register_view, view_of
from .._tensor_metadata import check_int64, laid_out_if_empty
from ..tensor import Tensor, wrap
from ._api import method
from ._saved_fields import ABSENT, as_saved_int, in_sizes
from .index_conversion import convert_index, split_mixed, check_bounds, _ZERO_DIM_INDEX


def _as_view_index(idx):
    """A basic index that gives a view even when it selects a single element."""
    idx = idx if idx.__class__ is tuple else (idx,)
    return idx if Ellipsis in idx else idx + (Ellipsis,)


def _index_view_fn(idx):
    idx = _as_view_index(idx)
    return lambda a, m: a[idx]


def _last_step_field(name):
    """A reader of the saved field ``name`` of the last step of a basic index (see ``BasicIndex._last_step``)."""
    return lambda ctx: ctx._last_step().get(name, ABSENT)


class BasicIndex(Op):
    """``x[idx]`` with ints, slices, None and Ellipsis: a view; the gradient is scattered back."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    is_view = True
    saved_fields = {name: _last_step_field(name) for name in ("dim", "index", "start", "end", "step", "self_sym_sizes")}
    every_slice_a_step = False  # (narrow's slice is a step even over a whole dim)

    def name(self):
        """PyTorch names the last real step of the index: a select (int), a slice, or an unsqueeze (None).
        A lone slice is always a step; in a tuple, a slice over a whole dim is skipped (all skipped: an alias)."""
        steps = self._steps()
        return steps[-1] if steps else "AliasBackward0"

    def _steps(self):
        """PyTorch's node names of the index's real steps, in the order they are taken."""
        idx = self.idx
        if not isinstance(idx, tuple):
            return ["SliceBackward0"] if isinstance(idx, slice) else self._tuple_steps((idx,))
        return self._tuple_steps(idx)

    def _tuple_steps(self, idx):
        steps = []
        dim = 0  # the input dim the next item reads
        for i in idx:
            if i is Ellipsis:
                dim += len(self.in_shape) - sum(isinstance(j, (int, slice)) for j in idx)
            elif i is None:
                steps.append("UnsqueezeBackward0")
            elif isinstance(i, int):
                steps.append("SelectBackward0")
                dim += 1
            elif isinstance(i, slice):
                if i.indices(self.in_shape[dim]) != (0, self.in_shape[dim], 1):
                    steps.append("SliceBackward0")
                dim += 1
        return steps

    def _last_step(self):
        """The saved fields of PyTorch's node of the index's last real step, the one this node shows:
        a select's dim and index, a slice's dim, start, end and step, each with the sizes of the
        tensor it was taken from (the earlier steps taken), or an unsqueeze's dim."""
        idx = self.idx if isinstance(self.idx, tuple) else (self.idx,)
        every = self.every_slice_a_step or not isinstance(self.idx, tuple)
        shape = list(self.in_shape)
        pos = 0  # the dim of the tensor so far that the next item reads
        fields = {}
        for i in idx:
            if i is Ellipsis:
                pos += len(self.in_shape) - sum(isinstance(j, (int, slice)) for j in idx)
            elif i is None:
                fields = {"dim": pos}
                shape.insert(pos, 1)
                pos += 1
            elif isinstance(i, int):
                fields = {"dim": pos, "index": as_saved_int(i), "self_sym_sizes": tuple(shape)}
                del shape[pos]
            elif isinstance(i, slice):
                n = shape[pos]
                if every or i.indices(n) != (0, n, 1):
                    fields = {"dim": pos, "start": as_saved_int(0 if i.start is None else i.start),
                              "end": as_saved_int(2 ** 63 - 1 if i.stop is None else i.stop),
                              "step": 1 if i.step is None else i.step, "self_sym_sizes": tuple(shape)}
                    shape[pos] = len(range(*i.indices(n)))
                pos += 1
        return fields

    @shown_once
    def next_functions(self):
        """As PyTorch's graph shows an index: one node per step, the earlier steps below this one."""
        edge = self.next[0]
        if edge is not None:
            for step in self._steps()[:-1]:
                edge = shown_step(step, edge)
        return ((None, 0) if edge is None else shown(edge),)

    def view_fn(ctx, out_shape):
        return _index_view_fn(ctx.idx)

    @staticmethod
    def forward(ctx, x, idx):
        ctx.in_shape = x.shape
        ctx.idx = idx
        out = x[idx]
        if out.__class__ is not x.__class__ or out.ndim == 0:
            # NumPy copies a single element out as a scalar; torch's x[i, j] is a 0-d view
            # sharing storage (x[0, 1].add_(1) changes x): index with a trailing Ellipsis
            out = x[_as_view_index(idx)]
        if idx.__class__ is tuple and None in idx:
            out = _unsqueezed_as_pytorch(ctx.xp, x, idx, out)
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(IndexBackward, g, ctx.in_shape, ctx.idx, True)


def _unsqueezed_as_pytorch(xp, x, idx, out):
    """``out = x[idx]`` with PyTorch's strides for the dims a None adds. PyTorch takes the index from
    left to right: a new dim steps over the input dim it is put before as that dim is then, whole
    (``Tensor.stride`` works it out from the result, which is the same unless an int or a partial
    slice takes that dim later: ``t[:, None, 1]``)."""
    strides = list(out.strides)
    pos = dim = 0  # the output dim and the input dim the next item makes and reads
    nones = []     # the output dims of the Nones before input dim ``dim``
    changed = False
    for i in idx:
        if i is None:
            nones.append(pos)
            pos += 1
            continue
        if i is Ellipsis:
            n = x.ndim - sum(j is not None and j is not Ellipsis for j in idx)
            pos, dim = pos + n, dim + n
            if n:
                nones = []
            continue
        whole = isinstance(i, slice) and i.indices(x.shape[dim]) == (0, x.shape[dim], 1)
        if nones and not whole:
            for p in nones:
                strides[p] = x.shape[dim] * x.strides[dim]
            changed = True
        nones = []
        pos += isinstance(i, slice)
        dim += 1
    return xp.lib.stride_tricks.as_strided(out, out.shape, strides) if changed else out


class SliceView(BasicIndex):
    """A slice along one dim taken by narrow or tensor_split: a slice step for PyTorch even when it
    spans the whole dim."""

    every_slice_a_step = True

    def name(self):
        return "SliceBackward0"

    def _steps(self):
        return ["SliceBackward0"]


class AdvancedIndex(Op):
    """``x[idx]`` with index arrays or masks: a copy; the gradient is scatter-added back."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "IndexBackward0"
    index_guards = ()  # the index Tensors read in backward, with their versions (see ``guarded``)
    saved_fields = {"indices": lambda ctx: _saved_indices(ctx), "self_sym_sizes": lambda ctx: _sliced_sizes(ctx)}

    @staticmethod
    def forward(ctx, x, idx):
        ctx.in_shape = x.shape
        ctx.idx = idx
        return _laid_out(ctx.xp, x, idx, x[idx])

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        return m.op(IndexBackward, g, ctx.in_shape, ctx.idx, False)


def _saved_indices(ctx):
    """An advanced index's ``_saved_indices`` as PyTorch's: its index Tensors, None for each slice
    before the last of them (PyTorch takes a partial slice first, as a node of its own)."""
    idx = ctx.idx if isinstance(ctx.idx, tuple) else (ctx.idx,)
    indices = []
    for i in idx:
        if isinstance(i, slice):
            indices.append(None)
        elif i is Ellipsis or i is None or isinstance(i, int):
            return ABSENT
        else:
            indices.append(wrap(i, ctx.device))
    while indices and indices[-1] is None:
        indices.pop()
    return tuple(indices)


def _sliced_sizes(ctx):
    """An advanced index's ``_saved_self_sym_sizes``: its input's, each partial slice of the index
    taken first, as PyTorch takes it."""
    idx = ctx.idx if isinstance(ctx.idx, tuple) else (ctx.idx,)
    if any(i is Ellipsis or i is None for i in idx):
        return ABSENT
    shape = list(in_sizes(ctx))
    for k, i in enumerate(idx):
        if isinstance(i, slice):
            shape[k] = len(range(*i.indices(shape[k])))
    return tuple(shape)


def _laid_out(xp, x, idx, out):
    """An advanced index's result ``out`` of ``x`` laid out as PyTorch's: contiguous for a contiguous
    ``x`` (NumPy puts the dims of index arrays after a slice first in memory, where ``.view`` fails);
    for another ``x``, in the memory order ``_index_dim_order`` gives."""
    if not out.size:
        return laid_out_if_empty(xp, out)
    if x.flags.c_contiguous:
        return out if out.flags.c_contiguous else xp.ascontiguousarray(out)
    outer = _index_dim_order(xp, x, idx, out.shape)
    if outer is None or out.ndim != len(outer):
        return out
    inverse = sorted(range(len(outer)), key=outer.__getitem__)
    return out.transpose(outer).copy().transpose(inverse)


def _index_dim_order(xp, x, idx, shape):
    """The result dims of ``x[idx]`` from outermost to innermost in memory, as PyTorch orders them:
    each pair of dims by the strides they have in ``x`` (0 for the dims the index arrays make), or
    where one of those is 0, by the strides of the index arrays (0 for the dims the slices keep);
    row-major where neither tells. (None where ``idx`` is not a tuple of slices, None, Ellipsis and
    arrays.)"""
    items = idx if isinstance(idx, tuple) else (idx,)
    arrays = [i for i in items if isinstance(i, xp.ndarray)]
    if not arrays or any(i is not None and i.__class__ not in (slice, type(Ellipsis)) and not isinstance(i, xp.ndarray)
                         for i in items):
        return None
    used = sum(i.ndim if i.dtype.kind == "b" else 1 for i in arrays) + sum(i.__class__ is slice for i in items)
    firsts, kept, index_ops, d = [], [], [], 0  # kept: the x stride of each dim a slice keeps or None makes
    for i in items:
        if i is Ellipsis or i.__class__ is slice:
            for _ in range(x.ndim - used if i is Ellipsis else 1):
                step = 1 if i is Ellipsis else i.indices(x.shape[d])[2]
                kept.append(x.strides[d] * step)
                d += 1
        elif i is None:
            kept.append(0)
        else:
            firsts.append(len(kept))
            index_ops.extend(i.nonzero() if i.dtype.kind == "b" else (i,))
            d += i.ndim if i.dtype.kind == "b" else 1
    kept += [x.strides[k] for k in range(d, x.ndim)]
    index_ops = xp.broadcast_arrays(*index_ops)
    n_index = index_ops[0].ndim
    together = all(p == firsts[0] for p in firsts)  # (index arrays side by side: their dims in their place)
    at = firsts[0] if together else 0
    operands = [kept[:at] + [0] * n_index + kept[at:]]
    operands += [[0] * at + list(a.strides) + [0] * (len(kept) - at) for a in index_ops]
    operands = [[0 if n == 1 else s for n, s in zip(shape, a)] for a in operands]  # (a size-1 dim orders nothing)
    inner_first = list(range(len(operands[0])))[::-1]
    for i in range(1, len(inner_first)):
        j = i
        for k in range(i - 1, -1, -1):  # (an insertion sort that steps past the pairs no operand orders)
            order = next(((a[inner_first[k]] > a[inner_first[j]]) for a in operands
                          if a[inner_first[k]] and a[inner_first[j]]), None)
            if order is None:
                continue
            if not order:
                break
            inner_first[k], inner_first[j] = inner_first[j], inner_first[k]
            j = k
    return inner_first[::-1]


class IndexBackward(Op):
    """Zeros of the input's shape with the gradient written (or scatter-added) at ``idx``."""

    @staticmethod
    def forward(ctx, g, shape, idx, basic):
        ctx.idx = idx
        out = ctx.xp.zeros(shape, g.dtype)
        if basic or not _may_repeat(idx):
            out[idx] = g  # each element picked once: a plain write (much quicker than a scatter-add)
        else:
            backends.for_module(ctx.xp).scatter_add(out, idx, g)  # repeated indices accumulate
        return out

    @staticmethod
    def backward(ctx, m, gg):
        return gg[ctx.idx]


def guarded(out, index):
    """``out``, its node (if recorded) told which index Tensors its backward reads: changing one
    in place before backward raises PyTorch's error rather than misplacing the gradient."""
    node = out._node
    if node is not None:
        guards = index_guards(index)
        if guards:
            node.index_guards = guards
    return out


def _may_repeat(idx):
    """Whether an advanced index may pick an element more than once: only integer arrays can
    (masks, ints and slices pick each element once)."""
    for i in idx:
        if i.__class__ is not bool and getattr(i, "dtype", None) is not None and i.dtype.kind in "iu" \
                and i.ndim:
            return True
    return False


def element_index(data, index):
    """For an int or a tuple of ints (at most one per dim) into array ``data``: the index as a
    tuple, its bounds checked with PyTorch's IndexError; None for any other index."""
    if index.__class__ is int:  # (one int, the element loops' index: checked here at once)
        shape = data.shape
        if shape and -shape[0] <= index < shape[0]:
            return (index,)
        if not shape:
            raise IndexError(_ZERO_DIM_INDEX)
        index = (index,)
    elif index.__class__ is not tuple or len(index) > data.ndim:
        return None
    else:
        for i in index:
            if i.__class__ is not int:
                return None
    shape = data.shape
    for dim, i in enumerate(index):
        n = shape[dim]
        if not -n <= i < n:
            check_int64(i)
            raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {n}")
    return index


def basic_index(shape, index):
    """For a tuple of ints, slices (steps None or positive ints), None and at most one Ellipsis
    that fits ``shape``: the index as ``convert_index`` would give it, its ints in range; None for
    any other index (the general path then converts it, and raises PyTorch's errors)."""
    consumed = 0
    ellipsis = False
    for i in index:
        kind = i.__class__
        if kind is int:
            consumed += 1
        elif kind is slice:
            step = i.step
            if step is not None and (step.__class__ is not int or step <= 0):
                return None
            consumed += 1
        elif i is Ellipsis and not ellipsis:
            ellipsis = True
        elif i is not None:
            return None
    ndim = len(shape)
    if consumed > ndim:
        return None
    dim = 0  # the input dim the next item reads
    for i in index:
        if i.__class__ is int:
            n = shape[dim]
            if not -n <= i < n:
                return None
            dim += 1
        elif i is Ellipsis:
            dim = ndim - (consumed - dim)
        elif i is not None:
            dim += 1
    return index


def _basic_view(t, index):
    """``t[index]`` for a tuple index from ``basic_index`` (or ``element_index``), on a tensor
    outside the graph: the view BasicIndex makes, made here (tests check they agree)."""
    elements = len(index) == 1 and index[0].__class__ is int  # (t[i]: no None, no Ellipsis)
    view_index = index + (Ellipsis,) if elements or Ellipsis not in index else index  # (as _as_view_index makes it)
    data = t._data
    v = _new(Tensor)
    v._data = data[view_index]
    if not elements and None in index:
        v._data = _unsqueezed_as_pytorch((t._device.backend or t._device._get_backend()).xp, data, index, v._data)
    v._device = t._device
    v._version_counter = t._version_counter
    v._node = None
    v._rg = False
    fn = lambda a, m: a[view_index]  # noqa: E731 (the view function _index_view_fn makes)
    enabled = state.enabled
    if t._view is not None:
        v._view = view_of(t, fn)
    else:  # (view_of's result, inlined for the element loops)
        v._view = (t, fn) if enabled else (t, fn, INFERENCE if state.inference else NO_GRAD)
    if t._rg and v._view[0]._rg:  # (only outside grad mode: see lend_requires_grad)
        lend_requires_grad(v)
    if enabled and (v._data.ndim or not elements and Ellipsis in index):
        # (an in-place change through another view may put it in the graph; single elements, which
        # the element loops make by the thousand with ints alone, are left out: a kept one keeps
        # its old history)
        register_view(v)
    return v


def getitem(t, index):
    """``t[index]``: basic indexing gives a view, advanced indexing a copy."""
    kind = index.__class__
    if kind is tuple and basic_index(t._data.shape, index) is not None:
        # Fast path, fenced (x[:, 1], x[..., None], x[i, 0] in the element loops of course code): a
        # basic index that fits needs no conversion and no bounds check, and outside the graph
        # the view is made directly, as BasicIndex would make it (tests check they agree).
        return BasicIndex.apply(t, index) if t._rg else _basic_view(t, index)
    if kind is int:
        if not t._rg:  # (the same fast path: c[i] = a[i] + b[i])
            return _basic_view(t, element_index(t._data, index))
        data = t._data
        if data.ndim == 0:
            raise IndexError(_ZERO_DIM_INDEX)
        n = data.shape[0]
        if not -n <= index < n:
            check_int64(index)
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {n}")
        return BasicIndex.apply(t, index)
    on_host = t._device.type == "cpu"
    if kind is slice and t._data.ndim and (index.step is None or index.step > 0):
        # one slice: nothing to convert, never out of range (outside the graph, the fast path's view)
        return BasicIndex.apply(t, index) if t._rg else _basic_view(t, (index,))
    if kind is Tensor and on_host and index._device is t._device and index._data.ndim and (
            index._data.dtype.kind == "i" and index._data.dtype.itemsize >= 4  # (uint8: a mask; int8: refused)
            or index._data.dtype.kind == "b" and index._data.shape == t._data.shape[:index._data.ndim]):
        # X[idx] with an index tensor (a batch), X[mask] with a mask of X's leading dims: nothing to
        # convert, and nothing check_bounds would refuse (a test checks the general path agrees)
        idx, basic = (index._data,), False
    else:
        idx, basic = convert_index(index, t)
        check_bounds(t._data.shape, idx, on_host)
        if basic:
            return BasicIndex.apply(t, idx)
        steps = split_mixed(idx)
        if steps is not None:  # ints beside index arrays: the selects first, as PyTorch
            return getitem(BasicIndex.apply(t, steps[0]), steps[1])
    try:
        return guarded(AdvancedIndex.apply(t, idx), index)
    except IndexError as exc:  # NumPy's out-of-range message, in PyTorch's words
        raise IndexError(str(exc).replace("axis", "dimension")) from None


def iterate(t):
    """``iter(t)``: the elements along dim 0, each a view as ``t[i]`` is (NumPy's own iteration
    would give scalars for a vector, which an in-place op could not write through)."""
    data = t._data
    if data.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    if t._rg and state.enabled:
        return iter(t.unbind(0))  # (PyTorch's iteration: one UnbindBackward0 node for all)
    return (_basic_view(t, (i,)) for i in range(data.shape[0]))


method("__getitem__", getitem)
method("__iter__", iterate)
