"""``Tensor``: an array on a device, its autograd metadata, and the Python protocols.

Math, shape, indexing and conversion methods are attached by ``minigrad.ops``
(the op families); this module holds storage, metadata and Python protocols.
"""
import copy
import operator
import warnings
import weakref

import numpy as _np  # host-side conversions only (lists, scalars, printing)

from . import dtypes as _dt
from .autograd import grad_mode, node as _node_mod
from .autograd.functional import backward as _backward
from .device import CPU, to_device

_state = grad_mode.state
_new = object.__new__


class Size(tuple):
    """A tensor's shape: a tuple of ints, as ``torch.Size``."""

    __slots__ = ()

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
        return Size(item) if isinstance(index, slice) else item  # a slice is a Size, as in PyTorch

    def __add__(self, other):
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__


class RemovableHandle:
    """Returned by ``register_hook``; ``remove()`` unregisters the hook."""

    def __init__(self, hooks, fn):
        self._hooks = hooks
        self._fn = fn

    def remove(self):
        """Unregister the hook (no-op if already removed)."""
        try:
            self._hooks.remove(self._fn)
        except ValueError:
            pass


def raise_device_mismatch(op_name, a, b):
    """Raise PyTorch's error for an op on tensors of two devices."""
    raise RuntimeError("Expected all tensors to be on the same device, but found at least two "
                       f"devices, {a} and {b}! (in {op_name})")


