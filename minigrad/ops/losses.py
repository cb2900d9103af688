"""Loss functions as single ops (``nn.functional`` validates the arguments, then calls these).

Each is one node with PyTorch's forward and gradient formulas, reduced inside
(``reduction`` "mean", "sum" or "none"), as PyTorch's own loss kernels are.
"""
from ..autograd.namespace import provide, array_math, arange, constant
from ..autograd.node import accumulator, shown, shown_once, shown_step
from ..autograd.op import Op
from .arithmetic import Div
from .gathering import ScatterAlong
from ..kernels.softmax import half_log_softmax, max_along
from ..tensor import Tensor, wrap
from ._util import check_broadcast
from .clamping import clamp
from .softmax import log_softmax, softmax
from ._saved_fields import ABSENT, REDUCTIONS, argument, tensor
from .unary import abs as _abs, exp as _exp, log1p as _log1p


def _reduce(ctx, loss, reduction):
    """The loss reduced as asked; remembers what backward needs to undo it."""
    ctx.reduction = reduction
    ctx.count = loss.size
    if reduction == "mean":
        if loss.dtype.kind == "f" and loss.dtype.itemsize == 2:  # float16: the mean in float32, rounded once
            return (loss.sum(dtype=ctx.xp.float32) / loss.size).astype(loss.dtype)
        return array_math(ctx.xp).sum(loss, None) / loss.size
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


def _half_smoothed(xp, nll, logp, reduction, smoothing):
    """float16 cross-entropy with label smoothing ``s`` as PyTorch composes it from the reduced nll_loss
    ``nll`` of the log-softmax ``logp`` and its reduced smoothing term ``-sum(logp)`` over the classes
    (float16 sums accumulated in float32): ``(1 - s) nll + s / C smooth``, each step rounded to float16."""
    half, single = logp.dtype, xp.float32
    smooth = -(logp.astype(single).sum(1).astype(half))
    if reduction != "none":
        smooth = smooth.astype(single).sum().astype(half)
        if reduction == "mean":
            smooth = (smooth.astype(single) / single(logp.shape[0])).astype(half)
    kept = (nll.astype(single) * single(1.0 - smoothing)).astype(half)
    spread = (smooth.astype(single) * single(smoothing / logp.shape[1])).astype(half)
    return (kept.astype(single) + spread.astype(single)).astype(half)


def _upstream(ctx, m, g):
    """The gradient of the reduction, to multiply each element's gradient by."""
    return g / m.scalar(ctx.count, g) if ctx.reduction == "mean" else g


class PointwiseLoss(Op):
    """MSE, L1, Huber or smooth L1 loss of ``d = x - y``, reduced.

    Gradients as PyTorch's kernels give them: ``2 d`` (MSE), ``sign(d)`` (L1),
    ``clamp(d, -delta, delta)`` (Huber), ``clamp(d / beta, -1, 1)`` (smooth L1,
    ``beta`` given as ``delta``), times ``g`` (divided by the element count for
    the mean); the target gets the negation.
    """

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    saves = (True, True)
    saved_names = ("self", "target")
    saved_fields = {"reduction": lambda ctx: ABSENT if ctx.kind == "l1" else REDUCTIONS[ctx.reduction],
                    "delta": lambda ctx: float(argument(3)(ctx)) if ctx.kind == "huber" else ABSENT,
                    "beta": lambda ctx: float(argument(3)(ctx)) if ctx.kind == "smooth_l1" else ABSENT}

    def name(self):
        if self.kind != "l1":
            return {"mse": "MseLossBackward0", "huber": "HuberLossBackward0"}.get(self.kind, "SmoothL1LossBackward0")
        return {"mean": "MeanBackward0", "sum": "SumBackward0"}.get(self.reduction, "AbsBackward0")

    def _argument_count_shown(self):
        """None for L1, whose node PyTorch shows is the reduction's (or abs's); the input and target otherwise."""
        return 0 if self.kind == "l1" else 2

    @shown_once
    def next_functions(self):
        """As PyTorch's graph shows L1, ``mean(abs(x - y))``: the abs and the subtraction."""
        if self.kind != "l1":
            return super().next_functions
        step = shown_step("SubBackward0", *self.next[:2])
        return ((step if self.reduction == "none" else shown_step("AbsBackward0", step), 0),)

    @staticmethod
    def forward(ctx, x, y, kind, delta, reduction):
        xp = ctx.xp
        ctx.kind = kind
        try:
            d = x - y
        except ValueError:
            check_broadcast(x, y)  # PyTorch's message, naming the sizes
            raise
        if kind == "mse":
            loss = d * d
        elif kind == "l1":
            loss = xp.abs(d)
        elif kind == "huber":
            a = xp.abs(d)
            loss = xp.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta))
        else:
            a = xp.abs(d)
            loss = xp.where(a < delta, 0.5 * d * d / delta, a - 0.5 * delta)
        return _reduce(ctx, loss, reduction)

    @staticmethod
    def backward(ctx, m, g, x, y, kind, delta, reduction):
        nx, ny = ctx.needs_input_grad[:2]
        d = x - y
        if kind == "mse":
            gd = d * m.scalar(2, d)
        elif kind == "l1":
            gd = m.sign(d)
        elif kind == "huber":  # (hardtanh: the second derivative is 0 at |d| = delta, as PyTorch's)
            gd = m.hardtanh(d, -delta, delta)
        else:
            gd = m.hardtanh(d / m.scalar(delta, d), -1, 1)
        gd = gd * _upstream(ctx, m, g)
        return (m.sum_to(gd, tuple(x.shape)) if nx else None), (m.sum_to(-gd, tuple(y.shape)) if ny else None)


