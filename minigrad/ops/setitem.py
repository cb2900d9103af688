"""``x[index] = value``, in place: PyTorch's copy_ or fill_ of the view ``x[index]`` for a basic
index, its index_put_ (masked_fill_ for one value through a mask) for an advanced one, with their
casts, shape rules and errors. As every in-place op (``inplace.py``): straight into the storage
outside the graph, recorded out of place on a snapshot when a gradient must flow."""
import warnings

import numpy as _np

from ..autograd.grad_mode import state, check_update, shares_elements, SharedElementsVersionCounter
from ..autograd.node import check_index_guards
from ..autograd.op import Op
from .._errors import check_complex_value, check_float_range, discard_imaginary, value_overflow
from ..tensor import Tensor, raise_device_mismatch
from ._api import method
from ._memory import check_no_partial_overlap
from ._operands import integer_scalar
from .advanced_index import guarded
from .conversion import cast
from .index import element_index
from .index_conversion import convert_index, check_bounds, split_mixed
from .inplace_tracking import tracked, expanded_write, leaf_first


def check_setitem_float(np_dtype, value):
    """PyTorch's error for a finite number beyond float32's range written by ``t[index] = value`` into a
    float32 tensor (a float16 one takes it, as infinity: PyTorch converts through float64 there)."""
    if np_dtype.name == "float32":
        check_float_range(np_dtype, value)


class SetItem(Op):
    """A copy of ``x`` with ``value`` written at ``idx`` (the recorded form of ``x[idx] = value``)."""

    torch_name = "IndexPutBackward0"
    index_guards = ()  # (see advanced_index.guarded)
    supports_complex = True  # (linear in both: the gradients are g's entries, unconjugated)

    @staticmethod
    def forward(ctx, x, value, idx):
        ctx.idx = idx
        ctx.value_shape = getattr(value, "shape", ())
        out = x.copy()
        write_at(out, idx, value)
        return out

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        nx, nv = ctx.needs_input_grad[:2]
        gx = gv = None
        if nx:
            mask = ctx.xp.ones(g.shape, bool)
            mask[ctx.idx] = False
            gx = g * m.const(mask, g)
        if nv:
            gv = g[ctx.idx]
            extra = len(ctx.value_shape) - gv.ndim
            if extra > 0:  # the value's leading size-1 dims, dropped when written (see write_at)
                gv = gv.reshape((1,) * extra + tuple(gv.shape))
            gv = m.sum_to(gv, ctx.value_shape)
        return gx, gv


def write_at(data, idx, value):
    """``data[idx] = value`` for an array or a number ``value``, as PyTorch writes it: an array's
    leading size-1 dims beyond the indexed place's are dropped first (NumPy does so itself, except
    for a single element: it refuses an array of shape (1,) there, PyTorch takes it)."""
    if hasattr(value, "dtype"):
        value = discard_imaginary(value, data.dtype)
    try:
        data[idx] = value
    except ValueError:
        shape = getattr(value, "shape", ())
        trimmed = _trimmed(shape, getattr(data[idx], "ndim", 0))
        if trimmed is None or trimmed is shape:
            raise
        data[idx] = value.reshape(trimmed)


def _trimmed(shape, ndim):
    """The shape of a value written at a place of ``ndim`` dims, as PyTorch takes it: without its
    leading size-1 dims beyond ``ndim`` (``shape`` itself when it has none; None where one of
    those dims is not 1)."""
    extra = len(shape) - ndim
    if extra <= 0:
        return shape
    return None if any(n != 1 for n in shape[:extra]) else shape[extra:]


_PLAIN_NUMBERS = (float, int, bool)


def _refused_number(np_dtype, value):
    """A number NumPy refused to write into an integer tensor (of ``np_dtype``) as PyTorch writes it:
    a negative int into uint8 wrapped around, 2.0 ** 63 into int64 as -2 ** 63 (C's conversion);
    PyTorch's error for anything else (NaN, infinities, numbers beyond the dtype's range), shown
    without NumPy's refusal (``from None``), as PyTorch's."""
    if isinstance(value, (int, _np.integer)) and not isinstance(value, bool):
        if not -2 ** 63 <= value < 2 ** 63:
            raise ValueError("Overflow when unpacking long long") from None
        return integer_scalar(np_dtype, int(value))
    if np_dtype.name == "int64" and value == 2.0 ** 63:
        return -2 ** 63
    raise value_overflow(np_dtype.name) from None


