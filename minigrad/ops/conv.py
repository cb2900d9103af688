"""Convolutions: conv1d/2d/3d and conv_transpose1d/2d/3d.

Three ops make convolution differentiable any number of times: ``Conv``
(forward), ``ConvTranspose`` (the adjoint in the input, which is also
conv_transpose2d) and ``ConvWeightGrad`` (the adjoint in the weight). The
gradients of each are the other two, so a backward pass run under
``create_graph=True`` records ordinary convolutions. The array work is in
``minigrad.kernels.conv``; this file holds the graph glue and the public
functions, ``ops/conv_checks.py`` the reading and checking of their arguments
(PyTorch's errors), ``ops/im2col.py`` unfold and fold.

``geom`` below is ``(stride, padding, dilation, groups)`` in the kernels'
form: 2-D, or 3-D for a 3-D convolution; a 1-D convolution is a 2-D one of height 1.
"""
from ..autograd.op import Op
from ..dtypes import C_NAMES, promote_types
from ..kernels import conv as K
from ._api import public
from .layout import channels_last_copy, suggests_channels_last
from ._saved_fields import argument, fixed
from .conv_checks import (_broadcast_same, _check_conv, _check_dtypes, _check_empty_input, _expect_weight_rank, _lift,
                          _parsing_arguments, _picks_onednn, _same_padding, _to_weight_dims, _unbatched)
from .im2col import Unfold, Fold, unfold, fold  # noqa: F401  (their home before ops/im2col.py)


def _bias_shape(ndim, c):
    return (1, c) + (1,) * (ndim - 2)


def _spatial_sum_dims(ndim):
    return (0,) + tuple(range(2, ndim))


def _geometry(ctx, i):
    """Entry ``i`` of a convolution node's geometry (stride, padding, dilation), one value per
    spatial dim of its input (a 1-D one is kept as 2-D of height 1: see ``_lift``)."""
    n = len(ctx.sizes[0])
    return tuple(argument(3)(ctx)[i][-n:])


class Conv(Op):
    """``conv(x, w) + b``; gradients: ConvTranspose for x, ConvWeightGrad for w, a sum for b."""

    holomorphic = True  # (bilinear: PyTorch's complex gradients conjugate the other factor)

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)

    torch_name = "ConvolutionBackward0"
    saves = (1, 0)  # x is read for w's gradient, w for x's
    saved_names = ("input", "weight")
    saved_fields = {
        "bias_sym_sizes_opt": lambda ctx: (0,) if argument(2)(ctx) is None else tuple(argument(2)(ctx).shape),
        "stride": lambda ctx: _geometry(ctx, 0), "padding": lambda ctx: tuple(lo for lo, hi in _geometry(ctx, 1)),
        "dilation": lambda ctx: _geometry(ctx, 2), "groups": lambda ctx: argument(3)(ctx)[3],
        "transposed": fixed(False), "output_padding": lambda ctx: (0,) * len(ctx.sizes[0])}

    bias_dtype = None  # a bias of another dtype (padding="same" or "valid"): its gradient's dtype

    @staticmethod
    def forward(ctx, x, w, b, geom, out_size):
        ctx.sizes = (x.shape[2:], w.shape[2:])
        if b is not None and b.dtype != x.dtype:  # (cast inside the node, as PyTorch's)
            ctx.bias_dtype = b.dtype
            b = b.astype(x.dtype)
        out = K.conv2d(ctx.xp, x, w, b, *geom, out_size)
        if suggests_channels_last(x) or suggests_channels_last(w):  # (PyTorch's output follows a channels-last operand)
            out = channels_last_copy(out)
        return out

    @staticmethod
    def backward(ctx, m, g, x, w, b, geom, out_size):
        nx, nw, nb = ctx.needs_input_grad[:3]
        in_size, kernel = ctx.sizes
        gx = m.op(ConvTranspose, g, w, None, in_size, geom) if nx else None
        gw = m.op(ConvWeightGrad, x, g, kernel, geom) if nw else None
        gb = m.sum(g, _spatial_sum_dims(g.ndim)) if nb else None
        if gb is not None and ctx.bias_dtype is not None:
            gb = m.cast(gb, ctx.bias_dtype)
        return gx, gw, gb


