"""Gradient descent visualised: y = 1 + 2x + noise, the loss surface with descent paths for a
low, a high and a too-high learning rate, and the effect of standardising the feature.

    python examples/gradient_descent.py
"""
import numpy as np

import minigrad as torch

from _common import run, pyplot, save


def make_data():
    """The course's data: seed 42, 100 points, an 80/20 split of shuffled indices."""
    np.random.seed(42)
    x = np.random.rand(100, 1)
    y = 1 + 2 * x + .1 * np.random.randn(100, 1)
    idx = np.arange(100)
    np.random.shuffle(idx)
    return x[idx[:80]], y[idx[:80]], x[idx[80:]], y[idx[80:]]


def descend(x, y, lr, n_epochs, b0, w0, compile=False):
    """Full-batch gradient descent on MSE with autograd; returns (b, w, path of (b, w), losses)."""
    x_t, y_t = torch.tensor(x), torch.tensor(y)
    b = torch.tensor([b0], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)

    def epoch():
        nonlocal b, w
        loss = ((b + w * x_t - y_t) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            b -= lr * b.grad
            w -= lr * w.grad
        b.grad.zero_()
        w.grad.zero_()
        return loss
    if compile:  # captured on its first calls, replayed after: the same numbers, faster
        epoch = torch.compile(epoch)
    path, losses = [(b0, w0)], []
    for _ in range(n_epochs):
        loss = epoch()
        path.append((b.item(), w.item()))
        losses.append(loss.item())
    return b.item(), w.item(), np.array(path), losses


def loss_surface(x, y, bs, ws):
    """MSE over a grid of (b, w), vectorised."""
    B, W = np.meshgrid(bs, ws)
    pred = B[None] + W[None] * x.reshape(-1, 1, 1)
    return B, W, ((pred - y.reshape(-1, 1, 1)) ** 2).mean(axis=0)


def main(fast=False, out_dir="out", compile=False):
    """Train at lr 0.1 for 1,000 epochs (b ~ 1.0235, w ~ 1.9690), then compare learning rates."""
    x_train, y_train, _, _ = make_data()
    np.random.seed(42)
    b0, w0 = float(np.random.randn(1)[0]), float(np.random.randn(1)[0])
    b, w, path, losses = descend(x_train, y_train, 0.1, 1000, b0, w0, compile)
    print(f"lr 0.1, 1000 epochs: b = {b:.4f}, w = {w:.4f}, MSE {losses[-1]:.5f}")
    epochs = 20 if fast else 60
    runs = {lr: descend(x_train, y_train, lr, epochs, b0, w0, compile) for lr in (0.1, 0.6, 1.1)}
    x_std = (x_train - x_train.mean()) / x_train.std()
    std_run = descend(x_std, y_train, 0.1, epochs, b0, w0, compile)

    plt = pyplot(out_dir)
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
    names = {0.1: "low (0.1)", 0.6: "high (0.6)", 1.1: "too high (1.1)"}
    B, W, L = loss_surface(x_train, y_train, np.linspace(-2, 4, 121), np.linspace(-2, 5, 141))
    axes[0].contour(B, W, L, levels=np.logspace(-2, 1.5, 15), cmap="viridis")
    for lr, (_, _, p, _) in runs.items():
        shown = p[:6] if lr > 1 else p  # a diverging path leaves the plot within a few steps
        axes[0].plot(shown[:, 0], shown[:, 1], ".-", ms=4, label=f"lr {names[lr]}")
    axes[0].set_title(f"MSE over (b, w), raw x: a long narrow valley\n(descent paths, {epochs} epochs)")
    # with x standardised the bowl is round: w is no longer much more sensitive than b
    Bs, Ws, Ls = loss_surface(x_std, y_train, np.linspace(-2, 4, 121), np.linspace(-2, 5, 141))
    axes[1].contour(Bs, Ws, Ls, levels=np.logspace(-2, 1.5, 15), cmap="viridis")
    axes[1].plot(std_run[2][:, 0], std_run[2][:, 1], ".-", ms=4, color="C3", label="lr 0.1")
    axes[1].set_title(f"MSE over (b, w), standardised x: a round bowl\n(descent path, {epochs} epochs)")
    for ax in axes[:2]:
        ax.set_xlim(-2, 4)
        ax.set_ylim(-2, 5)
        ax.set_xlabel("b (intercept)")
        ax.set_ylabel("w (slope)")
        ax.legend(loc="upper right")
    for lr, (_, _, _, ls) in runs.items():
        axes[2].plot(ls, label=f"lr {names[lr]}")
    axes[2].plot(std_run[3], "--", label="lr 0.1, standardised x")
    axes[2].set_yscale("log")
    axes[2].set_xlabel("epoch")
    axes[2].set_ylabel("training MSE (log scale)")
    axes[2].set_title("training loss per epoch")
    axes[2].legend()
    fig.suptitle("gradient descent on y = 1 + 2x + noise: learning rates and feature scaling")
    fig.tight_layout()
    figure = save(fig, out_dir, "gradient_descent.png")
    final = {lr: r[3][-1] for lr, r in runs.items()}
    print(f"after {epochs} epochs: " + ", ".join(f"lr {lr}: MSE {v:.4g}" for lr, v in final.items())
          + f"; standardised x at lr 0.1: MSE {std_run[3][-1]:.4g}")
    return {"b": b, "w": w, "final_loss_by_lr": final, "standardised_loss": std_run[3][-1], "figure": figure}


if __name__ == "__main__":
    run(main, __doc__)
