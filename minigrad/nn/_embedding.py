"""``embedding`` (a lookup table: rows of ``weight`` picked by integer indices) and ``kl_div``
(the Kullback-Leibler divergence loss) of ``minigrad.nn.functional``."""
import warnings

from .. import ops as _E
from ..autograd import no_grad
from ..dtypes import type_string
from ..ops._util import expect_int, expect_number
from ..ops.distance import vector_norm
from ._checks import _expect_tensors, _legacy_reduction, _check_reduction, _reduce, _type_name

__all__ = ["embedding", "kl_div"]

_INDEX_DTYPES = ("int64", "int32")


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` (num_embeddings, embedding_dim) at the integer indices ``input``: the result
    has shape ``input.shape + (embedding_dim,)``. The row ``padding_idx`` gets no gradient; with
    ``max_norm``, the rows looked up are first rescaled in place to norms of at most ``max_norm``; with
    ``scale_grad_by_freq``, each row's gradient is divided by the count of its index in ``input``."""
    _expect_tensors("embedding", ("weight", 1, weight), ("indices", 2, input), required=2)  # (ATen's order and names)
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < weight.size(0), "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -weight.size(0), "Padding_idx must be within num_embeddings"
            padding_idx = weight.size(0) + padding_idx
        padding_idx = expect_int("embedding", padding_idx, "padding_idx", 3, symint=True)
    if max_norm is not None:  # (PyTorch renorms before the lookup checks its arguments)
        max_norm = expect_number("embedding_renorm_", max_norm, "max_norm", 3, "float")
        norm_type = expect_number("embedding_renorm_", norm_type, "norm_type", 4, "float")
        _renorm_rows(weight, input, max_norm, norm_type)
    for name, position, flag in (("scale_grad_by_freq", 4, scale_grad_by_freq), ("sparse", 5, sparse)):
        if flag.__class__ is not bool:  # (PyTorch's argument parser: a str or an int 1 is not a bool)
            raise TypeError(f"embedding(): argument '{name}' (position {position}) must be bool, not "
                            f"{_type_name(flag)}")
    if input.dtype.name not in _INDEX_DTYPES:
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {type_string(input.dtype, input.device.type)} instead (while checking "
                           "arguments for embedding)")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    if sparse:
        raise NotImplementedError("embedding(sparse=True): minigrad has no sparse gradients; use sparse=False")
    if input.numel() and weight.shape[0] == 0:  # (PyTorch's index_select of no rows)
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    if input.numel() and (int(input.min()) < 0 or int(input.max()) >= weight.shape[0]):
        raise IndexError("index out of range in self")
    out = weight[input]
    if scale_grad_by_freq and out.requires_grad:
        # Each row's gradient divided by how often its index occurs in ``input``: the values are
        # kept exactly ((w - w) / f + w is w) while the gradient through the first term is 1 / f.
        with no_grad():
            counts = _E.bincount(input.reshape(-1), minlength=weight.shape[0])[input].unsqueeze(-1)
        out = (out - out.detach()) / counts + out.detach()
    if padding_idx is not None:
        with no_grad():
            padding = (input == padding_idx).unsqueeze(-1)
        out = _E.where(padding, out.detach(), out)  # the same values; no gradient reaches the padding row
    if out.grad_fn is not None:
        out.grad_fn.torch_name = "EmbeddingBackward0"  # (PyTorch's one node for the lookup)
    return out


def _renorm_rows(weight, input, max_norm, norm_type):
    """PyTorch's ``embedding_renorm_``: each row looked up whose norm exceeds ``max_norm`` is scaled,
    in place and outside the graph, by ``max_norm / (norm + 1e-7)``. Its errors, in its order (the
    weight's rank, the indices' dtype, then, walking the sorted indices, the first one no row has, and
    the weight's dtype at the first row), all before any row changes (PyTorch scales the rows before
    a bad index)."""
    if weight.ndim != 2:
        raise RuntimeError(f"Expected 2-dimensional tensor, but got {weight.ndim}-dimensional tensor for argument "
                           "#1 'self' (while checking arguments for embedding_renorm_)")
    if input.dtype.name not in _INDEX_DTYPES:
        raise RuntimeError(f"Expected tensor for argument #2 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {type_string(input.dtype, input.device.type)} instead (while "
                           "checking arguments for embedding_renorm_)")
    if not input.numel():
        return
    with no_grad():
        used = _E.unique(input.reshape(-1))
    n = weight.shape[0]
    low, high = used[[0, -1]].tolist()  # (one explicit host check; unique sorts)
    if low < -n or high >= n:
        bad = low if low < -n else int(used[used >= n][0])
        raise IndexError(f"select(): index {bad} out of range for tensor of size {list(weight.shape)} at dimension 0")
    if not (weight.dtype.is_floating_point or weight.dtype.is_complex):
        raise RuntimeError("norm(): input dtype should be either floating point or complex. Got "
                           f"{weight.dtype._torch_name[:-6]} instead.")
    with no_grad():
        rows = weight[used]
        norms = vector_norm(rows, norm_type, 1)
        scale = _E.where(norms > max_norm, max_norm / (norms + 1e-7), norms.new_ones(()))
        weight[used] = rows * scale.unsqueeze(1)


_MEAN_WARNING = ("reduction: 'mean' divides the total loss by both the batch size and the support size."
                 "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                 "'mean' will be changed to behave the same as 'batchmean' in the next major release.")


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """KL divergence of ``target`` from the log-probabilities ``input``: ``target * (log(target) - input)``
    (0 where target is 0), or ``exp(target) * (target - input)`` with ``log_target``. ``reduction``
    "batchmean" divides the sum by the batch size (the mathematical KL divergence)."""
    _expect_tensors("kl_div", ("input", 1, input), ("target", 2, target), required=2)
    if not isinstance(log_target, bool):
        raise TypeError(f"kl_div(): argument 'log_target' must be bool, not {type(log_target).__name__}")
    if reduction == "elementwise_mean":  # (PyTorch's deprecated name of "mean")
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.", stacklevel=2)
        reduction = "elementwise mean"
    if size_average is not None or reduce is not None:
        summed = _legacy_reduction(size_average, reduce, "mean")  # (warns as PyTorch)
    else:
        if reduction == "mean":
            warnings.warn(_MEAN_WARNING, stacklevel=2)
        summed = "sum" if reduction == "batchmean" else "mean" if reduction == "elementwise mean" else reduction
    _check_reduction(summed)
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        loss = target.exp() * (target - input)
    else:  # xlogy(target, target): 0 at 0, NaN below
        loss = _E.where(target == 0, 0.0, target * target.log()) - target * input
    reduced = _reduce(loss, summed)
    if reduction == "batchmean" and input.dim() != 0:
        reduced = reduced / input.size(0)
    return reduced
