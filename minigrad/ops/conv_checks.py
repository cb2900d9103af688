"""A convolution's arguments as PyTorch reads them: its argument parser (one for conv{n}d and
conv_transpose{n}d, each with its TypeErrors), then the expansion of stride/padding/dilation/output padding
to the weight's spatial dims and the checks of shapes, dtypes and geometry, in PyTorch's order and words.
``ops/conv.py`` calls these before it records a convolution.

Per-dim values come in the kernels' form from ``_lift``: 2-D, or 3-D for a 3-D convolution; a 1-D
convolution is a 2-D one of height 1.
"""
import functools
import itertools
import operator
import warnings

from ..tensor import Tensor
from ._util import expect_tensor
from .pool import _expect_int_list, _is_int, _type_name


# ---------------------------------------------------------------------- the argument parser
_TENSOR_ARGS = ("input", "weight", "bias")  # positions 1 to 3
_INT_ARGS = {False: ("stride", "padding", "dilation", "groups"),  # conv{n}d's, positions 4 to 7
             True: ("stride", "padding", "output_padding", "groups", "dilation")}  # conv_transpose{n}d's, 4 to 8
_CONV_SIGNATURE = (" * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, {} padding = {}, "
                   "tuple of ints dilation = 1, int groups = 1)\n")


def _parsing_arguments(fn):
    """``fn``, a conv{n}d or conv_transpose{n}d, reading its arguments as PyTorch's argument parser does:
    each argument's type first, in order (a sequence by its first element), then the other elements of
    each int list, from the last argument back (the order in which its C++ binding unpacks them). The int
    arguments reach ``fn`` as Python ints (an integer tensor of one element is one). A transposed
    convolution has one signature, whose parser names the argument at fault; conv{n}d has two (padding as
    ints or as a str), whose parser reports an invalid combination of all the arguments."""
    transposed = fn.__name__.startswith("conv_transpose")
    names = _TENSOR_ARGS + _INT_ARGS[transposed]

    @functools.wraps(fn)
    def parsed(*args, **kwargs):
        # Fast path: the common call (Tensors, then Python ints, tuples of them, conv{n}d's padding
        # string) passes every check below unchanged, and reaches fn as it is
        if _plain_call(args, kwargs, names):
            return fn(*args, **kwargs)
        given = [(name, args[i], i + 1) if len(args) > i else (name, kwargs[name], None)
                 for i, name in enumerate(names) if len(args) > i or name in kwargs]
        for name, value, position in given:
            if not _parses(name, value, transposed):
                if not transposed:
                    _invalid_combination(fn.__name__, args, kwargs)
                _expect_transposed_arg(fn.__name__, name, value, position)
        for name, value, position in reversed(given):
            if isinstance(value, (tuple, list)):
                _expect_int_list(value, fn.__name__, name, position)  # (its first element passed: a later one's error)
        args = list(args)
        for i, name in enumerate(names[3:], start=3):
            if len(args) > i:
                args[i] = _as_ints(args[i])
            elif name in kwargs:
                kwargs[name] = _as_ints(kwargs[name])
        return fn(*args, **kwargs)
    return parsed


def _plain_call(args, kwargs, names):
    """Whether a call's arguments are Tensors where Tensors go (bias: or None), Python ints or tuples
    of them where ints go (groups: an int) and, for conv{n}d, perhaps a padding string: what the
    parser takes as it is."""
    if len(args) < 2 or not (isinstance(args[0], Tensor) and isinstance(args[1], Tensor)) or len(args) > len(names):
        return False
    if len(args) > 2 and not (args[2] is None or isinstance(args[2], Tensor)):
        return False
    transposed = len(names) == 8
    for name, value in itertools.chain(zip(names[3:], args[3:]), kwargs.items()):
        kind = type(value)
        if name not in names[3:] or not (kind is int or kind is tuple and name != "groups" and all(type(v) is int for v in value)
                or kind is str and name == "padding" and not transposed):
            return False
    return True


def _parses(name, value, transposed):
    """Whether PyTorch's argument parser takes ``value`` for a convolution's argument ``name``, as it tells
    it: a Tensor (for bias, None too), an int for groups, a str for conv{n}d's padding (its second
    signature), else an int or a sequence that is empty or whose first element is an int."""
    if name in _TENSOR_ARGS:
        return isinstance(value, Tensor) or name == "bias" and value is None
    if name == "groups":
        return _is_int(value)
    if isinstance(value, str):
        return name == "padding" and not transposed
    if isinstance(value, (tuple, list)):
        return not value or _is_int(value[0])
    return _is_int(value)


def _expect_transposed_arg(fn, name, value, position):
    """The TypeError of a transposed convolution's parser for argument ``name``, which it refused, worded
    with ``position`` where it came by position (None: by keyword; a tensor's position is always named)."""
    if name in _TENSOR_ARGS:
        expect_tensor(fn, value, name, _TENSOR_ARGS.index(name) + 1)
    elif name == "groups":
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{fn}(): argument 'groups'{where} must be int, not {_type_name(value)}")
    else:
        _expect_int_list(value, fn, name, position)


