"""Memory layouts of results: PyTorch's ``preserve_format`` copies, the layout of pointwise results
from their operands' strides (remembered per pattern), row-major and channels-last arrays, and the
checks the ops make on them."""
from .. import backends
from ..autograd import fast_apply as _fast_apply_module, op as _op_module
from .._array_layout import (array_strides, is_dense, iteration_order, preserved_strides, strides_in_order,
                             with_byte_strides, with_strides)


def preserved_order(array):
    """The NumPy order (``"K"`` or ``"C"``) of a copy of ``array`` laid out as PyTorch's
    ``preserve_format``: in ``array``'s own memory order, but row-major for a broadcast array, whose
    zero strides PyTorch reads as no order (NumPy's ``"K"`` puts those dims innermost)."""
    if array.flags.c_contiguous or 0 not in array.strides:
        return "K"
    return "C" if any(s == 0 and n > 1 for n, s in zip(array.shape, array.strides)) else "K"


def preserve_layout(x, out):
    """``out``, a copy of array ``x`` (or a result of its shape) made in ``preserved_order(x)``, laid
    out as PyTorch's ``preserve_format``: with ``x``'s strides where ``x`` is dense (those of its
    size-1 dims too), else dense in ``x``'s order of strides. A row-major ``x`` without size-1 dims
    costs one flags read."""
    if x.flags.c_contiguous:
        if 1 not in x.shape:
            return out
        strides = array_strides(x)  # (dense: its own strides)
    else:
        strides = preserved_strides(x)
    return with_strides(backends.xp_of(out), out, strides)


def preserved_copy(x):
    """A copy of array ``x`` laid out as PyTorch's ``preserve_format`` (``preserve_layout``)."""
    return preserve_layout(x, x.copy(order=preserved_order(x)))


def copied(x, order):
    """A copy of array ``x`` in NumPy ``order`` ("C", "K"), or in PyTorch's ``preserve_format``
    for ``order`` "preserve"."""
    return preserved_copy(x) if order == "preserve" else x.copy(order=order)


def _is_number(a):
    return isinstance(a, (int, float, complex)) or getattr(a, "ndim", None) == 0


def pointwise_layout(out, operands):
    """``out``, the result of a pointwise op on ``operands`` (arrays and numbers, in PyTorch's order
    of the op's inputs; a number is an input, as PyTorch's wrapped numbers), laid out as PyTorch's
    TensorIterator lays it out. Inputs of ``out``'s shape, all row-major, all channels last or all
    dense with the same strides give that layout. Otherwise the dims are ordered in memory by the
    inputs' strides (``iteration_order``: the first input decides each pair of dims, the next one
    where the first's strides are equal or broadcast, in place where none decides) and strided
    densely in that order, size-1 dims included. NumPy orders by the same strides but is row-major
    wherever its operands disagree (``x.t() + y``), and strides size-1 dims its own way."""
    shape = out.shape
    if not out.size or not shape:
        return out
    # (the decision reads only shapes, strides and which operands are numbers: a program repeats a
    # few of those patterns, so each is worked out once; the generic code below costs about 7 µs)
    key = _layout_key(out, operands)
    strides = _layouts.get(key, _UNDECIDED)
    if strides is _UNDECIDED:
        if len(_layouts) >= 512:
            _layouts.clear()
        strides = _pointwise_strides(out, operands)
        if strides is not None:
            strides = tuple(s * out.itemsize for s in strides)
        _layouts[key] = strides
    if strides is None or strides == out.strides:
        return out
    return with_byte_strides(backends.xp_of(out), out, strides)


_layouts = {}  # _layout_key -> the byte strides pointwise_layout gives the result (None: NumPy's own)
_UNDECIDED = object()


def _layout_key(out, operands):
    """What ``pointwise_layout``'s decision reads: the shapes and byte strides of ``out`` and of the
    array operands (with the writeable flag where a zero stride could be an expand's), and which of
    the others are numbers."""
    key = [out.shape, out.strides, out.itemsize]
    for a in operands:
        if getattr(a, "ndim", None) is None:
            key.append(_is_number(a))
        else:
            strides = a.strides
            key.append((a.shape, strides, a.itemsize, 0 in strides and getattr(a.flags, "writeable", True)))
    return tuple(key)


def _pointwise_strides(out, operands):
    """``pointwise_layout``'s strides in elements for ``out`` (non-empty, not 0-d), or None where
    NumPy's layout is PyTorch's."""
    shape = out.shape
    ndim = len(shape)
    arrays = [a for a in operands if getattr(a, "ndim", None) is not None]
    if not arrays or is_row_major(out) and all(is_row_major(a) for a in arrays):
        return None  # (row-major inputs, size-1 dims strided as row-major, give a row-major result)
    strides = None
    if all(a.shape == shape for a in arrays) and not any(_is_number(a) for a in operands if a is not None):
        strides = _same_shape_strides(shape, arrays)
    if strides is None:
        laid = []
        for a in arrays:  # (0-d arrays have no say)
            if a.ndim:
                k = ndim - a.ndim
                laid.append((0,) * k + tuple(0 if n == 1 and m != 1 else s
                                             for n, s, m in zip(a.shape, array_strides(a), shape[k:])))
        strides = strides_in_order(shape, iteration_order(shape, laid))
    return strides


