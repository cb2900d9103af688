"""The legacy ``torch.autograd.Variable``: since PyTorch 0.4 every tensor is one."""
import warnings

from .._errors import user_stacklevel


class _VariableMeta(type):
    def __instancecheck__(cls, other):
        from ..tensor import Tensor
        return isinstance(other, Tensor)


class Variable(metaclass=_VariableMeta):
    """Legacy ``torch.autograd.Variable(data, requires_grad=False, volatile=False)``: a new tensor
    sharing ``data``'s memory, detached from its graph (``data.detach()``), requiring grad if asked;
    ``isinstance(t, Variable)`` holds for every tensor, as in PyTorch."""

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        from ..tensor import Tensor
        from ..creation import tensor
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          UserWarning, stacklevel=user_stacklevel())
            if requires_grad:
                raise ValueError("Variable can't be volatile and require_grad at the same time!")
        if data is None:
            data = tensor([])
        if not isinstance(data, Tensor):
            kind = type(data)
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
            raise TypeError(f"Variable data has to be a tensor, but got {name}")
        if requires_grad is None:  # (PyTorch's parser reads it as a bool it cannot make of None)
            raise TypeError("'NoneType' object cannot be interpreted as an integer")
        if requires_grad and not (data.is_floating_point() or data.is_complex()):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        return data.detach().requires_grad_(bool(requires_grad))