def same_float_tensors(input, target):
    """True for two Tensors of one floating dtype and one shape (the losses' common case, which
    needs no promotion and no broadcasting warning); False for anything else."""
    try:
        x, y = input._data, target._data
    except AttributeError:
        return False
    return x.dtype is y.dtype and x.dtype.kind == "f" and x.shape == y.shape and isinstance(input, Tensor) \
        and isinstance(target, Tensor)


def pointwise_loss(input, target, kind, delta=None, reduction="mean"):
    """MSE ("mse"), L1 ("l1"), Huber ("huber", with ``delta``) or smooth L1 ("smooth_l1", ``delta`` its
    beta) loss of input - target, reduced."""
    return PointwiseLoss.apply(input, target, kind, delta, reduction)


def _log_sigmoid(x):
    """log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), on Tensors."""
    return clamp(x, None, 0) - _log1p(_exp(-_abs(x)))


def _array_log_sigmoid(xp, x):
    """min(x, 0) - log1p(exp(-|x|)) on arrays, in place in one buffer (min against a cached 0-d zero,
    as ``unary._relu``)."""
    t = xp.abs(x, out=xp.empty_like(x))  # (out=: the result of a 0-d array stays an array)
    xp.negative(t, out=t)
    xp.exp(t, out=t)
    xp.log1p(t, out=t)
    return xp.subtract(xp.minimum(x, constant(xp, 0, x.dtype)), t, out=t)


provide("log_sigmoid", _log_sigmoid, lambda xp: lambda x: _array_log_sigmoid(xp, x))


