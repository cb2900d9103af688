"""The plain layers of ``minigrad.nn.functional`` as functions: ``linear`` (one op of the core,
``ops/linear.py``), ``dropout``, ``flatten``, and ``one_hot`` (class indices as one-hot rows).
"""
from ..autograd import no_grad
from ..dtypes import float64
from ..ops import linear as _linear
from ..ops.linear import Linear as _Linear
from ..ops._util import expect_int
from ..tensor import Tensor
from ._checks import _expect_tensors
from ._vision import _check_dropout_call, _check_dropout_dtype
from .parameter import Parameter

__all__ = ["linear", "dropout", "flatten", "one_hot"]

_TENSOR_CLASSES = frozenset((Tensor, Parameter))  # (classes read by identity; subclasses: isinstance)


def linear(input, weight, bias=None):
    """``input @ weight.T + bias`` over the last dimension of ``input``."""
    if (input.__class__ in _TENSOR_CLASSES and weight.__class__ in _TENSOR_CLASSES
            and (bias is None or bias.__class__ in _TENSOR_CLASSES)):
        # Fast path, fenced: a matrix times a matrix of its dtype (not bool) with, if any, a bias of the
        # product's columns and dtype (every nn.Linear of a course model), checked on the arrays and
        # recorded as the general path records it (a test checks); anything else takes ``_linear.linear``.
        # All on one device, it enters Op.apply's fast path directly, as arithmetic does.
        x, w, dev = input._data, weight._data, input._device
        xs, ws, dtype = x.shape, w.shape, w.dtype
        if len(xs) == 2 and len(ws) == 2 and xs[1] == ws[1] and x.dtype is dtype and dtype.kind != "b" and (
                weight._device is dev) and (bias is None or (bias._device is dev and bias._data.dtype is dtype
                                                            and bias._data.shape == ws[:1])):
            return _Linear._apply_fast(input, weight, bias)
    else:
        _expect_tensors("linear", ("input", 1, input), ("weight", 2, weight), ("bias", 3, bias), required=2)
    return _linear.linear(input, weight, bias)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by ``1/(1-p)`` (training only)."""
    _expect_tensors("dropout", ("input", 1, input), required=1)
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_dropout_call("dropout", p, training)
    if not training or p == 0.0:
        return input
    _check_dropout_dtype(input, p)
    from ..creation import rand_like, zeros_like
    if p == 1.0:
        out = input * zeros_like(input)
    else:
        with no_grad():  # (PyTorch's bernoulli_(1 - p) of an empty_like: drawn in the input's memory order)
            keep = rand_like(input, dtype=float64) < 1.0 - p
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


def one_hot(input, num_classes=-1):
    """Class indices as one-hot int64 rows (``num_classes`` -1: max index + 1)."""
    _expect_tensors("one_hot", ("input", 1, input), required=1)
    num_classes = expect_int("one_hot", num_classes, "num_classes", 2)
    from ..creation import arange
    if input.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if not input.numel() and num_classes <= 0:  # (PyTorch's check of any count short of one, -1 or not)
        raise RuntimeError("Can not infer total number of classes from empty tensor.")
    if num_classes == -1:
        num_classes = int(input.max().item()) + 1
    if input.numel() and (int(input.min().item()) < 0 or int(input.max().item()) >= num_classes):
        raise RuntimeError("Class values must be smaller than num_classes." if int(input.min().item()) >= 0
                           else "Class values must be non-negative.")
    return (input.unsqueeze(-1) == arange(num_classes, device=input.device)).long()
