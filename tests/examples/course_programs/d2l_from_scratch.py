"""A course's regressions from scratch: synthetic data from torch.normal, a shuffled batch
generator indexing with tensors of indices, hand-written SGD under no_grad, softmax and
cross-entropy by hand (``y_hat[range(n), y]``) and accuracy with NumPy-style ``axis=``."""
import random

import numpy as np
import torch

torch.manual_seed(0)
random.seed(0)
true_w, true_b = torch.tensor([2, -3.4]), 4.2
features = torch.normal(0, 1, (1000, len(true_w)))
labels = torch.matmul(features, true_w) + true_b
labels += torch.normal(0, 0.01, labels.shape)
labels = labels.reshape((-1, 1))
print('features:', features[0].shape, '\nlabel:', labels[0].shape, features.dtype)


def batches(batch_size, x, y):
    order = list(range(len(x)))
    random.shuffle(order)
    for start in range(0, len(x), batch_size):
        picked = torch.tensor(order[start:start + batch_size])
        yield x[picked], y[picked]


w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    for xb, yb in batches(10, features, labels):
        loss = (torch.matmul(xb, w) + b - yb.reshape(-1, 1)) ** 2 / 2
        loss.sum().backward()
        with torch.no_grad():
            for param in (w, b):
                param -= 0.03 * param.grad / 10
                param.grad.zero_()
    with torch.no_grad():
        train_loss = ((torch.matmul(features, w) + b - labels) ** 2 / 2).mean()
        print(f'epoch {epoch + 1}, loss below 0.01: {float(train_loss) < 0.01}')
print(f'w recovered: {(true_w - w.reshape(true_w.shape)).abs().max().item() < 0.01}')
print(f'b recovered: {abs(true_b - b.item()) < 0.01}')

X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(X.sum(0, keepdim=True), X.sum(1, keepdim=True))


def softmax(logits):
    exps = torch.exp(logits)
    return exps / exps.sum(1, keepdim=True)


probs = softmax(torch.normal(0, 1, (2, 5)))
print(probs.shape, torch.allclose(probs.sum(1), torch.ones(2)))
y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


def correct(y_hat, y):
    if y_hat.ndim > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    return float((y_hat.type(y.dtype) == y).type(y.dtype).sum())


print(cross_entropy(y_hat, y), correct(y_hat, y) / len(y))
W = torch.normal(0, 0.01, size=(16, 3), requires_grad=True)
b = torch.zeros(3, requires_grad=True)
rng = np.random.default_rng(0)
centers = rng.normal(size=(3, 16)) * 2
classes = rng.integers(0, 3, 300)
data = torch.tensor(centers[classes] + rng.normal(size=(300, 16)), dtype=torch.float32)
target = torch.tensor(classes)
for epoch in range(10):
    totals = np.zeros(3)
    for i in range(0, 300, 30):
        xb, yb = data[i:i + 30], target[i:i + 30]
        y_hat = softmax(torch.matmul(xb.reshape((-1, W.shape[0])), W) + b)
        loss = cross_entropy(y_hat, yb)
        loss.mean().backward()
        with torch.no_grad():
            W -= 0.1 * W.grad
            b -= 0.1 * b.grad
            W.grad.zero_()
            b.grad.zero_()
        totals += (loss.sum().item(), correct(y_hat, yb), yb.numel())
print("train accuracy above 0.9:", totals[1] / totals[2] > 0.9)
print(torch.sum(data, axis=0).shape, data.mean(axis=0, keepdims=True).shape)
