"""Running sums (cumsum) in whole-array steps.

NumPy's cumsum walks each row one element at a time, every addition waiting
for the one before, and pays a fixed cost per row: slow on long rows and
slower still along a leading axis or over many short rows. Here the rows are
cut into blocks of ``BLOCK`` elements; a pass over the positions of a block
adds, for all blocks of all rows at once, each element to the running sum
before it; the blocks' totals are then summed the same way (recursively),
and each block gets the total of the blocks before it added. Every result is
still a left-to-right sum of the same terms, grouped differently (so it
rounds differently in the last bits; NaN and infinities come out alike).

``cumsum_widened`` is PyTorch's CPU kernel bit for bit instead, for the dtypes
it adds in a wider one: each row summed in order, in the wider dtype, and
every running sum rounded back.
"""

import math

BLOCK = 8

# cumsum_widened keeps a running row of sums from this many elements on
COLUMNS_MIN = 8192


def cumsum_widened(xp, x, axis, wide):
    """The running sums of the array ``x`` along ``axis``, added one element after another
    in the wider dtype ``wide`` and each rounded to x's dtype, as PyTorch's CPU cumsum (float16 adds in
    float32, float32 in float64, complex64 in complex128): the same additions in the same order, so
    the same results exactly."""
    n = x.shape[axis]
    if n > 1 and x.size >= COLUMNS_MIN and math.prod(x.shape[axis + 1:]) > 1 and n * n <= x.size:
        # Fast path, fenced: NumPy's cumsum walks a leading axis slowly (and converts in buffers);
        # a running row of sums, one whole-row addition per position, is 2x to 6x quicker here.
        rows, out = xp.moveaxis(x, axis, 0), xp.empty_like(x)
        out_rows = xp.moveaxis(out, axis, 0)
        running = rows[0].astype(wide)
        out_rows[0] = rows[0]
        for j in range(1, n):
            running += rows[j]
            out_rows[j] = running
        return out
    return xp.cumsum(x.astype(wide), axis=axis).astype(x.dtype)


def cumsum(xp, x, axis):
    """The running sums of the float array ``x`` along ``axis`` (as ``xp.cumsum``), blocked."""
    if x.size == 0:
        return xp.cumsum(x, axis=axis)
    moved = xp.moveaxis(x, axis, -1)
    n = moved.shape[-1]
    out = _row_sums(xp, moved.reshape(-1, n))
    return xp.moveaxis(out.reshape(moved.shape), -1, axis)


def _row_sums(xp, rows):
    """Running sums along the rows of the 2-D ``rows``."""
    m, n = rows.shape
    if n <= 2 * BLOCK:
        if m <= 4 * n:  # few short rows: NumPy's own loop
            return xp.cumsum(rows, axis=1)
        columns = xp.ascontiguousarray(rows.T)  # many short rows: one addition per position
        for j in range(1, n):
            columns[j] += columns[j - 1]
        return columns.T
    blocks = -(-n // BLOCK)
    if blocks * BLOCK != n:
        rows = xp.concatenate([rows, xp.zeros((m, blocks * BLOCK - n), rows.dtype)], axis=1)
    # t[j, r, i] is element j of block i of row r: one addition per position sums inside every block
    t = xp.ascontiguousarray(rows.reshape(m, blocks, BLOCK).transpose(2, 0, 1))
    for j in range(1, BLOCK):
        t[j] += t[j - 1]
    before = _row_sums(xp, t[BLOCK - 1])  # (m, blocks): the sums up to the end of each block
    t[:, :, 1:] += before[:, :-1]
    return t.transpose(1, 2, 0).reshape(m, blocks * BLOCK)[:, :n]
