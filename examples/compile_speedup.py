"""Compiling the course's training steps: the same numbers, several times faster.

``torch.compile(step)`` (here minigrad's) captures a whole training step on
its first calls (forward, backward, optimizer update) and then replays it as
straight array calls. This script trains three of the course's models twice,
eagerly and compiled, from the same seed, checks that the parameters come out
bit for bit the same, and prints and draws the epochs per second of each.

    python examples/compile_speedup.py          # about a minute
    python examples/compile_speedup.py --fast   # a tenth of the epochs (the test suite's run)
"""
import time

import numpy as np

import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader, TensorDataset

from _common import run, pyplot, progress, save


def linear_regression_by_hand(compiled, epochs):
    """PyTorchStepByStep, chapter 1: b and w as tensors, the update by hand under no_grad."""
    rng = np.random.default_rng(42)
    x = rng.random((80, 1)).astype(np.float32)
    y = (1 + 2 * x + 0.1 * rng.standard_normal((80, 1))).astype(np.float32)
    x_train, y_train = torch.as_tensor(x), torch.as_tensor(y)
    torch.manual_seed(42)
    b = torch.randn(1, requires_grad=True, dtype=torch.float)
    w = torch.randn(1, requires_grad=True, dtype=torch.float)
    lr = 0.1

    def epoch():
        nonlocal b, w
        yhat = b + w * x_train
        loss = ((yhat - y_train) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            b -= lr * b.grad
            w -= lr * w.grad
        b.grad.zero_()
        w.grad.zero_()
    if compiled:
        epoch = torch.compile(epoch)
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    return time.perf_counter() - start, [b, w]


def _train(model, optimizer, loss_fn, loader, compiled, epochs):
    """The course's training step over ``loader`` for ``epochs`` (compiled or not): seconds and parameters."""
    def train_step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss
    if compiled:
        train_step = torch.compile(train_step)
    start = time.perf_counter()
    for _ in range(epochs):
        for xb, yb in loader:
            train_step(xb, yb)
    return time.perf_counter() - start, list(model.parameters())


def noisy_line_mlp(compiled, epochs):
    """The 405-parameter LeakyReLU MLP on 10 points, L1 loss, SGD, a shuffled DataLoader."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (10, 1)).astype(np.float32)
    y = (2 * x + 1 + 0.3 * rng.standard_normal((10, 1))).astype(np.float32)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 12), nn.LeakyReLU(), nn.Linear(12, 12), nn.LeakyReLU(),
                          nn.Linear(12, 16), nn.LeakyReLU(), nn.Linear(16, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.L1Loss()
    loader = DataLoader(TensorDataset(torch.as_tensor(x), torch.as_tensor(y)), batch_size=5, shuffle=True)
    return _train(model, optimizer, loss_fn, loader, compiled, epochs)


def classifier_mlp(compiled, epochs):
    """A 64-128-10 ReLU MLP with cross-entropy and Adam on random 8x8 'images' (batches of 32)."""
    rng = np.random.default_rng(1)
    images = torch.as_tensor(rng.random((256, 64)).astype(np.float32))
    labels = torch.as_tensor(rng.integers(0, 10, 256))
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(images, labels), batch_size=32, shuffle=True)
    return _train(model, optimizer, loss_fn, loader, compiled, epochs)


def main(fast=False, out_dir="out"):
    """Each model eagerly and compiled; returns {"speeds": {name: {"eager", "compiled" (epochs/s),
    "identical" (parameters bit for bit)}}, "figure": path}."""
    cases = [("linear regression by hand", linear_regression_by_hand, 2000 if fast else 20000),
             ("tiny MLP with a DataLoader", noisy_line_mlp, 300 if fast else 3000),
             ("classifier MLP with Adam", classifier_mlp, 5 if fast else 40)]
    speeds = {}
    for name, train, epochs in progress(cases, "models"):
        eager_time, eager_params = train(False, epochs)
        compiled_time, compiled_params = train(True, epochs)
        same = all(np.array_equal(a.detach().numpy(), b.detach().numpy())
                   for a, b in zip(eager_params, compiled_params))
        speeds[name] = {"eager": epochs / eager_time, "compiled": epochs / compiled_time, "identical": same}
        print(f"{name:28s} eager {epochs / eager_time:9.0f} epochs/s, compiled {epochs / compiled_time:9.0f} "
              f"epochs/s: {eager_time / compiled_time:4.1f}x faster, parameters "
              f"{'identical' if same else 'DIFFERENT'}")

    plt = pyplot(out_dir)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    rows = np.arange(len(speeds))
    eager = [s["eager"] for s in speeds.values()]
    compiled = [s["compiled"] for s in speeds.values()]
    ax.barh(rows - 0.2, eager, height=0.4, color="tab:gray", label="eager")
    ax.barh(rows + 0.2, compiled, height=0.4, color="tab:blue", label="compiled (torch.compile)")
    for row, (name, s) in zip(rows, speeds.items()):
        ax.text(s["compiled"] * 1.05, row + 0.2, f"{s['compiled'] / s['eager']:.1f}x"
                + ("" if s["identical"] else ", parameters DIFFER"), va="center", fontsize=9)
    ax.set_yticks(rows, list(speeds))
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(right=max(compiled) * 3)
    ax.set_xlabel("training speed (epochs per second, log scale)")
    ax.set_title("The same training, eager and compiled (labels: speed-up)")
    ax.legend(loc="lower right", fontsize=9)
    fig.tight_layout()
    figure = save(fig, out_dir, "compile_speedup.png")
    return {"speeds": speeds, "figure": figure}

if __name__ == "__main__":
    run(main, __doc__)
