"""``minigrad.nn.functional``: layers, activations and losses as functions, as ``torch.nn.functional``.

Most functions compose core ops (so every gradient, and higher-order ones,
come for free). ``linear`` and the losses are single ops of the core
(``ops/linalg.py``, ``ops/losses.py``): one graph node each, with PyTorch's
backward formulas; this module checks the arguments.
"""
import warnings

from ..tensor import Tensor
from ..ops._util import NotATensorError, expect_int, check_broadcast, broadcast_shapes
from .parameter import Parameter
from ..autograd import no_grad
from ..dtypes import promote_types, float64
from .. import ops as _E, ops as _R
from ..ops import linalg as _linalg, losses as _losses, selection as _selection, unary as _unary, \
    activation as _inplace
from ._vision import _check_dropout_call
from ._vision import *  # noqa: F401,F403  (convolution, pooling, normalisation, resampling)

_REDUCTIONS = ("mean", "sum", "none")


def _type_name(x):
    t = type(x)
    return f"numpy.{t.__name__}" if t.__module__ == "numpy" else t.__name__


def _expect_tensors(fn, *named, required=0, error=TypeError):
    """PyTorch's TypeError (or ``error``) for an argument that is not a Tensor (a NumPy array or a list, say).

    ``named`` holds (name, position, value) triples; a value of None passes (optional arguments),
    except in the first ``required`` triples.
    """
    for i, (name, position, value) in enumerate(named):
        if (value is not None or i < required) and not isinstance(value, Tensor):
            raise error(f"{fn}(): argument '{name}' (position {position}) must be Tensor, not {_type_name(value)}")


# ---------------------------------------------------------------------- layers
_TENSOR_CLASSES = frozenset((Tensor, Parameter))  # (classes read by identity; subclasses: isinstance)


def linear(input, weight, bias=None):
    """``input @ weight.T + bias`` over the last dimension of ``input``."""
    if not (input.__class__ in _TENSOR_CLASSES and weight.__class__ in _TENSOR_CLASSES
            and (bias is None or bias.__class__ in _TENSOR_CLASSES)):
        _expect_tensors("linear", ("input", 1, input), ("weight", 2, weight), ("bias", 3, bias), required=2)
    return _linalg.linear(input, weight, bias)


def _dtname(t):
    return _dtname_of(t.dtype)


