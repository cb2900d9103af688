"""A course's linear-regression pipeline: a Module with Parameters, a training-step closure,
TensorDataset, random_split, DataLoader, validation under no_grad, a checkpoint with the
optimizer's state, resuming, and predictions back to NumPy."""
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, Dataset, TensorDataset
from torch.utils.data.dataset import random_split

np.random.seed(42)
x = np.random.rand(100, 1)
y = 1 + 2 * x + .1 * np.random.randn(100, 1)


class LineModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.b = nn.Parameter(torch.randn(1, requires_grad=True, dtype=torch.float))
        self.w = nn.Parameter(torch.randn(1, requires_grad=True, dtype=torch.float))

    def forward(self, x):
        return self.b + self.w * x


class PairDataset(Dataset):
    def __init__(self, features, targets):
        self.features, self.targets = features, targets

    def __getitem__(self, i):
        return self.features[i], self.targets[i]

    def __len__(self):
        return len(self.features)


def step_closure(model, loss_fn, optimizer=None):
    """One training step (with an optimizer) or one validation step (without)."""
    def step(xb, yb):
        model.train(optimizer is not None)
        loss = loss_fn(model(xb), yb)
        if optimizer is not None:
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        return loss.item()
    return step


def epoch_loss(loader, step, device):
    return np.mean([step(xb.to(device), yb.to(device)) for xb, yb in loader])


device = 'cuda' if torch.cuda.is_available() else 'cpu'
torch.manual_seed(13)
x_tensor = torch.from_numpy(x).float()
y_tensor = torch.from_numpy(y).float()
dataset = TensorDataset(x_tensor, y_tensor)
print(dataset[0])
pairs = PairDataset(x_tensor, y_tensor)
print(len(pairs), pairs[0][0].shape)
n_train = int(len(dataset) * .8)
train_data, val_data = random_split(dataset, [n_train, len(dataset) - n_train])
print(len(train_data), len(val_data), type(train_data).__name__)
train_loader = DataLoader(dataset=train_data, batch_size=16, shuffle=True)
val_loader = DataLoader(dataset=val_data, batch_size=16)
print(len(train_loader), len(val_loader))
xb, yb = next(iter(train_loader))
print(xb.shape, yb.dtype)

model = nn.Sequential(nn.Linear(1, 1)).to(device)
print(model.state_dict().keys())
optimizer = optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss(reduction='mean')
train_step = step_closure(model, loss_fn, optimizer)
val_step = step_closure(model, loss_fn)
losses, val_losses = [], []
for epoch in range(200):
    losses.append(epoch_loss(train_loader, train_step, device))
    with torch.no_grad():
        val_losses.append(epoch_loss(val_loader, val_step, device))
sd = model.state_dict()
print("w", round(sd['0.weight'].item(), 1), "b", round(sd['0.bias'].item(), 1), "val<0.02", val_losses[-1] < 0.02)

path = os.path.join(tempfile.mkdtemp(), 'model_checkpoint.pth')
torch.save({'epoch': 200, 'model_state_dict': model.state_dict(), 'optimizer_state_dict': optimizer.state_dict(),
            'loss': losses, 'val_loss': val_losses}, path)
resumed = nn.Sequential(nn.Linear(1, 1))
resumed_optimizer = optim.SGD(resumed.parameters(), lr=0.1)
checkpoint = torch.load(path, weights_only=False)
resumed.load_state_dict(checkpoint['model_state_dict'])
resumed_optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
print(checkpoint['epoch'], len(checkpoint['loss']), type(checkpoint['loss'][0]).__name__)
resumed.train()
print(resumed.state_dict()['0.weight'].allclose(model.state_dict()['0.weight']))
print(resumed_optimizer.state_dict()['param_groups'][0]['lr'])

resumed.eval()
predictions = resumed(torch.tensor([[.20], [.34], [.57]]).to(device))
print(predictions.shape, predictions.requires_grad)
print(np.round(predictions.detach().cpu().numpy().ravel(), 1))

torch.manual_seed(42)
line = LineModel().to(device)
print(list(line.state_dict().keys()), [p.shape for p in line.parameters()])
print(line)
print(model)
print(line.b.requires_grad, type(line.b).__name__)
