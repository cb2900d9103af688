"""The order PyTorch's CPU ``sort`` gives equal values: that of the C++ standard library's
``std::sort`` (GCC's introsort), which it runs on (value, index) pairs compared by value.

Without ``stable=True``, PyTorch sorts each row with ``std::sort``: quicksort (median of three
pivots, Hoare partition) down to runs of 16, heapsort past a depth of 2 log2(n), then one
insertion sort over the whole row. Up to 16 elements only the insertion sort runs, which keeps
equal values in index order; beyond, equal values come out in the order the partitions leave them.
``introsort_order`` replays those steps on a host row, in Python: the sort layer calls it only for
rows longer than 16 that hold equal values (any sort gives the others' order).
"""
import math

import numpy as _np  # host rows only

#: the run length below which GCC's introsort leaves the rest to insertion sort
_THRESHOLD = 16


def introsort_order(row, descending=False):
    """Indices of ``row`` (a 1-D host array) in the order GCC's ``std::sort`` leaves them, comparing
    values as PyTorch does: NaN after everything ascending, before everything descending."""
    a = list(zip(row.tolist(), range(len(row))))
    if descending:
        def less(p, q):
            x, y = p[0], q[0]
            return (x != x and y == y) or x > y
    else:
        def less(p, q):
            x, y = p[0], q[0]
            return (x == x and y != y) or x < y

    def median_to_first(result, i, j, k):
        """Swap the median of a[i], a[j], a[k] into a[result] (GCC's __move_median_to_first)."""
        if less(a[i], a[j]):
            m = j if less(a[j], a[k]) else k if less(a[i], a[k]) else i
        else:
            m = i if less(a[i], a[k]) else k if less(a[j], a[k]) else j
        a[result], a[m] = a[m], a[result]

    def partition(first, last, pivot):
        """Hoare's partition of a[first:last] around a[pivot], unguarded (the median bounds it)."""
        while True:
            while less(a[first], a[pivot]):
                first += 1
            last -= 1
            while less(a[pivot], a[last]):
                last -= 1
            if not first < last:
                return first
            a[first], a[last] = a[last], a[first]
            first += 1

    def sift(first, hole, length, value):
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

    def heapsort(first, last):
        length = last - first
        for parent in range((length - 2) // 2, -1, -1):
            sift(first, parent, length, a[first + parent])
        while last - first > 1:
            last -= 1
            value = a[last]
            a[last] = a[first]
            sift(first, 0, last - first, value)

    def quicksort(first, last, depth):
        while last - first > _THRESHOLD:
            if depth == 0:
                heapsort(first, last)
                return
            depth -= 1
            median_to_first(first, first + 1, first + (last - first) // 2, last - 1)
            cut = partition(first + 1, last, first)
            quicksort(cut, last, depth)
            last = cut

    def insert(i, first):
        """Move a[i] down into the sorted a[first:i] (unguarded below first + 1 when it is no less
        than a[first])."""
        value = a[i]
        if less(value, a[first]):
            a[first + 1:i + 1] = a[first:i]
            a[first] = value
            return
        while less(value, a[i - 1]):
            a[i] = a[i - 1]
            i -= 1
        a[i] = value

    n = len(a)
    if n > 1:
        quicksort(0, n, 2 * int(math.log2(n)))
        for i in range(1, n):
            # (GCC's final pass: guarded over the first 16, unguarded after; the same moves, since
            # the first 16 then hold the smallest value)
            insert(i, 0)
    return _np.fromiter((i for _, i in a), _np.int64, n)
