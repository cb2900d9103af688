"""The activations of ``minigrad.nn.functional``: relu, leaky_relu, sigmoid, tanh, softmax and
log_softmax, softplus, logsigmoid and silu; the hard (piecewise linear) ones, the ELU family, gelu,
mish, the shrinks, softsign, softmin, glu and prelu; with PyTorch's in-place variants (``relu_``,
``hardtanh_``, ``elu_`` ...).

Piecewise ones are single ops (``minigrad/ops/activation.py``, ``elu.py``, ``prelu.py``, ``gelu.py``) so that their gradients at the
kinks are PyTorch's; the smooth ones compose core ops. Every argument check and error is PyTorch's.
"""
import warnings

from .. import ops as _E
from ..ops import activation as _act, elu as _elu, gelu as _gelu, prelu as _prelu, selection as _selection, \
    smooth_activations as _smooth
from ..ops._util import NotATensorError, expect_int
from ..ops._operands import written_number
from ..ops.one_node import one_node
from ..tensor import Tensor
from ._checks import _expect_number, _expect_tensors, _float_kernel, _type_name

__all__ = ["relu", "leaky_relu", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "logsigmoid", "silu",
           "relu_", "leaky_relu_", "hardtanh", "hardtanh_", "relu6", "elu", "elu_", "selu", "selu_", "celu",
           "celu_", "threshold", "threshold_", "hardshrink", "softshrink", "hardswish", "hardsigmoid", "gelu",
           "mish", "softsign", "tanhshrink", "softmin", "glu", "prelu"]

#: SELU's constants (Klambauer et al., 2017), as PyTorch writes them
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


# ---------------------------------------------------------------------- the common ones
def relu(input, inplace=False):
    """max(input, 0), with gradient 0 at 0."""
    if input.__class__ is not Tensor:
        _expect_tensors("relu", ("input", 1, input))
    return input.relu_() if inplace else _E.relu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """input where positive, ``negative_slope * input`` elsewhere."""
    if input.__class__ is not Tensor:
        _expect_tensors("leaky_relu", ("input", 1, input), required=1)
    if negative_slope.__class__ is not float:
        negative_slope = _expect_number("leaky_relu", "negative_slope", 2, negative_slope)
    if input._data.dtype.kind not in "fc":  # (an integer or bool input: PyTorch's kernel has none)
        _float_kernel(input, f"leaky_relu_{input.device.type}")
    if inplace:
        return _act.in_place(input, _selection.leaky_relu_of_result, negative_slope)
    # (a Tensor and a Python number: Op.apply's two-argument fast path, entered directly as arithmetic does)
    return _selection.LeakyRelu._apply_fast(input, negative_slope)


def sigmoid(input):
    """1 / (1 + exp(-input)), computed stably."""
    if input.__class__ is not Tensor:
        _expect_tensors("sigmoid", ("input", 1, input), required=1, error=NotATensorError)
    return _E.sigmoid(input)


def tanh(input):
    """Hyperbolic tangent."""
    if input.__class__ is not Tensor:
        _expect_tensors("tanh", ("input", 1, input), required=1, error=NotATensorError)
    return _E.tanh(input)


def _implicit_dim(name, input, stacklevel):
    """The dim PyTorch's softmax family chooses when none is given (0 for 0, 1 and 3 dims, else 1),
    with its deprecation warning pointing ``stacklevel`` frames up from the caller."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. "
                  "Change the call to include dim=X as an argument.", stacklevel=stacklevel)
    return 0 if input.ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim`` (a deprecated implicit dim when None)."""
    if input.__class__ is not Tensor:  # (a plain Tensor, the common case, needs no check)
        _expect_tensors("softmax", ("input", 1, input), required=1, error=NotATensorError)
    if dim is None:
        dim = _implicit_dim("softmax", input, _stacklevel)
    return _E.softmax(input, dim, dtype)  # (by position: the keyword costs the renaming of NumPy's keywords)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along ``dim``, computed stably (a deprecated implicit dim when None)."""
    if input.__class__ is not Tensor:  # (a plain Tensor, the common case, needs no check)
        _expect_tensors("log_softmax", ("input", 1, input), required=1, error=NotATensorError)
    if dim is None:
        dim = _implicit_dim("log_softmax", input, _stacklevel)
    return _E.log_softmax(input, dim, dtype)  # (by position: the keyword costs the renaming of NumPy's keywords)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta * x)) / beta, linear above ``threshold``."""
    _expect_tensors("softplus", ("input", 1, input))
    beta, threshold = (_expect_number("softplus", name, None, value)
                       for name, value in (("beta", beta), ("threshold", threshold)))
    _float_kernel(input, "softplus_cpu")
    return _smooth.softplus(input, beta, threshold)


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), computed stably."""
    _expect_tensors("logsigmoid", ("input", 1, input))
    _float_kernel(input, "log_sigmoid_cpu")
    return _smooth.logsigmoid(input)


def silu(input, inplace=False):
    """x * sigmoid(x)."""
    _expect_tensors("silu", ("input", 1, input))
    _float_kernel(input, "silu_cpu")
    if inplace:
        return _act.in_place(input, _smooth.silu)
    return _smooth.silu(input)


def _floating(fn, input, kernel):
    """PyTorch's NotImplementedError for an integer or bool input to a float-only kernel."""
    _expect_tensors(fn, ("input", 1, input), required=1)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype._torch_name[:-6]}\'')


