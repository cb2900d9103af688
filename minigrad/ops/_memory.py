"""Arrays' memory as the ops' writes see it: PyTorch's RuntimeError for a write whose source
partly overlaps its destination (``check_no_partial_overlap``), and the test for a host (NumPy)
array, whose fast paths do not suit CuPy's."""
import numpy as _np  # only to tell host (NumPy) arrays, whose memory addresses the checks read


PARTIAL_OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to "
                   "a single memory location. Please clone() the tensor before performing the operation.")


def is_host_array(a):
    """True for a NumPy array: for fast paths that suit NumPy and not CuPy (a boolean mask's write,
    which CuPy sizes with a device-to-host copy)."""
    return a.__class__ is _np.ndarray


def check_no_partial_overlap(dst, src, expanded=False, scattered=False):
    """Raise PyTorch's RuntimeError when writing array ``src`` into array ``dst`` (an in-place op, a
    copy, ``t[i] = v``) would read memory the write changes: both dense (no gaps, no repeats), sharing
    memory, and not the very same elements in the same order (any shared memory at all when the
    write is ``scattered`` by an advanced index: PyTorch's index_put_). Like PyTorch, a view with
    gaps or repeats is not checked, nor a src ``expanded`` to more elements first (copy_ expands,
    in-place ops check before they broadcast). Host (NumPy) arrays only; the cheap test of the
    owners comes first."""
    if dst is src or src.__class__ is not _np.ndarray or dst.__class__ is not _np.ndarray:
        return
    if (dst if dst.base is None else dst.base) is not (src if src.base is None else src.base):
        return  # (different owners of memory: no overlap)
    if not dst.size or not src.size or expanded and src.size != dst.size or not (_dense(dst) and _dense(src)):
        return  # (a src expanded to more elements repeats them: not dense, not checked)
    (dst_low, dst_high), (src_low, src_high) = _bounds(dst), _bounds(src)
    if not scattered and (dst_low, dst_high) == (src_low, src_high) and dst.strides == src.strides:
        return  # the same elements: a harmless write of each into itself
    if dst_low < src_high and src_low < dst_high:
        raise RuntimeError(PARTIAL_OVERLAP)


def _dense(a):
    """Whether ``a``'s elements fill one block of memory, each once (PyTorch's non-overlapping and dense)."""
    expected = a.itemsize
    for stride, size in sorted((abs(s), n) for s, n in zip(a.strides, a.shape) if n != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def _bounds(a):
    """The first and one-past-the-last byte addresses of a dense array's elements."""
    start = a.__array_interface__["data"][0]
    low = start + sum((n - 1) * s for s, n in zip(a.strides, a.shape) if s < 0)
    high = start + sum((n - 1) * s for s, n in zip(a.strides, a.shape) if s > 0) + a.itemsize
    return low, high
