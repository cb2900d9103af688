"""The backward pass: nodes in reverse topological order, without recursion.

Each node counts the recorded edges into it (``uses``). A node runs once
that many gradients have reached it, as in HIPS autograd's toposort; the
counts are kept from recording, so no walk is needed before the pass. When
the graph has consumers that this pass does not reach (a second loss, a
value computed and dropped), some nodes wait forever on the recorded counts:
the pass then counts exactly what is left and carries on. Each gradient is
dropped as soon as it is used, and saved values are freed unless
``retain_graph``.

Gradients travel as backend arrays, and backward formulas compute with the
array namespace (``namespace.ArrayMath``); under ``create_graph`` they travel
as Tensors and formulas compute with the recording ``TENSOR_MATH``, so the
pass can be differentiated again. They are wrapped as Tensors only where
user code sees them (hooks, user Functions, ``.grad``).
"""
from . import anomaly_mode, grad_mode
from .node import AccumulateGrad, PartGrads, call_node_hooks, check_replacement, is_lent_edge
from .namespace import TENSOR_MATH, array_math, update
from .. import tensor as _tensor_mod
from .._array_layout import laid_out_as

_state = grad_mode.state


def root_node(t):
    """The node a gradient seeded at tensor ``t`` enters (a leaf's accumulator for leaves)."""
    node = t._node
    if node is None:
        node = t._acc
        if node is None:
            node = t._acc = AccumulateGrad(t)
    return node


def _check_nan(node, results):
    """detect_anomaly's check: PyTorch's error where a node's formula returned NaN."""
    for i, r in enumerate(results):
        data = getattr(r, "_data", r)
        if data is not None and data.dtype.kind in "fc" and bool(node.xp.isnan(data).any()):
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


_passes = []  # the passes running now, innermost last: whether each captures (autograd.grad, inputs=)


def is_checkpoint_valid():
    """Whether the pass running now (the innermost) may run a reentrant checkpoint's backward: one
    that accumulates into ``.grad``, not one that captures its inputs' gradients, as PyTorch's
    ``_is_checkpoint_valid``."""
    return not (_passes and _passes[-1])


