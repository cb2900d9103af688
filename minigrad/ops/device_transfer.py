"""Device transfer: a differentiable copy on another device (its gradient moves back), the word
``m.to_device``, and how an op given Tensors on several devices runs (0-d CPU tensors move to the
other device, as PyTorch's scalars do)."""
from .. import backends
from ..autograd import op as _op_module
from ..autograd.grad_mode import state as _state
from ..autograd.namespace import provide
from ..autograd.op import Op
from ..tensor import Tensor, wrap, raise_device_mismatch


class ToDevice(Op):
    """A copy on another device; the gradient moves back."""

    @staticmethod
    def backward(ctx, m, g):
        return m.to_device(g, ctx.source), None


def to_device(x, dev):
    """``x`` copied to device ``dev`` (differentiable)."""
    src = x._device
    arr = dev._get_backend().asarray(src._get_backend().to_numpy(x._data))
    t = wrap(arr, dev)
    if x._rg and _state.enabled:
        ctx = object.__new__(ToDevice)
        ctx.source = src
        ctx.xp = dev._get_backend().xp
        ctx._record(t, (x, dev), [x._data, dev], arr)
    return t


def _array_to_device(xp):
    def move(g, dev):
        target = dev._get_backend()
        if g.__class__ is target.array_type:
            return g
        source = next(b for b in backends.all_backends().values() if b.xp is xp)
        return target.asarray(source.to_numpy(g))
    return move


provide("to_device", to_device, _array_to_device)


def apply_across_devices(op, args):
    """``op.apply(*args)`` for Tensors on several devices (the slow path of Op.apply).

    As in PyTorch, 0-d CPU tensors act as scalars beside tensors of another
    device: they move there (differentiably). Any other mix raises naming both.
    """
    tensors = [a for a in args if isinstance(a, Tensor)]
    others = [t._device for t in tensors if not (t._data.ndim == 0 and t._device.type == "cpu")]
    if not others or any(d != others[0] for d in others):
        first = tensors[0]._device
        raise_device_mismatch(op.op_name, first, next(t._device for t in tensors if t._device != first))
    target = others[0]
    return op.apply(*[to_device(a, target) if isinstance(a, Tensor) and a._device != target else a
                      for a in args])


_op_module.cross_device_apply = apply_across_devices
