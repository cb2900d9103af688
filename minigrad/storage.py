"""Storages: the memory a tensor and its views share, as ``Tensor.untyped_storage()`` (bytes)
and the deprecated ``Tensor.storage()`` (elements of the tensor's dtype) show it. A storage
reads and writes that memory: writes show through every tensor viewing it, as in PyTorch.

minigrad's memory is a NumPy (or CuPy) array; a storage is a byte or element view of the
array that owns it (the root of the views' ``base`` chain). Storages print as PyTorch's do
(``[torch.storage.TypedStorage(dtype=torch.float32, ...)``), as minigrad's dtypes do."""
import warnings

from . import dtypes as _dt
from ._array_layout import root_array
from .device import CPU
from .dtypes import uint8
from .tensor import Tensor


def _element_index(storage, i, out_of_range="index {i} out of range for storage of size {size}"):
    """``i`` as a position in ``storage`` (negative from the end), with PyTorch's errors for an
    index out of range and for one that is not an int."""
    if isinstance(i, bool) or not isinstance(i, int):
        error = TypeError if isinstance(i, bool) else RuntimeError
        raise error(f"can't index a <class 'torch.storage.{type(storage).__name__}'> with {type(i)}")
    size = len(storage)
    if not -size <= i < size:
        raise IndexError(out_of_range.format(i=i, size=size))
    return i % size


_WRITE_OUT_OF_RANGE = "index {i} is out of bounds for dimension 0 with size {size}"


class _Storage:
    """What both kinds of storage share: where their memory lives, and copying bytes into it."""

    def copy_(self, src):
        """Copy the bytes of ``src``, a storage of the same size in bytes; returns the storage."""
        if not isinstance(src, (UntypedStorage, TypedStorage)):
            raise TypeError(f"copy_(): expected a storage, got {type(src).__name__}")
        if src.nbytes() != self.nbytes():
            raise RuntimeError(f"size does not match, self was {self.nbytes()} bytes but src was {src.nbytes()} bytes")
        dst = self if isinstance(self, UntypedStorage) else self.untyped()
        dst._bytes[...] = (src if isinstance(src, UntypedStorage) else src.untyped())._bytes
        return self

    @property
    def is_cuda(self):
        """True for a storage on a CUDA device."""
        return self.device.type == "cuda"

    def is_shared(self):
        """False: minigrad's memory is not shared between processes."""
        return False

    def is_pinned(self):
        """False: minigrad does not pin host memory."""
        return False


class UntypedStorage(_Storage):
    """The bytes of a tensor's memory: ``data_ptr()``, ``nbytes()``, indexing by byte."""

    def __init__(self, root, device):
        self._bytes = root.reshape(-1).view(uint8.np) if root.flags.c_contiguous else root.view(uint8.np)
        self._root = root
        self.device = device

    def data_ptr(self):
        """The address of the first byte."""
        return self._root.__array_interface__["data"][0] if self.device.type == "cpu" else self._root.data.ptr

    def nbytes(self):
        """The storage's size in bytes."""
        return int(self._root.nbytes)

    def size(self):
        """The storage's size in bytes."""
        return self.nbytes()

    def __len__(self):
        return self.nbytes()

    def element_size(self):
        """1: an untyped storage counts bytes."""
        return 1

    def __getitem__(self, i):
        if isinstance(i, slice):  # (a storage viewing those bytes)
            return UntypedStorage(self._bytes[i], self.device)
        return int(self._bytes[_element_index(self, i)])

    def __setitem__(self, i, value):
        self._bytes[i if isinstance(i, slice) else _element_index(self, i, _WRITE_OUT_OF_RANGE)] = value

    def tolist(self):
        """The bytes as a list of ints."""
        return [int(b) for b in self._bytes.tolist()]

    def fill_(self, value):
        """Set every byte to ``value``; returns the storage."""
        self._bytes[...] = value
        return self

    def clone(self):
        """A copy of the bytes in new memory."""
        return UntypedStorage(self._bytes.copy(), self.device)

    def cpu(self):
        """The storage on the CPU (this one, for a CPU storage)."""
        return self if self.device.type == "cpu" else UntypedStorage(self._bytes.get(), CPU)

    def type(self):
        """The class name, ``'torch.storage.UntypedStorage'``."""
        return "torch.storage.UntypedStorage"

    def __repr__(self):
        body = "\n".join(f" {b}" for b in self.tolist())
        return f"{body}\n[torch.storage.UntypedStorage(device={self.device}) of size {len(self)}]".lstrip("\n")


