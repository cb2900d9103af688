"""What generated replays call at run time, and the objects they hand out.

``make_tensor`` wraps a replay's array as the Tensor the user gets;
``take``/``take_grad`` pick an array from a pool only when nothing else
refers to it (``sys.getrefcount``), so a result the user kept from an earlier
step is never overwritten; ``BAIL`` is what a replay returns when one of its
checks fails (the call then runs eagerly).
"""
import sys

from ..autograd.node import Node, FREED_MESSAGE
from ..tensor import Tensor
from .traced import traced_class, _tracing_backends

_new = object.__new__
_POOL_SIZE = 4


class Consumed(Node):
    """The grad_fn of a returned tensor whose graph the step already used: backward raises, as
    it would through the eager step's freed graph."""

    def __init__(self, name, device):
        self._name = name
        self.device = device
        self.xp = device._get_backend().xp

    def name(self):
        return self._name

    def run(self, m, g, release):
        raise RuntimeError(FREED_MESSAGE)


def make_tensor(array, device, version, rg=False, node=None):
    """A Tensor around ``array`` (what a replay hands out)."""
    t = _new(Tensor)
    t._data = array
    t._device = device
    t._rg = rg
    t._node = node
    t._version_counter = [version]
    return t


def take(pool):
    """An array of the pool that nothing else refers to (or a new one, pooled while there is room)."""
    for a in pool:
        if sys.getrefcount(a) == 3:  # the pool, ``a`` and the call's argument: free
            return a
    a = empty_like(pool[0])
    if len(pool) < _POOL_SIZE:
        pool.append(a)
    return a


def take_grad(pool, owner):
    """``take`` for the new gradient of tensor ``owner``: its current gradient's array also counts as
    free when nothing but that gradient refers to it, and nothing but ``owner`` to the gradient
    (the step drops it: ``zero_grad()``), so the array and the Tensor around it are reused."""
    g = owner._grad
    for a in pool:
        n = sys.getrefcount(a)
        if n == 3 or (n == 4 and g is not None and g._data is a and sys.getrefcount(g) == 3):
            return a
    a = empty_like(pool[0])
    if len(pool) < _POOL_SIZE:
        pool.append(a)
    return a


def set_grad(owner, array, device, version):
    """``owner.grad`` becomes a tensor around ``array``: the current one when it already holds it
    (``take_grad`` found it free), else a new one."""
    g = owner._grad
    if g is not None and g._data is array and g.__class__ is Tensor and not g._node:
        g._version_counter[0] = version
    else:
        owner._grad = make_tensor(array, device, version)


def empty_like(a):
    """A new array like ``a``, from its own backend."""
    cls = traced_class(a)
    for real, tb in _tracing_backends.items():
        if tb.array_type is cls:
            return real.xp.empty_like(a)
    raise TypeError(f"no backend for {type(a).__name__}")


def xp_of(value):
    """The array module of a real array (None for other values)."""
    cls = traced_class(value)
    for real, tb in _tracing_backends.items():
        if tb.array_type is cls:
            return real.xp
    return None


class _Bail:
    """What a replay returns when a check fails: the call then runs eagerly."""

    def __repr__(self):
        return "BAIL"


BAIL = _Bail()


def differs(x, v):
    """Whether a check's value ``x`` differs from the captured ``v`` (NaN equal to NaN)."""
    return not (x.__class__ is v.__class__ and (x == v or x != x and v != v))


def same_value(x, v):
    """Equal and of the same class (a guard on a Python number)."""
    return x.__class__ is v.__class__ and x == v
