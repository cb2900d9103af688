"""What the recorder knows of the array functions a step calls: which write in place, which take
values to the host, which return new arrays; and how to name the user's line at a graph break."""
import operator
import os
import sys

import numpy as _np  # to recognise NumPy ufuncs

from .traced import Method, setitem

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_IN_PLACE_OPERATORS = frozenset({operator.iadd, operator.isub, operator.imul, operator.itruediv,
                                 operator.ifloordiv, operator.imod, operator.ipow, operator.imatmul,
                                 operator.iand, operator.ior, operator.ixor, operator.ilshift,
                                 operator.irshift})
_IN_PLACE_METHODS = frozenset({"fill", "sort", "put", "partition", "itemset", "resize", "setfield"})
_UNKNOWN = object()  # a result's base not looked for yet
_FIRST_ARG_WRITTEN = frozenset({"copyto", "put", "place", "putmask", "fill_diagonal", "scatter_add", "at"})
_UPLOADS = frozenset({"asarray", "array", "asanyarray", "ascontiguousarray"})
_WRITERS = _IN_PLACE_OPERATORS | {setitem}
# Functions whose results never share memory with their arguments: no view check needed.
_FRESH = frozenset({"dot", "matmul", "where", "concatenate", "stack", "zeros", "ones", "full", "empty",
                    "zeros_like", "ones_like", "full_like", "empty_like", "arange", "exp", "log", "sum",
                    "mean", "max", "min", "prod", "clip", "cumsum", "argmax", "argmin", "take", "std", "var",
                    "round", "any", "all", "maximum", "minimum", "sign", "abs", "sqrt", "tanh"})
# Operators whose results are new arrays (arithmetic and comparisons: not indexing)
_FRESH_OPERATORS = frozenset({operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
                              operator.mod, operator.pow, operator.matmul, operator.and_, operator.or_,
                              operator.xor, operator.lshift, operator.rshift, operator.lt, operator.le,
                              operator.gt, operator.ge, operator.eq, operator.ne, operator.neg, operator.pos,
                              operator.abs, operator.invert})
# Functions that hand a value to the host (a Python number or bool from array contents).
_HOST_VALUES = frozenset({"allclose", "array_equal", "array_equiv", "count_nonzero", "isclose_all"})
# Reads that a replay can repeat when their value is only returned (at the end of the step).
_TAIL_READS = frozenset({"item", "tolist", "__float__"})
# Reads a replay can check (computed again and compared) when they come before any effect.
_CHECKS = frozenset({"item", "__bool__", "__float__", "__int__", "__index__"})
_CAUSES = {
    "item": "Tensor.item() takes a value to Python",
    "tolist": "Tensor.tolist() takes values to Python",
    "__float__": "float(tensor) takes a value to Python",
    "__int__": "int(tensor) takes a value to Python",
    "__index__": "a tensor used as a Python index",
    "__bool__": "bool(tensor) / `if tensor:` decides Python control flow on a tensor's value",
    "__complex__": "complex(tensor) takes a value to Python",
    "__format__": "formatting a tensor's value (f-string / format())",
    "__repr__": "printing a tensor (repr/str)",
    "__array__": "Tensor.numpy() / NumPy reading a tensor's data",
    "to_numpy": "a tensor's data copied to the host",
    "get": "a tensor's data copied to the host",
}


# What ``Recorder.call`` may do with a function (``_kind``): the general path only, or the fast path
# with a result that is a new array, or one that may be a view of an argument (found when needed).
_GENERAL, _NEW_ARRAY, _MAYBE_VIEW = "general", "new array", "maybe a view"
_KINDS = {}


def _kind(fn):
    """How ``Recorder.call`` records ``fn`` (cached): functions that write, read values to the host
    or take raw arrays (uploads, indices) take the general path."""
    name = fn.name if fn.__class__ is Method else getattr(fn, "__name__", "")
    if (name in _HOST_VALUES or name in _UPLOADS or fn is operator.getitem or fn is setitem or fn in _WRITERS
            or name in _FIRST_ARG_WRITTEN or (fn.__class__ is Method and name in _IN_PLACE_METHODS)):
        kind = _GENERAL
    elif name in _FRESH or fn in _FRESH_OPERATORS or fn.__class__ is _np.ufunc:
        kind = _NEW_ARRAY
    else:
        kind = _MAYBE_VIEW
    _KINDS[fn] = kind
    return kind


def _cause_of_read(what):
    """The cause of a read as the user wrote it: the innermost Tensor method among the callers
    (``bool(t)`` reads through ``item()``), else the array method itself."""
    frame = sys._getframe(2)
    here = os.path.dirname(os.path.abspath(__file__))
    while frame is not None:
        code = frame.f_code
        if not os.path.abspath(code.co_filename).startswith(here + os.sep) and code.co_name in _CAUSES:
            return _CAUSES[code.co_name]
        frame = frame.f_back
    return _CAUSES.get(what, what)


def user_location():
    """``file:line`` of the innermost frame outside minigrad (where user code triggered something)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not os.path.abspath(name).startswith(_PACKAGE + os.sep) and "importlib" not in name:
            return f"{os.path.basename(name)}:{frame.f_lineno}"
        frame = frame.f_back
    return "?"


def _writable(array):
    flags = getattr(array, "flags", None)
    return getattr(flags, "writeable", True)
