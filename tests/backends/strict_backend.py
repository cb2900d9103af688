"""A CuPy stand-in on the CPU: arrays that refuse every implicit trip to the host.

``StrictBackend`` serves the "cuda" device in tests on machines without a GPU.
Its arrays (``StrictArray``) wrap a NumPy array but behave like CuPy's in the
ways that break device-unaware code:

- ``np.asarray(x)`` / ``x.__array__()`` raise TypeError (CuPy: "Implicit
  conversion to a NumPy array is not allowed");
- mixing with plain ``numpy.ndarray`` operands (ufuncs, operators, indices,
  ``__setitem__`` values, namespace functions) raises TypeError, as CuPy's
  "Unsupported type <class 'numpy.ndarray'>" does; Python and NumPy scalars
  are accepted;
- reductions and integer indexing give 0-d arrays, never NumPy scalars, so a
  result cannot silently become a host number;
- ``bool(x)``, ``float(x)``, ``int(x)``, ``operator.index(x)`` raise: CuPy
  would copy to the host and synchronise there; code must say ``.item()``;
- ``isinstance(x, numpy.ndarray)`` is False; ``x.flags`` has only contiguity
  and ownership (CuPy has no ``writeable`` flag);
- NumPy-only keywords CuPy lacks raise (``indices(sparse=)``,
  ``argsort(kind=)``), and ``allclose`` / ``array_equal`` / ``count_nonzero``
  give 0-d device arrays, not Python values.

The only ways out are explicit: ``backend.to_numpy(x)``, ``x.get()``,
``x.item()`` and ``x.tolist()``; each is counted in ``backend.host_transfers``
(per backend instance) so that tests can bound the syncs of a training step.
The ``xp`` namespace mirrors NumPy, minus names CuPy lacks (``errstate``,
``seterr``) and ``ufunc.at`` (scatter-add goes through ``backend.scatter_add``).
Its random generator offers only the methods of ``cupy.random.Generator``.
"""
import functools
import types
import warnings

import numpy as np

from minigrad.autograd.grad_mode import writable
from minigrad.backends.base import Backend, ForwardContext

IMPLICIT_MESSAGE = ("Implicit conversion to a NumPy array is not allowed. "
                    "Please use `.get()` to construct a NumPy array explicitly.")
_SYNC_MESSAGE = ("{} of a device array: implicit host transfer and synchronisation; "
                 "call .item() explicitly (CuPy would copy to the host here)")

# NumPy names CuPy does not provide: code that uses them fails on a GPU.
_MISSING_IN_CUPY = frozenset({"errstate", "seterr", "geterr", "seterrcall", "geterrcall"})
# NumPy keyword arguments that CuPy's functions and methods do not take (indices has no sparse=
# up to CuPy 14; argsort/sort took no kind= in older releases and accept only "stable" now).
_CUPY_REJECTS = {"indices": {"sparse"}, "argsort": {"kind", "order"}, "sort": {"kind", "order"},
                 "argpartition": {"kind", "order"}, "partition": {"kind", "order"}}
# The methods of cupy.random.Generator that minigrad may use (no normal, permutation,
# choice or shuffle: CuPy's Generator lacks them).
_CUPY_GENERATOR_METHODS = frozenset({"random", "uniform", "integers", "standard_normal",
                                     "standard_exponential", "exponential", "binomial",
                                     "poisson", "beta", "gamma", "standard_gamma", "geometric"})

_current = None  # the StrictBackend whose counters explicit transfers update


def _unsupported(obj):
    return TypeError(f"Unsupported type {type(obj)}: a host numpy.ndarray cannot be mixed with "
                     "device arrays (convert it explicitly with xp.asarray)")


def _unwrap(obj, allow_host=False):
    """Raw NumPy arrays of StrictArrays inside ``obj``; plain ndarrays raise unless allowed."""
    cls = obj.__class__
    if cls is StrictArray:
        return obj._a
    if cls is np.ndarray or isinstance(obj, np.ndarray):
        if allow_host:
            if _current is not None:
                _current.uploads += 1
            return obj
        raise _unsupported(obj)
    if cls is tuple or cls is list:
        return cls(_unwrap(o, allow_host) for o in obj)
    if cls is dict:
        return {k: _unwrap(v, allow_host) for k, v in obj.items()}
    return obj


