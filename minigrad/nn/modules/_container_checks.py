"""How the containers read what they are given: a position, and the (key, value) pairs of an update."""
import operator
from collections.abc import Iterable


def _index(idx, n, what):
    idx = operator.index(idx)
    if not -n <= idx < n:
        raise IndexError(f"index {idx} is out of range")
    return idx % n


def _pairs(owner, items, method):
    """The (key, value) pairs of an iterable given to ``owner``'s update, each checked as PyTorch checks
    it (an iterable of two items: its TypeError, its ValueError) before any is added; ``method`` is
    the update as PyTorch's message for a non-iterable names it."""
    if not isinstance(items, Iterable):
        raise TypeError(f"{method} should be called with an iterable of key/value pairs, but got "
                        f"{type(items).__name__}")
    pairs = []
    for j, pair in enumerate(items):
        if not isinstance(pair, Iterable):
            raise TypeError(f"{owner} update sequence element #{j} should be Iterable; is{type(pair).__name__}")
        if len(pair) != 2:
            raise ValueError(f"{owner} update sequence element #{j} has length {len(pair)}; 2 is required")
        pairs.append((pair[0], pair[1]))
    return pairs
