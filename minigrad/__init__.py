"""minigrad: a small, readable reverse-mode autograd framework that speaks PyTorch's dialect.

``import minigrad as torch`` runs PyTorch programs written within the subset
described in API.md, on NumPy (CPU) or CuPy (CUDA).
"""
from . import dtypes
from .dtypes import (dtype, float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool,
                     half, float, double, short, int, long, complex64, complex128, cfloat, cdouble,
                     get_default_dtype, set_default_dtype,
                     promote_types, finfo, iinfo)
from .device import device, set_default_device, get_default_device  # noqa: F401
from .layouts import layout, strided  # noqa: F401
from .tensor import Tensor, Size
from . import autograd
from .autograd import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode, is_inference_mode_enabled
from .autograd.anomaly_mode import is_anomaly_enabled, is_anomaly_check_nan_enabled  # noqa: F401
from .ops import *  # noqa: F401,F403  (every op family's public functions: ops/_api.py)
from ._formatting import set_printoptions  # noqa: F401
from .dtypes import result_type as _result_type
from .ops.conv_checks import _arg_type, _described  # (the argument parser's words for refused operands)
from .creation import (tensor, as_tensor, from_numpy, zeros, ones, empty, full, zeros_like,  # noqa: F401
                       ones_like, empty_like, full_like, rand_like, randn_like, randint_like, arange,
                       linspace, logspace, eye, rand, randn, randint, randperm, normal, bernoulli,
                       multinomial, scalar_tensor, empty_strided, empty_permuted)
from ._conversions import (asarray, typename, can_cast, memory_format,  # noqa: F401
                           contiguous_format, preserve_format, channels_last, channels_last_3d)
from .random import Generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state, default_generator  # noqa: F401,E501
from . import random, backends, cuda, accelerator, mps, xpu, version, amp, signal, storage, quasirandom, return_types  # noqa: F401
from .amp import autocast, is_autocast_enabled, GradScaler  # noqa: F401
from . import cpu, distributed, multiprocessing  # noqa: F401
from .signal.windows import (bartlett_window, blackman_window, hamming_window, hann_window,  # noqa: F401
                             kaiser_window)
from .backends_compat import backends_namespace as _bn  # noqa: F401
from ._settings import set_num_threads, get_num_threads, set_float32_matmul_precision, get_float32_matmul_precision  # noqa: F401,E501

from .version import __version__  # noqa: E402,F401  (PyTorch's release with minigrad's own as the local label)

from numbers import Number as _Number  # noqa: E402


def _expect_tensor(fn, name, position, x, numbers=False):
    """PyTorch's TypeError for an argument that is not a Tensor (or a number, where one may be)."""
    if not isinstance(x, Tensor) and not (numbers and isinstance(x, _Number)):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be Tensor"
                        f"{' or Number' if numbers else ''}, not {type(x).__name__}")


_RESULT_TYPE_FORMS = (("Tensor tensor, Tensor other", Tensor, Tensor), ("Number scalar, Tensor tensor", _Number, Tensor),
                      ("Tensor tensor, Number other", Tensor, _Number), ("Number scalar1, Number scalar2", _Number, _Number))


def result_type(tensor, other):
    """The dtype PyTorch's promotion rules give for an op on the two operands."""
    if not (isinstance(tensor, (Tensor, _Number)) and isinstance(other, (Tensor, _Number))):
        raise TypeError(_result_type_refusal(tensor, other))
    return _result_type(tensor, other)


def _result_type_refusal(*args):
    """PyTorch's parser's message for operands none of result_type's four forms takes: each form, with
    the operands it does not take marked (its parser marks whatever stands where a Number goes)."""
    lines = [f"result_type() received an invalid combination of arguments - got "
             f"({', '.join(map(_arg_type, args))}), but expected one of:"]
    for signature, *kinds in _RESULT_TYPE_FORMS:
        marked = [_described(a) if kind is Tensor and isinstance(a, Tensor) else f"!{_described(a)}!"
                  for a, kind in zip(args, kinds)]
        lines += [f" * ({signature})",
                  f"      didn't match because some of the arguments have invalid types: ({', '.join(marked)})"]
    return "\n".join(lines) + "\n"


def is_tensor(obj):
    """True for minigrad Tensors."""
    return isinstance(obj, Tensor)


def is_floating_point(input):
    """True for floating dtypes."""
    _expect_tensor("is_floating_point", "input", 1, input)
    return input.is_floating_point()


def numel(input):
    """Number of elements."""
    _expect_tensor("numel", "input", 1, input)
    return input.numel()


