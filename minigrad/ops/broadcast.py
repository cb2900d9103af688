"""Broadcasting: expand/broadcast_to (read-only views, refusing in-place updates) and the sum back to an input's shape
that every broadcasting gradient goes through (``m.sum_to``, ``m.broadcast_to``,
``m.expand_reduced``)."""
import math

import numpy as _np  # only for the host fast path of BroadcastTo

from .._errors import INT64_MAX
from ..dtypes import type_string
from ..autograd.grad_mode import SharedElementsVersionCounter, state as _grad_state
from ..autograd.node import lend_requires_grad
from ..autograd.views import register_view, view_of
from ..autograd.namespace import provide, array_math
from ..autograd.op import Op
from ._api import method, public
from ._util import expect_tensor
from .shape import reshape, sizes_arg
from ._saved_fields import in_sizes


class SumTo(Op):
    """Sum a broadcast gradient back to an input's shape (Chainer's sum_to)."""

    def name(self):
        """PyTorch's node for its ``sum_to``: a full ``sum()`` to a 0-dim shape, a ``sum(dims,
        keepdim=True)`` when no leading dims go, else that sum under a ``view``."""
        if not self.out_shape:
            return "SumBackward0"
        return "SumBackward1" if len(self.out_shape) == len(self.in_shape) else "ViewBackward0"

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        ctx.out_shape = shape
        return array_math(ctx.xp).sum_to(x, shape)

    @staticmethod
    def backward(ctx, m, g):
        return m.broadcast_to(g, ctx.in_shape)


class BroadcastTo(Op):
    """Broadcast to a shape (a read-only view); its backward is a sum."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "ExpandBackward0"
    saved_fields = {"self_sym_sizes": in_sizes}

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        flags = x.flags
        if x.__class__ is _np.ndarray and 0 not in shape and flags.writeable and (
                flags.c_contiguous or flags.f_contiguous):
            # Fast path, fenced: a host array whose memory NumPy can hand out as a buffer gets its view
            # built directly (np.broadcast_to's nditer costs as much as the rest of expand). NumPy's
            # strides: a dim of x that keeps its size keeps its stride, an expanded or new dim has 0.
            lead = len(shape) - x.ndim
            strides = (0,) * lead + tuple(s if n == m else 0 for s, n, m in zip(x.strides, x.shape, shape[lead:]))
            out = _np.ndarray(shape, x.dtype, x, 0, _expand_strides(x, shape, strides) if 1 in shape else strides)
            out.flags.writeable = math.prod(shape) <= x.size  # (read-only where elements repeat, as NumPy's broadcast)
            return out
        out = ctx.xp.broadcast_to(x, shape)
        repeats = math.prod(shape) > x.size  # (expanding grows only size-1 dims and adds dims)
        if 1 not in shape and repeats:
            return out
        strides = _expand_strides(x, shape, out.strides)
        view = ctx.xp.lib.stride_tricks.as_strided
        if not repeats:  # (each element once: a view written as its input, as PyTorch's)
            return view(x, shape, strides)
        if strides == out.strides:
            return out
        if hasattr(out.flags, "writeable"):  # (NumPy: read-only, as the broadcast it replaces; CuPy has no such flag)
            return view(out, shape, strides, writeable=False)
        return view(out, shape, strides)

    @staticmethod
    def backward(ctx, m, g):
        return m.sum_to(g, ctx.in_shape)


def _expand_strides(x, shape, strides):
    """PyTorch's strides for ``x`` expanded to ``shape``, from NumPy's ``strides``, which are 0 for
    every size-1 dim: there a dim of ``x`` keeps its stride, a new leading one takes the extent of
    the dim after it (size times stride), as PyTorch's expand."""
    lead = len(shape) - x.ndim
    strides = list(strides)
    for i in range(len(shape) - 1, -1, -1):
        if shape[i] == 1:
            strides[i] = x.strides[i - lead] if i >= lead else (
                shape[i + 1] * strides[i + 1] if i + 1 < len(shape) else 0)
    return tuple(strides)


def sum_to(g, shape):
    """``g`` summed over broadcast dims so that it has ``shape`` (no-op when equal)."""
    shape = tuple(shape)
    return g if g._data.shape == shape else SumTo.apply(g, shape)


def broadcast_to_shape(x, shape):
    """``x`` broadcast to ``shape`` (no-op when equal)."""
    shape = tuple(shape)
    return x if x._data.shape == shape else BroadcastTo.apply(x, shape)


