"""``Tensor``: an array on a device and its autograd metadata.

Math, shape, indexing and conversion methods are attached by ``minigrad.ops``
(the op families); this module holds the storage slots, the autograd fields and
hooks, and the construction helpers (``wrap``). Two base classes hold the rest:
the storage metadata (shape, dtype, strides: ``_tensor_metadata.py``) and the
conversions and Python protocols (``_tensor_protocols.py``).
"""
import copy
import sys as _sys
import warnings
import weakref

import numpy as _np  # host-side construction only

from . import dtypes as _dt
from ._errors import raise_for_allocation
from ._removable_handle import RemovableHandle
from ._tensor_metadata import TensorMetadata, Size
from ._tensor_protocols import TensorProtocols
from .autograd import fast_apply as _fast_apply_mod, grad_mode, node as _node_mod, op as _op_mod, \
    views as _views_mod
from .autograd.entry_points import backward as _backward
from .device import CPU, to_device

_state = grad_mode.state
_new = object.__new__


def raise_device_mismatch(op_name, a, b):
    """Raise PyTorch's error for an op on tensors of two devices."""
    raise RuntimeError("Expected all tensors to be on the same device, but found at least two "
                       f"devices, {a} and {b}! (in {op_name})")


class Tensor(TensorMetadata, TensorProtocols):
    """A multi-dimensional array with reverse-mode autograd, as ``torch.Tensor``."""

    # _data: the backend array; _device; _rg: requires grad; _node: the grad_fn (None for
    # leaves); _version_counter: the version counter, a one-element list shared with views.
    __slots__ = ("_data", "_device", "_rg", "_node", "_version_counter", "__weakref__", "__dict__")
    __array_priority__ = 1000  # NumPy scalars and arrays defer to Tensor's reflected operators
    # Rarely set, so they default here and an op's output writes only the five slots:
    _grad = None   # the accumulated gradient
    _hooks = None  # a leaf's gradient hooks
    _post_hooks = None  # a leaf's post-accumulate-grad hooks
    _acc = None    # a leaf's AccumulateGrad node, made on first use in a recorded op
    _view = None   # (base, view_fn) for tensors that are views of another

    def __new__(cls, *args, device=None):
        """The legacy constructor: ``Tensor(data)`` copies a sequence (as ``torch.tensor`` reads
        it) into the default float dtype; ``Tensor(2, 3)`` or ``Tensor(torch.Size([2, 3]))`` is a
        zero-filled tensor of that shape."""
        # (in __new__ with no __init__, as PyTorch's: a subclass whose own __new__ takes other
        # arguments and returns an instance, as fastai's do, is not built a second time)
        if len(args) == 1 and not isinstance(args[0], (int, Size)):
            data = args[0]
            if _pydata.is_python_data(data) and not _pydata.is_sequence(data):
                raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
            if isinstance(data, _np.ndarray):
                warn_if_read_only(data)
            arr = _host_array(data, _dt.get_default_dtype())
        else:
            shape = tuple(args[0]) if len(args) == 1 and isinstance(args[0], Size) else args if args else (0,)
            for size in shape:
                if size < 0:
                    raise RuntimeError(f"Trying to create tensor with negative dimension {size}: {list(shape)}")
            try:
                arr = _np.zeros(shape, _dt.get_default_dtype().np)
            except (MemoryError, ValueError) as error:  # (PyTorch's RuntimeError where memory runs out)
                raise_for_allocation(error)
        dev = to_device(device)
        self = _new(cls)
        _init(self, _to_backend(arr, dev), dev)
        return self

    @staticmethod
    def _make_subclass(cls, data, require_grad=False):
        """A ``cls`` instance sharing ``data``'s storage and version counter, a leaf that requires
        grad as asked (PyTorch's ``Tensor._make_subclass``, which ``nn.Parameter`` is built on)."""
        if require_grad.__class__ is not bool:
            raise TypeError(f"_make_subclass(): argument 'require_grad' (position 3) must be bool, not "
                            f"{type(require_grad).__name__}")
        t = _new(cls)
        _init(t, data._data, data._device)
        t._version_counter = data._version_counter
        if require_grad:
            t._require_grad_as_created()
        return t

    def __init_subclass__(cls, **kwargs):
        # The first subclass that dispatches switches the public names to their dispatching forms
        # (minigrad.overrides); until then a program without subclasses pays nothing for them.
        super().__init_subclass__(**kwargs)
        from . import overrides
        if cls.__torch_function__ is not overrides._disabled_torch_function_impl:
            overrides._install()

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        """Called with an op given an instance of ``cls``: runs ``func`` as on plain Tensors and
        returns its Tensors as ``cls`` (a subclass keeps its class through ops; its attributes are
        not copied). A subclass overrides it to see or change every call."""
        from .overrides import default_torch_function
        return default_torch_function(cls, func, types, args, kwargs)

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
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        if value and self._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        if value and self._version_counter.__class__ is _InferenceVersion and not _state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")
        if self._acc is not None and _node_mod.is_lent(self):
            # a view requiring grad through its base (see lend_requires_grad) still does, as PyTorch's;
            # asked to, it becomes a leaf of its own
            if not value:
                return
            self._acc = None
        self._rg = bool(value)

    def _require_grad_as_created(self):
        """Make a new leaf require grad, with PyTorch's error of factories and ``Parameter`` for
        another dtype (each way of asking has its own wording there)."""
        if self._data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        if self._version_counter.__class__ is _InferenceVersion and not _state.inference:  # (a Parameter of one)
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")
        self._rg = True

    def requires_grad_(self, requires_grad=True):
        """Set requires_grad in place; returns self."""
        if requires_grad.__class__ is not bool:
            kind = type(requires_grad)
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
            raise TypeError(f"requires_grad_(): argument 'requires_grad' (position 1) must be bool, not {name}")
        if requires_grad and self._node is None and self._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if requires_grad and self._node is not None:  # (a computed tensor requires grad already)
            return self
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
            if value is self:
                raise RuntimeError("can't assign Variable as its own grad")
            if value._data.shape != self._data.shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(value._data.shape)}' to a "
                                   f"tensor of size '{list(self._data.shape)}'. Please ensure that the gradient "
                                   "and the tensor are the same size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(f"attempting to assign a gradient with dtype '{_c_type(value)}' to a tensor "
                                   f"with grad_dtype '{self.dtype._torch_name[:-6]}'. The gradient must match the "
                                   "tensor's grad_dtype (defaults to the tensor's dtype).")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None  # (``del p.grad`` drops the gradient, as PyTorch's)

    @property
    def grad_fn(self):
        """The node that produced this tensor (None for leaves)."""
        node = self._node
        if node.__class__ is _views_mod.ChangedMultiOutputView:  # (a split output whose base changed since)
            raise RuntimeError(node.message)
        return node if node is None else _node_mod.shown(node)[0]

    @property
    def is_leaf(self):
        """True for tensors not produced by a recorded op."""
        return self._node is None

    @property
    def _version(self):
        """How many times this tensor's storage has been changed in place (an int, as PyTorch's)."""
        counter = self._version_counter
        if counter.__class__ is _InferenceVersion:
            raise RuntimeError("Inference tensors do not track version counter.")
        return counter[0]

    _version_count = _version

    @property
    def data(self):
        """A tensor sharing this one's storage, outside the graph, with a version counter of its own
        (as PyTorch's: writes through ``.data`` are hidden from autograd's in-place checks)."""
        return wrap(self._data, self._device)

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            kind = type(value)
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
            raise TypeError(f"Variable data has to be a tensor, but got {name}")
        if value._data.dtype.kind not in "fc" and self.requires_grad:
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex dtype")
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
            return self._node.add_tensor_hook(hook)
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
        t._version_counter = self._version_counter
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

    # ----------------------------------------------------------------- protocols that make tensors
    def __array_wrap__(self, array, context=None, return_scalar=False):
        """NumPy's result of ``tensor <op> array`` back as a Tensor sharing its memory (a bool result
        as uint8, as PyTorch's): PyTorch's operators leave a NumPy array operand to NumPy."""
        if array.dtype == bool:
            array = array.astype("uint8")
        return wrap(array, self._device)

    __hash__ = object.__hash__

    def __copy__(self):
        """``copy.copy``: a leaf sharing this tensor's storage (not its version counter, gradient or
        graph), of its class and requires_grad, with its user attributes."""
        new = _new(type(self))
        _init(new, self._data, self._device)
        new._rg = self._rg
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k not in _ENGINE_ATTRIBUTES})
        return new

    def __reversed__(self):
        """The elements along the first dim in reverse order (``flip(0)``; a 0-d tensor itself)."""
        return self if self._data.ndim == 0 else self.flip(0)

    def __deepcopy__(self, memo):
        if self._node is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the "
                               "deepcopy protocol at the moment.  If you were attempting to deepcopy a "
                               "module, this may be because of a torch.nn.utils.weight_norm usage (PyTorch's message "
                               "points at its pull request 103001)")
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


