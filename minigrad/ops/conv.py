"""Convolutions: conv1d/2d/3d, conv_transpose1d/2d/3d, unfold/fold.

Three ops make convolution differentiable any number of times: ``Conv``
(forward), ``ConvTranspose`` (the adjoint in the input, which is also
conv_transpose2d) and ``ConvWeightGrad`` (the adjoint in the weight). The
gradients of each are the other two, so a backward pass run under
``create_graph=True`` records ordinary convolutions. The array work is in
``minigrad.kernels.conv``; this file holds the graph glue and PyTorch's
argument handling and errors.

``geom`` below is ``(stride, padding, dilation, groups)`` in the kernels'
form: 2-D, or 3-D for a 3-D convolution; a 1-D convolution is a 2-D one of height 1.
"""
import functools
import numbers
import operator
import warnings

from ..autograd.op import Op
from ..dtypes import C_NAMES
from ..kernels import conv as K
from ..tensor import _wrap_dim
from .one_node import unbatched
from ._api import public
from ._util import expect_tensor
from .layout import channels_last_copy, suggests_channels_last
from .pool import _expect_int_list, _is_int, _type_name
from ._saved_fields import argument, fixed


def _bias_shape(ndim, c):
    return (1, c) + (1,) * (ndim - 2)


def _spatial_sum_dims(ndim):
    return (0,) + tuple(range(2, ndim))


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

    @staticmethod
    def forward(ctx, x, w, b, geom, out_size):
        ctx.sizes = (x.shape[2:], w.shape[2:])
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
        return gx, gw, gb


class ConvTranspose(Op):
    """The adjoint of conv in its input, plus a bias: conv_transpose2d, and conv's input gradient."""

    holomorphic = True  # (bilinear: PyTorch's complex gradients conjugate the other factor)

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)

    torch_name = "ConvolutionBackward0"
    saves = (1, 0)

    @staticmethod
    def forward(ctx, x, w, b, out_size, geom):
        ctx.sizes = (x.shape[2:], w.shape[2:])
        y = K.conv2d_input_grad(ctx.xp, x, w, out_size, *geom)
        if b is not None:
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


# ---------------------------------------------------------------------- argument handling
def _expect_ints(value, name, op=None):
    """PyTorch's TypeError (naming ``op``, the function called) for a ``value`` that is not an int or
    a sequence of ints."""
    for v in value if isinstance(value, (tuple, list)) else (value,):
        if v.__class__ is bool or not isinstance(v, numbers.Integral):
            raise TypeError(f"{op or 'convolution'}() received an invalid combination of arguments - got "
                            f"{name}={type(value).__name__}: '{name}' must be an int or a tuple of ints, not "
                            f"{type(v).__name__}")


def _tuple(value, n, name, fn_name="convolution", op=None):
    """``value`` as an n-tuple of ints (an int is repeated), with PyTorch's errors for a wrong length
    and (naming ``op``, the function called) for a value that is not an int."""
    _expect_ints(value, name, op)
    return _expanded(value, n, name, fn_name)


def _expanded(value, n, name, fn_name="convolution"):
    """An int or a sequence of ints, already checked, as an n-tuple, with PyTorch's error for a wrong
    length."""
    if isinstance(value, (tuple, list)):
        if len(value) == 1:
            value = tuple(value) * n
        if len(value) != n:
            raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match "
                               f"the {fn_name} dimensions, but got {name}={list(value)}")
        return tuple(int(v) for v in value)
    return (int(value),) * n


def _to_weight_dims(weight, n, **params):
    """The window arguments of conv{n}d as PyTorch's convolution reads them, in the given order: an int is
    the n values its argument parser makes of it, then each is expanded to the weight's spatial dims (one
    value repeated), with PyTorch's error for another length (a weight of another rank fails here)."""
    dim = weight.ndim - 2
    return [_expanded(v if isinstance(v, (tuple, list)) else (v,) * n, dim, name) for name, v in params.items()]


