"""Fractional max pooling for ``minigrad.nn.functional``: ``fractional_max_pool2d/3d`` (and their
``_with_indices`` forms). As PyTorch's wrappers: the output size from ``output_size`` or from
``output_ratio`` times the input size, and, without ``_random_samples``, one uniform sample per
batch entry, plane and spatial dim drawn as ``rand(N, C, dims)`` of the input's dtype (so a seeded
call pools PyTorch's windows)."""
from ..creation import rand
from ..ops import fractional_pool as _ops
from ._checks import _expect_tensors

__all__ = ["fractional_max_pool2d", "fractional_max_pool3d", "fractional_max_pool2d_with_indices",
           "fractional_max_pool3d_with_indices"]


def _ntuple(value, d):
    """PyTorch's ``_pair`` / ``_triple``: an iterable as it is, a number repeated."""
    return value if isinstance(value, (tuple, list)) else (value,) * d


def _fractional(input, kernel_size, output_size, output_ratio, _random_samples, d):
    name = f"fractional_max_pool{d}d"
    _expect_tensors(name, ("random_samples", 4, _random_samples))  # (a non-Tensor input: AttributeError, as PyTorch)
    if output_size is None and output_ratio is None:
        raise ValueError(f"{name} requires specifying either an output_size or an output_ratio")
    if output_size is None:
        if d == 2 and len(output_ratio) > 2:
            raise ValueError(f"{name} requires output_ratio to either be a single Int or tuple of Ints.")
        ratio = _ntuple(output_ratio, d)
        output_size = [int(input.shape[i - d] * ratio[i]) for i in range(d)]
    if _random_samples is None:
        batch = 1 if input.ndim == d + 1 else input.shape[0]
        _random_samples = rand(batch, input.shape[-d - 1], d, dtype=input.dtype, device=input.device)
    return _ops.fractional_max_pool(input, kernel_size, output_size, _random_samples, d)


def fractional_max_pool2d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                                       _random_samples=None):
    """2-D fractional max pooling of (N, C, H, W) or (C, H, W) input: (output, flat indices of the maxima)."""
    return _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 2)


def fractional_max_pool3d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                                       _random_samples=None):
    """3-D fractional max pooling of (N, C, T, H, W) or (C, T, H, W) input: (output, flat indices of the maxima)."""
    return _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 3)


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """2-D fractional max pooling (Graham): ``kernel_size`` windows at pseudo-random increasing offsets giving
    ``output_size`` (or ``output_ratio`` times the input size); with ``return_indices`` also the flat indices
    of the maxima. ``_random_samples`` (N, C, 2) fixes the offsets (else drawn as ``rand``)."""
    out, index = _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 2)
    return (out, index) if return_indices else out


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """3-D fractional max pooling of (N, C, T, H, W) input: as ``fractional_max_pool2d``, samples (N, C, 3)."""
    out, index = _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 3)
    return (out, index) if return_indices else out
