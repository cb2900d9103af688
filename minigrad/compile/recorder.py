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
"""
import operator
import os
import sys

import numpy as _np  # to recognise NumPy arrays and scalars (host values) among arguments

from . import traced as _traced
from .traced import Traced, Method, setitem, _traced_classes, traced_types as _TRACED_ARRAYS

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Unsupported(RuntimeError):
    """Raised by ``compile(..., fullgraph=True)`` at a graph break (as PyTorch's ``Unsupported``)."""


class Ref:
    """A slot named inside recorded arguments."""

    __slots__ = ("i",)

    def __init__(self, i):
        self.i = i

    def __repr__(self):
        return f"${self.i}"


class LiveRef(Ref):
    """A live Python number (``live.scalars``) named inside recorded arguments."""

    __slots__ = ()


class Slot(Ref):
    """One value of the step, and its own name in recorded arguments (a ``Ref``).
    ``kind``: input, external, const, result, live."""

    # (class-level defaults: a slot is made per recorded call, and sets only what differs)
    base = None       # the slot this one is a view of
    written = False   # changed in place by some instruction (itself or through a view)
    owner = None      # inputs and externals: the Tracked tensor it was taken from

    def __init__(self, i, kind, value, instr=None):
        self.i = i
        self.kind = kind
        self.value = value     # the real array (or number) seen at capture
        self.instr = instr     # index of the producing instruction (results, live numbers)


class Instr:
    """One recorded call. ``kind``: call, draw, live, action, read.

    ``outs``: slots it creates; ``writes``: slots it changes in place; ``same``: the
    call returned one of its arguments (``a += b``), so it creates nothing.
    """

    # (class-level defaults: an instruction is made per recorded call, and sets only what differs)
    outs = ()
    writes = ()
    same = None
    views = False     # its result shares memory with an argument (a view)
    signature = None  # live calls: what guards compare of the result (see ``signature``)
    moved = ()        # checks: later instructions to run before the step's first effect, with it

    def __init__(self, kind, fn, args, kwargs, outs=()):
        self.kind = kind
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        if outs:
            self.outs = outs

    def __repr__(self):
        return f"<{self.kind} {getattr(self.fn, '__name__', self.fn)} {self.args} -> {self.outs}>"


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


class Recorder:
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

    # ------------------------------------------------------------------ Python-side values
    def live(self, fn, args, checked=True):
        """``live.scalars``: run fn, record it, and track the floats it returns as live slots."""
        if self.inside is not None or not self.recording:
            return fn(*args)
        self.inside = "live"
        try:
            out = fn(*args)
        finally:
            self.inside = None
        n = len(self.instrs)
        single = out.__class__ is float
        values = (out,) if single else tuple(out)
        fresh, outs = [], []
        for v in values:
            if v.__class__ is float:
                v = v * 1.0  # a new float object: its id names the slot
                slot = self.add_slot("live", v, n)
                self.live_ids[id(v)] = slot
                self.keep.append(v)
                outs.append(slot)
            else:
                outs.append(None)
            fresh.append(v)
        instr = Instr("live", fn, args, None, outs=tuple(outs))
        instr.signature = signature(out) if checked else None
        instr.same = single
        self.instrs.append(instr)
        return fresh[0] if single else tuple(fresh)

    def action(self, fn, args):
        """``live.replayed``: run fn and record it to be run again at each replay."""
        if self.inside is not None or not self.recording:
            return fn(*args)
        self.inside = "action"
        try:
            out = fn(*args)
        finally:
            self.inside = None
        self._effect(len(self.instrs))
        self.instrs.append(Instr("action", fn, args, None))
        return out

    def _effect(self, n):
        """Instruction ``n`` changes something outside the step."""
        self.effects = True
        self.effect_instrs.add(n)
        if self.first_effect is None:
            self.first_effect = n

    def _movable_before_effects(self, slot):
        """The instructions after the first effect that ``slot``'s value depends on, when all of them can
        run before it (none is an effect, none reads what an effect changed); else None. A check on
        the value then runs before any effect, so that a failing check can still run the step eagerly
        (a loss's argument check after BatchNorm counted the batch)."""
        first = self.first_effect
        roots = {self._root(slot)}
        deps = set()
        for k in range(len(self.instrs) - 1, -1, -1):
            ins = self.instrs[k]
            made = [self._root(o) for o in ins.outs if o is not None] if ins.kind != "check" else []
            changed = made + [self._root(w) for w in ins.writes]
            if not any(r in roots for r in changed):
                continue
            if k in self.effect_instrs or ins.kind in ("live", "action", "draw", "read"):
                if k >= first:
                    return None
            if k > first:
                deps.add(k)
            for r in _refs(ins.args) + _refs(tuple((ins.kwargs or {}).values())):
                roots.add(self._root(r))
        for k in deps:
            ins = self.instrs[k]
            read = {self._root(r) for r in _refs(ins.args) + _refs(tuple((ins.kwargs or {}).values()))}
            for e in self.effect_instrs:
                if e < k and any(self._root(w) in read for w in self.instrs[e].writes):
                    return None
        return deps

    def _inside_break(self):
        what = "a live-scalar function" if self.inside == "live" else "a replayed Python call"
        self.inside = None
        self.graph_break(f"{what} computed with tensors")

    def read(self, x, what, args, value):
        """A value taken to Python. Inside ``live.scalars`` functions, or from a constant, it is just
        read. Before the step has changed anything outside itself, it becomes a check: the replay
        computes it again and, if it differs, runs the step eagerly instead (the argument checks of
        a loss, ``if mask.any():``). An ``item()``/``tolist()`` whose value is only returned at the end
        of the step is repeated by the replay. Anything else is a graph break."""
        if x.cid != self.cid or self.inside == "live":
            return value
        if self.inside is None and what in _CHECKS and self.first_read is None \
                and value.__class__ in (bool, int):  # (a float would differ at almost every step)
            moved = self._movable_before_effects(x.ref.i) if self.effects else ()
            if moved is not None:
                instr = Instr("check", what, (x.ref,) + tuple(args), None)
                instr.same = value
                instr.moved = tuple(sorted(moved))
                self.instrs.append(instr)
                return value
        if self.inside == "action" or what not in _TAIL_READS or not isinstance(value, (float, list)):
            self.graph_break(_cause_of_read(what))
            return value
        n = len(self.instrs)
        slot = self.add_slot("result", value, n)
        self.instrs.append(Instr("read", what, (x.ref,) + tuple(args), None, outs=(slot,)))
        self.reads[id(value)] = slot
        self.keep.append(value)
        if self.first_read is None:
            self.first_read = n
            self.first_read_cause = _cause_of_read(what)
        return value

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


def _refs(v):
    """The slot indices named in an encoded argument."""
    if isinstance(v, Ref):
        return [v.i]
    if v.__class__ in (tuple, list):
        out = []
        for x in v:
            out += _refs(x)
        return out
    return []


def signature(values):
    """What guards compare of a live call's result: floats by class (0: zero, 1: one, 2: other),
    anything else by value. Library code branches on these classes (``if alpha != 1``)."""
    if values.__class__ is float:
        return 0 if values == 0 else 1 if values == 1 else 2
    return tuple((0 if v == 0 else 1 if v == 1 else 2) if v.__class__ is float else v for v in values)


def _writable(array):
    flags = getattr(array, "flags", None)
    return getattr(flags, "writeable", True)
