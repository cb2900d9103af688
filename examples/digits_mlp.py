"""An MLP classifier (Flatten, Linear 256, ReLU, Linear 10, cross-entropy) on the 8x8 handwritten
digits that ship with scikit-learn, with test accuracy.

    python examples/digits_mlp.py
"""
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader, TensorDataset

from _common import run, pyplot, progress, save


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
    for _ in progress(range(5 if fast else 20), "epochs"):
        model.train()
        total = 0.0
        for xb, yb in loader:
            total += train_step(xb, yb).item() * len(xb)
        losses.append(total / len(xt))
    train_acc, test_acc = accuracy(model, xt, yt), accuracy(model, xs, ys)
    print(f"{len(losses)} epochs: train loss {losses[-1]:.4f}, train accuracy {train_acc:.3f}, "
          f"test accuracy {test_acc:.3f}")
    plt = pyplot(out_dir)
    with torch.no_grad():
        pred = model(xs).argmax(dim=1).numpy()
    wrong = [i for i in range(len(y_test)) if pred[i] != y_test[i]]
    # the first 16 test digits, then a row of misclassified ones
    shown = [list(range(16)), wrong[:8]]
    fig, axes = plt.subplots(3, 8, figsize=(9, 4.8))
    for row, indices in zip((axes[0:2].ravel(), axes[2]), (shown[0], shown[1])):
        for ax in row:
            ax.axis("off")
        for ax, i in zip(row, indices):
            ok = pred[i] == y_test[i]
            ax.axis("on")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.imshow(X_test[i], cmap="gray_r")
            ax.set_title(f"{pred[i]} / {y_test[i]}" + ("" if ok else "  wrong"), fontsize=10,
                         color="black" if ok else "red")
            for spine in ax.spines.values():
                spine.set_color("lightgray" if ok else "red")
                spine.set_linewidth(1 if ok else 2.5)
    axes[2, 0].set_ylabel("misclassified", fontsize=10)
    fig.suptitle(f"8x8 test digits, labelled predicted / true (wrong ones in red): "
                 f"{len(wrong)} of {len(y_test)} wrong, test accuracy {test_acc:.3f}", fontsize=11)
    fig.tight_layout()
    figure = save(fig, out_dir, "digits_mlp.png")
    return {"train_accuracy": train_acc, "test_accuracy": test_acc, "losses": losses, "figure": figure}


if __name__ == "__main__":
    run(main, __doc__)
