"""Padding: pad and constant_pad_nd (constant, reflect, replicate and circular modes).

Padding is linear in the input (constant padding up to its fill value): each op's gradient is its
adjoint op, and the adjoint's gradient is the op again, so they differentiate any number of times.
The array work is in ``minigrad.kernels.resample``.
"""
from .. import dtypes as _dt
from .._errors import value_overflow
from ..autograd.op import Op
from ..kernels import resample as K
from ._api import public
from ._util import expect_number, expect_tensor
from .layout import follow_channels_last

_MODES = ("constant", "reflect", "replicate", "circular")


class PadConstant(Op):
    """Constant padding (negative amounts crop); the gradient is the crop, PadConstantBackward."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "ConstantPadNdBackward0"

    @staticmethod
    def forward(ctx, x, pads, value):
        ctx.in_shape = x.shape
        ctx.pads = pads
        return follow_channels_last(x, K.pad_constant(ctx.xp, x, pads, value))

    @staticmethod
    def backward(ctx, m, g):
        return m.op(PadConstantBackward, g, ctx.in_shape, ctx.pads)


class PadConstantBackward(Op):
    """The adjoint of constant padding: the kept region of ``g``, zeros where the input was cropped."""

    @staticmethod
    def forward(ctx, g, in_shape, pads):
        ctx.pads = pads
        return K.pad_constant_backward(ctx.xp, g, in_shape, pads)

    @staticmethod
    def backward(ctx, m, h):
        return m.op(PadConstant, h, ctx.pads, 0)


class PadGather(Op):
    """Reflect, replicate or circular padding: a gather along each padded axis."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    def name(self):
        kind = {"reflect": "ReflectionPad", "replicate": "ReplicationPad"}.get(self.mode)
        return f"{kind}{len(self.pads)}DBackward0" if kind else "torch::autograd::CopySlices"  # (PyTorch builds circular by copies)

    @staticmethod
    def forward(ctx, x, pads, mode):
        ctx.in_shape = x.shape
        ctx.pads = pads
        ctx.mode = mode
        out = K.pad_gather(ctx.xp, x, pads, mode)
        if mode == "circular":  # (PyTorch's circular pad is row-major)
            return out
        ctx.input_gradient_node = True  # (PyTorch's reflection and replication pads' gradients read the input)
        return follow_channels_last(x, out)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(PadGatherBackward, g, ctx.in_shape, ctx.pads, ctx.mode)


class PadGatherBackward(Op):
    """The adjoint of PadGather: padded positions added back onto the positions they copy."""

    @staticmethod
    def forward(ctx, g, in_shape, pads, mode):
        ctx.pads = pads
        ctx.mode = mode
        return K.pad_gather_backward(ctx.xp, g, in_shape, pads, mode)

    @staticmethod
    def backward(ctx, m, h):
        return m.op(PadGather, h, ctx.pads, ctx.mode)


_NON_CONSTANT_SIZES = {2: (2, 3), 4: (3, 4), 6: (4, 5)}


def pad(input, pad, mode="constant", value=None):
    """Pad the last ``len(pad) // 2`` dims: ``pad`` is (left, right, top, bottom, ...) from the last dim
    backwards. Modes: ``constant`` (with ``value``; negative amounts crop), ``reflect``, ``replicate``,
    ``circular``."""
    expect_tensor("pad", input)
    pad = _pad_amounts(pad)
    if isinstance(mode, bytes):  # (PyTorch's parser reads bytes as a str)
        mode = mode.decode()
    elif not isinstance(mode, str):
        raise TypeError(f"pad(): argument 'mode' (position 3) must be str, not {type(mode).__name__}")
    if value is not None:
        value = expect_number("pad", value, "value", 4, "float")
    return _padded_by(input, pad, mode, value)


def _pad_amounts(pad):
    """``pad`` as a list of ints, with PyTorch's TypeError for anything but a sequence of ints."""
    if not isinstance(pad, (tuple, list)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {type(pad).__name__}")
    for i, p in enumerate(pad):
        if not isinstance(p, int) and not (hasattr(p, "__index__") and not isinstance(p, float)):
            raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type "
                            f"{type(p).__name__} at pos {i}")
    return [int(p) for p in pad]


