"""``Parameter``: a Tensor that a Module registers as one of its weights."""
from ..autograd import no_grad
from ..creation import empty
from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf Tensor that requires grad by default and registers on Modules, as ``torch.nn.Parameter``.

    ``Parameter(data)`` shares ``data``'s storage (writes to one show in the other).
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        elif not isinstance(data, Tensor):
            raise TypeError(f"Parameter data must be a Tensor, got {type(data).__name__}")
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
        with no_grad():
            new = type(self)(self.detach().clone(), self.requires_grad)
        if self.grad is not None:
            new.grad = self.grad.__deepcopy__(memo)
        memo[key] = new
        return new


class UninitializedParameter(Parameter):
    """A placeholder Parameter with no shape yet (``LazyLinear``'s weight before its first call)."""

    def materialize(self, shape, device=None, dtype=None):
        """Give the parameter storage of ``shape`` (uninitialised values) and make it a ``Parameter``."""
        self.data = empty(tuple(shape), device=device or self.device, dtype=dtype or self.dtype)
        self.__class__ = Parameter

    def __repr__(self):
        return "<UninitializedParameter>"

    __str__ = __repr__


def is_lazy(param):
    """True for a parameter whose shape is not known yet."""
    return isinstance(param, UninitializedParameter)
