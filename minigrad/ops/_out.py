"""PyTorch's ``out=`` argument of the ``minigrad.<name>`` functions: the result written into a given
tensor (resized where its shape differs, as PyTorch resizes it) and that tensor returned.

The ops compute a new result as always; ``out`` only receives it, so an op needs nothing of its own
for it. Only the functions PyTorch gives ``out`` take it (``TAKES_OUT``; the others refuse the
keyword as Python does, as PyTorch's do). Tensor methods take none, as PyTorch's; neither do the
functions the library calls internally (they are the unwrapped ones), so only a user's call pays
the wrapper.
"""
import functools
import types
import warnings

from .. import dtypes as _dt
from ..autograd.grad_mode import state as _state
from ..tensor import Tensor
from .inplace import _check_castable

#: the functions whose PyTorch form takes ``out=`` (PyTorch 2.13, checked one by one)
TAKES_OUT = frozenset("""
abs absolute acos acosh add addbmm addcdiv addcmul addmm addmv addr alias_copy all amax amin aminmax angle any
arange arccos arccosh arcsin arcsinh arctan arctan2 arctanh argmax argmin as_strided_copy asin asinh atan atan2
atanh baddbmm bernoulli bitwise_and bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor
bmm bucketize cat ceil chain_matmul cholesky cholesky_inverse cholesky_solve clamp clamp_max clamp_min clip
column_stack complex concat concatenate conj_physical copysign cos cosh cross cummax cummin cumprod cumsum
deg2rad diag diagonal_copy diff digamma div divide dot dstack empty eq erf erfc erfinv exp exp2 expand_copy expm1
eye fix float_power floor floor_divide fmax fmin fmod frac frexp full gather gcd ge geqrf ger greater
greater_equal gt hardshrink heaviside histc histogram hstack hypot i0 igamma igammac index_add index_copy
index_reduce index_select inner inverse isin isneginf isposinf kron kthvalue lcm ldexp le lerp less less_equal
lgamma linspace log log10 log1p log2 log_softmax logaddexp logaddexp2 logcumsumexp logical_and logical_not
logical_or logical_xor logit logspace logsumexp lt lu lu_solve lu_unpack masked_select matmul matrix_power max
maximum mean median min minimum mm mode msort mul multinomial multiply mv mvlgamma nan_to_num nanmean nanmedian
nanquantile nansum narrow_copy ne neg negative nextafter nonzero nonzero_static norm normal not_equal ones orgqr
ormqr outer permute_copy polar polygamma pow prod qr quantile rad2deg rand randint randn randperm range
reciprocal remainder renorm round row_stack rsqrt scatter scatter_add scatter_reduce searchsorted select_copy
sgn sigmoid sign signbit sin sinc sinh slice_copy slice_scatter slogdet softmax sort split_copy
split_with_sizes_copy sqrt square squeeze_copy stack std sub subtract sum svd t_copy take take_along_dim tan
tanh tensordot threshold topk transpose_copy triangular_solve tril triu true_divide trunc unbind_copy
unfold_copy unsqueeze_copy var vdot view_as_complex_copy view_as_real_copy view_copy vstack where xlogy zeros
""".split())

#: the reductions whose PyTorch form takes ``out`` only with a ``dim``
_NEEDS_DIM = frozenset(["sum", "prod", "median", "nanmedian"])

#: the functions whose ``out`` must have the result's dtype exactly (the others cast into it, as
#: PyTorch's elementwise and reduction kernels do)
_EXACT_DTYPE = frozenset("""
abs absolute addbmm addmm addmv alias_copy all amax amin aminmax any argmax argmin as_strided_copy baddbmm
bitwise_not bmm bucketize ceil chain_matmul clamp clamp_max clamp_min clip complex conj_physical cross cummax
cummin diag diagonal_copy dot expand_copy fix floor frac frexp gather hardshrink heaviside histc histogram
index_add index_copy index_reduce index_select inner inverse isin isneginf isposinf kthvalue ldexp log_softmax
logcumsumexp lu_solve lu_unpack masked_select matmul matrix_power median mm mode msort multinomial mv nan_to_num
nanmedian nanquantile narrow_copy neg negative nonzero nonzero_static norm ormqr permute_copy polar qr quantile
renorm round scatter scatter_add scatter_reduce searchsorted select_copy sgn sign signbit slice_copy
slice_scatter slogdet softmax sort split_with_sizes_copy squeeze_copy svd t_copy take take_along_dim tensordot
topk transpose_copy triangular_solve tril triu trunc unbind_copy unfold_copy unsqueeze_copy vdot
view_as_complex_copy view_as_real_copy view_copy where
""".split())

