"""What a step can reach: tensors, modules, optimizers, and the paths to them.

A replay runs no Python, so it must know beforehand every tensor the step
touches and must notice when a path to one changes (a parameter replaced, a
new optimizer bound to the same name). ``scan`` walks from the function's
arguments, its closure and the globals its code names (and, recursively, the
functions, objects, Modules and optimizers found there) and returns a
``World``: the tensors found, and the edges (holder, key, object) that lead to
them. Guards re-check those edges at each call.

The walk is a conservative over-approximation of what the step reads; what it
misses is caught while recording (an array the capture does not know is a
graph break), except replacements along paths it cannot see: those are listed
in the design notes.
"""
import functools
import types

from ..tensor import Tensor
from ..nn.module import Module
from ..optim.optimizer import Optimizer

_SCALARS = (int, float, bool, str, bytes, type(None), complex)
_SCALAR_CLASSES = {}  # class -> whether its instances are Python scalars (isinstance is slow on misses)


def _is_scalar_class(cls):
    """Whether ``cls`` is a Python scalar type or a subclass of one (cached)."""
    known = _SCALAR_CLASSES.get(cls)
    if known is None:
        known = _SCALAR_CLASSES[cls] = issubclass(cls, _SCALARS)
    return known
_MAX_OBJECTS = 20000
_MAX_ITEMS = 1000
_MAX_DEPTH = 12
_LIBRARIES = ("minigrad", "numpy", "torch", "builtins", "collections", "functools", "types", "abc",
              "typing", "threading", "weakref", "cupy", "tqdm", "matplotlib", "scipy", "sklearn", "_pytest",
              "pytest", "hypothesis", "_collections_abc", "_functools", "_operator", "_thread", "_weakrefset")


def _is_library(obj):
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in _LIBRARIES


_TENSOR, _MODULE, _OPTIMIZER, _FUNCTION, _SKIPPED, _OTHER = "tensor", "module", "optimizer", "function", "skipped", "other"
_CLASS_KINDS = {}  # class -> what ``World.visit`` does with its instances


def _class_kind(cls):
    """What ``World.visit`` does with instances of ``cls`` (cached: one isinstance test per class)."""
    if issubclass(cls, Tensor):
        kind = _TENSOR
    elif issubclass(cls, Module):
        kind = _MODULE
    elif issubclass(cls, Optimizer):
        kind = _OPTIMIZER
    elif issubclass(cls, (types.FunctionType, types.MethodType, functools.partial)):
        kind = _FUNCTION
    elif issubclass(cls, (types.ModuleType, type, types.BuiltinFunctionType)):
        kind = _SKIPPED
    else:
        kind = _OTHER
    _CLASS_KINDS[cls] = kind
    return kind


