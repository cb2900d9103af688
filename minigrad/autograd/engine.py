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
from .node import AccumulateGrad
from .namespace import TENSOR_MATH, array_math
from .gradient_sink import _Sink, count_consumers

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
    modes = _state.__dict__  # (this thread's modes, read and written as a dict: see grad_mode._GradState)
    prev = modes["enabled"]
    modes["enabled"] = create_graph
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
            pending = count_consumers(grads)
            ready = [(n, grads.pop(n)) for n in [n for n in grads if n not in pending]]
    except Exception:
        if anomaly["enabled"] and node is not None:  # (the node whose formula or hooks raised)
            anomaly_mode.warn_backward_error(node)
        raise
    finally:
        modes["enabled"] = prev
        _passes.pop()
    if capture is not None:
        return [capture[n] for n in targets]
    return None


def _run_unused(node, g, m, create_graph, release):
    """Run ``node`` on ``g`` for its effects alone (see ``run_backward``'s ``release_inputs``)."""
    node.run(m if create_graph else array_math(node.xp), g, release)