def _broadcast_same(value, n, name):
    """``stride`` or ``dilation`` of a padding='same' convolution as an n-tuple, with PyTorch's error for a
    sequence of neither 1 nor n values."""
    if isinstance(value, (tuple, list)) and len(value) not in (1, n):
        raise RuntimeError(f"{name} cannot broadcast to {n} dimensions")
    return _expanded(value, n, name)


def _expect_weight_rank(weight):
    """PyTorch's error for a weight without (out channels, in channels, kernel...) dims, which it
    raises after its checks of the input's rank and before those of the argument lengths."""
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")


def _check_conv(input, weight, bias, stride, padding, dilation, groups, n, transposed=False):
    """PyTorch's checks for a convolution of spatial rank ``n`` (``padding``: (before, after) per dim)."""
    if weight.ndim != input.ndim:
        raise RuntimeError(f"Expected {weight.ndim}-dimensional input for {weight.ndim}-dimensional weight "
                           f"{list(weight.shape)}, but got {input.ndim}-dimensional input of size "
                           f"{list(input.shape)} instead")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(lo < 0 or hi < 0 for lo, hi in padding):
        raise RuntimeError("negative padding is not supported")
    if any(d < 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    if 0 in dilation:  # (PyTorch's kernels' own check, in their 2-D or 3-D words)
        lifted = _lift(dilation, n, 1)
        got = (", ".join(f"dilation_{d}: {v}" for d, v in zip(("depth", "height", "width")[3 - len(lifted):], lifted))
               if transposed else list(lifted))
        raise RuntimeError(f"dilation should be greater than zero, but got {got}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    w_shape = list(weight.shape)
    # (padding='same' with an odd total pads the input by the extra element first: PyTorch names that copy)
    in_shape = list(input.shape[:2]) + [s + hi - lo for s, (lo, hi) in zip(input.shape[2:], padding)]
    if w_shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {w_shape} instead")
    if transposed:
        if w_shape[0] != input.shape[1]:
            raise RuntimeError(f"Given transposed=1, weight of size {w_shape}, expected input{in_shape} to have "
                               f"{w_shape[0]} channels, but got {input.shape[1]} channels instead")
        if w_shape[0] % groups:
            raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
                               f"but got weight of size [{w_shape}] instead")
        out_channels = w_shape[1] * groups
    else:
        if w_shape[0] % groups:
            raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
                               f"but got weight of size [{w_shape}] instead")
        if input.shape[1] != w_shape[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {w_shape}, expected input{in_shape} to have "
                               f"{w_shape[1] * groups} channels, but got {input.shape[1]} channels instead")
        out_channels = w_shape[0]
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(f"Given {'transposed=1, ' if transposed else ''}weight of size {w_shape}, expected bias "
                           f"to be 1-dimensional with {out_channels} elements, but got bias of size "
                           f"{list(bias.shape)} instead")
    if not transposed:
        kernel = w_shape[2:]
        if 0 in kernel:
            got = (f"{' x '.join(map(str, kernel))} (TxHxW)" if n == 3 else
                   "kernel_height: {} kernel_width: {}".format(*([1] * (2 - n) + kernel)))
            raise RuntimeError(f"kernel size should be greater than zero, but got{':' if n == 3 else ''} {got}")
        padded = [s + lo + hi for s, (lo, hi) in zip(input.shape[2:], padding)]
        span = [d * (k - 1) + 1 for d, k in zip(dilation, w_shape[2:])]
        if any(p < k for p, k in zip(padded, span)):
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
                               f"Kernel size: ({' x '.join(map(str, span))}). Kernel size can't be greater than "
                               "actual input size")
    if not transposed:  # (a transposed convolution checks them after its output's size)
        _check_dtypes(input, weight, bias)


def _check_dtypes(input, weight, bias):
    """PyTorch's error for a weight or bias of another dtype than the input's."""
    for t in (weight, bias):
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError(f"expected scalar type {input.dtype._torch_name[:-6]} but found "
                               f"{t.dtype._torch_name[:-6]}")


_warned_same_padding = []


