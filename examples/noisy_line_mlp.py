"""Fitting a noisy line with a 1-12-12-16-1 LeakyReLU MLP (L1 loss, shuffled DataLoader over a
custom Dataset): the validation curve shows the overfitting. Then a cubic polynomial fit.

    python examples/noisy_line_mlp.py
"""
import numpy as np

import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader, Dataset

from _common import run, pyplot, progress, save


class Points(Dataset):
    """(x, y) pairs served one at a time, as the course's custom Dataset."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return torch.tensor([self.x[i]]), torch.tensor([self.y[i]])


def mlp():
    """The 405-parameter network of the course notebook."""
    return nn.Sequential(nn.Linear(1, 12), nn.LeakyReLU(), nn.Linear(12, 12), nn.LeakyReLU(),
                         nn.Linear(12, 16), nn.LeakyReLU(), nn.Linear(16, 1))


def train(model, train_loader, val_data, epochs, lr, compile=False):
    """Adam on L1 loss; returns per-epoch train and validation losses."""
    loss_fn = nn.L1Loss()
    # Adam drives the 405 parameters through the 10 training points (SGD at this size stalls on a
    # smooth fit), so the validation loss visibly turns up as the network learns the noise
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    xv, yv = val_data

    def train_step(xb, yb):
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    def val_loss():
        with torch.no_grad():
            return loss_fn(model(xv), yv)
    if compile:  # captured on their first calls, replayed after: the same numbers, faster
        train_step, val_loss = torch.compile(train_step), torch.compile(val_loss)
    history = {"train": [], "val": []}
    for _ in progress(range(epochs), "epochs"):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            total += train_step(xb, yb).item() * len(xb)
        history["train"].append(total / len(train_loader.dataset))
        model.eval()
        history["val"].append(val_loss().item())
    return history


def main(fast=False, out_dir="out", compile=False):
    """Train the MLP on 10 noisy points of y = 2x + 1 and a cubic on 30; returns the losses."""
    rng = np.random.default_rng(0)
    x = np.linspace(-1, 1, 15).astype(np.float32)
    y = (2 * x + 1 + 0.3 * rng.standard_normal(15)).astype(np.float32)
    order = rng.permutation(15)
    tr, va = order[:10], order[10:]
    torch.manual_seed(0)
    model = mlp()
    n_params = sum(p.numel() for p in model.parameters())
    loader = DataLoader(Points(x[tr], y[tr]), batch_size=5, shuffle=True)
    val = (torch.tensor(x[va]).unsqueeze(1), torch.tensor(y[va]).unsqueeze(1))
    epochs = 300 if fast else 2000
    hist = train(model, loader, val, epochs, lr=0.003, compile=compile)
    best = int(np.argmin(hist["val"]))
    print(f"MLP ({n_params} parameters): final train L1 {hist['train'][-1]:.4f}, validation L1 "
          f"{hist['val'][-1]:.4f}; best validation {hist['val'][best]:.4f} at epoch {best + 1}")

    # a cubic polynomial y = a x^3 + b x^2 + c x + d, as a linear layer on powers of x
    xp = np.linspace(-2, 2, 30).astype(np.float32)
    yp = (xp ** 3 - xp + 0.2 * rng.standard_normal(30)).astype(np.float32)
    feats = torch.tensor(np.stack([xp ** 3, xp ** 2, xp], axis=1))
    poly = nn.Linear(3, 1)
    opt = torch.optim.Adam(poly.parameters(), lr=0.05)
    target = torch.tensor(yp).unsqueeze(1)

    def fit_step():
        opt.zero_grad()
        loss = nn.functional.mse_loss(poly(feats), target)
        loss.backward()
        opt.step()
    if compile:
        fit_step = torch.compile(fit_step)
    for _ in range(500 if fast else 1500):
        fit_step()
    coef = poly.weight.detach().reshape(-1).tolist() + [poly.bias.item()]
    powers = np.stack([xp ** 3, xp ** 2, xp, np.ones_like(xp)], axis=1).astype(np.float64)
    lstsq = np.linalg.lstsq(powers, yp.astype(np.float64), rcond=None)[0].tolist()
    print("cubic fit: a, b, c, d = " + ", ".join(f"{c:.3f}" for c in coef) + " (true 1, 0, -1, 0; "
          "least squares on these 30 points: " + ", ".join(f"{c:.3f}" for c in lstsq) + ")")

    plt = pyplot(out_dir)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.3))
    grid = torch.linspace(-1.2, 1.2, 100).unsqueeze(1)
    with torch.no_grad():
        axes[0].plot(grid.numpy(), model(grid).numpy(), label=f"MLP ({n_params} parameters)")
    axes[0].plot(grid.numpy(), 2 * grid.numpy() + 1, "k--", lw=1, label="true line y = 2x + 1")
    axes[0].scatter(x[tr], y[tr], label="training points")
    axes[0].scatter(x[va], y[va], label="validation points")
    axes[0].legend()
    axes[0].set_title(f"a noisy line fitted by an MLP after {epochs} epochs")
    axes[1].plot(range(1, epochs + 1), hist["train"], label="training")
    axes[1].plot(range(1, epochs + 1), hist["val"], label="validation")
    axes[1].axvline(best + 1, color="gray", ls=":", label=f"best validation (epoch {best + 1})")
    axes[1].set_yscale("log")
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("L1 loss (mean absolute error)")
    axes[1].legend()
    axes[1].set_title("overfitting: validation loss stops falling")
    with torch.no_grad():
        axes[2].plot(xp, poly(feats).numpy(), label="cubic fit a x³ + b x² + c x + d")
    axes[2].scatter(xp, yp, s=8, color="C1", label="data: y = x³ - x + noise")
    axes[2].legend()
    axes[2].set_title("a cubic polynomial as a linear layer on x³, x², x")
    for ax in (axes[0], axes[2]):
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    fig.tight_layout()
    figure = save(fig, out_dir, "noisy_line_mlp.png")
    return {"n_params": n_params, "train_loss": hist["train"][-1], "val_loss": hist["val"][-1],
            "best_val_epoch": best + 1, "best_val_loss": hist["val"][best], "cubic": coef, "cubic_lstsq": lstsq, "figure": figure}


if __name__ == "__main__":
    run(main, __doc__)
