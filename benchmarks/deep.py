"""Backward through very long chains: time, and peak memory growing linearly with length; the peak
memory of a deep network trained plainly and with activation checkpointing."""
import time
import tracemalloc

import minigrad
from minigrad.utils.checkpoint import checkpoint_sequential


def _chain(n):
    x = minigrad.ones(8, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.0001
    return x, y.sum()


def run(quick=False):
    """Rows: backward time of a 100,000-op chain and peak traced memory at three lengths."""
    rows = []
    lengths = (2500, 5000, 10000) if quick else (25000, 50000, 100000)
    for n in lengths:
        x, loss = _chain(n)
        t = time.perf_counter()
        loss.backward()
        elapsed = time.perf_counter() - t
        assert x.grad is not None
        del x, loss
        tracemalloc.start()  # memory measured in a second run: tracing slows allocation down
        x, loss = _chain(n)
        loss.backward()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append({"benchmark": "deep", "case": f"{n}-op chain backward", "impl": "minigrad",
                     "value": elapsed * 1e3, "unit": "ms"})
        rows.append({"benchmark": "deep", "case": f"{n}-op chain peak memory", "impl": "minigrad",
                     "value": peak / 2 ** 20, "unit": "MiB"})
    layers = 8 if quick else 16
    for way in ("no checkpoint", "checkpoint_sequential, 4 segments, reentrant",
                "checkpoint_sequential, 4 segments, non-reentrant"):
        rows.append({"benchmark": "deep", "case": f"{layers} Linear(512)+Tanh layers, batch 256, peak memory: {way}",
                     "impl": "minigrad", "value": _network_peak(layers, way) / 2 ** 20, "unit": "MiB"})
    return rows


def _network_peak(layers, way):
    """Peak traced bytes of one forward and backward (the gradients allocated by a first step)."""
    nn = minigrad.nn
    minigrad.manual_seed(0)
    net = nn.Sequential(*[m for _ in range(layers) for m in (nn.Linear(512, 512), nn.Tanh())])
    x = minigrad.randn(256, 512, requires_grad=True)
    net(x).sum().backward()
    tracemalloc.start()
    if way == "no checkpoint":
        y = net(x)
    else:
        y = checkpoint_sequential(net, 4, x, use_reentrant=way.endswith(" reentrant"))
    y.sum().backward()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak
