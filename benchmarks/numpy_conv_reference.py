"""Convolutional networks written by hand in NumPy: the straightforward im2col way, with manual
backward passes. The reference the ``conv`` benchmark measures minigrad and PyTorch against.

Each layer keeps what its backward needs; ``Net.step`` runs forward, the loss, backward and
the optimizer update. Convolutions: zero padding, one (C*kh*kw, N*Ho*Wo) column matrix from a
strided view, one GEMM; the input gradient adds the columns back tap by tap.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided


class Conv:
    """Stride-1 2-D convolution with zero padding."""

    def __init__(self, rng, c_in, c_out, k, padding=0, bias=True, dtype=np.float32):
        bound = 1 / np.sqrt(c_in * k * k)
        self.w = rng.uniform(-bound, bound, (c_out, c_in, k, k)).astype(dtype)
        self.b = rng.uniform(-bound, bound, c_out).astype(dtype) if bias else None
        self.k, self.p = k, padding

    def params(self):
        return [self.w] + ([self.b] if self.b is not None else [])

    def forward(self, x):
        n, c, h, w = x.shape
        k, p = self.k, self.p
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x
        ho, wo = h + 2 * p - k + 1, w + 2 * p - k + 1
        s = xp.strides
        view = as_strided(xp, (c, k, k, n, ho, wo), (s[1], s[2], s[3], s[0], s[2], s[3]))
        self.cols = view.reshape(c * k * k, n * ho * wo)  # the copy
        self.shape = (n, c, h, w, ho, wo)
        out = self.w.reshape(len(self.w), -1) @ self.cols
        if self.b is not None:
            out += self.b[:, None]
        return out.reshape(len(self.w), n, ho, wo).transpose(1, 0, 2, 3)

    def backward(self, g):
        n, c, h, w, ho, wo = self.shape
        k, p = self.k, self.p
        o = len(self.w)
        g2 = g.transpose(1, 0, 2, 3).reshape(o, -1)
        self.gw = (g2 @ self.cols.T).reshape(self.w.shape)
        self.gb = g2.sum(axis=1) if self.b is not None else None
        dcols = (self.w.reshape(o, -1).T @ g2).reshape(c, k, k, n, ho, wo)
        gx = np.zeros((n, c, h + 2 * p, w + 2 * p), g.dtype)
        for i in range(k):
            for j in range(k):
                gx[:, :, i:i + ho, j:j + wo] += dcols[:, i, j].transpose(1, 0, 2, 3)
        return gx[:, :, p:p + h, p:p + w] if p else gx

    def grads(self):
        return [self.gw] + ([self.gb] if self.b is not None else [])


class Sigmoid:
    def params(self):
        return []

    def forward(self, x):
        self.y = 1 / (1 + np.exp(-x))
        return self.y

    def backward(self, g):
        return g * self.y * (1 - self.y)

    def grads(self):
        return []


class ReLU(Sigmoid):
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, g):
        return g * self.mask


class Pool2(Sigmoid):
    """2x2 pooling with stride 2 (average, or maximum with the gradient to the first maximum)."""

    def __init__(self, kind):
        self.kind = kind

    def forward(self, x):
        n, c, h, w = x.shape
        win = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
        self.shape = x.shape
        if self.kind == "avg":
            return win.mean(axis=-1)
        self.arg = win.argmax(axis=-1)
        return np.take_along_axis(win, self.arg[..., None], -1)[..., 0]

    def backward(self, g):
        n, c, h, w = self.shape
        if self.kind == "avg":
            win = np.repeat(g[..., None] / 4, 4, axis=-1)
        else:
            win = np.zeros(g.shape + (4,), g.dtype)
            np.put_along_axis(win, self.arg[..., None], g[..., None], -1)
        return win.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h, w)


class Flatten(Sigmoid):
    def forward(self, x):
        self.shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, g):
        return g.reshape(self.shape)


class Linear:
    def __init__(self, rng, n_in, n_out, dtype=np.float32):
        bound = 1 / np.sqrt(n_in)
        self.w = rng.uniform(-bound, bound, (n_out, n_in)).astype(dtype)
        self.b = rng.uniform(-bound, bound, n_out).astype(dtype)

    def params(self):
        return [self.w, self.b]

    def forward(self, x):
        self.x = x
        return x @ self.w.T + self.b

    def backward(self, g):
        self.gw, self.gb = g.T @ self.x, g.sum(axis=0)
        return g @ self.w

    def grads(self):
        return [self.gw, self.gb]


class BatchNorm:
    """Training-mode batch normalisation over (N, H, W), with running statistics."""

    def __init__(self, c, dtype=np.float32, eps=1e-5, momentum=0.1):
        self.gamma, self.beta = np.ones(c, dtype), np.zeros(c, dtype)
        self.running_mean, self.running_var = np.zeros(c, dtype), np.ones(c, dtype)
        self.eps, self.momentum = eps, momentum

    def params(self):
        return [self.gamma, self.beta]

    def forward(self, x):
        mean = x.mean(axis=(0, 2, 3), keepdims=True)
        xc = x - mean
        var = (xc * xc).mean(axis=(0, 2, 3), keepdims=True)
        self.invstd = 1 / np.sqrt(var + self.eps)
        self.xhat = xc * self.invstd
        m = x.size // x.shape[1]
        self.running_mean += self.momentum * (mean.ravel() - self.running_mean)
        self.running_var += self.momentum * (var.ravel() * m / (m - 1) - self.running_var)
        return self.xhat * self.gamma[:, None, None] + self.beta[:, None, None]

    def backward(self, g):
        axes = (0, 2, 3)
        self.gb = g.sum(axis=axes)
        self.gg = (g * self.xhat).sum(axis=axes)
        m = g.size // g.shape[1]
        scale = (self.gamma[:, None, None] * self.invstd) / m
        return scale * (m * g - self.gb[:, None, None] - self.xhat * self.gg[:, None, None])

    def grads(self):
        return [self.gg, self.gb]


class Net:
    """A stack of layers, an optional input-to-output residual, a loss and SGD or Adam."""

    def __init__(self, layers, loss="ce", optimizer="sgd", lr=0.1, residual=False):
        self.layers, self.loss, self.optimizer, self.lr, self.residual = layers, loss, optimizer, lr, residual
        self.params = [p for layer in layers for p in layer.params()]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def step(self, x, y):
        """Forward, loss, backward and update; returns the loss."""
        h = x
        for layer in self.layers:
            h = layer.forward(h)
        if self.residual:
            h = h + x
        if self.loss == "ce":
            shifted = h - h.max(axis=1, keepdims=True)
            logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            n = len(y)
            value = -logp[np.arange(n), y].mean()
            g = np.exp(logp)
            g[np.arange(n), y] -= 1
            g /= n
        else:
            d = h - y
            value = (d * d).mean()
            g = d * (2 / d.size)
        for layer in reversed(self.layers):
            g = layer.backward(g)
        grads = [gr for layer in self.layers for gr in layer.grads()]
        self.t += 1
        for i, (p, gr) in enumerate(zip(self.params, grads)):
            if self.optimizer == "sgd":
                p -= self.lr * gr
            else:  # Adam, PyTorch's defaults
                self.m[i] = 0.9 * self.m[i] + 0.1 * gr
                self.v[i] = 0.999 * self.v[i] + 0.001 * gr * gr
                mhat = self.m[i] / (1 - 0.9 ** self.t)
                vhat = self.v[i] / (1 - 0.999 ** self.t)
                p -= self.lr * mhat / (np.sqrt(vhat) + 1e-8)
        return value


def lenet(activation="sigmoid", pool="avg", seed=0):
    """d2l's LeNet-5 on 28x28 inputs."""
    rng = np.random.default_rng(seed)
    act = Sigmoid if activation == "sigmoid" else ReLU
    return Net([Conv(rng, 1, 6, 5, padding=2), act(), Pool2(pool), Conv(rng, 6, 16, 5), act(), Pool2(pool),
                Flatten(), Linear(rng, 400, 120), act(), Linear(rng, 120, 84), act(), Linear(rng, 84, 10)],
               loss="ce", optimizer="sgd", lr=0.1)


def image_cnn(channels=3, width=32, depth=5, seed=0):
    """The image-to-image network: conv + BatchNorm + ReLU layers, a last conv, the input added back."""
    rng = np.random.default_rng(seed)
    layers = [Conv(rng, channels, width, 3, padding=1, bias=False), BatchNorm(width), ReLU()]
    for _ in range(depth - 2):
        layers += [Conv(rng, width, width, 3, padding=1, bias=False), BatchNorm(width), ReLU()]
    layers.append(Conv(rng, width, channels, 3, padding=1))
    return Net(layers, loss="mse", optimizer="adam", lr=1e-3, residual=True)


def conv_layer(seed=0):
    """One Conv2d(16, 32, 3, padding=1): forward and backward (no update)."""
    rng = np.random.default_rng(seed)
    layer = Conv(rng, 16, 32, 3, padding=1)

    def fwd_bwd(x, g):
        layer.forward(x)
        return layer.backward(g)
    return fwd_bwd
