"""Where gradients leave the backward pass (``engine.py``): a leaf's ``.grad`` (accumulated, with
its hooks and post-accumulate hooks), a node's and a tensor's hooks, ``retain_grad``, and
``autograd.grad``'s capture of the gradients it returns. Gradients travel through the pass as
arrays; here they become the Tensors user code sees."""
from . import grad_mode
from .namespace import update
from .node import AccumulateGrad, PartGrads, call_node_hooks, check_replacement, is_lent_edge
from .. import tensor as _tensor_mod
from .._array_layout import laid_out_as


def count_consumers(starts):
    """For the subgraph below ``starts``: node -> number of edges into it from that subgraph."""
    counts = {}
    stack = list(starts)
    seen = set(stack)
    while stack:
        for edge in stack.pop().next:
            if edge is not None:
                counts[edge] = counts.get(edge, 0) + 1
                if edge not in seen:
                    seen.add(edge)
                    stack.append(edge)
    return counts


def _private_expanded(g, xp):
    """The expanded gradient ``g`` over memory of its own: PyTorch's expands a gradient made for the
    pass, which a hook may fill in place, where minigrad's may view a cached seed or the upstream
    gradient."""
    compact = g[tuple(slice(0, 1) if s == 0 else slice(None) for s in g.strides)].copy()
    return xp.broadcast_to(compact, g.shape)


