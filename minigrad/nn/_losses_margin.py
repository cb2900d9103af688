"""Multi-class and multi-label margin losses for ``minigrad.nn.functional``: ``multi_margin_loss``,
``multilabel_margin_loss``, ``multilabel_soft_margin_loss`` and ``triplet_margin_with_distance_loss``,
composed of core ops as PyTorch's kernels compute them (a margin exactly met gives no gradient); the
first two are one node each, as PyTorch's kernels, without a second derivative, as theirs."""
from .. import ops as _E
from ..autograd import no_grad, is_grad_enabled
from ..creation import arange, zeros
from ._losses_extra import _reduction
from ._similarity import pairwise_distance
from ._activations import logsigmoid, relu
from ._checks import _expect_tensors, _check_reduction, _reduce
from ..ops.one_node import NOT_IMPLEMENTED, one_node

__all__ = ["multi_margin_loss", "multilabel_margin_loss", "multilabel_soft_margin_loss",
           "triplet_margin_with_distance_loss"]


def _name(dtype):
    return dtype._torch_name[:-6]


def _frames(input):
    """(samples, classes) of a (C,) or (N, C) input (a 0-d input: one sample of one class)."""
    ndim = input.ndim
    if not ((ndim == 2 and input.shape[1] != 0) or (ndim == 1 and input.shape[0] != 0) or ndim == 0):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")
    return (1 if ndim <= 1 else input.shape[0]), (1 if ndim == 0 else input.shape[-1])


def _check_kinds(fn, input, target):
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"{fn}\" not implemented for '{_name(input.dtype)}'")
    if target.dtype.name != "int64":
        raise RuntimeError(f"expected scalar type Long but found {_name(target.dtype)}")


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction="mean"):
    """Per sample: sum over classes j != y of weight[y] * max(0, margin - x[y] + x[j]) ** p, divided by
    the number of classes (``p`` 1 or 2); ``target`` holds the class index y of each sample."""
    _expect_tensors("multi_margin_loss", ("input", 1, input), ("target", 2, target), ("weight", 5, weight))
    reduction = _reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.ndim != 1:
        raise ValueError("weight must be one-dimensional")
    frames, classes = _frames(input)
    if target.ndim > 1 or target.numel() != frames:
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           f"samples (batch size). Expected target size [{frames}], but got {list(target.shape)}. "
                           f"Input size: {list(input.shape)}")
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got {list(weight.shape)}")
    _check_kinds("multi_margin_loss_cpu_kernel", input, target)
    if weight is not None:
        if weight.dtype != input.dtype:
            raise RuntimeError(f"expected scalar type {_name(input.dtype)} but found {_name(weight.dtype)}")
        if weight.requires_grad and is_grad_enabled():
            raise RuntimeError("The function 'multi_margin_loss' is not differentiable with respect to argument "
                               "'weight'. This input cannot have requires_grad True.")
    t = target.reshape(frames, 1)
    if bool(((t < 0) | (t >= classes)).any()):
        raise RuntimeError("target out of range")

    def loss_of(values):
        x = values.reshape(frames, classes)
        z = relu(margin - x.gather(1, t) + x)  # (relu: no gradient where the margin is met exactly, as PyTorch)
        hinge = z if p == 1 else z * z
        hinge = _E.where(arange(classes, device=x.device) != t, hinge, 0.0)
        if weight is not None:
            hinge = hinge * weight[t]
        loss = hinge.sum(1) / classes
        if reduction == "none":
            return loss.reshape(tuple(target.shape)) if values.ndim <= 1 else loss
        return _reduce(loss, reduction)
    return one_node("MultiMarginLossBackward0", loss_of, input,
                    double=(NOT_IMPLEMENTED, "multi_margin_loss_backward"))


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Per sample: sum over its target classes j and its other classes k of max(0, 1 - (x[j] - x[k])),
    divided by the number of classes; ``target`` lists each sample's class indices, ended by -1."""
    _expect_tensors("multilabel_margin_loss", ("input", 1, input), ("target", 2, target))
    reduction = _reduction(size_average, reduce, reduction)
    frames, classes = _frames(input)
    if (target.ndim > 1 or target.numel() != classes) if input.ndim <= 1 else \
            tuple(target.shape) != tuple(input.shape):
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: {list(input.shape)}")
    _check_kinds("multilabel_margin_loss_forward_out_frame", input, target)
    t = target.reshape(frames, classes)
    if bool(((t < -1) | (t >= classes)).any()):
        raise RuntimeError("argument #2 'target' is out of range")
    with no_grad():
        listed = (t == -1).long().cumsum(1) == 0  # the entries before the first -1
        times = zeros((frames, classes), dtype=input.dtype, device=input.device).scatter_add(
            1, _E.where(listed, t, 0), listed.to(input.dtype))  # how often each class is listed
        pairs = times.unsqueeze(2) * (times == 0).to(input.dtype).unsqueeze(1)  # (target j, other k)

    def loss_of(values):
        x = values.reshape(frames, classes)
        z = relu(1 - x.unsqueeze(2) + x.unsqueeze(1))  # z[n, j, k] = 1 - x[j] + x[k]
        loss = (z * pairs).sum((1, 2)) / classes
        if reduction == "none":
            return loss if values.ndim == 2 else loss.reshape(())
        return _reduce(loss, reduction)
    return one_node("MultilabelMarginLossBackward0", loss_of, input,
                    double=(NOT_IMPLEMENTED, "multilabel_margin_loss_backward"))


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Per sample: the mean over classes of the binary cross-entropy of sigmoid(input) against a
    0/1 ``target`` (times ``weight``)."""
    _expect_tensors("multilabel_soft_margin_loss", ("input", 1, input), ("target", 2, target), ("weight", 3, weight))
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    if class_dim < 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    loss = loss.sum(class_dim) / input.shape[class_dim]
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) for any distance function ``d``
    (default: the pairwise Euclidean distance); ``swap``: the smaller of d(anchor, negative) and
    d(positive, negative)."""
    _check_reduction(reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    if not anchor.ndim == positive.ndim == negative.ndim:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {anchor.ndim}D, positive {positive.ndim}D, and negative "
                           f"{negative.ndim}D inputs")
    distance = pairwise_distance if distance_function is None else distance_function
    dist_pos = distance(anchor, positive)
    dist_neg = distance(anchor, negative)
    if swap:
        dist_neg = _E.minimum(dist_neg, distance(positive, negative))
    return _reduce(_E.clamp_min(margin + dist_pos - dist_neg, 0), reduction)
