"""The backward pass: reverse topological order without recursion.

Dependencies are counted first (how many consumers inside the graph each node
has); then nodes run when all their consumers have passed them a gradient,
as in HIPS autograd's toposort. Each node's gradient is dropped as soon as it
is used, and saved values are freed unless ``retain_graph``.
"""
from . import grad_mode
from .function import Node, OutputPart
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


def _own(grad, handed_out):
    """A gradient a leaf may keep: a fresh writable array, not shared with another leaf."""
    data = grad._data
    if id(data) in handed_out or data.base is not None or not data.flags.writeable:
        grad = _tensor_mod.wrap(data.copy(), grad._device, grad._node)
        data = grad._data
    handed_out.add(id(data))
    return grad


def _accumulate_leaf(leaf, grad, create_graph):
    if leaf._hooks:
        grad = _call_hooks(leaf._hooks, grad)
    if grad._data.dtype != leaf._data.dtype:
        grad = grad.to(leaf.dtype)
    old = leaf.grad
    if old is None:
        leaf.grad = grad if create_graph or grad._node is None else grad.detach()
    elif create_graph or old._rg:
        leaf.grad = old + grad
    else:
        old._data += grad._data
        old._version[0] += 1


def run_backward(tensors, grad_tensors, retain_graph=False, create_graph=False, inputs=None):
    """Backpropagate from ``tensors`` (with upstream ``grad_tensors``).

    With ``inputs`` None, gradients accumulate into the ``.grad`` of leaves.
    Otherwise nothing accumulates and a list of the gradients reaching each
    tensor of ``inputs`` (None where none does) is returned.
    """
    grads = {}          # node -> summed gradient of its output (a list for multi-output nodes)
    leaf_grads = {}     # id(leaf) -> [leaf, summed gradient]
    roots = []
    for t, g in zip(tensors, grad_tensors):
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
        capture = {}
        for t in inputs:
            if t._node is not None:
                capture[t._node] = None

    deps = _count_dependencies(roots)
    ready = [n for n in dict.fromkeys(roots) if deps.get(n, 0) == 0]
    prev_mode = _state.enabled
    _state.enabled = create_graph
    try:
        while ready:
            node = ready.pop()
            grad = grads.pop(node)
            if node._hooks:
                grad = _call_hooks(node._hooks, grad)
            if node._retain is not None:
                owner = node._retain()
                if owner is not None and inputs is None:
                    owner.grad = grad if create_graph else grad.detach()
            if capture is not None and node in capture:
                capture[node] = grad
            if node.__class__ is OutputPart:
                parent = node.parent
                slot = grads.get(parent)
                if slot is None:
                    slot = grads[parent] = [None] * parent._n_outputs
                i = node.index
                slot[i] = grad if slot[i] is None else slot[i] + grad
                results = ()
                left = deps[parent] = deps[parent] - 1
                if left == 0:
                    ready.append(parent)
                continue
            if isinstance(grad, list):
                results = _call_multi_backward(node, grad)
            else:
                results = node.backward(node, grad)
            if not retain_graph:
                node._release()
            if results.__class__ is not tuple:
                results = (results,)
            for edge, g in zip(node.next, results):
                if edge is None or g is None:
                    continue
                if isinstance(edge, Node):
                    _add_grad(grads, edge, g)
                    left = deps[edge] = deps[edge] - 1
                    if left == 0:
                        ready.append(edge)
                else:
                    key = id(edge)
                    if key in leaf_grads:
                        entry = leaf_grads[key]
                        entry[1] = entry[1] + g
                    else:
                        leaf_grads[key] = [edge, g]

        if inputs is not None:
            out = []
            for t in inputs:
                if t._node is not None:
                    out.append(capture.get(t._node))
                else:
                    entry = leaf_grads.get(id(t))
                    g = None if entry is None else entry[1]
                    if g is not None and t._hooks:
                        g = _call_hooks(t._hooks, g)
                    out.append(g)
            return out
        handed_out = set()
        for leaf, g in leaf_grads.values():
            if not create_graph:
                g = _own(g, handed_out)
            _accumulate_leaf(leaf, g, create_graph)
        return None
    finally:
        _state.enabled = prev_mode


def _add_grad(grads, node, g):
    old = grads.get(node)
    grads[node] = g if old is None else old + g


def _call_multi_backward(node, grad_list):
    if node._materialize:
        grad_list = [g if g is not None else node._zeros_for_output(i) for i, g in enumerate(grad_list)]
    return node.backward(node, *grad_list)
