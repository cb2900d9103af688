"""How the losses reduce (``reduction`` "mean", "sum" or "none") as PyTorch's loss kernels do, and
the gradient of that reduction; for the class losses also the mean over the sum of the weights, and
float16 sums in the cascade of PyTorch's CPU nll_loss (``HalfCascadeSum``)."""
from ..autograd.namespace import array_math
from ..autograd.op import Op


def _reduce(ctx, loss, reduction):
    """The loss reduced as asked; remembers what backward needs to undo it."""
    ctx.reduction = reduction
    count = ctx.count = loss.size
    if reduction == "mean":
        dtype = loss.dtype
        if dtype.itemsize == 2 and dtype.kind == "f":  # float16: the mean in float32, rounded once
            return (loss.sum(dtype=ctx.xp.float32) / count).astype(dtype)
        return array_math(ctx.xp).sum(loss, None) / count
    if reduction == "sum":
        return array_math(ctx.xp).sum(loss, None)
    return loss


#: PyTorch's CPU nll_loss adds its terms into this many partial sums (``cascade_sum_num_levels``)
_CASCADE_LEVELS = 8


class HalfCascadeSum(Op):
    """The sum of nll_loss's float16 terms (one per target, in the targets' row-major order; ``kept``
    where the target is not ignored) as PyTorch's CPU kernel adds them: in float16, each term rounded
    into the first of eight partial sums, which empties into the next after every term whose index is a
    multiple of 16 (of 256 for the second, and so on), then the eight added in order (``_cascade_sum``).
    A float32 sum rounded once is a few units in the last place away. (Other devices: that float32 sum,
    as PyTorch's CUDA kernel accumulates.) The gradient is g at every term."""

    torch_name = "SumBackward0"

    @staticmethod
    def forward(ctx, terms, kept):
        ctx.shape = terms.shape
        return _half_sum(ctx.xp, terms, kept)

    @staticmethod
    def backward(ctx, m, g):
        return m.broadcast_to(g, ctx.shape)


def _half_sum(xp, terms, kept=None):
    """The sum of float16 class-loss ``terms`` (those ``kept``; all by default) as PyTorch adds them on the
    device: in its CPU kernel's cascade (``_cascade_sum``), elsewhere in float32, rounded once."""
    kept = xp.ones(terms.shape, bool) if kept is None else kept
    if xp.__name__ != "numpy":
        return xp.where(kept, terms, 0).sum(dtype=xp.float32).astype(terms.dtype)
    return _cascade_sum(xp, terms.reshape(-1), kept.reshape(-1))


def _cascade_sum(xp, terms, kept):
    """The sum of the ``kept`` terms in their dtype, in PyTorch's cascade (see ``HalfCascadeSum``)."""
    n = terms.size
    power = max(4, (n - 1).bit_length() // _CASCADE_LEVELS) if n else 4  # (bits per level: CeilLog2(n) / 8)
    index = xp.arange(n)
    # after each kept term, partial sum j empties into j + 1 for every j with index % 2^(power (j + 1)) == 0
    empties = sum((index % (1 << power * (j + 1)) == 0).astype(xp.int64) for j in range(_CASCADE_LEVELS - 1))
    values, empties = terms[kept], empties[kept]  # (an ignored target neither adds nor empties)
    total = xp.zeros((), terms.dtype)
    for _ in range(_CASCADE_LEVELS):  # (partial sum j: what it passes on, and what stays in it at the end)
        ends = empties > 0
        sums = _run_sums(xp, values, ends)
        total = total + sums[-1]
        values, empties = sums[:-1], empties[ends] - 1
    return total


def _run_sums(xp, values, ends):
    """The sum in their dtype, one term after another, of each run of ``values`` that ``ends`` closes (at its
    last term), then of the trailing run (0 if there is none)."""
    run = xp.cumsum(ends) - ends
    sums = xp.zeros(int(ends.sum()) + 1, values.dtype)
    if values.size:
        position = xp.arange(values.size) - xp.searchsorted(run, run)  # (place in its run)
        for k in range(int(position.max()) + 1):
            at = position == k
            sums[run[at]] += values[at]
    return sums


def _reduce_weighted(ctx, loss, weights, reduction):
    """The weighted loss reduced as nll_loss with a weight reduces it: the mean is the sum divided by
    the sum of the ``weights`` (kept for backward as ``ctx.total``)."""
    if reduction != "mean":
        return _reduce(ctx, loss, reduction)
    ctx.reduction = reduction
    total = array_math(ctx.xp).sum
    ctx.total = total(weights, None)
    return total(loss, None) / ctx.total


def _reduce_half_class_losses(ctx, loss, weights, reduction):
    """float16 class losses reduced as PyTorch's nll_loss reduces them (``HalfCascadeSum``): the sum of the
    (weighted) losses, for the mean divided by the count or by the sum of the weights (``ctx.total``)."""
    ctx.reduction = reduction
    ctx.count = loss.size
    total = _half_sum(ctx.xp, loss if weights is None else loss * weights)
    if reduction == "sum":
        return total
    ctx.total = ctx.xp.asarray(loss.size, loss.dtype) if weights is None else _half_sum(ctx.xp, weights)
    return total / ctx.total


def _reduce_class_losses(ctx, loss, weights, reduction, smoothing):
    """Each row's class loss (weighted by ``weights``, each row's class weight) reduced as nll_loss
    reduces it (float16 without smoothing: in its cascade)."""
    if loss.dtype.itemsize == 2 and reduction != "none" and not smoothing:  # (float16: nll_loss's sums)
        return _reduce_half_class_losses(ctx, loss, weights, reduction)
    if weights is not None:
        return _reduce_weighted(ctx, loss * weights, weights, reduction)
    return _reduce(ctx, loss, reduction)


def _upstream(ctx, m, g):
    """The gradient of the reduction, to multiply each element's gradient by."""
    return g / m.scalar(ctx.count, g) if ctx.reduction == "mean" else g
