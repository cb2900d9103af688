"""Training throughput: minigrad against PyTorch and hand-written NumPy, same models, same data."""
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


def _epoch_fn(lib, model, loader=None, tensors=None):
    loss_fn = lib.nn.L1Loss()
    opt = lib.optim.SGD(model.parameters(), lr=1e-3)

    def step(xb, yb):
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()
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
    fns = {}
    for name, lib, data_mod in (("minigrad", minigrad, mud), ("torch", torch, tud)):
        loader = data_mod.DataLoader(_points_dataset(lib, data_mod, x, y), batch_size=5, shuffle=True)
        fns[name] = _epoch_fn(lib, _tiny(lib), loader=loader)
    ref = MLP(TINY, slope=0.01)
    xs, ys = x.reshape(-1, 1), y.reshape(-1, 1)
    fns["numpy"] = lambda: ref.step(xs[np.random.permutation(5)], ys, 1e-3)
    res = compare(fns, number, repeat)
    rows += [row("training", "(a) tiny MLP, shuffled DataLoader over a custom Dataset", k, v, per="epochs")
             for k, v in res.items()]

    fns = {name: _epoch_fn(lib, _tiny(lib), tensors=(lib.tensor(xs), lib.tensor(ys)))
           for name, lib in (("minigrad", minigrad), ("torch", torch))}
    fns["numpy"] = lambda: ref.step(xs, ys, 1e-3)
    res = compare(fns, number, repeat)
    rows += [row("training", "(b) tiny MLP, one tensor batch", k, v, per="epochs") for k, v in res.items()]

    # (c) 784-256-10 ReLU MLP, batch 256, cross-entropy, SGD
    xb = rng.standard_normal((256, 784)).astype(np.float32)
    yb = rng.integers(0, 10, 256)
    fns = {}
    for name, lib in (("minigrad", minigrad), ("torch", torch)):
        nn = lib.nn
        lib.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        opt = lib.optim.SGD(model.parameters(), lr=0.01)
        loss_fn = nn.CrossEntropyLoss()
        X, Y = lib.tensor(xb), lib.tensor(yb)

        def step(model=model, opt=opt, loss_fn=loss_fn, X=X, Y=Y):
            opt.zero_grad()
            loss_fn(model(X), Y).backward()
            opt.step()
        fns[name] = step
    big = MLP([784, 256, 10])
    fns["numpy"] = lambda: big.step(xb, yb, 0.01, loss="ce")
    res = compare(fns, 3 if quick else 20, repeat)
    rows += [row("training", "(c) 784-256-10 MLP, batch 256", k, v, per="steps") for k, v in res.items()]

    # (d) 1,000 epochs of full-batch linear regression, 80 points
    xr = rng.random((80, 1))
    yr = 1 + 2 * xr + 0.1 * rng.standard_normal((80, 1))
    epochs = 100 if quick else 1000

    def fit(lib):
        def run_once():
            xt, yt = lib.tensor(xr), lib.tensor(yr)
            b = lib.tensor([0.5], dtype=lib.float64, requires_grad=True)
            w = lib.tensor([-0.1], dtype=lib.float64, requires_grad=True)
            opt = lib.optim.SGD([b, w], lr=0.1)
            for _ in range(epochs):
                opt.zero_grad()
                ((b + w * xt - yt) ** 2).mean().backward()
                opt.step()
        return run_once
    res = compare({"minigrad": fit(minigrad), "torch": fit(torch),
                   "numpy": lambda: linear_regression(xr, yr, 0.1, epochs)}, 1, 3 if quick else 5)
    rows += [row("training", f"(d) linear regression, {epochs} full-batch epochs", k, v, unit="ms")
             for k, v in res.items()]

    # (e) the course's hand-written version (PyTorchStepByStep, chapter 1): float32 tensors b and w,
    # the update under no_grad, grad.zero_(); 80 points, full batch, timed per epoch
    xr32, yr32 = xr.astype(np.float32), yr.astype(np.float32)

    def by_hand(lib):
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
        return epoch

    def numpy_epoch(state={"b": 0.5, "w": -0.1}):
        err = state["b"] + state["w"] * xr32 - yr32
        state["b"] -= 0.1 * 2 * err.mean()
        state["w"] -= 0.1 * 2 * (xr32 * err).mean()
    res = compare({"minigrad": by_hand(minigrad), "torch": by_hand(torch), "numpy": numpy_epoch},
                  number, repeat)
    rows += [row("training", "(e) linear regression by hand (no_grad update, grad.zero_()), 80 points", k, v,
                 per="epochs") for k, v in res.items()]
    return rows