def _wrap(obj):
    """StrictArrays in place of NumPy arrays and NumPy scalars in a result."""
    cls = obj.__class__
    if cls is np.ndarray or isinstance(obj, np.ndarray):
        return StrictArray(obj)
    if isinstance(obj, np.generic):
        return StrictArray(np.asarray(obj))
    if cls is tuple or cls is list:
        return cls(_wrap(o) for o in obj)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # named tuples (np.unique_all...)
        return cls(*(_wrap(o) for o in obj))
    return obj


def _call(fn, args, kwargs, allow_host=False):
    rejected = _CUPY_REJECTS.get(getattr(fn, "__name__", ""), ())
    for key in rejected:
        if key in kwargs:
            raise TypeError(f"{fn.__name__}() got an unexpected keyword argument '{key}' (CuPy has none)")
    return _wrap(fn(*_unwrap(args, allow_host), **_unwrap(kwargs, allow_host)))


def _operand(other):
    """The raw operand for a binary operator, or None when the operator should defer."""
    cls = other.__class__
    if cls is StrictArray:
        return other._a
    if isinstance(other, np.ndarray):
        raise _unsupported(other)
    if isinstance(other, (int, float, complex, bool, np.generic)):
        return other
    return None


def _binary(ufunc, reflected=False):
    def op(self, other):
        o = _operand(other)
        if o is None:
            return NotImplemented
        return _wrap(ufunc(o, self._a) if reflected else ufunc(self._a, o))
    return op


def _inplace(ufunc):
    def op(self, other):
        o = _operand(other)
        if o is None:
            return NotImplemented
        ufunc(self._a, o, out=self._a)
        return self
    return op


