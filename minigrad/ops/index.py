"""Indexing, ``x[idx]``: basic indexing (ints, slices, None, Ellipsis) gives views, advanced
indexing (index arrays, masks) copies (``advanced_index.py``, with the gradient of both, which
accumulates at repeated indices). ``x[idx] = v`` is an in-place op (``setitem.py``); the reads by
index as functions (gather, index_select...) are ``gathering.py``."""
from ..autograd.grad_mode import state
from ..autograd.node import _new, lend_requires_grad, shown, shown_once, shown_step
from ..autograd.op import Op
from ..autograd.views import INFERENCE, NO_GRAD, register_view, view_of
from .._int_arguments import check_int64
from ..tensor import Tensor
from ._api import method
from ._saved_fields import ABSENT, as_saved_int
from .advanced_index import AdvancedIndex, IndexBackward, guarded
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
        data = t._data
        if not t._rg:  # (the same fast path: c[i] = a[i] + b[i]; element_index's first check inlined)
            shape = data.shape
            return _basic_view(t, (index,) if shape and -shape[0] <= index < shape[0] else element_index(data, index))
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
