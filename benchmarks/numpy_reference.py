"""Hand-written NumPy with manual gradients: the floor no framework can beat."""
import numpy as np


class MLP:
    """Linear layers with (leaky) ReLU between them; forward, backward and SGD by hand."""

    def __init__(self, sizes, slope=0.0, seed=0, dtype=np.float32):
        rng = np.random.default_rng(seed)
        self.slope = slope
        self.params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1 / np.sqrt(fan_in)
            self.params.append([rng.uniform(-bound, bound, (fan_out, fan_in)).astype(dtype),
                                rng.uniform(-bound, bound, fan_out).astype(dtype)])

    def step(self, x, y, lr, loss="l1"):
        """One forward, backward and SGD update; returns the loss."""
        acts, pre = [x], []
        h = x
        for i, (w, b) in enumerate(self.params):
            z = h @ w.T + b
            if i < len(self.params) - 1:
                pre.append(z)
                h = np.maximum(z, 0) if self.slope == 0 else np.where(z > 0, z, z * self.slope)
            else:
                h = z
            acts.append(h)
        if loss == "l1":
            d = h - y
            value = np.abs(d).mean()
            g = np.sign(d) / d.size
        else:  # cross-entropy on class indices
            shifted = h - h.max(axis=1, keepdims=True)
            logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            n = len(y)
            value = -logp[np.arange(n), y].mean()
            g = np.exp(logp)
            g[np.arange(n), y] -= 1
            g /= n
        for i in range(len(self.params) - 1, -1, -1):
            w, b = self.params[i]
            gw = g.T @ acts[i]
            gb = g.sum(axis=0)
            if i:
                g = g @ w
                z = pre[i - 1]
                g = g * (z > 0) if self.slope == 0 else np.where(z > 0, g, g * self.slope)
            w -= lr * gw
            b -= lr * gb
        return value


def linear_regression(x, y, lr, epochs):
    """Full-batch gradient descent on MSE for y = b + w x; returns (b, w)."""
    b, w = 0.5, -0.1
    for _ in range(epochs):
        err = b + w * x - y
        b -= lr * 2 * err.mean()
        w -= lr * 2 * (x * err).mean()
    return b, w
