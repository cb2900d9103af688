"""PyTorch's "Learn the Basics": "Automatic Differentiation" (``binary_cross_entropy_with_logits``,
grad_fn names, ``requires_grad`` under ``torch.no_grad()`` and after ``detach()``, the Jacobian-vector
products of ``out.backward(torch.ones_like(out), retain_graph=True)`` accumulating until
``inp.grad.zero_()``), "Optimization" (hyperparameters, ``train_loop``/``test_loop`` with
``model.train()``/``model.eval()``), and "Save and Load the Model" (the state dict with
``weights_only=True``; the tutorial's ``torch.save(model, ...)`` of the whole module is left
out: minigrad pickles nothing and refuses it, a documented difference)."""
import os
import tempfile
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w)+b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z,y)
print(f"Gradient function for z = {type(z.grad_fn).__name__}")
print(f"Gradient function for loss = {type(loss.grad_fn).__name__}")
print(z, loss)
loss.backward()
print(w.grad)
print(b.grad)
try:
    loss.backward()
except RuntimeError as e:
    print("RuntimeError", str(e).split(".")[0])

z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)

z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad, z_det.grad_fn, z_det.is_leaf)

inp = torch.eye(4, 5, requires_grad=True)
out = (inp+1).pow(2).t()
print(out, out.shape)
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")
try:
    out.backward()
except RuntimeError as e:
    print("RuntimeError:", e)

# Optimization
rng = np.random.RandomState(0)
images = (rng.rand(160, 1, 28, 28) * (rng.rand(160, 1, 28, 28) < 0.3)).astype(np.float32)
labels = (images.reshape(160, -1) @ rng.randn(784, 10)).argmax(1)
training_data = TensorDataset(torch.from_numpy(images[:128]), torch.from_numpy(labels[:128]))
test_data = TensorDataset(torch.from_numpy(images[128:]), torch.from_numpy(labels[128:]))
train_dataloader = DataLoader(training_data, batch_size=64)
test_dataloader = DataLoader(test_data, batch_size=64)

class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 64),
            nn.ReLU(),
            nn.Linear(64, 64),
            nn.ReLU(),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits

model = NeuralNetwork()
learning_rate = 1e-1
batch_size = 64
epochs = 3
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
print(loss_fn, loss_fn.reduction, optimizer.defaults["lr"], optimizer.param_groups[0]["params"][0].shape)

def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)

        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

        if batch % 1 == 0:
            loss, current = loss.item(), batch * batch_size + len(X)
            print(f"loss: {loss:>7.4f}  [{current:>5d}/{size:>5d}]")

def test_loop(dataloader, model, loss_fn):
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()

    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8.4f} \n")

for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
print("Done!")

# Save and Load the Model
with tempfile.TemporaryDirectory() as tmp:
    weights_path = os.path.join(tmp, "model_weights.pth")
    torch.save(model.state_dict(), weights_path)
    model2 = NeuralNetwork()
    print(model2.load_state_dict(torch.load(weights_path, weights_only=True)))
    model2.eval()
    print(model2.training, model2.linear_relu_stack[0].training, torch.equal(model2(images_t := torch.from_numpy(images[:4])), model(images_t)))

    loaded = NeuralNetwork()
    loaded.load_state_dict(torch.load(weights_path, weights_only=True))
    print(type(loaded).__name__, loaded is model, loaded.training)
    print(loaded)
    with torch.no_grad():
        print(torch.equal(loaded(images_t), model(images_t)), loaded(images_t).argmax(1))
    print([k for k in loaded.state_dict()], loaded.linear_relu_stack[4].bias)