class World:
    """Tensors, Modules, optimizers and plain objects reachable from a step; edges to them."""

    def __init__(self):
        self.tensors = {}     # id -> Tensor
        self.modules = {}     # id -> Module
        self.optimizers = {}  # id -> Optimizer
        self.objects = {}     # id -> plain object, list or dict (checked for side effects)
        self.edges = []       # (kind, holder, key, child): child is ``holder[key]`` / a cell's contents
        self.values = []      # (kind, holder, key, value): Python scalars named by the step's code
        self.module_holders = set()  # ids of Modules' registries and __dict__s (guarded through nn's counter)
        self._seen = set()

    # ------------------------------------------------------------------ walking
    def link(self, kind, holder, key, child, depth):
        """Record the edge to ``child`` and walk from it."""
        cls = type(child)
        if _is_scalar_class(cls):
            return
        if cls is tuple and all(isinstance(v, _SCALARS) for v in child):
            return
        self.edges.append((kind, holder, key, child))
        self.visit(child, depth + 1)

    def visit(self, obj, depth):
        """Walk from ``obj`` (once)."""
        key = id(obj)
        if key in self._seen or depth > _MAX_DEPTH or len(self._seen) > _MAX_OBJECTS:
            return
        self._seen.add(key)
        kind = _CLASS_KINDS.get(type(obj)) or _class_kind(type(obj))
        if kind is _TENSOR:
            self.tensors[key] = obj
        elif kind is _MODULE:
            self._module(obj, depth)
        elif kind is _OPTIMIZER:
            self._optimizer(obj, depth)
        elif kind is _FUNCTION:
            self.function(obj, depth)
        elif kind is _SKIPPED:
            return
        elif obj.__class__ is tuple:
            for v in obj[:_MAX_ITEMS]:
                self.visit(v, depth + 1)
        elif isinstance(obj, list):
            self.objects[key] = obj
            for i, v in enumerate(obj[:_MAX_ITEMS]):
                self.link("index", obj, i, v, depth)
        elif isinstance(obj, dict):
            self.objects[key] = obj
            for k, v in list(obj.items())[:_MAX_ITEMS]:
                self.link("item", obj, k, v, depth)
        elif hasattr(obj, "optimizer") and isinstance(getattr(obj, "optimizer", None), Optimizer):
            self.objects[key] = obj  # a learning-rate scheduler: its optimizer
            self.link("item", obj.__dict__, "optimizer", obj.optimizer, depth)
        elif hasattr(obj, "__dict__") and not _is_library(type(obj)):
            self._plain(obj, depth)

    def _module(self, m, depth):
        self.modules[id(m)] = m
        d = m.__dict__
        holders = self.module_holders
        holders.add(id(d))
        link = self.link
        for store in ("_parameters", "_buffers", "_modules"):
            registry = d.get(store)
            if registry is not None:
                holders.add(id(registry))
                for name, v in registry.items():
                    if v is not None:
                        link("item", registry, name, v, depth)
        for name, v in d.items():
            # attributes holding plain objects (a Module's own scalars are guarded through nn's counter;
            # its tensors and submodules are in the registries above)
            if name[:1] != "_" and name != "training" and not _is_scalar_class(type(v)) \
                    and not isinstance(v, (Tensor, Module)):
                link("item", d, name, v, depth)
        if not _is_library(type(m)):
            self._class_code(type(m), depth)

    def _optimizer(self, opt, depth):
        self.optimizers[id(opt)] = opt
        d = opt.__dict__
        groups = d["param_groups"]
        self.edges.append(("item", d, "param_groups", groups))
        for i, group in enumerate(groups):
            self.edges.append(("index", groups, i, group))
            params = group["params"]
            self.edges.append(("item", group, "params", params))
            for j, p in enumerate(params):
                self.link("index", params, j, p, depth)
        state = d["state"]
        self.edges.append(("item", d, "state", state))
        for p, s in state.items():
            if isinstance(s, dict):
                self.edges.append(("item", state, p, s))
                for k, v in s.items():
                    self.link("item", s, k, v, depth)

    def _plain(self, obj, depth):
        self.objects[id(obj)] = obj
        d = obj.__dict__
        for name, v in list(d.items())[:_MAX_ITEMS]:
            if isinstance(v, _SCALARS):
                self.values.append(("item", d, name, v))  # a number the step may read (``self.k``)
            else:
                self.link("item", d, name, v, depth)
        self._class_code(type(obj), depth)

    def _class_code(self, cls, depth):
        for klass in cls.__mro__:
            if _is_library(klass):
                continue
            for v in vars(klass).values():
                if isinstance(v, (staticmethod, classmethod)):
                    v = v.__func__
                if isinstance(v, types.FunctionType):
                    self.function(v, depth)

    def function(self, fn, depth):
        """Walk what a function's code can name: its globals, closure, bound object, partial arguments."""
        if isinstance(fn, types.MethodType):
            self.visit(fn.__self__, depth + 1)
            self.visit(fn.__func__, depth + 1)
            return
        if isinstance(fn, functools.partial):
            self.visit(fn.func, depth + 1)
            for v in fn.args:
                self.visit(v, depth + 1)
            for v in fn.keywords.values():
                self.visit(v, depth + 1)
            return
        code = fn.__code__
        g = fn.__globals__
        if not _is_library(fn):  # a library's globals are its own; its closures may hold the user's objects
            for name in _names(code):
                if name in g:
                    v = g[name]
                    if isinstance(v, _SCALARS):
                        self.values.append(("item", g, name, v))
                    else:
                        self.link("item", g, name, v, depth)
        if fn.__closure__:
            for cell in fn.__closure__:
                try:
                    v = cell.cell_contents
                except ValueError:  # an empty cell (a name assigned later)
                    continue
                if isinstance(v, _SCALARS):
                    self.values.append(("cell", cell, None, v))
                else:
                    self.link("cell", cell, None, v, depth)
        for v in (fn.__defaults__ or ()):
            self.visit(v, depth + 1)
        for v in (fn.__kwdefaults__ or {}).values():
            self.visit(v, depth + 1)


def _names(code):
    names = set(code.co_names)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            names |= _names(c)
    return names


def scan(fn, args, kwargs):
    """The World reachable from calling ``fn(*args, **kwargs)`` (arguments' tensors excluded)."""
    w = World()
    w.visit(fn, 0)
    for a in list(args) + list(kwargs.values()):
        if not isinstance(a, Tensor):
            w.visit(a, 1)
    return w
