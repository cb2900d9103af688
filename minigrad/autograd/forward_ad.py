"""``minigrad.autograd.forward_ad``: forward-mode derivatives with dual tensors, as
``torch.autograd.forward_ad``::

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        jvp = forward_ad.unpack_dual(f(x)).tangent

minigrad has no forward mode of its own: a dual tensor is a tensor in the backward graph, and
``unpack_dual`` computes the tangent of its result as the reverse pass of a reverse pass
(``J t = d/du (uᵀ J) t``), the same values. Differences from PyTorch: a dual tensor and what is
computed from it require grad (PyTorch's do not), and each ``unpack_dual`` of a computed tensor
runs two backward passes. A custom Function applied to tensors carrying tangents gives its
outputs the tangents its ``jvp`` computes (PyTorch's NotImplementedError without one): those
outputs are dual tensors of their own, and the pass computing a tangent stops at their node.
"""
import collections

from .entry_points import _zeros_like, grad
from .grad_mode import enable_grad
from .. import tensor as _tensor_mod

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual"]

UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])
UnpackedDualTensor.__doc__ = "A dual tensor's value (``primal``) and directional derivative (``tangent``)."

_levels = []   # one dict per open level: id(dual tensor) -> (dual tensor, tangent)
_jvp_nodes = []  # the nodes of custom Functions whose outputs got their tangents from ``jvp``
_made_leaves = []  # the duals make_dual made requiring grad (for the emulation) from tensors that did not


def enter_dual_level():
    """Open a new level for dual tensors; returns its number (only one level may be open, as in PyTorch)."""
    if _levels:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _levels.append({})
    return len(_levels) - 1


def exit_dual_level(*, level=None):
    """Close the level: its dual tensors' tangents are forgotten, and those ``make_dual`` made from
    a tensor not requiring grad no longer require grad."""
    if not _levels:
        raise RuntimeError("Dual level must be a positive number.")
    _levels.pop()
    _jvp_nodes.clear()
    for dual in _made_leaves:
        dual.requires_grad_(False)
    _made_leaves.clear()


class dual_level:
    """The block within which dual tensors live (``enter_dual_level`` / ``exit_dual_level``)."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False


def _check_dual(primal, tangent=None):
    """PyTorch's errors for a primal and its tangent (None: the primal alone) that cannot make a dual
    tensor: a dtype neither floating point nor complex, or a tangent of another shape."""
    for kind, t in (("primal", primal), ("tangent", tangent)):
        if t is not None and not (t.is_floating_point() or t.is_complex()):
            raise ValueError(f"Expected {kind} to be floating point or complex, but got: {t.dtype}")
    if tangent is not None and tuple(tangent.shape) != tuple(primal.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(primal.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")


def make_dual(tensor, tangent, *, level=None):
    """A tensor with the values of ``tensor`` that carries ``tangent`` as its directional derivative."""
    if not _levels:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    _check_dual(tensor, tangent)
    tangent = _in_layout_of(tensor, tangent)
    with enable_grad():
        if tensor.requires_grad:
            dual = tensor.view_as(tensor)
        else:
            dual = tensor.detach().requires_grad_()
            _made_leaves.append(dual)
    _levels[-1][id(dual)] = (dual, tangent)
    return dual


def _storage_numel(t):
    """How many elements of ``t``'s dtype its storage holds."""
    return t.untyped_storage().nbytes() // t.element_size()


def _same_layout(primal, tangent):
    """PyTorch's test for a tangent a dual tensor keeps as given: the primal's sizes, storage offset,
    storage size (in elements) and strides (but along dimensions of size 0 or 1); the dtype may differ."""
    if tuple(tangent.shape) != tuple(primal.shape) or tangent.storage_offset() != primal.storage_offset():
        return False
    if _storage_numel(tangent) != _storage_numel(primal):
        return False
    return all(a == b or n < 2 for a, b, n in zip(primal.stride(), tangent.stride(), primal.shape))


def _in_layout_of(primal, tangent):
    """The tangent a dual tensor of ``primal`` carries: ``tangent`` itself where its layout is the
    primal's, else a copy laid out as the primal (same strides and offset in a storage of the same
    size), as PyTorch's ``make_dual`` makes."""
    if _same_layout(primal, tangent):
        return tangent
    flat = tangent.new_zeros(_storage_numel(primal))
    return flat.as_strided(primal.shape, primal.stride(), primal.storage_offset()).copy_(tangent)


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
    with enable_grad(), _stopped_at(_jvp_nodes):
        u = (tensor.detach() * 0 + 1).requires_grad_()  # (any values: uᵀJ is linear in u)
        firsts = grad(tensor, inputs, u, create_graph=True, allow_unused=True)
        used = [(g, t) for g, t in zip(firsts, tangents) if g is not None]
        if not used:
            return UnpackedDualTensor(primal, None)
        (product,) = grad([g for g, _ in used], [u], [t for _, t in used], retain_graph=True, allow_unused=True)
    return UnpackedDualTensor(primal, _zeros_like(primal) if product is None else product.detach())


class _stopped_at:
    """Within the block, ``nodes`` pass no gradient on (their outputs' tangents are their ``jvp``'s,
    registered as duals: a path through them would count their inputs' tangents twice, and call a
    backward that forward AD never calls). A node's ``run`` is replaced on the instance, as a node
    hook's is; what the instance had is put back after."""

    def __init__(self, nodes):
        self.nodes = nodes

    def __enter__(self):
        self.kept = [(node, node.__dict__.get("run")) for node in self.nodes]
        for node in self.nodes:
            node.run = (lambda n: lambda m, g, release: (None,) * n)(len(node.next))

    def __exit__(self, *exc):
        for node, run in self.kept:
            if run is None:
                del node.run
            else:
                node.run = run
        return False


def function_applied(ctx, args, outputs):
    """After custom Function ``ctx`` (its node) ran on ``args``: if any of them carries a tangent,
    give ``outputs`` (its Tensor outputs, in order; None where not differentiable) the tangents its
    ``jvp`` returns, as PyTorch's forward AD does (a Function without ``jvp`` raises PyTorch's
    NotImplementedError). ``jvp`` receives one tangent per argument: zeros for a Tensor without one,
    None for anything else; ``ctx.saved_tensors`` there are those of ``ctx.save_for_forward``."""
    from .function import Function
    Tensor = _tensor_mod.Tensor
    tangents = [unpack_dual(a).tangent if isinstance(a, Tensor) else None for a in args]
    if all(t is None for t in tangents):
        return
    if type(ctx).jvp is Function.jvp:
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")
    tangents = [_zeros_like(a) if t is None and isinstance(a, Tensor) else t for a, t in zip(args, tangents)]
    kept = ctx.saved, ctx.saved_versions, ctx.saved_outputs
    ctx.saved, ctx.saved_versions, ctx.saved_outputs = ctx.saved_for_forward, (), None
    try:
        results = type(ctx).jvp(ctx, *tangents)
    finally:
        ctx.saved, ctx.saved_versions, ctx.saved_outputs = kept
    results = results if isinstance(results, tuple) else (results,)
    for out, tangent in zip(outputs, results):
        if out is not None and tangent is not None and out.requires_grad:
            _levels[-1][id(out)] = (out, tangent.detach())
    if ctx.next:
        _jvp_nodes.append(ctx)
