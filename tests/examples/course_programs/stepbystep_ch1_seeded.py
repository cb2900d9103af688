"""Chapter 1 of a PyTorch course, as written for PyTorch: random initial parameters after
torch.manual_seed(42), gradient descent by hand, then the same model with nn.Linear, a
shuffled DataLoader and dropout. Every number printed comes from torch's random stream."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split

true_b, true_w = 1, 2
np.random.seed(42)
x = np.random.rand(100, 1)
y = true_b + true_w * x + 0.1 * np.random.randn(100, 1)
x_tensor = torch.as_tensor(x).float()
y_tensor = torch.as_tensor(y).float()

torch.manual_seed(42)
b = torch.randn(1, requires_grad=True, dtype=torch.float)
w = torch.randn(1, requires_grad=True, dtype=torch.float)
print(b, w)

lr = 0.1
for epoch in range(200):
    yhat = b + w * x_tensor
    loss = ((yhat - y_tensor) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        b -= lr * b.grad
        w -= lr * w.grad
    b.grad.zero_()
    w.grad.zero_()
print(f"b = {b.item():.4f}, w = {w.item():.4f}")

torch.manual_seed(42)
model = nn.Sequential(nn.Linear(1, 1))
print(model.state_dict())

torch.manual_seed(13)
train_data, val_data = random_split(TensorDataset(x_tensor, y_tensor), [80, 20])
print("validation indices:", sorted(val_data.indices)[:10])
loader = DataLoader(train_data, batch_size=16, shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for epoch in range(20):
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    if epoch % 5 == 0:
        print(f"epoch {epoch}: first batch label {next(iter(loader))[1][0].item():.4f}")
print({k: [round(v, 4) for v in p.reshape(-1).tolist()] for k, p in model.state_dict().items()})

torch.manual_seed(0)
print(torch.randperm(10), torch.randint(0, 5, (6,)))
print(nn.functional.dropout(torch.ones(12), p=0.5))
print(torch.rand(2, 3))
print(torch.randn(2, 10))
