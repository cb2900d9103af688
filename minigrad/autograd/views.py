"""Keeping views' histories current after in-place changes (PyTorch regenerates
a view's grad_fn from its base when the base was modified in place).

A view in the graph registers itself (weakly) with its root. When an in-place
op gives the root a new history (the root itself changed, or one of its views
did), every other live view re-derives its history from the root's new node,
so its gradient sees the change, as in PyTorch. A view function takes an
array or a Tensor and the namespace of its kind: ``fn(a, m)``.
"""
from weakref import ref as _ref

from .grad_mode import state
from .namespace import TENSOR_MATH


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
            fresh = v._view[1](root, TENSOR_MATH)
            v._node = fresh._node
            v._rg = fresh._rg
    finally:
        state.enabled = prev


def compose(first, second):
    """The view function taking ``first`` and then ``second``."""
    return lambda a, m: second(first(a, m), m)