class Tensor:
    """A multi-dimensional array with reverse-mode autograd, as ``torch.Tensor``."""

    # _data: the backend array; _device; _rg: requires grad; _node: the grad_fn (None for
    # leaves); _version: the version counter, a one-element list shared with views.
    __slots__ = ("_data", "_device", "_rg", "_node", "_version", "__weakref__", "__dict__")
    __array_priority__ = 1000  # NumPy scalars and arrays defer to Tensor's reflected operators
    # Rarely set, so they default here and an op's output writes only the five slots:
    _grad = None   # the accumulated gradient
    _hooks = None  # a leaf's gradient hooks
    _post_hooks = None  # a leaf's post-accumulate-grad hooks
    _acc = None    # a leaf's AccumulateGrad node, made on first use in a recorded op
    _view = None   # (base, view_fn) for tensors that are views of another

    def __init__(self, *args, device=None):
        """The legacy constructor: ``Tensor(data)`` copies a sequence (as ``torch.tensor`` reads
        it) into the default float dtype; ``Tensor(2, 3)`` is a zero-filled tensor of that shape."""
        if len(args) == 1 and not isinstance(args[0], int):
            data = args[0]
            if _pydata.is_python_data(data) and not _pydata.is_sequence(data):
                raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
            arr = _host_array(data, _dt.get_default_dtype())
        else:
            arr = _np.zeros(args if args else (0,), _dt.get_default_dtype().np)
        dev = to_device(device)
        _init(self, _to_backend(arr, dev), dev)

    @staticmethod
    def _make_subclass(cls, data, require_grad=False):
        """A ``cls`` instance sharing ``data``'s storage and version counter, a leaf that requires
        grad as asked (PyTorch's ``Tensor._make_subclass``, which ``nn.Parameter`` is built on)."""
        if require_grad.__class__ is not bool:
            raise TypeError(f"_make_subclass(): argument 'require_grad' (position 3) must be bool, not "
                            f"{type(require_grad).__name__}")
        t = _new(cls)
        _init(t, data._data, data._device)
        t._version = data._version
        if require_grad:
            t._require_grad_as_created()
        return t

    # ----------------------------------------------------------------- metadata
    @property
    def shape(self):
        """The tensor's shape as a ``Size``."""
        return Size(self._data.shape)

    def size(self, dim=None):
        """The shape, or the length of dimension ``dim``."""
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

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

    def is_contiguous(self, memory_format=None):
        """True when the storage is C-contiguous (for ``channels_last``: laid out as N, H, W, C)."""
        name = getattr(memory_format, "_name", None)
        if name in ("channels_last", "channels_last_3d"):
            data = self._data
            if data.ndim != (4 if name == "channels_last" else 5):
                return False
            return bool(data.transpose((0,) + tuple(range(2, data.ndim)) + (1,)).flags.c_contiguous)
        return bool(self._data.flags.c_contiguous)

    def storage_offset(self):
        """Elements between the start of the storage this tensor views and its first element."""
        data = root = self._data
        while isinstance(getattr(root, "base", None), type(data)):
            root = root.base
        return (_address(data) - _address(root)) // data.itemsize

    def dim_order(self, *, ambiguity_check=False):
        """The dims from outermost to innermost in memory (by decreasing stride)."""
        strides = self.stride()
        return tuple(sorted(range(len(strides)), key=lambda d: -strides[d]))

    def stride(self, dim=None):
        """Elements to step in storage per index along each dim (a tuple), or along ``dim``."""
        itemsize = self._data.itemsize
        strides = tuple(s // itemsize for s in self._data.strides)
        if dim is None:
            return strides
        if not strides:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return strides[_wrap_dim(dim, self._data.ndim)]

    def data_ptr(self):
        """The address of the first element (views into one storage differ by their offset)."""
        data = self._data
        return data.__array_interface__["data"][0] if self._device.type == "cpu" else data.data.ptr

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

    # ----------------------------------------------------------------- autograd metadata
    @property
    def requires_grad(self):
        """Whether gradients flow to (or through) this tensor."""
        return self._rg

    @requires_grad.setter
    def requires_grad(self, value):
        if value.__class__ is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self._node is not None:
            if not value:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a "
                    "computed variable in a subgraph that doesn't require differentiation use "
                    "var_no_grad = var.detach().")
            return
        if value and self._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self._rg = bool(value)

    def _require_grad_as_created(self):
        """Make a new leaf require grad, with PyTorch's error of factories and ``Parameter`` for
        another dtype (each way of asking has its own wording there)."""
        if self._data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        self._rg = True

    def requires_grad_(self, requires_grad=True):
        """Set requires_grad in place; returns self."""
        if requires_grad.__class__ is not bool:
            kind = type(requires_grad)
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
            raise TypeError(f"requires_grad_(): argument 'requires_grad' (position 1) must be bool, not {name}")
        if requires_grad and self._node is None and self._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def grad(self):
        """The accumulated gradient (leaves, and non-leaves that retain_grad); None before backward."""
        g = self._grad
        if g is None and self._node is not None and self._node.retained is None:
            warnings.warn("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
                          "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
                          "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
                          "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
                          "instead.", UserWarning, stacklevel=2)
        return g

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(value._data.shape)}' to a "
                                   f"tensor of size '{list(self._data.shape)}'. Please ensure that the gradient "
                                   "and the tensor are the same size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(f"attempting to assign a gradient with dtype '{_c_type(value)}' to a tensor "
                                   f"with grad_dtype '{self.dtype._torch_name[:-6]}'. The gradient must match the "
                                   "tensor's grad_dtype (defaults to the tensor's dtype).")
        self._grad = value

    @property
    def grad_fn(self):
        """The node that produced this tensor (None for leaves)."""
        return self._node

    @property
    def is_leaf(self):
        """True for tensors not produced by a recorded op."""
        return self._node is None

    @property
    def _version_count(self):
        return self._version[0]

    @property
    def data(self):
        """A tensor sharing this one's storage, outside the graph, with a version counter of its own
        (as PyTorch's: writes through ``.data`` are hidden from autograd's in-place checks)."""
        return wrap(self._data, self._device)

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be a Tensor, got {type(value).__name__}")
        self._data = value._data
        self._device = value._device

    def retain_grad(self):
        """Keep the gradient of a non-leaf tensor in ``.grad`` after backward."""
        if not self._rg:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._node is not None:
            self._node.retained = weakref.ref(self)
            self._node.observed = True

    @property
    def retains_grad(self):
        """True for a non-leaf tensor whose gradient is kept."""
        node = self._node
        return node is not None and node.retained is not None and node.retained() is self

    def register_hook(self, hook):
        """Call ``hook(grad)`` with this tensor's gradient during backward; it may return a replacement."""
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._node is not None:
            return self._node.register_hook(hook)
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """Call ``hook(tensor)`` on this leaf each time backward has accumulated its ``.grad``."""
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._node is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        if self._post_hooks is None:
            self._post_hooks = []
        self._post_hooks.append(hook)
        if self._acc is not None:
            self._acc.observed = True  # (the engine then takes the accumulator's general path)
        return RemovableHandle(self._post_hooks, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into the ``.grad`` of the leaves of the graph."""
        _backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        """A tensor sharing storage (and version counter) with this one, outside the graph."""
        t = wrap(self._data, self._device)
        t._version = self._version
        return t

    def detach_(self):
        """Detach this tensor from the graph in place (not a view: PyTorch's RuntimeError)."""
        if self._view is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
                               "True, gradients are views of DDP buckets, and hence detach_() cannot be called on "
                               "these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
                               "function in torch/optim/optimizer.py as the solution.")
        self._node = None
        self._rg = False
        return self

    # ----------------------------------------------------------------- conversions
    def item(self):
        """The single element as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.item()

    def tolist(self):
        """Nested Python lists (a Python number for 0-d tensors)."""
        return self._device._get_backend().to_numpy(self._data).tolist()

    def numpy(self, *, force=False):
        """The storage as a NumPy array (shared, on the CPU)."""
        if force.__class__ is not bool:
            raise TypeError(f"numpy(): argument 'force' must be bool, not {type(force).__name__}")
        if force:
            return self._device._get_backend().to_numpy(self._data)
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        if self._device.type != "cpu":
            raise TypeError(f"can't convert {self._device} device type tensor to numpy. "
                            "Use Tensor.cpu() to copy the tensor to host memory first.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        arr = self.numpy()
        return arr if dtype is None else arr.astype(dtype, copy=False)

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """NumPy's result of ``tensor <op> array`` back as a Tensor sharing its memory (a bool result
        as uint8, as PyTorch's): PyTorch's operators leave a NumPy array operand to NumPy."""
        if array.dtype == bool:
            array = array.astype("uint8")
        return wrap(array, self._device)

    def __dlpack__(self, *args, **kwargs):
        return self.detach()._data.__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return self._data.__dlpack_device__()

    # ----------------------------------------------------------------- Python protocols
    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        if self._rg and _state.enabled:
            return (self[i] for i in range(self._data.shape[0]))
        return (_view_of(self, row) for row in self._data)

    def _scalar_check(self, what):
        if self._data.size != 1:
            if what == "Boolean value":
                raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
            raise ValueError("only one element tensors can be converted to Python scalars")

    def __contains__(self, element):
        return bool((self == element).any())

    def __bool__(self):
        self._scalar_check("Boolean value")
        return bool(self._data.item())

    def __float__(self):
        self._scalar_check("float")
        if self._rg and _state.enabled:  # (PyTorch warns only where grad mode is on)
            _warn_scalar_of_grad_tensor()
        return float(self._data.item())

    def __int__(self):
        self._scalar_check("int")
        return int(self._data.item())

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.item())

    def __complex__(self):
        self._scalar_check("complex")
        return complex(self._data.item())

    def __format__(self, spec):
        if self._data.ndim == 0 or (spec and self._data.size == 1):
            return format(self._data.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    __hash__ = object.__hash__

    def __repr__(self):
        return _formatting.tensor_repr(self)

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if self._node is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the "
                               "deepcopy protocol at the moment.  If you were attempting to deepcopy a "
                               "module, this may be because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        key = id(self)
        if key in memo:
            return memo[key]
        new = _new(type(self))
        _init(new, self._data.copy(), self._device)
        new._rg = self._rg
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        # the user's attributes; the engine's (gradient, hooks, accumulator, views) belong to the original
        state = {k: v for k, v in self.__dict__.items() if k not in _ENGINE_ATTRIBUTES}
        if state:
            new.__dict__.update(copy.deepcopy(state, memo))
        memo[key] = new
        return new

    def __reduce_ex__(self, protocol):
        raise TypeError("minigrad tensors are not picklable: use minigrad.save (safetensors, no pickle)")


_node_mod.Tensor = Tensor  # the op machinery needs the class
_ENGINE_ATTRIBUTES = ("_grad", "_hooks", "_acc", "_view", "_views", "_views_cap")
_warned_scalar = []


def _warn_scalar_of_grad_tensor():
    """PyTorch's warning for float() of a tensor that requires grad, given once per process as PyTorch does."""
    if not _warned_scalar:
        _warned_scalar.append(True)
        warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first.", UserWarning, stacklevel=3)


def _c_type(t):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int"}.get(t.dtype.name,
                                                                                            t.dtype.name)


