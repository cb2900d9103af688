"""Hand-written NumPy LSTM and GRU layers with backpropagation through time and SGD: the floor for
the recurrent benchmarks. Gates in PyTorch's layout (LSTM: i, f, g, o; GRU: r, z, n); input
(batch, seq, features) as with ``batch_first=True``; mean squared error against a target sequence."""
import numpy as np


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


class _Recurrent:
    """Weights w_ih (G*H, I), w_hh (G*H, H), b_ih, b_hh (G*H,) drawn as PyTorch draws them."""

    gates = 1

    def __init__(self, input_size, hidden, seed=0, dtype=np.float32):
        rng = np.random.default_rng(seed)
        bound = 1 / np.sqrt(hidden)
        shapes = [(self.gates * hidden, input_size), (self.gates * hidden, hidden), (self.gates * hidden,),
                  (self.gates * hidden,)]
        self.params = [rng.uniform(-bound, bound, s).astype(dtype) for s in shapes]
        self.hidden = hidden

    def step(self, x, y, lr):
        """One forward, backward and SGD update on x (N, T, I), target y (N, T, H); returns the loss."""
        xs = x.transpose(1, 0, 2)  # (T, N, I)
        w_ih, w_hh, b_ih, b_hh = self.params
        gi = xs @ w_ih.T + b_ih
        out, saved = self.forward(gi, w_hh, b_hh)
        d = out - y.transpose(1, 0, 2)
        loss = (d * d).mean()
        d_gi, d_w_hh, d_b_hh = self.backward(2 * d / d.size, saved, w_hh)
        t, n, _ = xs.shape
        grads = [d_gi.reshape(t * n, -1).T @ xs.reshape(t * n, -1), d_w_hh, d_gi.sum((0, 1)), d_b_hh]
        for p, g in zip(self.params, grads):
            p -= lr * g
        return loss


class LSTM(_Recurrent):
    """One LSTM layer."""

    gates = 4

    def forward(self, gi, w_hh, b_hh):
        h_size = self.hidden
        steps, n, _ = gi.shape
        h, c = np.zeros((n, h_size), gi.dtype), np.zeros((n, h_size), gi.dtype)
        hs, acts = [], []
        for t in range(steps):
            a = gi[t] + h @ w_hh.T + b_hh
            i, f, o = _sigmoid(a[:, :h_size]), _sigmoid(a[:, h_size:2 * h_size]), _sigmoid(a[:, 3 * h_size:])
            g = np.tanh(a[:, 2 * h_size:3 * h_size])
            c_prev, c = c, f * c + i * g
            tc = np.tanh(c)
            acts.append((i, f, g, o, c_prev, tc, h))
            h = o * tc
            hs.append(h)
        return np.stack(hs), acts

    def backward(self, d_out, acts, w_hh):
        d_h_next = d_c_next = 0
        d_gates = [None] * len(acts)
        d_w_hh = np.zeros_like(w_hh)
        for t in range(len(acts) - 1, -1, -1):
            i, f, g, o, c_prev, tc, h_prev = acts[t]
            dh = d_out[t] + d_h_next
            dc = d_c_next + dh * o * (1 - tc * tc)
            dg = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g * g),
                                 dh * tc * o * (1 - o)], 1)
            d_w_hh += dg.T @ h_prev
            d_h_next, d_c_next = dg @ w_hh, dc * f
            d_gates[t] = dg
        d_gates = np.stack(d_gates)
        return d_gates, d_w_hh, d_gates.sum((0, 1))


class GRU(_Recurrent):
    """One GRU layer."""

    gates = 3

    def forward(self, gi, w_hh, b_hh):
        h_size = self.hidden
        steps, n, _ = gi.shape
        h = np.zeros((n, h_size), gi.dtype)
        hs, acts = [], []
        for t in range(steps):
            gh = h @ w_hh.T + b_hh
            r = _sigmoid(gi[t, :, :h_size] + gh[:, :h_size])
            z = _sigmoid(gi[t, :, h_size:2 * h_size] + gh[:, h_size:2 * h_size])
            n_gate = np.tanh(gi[t, :, 2 * h_size:] + r * gh[:, 2 * h_size:])
            acts.append((r, z, n_gate, gh[:, 2 * h_size:], h))
            h = (1 - z) * n_gate + z * h
            hs.append(h)
        return np.stack(hs), acts

    def backward(self, d_out, acts, w_hh):
        d_next = 0
        d_gi, d_gh = [None] * len(acts), [None] * len(acts)
        for t in range(len(acts) - 1, -1, -1):
            r, z, n_gate, gh_n, h_prev = acts[t]
            dh = d_out[t] + d_next
            dn = dh * (1 - z) * (1 - n_gate * n_gate)
            dz = dh * (h_prev - n_gate) * z * (1 - z)
            dr = dn * gh_n * r * (1 - r)
            d_gi[t] = np.concatenate([dr, dz, dn], 1)
            d_gh[t] = np.concatenate([dr, dz, dn * r], 1)
            d_next = d_gh[t] @ w_hh + dh * z
        d_gi, d_gh = np.stack(d_gi), np.stack(d_gh)
        h_prev = np.stack([a[4] for a in acts])
        t, n, _ = d_gh.shape
        return d_gi, d_gh.reshape(t * n, -1).T @ h_prev.reshape(t * n, -1), d_gh.sum((0, 1))
