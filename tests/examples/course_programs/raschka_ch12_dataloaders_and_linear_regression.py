"""Raschka, "Machine Learning with PyTorch and Scikit-Learn", ch12: ``DataLoader`` over a tensor
with ``batch_size``/``drop_last``, a ``JointDataset`` class and ``TensorDataset``, shuffling per epoch
with ``manual_seed``, then a linear regression written by hand (weights with ``requires_grad``,
hand-written loss, ``torch.no_grad`` updates) and again with ``nn.Linear``, ``nn.MSELoss`` and
SGD, printing the learned parameters and test predictions."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

t = torch.arange(6, dtype=torch.float32)
data_loader = DataLoader(t)
for item in data_loader:
    print(item)
data_loader = DataLoader(t, batch_size=3, drop_last=False)
for i, batch in enumerate(data_loader, 1):
    print(f'batch {i}:', batch)
print(len(DataLoader(t, batch_size=4)), len(DataLoader(t, batch_size=4, drop_last=True)))

torch.manual_seed(1)
t_x = torch.rand([4, 3], dtype=torch.float32)
t_y = torch.arange(4)

class JointDataset(Dataset):
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __len__(self):
        return len(self.x)
    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

joint_dataset = JointDataset(t_x, t_y)
for example in joint_dataset:
    print('  x: ', example[0], '  y: ', example[1])
joint_dataset = TensorDataset(t_x, t_y)
print(len(joint_dataset), joint_dataset[1])
torch.manual_seed(1)
data_loader = DataLoader(dataset=joint_dataset, batch_size=2, shuffle=True)
for i, batch in enumerate(data_loader, 1):
    print(f'batch {i}:', 'x:', batch[0], '\n         y:', batch[1])
for epoch in range(2):
    print(f'epoch {epoch+1}')
    for i, batch in enumerate(data_loader, 1):
        print(f'batch {i}:', 'x:', batch[0], '\n         y:', batch[1])
loader3 = DataLoader(joint_dataset, batch_size=3, shuffle=True, drop_last=True)
print([b[1].tolist() for b in loader3], [b[1].tolist() for b in loader3])

X_train = np.arange(10, dtype='float32').reshape((10, 1))
y_train = np.array([1.0, 1.3, 3.1, 2.0, 5.0, 6.3, 6.6, 7.4, 8.0, 9.0], dtype='float32')
X_train_norm = (X_train - np.mean(X_train)) / np.std(X_train)
X_train_norm = torch.from_numpy(X_train_norm)
y_train = torch.from_numpy(y_train).float()
train_ds = TensorDataset(X_train_norm, y_train)
batch_size = 1
torch.manual_seed(1)
train_dl = DataLoader(train_ds, batch_size, shuffle=True)
weight = torch.randn(1)
weight.requires_grad_()
bias = torch.zeros(1, requires_grad=True)
print(weight, bias)

def loss_fn(input, target):
    return (input - target).pow(2).mean()

def model(xb):
    return xb @ weight + bias

learning_rate = 0.001
num_epochs = 200
log_epochs = 10
for epoch in range(num_epochs):
    for x_batch, y_batch in train_dl:
        pred = model(x_batch)
        loss = loss_fn(pred, y_batch)
        loss.backward()
        with torch.no_grad():
            weight -= weight.grad * learning_rate
            bias -= bias.grad * learning_rate
            weight.grad.zero_()
            bias.grad.zero_()
    if epoch % log_epochs == 0:
        # rounded: the float32 loss of a 1-sample batch is printed to 4 places
        print(f'Epoch {epoch}  Loss {loss.item():.4f}')
print('Final Parameters:', round(weight.item(), 4), round(bias.item(), 4))
X_test = np.linspace(0, 9, num=5, dtype='float32').reshape(-1, 1)
X_test_norm = (X_test - np.mean(X_train)) / np.std(X_train)
X_test_norm = torch.from_numpy(X_test_norm)
y_pred = model(X_test_norm).detach().numpy()
print(np.round(y_pred, 3))

loss_fn = nn.MSELoss(reduction='mean')
input_size = 1
output_size = 1
torch.manual_seed(1)
model = nn.Linear(input_size, output_size)
print(model, model.weight, model.bias)
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
for epoch in range(num_epochs):
    for x_batch, y_batch in train_dl:
        pred = model(x_batch)[:, 0]
        loss = loss_fn(pred, y_batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    if epoch % 40 == 0:
        print(f'Epoch {epoch}  Loss {loss.item():.4f}')
print('Final Parameters:', round(model.weight.item(), 4), round(model.bias.item(), 4))
print(model(X_test_norm).detach().round(decimals=3))
print(type(loss_fn).__name__, loss_fn)
