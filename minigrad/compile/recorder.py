"""The recorder: what one capture saw, as slots (values) and instructions (array calls).

Every value a captured step computes with gets a slot: the inputs' arrays,
the arrays of tensors that existed before the call (parameters, gradients,
optimizer state: "externals"), constants, results of recorded calls, and
live Python numbers (``live.scalars``). An instruction is one array call with
its arguments as they were given, slot references in place of arrays; the
replay repeats the instructions in order (``tape.py``).

Anything a replay could not repeat faithfully is a graph break: the capture
stops recording (the step still finishes eagerly, on the real arrays), and
the function runs eagerly from then on; with ``fullgraph=True`` it raises.

The slots and instructions are ``slots.py``; what is known of each array function,
``call_kinds.py``; the values that cross to Python (live numbers, reads), ``python_values.py``.
"""
import operator

import numpy as _np  # to recognise NumPy ufuncs

from . import traced as _traced
from .traced import Traced, Method, setitem, _traced_classes, traced_types as _TRACED_ARRAYS
from .call_kinds import (_KINDS, _GENERAL, _MAYBE_VIEW, _UNKNOWN, _FRESH, _FRESH_OPERATORS, _HOST_VALUES,
                         _UPLOADS, _WRITERS, _IN_PLACE_OPERATORS, _IN_PLACE_METHODS, _FIRST_ARG_WRITTEN, _kind,
                         user_location, _writable)
from .python_values import PythonValues
from .slots import Unsupported, LiveRef, Slot, Instr  # noqa: F401  (Unsupported: also imported from here)


