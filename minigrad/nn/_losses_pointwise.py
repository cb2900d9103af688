"""The element-by-element losses of ``minigrad.nn.functional``: ``mse_loss``, ``l1_loss``, ``huber_loss``,
``smooth_l1_loss``, ``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``. Each is one op of
the core (``ops/losses.py``); this module checks the arguments as PyTorch does (dtypes, shapes, the
deprecated reduction arguments) and applies the optional weights.
"""
import warnings

from ..autograd import is_grad_enabled
from ..dtypes import promote_types
from ..ops import losses as _losses
from ..ops._util import NotATensorError
from ..ops._broadcast_shapes import check_broadcast, _broadcast_shapes
from ._checks import (_REDUCTIONS, _check_reduction, _dtname, _dtname_of, _expect_float, _expect_tensors,
                      _legacy_reduction, _reduce)

__all__ = ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss", "binary_cross_entropy",
           "binary_cross_entropy_with_logits"]


def _warn_broadcast(input, target, stacklevel=3):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", stacklevel=stacklevel)


_INTEGER_KERNELS = {"mse_loss": "mse_cpu", "huber_loss": "huber_cpu", "smooth_l1_loss": "smooth_l1_cpu"}  # (PyTorch's
# kernels of these losses exist for floating types only: integer or bool input and target raise NotImplementedError)
def _promoted(fn, input, target):
    """Input and target in the dtype PyTorch computes the pointwise loss ``fn`` in: the promoted dtype
    (an int64 target with a float32 input gives float32), or for ``huber_loss`` the input's."""
    dt = promote_types(input.dtype, target.dtype)
    if not dt.is_floating_point and fn in _INTEGER_KERNELS and (fn != "huber_loss" or input.dtype.name != "bool"
                                                                 or dt.name == "bool"):  # (else: huber's cast error)
        raise NotImplementedError(f"\"{_INTEGER_KERNELS[fn]}\" not implemented for '{_dtname_of(dt)}'")
    if fn == "huber_loss":
        if not input.dtype.is_floating_point:
            raise RuntimeError(f"result type {_dtname_of(dt)} can't be cast to the desired output type "
                               f"{_dtname(input)}")
        dt = input.dtype
    elif fn == "l1_loss" and input.dtype.name == target.dtype.name == "bool":  # (its subtraction's errors)
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    elif fn == "l1_loss" and "bool" in (input.dtype.name, target.dtype.name):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
                           "to invert a mask, use the `~` or `logical_not()` operator instead.")
    elif not dt.is_floating_point and not (fn == "l1_loss" and dt.is_complex):
        raise RuntimeError(f"{fn}(): input and target are both {_dtname_of(dt)} tensors; the loss needs a "
                           "floating-point input or target")
    return (input if input.dtype is dt else input.to(dt)), (target if target.dtype is dt else target.to(dt))


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error ``(input - target) ** 2``, reduced."""
    if (weight is None and size_average is None and reduce is None and reduction in _REDUCTIONS
            and _losses.same_float_tensors(input, target)):
        return _losses.PointwiseLoss.apply(input, target, "mse", None, reduction)  # the common case
    return _checked_loss("mse_loss", "mse", input, target, size_average, reduce, reduction, weight)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error ``|input - target|``, reduced."""
    if (weight is None and size_average is None and reduce is None and reduction in _REDUCTIONS
            and _losses.same_float_tensors(input, target)):
        return _losses.PointwiseLoss.apply(input, target, "l1", None, reduction)  # the common case
    return _checked_loss("l1_loss", "l1", input, target, size_average, reduce, reduction, weight)


