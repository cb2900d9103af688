"""Recurrent training steps of a course's size: an LSTM and a GRU (batch 16, 20 steps, 8 input
features, hidden size 32, batch_first), mean squared error against a target sequence, SGD; minigrad
(eager and compiled) against PyTorch and hand-written NumPy, same data."""
import numpy as np

import minigrad
import torch

from .harness import compare, row
from .numpy_recurrent_reference import GRU, LSTM

BATCH, STEPS, FEATURES, HIDDEN = 16, 20, 8, 32


def _step(lib, kind, x, y, compiled=False):
    """One training step of ``lib``'s ``kind`` layer (zero_grad, forward, backward, SGD) as a closure."""
    lib.manual_seed(0)
    layer = getattr(lib.nn, kind)(FEATURES, HIDDEN, batch_first=True)
    opt = lib.optim.SGD(layer.parameters(), lr=0.01)
    xt, yt = lib.tensor(x), lib.tensor(y)

    def step(xt, yt):
        opt.zero_grad()
        out, _ = layer(xt)
        ((out - yt) ** 2).mean().backward()
        opt.step()
    if compiled:
        step = lib.compile(step)
    return lambda: step(xt, yt)


def run(quick=False):
    """Rows for (a) an LSTM and (b) a GRU training step, in steps per second."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, STEPS, FEATURES)).astype(np.float32)
    y = rng.standard_normal((BATCH, STEPS, HIDDEN)).astype(np.float32)
    number, repeat = (3, 3) if quick else (50, 7)
    rows = []
    for label, kind, reference in (("(a)", "LSTM", LSTM), ("(b)", "GRU", GRU)):
        fns = {"minigrad": _step(minigrad, kind, x, y), "compiled": _step(minigrad, kind, x, y, compiled=True),
               "torch": _step(torch, kind, x, y)}
        ref = reference(FEATURES, HIDDEN)
        fns["numpy"] = lambda ref=ref: ref.step(x, y, 0.01)
        res = compare(fns, number, repeat)
        case = f"{label} {kind} training step, batch {BATCH}, {STEPS} steps, {FEATURES} -> {HIDDEN}"
        rows += [row("recurrent", case, impl, seconds, per="steps") for impl, seconds in res.items()]
    return rows
