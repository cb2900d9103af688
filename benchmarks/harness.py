"""Timing: medians of repeated runs after warm-up, implementations interleaved, threads pinned."""
import os
import statistics
import time


def pin_threads(n=None):
    """Give NumPy's BLAS and PyTorch the same thread count (1 by default); returns it.

    One thread each by default: with both libraries' thread pools spinning on
    the same few cores, interleaved runs slow each other down by an order of
    magnitude and the ratios measure the contention, not the libraries.
    """
    n = n or int(os.environ.get("BENCH_THREADS", 1))
    import numpy  # noqa: F401  (threadpoolctl limits only libraries already loaded: NumPy's BLAS first)
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(n)
    except ImportError:
        pass
    try:
        import torch
        torch.set_num_threads(n)
    except ImportError:
        pass
    return n


def sync(lib):
    """Wait for queued device work before a clock read (CuPy)."""
    cuda = getattr(lib, "cuda", None)
    if lib.__name__ == "cupy":
        lib.cuda.get_current_stream().synchronize()
    elif cuda is not None and getattr(cuda, "is_available", lambda: False)():
        getattr(cuda, "synchronize", lambda: None)()


def compare(fns, number, repeat, warmup=1):
    """Seconds per call of each function: median over ``repeat`` rounds of ``number`` calls.

    The rounds alternate between the functions, so load on the machine hits
    every implementation alike.
    """
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    samples = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            for _ in range(number):
                fn()
            samples[name].append((time.perf_counter() - t) / number)
    return {name: statistics.median(s) for name, s in samples.items()}


def row(benchmark, case, impl, seconds, unit="us", per=None):
    """One result: time in ``unit`` (or a rate when ``per`` names what is counted per second)."""
    if per:
        return {"benchmark": benchmark, "case": case, "impl": impl, "value": 1.0 / seconds, "unit": f"{per}/s"}
    scale = {"us": 1e6, "ms": 1e3, "s": 1.0}[unit]
    return {"benchmark": benchmark, "case": case, "impl": impl, "value": seconds * scale, "unit": unit}
