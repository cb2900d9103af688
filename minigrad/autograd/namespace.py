"""What backward formulas compute with: the namespace ``m`` of ``backward(ctx, m, g, ...)``.

A backward formula is written once. The engine hands it one of two
namespaces, and the gradient and saved values of the matching kind:

- an ``ArrayMath`` (one per array module, NumPy or CuPy): plain array
  functions, so a training step's backward runs as array code without
  per-op dispatch;
- ``TENSOR_MATH`` under ``create_graph=True``: minigrad's Tensor ops, which
  record, so the gradient can be differentiated again.

Python operators (``+ - * / ** @ < == & ~``), indexing, ``.reshape``, ``.T``,
``.shape`` and ``.ndim`` work alike on arrays and Tensors; every other
function a formula needs is a word of this vocabulary, provided on both
sides: ``provide(name, tensor_fn, array_fn)`` adds one (the op families do,
for their own functions). ``m.records`` says which side a formula runs on;
no op needs to look at it.
"""
from functools import partial
import math
import operator as _operator

from numpy import dtype as _np_dtype  # (dtype objects only: NumPy and CuPy share them)
from numpy import ndarray as _np_ndarray  # (host arrays only take update's one-element fast path)
import numpy as _numpy  # (the module itself: only its arrays take mm's method call)
from numpy import add as _np_add, subtract as _np_subtract, multiply as _np_multiply  # (keys only)

from .._array_layout import row_major_reduction

_array_words = {}   # name -> function(xp) giving the array implementation
_tensor_words = {}  # name -> Tensor implementation
_array_maths = {}   # array module -> its ArrayMath


class ArrayMath:
    """The vocabulary on one array module's arrays (the fast path)."""

    records = False

    def __init__(self, xp):
        self.xp = xp
        self.records = False  # (an instance attribute: read for every node, where a class one is slower)
        for name, make in _array_words.items():
            setattr(self, name, make(xp))


class _TensorMath:
    """The vocabulary as minigrad Tensor ops (recorded: create_graph)."""

    records = True


TENSOR_MATH = _TensorMath()


def array_math(xp):
    """The ArrayMath of array module ``xp``."""
    m = _array_maths.get(xp)
    if m is None:
        m = _array_maths[xp] = ArrayMath(xp)
    return m


def provide(name, tensor_fn, array_fn=None):
    """Add the word ``name``: ``tensor_fn`` on Tensors, ``array_fn(xp)`` giving it on arrays
    (by default the core array implementation of that name, ``ARRAY_CORE``)."""
    array_fn = array_fn or ARRAY_CORE[name]
    _array_words[name] = array_fn
    _tensor_words[name] = tensor_fn
    setattr(TENSOR_MATH, name, tensor_fn)
    for xp, m in _array_maths.items():
        setattr(m, name, array_fn(xp))


def vocabulary():
    """The words both namespaces provide (a test checks the two sides agree)."""
    return sorted(_tensor_words)


# ------------------------------------------------------------------ constants
_constants = {}  # (array module, value, dtype) -> read-only 0-d array


def constant(xp, value, dtype):
    """``value`` as a 0-d array of ``dtype`` (cached): an operand NumPy handles about twice as
    fast as a Python number beside small arrays, with the same result (NumPy computes with a
    Python number in the array's dtype too). For Python numbers beside floating arrays."""
    key = (xp, value, dtype) if value or value.__class__ is int else (xp, value, dtype, str(value))  # (-0.0 == 0.0)
    c = _constants.get(key)
    if c is None:
        if len(_constants) > 512:  # values that keep changing (a decaying learning rate)
            _constants.clear()
        c = _constants[key] = xp.asarray(value, dtype=dtype)
    return c


def _is_numpy(xp):
    return getattr(xp, "__name__", "") == "numpy" and hasattr(getattr(xp, "add", None), "reduce")


_DOT_SUM_MAX = 1024  # the most terms a sum takes as a product with ones (BLAS adds them in order)
_BLAS_DTYPES = {_np_dtype("float32"), _np_dtype("float64")}


