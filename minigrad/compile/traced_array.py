"""The ``Traced`` array: a backend array whose operators, methods and NumPy protocol calls are
recorded while its capture runs, and the functions that take a call to the recorder (``call``,
``read``, ``Method``, ``setitem``).

During a capture every Tensor the step touches holds a ``Traced`` array instead of its backend
array. Each operation is computed on the real array (so the capture is an ordinary eager step)
and recorded by the active recorder (``live.current``) as an array call a replay repeats. A
``Traced`` array of a finished capture still computes (it unwraps itself), so one that escaped
into user code stays usable.
"""
import operator

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


class TracedScalar(Traced):
    """A Traced NumPy scalar (what NumPy returns for 0-d results): kept apart from Traced arrays,
    so that code telling scalars from arrays (``out.__class__ is backend.array_type``) takes the
    path it takes in an eager step."""

    __slots__ = ()