class ConvTranspose(Op):
    """The adjoint of conv in its input, plus a bias: conv_transpose2d, and conv's input gradient."""

    holomorphic = True  # (bilinear: PyTorch's complex gradients conjugate the other factor)

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)

    torch_name = "ConvolutionBackward0"
    saves = (1, 0)
    bias_dtype = None  # a bias of another dtype (added in place, as PyTorch's kernel): its gradient's dtype

    @staticmethod
    def forward(ctx, x, w, b, out_size, geom):
        ctx.sizes = (x.shape[2:], w.shape[2:])
        y = K.conv2d_input_grad(ctx.xp, x, w, out_size, *geom)
        if b is not None:
            if b.dtype != y.dtype:
                ctx.bias_dtype = b.dtype
            y += b.reshape(_bias_shape(y.ndim, b.shape[0]))
        if y.ndim == 4 and (suggests_channels_last(x) or suggests_channels_last(w)):  # (as Conv's; PyTorch's 3-D one is row-major)
            y = channels_last_copy(y)
        return y

    @staticmethod
    def backward(ctx, m, g, x, w, b, out_size, geom):
        nx, nw, nb = ctx.needs_input_grad[:3]
        in_size, kernel = ctx.sizes
        # (output_padding rows and columns of g reach no input: the conv stops at x's size)
        gx = m.op(Conv, g, w, None, geom, in_size) if nx else None
        gw = m.op(ConvWeightGrad, g, x, kernel, geom) if nw else None
        gb = m.sum(g, _spatial_sum_dims(g.ndim)) if nb else None
        if gb is not None and ctx.bias_dtype is not None:
            gb = m.cast(gb, ctx.bias_dtype)
        return gx, gw, gb


class ConvWeightGrad(Op):
    """The adjoint of conv in its weight (conv's weight gradient), differentiable in both arguments."""

    holomorphic = True  # (bilinear: PyTorch's complex gradients conjugate the other factor)

    saves = (1, 0)  # x is read for g's gradient, g for x's

    @staticmethod
    def forward(ctx, x, g, kernel, geom):
        ctx.sizes = (x.shape[2:], g.shape[2:])
        return K.conv2d_weight_grad(ctx.xp, x, g, kernel, *geom)

    @staticmethod
    def backward(ctx, m, h, x, g, kernel, geom):
        nx, ng = ctx.needs_input_grad[:2]
        in_size, out_size = ctx.sizes
        gx = m.op(ConvTranspose, g, h, None, in_size, geom) if nx else None
        gg = m.op(Conv, x, h, None, geom, out_size) if ng else None
        return gx, gg


