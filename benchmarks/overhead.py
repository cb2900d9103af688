"""Per-op overhead: a small elementwise op with and without grad, and a 1,000-op chain forward+backward."""
import minigrad
import torch

from .harness import compare, row


def run(quick=False):
    """Rows of µs per op for minigrad and PyTorch."""
    rows = []
    number, repeat = (200, 3) if quick else (2000, 7)
    for lib in (minigrad, torch):
        lib.manual_seed(0)
    a = {L: L.rand(10) for L in (minigrad, torch)}
    b = {L: L.rand(10) for L in (minigrad, torch)}
    ag = {L: L.rand(10, requires_grad=True) for L in (minigrad, torch)}
    res = compare({"minigrad": lambda: a[minigrad] * b[minigrad], "torch": lambda: a[torch] * b[torch]},
                  number, repeat)
    rows += [row("overhead", "mul, 10 elements, no grad", k, v) for k, v in res.items()]
    res = compare({"minigrad": lambda: ag[minigrad] * b[minigrad], "torch": lambda: ag[torch] * b[torch]},
                  number, repeat)
    rows += [row("overhead", "mul, 10 elements, recording grad", k, v) for k, v in res.items()]

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
    return rows