#: the functions PyTorch computes in ``out``'s dtype when no ``dtype`` is given: sums and products,
#: and the creation functions
_IN_OUT_DTYPE = frozenset("""
sum nansum prod cumsum cumprod arange range empty eye full linspace logspace ones zeros rand randint randn randperm
""".split())

#: the joins whose ``out`` of a narrower kind is PyTorch's TypeError
_JOINS = frozenset(["cat", "concat", "concatenate", "stack", "hstack", "vstack", "dstack", "column_stack",
                    "row_stack"])


def accepting_out(fn, name):
    """``fn`` also taking ``out=`` (a Tensor, or a tuple of them for a function returning several),
    checked as PyTorch's function ``name`` checks it."""
    takes_out_dtype = name in _IN_OUT_DTYPE
    needs_dim = name in _NEEDS_DIM

    @functools.wraps(fn)
    def with_out(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if needs_dim and len(args) < 2 and "dim" not in kwargs and "axis" not in kwargs:
            raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, out=Tensor): "
                            "out= takes a dim")
        if takes_out_dtype and isinstance(out, Tensor):
            dtype = kwargs.get("dtype")
            if dtype is None:
                kwargs["dtype"] = out.dtype
            elif _dt.to_dtype(dtype) is not out.dtype:
                raise RuntimeError(f"dtype {_kernel_name(_dt.to_dtype(dtype))} does not match dtype of out parameter "
                                   f"({_kernel_name(out.dtype)})")
        return write_out(name, fn(*args, **kwargs), out)
    return with_out


def exported(namespace):
    """``{name: function}`` for the functions of ``namespace`` (a module's globals) that take ``out=``,
    each wrapped (one wrapper per function, shared by its aliases) and named ``minigrad.<name>``."""
    wrappers = {}
    exports = {}
    for name in sorted(TAKES_OUT & set(namespace)):
        fn = namespace[name]
        if not isinstance(fn, types.FunctionType):
            continue
        wrapper = wrappers.get(fn)
        if wrapper is None:
            wrapper = wrappers[fn] = accepting_out(fn, name)
            wrapper.__module__, wrapper.__qualname__ = "minigrad", name
            if fn.__module__ == "minigrad" and Tensor.__dict__.get(fn.__qualname__) is fn:
                # (the function is the Tensor method too: named where it is found as one now)
                fn.__module__, fn.__qualname__ = "minigrad.tensor", f"Tensor.{fn.__qualname__}"
        exports[name] = wrapper
    return exports


def write_out(name, result, out):
    """Write ``result`` (a Tensor or a tuple of them) into ``out``, checked as PyTorch checks it; returns ``out``."""
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"{name}(): argument 'out' must be tuple of {len(result)} Tensors")
        written = [_write_one(name, r, o, exact=True) for r, o in zip(result, out)]
        return type(result)(*written) if hasattr(result, "_fields") else tuple(written)
    return _write_one(name, result, out, exact=name in _EXACT_DTYPE)


def _write_one(name, result, out, exact):
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if _state.enabled and (result._rg or out._rg):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    if result._data.dtype is not out._data.dtype:
        if exact:
            raise RuntimeError(f"Found dtype {_kernel_name(out.dtype)} but expected {_kernel_name(result.dtype)}")
        if name in _JOINS and result.dtype.category > out.dtype.category:
            raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                            f"{_kernel_name(out.dtype)}")
        _check_castable(out, result.dtype)
    data = result._data
    if data.shape != out._data.shape:
        if out._data.size:
            warnings.warn(f"An output with one or more elements was resized since it had shape {list(out.shape)}, "
                          f"which does not match the required output shape {list(result.shape)}. This behavior is "
                          "deprecated, and in a future PyTorch release outputs will not be resized unless they have "
                          "zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
                          "elements with t.resize_(0).", UserWarning, stacklevel=4)
        flat = out._data.reshape(-1) if out._data.flags.c_contiguous else None
        if flat is not None and data.size <= flat.size:
            out._data = flat[:data.size].reshape(data.shape)  # (in its memory, as PyTorch's shrinking resize)
        else:
            out._data = out._device._get_backend().xp.empty(data.shape, out._data.dtype)  # (PyTorch's growing resize)
    out._data[...] = data
    out._version_counter[0] += 1
    return out


def _kernel_name(dtype):
    """PyTorch's scalar-type name of ``dtype`` (``Float``), as its kernels' messages give it."""
    return dtype._torch_name[:-6]