def _writable(array):
    """``array``, writable where its memory is, as CuPy's arrays (broadcast views included) all are
    (NumPy warns on reading the flag of a view np.broadcast_arrays made)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return array if array.flags.writeable else writable(array)


class StrictArray:
    """A device array stand-in: a NumPy array that never leaves the device implicitly."""

    __slots__ = ("_a",)
    __array_priority__ = 100.0

    def __init__(self, array):
        self._a = _writable(array)

    # ---------------------------------------------------------------- explicit ways out
    def get(self):
        """A host NumPy copy (as cupy.ndarray.get)."""
        if _current is not None:
            _current.host_transfers += 1
        return self._a.copy()

    def item(self):
        """The single element as a Python number (an explicit host transfer)."""
        if _current is not None:
            _current.host_transfers += 1
        return self._a.item()

    def tolist(self):
        """Nested Python lists (an explicit host transfer)."""
        if _current is not None:
            _current.host_transfers += 1
        return self._a.tolist()

    # ---------------------------------------------------------------- refused implicit ways out
    def __array__(self, *args, **kwargs):
        raise TypeError(IMPLICIT_MESSAGE)

    def __bool__(self):
        raise TypeError(_SYNC_MESSAGE.format("bool()"))

    def __float__(self):
        raise TypeError(_SYNC_MESSAGE.format("float()"))

    def __int__(self):
        raise TypeError(_SYNC_MESSAGE.format("int()"))

    def __index__(self):
        raise TypeError(_SYNC_MESSAGE.format("operator.index()"))

    def __complex__(self):
        raise TypeError(_SYNC_MESSAGE.format("complex()"))

    __hash__ = None

    @property
    def __cuda_array_interface__(self):
        """Present, as on CuPy arrays, so code can recognise a device array (no real pointer here)."""
        return {"shape": self._a.shape, "typestr": self._a.dtype.str, "data": (0, False), "version": 3,
                "strides": None}

    # ---------------------------------------------------------------- NumPy protocols (CuPy-like)
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method == "at":
            raise TypeError("ufunc.at on a device array: use backend.scatter_add")
        return _call(getattr(ufunc, method), inputs, kwargs)

    def __array_function__(self, func, types_, args, kwargs):
        if func.__name__ in _MISSING_IN_CUPY:
            return NotImplemented
        return _call(func, args, kwargs)

    # ---------------------------------------------------------------- metadata
    @property
    def shape(self):
        return self._a.shape

    @shape.setter
    def shape(self, value):  # CuPy too: AttributeError when a view cannot have that shape
        self._a.shape = value

    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    strides = property(lambda self: self._a.strides)
    flags = property(lambda self: _Flags(self._a.flags))
    T = property(lambda self: StrictArray(self._a.T))

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (StrictArray(np.asarray(row)) for row in self._a)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)  # no __array_interface__ & co.: NumPy must not see the data
        attr = getattr(self._a, name)
        if callable(attr):
            return _method(attr)
        return _wrap(attr)

    def __repr__(self):
        return "strict_" + repr(self._a)

    __str__ = __repr__

    def __copy__(self):
        return StrictArray(self._a.copy())

    def __deepcopy__(self, memo):
        return StrictArray(self._a.copy())

    def __reduce__(self):
        raise TypeError("device arrays are not picklable here: use to_numpy explicitly")

    # ---------------------------------------------------------------- indexing
    def __getitem__(self, index):
        return _wrap(self._a[_unwrap(index)])

    def __setitem__(self, index, value):
        o = _operand(value)
        if o is None:
            o = _unwrap(value)  # lists of scalars, as CuPy accepts
        self._a[_unwrap(index)] = o

    # ---------------------------------------------------------------- operators
    __add__ = _binary(np.add)
    __radd__ = _binary(np.add, True)
    __sub__ = _binary(np.subtract)
    __rsub__ = _binary(np.subtract, True)
    __mul__ = _binary(np.multiply)
    __rmul__ = _binary(np.multiply, True)
    __truediv__ = _binary(np.true_divide)
    __rtruediv__ = _binary(np.true_divide, True)
    __floordiv__ = _binary(np.floor_divide)
    __rfloordiv__ = _binary(np.floor_divide, True)
    __mod__ = _binary(np.remainder)
    __rmod__ = _binary(np.remainder, True)
    __pow__ = _binary(np.power)
    __rpow__ = _binary(np.power, True)
    __matmul__ = _binary(np.matmul)
    __rmatmul__ = _binary(np.matmul, True)
    __and__ = _binary(np.bitwise_and)
    __rand__ = _binary(np.bitwise_and, True)
    __or__ = _binary(np.bitwise_or)
    __ror__ = _binary(np.bitwise_or, True)
    __xor__ = _binary(np.bitwise_xor)
    __rxor__ = _binary(np.bitwise_xor, True)
    __eq__ = _binary(np.equal)
    __ne__ = _binary(np.not_equal)
    __lt__ = _binary(np.less)
    __le__ = _binary(np.less_equal)
    __gt__ = _binary(np.greater)
    __ge__ = _binary(np.greater_equal)
    __iadd__ = _inplace(np.add)
    __isub__ = _inplace(np.subtract)
    __imul__ = _inplace(np.multiply)
    __itruediv__ = _inplace(np.true_divide)
    __ifloordiv__ = _inplace(np.floor_divide)
    __imod__ = _inplace(np.remainder)
    __ipow__ = _inplace(np.power)
    __iand__ = _inplace(np.bitwise_and)
    __ior__ = _inplace(np.bitwise_or)
    __ixor__ = _inplace(np.bitwise_xor)

    def __neg__(self):
        return StrictArray(np.negative(self._a))

    def __pos__(self):
        return StrictArray(np.positive(self._a))

    def __abs__(self):
        return StrictArray(np.abs(self._a))

    def __invert__(self):
        return StrictArray(np.invert(self._a))


class _Flags:
    """cupy.ndarray.flags: contiguity and ownership only (no ``writeable``, no ``aligned``)."""

    __slots__ = ("c_contiguous", "f_contiguous", "owndata")

    def __init__(self, flags):
        self.c_contiguous = flags.c_contiguous
        self.f_contiguous = flags.f_contiguous
        self.owndata = flags.owndata

    def __getitem__(self, name):
        key = {"C_CONTIGUOUS": "c_contiguous", "F_CONTIGUOUS": "f_contiguous", "OWNDATA": "owndata"}.get(name)
        if key is None:
            raise KeyError(f"{name} is not defined for cupy.ndarray.flags")
        return getattr(self, key)


def _method(bound):
    def method(*args, **kwargs):
        return _call(bound, args, kwargs)
    return method


class _Ufunc:
    """A NumPy ufunc on device arrays, without ``at`` (use backend.scatter_add)."""

    def __init__(self, ufunc):
        self._u = ufunc
        self.__name__ = ufunc.__name__
        self.nin, self.nout = ufunc.nin, ufunc.nout

    def __call__(self, *args, **kwargs):
        return _call(self._u, args, kwargs)

    def reduce(self, *args, **kwargs):
        return _call(self._u.reduce, args, kwargs)

    def accumulate(self, *args, **kwargs):
        return _call(self._u.accumulate, args, kwargs)

    def outer(self, *args, **kwargs):
        return _call(self._u.outer, args, kwargs)


# Namespace functions that upload host data (as cupy.asarray/array do) instead of refusing it.
_UPLOADERS = frozenset({"asarray", "array", "ascontiguousarray", "asanyarray", "copy"})


class StrictNamespace(types.ModuleType):
    """``xp``: NumPy's names, returning StrictArrays; refuses host ndarrays except in uploads."""

    def __init__(self, module, name):
        super().__init__(name)
        self._module = module

    def __getattr__(self, name):
        if name.startswith("__") or name in _MISSING_IN_CUPY:
            raise AttributeError(f"module '{self.__name__}' has no attribute '{name}' (CuPy lacks it)")
        obj = getattr(self._module, name)
        if name == "ndarray":
            out = StrictArray
        elif isinstance(obj, types.ModuleType):
            out = StrictNamespace(obj, f"{self.__name__}.{name}")
        elif isinstance(obj, np.ufunc):
            out = _Ufunc(obj)
        elif isinstance(obj, type) or not callable(obj):
            out = obj  # dtypes, constants (pi, inf, newaxis), classes
        elif name in _UPLOADERS:
            out = functools.wraps(obj)(functools.partial(_upload, obj))
        else:
            out = functools.wraps(obj)(functools.partial(_namespace_call, obj))
        setattr(self, name, out)
        return out


