"""Why vectorize: a Python loop over elements against one array operation, in each library."""
import numpy as np

import minigrad
import torch

from .harness import compare, row


def _libs():
    libs = {"numpy": np, "minigrad": minigrad, "torch": torch}
    try:
        import cupy
        if cupy.cuda.runtime.getDeviceCount() > 0:
            libs["cupy"] = cupy
    except Exception:  # CuPy absent or no device
        pass
    return libs


def _make(lib, data):
    if lib is np:
        return data.copy()
    if lib.__name__ == "cupy":
        return lib.asarray(data)
    return lib.tensor(data)


def _sync(lib):
    if lib.__name__ == "cupy":
        lib.cuda.get_current_stream().synchronize()


def run(quick=False):
    """Rows: vector add and one linear-regression gradient step, looped vs vectorised."""
    rows = []
    n = 1000 if quick else 10000
    rng = np.random.default_rng(0)
    a_np, b_np = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    for name, lib in _libs().items():
        a, b, c = _make(lib, a_np), _make(lib, b_np), _make(lib, np.zeros(n, np.float32))

        def loop():
            for i in range(n):
                c[i] = a[i] + b[i]
            _sync(lib)

        def vectorised():
            a + b
            _sync(lib)
        looped = compare({"loop": loop}, 1, 3 if quick else 5)["loop"]
        vector = compare({"vectorised": vectorised}, 100 if quick else 1000, 3 if quick else 5)["vectorised"]
        rows.append(row("vectorization", f"add two {n}-element vectors, Python loop", name, looped))
        rows.append(row("vectorization", f"add two {n}-element vectors, vectorised", name, vector))

    m = 80 if quick else 800
    x_np = rng.random((m, 1)).astype(np.float32)
    y_np = (1 + 2 * x_np + 0.1 * rng.standard_normal((m, 1))).astype(np.float32)
    for name, lib in _libs().items():
        x, y = _make(lib, x_np), _make(lib, y_np)

        def loop_step():
            gb = gw = 0.0
            for i in range(m):
                err = float(0.5 + 1.5 * x[i, 0]) - float(y[i, 0])
                gb += 2 * err / m
                gw += 2 * err * float(x[i, 0]) / m
            return gb, gw

        def matrix_step():
            err = 0.5 + 1.5 * x - y
            gb = 2 * err.mean()
            gw = 2 * (x * err).mean()
            _sync(lib)
            return gb, gw
        looped = compare({"loop": loop_step}, 1, 3 if quick else 5)["loop"]
        vector = compare({"vectorised": matrix_step}, 100 if quick else 1000, 3 if quick else 5)["vectorised"]
        rows.append(row("vectorization", f"gradient step of linear regression ({m} samples), loop", name, looped))
        rows.append(row("vectorization", f"gradient step of linear regression ({m} samples), vectorised", name,
                        vector))
    return rows
