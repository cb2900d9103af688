"""Top-level conversions and dtype queries that PyTorch programs call: ``asarray``,
``typename``, ``can_cast``; and the memory-format names."""
import warnings

import numpy as _np

from . import dtypes as _dt
from .creation import as_tensor
from .tensor import Tensor


_warned = {"unspecified requires_grad": False}  # PyTorch warns once per process
UNSPECIFIED_REQUIRES_GRAD_WARNING = (
    "torch.asarray: unspecified requires_grad now defaults to obj.requires_grad instead of False. "
    "Pass requires_grad=False explicitly to get the old behavior and silence this warning.")


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """``obj`` as a Tensor, sharing memory with a Tensor or NumPy array where no conversion is
    needed (``copy=True``: always a copy; ``copy=False``: an error where one would be needed).
    ``requires_grad`` defaults to ``obj``'s (a Tensor keeps its history, with PyTorch's warning);
    ``requires_grad=False`` detaches a Tensor with a history and clears a leaf's flag, as PyTorch."""
    if copy and isinstance(obj, _np.ndarray) and not obj.flags.writeable:
        obj = obj.copy(order="K")  # (copied from the start: PyTorch does not warn that it is read-only)
    wants_grad = _wants_grad(obj, requires_grad)
    out = as_tensor(obj, dtype=dtype, device=device)
    shared = out is obj if isinstance(obj, Tensor) else _shares_memory(out, obj)
    if copy is False and not shared and (isinstance(obj, Tensor) or hasattr(obj, "__array_interface__")):
        raise ValueError("can't alias tensor: a copy is needed for the requested dtype or device")
    if copy and (shared or isinstance(obj, Tensor) and out._data is obj._data):
        out = out.clone()
    if not out.is_leaf and not wants_grad:  # (a flag cannot be cleared on a result: PyTorch detaches)
        return out.detach()
    if wants_grad and not (out.dtype.is_floating_point or out.dtype.is_complex):
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return out.requires_grad_(wants_grad)  # (on obj itself where it is returned, as PyTorch)


def _wants_grad(obj, requires_grad):
    """The result's requires_grad: the given one, or obj's (PyTorch warns, once, where that is True)."""
    if requires_grad is not None:
        return bool(requires_grad)
    inherited = isinstance(obj, Tensor) and obj.requires_grad
    if inherited and not _warned["unspecified requires_grad"]:
        _warned["unspecified requires_grad"] = True
        warnings.warn(UNSPECIFIED_REQUIRES_GRAD_WARNING, UserWarning, stacklevel=3)
    return inherited


def _shares_memory(t, obj):
    base = getattr(obj, "__array_interface__", None)
    return base is not None and t._data.__array_interface__["data"][0] == base["data"][0]


def typename(obj):
    """PyTorch's ``torch.typename``: a Tensor's type string (``'torch.FloatTensor'``), a class's or a
    function's own qualified name, any other object's class's; minigrad's own names as PyTorch's,
    whose module layout they repeat (``'torch.nn.modules.linear.Linear'``)."""
    if isinstance(obj, Tensor):
        return obj.type()
    if hasattr(obj, "__qualname__"):  # (a class, a function, a generator)
        module, name = getattr(obj, "__module__", "") or "", obj.__qualname__
    elif hasattr(obj, "__name__"):
        module, name = getattr(obj, "__module__", "") or "", obj.__name__
    else:
        module, name = type(obj).__module__ or "", type(obj).__qualname__
    if module == "minigrad" or module.startswith("minigrad."):
        module = "torch" + module[len("minigrad"):]
    return name if module in ("", "builtins") else f"{module}.{name}"


def can_cast(from_, to):
    """Whether PyTorch's in-place ops may write a ``from_`` result into a ``to`` tensor: never from
    a floating to an integer dtype, nor from a non-bool to bool."""
    dtypes = []
    for position, name, dt in ((1, "from_", from_), (2, "to", to)):
        if isinstance(dt, type) and dt in _PYTHON_TYPES:  # (PyTorch's parser reads float as float64, int as int64...)
            dt = _dt.to_dtype(dt)
        if not isinstance(dt, _dt.dtype):
            raise TypeError(f"can_cast(): argument '{name}' (position {position}) must be torch.dtype, not "
                            f"{type(dt).__name__}")
        dtypes.append(dt)
    return dtypes[0].category <= dtypes[1].category


_PYTHON_TYPES = (bool, int, float, complex)


class memory_format:
    """A memory layout name (``contiguous_format``, ``channels_last`` ...), taken wherever PyTorch
    takes ``memory_format=``: ``contiguous``, ``clone``, ``to`` and the ``*_like`` functions lay
    their result out in it."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