def _dtname_of(dtype):
    return dtype._torch_name[:-6]


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by ``1/(1-p)`` (training only)."""
    _expect_tensors("dropout", ("input", 1, input), required=1)
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_dropout_call("dropout", p, training)
    if not training or p == 0.0:
        return input
    if p < 1.0 and not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(f"result type Float can't be cast to the desired output type {_dtname(input)}")
    from ..creation import rand, zeros_like
    if p == 1.0:
        out = input * zeros_like(input)
    else:
        with no_grad():
            keep = rand(input.shape, dtype=float64, device=input.device) < 1.0 - p  # (PyTorch's bernoulli_(1 - p))
            scale = keep.to(input.dtype) * (1.0 / (1.0 - p))
        if inplace:
            return input.mul_(scale)
        out = input * scale
    if inplace:
        input.copy_(out)
        return input
    return out


def flatten(input, start_dim=0, end_dim=-1):
    """``input.flatten(start_dim, end_dim)``."""
    _expect_tensors("flatten", ("input", 1, input))
    return input.flatten(start_dim, end_dim)


# ---------------------------------------------------------------------- activations
def relu(input, inplace=False):
    """max(input, 0), with gradient 0 at 0."""
    if input.__class__ is not Tensor:
        _expect_tensors("relu", ("input", 1, input))
    return input.relu_() if inplace else _E.relu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """input where positive, ``negative_slope * input`` elsewhere."""
    if input.__class__ is not Tensor:
        _expect_tensors("leaky_relu", ("input", 1, input))
    if negative_slope.__class__ is not float:
        _expect_number("leaky_relu", "negative_slope", 2, negative_slope)
    if inplace:
        return _inplace.in_place(input, _selection.leaky_relu, negative_slope)
    return _selection.leaky_relu(input, negative_slope)


def sigmoid(input):
    """1 / (1 + exp(-input)), computed stably."""
    if input.__class__ is not Tensor:
        _expect_tensors("sigmoid", ("input", 1, input), required=1, error=NotATensorError)
    return _E.sigmoid(input)


def tanh(input):
    """Hyperbolic tangent."""
    if input.__class__ is not Tensor:
        _expect_tensors("tanh", ("input", 1, input), required=1, error=NotATensorError)
    return _E.tanh(input)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``."""
    _expect_tensors("softmax", ("input", 1, input), required=1, error=NotATensorError)
    return _R.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along ``dim``, computed stably."""
    _expect_tensors("log_softmax", ("input", 1, input), required=1, error=NotATensorError)
    return _R.log_softmax(input, dim, dtype=dtype)


def _float_kernel(input, kernel):
    """PyTorch's NotImplementedError for an integer or bool input to a floating-point-only kernel."""
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_dtname(input)}'")


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta * x)) / beta, linear above ``threshold``."""
    _expect_tensors("softplus", ("input", 1, input))
    _float_kernel(input, "softplus_cpu")
    z = input * beta
    return _E.where(z > threshold, input, _softplus(z) / beta)


def _softplus(z):
    # Two branches, each fed only the values it handles (so exp never overflows and no
    # 0 * inf reaches the gradient); at z = 0 the second one gives PyTorch's gradient 1/2.
    # (where, not clamp: a NaN z passes its NaN gradient through the second branch, as PyTorch's)
    pos = _E.where(z > 0, z, 0.0)
    neg = _E.where(z > 0, 0.0, z)
    return _E.where(z > 0, pos + _E.log1p(_E.exp(-pos)), _E.log1p(_E.exp(neg)))


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), computed stably."""
    _expect_tensors("logsigmoid", ("input", 1, input))
    _float_kernel(input, "log_sigmoid_cpu")
    return -_softplus(-input)


def silu(input, inplace=False):
    """x * sigmoid(x)."""
    _expect_tensors("silu", ("input", 1, input))
    _float_kernel(input, "silu_cpu")
    if inplace:
        return _inplace.in_place(input, _unary.silu)
    return _unary.silu(input)