class Recorder(PythonValues):
    """The active capture's slots and instructions (``live.current`` while it runs)."""

    def __init__(self, cid, fullgraph, real_backends):
        self.cid = cid
        self.fullgraph = fullgraph
        self.array_types = tuple(b.array_type for b in real_backends)  # the real backends' array classes
        self._namespaces = [(b.array_type, b.xp) for b in real_backends]
        for b in real_backends:
            _traced.tracing_backend(b)  # registers its Traced classes
        self.slots = []
        self.instrs = []
        self.recording = True
        self.broken = None           # (cause, location) of the first graph break
        self.inside = None           # "live" or "action" while such a call runs
        self.live_ids = {}           # id(live float) -> slot
        self.reads = {}              # id(value read at the tail) -> slot of the read value
        self.keep = []               # objects whose ids name slots: kept alive
        self.modules = {}            # id -> Module called during the capture
        self.first_read = None       # index of the first tail read among the instructions
        self.first_read_cause = None
        self.effects = False         # an instruction changed something outside the step (or drew, or ran
                                     # Python): from then on a read is a check only if it can move before
        self.first_effect = None     # the index of that instruction
        self.effect_instrs = set()   # every such instruction

    # ------------------------------------------------------------------ slots
    def add_slot(self, kind, value, instr=None, owner=None):
        """A new slot; returns its index."""
        slots = self.slots
        i = len(slots)
        slot = Slot(i, kind, value, instr)
        if owner is not None:
            slot.owner = owner
        slots.append(slot)
        return i

    def proxy(self, value, slot):
        """A Traced stand-in for ``value`` naming ``slot``."""
        cls = _traced.traced_class(value)
        return cls(value, self.slots[slot], self.cid)

    def external(self, array, owner, kind="external"):
        """A Traced stand-in for the array of a tensor that exists before the step."""
        return self.proxy(array, self.add_slot(kind, array, owner=owner))

    # ------------------------------------------------------------------ graph breaks
    def graph_break(self, cause):
        """Stop recording: the step finishes eagerly and the function will not be replayed."""
        if self.broken is None:
            self.broken = (cause, user_location())
        self.recording = False
        if self.fullgraph:
            raise Unsupported(f"minigrad.compile(fullgraph=True): graph break at {self.broken[1]}: {cause}")

    # ------------------------------------------------------------------ arguments
    def _encode(self, x, raw_ok):
        """(real value, encoded value) of one argument: slots become Refs, live floats LiveRefs."""
        if isinstance(x, Traced):
            if x.cid == self.cid:
                return x.a, x.ref
            return x.a, x.a  # a stand-in from another capture (a cached constant): its value
        cls = x.__class__
        if cls is float:
            slot = self.live_ids.get(id(x))
            if slot is not None:
                return x, LiveRef(slot)
            return x, x
        if cls is tuple or cls is list:
            reals, encs, changed = [], [], False
            for v in x:
                r, e = self._encode(v, raw_ok)
                reals.append(r)
                encs.append(e)
                changed = changed or e is not v or r is not v
            return (cls(reals), cls(encs)) if changed else (x, x)
        if isinstance(x, self.array_types):
            if raw_ok or not _writable(x):
                return x, x  # an index array or a read-only constant (the cached gradient seed)
            self.graph_break("an array the step did not create or receive: a tensor built from Python or "
                             "NumPy data inside the step, or one not reachable from the function's "
                             "arguments, closure or globals (pass it as an argument)")
            return x, x
        return x, x

    # ------------------------------------------------------------------ recorded calls
    def call(self, fn, args, kwargs):
        """Run ``fn`` on the real arrays and record it; returns Traced results."""
        try:
            kind = _KINDS[fn]
        except KeyError:
            kind = _kind(fn)
        except TypeError:  # an unhashable callable
            kind = _GENERAL
        if kind is _GENERAL or kwargs or self.inside is not None or self.first_read is not None:
            return self._call(fn, args, kwargs)
        # Fast path, fenced: no keywords, a function that neither writes nor takes raw arrays, one
        # new array as its result (most calls of a step). It records what ``_call`` records for
        # such a call, without its general cases; a test checks the two agree.
        cid = self.cid
        traced = _TRACED_ARRAYS
        if len(args) == 2:  # (binary operators and ufuncs)
            x, y = args
            if x.__class__ in traced and x.cid == cid:
                rx, ex = x.a, x.ref
            else:
                rx, ex = self._encode(x, False)
            if y.__class__ in traced and y.cid == cid:
                ry, ey = y.a, y.ref
            else:
                ry, ey = self._encode(y, False)
            rargs, eargs = (rx, ry), (ex, ey)
        else:
            rargs, eargs = [], []
            for a in args:
                if a.__class__ in traced and a.cid == cid:
                    rargs.append(a.a)
                    eargs.append(a.ref)
                else:
                    r, e = self._encode(a, False)
                    rargs.append(r)
                    eargs.append(e)
            eargs = tuple(eargs)
        if not self.recording:  # a break while encoding
            return fn(*rargs)
        res = fn(*rargs)
        cls = _traced_classes.get(res.__class__)
        if cls is None:
            return self._finish(fn, args, kwargs, rargs, eargs, kwargs, kwargs, res)
        for r in rargs:
            if r is res:
                return self._finish(fn, args, kwargs, rargs, eargs, kwargs, kwargs, res)
        slots = self.slots
        i = len(slots)
        slot = Slot(i, "result", res, len(self.instrs))
        if kind is _MAYBE_VIEW:
            slot.base = _UNKNOWN  # found when needed (``base``): it may be a view
        slots.append(slot)
        self.instrs.append(Instr("call", fn, eargs, kwargs, (i,)))
        return cls(res, slot, cid)

    def _call(self, fn, args, kwargs):
        """``call`` for any function and arguments: the general path."""
        if self.inside is not None:
            self._inside_break()
            return fn(*_traced.unwrap(args), **_traced.unwrap(kwargs))
        name = fn.name if fn.__class__ is Method else getattr(fn, "__name__", "")
        if name in _HOST_VALUES:
            self.graph_break(f"{name}() takes a tensor's value to Python")
            return fn(*_traced.unwrap(args), **_traced.unwrap(kwargs))
        cid = self.cid
        index_arg = 1 if (fn is operator.getitem or fn is setitem) else -1
        raw_ok = name in _UPLOADS
        rargs, eargs = [], []
        for k, a in enumerate(args):
            if isinstance(a, Traced) and a.cid == cid:  # the common case, inline
                rargs.append(a.a)
                eargs.append(a.ref)
            else:
                r, e = self._encode(a, raw_ok or k == index_arg)
                rargs.append(r)
                eargs.append(e)
        if kwargs:
            rkw, ekw = {}, {}
            for k, a in kwargs.items():
                rkw[k], ekw[k] = self._encode(a, raw_ok)
        else:
            rkw = ekw = kwargs
        if not self.recording:  # a break while encoding
            return fn(*rargs, **rkw)
        res = fn(*rargs, **rkw)
        return self._finish(fn, args, kwargs, rargs, eargs, rkw, ekw, res)

    def _finish(self, fn, args, kwargs, rargs, eargs, rkw, ekw, res):
        """Record a call that ran (``res`` its result) and return what the step gets."""
        if self.first_read is not None:
            self.graph_break(self.first_read_cause + " before the step's last array operation")
            return res
        name = fn.name if fn.__class__ is Method else getattr(fn, "__name__", "")
        cid = self.cid
        n = len(self.instrs)
        instr = Instr("call", fn, tuple(eargs), ekw)
        self.instrs.append(instr)
        if ekw or res is None or fn in _WRITERS or (fn.__class__ is Method and name in _IN_PLACE_METHODS):
            instr.writes = self._writes(fn, name, rargs, eargs, ekw, res)
            if any(self._root(w).kind in ("external", "input") for w in instr.writes):
                self._effect(n)
        if res is None:
            return None
        for k, r in enumerate(rargs):
            if r is res:  # the call returned an argument (``a += b``, ``astype(copy=False)``)
                instr.same = eargs[k]
                return args[k]
        if kwargs and rkw.get("out") is not None:  # ``ufunc(a, b, out=c)``: in place, its result is c
            instr.same = ekw["out"]
            return kwargs["out"]
        cls = _traced.traced_class(res)
        if cls is not None:
            slot = self.add_slot("result", res, n)
            instr.outs = (slot,)
            if name not in _FRESH and fn not in _FRESH_OPERATORS and fn.__class__ is not _np.ufunc:
                self.slots[slot].base = _UNKNOWN  # found when needed (``base``): it may be a view
            return cls(res, self.slots[slot], cid)
        if res.__class__ is tuple and res and all(_traced.traced_class(r) is not None for r in res):
            outs = tuple(self.add_slot("result", r, n) for r in res)
            instr.outs = outs
            return tuple(_traced.traced_class(r)(r, self.slots[s], cid) for r, s in zip(res, outs))
        self.instrs.pop()  # metadata (a shape, a dtype): nothing to replay
        return res

    def base(self, i):
        """The slot that slot ``i`` is a view of, or None (found from memory overlap on first use)."""
        s = self.slots[i]
        b = s.base
        if b is _UNKNOWN:
            b = s.base = None
            instr = self.instrs[s.instr]
            for e in instr.args:
                if e.__class__ is Slot:
                    v = self.slots[e.i].value
                    if _traced.traced_class(v) is not None and self._shares_memory(s.value, v):
                        instr.views = True
                        b = s.base = e.i
                        break
        return b

    def _writes(self, fn, name, rargs, eargs, ekw, res):
        """The slots a call changes in place (marked written, with the slots they are views of)."""
        written = []
        out = ekw.get("out") if ekw else None
        if out is not None:
            written.extend(e.i for e in (out if out.__class__ is tuple else (out,)) if e.__class__ is Slot)
        if fn in _IN_PLACE_OPERATORS or fn is setitem or name in _FIRST_ARG_WRITTEN or (
                fn.__class__ is Method and name in _IN_PLACE_METHODS):
            if eargs and eargs[0].__class__ is Slot and (res is None or res is rargs[0] or fn is setitem
                                                        or name in _FIRST_ARG_WRITTEN):
                written.append(eargs[0].i)
        elif res is None and not written:  # an unknown function returning nothing: assume it writes
            written.extend(e.i for e in eargs if e.__class__ is Slot)
        for i in written:
            while i is not None:
                self.slots[i].written = True
                i = self.base(i)
        return tuple(written)

    def draw(self, source, name, method, args, kwargs):
        """A random draw, recorded to be drawn again at replay from ``source()``'s generator."""
        if self.inside is not None:
            self._inside_break()
            return method(*_traced.unwrap(args), **_traced.unwrap(kwargs))
        rargs, eargs = [], []
        for a in args:
            r, e = self._encode(a, False)
            rargs.append(r)
            eargs.append(e)
        rkw, ekw = {}, {}
        for k, a in kwargs.items():
            rkw[k], ekw[k] = self._encode(a, False)
        res = method(*rargs, **rkw)
        if not self.recording:
            return res
        cls = _traced.traced_class(res)
        if cls is None:  # a Python number drawn: Python-side data
            self.graph_break(f"a random {name}() drawn as a Python number")
            return res
        n = len(self.instrs)
        slot = self.add_slot("result", res, n)
        self.instrs.append(Instr("draw", (source, name), tuple(eargs), ekw, outs=(slot,)))
        self._effect(n)
        return cls(res, self.slots[slot], self.cid)

    def _root(self, i):
        """The slot that slot ``i`` is a view of (itself if none)."""
        b = self.base(i)
        while b is not None:
            i, b = b, self.base(b)
        return self.slots[i]

    def resolve_views(self):
        """Find every result's base (the tape needs them all)."""
        for i in range(len(self.slots)):
            self.base(i)

    def _shares_memory(self, a, b):
        for array_type, xp in self._namespaces:
            if isinstance(a, array_type):
                return bool(xp.may_share_memory(a, b))
        return False

    def module_called(self, module):
        """Note a Module whose forward ran (its training flag and attributes are guarded)."""
        self.modules[id(module)] = module
