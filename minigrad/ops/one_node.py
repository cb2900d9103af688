"""One node for a function PyTorch computes as one op but minigrad composes of several
(``grid_sample``, ``glu``, the distances): ``one_node(name, fn, *tensors)`` runs ``fn`` on
detached copies of the Tensors, and records a single node named as PyTorch's
(``GridSampler2DBackward0``, ``CdistBackward0``...) whose edges are the Tensors themselves, so
``grad_fn`` and ``next_functions`` read as PyTorch's.

Its backward differentiates the inner graph ``fn`` built (kept with the node). Under
``create_graph`` it runs ``fn`` again on the Tensors in the graph and differentiates that, so
higher derivatives flow through the inputs as before.
"""
from ..autograd.grad_mode import state, enable_grad
from ..autograd.op import Op
from ..tensor import Tensor, wrap


class Composite(Op):
    """The inner graph of ``fn`` (made by ``one_node``) as one node; the last argument carries it."""

    saves = (True,) * 8  # the Tensor arguments: read again under create_graph (and checked for changes)

    def name(self):
        return self.node

    @property
    def next_functions(self):
        """The Tensor arguments' edges, as PyTorch's node has (not the slot of the inner graph)."""
        return super().next_functions[:-1]

    def _argument_count_shown(self):
        """The Tensor arguments only: the last argument, the inner graph, is no saved value of PyTorch's."""
        return min(len(self.saves), len(self.needs_input_grad) - 1)

    @staticmethod
    def forward(ctx, *args):
        inner = args[-1]
        ctx.node, ctx.inner = inner[0], inner
        return inner[1]._data

    @staticmethod
    def backward(ctx, m, g, *args):
        from ..autograd import grad
        *tensors, _ = args
        node, out, leaves, fn, double = ctx.inner
        needs = ctx.needs_input_grad[:-1]
        if m.records and double:  # PyTorch has no second derivative here: gradients whose node raises
            targets = [leaf for leaf, need in zip(leaves, needs) if need]
            firsts = grad(out, targets, wrap(g._data, ctx.device), retain_graph=True, allow_unused=True)
            grads = iter(None if first is None else NoDerivative.apply(t, first._data, double)
                         for t, first in zip((t for t, need in zip(tensors, needs) if need), firsts))
        elif m.records:  # create_graph: fn again on the Tensors in the graph, differentiated with a graph
            # (on an alias of each Tensor: differentiating with respect to the Tensors themselves would
            # also count the paths between them, dist(x, x ** 2)'s through x ** 2 to x, which the
            # engine then follows again)
            tensors = [t.view_as(t) if isinstance(t, Tensor) else t for t in tensors]
            with enable_grad():
                out = fn(*tensors)
            targets = [t for t, need in zip(tensors, needs) if need]
            grads = iter(grad(out, targets, g, create_graph=True, allow_unused=True))
        else:
            targets = [leaf for leaf, need in zip(leaves, needs) if need]
            grads = iter(g_._data if g_ is not None else None
                         for g_ in grad(out, targets, wrap(g, ctx.device), retain_graph=True, allow_unused=True))
        return tuple(next(grads) if need else None for need in needs) + (None,)


class LinearComposite(Composite):
    """A Composite of a function linear in its inputs, whose PyTorch node saves nothing (an in-place
    change of an input afterwards stays legal): its gradient is a linear map of ``g``, so under
    ``create_graph`` the inner graph is differentiated with a graph of its own."""

    saves = ()

    @staticmethod
    def backward(ctx, m, g):
        from ..autograd import grad
        node, out, leaves, fn, double = ctx.inner
        needs = ctx.needs_input_grad[:-1]
        targets = [leaf for leaf, need in zip(leaves, needs) if need]
        if m.records:
            grads = iter(grad(out, targets, g, create_graph=True, allow_unused=True))
        else:
            grads = iter(g_._data if g_ is not None else None
                         for g_ in grad(out, targets, wrap(g, ctx.device), retain_graph=True, allow_unused=True))
        return tuple(next(grads) if need else None for need in needs) + (None,)


#: the name of the node PyTorch gives a gradient whose derivative is "not_implemented" in its table
NOT_IMPLEMENTED = "torch::autograd::NotImplemented"


class NoDerivative(Op):
    """A gradient PyTorch computes without a derivative of its own (``double``: its node's name and
    the ATen function named in the error): its backward raises PyTorch's NotImplementedError, or, for
    a ``NOT_IMPLEMENTED`` node, the RuntimeError of PyTorch's generic node."""

    def name(self):
        return self.names[0]

    @staticmethod
    def forward(ctx, x, value, double):
        ctx.names = double
        return value

    @staticmethod
    def backward(ctx, m, g):
        if ctx.names[0] == NOT_IMPLEMENTED:  # (PyTorch's generic node for a derivative it lacks)
            raise RuntimeError(f"derivative for aten::{ctx.names[1]} is not implemented")
        raise NotImplementedError(f"the derivative for '{ctx.names[1]}' is not implemented.")


def _leaf(t):
    """A detached copy-free leaf of ``t`` with a version counter of its own: whether an in-place
    change of ``t`` invalidates the node is the outer node's to say (its ``saves``), as PyTorch's."""
    if not isinstance(t, Tensor):
        return t
    leaf = t.detach().requires_grad_(t.requires_grad)
    leaf._version_counter = [0]
    return leaf


def one_node(node, fn, *tensors, double=None, linear=False):
    """``fn(*tensors)`` (Tensors or None) recorded as one node named ``node`` when a gradient is
    needed; plainly ``fn(*tensors)`` otherwise. ``double``: (node name, ATen name) where PyTorch
    has no second derivative (its gradient's backward raises; node name ``NOT_IMPLEMENTED`` for
    PyTorch's generic node). ``linear``: ``fn`` is linear in the
    Tensors and PyTorch's node saves none of them."""
    if len(tensors) >= len(Composite.saves) or not state.enabled or not any(
            isinstance(t, Tensor) and t.requires_grad for t in tensors):
        return fn(*tensors)
    leaves = [_leaf(t) for t in tensors]
    with enable_grad():
        out = fn(*leaves)
    return (LinearComposite if linear else Composite).apply(*tensors, (node, out, leaves, fn, double))


def unbatched(input, batched_fn, linear=False):
    """``batched_fn(input.unsqueeze(0)).squeeze(0)`` for an unbatched ``input``, recorded as one node
    named as ``batched_fn``'s (PyTorch's kernels take unbatched input themselves: a pooling of a
    (C, H, W) image is one AvgPool2DBackward0 node over it, not a squeeze of a pooled batch).
    ``linear``: as for ``one_node``. The result is row-major, as PyTorch's: a permuted (C, H, W)
    input is channels last once batched, which a batched kernel's result would follow."""
    def fn(t):
        return batched_fn(t.unsqueeze(0)).squeeze(0).contiguous()
    if not state.enabled or not input.requires_grad:
        return fn(input)
    leaf = _leaf(input)
    with enable_grad():
        batched = batched_fn(leaf.unsqueeze(0))
        out = batched.squeeze(0).contiguous()
    return (LinearComposite if linear else Composite).apply(input, (batched.grad_fn.name(), out, [leaf], fn, None))
