"""PyTorch's ``torch.<name>`` spellings of what minigrad keeps elsewhere: the math constants,
the function forms of in-place Tensor methods (``torch.relu_(x)``), the deprecated or removed
names old course code still calls, and the function forms of Tensor queries (``is_signed``). Each is a few lines
over the one implementation it names (ATen's nn entry points: ``_aten_forms.py``)."""
import inspect
import math
import warnings

from ._errors import user_stacklevel
from .tensor import Tensor
from .nn import functional as F
from . import creation, linalg, _settings
from .device import to_device
from .creation._args import _check_options
from .creation.ranges import check_range_dtype, range_bounds
from .dtypes import float32, float64, get_default_dtype, set_default_dtype, to_dtype
from .ops._util import expect_tensor

__all__ = []


def _public(fn):
    __all__.append(fn.__name__)
    return fn


# ----------------------------------------------------------------------------- constants
pi = math.pi
e = math.e
inf = math.inf
nan = math.nan
newaxis = None
__all__ += ["pi", "e", "inf", "nan", "newaxis"]


# --------------------------------------------------- function forms of in-place methods
_INPLACE_METHODS = (
    "abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
    "asin_", "asinh_", "atan_", "atanh_", "ceil_", "conj_physical_", "clamp_", "clamp_max_", "clamp_min_", "clip_", "cos_",
    "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_", "floor_",
    "frac_", "gcd_", "i0_", "lcm_", "ldexp_", "log10_", "log1p_", "log2_", "log_", "logit_", "nan_to_num_",
    "neg_", "negative_", "rad2deg_", "reciprocal_", "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_",
    "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_", "xlogy_", "zero_",
)


def _function_form(name):
    method = getattr(Tensor, name)

    def call(input, *args, **kwargs):
        expect_tensor(name, input)
        return getattr(input, name)(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``input.{name}(...)``: " + (method.__doc__ or "").strip().split("\n")[0]
    try:  # the method's signature, its ``self`` called ``input`` as PyTorch's function forms name it
        sig = inspect.signature(method)
        params = list(sig.parameters.values())
        call.__signature__ = sig.replace(parameters=[params[0].replace(name="input")] + params[1:])
    except (TypeError, ValueError):
        pass
    return call


for _name in _INPLACE_METHODS:
    if hasattr(Tensor, _name):
        globals()[_name] = _function_form(_name)
        __all__.append(_name)


# nn.functional's in-place activations: the same names and arguments
selu_, celu_, threshold_, rrelu_ = F.selu_, F.celu_, F.threshold_, F.rrelu_
__all__ += ["selu_", "celu_", "threshold_", "rrelu_"]


@_public
def dropout_(input, p, train):
    """``dropout`` in place."""
    return F.dropout(input, p, train, inplace=True)


@_public
def alpha_dropout_(input, p, train):
    """``alpha_dropout`` in place."""
    return F.alpha_dropout(input, p, train, inplace=True)


@_public
def feature_alpha_dropout_(input, p, train):
    """``feature_alpha_dropout`` in place."""
    return F.feature_alpha_dropout(input, p, train, inplace=True)


# ----------------------------------------------------------- deprecated and removed names
def _deprecated_norm(name, replacement):
    warnings.warn(f"at::{name} is deprecated and it is just left for JIT compatibility. It will be removed in a "
                  f"future PyTorch release. Please use `{replacement}` instead", UserWarning, stacklevel=3)


@_public
def nuclear_norm(input, dim=None, keepdim=False):
    """The nuclear norm over the last two dims (or ``dim``); deprecated as in PyTorch."""
    _deprecated_norm("nuclear_norm", "linalg.matrix_norm(A, 'nuc', dim, keepdim)")
    return linalg.matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim)


@_public
def frobenius_norm(input, dim, keepdim=False):
    """The 2-norm over ``dim``; deprecated as in PyTorch."""
    _deprecated_norm("frobenius_norm", "linalg.vector_norm(A, 2., dim, keepdim)")
    return linalg.vector_norm(input, 2.0, dim, keepdim)


@_public
def range(start, end, step=1, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """Values from ``start`` to ``end`` INCLUSIVE by ``step``, in the default float dtype unless
    ``dtype`` is given; deprecated as in PyTorch (``arange`` excludes ``end``)."""
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=user_stacklevel())
    start, end, step = range_bounds("range", start, end, step)
    _check_options("range", layout, pin_memory)
    dtype = to_dtype(dtype) if dtype is not None else get_default_dtype()
    check_range_dtype("range", dtype)
    if not dtype.is_floating_point:  # (an integer dtype counts from the bounds truncated toward zero)
        start, end, step = int(start), int(end), int(step)
        if step == 0:
            raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    count = math.floor((float(end) - float(start)) / float(step)) + 1
    values = creation.arange(count, dtype=float64) * float(step) + float(start)
    return values.to(dtype).to(to_device(device)).requires_grad_(requires_grad)


def _removed(name, advice):
    def call(*args, **kwargs):
        raise RuntimeError(f"This function was deprecated since version 1.9 and is now removed. {advice}")
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"Removed from PyTorch in 1.9: RuntimeError. {advice}"
    __all__.append(name)
    return call


solve = _removed("solve", "`torch.solve` is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` "
                          "has its arguments reversed and does not return the LU factorization.")
lstsq = _removed("lstsq", "`torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`. `torch.linalg.lstsq` "
                          "has reversed arguments and does not return the QR decomposition in the returned tuple.")
eig = _removed("eig", "`torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than real "
                      "tensors mimicking complex tensors.")
symeig = _removed("symeig", "Use `torch.linalg.eigh` (or `torch.linalg.eigvalsh`): it uses the lower triangular "
                            "portion of the matrix by default.")
matrix_rank = _removed("matrix_rank", "Please use the `torch.linalg.matrix_rank` function instead. The parameter "
                                      "'symmetric' was renamed in `torch.linalg.matrix_rank()` to 'hermitian'.")


_TENSOR_TYPES = {"torch.FloatTensor": float32, "torch.DoubleTensor": float64}


@_public
def set_default_tensor_type(t):
    """The default float dtype from a legacy tensor type (``FloatTensor``, ``DoubleTensor`` or their
    names); deprecated in favour of ``set_default_dtype``, as in PyTorch."""
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.", UserWarning)
    dtype = _TENSOR_TYPES.get(t) if isinstance(t, str) else getattr(t, "_dtype", None)
    if dtype not in (float32, float64):
        raise TypeError("only floating-point types are supported as the default type")
    set_default_dtype(dtype)


@_public
def set_flush_denormal(mode):
    """False: NumPy offers no switch to flush denormal floats to zero (PyTorch returns whether it could)."""
    return False


_warn_always = [False]


@_public
def set_warn_always(b):
    """Record whether warnings PyTorch gives once should be given every time."""
    _warn_always[0] = bool(b)


@_public
def is_warn_always_enabled():
    """The setting ``set_warn_always`` recorded (False before)."""
    return _warn_always[0]


get_num_interop_threads = _settings.get_num_interop_threads
set_num_interop_threads = _settings.set_num_interop_threads
__all__ += ["get_num_interop_threads", "set_num_interop_threads"]


# ------------------------------------------------------------------ Tensor queries
for _name in ("is_signed", "is_conj", "is_neg", "is_inference", "get_device"):
    globals()[_name] = _function_form(_name)
    __all__.append(_name)
