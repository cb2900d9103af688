"""The index PyTorch's CPU ``kthvalue`` returns among equal values: its ``quick_select_template``
(Numerical Recipes' selection) on (value, index) pairs, NaN the largest, replayed on one host row:
partitions of more than ``_SELECT_RUN`` values on arrays, the last, short ones pair by pair.
``ops/ties.py`` calls it only for the rows where equal values can change the index."""
import numpy as _np  # host rows only

from .introsort import _less_for


def kthvalue_index(row, k):
    """The index PyTorch's CPU kthvalue returns for the k-th smallest (from 1) of ``row``: its
    quick_select_template on (value, index) pairs, NaN the largest. Partitions of more than
    ``_SELECT_RUN`` values run on arrays (``_partitioned``); the last, short ones on pairs."""
    values = _np.array(row)
    order = _np.arange(len(values))
    floating = values.dtype.kind in "fc"
    k -= 1
    lo, hi = 0, len(values) - 1
    while hi - lo > _SELECT_RUN:
        mid = lo + (hi - lo) // 2
        _swap_both(values, order, mid, lo + 1)
        for p, q in ((lo + 1, hi), (lo, hi), (lo + 1, lo)):  # (the pivot, a median of three, to a[lo])
            if _greater(values, floating, p, q):
                _swap_both(values, order, p, q)
        i, j = _partitioned(values, order, floating, lo, hi)
        _swap_both(values, order, lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
        if not lo <= k <= hi:  # (the rest partitions other values: a[k] stays)
            return int(order[k])
    return _quick_select(list(zip(values[lo:hi + 1].tolist(), order[lo:hi + 1].tolist())), k - lo)


#: the partitions above this length that ``kthvalue_index`` runs on arrays
_SELECT_RUN = 64


def _swap_both(values, order, p, q):
    """Swap the elements at positions ``p`` and ``q`` of both arrays (``p`` and ``q`` may be equal)."""
    values[p], values[q] = values[q], values[p]
    order[p], order[q] = order[q], order[p]


def _greater(values, floating, p, q):
    """Whether values[p] is greater than values[q], NaN greater than any number (PyTorch's comparator)."""
    if floating and values[p] != values[p]:
        return bool(values[q] == values[q])
    return bool(values[p] > values[q])


def _partitioned(values, order, floating, lo, hi):
    """The partition of ``quick_select_template`` around the pivot at ``lo`` (a[lo + 1] <= pivot <=
    a[hi]) applied to the arrays, returning its final (i, j). Its scans stop, from the left, at the
    values not less than the pivot (``L``, in order) and, from the right, at those not greater (``R``);
    they swap the m-th of each while the m-th of ``L`` is not past the m-th of ``R`` (the values between
    the scans are the original ones), then stop at the next stop of each or at a value they swapped."""
    pivot = values[lo]
    inside = values[lo + 1:hi + 1]
    below, above = inside < pivot, inside > pivot
    if floating:
        nan = inside != inside
        if pivot != pivot:
            below |= ~nan
        else:
            above |= nan
    left = _np.flatnonzero(~below[1:]) + lo + 2  # (the left scan starts at lo + 2)
    right = _np.flatnonzero(~above[:-1])[::-1] + lo + 1  # (the right one at hi - 1)
    n = min(len(left), len(right))
    m = int(_np.count_nonzero(left[:n] <= right[:n]))  # (a prefix: left rises, right falls)
    if m:
        ls, rs = left[:m], right[:m]
        values[ls], values[rs] = values[rs], values[ls]
        order[ls], order[rs] = order[rs], order[ls]
    # then each scan stops at its next stop or at the nearest value the other swapped there, first
    i = left[m] if m < len(left) else None
    j = right[m] if m < len(right) else None
    if m:
        ahead = right[m - 1] if right[m - 1] > left[m - 1] else right[m - 2] if m > 1 else None
        behind = left[m - 1] if left[m - 1] < right[m - 1] else left[m - 2] if m > 1 else None
        if ahead is not None:
            i = ahead if i is None else min(i, ahead)
        if behind is not None:
            j = behind if j is None else max(j, behind)
    return int(i), int(j)


def _quick_select(a, k):
    """``kthvalue_index``'s selection (k from 0) on a list of (value, index) pairs, step by step."""
    greater = _less_for("descending")  # (greater or NaN: PyTorch's comparator)
    lo, hi = 0, len(a) - 1
    while True:
        if hi <= lo:
            return a[k][1]
        if hi == lo + 1:
            if greater(a[lo], a[hi]):
                a[lo], a[hi] = a[hi], a[lo]
            return a[k][1]
        mid = lo + (hi - lo) // 2
        a[mid], a[lo + 1] = a[lo + 1], a[mid]
        if greater(a[lo + 1], a[hi]):
            a[lo + 1], a[hi] = a[hi], a[lo + 1]
        if greater(a[lo], a[hi]):
            a[lo], a[hi] = a[hi], a[lo]
        if greater(a[lo + 1], a[lo]):
            a[lo + 1], a[lo] = a[lo], a[lo + 1]
        i, j = lo + 1, hi
        pivot = a[lo]
        while True:
            i += 1
            while greater(pivot, a[i]):
                i += 1
            j -= 1
            while greater(a[j], pivot):
                j -= 1
            if j < i:
                break
            a[i], a[j] = a[j], a[i]
        a[lo], a[j] = a[j], a[lo]
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
