"""Functions of pairs of vectors for ``minigrad.nn.functional``: ``bilinear`` (x1^T A x2 + b) and
``pdist`` (the distances between all pairs of rows), composed of core ops."""
from .. import ops as _E
from ..creation import arange, zeros
from ..dtypes import C_NAMES, bool as bool_
from ..ops.distance import vector_norm
from ..ops.one_node import one_node
from ..ops.products import bilinear_form
from ._checks import _expect_float, _expect_tensors

__all__ = ["bilinear", "pdist"]


def bilinear(input1, input2, weight, bias=None):
    """``y[..., o] = sum_ij input1[..., i] * weight[o, i, j] * input2[..., j] + bias[o]``."""
    _expect_tensors("bilinear", ("input1", 1, input1), ("input2", 2, input2), ("weight", 3, weight),
                    ("bias", 4, bias))
    tensors = (("input1", input1), ("input2", input2), ("weight", weight)) + (() if bias is None else (("bias", bias),))
    if any(x.dtype is not input1.dtype for _, x in tensors):
        raise RuntimeError("All tensors must have the same dtype, got " +
                           ", ".join(f"{name}: {C_NAMES[x.dtype.name]}" for name, x in tensors))
    if input1.ndim != input2.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.ndim} and {input2.ndim}")
    for i in range(input1.ndim - 1):
        if input1.shape[i] != input2.shape[i]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: got {input1.shape[i]} "
                               f"and {input2.shape[i]}")
    # (PyTorch reads the sizes with size(dim): a tensor short of the dim read is its IndexError)
    for k, x in ((1, input1), (2, input2)):
        if x.size(-1) != weight.size(k):
            raise RuntimeError(f"bilinear(): input{k} size does not match weight size: got {x.size(-1)} but "
                               f"expected {weight.size(k)}")
    if bias is not None and bias.size(0) != weight.size(0):
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got {bias.size(0)} but expected "
                           f"{weight.size(0)}")
    if weight.ndim != 3:
        raise RuntimeError("number of dimensions must match")  # (PyTorch's _trilinear's words)
    out = bilinear_form(input1, weight, input2)
    return out if bias is None else out + bias


def pdist(input, p=2):
    """The p-norm distances between rows i < j of ``input`` (N, M), as a flat (N * (N - 1) / 2,) tensor
    in row-major order of the pairs. A zero distance has gradient 0."""
    _expect_tensors("pdist", ("input", 1, input))
    p = _expect_float("pdist", "p", 2, p)
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if not input.dtype.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return one_node("PdistBackward0", lambda x: _pdist(x, p), input,
                    double=("PdistBackwardBackward0", "_pdist_backward"))


def _pdist(input, p):
    n = input.shape[0]
    rows = arange(n, device=input.device)
    first, second = rows.unsqueeze(1).expand(n, n), rows.unsqueeze(0).expand(n, n)
    upper = first < second
    diff = input[first[upper]] - input[second[upper]]
    if p == float("inf"):
        # (PyTorch's gradient goes whole to every entry that reaches the maximum, tied or not)
        size = diff.abs()
        dist = size.detach().amax(-1, keepdim=True) if diff.shape[-1] else size.detach().sum(-1, keepdim=True)
        at_max = size.detach() == dist
        return (dist + ((size - size.detach()) * at_max).sum(-1, keepdim=True)).squeeze(-1)
    if p == 0:  # the count of differing entries: PyTorch's gradient is zeros (not none)
        return vector_norm(diff, 0, -1) + _E.where(zeros((), dtype=bool_, device=diff.device), diff, 0.0).sum(-1)
    if 1 < p < float("inf"):
        # PyTorch's kernel: (sum |d|^p)^(1/p) as written, so a sum that underflows to 0 (rows 1e-38
        # apart in float32) is a zero distance, with a zero gradient, as PyTorch's
        powers = diff.abs() ** p
        total = powers.sum(-1)
        zero = total == 0
        kept = _E.where(zero, 1.0, total)
        return _E.where(zero, 0.0, kept.sqrt() if p == 2 else kept ** (1.0 / p))
    return vector_norm(diff, p, -1)