def _same_padding(weight, dilation, n):
    """(before, after) per spatial dim for padding='same' (the odd one out goes after, as PyTorch)."""
    pads = []
    for d, k in zip(dilation, weight.shape[2:]):
        total = d * (k - 1)
        pads.append((total // 2, total - total // 2))
    if any(lo != hi for lo, hi in pads) and not _warned_same_padding:
        _warned_same_padding.append(True)  # (once per process, as PyTorch's TORCH_WARN_ONCE)
        warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded "
                      "copy of the input be created", UserWarning, stacklevel=4)
    return pads


def _check_empty_input(x, n):
    """PyTorch's error for an input empty in a spatial dim but not in its batch or channels."""
    if x.shape[0] and x.shape[1] and 0 in x.shape[2:]:
        raise RuntimeError("Only zero batch or zero channel inputs are supported, but got input shape: "
                           f"{list(x.shape) if n > 1 else list(x.shape[:2]) + [1, x.shape[2]]}")


def _unbatched(input, n, name):
    """(input with a batch dim, whether one was added); PyTorch's error for a wrong rank."""
    if input.ndim == n + 2:
        return input, False
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {name}, but got input of "
                       f"size: {list(input.shape)}")


def _geometry(ctx, i):
    """Entry ``i`` of a convolution node's geometry (stride, padding, dilation), one value per
    spatial dim of its input (a 1-D one is kept as 2-D of height 1: see ``_lift``)."""
    n = len(ctx.sizes[0])
    return tuple(argument(3)(ctx)[i][-n:])


def _lift(values, n, fill):
    """Per-dim values of an n-D convolution in the kernels' form (a 1-D one is 2-D of height 1)."""
    return (fill,) + tuple(values) if n == 1 else tuple(values)


def _expect_groups(name, groups):
    """PyTorch's TypeError for a ``groups`` that is not an int (a float 1.0 neither): its argument
    parser's, which names the overloads of a convolution."""
    if not _is_int(groups):
        _invalid_combination(name, "groups", groups)


def _invalid_combination(name, arg, value):
    """PyTorch's TypeError for a convolution's argument ``arg`` that neither of its overloads takes
    (one reads ``padding`` as ints, the other as a str)."""
    signature = (" * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, {} padding = {}, "
                 "tuple of ints dilation = 1, int groups = 1)\n")
    raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, Tensor, "
                    f"{arg}={_type_name(value)}), but expected one of:\n" + signature.format("tuple of ints", "0")
                    + signature.format("str", '"valid"'))


def _convnd(input, weight, bias, stride, padding, dilation, groups, n, name):
    _expect_groups(name, groups)
    expect_tensor(name, input)
    expect_tensor(name, weight, "weight", 2)
    if bias is not None:
        expect_tensor(name, bias, "bias", 3)
    if bias is not None and bias.dtype != input.dtype:  # (PyTorch's conv1d/2d/3d check this before anything else)
        raise RuntimeError(f"Input type ({C_NAMES[input.dtype.name]}) and bias type ({C_NAMES[bias.dtype.name]}) "
                           "should be the same")
    for arg, value in (("stride", stride), ("dilation", dilation), ("padding", padding)):
        if isinstance(value, str):
            if arg != "padding":  # (only padding's overload takes a str)
                _invalid_combination(name, arg, value)
        else:
            _expect_ints(value, arg, name)
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
    _check_conv(x, weight, bias, stride, pads, dilation, groups, n)
    _check_empty_input(x, n)
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


@public(method=False)
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution (cross-correlation) of (N, C, L) input with (O, C/groups, k) weight."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


@public(method=False)
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (cross-correlation) of (N, C, H, W) input with (O, C/groups, kh, kw) weight.

    ``padding`` is an int, a pair, ``"valid"`` or ``"same"`` (stride 1 only).
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


