"""``torch.autograd.functional``: ``jacobian`` and ``hessian`` (``jacobians.py``) and ``vjp``, ``jvp``,
``vhp``, ``hvp`` (``vector_products.py``); and ``backward`` and ``grad`` (``entry_points.py``), which
minigrad has here too."""
from .entry_points import NotATensorError, backward, grad  # noqa: F401
from .jacobians import hessian, jacobian
from .vector_products import hvp, jvp, vhp, vjp

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]
