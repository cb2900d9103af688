"""More losses of ``minigrad.nn.functional``, composed of core ops as PyTorch composes them:
``gaussian_nll_loss``, ``poisson_nll_loss``, ``margin_ranking_loss``, ``hinge_embedding_loss``,
``soft_margin_loss``, ``cosine_embedding_loss``, ``triplet_margin_loss`` and ``linear_cross_entropy``."""
import math
import warnings

from .. import ops as _E
from ..autograd import no_grad, is_grad_enabled
from ..creation import full_like, ones_like, zeros_like
from ._similarity import pairwise_distance
from ._checks import _expect_bool, _expect_float, _expect_tensors, _legacy_reduction, _check_reduction, _reduce
from ._layers import linear
from ._losses_classification import cross_entropy
from ..ops.one_node import one_node
from ..ops._operands import with_scalar_name

__all__ = ["gaussian_nll_loss", "poisson_nll_loss", "margin_ranking_loss", "hinge_embedding_loss",
           "soft_margin_loss", "cosine_embedding_loss", "triplet_margin_loss", "linear_cross_entropy"]

#: added to the squared norms in cosine_embedding_loss (PyTorch's EPSILON there)
_COSINE_EPS = 1e-12


def _reduction(size_average, reduce, reduction):
    """``reduction``, or the one PyTorch's deprecated size_average/reduce give (with its warning); checked."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)  # (warns as PyTorch)
    _check_reduction(reduction)
    return reduction


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 * (log(var) + (input - target)**2 / var) (+ 0.5 * log(2 pi) when ``full``); ``var`` (a tensor
    shaped like input, one dim short, or with one dim of size 1; or a float) is clamped at ``eps``
    outside the graph."""
    _expect_tensors("gaussian_nll_loss", ("input", 1, input), ("target", 2, target))
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * ones_like(input)
    elif not isinstance(var, _E.Tensor):  # an int too: PyTorch takes a float or a Tensor only
        raise TypeError(f"gaussian_nll_loss(): var must be a Tensor or a float, not {type(var).__name__}")
    elif bool((var < 0).any()):
        raise ValueError("var has negative entry/entries")
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (input.ndim == var.ndim and sum(v for i, v in zip(input.shape, var.shape) if i != v) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():  # PyTorch's clamp_ under no_grad: the value changes, the gradient is var's
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """exp(input) - target * input (``log_input``), or input - target * log(input + eps); ``full`` adds
    Stirling's approximation of log(target!) where target > 1."""
    _expect_tensors("poisson_nll_loss", ("input", 1, input), ("target", 2, target))
    reduction = _reduction(size_average, reduce, reduction)
    eps = _expect_float("poisson_nll_loss", "eps", 5, eps)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + _E.where(target <= 1, 0.0, stirling)
    return _reduce(loss, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -target * (input1 - input2) + margin), target +1 or -1."""
    _expect_tensors("margin_ranking_loss", ("input1", 1, input1), ("input2", 2, input2), ("target", 3, target))
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    # (the margin is a double in PyTorch's kernel: integer inputs give the default float dtype)
    margin = float(_expect_float("margin_ranking_loss", "margin", 4, margin))
    return _reduce(_E.clamp_min(with_scalar_name(-target * (input1 - input2) + margin), 0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """input where target is 1, max(0, margin - input) where target is -1."""
    _expect_tensors("hinge_embedding_loss", ("input", 1, input), ("target", 2, target))
    reduction = _reduction(size_average, reduce, reduction)
    margin = _expect_float("hinge_embedding_loss", "margin", 3, margin)
    zeros = zeros_like(input)
    # (PyTorch's margin - input fills a tensor of input's dtype first: an integer input truncates the margin)
    beyond_margin = _E.where(target != 1, _E.clamp_min(full_like(input, margin) - input, 0), zeros)
    return _reduce(beyond_margin + _E.where(target != -1, input, zeros), reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target * input)), target +1 or -1."""
    _expect_tensors("soft_margin_loss", ("input", 1, input), ("target", 2, target))
    if not input.dtype.is_floating_point:  # (PyTorch writes the loss into a tensor of the input's dtype)
        raise RuntimeError(f"result type Float can't be cast to the desired output type {input.dtype._torch_name[:-6]}")
    reduction = _reduction(size_average, reduce, reduction)
    if target.requires_grad and is_grad_enabled():  # (a single kernel in PyTorch, with no target gradient)
        raise RuntimeError("The function 'soft_margin_loss' is not differentiable with respect to argument "
                           "'target'. This input cannot have requires_grad True.")
    return one_node("SoftMarginLossBackward0", lambda x: _reduce((-x * target).exp().log1p(), reduction), input)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(input1, input2) where target is 1, max(0, cos - margin) where target is -1; the cosine
    along the last dim of (N, D) inputs with an (N,) target, or of (D,) inputs with a 0-d target."""
    _expect_tensors("cosine_embedding_loss", ("input1", 1, input1), ("input2", 2, input2), ("target", 3, target))
    reduction = _reduction(size_average, reduce, reduction)
    margin = _expect_float("cosine_embedding_loss", "margin", 4, margin)
    dim = target.dim()
    if dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != dim + 1 or input2.dim() != dim + 1:
        raise RuntimeError(f"{dim}D target tensor expects {dim + 1}D input tensors, but found inputs with sizes "
                           f"{list(input1.shape)} and {list(input2.shape)}.")
    dot = (input1 * input2).sum(dim)
    squares = ((input1 * input1).sum(dim) + _COSINE_EPS) * ((input2 * input2).sum(dim) + _COSINE_EPS)
    cos = dot / squares.sqrt()
    zeros = zeros_like(cos)
    loss = _E.where(target == 1, 1 - cos, zeros) + _E.where(target == -1, _E.clamp_min(cos - margin, 0), zeros)
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the pairwise p-distance (``swap``:
    the smaller of d(anchor, negative) and d(positive, negative))."""
    _expect_tensors("triplet_margin_loss", ("anchor", 1, anchor), ("positive", 2, positive),
                    ("negative", 3, negative))
    reduction = _reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    margin = _expect_float("triplet_margin_loss", "margin", 4, margin)
    _expect_float("triplet_margin_loss", "p", 5, p)  # (PyTorch's argument parser, after its Python checks)
    _expect_float("triplet_margin_loss", "eps", 6, eps)
    _expect_bool("triplet_margin_loss", "swap", 7, swap)
    if not anchor.dim() == positive.dim() == negative.dim():
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {anchor.dim()}D, positive {positive.dim()}D, and negative "
                           f"{negative.dim()}D inputs")
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = _E.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce(_E.clamp_min(margin + d_pos - d_neg, 0), reduction)


def linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None, reduction="mean",
                         ignore_index=None, label_smoothing=0.0, options=None):
    """cross_entropy(linear(input, linear_weight, linear_bias), target, ...), PyTorch's reference path.

    ``linear_weight`` is (C, in_features) or (C, d_1, ..., d_K, in_features) for a K-dimensional loss (the
    logits then (N, C, d_1, ..., d_K)); ``ignore_index`` None means -100. ``options`` (PyTorch's settings
    for computing the loss in chunks of the batch, to save memory) are accepted: the values are the same."""
    _expect_tensors("linear_cross_entropy", ("input", 1, input), ("linear_weight", 2, linear_weight),
                    ("target", 3, target))
    if input.ndim < 1 or input.ndim > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {input.ndim}")
    if linear_weight.ndim < 2:
        raise RuntimeError(f"expected linear_weight with dimensionality at least 2, got {linear_weight.ndim}")
    batches, in_features = tuple(input.shape[:-1]), input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError("expected equal input and linear_weight last dimensions (in_features), "
                           f"got {in_features} and {linear_weight.shape[-1]}, respectively")
    classes, out_features = linear_weight.shape[0], tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (classes,) + out_features:
        raise RuntimeError(f"expected linear_bias shape {(classes,) + out_features}, got {tuple(linear_bias.shape)}")
    if out_features and not batches:
        raise RuntimeError(f"K-dimensional loss defined by linear_weight shape {tuple(linear_weight.shape)} requires"
                           f" batched input, (N, {in_features}), got unbatched input with shape {tuple(input.shape)}")
    logits_shape = batches + (classes,) + out_features
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains probabilities")
    if options is not None and (out_features or reduction not in ("mean", "sum", "none") or label_smoothing != 0.0
                                or target.dtype.name != "int64"):
        warnings.warn("linear_cross_entropy: ``options`` ignored; chunked path needs reduction in "
                      "{'mean','sum','none'}, label_smoothing == 0, target.dtype == int64, out_features == (). Got "
                      f"reduction={reduction!r}, label_smoothing={label_smoothing}, target.dtype={target.dtype}, "
                      f"out_features={out_features}, tracing=False, linear_bias.shape="
                      f"{tuple(linear_bias.shape) if linear_bias is not None else None}.", stacklevel=2)
    rows = math.prod(out_features) * classes
    w = linear_weight.reshape(rows, in_features) if out_features else linear_weight
    b = linear_bias.reshape(rows) if linear_bias is not None and out_features else linear_bias
    logits = linear(input, w, b).reshape(logits_shape)
    return cross_entropy(logits, target, weight=weight, reduction=reduction,
                         ignore_index=-100 if ignore_index is None else ignore_index, label_smoothing=label_smoothing)