def _run(fn, input, inplace, *args):
    """``fn(input, *args)``, or written into ``input`` when ``inplace``."""
    return _act.in_place(input, fn, *args) if inplace else fn(input, *args)


# ---------------------------------------------------------------------- in place, as PyTorch names them
def relu_(input):
    """relu, in place; returns ``input``."""
    _expect_tensors("relu_", ("input", 1, input))
    return input.relu_()


def leaky_relu_(input, negative_slope=0.01):
    """leaky_relu, in place; returns ``input``."""
    _expect_tensors("leaky_relu_", ("input", 1, input), required=1)
    negative_slope = _expect_number("leaky_relu_", "negative_slope", 2, negative_slope)
    _float_kernel(input, f"leaky_relu_{input.device.type}")
    return _act.in_place(input, _selection.leaky_relu_of_result, negative_slope)


# ---------------------------------------------------------------------- hard (piecewise linear)
def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """clamp(x, min_val, max_val); the gradient passes strictly between the bounds only."""
    _expect_tensors("hardtanh", ("input", 1, input))
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    min_val = _expect_number("hardtanh", "min_val", 2, min_val)
    max_val = _expect_number("hardtanh", "max_val", 3, max_val)
    if input.dtype.name == "bool":
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if not input.is_floating_point():  # integer input stays integer: the bounds truncated toward zero
        if int(min_val) < 0 and input.dtype.name == "uint8":
            raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
        min_val, max_val = (written_number(input._data.dtype, v) for v in (min_val, max_val))
    return _run(_act.hardtanh, input, inplace, min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """hardtanh, in place; returns ``input``."""
    _expect_tensors("hardtanh_", ("input", 1, input))
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """min(max(x, 0), 6): hardtanh between 0 and 6."""
    _expect_tensors("relu6", ("input", 1, input))
    return hardtanh(input, 0, 6, inplace)  # (ints, as PyTorch's relu6 passes them: its node shows them)


def threshold(input, threshold, value, inplace=False):
    """``value`` where x <= threshold, else x."""
    _expect_tensors("threshold", ("input", 1, input), required=1)
    threshold = _expect_number("threshold", "threshold", 2, threshold)
    value = _expect_number("threshold", "value", 3, value)
    if input.dtype.name == "bool":  # (PyTorch's kernel takes every number dtype but bool)
        raise NotImplementedError(f"\"threshold_{input.device.type}\" not implemented for 'Bool'")
    if not (input.is_floating_point() or input.is_complex()):  # (both converted to the integer dtype first)
        threshold, value = (written_number(input._data.dtype, v) for v in (threshold, value))
    if inplace:
        return _act.in_place(input, _act.threshold_of_result, threshold, value)
    return _act.threshold(input, threshold, value)


_threshold = threshold  # (threshold_ names its argument threshold too)


def threshold_(input, threshold, value):
    """threshold, in place; returns ``input``."""
    _expect_tensors("threshold_", ("input", 1, input), required=1)
    return _threshold(input, threshold, value, inplace=True)


def hardshrink(input, lambd=0.5):
    """0 where |x| <= lambd, else x."""
    _floating("hardshrink", input, "hardshrink_cpu")
    lambd = _expect_number("hardshrink", "lambd", 2, lambd)
    return _act.hardshrink(input, lambd)


def softshrink(input, lambd=0.5):
    """0 where |x| <= lambd, else x moved lambd towards 0 (``lambd`` must not be negative)."""
    _floating("softshrink", input, "softshrink_check")
    lambd = _expect_number("softshrink", "lambd", 2, lambd)
    if lambd < 0:
        limit, name = (3.40282e+38, "Float") if input.dtype.itemsize == 4 else \
            (1.79769e+308, "Double") if input.dtype.itemsize == 8 else (65504, "Half")
        raise RuntimeError(f"lambda must be in range [0, {limit:g}] for input dtype {name}, but found {lambd:g}")
    return _act.softshrink(input, lambd)


def hardswish(input, inplace=False):
    """x * relu6(x + 3) / 6."""
    _floating("hardswish", input, "hardswish_cpu")
    return _run(_act.hardswish, input, inplace)


def hardsigmoid(input, inplace=False):
    """relu6(x + 3) / 6."""
    _floating("hardsigmoid", input, "hardsigmoid_cpu")
    return _run(_act.hardsigmoid, input, inplace)


# ---------------------------------------------------------------------- the ELU family
def elu(input, alpha=1.0, inplace=False):
    """x where positive, alpha * (exp(x) - 1) elsewhere."""
    _floating("elu", input, "elu_cpu")
    alpha = _expect_number("elu", "alpha", 2, alpha)
    if inplace:
        return _act.in_place(input, _elu.elu_of_result, alpha)
    return _elu.elu(input, alpha)


def elu_(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """elu, in place; returns ``input`` (``scale`` and ``input_scale`` as in PyTorch's ELU kernel)."""
    _floating("elu_", input, "elu_cpu")
    return _act.in_place(input, _elu.elu_of_result, alpha, scale, input_scale)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with SELU's fixed alpha and scale (self-normalising)."""
    _floating("selu", input, "elu_cpu")
    if inplace:
        return _act.in_place(input, _elu.elu_of_result, _SELU_ALPHA, _SELU_SCALE)
    return _elu.elu(input, _SELU_ALPHA, _SELU_SCALE)


def selu_(input):
    """selu, in place; returns ``input``."""
    _expect_tensors("selu_", ("input", 1, input))
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    _floating("celu", input, "elu_cpu")
    alpha = _expect_number("celu", "alpha", 2, alpha)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    if inplace:
        return _act.in_place(input, _elu.celu_of_result, alpha)
    return _elu.celu(input, alpha)


def celu_(input, alpha=1.0):
    """celu, in place; returns ``input``."""
    _expect_tensors("celu_", ("input", 1, input))
    return celu(input, alpha, inplace=True)


# ---------------------------------------------------------------------- smooth


def gelu(input, *, approximate="none"):
    """x * Phi(x), Phi the standard normal CDF (``approximate="tanh"``: its tanh approximation)."""
    _expect_tensors("gelu", ("input", 1, input), required=1)
    if not isinstance(approximate, str):  # (PyTorch's argument parser, before the kernel's dtype check)
        raise TypeError(f"gelu(): argument 'approximate' must be str, not {_type_name(approximate)}")
    _floating("gelu", input, "GeluKernelImpl")
    if approximate == "none":
        return _gelu.gelu(input)
    if approximate == "tanh":
        return _smooth.gelu_tanh(input)
    raise RuntimeError("approximate argument must be either none or tanh.")


def mish(input, inplace=False):
    """x * tanh(softplus(x))."""
    _floating("mish", input, "mish_cpu")
    return _run(_mish, input, inplace)


def _mish(input):
    return _smooth.mish(input)


def softsign(input):
    """x / (1 + |x|)."""
    _expect_tensors("softsign", ("input", 1, input))
    return input / (input.abs() + 1)


def tanhshrink(input):
    """x - tanh(x)."""
    _expect_tensors("tanhshrink", ("input", 1, input))
    return input - input.tanh()


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along ``dim``."""
    _expect_tensors("softmin", ("input", 1, input))
    if dim is None:
        dim = _implicit_dim("softmin", input, _stacklevel)
    if dtype is None and input.dtype.name != "bool" and not input.dtype.is_floating_point:
        kernel = "softmax_lastdim_kernel_impl" if dim in (-1, input.ndim - 1) else "softmax_kernel_impl"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype._torch_name[:-6]}\'')
    return _E.softmax(-input, dim, dtype=dtype)


def glu(input, dim=-1):
    """a * sigmoid(b), where a and b are the two halves of ``input`` along ``dim``."""
    _floating("glu", input, "glu_cpu")
    dim = expect_int("glu", dim, "dim", 2)
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not -input.ndim <= dim < input.ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-input.ndim}, {input.ndim - 1}], "
                         f"but got {dim})")
    dim = dim % input.ndim
    if input.shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {input.shape[dim]}")
    return one_node("GluBackward0", lambda x: _glu_halves(x, dim), input)


def _glu_halves(x, dim):
    a, b = x.chunk(2, dim)
    return a * _E.sigmoid(b)


def prelu(input, weight):
    """x where positive, ``weight * x`` elsewhere; ``weight`` has 1 element or one per channel (dim 1)."""
    _expect_tensors("prelu", ("input", 1, input), ("weight", 2, weight), required=2)
    if weight.dtype is not input.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {input.dtype._torch_name[:-6]} and "
                           f"{weight.dtype._torch_name[:-6]}")
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}")
    if input.ndim == 0 and weight.numel() != 1:
        raise RuntimeError("Not allow zero-dim input tensor.")
    channels = input.shape[1] if input.ndim >= 2 else 1
    if weight.numel() != 1 and weight.numel() != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                           f"{weight.numel()} and channel size = {channels}.")
    # one slope for all (a 0-d weight keeps a 0-d input 0-d), or one per channel along dim 1
    weight = weight.reshape(()) if weight.numel() == 1 else weight.reshape((channels,) + (1,) * (input.ndim - 2))
    return _prelu.prelu(input, weight)
