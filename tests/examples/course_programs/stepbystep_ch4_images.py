"""A course's first image classifier: uint8 images scaled to floats, index splitting with the
Subsets of random_split, per-channel normalisation from the training set, a balanced
WeightedRandomSampler, an OrderedDict Sequential, and an LR-range test with LambdaLR."""
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, Dataset, WeightedRandomSampler, random_split


def line_image(kind, offset, size=5):
    """A size x size uint8 image holding a horizontal (0), vertical (1) or diagonal (2) line."""
    img = np.zeros((size, size), dtype=np.uint8)
    if kind == 0:
        img[offset, :] = 255
    elif kind == 1:
        img[:, offset] = 255
    else:
        rows = np.arange(size - offset)
        img[rows, rows + offset] = 255
    return img[None]


np.random.seed(13)
kinds = np.random.randint(0, 3, size=300)
offsets = np.random.randint(0, 5, size=300)
images = np.stack([line_image(k, o) for k, o in zip(kinds, offsets)])
labels = (kinds > 0).astype(int)  # binary: is the line not horizontal?
print(images.shape, images.dtype, labels[:10])


class TransformedDataset(Dataset):
    def __init__(self, x, y, transform=None):
        self.x, self.y, self.transform = x, y, transform

    def __getitem__(self, i):
        x = self.x[i]
        return (self.transform(x) if self.transform else x), self.y[i]

    def __len__(self):
        return len(self.x)


x_tensor = torch.as_tensor(images / 255).float()
y_tensor = torch.as_tensor(labels.reshape(-1, 1)).float()
print(x_tensor.dtype, x_tensor.max().item(), y_tensor.shape)

sizes = torch.as_tensor([80, 20])
sizes = (len(x_tensor) / sizes.sum() * sizes).long()
sizes[0] += len(x_tensor) - sizes.sum()
torch.manual_seed(13)
train_idx, val_idx = random_split(torch.arange(len(x_tensor)), sizes)
print(len(train_idx), len(val_idx), type(train_idx.indices).__name__)
x_train, y_train = x_tensor[train_idx], y_tensor[train_idx]
x_val, y_val = x_tensor[val_idx], y_tensor[val_idx]
print(x_train.shape, x_val.shape)

mean = x_train.mean(dim=(0, 2, 3))
std = x_train.std(dim=(0, 2, 3))
print(mean.shape, std.shape)


def normalize(x):
    return (x - mean.view(-1, 1, 1)) / std.view(-1, 1, 1)


train_dataset = TransformedDataset(x_train, y_train, transform=normalize)
val_dataset = TransformedDataset(x_val, y_val, transform=normalize)

classes, counts = y_train.unique(return_counts=True)
sample_weights = (1.0 / counts.float())[y_train.squeeze().long()]
sampler = WeightedRandomSampler(weights=sample_weights, num_samples=len(sample_weights),
                                generator=torch.Generator(), replacement=True)
print(type(sampler.weights).__name__, sampler.weights.dtype, len(sampler))
train_loader = DataLoader(dataset=train_dataset, batch_size=16, sampler=sampler)
val_loader = DataLoader(dataset=val_dataset, batch_size=16)
xb, yb = next(iter(train_loader))
print(xb.shape, yb.shape, xb.dtype)
sampler.generator.manual_seed(42)
print(sum(len(yb) for _, yb in train_loader))

torch.manual_seed(13)
model = nn.Sequential(OrderedDict([
    ('flatten', nn.Flatten()),
    ('hidden0', nn.Linear(25, 5, bias=False)),
    ('activation0', nn.ReLU()),
    ('hidden1', nn.Linear(5, 3, bias=False)),
    ('activation1', nn.ReLU()),
    ('output', nn.Linear(3, 1, bias=False)),
    ('sigmoid', nn.Sigmoid()),
]))
print(model)
print(model.hidden0.weight.shape, model[1] is model.hidden0)
loss_fn = nn.BCELoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)
for epoch in range(20):
    model.train()
    for xb, yb in train_loader:
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    predicted = torch.cat([(model(xb) > 0.5).float() for xb, _ in val_loader])
print("validated", predicted.shape, predicted.dtype)

start_lr, end_lr, n_iter = 0.01, 0.1, 10
growth = (np.log(end_lr) - np.log(start_lr)) / n_iter
range_optimizer = optim.Adam([nn.Parameter(torch.randn(1))], lr=start_lr)
range_scheduler = optim.lr_scheduler.LambdaLR(range_optimizer, lr_lambda=lambda it: np.exp(growth * it))
for _ in range(3):
    range_optimizer.step()
    range_scheduler.step()
print(np.round(range_scheduler.get_last_lr(), 6))
