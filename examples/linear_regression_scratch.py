"""Linear regression from scratch: synthetic data, a hand-written minibatch iterator,
SGD by hand under no_grad, compared with the closed-form least-squares solution.

    python examples/linear_regression_scratch.py
"""
import random

import numpy as np

import minigrad as torch

from _common import run, pyplot, save


def synthetic_data(w, b, num_examples):
    """y = Xw + b + noise."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels):
    """Shuffled minibatches, written by hand."""
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


def linreg(X, w, b):
    """The linear model."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    """Half squared error per example."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent, by hand."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def main(fast=False, out_dir="out", compile=False):
    """Fit w, b by SGD and by the closed form; returns both and the errors."""
    torch.manual_seed(0)
    random.seed(0)
    true_w, true_b = torch.tensor([2, -3.4]), 4.2
    features, labels = synthetic_data(true_w, true_b, 1000)
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr, batch_size = 0.03, 10
    num_epochs = 2 if fast else 3
    losses = []

    def train_batch(X, y):
        loss = squared_loss(linreg(X, w, b), y)
        loss.sum().backward()
        sgd([w, b], lr, batch_size)
    if compile:  # captured on its first calls, replayed after: the same numbers, faster
        train_batch = torch.compile(train_batch)
    for epoch in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            train_batch(X, y)
        with torch.no_grad():
            train_l = squared_loss(linreg(features, w, b), labels)
            losses.append(float(train_l.mean()))
            print(f"epoch {epoch + 1}, loss {losses[-1]:f}")
    # closed form: w* = (X^T X)^-1 X^T y with a column of ones for b
    Xb = torch.cat([features, torch.ones(len(features), 1)], dim=1).numpy().astype("float64")
    closed = np.linalg.solve(Xb.T @ Xb, Xb.T @ labels.numpy().astype("float64")).ravel()
    result = {"w": w.detach().reshape(-1).tolist(), "b": b.item(), "closed_w": closed[:2].tolist(),
              "closed_b": float(closed[2]), "losses": losses}
    print(f"SGD:         w = {result['w']}, b = {result['b']:.4f}")
    print(f"closed form: w = {result['closed_w']}, b = {result['closed_b']:.4f}")
    print(f"error in w: {(true_w - w.reshape(true_w.shape)).tolist()}, error in b: {true_b - b.item():.5f}")
    plt = pyplot(out_dir)
    fig, (ax_data, ax_loss) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax_data.scatter(features[:, 1].numpy(), labels.numpy().ravel(), s=2, label="examples")
    ax_data.set_xlabel("feature x2")
    ax_data.set_ylabel("label y")
    ax_data.set_title("synthetic data y = 2 x1 - 3.4 x2 + 4.2 + noise,\nagainst x2 (x1 varies too)")
    ax_data.legend()
    ax_loss.plot(range(1, num_epochs + 1), losses, "o-", label="SGD, after each epoch")
    closed_loss = float(((Xb @ closed - labels.numpy().ravel()) ** 2 / 2).mean())
    ax_loss.axhline(closed_loss, color="k", ls="--", label="closed-form least squares")
    ax_loss.set_yscale("log")
    ax_loss.set_xticks(range(1, num_epochs + 1))
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss (half squared error)")
    ax_loss.set_title("training loss")
    ax_loss.legend()
    fig.tight_layout()
    result["figure"] = save(fig, out_dir, "linear_regression_scratch.png")
    return result


if __name__ == "__main__":
    run(main, __doc__)
