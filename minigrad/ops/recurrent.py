"""Recurrent arithmetic as single ops (``nn/_recurrent.py`` calls them; not public names): the
pointwise parts of one LSTM or GRU step (for the cell modules), and whole layers over a sequence,
one node per layer and direction (for nn.RNN, nn.LSTM, nn.GRU and torch.lstm ...).

Gates come in PyTorch's fused layout, each block ``hidden_size`` wide: LSTM pre-activations
[i, f, g, o], GRU projections [r, z, n]. Backward recomputes the activations from saved inputs
with ``m`` words, so that second-order gradients come for free."""
from ..autograd.op import Op
from .join import Cat
from .unary import _sigmoid


def _blocks(x, count):
    """The ``count`` equal column blocks of a 2-D array or Tensor."""
    width = x.shape[1] // count
    return [x[:, k * width:(k + 1) * width] for k in range(count)]


class LSTMCellState(Op):
    """The LSTM's new cell state ``c' = sigmoid(f) * c + sigmoid(i) * tanh(g)`` from the gate
    pre-activations (N, 4H) and the cell state c (N, H)."""

    saves = (True, 0)  # gates always (c's gradient reads f), c for the gates' gradient
    torch_name = "AddBackward0"  # (PyTorch's lstm_cell ends in f * c + i * g)

    @staticmethod
    def forward(ctx, gates, c):
        xp = ctx.xp
        i, f, g, _ = _blocks(gates, 4)
        return _sigmoid(xp, f) * c + _sigmoid(xp, i) * xp.tanh(g)

    @staticmethod
    def backward(ctx, m, grad, gates, c):
        n_gates, n_c = ctx.needs_input_grad
        a_i, a_f, a_g, a_o = _blocks(gates, 4)
        f = m.sigmoid(a_f)
        grad_c = grad * f if n_c else None
        if not n_gates:
            return None, grad_c
        i, g = m.sigmoid(a_i), m.tanh(a_g)
        grad_gates = m.op(Cat, 1, grad * g * (i * (1 - i)), grad * c * (f * (1 - f)), grad * i * (1 - g * g),
                          m.zeros_like(a_o))
        return grad_gates, grad_c


class LSTMHidden(Op):
    """The LSTM's output ``h = sigmoid(o) * tanh(c')`` from the gate pre-activations (N, 4H) and
    the new cell state c' (N, H)."""

    saves = (True, True)
    torch_name = "MulBackward0"  # (PyTorch's lstm_cell ends in o * tanh(c'))

    @staticmethod
    def forward(ctx, gates, c):
        return _sigmoid(ctx.xp, _blocks(gates, 4)[3]) * ctx.xp.tanh(c)

    @staticmethod
    def backward(ctx, m, grad, gates, c):
        n_gates, n_c = ctx.needs_input_grad
        a_o = _blocks(gates, 4)[3]
        o, t = m.sigmoid(a_o), m.tanh(c)
        grad_c = grad * o * (1 - t * t) if n_c else None
        if not n_gates:
            return None, grad_c
        zero = m.zeros_like(a_o)
        return m.op(Cat, 1, zero, zero, zero, grad * t * (o * (1 - o))), grad_c


