"""Raschka, "Machine Learning with PyTorch and Scikit-Learn", ch12: an Iris-like three-class
problem (synthetic Gaussian blobs, standardized with NumPy) trained with a two-layer ``nn.Module``
using ``nn.Sigmoid`` and ``nn.Softmax(dim=1)``, ``CrossEntropyLoss`` and Adam, accuracy with
``argmax``, then saving/loading the whole model's ``state_dict`` through ``torch.save``/
``torch.load`` into a fresh model and an ``nn.Sequential`` copy (the state_dict route the book
recommends; minigrad does not pickle whole modules)."""
import io
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.RandomState(1)
centers = np.array([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]])
X = np.concatenate([c + 0.35 * rng.randn(50, 4) for c in centers]).astype('float32')
y = np.repeat(np.arange(3), 50)
perm = rng.permutation(150)
X, y = X[perm], y[perm]
X_train, X_test, y_train, y_test = X[:100], X[100:], y[:100], y[100:]
print(X_train[:3], y_train[:10])
X_train_norm = (X_train - np.mean(X_train)) / np.std(X_train)
X_train_norm = torch.from_numpy(X_train_norm).float()
y_train = torch.from_numpy(y_train)
print(X_train_norm.dtype, y_train.dtype, y_train.shape)
train_ds = TensorDataset(X_train_norm, y_train)
torch.manual_seed(1)
batch_size = 2
train_dl = DataLoader(train_ds, batch_size, shuffle=True)

class Model(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.layer1 = nn.Linear(input_size, hidden_size)
        self.layer2 = nn.Linear(hidden_size, output_size)
    def forward(self, x):
        x = self.layer1(x)
        x = nn.Sigmoid()(x)
        x = self.layer2(x)
        x = nn.Softmax(dim=1)(x)
        return x

input_size = X_train_norm.shape[1]
hidden_size = 16
output_size = 3
model = Model(input_size, hidden_size, output_size)
print(model)
print([(n, tuple(p.shape)) for n, p in model.named_parameters()])
learning_rate = 0.001
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
num_epochs = 40
loss_hist = [0] * num_epochs
accuracy_hist = [0] * num_epochs
for epoch in range(num_epochs):
    for x_batch, y_batch in train_dl:
        pred = model(x_batch)
        loss = loss_fn(pred, y_batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss_hist[epoch] += loss.item() * y_batch.size(0)
        is_correct = (torch.argmax(pred, dim=1) == y_batch).float()
        accuracy_hist[epoch] += is_correct.sum()
    loss_hist[epoch] /= len(train_dl.dataset)
    accuracy_hist[epoch] /= len(train_dl.dataset)
# rounded: per-batch float32 losses are summed in Python
print([round(v, 3) for v in loss_hist[::5]])
print([round(float(a), 3) for a in accuracy_hist[::5]])
print(type(accuracy_hist[0]).__name__, accuracy_hist[-1].dtype)

X_test_norm = (X_test - np.mean(X_train)) / np.std(X_train)
X_test_norm = torch.from_numpy(X_test_norm).float()
y_test = torch.from_numpy(y_test)
pred_test = model(X_test_norm)
correct = (torch.argmax(pred_test, dim=1) == y_test).float()
accuracy = correct.mean()
print(f'Test Acc.: {accuracy:.4f}')
print(pred_test[:3].detach().round(decimals=3), pred_test.sum(dim=1)[:3].detach().round(decimals=4))

buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
buffer.seek(0)
state = torch.load(buffer)
print(list(state.keys()), type(state).__name__)
model_new = Model(input_size, hidden_size, output_size)
print(model_new.load_state_dict(state))
print(torch.equal(model_new(X_test_norm), pred_test))
seq = nn.Sequential(nn.Linear(4, 16), nn.Sigmoid(), nn.Linear(16, 3), nn.Softmax(dim=1))
print(seq.load_state_dict({k.replace('layer1', '0').replace('layer2', '2'): v for k, v in state.items()}))
print(torch.allclose(seq(X_test_norm), pred_test), seq.state_dict()['2.bias'].round(decimals=4))
print(model_new.eval())
print(model_new.training, model.training, next(model_new.parameters()).requires_grad)
