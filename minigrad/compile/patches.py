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


_MADE = {}  # (owner, name) -> (what it replaces, its replacement)


def _replacement(owner, name, make):
    """``make(original)`` for the attribute ``name`` of ``owner``, made once per original: made anew
    where the attribute changed since (a Tensor subclass defined since puts wrappers on Tensor), the
    same where it is unchanged or is that replacement itself (a capture inside a capture)."""
    original = vars(owner)[name] if isinstance(owner, type) else getattr(owner, name)
    made = _MADE.get((owner, name))
    if made is None or original is not made[0] and original is not made[1]:
        made = _MADE[(owner, name)] = (original, make(original))
    return made[1]


def _replacements():
    """(owner, name, replacement) of each patch; the owner of a Tensor method is looked up each time
    (Tensor, or the base class defining it)."""
    out = [(builtins, "print", _replacement(builtins, "print", lambda f: _breaking(f, "print")))]
    for name in ("numpy", "__repr__", "__str__", "__format__", "register_hook", "retain_grad"):
        cause = name if name != "__str__" else "__repr__"
        owner = next(k for k in Tensor.__mro__ if name in vars(k))
        out.append((owner, name, _replacement(owner, name, lambda f, cause=cause: _breaking(f, cause))))
    for name in ("register_hook", "register_prehook", "add_tensor_hook"):
        out.append((Node, name, _replacement(Node, name, lambda f: _breaking(f, "register_hook"))))
    out.append((_gradient_sink, "_call_hooks", _replacement(_gradient_sink, "_call_hooks",
                                                            lambda f: _breaking(f, "hooks"))))
    out.append((Module, "__call__", _replacement(Module, "__call__", _module_call)))
    return out


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