def detach(input):
    """input.detach()."""
    _expect_tensor("detach", "input", 1, input)
    return input.detach()


def _tensor_options(dtype, device):
    """A dtype and device as PyTorch's C++ TensorOptions print (in the legacy constructors' TypeError)."""
    return (f"TensorOptions(dtype={dtypes.C_NAMES.get(dtype.name, dtype.name)}, device={device}, layout=Strided, "
            "requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))")


class _LegacyTensorType(type):
    """``torch.FloatTensor``, ``torch.cuda.FloatTensor`` and friends: constructors for one dtype
    on one device type, usable with isinstance."""

    def __call__(cls, *args, **kwargs):
        if cls._device == "cuda" and not cuda.is_available():
            raise TypeError(f"type torch.cuda.{cls.__name__} not available. Torch not compiled with CUDA enabled.")
        if len(args) == 1 and isinstance(args[0], Tensor):  # (PyTorch's: a tensor of this dtype and device only)
            other = args[0]
            if other.dtype is not cls._dtype or other.device.type != cls._device:
                raise TypeError(f"expected {_tensor_options(cls._dtype, cls._device)} "
                                f"(got {_tensor_options(other.dtype, other.device)})")
        return Tensor(*args, **kwargs).to(cls._device, cls._dtype)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls._dtype and obj.device.type == cls._device


def _legacy(name, dt, device="cpu"):
    return _LegacyTensorType(name, (), {"_dtype": dt, "_device": device, "__module__": "minigrad" + ".cuda" * (device == "cuda"),
                                        "__doc__": f"Legacy constructor for {dt} tensors on {device}."})


FloatTensor = _legacy("FloatTensor", float32)
DoubleTensor = _legacy("DoubleTensor", float64)
LongTensor = _legacy("LongTensor", int64)
IntTensor = _legacy("IntTensor", int32)
BoolTensor = _legacy("BoolTensor", bool)
ByteTensor = _legacy("ByteTensor", uint8)
HalfTensor = _legacy("HalfTensor", float16)
ShortTensor = _legacy("ShortTensor", int16)
CharTensor = _legacy("CharTensor", int8)
for _legacy_type in (FloatTensor, DoubleTensor, LongTensor, IntTensor, BoolTensor, ByteTensor, HalfTensor, ShortTensor,
                     CharTensor):
    setattr(cuda, _legacy_type.__name__, _legacy(_legacy_type.__name__, _legacy_type._dtype, "cuda"))

from .serialization import save, load  # noqa: E402,F401

from . import linalg, fft, nn, optim, special, utils, viz, func  # noqa: E402,F401  (they use the core above; imported last)
from .creation.from_data import frombuffer  # noqa: E402,F401
from .utils.dlpack import from_dlpack  # noqa: E402,F401
from .func import vmap  # noqa: E402,F401
from . import testing  # noqa: E402,F401
from . import overrides, _C, _tensor_str  # noqa: E402,F401
from ._deterministic import (use_deterministic_algorithms, are_deterministic_algorithms_enabled,  # noqa: E402,F401
                             is_deterministic_algorithms_warn_only_enabled, set_deterministic_debug_mode,
                             get_deterministic_debug_mode)
from . import distributions, masked, profiler, jit, onnx  # noqa: E402,F401  (use nn.functional)
from .autograd import profiler as _autograd_profiler  # noqa: E402,F401  (autograd.profiler, as in PyTorch)
from .compile import compile  # noqa: E402,F401  (captured replay of whole steps; uses nn and optim)
from ._torch_forms import *  # noqa: E402,F401,F403  (torch-level spellings: constants, in-place function forms, old names)
from ._aten_forms import *  # noqa: E402,F401,F403  (ATen's nn entry points: torch.dropout(input, p, train) ...)
from ._aten_losses import *  # noqa: E402,F401,F403  (torch.kl_div ...: the losses with integer reductions)
from ._aten_embeddings import *  # noqa: E402,F401,F403  (torch.embedding, embedding_bag's four outputs ...)
from ._aten_draws import *  # noqa: E402,F401,F403  (torch.poisson, torch.binomial)
from ._recurrent_forms import *  # noqa: E402,F401,F403  (torch.lstm, torch.gru_cell, ...: the recurrence of nn)
from ._runtime_names import *  # noqa: E402,F401,F403  (anomaly and autocast switches, sym_*, cond, Stream, ...)
from .ops import _out  # noqa: E402
globals().update(_out.exported(globals()))  # PyTorch's out= on the functions that take it (ops/_out.py)
del _out
from . import _alias  # noqa: E402
_alias.install()
