"""What a replay keeps of a capture, and in which order: the slots whose arrays the user ends up
holding, the gradients handed out, the instructions whose effects can be seen (the others are left
out), and the checks moved before the first effect. ``replay.py`` writes the code from this plan."""
from .guard import path_expr
from .slots import Ref


def _result_slots(t, out=None):
    """The slots of the tensors in a captured result (nested tuples, lists and dicts)."""
    out = set() if out is None else out
    if t is None:
        return out
    if t[0] == "tensor":
        out.add(t[1])
    elif t[0] in ("tuple", "list"):
        for p in t[1]:
            _result_slots(p, out)
    elif t[0] == "dict":
        for p in t[1].values():
            _result_slots(p, out)
    return out


def handed_slots(cap):
    """Slots whose arrays end up in tensors the user holds (and the slots they are views of)."""
    slots = cap.rec.slots
    out = _result_slots(cap.result)
    for e in cap.effects:
        if e[0] == "grad_new":
            out.add(e[2])
    for i in list(out):
        b = slots[i].base
        while b is not None:
            out.add(b)
            b = slots[b].base
    return out


def grad_owners(cap, src):
    """Slot -> source of the tensor whose new gradient it is (slots handed out only that way)."""
    owners, counts = {}, {}
    for e in cap.effects:
        if e[0] == "grad_new":
            tr = e[1]
            owners[e[2]] = path_expr(tr.path) if tr.path is not None else src.bind(tr.tensor)
            counts[e[2]] = counts.get(e[2], 0) + 1
    returned = _result_slots(cap.result)
    return {i: o for i, o in owners.items() if counts[i] == 1 and i not in returned
            and cap.rec.slots[i].base is None}


def instruction_order(rec):
    """The instructions in capture order, except that checks made after the first effect run
    before it, with the instructions they need (so a failing check changes nothing)."""
    first = rec.first_effect
    n = len(rec.instrs)
    if first is None:
        return range(n)
    late = [k for k in range(first, n) if rec.instrs[k].kind == "check"]
    moved = set()
    for k in late:
        moved.update(rec.instrs[k].moved)
    return (list(range(first)) + sorted(moved) + late +
            [k for k in range(first, n) if k not in moved and rec.instrs[k].kind != "check"])


def needed_instructions(cap, handed):
    """The instructions whose effects can be seen: those that hand values out (``handed``: their
    slots), change tensors that outlive the step, draw random numbers or run Python, and those they
    read from (a loss computed but not returned is not computed again)."""
    rec = cap.rec
    slots = rec.slots
    needed_slots = set(handed)
    for e in cap.effects:
        if e[0] == "grad_new":
            needed_slots.add(e[2])
    keep = set()
    for n in range(len(rec.instrs) - 1, -1, -1):
        instr = rec.instrs[n]
        if instr.kind == "call":
            observable = any(o in needed_slots for o in instr.outs)
            for w in instr.writes:
                root = w
                while slots[root].base is not None:
                    root = slots[root].base
                if root in needed_slots or slots[root].kind in ("external", "input") or w in needed_slots:
                    observable = True
            if not observable and not (instr.writes and _random_function(instr.fn)):
                continue
        keep.add(n)
        _collect_refs(instr.args, needed_slots)
        _collect_refs(tuple((instr.kwargs or {}).values()) if instr.kind != "live" else (), needed_slots)
        needed_slots.update(instr.writes)
    return keep


def _collect_refs(v, into):
    if isinstance(v, Ref):
        into.add(v.i)
    elif v.__class__ in (tuple, list):
        for x in v:
            _collect_refs(x, into)


def _random_function(fn):
    module = getattr(fn, "__module__", None) or ""
    return "random" in module
