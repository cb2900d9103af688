"""PyTorch's ATen-level entry points of nn.functional at the top level: ``torch.dropout(input, p,
train)``, ``torch.batch_norm(input, weight, bias, running_mean, ...)``, ``torch.convolution``,
``torch.grid_sampler`` with integer modes: other argument orders and defaults than nn.functional's,
each a few lines over the one implementation it names. The losses with integer reductions are in
``_aten_losses.py``, the embeddings in ``_aten_embeddings.py``, ``poisson`` and ``binomial`` in
``_aten_draws.py``."""
import builtins

from .nn import functional as F
from . import creation
from .dtypes import float64
from .ops._util import expect_tensor
from .autograd import no_grad
from .dtypes import bool as bool_
from .nn._vision import _feature_dropout
from .nn._activations import hardshrink as _hardshrink

__all__ = []


def _public(fn):
    __all__.append(fn.__name__)
    return fn


# ------------------------------------------------------------ ATen-level nn entry points
@_public
def dropout(input, p, train):
    """``nn.functional.dropout(input, p, train)``: ``train`` is required here."""
    return F.dropout(input, p, train)


@_public
def alpha_dropout(input, p, train):
    """``nn.functional.alpha_dropout(input, p, train)``."""
    return F.alpha_dropout(input, p, train)


@_public
def feature_alpha_dropout(input, p, train):
    """``nn.functional.feature_alpha_dropout(input, p, train)``."""
    return F.feature_alpha_dropout(input, p, train)


@_public
def selu(input):
    """``nn.functional.selu``."""
    return F.selu(input)


@_public
def celu(input, alpha=1.0):
    """``nn.functional.celu``."""
    return F.celu(input, alpha)


@_public
def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """``nn.functional.rrelu`` (a fixed slope (lower + upper) / 2 unless training)."""
    if generator is not None:
        return F.rrelu_(input.clone(), lower, upper, training, generator)
    return F.rrelu(input, lower, upper, training)


@_public
def threshold(input, threshold, value):
    """``nn.functional.threshold``."""
    return F.threshold(input, threshold, value)


# nn.functional's own names and arguments
prelu = F.prelu
hardshrink = _hardshrink  # (the unwrapped function: torch.hardshrink's out= is its own wrapper)
cosine_similarity = F.cosine_similarity
pairwise_distance = F.pairwise_distance
pdist = F.pdist
bilinear = F.bilinear
channel_shuffle = F.channel_shuffle
native_channel_shuffle = F.channel_shuffle
__all__ += ["prelu", "hardshrink", "cosine_similarity", "pairwise_distance", "pdist", "bilinear",
            "channel_shuffle", "native_channel_shuffle"]


@_public
def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    """``nn.functional.batch_norm`` in ATen's argument order (``cudnn_enabled`` is ignored)."""
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


@_public
def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled):
    """``nn.functional.instance_norm`` in ATen's argument order (``cudnn_enabled`` is ignored)."""
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


@_public
def adaptive_max_pool1d(input, output_size):
    """``(values, indices)`` of ``nn.functional.adaptive_max_pool1d``."""
    return F.adaptive_max_pool1d(input, output_size, return_indices=True)


@_public
def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``(values, indices)`` of ``nn.functional.max_pool1d`` (an empty ``stride`` is the kernel size)."""
    return F.max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode, return_indices=True)


# ----------------------------------------------- more ATen-level nn entry points
@_public
def feature_dropout(input, p, train):
    """Dropout of whole feature maps (dim 1 of input with at least 2 dims): ``nn.functional.dropout1d``'s
    draw, under ATen's errors (RuntimeError)."""
    expect_tensor("feature_dropout", input)
    if p < 0 or p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not train:
        return input
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return _feature_dropout(input, p, True, False)


@_public
def native_dropout(input, p, train):
    """``(output, mask)``: ``nn.functional.dropout``'s output and the bool mask of the elements it kept
    (all kept when ``train`` is False; ``None`` counts as training)."""
    expect_tensor("native_dropout", input)
    mask_dtype = bool_ if input.numel() else input.dtype  # (PyTorch's empty masks take the input's dtype)
    if train is not None and not train:
        return input * 1, creation.ones(input.shape, dtype=mask_dtype, device=input.device)
    if p < 0 or p > 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={1 - p}")
    with no_grad():
        mask = creation.rand(input.shape, dtype=float64, device=input.device) < 1.0 - p  # (F.dropout's draw)
        scale = mask.to(input.dtype) * (1.0 / (1.0 - p) if p < 1 else 0.0)
    if train is None:  # PyTorch's gradient is then the mask alone, unscaled
        kept = input * mask.to(input.dtype)
        return kept + (input * scale - kept).detach(), mask.to(mask_dtype)
    return input * scale, mask.to(mask_dtype)


