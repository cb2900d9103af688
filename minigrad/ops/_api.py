"""The public names of the op families.

A family marks its public functions with ``@public`` (exported as
``minigrad.<name>`` and bound as ``Tensor.<name>``) or names methods with
``method``; ``ops/__init__.py`` binds the methods and ``minigrad/__init__.py``
exports the functions. Adding an op touches only its family's file.
"""
import functools

import numpy as _np  # only to recognise a NumPy array operand of an operator

from ..tensor import wrap

FUNCTIONS = {}  # name -> function exported as minigrad.<name>
METHODS = {}    # name -> function (or property) bound as Tensor.<name>


def _named(fn, name, as_method=False):
    """A generated function (a closure) named where it is public: ``minigrad.<name>`` or
    ``minigrad.Tensor.<name>``, so that ``help()``, pickling by reference and the API reference
    find it (mkdocstrings skips functions whose qualified name it cannot resolve, as ``<locals>``)."""
    if "<" in getattr(fn, "__qualname__", "<"):
        fn.__name__ = name
        fn.__qualname__ = f"Tensor.{name}" if as_method else name
        fn.__module__ = "minigrad.tensor" if as_method else "minigrad"
    return fn


def public(*names, method=True, function=True):
    """Decorator: export a function under its own name (or ``names``), as a function and a method."""
    def register(fn):
        _named(fn, (names or (fn.__name__,))[0])
        for name in names or (fn.__name__,):
            if function:
                FUNCTIONS[name] = fn
            if method:
                METHODS[name] = fn
        return fn
    if len(names) == 1 and callable(names[0]):  # used bare: @public
        fn, names = names[0], ()
        return register(fn)
    return register


def method(name, fn):
    """Bind ``fn`` as ``Tensor.<name>`` only (dunders, in-place methods, properties...)."""
    METHODS[name] = fn if isinstance(fn, property) else _named(fn, name, as_method=True)
    return fn


def function(name, fn):
    """Export ``fn`` as ``minigrad.<name>`` only."""
    FUNCTIONS[name] = _named(fn, name)
    return fn


_NUMPY_KEYWORDS = (("axis", "dim"), ("keepdims", "keepdim"))


def numpy_keywords(fn, module, qualname):
    """``fn`` also taking NumPy's keyword names for ``dim`` and ``keepdim`` (``x.sum(axis=1,
    keepdims=True)``), as every PyTorch function with those parameters does, named ``qualname`` in
    ``module`` (where it is public); ``fn`` itself when it has neither. The renaming costs one
    call frame, and only these functions pay it. A ``keepdim`` is checked here too, given by keyword or
    by position: PyTorch's parser takes only a bool (``keepdim=1`` and ``x.sum(0, 1)`` are its TypeError)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return fn
    taken = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    renames = tuple((alias, name) for alias, name in _NUMPY_KEYWORDS if name in taken)
    if not renames:
        return fn
    # keepdim given by position: also only a bool (``x.sum(0, 1)`` is PyTorch's TypeError, not a keepdim)
    at = taken.index("keepdim") if "keepdim" in taken[:code.co_argcount] else len(taken) + 1

    @functools.wraps(fn)
    def with_numpy_keywords(*args, **kwargs):
        if len(args) > at:
            keepdim = args[at]
            if keepdim.__class__ is not bool and not isinstance(keepdim, _np.bool_):
                raise TypeError(f"{fn.__name__}(): argument 'keepdim' (position {at + 1}) must be bool, not "
                                f"{type(keepdim).__name__}")
        if kwargs:
            for alias, name in renames:
                if alias in kwargs:
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}() got multiple values for argument '{name}'")
                    kwargs[name] = kwargs.pop(alias)
            keepdim = kwargs.get("keepdim", False)
            if keepdim.__class__ is not bool and not isinstance(keepdim, _np.bool_):
                raise TypeError(f"{fn.__name__}(): argument 'keepdim' must be bool, not {type(keepdim).__name__}")
        return fn(*args, **kwargs)
    with_numpy_keywords.__module__, with_numpy_keywords.__qualname__ = module, qualname
    return with_numpy_keywords


def array_operand(array, like):
    """A NumPy array operand of an operator as a Tensor on ``like``'s device: PyTorch's operators
    (``t + array``) take one, where its functions (``torch.add(t, array)``) raise TypeError."""
    return wrap(like._device._get_backend().asarray(array), like._device)


def operator(fn, arrays=False):
    """``fn(self, other)`` as an operator method, as PyTorch's operators behave: an operand ``fn``
    refuses with TypeError gives NotImplemented, so that Python tries the other operand's
    reflected method and then raises TypeError itself (``==`` and ``!=`` fall back to identity:
    ``t == "a"`` is False). A NumPy array operand is thus left to NumPy, as PyTorch leaves it: NumPy
    computes ``t + array`` on ``t.numpy()`` with its own type promotion and hands the result back
    through ``Tensor.__array_wrap__`` (so ``float32 tensor + float64 array`` is float64, and a tensor
    that requires grad refuses); ``arrays=True`` takes the array as a Tensor instead (``==``, as PyTorch)."""
    def operator_method(self, other):
        try:
            return fn(self, other)
        except TypeError:
            if arrays and isinstance(other, _np.ndarray):
                return fn(self, array_operand(other, self))
            return NotImplemented
    operator_method.__name__ = operator_method.__qualname__ = fn.__name__
    operator_method.__doc__ = fn.__doc__
    return operator_method
