"""An MLP classifier (Flatten, Linear 256, ReLU, Linear 10, cross-entropy) on the 8x8 handwritten
digits that ship with scikit-learn, with test accuracy.

    python examples/digits_mlp.py
"""
import os

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader, TensorDataset

from _common import run, pyplot


def accuracy(model, x, y):
    """Fraction of correct argmax predictions."""
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def main(fast=False, out_dir="out", compile=False):
    """Train for a few epochs; returns train/test accuracy and the loss history."""
    digits = load_digits()
    images = digits.images.astype(np.float32) / 16.0
    X_train, X_test, y_train, y_test = train_test_split(images, digits.target, test_size=0.25, random_state=0)
    xt, yt = torch.as_tensor(X_train), torch.as_tensor(y_train)
    xs, ys = torch.as_tensor(X_test), torch.as_tensor(y_test)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(xt, yt), batch_size=64, shuffle=True)
    losses = []

    def train_step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss
    if compile:  # captured on its first calls, replayed after (the last, smaller batch has its own tape)
        train_step = torch.compile(train_step)
    for _ in range(5 if fast else 20):
        model.train()
        total = 0.0
        for xb, yb in loader:
            total += train_step(xb, yb).item() * len(xb)
        losses.append(total / len(xt))
    train_acc, test_acc = accuracy(model, xt, yt), accuracy(model, xs, ys)
    print(f"{len(losses)} epochs: train loss {losses[-1]:.4f}, train accuracy {train_acc:.3f}, "
          f"test accuracy {test_acc:.3f}")
    plt = pyplot(out_dir)
    fig, axes = plt.subplots(2, 8, figsize=(10, 3))
    with torch.no_grad():
        pred = model(xs[:16]).argmax(dim=1).tolist()
    for ax, img, p in zip(axes.ravel(), X_test[:16], pred):
        ax.imshow(img, cmap="gray_r")
        ax.set_title(str(p))
        ax.axis("off")
    fig.suptitle(f"predictions (test accuracy {test_acc:.3f})")
    fig.tight_layout()
    figure = os.path.join(out_dir, "digits_mlp.png")
    fig.savefig(figure)
    plt.close(fig)
    return {"train_accuracy": train_acc, "test_accuracy": test_acc, "losses": losses, "figure": figure}


if __name__ == "__main__":
    run(main, __doc__)
