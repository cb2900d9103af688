"""minigrad: a small, readable reverse-mode autograd framework that speaks PyTorch's dialect.

``import minigrad as torch`` runs PyTorch programs written within the subset
described in API.md, on NumPy (CPU) or CuPy (CUDA).
"""
from . import dtypes
from .dtypes import (dtype, float16, float32, float64, int8, int16, int32, int64, uint8, bool,
                     half, float, double, short, int, long, get_default_dtype, set_default_dtype,
                     promote_types)
from .device import device
from .tensor import Tensor, Size
from . import autograd
from .autograd import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode
from . import ops as _ops
from .ops.elementwise import (add, sub, subtract, mul, multiply, div, divide, true_divide,  # noqa: F401
                              floor_divide, remainder, fmod, neg, negative, pow, float_power, exp, log,
                              log2, log10, log1p, expm1, sqrt, rsqrt, square, sin, cos, tanh, sigmoid,
                              relu, abs, absolute, sign, reciprocal, clamp, clip, clamp_min, clamp_max,
                              maximum, minimum, where, clone, eq, ne, lt, le, gt, ge, isnan, isinf,
                              isfinite, isclose, allclose, equal, logical_and, logical_not, bitwise_not,
                              rsub)
from .ops.elementwise import gt as greater, lt as less, ge as greater_equal, le as less_equal  # noqa: F401
from .ops.elementwise import (floor, ceil, round, trunc, frac, sinh, cosh, atan, arctan, exp2,  # noqa: F401
                              nan_to_num, count_nonzero)
from .ops.shape import tril, triu, meshgrid, tile  # noqa: F401
from ._formatting import set_printoptions  # noqa: F401
from .ops.reduce import (sum, mean, var, std, var_mean, std_mean, max, min, amax, amin, argmax,  # noqa: F401
                         argmin, prod, logsumexp, softmax, log_softmax, all, any, norm, cumsum)
from .ops.linalg import matmul, mm, bmm, mv, dot, outer, addmm  # noqa: F401
from .nn._vision import (conv1d, conv2d, conv_transpose1d, conv_transpose2d, max_pool1d, max_pool2d,  # noqa: F401
                         avg_pool1d, adaptive_avg_pool1d, adaptive_max_pool1d, batch_norm, layer_norm,
                         group_norm, instance_norm, pixel_shuffle, pixel_unshuffle)
from .ops.shape import (reshape, flatten, unflatten, ravel, squeeze, unsqueeze, permute,  # noqa: F401
                        transpose, swapaxes, swapdims, t, movedim, cat, concat, concatenate, stack,
                        hstack, vstack, narrow, split, chunk, unbind, select, flip)
from .ops.shape import broadcast_to_ as broadcast_to  # noqa: F401
from .ops._util import broadcast_shapes  # noqa: F401
from .ops.index import (gather, index_select, masked_fill, masked_select, nonzero, argwhere,  # noqa: F401
                        unique, sort, argsort, topk)
from .dtypes import result_type as _result_type
from .creation import (tensor, as_tensor, from_numpy, zeros, ones, empty, full, zeros_like,  # noqa: F401
                       ones_like, empty_like, full_like, rand_like, randn_like, randint_like, arange,
                       linspace, logspace, eye, rand, randn, randint, randperm, normal, bernoulli,
                       multinomial, scalar_tensor)
from .random import Generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state  # noqa: F401
from . import random, backends, cuda  # noqa: F401
from .backends_compat import backends_namespace as _bn  # noqa: F401

__version__ = "0.1.0"


def result_type(tensor1, tensor2):
    """The dtype PyTorch's promotion rules give for an op on the two operands."""
    return _result_type(tensor1, tensor2)


def is_tensor(obj):
    """True for minigrad Tensors."""
    return isinstance(obj, Tensor)


def is_floating_point(input):
    """True for floating dtypes."""
    return input.is_floating_point()


def numel(input):
    """Number of elements."""
    return input.numel()


def detach(input):
    """input.detach()."""
    return input.detach()


class _LegacyTensorType(type):
    """``torch.FloatTensor`` and friends: constructors for one dtype, usable with isinstance."""

    def __call__(cls, *args, **kwargs):
        return Tensor(*args, **kwargs).to(cls._dtype)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls._dtype


def _legacy(name, dt):
    return _LegacyTensorType(name, (), {"_dtype": dt, "__doc__": f"Legacy constructor for {dt} tensors."})


FloatTensor = _legacy("FloatTensor", float32)
DoubleTensor = _legacy("DoubleTensor", float64)
LongTensor = _legacy("LongTensor", int64)
IntTensor = _legacy("IntTensor", int32)
BoolTensor = _legacy("BoolTensor", bool)
ByteTensor = _legacy("ByteTensor", uint8)

from .serialization import save, load  # noqa: E402,F401

from . import nn, optim, utils, viz  # noqa: E402,F401  (they use the core above; imported last)
from . import _alias  # noqa: E402
_alias.install()
