"""PyTorch's ATen-level embeddings at the top level: ``torch.embedding`` (the weight first),
``torch.embedding_renorm_`` and ``torch.embedding_bag`` with the bookkeeping outputs of PyTorch's
kernels (each entry's bag, each bag's size, the rows of the maxima)."""
import math

from .nn import functional as F
from . import creation
from .dtypes import float32, promote_types
from .ops._util import expect_tensor
from .ops.search import searchsorted
from .ops import where, cat
from .autograd import no_grad, is_grad_enabled
from .nn._embedding import _renorm_rows

__all__ = ["embedding", "embedding_renorm_", "embedding_bag"]


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """``nn.functional.embedding`` with the weight first; a ``padding_idx`` of -1 is none."""
    return F.embedding(indices, weight, None if padding_idx == -1 else padding_idx,
                       scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def embedding_renorm_(input, indices, max_norm, norm_type):
    """Scale in place each row of ``input`` named in ``indices`` whose ``norm_type``-norm exceeds
    ``max_norm`` down to ``max_norm`` (``nn.functional.embedding``'s ``max_norm``); returns input."""
    expect_tensor("embedding_renorm_", input)
    expect_tensor("embedding_renorm_", indices, "indices", 2)
    if input._rg and input.is_leaf and is_grad_enabled():
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    _renorm_rows(input, indices, max_norm, norm_type)
    return input


_BAG_MODES = {0: "sum", 1: "mean", 2: "max"}


def embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False,
                  per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """ATen's embedding_bag: ``(output, offset2bag, bag_size, max_indices)``. ``output`` is
    ``nn.functional.embedding_bag``'s for ``mode`` 0 (sum), 1 (mean) or 2 (max); the other three
    are the bookkeeping PyTorch's kernels return: each entry's bag, each bag's count of entries
    (zeros in sum mode), and in max mode the row each maximum came from (the bag sizes in mean
    mode, zeros in sum mode)."""
    for name, pos, t in (("weight", 1, weight), ("indices", 2, indices), ("offsets", 3, offsets)):
        expect_tensor("embedding_bag", t, name, pos)
    name = _BAG_MODES.get(mode)
    if name is None:
        raise RuntimeError(f"embedding_bag: unknown mode {mode}")
    output = F.embedding_bag(indices, weight, offsets, scale_grad_by_freq=scale_grad_by_freq, mode=name,
                             sparse=sparse, per_sample_weights=per_sample_weights,
                             include_last_offset=include_last_offset, padding_idx=padding_idx)
    with no_grad():
        kind = indices.dtype if indices.dtype is offsets.dtype else promote_types(indices.dtype, offsets.dtype)
        bags = offsets.numel() - 1 if include_last_offset else offsets.numel()
        positions = creation.arange(indices.numel(), device=indices.device)
        offset2bag = (searchsorted(offsets.to(positions.dtype), positions, right=True) - 1).clamp(0, max(bags - 1, 0))
        if mode == 0:  # (PyTorch's forward-only kernel sizes these by the offsets, its autograd one by the bags)
            graph = weight.requires_grad or per_sample_weights is not None and per_sample_weights.requires_grad
            zeros = creation.zeros(max(bags, 0) if graph else offsets.numel(), dtype=kind, device=indices.device)
            if weight.dtype is float32 and padding_idx is None:  # (PyTorch's float sum kernel fills none)
                offset2bag = offset2bag[:0]
            return output, offset2bag.to(kind), zeros, zeros.clone()
        counted = indices != padding_idx % weight.shape[0] if padding_idx is not None else indices >= 0
        counted = counted & (positions < (int(offsets[-1]) if include_last_offset else indices.numel()))
        bag_size = creation.zeros(bags, dtype=kind, device=indices.device).index_add(
            0, offset2bag, counted.to(kind)) if bags > 0 else creation.zeros(0, dtype=kind, device=indices.device)
        if mode == 1:
            return output, offset2bag.to(kind), bag_size, bag_size.clone()
        return output, offset2bag.to(kind), bag_size, _bag_argmax(weight, indices, offset2bag, counted, bags, kind)


def _bag_argmax(weight, indices, offset2bag, counted, bags, kind):
    """Per bag and feature the row of ``weight`` holding the largest value among the bag's counted
    entries (the first such entry; 0 for an empty bag)."""
    n, d = indices.numel(), weight.shape[1]
    if bags == 0 or n == 0:
        return creation.zeros((max(bags, 0), d), dtype=kind, device=weight.device)
    rows = weight[indices]
    bag = offset2bag.unsqueeze(1).expand(n, d)
    entries = counted.unsqueeze(1).expand(n, d)
    low = creation.full((bags, d), -math.inf, dtype=rows.dtype, device=rows.device)
    best = low.scatter_reduce(0, bag, where(entries, rows, -math.inf), "amax")
    position = where(entries & (rows == best.gather(0, bag)), creation.arange(n, device=rows.device).unsqueeze(1), n)
    first = creation.full((bags, d), n, dtype=position.dtype, device=rows.device)
    first = first.scatter_reduce(0, bag, position, "amin")
    padded = cat([indices.to(kind), creation.zeros(1, dtype=kind, device=indices.device)])
    return padded[first]
