"""PyTorch's strides and memory layouts for backend arrays: the strides ``stride()`` reports for
an array (NumPy strides some dims otherwise), the layouts results are given (row-major reductions,
``preserve_format`` copies, a leaf's gradient, linear algebra's column-major results), and where an
array's memory is (the array owning it, its address). A leaf module: it imports nothing of minigrad's."""


def array_strides(data):
    """The strides of a tensor of array ``data`` in elements, as ``stride()`` reports them: NumPy's,
    but PyTorch's where NumPy strides by 0 a size-1 dim (``x[None]``) or every dim of an empty array."""
    itemsize = data.itemsize
    strides = tuple(s // itemsize for s in data.strides)
    if 0 in strides:
        if not data.size and data.ndim and not any(strides):
            strides = _empty_strides(data.shape)  # (NumPy strides every empty result by 0)
        # (a read-only NumPy array is an expand's view, whose zero strides are PyTorch's too; CuPy has no such flag)
        elif 1 in data.shape and getattr(data.flags, "writeable", True):
            strides = _size_one_strides(data.shape, strides)
    return strides


def _size_one_strides(shape, strides):
    """``strides`` with PyTorch's for size-1 dims where NumPy has 0 (``x[None]``, ``keepdim`` sums): the
    extent of the dim after it, or 1 for the last, as PyTorch's unsqueeze and reductions give them."""
    strides = list(strides)
    for i in range(len(strides) - 1, -1, -1):
        if shape[i] == 1 and strides[i] == 0:
            strides[i] = shape[i + 1] * strides[i + 1] if i + 1 < len(strides) else 1
    return tuple(strides)


def _empty_strides(shape):
    """PyTorch's contiguous strides for an empty tensor: a size-0 dim steps as a size-1 dim
    (``(0, 3)`` is ``(3, 1)``)."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def keep_numpy_strides(t):
    """``t``, made from a NumPy array, marked to report that array's strides where they hold a 0
    (``stride()`` reports contiguous ones for other empty tensors, and PyTorch's for other size-1
    dims), as ``torch.from_numpy`` and ``torch.tensor`` of an array keep NumPy's zero strides. The
    mark names the array, so that it lapses when the tensor is given other memory (``set_``)."""
    if 0 in t._data.strides:
        t._numpy_strides = t._data
    return t


def laid_out_if_empty(xp, array):
    """``array``, or for an empty one that NumPy gave zero strides, the same (no) elements with
    PyTorch's contiguous strides, where minigrad makes an empty tensor (a factory, an index): a
    size-0 dim steps as a size-1 dim (``(0, 3)`` is ``(3, 1)``). A tensor of an empty NumPy array
    from outside keeps that array's strides, as ``torch.tensor`` and ``torch.from_numpy`` do."""
    if array.size or not array.ndim or any(array.strides):
        return array
    strides, step = [], array.itemsize
    for n in reversed(array.shape):
        strides.append(step)
        step *= max(n, 1)
    return xp.lib.stride_tricks.as_strided(array, array.shape, tuple(reversed(strides)))


def row_major_reduction(x, out, dims, keepdim):
    """``out``, a reduction of ``x`` over ``dims`` (None: all), laid out row-major, as PyTorch lays
    out every reduction's result. NumPy's follows ``x``'s layout: a permuted or channels-last ``x``
    gives a permuted result (strides ``(1, 4)`` where PyTorch's are ``(3, 1)``), and a kept dim the
    stride of an element. A row-major ``x`` gives PyTorch's layout already (one flag read)."""
    if out.ndim < 2 or x.flags.c_contiguous:
        return out
    if not keepdim:
        return out.copy(order="C")
    # the reduced dims dropped and put back: a reshape of a row-major array strides them row-major
    return out.squeeze(tuple(range(out.ndim)) if dims is None else dims).copy(order="C").reshape(out.shape)


def root_array(data):
    """The array owning ``data``'s memory: the end of its ``base`` chain, also through the object
    an ``as_strided`` view has for a base (its own ``base`` is the array it views)."""
    root = data
    while True:
        base = getattr(root, "base", None)
        if not isinstance(base, type(data)):
            base = getattr(base, "base", None)
            if not isinstance(base, type(data)):
                return root
        root = base


def _address(array):
    """Where an array's first element is in memory (NumPy's or CuPy's array interface)."""
    interface = getattr(array, "__array_interface__", None) or array.__cuda_array_interface__
    return interface["data"][0]


def is_dense(array):
    """Whether ``array``'s elements fill its memory without gaps or overlap, in some order of its
    dims (PyTorch's "non-overlapping and dense"): a permuted or channels-last array is, a slice
    with a step or a broadcast is not."""
    if not array.size:
        return False
    step = array.itemsize
    for n, s in sorted((p for p in zip(array.shape, array.strides) if p[0] != 1), key=lambda p: p[1]):
        if s != step:
            return False
        step *= n
    return True


def iteration_order(shape, operands):
    """The order PyTorch's TensorIterator gives the dims of a result of ``shape`` (innermost first),
    from its ``operands``' strides in elements (each broadcast to ``shape``: 0 where broadcast),
    PyTorch's insertion sort: a dim moves in past a dim whose stride is larger in the first operand
    that strides both by more than 0 (equal strides: past a longer dim, or the next operand
    decides), and stays where no operand decides."""
    ndim = len(shape)

    def swap(d, e):  # whether dim d, now inside dim e, goes outside it: 1, -1 (stays), 0 (no operand decides)
        for strides in operands:
            sd, se = strides[d], strides[e]
            if sd and se:
                if sd != se:
                    return 1 if sd > se else -1
                if shape[d] > shape[e]:
                    return 1
        return 0

    inner = list(range(ndim - 1, -1, -1))
    for i in range(1, ndim):
        at = i
        for j in range(i - 1, -1, -1):
            decided = swap(inner[j], inner[at])
            if decided > 0:
                inner[j], inner[at] = inner[at], inner[j]
                at = j
            elif decided < 0:
                break
    return inner


def strides_in_order(shape, inner):
    """Dense strides in elements for ``shape`` with its dims in memory in the order ``inner``
    (innermost first), as PyTorch allocates them: each dim steps over the dims inside it."""
    strides = [0] * len(shape)
    step = 1
    for d in inner:
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def preserved_strides(data):
    """The strides in elements of a copy of ``data`` in PyTorch's ``preserve_format`` (``clone``, a
    cast, ``empty_like``): ``data``'s own where it is dense, else dense in its order of strides
    (PyTorch's ``infer_dense_strides``; a broadcast dim has no say)."""
    strides = array_strides(data)
    if is_dense(data) and min(strides, default=0) >= 0:
        return strides
    return strides_in_order(data.shape, iteration_order(data.shape, (strides,)))


def with_strides(xp, array, strides):
    """``array``'s elements laid out with ``strides`` (in elements, dense): ``array`` itself where
    it has them, a view of it where only size-1 dims differ (their stride addresses nothing, but
    ``stride()`` reports it, and PyTorch's layout choices read it), else a copy."""
    item = array.itemsize
    return with_byte_strides(xp, array, tuple(s * item for s in strides))


def with_byte_strides(xp, array, want):
    """``with_strides`` for strides ``want`` in bytes."""
    have = array.strides
    if have == want or not array.size:
        return array
    shape = array.shape
    for a, b, n in zip(have, want, shape):
        if a != b and n != 1:
            out = _strided(xp, xp.empty(array.size, array.dtype), shape, want)
            out[...] = array
            return out
    return _strided(xp, array, shape, want)  # (only size-1 dims differ: a view)


def _strided(xp, base, shape, strides):
    """A view of ``base``'s memory from its first element with ``shape`` and ``strides`` (in bytes)."""
    if xp.__name__ == "numpy" and base.flags.c_contiguous:
        # Fast path, fenced: NumPy's constructor over a contiguous buffer, about a tenth of the time of
        # as_strided (Python code), the same view (a test checks)
        return xp.ndarray(shape, base.dtype, base, 0, strides)
    return xp.lib.stride_tricks.as_strided(base, shape, strides)


def laid_out_as(xp, array, like):
    """``array`` (``like``'s shape) with ``like``'s strides where ``like`` is dense, else row-major,
    as PyTorch's AccumulateGrad lays out a leaf's new ``.grad``: a transposed or channels-last leaf
    gets a gradient in its own memory order."""
    if all(s == t for n, s, t in zip(like.shape, array.strides, like.strides) if n != 1):
        return array  # (a size-1 dim's stride is no order)
    if not is_dense(like):
        return xp.ascontiguousarray(array)
    out = xp.empty_like(like, dtype=array.dtype)  # ("K" order: a dense array's own strides)
    out[...] = array
    return out


def column_major(a):
    """A copy of ``a`` (an array: a matrix or a batch of them) with each matrix laid out column-major, the
    memory order of LAPACK's results and so of PyTorch's linear algebra: strides (..., 1, rows)."""
    return a.swapaxes(-1, -2).copy().swapaxes(-1, -2)