def _sum_for(xp):
    """Sum over dims: NumPy's add.reduce skips the Python layer of ndarray.sum. A small sum of
    float32 or float64 values over everything, or over the rows of a matrix (a bias gradient), is
    a product with a vector of ones: a third of add.reduce's time on small arrays. So is the sum
    along each row of a matrix (softmax's, layer norm's): a quarter of add.reduce's time on 128 rows
    of 256. (Up to ``_DOT_SUM_MAX`` terms, so that adding in order rather than pairwise costs no
    accuracy that float tolerances would see.)"""
    if _is_numpy(xp):
        reduce = xp.add.reduce

        def total(x, dims, keepdim=False):
            if x.dtype in _BLAS_DTYPES:
                if not keepdim:
                    if dims is None and 0 < x.size <= _DOT_SUM_MAX:
                        return ones(xp, x.size, x.dtype).dot(x.reshape(-1))
                    if (dims == 0 or dims == (0,)) and x.ndim == 2 and x.shape[0] <= _DOT_SUM_MAX:
                        v = _ones.get((xp, x.shape[0], x.dtype))  # (``ones`` inlined: a bias gradient's sum)
                        return (ones(xp, x.shape[0], x.dtype) if v is None else v).dot(x)
                if (dims == 1 or dims == (1,)) and x.ndim == 2 and x.shape[1] <= _DOT_SUM_MAX:
                    rows = x.dot(ones(xp, x.shape[1], x.dtype))
                    return rows[:, None] if keepdim else rows
            wider = _accumulator(x, dims)
            if wider is not None:
                out = reduce(x, dims, keepdims=keepdim, dtype=wider).astype(x.dtype)
            else:
                out = reduce(x, dims, keepdims=keepdim)
            return row_major_reduction(x, out, dims, keepdim)
        return total
    return plain_sum


def plain_sum(x, dims, keepdim=False):
    """The array's own sum over ``dims`` (no BLAS shortcut: the additions NumPy makes, in its order),
    in a wider dtype where PyTorch's sum would be more accurate (``_accumulator``)."""
    wider = _accumulator(x, dims)
    if wider is not None:
        out = x.sum(axis=dims, keepdims=keepdim, dtype=wider).astype(x.dtype)
    else:
        out = x.sum(axis=dims, keepdims=keepdim)
    return row_major_reduction(x, out, dims, keepdim)


_HALF = _np_dtype("float16")
_SINGLE = _np_dtype("float32")


def _accumulator(x, dims):
    """The wider dtype a sum of ``x`` over ``dims`` adds in, as PyTorch's sums are accurate: float32 for
    float16 (PyTorch accumulates half in float); float64 for float32 where NumPy would add more than
    ``_DOT_SUM_MAX`` terms one after the other (its pairwise summation runs along the last axis only,
    so a sum over the rows of a 60,000 x 784 matrix is 1e-5 off, PyTorch's cascade 2e-7); else None."""
    if x.dtype is _HALF:
        return _SINGLE
    if x.dtype is not _SINGLE or dims is None or x.size <= _DOT_SUM_MAX:
        return None
    last = x.ndim - 1
    count = 1
    for d in (dims,) if dims.__class__ is int else dims:
        if d % x.ndim != last:
            count *= x.shape[d]
    return _np_dtype("float64") if count > _DOT_SUM_MAX else None


def update(ufunc, data, other):
    """``ufunc(data, other, out=data)``: ``data`` updated in place. A one-element array is written
    through a temporary instead (the same values): NumPy's ``out=`` on a one-element operand takes
    a slow path, about 2.5 times the time for two elements (the course's ``b`` and ``w``)."""
    if data.size == 1:
        # Fast path, fenced: one floating value plus, minus or times another, on the host (the
        # course's ``b -= lr * b.grad`` and its gradient accumulation): computed on Python floats
        # and written as one element, a quarter of the time of the array path below. The same
        # values: a float64 sum, difference or product of two float32 (or float16) values, rounded
        # once to float32, is the float32 operation's correctly rounded result.
        scalar_op = _SCALAR_OPERATORS.get(ufunc)
        if (scalar_op is not None and data.__class__ is _np_ndarray and data.dtype in _HOST_FLOATS
                and other.size == 1 and other.dtype in _HOST_FLOATS):
            value = scalar_op(data.item(), other.item())
            try:
                data[0] = value  # (the whole array where it has a dim: half the time of fill)
            except IndexError:  # (a 0-d array)
                data.fill(value)
            return
        data[...] = ufunc(data, other)
    else:
        ufunc(data, other, out=data)  # (by keyword: minigrad.compile reads out= to see the write)


