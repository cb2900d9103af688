"""The pointwise parts of the LSTM and GRU steps as single ops (``nn/_recurrent.py`` calls them):
one node instead of a dozen per time step. Not public names (PyTorch has no CPU equivalents).

Gates come in PyTorch's fused layout, each block ``hidden_size`` wide: LSTM pre-activations
[i, f, g, o], GRU projections [r, z, n]. Backward recomputes the activations from the saved
pre-activations with ``m`` words, so that second-order gradients come for free."""
from ..autograd.node import Op
from .join import Cat, Stack
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
# One node per layer and direction: forward runs the recurrence step by step on arrays; backward
# recomputes the gates of every step at once from the saved inputs and the output (the hidden
# states), then runs the recurrence of the gradients back in time, a few array operations per
# step, and finishes the weights' gradients with one matrix product each. Written with ``m``
# words, so that second-order gradients come for free.

def _time_order(steps, reverse):
    """The step indices in the order the recurrence visits them."""
    return range(steps - 1, -1, -1) if reverse else range(steps)


def _previous(m, hs, h0, reverse):
    """The state each step starts from, (T, N, K): h0, then the outputs shifted by one step."""
    first = m.unsqueeze(h0, 0)
    return m.op(Cat, 0, hs[1:], first) if reverse else m.op(Cat, 0, first, hs[:-1])


def _flat_mm(m, a, b):
    """``a`` (T, N, K) times the 2-D ``b`` (K, J) as one product: (T, N, J)."""
    t, n, k = a.shape
    return m.mm(a.reshape(t * n, k), b).reshape(t, n, b.shape[1])


def _weight_grad(m, d, x):
    """The gradient of a weight (J, K) applied to inputs x (T, N, K) with output gradients d (T, N, J):
    ``sum over t and n of d^T x``, one product."""
    return m.mm(m.mT(d.reshape(-1, d.shape[2])), x.reshape(-1, x.shape[2]))


def _hidden_projection(xp, h, w_hh, b_hh):
    """``h @ w_hh.T + b_hh`` (b_hh may be None), as PyTorch adds the terms."""
    gh = h.dot(w_hh.T)
    if b_hh is not None:
        gh += b_hh
    return gh


class RNNLayer(Op):
    """An Elman RNN over a whole sequence: ``h_t = act(gi_t + h_{t-1} @ w_hh.T + b_hh)`` for the input's
    projections gi (T, N, H), from h0 (N, H); ``relu`` chooses the activation, ``reverse`` runs from
    the last step to the first. Returns the hidden states (T, N, H)."""

    saves = (False, True, True, False)  # h0 and w_hh (and the output): the activations are read from it
    saves_output = True

    @staticmethod
    def forward(ctx, gi, h0, w_hh, b_hh, relu, reverse):
        xp = ctx.xp
        out = xp.empty(gi.shape, gi.dtype)
        h = h0
        w_t = w_hh.T
        for t in _time_order(gi.shape[0], reverse):
            pre = h.dot(w_t)
            if b_hh is not None:
                pre += b_hh
            pre += gi[t]
            h = out[t]
            xp.maximum(pre, 0, out=h) if relu else xp.tanh(pre, out=h)
        return out

    @staticmethod
    def backward(ctx, m, g, gi, h0, w_hh, b_hh, relu, reverse, hs):
        if relu:
            positive = ~(hs <= m.scalar(0, hs))
        else:
            slope = 1 - hs * hs
        carry = None  # (the last step's gradient comes from g alone)
        d_pre = [None] * hs.shape[0]
        for t in _time_order(hs.shape[0], reverse)[::-1]:
            d = g[t] if carry is None else g[t] + carry
            d = m.masked(positive[t], d) if relu else d * slope[t]
            carry = m.mm(d, w_hh)
            d_pre[t] = d
        d_pre = m.op(Stack, 0, *d_pre)
        n_gi, n_h0, n_w, n_b = ctx.needs_input_grad[:4]
        return (d_pre if n_gi else None, carry if n_h0 else None,
                _weight_grad(m, d_pre, _previous(m, hs, h0, reverse)) if n_w else None,
                m.sum(d_pre, (0, 1)) if n_b else None)


