"""The backward pass: reverse topological order without recursion.

Dependencies are counted first (how many consumers inside the graph each node
has); then nodes run when all their consumers have passed them a gradient,
as in HIPS autograd's toposort. Each node's gradient is dropped as soon as it
is used, and saved values are freed unless ``retain_graph``.

Without ``create_graph`` gradients travel as raw backend arrays and minigrad's
own ops run their backward formulas on arrays (no per-op dispatch); they are
wrapped as Tensors only where user code sees them (hooks, user Functions,
``.grad``). With ``create_graph`` they travel as Tensors and every backward
formula is recorded, so it can be differentiated again.
"""
from . import grad_mode
from .function import Node, OutputPart, _FREED
from .. import tensor as _tensor_mod

_state = grad_mode.state


def _count_dependencies(roots):
    deps = {}
    stack = [r for r in roots if isinstance(r, Node)]
    seen = set(stack)
    while stack:
        node = stack.pop()
        for e in node.next:
            if e is None or not isinstance(e, Node):
                continue
            deps[e] = deps.get(e, 0) + 1
            if e not in seen:
                seen.add(e)
                stack.append(e)
    return deps


def _call_hooks(hooks, grad):
    for hook in hooks:
        result = hook(grad)
        if result is not None:
            grad = result
    return grad


class _Pass:
    """How gradients are represented during one backward pass."""

    def __init__(self, raw):
        self.raw = raw

    def to_tensor(self, g, device):
        if not self.raw:
            return g
        backend = device.backend or device._get_backend()
        if g.__class__ is not backend.array_type:
            g = backend.xp.asarray(g)  # a NumPy scalar from a 0-d formula
        return _tensor_mod.wrap(g, device)

    def from_tensor(self, t):
        return t._data if self.raw and t is not None else t


def _device_of(node):
    """The device of ``node``'s output (for wrapping a raw gradient)."""
    return node._device or _tensor_mod.CPU


def _run_node(node, grad, mode):
    """Call one node's backward; returns the tuple of gradients for its edges."""
    if node.__class__.raw_backward:  # one of minigrad's own ops
        results = node.backward(node, grad)
        return results if results.__class__ is tuple else (results,)
    # a user Function: Tensors in, Tensors out, one gradient per forward argument
    dev = _device_of(node)
    if isinstance(grad, list):
        results = _call_multi_backward(node, [mode.to_tensor(g, dev) if g is not None else None for g in grad])
    else:
        results = _check_count(node, node.backward(node, mode.to_tensor(grad, dev)))
    return tuple(mode.from_tensor(r) for r in results)


def _check_count(node, results):
    if results.__class__ is not tuple:
        results = (results,)
    if len(results) != len(node.next):
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                           f"(expected {len(node.next)}, got {len(results)})")
    return results