# --------------------------------------------------------------------- construction helpers
def _init(t, arr, dev, node=None):
    t._data = arr
    t._device = dev
    t._rg = node is not None
    t._node = node
    t._version = [0]


def _address(array):
    """Where an array's first element is in memory (NumPy's or CuPy's array interface)."""
    interface = getattr(array, "__array_interface__", None) or array.__cuda_array_interface__
    return interface["data"][0]


def wrap(arr, dev=CPU, node=None):
    """A Tensor around the backend array ``arr`` on device ``dev`` (no copy)."""
    t = _new(Tensor)
    t._data = arr
    t._device = dev
    t._rg = node is not None
    t._node = node
    t._version = [0]
    return t


def _view_of(base, arr):
    t = wrap(arr, base._device)
    t._version = base._version
    return t


def _wrap_dim(dim, ndim):
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if dim.__class__ is not int:  # a NumPy int or an int tensor is read as an int; a float or a string refused
        try:
            if isinstance(dim, bool):
                raise TypeError
            dim = operator.index(dim)
        except TypeError:
            raise TypeError(f"argument 'dim' must be int, not {type(dim).__name__}") from None
    if not (lo <= dim <= hi):
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim % ndim if ndim else 0


def _to_backend(host_arr, dev):
    if dev is CPU or dev.type == "cpu":
        return host_arr
    return dev._get_backend().asarray(host_arr)


