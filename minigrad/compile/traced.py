"""The array stand-ins a capture runs on: ``Traced`` arrays, a tracing array namespace and backend.

During a capture every Tensor the step touches holds a ``Traced`` array
instead of its backend array, and the device's backend is replaced by a
``TracingBackend`` whose ``xp`` is a ``TracingNamespace``. Op code runs
unchanged: its operators, methods and ``xp.<function>`` calls land here, are
computed on the real arrays (so the capture is an ordinary eager step) and
are recorded by the active recorder (``live.current``) as the array calls a
replay repeats.

This is the CuPy stand-in's idea (tests/backends/strict_backend.py) with a
recorder behind it: it works the same over NumPy, CuPy and the stand-in,
because it only wraps what the real backend computes. A ``Traced`` array of a
finished capture still computes (it unwraps itself), so one that escaped into
user code stays usable.
"""
import operator
import types

from . import live

_EMPTY = {}


def unwrap(x):
    """``x`` with Traced arrays (also inside tuples, lists and dicts) replaced by their real arrays."""
    cls = x.__class__
    if isinstance(x, Traced):
        return x.a
    if cls is tuple or cls is list:
        return cls(unwrap(v) for v in x)
    if cls is dict:
        return {k: unwrap(v) for k, v in x.items()}
    return x


def call(fn, args, kwargs=_EMPTY):
    """``fn(*args, **kwargs)``: recorded during a capture, computed on the real arrays otherwise."""
    rec = live.current
    if rec is not None and rec.recording:
        return rec.call(fn, args, kwargs)
    return fn(*unwrap(args), **unwrap(kwargs))


def _recording(fn):
    """``fn`` recorded while a capture runs (``call`` inlined: the functions of ``xp``)."""
    def recorded(*args, **kwargs):
        rec = live.current
        if rec is not None and rec.recording:
            return rec.call(fn, args, kwargs)
        return fn(*unwrap(args), **unwrap(kwargs))
    return recorded


def read(x, what, args=()):
    """A value taken to the host (``item()``, ``bool()``...): a graph break unless allowed."""
    value = getattr(x.a, what)(*args)
    rec = live.current
    if rec is not None and rec.recording:
        return rec.read(x, what, args, value)
    return value


