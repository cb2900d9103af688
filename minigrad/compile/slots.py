"""What a capture records: slots (the values of a step) and instructions (the calls on them).

A slot holds one value of the step; ``Ref`` names it inside recorded arguments.
An instruction is one recorded call; ``tape.py`` turns them into a replay.
"""


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