@_public
def conv_tbc(input, weight, bias, pad=0):
    """A 1-D convolution of (time, batch, channel) input with a (kernel, in, out) weight and a bias,
    ``pad`` steps of zeros (or, negative, steps cut) at both ends of time: the sum over kernel taps
    ``k`` of ``input[t + k] @ weight[k]``."""
    for name, pos, t in (("input", 1, input), ("weight", 2, weight), ("bias", 3, bias)):
        expect_tensor("conv_tbc", t, name, pos)
    if input.ndim != 3:
        raise RuntimeError("Input must have 3 dims: time, batch, in_channel")
    if weight.ndim != 3:
        raise RuntimeError("Weight tensor must have 3 dims: kernel_width, in_channels, out_channels.")
    if bias.ndim != 1:
        raise RuntimeError("Bias must be 1-D")
    if input.shape[2] != weight.shape[1]:
        raise RuntimeError("Input dim 2 (input channels) is not == dim 1 in the weight tensor")
    if bias.shape[0] != weight.shape[2]:
        raise RuntimeError("Bias size must equal dim 2 in the weight tensor (output channels).")
    if pad > 0:
        input = F.pad(input, (0, 0, 0, 0, pad, pad))
    elif pad < 0:
        input = input[-pad:input.shape[0] + pad]
    kernel = weight.shape[0]
    length = max(input.shape[0] - kernel + 1, 0)
    out = bias.expand(length, input.shape[1], bias.shape[0])
    for k in builtins.range(kernel):  # (``range`` here is torch.range)
        out = out + input[k:k + length] @ weight[k]
    return out


@_public
def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """ATen's convolution: ``nn.functional.conv{1,2,3}d`` (or ``conv_transpose{1,2,3}d`` when
    ``transposed``), the dimensionality read from ``weight``."""
    expect_tensor("convolution", input)
    expect_tensor("convolution", weight, "weight", 2)
    dims = weight.ndim - 2
    if dims not in (1, 2, 3):
        raise RuntimeError(f"Expected {weight.ndim}-dimensional weight to have 3, 4 or 5 dimensions")
    if transposed:
        conv = getattr(F, f"conv_transpose{dims}d")
        return conv(input, weight, bias, stride, padding, output_padding, groups, dilation)
    return getattr(F, f"conv{dims}d")(input, weight, bias, stride, padding, dilation, groups)


# ------------------------------------------------------- grid sampling by integer modes
_INTERPOLATION_MODES = ("bilinear", "nearest", "bicubic")
_PADDING_MODES = ("zeros", "border", "reflection")


def _grid_sampler(name, input, grid, interpolation_mode, padding_mode, align_corners, ndim=None):
    expect_tensor(name, input)
    expect_tensor(name, grid, "grid", 2)
    if align_corners.__class__ is not builtins.bool:
        raise TypeError(f"{name}(): argument 'align_corners' (position 5) must be bool, not "
                        f"{type(align_corners).__name__}")
    if ndim is not None and (input.ndim != ndim or grid.ndim != ndim):
        raise RuntimeError(f"grid_sampler(): expected {ndim}D input and grid with same number of dimensions, but got "
                           f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if interpolation_mode not in (0, 1, 2) or padding_mode not in (0, 1, 2):
        raise RuntimeError(f"{name}(): interpolation_mode must be 0 (bilinear), 1 (nearest) or 2 (bicubic) and "
                           f"padding_mode 0 (zeros), 1 (border) or 2 (reflection), got {interpolation_mode} and "
                           f"{padding_mode}")
    if interpolation_mode == 2 and input.ndim == 5:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    return F.grid_sample(input, grid, _INTERPOLATION_MODES[interpolation_mode], _PADDING_MODES[padding_mode],
                         align_corners)


@_public
def grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    """``nn.functional.grid_sample`` with ATen's integer modes: interpolation 0 bilinear, 1 nearest,
    2 bicubic; padding 0 zeros, 1 border, 2 reflection."""
    return _grid_sampler("grid_sampler", input, grid, interpolation_mode, padding_mode, align_corners)


@_public
def grid_sampler_2d(input, grid, interpolation_mode, padding_mode, align_corners):
    """``grid_sampler`` for images (4-D input and grid)."""
    return _grid_sampler("grid_sampler_2d", input, grid, interpolation_mode, padding_mode, align_corners, 4)


@_public
def grid_sampler_3d(input, grid, interpolation_mode, padding_mode, align_corners):
    """``grid_sampler`` for volumes (5-D input and grid)."""
    return _grid_sampler("grid_sampler_3d", input, grid, interpolation_mode, padding_mode, align_corners, 5)


@_public
def affine_grid_generator(theta, size, align_corners):
    """``nn.functional.affine_grid`` with ``align_corners`` required (a bool)."""
    if align_corners.__class__ is not builtins.bool:
        raise TypeError(f"affine_grid_generator(): argument 'align_corners' (position 3) must be bool, not "
                        f"{type(align_corners).__name__}")
    return F.affine_grid(theta, list(size), align_corners)


@_public
def feature_dropout_(input, p, train):
    """``feature_dropout`` in place (whole channels, dim 1, zeroed; the rest scaled by 1 / (1 - p))."""
    expect_tensor("feature_dropout_", input)
    if p < 0 or p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    return _feature_dropout(input, p, train, True)
