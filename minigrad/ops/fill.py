"""Writing values into a tensor in place: fills (``zero_``, ``fill_``), ``copy_`` and
``masked_fill_`` (``x[index] = value`` is ``setitem.py``). As every in-place op (``inplace.py``):
straight into the storage outside the graph, recorded out of place on a snapshot when a gradient
must flow."""
import numbers

import numpy as _np

from ..autograd.grad_mode import state, check_update, mutation_watchers, shares_elements, SharedElementsVersionCounter
from ..autograd.op import Op
from .._errors import check_complex_value, check_float_range, discard_imaginary
from .._int_arguments import check_scalar_int
from ..tensor import Tensor
from ._api import method, public
from ._util import input_tensor, expect_tensor, expect_boolean_mask
from ._operands import as_operand, integer_scalar
from ._broadcast_shapes import check_broadcast
from ._memory import check_no_partial_overlap
from .conversion import cast
from .inplace_tracking import tracked, needs_graph, expanded_write, LEAF_ERROR
from .selection import masked_fill


class Fill(Op):
    """Every element set to ``value``: the old values get a zero gradient."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "FillBackward2"

    @staticmethod
    def forward(ctx, old, value):
        return ctx.xp.full_like(old, value)

    @staticmethod
    def backward(ctx, m, g):
        return m.zeros_like(g)


class Zero(Fill):
    torch_name = "ZeroBackward0"


def zero_(self):
    """Fill with zeros in place; returns self."""
    if self._version_counter.__class__ is not list or self._view is not None or mutation_watchers:
        check_update(self, repeats=True)
    if self._rg and state.enabled:  # (the thread-local mode read last: a gradient's zero_ needs no graph)
        return tracked(self, lambda old: Zero.apply(old, 0), repeats=True)
    self._data.fill(0)
    self._version_counter[0] += 1
    return self


def fill_(self, value):
    """Fill with ``value`` in place; returns self."""
    check_update(self, repeats=not isinstance(value, Tensor))  # (a tensor's value is copied in: refused there)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                               "dimensions.")
        # (PyTorch copies a tensor's value in: cast as copy_ casts, without the range checks of a number)
        v = (value if value.dtype is self.dtype else cast(value.detach(), self.dtype)).item()
    elif isinstance(value, numbers.Number):
        check_scalar_int(value)
        v = check_complex_value(self.dtype, value)
        check_float_range(self._data.dtype, v)
    else:  # (a string, None, a list, an array: PyTorch's TypeError)
        raise TypeError(f"fill_() received an invalid combination of arguments - got ({type(value).__name__}), "
                        "but expected one of:\n * (Tensor value)\n * (Number value)\n")
    if self._data.dtype.kind == "b":
        v = bool(v)
    elif self._data.dtype.kind in "iu":
        v = integer_scalar(self._data.dtype, v)
    if state.enabled and isinstance(value, Tensor) and value._rg:
        return tracked(self, lambda old: FillWithInPlace.apply(old, value))  # (value's gradient: the sum of self's)
    if state.enabled and self._rg:
        return tracked(self, lambda old: Fill.apply(old, v), repeats=True)
    self._data.fill(v)
    self._version_counter[0] += 1
    return self


method("zero_", zero_)
method("fill_", fill_)


class FillScalar(Fill):
    torch_name = "FillBackward0"


class FillWith(Op):
    """Every element set to the 0-d tensor ``value``: the old values get a zero gradient, value the sum."""

    torch_name = "FillBackward1"

    @staticmethod
    def forward(ctx, old, value):
        ctx.dims = tuple(range(old.ndim))
        return ctx.xp.broadcast_to(discard_imaginary(value, old.dtype).astype(old.dtype), old.shape).copy()

    @staticmethod
    def backward(ctx, m, g):
        return m.zeros_like(g), m.sum(g, ctx.dims)


class FillWithInPlace(FillWith):
    torch_name = "FillBackward3"


@public("fill", method=False)
def fill(input, value):
    """A new tensor shaped like ``input`` (and of its dtype) holding ``value`` (a number or a 0-d tensor,
    which gets the sum of the gradient) everywhere."""
    expect_tensor("fill", input)
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                               "dimensions.")
        return FillWith.apply(input, value)
    return FillScalar.apply(input, value)


class CopyFrom(Op):
    """The old values replaced by ``src`` (broadcast): the gradient goes to ``src`` only."""

    torch_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, old, src):
        ctx.src_shape = src.shape
        return ctx.xp.broadcast_to(src, old.shape).copy()

    @staticmethod
    def backward(ctx, m, g):
        return (m.zeros_like(g) if ctx.needs_input_grad[0] else None), m.sum_to(g, ctx.src_shape)


def copy_(self, other=None, non_blocking=False, *, src=None):
    """Copy ``other`` (broadcast, cast, moved to this device) into this tensor; returns self.
    PyTorch's binding names it ``other``, its documentation ``src``: both are taken."""
    check_update(self)
    if src is not None:
        if other is not None:
            raise TypeError("copy_() got multiple values for argument 'other' (src)")
        other = src
    src = input_tensor("copy_", other, self, "other", 1)  # a number too, as PyTorch
    check_no_partial_overlap(self._data, src._data, expanded=True)
    if state.enabled and (self._rg or src._rg):
        if self._node is None and self._rg:
            raise RuntimeError(LEAF_ERROR)

        def fn(old, s):
            s = s.to(old._device) if s._device != old._device else s
            s = s.to(old.dtype) if s.dtype is not old.dtype else s
            try:
                return CopyFrom.apply(old, s)
            except ValueError:
                raise _copy_shape_error(old, s) from None
        return tracked(self, fn, src)
    data = discard_imaginary(src._data, self._data.dtype)
    if src._device != self._device:
        data = self._device._get_backend().asarray(src._device._get_backend().to_numpy(data))
    try:
        self._data[...] = data
    except ValueError:
        raise _copy_shape_error(self, src) from None
    self._version_counter[0] += 1
    return self