class _Sink:
    """Where gradients leave the pass: leaves' ``.grad``, hooks, retain_grad, autograd.grad's capture."""

    __slots__ = ("create_graph", "owned", "capture", "leaf_targets")

    def __init__(self, create_graph, owned, capture, inputs=None):
        self.create_graph = create_graph
        self.owned = owned
        self.capture = capture
        # id(leaf) -> the node capturing its gradient (the inputs are alive all through the pass)
        self.leaf_targets = {} if inputs is None else {id(t): t._acc for t in inputs if t._node is None}

    def as_tensor(self, g, device):
        """A gradient as user code sees it: a Tensor."""
        if self.create_graph or g is None:
            return g
        backend = device.backend or device._get_backend()
        if g.__class__ is not backend.array_type:
            g = backend.xp.asarray(g)  # a NumPy scalar from 0-d math
        if 0 in g.strides and grad_mode.shares_elements(g):  # (a sum's, expanded)
            t = _tensor_mod.wrap(_private_expanded(g, backend.xp), device)
            t._version_counter = grad_mode.SharedElementsVersionCounter(t._version_counter)
            return t
        if g.base is None and not getattr(g.flags, "writeable", True):
            g = g.copy()  # (a cached seed: a hook may write into it, as into PyTorch's fresh one)
        return _tensor_mod.wrap(g, device)

    def observe(self, node, g):
        """Run a node's hooks, fill retain_grad and the capture; returns the (maybe replaced) gradient."""
        capture = self.capture
        captured = capture is not None and node in capture and not is_lent_edge(node)
        if not captured and capture is not None and node.__class__ is AccumulateGrad:
            captured = self._earlier_target(node) is not None
        if g is None or not (node.observed or captured):
            return g
        if node.__class__ is AccumulateGrad:  # leaves: hooks run when the gradient is accumulated
            if node.pre_hooks and not captured:
                g = self._pre_hooks(node, self.as_tensor(g, node.device))
            if captured:
                leaf = node.leaf()
                key = node if node in capture else self._earlier_target(node)
                tg = self.as_tensor(g, node.device)
                tg = _call_hooks(leaf._hooks, tg) if leaf is not None and leaf._hooks else tg
                old = capture[key]
                capture[key] = tg if old is None else old + tg  # (two accumulators of one leaf)
            return g
        if g.__class__ is PartGrads:  # (a multi-output op's shared node: only its own pre hooks are here)
            return self._pre_hooks_of_parts(node, g) if node.pre_hooks else g
        tg = self.as_tensor(g, node.device)
        if node.hooks:
            tg = _call_hooks(node.hooks, tg)
        if node.retained is not None:
            owner = node.retained()
            if owner is not None:
                self.retain(owner, tg)
        if captured:
            capture[node] = tg
        if node.pre_hooks:
            return self._pre_hooks(node, tg)
        return tg if self.create_graph else tg._data

    def _pre_hooks(self, node, tg):
        """Run ``node``'s pre hooks (``Node.register_prehook``) on its output's gradient ``tg``;
        returns the gradient as the engine carries it."""
        tg, = call_node_hooks(node.pre_hooks, ((tg,),), (tg,))
        return tg if self.create_graph else tg._data

    def _pre_hooks_of_parts(self, node, g):
        """Run the pre hooks of the shared node of a multi-output op on its outputs' gradients ``g``
        (PartGrads, None where none arrived); returns them as the engine carries them."""
        parts = tuple(self.as_tensor(p, node.device) for p in g)
        parts = call_node_hooks(node.pre_hooks, (parts,), parts)
        return PartGrads(p if self.create_graph or p is None else p._data for p in parts)

    def retain(self, owner, tg):
        """Add gradient ``tg`` to the ``.grad`` of non-leaf ``owner`` (retain_grad), out of place as
        PyTorch does. A first ``.grad`` keeps its own copy: the pass goes on with the array, which
        a leaf could otherwise take as its ``.grad`` and add to in place later."""
        if not self.create_graph:
            data = tg._data
            tg = _tensor_mod.wrap(data.copy(), tg._device) if owner._grad is None else tg.detach()
        old = owner._grad
        owner._grad = tg if old is None else old + tg

    def nodes_leading_to_capture(self, starts):
        """For the nodes below ``starts``: those from which a captured node can be reached (those
        included), and those of them with an edge leading there (the ones whose formula must run)."""
        order = []  # every node below starts, each after all its consumers (Kahn's order)
        counts = count_consumers(starts)
        stack = [n for n in starts if n not in counts]
        while stack:
            node = stack.pop()
            order.append(node)
            for edge in node.next:
                if edge is not None:
                    counts[edge] -= 1
                    if not counts[edge]:
                        stack.append(edge)
        capture = self.capture
        leading = set()
        running = set()
        for node in reversed(order):
            for edge in node.next:
                if edge in leading:
                    running.add(node)
                    leading.add(node)
                    break
            else:
                if node in capture or node.__class__ is AccumulateGrad and self._earlier_target(node) is not None:
                    leading.add(node)
        return leading, running

    def _earlier_target(self, node):
        """For accumulator ``node`` of a captured leaf that is not the one captured (a graph recorded
        before a recounting pass gave the leaf a fresh accumulator, see leaf_gradient): the captured
        one; else None."""
        leaf = node.leaf()
        return None if leaf is None else self.leaf_targets.get(id(leaf))

    def leaf_gradient(self, node, g, release, recounted):
        """Run a leaf's accumulator ``node`` with the summed gradient ``g`` (None: none arrived).

        After a pass that frees the graph, the accumulator's count starts again from zero for
        the next graph. When the pass had to recount (other graphs' edges still point at the
        node), the leaf gets a fresh accumulator instead, so that the old one's count stays an
        upper bound for those graphs."""
        leaf = node.leaf()
        if release:
            if not recounted:
                node.uses = 0
            elif leaf is not None and leaf._acc is node:
                leaf._acc = None
        if g is None or leaf is None or self.capture is not None or not leaf._rg:
            return  # (nothing accumulates when autograd.grad captures, nor into a leaf no longer requiring grad)
        # Add g to the leaf's .grad.
        if self.create_graph:
            accumulate_tensor(leaf, g, True)
            return
        old = leaf._grad
        if not leaf._hooks:
            if old is None:
                data = leaf._data
                if (g.__class__ is data.__class__ and g.base is None and g.dtype is data.dtype
                        and g.strides == data.strides and id(g) not in self.owned):
                    # Fast path, fenced: a fresh array of the leaf's dtype and layout that no one else
                    # holds (a layer's gradient), kept as it is: what ``own`` returns for it, without
                    # its call. (A test checks the two agree.)
                    self.owned.add(id(g))
                    leaf._grad = _tensor_mod.wrap(g, leaf._device)
                    return
                leaf._grad = _tensor_mod.wrap(self.own(g, leaf), leaf._device)
                return
            if not old._rg and old._data.shape == g.shape:
                update(leaf._device.backend.xp.add, old._data, g)  # (NumPy's same-kind cast to .grad's dtype)
                old._version_counter[0] += 1
                return
            add_to_grad(leaf, _tensor_mod.wrap(self.own(g, leaf), leaf._device), False)
            return
        # The hooks see the gradient as it arrived (a sum's expanded), then .grad gets its own copy
        data = _call_hooks(leaf._hooks, self.as_tensor(g, leaf._device))._data
        if data is not g:
            self.owned.add(id(data))  # (a Tensor the hook returned: the caller may hold it)
        add_to_grad(leaf, _tensor_mod.wrap(self.own(data, leaf), leaf._device), False)

    def after_accumulation(self, node, g):
        """Run the post-accumulate-grad hooks of the leaf of accumulator ``node``, then the node's
        own post hooks (``Node.register_hook``: no gradients passed on, ``g`` reached it)."""
        leaf = node.leaf()
        if leaf is not None and leaf._post_hooks and leaf._rg:
            run_post_accumulate_hooks(leaf)
        if node.post_hooks:
            call_node_hooks(node.post_hooks, ((), (self.as_tensor(g, node.device),)), ())

    def own(self, g, leaf):
        """A gradient array the leaf may keep: its own dtype, held by no one else (the caller's
        gradients, read-only seeds included, are in ``owned`` from the start)."""
        data = leaf._data
        if g.__class__ is not data.__class__:
            g = leaf._device._get_backend().xp.array(g, dtype=data.dtype)  # a scalar from 0-d math
        elif g.dtype != data.dtype:
            g = g.astype(data.dtype)
        elif g.base is not None or id(g) in self.owned:
            g = g.copy()  # a view, a broadcast, or an array another leaf (or the caller) holds
        if g.strides != data.strides:  # (.grad takes the leaf's memory order, as PyTorch's)
            g = laid_out_as(leaf._device._get_backend().xp, g, data)
        self.owned.add(id(g))
        return g


