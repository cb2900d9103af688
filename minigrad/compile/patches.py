"""What a capture changes for its duration, all in one place (undone in reverse order).

- Backends: the registry and every device's cached backend become
  ``TracingBackend``s, so op code's ``xp`` records.
- Random numbers: the default generator's stream records its draws (the
  replay draws again from the generator of that moment).
- Caches of arrays kept across calls (``namespace.constant``'s 0-d numbers,
  the implicit gradient seeds): a capture gets its own, so no Traced array
  outlives it there, and a live number never shares a cached constant.
- Graph-break points: calls whose effect a replay could not repeat (printing,
  ``Tensor.numpy()``, hooks) report a graph break before they run; a Module's
  ``__call__`` also tells the recorder which modules ran.
"""
import builtins

from .. import backends as _backends
from .. import random as _random
from ..autograd import entry_points as _entry_points, gradient_sink as _gradient_sink, namespace as _namespace
from ..autograd.node import Node
from ..device import device as _device
from ..nn import _module_hooks as _nn_module_hooks
from ..nn.module import Module
from ..tensor import Tensor
from . import live
from .traced import tracing_backend, RecordingRNG

_BREAKS = {
    "print": "print() (a replay does not run the step's Python)",
    "numpy": "Tensor.numpy() hands the tensor's data to NumPy",
    "__repr__": "printing a tensor",
    "__format__": "formatting a tensor's value (f-string / format())",
    "register_hook": "registering a hook inside the step",
    "retain_grad": "retain_grad() inside the step",
    "hooks": "a tensor hook ran (hooks run Python that a replay would skip)",
    "module_hooks": "a Module with forward hooks was called",
}


class _CaptureConstants(dict):
    """``namespace._constants`` during a capture: live numbers are cached by identity, apart from
    plain constants (a learning rate equal to a layer's constant must not share its array)."""

    def __init__(self, rec):
        super().__init__()
        self._rec = rec
        self._live = {}

    def get(self, key, default=None):
        if id(key[1]) in self._rec.live_ids:
            return self._live.get((key[0], id(key[1]), key[2]), default)
        return dict.get(self, key, default)

    def __setitem__(self, key, value):
        if id(key[1]) in self._rec.live_ids:
            self._live[(key[0], id(key[1]), key[2])] = value
        else:
            dict.__setitem__(self, key, value)


def _breaking(original, cause):
    """``original`` reporting a graph break to the active capture before it runs."""
    def wrapper(*args, **kwargs):
        rec = live.current
        if rec is not None and rec.recording:
            rec.graph_break(_BREAKS[cause])
        return original(*args, **kwargs)
    wrapper.__name__ = getattr(original, "__name__", cause)
    wrapper.__doc__ = getattr(original, "__doc__", None)
    return wrapper


def _module_call(original):
    """``Module.__call__`` telling the active capture which modules run (and breaking on hooks)."""
    def traced_call(module, *args, **kwargs):
        rec = live.current
        if rec is not None:
            rec.module_called(module)
            if (module._forward_hooks or module._forward_pre_hooks or _nn_module_hooks._global_call_hooks) and rec.recording:
                rec.graph_break(_BREAKS["module_hooks"])
        return original(module, *args, **kwargs)
    return traced_call


_REPLACEMENTS = []  # (owner, name, replacement), made once (see ``_replacements``)


def _replacements():
    if not _REPLACEMENTS:
        _REPLACEMENTS.append((builtins, "print", _breaking(builtins.print, "print")))
        for name in ("numpy", "__repr__", "__str__", "__format__", "register_hook", "retain_grad"):
            cause = name if name != "__str__" else "__repr__"
            owner = next(k for k in Tensor.__mro__ if name in vars(k))  # (Tensor or the base class defining it)
            _REPLACEMENTS.append((owner, name, _breaking(vars(owner)[name], cause)))
        for name in ("register_hook", "register_prehook", "add_tensor_hook"):
            _REPLACEMENTS.append((Node, name, _breaking(Node.__dict__[name], "register_hook")))
        _REPLACEMENTS.append((_gradient_sink, "_call_hooks", _breaking(_gradient_sink._call_hooks, "hooks")))
        _REPLACEMENTS.append((Module, "__call__", _module_call(Module.__dict__["__call__"])))
    return _REPLACEMENTS


class Patches:
    """The replacements of one capture: ``apply()`` then ``restore()``."""

    def __init__(self, rec):
        self.rec = rec
        self._undo = []

    def _set(self, owner, name, value):
        old = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        self._undo.append((owner, name, old))
        setattr(owner, name, value)

    def apply(self):
        """Install the replacements."""
        rec = self.rec
        registry = _backends._registry
        self._registry = dict(registry)
        for kind, real in self._registry.items():
            registry[kind] = tracing_backend(real)
        _backends._xp_by_array_type.clear()
        self._devices = [(d, d.backend) for d in list(_device._cache.values())]
        for d, real in self._devices:
            if real is not None:
                d.backend = tracing_backend(real)
        gen = _random.default_generator
        self._set(gen, "_rng", RecordingRNG(gen._rng, lambda: gen._rng))
        self._set(_namespace, "_constants", _CaptureConstants(rec))
        self._set(_entry_points, "_seeds", {})
        for owner, name, replacement in _replacements():
            self._set(owner, name, replacement)

    def restore(self):
        """Undo every replacement (also after an exception)."""
        for owner, name, old in reversed(self._undo):
            setattr(owner, name, old)
        self._undo.clear()
        registry = _backends._registry
        registry.clear()
        registry.update(self._registry)
        _backends._xp_by_array_type.clear()
        for d in list(_device._cache.values()):
            d.backend = None
        for d, real in self._devices:
            d.backend = real