def _convnd(input, weight, bias, stride, padding, dilation, groups, n, name):
    # (PyTorch's conv1d/2d/3d check this first, after parsing; their forms with a padding string leave
    # it to the kernel: see _bias_of_another_dtype)
    any_bias_dtype = isinstance(padding, str)
    if bias is not None and bias.dtype != input.dtype and not any_bias_dtype:
        raise RuntimeError(f"Input type ({C_NAMES[input.dtype.name]}) and bias type ({C_NAMES[bias.dtype.name]}) "
                           "should be the same")
    x, squeeze = _unbatched(input, n, name)
    if isinstance(padding, str) and padding not in ("valid", "same"):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    _expect_weight_rank(weight)
    if padding == "same":
        if weight.ndim != x.ndim:
            raise RuntimeError(f"Expected {weight.ndim}-dimensional input for {weight.ndim}-dimensional weight"
                               f"{list(weight.shape)}, but got {x.ndim}-dimensional input of size {list(x.shape)} "
                               "instead")
        stride, dilation = _broadcast_same(stride, n, "stride"), _broadcast_same(dilation, n, "dilation")
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        pads = _same_padding(weight, dilation, n)
    else:  # (conv{n}d passes n zeros of output padding, refused for a weight of another rank)
        stride, padding, dilation, _ = _to_weight_dims(weight, n, stride=stride, padding=(0,) if padding == "valid"
                                                       else padding, dilation=dilation, output_padding=0)
        pads = [(p, p) for p in padding]
    onednn = _picks_onednn(x, weight, stride, dilation, groups)
    _check_conv(x, weight, bias, stride, pads, dilation, groups, n, any_bias_dtype=any_bias_dtype, onednn=onednn)
    _check_empty_input(x, n)
    if bias is not None and bias.dtype != x.dtype:
        _bias_of_another_dtype(x, bias)
    if x.dtype.name == "bool":  # (PyTorch's kernels take every number dtype but bool)
        kernel = "compute_columns3d" if n == 3 else f"slow_conv2d_{x.device.type}"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if x.shape[1] == 0:
        # (PyTorch's output of an input without channels has none either, whatever the weight's count)
        out_size = [K.output_size(s, k, st, p, d) for s, k, st, p, d in zip(x.shape[2:], weight.shape[2:], stride,
                                                                            pads, dilation)]
        out = _empty_output(x, weight, bias, (x.shape[0], 0, *out_size))
        return out.squeeze(0) if squeeze else out
    geom = (_lift(stride, n, 1), _lift(pads, n, (0, 0)), _lift(dilation, n, 1), int(groups))
    out = Conv.apply(x, weight, bias, geom, None)
    return out.squeeze(0) if squeeze else out


def _bias_of_another_dtype(x, bias):
    """PyTorch's error for a bias of another dtype than the input's (a convolution with a padding
    string, not oneDNN's, which ``_check_conv`` refused): its own kernels cast the bias (so does
    ``Conv``, inside its node), but a float16 or bfloat16 input is refused with oneDNN's error, as
    PyTorch's CPU build refuses it where the CPU has their instructions (a complex one too)."""
    if x.dtype.name in ("float16", "bfloat16") or x.dtype.is_complex:
        raise RuntimeError(f"Input type (torch.{x.dtype._torch_name}) and bias type (torch.{bias.dtype._torch_name}) "
                           "should be the same or input should be a MKLDNN tensor and bias is a dense tensor")


@public(method=False)
@_parsing_arguments
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution (cross-correlation) of (N, C, L) input with (O, C/groups, k) weight."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


@public(method=False)
@_parsing_arguments
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (cross-correlation) of (N, C, H, W) input with (O, C/groups, kh, kw) weight.

    ``padding`` is an int, a pair, ``"valid"`` or ``"same"`` (stride 1 only).
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


