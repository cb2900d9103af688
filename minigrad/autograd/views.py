"""Keeping views' histories current after in-place changes (PyTorch regenerates
a view's grad_fn from its base when the base was modified in place).

A view in the graph registers itself (weakly) with its root. When an in-place
op gives the root a new history (the root itself changed, or one of its views
did), every other live view re-derives its history from the root's new node,
so its gradient sees the change, as in PyTorch. A view function takes an
array or a Tensor and the namespace of its kind: ``fn(a, m)``.

A view's ``_view`` is ``(root, fn)``, or ``(root, fn, kind)`` for one that PyTorch refuses to
modify in place with grad mode on (its CreationMeta): an output of split, chunk or unbind
(``MULTI_OUTPUT``), a view made in no_grad mode (``NO_GRAD``) or in inference mode
(``INFERENCE``), an output of a custom Function that views memory (``CUSTOM_FUNCTION``: a view
made in its forward, or an input returned as-is), and the views taken of it.
"""
from weakref import ref as _ref

from .function_ctx import OutputPart
from .grad_mode import state
from .node import Node
from .namespace import TENSOR_MATH


MULTI_OUTPUT = "multi-output"
NO_GRAD = "no_grad"
INFERENCE = "inference"
CUSTOM_FUNCTION = "custom Function"

_ADVICE = ("Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving "
           "both the view and the inplace either both inside the {0} block (if you don't want the inplace to be "
           "tracked) or both outside (if you want the inplace to be tracked).")
_MULTI_ADVICE = ("This view is the output of a function that returns multiple views. Such functions do not allow the "
                 "output views to be modified inplace. You should replace the inplace operation by an out-of-place one.")
_CUSTOM_ADVICE = ("This view was created inside a custom Function (or because an input was returned as-is) and the "
                  "autograd logic to handle view+inplace would override the custom backward associated with the custom "
                  "Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by cloning "
                  "the output of the custom Function.")


def view_of(src, fn, kind=None):
    """The ``_view`` of the view ``fn`` takes of ``src``: the root, the view function from the root and
    the view's kind, if any (``kind`` in grad mode, else the mode it is made in), as PyTorch
    propagates a view's CreationMeta to the views taken of it."""
    if not state.enabled:
        kind = INFERENCE if state.inference else NO_GRAD
    parent = src._view
    if parent is None:
        return (src, fn) if kind is None else (src, fn, kind)
    if len(parent) > 2 and (kind is None or parent[2] is INFERENCE):
        kind = parent[2]
    fn = compose(parent[1], fn)
    return (parent[0], fn) if kind is None else (parent[0], fn, kind)


def _output_of(t):
    """"Output <i> of <op> is a view", as PyTorch's errors name a view by the node that made it."""
    node = t._node
    name = type(t.grad_fn).__name__
    name = name[:-9] if name.endswith("Backward0") else name.removesuffix("Backward")  # (as PyTorch prints it)
    return f"Output {node.index if isinstance(node, OutputPart) else 0} of {name} is a view"


def refuse_update(t):
    """PyTorch's error for an in-place change, with grad mode on, of a view whose kind forbids it."""
    kind = t._view[2]
    node = t._node
    if node is not None:
        output = _output_of(t)
    if (kind is MULTI_OUTPUT or kind is CUSTOM_FUNCTION) and node is not None:
        message = f"{output} and is being modified inplace."
    else:
        prefix = "A view was created in" if node is None else f"{output} of a view which was created in"
        if kind is INFERENCE:
            message = f"{prefix} inference mode and is being modified inplace in normal mode."
        else:
            message = f"{prefix} no_grad mode and is being modified inplace with grad mode enabled."
    raise RuntimeError(f"{message} {_advice(kind)}")


def _advice(kind):
    """The second sentence of PyTorch's error for a view of ``kind`` modified in place."""
    if kind is MULTI_OUTPUT:
        return _MULTI_ADVICE
    if kind is CUSTOM_FUNCTION:
        return _CUSTOM_ADVICE
    return _ADVICE.format("inference_mode" if kind is INFERENCE else "no_grad")


def register_view(t):
    """Remember view ``t`` (weakly) on its root, for ``refresh_views``."""
    d = t._view[0].__dict__
    refs = d.get("_views")
    if refs is None:
        d["_views"] = [_ref(t)]
    else:
        refs.append(_ref(t))
        if len(refs) >= d.get("_views_cap", 64):  # drop dead views, amortised
            refs[:] = [r for r in refs if r() is not None]
            d["_views_cap"] = max(64, 2 * len(refs))


def refresh_views(root, changed=None):
    """Re-derive the history of ``root``'s live views (except ``changed``) from its current node."""
    refs = root.__dict__.get("_views")
    if not refs:
        return
    prev = state.enabled
    state.enabled = True
    try:
        for r in list(refs):
            v = r()
            if v is None or v is changed or v._view is None or v._view[0] is not root:
                continue
            kind = v._view[2] if len(v._view) > 2 else None
            if (kind is MULTI_OUTPUT or kind is CUSTOM_FUNCTION) and v._node is not None:
                v._node = ChangedMultiOutputView(_output_of(v), v._node, _advice(kind))
                continue
            fresh = v._view[1](root, TENSOR_MATH)
            move_retained(v, fresh._node)
            v._node = fresh._node
            v._rg = fresh._rg
    finally:
        state.enabled = prev


class ChangedMultiOutputView(Node):
    """The history of an output of split, chunk or unbind or of a custom Function that views memory
    (or of a view of one) whose base changed in place since: PyTorch refuses to use such a view in the
    graph, so its ``grad_fn`` and a backward pass reaching it raise PyTorch's error (PyTorch raises at
    its next use already)."""

    def __init__(self, output, old, advice=_MULTI_ADVICE):
        self.message = f"{output} and its base or another view of its base has been modified inplace. {advice}"
        self.device = old.device
        self.xp = old.xp
        self.next = (old,)  # (so that the inputs below stay reachable, and the pass reaches this node)
        old.uses += 1

    def name(self):
        return "Invalid"  # (as PyTorch prints such a view: grad_fn=<Invalid>)

    def run(self, m, g, release):
        raise RuntimeError(self.message)


def move_retained(t, node):
    """A non-leaf ``t`` that retains its gradient keeps the gradient of its new history (``node``) after
    an in-place change of it or of its base, as in PyTorch, rather than that of the value it replaced."""
    kept = t._node is not None and t._node.retained
    if kept and kept() is t and node is not None:
        t._node.retained, node.retained, node.observed = None, kept, True


def same(a, m):
    """The view function of a tensor viewing all of its root as it is (an input a custom Function
    returns as-is)."""
    return a


def compose(first, second):
    """The view function taking ``first`` and then ``second``."""
    return lambda a, m: second(first(a, m), m)
