"""The classification losses of ``minigrad.nn.functional``: ``nll_loss`` and ``cross_entropy`` (class-index
targets, with ``weight``, ``ignore_index`` and ``label_smoothing``, or class-probability targets), with
PyTorch's checks of the targets against the (N, C, ...) scores. The common cases of cross_entropy (2-D
logits, in-range targets, a class weight only without label smoothing) and of nll_loss ((N, C) float32 or
float64 scores, in-range targets, no weight) are one op of the core each (``ops/class_losses.py``).
"""
import numpy as np

from .. import ops as _E
from ..autograd import no_grad
from ..autograd.namespace import array_math
from ..ops import class_losses as _losses
from ..ops.loss_reduction import HalfCascadeSum as _HalfCascadeSum
from ..ops.gathering import Gather as _Gather
from ..ops._util import expect_int
from ..ops._operands import with_scalar_name
from ._activations import log_softmax
from ..tensor import Tensor
from ._checks import _REDUCTIONS, _check_reduction, _dtname, _expect_float, _expect_tensors, _legacy_reduction, _reduce

__all__ = ["nll_loss", "cross_entropy"]

#: the dtypes of nll_loss's one-node fast path (float16's mean is taken apart, in float32)
_ONE_NODE_DTYPES = frozenset({np.dtype(np.float32), np.dtype(np.float64)})
_INT64 = np.dtype(np.int64)
_UNSIGNED = {_INT64: np.dtype(np.uint64), np.dtype(np.uint8): np.dtype(np.uint8)}  # (class index dtypes)


def _plain_class_arguments(input, target, size_average, reduce, ignore_index, reduction):
    """Whether the class losses' arguments are their common case, which needs none of their checks:
    plain Tensors of (N, C) scores and N targets, no deprecated argument, a Python int ignore_index
    within int64 and a valid reduction (the dtypes, and the targets' range, are left to the caller)."""
    return (input.__class__ is Tensor and target.__class__ is Tensor and size_average is None and reduce is None
            and ignore_index.__class__ is int and -2 ** 63 <= ignore_index < 2 ** 63 and reduction in _REDUCTIONS
            and input._data.ndim == 2 and target._data.ndim == 1 and len(target._data) == len(input._data))


def _all_classes(t, classes, ignore_index):
    """Whether every entry of the int64 or uint8 class indices ``t`` is a class in [0, classes) and
    none is ``ignore_index``, in one explicit host check."""
    if 0 <= ignore_index < classes or not t.size or t.dtype not in _UNSIGNED:  # (not t.size: max has none)
        special = (t < 0) | (t >= classes)
        if 0 <= ignore_index < classes:
            special |= t == ignore_index
        return not special.any().item()
    # read as unsigned, a negative index is above every class: the largest alone tells (half the
    # time of the two comparisons above on a batch of targets; an ignore_index out of range matches none).
    # It is found as the entry argmax points at: half the time of max(), whose Python layer dominates
    # on a batch of targets
    u = t.view(_UNSIGNED[t.dtype]).reshape(-1)  # (argmax's index is into the flat array)
    return u[u.argmax()].item() < classes


