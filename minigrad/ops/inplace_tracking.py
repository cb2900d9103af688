"""How an in-place op writes: PyTorch's checks (a leaf that requires grad, a view of one, an
expanded tensor, a dtype the result cannot be cast to, another device) and, where a gradient must
flow, the write recorded (``tracked``: the op out of place on a snapshot, the result copied into the
storage, the tensor's new node; ``rebase``/``ViewScatter`` for a view's base). ``inplace.py`` holds
the ops that use it."""
import warnings

from .. import dtypes as _dt
from .._errors import user_stacklevel
from ..autograd.grad_mode import state, check_update, no_grad, shares_elements, SharedElementsVersionCounter, \
    SHARED_ELEMENTS_UPDATE, writable
from ..autograd.namespace import array_math
from ..autograd.op import Op
from ..autograd.views import move_retained, refresh_views, refuse_update
from ..tensor import Tensor, wrap, raise_device_mismatch
from ._broadcast_shapes import broadcast_shapes


LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place operation."
_EXPANDED_WRITE = ("Use of {} on expanded tensors is deprecated. Please clone() the tensor before performing this "
                   "operation. This also applies to advanced indexing e.g. tensor[{}] = {}")


def expanded_write(t, op, example=("mask", "scalar")):
    """Whether ``op`` (``index_put_``, ``masked_fill_``, ``index_fill_``) writes into a tensor whose
    elements share memory (an expanded one): PyTorch warns that this is deprecated, then writes
    (each location taking the value of a position written)."""
    if t._version_counter.__class__ is not SharedElementsVersionCounter or not shares_elements(t._data):
        return False
    warnings.warn(_EXPANDED_WRITE.format(op, *example), UserWarning, stacklevel=user_stacklevel())
    return True


def write_changed(t, new):
    """Write the array ``new`` into ``t``, whose elements share memory, where it differs from ``t``:
    a location repeated at positions left unchanged keeps the value written at the others."""
    data = writable(t._data)
    t._device._get_backend().xp.copyto(data, new, where=new != data)


VIEW_OF_LEAF_ERROR = "a view of a leaf Variable that requires grad is being used in an in-place operation."


def leaf_update_error(t):
    """PyTorch's RuntimeError for an in-place update of ``t`` in grad mode where ``t`` is a leaf that
    requires grad or a view of one (``tracked``'s refusal); None where the update may go ahead."""
    if not state.enabled:
        return None
    view = t._view
    if view is not None and len(view) <= 2:
        base = view[0]
        if base._node is None and base._rg or t._node is None and t._rg:
            return RuntimeError(VIEW_OF_LEAF_ERROR)
    elif view is None and t._node is None and t._rg:
        return RuntimeError(LEAF_ERROR)
    return None


def leaf_first(t, error):
    """Raise ``error``, caught from an in-place op's checks of its arguments, or PyTorch's leaf error
    in its place where ``t`` is a leaf that requires grad (or a view of one): PyTorch refuses the
    leaf before its kernel checks the values (an index out of range...), after its argument parser
    alone (its TypeErrors)."""
    if not isinstance(error, TypeError):
        leaf = leaf_update_error(t)
        if leaf is not None:
            raise leaf from None
    raise error


def _check_castable(t, result_dtype, c_name=False):
    """PyTorch's error where ``t`` cannot hold a result of ``result_dtype``; ``c_name``: the
    output type by its C++ name, as PyTorch's clamps with Python number bounds print it."""
    if result_dtype is not None and result_dtype.category > t.dtype.category:
        out = _dt.C_NAMES[t.dtype.name] if c_name else t.dtype._torch_name[:-6]
        raise RuntimeError(f"result type {result_dtype._torch_name[:-6]} can't be cast "
                           f"to the desired output type {out}")


def _check_device(t, name, *others):
    """PyTorch's error for an in-place op whose operands live on another device."""
    for o in others:
        if isinstance(o, Tensor) and o._device is not t._device and o._device != t._device:
            raise_device_mismatch(name, t._device, o._device)