# ---------------------------------------------------------------------- losses
def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy_reduction(size_average, reduce, reduction):
    """PyTorch's deprecated size_average/reduce arguments mapped to ``reduction``."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "none" if not reduce else "mean" if size_average else "sum"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.",
                  stacklevel=3)
    return reduction


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _warn_broadcast(input, target, name):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", stacklevel=3)


def _expect_number(fn, name, position, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(type(value), "__float__"):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be Number, not {_type_name(value)}")


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
    elif fn == "l1_loss" and "bool" in (input.dtype.name, target.dtype.name):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
                           "to invert a mask, use the `~` or `logical_not()` operator instead.")
    elif not dt.is_floating_point:
        raise RuntimeError(f"{fn}(): input and target are both {_dtname_of(dt)} tensors; the loss needs a "
                           "floating-point input or target")
    return (input if input.dtype is dt else input.to(dt)), (target if target.dtype is dt else target.to(dt))


def _as_tensor_like(x, ref):
    if isinstance(x, Tensor):
        return x
    return ref.new_tensor(x)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error ``(input - target) ** 2``, reduced."""
    if (weight is None and size_average is None and reduce is None and reduction in _REDUCTIONS
            and _losses.same_float_tensors(input, target)):
        return _losses.pointwise_loss(input, target, "mse", None, reduction)  # the common case
    _expect_tensors("mse_loss", ("input", 1, input), ("target", 2, target), required=2, error=NotATensorError)
    _expect_tensors("mse_loss", ("weight", 6, weight))
    input, target = _promoted("mse_loss", input, target)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _warn_broadcast(input, target, "mse_loss")
    if weight is None:
        return _losses.pointwise_loss(input, target, "mse", None, reduction)
    return _weighted(_losses.pointwise_loss(input, target, "mse", None, "none"), input, weight, reduction, True)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error ``|input - target|``, reduced."""
    if (weight is None and size_average is None and reduce is None and reduction in _REDUCTIONS
            and _losses.same_float_tensors(input, target)):
        return _losses.pointwise_loss(input, target, "l1", None, reduction)  # the common case
    _expect_tensors("l1_loss", ("input", 1, input), ("target", 2, target), required=2, error=NotATensorError)
    _expect_tensors("l1_loss", ("weight", 6, weight))
    input, target = _promoted("l1_loss", input, target)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _warn_broadcast(input, target, "l1_loss")
    if weight is None:
        return _losses.pointwise_loss(input, target, "l1", None, reduction)
    return _weighted(_losses.pointwise_loss(input, target, "l1", None, "none"), input, weight, reduction, True)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 * d**2 where |d| < delta, delta * (|d| - 0.5 * delta) elsewhere (d = input - target)."""
    _expect_tensors("huber_loss", ("input", 1, input), ("target", 2, target), required=2, error=NotATensorError)
    _expect_tensors("huber_loss", ("weight", 5, weight))
    input, target = _promoted("huber_loss", input, target)
    _check_reduction(reduction)
    if delta <= 0:
        raise RuntimeError(f"huber_loss does not support non-positive values for delta, but got {delta}")
    _warn_broadcast(input, target, "huber_loss")
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
    _warn_broadcast(input, target, "smooth_l1_loss")
    if not beta >= 0:  # (NaN too)
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
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
    if target.dtype is not input.dtype:
        raise RuntimeError(f"Found dtype {_dtname(target)} but expected {_dtname(input)}")
    if weight is not None and broadcast_shapes(tuple(weight.shape), tuple(input.shape)) != tuple(input.shape):
        raise RuntimeError(f"Attempting to broadcast the weight of shape {list(weight.shape)} to the input's "
                           f"shape {list(input.shape)}")
    _check_probabilities(input._data, target._data)
    return _losses.binary_cross_entropy(input, target, weight, reduction)


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
        raise RuntimeError(f"result type Float can't be cast to the desired output type {_dtname(target)}")
    for extra in (weight, pos_weight):
        if extra is not None:
            check_broadcast(extra, input)
    loss = _losses.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)
    return loss if loss.dtype is target.dtype else loss.to(target.dtype)