class LSTMLayer(Op):
    """An LSTM over a whole sequence, from the input's projections gi (T, N, 4H) (gates i, f, g, o),
    h0 (N, P) and c0 (N, H); ``w_hr`` (P, H) projects the hidden state when given (else P = H).
    Returns the hidden and cell states side by side: (T, N, P + H)."""

    saves = (True, True, True, True, True, True)
    saves_output = True

    @staticmethod
    def forward(ctx, gi, h0, c0, w_hh, b_hh, w_hr, reverse):
        xp = ctx.xp
        p, hidden = h0.shape[1], c0.shape[1]
        out = xp.empty(gi.shape[:2] + (p + hidden,), gi.dtype)
        h, c = h0, c0
        w_t = w_hh.T
        for t in _time_order(gi.shape[0], reverse):
            gates = h.dot(w_t)
            if b_hh is not None:
                gates += b_hh
            gates += gi[t]
            s = _sigmoid(xp, gates)
            i, f, o = s[:, :hidden], s[:, hidden:2 * hidden], s[:, 3 * hidden:]
            c_new = out[t, :, p:]
            xp.multiply(f, c, out=c_new)
            c_new += i * xp.tanh(gates[:, 2 * hidden:3 * hidden])
            c = c_new
            if w_hr is None:
                h = xp.multiply(o, xp.tanh(c), out=out[t, :, :p])
            else:
                h = (o * xp.tanh(c)).dot(w_hr.T)
                out[t, :, :p] = h
        return out

    @staticmethod
    def backward(ctx, m, g, gi, h0, c0, w_hh, b_hh, w_hr, reverse, out):
        p, hidden = h0.shape[1], c0.shape[1]
        hs, cs = out[:, :, :p], out[:, :, p:]
        h_prev, c_prev = _previous(m, hs, h0, reverse), _previous(m, cs, c0, reverse)
        gates = _flat_mm(m, h_prev, m.mT(w_hh))
        if b_hh is not None:
            gates = gates + b_hh
        gates = gates + gi
        s = m.sigmoid(gates)
        i, f, o = s[:, :, :hidden], s[:, :, hidden:2 * hidden], s[:, :, 3 * hidden:]
        cand = m.tanh(gates[:, :, 2 * hidden:3 * hidden])
        tc = m.tanh(cs)
        # each step: d(pre-activations) = [dc, dc, dc, dr] * scale, dc gaining dr * through_tanh
        scale = m.op(Cat, 2, cand * (i * (1 - i)), c_prev * (f * (1 - f)), i * (1 - cand * cand), tc * (o * (1 - o)))
        through_tanh = o * (1 - tc * tc)
        carry_h = carry_c = None  # (the last step's gradients come from g alone)
        d_gates, d_h = [None] * hs.shape[0], [None] * hs.shape[0]
        for t in _time_order(hs.shape[0], reverse)[::-1]:
            dh, dc = g[t, :, :p], g[t, :, p:]
            if carry_h is not None:
                dh, dc = dh + carry_h, dc + carry_c
            dr = dh if w_hr is None else m.mm(dh, w_hr)
            dc = dc + dr * through_tanh[t]
            dg = m.op(Cat, 1, dc, dc, dc, dr) * scale[t]
            carry_h, carry_c = m.mm(dg, w_hh), dc * f[t]
            d_gates[t], d_h[t] = dg, dh
        d_gates = m.op(Stack, 0, *d_gates)
        n_gi, n_h0, n_c0, n_w, n_b, n_hr = ctx.needs_input_grad[:6]
        d_hr = None
        if n_hr:
            d_hr = _weight_grad(m, m.op(Stack, 0, *d_h), o * tc)
        return (d_gates if n_gi else None, carry_h if n_h0 else None, carry_c if n_c0 else None,
                _weight_grad(m, d_gates, h_prev) if n_w else None, m.sum(d_gates, (0, 1)) if n_b else None, d_hr)


