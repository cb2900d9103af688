"""``minigrad.compile``: capture a training step once, replay it as straight array calls.

``minigrad.compile(fn)`` (PyTorch's name, keywords and call forms) returns a
callable whose first call runs ``fn`` eagerly (it creates the gradients and
optimizer state later steps find); the next call runs it eagerly too while
recording every array call the step makes (forward, ``backward()``,
``optimizer.step()``, ``zero_grad()``, updates under ``no_grad``) into a
tape; later calls whose guards hold replay the tape: the same array calls, in
the same order, into buffers allocated once, with no Tensor objects, graph
nodes or dispatch. The results are the eager step's, bit for bit.

How it works, one file per idea:

- ``traced_array.py`` and ``traced.py``: during a capture, tensors hold
  ``Traced`` arrays and the device's ``xp`` is a recording namespace, so the
  op machinery runs unchanged and every array call it makes is seen (capture
  at the array level: independent of how ops are written);
- ``recorder.py``: slots and instructions (``slots.py``), graph breaks; ``call_kinds.py``: what it
  knows of each array function; ``python_values.py``: live numbers and reads to Python;
- ``world.py``: what the step can reach (for guards);
- ``capture.py``: one capture, and the step's effects on tensors;
- ``tape.py``: a capture as a guard (``guard.py``) and a replay (``replay.py``,
  from what ``replay_plan.py`` keeps of the capture), both generated code,
  built at the first call that fits; ``runtime.py``: what that code calls
  (pools for the results it hands out);
- ``live.py``: how library code marks numbers a replay must recompute
  (learning rates, Adam's bias corrections) and Python updates it must
  repeat (a scheduler's step);
- ``patches.py``: what a capture replaces while it runs.

``minigrad.compile`` is the function; this package holds its parts.
"""
import functools
import gc
import warnings

from ..nn.module import Module
from . import live
from .capture import Capture
from .slots import Unsupported  # noqa: F401
from .tape import Tape, BAIL

MODES = (None, "default", "reduce-overhead", "max-autotune", "max-autotune-no-cudagraphs")
BACKENDS = ("inductor", "eager", "aot_eager", "minigrad")
RECOMPILE_LIMIT = 8  # as torch._dynamo.config.recompile_limit


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,
            name=None, disable=False, recompile_limit=None, **kwargs):
    """Compile a function or Module: capture a call, replay later calls (as ``torch.compile``).

    Usable as ``compile(fn)``, ``@compile``, ``@compile(fullgraph=True)`` and
    ``compile(module)`` (an ``OptimizedModule`` whose calls are compiled).

    - ``fullgraph=True``: a graph break raises ``Unsupported`` instead of
      running the function eagerly (and the first call is captured already,
      so that it raises at once).
    - ``dynamic``: accepted; every new input shape records its own tape.
    - ``mode``, ``options``, ``backend``: PyTorch's values are accepted
      (``backend="eager"`` runs the function unchanged, as PyTorch's).
    - ``disable=True`` returns the function unchanged.
    - ``recompile_limit``: tapes kept per function (default 8); calls that
      match none of them once the limit is reached run eagerly, with a warning.
    """
    if model is None:
        return lambda m: compile(m, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                                 options=options, name=name, disable=disable, recompile_limit=recompile_limit,
                                 **kwargs)
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified at the same time.")
    if mode not in MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(m for m in MODES if m)}")
    if not (callable(backend) or backend in BACKENDS):
        raise RuntimeError(f"Invalid backend: {backend!r}, see `minigrad.compile` for the backends: "
                           f"{', '.join(BACKENDS)}")
    if options is not None and not isinstance(options, dict):
        raise RuntimeError(f"options must be a dict, got {type(options).__name__}")
    if not callable(model):
        raise RuntimeError(f"compile() expects a callable (a function or a Module), got {type(model).__name__}")
    if disable:
        return model
    limit = RECOMPILE_LIMIT if recompile_limit is None else int(recompile_limit)
    eager = backend == "eager" or callable(backend)
    if isinstance(model, Module):
        return OptimizedModule(model, CompiledFunction(model, fullgraph, limit, eager))
    return CompiledFunction(model, fullgraph, limit, eager)


class CompiledFunction:
    """A compiled callable: a few tapes, each with its guard; the function itself as the fallback."""

    def __init__(self, fn, fullgraph=False, recompile_limit=RECOMPILE_LIMIT, eager=False):
        try:
            functools.update_wrapper(self, fn)
        except AttributeError:
            pass
        self._fn = fn
        self._fullgraph = fullgraph
        self._limit = recompile_limit
        self._tapes = []
        self._last = None
        self._eager = "backend='eager'" if eager else None  # why the function runs eagerly, once it does
        self._warned_limit = False
        self._warned_backward = False
        self._warmed = False

    @property
    def tapes(self):
        """The tapes recorded so far (each: ``guard_source``, ``source``)."""
        return list(self._tapes)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self, obj)

    def __call__(self, *args, **kwargs):
        if self._eager is not None or live.current is not None:
            return self._fn(*args, **kwargs)  # broken, or inside another capture (recorded there)
        tape = self._last
        if tape is None or not tape.check(args, kwargs):
            tape = None
            for t in self._tapes:
                if t is not self._last and t.check(args, kwargs):
                    tape = self._last = t
                    break
            else:
                return self._capture(args, kwargs)
        tape.calls += 1
        if tape.replay is None:
            return self._fn(*args, **kwargs)  # a warm-up step (it creates optimizer state)
        result = tape.replay(args, kwargs)
        if result is BAIL:  # a value the step checks differs from the capture's: run it eagerly
            tape.bails += 1
            return self._fn(*args, **kwargs)
        return result

    def _capture(self, args, kwargs):
        if not self._warmed and not self._fullgraph:
            # The first call runs eagerly: it creates what later steps find (gradients, optimizer
            # state), so a tape recorded now would fit no later call (as tinygrad's TinyJit).
            self._warmed = True
            return self._fn(*args, **kwargs)
        if len(self._tapes) >= self._limit:
            if not self._warned_limit:
                self._warned_limit = True
                warnings.warn(f"minigrad.compile: {self._name()} hit the recompile limit ({self._limit}): calls "
                              "matching none of its tapes run eagerly", UserWarning, stacklevel=3)
            return self._fn(*args, **kwargs)
        collecting = gc.isenabled()
        gc.disable()  # a capture allocates many small objects: no collection pass over the whole heap
        try:
            cap = Capture(self._fn, args, kwargs, self._fullgraph)
            result = cap.run(args, kwargs)
        finally:
            if collecting:
                _keep_young_objects()
                gc.enable()
        if cap.rec.broken is not None:
            cause, where = cap.rec.broken
            if self._fullgraph:
                raise Unsupported(f"minigrad.compile(fullgraph=True): graph break at {where}: {cause}")
            self._eager = cause
            warnings.warn(f"minigrad.compile: graph break in {self._name()} at {where}: {cause}; the function "
                          "runs eagerly from now on", UserWarning, stacklevel=3)
            return result
        if cap.outside_backward and not self._warned_backward:
            self._warned_backward = True
            warnings.warn(f"minigrad.compile: {self._name()} returns a tensor whose gradient is computed after "
                          "the call; such calls run eagerly (calls without gradients, under no_grad or in eval, "
                          "are replayed). Compile the whole training step to replay its backward too.",
                          UserWarning, stacklevel=3)
        tape = self._last = Tape(cap)
        self._tapes.append(tape)
        return result

    def _name(self):
        return getattr(self._fn, "__qualname__", None) or type(self._fn).__name__


def _keep_young_objects():
    """Move the objects a capture allocated out of the young generation without a collection pass.

    Once the collector is enabled again, the next allocation would scan them all (the capture's
    slots and instructions, most of which live as long as the tape). ``gc.freeze()`` then
    ``gc.unfreeze()`` moves every tracked object to the oldest generation in constant time; cycles
    among them are found by the next full collection. Skipped when the program froze objects itself.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


class OptimizedModule(Module):
    """A Module whose calls are compiled (what ``compile(module)`` returns, as PyTorch's).

    The original module is ``_orig_mod`` (so ``state_dict`` keys start with
    ``_orig_mod.``, as PyTorch's); other attributes are read from it, and set and
    deleted on it, as are ``training`` and ``len()``.
    """

    #: the names that stay on the wrapper; any other instance attribute is the original's
    _OWN = frozenset(("_orig_mod", "_compiled"))

    def __init__(self, mod, compiled):
        super().__init__()
        del self.__dict__["training"]  # (the original's flag, through the property below)
        self._orig_mod = mod
        object.__setattr__(self, "_compiled", compiled)

    def forward(self, *args, **kwargs):
        return self._compiled(*args, **kwargs)

    @property
    def training(self):
        """The original module's mode, so ``model.eval()`` shows through the wrapper."""
        return self._orig_mod.training

    @training.setter
    def training(self, mode):
        self._orig_mod.training = mode

    def __getattr__(self, name):
        return getattr(self.__dict__["_modules"]["_orig_mod"], name)

    def __setattr__(self, name, value):
        if name in self._OWN or hasattr(type(self), name):
            super().__setattr__(name, value)
        else:
            setattr(self._orig_mod, name, value)

    def __delattr__(self, name):
        if name in self._OWN or hasattr(type(self), name):
            super().__delattr__(name)
        else:
            delattr(self._orig_mod, name)

    def __len__(self):
        if not hasattr(type(self._orig_mod), "__len__"):
            raise TypeError(f"{type(self._orig_mod).__name__} does not support len()")
        return len(self._orig_mod)

    def __repr__(self):
        return f"OptimizedModule(\n  (_orig_mod): {repr(self._orig_mod)}\n)".replace("\n", "\n", 1)