def _class_dim_checks(input, target):
    """PyTorch's checks of class-index targets against (N, C, ...) scores, in its order; returns the
    target, a 1-element 1-D target of a 1-D input as the 0-d one PyTorch reads it as."""
    if input.ndim == 0:
        if target.dtype.name not in ("int64", "uint8"):
            raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_dtname(target)}")
        raise ValueError("Expected input to have at least 1 dimension (got 0)")
    if input.ndim != 1 and (target.ndim == 0 or target.shape[0] != input.shape[0]):
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0] if target.ndim else 0}).")
    if input.ndim == 1 and target.ndim == 1 and target.shape[0] != 1:
        raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target.shape[0]}")
    if input.ndim <= 2 and target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_dtname(target)}")
    if input.ndim == 1 and target.ndim == 1:
        return target.reshape(())
    if input.ndim == 4:
        if target.ndim != 3:
            raise RuntimeError(f"only batches of spatial targets supported (3D tensors) but got targets of "
                               f"dimension: {target.ndim}")
        if tuple(target.shape[1:]) != tuple(input.shape[2:]):
            raise RuntimeError(f"size mismatch (got input: {list(input.shape)} , target: {list(target.shape)}")
    elif tuple(target.shape[1:]) != tuple(input.shape[2:]):
        raise RuntimeError(f"Expected target size {list(input.shape[:1]) + list(input.shape[2:])}, "
                           f"got {list(target.shape)}")
    return target


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log-likelihood of class-index targets given log-probabilities ``input`` (N, C, ...)."""
    _expect_tensors("nll_loss_nd", ("input", 1, input), ("target", 2, target), ("weight", 3, weight), required=2)
    ignore_index = expect_int("nll_loss_nd", ignore_index, "ignore_index", 5)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    target = _class_dim_checks(input, target)
    cdim = 0 if input.ndim == 1 else 1
    n_classes = input.shape[cdim]
    if weight is not None and tuple(weight.shape) != (n_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes "
                           f"but got weight tensor of shape: {list(weight.shape)}")
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_dtname(input)} but found {_dtname(weight)}")
    t = target._data
    ignored = t == ignore_index
    # Both checks in one explicit host transfer (a device would otherwise sync twice per loss);
    # no boolean-mask copy unless a target is out of range.
    out_of_range = ~ignored & ((t < 0) | (t >= n_classes))
    xp = target._device._get_backend().xp
    bad, any_ignored = xp.stack((out_of_range.any(), ignored.any())).tolist()
    if bad:
        bad = t[out_of_range].reshape(-1)[0]
        raise IndexError(f"Target {bad.item()} is out of bounds.")
    if weight is None and not any_ignored:
        picked = input.gather(cdim, target.unsqueeze(cdim)).squeeze(cdim)
        return _losses.as_nll_loss(_reduce(-picked, reduction))
    with no_grad():
        mask = target != ignore_index
        safe = _E.where(mask, target, target.new_zeros(()))
        if weight is None:
            w = mask.to(input.dtype)
        else:
            w = weight.to(input.dtype)[safe.reshape(-1)].reshape(safe.shape) * mask.to(input.dtype)
    picked = input.gather(cdim, safe.unsqueeze(cdim)).squeeze(cdim)
    loss = -picked * w
    if reduction == "mean":
        total = w.sum()
        if float(total) == 0.0:  # everything ignored: NaN, as PyTorch, but gradient 0 (not 0 * inf)
            return _losses.as_nll_loss(loss.sum() * 0.0 + float("nan"))
        return _losses.as_nll_loss(loss.sum() / total)
    return _losses.as_nll_loss(_reduce(loss, reduction))


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy of logits ``input`` (N, C, ...) with class-index or probability targets."""
    _expect_tensors("cross_entropy_loss", ("input", 1, input), ("target", 2, target), ("weight", 3, weight),
                    required=2)
    ignore_index = expect_int("cross_entropy_loss", ignore_index, "ignore_index", 5)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if label_smoothing > 1.0:  # (PyTorch lets a negative one through)
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    x, t = input._data, target._data
    if weight is None and x.ndim == 2 and t.ndim == 1 and t.dtype.name in ("int64", "uint8") \
            and len(t) == len(x) and x.dtype.kind == "f":
        classes = x.shape[1]
        special = (t < 0) | (t >= classes)  # out of range (or the default ignore_index, -100)
        if 0 <= ignore_index < classes:
            special |= t == ignore_index
        if not special.any().item():  # (one explicit host check)
            return _losses.cross_entropy(input, target, reduction, float(label_smoothing))
    cdim = 0 if input.ndim == 1 else 1
    if tuple(target.shape) == tuple(input.shape) and not target.dtype.is_floating_point:
        # (same shapes: PyTorch reads the target as class probabilities)
        raise RuntimeError(f"Expected floating point type for target with class probabilities, got {_dtname(target)}")
    if not target.dtype.is_floating_point:
        target = _class_dim_checks(input, target)
    logp = log_softmax(input, cdim)
    if target.dtype.is_floating_point:
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _soft_cross_entropy(input, logp, target, weight, reduction, label_smoothing, cdim)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    n_classes = input.shape[cdim]
    with no_grad():
        mask = (target != ignore_index).to(input.dtype)
    if weight is not None:
        wshape = [1] * input.ndim
        wshape[cdim] = n_classes
        smooth = -(logp * weight.to(input.dtype).reshape(wshape)).sum(cdim) * mask
    else:
        smooth = -logp.sum(cdim) * mask
    if reduction == "mean":
        with no_grad():
            if weight is not None:
                safe = _E.where(target != ignore_index, target, target.new_zeros(()))
                denom = (weight.to(input.dtype)[safe.reshape(-1)].reshape(safe.shape) * mask).sum()
            else:
                denom = mask.sum()
        if float(denom) == 0.0:  # everything ignored: NaN with zero gradient, as PyTorch
            smooth = smooth.sum() * 0.0 + float("nan")
        else:
            smooth = smooth.sum() / denom
    elif reduction == "sum":
        smooth = smooth.sum()
    return nll * (1.0 - label_smoothing) + smooth * (label_smoothing / n_classes)