class BCE(Op):
    """Binary cross-entropy on probabilities, logs clamped at -100 (PyTorch's kernel)."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "BinaryCrossEntropyBackward0"
    saves = (True, True, True)

    @staticmethod
    def forward(ctx, x, t, w, reduction):
        xp = ctx.xp
        log_x = xp.maximum(xp.log(x), -100)
        log_1mx = xp.maximum(xp.log1p(-x), -100)
        loss = (t - 1) * log_1mx - t * log_x
        return _reduce(ctx, loss if w is None else loss * w, reduction)

    @staticmethod
    def backward(ctx, m, g, x, t, w, reduction):
        nx, nt, nw = ctx.needs_input_grad[:3]
        up = _upstream(ctx, m, g)
        gx = gt = gw = None
        gw_ = up if w is None else up * w
        if nx:
            gx = m.sum_to(gw_ * (x - t) / m.clamp((1 - x) * x, 1e-12), tuple(x.shape))
        if nt:  # -logit(x), unclamped as PyTorch's: +-inf at x = 0 or 1
            gt = m.sum_to(gw_ * -m.log(x / (1 - x)), tuple(t.shape))
        if nw:
            l1 = m.clamp(m.log1p(-x), -100)
            l0 = m.clamp(m.log(x), -100)
            gw = m.sum_to(up * ((t - 1) * l1 - t * l0), tuple(w.shape))
        return gx, gt, gw


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """-(t log x + (1 - t) log(1 - x)), the logs clamped at -100, reduced."""
    return BCE.apply(input, target, weight, reduction)


class BCEWithLogits(Op):
    """``(1 - t) * x - lw * log_sigmoid(x)`` with ``lw = (pos_weight - 1) * t + 1``, reduced."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "BinaryCrossEntropyWithLogitsBackward0"
    saves = (True, True, True, True)

    @staticmethod
    def forward(ctx, x, t, w, pw, reduction):
        ls = _array_log_sigmoid(ctx.xp, x)
        if pw is None:
            loss = (1 - t) * x - ls
        else:
            loss = (1 - t) * x - ((pw - 1) * t + 1) * ls
        return _reduce(ctx, loss if w is None else loss * w, reduction)

    @staticmethod
    def backward(ctx, m, g, x, t, w, pw, reduction):
        nx, nt, nw, npw = ctx.needs_input_grad[:4]
        up = _upstream(ctx, m, g)
        gx = gt = gw = gpw = None
        gw_ = up if w is None else up * w
        if nx:
            s = m.sigmoid(x)
            if pw is None:
                gx = (s - t) * gw_
            else:
                tp = pw * t
                gx = ((tp + 1 - t) * s - tp) * gw_
            gx = m.sum_to(gx, tuple(x.shape))
        if (nt and pw is not None) or nw or npw:  # (the target's gradient alone is -x * g without pos_weight)
            ls = m.log_sigmoid(x)
        if nt:
            gt = m.sum_to((-x if pw is None else -x - (pw - 1) * ls) * gw_, tuple(t.shape))
        if nw:
            raw = (1 - t) * x - (ls if pw is None else ((pw - 1) * t + 1) * ls)
            gw = m.sum_to(raw * up, tuple(w.shape))
        if npw:
            gpw = m.sum_to(-t * ls * gw_, tuple(pw.shape))
        return gx, gt, gw, gpw


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction="mean"):
    """Sigmoid and binary cross-entropy in one stable step, reduced."""
    return BCEWithLogits.apply(input, target, weight, pos_weight, reduction)


