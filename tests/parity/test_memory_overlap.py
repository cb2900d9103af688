"""Writes whose source partly shares the destination's memory, against PyTorch: ``x[1:] = x[:-1]``,
``x.copy_(x.t())``, ``x.add_(x.t())``, ``x.add_(x[0])``, ``x[1:] += x[:-1]`` and index_put with an
overlapping value raise PyTorch's RuntimeError; writing the same elements into themselves,
disjoint parts, views with gaps or repeats (strided, expanded, broadcast by a copy) and copies go
through with PyTorch's values."""
import numpy as np
import pytest

from .helpers import check, check_raises


def _shift(L, x):
    y = x.detach().clone()
    y[1:] = y[:-1]
    return y


def _transpose_copy(L, x):
    y = x.detach().clone().view(2, 2)
    return y.copy_(y.t())


def _transpose_set(L, x):
    y = x.detach().clone().view(2, 2)
    y[:] = y.t()
    return y


def _transpose_add(L, x):
    y = x.detach().clone().view(2, 2)
    return y.add_(y.t())


def _shift_iadd(L, x):
    y = x.detach().clone()
    y[1:] += y[:-1]
    return y


def _shift_mul(L, x):
    y = x.detach().clone()
    return y[1:].mul_(y[:-1])


def _shift_copy(L, x):
    y = x.detach().clone()
    return y[1:].copy_(y[:-1])


def _index_put(L, x):
    y = x.detach().clone()
    y[[1, 2, 3]] = y[:3]
    return y


def _masked_put(L, x):
    y = x.detach().clone()
    y[L.tensor([False, True, True, True])] = y[:3]
    return y


def _row_add(L, x):  # (an in-place op checks before it broadcasts: the row is part of y)
    y = x.detach().clone().view(2, 2)
    return y.add_(y[0])


def _shift_in_graph(L, x):
    y = x * 1.0
    y[1:] = y[:-1]
    return y


def _shift_from_unexpanded(L, x):  # (an expand that repeats nothing is a dense view of y)
    y = x.detach().clone().view(4, 1)
    return y[:3].add_(y[1:].expand(3, 1))


PARTIAL = [_shift, _transpose_copy, _transpose_set, _transpose_add, _shift_iadd, _shift_mul, _shift_copy, _index_put,
           _masked_put, _row_add, _shift_in_graph, _shift_from_unexpanded]


@pytest.mark.parametrize("write", PARTIAL, ids=[f.__name__[1:] for f in PARTIAL])
def test_write_from_partly_overlapping_memory_raises_runtime_error_as_torch(write):
    check_raises(write, np.arange(4.0), names=["refer to a single memory location"])


ALLOWED = {
    "same elements": lambda L, x: _set(x, slice(None), lambda y: y),
    "same slice": lambda L, x: _set(x, slice(1, 3), lambda y: y[1:3]),
    "disjoint halves": lambda L, x: _set(x, slice(None, 2), lambda y: y[2:]),
    "strided source": lambda L, x: _set(x, slice(None, 2), lambda y: y[::2]),
    "strided destination": lambda L, x: _set(x, slice(None, None, 2), lambda y: y[1::2]),
    "expanded source": lambda L, x: _set(x, slice(None), lambda y: y[:1].expand(4)),
    "broadcast element": lambda L, x: _set(x, slice(1, None), lambda y: y[0]),
    "a clone": lambda L, x: _set(x, slice(1, None), lambda y: y[:-1].clone()),
    "a cast copy": lambda L, x: _set(x, slice(1, None), lambda y: y[:-1].double()),
    "row into row": lambda L, x: _rows(x, lambda y: y.__setitem__(0, y[1])),
    "column into row": lambda L, x: _rows(x, lambda y: y.__setitem__(0, y[:, 0])),
    "broadcast row": lambda L, x: _rows(x, lambda y: y.__setitem__(slice(None), y[0])),
    "copy of itself": lambda L, x: _rows(x, lambda y: y.copy_(y)),
}


def _set(x, index, source):
    y = x.detach().clone()
    y[index] = source(y)
    return y


def _rows(x, write):
    y = x.detach().clone().view(2, 2)
    write(y)
    return y


@pytest.mark.parametrize("write", ALLOWED.values(), ids=ALLOWED.keys())
def test_write_from_the_same_disjoint_or_repeating_memory_goes_through_as_torch(write):
    check(write, np.arange(4.0), requires_grad=[False])
