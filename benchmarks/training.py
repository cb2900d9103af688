"""Training throughput: minigrad (eager and compiled) against PyTorch and hand-written NumPy,
same models, same data. ``compiled`` is the same step through ``minigrad.compile``."""
import time

import numpy as np

import minigrad
import torch
import torch.utils.data as tud
import minigrad.utils.data as mud

from .harness import compare, row
from .numpy_reference import MLP, linear_regression

TINY = [1, 12, 12, 16, 1]


def _tiny(lib):
    nn = lib.nn
    lib.manual_seed(0)
    return nn.Sequential(nn.Linear(1, 12), nn.LeakyReLU(), nn.Linear(12, 12), nn.LeakyReLU(),
                         nn.Linear(12, 16), nn.LeakyReLU(), nn.Linear(16, 1))


def _points_dataset(lib, data_mod, x, y):
    class Points(data_mod.Dataset):
        """The course notebook's custom Dataset: one tensor([x]), tensor([y]) pair per item."""

        def __len__(self):
            return len(x)

        def __getitem__(self, i):
            return lib.tensor([x[i]]), lib.tensor([y[i]])
    return Points()


def _epoch_fn(lib, model, loader=None, tensors=None, compiled=False):
    loss_fn = lib.nn.L1Loss()
    opt = lib.optim.SGD(model.parameters(), lr=1e-3)

    def step(xb, yb):
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()
    if compiled:
        step = lib.compile(step)
    if loader is not None:
        def epoch():
            for xb, yb in loader:
                step(xb, yb)
    else:
        xb, yb = tensors

        def epoch():
            step(xb, yb)
    return epoch