class CrossEntropy(Op):
    """Softmax cross-entropy of (N, C) logits with valid class indices, reduced: one node.

    Forward is log-softmax (shifted by the row max) and a pick; backward is
    ``(softmax - onehot) * g`` (divided by N for the mean), PyTorch's gradient,
    with the softmax made from the ``exp(x - max)`` and row sums that forward kept.
    With label smoothing ``s`` each row's loss is ``(1 - s) * nll + s / C * sum(-log_softmax)``
    and its gradient ``(softmax - (1 - s) * onehot - s / C) * g``. With ``weights`` (each row's
    class weight, without smoothing) each row's loss and gradient are scaled by its weight, and
    the mean is divided by the sum of the weights, as nll_loss's general path does.
    """

    saves = (True, True, False, False, False)
    saved_names = ("self", "target")
    saved_fields = {
        # (PyTorch's nll_loss node saves log_softmax's output as its input, made again here when read;
        # with label smoothing its node is the sum of the two terms)
        "self": lambda ctx: ABSENT if ctx.smoothing else _log_softmax_of(ctx._read_argument("self")),
        "target": lambda ctx: ABSENT if ctx.smoothing else ctx._read_argument("target"),
        "reduction": lambda ctx: ABSENT if ctx.smoothing else REDUCTIONS[ctx.reduction],
        "alpha": lambda ctx: 1 if ctx.smoothing else ABSENT}

    def name(self):
        # PyTorch: log_softmax then nll_loss, and with label smoothing a sum of two terms
        return "AddBackward0" if self.smoothing else "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, t, reduction, smoothing, weights=None):
        xp = ctx.xp
        total = array_math(xp).sum
        ctx.targets = t
        ctx.smoothing = smoothing
        if x.dtype.itemsize == 2:  # (float16: PyTorch's log_softmax, then nll_loss's pick)
            logp, e, sums = half_log_softmax(xp, x, 1)
            ctx.exps = (e, sums)
            nll = _reduce_class_losses(ctx, -logp[xp.arange(x.shape[0]), t], weights, reduction, False)
            return _half_smoothed(xp, nll, logp, reduction, smoothing) if smoothing else nll
        shifted = x - max_along(xp, x, 1)
        picked = shifted[arange(xp, x.shape[0]), t]
        spread = total(shifted, 1) if smoothing else None  # sum over the classes of x - max
        e = xp.exp(shifted, out=shifted)  # (shifted is ours and read no more)
        sums = total(e, 1, True)
        ctx.exps = (e, sums)
        log_sums = xp.log(sums)[:, 0]
        loss = log_sums - picked
        if smoothing:  # sum(-log_softmax) = C * log(sums) - sum(x - max)
            classes = x.shape[1]
            loss = loss * (1.0 - smoothing) + (log_sums * classes - spread) * (smoothing / classes)
        return _reduce_class_losses(ctx, loss, weights, reduction, smoothing)

    @shown_once
    def next_functions(self):
        """As PyTorch's graph shows ``nll_loss(log_softmax(x), target)``: the log-softmax step."""
        if self.smoothing:
            return super().next_functions
        x = self.next[0]
        return ((None if x is None else shown_step("LogSoftmaxBackward0", x), 0),)

    @staticmethod
    def backward(ctx, m, g, x, t, reduction, smoothing, weights):
        if not ctx.needs_input_grad[0]:
            return None
        if weights is None:
            up = _upstream(ctx, m, g)
        else:  # g (over the sum of the weights for the mean), times each row's weight: the general path's order
            up = (g / m.const(ctx.total, g) if reduction == "mean" else g) * m.const(weights, g)
        if ctx.reduction == "none" or weights is not None:
            up = m.unsqueeze(up, 1)
        return m.cross_entropy_grad(ctx.exps, x, ctx.targets, up, smoothing)


def _cross_entropy_grad(exps, x, targets, up, smoothing):
    """(softmax(x) - (1 - s) onehot(targets) - s / C) * up on recorded Tensors (create_graph)."""
    xp = x._device._get_backend().xp
    onehot = xp.zeros(x._data.shape, x._data.dtype)
    onehot[xp.arange(onehot.shape[0]), targets] = 1.0 - smoothing
    if smoothing:
        onehot += smoothing / onehot.shape[1]
    return (softmax(x, 1) - wrap(onehot, x._device)) * up


def _array_cross_entropy_grad(xp):
    def cross_entropy_grad(exps, x, targets, up, smoothing):
        e, sums = exps
        grad = e * (up / sums)  # softmax * up in one pass; then the target column's share of up
        if smoothing:
            grad -= up * (smoothing / grad.shape[1])
        picked = up if up.ndim == 0 else up[:, 0]
        grad[arange(xp, grad.shape[0]), targets] -= picked * (1.0 - smoothing) if smoothing else picked
        return grad
    return cross_entropy_grad


# m.cross_entropy_grad(exps, x, targets, up, smoothing): the logits' gradient, (softmax(x) - onehot) * up
# (onehot smoothed), where ``up`` is the upstream gradient of each row (one value, or a column). On arrays
# from ``exps``, forward's (exp(x - max), row sums); on Tensors recomputed from x.
provide("cross_entropy_grad", _cross_entropy_grad, _array_cross_entropy_grad)


def _log_softmax_of(logits):
    """log_softmax of the saved logits over the classes (None where they were not saved)."""
    return None if logits is None else log_softmax(logits, 1)


def cross_entropy(input, target, reduction="mean", label_smoothing=0.0, weights=None):
    """Cross-entropy of (N, C) logits and in-range class indices (the common case of F.cross_entropy);
    ``weights``: each row's class weight (an array; not with label smoothing)."""
    return CrossEntropy.apply(input, target, reduction, label_smoothing, weights)


