"""Layers with random draws in training, for ``minigrad.nn.functional``: ``rrelu`` (random leaky
slopes) and ``alpha_dropout`` / ``feature_alpha_dropout`` (dropout that keeps SELU's mean and
variance). The draws come from minigrad's generator in PyTorch's order, so after the same
``manual_seed`` they are PyTorch's."""
import math
import warnings

from ..autograd import no_grad
from ..creation import rand, ones_like, empty_like, zeros_like
from ..dtypes import float64
from ._vision import _check_dropout_call, _check_dropout_dtype
from ..ops import activation as _inplace, selection as _selection
from ._checks import _expect_number, _expect_tensors

__all__ = ["rrelu", "rrelu_", "alpha_dropout", "feature_alpha_dropout", "gumbel_softmax"]

#: SELU's alpha times its scale: the value alpha dropout gives dropped units (negated)
_SELU_ALPHA_SCALE = 1.7580993408473766


def _rrelu_noise(input, lower, upper, generator=None):
    """PyTorch's per-element slopes: one U(lower, upper) draw (a 64-bit uniform double) for each
    element <= 0 in order, 1 for the others."""
    with no_grad():
        negative = input <= 0
        count = int(negative.sum().item())
        noise = ones_like(input)
        if count:
            # (PyTorch's kernel holds the bounds in input's dtype, then draws in double between them)
            lower, upper = (input.new_tensor(bound).item() for bound in (lower, upper))
            slopes = rand(count, dtype=float64, device=input.device, generator=generator) * (upper - lower) + lower
            noise[negative] = slopes.to(input.dtype)
    return noise


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky ReLU with a random slope per negative element drawn from U(lower, upper) in training;
    the mean slope (lower + upper) / 2 in evaluation."""
    return _rrelu(input, lower, upper, training, inplace, None)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """In-place ``rrelu`` (slopes drawn from ``generator`` when given)."""
    return _rrelu(input, lower, upper, training, True, generator)


def _rrelu(input, lower, upper, training, inplace, generator):
    _expect_tensors("rrelu", ("input", 1, input))
    lower, upper = _expect_number("rrelu", "lower", 2, lower), _expect_number("rrelu", "upper", 3, upper)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"rrelu_with_noise_out_cpu\" not implemented for "
                                  f"'{input.dtype._torch_name[:-6]}'")
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if not training:
        slope = (lower + upper) / 2
        if inplace:  # (PyTorch's node reads the result, as in-place leaky_relu's does)
            return _as_rrelu_node(_inplace.in_place(input, _selection.leaky_relu_of_result, slope),
                                  "RreluWithNoiseBackward1")
        return _as_rrelu_node(_selection.leaky_relu(input, slope))
    noise = _rrelu_noise(input, lower, upper, generator)
    if inplace:
        return _inplace.in_place(input, _inplace.rrelu_of_result, noise)
    return _as_rrelu_node(input * noise)


def _as_rrelu_node(out, name="RreluWithNoiseBackward0"):
    """``out`` with its node named as PyTorch's rrelu node ``name``, whose input gradient reads the
    input (see ``Op.input_gradient_node``)."""
    node = out.grad_fn
    if node is not None:
        node.torch_name = name
        node.input_gradient_node = True
    return out


def _alpha_dropout(input, p, training, inplace, feature):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_dropout_call("feature_alpha_dropout" if feature else "alpha_dropout", p, training)
    if p == 0 or not training or input.numel() == 0:
        return input
    _check_dropout_dtype(input, p, "Long" if input.dtype.name == "bool" else None)  # (PyTorch names Long for bool)
    if p == 1:
        def apply(x):
            return x * x.new_zeros(())
    else:
        if feature and input.ndim < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2) if feature else tuple(input.shape)
        with no_grad():
            keep = (rand(shape, dtype=float64, device=input.device) < 1 - p).to(input.dtype)  # bernoulli_(1 - p)
            a = 1.0 / math.sqrt((_SELU_ALPHA_SCALE ** 2 * p + 1) * (1 - p))
            shift = (keep - 1) * (_SELU_ALPHA_SCALE * a) + _SELU_ALPHA_SCALE * a * p
            scale = keep * a

        def apply(x):
            return x * scale + shift
    return _inplace.in_place(input, apply) if inplace else apply(input)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks (training only): dropped elements take SELU's negative saturation
    value, then all are scaled and shifted so that mean and variance stay as they were."""
    _expect_tensors("alpha_dropout", ("input", 1, input))
    return _alpha_dropout(input, p, training, inplace, False)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """``alpha_dropout`` of whole channels (dim 1) of each sample."""
    _expect_tensors("feature_alpha_dropout", ("input", 1, input))
    return _alpha_dropout(input, p, training, inplace, True)


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """Samples from the Gumbel-softmax distribution: ``softmax((logits + g) / tau, dim)`` with Gumbel
    noise ``g = -log(Exp(1))`` drawn as PyTorch draws it; with ``hard``, the one-hot of each sample's
    largest entry, its gradient the soft sample's (straight-through). ``eps`` is deprecated and unused."""
    _expect_tensors("gumbel_softmax", ("logits", 1, logits))
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    with no_grad():
        gumbels = -empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    with no_grad():
        index = y_soft.max(dim, keepdim=True)[1]
        y_hard = zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft
