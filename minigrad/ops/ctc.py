"""The connectionist temporal classification loss (CTC): per sample, minus the log of the total
probability of every alignment of its target to its input frames (blanks between and around the
labels, repeats merged), by the forward (alpha) recursion over time in log space."""
from ..autograd.op import Op


def _logsumexp(xp, *terms):
    """log(sum(exp(terms))) shifted by the largest term (0 where all are -inf), summed left to right:
    PyTorch's kernel's arithmetic, so float32 results round as PyTorch's do."""
    top = terms[0]
    for t in terms[1:]:
        top = xp.maximum(top, t)
    top = xp.where(top == -xp.inf, 0.0, top).astype(terms[0].dtype)
    total = xp.exp(terms[0] - top)
    for t in terms[1:]:
        total = total + xp.exp(t - top)
    return xp.log(total) + top


def _shifted(xp, x, k, fill):
    """``x`` moved ``k`` places along its last axis (towards higher indices for k > 0), ``fill`` let in."""
    out = xp.full_like(x, fill)
    if k > 0:
        out[..., k:] = x[..., :-k]
    else:
        out[..., :k] = x[..., -k:]
    return out


class CTCLoss(Op):
    """Per-sample CTC negative log-likelihoods (N,) of log_probs (T, N, C) and padded targets (N, S).

    Its gradient is PyTorch's: ``exp(log_probs) - occupation / p`` (the gradient with respect to the
    logits under a log_softmax, which is what PyTorch's kernel returns for log_probs), 0 past each
    input length, and 0 for a sample whose infinite loss ``zero_infinity`` zeroed. PyTorch has no
    second derivative for it: neither has minigrad (the gradient is a constant of the graph)."""

    torch_name = "CtcLossBackward0"
    saves = (True, False, False, False)  # (log_probs' version is checked; backward reads the recursion kept)

    @staticmethod
    def forward(ctx, log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
        xp = ctx.xp
        lp = log_probs
        T, N, C = lp.shape
        S = targets.shape[1]
        width = 2 * S + 1
        ninf = -xp.inf
        # the extended targets: blank, l1, blank, l2, ..., blank
        ext = xp.full((N, width), blank, dtype=xp.int64)
        if S:
            ext[:, 1::2] = targets
        valid = xp.arange(width)[None, :] < (2 * target_lengths + 1)[:, None]
        # a skip from s - 2 to s: s a label different from the label at s - 2
        skip = xp.zeros((N, width), dtype=bool)
        if S > 1:
            skip[:, 3::2] = ext[:, 3::2] != ext[:, 1:-2:2]
        batch = xp.arange(N)[:, None]
        emit = xp.where(valid[None], lp[:, batch, ext], ninf)  # (T, N, width): log-probability of each position
        alpha = xp.full((T, N, width), ninf, dtype=lp.dtype)
        if T:
            alpha[0, :, 0] = emit[0, :, 0]
            if width > 1:
                alpha[0, :, 1] = xp.where(target_lengths > 0, emit[0, :, 1], ninf)
        for t in range(1, T):
            prev = alpha[t - 1]
            two_back = xp.where(skip, _shifted(xp, prev, 2, ninf), ninf)
            alpha[t] = emit[t] + _logsumexp(xp, prev, _shifted(xp, prev, 1, ninf), two_back)
        last = xp.clip(input_lengths - 1, 0, None)
        end = 2 * target_lengths
        final = alpha[last, xp.arange(N)]
        ll = final[xp.arange(N), end]
        ll = xp.where(target_lengths > 0, _logsumexp(xp, ll, final[xp.arange(N), xp.clip(end - 1, 0, None)]), ll)
        ll = xp.where(input_lengths > 0, ll, xp.where(target_lengths > 0, ninf, 0.0))
        nll = (-ll).astype(lp.dtype)
        zeroed = xp.isinf(nll) & (nll > 0) if zero_infinity else xp.zeros(N, dtype=bool)
        ctx.recursion = (lp, emit, alpha, ext, skip, valid, input_lengths, nll, zeroed)
        return xp.where(zeroed, xp.zeros_like(nll), nll)

    @staticmethod
    def backward(ctx, m, g, *saved):
        grad = _ctc_grad(ctx.xp, *ctx.recursion)
        return m.const(grad, g) * m.unsqueeze(m.unsqueeze(g, 0), 2), None, None, None


def _ctc_grad(xp, lp, emit, alpha, ext, skip, valid, input_lengths, nll, zeroed):
    """PyTorch's CTC gradient for log_probs (T, N, C), per unit upstream gradient of each sample."""
    T, N, C = lp.shape
    width = ext.shape[1]
    ninf = -xp.inf
    beta = xp.full((T, N, width), ninf, dtype=lp.dtype)
    # a skip from s + 2 back to s: the same condition as the forward skip into s + 2
    skip_from = _shifted(xp, skip, -2, False)
    time = xp.arange(T)[:, None]
    live = time < input_lengths[None, :]  # (T, N)
    last = (input_lengths - 1)[None, :] == time  # (T, N): each sample's last frame
    end = (2 * (valid.sum(1) // 2))[:, None]  # 2 * target length: the last blank
    for t in range(T - 1, -1, -1):
        if t + 1 < T:
            nxt = beta[t + 1]
            two_ahead = xp.where(skip_from, _shifted(xp, nxt, -2, ninf), ninf)
            step = emit[t] + _logsumexp(xp, nxt, _shifted(xp, nxt, -1, ninf), two_ahead)
        else:
            step = xp.full((N, width), ninf, dtype=lp.dtype)
        position = xp.arange(width)[None, :]
        start = ((position == end) | (position == end - 1)) & valid
        beta[t] = xp.where(last[t][:, None], xp.where(start, emit[t], ninf), xp.where(live[t][:, None], step, ninf))
    occupancy_log = alpha + beta  # (T, N, width): log of alpha * beta per extended position
    grad = xp.exp(lp).copy()
    for t in range(T):
        # log-sum over the extended positions holding each class
        per_class = xp.full((N, C), ninf, dtype=lp.dtype)
        rows = xp.arange(N)
        for s in range(width - 1, -1, -1):  # (in PyTorch's order)
            cls = ext[:, s]
            seen = per_class[rows, cls]
            here = occupancy_log[t, :, s]
            per_class[rows, cls] = xp.where(seen == ninf, here, _logsumexp(xp, seen, here))
        grad[t] -= xp.exp(per_class + nll[:, None] - lp[t])
    grad = xp.where(live[:, :, None] & ~zeroed[None, :, None], grad, 0.0)
    return grad.astype(lp.dtype)