def is_row_major(array):
    """Whether ``array`` is row-major, its size-1 dims strided as row-major too (as NumPy allocates
    them; NumPy's flag reads no size-1 stride)."""
    if not array.flags.c_contiguous:
        return False
    step = array.itemsize
    for n, s in zip(reversed(array.shape), reversed(array.strides)):
        if s != step and (n != 1 or s):
            return False
        step *= n
    return True


def _same_shape_strides(shape, arrays):
    """PyTorch's strides (in elements) for the result of a pointwise op on ``arrays``, all of the
    result's ``shape``, where its TensorIterator takes them whole: row-major where all are, channels
    last where all are, the inputs' own where all are dense with the same strides; else None."""
    if all(a.flags.c_contiguous for a in arrays):
        return strides_in_order(shape, range(len(shape) - 1, -1, -1))
    if len(shape) == 4 and all(_is_channels_last_contiguous(a) for a in arrays):  # (not channels_last_3d)
        return strides_in_order(shape, (1, 3, 2, 0))
    first = arrays[0].strides
    for a in arrays:  # (byte strides first: a pair that differs, the common case, is told at once)
        if a.strides != first:
            return None
    return array_strides(arrays[0]) if is_dense(arrays[0]) else None


def _is_channels_last_contiguous(array):
    """Whether ``array`` is dense in channels-last order (its size-1 dims aside), as PyTorch's
    ``is_contiguous(memory_format=torch.channels_last)``."""
    return bool(array.transpose((0,) + tuple(range(2, array.ndim)) + (1,)).flags.c_contiguous)


_CHANNELS_LAST_DIMS = {"channels_last": (0, 2, 3, 1), "channels_last_3d": (0, 2, 3, 4, 1)}


def channels_last_copy(array):
    """A copy of a 4-d or 5-d ``array`` laid out channels last: its dims N, [D,] H, W, C from
    outermost to innermost in memory."""
    n = array.ndim
    return array.transpose((0,) + tuple(range(2, n)) + (1,)).copy().transpose((0, n - 1) + tuple(range(1, n - 1)))


def row_major(array):
    """``array`` (row-major by NumPy's flag) with its size-1 dims strided as PyTorch strides them in
    a contiguous tensor (by the extent of the dims inside), where a view had left them otherwise."""
    if 1 not in array.shape:
        return array
    return with_strides(backends.xp_of(array), array,
                        strides_in_order(array.shape, range(array.ndim - 1, -1, -1)))


def channels_last(array):
    """``array`` (channels last, its size-1 dims aside) with PyTorch's channels-last strides: a
    size-1 dim steps over the dims inside it too."""
    n = array.ndim
    return with_strides(backends.xp_of(array), array,
                        strides_in_order(array.shape, (1,) + tuple(range(n - 1, 1, -1)) + (0,)))


def laid_out(array, memory_format):
    """A copy of ``array`` laid out in ``memory_format``: row-major, or channels last (with
    PyTorch's strides for size-1 dims)."""
    if memory_format._name in _CHANNELS_LAST_DIMS:
        return channels_last(channels_last_copy(array))
    return array.copy(order="C")


def is_channels_last(array):
    """Whether PyTorch lays results of a tensor of ``array`` out channels last (its
    ``suggest_memory_format``): 4-d or 5-d, dense in that order and not also row-major."""
    if array.ndim not in (4, 5) or array.flags.c_contiguous:
        return False
    return bool(array.transpose((0,) + tuple(range(2, array.ndim)) + (1,)).flags.c_contiguous)


def suggests_channels_last(array):
    """Whether PyTorch lays out the results of a layer (convolution, pooling, resampling, padding)
    of a tensor of ``array`` channels last (its ``suggest_memory_format``): 4-d or 5-d, with strides
    that do not fall from C to the last spatial dim, on to the first, and to N. Unlike NumPy's
    contiguity flags, the stride of a size-1 dim counts: an (H, W, C) image permuted to (C, H, W)
    and given a batch dim of stride C reads as row-major; a channels-last tensor sliced (not dense)
    still reads as channels last. A row-major ``array`` without size-1 dims costs one flag read."""
    shape, strides = array.shape, array.strides
    if len(shape) not in (4, 5) or (array.flags.c_contiguous and 1 not in shape) or strides[1] == 0:
        return False
    smallest = 0
    for d in (1,) + tuple(range(len(shape) - 1, 1, -1)) + (0,):
        # (a batch dim whose stride equals C's is ambiguous, and PyTorch reads it as row-major)
        if shape[d] == 0 or strides[d] < smallest or (d == 0 and smallest == strides[1]):
            return False
        smallest = strides[d] * shape[d] if shape[d] > 1 else strides[d]
    return True


def follow_channels_last(x, out, ranks=(4, 5)):
    """``out``, a layer's result for input array ``x``, laid out channels last where PyTorch's
    kernels lay it out so (``suggests_channels_last(x)``), row-major otherwise, as its pooling,
    resampling, padding and normalization kernels do. ``ranks``: those of the inputs whose layout
    the kernel follows (some of PyTorch's 3-D kernels give row-major results)."""
    if out.ndim != x.ndim or x.ndim not in ranks:
        return out
    if not suggests_channels_last(x):
        return out if out.flags.c_contiguous else out.copy(order="C")
    return out if is_channels_last(out) else channels_last_copy(out)


_op_module.pointwise_layout = _fast_apply_module.pointwise_layout = pointwise_layout
