"""A Tensor's conversions to Python and other array libraries (item, tolist, numpy, the array and
DLPack protocols) and the Python protocols that read its values (len, bool, float, int, index,
format, repr), as a base class of ``Tensor`` (``tensor.py``)."""
import numbers
import warnings

from . import _formatting
from .autograd import grad_mode

_state = grad_mode.state


class TensorProtocols:
    """Tensor's conversions and value protocols (iteration and copying, which make tensors, are
    ``Tensor``'s own)."""

    __slots__ = ()

    def item(self):
        """The single element as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.item()

    def tolist(self):
        """Nested Python lists (a Python number for 0-d tensors)."""
        return self._device._get_backend().to_numpy(self._data).tolist()

    def numpy(self, *, force=False):
        """The storage as a NumPy array (shared, on the CPU): a new array object on each call, so
        setting its ``shape`` or flags leaves the tensor as it is, as PyTorch's."""
        if force.__class__ is not bool:
            raise TypeError(f"numpy(): argument 'force' must be bool, not {type(force).__name__}")
        if force:
            return self._device._get_backend().to_numpy(self._data).view()
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        if self._device.type != "cpu":
            raise TypeError(f"can't convert {self._device} device type tensor to numpy. "
                            "Use Tensor.cpu() to copy the tensor to host memory first.")
        return self._data.view()

    def __array__(self, dtype=None, copy=None):
        """The storage for NumPy: shared (``np.asarray``), or a copy where NumPy asks for one
        (``np.array``) or for another dtype. ``copy=False`` raises NumPy's ValueError, as for a PyTorch
        tensor, whose ``__array__`` cannot promise NumPy to share."""
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.\nIf using "
                             "`np.array(obj, copy=False)` replace it with `np.asarray(obj)` to allow a copy "
                             "when needed (no behavior change in NumPy 1.x).")
        arr = self.numpy()
        if dtype is not None and arr.dtype != dtype:
            return arr.astype(dtype)
        return arr.copy() if copy else arr

    def __dlpack__(self, *args, **kwargs):
        return self.detach()._data.__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return self._data.__dlpack_device__()

    # ----------------------------------------------------------------- Python protocols
    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def _scalar_check(self, what):
        if self._data.size != 1:
            if what == "Boolean value":
                raise RuntimeError(f"Boolean value of Tensor with {'no values' if self._data.size == 0 else 'more than one value'} "
                                   "is ambiguous")
            raise ValueError("only one element tensors can be converted to Python scalars")

    def __contains__(self, element):
        if not isinstance(element, (numbers.Number, TensorProtocols)):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return bool((element == self).any())  # (element first, as PyTorch: its broadcast error names it a)

    def __bool__(self):
        self._scalar_check("Boolean value")
        return bool(self._data.item())

    def __float__(self):
        if self._rg and _state.enabled:  # (PyTorch warns only where grad mode is on, before the size check)
            _warn_scalar_of_grad_tensor()
        self._scalar_check("float")
        return float(_real_item(self._data, "double"))

    def __int__(self):
        self._scalar_check("int")
        return int(_real_item(self._data, "int64_t"))

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.item())

    def __complex__(self):
        if self._rg and _state.enabled:
            _warn_scalar_of_grad_tensor()
        self._scalar_check("complex")
        return complex(self._data.item())

    def __format__(self, spec):
        # a 1-element tensor formats as its item (API.md: any rank with a format spec); a Parameter
        # prints itself and refuses a spec, as PyTorch's
        if type(self).__name__ == "Tensor" and (self._data.ndim == 0 or (spec and self._data.size == 1)):
            return format(self._data.item(), spec)
        if spec:
            raise TypeError(f"unsupported format string passed to {type(self).__name__}.__format__")
        return repr(self)

    def __repr__(self, *, tensor_contents=None):
        return _formatting.tensor_repr(self, tensor_contents)

    def __str__(self):
        return self.__repr__()  # (a subclass's own __repr__, as object.__str__ calls it)

    def __reduce_ex__(self, protocol):
        raise TypeError("minigrad tensors are not picklable: use minigrad.save (safetensors, no pickle)")


def _real_item(data, c_type):
    """The one element of ``data`` as a real Python number: a complex one's real part where its
    imaginary part is 0, PyTorch's RuntimeError otherwise."""
    value = data.item()
    if value.__class__ is complex:
        if value.imag:
            raise RuntimeError(f"value cannot be converted to type {c_type} without overflow")
        value = value.real
    return value


_warned_scalar = []


def _warn_scalar_of_grad_tensor():
    """PyTorch's warning for float() of a tensor that requires grad, given once per process as PyTorch does."""
    if not _warned_scalar:
        _warned_scalar.append(True)
        warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first.", UserWarning, stacklevel=3)