def _copy_shape_error(dst, src):
    return RuntimeError(f"The size of tensor a ({dst.shape[-1] if dst.ndim else 1}) must match the size of "
                        f"tensor b ({src.shape[-1] if src.ndim else 1}) at non-singleton dimension "
                        f"{max(dst.ndim - 1, 0)}")


method("copy_", copy_)


def module_load(self, other, assign=False):
    """How ``load_state_dict`` turns the saved ``other`` into this parameter's new value, as
    PyTorch's default: ``other.detach()`` with ``assign``, else ``self.copy_(other).detach()``."""
    if assign:
        return other.detach()
    return self.copy_(other).detach()


method("module_load", module_load)


def masked_fill_(self, mask, value):
    """Write ``value`` where ``mask`` is True, in place; returns self."""
    repeats = self._version_counter.__class__ is SharedElementsVersionCounter and shares_elements(self._data)
    check_update(self, repeats)
    expect_boolean_mask("masked_fill_", mask, 1)
    if repeats:
        expanded_write(self, "masked_fill_")
    if needs_graph(self, value):
        return tracked(self, lambda old: masked_fill(old, mask, value), repeats=repeats)
    v = value.item() if isinstance(value, Tensor) else as_operand(value, self, True)
    v = check_complex_value(self.dtype, v)
    xp = self._device._get_backend().xp
    try:
        where = xp.broadcast_to(mask._data, self._data.shape)
    except ValueError:
        check_broadcast(self._data, mask._data)
        raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape "
                           f"{list(_np.broadcast_shapes(self.shape, mask.shape))}") from None
    xp.copyto(self._data, xp.asarray(v, dtype=self._data.dtype), where=where)
    self._version_counter[0] += 1
    return self



method("masked_fill_", masked_fill_)
