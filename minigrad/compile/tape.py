"""A tape: a capture turned into a guard (``guard.py``) and a replay (``replay.py``), both
generated as Python source at the first call that fits the tape.
"""
from ..autograd import grad_mode as _grad_mode
from ..nn import module as _nn_module
from .capture import summary
from .guard import guard_source
from .slots import signature
from .replay import ReplayBuilder
from .runtime import make_tensor, take, take_grad, set_grad, same_value, differs, BAIL

_MISSING = object()


class _Source:
    """Generated source and the objects its names stand for."""

    def __init__(self):
        self.names = {"make_tensor": make_tensor, "take": take, "take_grad": take_grad, "set_grad": set_grad,
                      "same_value": same_value,
                      "signature": signature, "_MISSING": _MISSING, "_grad_state": _grad_mode.state,
                      "_mutations": _nn_module.mutations, "_seen": [-1],
                      "BAIL": BAIL, "_differs": differs}
        self._ids = {}

    def bind(self, obj, prefix="k"):
        """A name for ``obj`` in the generated code."""
        key = id(obj)
        name = self._ids.get(key)
        if name is None:
            name = self._ids[key] = f"{prefix}{len(self._ids)}"
            self.names[name] = obj
        return name

    def literal(self, v):
        """Source for a constant argument."""
        cls = v.__class__
        if v is None or v is Ellipsis or cls in (bool, int, str):
            return repr(v)
        if cls is float and v == v and v not in (float("inf"), float("-inf")):
            return repr(v)
        if cls is tuple:
            return "(" + "".join(self.literal(x) + ", " for x in v) + ")"
        if cls is slice:
            return f"slice({self.literal(v.start)}, {self.literal(v.stop)}, {self.literal(v.step)})"
        return self.bind(v)

    def compile(self, text, name):
        code = compile(text, f"<minigrad.compile {name}>", "exec")
        exec(code, self.names)
        return self.names[name]


class Tape:
    """Guards and replay of one capture (built at first use)."""

    def __init__(self, capture):
        self.capture = capture
        self.warmup = capture.warmup or capture.outside_backward
        self._tensors = [tr.tensor for tr in capture.externals]
        self._summary = (capture.grad_enabled, capture.args_summary, tuple(tr.grad is None for tr in capture.externals))
        self.guard = None
        self.replay = None
        self.source = None       # the generated replay, for reading (``tape.source``)
        self.guard_source = None
        self.calls = 0           # calls that matched this tape (replayed, or run eagerly for a warm-up)
        self.bails = 0           # replays stopped by a check (then run eagerly)

    def check(self, args, kwargs):
        """Whether this tape applies to the call."""
        if self.guard is None:
            # Code is generated only for a tape whose quick summary fits (grad mode, the arguments'
            # shapes, which gradients exist): a tape recorded for other calls costs nothing.
            if self._summary != (_grad_mode.state.enabled, summary((args, kwargs)),
                                 tuple(t._grad is None for t in self._tensors)):
                return False
            self._build()
        try:
            return self.guard(args, kwargs)
        except Exception:  # a structure the guard does not expect: not this tape
            return False

    def _build(self):
        cap = self.capture
        self._tensors = None
        src = _Source()
        self.guard_source = guard_source(cap, src)
        self.guard = src.compile(self.guard_source, "guard")
        if not self.warmup:
            self.source = ReplayBuilder(cap, src).build()
            self.replay = src.compile(self.source, "replay")
        self.capture = None  # what the capture saw is no longer needed