def _as_ints(value):
    """A parsed int argument as Python ints (a str, conv{n}d's padding, as it is)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(operator.index(v) for v in value)
    return operator.index(value)


def _invalid_combination(fn, args, kwargs):
    """PyTorch's TypeError for conv{n}d's arguments that neither of its signatures takes (one reads
    ``padding`` as ints, the other as a str), listing them as its parser does. The parser explains the
    mismatch for a call of seven arguments only; it lists keywords in the order of a C++ hash map, most
    often the reverse of the order given, the order used here (exact for one keyword)."""
    keywords = [f"{k}={_arg_type(v)}" for k, v in reversed(kwargs.items())]
    got = ", ".join([_arg_type(v) for v in args] + keywords) if args else "".join(f"{k}, " for k in keywords)
    why = ""
    if len(args) + len(kwargs) == 7 and kwargs:  # (its parser takes every keyword with a default for a wrong one)
        why = ("      didn't match because some of the keywords were incorrect: "
               + ", ".join(k for k in reversed(kwargs) if k not in ("input", "weight")) + "\n")
    elif len(args) == 7:  # (and marks every argument with a default as of an invalid type)
        marked = [t if i < 2 and t == "Tensor" else f"!{t}!" for i, t in enumerate(map(_described, args))]
        why = f"      didn't match because some of the arguments have invalid types: ({', '.join(marked)})\n"
    raise TypeError(f"{fn}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                    + _CONV_SIGNATURE.format("tuple of ints", "0") + why + _CONV_SIGNATURE.format("str", '"valid"')
                    + why)


def _arg_type(value):
    """The name of value's type in the list of arguments of PyTorch's "invalid combination" error (a
    Parameter is named so there)."""
    return type(value).__name__ if isinstance(value, Tensor) else _type_name(value)


def _described(value):
    """An argument as PyTorch's parser describes it where it explains a mismatch: a sequence with the
    types of its elements (``tuple of (int, float)``)."""
    if isinstance(value, tuple):
        return f"tuple of ({', '.join(map(_arg_type, value))})"
    if isinstance(value, list):
        return f"list of [{', '.join(map(_arg_type, value))}]"
    return _arg_type(value)


# ---------------------------------------------------------------------- expansion and checks
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


def _check_conv(input, weight, bias, stride, padding, dilation, groups, n, transposed=False, any_bias_dtype=False,
                onednn=False):
    """PyTorch's checks for a convolution of spatial rank ``n`` (``padding``: (before, after) per dim;
    ``any_bias_dtype``: a bias of another dtype than the input's is taken, as with a padding string, by
    PyTorch's own kernels; ``onednn``: the convolution is oneDNN's, see ``_picks_onednn``)."""
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
        _check_dtypes(input, weight, None if any_bias_dtype and not onednn else bias, onednn)


def _check_dtypes(input, weight, bias, onednn=False):
    """PyTorch's error for a weight or bias of another dtype than the input's: its oneDNN kernel's
    (``onednn``, see ``_picks_onednn``) or its own kernels'."""
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and t.dtype != input.dtype:
            if onednn:
                raise RuntimeError(f"Input type (torch.{input.dtype._torch_name}) and {name} type "
                                   f"(torch.{t.dtype._torch_name}) should be the same or input should be a "
                                   f"MKLDNN tensor and {name} is a dense tensor")
            raise RuntimeError(f"expected scalar type {input.dtype._torch_name[:-6]} but found "
                               f"{t.dtype._torch_name[:-6]}")


def _picks_onednn(x, weight, stride, dilation, groups, output_padding=None):
    """Whether PyTorch's CPU build runs this float32 convolution (transposed where ``output_padding``
    is given) through oneDNN rather than its own kernels, by its rule (``ConvParams::use_mkldnn``):
    the two differ in the dtypes they take for the weight and bias. A 1-D convolution counts as a
    2-D one of height 1; float16 and bfloat16, which it picks by the CPU's features, are not told."""
    from .._settings import get_num_threads
    if x.dtype.name != "float32" or output_padding is not None and any(
            op >= s for op, s in zip(output_padding, stride)):
        return False
    sizes = (*x.shape[:2], 1, *x.shape[2:]) if x.ndim == 3 else x.shape
    kernel = (1, *weight.shape[2:]) if weight.ndim == 3 else weight.shape[2:]
    # (for a 1x1 kernel one thread of its own kernels is faster, so it asks for more)
    worth_it = (any(s != 1 for s in stride) or any(d != 1 for d in dilation) or x.shape[0] >= 16
                or kernel[-1] != 1 or kernel[-2] != 1 or get_num_threads() > 1)
    return worth_it and (groups > 1 or kernel[-1] > 3 and kernel[-2] > 3 or x.shape[0] > 1
                         or sizes[0] * sizes[1] * sizes[2] * sizes[3] > 20480)


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
                      "copy of the input be created", UserWarning, stacklevel=5)
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


def _lift(values, n, fill):
    """Per-dim values of an n-D convolution in the kernels' form (a 1-D one is 2-D of height 1)."""
    return (fill,) + tuple(values) if n == 1 else tuple(values)