@public(method=False)
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution (cross-correlation) of (N, C, D, H, W) input with (O, C/groups, kd, kh, kw) weight.

    ``padding`` is an int, a triple, ``"valid"`` or ``"same"`` (stride 1 only).
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, n, name):
    expect_tensor(name, input)
    expect_tensor(name, weight, "weight", 2)
    if bias is not None:
        expect_tensor(name, bias, "bias", 3)
    x, squeeze = _unbatched(input, n, name)
    _expect_weight_rank(weight)
    stride, padding, dilation, output_padding = _to_weight_dims(weight, n, stride=stride, padding=padding,
                                                                dilation=dilation, output_padding=output_padding)
    _check_conv(x, weight, bias, stride, [(p, p) for p in padding], dilation, groups, n, transposed=True)
    _check_empty_input(x, n)
    if any(op < 0 for op in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        dims = ("depth", "height", "width")[3 - n:]
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                           + " ".join(f"output_padding_{d}: {v}" for d, v in zip(dims, output_padding)) + " "
                           + " ".join(f"stride_{d}: {v}" for d, v in zip(dims, stride)) + " "
                           + " ".join(f"dilation_{d}: {v}" for d, v in zip(dims, dilation)))
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
    _check_dtypes(x, weight, bias)
    geom = (_lift(stride, n, 1), _lift([(p, p) for p in padding], n, (0, 0)), _lift(dilation, n, 1), int(groups))
    out = ConvTranspose.apply(x, weight, bias, _lift(out_size, n, 1), geom)
    return out.squeeze(0) if squeeze else out


def _empty_output(x, weight, bias, shape):
    """A convolution's empty output of ``shape``, as PyTorch gives it: zero gradients for the input,
    weight and bias."""
    nothing = x.sum() * 0 + weight.sum() * 0
    if bias is not None:
        nothing = nothing + bias.sum() * 0
    return nothing.reshape([1] * len(shape)).expand(*shape)


_TRANSPOSED_INT_ARGS = ("stride", "padding", "output_padding", "groups", "dilation")  # positions 4 to 8


def _parsed_int_arg(fn, name, value, position):
    """``value`` of a transposed convolution's int argument ``name`` as Python ints (a 0-d integer tensor
    is one), or its argument parser's TypeError, worded with ``position`` where it came by position
    (None: by keyword). A transposed convolution has one signature: no "invalid combination" here."""
    if name == "groups":
        if not _is_int(value):
            where = "" if position is None else f" (position {position})"
            raise TypeError(f"{fn}(): argument 'groups'{where} must be int, not {_type_name(value)}")
        return operator.index(value)
    _expect_int_list(value, fn, name, position)
    if isinstance(value, (tuple, list)):
        return type(value)(operator.index(v) for v in value)
    return operator.index(value)


def _parsing_transposed(fn):
    """``fn``, a conv_transpose{n}d, reading its int arguments as PyTorch's argument parser does, in its
    order (the tensors first) and with its words for each, which differ for one given by position."""
    @functools.wraps(fn)
    def parsed(*args, **kwargs):
        for i, arg in enumerate(("input", "weight", "bias")):
            if len(args) > i or arg in kwargs:
                value = args[i] if len(args) > i else kwargs[arg]
                if arg != "bias" or value is not None:
                    expect_tensor(fn.__name__, value, arg, i + 1)
        args = list(args)
        for i, arg in enumerate(_TRANSPOSED_INT_ARGS, start=3):
            if len(args) > i:
                args[i] = _parsed_int_arg(fn.__name__, arg, args[i], i + 1)
            elif arg in kwargs:
                kwargs[arg] = _parsed_int_arg(fn.__name__, arg, kwargs[arg], None)
        return fn(*args, **kwargs)
    return parsed


@public(method=False)
@_parsing_transposed
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """1-D transposed convolution: the gradient of conv1d with respect to its input, as a layer."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                             "conv_transpose1d")


@public(method=False)
@_parsing_transposed
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """2-D transposed convolution of (N, C, H, W) input with (C, O/groups, kh, kw) weight."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 2,
                             "conv_transpose2d")


@public(method=False)
@_parsing_transposed
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """3-D transposed convolution of (N, C, D, H, W) input with (C, O/groups, kd, kh, kw) weight."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                             "conv_transpose3d")


# ---------------------------------------------------------------------- unfold / fold
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