class GRUHidden(Op):
    """The GRU's new hidden state from the input's projection gi (N, 3H), the hidden state's
    projection gh (N, 3H) and the hidden state h (N, H): ``r = sigmoid(gi_r + gh_r)``,
    ``z = sigmoid(gi_z + gh_z)``, ``n = tanh(gi_n + r * gh_n)``, ``h' = (h - n) * z + n``."""

    saves = (True, True, True)
    torch_name = "AddBackward0"  # (PyTorch's gru_cell ends in a sum)

    @staticmethod
    def forward(ctx, gi, gh, h):
        xp = ctx.xp
        (i_r, i_z, i_n), (h_r, h_z, h_n) = _blocks(gi, 3), _blocks(gh, 3)
        r = _sigmoid(xp, h_r + i_r)
        z = _sigmoid(xp, h_z + i_z)
        n = xp.tanh(i_n + h_n * r)
        return (h - n) * z + n

    @staticmethod
    def backward(ctx, m, grad, gi, gh, h):
        n_gi, n_gh, n_h = ctx.needs_input_grad
        (i_r, i_z, i_n), (h_r, h_z, h_n) = _blocks(gi, 3), _blocks(gh, 3)
        r, z = m.sigmoid(h_r + i_r), m.sigmoid(h_z + i_z)
        n = m.tanh(i_n + h_n * r)
        grad_h = grad * z if n_h else None
        if not (n_gi or n_gh):
            return None, None, grad_h
        d_n = grad * (1 - z) * (1 - n * n)
        d_r = d_n * h_n * (r * (1 - r))
        d_z = grad * (h - n) * (z * (1 - z))
        grad_gi = m.op(Cat, 1, d_r, d_z, d_n) if n_gi else None
        grad_gh = m.op(Cat, 1, d_r, d_z, d_n * r) if n_gh else None
        return grad_gi, grad_gh, grad_h


def lstm_cell_state(gates, c):
    """``sigmoid(f) * c + sigmoid(i) * tanh(g)`` for LSTM gate pre-activations [i, f, g, o]."""
    return LSTMCellState.apply(gates, c)


def lstm_hidden(gates, c):
    """``sigmoid(o) * tanh(c)`` for LSTM gate pre-activations [i, f, g, o]."""
    return LSTMHidden.apply(gates, c)


def gru_hidden(gi, gh, h):
    """The GRU step's new hidden state from the projections gi, gh ([r, z, n]) and h."""
    return GRUHidden.apply(gi, gh, h)


# ------------------------------------------------------------------------------- whole-sequence layers
# One node per layer and direction. Sequences come in a packed sequence's layout: the rows of all
# steps one after the other, ``sizes[t]`` rows at step t, never more than the step before (a padded
# (T, N, *) sequence is T steps of N rows). Forward runs the recurrence step by step on arrays;
# backward recomputes the gates of every step at once from the saved inputs and the output (the
# states), runs the recurrence of the gradients back in time, a few array operations per step, and
# finishes each weight's gradient with one matrix product. Written with ``m`` words, so that
# second-order gradients come for free.

def _visits(sizes, reverse):
    """(first row, row count) of each step, in the order the recurrence visits them."""
    starts = [0]
    for n in sizes[:-1]:
        starts.append(starts[-1] + n)
    steps = list(zip(starts, sizes))
    return steps[::-1] if reverse else steps


def _fit(xp, h, h0, rows):
    """The state ``h`` cut or grown to ``rows`` rows: a packed sequence's rows that have ended keep
    their state; read backwards, a row joins at its last step with its initial state from ``h0``."""
    n = h.shape[0]
    return h[:rows] if rows <= n else xp.concatenate([h, h0[n:rows]])


def _add_carry(m, d, carry, spilled):
    """A step's output gradient ``d`` plus the gradient ``carry`` of its state from the step after it:
    rows beyond carry's ended at this step (nothing to add); carry's rows beyond d's joined at the
    step after it and are their initial state's gradient (put in ``spilled``)."""
    if carry is None:
        return d
    n, rows = carry.shape[0], d.shape[0]
    if n == rows:
        return d + carry
    if n < rows:
        return m.op(Cat, 0, d[:n] + carry, d[n:])
    spilled.append(carry[rows:])
    return d + carry[:rows]


def _initial_grad(m, carry, spilled):
    """The initial state's gradient: the last carry, then the rows that joined later."""
    return m.op(Cat, 0, carry, *spilled[::-1]) if spilled else carry


def _previous(m, hs, h0, sizes, reverse):
    """The state each row of each step starts from (rows of ``hs`` or of ``h0``), in the packed
    layout, as one concatenation of the fewest slices."""
    starts = [start for start, _ in _visits(sizes, False)]
    ranges = []
    for t, rows in enumerate(sizes):
        if reverse:
            n = sizes[t + 1] if t + 1 < len(sizes) else 0
            ranges += [(hs, starts[t + 1], starts[t + 1] + n)] if n else []
            ranges += [(h0, n, rows)] if rows > n else []
        else:
            ranges.append((h0, 0, rows) if t == 0 else (hs, starts[t - 1], starts[t - 1] + rows))
    ranges = ranges or [(h0, 0, 0)]  # (an empty batch)
    merged = [ranges[0]]
    for source, lo, hi in ranges[1:]:
        if merged[-1][0] is source and merged[-1][2] == lo:
            merged[-1] = (source, merged[-1][1], hi)
        else:
            merged.append((source, lo, hi))
    pieces = [source if (lo, hi) == (0, source.shape[0]) else source[lo:hi] for source, lo, hi in merged]
    return pieces[0] if len(pieces) == 1 else m.op(Cat, 0, *pieces)


def _weight_grad(m, d, x):
    """The gradient of a weight (J, K) applied to the rows of x (rows, K) given their output
    gradients d (rows, J): ``d.T @ x``, one product for all steps."""
    return m.mm(m.mT(d), x)


class RNNLayer(Op):
    """An Elman RNN over a sequence: ``h_t = act(gi_t + h_{t-1} @ w_hh.T + b_hh)`` for the input's
    projections gi (rows, H), from h0 (N, H); ``relu`` chooses the activation, ``reverse`` runs from
    the last step to the first. Returns the hidden states (rows, H)."""

    saves = (False, True, True, False)  # h0 and w_hh (and the output): the activations are read from it
    saves_output = True

    @staticmethod
    def forward(ctx, gi, h0, w_hh, b_hh, sizes, relu, reverse):
        xp = ctx.xp
        out = xp.empty(gi.shape, gi.dtype)
        h = h0
        w_t = w_hh.T
        for start, rows in _visits(sizes, reverse):
            pre = _fit(xp, h, h0, rows).dot(w_t)
            if b_hh is not None:
                pre += b_hh
            pre += gi[start:start + rows]
            h = out[start:start + rows]
            xp.maximum(pre, 0, out=h) if relu else xp.tanh(pre, out=h)
        return out

    @staticmethod
    def backward(ctx, m, g, gi, h0, w_hh, b_hh, sizes, relu, reverse, hs):
        if relu:
            positive = ~(hs <= m.scalar(0, hs))
        else:
            slope = 1 - hs * hs
        carry, spilled, d_pre = None, [], []
        for start, rows in _visits(sizes, not reverse):
            d = _add_carry(m, g[start:start + rows], carry, spilled)
            d = m.masked(positive[start:start + rows], d) if relu else d * slope[start:start + rows]
            carry = m.mm(d, w_hh)
            d_pre.append(d)
        d_pre = m.op(Cat, 0, *(d_pre if reverse else d_pre[::-1]))
        n_gi, n_h0, n_w, n_b = ctx.needs_input_grad[:4]
        return (d_pre if n_gi else None, _initial_grad(m, carry, spilled) if n_h0 else None,
                _weight_grad(m, d_pre, _previous(m, hs, h0, sizes, reverse)) if n_w else None,
                m.sum(d_pre, 0) if n_b else None)


class LSTMLayer(Op):
    """An LSTM over a sequence, from the input's projections gi (rows, 4H) (gates i, f, g, o), h0
    (N, P) and c0 (N, H); ``w_hr`` (P, H) projects the hidden state when given (else P = H).
    Returns the hidden and cell states side by side: (rows, P + H)."""

    saves = (True, True, True, True, True, True)
    saves_output = True

    @staticmethod
    def forward(ctx, gi, h0, c0, w_hh, b_hh, w_hr, sizes, reverse):
        xp = ctx.xp
        p, hidden = h0.shape[1], c0.shape[1]
        out = xp.empty((gi.shape[0], p + hidden), gi.dtype)
        h, c = h0, c0
        w_t = w_hh.T
        for start, rows in _visits(sizes, reverse):
            gates = _fit(xp, h, h0, rows).dot(w_t)
            if b_hh is not None:
                gates += b_hh
            gates += gi[start:start + rows]
            s = _sigmoid(xp, gates)
            i, f, o = s[:, :hidden], s[:, hidden:2 * hidden], s[:, 3 * hidden:]
            c_new = out[start:start + rows, p:]
            xp.multiply(f, _fit(xp, c, c0, rows), out=c_new)
            c_new += i * xp.tanh(gates[:, 2 * hidden:3 * hidden])
            c = c_new
            if w_hr is None:
                h = xp.multiply(o, xp.tanh(c), out=out[start:start + rows, :p])
            else:
                h = (o * xp.tanh(c)).dot(w_hr.T)
                out[start:start + rows, :p] = h
        return out

    @staticmethod
    def backward(ctx, m, g, gi, h0, c0, w_hh, b_hh, w_hr, sizes, reverse, out):
        p, hidden = h0.shape[1], c0.shape[1]
        hs, cs = out[:, :p], out[:, p:]
        h_prev, c_prev = _previous(m, hs, h0, sizes, reverse), _previous(m, cs, c0, sizes, reverse)
        gates = m.mm(h_prev, m.mT(w_hh))
        if b_hh is not None:
            gates = gates + b_hh
        gates = gates + gi
        s = m.sigmoid(gates)
        i, f, o = s[:, :hidden], s[:, hidden:2 * hidden], s[:, 3 * hidden:]
        cand = m.tanh(gates[:, 2 * hidden:3 * hidden])
        tc = m.tanh(cs)
        # each step: d(pre-activations) = [dc, dc, dc, dr] * scale, dc gaining dr * through_tanh
        scale = m.op(Cat, 1, cand * (i * (1 - i)), c_prev * (f * (1 - f)), i * (1 - cand * cand), tc * (o * (1 - o)))
        through_tanh = o * (1 - tc * tc)
        carry_h = carry_c = None
        spilled_h, spilled_c, d_gates, d_h = [], [], [], []
        for start, rows in _visits(sizes, not reverse):
            here = slice(start, start + rows)
            dh = _add_carry(m, g[here, :p], carry_h, spilled_h)
            dr = dh if w_hr is None else m.mm(dh, w_hr)
            dc = _add_carry(m, g[here, p:], carry_c, spilled_c) + dr * through_tanh[here]
            dg = m.op(Cat, 1, dc, dc, dc, dr) * scale[here]
            carry_h, carry_c = m.mm(dg, w_hh), dc * f[here]
            d_gates.append(dg)
            d_h.append(dh)
        in_order = (lambda parts: parts) if reverse else (lambda parts: parts[::-1])
        d_gates = m.op(Cat, 0, *in_order(d_gates))
        n_gi, n_h0, n_c0, n_w, n_b, n_hr = ctx.needs_input_grad[:6]
        return (d_gates if n_gi else None, _initial_grad(m, carry_h, spilled_h) if n_h0 else None,
                _initial_grad(m, carry_c, spilled_c) if n_c0 else None,
                _weight_grad(m, d_gates, h_prev) if n_w else None, m.sum(d_gates, 0) if n_b else None,
                _weight_grad(m, m.op(Cat, 0, *in_order(d_h)), o * tc) if n_hr else None)


