"""``ParameterList`` and ``ParameterDict``: containers of Parameters (and of other values, kept as
attributes), as PyTorch's; ``container.py`` imports them back, as ``torch.nn.modules.container`` holds them."""
from collections import OrderedDict

from ...tensor import Tensor
from ..module import Module
from ..parameter import Parameter
from ._container_checks import _index, _pairs


def _as_parameter(value):
    """A Tensor as a Parameter (a Parameter as it is); any other value unchanged."""
    return Parameter(value) if isinstance(value, Tensor) and not isinstance(value, Parameter) else value


class ParameterList(Module):
    """A list of Parameters (Tensors are made Parameters) registered as ``0``, ``1``, ...; other
    values are kept too, as plain attributes of those names, as PyTorch's."""

    __module__ = "minigrad.nn.modules.container"  # (where PyTorch has it: the module messages naming the type print)

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self.extend(values)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(list(self)[idx])
        return getattr(self, str(_index(idx, len(self), "ParameterList")))

    def __setitem__(self, idx, value):
        setattr(self, str(_index(idx, len(self), "ParameterList")), _as_parameter(value))

    def __len__(self):
        return self._size

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __iadd__(self, values):
        return self.extend(values)

    def append(self, value):
        """Add a value at the end; returns self."""
        setattr(self, str(len(self)), _as_parameter(value))
        self._size += 1
        return self

    def extend(self, values):
        """Append every value; returns self."""
        if isinstance(values, Tensor) or not hasattr(values, "__iter__"):
            raise TypeError(f"ParameterList.extend should be called with an iterable, but got {type(values).__name__}")
        for v in values:
            self.append(v)
        return self

    def extra_repr(self):
        # PyTorch names the dtype here (torch.float32), but the tensor type in ParameterDict
        return "\n".join(_value_line(i, p, str(p.dtype) if isinstance(p, Tensor) else None)
                         for i, p in enumerate(self))


def _check_key(key):
    """PyTorch's TypeError for a ParameterDict key that is not a str (it reads keys as attribute names)."""
    if not isinstance(key, str):
        raise TypeError(f"Index given to ParameterDict cannot be used as a key as it is not a string (type is "
                        f"'{type(key).__name__}'). Open an issue on github if you need non-string keys.")


class ParameterDict(Module):
    """A dict of Parameters (Tensors are made Parameters) registered under their keys; other values
    are kept too, as plain attributes of those names, as PyTorch's."""

    __module__ = "minigrad.nn.modules.container"  # (where PyTorch has it: the module messages naming the type print)

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterDict should not be called.")

    def __getitem__(self, key):
        _check_key(key)
        if key not in self._keys:  # (PyTorch reads the key as an attribute)
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{key}'")
        return getattr(self, key)

    def __setitem__(self, key, value):
        _check_key(key)
        self._keys[key] = None
        setattr(self, key, _as_parameter(value))

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(list(self._keys))

    def __contains__(self, key):
        return key in self._keys

    def keys(self):
        """The keys, in order."""
        return self._keys.keys()

    def items(self):
        """(key, value) pairs, in order."""
        return ((k, self[k]) for k in self._keys)

    def values(self):
        """The values, in order."""
        return (self[k] for k in self._keys)

    def get(self, key, default=None):
        """The value under ``key``, or ``default``."""
        return self[key] if key in self._keys else default

    def pop(self, key):
        """Remove the value under ``key`` and return it."""
        value = self[key]
        del self[key]
        return value

    def popitem(self):
        """Remove and return the last (key, value) pair."""
        if not self._keys:
            raise KeyError("popitem(): dictionary is empty")
        key = next(reversed(self._keys))
        return key, self.pop(key)

    def setdefault(self, key, default=None):
        """The value under ``key``, set to ``default`` first where there is none."""
        if key not in self._keys:
            self[key] = default
        return self[key]

    def clear(self):
        """Remove every value."""
        for key in list(self._keys):
            del self[key]

    def copy(self):
        """A new ParameterDict holding the same values."""
        return ParameterDict(OrderedDict(self.items()))

    def fromkeys(self, keys, default=None):
        """A new ParameterDict with ``default`` under each of ``keys``."""
        return ParameterDict((key, default) for key in keys)

    def __or__(self, other):
        merged = self.copy()
        merged.update(other)
        return merged

    def __ror__(self, other):
        merged = other.copy()
        merged.update(self)
        return merged

    def __ior__(self, other):
        self.update(other)
        return self

    def update(self, parameters):
        """Add values from a mapping or an iterable of (key, value) pairs (a plain mapping's in
        sorted key order, an OrderedDict's or ParameterDict's in its own, as PyTorch's)."""
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            items = parameters.items()
        elif hasattr(parameters, "items"):
            items = sorted(parameters.items())
        else:
            items = _pairs("ParameterDict", parameters, "ParametersDict.update")
        for key, value in items:
            self[key] = value

    def extra_repr(self):
        return "\n".join(_value_line(k, p, p.type() if isinstance(p, Tensor) else None) for k, p in self.items())


def _value_line(key, p, type_name):
    """One line of a ParameterList's or ParameterDict's repr, as PyTorch prints it (``type_name``:
    the Tensor type it names; None for a value that is no Tensor)."""
    if type_name is None:
        return f"  ({key}): Object of type: {type(p).__name__}"
    device = f" ({p.device})" if p.device.type == "cuda" else ""
    kind = "Parameter" if isinstance(p, Parameter) else "Tensor"
    return f"  ({key}): {kind} containing: [{type_name} of size {'x'.join(map(str, p.shape))}{device}]"
