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
"""

BLOCK = 8


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