class TypedStorage(_Storage):
    """The elements of a tensor's memory in its dtype (deprecated in PyTorch in favour of
    ``untyped_storage``): ``size()``, ``dtype``, ``tolist()``, indexing by element."""

    def __init__(self, root, dtype, device):
        self._elements = root.reshape(-1) if root.flags.c_contiguous else root
        self._untyped_storage = UntypedStorage(root, device)
        self.dtype = dtype
        self.device = device

    def untyped(self):
        """The same memory as bytes."""
        return self._untyped_storage

    def data_ptr(self):
        """The address of the first element."""
        return self._untyped_storage.data_ptr()

    def size(self):
        """The number of elements."""
        return int(self._elements.size)

    def __len__(self):
        return self.size()

    def nbytes(self):
        """The storage's size in bytes."""
        return self._untyped_storage.nbytes()

    def element_size(self):
        """Bytes per element."""
        return int(self._elements.itemsize)

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise RuntimeError("slices are only supported in UntypedStorage.__getitem__")
        return self._elements[_element_index(self, i)].item()

    def __setitem__(self, i, value):
        if isinstance(value, Tensor):
            value = value.item()
        self._elements[i if isinstance(i, slice) else _element_index(self, i, _WRITE_OUT_OF_RANGE)] = value

    def tolist(self):
        """The elements as Python numbers."""
        return self._elements.tolist()

    def fill_(self, value):
        """Set every element to ``value``; returns the storage."""
        self._elements[...] = value
        return self

    def clone(self):
        """A copy of the elements in new memory."""
        return TypedStorage(self._elements.copy(), self.dtype, self.device)

    def cpu(self):
        """The storage on the CPU (the same memory, for a CPU storage)."""
        elements = self._elements if self.device.type == "cpu" else self._elements.get()
        return TypedStorage(elements, self.dtype, CPU)

    def _to(self, dtype):
        """A storage of the elements in ``dtype``: new memory, or this memory if it has that dtype."""
        elements = self._elements if dtype is self.dtype else self._elements.astype(dtype.np)
        return TypedStorage(elements, dtype, self.device)

    def type(self):
        """The legacy class name, as ``'torch.FloatStorage'``."""
        return "torch." + self.pickle_storage_type()

    def pickle_storage_type(self):
        """The legacy storage name of the dtype, as ``'FloatStorage'``."""
        return self.dtype._torch_name[:-len("Tensor")] + "Storage"

    def __repr__(self):
        body = "\n".join(f" {v}" for v in self.tolist())
        return (f"{body}\n[torch.storage.TypedStorage(dtype={self.dtype}, device={self.device}) of size "
                f"{len(self)}]").lstrip("\n")


def _conversion(dtype):
    def convert(self):
        return self._to(dtype)
    convert.__doc__ = f"A storage of the elements as {dtype} (new memory unless they are)."
    return convert


for _name, _dtype in (("double", _dt.float64), ("float", _dt.float32), ("half", _dt.float16), ("long", _dt.int64),
                      ("int", _dt.int32), ("short", _dt.int16), ("char", _dt.int8), ("byte", _dt.uint8),
                      ("bool", _dt.bool), ("cfloat", _dt.complex64), ("cdouble", _dt.complex128)):
    setattr(TypedStorage, _name, _conversion(_dtype))


def untyped_storage(self):
    """The bytes of the memory this tensor (and every view sharing it) reads and writes."""
    return UntypedStorage(root_array(self._data), self._device)


def storage(self):
    """The elements of this tensor's memory in its dtype (deprecated: see ``untyped_storage``)."""
    warnings.warn("TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only "
                  "storage class. This should only matter to you if you are using storages directly.  To access "
                  "UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()", UserWarning,
                  stacklevel=2)
    root = root_array(self._data)
    if root.dtype != self._data.dtype:  # (a view of another dtype's memory: its elements in this dtype)
        root = root.view(self._data.dtype)
    return TypedStorage(root, self.dtype, self._device)


def _base(self):
    """The tensor this one is a view of (None for a tensor owning its memory)."""
    view = self._view
    return None if view is None else view[0]


def _is_view(self):
    """True for a tensor viewing another's memory."""
    return self._view is not None


def is_set_to(self, tensor):
    """True if ``tensor`` views the same memory the same way (start, sizes and strides)."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"is_set_to(): argument 'tensor' (position 1) must be Tensor, not {type(tensor).__name__}")
    return (self.data_ptr() == tensor.data_ptr() and self._data.shape == tensor._data.shape
            and self._data.strides == tensor._data.strides)


Tensor._is_view = _is_view
Tensor.is_set_to = is_set_to
Tensor.untyped_storage = untyped_storage
Tensor.storage = storage
Tensor._base = property(_base)
