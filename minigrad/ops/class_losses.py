"""The class-index losses as single ops: cross-entropy of logits, nll_loss of log-probabilities,
and the node PyTorch shows for nll_loss's general path (``nn.functional`` validates the arguments).

Each is one node with PyTorch's forward and gradient formulas, reduced inside as nll_loss reduces
(``loss_reduction``).
"""
from ..autograd.namespace import provide, array_math, arange
from ..autograd.node import accumulator, shown, shown_once, shown_step
from ..autograd.op import Op
from .arithmetic import Div
from .gathering import ScatterAlong
from ..kernels.softmax import half_log_softmax, max_along
from ..tensor import wrap
from .softmax import log_softmax, softmax
from ._saved_fields import ABSENT, REDUCTIONS, tensor
from .loss_reduction import _reduce, _reduce_class_losses, _upstream


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
        """As PyTorch's graph shows ``nll_loss(log_softmax(x), target)``: the log-softmax step; with label
        smoothing, the two terms PyTorch adds (``_smoothed_terms``)."""
        x = self.next[0]
        log_softmax = None if x is None else shown_step("LogSoftmaxBackward0", x)
        if self.smoothing and log_softmax is not None:
            return _smoothed_terms(log_softmax, self.reduction)
        return ((log_softmax, 0),)

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


def _smoothed_terms(log_softmax, reduction):
    """The edges of PyTorch's label-smoothed cross-entropy node, ``(1 - s) * nll_loss(logp) + s / C * smooth``,
    where ``smooth`` is ``-logp.sum(1)`` with the ignored rows filled with 0 in place, then reduced (the
    mean divided by the count of rows kept): Scalar products (MulBackward1) over the two terms' steps."""
    smooth = shown_step("MaskedFillBackward0", shown_step("NegBackward0", shown_step("SumBackward1", log_softmax)))
    if reduction != "none":
        smooth = shown_step("SumBackward0", smooth)
    if reduction == "mean":
        smooth = shown_step("DivBackward0", smooth, None)
    return ((shown_step("MulBackward1", shown_step("NllLossBackward0", log_softmax)), 0),
            (shown_step("MulBackward1", smooth), 0))


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
    steps = ()  # the names of PyTorch's nodes between this one and the input's (see as_nll_loss)

    @shown_once
    def next_functions(self):
        """PyTorch's one edge, to nll_loss's input, through the steps its graph shows between."""
        edge = self.input_node
        if edge is None:
            return Op.next_functions.fget(self)
        for name in reversed(self.steps):
            edge = shown_step(name, edge)
        return (shown(edge),)

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
    for more dims (PyTorch's 2-D kernel, which takes an input of 3 or 5+ dims as a 4-D view, and
    whose unreduced loss is then viewed back: ``ViewBackward0`` over it)."""
    if not loss.requires_grad:
        return loss
    out = NllLossNode.apply(loss)
    if input.ndim > 2 and out._node is not None:
        viewed = input.ndim != 4
        out._node.torch_name = "ViewBackward0" if viewed and reduction == "none" else "NllLoss2DBackward0"
        out._node.steps = ((("NllLoss2DBackward0",) if viewed and reduction == "none" else ())
                           + (("ViewBackward0",) if viewed else ()))
    if out._node is not None and input.requires_grad:
        out._node.input_node = input._node or input._acc or accumulator(input)
    return out
