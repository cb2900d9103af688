"""``Parameter``: a Tensor that a Module registers as one of its weights; and the placeholders of the
lazy layers' weights and buffers before their first call (``UninitializedParameter``,
``UninitializedBuffer``), which refuse to be used as PyTorch's do."""
import sys

from .. import dtypes as _dt
from ..autograd import no_grad
from ..creation import empty
from ..ops._util import NotATensorError
from ..overrides import _disabled_torch_function_impl
from ..tensor import Tensor, Size, wrap
from .._int_arguments import _wrap_dim

_storage = Tensor.__dict__["_data"]  # (the slot holding a tensor's array, read past the placeholders' guard)


class _ParameterMeta(type):
    """Parameter's class: ``isinstance(t, Parameter)`` also holds for an instance of another Tensor
    subclass made a parameter (``Parameter(t)`` flags it ``_is_param``), as PyTorch's."""

    def __instancecheck__(cls, instance):
        if type.__instancecheck__(cls, instance):
            return True
        # (a Tensor's flags are in its __dict__: read there, a miss costs no AttributeError)
        flags = getattr(instance, "__dict__", None)
        return cls is Parameter and flags is not None and flags.get("_is_param", False) and isinstance(instance, Tensor)


class Parameter(Tensor, metaclass=_ParameterMeta):
    """A leaf Tensor that requires grad by default and registers on Modules, as ``torch.nn.Parameter``.

    ``Parameter(data)`` shares ``data``'s storage (writes to one show in the other). Of an instance
    of another Tensor subclass it is that subclass's ``detach()``, flagged as a parameter, as PyTorch's.
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        elif not isinstance(data, Tensor):
            raise NotATensorError(f"Parameter data must be a Tensor, got {type(data).__name__}")
        if type(data) is Tensor or type(data) is Parameter:
            return Tensor._make_subclass(cls, data, requires_grad)
        t = data.detach().requires_grad_(requires_grad)
        if type(t) is not type(data):
            raise RuntimeError(f"Creating a Parameter from an instance of type {type(data).__name__} requires that "
                               f"detach() returns an instance of the same type, but return type {type(t).__name__} "
                               "was found instead. To use the type as a Parameter, please correct the detach() "
                               "semantics defined by its __torch_dispatch__() implementation.")
        t._is_param = True
        return t

    # (ops on a Parameter return plain Tensors, as PyTorch's)
    __torch_function__ = _disabled_torch_function_impl

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        key = id(self)
        if key in memo:
            return memo[key]
        with no_grad():  # (the gradient is not copied, as PyTorch's Parameter leaves it: a plain Tensor's is)
            new = type(self)(self.detach().clone(), self.requires_grad)
        memo[key] = new
        return new


#: the generic wrappers (operators, out=) that a use's error names the function inside of
_WRAPPERS = frozenset(("binary", "with_out", "with_numpy_keywords", "operator_method", "operator", "method", "wrapper",
                       "inner"))


def _entry_point():
    """How the error of a placeholder's use names what used it: the outermost minigrad function on the
    stack that the program called (``numel``, ``__len__``, ``linear``, ``normal_``...), skipping private
    helpers and generic wrappers."""
    frame, names = sys._getframe(2), []
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("minigrad"):
            names.append(frame.f_code.co_name)
        elif names:
            break
        frame = frame.f_back
    for name in reversed(names):  # (outermost first)
        if name not in _WRAPPERS and (not name.startswith("_") or name.endswith("__")) and name.isidentifier():
            return f"<function {name}>"
    return "a function"


class _UninitializedTensorMixin:
    """What the placeholders share, as PyTorch's ``UninitializedTensorMixin``: every op and method
    that reads the tensor's array raises PyTorch's ValueError ("Attempted to use an uninitialized
    parameter in ..."), and reading ``shape`` its RuntimeError; what PyTorch allows works: the size,
    dtype, device, ``data``, ``requires_grad`` and ``grad``, the conversions (``to``, ``float``,
    ``cpu``...; a module's ``to``/``double``), ``copy_``, hashing and printing."""

    # (its refusals below are its own: it does not dispatch, so defining it installs nothing)
    __torch_function__ = _disabled_torch_function_impl

    # Every op reads a tensor's array through ``_data``: here the read raises.
    @property
    def _data(self):
        raise _use_error(self, _entry_point())

    @_data.setter
    def _data(self, value):
        _storage.__set__(self, value)

    @property
    def shape(self):
        """Refused (PyTorch's RuntimeError): the placeholder has no shape yet."""
        raise RuntimeError("Can't access the shape of an uninitialized parameter or buffer. This error usually "
                           "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
                           "initialized one. Call `forward` to initialize the parameters before accessing their "
                           "attributes.")

    def share_memory_(self):
        """Refused (PyTorch's RuntimeError): there is no memory to share yet."""
        raise RuntimeError("Can't share memory on an uninitialized parameter or buffer. Call `forward` to initialize "
                           "the parameters before calling `module.share_memory()`.")

    def _placeholder_array(self):
        return _storage.__get__(self)

    def size(self, dim=None):
        """The placeholder's size: ``Size([0])`` (PyTorch's)."""
        shape = self._placeholder_array().shape
        return Size(shape) if dim is None else shape[_wrap_dim(dim, len(shape))]

    @property
    def dtype(self):
        """The dtype the parameter will have."""
        return _dt._BY_NP[self._placeholder_array().dtype]

    @property
    def ndim(self):
        """1, as PyTorch's placeholder."""
        return self._placeholder_array().ndim

    def is_floating_point(self):
        """True for a floating dtype."""
        return self._placeholder_array().dtype.kind == "f"

    def is_complex(self):
        """True for a complex dtype."""
        return self._placeholder_array().dtype.kind == "c"

    @property
    def itemsize(self):
        """Bytes per element of the dtype."""
        return self._placeholder_array().itemsize

    @property
    def nbytes(self):
        """0: no elements yet."""
        return self._placeholder_array().nbytes

    def _alias(self):
        return wrap(self._placeholder_array(), self._device)

    @property
    def data(self):
        """A plain (empty) tensor sharing the placeholder's storage."""
        return self._alias()

    data = data.setter(Tensor.data.fset)

    @property
    def T(self):
        """The (empty) transpose, as PyTorch allows it."""
        return self._alias().T

    @property
    def mT(self):
        """PyTorch's error: the placeholder is 1-D."""
        return self._alias().mT

    def _converted(self, alias, out):
        """A conversion's result: the placeholder itself when nothing changed; for a buffer, a placeholder
        of the new dtype and device (PyTorch keeps the class); for a parameter, the converted tensor."""
        if out is alias:
            return self
        if isinstance(self, Parameter):
            return out
        return type(self)(self.requires_grad, out.device, out.dtype)

    def copy_(self, src, non_blocking=False):
        """Copy ``src`` (of no elements) into the placeholder, as PyTorch allows (a leaf that requires grad:
        under ``no_grad`` only); returns self."""
        Tensor._make_subclass(Tensor, self._alias(), self.requires_grad).copy_(src, non_blocking)
        return self


def _allow(name):
    """The placeholders' form of the conversion method ``name``, which PyTorch allows on them."""
    method = getattr(Tensor, name)

    def converted(self, *args, **kwargs):
        alias = self._alias()
        return self._converted(alias, method(alias, *args, **kwargs))

    converted.__name__ = converted.__qualname__ = name
    converted.__doc__ = f"``Tensor.{name}``, allowed on a placeholder (the converted placeholder)."
    return converted


def _use_error(t, where):
    return ValueError(f"Attempted to use an uninitialized parameter in {where}. This error happens when you are using "
                      f"a `LazyModule` or explicitly manipulating `torch.nn.parameter.{type(t).__name__}` objects. "
                      "When using LazyModules Call `forward` with a dummy batch to initialize the parameters before "
                      "calling torch functions")


def _refuse(name):
    """The placeholders' form of method ``name``, which reads no array but is refused as PyTorch refuses it."""
    def refused(self, *args, **kwargs):
        raise _use_error(self, f"<function {name}>")

    refused.__name__ = refused.__qualname__ = name
    refused.__doc__ = f"``Tensor.{name}``, refused on a placeholder (PyTorch's ValueError)."
    return refused


for _name in ("to", "cpu", "cuda", "half", "float", "double", "char", "short", "int", "long"):
    setattr(_UninitializedTensorMixin, _name, _allow(_name))
for _name in ("requires_grad_", "register_hook", "retain_grad", "type", "new_zeros", "new_ones", "new_empty",
              "new_full", "new_tensor", "__format__"):
    setattr(_UninitializedTensorMixin, _name, _refuse(_name))


def _placeholder(cls, requires_grad, device, dtype):
    """A ``cls`` placeholder around an empty array (made as a plain Parameter, whose checks read the array)."""
    t = Tensor._make_subclass(Parameter, empty(0, device=device, dtype=dtype), requires_grad)
    t.__class__ = cls
    return t


class UninitializedParameter(_UninitializedTensorMixin, Parameter):
    """A placeholder Parameter with no shape yet (``LazyLinear``'s weight before its first call): used
    before then, it raises PyTorch's errors (see ``_UninitializedTensorMixin``)."""

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return _placeholder(cls, requires_grad, device, dtype)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        pass  # (made in __new__)

    def materialize(self, shape, device=None, dtype=None):
        """Give the parameter storage of ``shape`` (uninitialised values) and make it a ``Parameter``."""
        self.data = empty(tuple(shape), device=device or self.device, dtype=dtype or self.dtype)
        self.__class__ = Parameter

    def __repr__(self):
        return "<UninitializedParameter>"

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.requires_grad, self.device, self.dtype)
        return memo[id(self)]

    __str__ = __repr__


class UninitializedBuffer(_UninitializedTensorMixin, Tensor):
    """A placeholder buffer with no shape yet (a lazy batch norm's running statistics before its
    first call); ``materialize`` makes it a plain Tensor. Used before then, it raises PyTorch's errors
    (see ``_UninitializedTensorMixin``)."""

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        return _placeholder(cls, requires_grad, device, dtype)

    def __init__(self, requires_grad=False, device=None, dtype=None):
        pass  # (made in __new__)

    def materialize(self, shape, device=None, dtype=None):
        """Give the buffer storage of ``shape`` (uninitialised values) and make it a plain Tensor."""
        self.data = empty(tuple(shape), device=device or self.device, dtype=dtype or self.dtype)
        self.__class__ = Tensor

    def __repr__(self):
        return "<UninitializedBuffer>"

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.requires_grad, self.device, self.dtype)
        return memo[id(self)]

    __str__ = __repr__


class _BufferMeta(type):
    """``isinstance(t, Buffer)`` is True for a Tensor that ``Buffer`` marked."""

    def __instancecheck__(cls, instance):
        if cls is Buffer and isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False):
            return True
        return super().__instancecheck__(instance)


class Buffer(Tensor, metaclass=_BufferMeta):
    """A Tensor marked as module state: assigned as a Module attribute, it is registered as a buffer
    (in ``state_dict`` unless ``persistent=False``), as ``torch.nn.Buffer``. ``Buffer(data)`` is
    ``data`` detached (a plain Tensor sharing its storage), marked."""

    __torch_function__ = _disabled_torch_function_impl  # (as PyTorch's; it has no instances of its own)

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            data = empty(0)
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t


def is_lazy(param):
    """True for a parameter or buffer whose shape is not known yet."""
    return isinstance(param, (UninitializedParameter, UninitializedBuffer))