def _class_dim_checks(input, target):
    """PyTorch's checks of class-index targets against (N, C, ...) scores, in its order; returns the
    target as int64 (a Byte one holds class indices, not a mask to index with), a 1-element 1-D
    target of a 1-D input as the 0-d one PyTorch reads it as."""
    shape, tshape = input._data.shape, target._data.shape  # (tuples: cheaper to read than Tensor.shape)
    ndim, tdim = len(shape), len(tshape)
    if ndim == 0:
        if target.dtype.name not in ("int64", "uint8"):
            raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_dtname(target)}")
        raise ValueError("Expected input to have at least 1 dimension (got 0)")
    if ndim != 1 and (tdim == 0 or tshape[0] != shape[0]):
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target batch_size "
                         f"({tshape[0] if tdim else 0}).")
    if ndim == 1 and tdim == 1 and tshape[0] != 1:
        raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {tshape[0]}")
    if ndim <= 2 and tdim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_dtname(target)}")
    if target._data.dtype != _INT64:
        target = target.long()
    if ndim == 1 and tdim == 1:
        return target.reshape(())
    if ndim == 4:
        if tdim != 3:
            raise RuntimeError(f"only batches of spatial targets supported (3D tensors) but got targets of "
                               f"dimension: {tdim}")
        if tshape[1:] != shape[2:]:
            raise RuntimeError(f"size mismatch (got input: {list(shape)} , target: {list(tshape)}")
    elif tshape[1:] != shape[2:]:
        raise RuntimeError(f"Expected target size {list(shape[:1]) + list(shape[2:])}, got {list(tshape)}")
    return target


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log-likelihood of class-index targets given log-probabilities ``input`` (N, C, ...)."""
    if weight is None and _plain_class_arguments(input, target, size_average, reduce, ignore_index, reduction):
        # Fast path, fenced: (N, C) float32 or float64 scores, N int64 targets, every one a class, and no
        # weight: the general path's checks would pass and end in the same one node (a test checks)
        x, t = input._data, target._data
        if x.dtype in _ONE_NODE_DTYPES and t.dtype == _INT64 and _all_classes(t, x.shape[1], ignore_index):
            return _losses.nll_loss(input, t, reduction)
    _expect_tensors("nll_loss_nd", ("input", 1, input), ("target", 2, target), ("weight", 3, weight), required=2)
    ignore_index = expect_int("nll_loss_nd", ignore_index, "ignore_index", 5)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    target = _class_dim_checks(input, target)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"nll_loss_out_frame\" not implemented for '{_dtname(input)}'")
    cdim = 0 if input._data.ndim == 1 else 1
    n_classes = input._data.shape[cdim]
    if weight is not None and tuple(weight.shape) != (n_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes "
                           f"but got weight tensor of shape: {list(weight.shape)}")
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_dtname(input)} but found {_dtname(weight)}")
    t = target._data
    # Fast path, fenced: every target a class and none ignored (the common case) in one host check;
    # the general checks below find which target is out of range, and weigh and mask the rest.
    if weight is None and _all_classes(t, n_classes, ignore_index):
        if input._data.ndim == 2 and input._data.dtype in _ONE_NODE_DTYPES:
            # Fast path, fenced: (N, C) scores, nll_loss as one node; a test checks it agrees with the gather
            return _losses.nll_loss(input, t, reduction)
        return _losses.as_nll_loss(_nll_reduce(-_picked(input, cdim, target), None, None, reduction), input,
                                   reduction)
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
        picked = _picked(input, cdim, target)
        return _losses.as_nll_loss(_nll_reduce(-picked, None, None, reduction), input, reduction)
    with no_grad():
        mask = target != ignore_index
        safe = _E.where(mask, target, target.new_zeros(()))
        if weight is None:
            w = mask.to(input.dtype)
        else:
            w = weight.to(input.dtype)[safe.reshape(-1)].reshape(safe.shape) * mask.to(input.dtype)
    picked = _picked(input, cdim, safe)
    loss = -picked * w
    if reduction == "mean":
        total = w.sum()
        if float(total) == 0.0:  # everything ignored: NaN, as PyTorch, but gradient 0 (not 0 * inf)
            return _losses.as_nll_loss(loss.sum() * 0.0 + float("nan"), input)
        if input.dtype.itemsize == 2:
            return _losses.as_nll_loss(_nll_reduce(loss, mask, None if weight is None else w, reduction), input)
        return _losses.as_nll_loss(loss.sum() / total, input)
    return _losses.as_nll_loss(_nll_reduce(loss, mask, None, reduction), input, reduction)


def _nll_reduce(loss, kept, weights, reduction):
    """nll_loss's terms ``loss`` reduced (``kept``: where the target is not ignored, None for everywhere).
    float16 as PyTorch's CPU kernel: the sum in float16, in its cascade (``ops/loss_reduction.HalfCascadeSum``),
    the mean that sum divided by the float16 sum of the ``weights`` (the same way) or count of kept targets."""
    if loss.dtype.itemsize != 2 or reduction == "none":
        return _reduce(loss, reduction)
    if kept is None:
        kept = loss.new_ones(loss.shape, dtype=bool)
    total = _HalfCascadeSum.apply(loss, kept)
    if reduction == "sum":
        return total
    with no_grad():
        count = kept.sum().to(loss.dtype) if weights is None else _HalfCascadeSum.apply(weights, kept)
    return total / count


def _picked(input, cdim, target):
    """``input`` at each target class along ``cdim``. PyTorch's gradient of nll_loss reads the input
    (``nll_loss_backward``): so does the gather's here, under create_graph (``Op.input_gradient_node``)."""
    t = target._data
    if t.size:  # (the targets are checked: gather's own checks, and its index as a Tensor, are not needed)
        gathered = _Gather.apply(input, cdim, t[None] if cdim == 0 else t[:, None])
    else:
        gathered = input.gather(cdim, target.unsqueeze(cdim))
    node = gathered._node
    if node is not None:
        node.input_gradient_node = "NllLossBackwardBackward0"
    return gathered.squeeze(cdim)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy of logits ``input`` (N, C, ...) with class-index or probability targets."""
    if (weight is None and label_smoothing.__class__ is float and 0.0 <= label_smoothing <= 1.0
            and _plain_class_arguments(input, target, size_average, reduce, ignore_index, reduction)):
        # Fast path, fenced: (N, C) floating logits, N int64 or uint8 targets, every one a class, no weight:
        # the general path's checks would pass and end in the same one node (a test checks)
        x, t = input._data, target._data
        if x.dtype.kind == "f" and t.dtype in _UNSIGNED and _all_classes(t, x.shape[1], ignore_index):
            return _losses.cross_entropy(input, target, reduction, label_smoothing)
    _expect_tensors("cross_entropy_loss", ("input", 1, input), ("target", 2, target), ("weight", 3, weight),
                    required=2)
    ignore_index = expect_int("cross_entropy_loss", ignore_index, "ignore_index", 5)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    label_smoothing = _expect_float("cross_entropy_loss", "label_smoothing", 6, label_smoothing)
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
    label_smoothing = max(label_smoothing, 0.0)  # (PyTorch lets a negative one through and smooths only above 0)
    x, t = input._data, target._data
    if x.ndim == 2 and t.ndim == 1 and target.dtype.name in ("int64", "uint8") and len(t) == len(x) \
            and x.dtype.kind == "f" and (weight is None or label_smoothing == 0.0 and _plain_weight(weight, input)):
        if _all_classes(t, x.shape[1], ignore_index):  # (one explicit host check)
            if weight is None:
                return _losses.cross_entropy(input, target, reduction, float(label_smoothing))
            weights = weight._data[t]  # (each row's class weight)
            # a mean over weights summing to 0 (NaN, gradient 0) takes the general path, which sums them so
            if reduction != "mean" or array_math(input._device._get_backend().xp).sum(weights, None).item() != 0:
                return _losses.cross_entropy(input, target, reduction, 0.0, weights)
    cdim = 0 if input.ndim == 1 else 1
    if tuple(target.shape) == tuple(input.shape) and not target.dtype.is_floating_point:
        # (same shapes: PyTorch reads the target as class probabilities)
        raise RuntimeError(f"Expected floating point type for target with class probabilities, got {_dtname(target)}")
    if target.dtype.is_floating_point and tuple(target.shape) == tuple(input.shape):  # class probabilities
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        if weight is not None and tuple(weight.shape) != (input.shape[cdim],):
            raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all {input.shape[cdim]} "
                               f"classes or no classes but got weight tensor of shape: {list(weight.shape)}")
        logp = log_softmax(input, cdim)
        return _soft_cross_entropy(input, logp, target, weight, reduction, label_smoothing, cdim)
    # class indices: the log-softmax comes first, as PyTorch's, so that an integer input (the arguments
    # swapped: class indices given as input) fails there (NotImplementedError), before the target's checks
    logp = log_softmax(input, cdim)
    byte_target = target._data.dtype == np.uint8
    target = _class_dim_checks(input, target)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    if weight is not None and byte_target:  # (PyTorch gathers the smoothing's weights with the Byte target)
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    n_classes = input.shape[cdim]
    with no_grad():
        ignored = target == ignore_index
        mask = (~ignored).to(input.dtype)
    if weight is not None:
        wshape = [1] * input.ndim
        wshape[cdim] = n_classes
        smooth = -(logp * weight.to(input.dtype).reshape(wshape)).sum(cdim)
    else:
        smooth = -logp.sum(cdim)
    smooth = smooth.masked_fill_(ignored, 0.0)  # (in place, as PyTorch's: its node is MaskedFillBackward0)
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
    # (PyTorch's C++ multiplies by Scalars: MulBackward1 nodes of one edge)
    return with_scalar_name(nll * (1.0 - label_smoothing)) + with_scalar_name(smooth * (label_smoothing / n_classes))


def _plain_weight(weight, input):
    """Whether a class ``weight`` fits logits ``input`` (N, C) as it is: C entries of its dtype, on its device."""
    w, x = weight._data, input._data
    return w.shape == x.shape[1:] and w.dtype == x.dtype and weight._device is input._device


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
