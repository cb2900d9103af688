""""What is torch.nn really?", part one, on MNIST-shaped synthetic data: ``map(torch.tensor, ...)``
of NumPy arrays, hand-made weights with ``requires_grad_()``, a hand-written ``log_softmax`` and
``nll`` indexing with ``range``, the manual loop updating under ``torch.no_grad()``, then
``F.cross_entropy``, an ``nn.Module`` with ``nn.Parameter``, ``nn.Linear``, ``optim.SGD``,
``TensorDataset`` slicing and ``DataLoader`` batches, and validation under ``model.eval()``."""
import math
import numpy as np
import torch

rng = np.random.RandomState(0)
proj = rng.randn(784, 10).astype(np.float32)
def make(n):
    x = (rng.rand(n, 784) * (rng.rand(n, 784) < 0.15)).astype(np.float32)
    y = (x @ proj).argmax(1).astype(np.int64)
    return x, y
x_train, y_train = make(640)
x_valid, y_valid = make(256)
torch.manual_seed(0)

x_train, y_train, x_valid, y_valid = map(torch.tensor, (x_train, y_train, x_valid, y_valid))
n, c = x_train.shape
print(x_train, y_train)
print(x_train.shape, x_train.dtype, y_train.dtype, n, c)
print(y_train.min(), y_train.max())

weights = torch.randn(784, 10) / math.sqrt(784)
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)
print(weights.is_leaf, weights.requires_grad, bias)

def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)

def model(xb):
    return log_softmax(xb @ weights + bias)

bs = 64
xb = x_train[0:bs]
preds = model(xb)
print(preds[0], preds.shape)

def nll(input, target):
    return -input[range(target.shape[0]), target].mean()

loss_func = nll
yb = y_train[0:bs]
print(loss_func(preds, yb))

def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()

print(accuracy(preds, yb))

lr = 0.5
epochs = 2
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
print(f"{loss_func(model(xb), yb).item():.4f}", accuracy(model(xb), yb))
print(weights.grad.abs().sum(), bias.grad, weights.requires_grad, weights.grad_fn)

import torch.nn.functional as F
loss_func = F.cross_entropy

def model(xb):
    return xb @ weights + bias

print(f"{loss_func(model(xb), yb).item():.4f}", accuracy(model(xb), yb))
print(type(loss_func(model(xb), yb).grad_fn).__name__, model(xb).grad_fn.name())

from torch import nn

class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(784, 10) / math.sqrt(784))
        self.bias = nn.Parameter(torch.zeros(10))

    def forward(self, xb):
        return xb @ self.weights + self.bias

model = Mnist_Logistic()
print(model, [name for name, _ in model.named_parameters()])
print(f"{loss_func(model(xb), yb).item():.4f}")

def fit():
    for epoch in range(epochs):
        for i in range((n - 1) // bs + 1):
            start_i = i * bs
            end_i = start_i + bs
            xb = x_train[start_i:end_i]
            yb = y_train[start_i:end_i]
            pred = model(xb)
            loss = loss_func(pred, yb)
            loss.backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= p.grad * lr
                model.zero_grad()

fit()
print(f"{loss_func(model(xb), yb).item():.4f}", [p.grad for p in model.parameters()])

class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(784, 10)

    def forward(self, xb):
        return self.lin(xb)

model = Mnist_Logistic()
print(model, model.lin.weight.shape, model.lin.bias[:3])
print(f"{loss_func(model(xb), yb).item():.4f}")
fit()
print(f"{loss_func(model(xb), yb).item():.4f}")

from torch import optim

def get_model():
    model = Mnist_Logistic()
    return model, optim.SGD(model.parameters(), lr=lr)

model, opt = get_model()
print(opt)
print(f"{loss_func(model(xb), yb).item():.4f}")
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
print(f"{loss_func(model(xb), yb).item():.4f}", model.lin.weight.grad)

from torch.utils.data import TensorDataset
train_ds = TensorDataset(x_train, y_train)
print(len(train_ds), train_ds[0][0].shape, train_ds[0][1], train_ds[3:5][1])
model, opt = get_model()
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        xb, yb = train_ds[i * bs: i * bs + bs]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
print(f"{loss_func(model(xb), yb).item():.4f}")

from torch.utils.data import DataLoader
train_dl = DataLoader(train_ds, batch_size=bs)
print(len(train_dl), train_dl.batch_size, train_dl.drop_last)
model, opt = get_model()
for epoch in range(epochs):
    for xb, yb in train_dl:
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
print(f"{loss_func(model(xb), yb).item():.4f}")

train_ds = TensorDataset(x_train, y_train)
train_dl = DataLoader(train_ds, batch_size=bs, shuffle=True)
valid_ds = TensorDataset(x_valid, y_valid)
valid_dl = DataLoader(valid_ds, batch_size=bs * 2)
model, opt = get_model()
for epoch in range(epochs):
    model.train()
    for xb, yb in train_dl:
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
    model.eval()
    with torch.no_grad():
        valid_loss = sum(loss_func(model(xb), yb) for xb, yb in valid_dl)
    print(epoch, f"{(valid_loss / len(valid_dl)).item():.4f}", type(valid_loss).__name__, valid_loss.requires_grad, model.training)
print(next(iter(train_dl))[1][:8])
