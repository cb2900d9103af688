"""The pointwise parts of the LSTM and GRU steps as single ops (``nn/_recurrent.py`` calls them):
one node instead of a dozen per time step. Not public names (PyTorch has no CPU equivalents).

Gates come in PyTorch's fused layout, each block ``hidden_size`` wide: LSTM pre-activations
[i, f, g, o], GRU projections [r, z, n]. Backward recomputes the activations from the saved
pre-activations with ``m`` words, so that second-order gradients come for free."""
from ..autograd.node import Op
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
