"""Distances and similarities of ``minigrad.nn.functional``: ``normalize``, ``cosine_similarity``,
``pairwise_distance``, as PyTorch builds them on the vector norm (``ops/distance.py``, whose
gradient at a zero vector is PyTorch's 0)."""
from .. import ops as _E
from ..autograd import no_grad
from ..dtypes import promote_types
from ..ops._out import write_out
from ..ops.distance import vector_norm
from ..ops.one_node import one_node
from ..ops._util import NotATensorError
from ..ops._broadcast_shapes import broadcast_shapes
from ._checks import _expect_bool, _expect_float, _expect_tensors

__all__ = ["normalize", "cosine_similarity", "pairwise_distance"]


def _expect_floating_norm(input):
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. "
                           f"Got {input.dtype._torch_name[:-6]}")


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """``input / max(||input||_p, eps)`` along ``dim``; written into ``out`` if given, and ``out`` returned."""
    _expect_tensors("normalize", ("input", 1, input), required=1, error=NotATensorError)
    _expect_floating_norm(input)
    denom = _E.clamp_min(_E.norm(input, p, dim, keepdim=True), eps)  # (PyTorch's input.norm(p, dim))
    result = input / denom.expand_as(input)
    return result if out is None else write_out("nn.functional.normalize", result, out)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Sum over ``dim`` of ``(x1 / max(||x1||, eps)) * (x2 / max(||x2||, eps))`` (x1 and x2 broadcast).

    As in PyTorch, the norms are clamped at ``eps`` outside the graph: their gradient is the norm's.
    """
    _expect_tensors("cosine_similarity", ("x1", 1, x1), ("x2", 2, x2), required=2)
    if not isinstance(dim, int):
        raise TypeError(f"cosine_similarity(): argument 'dim' must be int, not {type(dim).__name__}")
    eps = _expect_float("cosine_similarity", "eps", 4, eps)
    if eps < 0:
        raise RuntimeError(f"eps must be non-negative, got: {eps:g}")
    common = promote_types(x1.dtype, x2.dtype)
    if not common.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{common._torch_name[:-6]}")
    shape = broadcast_shapes(x1.shape, x2.shape)
    x1, x2 = x1.to(common).expand(shape), x2.to(common).expand(shape)
    n1, n2 = vector_norm(x1, 2, dim, keepdim=True), vector_norm(x2, 2, dim, keepdim=True)
    with no_grad():  # PyTorch's clamp_min_ under NoGradGuard: the value changes, the gradient does not
        lift1, lift2 = _E.clamp_min(n1, eps) - n1, _E.clamp_min(n2, eps) - n2
    return ((x1 / (n1 + lift1)) * (x2 / (n2 + lift2))).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of ``x1 - x2 + eps`` along the last dimension."""
    _expect_tensors("pairwise_distance", ("x1", 1, x1), ("x2", 2, x2))
    _expect_float("pairwise_distance", "p", None, p)
    _expect_float("pairwise_distance", "eps", None, eps)
    _expect_bool("pairwise_distance", "keepdim", None, keepdim)
    # PyTorch's at::norm(x1 - x2 + eps, p, -1): an AddBackward1 (a Scalar added) under a NormBackward1
    shifted = one_node("AddBackward1", lambda d: d + eps, x1 - x2, linear=True)
    return one_node("NormBackward1", lambda d: vector_norm(d, p, -1, keepdim), shifted)