# NumPy functions that return a Python bool or int where CuPy's return a 0-d device array.
_BOOL_AS_ARRAY = frozenset({"allclose", "array_equal", "array_equiv", "count_nonzero"})


def _namespace_call(fn, *args, **kwargs):
    out = _call(fn, args, kwargs)
    if out.__class__ in (bool, int) and fn.__name__ in _BOOL_AS_ARRAY:
        return StrictArray(np.asarray(out))
    return out


def _upload(fn, *args, **kwargs):
    return _call(fn, args, kwargs, allow_host=True)


xp = StrictNamespace(np, "strict_numpy")


class StrictGenerator:
    """A random stream with the methods of cupy.random.Generator only, giving device arrays."""

    def __init__(self, seed=None):
        self._rng = np.random.default_rng(seed)

    def __getattr__(self, name):
        if name not in _CUPY_GENERATOR_METHODS:
            raise AttributeError(f"cupy.random.Generator has no method {name!r}")
        return _method(getattr(self._rng, name))


class StrictBackend(Backend):
    """Serves the "cuda" device with StrictArrays; counts explicit host transfers."""

    name = "strict"
    device_type = "cuda"
    xp = xp
    array_type = StrictArray

    def __init__(self, seed=None):
        global _current
        self._rng = StrictGenerator(seed)
        self.forward_context = ForwardContext(xp)
        self.host_transfers = 0   # to_numpy / get / item / tolist calls
        self.uploads = 0          # host ndarrays given to asarray-like calls
        self.syncs = 0
        _current = self

    def asarray(self, data, dtype=None):
        """A device array from host data (a copy) or a device array (no copy if dtype matches)."""
        if data.__class__ is StrictArray:
            return data if dtype is None or data.dtype == dtype else StrictArray(data._a.astype(dtype))
        if isinstance(data, np.ndarray):
            self.uploads += 1
        return StrictArray(np.array(_unwrap(data, allow_host=True), dtype=dtype))

    def to_numpy(self, array):
        """A host copy: the one explicit way to NumPy."""
        if array.__class__ is not StrictArray:
            raise TypeError(f"to_numpy expects a device array, got {type(array).__name__}")
        self.host_transfers += 1
        return array._a.copy()

    def scatter_add(self, target, index, values):
        """``target[index] += values`` accumulating repeated indices (cupyx.scatter_add)."""
        if target.__class__ is not StrictArray:
            raise TypeError(f"scatter_add target must be a device array, got {type(target).__name__}")
        np.add.at(target._a, _unwrap(index), _unwrap(values))

    def argsort_stable(self, array, axis):
        """CuPy's argsort: always stable, no ``kind=`` (NumPy's stable sort stands in for it)."""
        return StrictArray(np.argsort(array._a, axis=axis, kind="stable"))

    def random_state(self):
        return self._rng

    def seed(self, seed):
        self._rng = StrictGenerator(seed)

    def synchronize(self):
        self.syncs += 1