def tracked(t, fn, *args, repeats=False, types_first=False):
    """Record ``t = fn(old_t, *args)`` in the graph and write the result into t's storage.
    ``types_first``: where ``t`` is a leaf that may not change, ``fn``'s TypeErrors come first
    (``_raise_type_error_first``; for the ops whose ``fn`` draws no random numbers).

    When ``t`` is a view, its base's history is rebased as well (PyTorch's
    CopySlices): the base's new node takes the view region from the result.
    ``repeats``: ``fn`` may write into elements that share memory (a fill; an indexed write
    PyTorch lets through with a warning, ``expanded_write``): only the positions it changed are
    written, and the base's gradient cannot pass back (PyTorch's CopySlices raises).
    """
    check_update(t, repeats)
    view = t._view
    if view is not None:
        if len(view) > 2:  # (a split's output, or a view made outside grad mode: refused, as in PyTorch)
            refuse_update(t)
        base = view[0]
        if base._node is None and base._rg or t._node is None and t._rg:  # (a view made a leaf: requires_grad_())
            if types_first:
                _raise_type_error_first(t, fn, args)
            raise RuntimeError(VIEW_OF_LEAF_ERROR)
    elif t._node is None and t._rg:
        if types_first:
            _raise_type_error_first(t, fn, args)
        raise RuntimeError(LEAF_ERROR)
    old = wrap(t._data.copy(), t._device, t._node)
    old._rg = t._rg
    r = fn(old, *args)
    if r._data.dtype is not t._data.dtype:
        _check_castable(t, r.dtype)
    _check_same_shape(t, r)
    overlapping = repeats and t._version_counter.__class__ is SharedElementsVersionCounter and shares_elements(t._data)
    if overlapping:
        write_changed(t, r._data)
    else:
        t._data[...] = r._data
    move_retained(t, r._node)
    t._node = r._node
    t._rg = r._rg
    changed = t
    if view is not None and r._rg:
        rebase(base, r, view[1])
        if overlapping:
            # (PyTorch's CopySlices cannot write a gradient back into shared elements: its backward
            # raises, reached from the base or from the view, whose history it regenerates from it)
            base._node.overlapping = True
            changed = None
    # other views taken earlier now derive their history from the changed root (as torch)
    refresh_views(base if view is not None else t, changed)
    t._version_counter[0] += 1
    node = r._node
    if node is not None and node.checks and node.checks[-1][0] is r._version_counter:
        # the output backward reads is ``t`` now, as PyTorch saves an in-place op's result: a later
        # in-place change of ``t`` makes backward raise PyTorch's error
        node.checks = [*node.checks[:-1], (t._version_counter, t._version_counter[0], -1)]
    return t


def _raise_type_error_first(t, fn, args):
    """Before refusing to update leaf ``t`` in place: ``fn``'s TypeError for arguments of the wrong
    type (a str for a number...), which PyTorch's argument parser raises before its leaf check. ``fn``
    runs on a copy, outside the graph; any other error of its is left to come after the leaf's."""
    try:
        with no_grad():
            fn(wrap(t._data.copy(), t._device), *args)
    except TypeError:
        raise
    except Exception:  # noqa: BLE001: the leaf error comes first
        pass


def rebase(base, value, view_fn):
    """Give ``base`` the history of its view ``view_fn`` changed in place to ``value`` (a Tensor in the
    graph): PyTorch's CopySlices, which takes the view's region from ``value``."""
    old_base = wrap(base._data, base._device, base._node)
    old_base._rg = base._rg
    rebased = ViewScatter.apply(old_base, value, view_fn)
    move_retained(base, rebased._node)
    base._node = rebased._node
    base._rg = True


class ViewScatter(Op):
    """The base of a view after an in-place change to the view: the region comes from the view."""

    torch_name = "torch::autograd::CopySlices"
    supports_complex = True

    @staticmethod
    def forward(ctx, base, view_value, view_fn):
        ctx.view_fn = view_fn
        return base  # already updated in place through the view

    overlapping = False  # (the view repeats elements: see ``tracked``)

    @staticmethod
    def backward(ctx, m, g):
        if ctx.overlapping:
            raise RuntimeError(SHARED_ELEMENTS_UPDATE)
        view_fn = ctx.view_fn
        gbase = m.op(ZeroRegion, g, view_fn) if ctx.needs_input_grad[0] else None
        return gbase, view_fn(g, m), None


class ZeroRegion(Op):
    """``g`` with zeros on the region a view function takes of it (the part of a base an in-place
    change of its view overwrote); its own adjoint. Zeros are written rather than multiplied in, so
    that an infinite gradient there gives 0, not NaN, and a part of complex elements (``real``,
    ``view_as_real``) can be the region."""

    supports_complex = True

    @staticmethod
    def forward(ctx, g, view_fn):
        ctx.view_fn = view_fn
        out = g.copy()  # (C order: a view function writes through to it)
        writable(view_fn(out, array_math(ctx.xp)))[...] = 0  # (an expand's view of it is read-only)
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ZeroRegion, g, ctx.view_fn), None


def _check_same_shape(t, result):
    """In-place results must keep the tensor's shape (no broadcasting to a larger one)."""
    if result._data.shape != t._data.shape:
        raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
                           f"{list(result._data.shape)}")


def _broadcast_error(data, other):
    """PyTorch's error for an in-place result that does not fit ``data``: the shapes' own when they do
    not broadcast, else the broadcast shape's."""
    try:
        shape = broadcast_shapes(tuple(data.shape), tuple(getattr(other, "shape", ())))
    except RuntimeError as error:
        return error
    return RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast shape {list(shape)}")


def needs_graph(t, *others):
    """Whether an in-place change of ``t`` with ``others`` must be recorded."""
    return state.enabled and (t._rg or any(isinstance(o, Tensor) and o._rg for o in others))


# ------------------------------------------------------------------ arithmetic in place