class GRULayer(Op):
    """A GRU over a whole sequence, from the input's projections gi (T, N, 3H) (gates r, z, n) and
    h0 (N, H): ``n = tanh(gi_n + r * gh_n)``, ``h' = (h - n) * z + n`` with ``gh = h @ w_hh.T + b_hh``.
    Returns the hidden states (T, N, H)."""

    saves = (True, True, True, True, False)
    saves_output = True

    @staticmethod
    def forward(ctx, gi, h0, w_hh, b_hh, reverse):
        xp = ctx.xp
        hidden = h0.shape[1]
        out = xp.empty(gi.shape[:2] + (hidden,), gi.dtype)
        h = h0
        for t in _time_order(gi.shape[0], reverse):
            gh = _hidden_projection(xp, h, w_hh, b_hh)
            x = gi[t]
            rz = _sigmoid(xp, gh[:, :2 * hidden] + x[:, :2 * hidden])
            n = xp.tanh(x[:, 2 * hidden:] + gh[:, 2 * hidden:] * rz[:, :hidden])
            h_new = out[t]
            xp.subtract(h, n, out=h_new)
            h_new *= rz[:, hidden:]
            h_new += n
            h = h_new
        return out

    @staticmethod
    def backward(ctx, m, g, gi, h0, w_hh, b_hh, reverse, hs):
        hidden = h0.shape[1]
        h_prev = _previous(m, hs, h0, reverse)
        gh = _flat_mm(m, h_prev, m.mT(w_hh))
        if b_hh is not None:
            gh = gh + b_hh
        rz = m.sigmoid(gh[:, :, :2 * hidden] + gi[:, :, :2 * hidden])
        r, z = rz[:, :, :hidden], rz[:, :, hidden:]
        gh_n = gh[:, :, 2 * hidden:]
        n = m.tanh(gi[:, :, 2 * hidden:] + gh_n * r)
        # each step: d(projections) = [dh, dh, dh] * scale (the hidden one's n block also times r)
        d_n = (1 - z) * (1 - n * n)
        d_r = d_n * gh_n * (r * (1 - r))
        d_z = (h_prev - n) * (z * (1 - z))
        scale_h = m.op(Cat, 2, d_r, d_z, d_n * r)
        carry = None  # (the last step's gradient comes from g alone)
        d_gh, d_h = [None] * hs.shape[0], [None] * hs.shape[0]
        for t in _time_order(hs.shape[0], reverse)[::-1]:
            dh = g[t] if carry is None else g[t] + carry
            dg = m.op(Cat, 1, dh, dh, dh) * scale_h[t]
            carry = m.mm(dg, w_hh) + dh * z[t]
            d_gh[t], d_h[t] = dg, dh
        d_gh = m.op(Stack, 0, *d_gh)
        n_gi, n_h0, n_w, n_b = ctx.needs_input_grad[:4]
        d_gi = None
        if n_gi:
            d_h = m.op(Stack, 0, *d_h)
            d_gi = m.op(Cat, 2, d_h, d_h, d_h) * m.op(Cat, 2, d_r, d_z, d_n)
        return (d_gi, carry if n_h0 else None, _weight_grad(m, d_gh, h_prev) if n_w else None,
                m.sum(d_gh, (0, 1)) if n_b else None)


def rnn_layer(gi, h0, w_hh, b_hh, relu, reverse):
    """An Elman RNN's hidden states (T, N, H) over the input's projections gi (T, N, H)."""
    return RNNLayer.apply(gi, h0, w_hh, b_hh, relu, reverse)


def lstm_layer(gi, h0, c0, w_hh, b_hh, w_hr, reverse):
    """An LSTM's hidden and cell states side by side (T, N, P + H) over the input's projections gi."""
    return LSTMLayer.apply(gi, h0, c0, w_hh, b_hh, w_hr, reverse)


def gru_layer(gi, h0, w_hh, b_hh, reverse):
    """A GRU's hidden states (T, N, H) over the input's projections gi (T, N, 3H)."""
    return GRULayer.apply(gi, h0, w_hh, b_hh, reverse)