class Method:
    """``receiver.<name>(...)`` as a recordable function (methods of the backend's array class)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __call__(self, receiver, *args, **kwargs):
        return getattr(receiver, self.name)(*args, **kwargs)

    def __repr__(self):
        return f".{self.name}"

    def __reduce__(self):
        return (method, (self.name,))


_methods = {}


def method(name):
    """The (shared) ``Method`` for ``name``."""
    m = _methods.get(name)
    if m is None:
        m = _methods[name] = Method(name)
    return m


def attribute(name):
    """``operator.attrgetter(name)``, shared (array attributes that are views: T, mT, real, imag)."""
    m = _methods.get("@" + name)
    if m is None:
        m = _methods["@" + name] = operator.attrgetter(name)
    return m


def setitem(target, index, value):
    """``target[index] = value`` as a function (the recorded form of item assignment)."""
    target[index] = value


class Traced:
    """A backend array whose operations are recorded while its capture runs."""

    __slots__ = ("a", "ref", "cid")
    __array_priority__ = 1e6  # NumPy arrays and scalars defer to our reflected operators
    __hash__ = None

    def __init__(self, a, ref, cid):
        self.a = a        # the real array (or NumPy scalar)
        self.ref = ref    # the recorder's name for it (a Ref to its slot)
        self.cid = cid    # which capture it belongs to

    @property
    def slot(self):
        """The index of its slot in its capture."""
        return self.ref.i

    # ------------------------------------------------------------------ metadata (not recorded; read in C)
    shape = property(operator.attrgetter("a.shape"))
    dtype = property(operator.attrgetter("a.dtype"))
    ndim = property(operator.attrgetter("a.ndim"))
    size = property(operator.attrgetter("a.size"))
    itemsize = property(operator.attrgetter("a.itemsize"))
    nbytes = property(operator.attrgetter("a.nbytes"))
    strides = property(operator.attrgetter("a.strides"))
    flags = property(operator.attrgetter("a.flags"))
    base = property(operator.attrgetter("a.base"))

    def __len__(self):
        return len(self.a)

    def __repr__(self):
        return read(self, "__repr__")

    __str__ = __repr__

    # ------------------------------------------------------------------ values taken to the host
    def item(self, *args):
        return read(self, "item", args)

    def tolist(self):
        return read(self, "tolist")

    def __bool__(self):
        return read(self, "__bool__")

    def __float__(self):
        return read(self, "__float__")

    def __int__(self):
        return read(self, "__int__")

    def __index__(self):
        return read(self, "__index__")

    def __complex__(self):
        return read(self, "__complex__")

    def __format__(self, spec):
        return read(self, "__format__", (spec,))

    def __array__(self, *args, **kwargs):
        return read(self, "__array__")

    def get(self):
        return read(self, "get")

    # ------------------------------------------------------------------ views and shapes
    T = property(lambda self, f=attribute("T"): call(f, (self,)))
    mT = property(lambda self, f=attribute("mT"): call(f, (self,)))
    real = property(lambda self, f=attribute("real"): call(f, (self,)))
    imag = property(lambda self, f=attribute("imag"): call(f, (self,)))

    def __getitem__(self, index):
        rec = live.current
        if rec is not None and rec.recording:
            return rec.call(operator.getitem, (self, index), _EMPTY)
        return self.a[unwrap(index)]

    def __setitem__(self, index, value):
        call(setitem, (self, index, value))

    def __iter__(self):
        return (self[i] for i in range(len(self.a)))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        attr = getattr(self.a, name)
        if not callable(attr):
            return attr
        m = method(name)
        return lambda *args, **kwargs: call(m, (self,) + args, kwargs)

    # ------------------------------------------------------------------ NumPy's protocols (foreign calls)
    def __array_ufunc__(self, ufunc, how, *inputs, **kwargs):
        fn = ufunc if how == "__call__" else getattr(ufunc, how)
        return call(fn, inputs, kwargs)

    def __array_function__(self, func, types_, args, kwargs):
        return call(func, args, kwargs)


def _recorded(fn, reflected=False, binary=False):
    """A Traced method computing ``fn`` (``fn(other, self)`` when reflected), recorded while its
    capture runs (the hot path of a capture: no intermediate call)."""
    if reflected:
        def method(self, other):
            rec = live.current
            if rec is not None and rec.recording:
                return rec.call(fn, (other, self), _EMPTY)
            return fn(other.a if isinstance(other, Traced) else other, self.a)
    elif binary:  # (operators: no keywords to collect)
        def method(self, other):
            rec = live.current
            if rec is not None and rec.recording:
                return rec.call(fn, (self, other), _EMPTY)
            return fn(self.a, other.a if isinstance(other, Traced) else other)
    else:
        def method(self, *args, **kwargs):
            rec = live.current
            if rec is not None and rec.recording:
                return rec.call(fn, (self,) + args, kwargs)
            return fn(self.a, *unwrap(args), **unwrap(kwargs))
    return method


def _method_calls(*names):
    for name in names:
        setattr(Traced, name, _recorded(method(name)))


_method_calls("reshape", "transpose", "swapaxes", "sum", "mean", "max", "min", "astype", "copy", "fill",
              "squeeze", "ravel", "dot", "any", "all", "prod", "clip", "cumsum", "argmax", "argmin", "view",
              "flatten", "take", "std", "var", "round", "repeat", "nonzero", "conj", "diagonal")

_BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
           "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow, "matmul": operator.matmul,
           "and": operator.and_, "or": operator.or_, "xor": operator.xor, "lshift": operator.lshift,
           "rshift": operator.rshift}
_INPLACE = {"add": operator.iadd, "sub": operator.isub, "mul": operator.imul, "truediv": operator.itruediv,
            "floordiv": operator.ifloordiv, "mod": operator.imod, "pow": operator.ipow,
            "matmul": operator.imatmul, "and": operator.iand, "or": operator.ior, "xor": operator.ixor,
            "lshift": operator.ilshift, "rshift": operator.irshift}
_COMPARE = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge, "eq": operator.eq,
            "ne": operator.ne}
_UNARY = {"neg": operator.neg, "pos": operator.pos, "abs": operator.abs, "invert": operator.invert}

for _name, _fn in _BINARY.items():
    setattr(Traced, f"__{_name}__", _recorded(_fn, binary=True))
    setattr(Traced, f"__r{_name}__", _recorded(_fn, reflected=True))
    setattr(Traced, f"__i{_name}__", _recorded(_INPLACE[_name], binary=True))
for _name, _fn in _COMPARE.items():
    setattr(Traced, f"__{_name}__", _recorded(_fn, binary=True))
for _name, _fn in _UNARY.items():
    setattr(Traced, f"__{_name}__", _recorded(_fn))


# ---------------------------------------------------------------------- the array namespace
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


class TracedScalar(Traced):
    """A Traced NumPy scalar (what NumPy returns for 0-d results): kept apart from Traced arrays,
    so that code telling scalars from arrays (``out.__class__ is backend.array_type``) takes the
    path it takes in an eager step."""

    __slots__ = ()


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