class GRULayer(Op):
    """A GRU over a sequence, from the input's projections gi (rows, 3H) (gates r, z, n) and h0
    (N, H): ``n = tanh(gi_n + r * gh_n)``, ``h' = (h - n) * z + n`` with ``gh = h @ w_hh.T + b_hh``.
    Returns the hidden states (rows, H)."""

    saves = (True, True, True, True)
    saves_output = True

    @staticmethod
    def forward(ctx, gi, h0, w_hh, b_hh, sizes, reverse):
        xp = ctx.xp
        hidden = h0.shape[1]
        out = xp.empty((gi.shape[0], hidden), gi.dtype)
        h = h0
        w_t = w_hh.T
        for start, rows in _visits(sizes, reverse):
            h = _fit(xp, h, h0, rows)
            gh = h.dot(w_t)
            if b_hh is not None:
                gh += b_hh
            x = gi[start:start + rows]
            rz = _sigmoid(xp, gh[:, :2 * hidden] + x[:, :2 * hidden])
            n = xp.tanh(x[:, 2 * hidden:] + gh[:, 2 * hidden:] * rz[:, :hidden])
            h_new = out[start:start + rows]
            xp.subtract(h, n, out=h_new)
            h_new *= rz[:, hidden:]
            h_new += n
            h = h_new
        return out

    @staticmethod
    def backward(ctx, m, g, gi, h0, w_hh, b_hh, sizes, reverse, hs):
        hidden = h0.shape[1]
        h_prev = _previous(m, hs, h0, sizes, reverse)
        gh = m.mm(h_prev, m.mT(w_hh))
        if b_hh is not None:
            gh = gh + b_hh
        rz = m.sigmoid(gh[:, :2 * hidden] + gi[:, :2 * hidden])
        r, z = rz[:, :hidden], rz[:, hidden:]
        gh_n = gh[:, 2 * hidden:]
        n = m.tanh(gi[:, 2 * hidden:] + gh_n * r)
        # each step: d(projections) = [dh, dh, dh] * scale (the hidden one's n block also times r)
        d_n = (1 - z) * (1 - n * n)
        d_r = d_n * gh_n * (r * (1 - r))
        d_z = (h_prev - n) * (z * (1 - z))
        scale_h = m.op(Cat, 1, d_r, d_z, d_n * r)
        carry, spilled, d_gh, d_h = None, [], [], []
        for start, rows in _visits(sizes, not reverse):
            here = slice(start, start + rows)
            dh = _add_carry(m, g[here], carry, spilled)
            dg = m.op(Cat, 1, dh, dh, dh) * scale_h[here]
            carry = m.mm(dg, w_hh) + dh * z[here]
            d_gh.append(dg)
            d_h.append(dh)
        in_order = (lambda parts: parts) if reverse else (lambda parts: parts[::-1])
        d_gh = m.op(Cat, 0, *in_order(d_gh))
        n_gi, n_h0, n_w, n_b = ctx.needs_input_grad[:4]
        d_gi = None
        if n_gi:
            d_h = m.op(Cat, 0, *in_order(d_h))
            d_gi = m.op(Cat, 1, d_h, d_h, d_h) * m.op(Cat, 1, d_r, d_z, d_n)
        return (d_gi, _initial_grad(m, carry, spilled) if n_h0 else None,
                _weight_grad(m, d_gh, h_prev) if n_w else None, m.sum(d_gh, 0) if n_b else None)


def rnn_layer(gi, h0, w_hh, b_hh, sizes, relu, reverse):
    """An Elman RNN's hidden states (rows, H) over the input's projections gi (rows, H) in the packed
    layout (``sizes[t]`` rows at step t)."""
    return RNNLayer.apply(gi, h0, w_hh, b_hh, sizes, relu, reverse)


def lstm_layer(gi, h0, c0, w_hh, b_hh, w_hr, sizes, reverse):
    """An LSTM's hidden and cell states side by side (rows, P + H) over the input's projections gi
    (rows, 4H) in the packed layout."""
    return LSTMLayer.apply(gi, h0, c0, w_hh, b_hh, w_hr, sizes, reverse)


def gru_layer(gi, h0, w_hh, b_hh, sizes, reverse):
    """A GRU's hidden states (rows, H) over the input's projections gi (rows, 3H) in the packed layout."""
    return GRULayer.apply(gi, h0, w_hh, b_hh, sizes, reverse)