def _fitted(value, target_shape, basic):
    """A Tensor ``value`` to write at a place of ``target_shape``: its leading size-1 dims beyond the
    place's dropped (as ``write_at``), PyTorch's error for a ``basic`` index or an advanced one where
    it does not broadcast (``_shape_mismatch``)."""
    shape = _trimmed(tuple(value.shape), len(target_shape))
    if shape is None or any(n != 1 and n != m for n, m in zip(reversed(shape), reversed(target_shape))):
        raise _shape_mismatch(value, target_shape, basic)
    return value.reshape(shape)


def _shape_mismatch(value, target_shape, basic):
    """PyTorch's error for a Tensor ``value`` that does not broadcast to the place of ``target_shape``
    it is written at. PyTorch first drops all of the value's leading size-1 dims, then expands it to
    the place (copy_ into the view of a ``basic`` index: expand's error, naming the value's dtype) or
    has index_put_ broadcast it (its shape-mismatch error)."""
    shape = tuple(value.shape)
    while shape and shape[0] == 1:
        shape = shape[1:]
    if basic:
        try:
            value.reshape(shape).expand(tuple(target_shape))
        except RuntimeError as error:
            return error
    return RuntimeError(f"shape mismatch: value tensor of shape {list(shape)} cannot be broadcast to "
                        f"indexing result of shape {list(target_shape)}")


def _indexes_through_a_view(index):
    """Whether PyTorch writes ``t[index] = v`` through a view of t (an integer, None or a partial
    slice among the indices), which changes the message of the leaf error."""
    for i in index if isinstance(index, tuple) else (index,):
        if i is None or isinstance(i, (int, _np.integer)) or (isinstance(i, Tensor) and i.ndim == 0 and not i.is_floating_point()):
            return True
        if isinstance(i, slice) and i != slice(None):
            return True
    return False


def _basic(idx):
    """Whether a converted index is basic (ints, slices, None, Ellipsis): written through a view
    of the tensor (PyTorch's copy_ or fill_) rather than into it (index_put_)."""
    return all(i.__class__ is not bool and not isinstance(i, _np.ndarray) and not hasattr(i, "__cuda_array_interface__")
               for i in (idx if isinstance(idx, tuple) else (idx,)))  # (a bool adds a dim: index_put_, as a mask)


def _check_number(t, value):
    """PyTorch's errors for a value other than a Tensor written by ``t[index] = value``; returns the
    value written (a complex number's real part, for a tensor neither complex nor bool)."""
    if not isinstance(value, (int, float, complex, _np.integer)):
        # (PyTorch takes Python numbers and NumPy integers; np.float32, np.float16, np.bool_ it refuses)
        kind = type(value)
        kind = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
        raise TypeError(f"can't assign a {kind} to a {t.type()}")
    value = check_complex_value(t.dtype, value, "double" if t._data.dtype.name == "float16" else None)
    check_setitem_float(t._data.dtype, value)
    return value


def setitem(t, index, value):
    """``t[index] = value`` in place (recorded in the graph when gradients are needed)."""
    if t._version_counter.__class__ is SharedElementsVersionCounter and index is not False and shares_elements(t._data):
        return _setitem_through_view(t, index, value)
    _setitem(t, index, value)


