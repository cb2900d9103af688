"""Backward through very long chains: time, and peak memory growing linearly with length."""
import time
import tracemalloc

import minigrad


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
    return rows
