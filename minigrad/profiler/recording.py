"""Recording op calls while a profiler is active: ``Op``'s entry points and backward formula
runs are wrapped for the profile's duration (and restored after it), so that code not being
profiled pays nothing. ``record_function`` adds a named block."""
import time

from ..autograd.op import Op
from .events import FunctionEvent

_active = []   # the recording profilers (innermost last)
_open = []     # the events begun and not yet ended, outermost first
_originals = {}


def _now_us():
    return time.perf_counter() * 1e6


def begin(name, shapes=None):
    """Open an event named ``name`` (inside the innermost open one); None when nothing records."""
    if not _active:
        return None
    if shapes is None and _active[-1].record_shapes:
        shapes = []
    event = FunctionEvent(name, _now_us(), shapes, _open[-1] if _open else None)
    if _open:
        _open[-1].cpu_children.append(event)
    _open.append(event)
    for profiler in _active:
        profiler._events.append(event)
    return event


def end(event):
    """Close ``event`` (and any left open inside it)."""
    if event is None:
        return
    event.end_us = _now_us()
    while _open and _open.pop() is not event:
        pass


def _shapes(args):
    """The shape of each Tensor argument ([] for anything else), as PyTorch lists input shapes."""
    return [list(a._data.shape) if hasattr(a, "_data") else [] for a in args]


def _op_name(cls):
    return "aten::" + getattr(cls, "op_name", cls.__name__).lower()


def _timed_entry(original, arguments):
    """A classmethod recording each call of ``original`` (``arguments`` picks the Tensors)."""
    def entry(cls, *args):
        event = begin(_op_name(cls), _shapes(arguments(args)) if _active[-1].record_shapes else None)
        try:
            return original(cls, *args)
        finally:
            end(event)
    return classmethod(entry)


def _timed_run(original):
    def run(ctx, m, g, release):
        event = begin("autograd::engine::evaluate_function: " + ctx.name())
        try:
            return original(ctx, m, g, release)
        finally:
            end(event)
    return run


def start(profiler):
    """Begin recording for ``profiler`` (wrapping the entry points if it is the first)."""
    if not _active:
        # Every op call goes through exactly one of Op's two paths (apply dispatches to them;
        # arithmetic enters the fast one directly): each is recorded once.
        _originals.update(_apply_any=Op.__dict__["_apply_any"], _apply_fast=Op.__dict__["_apply_fast"],
                          run=Op.__dict__["run"])
        Op._apply_any = _timed_entry(_originals["_apply_any"].__func__, lambda args: args[0])
        Op._apply_fast = _timed_entry(_originals["_apply_fast"].__func__, lambda args: args)
        Op.run = _timed_run(_originals["run"])
    _active.append(profiler)


def stop(profiler):
    """Stop recording for ``profiler`` (restoring the entry points after the last)."""
    if profiler in _active:
        _active.remove(profiler)
    if not _active and _originals:
        for name, value in _originals.items():
            setattr(Op, name, value)
        _originals.clear()
        _open.clear()
