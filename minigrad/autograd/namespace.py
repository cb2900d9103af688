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

_array_words = {}   # name -> function(xp) giving the array implementation
_tensor_words = {}  # name -> Tensor implementation
_array_maths = {}   # array module -> its ArrayMath


class ArrayMath:
    """The vocabulary on one array module's arrays (the fast path)."""

    records = False

    def __init__(self, xp):
        self.xp = xp
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


# ------------------------------------------------------------------ the array side of the core words
def _sum_to(g, shape):
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
    out = g.sum(axis=axes, keepdims=True) if axes else g
    return out.reshape(shape) if lead else out


def _expand_reduced(xp, g, in_shape, dims, keepdim):
    if not keepdim and dims:
        shape = list(in_shape)
        for d in dims:
            shape[d] = 1
        g = g.reshape(tuple(shape))
    return g if g.shape == tuple(in_shape) else xp.broadcast_to(g, in_shape)


def _run_op(xp, op, *args):
    """An Op's forward run directly on arrays (helper ops of backward formulas)."""
    return op.forward(_Scratch(xp), *args)


class _Scratch:
    """A throwaway ctx for running an Op's forward on arrays."""

    def __init__(self, xp):
        self.xp = xp


ARRAY_CORE = {
    "sum_to": lambda xp: _sum_to,
    "expand_reduced": lambda xp: partial(_expand_reduced, xp),
    "broadcast_to": lambda xp: lambda g, shape: g if g.shape == tuple(shape) else xp.broadcast_to(g, shape),
    "sum": lambda xp: lambda x, dims, keepdim=False: x.sum(axis=dims, keepdims=keepdim),
    "mean": lambda xp: lambda x, dims, keepdim=False: x.mean(axis=dims, keepdims=keepdim),
    "where": lambda xp: xp.where,
    "zeros_like": lambda xp: xp.zeros_like,
    "cast": lambda xp: lambda x, like: x.astype(like.dtype, copy=False),
    "const": lambda xp: lambda array, like: array,
    "unsqueeze": lambda xp: xp.expand_dims,
    "squeeze": lambda xp: lambda x, dim: x.squeeze(dim),
    "mT": lambda xp: lambda x: x.swapaxes(-1, -2),
    "permute": lambda xp: lambda x, perm: x.transpose(perm),
    "flip": lambda xp: lambda x, dims: xp.flip(x, axis=dims) if dims else x,
    "cumsum": lambda xp: lambda x, dim: xp.cumsum(x, axis=dim),
    "clamp": lambda xp: lambda x, lo=None, hi=None: xp.clip(x, lo, hi),
    "op": lambda xp: partial(_run_op, xp),
}