def _soft_cross_entropy(input, logp, target, weight, reduction, label_smoothing, cdim):
    if tuple(target.shape) != tuple(input.shape):  # PyTorch then reads the target as class indices
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype._torch_name[:-6]}")
    n_classes = input.shape[cdim]
    if label_smoothing > 0:
        target = target * (1.0 - label_smoothing) + label_smoothing / n_classes
    prod = logp * target
    if weight is not None:
        wshape = [1] * input.ndim
        wshape[cdim] = n_classes
        prod = prod * weight.reshape(wshape)
    if reduction == "none":
        return -prod.sum(cdim)
    if reduction == "sum":
        return -prod.sum()  # (summed whole, then negated, as PyTorch)
    n = input.numel() // n_classes if input.ndim > 1 else 1
    if n:
        return _losses.divided_by_count(-prod.sum(), n)
    total = -prod.sum()
    with no_grad():  # an empty batch: NaN (PyTorch fills it in place)
        total.fill_(float("nan"))
    return total


def one_hot(input, num_classes=-1):
    """Class indices as one-hot int64 rows (``num_classes`` -1: max index + 1)."""
    _expect_tensors("one_hot", ("input", 1, input), required=1)
    num_classes = expect_int("one_hot", num_classes, "num_classes", 2)
    from ..creation import arange
    if input.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if not input.numel():
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(input.max().item()) + 1
    if input.numel() and (int(input.min().item()) < 0 or int(input.max().item()) >= num_classes):
        raise RuntimeError("Class values must be smaller than num_classes." if int(input.min().item()) >= 0
                           else "Class values must be non-negative.")
    return (input.unsqueeze(-1) == arange(num_classes, device=input.device)).long()


from ._activations import *  # noqa: E402,F401,F403  (gelu, hardtanh, elu, ...: they use the checks above)
from ._similarity import *  # noqa: E402,F401,F403  (normalize, cosine_similarity, pairwise_distance)
from ._embedding import *  # noqa: E402,F401,F403  (embedding, kl_div)
from ._losses_extra import *  # noqa: E402,F401,F403  (gaussian_nll_loss, triplet_margin_loss, ...)
from ._sampling import *  # noqa: E402,F401,F403  (affine_grid, grid_sample, upsample_nearest, upsample_bilinear)
from ._pooling_extra import *  # noqa: E402,F401,F403  (max_unpool2d, lp_pool2d, local_response_norm, ...)
from ._random_layers import *  # noqa: E402,F401,F403  (rrelu, alpha_dropout, feature_alpha_dropout)
from ._pairs import *  # noqa: E402,F401,F403  (bilinear, pdist)
from ._losses_margin import *  # noqa: E402,F401,F403  (multi_margin_loss, multilabel_margin_loss, ...)
from ._attention import *  # noqa: E402,F401,F403  (scaled_dot_product_attention, multi_head_attention_forward)
from ._embedding_bag import *  # noqa: E402,F401,F403  (embedding_bag)
from ._ctc import *  # noqa: E402,F401,F403  (ctc_loss)
from ._fractional_pool import *  # noqa: E402,F401,F403  (fractional_max_pool2d, fractional_max_pool3d)
