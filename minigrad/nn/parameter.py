"""``Parameter``: a Tensor that a Module registers as one of its weights."""
from ..autograd import no_grad
from ..creation import empty
from ..ops._util import NotATensorError
from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf Tensor that requires grad by default and registers on Modules, as ``torch.nn.Parameter``.

    ``Parameter(data)`` shares ``data``'s storage (writes to one show in the other).
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        elif not isinstance(data, Tensor):
            raise NotATensorError(f"Parameter data must be a Tensor, got {type(data).__name__}")
        return Tensor._make_subclass(cls, data, requires_grad)

    def __init__(self, data=None, requires_grad=True):
        pass  # (made in __new__; Tensor's legacy constructor must not run)

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


class UninitializedParameter(Parameter):
    """A placeholder Parameter with no shape yet (``LazyLinear``'s weight before its first call)."""

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return Tensor._make_subclass(cls, empty(0, device=device, dtype=dtype), requires_grad)

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


class UninitializedBuffer(Tensor):
    """A placeholder buffer with no shape yet (a lazy batch norm's running statistics before its
    first call); ``materialize`` makes it a plain Tensor."""

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        return Tensor._make_subclass(cls, empty(0, device=device, dtype=dtype), requires_grad)

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
