"""Advanced indexing, ``x[idx]`` with index arrays or masks: a copy, laid out in memory as
PyTorch lays it out, with the saved fields of PyTorch's IndexBackward0. The gradient of any index
(``IndexBackward``) writes g back at ``idx``, scatter-adding where an index array may repeat an
element; ``guarded`` makes backward refuse index Tensors changed in place since."""
from .. import backends
from ..autograd.node import check_index_guards, index_guards
from ..autograd.op import Op
from .._array_layout import laid_out_if_empty
from ..tensor import wrap
from ._saved_fields import ABSENT, in_sizes


class AdvancedIndex(Op):
    """``x[idx]`` with index arrays or masks: a copy; the gradient is scatter-added back."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "IndexBackward0"
    index_guards = ()  # the index Tensors read in backward, with their versions (see ``guarded``)
    saved_fields = {"indices": lambda ctx: _saved_indices(ctx), "self_sym_sizes": lambda ctx: _sliced_sizes(ctx)}

    @staticmethod
    def forward(ctx, x, idx):
        ctx.in_shape = x.shape
        ctx.idx = idx
        return _laid_out(ctx.xp, x, idx, x[idx])

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        return m.op(IndexBackward, g, ctx.in_shape, ctx.idx, False)


def _saved_indices(ctx):
    """An advanced index's ``_saved_indices`` as PyTorch's: its index Tensors, None for each slice
    before the last of them (PyTorch takes a partial slice first, as a node of its own)."""
    idx = ctx.idx if isinstance(ctx.idx, tuple) else (ctx.idx,)
    indices = []
    for i in idx:
        if isinstance(i, slice):
            indices.append(None)
        elif i is Ellipsis or i is None or isinstance(i, int):
            return ABSENT
        else:
            indices.append(wrap(i, ctx.device))
    while indices and indices[-1] is None:
        indices.pop()
    return tuple(indices)


def _sliced_sizes(ctx):
    """An advanced index's ``_saved_self_sym_sizes``: its input's, each partial slice of the index
    taken first, as PyTorch takes it."""
    idx = ctx.idx if isinstance(ctx.idx, tuple) else (ctx.idx,)
    if any(i is Ellipsis or i is None for i in idx):
        return ABSENT
    shape = list(in_sizes(ctx))
    for k, i in enumerate(idx):
        if isinstance(i, slice):
            shape[k] = len(range(*i.indices(shape[k])))
    return tuple(shape)


def _laid_out(xp, x, idx, out):
    """An advanced index's result ``out`` of ``x`` laid out as PyTorch's: contiguous for a contiguous
    ``x`` (NumPy puts the dims of index arrays after a slice first in memory, where ``.view`` fails);
    for another ``x``, in the memory order ``_index_dim_order`` gives."""
    if not out.size:
        return laid_out_if_empty(xp, out)
    if x.flags.c_contiguous:
        return out if out.flags.c_contiguous else xp.ascontiguousarray(out)
    outer = _index_dim_order(xp, x, idx, out.shape)
    if outer is None or out.ndim != len(outer):
        return out
    inverse = sorted(range(len(outer)), key=outer.__getitem__)
    return out.transpose(outer).copy().transpose(inverse)


def _index_dim_order(xp, x, idx, shape):
    """The result dims of ``x[idx]`` from outermost to innermost in memory, as PyTorch orders them:
    each pair of dims by the strides they have in ``x`` (0 for the dims the index arrays make), or
    where one of those is 0, by the strides of the index arrays (0 for the dims the slices keep);
    row-major where neither tells. (None where ``idx`` is not a tuple of slices, None, Ellipsis and
    arrays.)"""
    items = idx if isinstance(idx, tuple) else (idx,)
    arrays = [i for i in items if isinstance(i, xp.ndarray)]
    if not arrays or any(i is not None and i.__class__ not in (slice, type(Ellipsis)) and not isinstance(i, xp.ndarray)
                         for i in items):
        return None
    used = sum(i.ndim if i.dtype.kind == "b" else 1 for i in arrays) + sum(i.__class__ is slice for i in items)
    firsts, kept, index_ops, d = [], [], [], 0  # kept: the x stride of each dim a slice keeps or None makes
    for i in items:
        if i is Ellipsis or i.__class__ is slice:
            for _ in range(x.ndim - used if i is Ellipsis else 1):
                step = 1 if i is Ellipsis else i.indices(x.shape[d])[2]
                kept.append(x.strides[d] * step)
                d += 1
        elif i is None:
            kept.append(0)
        else:
            firsts.append(len(kept))
            index_ops.extend(i.nonzero() if i.dtype.kind == "b" else (i,))
            d += i.ndim if i.dtype.kind == "b" else 1
    kept += [x.strides[k] for k in range(d, x.ndim)]
    index_ops = xp.broadcast_arrays(*index_ops)
    n_index = index_ops[0].ndim
    together = all(p == firsts[0] for p in firsts)  # (index arrays side by side: their dims in their place)
    at = firsts[0] if together else 0
    operands = [kept[:at] + [0] * n_index + kept[at:]]
    operands += [[0] * at + list(a.strides) + [0] * (len(kept) - at) for a in index_ops]
    operands = [[0 if n == 1 else s for n, s in zip(shape, a)] for a in operands]  # (a size-1 dim orders nothing)
    inner_first = list(range(len(operands[0])))[::-1]
    for i in range(1, len(inner_first)):
        j = i
        for k in range(i - 1, -1, -1):  # (an insertion sort that steps past the pairs no operand orders)
            order = next(((a[inner_first[k]] > a[inner_first[j]]) for a in operands
                          if a[inner_first[k]] and a[inner_first[j]]), None)
            if order is None:
                continue
            if not order:
                break
            inner_first[k], inner_first[j] = inner_first[j], inner_first[k]
            j = k
    return inner_first[::-1]


class IndexBackward(Op):
    """Zeros of the input's shape with the gradient written (or scatter-added) at ``idx``."""

    @staticmethod
    def forward(ctx, g, shape, idx, basic):
        ctx.idx = idx
        out = ctx.xp.zeros(shape, g.dtype)
        if basic or not _may_repeat(idx):
            out[idx] = g  # each element picked once: a plain write (much quicker than a scatter-add)
        else:
            backends.for_module(ctx.xp).scatter_add(out, idx, g)  # repeated indices accumulate
        return out

    @staticmethod
    def backward(ctx, m, gg):
        return gg[ctx.idx]


def guarded(out, index):
    """``out``, its node (if recorded) told which index Tensors its backward reads: changing one
    in place before backward raises PyTorch's error rather than misplacing the gradient."""
    node = out._node
    if node is not None:
        guards = index_guards(index)
        if guards:
            node.index_guards = guards
    return out


def _may_repeat(idx):
    """Whether an advanced index may pick an element more than once: only integer arrays can
    (masks, ints and slices pick each element once)."""
    for i in idx:
        if i.__class__ is not bool and getattr(i, "dtype", None) is not None and i.dtype.kind in "iu" \
                and i.ndim:
            return True
    return False