_op_mod.Tensor = _fast_apply_mod.Tensor = Tensor  # the op machinery needs the class
_ENGINE_ATTRIBUTES = ("_grad", "_hooks", "_acc", "_view", "_views", "_views_cap")


def _c_type(t):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int"}.get(t.dtype.name,
                                                                                            t.dtype.name)


# --------------------------------------------------------------------- construction helpers
def _init(t, arr, dev, node=None):
    t._data = arr
    t._device = dev
    t._rg = node is not None
    t._node = node
    t._version_counter = _InferenceVersion((0,)) if _inference_blocks and _grad_state.inference else [0]


def wrap(arr, dev=CPU, node=None):
    """A Tensor around the backend array ``arr`` on device ``dev`` (no copy)."""
    t = _new(Tensor)
    t._data = arr
    t._device = dev
    t._rg = node is not None
    t._node = node
    t._version_counter = _InferenceVersion((0,)) if _inference_blocks and _grad_state.inference else [0]
    return t


_grad_state = grad_mode.state
_InferenceVersion = grad_mode.InferenceVersionCounter
_inference_blocks = 0  # open inference_mode blocks, kept current by grad_mode
grad_mode.read_inference_blocks(_sys.modules[__name__])  # sets _inference_blocks (0 outside inference mode)


def _view_of(base, arr):
    t = wrap(arr, base._device)
    t._version_counter = base._version_counter
    return t


def _to_backend(host_arr, dev):
    if dev is CPU or dev.type == "cpu":
        return host_arr
    return dev._get_backend().asarray(host_arr)


from . import _pydata  # noqa: E402  (reading Python data needs the class)
from ._host_data import _host_array, warn_if_read_only  # noqa: E402  (they need the class)
