"""PyTorch's torch-level losses (``torch.kl_div``, ``torch.margin_ranking_loss`` ...): nn.functional's,
with ATen's integer ``reduction`` (0 none, 1 mean, 2 sum; a string as well) and its default, 0."""
import warnings

from .nn import functional as F
from .ops._util import expect_tensor

__all__ = ["kl_div", "binary_cross_entropy_with_logits", "margin_ranking_loss", "hinge_embedding_loss",
           "cosine_embedding_loss", "triplet_margin_loss", "poisson_nll_loss", "ctc_loss"]


_REDUCTIONS = ("none", "mean", "sum")  # ATen's integer reduction codes
# PyTorch's torch-level losses default to reduction 0 (none): its bindings read ATen's ``Mean``
# default as 0. The same default here, so that these calls return what PyTorch's return.


def _reduction(code):
    if isinstance(code, str):
        return code
    try:
        return _REDUCTIONS[code]
    except (IndexError, TypeError):
        raise ValueError(f"{code} is not a valid value for reduction") from None


def kl_div(input, target, reduction=0, *, log_target=False):
    """``nn.functional.kl_div`` with ATen's integer ``reduction`` (1: the mean over all elements)."""
    with warnings.catch_warnings():  # (F.kl_div's advice about 'mean' is for its own callers)
        warnings.simplefilter("ignore")
        return F.kl_div(input, target, reduction=_reduction(reduction), log_target=log_target)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    """``nn.functional.binary_cross_entropy_with_logits`` with ATen's integer ``reduction``."""
    expect_tensor("binary_cross_entropy_with_logits", input)
    expect_tensor("binary_cross_entropy_with_logits", target, "target", 2)
    return F.binary_cross_entropy_with_logits(input, target, weight, reduction=_reduction(reduction),
                                              pos_weight=pos_weight)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    """``nn.functional.margin_ranking_loss`` with ATen's integer ``reduction``."""
    return F.margin_ranking_loss(input1, input2, target, margin, reduction=_reduction(reduction))


def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    """``nn.functional.hinge_embedding_loss`` with ATen's integer ``reduction``."""
    return F.hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    """``nn.functional.cosine_embedding_loss`` with ATen's integer ``reduction``."""
    return F.cosine_embedding_loss(input1, input2, target, margin, reduction=_reduction(reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, reduction=0):
    """``nn.functional.triplet_margin_loss`` with ATen's integer ``reduction``."""
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction=_reduction(reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """``nn.functional.poisson_nll_loss`` with every argument given and ATen's integer ``reduction``."""
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=_reduction(reduction))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0, zero_infinity=False):
    """``nn.functional.ctc_loss`` with ATen's integer ``reduction``."""
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, _reduction(reduction), zero_infinity)
