"""A LeNet-style convolutional network on the 8x8 handwritten digits that ship with scikit-learn:
two convolution + max-pooling stages and two fully connected layers, trained with Adam.
Draws the learning curve and the misclassified test digits (titled "predicted / true").

    python examples/lenet_digits.py          # about 99% test accuracy in a few seconds
    python examples/lenet_digits.py --fast   # fewer epochs (the test suite's run)
"""
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader, TensorDataset

from _common import run, pyplot, progress, save


def lenet(classes=10):
    """LeNet's layout for 8x8 inputs: conv 5x5 (padded) -> pool -> conv 3x3 -> pool -> two linear layers."""
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=5, padding=2), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),  # 16 x 4 x 4
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),  # 32 x 2 x 2
        nn.Flatten(), nn.Linear(32 * 2 * 2, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, classes))


def predict(model, x, batch=512):
    """Class predictions of ``model`` in evaluation mode."""
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[i:i + batch]).argmax(dim=1) for i in range(0, len(x), batch)])


def main(fast=False, out_dir="out", compile=False):
    """Train, report test accuracy, and write the learning curve and the misclassified digits."""
    digits = load_digits()
    images = (digits.images.astype(np.float32) / 16.0)[:, None]  # (N, 1, 8, 8), values in [0, 1]
    X_train, X_test, y_train, y_test = train_test_split(images, digits.target, test_size=0.25,
                                                        random_state=0, stratify=digits.target)
    mean, std = X_train.mean(), X_train.std()
    xt, yt = torch.as_tensor((X_train - mean) / std), torch.as_tensor(y_train)
    xs, ys = torch.as_tensor((X_test - mean) / std), torch.as_tensor(y_test)

    torch.manual_seed(0)
    model = lenet()
    epochs = 6 if fast else 20
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=8, gamma=0.3)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(xt, yt), batch_size=32, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    curve = {"epoch": [], "train_loss": [], "test_accuracy": []}

    def train_step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss
    if compile:  # captured on its first calls, replayed after (the last, smaller batch has its own tape)
        train_step = torch.compile(train_step)
    for epoch in progress(range(1, epochs + 1), "epochs"):
        model.train()
        total = 0.0
        for xb, yb in loader:
            total += train_step(xb, yb).item() * len(xb)
        scheduler.step()
        test_acc = (predict(model, xs) == ys).float().mean().item()
        curve["epoch"].append(epoch)
        curve["train_loss"].append(total / len(xt))
        curve["test_accuracy"].append(test_acc)

    pred = predict(model, xs).numpy()
    wrong = np.flatnonzero(pred != y_test)
    test_acc = curve["test_accuracy"][-1]
    print(f"{epochs} epochs: train loss {curve['train_loss'][-1]:.4f}, test accuracy {test_acc:.4f} "
          f"({len(wrong)} of {len(y_test)} test digits misclassified)")

    plt = pyplot(out_dir)
    fig, ax1 = plt.subplots(figsize=(6, 3.5))
    ax1.plot(curve["epoch"], curve["train_loss"], "o-", color="tab:blue")
    ax1.set_xlabel("epoch")
    ax1.set_ylabel("train loss", color="tab:blue")
    ax1.set_yscale("log")
    ax2 = ax1.twinx()
    ax2.plot(curve["epoch"], curve["test_accuracy"], "s-", color="tab:red")
    ax2.set_ylabel("test accuracy", color="tab:red")
    ax1.set_title(f"LeNet on scikit-learn digits: test accuracy {test_acc:.3f}")
    fig.tight_layout()
    curve_path = save(fig, out_dir, "lenet_digits_curve.png")

    shown = wrong[:24]
    cols = 8
    rows = max(1, -(-len(shown) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.2, rows * 1.45), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, i in zip(axes.ravel(), shown):
        ax.imshow(X_test[i, 0], cmap="gray_r")
        ax.set_title(f"{pred[i]} / {y_test[i]}", fontsize=9)
    fig.suptitle(f"misclassified test digits ({len(wrong)}), predicted / true"
                 if len(wrong) else "no misclassified test digits")
    fig.tight_layout()
    errors_path = save(fig, out_dir, "lenet_digits_errors.png")
    return {"test_accuracy": test_acc, "curve": curve, "misclassified": len(wrong),
            "figure": curve_path, "errors_figure": errors_path}


if __name__ == "__main__":
    run(main, __doc__)