_FOREIGN_DTYPE_NAMES = {"torch." + d.name: d for d in _dt.ALL}


def _foreign_to_numpy(obj):
    """NumPy array from a foreign array (torch tensor, CuPy array...) via its protocols."""
    if hasattr(obj, "detach") and hasattr(obj, "cpu") and hasattr(obj, "numpy"):
        return obj.detach().cpu().numpy()  # a torch tensor, without importing torch
    if hasattr(obj, "get") and hasattr(obj, "__cuda_array_interface__"):
        return obj.get()  # a CuPy array
    if hasattr(obj, "__array__") or hasattr(obj, "__array_interface__"):
        return _np.asarray(obj)
    if hasattr(obj, "__dlpack__"):
        return _np.from_dlpack(obj)
    return None


def check_strides(arr):
    """Raise PyTorch's error for NumPy arrays with negative strides (e.g. ``a[::-1]``)."""
    if any(s < 0 for s in getattr(arr, "strides", ())):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a "
                         "copy of your array  with array.copy().) ")


def _host_array(data, dtype=None):
    """A fresh host NumPy array from ``data``, with PyTorch's dtype inference.

    Python data (nested lists, scalars) follow ``torch.tensor``'s rules (``_pydata``); Tensors,
    NumPy arrays and scalars, and foreign arrays keep their dtype unless ``dtype`` is given.
    """
    if _pydata.is_python_data(data):
        return _pydata.to_array(data, dtype)
    if isinstance(data, Tensor):
        arr = data._device._get_backend().to_numpy(data._data)
        return _np.array(arr, dtype=None if dtype is None else dtype.np)
    if isinstance(data, (_np.ndarray, _np.generic)):
        check_strides(data)
        inferred = _dt.from_numpy_dtype(_np.asarray(data).dtype) if dtype is None else dtype
        return _np.array(data, dtype=inferred.np)
    return _host_array(_np.array(_foreign_to_numpy(data)), dtype)


from . import _formatting, _pydata  # noqa: E402  (printing and reading Python data need the class)
