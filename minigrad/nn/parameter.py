"""``Parameter``: a Tensor that a Module registers as one of its weights."""
from ..tensor import Tensor, wrap
from ..autograd import no_grad


def _data_of(data):
    """The (array, device) a Parameter should hold for ``data`` (shared, as torch does)."""
    if data is None:
        from ..creation import empty
        data = empty(0)
    elif not isinstance(data, Tensor):
        raise TypeError(f"Parameter data must be a Tensor, got {type(data).__name__}")
    return data._data, data._device, data._version


class Parameter(Tensor):
    """A leaf Tensor that requires grad by default and registers on Modules, as ``torch.nn.Parameter``.

    ``Parameter(data)`` shares ``data``'s storage (writes to one show in the other).
    """

    def __init__(self, data=None, requires_grad=True):
        arr, dev, version = _data_of(data)
        self._data = arr
        self._device = dev
        self._node = None
        self.grad = None
        self._hooks = None
        self._version = version
        self._rg = False
        self.requires_grad = requires_grad

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        key = id(self)
        if key in memo:
            return memo[key]
        with no_grad():
            new = type(self)(wrap(self._data.copy(), self._device), self._rg)
        if self.grad is not None:
            new.grad = self.grad.__deepcopy__(memo)
        memo[key] = new
        return new


class UninitializedParameter(Parameter):
    """A placeholder Parameter with no shape yet (``LazyLinear``'s weight before its first call)."""

    def materialize(self, shape, device=None, dtype=None):
        """Give the parameter storage of ``shape`` (uninitialised values) and make it a ``Parameter``."""
        from ..creation import empty
        t = empty(tuple(shape), device=device or self._device, dtype=dtype or self.dtype)
        self._data = t._data
        self._device = t._device
        self.__class__ = Parameter

    def __repr__(self):
        return "<UninitializedParameter>"

    __str__ = __repr__


def is_lazy(param):
    """True for a parameter whose shape is not known yet."""
    return isinstance(param, UninitializedParameter)
