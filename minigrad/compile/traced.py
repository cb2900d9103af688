"""The array stand-ins a capture runs on: ``Traced`` arrays (``traced_array.py``), a tracing array
namespace and backend (here).

During a capture the device's backend is replaced by a ``TracingBackend`` whose ``xp`` is a
``TracingNamespace``. Op code runs unchanged: its ``xp.<function>`` calls land here, and its
operators and methods on ``Traced`` arrays land in ``traced_array.py``; both compute on the real
arrays and are recorded by the active recorder (``live.current``) as the array calls a replay
repeats.

This is the CuPy stand-in's idea (tests/backends/strict_backend.py) with a
recorder behind it: it works the same over NumPy, CuPy and the stand-in,
because it only wraps what the real backend computes.
"""
import types

from . import live
from ..backends.base import ForwardContext
from .traced_array import (Traced, TracedScalar, _recording, call, unwrap,
                           Method, attribute, method, read, setitem)  # noqa: F401  (importable from here too)


def _is_ufunc(obj):
    return hasattr(obj, "reduce") and hasattr(obj, "nin") and callable(obj)


class TracingUfunc:
    """A ufunc of the real namespace: calls and ``reduce``/``accumulate``/``outer``/``at`` recorded."""

    def __init__(self, ufunc):
        self.ufunc = ufunc
        self.__name__ = getattr(ufunc, "__name__", "ufunc")
        self.nin = ufunc.nin
        self.nout = ufunc.nout

    def __call__(self, *args, **kwargs):
        rec = live.current
        if rec is not None and rec.recording:
            return rec.call(self.ufunc, args, kwargs)
        return self.ufunc(*unwrap(args), **unwrap(kwargs))

    def __getattr__(self, name):
        attr = getattr(self.ufunc, name)
        if not callable(attr):
            return attr
        wrapper = _recording(attr)
        setattr(self, name, wrapper)
        return wrapper


class _ArrayClass(type):
    """``xp.ndarray`` of a tracing namespace: ``isinstance`` sees Traced arrays, and a direct
    construction (a view with given strides) is recorded like any other call."""

    def __call__(cls, *args, **kwargs):
        return call(cls.real, args, kwargs)

    def __instancecheck__(cls, obj):
        return isinstance(obj, cls.traced)


class TracingNamespace(types.ModuleType):
    """The real array module's names, with its functions and ufuncs recorded (``xp`` in op code)."""

    def __init__(self, xp, array_class):
        super().__init__(xp.__name__)
        self._xp = xp
        self._array_class = array_class

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        obj = getattr(self._xp, name)
        if name == "ndarray":
            out = _ArrayClass("ndarray", (), {"real": obj, "traced": self._array_class})
        elif isinstance(obj, types.ModuleType):
            out = TracingNamespace(obj, self._array_class)
        elif _is_ufunc(obj):
            out = TracingUfunc(obj)
        elif isinstance(obj, type) or not callable(obj):
            out = obj  # dtypes, constants, classes
        else:
            out = _recording(obj)
            out.__name__ = getattr(obj, "__name__", name)
        setattr(self, name, out)
        return out


class RecordingRNG:
    """A random generator whose draws are recorded: a replay draws again from the generator that
    ``source()`` gives then (so a replay consumes the same stream an eager step would)."""

    def __init__(self, rng, source):
        self._rng = rng
        self._source = source

    def __getattr__(self, name):
        attr = getattr(self._rng, name)
        if not callable(attr):
            return attr
        source = self._source

        def draw(*args, **kwargs):
            rec = live.current
            if rec is not None and rec.recording:
                return rec.draw(source, name, attr, args, kwargs)
            return attr(*unwrap(args), **unwrap(kwargs))
        return draw


class TracingBackend:
    """A real backend seen through the tracer: same device, recorded ``xp``, Traced arrays."""

    def __init__(self, real, array_class):
        self.real = real
        self.name = real.name
        self.device_type = real.device_type
        self.array_type = array_class
        self.scalar_types = ()
        self.xp = TracingNamespace(real.xp, array_class)
        self.forward_context = ForwardContext(self.xp)
        self._rng = None

    def asarray(self, data, dtype=None):
        """An array on this device (recorded, so host data becomes a constant of the tape)."""
        return call(self.real.asarray, (data, dtype))

    def to_numpy(self, array):
        """A host copy: a value leaving the tape (a graph break unless allowed)."""
        if isinstance(array, Traced):
            value = self.real.to_numpy(array.a)
            rec = live.current
            if rec is not None and rec.recording:
                return rec.read(array, "to_numpy", (), value)
            return value
        return self.real.to_numpy(array)

    def scatter_add(self, target, index, values):
        """``target[index] += values`` with repeats accumulated (recorded)."""
        call(self.real.scatter_add, (target, index, values))

    def argsort_stable(self, array, axis):
        return call(self.real.argsort_stable, (array, axis))

    def random_state(self):
        """The backend's generator, its draws recorded."""
        real = self.real
        rng = real.random_state()
        if self._rng is None or self._rng._rng is not rng:
            self._rng = RecordingRNG(rng, real.random_state)
        return self._rng

    def seed(self, seed):
        self.real.seed(seed)

    def synchronize(self):
        self.real.synchronize()

    def is_available(self):
        return self.real.is_available()


_tracing_backends = {}  # real backend -> its TracingBackend (one each, so caches keyed by xp stay small)
_traced_classes = {}    # real array or scalar class -> the Traced class wrapping it
traced_types = {TracedScalar}  # the Traced classes (a set, for the recorder's class test)


def tracing_backend(real):
    """The TracingBackend of a real backend (made once)."""
    tb = _tracing_backends.get(real)
    if tb is None:
        cls = type(f"Traced_{real.name}", (Traced,), {"__slots__": ()})
        tb = _tracing_backends[real] = TracingBackend(real, cls)
        for k in [k for k, v in _traced_classes.items() if v is None]:
            del _traced_classes[k]  # classes found to be no array before this backend existed
        _traced_classes[real.array_type] = cls
        traced_types.add(cls)
        for scalar_type in real.scalar_types:
            _traced_classes[scalar_type] = TracedScalar
    return tb


def traced_class(value):
    """The Traced class for a real array or scalar, or None when ``value`` is neither."""
    cls = value.__class__
    try:
        return _traced_classes[cls]
    except KeyError:
        pass
    t = None
    for real, traced in list(_traced_classes.items()):
        if traced is not None and isinstance(value, real):
            t = traced
            break
    _traced_classes[cls] = t
    return t
