"""Tensor subclasses and ``__torch_function__``, as ``torch.overrides``.

An op given an instance of a Tensor subclass returns that subclass (``Tensor.__torch_function__``,
which a subclass inherits), and a class may define ``__torch_function__(cls, func, types, args=(),
kwargs=None)`` to see, and answer, every call of a public function, Tensor method, operator or
property getter that is given one of its instances.

The check sits at the public names only, and only once it can matter: until a Tensor subclass
that dispatches is defined (``Tensor.__init_subclass__``; ``nn.Parameter`` does not dispatch),
``minigrad.add``, ``Tensor.__add__``... are the plain functions, so programs without subclasses pay
nothing. The first such subclass calls ``_install``, which rebinds the public names to forms that
look for arguments with a ``__torch_function__`` and pass the call to it.
"""
import functools
import inspect
import types as _types

from .tensor import Tensor

__all__ = ["has_torch_function", "has_torch_function_unary", "has_torch_function_variadic",
           "handle_torch_function", "get_default_nowrap_functions", "is_tensor_like",
           "DisableTorchFunctionSubclass", "DisableTorchFunction"]

_PLAIN = frozenset((int, float, bool, complex, str, type(None), slice, type(Ellipsis)))
_installed = False  # whether the public names dispatch (set once, by the first subclass that does)
_replaced = []      # (owner, name, plain value) for each public name ``_install`` rebound
_disabled = [0, 0]  # open DisableTorchFunctionSubclass and DisableTorchFunction blocks


#: the root packages whose functions look for ``__torch_function__`` themselves: a function of theirs
#: (``torch.add`` given minigrad Tensors) would only call the handler again, so it gets ``NotImplemented``
_FOREIGN_PACKAGES = frozenset(("torch",))


def _package(func):
    """The root package of the module that defines ``func`` (a function, builtin, method descriptor
    or a descriptor's ``__get__``), or None where it cannot be told."""
    module = getattr(func, "__module__", None)
    if module.__class__ is not str:
        owner = getattr(func, "__objclass__", None) or getattr(func, "__self__", None)
        owner = getattr(owner, "__objclass__", None) or getattr(owner, "fget", None) or owner
        module = getattr(owner, "__module__", None) if not isinstance(owner, _types.ModuleType) else owner.__name__
    return module.partition(".")[0] if module.__class__ is str else None


def _is_foreign(func):
    """Whether ``func`` is another library's, which a ``__torch_function__`` of minigrad's does not
    handle (PyTorch's rule: a handler that cannot handle a function returns ``NotImplemented``)."""
    return _package(func) in _FOREIGN_PACKAGES


class _DisabledTorchFunctionImpl:
    """The class of ``_disabled_torch_function_impl``: a callable that a class attribute holds
    unbound (a function there would be bound to the instance when PyTorch looks it up)."""

    __slots__ = ()

    def __call__(self, func, types, args=(), kwargs=None):
        """Run ``func`` with no ``__torch_function__`` called (``NotImplemented`` for another
        library's ``func``)."""
        if _is_foreign(func):
            return NotImplemented
        with DisableTorchFunction():
            return func(*args, **(kwargs or {}))

    def __repr__(self):
        return "<built-in function _disabled_torch_function_impl>"


#: the ``__torch_function__`` of a class whose instances do not dispatch (``nn.Parameter``: ops on
#: one return plain Tensors), as ``torch._C._disabled_torch_function_impl``
_disabled_torch_function_impl = _DisabledTorchFunctionImpl()


class DisableTorchFunctionSubclass:
    """Context manager: inside it, Tensor subclasses' ``__torch_function__`` is not called (ops on
    their instances run as on plain Tensors and return plain Tensors)."""

    _slot = 0

    def __enter__(self):
        _disabled[self._slot] += 1
        return self

    def __exit__(self, *exc_info):
        _disabled[self._slot] -= 1


class DisableTorchFunction(DisableTorchFunctionSubclass):
    """Context manager: inside it, no ``__torch_function__`` is called, a Tensor subclass's nor any
    other class's."""

    _slot = 1


def _is_torch_function_enabled():
    """Whether Tensor subclasses' ``__torch_function__`` is called now (outside both blocks), as
    ``torch._C._is_torch_function_enabled``."""
    return not (_disabled[0] or _disabled[1])