def expand_reduced(g, in_shape, dims, keepdim):
    """A reduced gradient broadcast back to the input's shape."""
    if not keepdim and dims:
        shape = list(in_shape)
        for d in dims:
            shape[d] = 1
        g = reshape(g, tuple(shape))
    return broadcast_to_shape(g, in_shape)


def divide_expanded(g, n, in_shape, dims, keepdim):
    """A mean's gradient: ``g`` expanded back to the input's shape, then divided by ``n`` (NaN where
    n is 0), as PyTorch's."""
    g = expand_reduced(g, in_shape, dims, keepdim)
    return g / n if n else g * math.nan


provide("sum_to", sum_to)
provide("broadcast_to", broadcast_to_shape)
provide("expand_reduced", expand_reduced)
provide("divide_expanded", divide_expanded)


@public(function=False)
def expand(input, *sizes, size=None, implicit=False):
    """Broadcast to ``sizes`` without copying (-1 keeps a dim): ``expand(2, 3)``, ``expand((2, 3))`` or
    ``expand(size=(2, 3))``. ``implicit`` is PyTorch's internal flag and changes nothing."""
    sizes = sizes_arg(sizes, size, "size", "expand")
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand({type_string(input.dtype, input.device.type)}{{[{', '.join(map(str, shape))}]}}, "
                           f"size=[{', '.join(map(str, sizes))}]): "
                           f"the number of sizes provided ({len(sizes)}) must be greater or equal to the number of "
                           f"dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = []
    for i in reversed(range(len(sizes))):  # (from the last dim, as PyTorch's: its error names the last mismatch)
        s = sizes[i]
        if i < lead:
            if s == -1:
                raise RuntimeError(f"The expanded size of the tensor ({s}) isn't allowed in a leading, non-existing dimension {i}")
            if s < 0:
                raise RuntimeError("numel: integer multiplication overflow")
            target.append(s)
        else:
            cur = shape[i - lead]
            if s == -1:
                target.append(cur)
            elif cur != s and cur != 1:
                raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                                   f"non-singleton dimension {i}.  Target sizes: [{', '.join(map(str, sizes))}].  "
                                   f"Tensor sizes: [{', '.join(map(str, shape))}]")
            elif s < 0:  # (a size-1 dim to a negative size other than -1)
                raise RuntimeError("numel: integer multiplication overflow")
            else:
                target.append(s)
    numel = math.prod(target)
    if numel > INT64_MAX:  # (NumPy's own error for it is a ValueError)
        raise RuntimeError("numel: integer multiplication overflow")
    target = tuple(reversed(target))
    out = BroadcastTo.apply(input, target)
    # A view of the input, as PyTorch's expand: its base, its version counter (read-only, as NumPy's
    # broadcast view: see check_update), and its history re-derived after in-place changes of the base
    out._view = view_of(input, lambda a, m: m.broadcast_to(a, target))
    if out._version_counter.__class__ is list and numel > input._data.size:  # (elements repeat)
        out._version_counter = SharedElementsVersionCounter(input._version_counter)
    if input._rg and out._node is None and out._view[0]._rg:
        lend_requires_grad(out)  # (outside grad mode, of a tensor whose root requires grad)
    if _grad_state.enabled:
        register_view(out)
    return out


@public(function=False)
def expand_as(input, other):
    """expand(other.shape)."""
    expect_tensor("expand_as", other, "other", 1)
    return expand(input, other.shape)


@public(method=False)
def broadcast_to(input, size):
    """Broadcast to ``size`` (torch.broadcast_to)."""
    expect_tensor("broadcast_to", input)
    return expand(input, size)


def _broadcast_to_method(input, *sizes, size=None):
    """``Tensor.broadcast_to``: the size as one sequence, as ints (``x.broadcast_to(2, 3)``) or by
    name, as PyTorch's method takes it (its function takes the sequence alone)."""
    if size is None:
        if not sizes:
            raise TypeError('broadcast_to() missing 1 required positional arguments: "size"')
        size = sizes[0] if len(sizes) == 1 and not isinstance(sizes[0], int) else sizes
    elif sizes:
        raise TypeError("broadcast_to() got multiple values for argument 'size'")
    return broadcast_to(input, size)


method("broadcast_to", _broadcast_to_method)
