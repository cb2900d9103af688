"""How library code cooperates with captured execution (``minigrad.compile``).

A captured step is replayed without running its Python, so Python-side values
that change between steps must be recomputed by the replay itself. Library
code says which ones with two calls; outside a capture each is a plain call of
``fn(*args)``:

- ``scalars(fn, *args)``: Python floats that array calls consume (a learning
  rate, Adam's bias corrections). The replay calls ``fn(*args)`` again at the
  same point of the step and feeds the fresh values to the same array calls.
  ``fn`` may read tensors (``.item()``); it must not compute with them. Code
  may branch on whether such a number is 0 or 1 (``if alpha != 1``), so the
  replay's guard checks that too; ``checked=False`` says no code branches on
  them (the guard then does not call ``fn``).
- ``replayed(fn, *args)``: a Python-side update with no array work (a
  scheduler's ``step()``), repeated by every replay.

``current`` is the active recorder (None outside a capture).
"""
current = None


def scalars(fn, *args, checked=True):
    """``fn(*args)``: numbers that a compiled step recomputes at every replay (see the module doc)."""
    rec = current
    if rec is None:
        return fn(*args)
    return rec.live(fn, args, checked)


def replayed(fn, *args):
    """``fn(*args)``: a Python-side update that every replay of a compiled step repeats."""
    rec = current
    if rec is None:
        return fn(*args)
    return rec.action(fn, args)
