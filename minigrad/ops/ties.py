"""Where equal values make PyTorch's CPU kernels answer otherwise than a stable sort: the rows that
need PyTorch's own algorithms (``kernels.introsort``), found with array ops, and replayed there.

sort, topk, kthvalue and mode compute their result with vectorised array code that orders equal
values as a stable sort does. On the CPU, the rows where PyTorch's algorithms can order them
otherwise are found with array ops (``equal_neighbours``, ``count_equal``) and handed to
``replaced``, which recomputes only those rows on the host. Whether any row needs it is one bool
read: under ``minigrad.compile`` a check, so a replay whose data has ties runs the step eagerly.
"""
import numpy as _np  # (host rows only: the replayed ones)


def on_cpu(backend):
    """Whether tensors of ``backend`` are PyTorch CPU tensors' counterparts (a device keeps the stable
    order: PyTorch's device kernels order equal values their own way)."""
    return backend.device_type == "cpu"


def rows_of(xp, a, dim):
    """``a`` with ``dim`` last, as a 2-D array of rows."""
    moved = xp.moveaxis(a, dim, -1)
    return moved.reshape(-1, moved.shape[-1])


def equal_neighbours(xp, ordered):
    """Per row of ``ordered`` (rows sorted, their NaNs together): whether two neighbours are equal
    (NaNs and ±0 count as equal)."""
    equal = ordered[:, 1:] == ordered[:, :-1]
    if ordered.dtype.kind in "fc":
        nan = ordered != ordered
        equal = equal | (nan[:, 1:] & nan[:, :-1])
    return equal.any(axis=1)


def count_equal(xp, rows, values):
    """Per row of ``rows``: how many of its elements equal ``values`` (a column; NaN equals NaN)."""
    same = rows == values
    if rows.dtype.kind in "fc":
        same = same | ((rows != rows) & (values != values))
    return same.sum(axis=1)


def replaced(backend, data, dim, result, needed, pick):
    """``result`` (indices along ``dim`` of ``data``, or one per row where the dim is reduced) with
    the rows where ``needed`` (one bool per row) replaced by ``pick(row)`` of the host row."""
    xp = backend.xp
    if not needed.any().item():  # (the one read: a check under minigrad.compile)
        return result
    rows = backend.to_numpy(rows_of(xp, data, dim))
    host = _np.array(backend.to_numpy(result))  # (a copy, 0-d where take gave a NumPy scalar)
    reduced = host.ndim < data.ndim
    moved = host if reduced else _np.moveaxis(host, dim, -1)
    flat = moved.reshape(-1) if reduced else moved.reshape(-1, moved.shape[-1]).copy()
    for r in _np.flatnonzero(backend.to_numpy(needed)).tolist():
        flat[r] = pick(rows[r])
    out = flat.reshape(host.shape) if reduced else _np.moveaxis(flat.reshape(moved.shape), -1, dim)
    return xp.asarray(out)
