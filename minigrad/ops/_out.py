"""PyTorch's ``out=`` argument of the ``minigrad.<name>`` functions: the result written into a given
tensor (resized where its shape differs, as PyTorch resizes it) and that tensor returned.

The ops compute a new result as always; ``out`` only receives it, so an op needs nothing of its own
for it. Tensor methods take no ``out``, as PyTorch's; neither do the functions the library calls
internally (they are the unwrapped ones), so only a user's call pays the wrapper.
"""
import functools
import types
import warnings

from ..autograd.grad_mode import state as _state
from ..tensor import Tensor
from .inplace import LEAF_ERROR, _check_castable


def accepting_out(fn):
    """``fn`` also taking ``out=`` (a Tensor, or a tuple of them for a function returning several)."""
    takes_out_dtype = fn.__name__ in _IN_OUT_DTYPE

    @functools.wraps(fn)
    def with_out(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if takes_out_dtype and kwargs.get("dtype") is None and isinstance(out, Tensor):
            kwargs["dtype"] = out.dtype
        return write_out(fn.__name__, fn(*args, **kwargs), out)
    return with_out


#: the sums and products PyTorch computes in ``out``'s dtype when no ``dtype`` is given
_IN_OUT_DTYPE = {"sum", "nansum", "prod", "cumsum", "cumprod"}


def exported(functions):
    """``{name: function}`` of the public functions, each taking ``out=``, named ``minigrad.<name>``
    (one wrapper per function, shared by its aliases, under its first name)."""
    wrappers = {}
    exports = {}
    for name, fn in functions.items():
        if not isinstance(fn, types.FunctionType):
            continue
        wrapper = wrappers.get(fn)
        if wrapper is None:
            wrapper = wrappers[fn] = accepting_out(fn)
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
        written = [write_out(name, r, o) for r, o in zip(result, out)]
        return type(result)(*written) if hasattr(result, "_fields") else tuple(written)
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if result._rg:
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    if out._rg and _state.enabled and out._node is None:
        raise RuntimeError(LEAF_ERROR)
    if result._data.dtype is not out._data.dtype:
        _check_castable(out, result.dtype)
    data = result._data
    if data.shape != out._data.shape:
        if out._data.size:
            warnings.warn(f"An output with one or more elements was resized since it had shape {list(out.shape)}, "
                          f"which does not match the required output shape {list(result.shape)}. This behavior is "
                          "deprecated, and in a future PyTorch release outputs will not be resized unless they have "
                          "zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
                          "elements with t.resize_(0).", UserWarning, stacklevel=3)
        out._data = data.astype(out._data.dtype)  # (a new array of the result's shape, as PyTorch's resize)
    else:
        out._data[...] = data
    out._version_counter[0] += 1
    return out
