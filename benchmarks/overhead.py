"""Per-op overhead: a small elementwise op with and without grad, what recording and the engine
add above the NumPy call an op makes, a 1,000-op chain forward+backward, and the common ops
of course code (views, indexing, softmax, reductions, joins) on a small tensor."""
import time

import numpy as np

import minigrad
import torch

from .harness import compare, row


def _backward_per_node(L, x, n, repeat):
    """Median seconds per node of backward through an n-op chain of ``y * 1.0001``."""
    samples = []
    for _ in range(repeat):
        y = x
        for _ in range(n):
            y = y * 1.0001
        loss = y.sum()
        t = time.perf_counter()
        loss.backward()
        samples.append((time.perf_counter() - t) / (n + 1))
        x.grad = None
    return sorted(samples)[len(samples) // 2]


def run(quick=False):
    """Rows of µs per op for minigrad and PyTorch (and the bare NumPy call where it applies)."""
    rows = []
    number, repeat = (200, 3) if quick else (2000, 7)
    for lib in (minigrad, torch):
        lib.manual_seed(0)
    a = {L: L.rand(10) for L in (minigrad, torch)}
    b = {L: L.rand(10) for L in (minigrad, torch)}
    ag = {L: L.rand(10, requires_grad=True) for L in (minigrad, torch)}
    an, bn = a[minigrad].numpy(), b[minigrad].numpy()
    res = compare({"minigrad": lambda: a[minigrad] * b[minigrad], "torch": lambda: a[torch] * b[torch],
                   "numpy": lambda: an * bn}, number, repeat)
    rows += [row("overhead", "mul, 10 elements, no grad", k, v) for k, v in res.items()]
    res = compare({"minigrad": lambda: ag[minigrad] * b[minigrad], "torch": lambda: ag[torch] * b[torch],
                   "numpy": lambda: an * bn}, number, repeat)
    rows += [row("overhead", "mul, 10 elements, recording grad", k, v) for k, v in res.items()]
    rows.append(row("overhead", "recording a mul: time above its NumPy call", "minigrad",
                    res["minigrad"] - res["numpy"]))

    # the engine: backward through a chain of y * 1.0001, less the one NumPy call each node's formula makes
    n = 100 if quick else 1000
    xs = {L: L.rand(10, requires_grad=True) for L in (minigrad, torch)}
    per_node = {name: _backward_per_node(L, xs[L], n, repeat) for name, L in (("minigrad", minigrad),
                                                                                ("torch", torch))}
    g = np.random.default_rng(0).random(10).astype(np.float32)
    formula = compare({"numpy": lambda: g * 1.0001}, number, repeat)["numpy"]
    rows += [row("overhead", "backward per node of a y * 1.0001 chain", k, v) for k, v in per_node.items()]
    rows.append(row("overhead", "backward per node: engine time above the formula's NumPy call", "minigrad",
                    per_node["minigrad"] - formula))

    n_ops = 100 if quick else 1000

    def chain(L):
        def fn():
            x = ag[L]
            for _ in range(n_ops // 2):
                x = (x * 1.0001).tanh()
            x.sum().backward()
        return fn
    res = compare({"minigrad": chain(minigrad), "torch": chain(torch)}, 1 if quick else 5, repeat)
    rows += [row("overhead", f"{n_ops}-op chain forward+backward, per op", k, v / n_ops) for k, v in res.items()]

    # common ops on a 4x8 float32 tensor without grad: the per-call cost where arrays are small,
    # which elementwise arithmetic alone would not show (several are slower than PyTorch's)
    x = {L: L.rand(4, 8) for L in (minigrad, torch)}
    for case, op in COMMON_OPS.items():
        res = compare({name: (lambda L=L: op(L, x[L])) for name, L in (("minigrad", minigrad), ("torch", torch))},
                      number, repeat)
        rows += [row("overhead", f"{case}, 4x8, no grad", k, v) for k, v in res.items()]
    return rows


#: the common ops the small-tensor rows time: ``op(library, x)``
COMMON_OPS = {
    "x.view(8, 4)": lambda L, x: x.view(8, 4),
    "x[:, 1]": lambda L, x: x[:, 1],
    "softmax(x, 1)": lambda L, x: L.softmax(x, 1),
    "x.max(1)": lambda L, x: x.max(1),
    "x.sum(1)": lambda L, x: x.sum(1),
    "cat([x, x])": lambda L, x: L.cat([x, x]),
    "x @ x.T": lambda L, x: x @ x.T,
    "x.clamp(0, 1)": lambda L, x: x.clamp(0, 1),
}
