"""More pooling and channel layers for ``minigrad.nn.functional``: ``max_unpool1d/2d/3d``
(max pooling's partial inverse), ``lp_pool1d/2d/3d`` (power-average pooling),
``local_response_norm`` and ``channel_shuffle``. Composed of core ops as PyTorch composes them."""
from .. import ops as _E
from ..creation import zeros
import math

from ._vision import avg_pool1d, avg_pool2d, avg_pool3d, max_pool1d, max_pool2d, max_pool3d, pad
from ._activations import relu
from ..ops.one_node import one_node
from ._checks import _expect_tensors

__all__ = ["max_unpool1d", "max_unpool2d", "max_unpool3d", "lp_pool1d", "lp_pool2d", "lp_pool3d", "local_response_norm",
           "channel_shuffle", "native_channel_shuffle"]


def _tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


# ---------------------------------------------------------------------- max_unpool
def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    """The unpooled spatial size: the pooled input's by default, or ``output_size`` (its last dims)
    when it lies within a stride of that."""
    d = len(kernel_size)
    default = [(input.shape[input.ndim - d + i] - 1) * stride[i] + kernel_size[i] - 2 * padding[i] for i in range(d)]
    if output_size is None:
        size = default
    else:
        output_size = list(output_size)
        if len(output_size) == d + 2:
            output_size = output_size[2:]
        if len(output_size) != d:
            raise ValueError(f"output_size should be a sequence containing {d} or {d + 2} elements, but it has a "
                             f"length of '{len(output_size)}'")
        for i in range(d):
            low, high = default[i] - stride[i], default[i] + stride[i]
            if not low < output_size[i] < high:
                raise ValueError(f'invalid output_size "{output_size}" (dim {i} must be between {low} and {high})')
        size = output_size
    for i in range(d):
        if size[i] < 0:
            raise ValueError(f"max_unpooling: output_size must contain non-negative spatial dimensions, but got "
                             f"output_size[{i}]={size[i]}")
    return size


