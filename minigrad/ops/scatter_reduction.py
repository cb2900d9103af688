"""``ScatterReduce``: ``x`` with ``src`` reduced into it at ``index`` along ``dim`` ("sum", "prod",
"mean", "amax" or "amin"), on arrays by a segmented scan, with PyTorch's gradients. The public
``scatter_reduce``, which checks the arguments, is in ``scatter.py``.
"""
from .. import backends
from ..autograd.op import Op
from .scatter_writes import ScatterAdd, ScatterValue, _corner, _fitted, _gathered, _grid


def _flat_targets(xp, shape, index, dim):
    """The flat position in an array of ``shape`` of each element of the index grid."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= n
    strides.reverse()
    flat = 0
    for k, positions in enumerate(_grid(xp, index, dim)):
        flat = flat + positions * strides[k]
    return xp.broadcast_to(flat, index.shape).reshape(-1)


def _scatter_reduced(xp, x, src, dim, index, reduce, include_self):
    """``x`` with ``src`` reduced into it at ``index`` along ``dim`` (arrays)."""
    src = _corner(src, index.shape)
    backend = backends.for_module(xp)
    grid = _grid(xp, index, dim)
    out = x.copy()
    if reduce in ("sum", "mean"):
        if not include_self:
            out[grid] = 0
        backend.scatter_add(out, grid, src)
        if reduce == "mean":
            count = xp.full(x.shape, 1 if include_self else 0, x.dtype)
            backend.scatter_add(count, grid, xp.ones(index.shape, x.dtype))
            count = xp.maximum(count, 1)
            out = out / count if x.dtype.kind in "fc" else out // count
        return out
    # prod, amax, amin: the elements bound for each place, sorted together, are combined by a
    # segmented scan (log2 of the longest run of whole-array steps); each run's last element then
    # holds its total
    combine = {"prod": xp.multiply, "amax": xp.maximum, "amin": xp.minimum}[reduce]  # (NaN propagates)
    targets = _flat_targets(xp, x.shape, index, dim)
    order = backend.argsort_stable(targets, 0)
    targets, values = targets[order], src.reshape(-1)[order]
    n = targets.size
    positions = xp.arange(n)
    run_start = xp.ones(n, bool)
    run_start[1:] = targets[1:] != targets[:-1]
    starts = xp.maximum.accumulate(xp.where(run_start, positions, 0))
    longest = int((positions - starts).max().item()) + 1 if n else 0
    step = 1
    while step < longest:
        reach = positions[step:] - step >= starts[step:]  # the element `step` back is in the same run
        values[step:] = xp.where(reach, combine(values[:-step], values[step:]), values[step:])
        step *= 2
    run_end = xp.ones(n, bool)
    run_end[:-1] = run_start[1:]
    at, totals = targets[run_end], values[run_end]
    flat = out.reshape(-1)
    flat[at] = combine(flat[at], totals) if include_self else totals
    return flat.reshape(x.shape)


class ScatterReduce(Op):
    """``x`` with ``src`` reduced into it at ``index`` along ``dim``; PyTorch's gradients (prod exact
    with zeros, amax/amin split evenly among the elements equal to the result)."""

    torch_name = "ScatterReduceBackward0"
    saves = (True, True)
    saves_output = True
    # sum, mean and prod take complex input (amax and amin are refused before); PyTorch has no complex
    # derivative for them, but scatter(reduce="multiply") records its prod here
    holomorphic = True

    @staticmethod
    def forward(ctx, x, src, dim, index, reduce, include_self):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        ctx.reduce, ctx.include_self = reduce, include_self
        if x.ndim == 0:
            return _scatter_reduced(ctx.xp, x.reshape(1), src, dim, index, reduce, include_self).reshape(())
        return _scatter_reduced(ctx.xp, x, src, dim, index, reduce, include_self)

    @staticmethod
    def backward(ctx, m, g, x, src, dim, index, reduce, include_self, y):
        nx, ns = ctx.needs_input_grad[:2]
        d, index, reduce = ctx.dim, ctx.index, ctx.reduce

        def gather(t):
            return _gathered(m, t, d, index)

        def scatter_added(t, values):
            return m.op(ScatterAdd, t, values, d, index)

        if reduce == "sum":
            gx, gs = g, (gather(g) if ns else None)
        elif reduce == "mean":
            count = scatter_added(m.zeros_like(g) + (1.0 if ctx.include_self else 0.0),
                                  m.cast(m.zeros_like(src) == 0, g.dtype))
            count = m.where(count == 0, 1.0, count)
            gx, gs = g / count, (gather(g) / gather(count) if ns else None)
        elif reduce == "prod":
            gx = gs = None
            if nx:
                masked_x = m.where(x == 0, 1.0, x)
                gx = g * m.op(ScatterReduce, masked_x, src, d, index, "prod", ctx.include_self) / masked_x
            if ns:
                src_zero = src == 0
                zeros_here = gather(scatter_added(m.zeros_like(g), m.cast(src_zero, g.dtype)))
                single_zero = src_zero & (zeros_here == 1)
                without_it = m.op(ScatterReduce, x, m.where(single_zero, 1.0, src), d, index, "prod",
                                  ctx.include_self)
                gs = m.where(single_zero, gather(g * without_it), gather(g * y) / m.where(src_zero, 1.0, src))
        else:  # amax, amin: split evenly among the elements equal to the result (x's counted always)
            x_is = m.cast(x == y, g.dtype)
            src_is = m.cast(src == gather(y), g.dtype)
            share = g / scatter_added(x_is, src_is)
            gx, gs = x_is * share, (src_is * gather(share) if ns else None)
        if nx and not ctx.include_self:
            gx = m.op(ScatterValue, gx, 0, d, index)
        return (gx if nx else None), (_fitted(m, ctx.name(), gs, ctx.src_shape) if ns else None)