@public(method=False)
@_parsing_arguments
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution (cross-correlation) of (N, C, D, H, W) input with (O, C/groups, kd, kh, kw) weight.

    ``padding`` is an int, a triple, ``"valid"`` or ``"same"`` (stride 1 only).
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, n, name):
    x, squeeze = _unbatched(input, n, name)
    _expect_weight_rank(weight)
    stride, padding, dilation, output_padding = _to_weight_dims(weight, n, stride=stride, padding=padding,
                                                                dilation=dilation, output_padding=output_padding)
    _check_conv(x, weight, bias, stride, [(p, p) for p in padding], dilation, groups, n, transposed=True)
    _check_empty_input(x, n)
    if any(op < 0 for op in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        # (in the 2-D words of its kernel for a 1-D one: a height of output padding 0, stride 1, dilation 1)
        dims = ("depth", "height", "width")[3 - max(n, 2):]
        lifted = _lift(output_padding, n, 0)
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                           + " ".join(f"output_padding_{d}: {v}" for d, v in zip(dims, lifted)) + " "
                           + " ".join(f"stride_{d}: {v}" for d, v in zip(dims, _lift(stride, n, 1))) + " "
                           + " ".join(f"dilation_{d}: {v}" for d, v in zip(dims, _lift(dilation, n, 1))))
    out_size = tuple((s - 1) * st - 2 * p + d * (k - 1) + op + 1 for s, st, p, d, k, op in
                     zip(x.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding))
    if 0 in out_size and not any(o < 0 for o in out_size) and (x.shape[0] == 0 or (
            (groups > 1 or x.shape[0] > 1) and x.dtype.name in ("float32", "complex64")
            and all(op < st for op, st in zip(output_padding, stride)))):
        # (PyTorch gives an empty output here for an empty batch; and its CPU build runs grouped or batched
        # float32 transposed convolutions, and complex64 ones as float32 ones, through oneDNN, which gives
        # one where every output padding is below its stride; its other kernels raise the error below)
        out = _empty_output(x, weight, bias, (x.shape[0], weight.shape[1] * int(groups), *out_size))
        return out.squeeze(0) if squeeze else out
    if any(o <= 0 for o in out_size):
        raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, x.shape[2:]))}). Calculated output "
                           f"size per channel: ({' x '.join(map(str, out_size))}). Output size is too small")
    if weight.numel() == 0:
        per_group = [weight.shape[0] // groups, *weight.shape[1:]]
        if n == 3:
            raise RuntimeError("non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x "
                               f"kernel_width) tensor expected for weight, but got: {per_group}")
        raise RuntimeError("non-empty 2D or 4D weight tensor expected, but got: "
                           f"{per_group[:2] + list(_lift(per_group[2:], n, 1))}")
    if x.dtype.is_floating_point is False and x.dtype.is_complex is False and x.dtype.name != "int64":
        # (PyTorch's kernels take the floating dtypes and int64 only; it checks the shapes first)
        raise NotImplementedError(f"\"slow_conv_transpose{max(n, 2)}d_out_cpu\" not implemented for "
                                  f"'{x.dtype._torch_name[:-6]}'")
    onednn = _picks_onednn(x, weight, stride, dilation, groups, output_padding)
    adds_any_bias = n < 3 and not onednn and not x.dtype.is_complex
    _check_dtypes(x, weight, None if adds_any_bias else bias, onednn)
    if bias is not None and bias.dtype != x.dtype:
        _check_bias_added_in_place(x, bias)
    geom = (_lift(stride, n, 1), _lift([(p, p) for p in padding], n, (0, 0)), _lift(dilation, n, 1), int(groups))
    out = ConvTranspose.apply(x, weight, bias, _lift(out_size, n, 1), geom)
    return out.squeeze(0) if squeeze else out


def _check_bias_added_in_place(x, bias):
    """PyTorch's error for a bias of another dtype than the input's that its own kernel of a 1-D or 2-D
    transposed convolution cannot add to its output in place (``ConvTranspose`` adds the others so): one
    whose result type with the input's the input's dtype cannot hold (a float bias of an int64 input)."""
    result = promote_types(x.dtype, bias.dtype)
    if result.category > x.dtype.category:  # (can_cast's rule)
        raise RuntimeError(f"result type {result._torch_name[:-6]} can't be cast to the desired output type "
                           f"{x.dtype._torch_name[:-6]}")


def _empty_output(x, weight, bias, shape):
    """A convolution's empty output of ``shape``, as PyTorch gives it: zero gradients for the input,
    weight and bias."""
    nothing = x.sum() * 0 + weight.sum() * 0
    if bias is not None:
        nothing = nothing + (bias.sum() * 0).to(nothing.dtype)
    return nothing.reshape([1] * len(shape)).expand(*shape)


@public(method=False)
@_parsing_arguments
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """1-D transposed convolution: the gradient of conv1d with respect to its input, as a layer."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                             "conv_transpose1d")


@public(method=False)
@_parsing_arguments
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """2-D transposed convolution of (N, C, H, W) input with (C, O/groups, kh, kw) weight."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 2,
                             "conv_transpose2d")


@public(method=False)
@_parsing_arguments
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """3-D transposed convolution of (N, C, D, H, W) input with (C, O/groups, kd, kh, kw) weight."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                             "conv_transpose3d")