def _max_unpool(input, indices, size):
    """Each value of ``input`` (N, C, *size) or (C, *size) written at its flat spatial index of
    ``indices`` in zeros of spatial ``size`` (2 or 3 dims)."""
    n = len(size)
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"Input to max_unpooling{n}d should be a {n + 1}d or {n + 2}d Tensor, but got a tensor "
                           f"with {input.ndim} dimensions.")
    if indices.dtype.name != "int64":
        raise RuntimeError(f"elements in indices should be type int64 but got: {indices.dtype._torch_name[:-6]}")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: {list(indices.shape)}")
    volume = math.prod(size)
    lead = tuple(input.shape[:-n])
    flat = lead + (math.prod(input.shape[-n:]),)  # (not -1: an empty batch leaves it undetermined)
    kept = slice(None) if volume else slice(0)  # (nothing is written, and PyTorch checks no index)
    indices = indices.reshape(flat)[..., kept]
    if indices.numel() and (bool((indices < 0).any()) or bool((indices >= volume).any())):
        bad = indices[(indices < 0) | (indices >= volume)].reshape(-1)[0].item()
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                           f"{'x'.join(map(str, size))})")

    def place(values):
        out = zeros(lead + (volume,), dtype=values.dtype, device=values.device)
        return out.scatter(-1, indices, values.reshape(flat)[..., kept]).reshape(lead + tuple(size))
    return one_node(f"MaxUnpool{n}DBackward0", place, input, linear=True)  # (one node, as PyTorch's kernel)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Max pooling's partial inverse: (N, C, L) values placed at their ``indices`` (as max_pool1d
    returns them), zeros elsewhere."""
    _expect_tensors("max_unpool1d", ("input", 1, input), ("indices", 2, indices))
    kernel_size = _tuple(kernel_size, 1)
    stride = kernel_size if stride is None else _tuple(stride, 1)
    size = _unpool_output_size(input, kernel_size, stride, _tuple(padding, 1), output_size)
    return _max_unpool(input.unsqueeze(-1), indices.unsqueeze(-1), list(size) + [1]).squeeze(-1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Max pooling's partial inverse: (N, C, H, W) values placed at their flat ``indices`` (as
    max_pool2d returns them), zeros elsewhere."""
    _expect_tensors("max_unpool2d", ("input", 1, input), ("indices", 2, indices))
    kernel_size = _tuple(kernel_size, 2)
    stride = kernel_size if stride is None else _tuple(stride, 2)
    size = _unpool_output_size(input, kernel_size, stride, _tuple(padding, 2), output_size)
    if len(size) != 2:
        raise RuntimeError(f"There should be exactly two elements (height, width) in output_size, but got "
                           f"{len(size)} elements.")
    return _max_unpool(input, indices, size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Max pooling's partial inverse: (N, C, D, H, W) values placed at their flat ``indices`` (as
    max_pool3d returns them), zeros elsewhere."""
    _expect_tensors("max_unpool3d", ("input", 1, input), ("indices", 2, indices))
    kernel_size = _tuple(kernel_size, 3)
    stride = kernel_size if stride is None else _tuple(stride, 3)
    size = _unpool_output_size(input, kernel_size, stride, _tuple(padding, 3), output_size)
    return _max_unpool(input, indices, size)


# ---------------------------------------------------------------------- lp_pool
def _lp_pool(avg_pool, max_pool, input, norm_type, kernel_size, stride, ceil_mode, window):
    if norm_type == float("inf"):
        return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -float("inf"):
        return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = avg_pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(window).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x**p over each window) ** (1/p) on (N, C, L) input; p = inf gives max pooling of |x|."""
    _expect_tensors("lp_pool1d", ("input", 1, input))
    return _lp_pool(avg_pool1d, max_pool1d, input, norm_type, kernel_size, stride, ceil_mode, kernel_size)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x**p over each window) ** (1/p) on (N, C, H, W) input; p = inf gives max pooling of |x|."""
    _expect_tensors("lp_pool2d", ("input", 1, input))
    kw, kh = _tuple(kernel_size, 2)
    return _lp_pool(avg_pool2d, max_pool2d, input, norm_type, kernel_size, stride, ceil_mode, kw * kh)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x**p over each window) ** (1/p) on (N, C, D, H, W) input; p = inf gives max pooling of |x|."""
    _expect_tensors("lp_pool3d", ("input", 1, input))
    kd, kh, kw = _tuple(kernel_size, 3)
    return _lp_pool(avg_pool3d, max_pool3d, input, norm_type, kernel_size, stride, ceil_mode, kd * kh * kw)


# ---------------------------------------------------------------------- channels
def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """input / (k + alpha * mean of x**2 over ``size`` neighbouring channels) ** beta (channels dim 1;
    the window runs from size // 2 channels before to (size - 1) // 2 after, zero-padded)."""
    _expect_tensors("local_response_norm", ("input", 1, input))
    dim = input.ndim
    if dim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality                          input (got {dim} "
                         "dimensions)")
    if input.numel() == 0:
        return input
    squares = input.mul(input)
    shape = tuple(input.shape)
    # the channels as the height of one-channel images (N, 1, C, rest): an average over (size, 1) windows
    squares = squares.reshape(shape[0], 1, shape[1], -1)
    squares = pad(squares, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(squares, (size, 1), stride=1).reshape(shape)
    return input / div.mul(alpha).add(k).pow(beta)


def channel_shuffle(input, groups):
    """Channels (dim 1) split into ``groups`` and interleaved: channel g * (C/groups) + i moves to
    i * groups + g."""
    _expect_tensors("channel_shuffle", ("input", 1, input))
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input to have at least 3 dimensions, but got input with sizes "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    c = input.shape[1]
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups.")
    n, rest = input.shape[0], tuple(input.shape[2:])
    return one_node("ChannelShuffleBackward0", lambda t: t.reshape((n, groups, c // groups) + rest).transpose(1, 2)
                    .reshape((n, c) + rest), input, linear=True)


native_channel_shuffle = channel_shuffle  # (PyTorch's ATen spelling: the same shuffle and errors)
