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
- ``kthvalue`` runs PyTorch's ``quick_select_template`` (Numerical Recipes' selection), replayed in
  ``quickselect.py``.

Each function here replays those steps on one host row, in Python, or for rows of 1,024 values and
more on arrays, all the partitions of a level at once (``_sorted_by_levels``); the ops call them only
for the rows where equal values (NaNs and ±0 count as equal) can make the result differ from a
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


def _heap_select(a, less, first, middle, last, keys=None):
    """Make a[first:middle] a heap of the middle - first least of a[first:last] (GCC's __heap_select).
    ``keys`` (optional: integer keys of the pairs by their indices, comparing as ``less``) skips, a block
    at a time in one array step, the elements not less than the heap's top, which only decreases."""
    length = middle - first
    for parent in range((length - 2) // 2, -1, -1):
        _sift(a, less, first, parent, length, a[first + parent])
    blocks = [range(middle, last)] if keys is None or not length else (
        range(start, min(start + _HEAP_BLOCK, last)) for start in range(middle, last, _HEAP_BLOCK))
    for block in blocks:
        if keys is not None and length:
            top = keys[a[first][1]]
            block = (_np.flatnonzero(keys[[p[1] for p in a[block.start:block.stop]]] < top) + block.start).tolist()
        for i in block:
            if less(a[i], a[first]):
                value = a[i]
                a[i] = a[first]
                _sift(a, less, first, 0, length, value)


#: the elements ``_heap_select`` compares with its top in one array step
_HEAP_BLOCK = 1024


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
    PyTorch's comparator ``order`` (see ``_less_for``); long rows by ``_sorted_by_levels``."""
    if len(row) >= _LEVELS_FROM:
        return _sorted_by_levels(_keys(row, order))
    a = _pairs(row)
    _std_sort(a, _less_for(order), 0, len(a))
    return _indices(a)


#: the row length from which ``_sorted_by_levels`` replays std::sort (below, the pairwise replay is quicker)
_LEVELS_FROM = 1024


def _keys(row, order):
    """Integer keys of ``row`` that compare with ``<`` as PyTorch's comparator ``order`` ("ascending" or
    "descending") compares its values: their dense ranks, NaN largest (±0 one value), negated for
    "descending"."""
    ranks = _np.unique(row, return_inverse=True)[1].reshape(-1).astype(_np.int64)
    return -ranks if order == "descending" else ranks


def _sorted_by_levels(keys):
    """The order GCC's std::sort leaves ``keys`` in (indices), computed level by level: all runs longer
    than 16 are partitioned at once (each partition Hoare's: the j-th element from the left not less
    than the pivot swaps with the j-th from the right not greater, while the first is left of the
    second), heapsorted in Python where the depth limit is reached (rare), and the final insertion
    sort, which moves nothing across the partitions' runs, is a stable sort."""
    k = _np.array(keys, dtype=_np.int64)
    idx = _np.arange(len(k))
    first, last = _np.array([0]), _np.array([len(k)])
    depth = 2 * int(math.log2(len(k))) if len(k) > 1 else 0
    while True:
        long = last - first > _THRESHOLD
        first, last = first[long], last[long]
        if not len(first):
            break
        if depth == 0:
            for f, l in zip(first.tolist(), last.tolist()):
                a = list(zip(k[f:l].tolist(), idx[f:l].tolist()))
                _heap_select(a, _less_for("plain"), 0, l - f, l - f)
                _sort_heap(a, _less_for("plain"), 0, l - f)
                k[f:l], idx[f:l] = [p[0] for p in a], [p[1] for p in a]
            break
        depth -= 1
        cut = _partition_runs(k, idx, first, last)
        first, last = _np.concatenate([cut, first]), _np.concatenate([last, cut])
    return idx[_np.argsort(k, kind="stable")]


def _partition_runs(k, idx, first, last):
    """Partition each run k[first:last] (disjoint, longer than 16) in place as GCC's
    __unguarded_partition_pivot does (``_partition_at_pivot``), ``idx`` alongside; returns the cuts."""
    mid = first + (last - first) // 2
    a, b, c = k[first + 1], k[mid], k[last - 1]
    m = _np.where(a < b, _np.where(b < c, mid, _np.where(a < c, last - 1, first + 1)),
                  _np.where(a < c, first + 1, _np.where(b < c, last - 1, mid)))
    _swap(k, idx, first, m)
    sizes = last - first
    starts = _np.cumsum(sizes) - sizes  # (each run's place among the positions of all)
    run = _np.repeat(_np.arange(len(first)), sizes)
    pos = _np.arange(len(run)) + _np.repeat(first - starts, sizes)
    keys, pivot = k[pos], k[first][run]
    left = keys >= pivot   # where the left scan stops (the pivot's own place aside), in order
    left[starts] = False
    right = keys <= pivot  # where the right scan stops, in reverse order
    stops = _np.flatnonzero(left)  # (integer takes: quicker than boolean ones)
    left_pos, left_run, right_pos = pos[stops], run[stops], pos[_np.flatnonzero(right)]
    n_left, n_right = _np.add.reduceat(left, starts), _np.add.reduceat(right, starts)
    start_left = _np.cumsum(n_left) - n_left
    end_right = _np.cumsum(n_right) - 1  # (the first stop of the right scan: the run's last in order)
    j = _np.arange(len(left_pos)) - start_left[left_run]  # (the j-th stop of the left scan)
    paired = j < n_right[left_run]
    partner = right_pos[_np.maximum(end_right[left_run] - j, 0)]
    swapped = paired & (left_pos < partner)
    pairs = _np.flatnonzero(swapped)
    _swap(k, idx, left_pos[pairs], partner[pairs])
    s = _np.add.reduceat(swapped, start_left)  # (every run has a left stop: the median of three bounds it)
    big = _np.iinfo(_np.int64).max
    next_left = _np.where(s < n_left, left_pos[_np.minimum(start_left + s, len(left_pos) - 1)], big)
    last_right = _np.where(s > 0, right_pos[_np.minimum(end_right - s + 1, len(right_pos) - 1)], big)
    return _np.minimum(next_left, last_right)


def _swap(k, idx, i, j):
    """Swap the elements at positions ``i`` and ``j`` (distinct) of both arrays."""
    k[i], k[j] = k[j], k[i].copy()
    idx[i], idx[j] = idx[j], idx[i].copy()


def topk_order(row, k, largest):
    """The indices PyTorch's CPU topk (``sorted=True``) returns for ``row``: partial_sort where
    k * 64 <= n, else nth_element then std::sort of the first k - 1."""
    n = len(row)
    how = "descending" if largest else "ascending"
    if 0 < n < k * 64 and n >= _LEVELS_FROM:
        return _topk_by_arrays(_keys(row, how), k)
    a = _pairs(row)
    less = _less_for(how)
    if k == 0:
        return _indices(a, 0)
    if k * 64 <= n:
        _heap_select(a, less, 0, k, n, _keys(row, how) if n >= _LEVELS_FROM else None)
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


def _topk_by_arrays(keys, k):
    """``topk_order``'s nth_element branch on arrays: GCC's __introselect partitions one run at a time
    (``_partition_runs``), then std::sort of the first k - 1 (``_sorted_by_levels``)."""
    keys = _np.array(keys, dtype=_np.int64)
    idx = _np.arange(len(keys))
    nth, first, last = k - 1, 0, len(keys)
    depth = 2 * int(math.log2(len(keys)))
    while last - first > 3:
        if depth == 0:
            a = list(zip(keys[first:last].tolist(), idx[first:last].tolist()))
            _heap_select(a, _less_for("plain"), 0, nth - first + 1, last - first)
            a[0], a[nth - first] = a[nth - first], a[0]
            keys[first:last], idx[first:last] = [p[0] for p in a], [p[1] for p in a]
            break
        depth -= 1
        cut = int(_partition_runs(keys, idx, _np.array([first]), _np.array([last]))[0])
        if cut <= nth:
            first = cut
        else:
            last = cut
    else:
        a = list(zip(keys[first:last].tolist(), idx[first:last].tolist()))
        _insertion_sort(a, _less_for("plain"), 0, last - first)
        keys[first:last], idx[first:last] = [p[0] for p in a], [p[1] for p in a]
    if k > 1:
        idx[:k - 1] = idx[:k - 1][_sorted_by_levels(keys[:k - 1])]
    return idx[:k]


def mode_index(row):
    """The index PyTorch's CPU mode returns for ``row``: std::sort by ``<`` alone, then the last pair
    of the first longest run of equal values (each NaN its own run). Without NaN, ``<`` is the
    ascending comparator: long rows are sorted by ``_sorted_by_levels``."""
    if len(row) >= _LEVELS_FROM and not (row != row).any():
        order = _sorted_by_levels(_keys(row, "ascending"))
        ordered = row[order]
        ends = _np.append(_np.flatnonzero(ordered[1:] != ordered[:-1]), len(row) - 1)  # (each run's last)
        lengths = _np.diff(ends, prepend=-1)
        return int(order[ends[_np.argmax(lengths)]])
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
