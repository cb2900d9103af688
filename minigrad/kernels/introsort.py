"""The order PyTorch's CPU kernels give equal values: that of the C++ standard library's sorting
algorithms (GCC's), which they run on (value, index) pairs compared by value, and of PyTorch's own
quickselect.

- ``sort`` without ``stable=True`` runs ``std::sort`` on each row: quicksort (median-of-three
  pivots, Hoare partitions) down to runs of 16, heapsort past a depth of 2 log2(n), then one
  insertion sort over the whole row. Up to 16 values only the insertion sort runs, which keeps
  equal values in index order; beyond, equal values come out in the order the partitions leave.
- ``topk`` runs ``std::partial_sort`` (a heap of the first k) where k * 64 <= n, else
  ``std::nth_element`` (quickselect down to runs of 3) and ``std::sort`` of the first k - 1.
- ``mode`` runs ``std::sort`` comparing with ``<`` alone (NaN compares false both ways).
- ``kthvalue`` runs PyTorch's ``quick_select_template`` (Numerical Recipes' selection).

Each function here replays those steps on one host row, in Python; the ops call them only for
the rows where equal values (NaNs and ±0 count as equal) can make the result differ from a
stable sort's (``ops/ties.py``).
"""
import math

import numpy as _np  # host rows only

#: the run length below which GCC's introsort leaves the rest to insertion sort
_THRESHOLD = 16


def _less_for(order):
    """PyTorch's comparator of (value, index) pairs: "ascending" (NaN after everything),
    "descending" (NaN before everything) or "plain" (``<``: NaN compares false both ways)."""
    if order == "descending":
        return lambda p, q: (p[0] != p[0] and q[0] == q[0]) or p[0] > q[0]
    if order == "ascending":
        return lambda p, q: (p[0] == p[0] and q[0] != q[0]) or p[0] < q[0]
    return lambda p, q: p[0] < q[0]


def _pairs(row):
    return list(zip(row.tolist(), range(len(row))))


def _indices(a, n=None):
    n = len(a) if n is None else n
    return _np.fromiter((a[i][1] for i in range(n)), _np.int64, n)


def _median_to_first(a, less, result, i, j, k):
    """Swap the median of a[i], a[j], a[k] into a[result] (GCC's __move_median_to_first)."""
    if less(a[i], a[j]):
        m = j if less(a[j], a[k]) else k if less(a[i], a[k]) else i
    else:
        m = i if less(a[i], a[k]) else k if less(a[j], a[k]) else j
    a[result], a[m] = a[m], a[result]


def _partition_at_pivot(a, less, first, last):
    """Hoare's partition of a[first:last] around the median of three moved to a[first] (unguarded:
    the median bounds both scans); returns the cut."""
    _median_to_first(a, less, first, first + 1, first + (last - first) // 2, last - 1)
    pivot, lo, hi = first, first + 1, last
    while True:
        while less(a[lo], a[pivot]):
            lo += 1
        hi -= 1
        while less(a[pivot], a[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _sift(a, less, first, hole, length, value):
    """Put ``value`` at ``hole`` of the heap a[first:first+length] (GCC's __adjust_heap)."""
    top = child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if less(a[first + child], a[first + child - 1]):
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and less(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[first + hole] = value


def _heap_select(a, less, first, middle, last):
    """Make a[first:middle] a heap of the middle - first least of a[first:last] (GCC's __heap_select)."""
    length = middle - first
    for parent in range((length - 2) // 2, -1, -1):
        _sift(a, less, first, parent, length, a[first + parent])
    for i in range(middle, last):
        if less(a[i], a[first]):
            value = a[i]
            a[i] = a[first]
            _sift(a, less, first, 0, length, value)


def _sort_heap(a, less, first, last):
    while last - first > 1:
        last -= 1
        value = a[last]
        a[last] = a[first]
        _sift(a, less, first, 0, last - first, value)


def _insertion_sort(a, less, first, last):
    """GCC's final insertion sort of a[first:last] (guarded and unguarded steps make the same moves:
    past the first 16, a[first] is no greater than anything after it)."""
    for i in range(first + 1, last):
        value = a[i]
        if less(value, a[first]):
            a[first + 1:i + 1] = a[first:i]
            a[first] = value
            continue
        while less(value, a[i - 1]):
            a[i] = a[i - 1]
            i -= 1
        a[i] = value


def _std_sort(a, less, first, last):
    """GCC's std::sort of a[first:last]."""
    def quicksort(first, last, depth):
        while last - first > _THRESHOLD:
            if depth == 0:
                _heap_select(a, less, first, last, last)
                _sort_heap(a, less, first, last)
                return
            depth -= 1
            cut = _partition_at_pivot(a, less, first, last)
            quicksort(cut, last, depth)
            last = cut
    if last - first > 1:
        quicksort(first, last, 2 * int(math.log2(last - first)))
        _insertion_sort(a, less, first, last)


def sort_order(row, order="ascending"):
    """Indices of ``row`` (a 1-D host array) in the order GCC's ``std::sort`` leaves them under
    PyTorch's comparator ``order`` (see ``_less_for``)."""
    a = _pairs(row)
    _std_sort(a, _less_for(order), 0, len(a))
    return _indices(a)


def topk_order(row, k, largest):
    """The indices PyTorch's CPU topk (``sorted=True``) returns for ``row``: partial_sort where
    k * 64 <= n, else nth_element then std::sort of the first k - 1."""
    a = _pairs(row)
    n = len(a)
    less = _less_for("descending" if largest else "ascending")
    if k == 0:
        return _indices(a, 0)
    if k * 64 <= n:
        _heap_select(a, less, 0, k, n)
        _sort_heap(a, less, 0, k)
        return _indices(a, k)
    # nth_element (GCC's __introselect), the k-th place in a[k - 1]
    nth, first, last = k - 1, 0, n
    depth = 2 * int(math.log2(n))
    while last - first > 3:
        if depth == 0:
            _heap_select(a, less, first, nth + 1, last)
            a[first], a[nth] = a[nth], a[first]
            break
        depth -= 1
        cut = _partition_at_pivot(a, less, first, last)
        if cut <= nth:
            first = cut
        else:
            last = cut
    else:
        _insertion_sort(a, less, first, last)
    _std_sort(a, less, 0, k - 1)
    return _indices(a, k)


def kthvalue_index(row, k):
    """The index PyTorch's CPU kthvalue returns for the k-th smallest (from 1) of ``row``: its
    quick_select_template on (value, index) pairs, NaN the largest."""
    a = _pairs(row)
    greater = _less_for("descending")  # (greater or NaN: PyTorch's comparator)
    k -= 1
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


def mode_index(row):
    """The index PyTorch's CPU mode returns for ``row``: std::sort by ``<`` alone, then the last pair
    of the first longest run of equal values (each NaN its own run)."""
    a = _pairs(row)
    _std_sort(a, _less_for("plain"), 0, len(a))
    best = run = 0
    index = 0
    for i, (value, _) in enumerate(a):
        run += 1
        if i == len(a) - 1 or value != a[i + 1][0]:
            if run > best:
                best, index = run, a[i][1]
            run = 0
    return index
