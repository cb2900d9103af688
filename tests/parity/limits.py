"""Bounds for fuzz tests: a wall-clock limit per call (no test may hang) and the peak of
Python-traced memory (NumPy's array buffers included) during a call."""
import contextlib
import signal
import threading
import tracemalloc


class TookTooLong(AssertionError):
    """A call ran past its time limit (it would have hung the test run)."""


@contextlib.contextmanager
def time_limit(seconds, what="the call"):
    """Raise TookTooLong inside the block once it has run ``seconds`` (POSIX main thread; elsewhere
    the block runs unbounded)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TookTooLong(f"{what} ran for more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def traced_peak():
    """Yield a dict whose "peak" is, after the block, the most memory the block held at once
    beyond what was allocated before it (bytes, as tracemalloc counts them)."""
    result = {}
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    try:
        yield result
    finally:
        result["peak"] = tracemalloc.get_traced_memory()[1] - before
        if not was_tracing:
            tracemalloc.stop()