def _setitem(t, index, value, repeats=False):
    """``setitem`` of a tensor without repeated elements (or of one refused below); ``repeats``: an
    advanced index into one, which PyTorch writes (``inplace.expanded_write``)."""
    if index is False:
        # PyTorch converts the value (its errors), then writes and records nothing: no version, no
        # node, no leaf or view check, whatever the value's shape
        if not isinstance(value, Tensor):
            value = _check_number(t, value)
            try:
                t._data[None][:0] = value  # (NumPy's overflow errors for an integer tensor; no element)
            except (ValueError, OverflowError):
                _refused_number(t._data.dtype, value)
        return
    check_update(t, repeats)
    value_is_tensor = isinstance(value, Tensor)
    source = value  # (as given: a shape error names its dtype)
    if (index.__class__ is int or index.__class__ is tuple) and (
            value_is_tensor or value.__class__ in _PLAIN_NUMBERS) and not (
            state.enabled and (t._rg or (value_is_tensor and value._rg))) and (
            not value_is_tensor or value._device is t._device):
        # Fast path, fenced (the element loops of course code, c[i] = a[i] + b[i], c[i, j] = v):
        # an int or ints, outside the graph, written straight into the storage.
        data = t._data
        ints = element_index(data, index)
        if ints is not None:
            if value_is_tensor and data.ndim > len(ints):
                check_no_partial_overlap(data[ints], value._data, expanded=True)
            if not value_is_tensor and data.dtype.kind == "f":
                check_setitem_float(data.dtype, value)
            try:
                if value_is_tensor and value._data.dtype.kind != "c":
                    try:
                        data[ints] = value._data  # (write_at's first try, without its two calls: c[i] = a[i] + b[i])
                    except ValueError:
                        write_at(data, ints, value._data)  # (its retry without the value's leading size-1 dims)
                else:
                    write_at(data, ints, value._data if value_is_tensor else value)
            except (ValueError, OverflowError):
                if value_is_tensor:
                    raise _shape_mismatch(value, data[ints].shape, True) from None
                write_at(data, ints, _refused_number(data.dtype, value))
            t._version_counter[0] += 1
            return
    if (not value_is_tensor or value._data.ndim == 0) and any(
            isinstance(i, Tensor) and i._data.dtype.name == "uint8" for i in (index if isinstance(index, tuple) else (index,))):
        # (a single value through a mask: PyTorch's masked_fill_, which takes bool masks only, after
        # the index's own checks: a mask of the wrong shape is its IndexError; no deprecation warning)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check_bounds(t._data.shape, convert_index(index, t)[0], False)
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
    idx, _ = convert_index(index, t)  # (its errors for indices of the wrong type come first, as PyTorch's)
    try:
        check_bounds(t._data.shape, idx, False)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        if not any(isinstance(i, (Tensor, list)) for i in (index if isinstance(index, tuple) else (index,))):
            raise  # (ints and slices: PyTorch selects before it writes, and an int out of range fails there)
        leaf_first(t, error)
    steps = split_mixed(idx)
    if steps is not None:  # ints beside index arrays: written through the selects' view, as PyTorch
        return _setitem(t[steps[0]], steps[1], value, True) if repeats else setitem(t[steps[0]], steps[1], value)
    if value_is_tensor:
        basic = _basic(idx)
        if value._device is not t._device and value._device != t._device:
            raise_device_mismatch("index_put_", t._device, value._device)
        check_no_partial_overlap(t._data[idx] if basic else t._data, value._data, expanded=basic, scattered=not basic)
        needs_graph = state.enabled and (t._rg or value._rg)
        if value._data.dtype != t._data.dtype:
            if not basic and not (value._data.size == 1 and any(
                    getattr(i, "dtype", None) is not None and i.dtype.kind == "b" for i in idx)):
                # (index_put_; a single value through a mask is masked_fill_, which casts)
                _fitted(value, t._data[idx].shape, False)  # (a shape mismatch is reported first, as PyTorch)
                raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                                   f"{t.dtype._torch_name[:-6]} for the destination and "
                                   f"{value.dtype._torch_name[:-6]} for the source.")
            value = cast(value, t.dtype)
    else:
        value = _check_number(t, value)
        needs_graph = state.enabled and t._rg
        basic = needs_graph and _basic(idx)
    try:
        if needs_graph:
            if t._node is None and t._rg and t._view is None and _indexes_through_a_view(index):
                raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place "
                                   "operation.")
            if basic and not (t._node is None and t._rg):
                # as PyTorch: the view's copy_ or fill_, recorded on t as CopySlices
                view = t[index]
                # (copy_ casts: the value as given, so that a shape error names its dtype)
                view.copy_(_fitted(source, view.shape, True)) if value_is_tensor else view.fill_(value)
                return
            tracked(t, lambda old, v: guarded(SetItem.apply(old, v, idx), index), value, repeats=repeats)
            return
        write_at(t._data, idx, value._data if value_is_tensor else value)
    except (ValueError, TypeError, OverflowError) as error:  # (NumPy's TypeError: a mask's value of too many dims)
        if value_is_tensor:
            raise _shape_mismatch(source, t._data[idx].shape, basic) from None
        if isinstance(error, TypeError):
            raise
        write_at(t._data, idx, _refused_number(t._data.dtype, value))
    t._version_counter[0] += 1


def _setitem_through_view(t, index, value):
    """``t[index] = value`` for a tensor whose elements share memory (an expanded one): as PyTorch's,
    a write into the view ``t[index]``, refused where that view repeats elements too (and for
    indices other than ints, slices, None and Ellipsis, which write into ``t`` itself)."""
    parts = index if index.__class__ is tuple else (index,)
    if not all(p is None or p is Ellipsis or p.__class__ in (int, slice) for p in parts):
        # (PyTorch's index_put_, which writes with a warning; a number through a mask is its masked_fill_)
        expanded_write(t, "index_put_", ("indices", "tensor"))
        if any(isinstance(p, Tensor) and p._data.dtype.kind == "b" for p in parts) and (
                not isinstance(value, Tensor) or not value.ndim):
            expanded_write(t, "masked_fill_")
        return _setitem(t, index, value, repeats=True)
    view = t[index]
    check_update(view)
    _setitem(view, Ellipsis, value)


method("__setitem__", setitem)