class NllLoss(Op):
    """Negative log-likelihood of (N, C) log-probabilities at valid class indices, reduced: one node
    (the common case of nll_loss; its general path is a gather, a negation and a reduction).

    Forward picks each row's target entry; backward subtracts ``g`` (divided by N for the mean) from
    zeros there, the gather's scatter-add of ``-g``. PyTorch's gradient reads the input
    (``nll_loss_backward``): so does this one under create_graph (``input_gradient_node``).
    """

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "NllLossBackward0"
    input_gradient_node = "NllLossBackwardBackward0"
    saved_fields = {"reduction": lambda ctx: REDUCTIONS[ctx.reduction], "target": tensor(lambda ctx: ctx.targets),
                    "weight": lambda ctx: None}

    @staticmethod
    def forward(ctx, x, t, reduction):
        ctx.in_shape = x.shape
        ctx.targets = t
        loss = _reduce(ctx, x[arange(ctx.xp, x.shape[0]), t], reduction)
        if reduction == "none":
            return -loss
        # negated once reduced rather than term by term (one array pass fewer): the same bits, as
        # rounding is symmetric in sign; 0 - s, not -s, keeps a zero sum +0.0, as the sum of -x is
        # (a Python 0: NumPy's scalar arithmetic, which a cached 0-d operand would leave)
        return 0 - loss

    @staticmethod
    def backward(ctx, m, g):
        return m.nll_loss_grad(ctx.in_shape, ctx.targets, _upstream(ctx, m, g))


def _nll_loss_grad(shape, targets, up):
    """-up at each row's target of zeros of ``shape``, on recorded Tensors (create_graph): the gather's
    gradient, a scatter along the classes."""
    column = (-up).expand((shape[0],)).unsqueeze(1)
    return ScatterAlong.apply(column, shape, 1, targets[:, None])


def _array_nll_loss_grad(xp):
    def nll_loss_grad(shape, targets, up):
        grad = xp.zeros(shape, up.dtype)
        grad[arange(xp, shape[0]), targets] -= up  # (0 - up, as the scatter-add of -up: +0.0 where up is 0)
        return grad
    return nll_loss_grad


# m.nll_loss_grad(shape, targets, up): zeros of ``shape`` with -up at each row's target (``up`` one value
# or one per row).
provide("nll_loss_grad", _nll_loss_grad, _array_nll_loss_grad)


def nll_loss(input, target, reduction="mean"):
    """nll_loss of (N, C) float32 or float64 log-probabilities and in-range class indices (the common case
    of F.nll_loss), as one node."""
    return NllLoss.apply(input, target, reduction)


class NllLossNode(Op):
    """The last node of nll_loss (written with gather and a reduction in nn.functional), named as
    PyTorch's: an identity whose gradient passes straight through."""

    torch_name = "NllLossBackward0"
    input_node = None  # the node of nll_loss's input, which PyTorch's node lists as its one edge

    @property
    def next_functions(self):
        node = self.input_node
        return super().next_functions if node is None else (shown(node),)

    @staticmethod
    def forward(ctx, loss):
        return loss.copy()

    @staticmethod
    def backward(ctx, m, g):
        return g


class DivByCount(Div):
    """``loss / n`` for a Python number ``n``: a loss's mean as PyTorch's C++ code takes it (DivBackward1)."""

    torch_name = "DivBackward1"


def divided_by_count(loss, n):
    """``loss / n`` with PyTorch's node name for a loss divided by its element count inside a loss."""
    return DivByCount.apply(loss, n)


def as_nll_loss(loss, input, reduction="mean"):
    """``loss`` of log-probabilities ``input`` with PyTorch's node, whose one edge is ``input``'s node
    (only where a graph is recorded): ``NllLossBackward0`` for (N, C) input, ``NllLoss2DBackward0``
    for more dims (PyTorch's 2-D kernel; its unreduced loss of 3 or 5+ dims is a view of it)."""
    if not loss.requires_grad:
        return loss
    out = NllLossNode.apply(loss)
    if input.ndim > 2 and out._node is not None:
        out._node.torch_name = "NllLoss2DBackward0" if input.ndim == 4 or reduction != "none" else "ViewBackward0"
    if out._node is not None and input.requires_grad:
        out._node.input_node = input._node or input._acc or accumulator(input)
    return out