def _checked_loss(fn, kind, input, target, size_average, reduce, reduction, weight):
    """mse_loss's and l1_loss's general path: PyTorch's checks of every argument, the dtype promotion, the
    deprecated reduction arguments and the weights (their warnings at the user's call: stack level 4)."""
    _expect_tensors(fn, ("input", 1, input), ("target", 2, target), required=2, error=NotATensorError)
    _expect_tensors(fn, ("weight", 6, weight))
    input, target = _promoted(fn, input, target)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _warn_broadcast(input, target, stacklevel=4)
    if input.dtype.is_complex:  # (l1 only: PyTorch's complex l1_loss is |input - target|, then reduced)
        loss = (input - target).abs()
        return _reduce(loss, reduction) if weight is None else _weighted(loss, input, weight, reduction, True)
    if weight is None:
        return _losses.pointwise_loss(input, target, kind, None, reduction)
    return _weighted(_losses.pointwise_loss(input, target, kind, None, "none"), input, weight, reduction, True)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 * d**2 where |d| < delta, delta * (|d| - 0.5 * delta) elsewhere (d = input - target)."""
    _expect_tensors("huber_loss", ("input", 1, input), ("target", 2, target), required=2, error=NotATensorError)
    _expect_tensors("huber_loss", ("weight", 5, weight))
    input, target = _promoted("huber_loss", input, target)
    _warn_broadcast(input, target)
    _check_reduction(reduction)
    delta = _expect_float("huber_loss", "delta", 4, delta)
    if not delta > 0:  # (NaN too; PyTorch broadcasts the pair and compares the weight's size first)
        check_broadcast(input, target)
        if weight is not None and tuple(weight.shape) != tuple(input.shape):
            raise ValueError("Weights and input must have the same size.")
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        return _losses.pointwise_loss(input, target, "huber", delta, reduction)
    return _weighted(_losses.pointwise_loss(input, target, "huber", delta, "none"), input, weight, reduction, False)


def _weighted(loss, input, weight, reduction, mean_by_weights):
    """PyTorch's weighted regression losses: the unreduced loss times ``weight``, then the sum, or the
    mean (MSE and L1 divide by the sum of the weights, Huber by the element count)."""
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    loss = loss * weight
    if reduction == "none":
        return loss
    if reduction == "sum" or not mean_by_weights:
        return _reduce(loss, reduction)
    return loss.sum() / weight.sum()


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 * d**2 / beta where |d| < beta, |d| - 0.5 * beta elsewhere."""
    _expect_tensors("smooth_l1_loss", ("input", 1, input), ("target", 2, target), required=2,
                    error=NotATensorError)
    input, target = _promoted("smooth_l1_loss", input, target)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _warn_broadcast(input, target)
    if not beta >= 0:  # (NaN too)
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    beta = _expect_float("smooth_l1_loss", "beta", 4, beta)
    return _losses.pointwise_loss(input, target, "l1" if beta == 0 else "smooth_l1", beta, reduction)


def _check_same_size(input, target, message):
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(message.format(target=target.shape, input=input.shape))


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(t * log(x) + (1 - t) * log(1 - x)), the logs clamped at -100 as PyTorch does."""
    _expect_tensors("binary_cross_entropy", ("input", 1, input), ("target", 2, target), ("weight", 3, weight),
                    required=2, error=NotATensorError)  # (PyTorch's code reads weight.size() too)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_same_size(input, target, "Using a target size ({target}) that is different to the input size "
                                    "({input}) is deprecated. Please ensure they have the same size.")
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        _check_weight_fits(target, weight)
    if weight is not None and weight.requires_grad and is_grad_enabled():  # (PyTorch's op has no weight gradient)
        raise RuntimeError("The function 'binary_cross_entropy' is not differentiable with respect to argument "
                           "'weight'. This input cannot have requires_grad True.")
    if target.dtype is not input.dtype:
        raise RuntimeError(f"Found dtype {_dtname(target)} but expected {_dtname(input)}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"binary_cross_entropy\" not implemented for '{input.dtype._torch_name[:-6]}'")
    _check_probabilities(input._data, target._data)
    return _losses.binary_cross_entropy(input, target, weight, reduction)


def _check_weight_fits(target, weight):
    """PyTorch's errors for a BCE ``weight`` of another shape than ``target``'s (and the input's): the
    two shapes must broadcast (``torch.broadcast_shapes``'s error), and to the target's shape (its
    kernel's error about the output)."""
    shape = _broadcast_shapes(target.shape, weight.shape)
    if tuple(shape) != tuple(target.shape):
        raise RuntimeError(f"output with shape {list(target.shape)} doesn't match the broadcast shape {list(shape)}")


def _check_probabilities(x, t):
    """PyTorch's check that BCE's input and target lie in [0, 1] (NaN does not), element by element."""
    in_range = (x >= 0) & (x <= 1) & (t >= 0) & (t <= 1)
    if x.size and not in_range.all().item():  # one explicit host sync for both checks
        first = int(in_range.reshape(-1).argmin().item())
        input_ok = bool(((x.reshape(-1)[first] >= 0) & (x.reshape(-1)[first] <= 1)).item())
        raise RuntimeError(f"all elements of {'target' if input_ok else 'input'} should be between 0 and 1")


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Sigmoid + binary cross-entropy in one numerically stable step (large logits are safe)."""
    _expect_tensors("binary_cross_entropy_with_logits", ("input", 1, input), ("target", 2, target), required=2,
                    error=NotATensorError)
    _expect_tensors("binary_cross_entropy_with_logits", ("weight", 3, weight), ("pos_weight", 7, pos_weight))
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_same_size(input, target, "Target size ({target}) must be the same as input size ({input})")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"log_sigmoid_cpu\" not implemented for '{_dtname(input)}'")
    if not target.dtype.is_floating_point:  # PyTorch writes the loss into a tensor of the target's dtype
        raise RuntimeError(f"result type {_dtname(input)} can't be cast to the desired output type {_dtname(target)}")
    for extra in (weight, pos_weight):
        if extra is not None:
            check_broadcast(extra, input)
    loss = _losses.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)
    return loss if loss.dtype is target.dtype else loss.to(target.dtype)
