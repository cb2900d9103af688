"""Logistic regression on two interleaving half-moons with BCEWithLogitsLoss: decision boundary,
confusion matrix and accuracy.

    python examples/logistic_moons.py
"""
import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader, TensorDataset

from _common import run, pyplot, save


def confusion(y_true, y_pred):
    """2x2 confusion matrix [[TN, FP], [FN, TP]]."""
    m = np.zeros((2, 2), dtype=int)
    for t, p in zip(y_true, y_pred):
        m[int(t), int(p)] += 1
    return m


def main(fast=False, out_dir="out", compile=False):
    """Train a logistic regression on 100 moons points; returns accuracies and the confusion matrix."""
    X, y = make_moons(n_samples=100, noise=0.3, random_state=0)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=.2, random_state=13)
    sc = StandardScaler().fit(X_train)
    X_train, X_val = sc.transform(X_train), sc.transform(X_val)
    torch.manual_seed(42)
    xt, yt = torch.as_tensor(X_train).float(), torch.as_tensor(y_train.reshape(-1, 1)).float()
    xv, yv = torch.as_tensor(X_val).float(), torch.as_tensor(y_val.reshape(-1, 1)).float()
    loader = DataLoader(TensorDataset(xt, yt), batch_size=16, shuffle=True)
    model = nn.Sequential(nn.Linear(2, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.BCEWithLogitsLoss()

    def train_step(xb, yb):
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()
    if compile:  # captured on its first calls, replayed after (the last, smaller batch has its own tape)
        train_step = torch.compile(train_step)
    for _ in range(30 if fast else 100):
        for xb, yb in loader:
            train_step(xb, yb)
    model.eval()
    with torch.no_grad():
        p_train = torch.sigmoid(model(xt))
        p_val = torch.sigmoid(model(xv))
    acc_train = ((p_train >= .5).float() == yt).float().mean().item()
    acc_val = ((p_val >= .5).float() == yv).float().mean().item()
    cm = confusion(y_val, (p_val >= .5).numpy().ravel())
    print(f"accuracy: train {acc_train:.2f}, validation {acc_val:.2f}")
    print(f"validation confusion matrix [[TN, FP], [FN, TP]]: {cm.tolist()}")
    w = model[0].weight.detach().numpy().ravel()
    b = model[0].bias.item()
    print(f"decision boundary: {w[0]:.3f} x1 {w[1]:+.3f} x2 {b:+.3f} = 0")

    plt = pyplot(out_dir)
    fig, (ax, ax_cm) = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1.45, 1]})
    g1, g2 = np.meshgrid(np.linspace(-3, 3, 200), np.linspace(-3, 3, 200))
    grid = torch.as_tensor(np.c_[g1.ravel(), g2.ravel()]).float()
    with torch.no_grad():
        probs = torch.sigmoid(model(grid)).numpy().reshape(g1.shape)
    # a pale background for the predicted probability, strong colours and two marker shapes for the classes
    shading = ax.contourf(g1, g2, probs, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.3)
    fig.colorbar(shading, ax=ax, label="predicted P(class 1)")
    boundary = ax.contour(g1, g2, probs, levels=[0.5], colors="k", linewidths=1.5)
    styles = {0: dict(color="tab:blue", marker="o"), 1: dict(color="tab:red", marker="^")}
    for cls, style in styles.items():
        ax.scatter(*X_train[y_train == cls].T, s=28, edgecolors="white", linewidths=0.5,
                   label=f"class {cls}, training", **style)
        ax.scatter(*X_val[y_val == cls].T, s=60, edgecolors="black", linewidths=1.2,
                   label=f"class {cls}, validation", **style)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(boundary.legend_elements()[0][0])
    labels.append("decision boundary (P = 0.5)")
    ax.legend(handles, labels, loc="lower left", fontsize=8, framealpha=0.9)
    ax.set_xlim(-3, 3)
    ax.set_ylim(-3, 3)
    ax.set_xlabel("feature x1 (standardised)")
    ax.set_ylabel("feature x2 (standardised)")
    ax.set_title(f"logistic regression on two moons: validation accuracy {acc_val:.2f}")
    ax_cm.imshow(cm, cmap="Blues")
    for (i, j), count in np.ndenumerate(cm):
        ax_cm.text(j, i, str(count), ha="center", va="center", fontsize=14,
                   color="white" if count > cm.max() / 2 else "black")
    ax_cm.set_xticks([0, 1], ["class 0", "class 1"])
    ax_cm.set_yticks([0, 1], ["class 0", "class 1"])
    ax_cm.set_xlabel("predicted class")
    ax_cm.set_ylabel("true class")
    ax_cm.set_title(f"validation confusion matrix ({len(y_val)} points)")
    fig.tight_layout()
    figure = save(fig, out_dir, "logistic_moons.png")
    return {"train_accuracy": acc_train, "val_accuracy": acc_val, "confusion": cm.tolist(), "figure": figure}


if __name__ == "__main__":
    run(main, __doc__)