def _is_torch_function_all_disabled():
    """Whether a ``DisableTorchFunction`` block is open, as ``torch._C._is_torch_function_all_disabled``."""
    return bool(_disabled[1])


def _dispatches(value):
    """Whether ``value``'s class takes part in ``__torch_function__`` dispatch now."""
    kind = value.__class__
    if kind is Tensor or kind in _PLAIN or _disabled[1]:
        return False
    handler = getattr(kind, "__torch_function__", None)
    if handler is None or handler is _disabled_torch_function_impl:
        return False
    return not (_disabled[0] and isinstance(value, Tensor))


def _overloaded(relevant, plain=False):
    """The arguments whose ``__torch_function__`` a call tries, one per class, in PyTorch's order: a
    subclass before its base classes, otherwise left to right. Lists and tuples of arguments
    (``cat``'s tensors) are looked into. Plain Tensors count with ``plain`` (as PyTorch's Python
    ``handle_torch_function`` counts them, where its builtins do not)."""
    found = []
    for value in relevant:
        items = value if value.__class__ is list or value.__class__ is tuple else (value,)
        for item in items:
            if not (_dispatches(item) or plain and item.__class__ is Tensor and not _disabled[1]):
                continue
            kind = item.__class__
            if any(other.__class__ is kind for other in found):
                continue
            at = next((i for i, other in enumerate(found) if issubclass(kind, other.__class__)), len(found))
            found.insert(at, item)
    return found


def has_torch_function(relevant_args):
    """Whether any of ``relevant_args`` (an iterable) dispatches through ``__torch_function__``."""
    return bool(_overloaded(relevant_args))


def has_torch_function_unary(arg):
    """``has_torch_function((arg,))``."""
    return bool(_overloaded((arg,)))


def has_torch_function_variadic(*args):
    """``has_torch_function(args)``."""
    return bool(_overloaded(args))


def is_tensor_like(value):
    """Whether ``value`` is a Tensor or of a class with a ``__torch_function__``."""
    return isinstance(value, Tensor) or hasattr(type(value), "__torch_function__")


def handle_torch_function(public_api, relevant_args, *args, **kwargs):
    """Call the ``__torch_function__`` of the overloaded arguments among ``relevant_args`` (a subclass's
    before its base's, else left to right) with ``public_api``, ``args`` and ``kwargs`` until one does
    not return ``NotImplemented``; PyTorch's ``TypeError`` when all do."""
    return _call_handlers(public_api, _overloaded(relevant_args, plain=True), args, kwargs)


def _call_handlers(public_api, overloaded, args, kwargs):
    """``handle_torch_function``'s loop over the ``overloaded`` arguments' handlers."""
    kinds = tuple(value.__class__ for value in overloaded)
    for value in overloaded:
        result = value.__class__.__torch_function__(public_api, kinds, args, kwargs)
        if result is not NotImplemented:
            return result
    name = getattr(public_api, "__name__", repr(public_api))
    raise TypeError(f"no implementation found for '{name}' on types that implement __torch_function__: "
                    f"{list(kinds)}")


def get_default_nowrap_functions():
    """The functions whose results ``Tensor.__torch_function__`` gives back as they are, not as the
    subclass: the getters of ``grad`` and ``_base``."""
    return {Tensor.grad.__get__, Tensor._base.__get__}


def _convert(result, cls):
    """``result`` with its Tensors (also inside a tuple or list) as instances of ``cls``."""
    if isinstance(result, Tensor):
        return result if isinstance(result, cls) else result.as_subclass(cls)
    if isinstance(result, (tuple, list)):
        items = [_convert(item, cls) for item in result]
        return result._make(items) if hasattr(result, "_make") else type(result)(items)
    return result


def default_torch_function(cls, func, types, args=(), kwargs=None):
    """``Tensor.__torch_function__``: run ``func`` as on plain Tensors and give back its Tensors as
    ``cls`` (``NotImplemented`` when another argument's class is not a base of ``cls``, or for
    another library's ``func``: PyTorch's ``torch.add`` given minigrad Tensors raises its TypeError)."""
    if not all(issubclass(cls, kind) for kind in types) or _is_foreign(func):
        return NotImplemented
    with DisableTorchFunctionSubclass():
        result = func(*args, **(kwargs or {}))
        if func in get_default_nowrap_functions():
            return result
        return _convert(result, cls)