def run_backward(tensors, grad_tensors, retain_graph=False, create_graph=False, inputs=None, release_inputs=False):
    """Backpropagate from ``tensors`` (with upstream ``grad_tensors``, Tensors).

    With ``inputs`` None, gradients accumulate into the ``.grad`` of leaves.
    Otherwise nothing accumulates and a list of the gradients reaching each
    tensor of ``inputs`` (None where none does) is returned; ``release_inputs``
    (``backward(inputs=)``, not ``autograd.grad``): the node of a non-leaf input
    runs, its results unused, as PyTorch's (its saved values are freed, or raise).
    """
    grads = {}     # node -> summed gradient of its output
    owned = set()  # ids of gradient arrays the caller or a leaf holds (a leaf copies them)
    for t, g in zip(tensors, grad_tensors):
        if not create_graph:
            g = g._data
            owned.add(id(g))
        node = root_node(t)
        old = grads.get(node)
        grads[node] = g if old is None else old + g
    targets = None if inputs is None else [root_node(t) for t in inputs]
    capture = None if inputs is None else dict.fromkeys(targets)
    sink = _Sink(create_graph, owned, capture, inputs)
    # With ``inputs``, only the branches leading to them carry gradients (as PyTorch runs only
    # those): formulas elsewhere are not run, so their hooks do not fire and freed saved values
    # there do not raise. An input's own node runs only where another input lies below it.
    leading, running = (None, None) if capture is None else sink.nodes_leading_to_capture(grads)
    # ready: (node, the summed gradient of its output) pairs; ``grads`` holds the sums still
    # waiting on consumers (a node with one consumer goes straight to ``ready``); seeded: roots
    # that are also consumed (an output beside its own input). (Loops, not comprehensions: in
    # Python 3.11 each comprehension is a function call, and this runs once per backward.)
    ready = []
    seeded = set()
    for n in list(grads):
        if n.uses:
            seeded.add(n)
        else:
            ready.append((n, grads.pop(n)))
    pending = {}   # node -> gradients still to come (absent: node.uses)
    m = TENSOR_MATH if create_graph else None
    xp = None
    release = not retain_graph
    recounted = False
    anomaly = anomaly_mode._state
    check_nan = anomaly["enabled"] and anomaly["check_nan"]
    prev = _state.enabled
    _state.enabled = create_graph
    node = None
    _passes.append(capture is not None)
    try:
        while True:
            while ready:
                node, g = ready.pop()
                # A chain: the node made ready last would be popped next, so it runs next without
                # going through ``ready`` (``follow``); any made ready before it wait there.
                while node is not None:
                    follow = follow_g = None
                    if capture is not None:  # (autograd.grad: ``leading`` is set too)
                        if node not in leading:
                            g = None  # (what reaches this node leads to none of the inputs)
                        g = sink.observe(node, g)
                    elif node.observed:
                        g = sink.observe(node, g)
                    if node.__class__ is AccumulateGrad:
                        sink.leaf_gradient(node, g, release, recounted)
                        if node.observed and g is not None and capture is None:
                            sink.after_accumulation(node, g)
                        break
                    if g is None or running is not None and node not in running:
                        if release_inputs and g is not None and node in capture:
                            _run_unused(node, g, m, create_graph, release)
                        results = (None,) * len(node.next)  # (nothing to run: it only passes None on)
                    else:
                        if not create_graph and node.xp is not xp:
                            xp = node.xp
                            m = array_math(xp)
                        results = node.run(m, g, release)
                        if results.__class__ is not tuple:
                            results = (results,)
                        if check_nan:  # (detect_anomaly)
                            _check_nan(node, results)
                    # (the edges indexed rather than zipped with the results: zip's iterators cost
                    # more than this whole loop body for a node's one or two edges)
                    edges = node.next
                    i = -1
                    for eg in results:
                        i += 1
                        edge = edges[i]
                        if edge is None:
                            continue
                        uses = edge.uses
                        if uses == 1 and not (seeded and edge in seeded):  # the common case: its only consumer
                            if edge.__class__ is AccumulateGrad and not edge.observed and capture is None:
                                sink.leaf_gradient(edge, eg, release, recounted)  # what running it would do
                                continue
                        else:
                            if eg is not None:
                                old = grads.get(edge)
                                grads[edge] = eg if old is None else old + eg
                            left = pending.get(edge, uses) - 1
                            if left:
                                pending[edge] = left
                                continue
                            eg = grads.pop(edge, None)
                        if follow is not None:
                            ready.append((follow, follow_g))
                        follow, follow_g = edge, eg
                    node, g = follow, follow_g
            if not grads:
                break
            # Some nodes wait on consumers this pass never runs: count exactly what is left.
            recounted = True
            pending = _count_consumers(grads)
            ready = [(n, grads.pop(n)) for n in [n for n in grads if n not in pending]]
    except Exception:
        if anomaly["enabled"] and node is not None:  # (the node whose formula or hooks raised)
            anomaly_mode.warn_backward_error(node)
        raise
    finally:
        _state.enabled = prev
        _passes.pop()
    if capture is not None:
        return [capture[n] for n in targets]
    return None


def _run_unused(node, g, m, create_graph, release):
    """Run ``node`` on ``g`` for its effects alone (see ``run_backward``'s ``release_inputs``)."""
    node.run(m if create_graph else array_math(node.xp), g, release)


def _count_consumers(starts):
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
        counts = _count_consumers(starts)
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
    """Call the leaf's post-accumulate-grad hooks, which must return None (PyTorch's errors: a
    TypeError for a result that is not a Tensor, a RuntimeError for a Tensor)."""
    for hook in list(leaf._post_hooks or ()):
        result = hook(leaf)
        if result is not None:
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
