"""The recorder's Python-side values: live numbers (``live.scalars``), replayed Python calls
(``live.replayed``), and values a step reads to Python (checks, tail reads, graph breaks)."""
from .call_kinds import _CHECKS, _TAIL_READS, _cause_of_read
from .slots import Instr, _refs, signature


class PythonValues:
    """The part of ``Recorder`` that records what crosses between the step's arrays and Python."""

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