# ------------------------------------------------------------------------------ the public names
#: operators that PyTorch passes to ``__torch_function__`` as the named method (``x + 1`` as ``Tensor.add``)
_OPERATOR_METHODS = {"__add__": "add", "__radd__": "add", "__iadd__": "add_", "__sub__": "sub",
                     "__isub__": "sub_", "__mul__": "mul", "__rmul__": "mul", "__imul__": "mul_",
                     "__truediv__": "div", "__itruediv__": "div_", "__ifloordiv__": "floor_divide_",
                     "__mod__": "remainder", "__imod__": "remainder_", "__matmul__": "matmul",
                     "__rand__": "bitwise_and", "__ror__": "bitwise_or", "__rxor__": "bitwise_xor",
                     "__ne__": "ne", "__lt__": "lt", "__le__": "le", "__gt__": "gt", "__ge__": "ge",
                     "__neg__": "neg", "__pos__": "positive", "__abs__": "abs"}
#: binary operators: a TypeError gives NotImplemented, so that Python tries the other operand
_BINARY_OPERATORS = {f"__{side}{name}__" for side in ("", "r", "i")
                     for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or",
                                  "xor", "lshift", "rshift")} | {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"}
#: Tensor attributes that never dispatch: construction, the protocol itself, Python's object machinery
_NOT_DISPATCHED = {"__new__", "__init__", "__init_subclass__", "__torch_function__", "__getattribute__",
                   "__getattr__", "__setattr__", "__delattr__", "__dir__", "__sizeof__", "__class__",
                   "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__hash__", "__format__",
                   "__array__", "__array_wrap__", "__iter__", "__str__", "as_subclass",
                   "__copy__", "__deepcopy__", "__dict__", "__weakref__", "__subclasshook__", "__class_getitem__"}


def _dispatching(fn, func=None, operator=False, empty_kwargs=False):
    """``fn`` calling ``__torch_function__`` when an argument dispatches, with ``func`` (by default
    the returned function itself) as the function called; an operator's ``TypeError`` there gives
    ``NotImplemented``, as its plain form does. ``empty_kwargs``: the handlers get a dict where
    the call gave no keywords (PyTorch's operators written in Python), else None."""
    @functools.wraps(fn)
    def dispatching(*args, **kwargs):
        overloaded = None if _disabled[1] else _overloaded(args if not kwargs else (*args, *kwargs.values()))
        if not overloaded:
            return fn(*args, **kwargs)
        target = func() if func is not None else dispatching
        # (kwargs None where none were given, as PyTorch's builtins pass them)
        kwargs = kwargs if empty_kwargs else kwargs or None
        if not operator:
            return _call_handlers(target, overloaded, args, kwargs)
        try:
            return _call_handlers(target, overloaded, args, kwargs)
        except TypeError:
            return NotImplemented
    return dispatching


def _dispatching_form(fn, form):
    """``fn`` (a Python-level function of PyTorch's ``nn.functional``) calling ``__torch_function__``
    as PyTorch's does (``nn._dispatch_forms``): when one of its arguments dispatches, the handlers
    of the ``relevant`` ones (plain Tensors included) get every argument, defaults filled in, by
    position or by keyword as PyTorch's form passes them."""
    signature = inspect.signature(fn)
    first = next(iter(signature.parameters), None)
    rename = {} if "self" in signature.parameters else {"self": first}  # (a method whose Tensor is ``input``)
    relevant, positional, keywords = ([rename.get(name, name) for name in names.split()] for names in form)
    keyword_names = [name for name in form[2].split()]

    @functools.wraps(fn)
    def dispatching(*args, **kwargs):
        if _disabled[1] or not _overloaded(args if not kwargs else (*args, *kwargs.values())):
            return fn(*args, **kwargs)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return fn(*args, **kwargs)  # (its own error)
        bound.apply_defaults()
        values = bound.arguments
        overloaded = _overloaded([values[name] for name in relevant], plain=True)
        if not any(_dispatches(value) for value in overloaded):
            return fn(*args, **kwargs)
        return _call_handlers(dispatching, overloaded, tuple(values[name] for name in positional),
                              dict(zip(keyword_names, (values[name] for name in keywords))))
    return dispatching


def _dispatching_property(prop):
    """``prop`` with a getter that calls ``__torch_function__`` (with the new property's ``__get__``,
    as PyTorch passes ``Tensor.shape.__get__``); its setter and deleter as they were."""
    fget = prop.fget

    def get(self):
        if _disabled[1] or not _dispatches(self):
            return fget(self)
        return _call_handlers(new.__get__, (self,), (self,), None)
    functools.update_wrapper(get, fget)
    new = property(get, prop.fset, prop.fdel, prop.__doc__)
    return new


def _named(fn, name):
    """``fn`` named as ``Tensor.<name>``, where it is bound (its function may have another name)."""
    fn.__name__, fn.__qualname__ = name, f"Tensor.{name}"
    return fn


def _rebind(owner, name, value):
    """Set ``owner.name`` to ``value``, remembering the plain value for ``_restore`` (None where
    Tensor inherited the name from a base class)."""
    _replaced.append((owner, name, vars(owner).get(name)))
    setattr(owner, name, value)


def _restore():
    """Undo ``_install``: the public names plain again (the test suite does this after each test, so
    that a subclass one test defines does not change how the next tests run)."""
    global _installed
    while _replaced:
        owner, name, value = _replaced.pop()
        if value is None:
            delattr(owner, name)
        else:
            setattr(owner, name, value)
    _installed = False


def _install():
    """Rebind the public names (Tensor's methods, operators and property getters; ``minigrad.<op>``,
    ``nn.functional``, ``linalg``, ``special``, ``fft``) to their dispatching forms. Called once."""
    global _installed
    if _installed:
        return
    _installed = True
    import minigrad
    from . import ops, linalg, special, fft
    from .nn import functional
    from .nn._dispatch_forms import FORMS, TENSOR_FORMS, WRAPPED_NAMES, WRAPPED_OPERATORS

    names = {}
    for base in reversed(Tensor.__mro__[:-1]):
        names.update(vars(base))
    operators = {}
    for name, value in names.items():
        if name in _NOT_DISPATCHED or (name.startswith("_") and not name.startswith("__") and name != "_base"):
            continue
        if isinstance(value, property):
            _rebind(Tensor, name, _dispatching_property(value))
        elif isinstance(value, _types.FunctionType):
            if name in _OPERATOR_METHODS:
                operators[name] = value
            elif name in TENSOR_FORMS:
                _rebind(Tensor, name, _named(_dispatching_form(value, TENSOR_FORMS[name]), name))
            else:
                form = _dispatching(value, operator=name in _BINARY_OPERATORS, empty_kwargs=name in WRAPPED_OPERATORS)
                _rebind(Tensor, name, _named(form, WRAPPED_NAMES.get(name, name)))
    for name, value in operators.items():  # (after the methods they name)
        target = _OPERATOR_METHODS[name]
        _rebind(Tensor, name, _named(_dispatching(value, lambda target=target: getattr(Tensor, target),
                                                  operator=name in _BINARY_OPERATORS), name))
    plain_iter = Tensor.__iter__

    def __iter__(self):
        # (iteration is unbind, as PyTorch's: the subclass sees unbind, and gets its elements as its own)
        if not _dispatches(self) or self.dim() == 0:
            return plain_iter(self)
        return iter(self.unbind(0))
    _rebind(Tensor, "__iter__", __iter__)

    like = [name for name in vars(minigrad) if name.endswith("_like")]
    for module, public in ((minigrad, [*ops.FUNCTIONS, *like]), (functional, vars(functional)), (linalg, vars(linalg)),
                           (special, vars(special)), (fft, vars(fft))):
        for name in list(public):
            value = getattr(module, name, None)
            if (name.startswith("_") or not isinstance(value, _types.FunctionType)
                    or not value.__module__.startswith("minigrad")):
                continue
            form = FORMS.get(name) if module is functional else None
            _rebind(module, name, _dispatching(value) if form is None else _dispatching_form(value, form))
    # nn.Linear calls the kernel under F.linear directly (skipping its out= wrapper): as PyTorch's
    # layer calls F.linear, a subclass sees F.linear
    from .nn.modules import linear as linear_layer
    _rebind(linear_layer, "_linear", _dispatching(linear_layer._linear, lambda: functional.linear))