def run(quick=False):
    """Rows for (a) tiny MLP with DataLoader, (b) without, (c) 784-256-10 MLP, (d) linear regression with
    optim.SGD, (e) the same regression written by hand (manual update under no_grad)."""
    rows = []
    rng = np.random.default_rng(0)
    x = rng.standard_normal(5).astype(np.float32)
    y = (2 * x + 1).astype(np.float32)
    number, repeat = (20, 3) if quick else (200, 7)

    # (a) and (b): the 405-parameter LeakyReLU MLP on 5 points, L1 loss, SGD lr 1e-3
    fns, loaders = {}, {}
    for name, lib, data_mod, compiled in (("minigrad", minigrad, mud, False), ("compiled", minigrad, mud, True),
                                          ("torch", torch, tud, False)):
        loader = data_mod.DataLoader(_points_dataset(lib, data_mod, x, y), batch_size=5, shuffle=True)
        fns[name] = _epoch_fn(lib, _tiny(lib), loader=loader, compiled=compiled)
        loaders[name] = loader
    ref = MLP(TINY, slope=0.01)
    xs, ys = x.reshape(-1, 1), y.reshape(-1, 1)
    fns["numpy"] = lambda: ref.step(xs[np.random.permutation(5)], ys, 1e-3)
    res = compare(fns, number, repeat)
    rows += [row("training", "(a) tiny MLP, shuffled DataLoader over a custom Dataset", k, v, per="epochs")
             for k, v in res.items()]
    # the DataLoader's own cost: an epoch of batches and nothing else (the ceiling of (a))
    res = compare({name: (lambda loader=loaders[name]: [b for b in loader]) for name in ("minigrad", "torch")},
                  number, repeat)
    rows += [row("training", "(a') the DataLoader of (a) alone: batches, no step", k, v, per="epochs")
             for k, v in res.items()]

    fns = {name: _epoch_fn(lib, _tiny(lib), tensors=(lib.tensor(xs), lib.tensor(ys)), compiled=compiled)
           for name, lib, compiled in (("minigrad", minigrad, False), ("compiled", minigrad, True),
                                       ("torch", torch, False))}
    fns["numpy"] = lambda: ref.step(xs, ys, 1e-3)
    res = compare(fns, number, repeat)
    rows += [row("training", "(b) tiny MLP, one tensor batch", k, v, per="epochs") for k, v in res.items()]
    rows += _first_calls(xs, ys, 3 if quick else 15)

    # (c) 784-256-10 ReLU MLP, batch 256, cross-entropy, SGD
    xb = rng.standard_normal((256, 784)).astype(np.float32)
    yb = rng.integers(0, 10, 256)
    fns = {}
    for name, lib, compiled in (("minigrad", minigrad, False), ("compiled", minigrad, True), ("torch", torch, False)):
        nn = lib.nn
        lib.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        opt = lib.optim.SGD(model.parameters(), lr=0.01)
        loss_fn = nn.CrossEntropyLoss()
        X, Y = lib.tensor(xb), lib.tensor(yb)

        def step(X, Y, model=model, opt=opt, loss_fn=loss_fn):
            opt.zero_grad()
            loss_fn(model(X), Y).backward()
            opt.step()
        if compiled:
            step = lib.compile(step)
        fns[name] = (lambda step=step, X=X, Y=Y: step(X, Y))
    big = MLP([784, 256, 10])
    fns["numpy"] = lambda: big.step(xb, yb, 0.01, loss="ce")
    res = compare(fns, 3 if quick else 20, repeat)
    rows += [row("training", "(c) 784-256-10 MLP, batch 256", k, v, per="steps") for k, v in res.items()]

    # (d) 1,000 epochs of full-batch linear regression, 80 points
    xr = rng.random((80, 1))
    yr = 1 + 2 * xr + 0.1 * rng.standard_normal((80, 1))
    epochs = 100 if quick else 1000

    def fit(lib, compiled=False):
        def run_once():
            xt, yt = lib.tensor(xr), lib.tensor(yr)
            b = lib.tensor([0.5], dtype=lib.float64, requires_grad=True)
            w = lib.tensor([-0.1], dtype=lib.float64, requires_grad=True)
            opt = lib.optim.SGD([b, w], lr=0.1)

            def step():
                opt.zero_grad()
                ((b + w * xt - yt) ** 2).mean().backward()
                opt.step()
            if compiled:
                step = lib.compile(step)
            for _ in range(epochs):
                step()
        return run_once
    res = compare({"minigrad": fit(minigrad), "compiled": fit(minigrad, True), "torch": fit(torch),
                   "numpy": lambda: linear_regression(xr, yr, 0.1, epochs)}, 1, 3 if quick else 5)
    rows += [row("training", f"(d) linear regression, {epochs} full-batch epochs", k, v, unit="ms")
             for k, v in res.items()]

    # (e) the course's hand-written version (PyTorchStepByStep, chapter 1): float32 tensors b and w,
    # the update under no_grad, grad.zero_(); 80 points, full batch, timed per epoch
    xr32, yr32 = xr.astype(np.float32), yr.astype(np.float32)

    def by_hand(lib, compiled=False):
        lib.manual_seed(42)
        x_train, y_train = lib.as_tensor(xr32), lib.as_tensor(yr32)
        b = lib.randn(1, requires_grad=True, dtype=lib.float)
        w = lib.randn(1, requires_grad=True, dtype=lib.float)
        lr = 0.1

        def epoch():
            nonlocal b, w  # (module-level names in the course's script)
            yhat = b + w * x_train
            error = yhat - y_train
            loss = (error ** 2).mean()
            loss.backward()
            with lib.no_grad():
                b -= lr * b.grad
                w -= lr * w.grad
            b.grad.zero_()
            w.grad.zero_()
        return lib.compile(epoch) if compiled else epoch

    def numpy_epoch(state={"b": 0.5, "w": -0.1}):
        err = state["b"] + state["w"] * xr32 - yr32
        state["b"] -= 0.1 * 2 * err.mean()
        state["w"] -= 0.1 * 2 * (xr32 * err).mean()
    res = compare({"minigrad": by_hand(minigrad), "compiled": by_hand(minigrad, True), "torch": by_hand(torch),
                   "numpy": numpy_epoch}, number, repeat)
    rows += [row("training", "(e) linear regression by hand (no_grad update, grad.zero_()), 80 points", k, v,
                 per="epochs") for k, v in res.items()]
    return rows


def _first_calls(xs, ys, rounds):
    """(f) What compiling costs once, on fresh tiny MLPs (medians): the first call eagerly and compiled
    (a capture), the second call eagerly and compiled (the capture of the tape replayed from then on:
    the gradients exist now), and the first replay (its code is generated then)."""
    times = {k: [] for k in ("1st call, eager", "1st call, compiled", "2nd call, eager", "2nd call, compiled",
                             "3rd call, compiled")}
    for _ in range(rounds):
        xb, yb = minigrad.tensor(xs), minigrad.tensor(ys)
        for compiled in (False, True):
            step = _epoch_fn(minigrad, _tiny(minigrad), tensors=(xb, yb), compiled=compiled)
            for n in (1, 2, 3) if compiled else (1, 2):
                t = time.perf_counter()
                step()
                times[f"{('1st', '2nd', '3rd')[n - 1]} call, {'compiled' if compiled else 'eager'}"].append(
                    time.perf_counter() - t)
    case = "(f) tiny MLP, one-time costs of compile (fresh models)"
    return [row("training", case, impl, sorted(v)[rounds // 2]) for impl, v in times.items()]