def run_backward(tensors, grad_tensors, retain_graph=False, create_graph=False, inputs=None):
    """Backpropagate from ``tensors`` (with upstream ``grad_tensors``).

    With ``inputs`` None, gradients accumulate into the ``.grad`` of leaves.
    Otherwise nothing accumulates and a list of the gradients reaching each
    tensor of ``inputs`` (None where none does) is returned.
    """
    mode = _Pass(raw=not create_graph)
    handed_out = set()  # ids of gradient arrays a leaf already keeps, or that the caller owns
    grads = {}          # node -> summed gradient of its output (a list for multi-output nodes)
    leaf_grads = {}     # id(leaf) -> [leaf, summed gradient]
    roots = []
    for t, g in zip(tensors, grad_tensors):
        g = mode.from_tensor(g)
        handed_out.add(id(g))
        node = t._node
        if node is None:
            key = id(t)
            if key in leaf_grads:
                leaf_grads[key][1] = leaf_grads[key][1] + g
            else:
                leaf_grads[key] = [t, g]
            continue
        roots.append(node)
        _add_grad(grads, node, g)

    capture = None
    if inputs is not None:
        capture = {t._node: None for t in inputs if t._node is not None}

    deps = _count_dependencies(roots)
    ready = [n for n in dict.fromkeys(roots) if deps.get(n, 0) == 0]
    prev_mode, prev_raw = _state.enabled, _state.raw_backward
    _state.enabled = create_graph
    _state.raw_backward = mode.raw
    pop_grad = grads.pop
    try:
        while ready:
            node = ready.pop()
            grad = pop_grad(node)
            cls = node.__class__
            if node._observed or (capture is not None and node in capture):
                grad = _observe(node, grad, mode, create_graph, capture, inputs is None)
            if cls is OutputPart:
                _deposit_output_part(node, grad, grads, deps, ready)
                continue
            # the hot path: one of minigrad's own ops, run on raw arrays or recorded Tensors
            if cls.raw_backward and grad.__class__ is not list:
                results = node.backward(node, grad)
                if results.__class__ is not tuple:
                    results = (results,)
            else:
                results = _run_node(node, grad, mode)
            if not retain_graph:
                if node._saved is not None:
                    node._saved = _FREED
                if node._out is not None:
                    node._out = _FREED
            for edge, g in zip(node.next, results):
                if edge is None or g is None:
                    continue
                if isinstance(edge, Node):
                    old = grads.get(edge)
                    grads[edge] = g if old is None else old + g
                    left = deps[edge] = deps[edge] - 1
                    if left == 0:
                        ready.append(edge)
                else:
                    key = id(edge)
                    entry = leaf_grads.get(key)
                    if entry is None:
                        leaf_grads[key] = [edge, g]
                    else:
                        entry[1] = entry[1] + g
    finally:
        _state.enabled = prev_mode
        _state.raw_backward = prev_raw

    if inputs is not None:
        out = []
        for t in inputs:
            if t._node is not None:
                g = capture.get(t._node)
            else:
                entry = leaf_grads.get(id(t))
                g = None if entry is None else mode.to_tensor(entry[1], t._device)
                if g is not None and t._hooks:
                    g = _call_hooks(t._hooks, g)
            out.append(g)
        return out
    if not mode.raw:
        for leaf, g in leaf_grads.values():
            _accumulate_leaf(leaf, g, create_graph)
        return None
    wrap = _tensor_mod.wrap
    for leaf, g in leaf_grads.values():
        old = leaf._grad
        if old is not None and not leaf._hooks and not old._rg and old._data.shape == g.shape:
            old._data += g  # accumulate in place; the dtype is cast by NumPy's same-kind rule
            old._version[0] += 1
            continue
        ld = leaf._data
        # an array that owns its memory (base None) and no one else holds can be kept as it is
        if g.__class__ is not ld.__class__ or g.dtype is not ld.dtype or id(g) in handed_out or g.base is not None:
            g = _own(g, handed_out, leaf)
        else:
            handed_out.add(id(g))
        if old is None and not leaf._hooks:
            leaf._grad = wrap(g, leaf._device)
        else:
            _accumulate_leaf(leaf, wrap(g, leaf._device), False)
    return None


def _deposit_output_part(node, grad, grads, deps, ready):
    """Pass one output's gradient of a multi-output Function to the Function's node."""
    parent = node.parent
    slot = grads.get(parent)
    if slot is None:
        slot = grads[parent] = [None] * parent._n_outputs
    i = node.index
    slot[i] = grad if slot[i] is None else slot[i] + grad
    left = deps[parent] = deps[parent] - 1
    if left == 0:
        ready.append(parent)


def _observe(node, grad, mode, create_graph, capture, accumulate):
    """Run tensor hooks, fill retain_grad and autograd.grad captures for one node's gradient."""
    if isinstance(grad, list):
        return grad
    dev = None
    if mode.raw:
        dev = _device_of(node)
        tgrad = _tensor_mod.wrap(grad, dev)
    else:
        tgrad = grad
    if node._hooks:
        tgrad = _call_hooks(node._hooks, tgrad)
    if node._retain is not None and accumulate:
        owner = node._retain()
        if owner is not None:
            owner._grad = tgrad if create_graph else tgrad.detach()
    if capture is not None and node in capture:
        capture[node] = tgrad
    return mode.from_tensor(tgrad)


def _own(data, handed_out, leaf):
    """A gradient array a leaf may keep: fresh, writable, its own dtype, not shared with another leaf."""
    if data.__class__ is not leaf._data.__class__:
        data = leaf._device._get_backend().xp.array(data, dtype=leaf._data.dtype)  # a scalar from 0-d math
    elif data.dtype != leaf._data.dtype:
        data = data.astype(leaf._data.dtype)
    elif id(data) in handed_out or data.base is not None or not getattr(data.flags, "writeable", True):
        data = data.copy()  # a view, a broadcast, or an array another leaf (or the caller) holds
    handed_out.add(id(data))
    return data


def _accumulate_leaf(leaf, grad, create_graph):
    if leaf._hooks:
        grad = _call_hooks(leaf._hooks, grad)
    if grad._data.dtype != leaf._data.dtype:
        grad = grad.to(leaf.dtype)
    old = leaf._grad
    if old is None:
        leaf._grad = grad if create_graph or grad._node is None else grad.detach()
    elif create_graph or old._rg:
        leaf._grad = old + grad
    else:
        old._data += grad._data
        old._version[0] += 1


def _add_grad(grads, node, g):
    old = grads.get(node)
    grads[node] = g if old is None else old + g


def _call_multi_backward(node, grad_list):
    if node._materialize:
        grad_list = [g if g is not None else node._zeros_for_output(i) for i, g in enumerate(grad_list)]
    return _check_count(node, node.backward(node, *grad_list))
