"""``Tensor.set_``: a tensor made to view other memory in place (a Tensor's, a storage's, or a
strided window of one), checked as PyTorch checks the geometry (``strided._check_geometry``).
PyTorch has no derivative for it: backward through the result raises."""
from .._array_layout import strides_in_order
from ..autograd import grad_mode
from ..autograd.grad_mode import check_update
from ..autograd.op import Op
from ..tensor import Tensor
from ._api import method
from ._util import expect_int
from .inplace_tracking import LEAF_ERROR
from .strided import _check_geometry, _storage


#: PyTorch's C++ names of the dtypes, which its set_ errors use
_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
            "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


class SetStorage(Op):
    """The node of a tensor that ``set_`` gave other memory while a gradient flows through it or
    its source: PyTorch has no derivative for ``set_``, so backward through it raises."""

    torch_name = "torch::autograd::NotImplemented"

    @staticmethod
    def forward(ctx, x, *source):
        return x.view()

    @staticmethod
    def backward(ctx, m, g):
        raise RuntimeError("derivative for set_ is not implemented")


def _storage_elements(self, source):
    """``source``'s storage as a flat array of ``self``'s dtype (a Tensor's or a storage of that
    dtype; an untyped storage's bytes read as that dtype), with PyTorch's errors for another dtype."""
    from ..storage import TypedStorage, UntypedStorage  # (storage.py imports the ops)
    dtype = self._data.dtype
    if isinstance(source, Tensor):
        if source._data.dtype != dtype:
            raise RuntimeError(f"Could not set tensor of type {_C_NAMES[source.dtype.name]} to a tensor of type "
                               f"{_C_NAMES[self.dtype.name]}")
        return _storage(source._device._get_backend().xp, source._data)[0]
    if isinstance(source, TypedStorage):
        if source.dtype is not self.dtype:
            raise RuntimeError(f"Expected a Storage of type {_C_NAMES[self.dtype.name]} or an UntypedStorage, but got "
                               f"type {source.dtype._torch_name[:-6]} for argument 1 'storage'")
        return source._elements.ravel(order="K")
    if isinstance(source, UntypedStorage):
        raw = source._bytes.ravel(order="K")
        return raw[:raw.size - raw.size % dtype.itemsize].view(dtype)
    raise TypeError(f"set_() received an invalid combination of arguments - got ({type(source).__name__}), but "
                    "expected a Tensor or a Storage")


def set_(self, source=None, storage_offset=None, size=None, stride=None):
    """Make this tensor view other memory, in place: nothing (``set_()``: no elements), ``source``'s
    (a Tensor: its storage, offset, shape and strides; a storage: all of it, 1-D), or ``size`` and
    ``stride`` (row-major by default) from ``storage_offset`` in ``source``'s storage. Writes then
    show through both. Refused for a leaf that requires grad; backward through the result raises,
    as PyTorch has no derivative for it. Returns self."""
    check_update(self)
    grad = grad_mode.state.enabled and (self._rg or isinstance(source, Tensor) and source._rg)
    if grad and self._rg and self._node is None:
        raise RuntimeError(LEAF_ERROR)
    if storage_offset is None and (size is not None or stride is not None) or (
            storage_offset is not None and size is None):
        raise TypeError("set_() received an invalid combination of arguments: storage_offset and size go together")
    xp = self._device._get_backend().xp
    if source is None:
        data = xp.empty((0,), self._data.dtype)
    else:
        flat = _storage_elements(self, source)
        if storage_offset is None:
            data = source._data if isinstance(source, Tensor) else flat
        else:
            size = tuple(expect_int("set_", n, "size", 3) for n in size)
            stride = contiguous_strides(size) if stride is None else tuple(expect_int("set_", n, "stride", 4)
                                                                           for n in stride)
            offset = expect_int("set_", storage_offset, "storage_offset", 2)
            if isinstance(source, Tensor):  # (the offset counts from the source's first element)
                if not source._data.flags.c_contiguous:
                    raise RuntimeError("passed in tensor to be used as storage must be contiguous")
                offset += source.storage_offset()
            if len(size) != len(stride):
                raise RuntimeError(f"unequal size length ({len(size)}) and stride length ({len(stride)})")
            if any(n < 0 for n in stride):
                raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                                   f"strides={list(stride)}")
            _check_geometry(size, stride, offset, flat.size, flat.itemsize)
            data = xp.lib.stride_tricks.as_strided(flat[offset:], size, tuple(n * flat.itemsize for n in stride))
    if grad:
        sources = (source,) if isinstance(source, Tensor) and source._rg else ()
        self._node = SetStorage.apply(self, *sources)._node
        self._rg = True
    self._data = data
    self._view = None  # (no longer a view of what it viewed)
    self._version_counter[0] += 1
    return self


def contiguous_strides(size):
    """Row-major strides (in elements) of ``size``."""
    return strides_in_order(size, range(len(size) - 1, -1, -1))


method("set_", set_)
