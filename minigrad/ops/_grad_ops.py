"""The few functions backward formulas need beyond Python operators, for arrays or Tensors.

A backward formula is written once. With ``create_graph=True`` the engine
hands it Tensors, so the formula is recorded and can be differentiated again;
otherwise it hands it raw backend arrays, so the formula runs as plain array
code without per-op dispatch. Operators (``+ - * / ** @ < ==``, indexing,
``.reshape``, ``.T``) work on both; everything else goes through here.
"""
from .. import backends
from ..tensor import Tensor, wrap


xp_of = backends.xp_of


def dtype_of(x):
    """The NumPy dtype of an array or a Tensor."""
    return x._data.dtype if isinstance(x, Tensor) else x.dtype


def sum_to(g, shape):
    """``g`` summed over broadcast dims down to ``shape``."""
    if isinstance(g, Tensor):
        from ._util import sum_to as tensor_sum_to
        return tensor_sum_to(g, shape)
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
    out = g.sum(axis=axes, keepdims=True) if axes else g
    return out.reshape(shape) if lead else out


def broadcast_to(g, shape):
    """``g`` broadcast to ``shape``."""
    if isinstance(g, Tensor):
        from ._util import broadcast_to as tensor_broadcast_to
        return tensor_broadcast_to(g, shape)
    return g if g.shape == tuple(shape) else xp_of(g).broadcast_to(g, shape)


def expand_reduced(g, in_shape, dims, keepdim):
    """A reduced gradient broadcast back to the input's shape."""
    if not keepdim and dims:
        shape = list(in_shape)
        for d in dims:
            shape[d] = 1
        g = g.reshape(tuple(shape))
    return broadcast_to(g, tuple(in_shape))


def cast(x, np_dtype):
    """``x`` converted to a NumPy dtype."""
    if isinstance(x, Tensor):
        from .. import dtypes
        from ._util import cast as tensor_cast
        return x if x._data.dtype == np_dtype else tensor_cast(x, dtypes._BY_NP[np_dtype])
    return x if x.dtype == np_dtype else x.astype(np_dtype)


def sum(x, dims, keepdim=False):
    """Sum over ``dims``."""
    if isinstance(x, Tensor):
        return x.sum(dim=dims, keepdim=keepdim)
    return x.sum(axis=dims, keepdims=keepdim)


def mean(x, dims, keepdim=False):
    """Mean over ``dims``."""
    if isinstance(x, Tensor):
        return x.mean(dim=dims, keepdim=keepdim)
    return x.mean(axis=dims, keepdims=keepdim)


def _unary(name):
    def fn(x):
        if isinstance(x, Tensor):
            return getattr(x, name)()
        return getattr(xp_of(x), name)(x)
    fn.__name__ = name
    fn.__doc__ = f"Elementwise {name} of an array or a Tensor."
    return fn


exp = _unary("exp")
log = _unary("log")
sin = _unary("sin")
cos = _unary("cos")
sign = _unary("sign")


def where(cond, a, b):
    """Elements of ``a`` where ``cond``, else of ``b``."""
    if isinstance(cond, Tensor) or isinstance(a, Tensor) or isinstance(b, Tensor):
        from .elementwise import where as tensor_where
        return tensor_where(cond if isinstance(cond, Tensor) else wrap(cond, a._device), a, b)
    return xp_of(cond).where(cond, a, b)


def zeros_like(x):
    """Zeros shaped and typed like ``x``."""
    if isinstance(x, Tensor):
        from .elementwise import zeros_like as tensor_zeros_like
        return tensor_zeros_like(x)
    return xp_of(x).zeros_like(x)


def saved_inputs(ctx, needed):
    """``ctx.inputs``, with the in-place (version) check only for the inputs whose
    values backward uses: torch saves only those, so changing another one in
    place after the op is no error. ``needed`` holds one flag per input."""
    from ..autograd import function as _f
    saved = ctx._saved
    if saved is _f._FREED:
        raise RuntimeError(_f._FREED_MESSAGE)
    raw = _f._state.raw_backward
    out = []
    for a, v, need in zip(saved, ctx._saved_versions, needed):
        if isinstance(a, Tensor):
            if need and a._version[0] != v:
                raise _f._version_error(a, ctx.name(), a._version[0], v)
            out.append(a._data if raw else a)
        else:
            out.append(a)
    return out


def const(array, like):
    """A constant backend array usable beside ``like`` (wrapped when ``like`` is a Tensor)."""
    return wrap(array, like._device) if isinstance(like, Tensor) else array


def unsqueeze(x, dim):
    """Insert a size-1 dim."""
    if isinstance(x, Tensor):
        return x.unsqueeze(dim)
    return xp_of(x).expand_dims(x, dim)


def squeeze(x, dim):
    """Remove the size-1 dim ``dim``."""
    if isinstance(x, Tensor):
        return x.squeeze(dim)
    return x.squeeze(dim)


def mT(x):
    """The last two dims swapped."""
    if isinstance(x, Tensor):
        return x.mT
    return x.swapaxes(-1, -2)


def permute(x, perm):
    """Dims reordered by ``perm``."""
    if isinstance(x, Tensor):
        from .shape import Permute
        return Permute.apply(x, tuple(perm))
    return x.transpose(perm)


def flip(x, dims):
    """Elements reversed along ``dims``."""
    if isinstance(x, Tensor):
        from .shape import Flip
        return Flip.apply(x, tuple(dims))
    return xp_of(x).flip(x, axis=dims) if dims else x


def cumsum(x, dim):
    """Cumulative sum along ``dim``."""
    if isinstance(x, Tensor):
        return x.cumsum(dim)
    return xp_of(x).cumsum(x, axis=dim)


def floor_divide(a, b):
    """Elementwise floor division."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        from .elementwise import floor_divide as tensor_floor_divide
        return tensor_floor_divide(a, b)
    return a // b


def apply_op(op, g, *args):
    """Run a backward-helper Op (e.g. IndexBackward) on an array or a Tensor gradient."""
    if isinstance(g, Tensor):
        return op.apply(g, *args)
    return op.forward(_ArrayCtx(xp_of(g)), g, *args)


class _ArrayCtx:
    """A throwaway ctx for running an Op's forward directly on arrays."""

    __slots__ = ("xp", "__dict__")

    def __init__(self, xp):
        self.xp = xp
