"""Tensors made like this one: ``new_zeros``, ``new_ones``, ``new_empty``, ``new_tensor``, ``new_full``
and ``new_empty_strided``, the creation functions with this tensor's dtype and device by default."""
from .. import creation
from ..creation.from_data import copied_tensor
from ._api import method


def _sized_factory(name):
    """``new_zeros``/``new_ones``/``new_empty``: the size as ints, a sequence or ``size=``."""
    make = getattr(creation, name[4:])

    def factory(self, *args, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                pin_memory=False):
        if args and size is not None:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        if not args and size is None:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
        return make(*(args or (size,)), dtype=self.dtype if dtype is None else dtype,
                    device=self._device if device is None else device, requires_grad=requires_grad,
                    pin_memory=pin_memory)
    factory.__name__ = name
    factory.__doc__ = f"torch.{name[4:]} with this tensor's dtype and device by default."
    return factory


for _name in ("new_zeros", "new_ones", "new_empty"):
    method(_name, _sized_factory(_name))


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """torch.tensor with this tensor's dtype and device by default."""
    return copied_tensor(data, self.dtype if dtype is None else dtype, self._device if device is None else device,
                         requires_grad, "tensor.new_tensor")


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    """torch.full with this tensor's dtype and device by default."""
    return creation.full(size, fill_value, dtype=self.dtype if dtype is None else dtype,
                         device=self._device if device is None else device, requires_grad=requires_grad,
                         pin_memory=pin_memory)


method("new_tensor", new_tensor)
method("new_full", new_full)


def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                      pin_memory=False):
    """torch.empty_strided with this tensor's dtype and device by default."""
    return creation.empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                                  device=self._device if device is None else device, requires_grad=requires_grad,
                                  pin_memory=pin_memory)


method("new_empty_strided", new_empty_strided)
