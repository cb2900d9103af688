"""``minigrad.autograd.forward_ad``: forward-mode derivatives with dual tensors, as
``torch.autograd.forward_ad``::

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        jvp = forward_ad.unpack_dual(f(x)).tangent

minigrad has no forward mode of its own: a dual tensor is a tensor in the backward graph, and
``unpack_dual`` computes the tangent of its result as the reverse pass of a reverse pass
(``J t = d/du (uᵀ J) t``), the same values. Differences from PyTorch: a dual tensor and what is
computed from it require grad (PyTorch's do not), and each ``unpack_dual`` of a computed tensor
runs two backward passes.
"""
import collections

from .functional import _zeros_like, grad
from .grad_mode import enable_grad

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual"]

UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])
UnpackedDualTensor.__doc__ = "A dual tensor's value (``primal``) and directional derivative (``tangent``)."

_levels = []   # one dict per open level: id(dual tensor) -> (dual tensor, tangent)


def enter_dual_level():
    """Open a new level for dual tensors; returns its number (only one level may be open, as in PyTorch)."""
    if _levels:
        raise RuntimeError("Entering a new forward AD level but the current level (0) is not valid. Make sure "
                           "you did not modified it directly.")
    _levels.append({})
    return len(_levels) - 1


def exit_dual_level(*, level=None):
    """Close the level: its dual tensors' tangents are forgotten."""
    if not _levels:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. "
                           "This is not supported.")
    _levels.pop()


class dual_level:
    """The block within which dual tensors live (``enter_dual_level`` / ``exit_dual_level``)."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False


def make_dual(tensor, tangent, *, level=None):
    """A tensor with the values of ``tensor`` that carries ``tangent`` as its directional derivative."""
    if not _levels:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")
    with enable_grad():
        dual = tensor.view_as(tensor) if tensor.requires_grad else tensor.detach().requires_grad_()
    _levels[-1][id(dual)] = (dual, tangent)
    return dual


def unpack_dual(tensor, *, level=None):
    """``(primal, tangent)`` of ``tensor``: its values, and its directional derivative along the
    tangents of the dual tensors it was computed from (None if it was computed from none)."""
    primal = tensor.detach()
    if not _levels or not tensor.requires_grad:
        return UnpackedDualTensor(primal, None)
    duals = _levels[-1]
    own = duals.get(id(tensor))
    if own is not None and own[0] is tensor:
        return UnpackedDualTensor(primal, own[1])
    inputs = [d for d, _ in duals.values()]
    tangents = [t for _, t in duals.values()]
    if not inputs:
        return UnpackedDualTensor(primal, None)
    with enable_grad():
        u = (tensor.detach() * 0 + 1).requires_grad_()  # (any values: uᵀJ is linear in u)
        firsts = grad(tensor, inputs, u, create_graph=True, allow_unused=True)
        used = [(g, t) for g, t in zip(firsts, tangents) if g is not None]
        if not used:
            return UnpackedDualTensor(primal, None)
        (product,) = grad([g for g, _ in used], [u], [t for _, t in used], retain_graph=True, allow_unused=True)
    return UnpackedDualTensor(primal, _zeros_like(primal) if product is None else product.detach())
