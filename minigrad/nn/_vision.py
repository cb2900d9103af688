"""The vision half of ``minigrad.nn.functional``: convolution, pooling, normalisation,
resampling and channel dropout, as ``torch.nn.functional`` names them.

The differentiable ops live in ``minigrad.ops`` (conv, im2col, max_pool, avg_pool, normalization,
batch_norm, padding, resample, pixel_shuffle); this module gathers their public functions and adds
channel-wise dropout.
"""
import math
import warnings

from ..ops.conv import conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d  # noqa: F401
from ..ops.im2col import unfold, fold  # noqa: F401
from ..ops.max_pool import (max_pool1d, max_pool2d, max_pool3d, adaptive_max_pool1d,  # noqa: F401
                            adaptive_max_pool2d, adaptive_max_pool3d)
from ..ops.avg_pool import (avg_pool1d, avg_pool2d, avg_pool3d, adaptive_avg_pool1d,  # noqa: F401
                            adaptive_avg_pool2d, adaptive_avg_pool3d)
from ..ops.batch_norm import batch_norm, instance_norm  # noqa: F401
from ..ops.normalization import layer_norm, group_norm as _group_norm, rms_norm  # noqa: F401
from ..ops.padding import pad  # noqa: F401
from ..ops.resample import interpolate  # noqa: F401
from ..ops.pixel_shuffle import pixel_shuffle, pixel_unshuffle  # noqa: F401

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "unfold",
           "fold", "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
           "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
           "adaptive_max_pool2d", "adaptive_max_pool3d", "batch_norm", "layer_norm", "group_norm", "instance_norm",
           "rms_norm", "pad", "interpolate", "upsample", "pixel_shuffle", "pixel_unshuffle",
           "dropout1d", "dropout2d", "dropout3d", "max_pool1d_with_indices",
           "max_pool2d_with_indices", "max_pool3d_with_indices", "adaptive_max_pool1d_with_indices",
           "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices"]


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """torch.group_norm, after nn.functional's check that each group holds more than one value."""
    if getattr(input, "ndim", 0) >= 2 and isinstance(num_groups, int) and num_groups > 0:
        size = [input.shape[0] * input.shape[1] // num_groups, num_groups, *input.shape[2:]]
        if math.prod(size[:1] + size[2:]) == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")
    return _group_norm(input, num_groups, weight, bias, eps)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``max_pool1d`` returning (output, indices) whatever ``return_indices`` says."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``max_pool2d`` returning (output, indices) whatever ``return_indices`` says."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    """``adaptive_max_pool1d`` returning (output, indices) whatever ``return_indices`` says."""
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """``adaptive_max_pool2d`` returning (output, indices) whatever ``return_indices`` says."""
    return adaptive_max_pool2d(input, output_size, True)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``max_pool3d`` returning (output, indices) whatever ``return_indices`` says."""
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    """``adaptive_max_pool3d`` returning (output, indices) whatever ``return_indices`` says."""
    return adaptive_max_pool3d(input, output_size, True)


def _check_dropout_call(fn, p, training):
    """PyTorch's checks of a dropout call past its Python layer: a NaN ``p``, a ``training`` flag
    that is not a bool."""
    if p != p:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not isinstance(training, bool):
        raise TypeError(f"{fn}(): argument 'train' (position 3) must be bool, not {type(training).__name__}")


def _check_dropout_dtype(input, p, cast_name=None):
    """PyTorch's errors for a dropout that draws a mask (``p`` below 1) on an input of a dtype the draw
    or the scaling cannot take: NotImplementedError for a complex input (its Bernoulli draw has no complex
    kernel), RuntimeError for an integer or bool one (the float scale cannot be cast back; the message
    names ``cast_name`` where PyTorch names another dtype than the input's)."""
    if p >= 1.0:
        return
    if input.dtype.is_complex:
        raise NotImplementedError(f"\"bernoulli_scalar_{input.device.type}_\" not implemented for "
                                  f"'{input.dtype._torch_name[:-6]}'")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{cast_name or input.dtype._torch_name[:-6]}")


def _feature_dropout(input, p, training, inplace):
    """Zero whole channels (dim 1) of each sample with probability ``p``; scale the rest by 1/(1-p)."""
    if not training or p == 0.0:
        return input
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    _check_dropout_dtype(input, p)
    from ..autograd import no_grad
    from ..creation import rand
    from ..dtypes import float64
    mask_shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    with no_grad():
        keep = rand(mask_shape, dtype=float64, device=input.device) < 1.0 - p  # (PyTorch's bernoulli_(1 - p))
        scale = keep.to(input.dtype) * (1.0 / (1.0 - p)) if p < 1.0 else keep.to(input.dtype)
    if inplace:
        return input.mul_(scale)
    return input * scale


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Channel dropout for (N, C, H, W) input (3-D input is taken as (N, C, L), as PyTorch does)."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_dropout_call("feature_dropout", p, training)
    if input.ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is deprecated and will result "
                      "in an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D "
                      "inputs).", stacklevel=2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", stacklevel=2)
    return _feature_dropout(input, p, training, inplace)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Channel dropout for (N, C, L) or unbatched (C, L) input."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_dropout_call("feature_dropout", p, training)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. Note that "
                           "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a "
                           "channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    if input.ndim == 2:
        return _feature_dropout(input.unsqueeze(0), p, training, False).squeeze(0)
    return _feature_dropout(input, p, training, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Channel dropout for (N, C, D, H, W) or unbatched (C, D, H, W) input."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_dropout_call("feature_dropout", p, training)
    if input.ndim not in (4, 5):
        warnings.warn(f"dropout3d: Received a {input.ndim}-D input to dropout3d, which is deprecated and will result "
                      "in an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D "
                      "inputs).", stacklevel=2)
    if input.ndim != 5:  # (unbatched; in place through the view, as PyTorch's unsqueeze_)
        out = _feature_dropout(input.unsqueeze(0), p, training, inplace)
        return input if inplace else out.squeeze(0)
    return _feature_dropout(input, p, training, inplace)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of ``interpolate`` (kept for older course code)."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)
