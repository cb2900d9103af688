"""``unfold`` (im2col) and ``fold`` (col2im): sliding windows of an image as columns and back, each
the other's gradient, with PyTorch's argument checks and errors. The array work is in
``minigrad.kernels.conv``.
"""
from ..autograd.op import Op
from ..kernels import conv as K
from .._int_arguments import _wrap_dim
from .one_node import unbatched
from .pool import _expect_int_list


class Unfold(Op):
    """im2col as a public op; its gradient is Fold."""

    supports_complex = True

    torch_name = "Im2ColBackward0"
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, x, params):
        ctx.in_size = x.shape[2:]
        ctx.params = params
        return K.unfold(ctx.xp, x, *params)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(Fold, g, ctx.in_size, ctx.params)


class Fold(Op):
    """col2im as a public op; its gradient is Unfold."""

    supports_complex = True

    torch_name = "Col2ImBackward0"
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, cols, out_size, params):
        ctx.params = params
        return K.fold(ctx.xp, cols, out_size, *params)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(Unfold, g, ctx.params)


def _pair(value, name):
    """``value`` as a pair of ints for im2col/col2im: an int repeated, a sequence of exactly two
    (PyTorch's error otherwise: unlike a convolution's, these take no one-element list)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
        return tuple(int(v) for v in value)
    return (int(value),) * 2


def _expect_size_args(fn, *named):
    """PyTorch's argument parser's TypeError for a size argument of im2col/col2im that is not an int or a
    sequence of ints (a float 2.0 neither), each taken as its Python wrapper pairs it; ``named`` holds
    (position, name, value) triples in the parser's order."""
    for position, name, value in named:
        _expect_int_list(value if isinstance(value, (tuple, list)) else (value, value), fn, name, position)


def _unfold_params(kernel_size, dilation, padding, stride):
    kernel = _pair(kernel_size, "kernel_size")
    return (kernel, _pair(stride, "stride"), tuple((p, p) for p in _pair(padding, "padding")),
            _pair(dilation, "dilation"))


def _check_positive(params):
    """col2im's checks of its geometry, in PyTorch's order and words."""
    kernel, stride, pads, dilation = params
    for name, (a, b), short in (("kernel size", kernel, "kernel"), ("stride", stride, "stride"),
                                ("dilation", dilation, "dilation")):
        if a <= 0 or b <= 0:
            raise RuntimeError(f"{name} should be greater than zero, but got {short}_height: {a} {short}_width: {b}")
    if pads[0][0] < 0 or pads[1][0] < 0:
        raise RuntimeError(f"padding should be non-negative, but got pad_height: {pads[0][0]} pad_width: {pads[1][0]}")


def _check_im2col_input(input, batched_ndim, expected):
    """PyTorch's error for an im2col/col2im input of another rank, or empty past its batch dim."""
    if input.ndim not in (batched_ndim - 1, batched_ndim) or 0 in input.shape[input.ndim - batched_ndim + 1:]:
        raise RuntimeError(f"Expected {expected} for input, but got: {list(input.shape)}")


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding windows of (N, C, H, W) input as columns (N, C*kh*kw, L), as ``torch.nn.functional.unfold``."""
    _expect_size_args("im2col", (2, "kernel_size", kernel_size), (3, "dilation", dilation), (4, "padding", padding),
                      (5, "stride", stride))
    params = _unfold_params(kernel_size, dilation, padding, stride)
    _check_positive(params)
    if input.ndim == 0:
        raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    if input.ndim < 3:  # (PyTorch reads the size of dim ndim first)
        _wrap_dim(input.ndim, input.ndim)
    _check_im2col_input(input, 4, "3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                                  "dimensions")
    kernel, stride_, pads, dil = params
    x = input if input.ndim == 4 else input.unsqueeze(0)
    blocks = [K.output_size(s, k, st, p, d) for s, k, st, p, d in zip(x.shape[2:], kernel, stride_, pads, dil)]
    if any(b < 1 for b in blocks):
        raise RuntimeError(f"Given input with spatial size ({x.shape[2]}, {x.shape[3]}), kernel_size={kernel}, "
                           f"dilation={dil}, padding={tuple(p for p, _ in pads)}, calculated shape of the array of "
                           f"sliding blocks as ({blocks[0]}, {blocks[1]}), but its components must be at least one.")
    if input.ndim == 4:
        return Unfold.apply(x, params)
    return unbatched(input, lambda t: Unfold.apply(t, params), linear=True)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Columns (N, C*kh*kw, L) summed back into (N, C, H, W) images, as ``torch.nn.functional.fold``."""
    _expect_size_args("col2im", (2, "output_size", output_size), (3, "kernel_size", kernel_size),
                      (4, "dilation", dilation), (5, "padding", padding), (6, "stride", stride))
    out_size = _pair(output_size, "output_size")
    params = _unfold_params(kernel_size, dilation, padding, stride)
    _check_positive(params)
    _check_im2col_input(input, 3, "2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                                  "dimensions")
    kernel, stride_, pads, dil = params
    x = input if input.ndim == 3 else input.unsqueeze(0)
    kk = kernel[0] * kernel[1]
    if x.shape[1] % kk:
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
                           f"but got input.size(1)={x.shape[1]} and kernel_size=({kernel[0]}, {kernel[1]}).")
    blocks = [K.output_size(s, k, st, p, d) for s, k, st, p, d in zip(out_size, kernel, stride_, pads, dil)]
    if blocks[0] * blocks[1] != x.shape[2]:
        raise RuntimeError(f"Given output_size=({out_size[0]}, {out_size[1]}), kernel_size=({kernel[0]}, "
                           f"{kernel[1]}), dilation=({dil[0]}, {dil[1]}), padding=({pads[0][0]}, {pads[1][0]}), "
                           f"stride=({stride_[0]}, {stride_[1]}), expected size of input's dimension 2 to match "
                           f"the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                           f"{blocks[0] * blocks[1]}, but got input.size(2)={x.shape[2]}.")
    if input.ndim == 3:
        return Fold.apply(x, out_size, params)
    return unbatched(input, lambda t: Fold.apply(t, out_size, params), linear=True)
