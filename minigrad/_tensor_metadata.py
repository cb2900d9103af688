"""The storage metadata of a Tensor (shape, dtype, device, strides, sizes in bytes), as a base
class of ``Tensor`` (``tensor.py``), and ``Size``, the shape's type. The strides and layouts of
the arrays behind them are ``_array_layout.py``'s, the reading of dims ``_int_arguments.py``'s."""
import operator

from . import dtypes as _dt
from ._array_layout import _address, array_strides, root_array
from ._int_arguments import _wrap_dim, check_int64


class Size(tuple):
    """A tensor's shape: a tuple of ints, as ``torch.Size``."""

    __module__ = "minigrad"  # (minigrad.Size, as torch.Size)
    __slots__ = ()

    def __new__(cls, sizes=()):
        """The sizes as a Size; PyTorch's TypeError for an item that is not an int. (Shapes read from
        arrays skip the check: ``tuple.__new__(Size, shape)``.)"""
        self = tuple.__new__(cls, sizes)
        for s in self:
            if s.__class__ is not int:
                return tuple.__new__(cls, [_size_item(s, i) for i, s in enumerate(self)])
        return self

    def numel(self):
        """Number of elements of a tensor of this shape."""
        n = 1
        for s in self:
            n *= s
        return n

    def __repr__(self):
        return f"torch.Size([{', '.join(map(str, self))}])"  # printed as PyTorch prints it

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return tuple.__new__(Size, item) if isinstance(index, slice) else item  # a slice is a Size, as in PyTorch

    def __add__(self, other):
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        return tuple.__new__(Size, tuple.__mul__(self, n))

    __rmul__ = __mul__


def _size_item(s, i):
    """Item ``i`` of a Size as PyTorch's Size takes it: an int, a NumPy int, a bool or a one-element
    integer tensor read as an int; anything else (a float, a string, a float tensor) a TypeError."""
    try:
        return int(operator.index(s))  # (int(): True is 1)
    except TypeError:
        kind = type(s)
        kind = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
        raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is '{kind}')") from None


def _metadata_dim(fn, dim, ndim):
    """``dim`` wrapped into ``ndim`` dims for ``size(dim)`` or ``stride(dim)`` (``fn``), with PyTorch's
    errors in its order: its argument parser's (an int, a NumPy int or an int tensor passes; a bool does
    not, nor a tensor of a dim), int64's bound, then a 0-d tensor's, then the range's."""
    if dim.__class__ is not int:
        try:
            if isinstance(dim, bool) or getattr(dim, "ndim", 0):
                raise TypeError
            dim = operator.index(dim)
        except TypeError:
            raise TypeError(f"{fn}(): argument 'dim' (position 1) must be int, not {type(dim).__name__}") from None
    check_int64(dim)
    if not ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, ndim)


class _RowMajor:
    """``is_contiguous``'s default memory format (PyTorch's ``torch.contiguous_format``; the module
    defining that one imports this one), told apart from an explicit None, which PyTorch refuses."""

    _name = "contiguous_format"

    def __repr__(self):
        return "torch.contiguous_format"


_ROW_MAJOR = _RowMajor()


class TensorMetadata:
    """Tensor's shape, dtype, device and layout queries (read from the backend array ``_data``)."""

    __slots__ = ()

    @property
    def shape(self):
        """The tensor's shape as a ``Size``."""
        return tuple.__new__(Size, self._data.shape)

    def size(self, dim=None):
        """The shape, or the length of dimension ``dim``."""
        if dim is None:
            return tuple.__new__(Size, self._data.shape)
        shape = self._data.shape
        if dim.__class__ is int and -len(shape) <= dim < len(shape):  # (the common case: no checks)
            return shape[dim]
        return shape[_metadata_dim("size", dim, len(shape))]

    @property
    def dtype(self):
        """The element type, e.g. ``minigrad.float32``."""
        return _dt._BY_NP[self._data.dtype]

    @property
    def device(self):
        """The device holding the storage."""
        return self._device

    @property
    def is_cuda(self):
        """True for tensors on a CUDA device."""
        return self._device.type == "cuda"

    @property
    def ndim(self):
        """Number of dimensions."""
        return self._data.ndim

    def dim(self):
        """Number of dimensions."""
        return self._data.ndim

    ndimension = dim

    def numel(self):
        """Number of elements."""
        return self._data.size

    nelement = numel

    def element_size(self):
        """Bytes per element."""
        return self._data.itemsize

    @property
    def itemsize(self):
        """Bytes per element."""
        return self._data.itemsize

    def is_floating_point(self):
        """True for floating dtypes."""
        return self._data.dtype.kind == "f"

    def is_contiguous(self, *, memory_format=_ROW_MAJOR):
        """True when the storage is C-contiguous (for ``channels_last``: laid out as N, H, W, C)."""
        if memory_format is not _ROW_MAJOR and type(memory_format).__name__ != "memory_format":
            raise TypeError(f"is_contiguous(): argument 'memory_format' must be torch.memory_format, not "
                            f"{type(memory_format).__name__}")
        name = getattr(memory_format, "_name", None)
        if name in ("channels_last", "channels_last_3d"):
            data = self._data
            if data.ndim != (4 if name == "channels_last" else 5):
                return False
            return bool(data.transpose((0,) + tuple(range(2, data.ndim)) + (1,)).flags.c_contiguous)
        return bool(self._data.flags.c_contiguous)

    def storage_offset(self):
        """Elements between the start of the storage this tensor views and its first element."""
        data = self._data
        return (_address(data) - _address(root_array(data))) // data.itemsize

    def dim_order(self, *, ambiguity_check=False):
        """The dims from outermost to innermost in memory (by decreasing stride)."""
        strides = self.stride()
        return tuple(sorted(range(len(strides)), key=lambda d: -strides[d]))

    def stride(self, dim=None):
        """Elements to step in storage per index along each dim (a tuple), or along ``dim``."""
        data = self._data
        if self.__dict__.get("_numpy_strides") is data:
            itemsize = data.itemsize
            strides = tuple(s // itemsize for s in data.strides)
        else:
            strides = array_strides(data)
        if dim is None:
            return strides
        return strides[_metadata_dim("stride", dim, len(strides))]

    def data_ptr(self):
        """The address of the first element (views into one storage differ by their offset)."""
        data = self._data
        return data.__array_interface__["data"][0] if self._device.type == "cpu" else data.data.ptr

    def const_data_ptr(self):
        """The address of the first element, as ``data_ptr`` (PyTorch's read-only spelling)."""
        return self.data_ptr()

    def get_device(self):
        """The device index: -1 on the CPU."""
        return -1 if self._device.type == "cpu" else (self._device.index or 0)

    @property
    def is_cpu(self):
        """True for tensors on the CPU."""
        return self._device.type == "cpu"

    @property
    def nbytes(self):
        """Bytes the elements take (numel times element_size)."""
        return self._data.nbytes