# NumPy's (host) ufuncs that ``update`` computes on one-element arrays as Python floats
_SCALAR_OPERATORS = {_np_add: _operator.add, _np_subtract: _operator.sub, _np_multiply: _operator.mul}
# the dtypes it computes so (a set test costs half of reading ``dtype.kind``)
_HOST_FLOATS = {_np_dtype("float16"), _np_dtype("float32"), _np_dtype("float64")}

_ones = {}  # (array module, length, dtype) -> read-only vector of ones; (array module, length) -> arange


def forget_ones():
    """Empty the cache of ``ones`` and ``arange`` (``minigrad.compile`` does around a capture: a vector
    made outside a capture is a plain array, whose product with a traced operand would read its data, a
    graph break; one made inside is traced and must not outlive the capture)."""
    _ones.clear()


def arange(xp, n):
    """``xp.arange(n)``, cached (read-only on the host): the row numbers of a fancy index
    (``x[rows, targets]``), which cost a third of the indexing itself to make on a small batch."""
    key = (xp, n)
    v = _ones.get(key)
    if v is None:
        if len(_ones) > 64:
            _ones.clear()
        v = _ones[key] = xp.arange(n)
        if _is_numpy(xp):  # (a device array has no such flag)
            v.flags.writeable = False
    return v


def ones(xp, n, dtype):
    """A read-only vector of ``n`` ones of ``dtype`` (cached)."""
    key = (xp, n, dtype)
    v = _ones.get(key)
    if v is None:
        if len(_ones) > 64:
            _ones.clear()
        v = _ones[key] = xp.ones(n, dtype)
        v.flags.writeable = False
    return v


def _broadcast_for(xp):
    """Broadcast to a shape. NumPy's broadcast_to is Python code; a single value (the gradient
    of a full reduction) becomes a zero-stride read-only view directly. A view even when small:
    a tensor hook sees it expanded, as PyTorch's (``stride()`` 0, in-place updates refused)."""
    if not _is_numpy(xp):
        return lambda g, shape: g if g.shape == tuple(shape) else xp.broadcast_to(g, shape)
    ndarray = xp.ndarray

    def broadcast(g, shape):
        shape = tuple(shape)
        if g.shape == shape:
            return g
        if g.size == 1 and g.flags.c_contiguous and not 0 in shape:
            out = ndarray(shape, g.dtype, g, 0, (0,) * len(shape))
            out.flags.writeable = False
            return out
        return xp.broadcast_to(g, shape)
    return broadcast


def _sum_to_for(xp):
    """Sum a broadcast gradient back to ``shape`` (Chainer's sum_to)."""
    total = _sum_for(xp)
    is_numpy = _is_numpy(xp)

    def sum_to(g, shape):
        gshape = g.shape
        if gshape == shape:
            return g
        lead = len(gshape) - len(shape)
        axes = list(range(lead))
        single = True  # the target holds one element: the sum of everything
        for i, s in enumerate(shape):
            if s == 1:
                if gshape[i + lead] != 1:
                    axes.append(i + lead)
            else:
                single = False
        if not axes:
            return g.reshape(shape) if lead else g
        if single and g.dtype in _BLAS_DTYPES and g.size <= _DOT_SUM_MAX and is_numpy:
            # (see _sum_for; a column (n, 1) is already the operand, and a product of the target's
            # shape is already the result: each reshape skipped would return a view of the same layout)
            column = g if len(gshape) == 2 and gshape[1] == 1 else g.reshape(-1, 1)
            out = ones(xp, g.size, g.dtype).dot(column)
            return out if out.shape == shape else out.reshape(shape)
        if lead == 1 and len(axes) == 1 and len(gshape) == 2:
            return total(g, 0)  # a bias gradient: the rows summed (see _sum_for)
        out = total(g, tuple(axes), True)
        return out.reshape(shape) if lead else out
    return sum_to


