"""``embedding_bag`` of ``minigrad.nn.functional``: rows of an embedding table looked up and reduced
(sum, mean or max) per bag, composed of lookups and scatters so that every gradient follows."""
import warnings

from .. import ops as _E
from ..autograd import no_grad
from ..creation import arange, zeros
from ..dtypes import promote_types, type_string
from ..ops.indexed import _named
from ._embedding import _renorm_rows
from ._checks import _expect_tensors

__all__ = ["embedding_bag"]


def _check_offsets(offsets, length, include_last_offset):
    """PyTorch's checks of the bag starts (RuntimeError)."""
    if offsets.numel() == 0:
        return
    first, last = int(offsets[0]), int(offsets[-1])
    if first != 0:
        raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           f"position 0. However, got {first}")
    if last > length:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {length} but got offsets[-1] of "
                           f"{last}")
    if offsets.numel() > 1 and bool((offsets[1:] < offsets[:-1]).any()):
        raise RuntimeError("Expected i < index_size to be true, but got false.  (Could this error message be "
                           "improved?  If so, please report an enhancement request to PyTorch.)")


def _bag_of_entries(offsets, length, include_last_offset):
    """(number of bags, each entry's bag, which entries lie in a bag) for 1-D input of ``length``."""
    bags = offsets.numel() - 1 if include_last_offset else offsets.numel()
    end = int(offsets[-1]) if include_last_offset and offsets.numel() else length
    positions = arange(length, device=offsets.device)
    bag = _E.searchsorted(offsets.to(positions.dtype), positions, right=True) - 1
    inside = (positions < end) & (bag >= 0) & (bag < max(bags, 0))
    return max(bags, 0), bag.clamp(0, max(bags - 1, 0)), inside


def _bag_max(rows, bag, bags):
    """Per bag and feature the largest row value, its gradient reaching the first entry holding it
    (as PyTorch's kernel picks it); empty bags give 0."""
    n, d = rows.shape
    with no_grad():
        values = rows.detach()
        init = zeros((bags, d), dtype=values.dtype, device=values.device)
        index = bag.unsqueeze(1).expand(n, d)
        best = init.scatter_reduce(0, index, values, "amax", include_self=False)
        candidate = _E.where(values == best.gather(0, index), arange(n, device=values.device).unsqueeze(1), n)
        first = zeros((bags, d), dtype=candidate.dtype, device=values.device).fill_(n)
        first = first.scatter_reduce(0, index, candidate, "amin", include_self=True)
    padded = _E.cat([rows, zeros((1, d), dtype=rows.dtype, device=rows.device)])
    return padded.gather(0, first)


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Bags of rows of ``weight`` reduced by ``mode`` ('sum', 'mean' or 'max'): 2-D ``input`` is one
    bag per row; 1-D ``input`` is cut into bags starting at ``offsets`` (with ``include_last_offset``,
    the last offset ends the last bag). Entries equal to ``padding_idx`` are left out (an empty bag
    gives zeros); ``per_sample_weights`` (mode 'sum') scales each entry's row."""
    _expect_tensors("embedding_bag", ("input", 1, input), ("weight", 2, weight), ("offsets", 3, offsets),
                    ("per_sample_weights", 9, per_sample_weights))
    if weight.dtype.name == "int64" and input.dtype.is_floating_point:
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, "
                      "input, ...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.",
                      stacklevel=2)
        weight, input = input, weight
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, then it "
                         f"must have the same shape as the input ({input.shape})")
    if weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim}")
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        offsets = arange(0, input.numel(), input.shape[1], dtype=input.dtype, device=input.device)
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.ndim != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    if sparse:
        raise NotImplementedError("embedding_bag(sparse=True): minigrad has no sparse gradients; use sparse=False")
    if max_norm is not None:
        _renorm_rows(weight, input, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    # (PyTorch takes indices and offsets of any integer dtypes that promote to int32 or int64: int16 with int32)
    common = promote_types(input.dtype, offsets.dtype)
    if common.name not in ("int64", "int32"):
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {type_string(common, input.device.type)} instead (while checking "
                           "arguments for embedding_bag)")
    input, offsets = input.to(common), offsets.to(common)
    if input.numel() and (int(input.min()) < 0 or int(input.max()) >= weight.shape[0]):
        at = int(((input < 0) | (input >= weight.shape[0])).nonzero()[0, 0])  # (the first one, in either words)
        # (the words of PyTorch's kernel: its fast one sums float32 and float16 rows without a padding_idx)
        if mode == "max" or weight.dtype.name not in ("float32", "float16") or padding_idx is not None:
            raise RuntimeError(f"embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be "
                               f"{int(input[at])}")
        raise RuntimeError(f"Index {at} of input takes value {int(input[at])} which is not in the valid range "
                           f"[0, {weight.shape[0]})")
    if padding_idx is not None:
        if not -weight.shape[0] <= padding_idx < weight.shape[0]:
            raise AssertionError("padding_idx must be within the number of embeddings")
        padding_idx %= weight.shape[0]
    _check_offsets(offsets, input.numel(), include_last_offset)
    return _named(_reduce_bags(input, weight, offsets, mode, per_sample_weights, include_last_offset, padding_idx,
                                scale_grad_by_freq), "EmbeddingBagBackward0")


def _reduce_bags(input, weight, offsets, mode, per_sample_weights, include_last_offset, padding_idx,
                 scale_grad_by_freq):
    bags, bag, inside = _bag_of_entries(offsets, input.numel(), include_last_offset)
    with no_grad():
        keep = inside if padding_idx is None else inside & (input != padding_idx)
        kept = keep.nonzero().reshape(-1)
    index, bag = input[kept], bag[kept]
    rows = weight[index]
    if scale_grad_by_freq and rows.requires_grad:
        # each row's gradient divided by how often its index is looked up: values kept exactly
        with no_grad():
            counts = _E.bincount(index, minlength=weight.shape[0])[index].unsqueeze(-1).to(rows.dtype)
        rows = (rows - rows.detach()) / counts + rows.detach()
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[kept].unsqueeze(1)
    if mode == "max":
        return _bag_max(rows, bag, bags)
    out = zeros((bags, weight.shape[1]), dtype=rows.dtype, device=weight.device).index_add(0, bag, rows)
    if mode == "mean":
        with no_grad():
            counts = _E.bincount(bag, minlength=bags).clamp(min=1).unsqueeze(1).to(out.dtype)
        out = out / counts
    return out