def _padded(input, pad, mode, value):
    """``input`` padded by ``pad``, a sequence of ints checked here."""
    return _padded_by(input, _pad_amounts(pad), mode, value)


def _padded_by(input, pad, mode, value):
    """``input`` padded by ``pad``, a list of ints already read."""
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input.ndim}")
    if mode not in _MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    # per padded axis, first to last: ((before, after), ...)
    pairs = tuple((pad[2 * k], pad[2 * k + 1]) for k in reversed(range(len(pad) // 2)))
    if mode == "constant":
        lead = input.ndim - len(pairs)
        for s, (lo, hi) in zip(input.shape[lead:], pairs):
            if s - max(-lo, 0) - max(-hi, 0) < 0 or s + lo + hi < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        return PadConstant.apply(input, pairs, 0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    if input.ndim not in _NON_CONSTANT_SIZES.get(len(pad), ()):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    lead = input.ndim - len(pairs)
    if mode in ("reflect", "replicate") and any(s == 0 for s in input.shape[1 if lead else 0:]):
        raise RuntimeError(f"Expected {lead + len(pairs) - 1}D or {lead + len(pairs)}D (batch mode) tensor with "
                           "possibly 0 batch size and other non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    for k, (s, (lo, hi)) in reversed(list(enumerate(zip(input.shape[lead:], pairs)))):  # last dim first, as PyTorch
        dim = lead + k
        if mode == "reflect" and (lo >= s or hi >= s):
            raise RuntimeError(f"Argument #{4 + 2 * (len(pairs) - 1 - k)}: Padding size should be less than the "
                               f"corresponding input dimension, but got: padding ({lo}, {hi}) at dimension {dim} of "
                               f"input {list(input.shape)}")
        if mode == "circular" and (lo > s or hi > s or max(lo, hi) > s - max(-lo, 0) - max(-hi, 0)):
            raise RuntimeError("Padding value causes wrapping around more than once.")
    _check_cropped_size(tuple(input.shape), pairs, mode)
    if mode != "circular" and input.dtype is _dt.bool:  # (PyTorch's reflect and replicate kernels refuse bool)
        kernel = "reflection" if mode == "reflect" else "replication"
        raise NotImplementedError(f"\"{kernel}_pad{len(pairs)}d\" not implemented for 'Bool'")
    return PadGather.apply(input, pairs, mode)


def _check_cropped_size(shape, pairs, mode):
    """PyTorch's errors where negative (cropping) pads leave no room: circular padding refuses a negative
    output size; reflect and replicate padding refuse outputs with no dim of at least 1, then a negative
    size."""
    lead = len(shape) - len(pairs)
    out = [s + lo + hi for s, (lo, hi) in zip(shape[lead:], pairs)]
    if mode == "circular":
        if min(out) < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
        return
    if max(out) < 1:
        names = "DHW"[3 - len(out):]
        given = [f"{d}: {s}" for d, s in zip(names, shape[lead:])]
        given = " ".join(given[:-2] + [", ".join(given[-2:])])  # ("D: 3 H: 4, W: 5", as PyTorch words it)
        raise RuntimeError(f"input ({given}) is too small. Calculated output "
                           + " ".join(f"{d}: {o}" for d, o in zip(names, out)))
    if min(out) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: {list(shape[:lead]) + out}")


@public("constant_pad_nd", method=False)
def constant_pad_nd(input, pad, value=0):
    """``input`` padded with ``value`` (negative amounts crop): pad(input, pad, "constant", value), where
    ``value`` may be complex (a complex input's, or one a real input's dtype holds: no imaginary part)."""
    expect_tensor("constant_pad_nd", input)
    if isinstance(value, (str, bytes)) or not (hasattr(type(value), "__float__") or isinstance(value, complex)):
        raise TypeError(f"constant_pad_nd(): argument 'value' (position 3) must be Number, not "
                        f"{type(value).__name__}")
    if isinstance(value, complex) and not input.is_complex():
        if input.dtype is _dt.bool:
            value = value != 0
        elif value.imag:
            raise value_overflow(input.dtype.name)
        else:
            value = value.real
    return _padded(input, pad, "constant", value)
