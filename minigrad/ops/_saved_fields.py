"""Readers of PyTorch's saved fields (``grad_fn._saved_dim``, ``_saved_self_sym_sizes`` ...) for
``Op.saved_fields``: each takes the node and reads what its forward kept anyway, only when asked.

A reader returns ``ABSENT`` where PyTorch's node of that call has no such field (``SumBackward0``,
the sum of all elements, has no ``_saved_dim``).
"""
from ..autograd.node import FREED, FREED_MESSAGE
from ..autograd.saved_values import ABSENT
from ..tensor import wrap

#: PyTorch's reduction enum, as its loss nodes save it
REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}


def as_saved_int(value):
    """An int as PyTorch shows a saved int64 argument: a negative one read as unsigned (-1 is 2**64 - 1)."""
    return value % 2 ** 64 if value < 0 else value


def attribute(name):
    """A reader of the node's attribute ``name`` as it is (an int, a bool, a tuple of ints)."""
    return lambda ctx: getattr(ctx, name)


def in_sizes(ctx):
    """``self_sym_sizes``: the shape of the op's input, which forward kept as ``in_shape``."""
    return tuple(int(s) for s in ctx.in_shape)


def in_numel(ctx):
    """``self_sym_numel``: the element count of the op's input."""
    n = 1
    for s in ctx.in_shape:
        n *= int(s)
    return n


def reduced_dims(ctx):
    """``dim`` of a reduction over some dims (a tuple); absent where it reduced all of them."""
    return ABSENT if ctx.dims is None else tuple(int(d) for d in ctx.dims)


def reduced_keepdim(ctx):
    """``keepdim`` of a reduction over some dims; absent where it reduced all of them."""
    return ABSENT if ctx.dims is None else bool(ctx.keepdim)


def argument(i):
    """A reader of forward argument ``i`` as the node keeps it (its values, or its arguments)."""
    def read(ctx):
        values = ctx.__dict__.get("values", ())
        if values is FREED:
            raise RuntimeError(FREED_MESSAGE)
        args = ctx.__dict__.get("args")
        return args[i] if args is not None else values[i]
    return read


def argument_sizes(i):
    """A reader of the shape of forward argument ``i`` (a Tensor the node keeps among its arguments)."""
    return lambda ctx: tuple(argument(i)(ctx).shape)


def argument_strides(i, transposed=False):
    """A reader of the strides of forward argument ``i`` (reversed: of its transpose) where its
    gradient is wanted, and ``()`` elsewhere, as PyTorch's matrix products save them."""
    def read(ctx):
        if not ctx.needs_input_grad[i]:
            return ()
        strides = tuple(argument(i)(ctx).stride())
        return strides[::-1] if transposed else strides
    return read


def tensor(read):
    """A reader of an array the node keeps (``read(ctx)``), shown as a new Tensor, as PyTorch's
    saved index Tensors are (``_saved_indices``)."""
    def read_tensor(ctx):
        value = read(ctx)
        return value if value is ABSENT else wrap(value, ctx.device)
    return read_tensor


def fixed(value):
    """A reader of a field PyTorch's node saves with the same value for every call of this op."""
    return lambda ctx: value
