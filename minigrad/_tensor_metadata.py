"""The storage metadata of a Tensor (shape, dtype, device, strides, sizes in bytes), as a base
class of ``Tensor`` (``tensor.py``), and ``Size``, the shape's type."""
import operator

from . import dtypes as _dt


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
        try:
            return self._data.shape[_wrap_dim(dim, self._data.ndim)]
        except IndexError:  # (a 0-d tensor, whose dims 0 and -1 wrap)
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions") from None

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
        if not strides:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return strides[_wrap_dim(dim, self._data.ndim)]

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


def array_strides(data):
    """The strides of a tensor of array ``data`` in elements, as ``stride()`` reports them: NumPy's,
    but PyTorch's where NumPy strides by 0 a size-1 dim (``x[None]``) or every dim of an empty array."""
    itemsize = data.itemsize
    strides = tuple(s // itemsize for s in data.strides)
    if 0 in strides:
        if not data.size and data.ndim and not any(strides):
            strides = _empty_strides(data.shape)  # (NumPy strides every empty result by 0)
        # (a read-only NumPy array is an expand's view, whose zero strides are PyTorch's too; CuPy has no such flag)
        elif 1 in data.shape and getattr(data.flags, "writeable", True):
            strides = _size_one_strides(data.shape, strides)
    return strides


def _size_one_strides(shape, strides):
    """``strides`` with PyTorch's for size-1 dims where NumPy has 0 (``x[None]``, ``keepdim`` sums): the
    extent of the dim after it, or 1 for the last, as PyTorch's unsqueeze and reductions give them."""
    strides = list(strides)
    for i in range(len(strides) - 1, -1, -1):
        if shape[i] == 1 and strides[i] == 0:
            strides[i] = shape[i + 1] * strides[i + 1] if i + 1 < len(strides) else 1
    return tuple(strides)


def _empty_strides(shape):
    """PyTorch's contiguous strides for an empty tensor: a size-0 dim steps as a size-1 dim
    (``(0, 3)`` is ``(3, 1)``)."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def keep_numpy_strides(t):
    """``t``, made from a NumPy array, marked to report that array's strides where they hold a 0
    (``stride()`` reports contiguous ones for other empty tensors, and PyTorch's for other size-1
    dims), as ``torch.from_numpy`` and ``torch.tensor`` of an array keep NumPy's zero strides. The
    mark names the array, so that it lapses when the tensor is given other memory (``set_``)."""
    if 0 in t._data.strides:
        t._numpy_strides = t._data
    return t


def laid_out_if_empty(xp, array):
    """``array``, or for an empty one that NumPy gave zero strides, the same (no) elements with
    PyTorch's contiguous strides, where minigrad makes an empty tensor (a factory, an index): a
    size-0 dim steps as a size-1 dim (``(0, 3)`` is ``(3, 1)``). A tensor of an empty NumPy array
    from outside keeps that array's strides, as ``torch.tensor`` and ``torch.from_numpy`` do."""
    if array.size or not array.ndim or any(array.strides):
        return array
    strides, step = [], array.itemsize
    for n in reversed(array.shape):
        strides.append(step)
        step *= max(n, 1)
    return xp.lib.stride_tricks.as_strided(array, array.shape, tuple(reversed(strides)))


def row_major_reduction(x, out, dims, keepdim):
    """``out``, a reduction of ``x`` over ``dims`` (None: all), laid out row-major, as PyTorch lays
    out every reduction's result. NumPy's follows ``x``'s layout: a permuted or channels-last ``x``
    gives a permuted result (strides ``(1, 4)`` where PyTorch's are ``(3, 1)``), and a kept dim the
    stride of an element. A row-major ``x`` gives PyTorch's layout already (one flag read)."""
    if out.ndim < 2 or x.flags.c_contiguous:
        return out
    if not keepdim:
        return out.copy(order="C")
    # the reduced dims dropped and put back: a reshape of a row-major array strides them row-major
    return out.squeeze(tuple(range(out.ndim)) if dims is None else dims).copy(order="C").reshape(out.shape)


def root_array(data):
    """The array owning ``data``'s memory: the end of its ``base`` chain, also through the object
    an ``as_strided`` view has for a base (its own ``base`` is the array it views)."""
    root = data
    while True:
        base = getattr(root, "base", None)
        if not isinstance(base, type(data)):
            base = getattr(base, "base", None)
            if not isinstance(base, type(data)):
                return root
        root = base


def _address(array):
    """Where an array's first element is in memory (NumPy's or CuPy's array interface)."""
    interface = getattr(array, "__array_interface__", None) or array.__cuda_array_interface__
    return interface["data"][0]


def _wrap_dim(dim, ndim):
    """``dim`` as a dim of a tensor of ``ndim`` dims (a negative one counted from the end), with
    PyTorch's errors for one out of range or not an integer."""
    if dim.__class__ is int and -ndim <= dim < ndim:  # (a Python int in range, the common case: no checks)
        return dim % ndim
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if dim.__class__ is not int:  # a NumPy int or an int tensor is read as an int; a float or a string refused
        try:
            if isinstance(dim, bool):
                raise TypeError
            dim = operator.index(dim)
        except TypeError:
            raise TypeError(f"argument 'dim' must be int, not {type(dim).__name__}") from None
    if not (lo <= dim <= hi):
        check_int64(dim)
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim % ndim if ndim else 0


def check_scalar_int(value):
    """PyTorch's OverflowError for a Python int given as a Scalar argument (a fill value, a bound, a
    weight, a range end) beyond what its parser reads: int64, and uint64 above it."""
    if value.__class__ is int and not -2 ** 63 <= value < 2 ** 64:
        raise OverflowError("can't convert negative int to unsigned" if value < 0 else "int too big to convert")


def later_bool(value, position):
    """Whether ``value``, element ``position`` of an int list, is a bool that PyTorch's argument parser
    reads as an int: it tells an int list by its first element, which a bool is not, and unpacks the
    others by ``__index__`` (``sum((0, True))`` sums over dims 0 and 1, ``ones(2, True)`` has shape (2, 1))."""
    return position != 0 and value.__class__ is bool


def check_int64(value):
    """PyTorch's ValueError for a Python int argument (a dim, a size, an index) beyond int64."""
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")



def is_dense(array):
    """Whether ``array``'s elements fill its memory without gaps or overlap, in some order of its
    dims (PyTorch's "non-overlapping and dense"): a permuted or channels-last array is, a slice
    with a step or a broadcast is not."""
    if not array.size:
        return False
    step = array.itemsize
    for n, s in sorted((p for p in zip(array.shape, array.strides) if p[0] != 1), key=lambda p: p[1]):
        if s != step:
            return False
        step *= n
    return True


def iteration_order(shape, operands):
    """The order PyTorch's TensorIterator gives the dims of a result of ``shape`` (innermost first),
    from its ``operands``' strides in elements (each broadcast to ``shape``: 0 where broadcast),
    PyTorch's insertion sort: a dim moves in past a dim whose stride is larger in the first operand
    that strides both by more than 0 (equal strides: past a longer dim, or the next operand
    decides), and stays where no operand decides."""
    ndim = len(shape)

    def swap(d, e):  # whether dim d, now inside dim e, goes outside it: 1, -1 (stays), 0 (no operand decides)
        for strides in operands:
            sd, se = strides[d], strides[e]
            if sd and se:
                if sd != se:
                    return 1 if sd > se else -1
                if shape[d] > shape[e]:
                    return 1
        return 0

    inner = list(range(ndim - 1, -1, -1))
    for i in range(1, ndim):
        at = i
        for j in range(i - 1, -1, -1):
            decided = swap(inner[j], inner[at])
            if decided > 0:
                inner[j], inner[at] = inner[at], inner[j]
                at = j
            elif decided < 0:
                break
    return inner


def strides_in_order(shape, inner):
    """Dense strides in elements for ``shape`` with its dims in memory in the order ``inner``
    (innermost first), as PyTorch allocates them: each dim steps over the dims inside it."""
    strides = [0] * len(shape)
    step = 1
    for d in inner:
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def preserved_strides(data):
    """The strides in elements of a copy of ``data`` in PyTorch's ``preserve_format`` (``clone``, a
    cast, ``empty_like``): ``data``'s own where it is dense, else dense in its order of strides
    (PyTorch's ``infer_dense_strides``; a broadcast dim has no say)."""
    strides = array_strides(data)
    if is_dense(data) and min(strides, default=0) >= 0:
        return strides
    return strides_in_order(data.shape, iteration_order(data.shape, (strides,)))


def with_strides(xp, array, strides):
    """``array``'s elements laid out with ``strides`` (in elements, dense): ``array`` itself where
    it has them, a view of it where only size-1 dims differ (their stride addresses nothing, but
    ``stride()`` reports it, and PyTorch's layout choices read it), else a copy."""
    item = array.itemsize
    return with_byte_strides(xp, array, tuple(s * item for s in strides))


def with_byte_strides(xp, array, want):
    """``with_strides`` for strides ``want`` in bytes."""
    have = array.strides
    if have == want or not array.size:
        return array
    shape = array.shape
    for a, b, n in zip(have, want, shape):
        if a != b and n != 1:
            out = _strided(xp, xp.empty(array.size, array.dtype), shape, want)
            out[...] = array
            return out
    return _strided(xp, array, shape, want)  # (only size-1 dims differ: a view)


def _strided(xp, base, shape, strides):
    """A view of ``base``'s memory from its first element with ``shape`` and ``strides`` (in bytes)."""
    if xp.__name__ == "numpy" and base.flags.c_contiguous:
        # Fast path, fenced: NumPy's constructor over a contiguous buffer, about a tenth of the time of
        # as_strided (Python code), the same view (a test checks)
        return xp.ndarray(shape, base.dtype, base, 0, strides)
    return xp.lib.stride_tricks.as_strided(base, shape, strides)


def laid_out_as(xp, array, like):
    """``array`` (``like``'s shape) with ``like``'s strides where ``like`` is dense, else row-major,
    as PyTorch's AccumulateGrad lays out a leaf's new ``.grad``: a transposed or channels-last leaf
    gets a gradient in its own memory order."""
    if all(s == t for n, s, t in zip(like.shape, array.strides, like.strides) if n != 1):
        return array  # (a size-1 dim's stride is no order)
    if not is_dense(like):
        return xp.ascontiguousarray(array)
    out = xp.empty_like(like, dtype=array.dtype)  # ("K" order: a dense array's own strides)
    out[...] = array
    return out