def run_post_accumulate_hooks(leaf):
    """Call the leaf's post-accumulate-grad hooks, which must return None or the leaf itself (an
    in-place update's result; PyTorch's errors: a TypeError for a result that is not a Tensor, a
    RuntimeError for another Tensor)."""
    for hook in list(leaf._post_hooks or ()):
        result = hook(leaf)
        if result is not None and result is not leaf:
            if not hasattr(result, "_data"):
                raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
            raise RuntimeError("Tensor post accumulate grad hooks should return None.")


def _call_hooks(hooks, grad):
    for hook in hooks:
        result = hook(grad)
        if result is not None:
            if not hasattr(result, "_data"):
                raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
            check_replacement(hook, grad, result)
            grad = result
    return grad


def _first_graph_grad(grad):
    """A leaf's first ``.grad`` under ``create_graph``: PyTorch's AccumulateGrad stores a copy of a
    gradient that requires grad (``clone_obey_contract``: ``new_empty_strided(...).copy_(grad)``),
    so it prints ``grad_fn=<CopyBackwards>`` and its graph leads through that copy."""
    if not grad._rg:
        return grad
    from ..ops.fill import CopyFrom
    blank = grad._device._get_backend().xp.empty_like(grad._data)
    return CopyFrom.apply(_tensor_mod.wrap(blank, grad._device), grad)


def accumulate_tensor(leaf, grad, create_graph):
    """Add Tensor ``grad`` to ``leaf.grad`` after the leaf's hooks (the general path)."""
    if leaf._hooks:
        grad = _call_hooks(leaf._hooks, grad)
    add_to_grad(leaf, grad, create_graph)


def add_to_grad(leaf, grad, create_graph):
    """Add Tensor ``grad`` (hooks already run) to ``leaf.grad``; a new ``.grad`` is ``grad`` itself
    (detached), so without ``create_graph`` its array must be one the leaf may keep."""
    if grad._data.dtype != leaf._data.dtype:
        grad = grad.to(leaf.dtype)
    old = leaf._grad
    if old is None:
        leaf._grad = _first_graph_grad(grad) if create_graph else grad if grad._node is None else grad.detach()
    elif create_graph or old._rg:
        leaf._grad = old + grad
    else:
        old._data += grad._data
        old._version_counter[0] += 1