def _expand_reduced_for(xp):
    """A reduced gradient broadcast back to the input's shape."""
    broadcast = _broadcast_for(xp)

    def expand_reduced(g, in_shape, dims, keepdim):
        if not keepdim and dims:
            shape = list(in_shape)
            for d in dims:
                shape[d] = 1
            g = g.reshape(tuple(shape))
        return broadcast(g, in_shape)
    return expand_reduced


def _divide_expanded_for(xp):
    """A mean's gradient: ``g`` divided by ``n`` (NaN where n is 0) and spread back to the input's
    shape as a new row-major array, the values of PyTorch's ``grad.expand(...) / n`` (one quotient
    per element of ``g``, copied), at the cost of one fill."""
    empty = xp.empty

    def divide_expanded(g, n, in_shape, dims, keepdim):
        if not n:
            q = g * math.nan
        elif g.dtype in _BLAS_DTYPES:  # (n as a cached 0-d array of g's dtype: half a Python int's cost, the same quotient)
            q = g / constant(xp, n, g.dtype)
        else:
            q = g / n
        if not keepdim and dims:
            shape = list(in_shape)
            for d in dims:
                shape[d] = 1
            q = q.reshape(tuple(shape))
        out = empty(tuple(in_shape), q.dtype)
        out[...] = q
        return out
    return divide_expanded


def _unsqueeze_for(xp):
    """A size-1 dim inserted at one dim: NumPy's expand_dims is Python code, whose checks cost five
    times the reshape it ends with (the same view, the same strides), which this makes directly."""
    expand_dims = xp.expand_dims
    if not _is_numpy(xp):
        return expand_dims
    ndarray = xp.ndarray

    def unsqueeze(x, dim):
        if dim.__class__ is not int or x.__class__ is not ndarray or not -x.ndim - 1 <= dim <= x.ndim:
            return expand_dims(x, dim)  # (a tuple of dims, a NumPy scalar, a dim out of range: its error)
        shape = x.shape
        d = dim % (len(shape) + 1)
        return x.reshape(shape[:d] + (1,) + shape[d:])
    return unsqueeze


def _scalar_for(xp):
    """A Python number as a 0-d array of the dtype of array ``like`` (``constant``'s, with its
    cache read here: one call instead of two on the hot path)."""
    get = _constants.get

    def scalar(value, like):
        dtype = like.dtype
        c = get((xp, value, dtype) if value or value.__class__ is int else (xp, value, dtype, str(value)))
        return constant(xp, value, dtype) if c is None else c
    return scalar


def _mm_for(xp):
    """The product of two matrices: ``ndarray.dot`` (half of ``@``'s overhead on small arrays),
    on NumPy itself called through the method, which costs no Python call (a traced namespace
    of ``minigrad.compile`` or a device's arrays keep the call)."""
    if xp is _numpy:
        return _np_ndarray.dot
    return lambda a, b: a.dot(b)


def _run_op(xp, op, *args):
    """An Op's forward run directly on arrays (helper ops of backward formulas)."""
    return op.forward(_Scratch(xp), *args)


class _Scratch:
    """A throwaway ctx for running an Op's forward on arrays."""

    def __init__(self, xp):
        self.xp = xp


ARRAY_CORE = {
    "sum_to": _sum_to_for,
    "expand_reduced": _expand_reduced_for,
    "divide_expanded": _divide_expanded_for,
    "broadcast_to": _broadcast_for,
    "sum": _sum_for,
    "scalar": _scalar_for,
    "mm": _mm_for,
    "mean": lambda xp: lambda x, dims, keepdim=False: x.mean(axis=dims, keepdims=keepdim),
    "where": lambda xp: xp.where,
    "zeros_like": lambda xp: xp.zeros_like,
    "const": lambda xp: lambda array, like: array,
    "unsqueeze": _unsqueeze_for,
    "squeeze": lambda xp: lambda x, dim: x.squeeze(dim),
    "mT": lambda xp: lambda x: x.swapaxes(-1, -2),
    "permute": lambda xp: lambda x, perm: x.transpose(perm),
    "flip": lambda xp: lambda x, dims: xp.flip(x, axis=dims) if dims else x,
    "cumsum": lambda xp: lambda x, dim: xp.cumsum(x, axis=dim),
    "clamp": lambda xp: lambda x, lo=None, hi=None: xp.clip(x, lo, hi),
    "op": lambda xp: partial(_run_op, xp),
}
