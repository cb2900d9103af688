"""A course's data-augmentation lesson with worker processes: a Dataset of synthetic images whose
__getitem__ applies random flips, random crops, brightness jitter and Gaussian noise (drawing from
torch's, NumPy's and Python's random streams), a DataLoader with num_workers=2, shuffle and a
worker_init_fn reseeding NumPy per worker, persistent workers for the validation loader, a
sharded IterableDataset of image patches, and a small CNN trained on the augmented batches."""
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


def make_image(label, size=12):
    img = torch.zeros(1, size, size)
    if label == 0:
        img[:, 3:9, 5:7] = 1.0  # a vertical bar
    else:
        img[:, 5:7, 3:9] = 1.0  # a horizontal bar
    return img


class AugmentedBars(Dataset):
    def __init__(self, n, train=True):
        self.labels = [i % 2 for i in range(n)]
        self.train = train

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        label = self.labels[i]
        img = make_image(label)
        if self.train:
            if torch.rand(1).item() < 0.5:
                img = torch.flip(img, dims=[1])
            top, left = torch.randint(0, 3, (2,)).tolist()
            img = F.pad(img, (1, 1, 1, 1))[:, top:top + 12, left:left + 12]
            img = img * float(np.random.uniform(0.8, 1.2)) + 0.05 * torch.randn_like(img)
            if random.random() < 0.1:
                img = img.clamp(0, 1)
        return img, label


def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2 ** 32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


torch.manual_seed(0)
np.random.seed(0)
random.seed(0)
g = torch.Generator()
g.manual_seed(0)
train_loader = DataLoader(AugmentedBars(40), batch_size=8, shuffle=True, num_workers=2,
                          worker_init_fn=seed_worker, generator=g)
val_loader = DataLoader(AugmentedBars(16, train=False), batch_size=8, num_workers=2, persistent_workers=True)
xb, yb = next(iter(train_loader))
print(xb.shape, yb, round(xb.mean().item(), 4), round(xb.std().item(), 4))


class BarNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(8, 2)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


model = BarNet()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(3):
    model.train()
    total, n = 0.0, 0
    for xb, yb in train_loader:
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(yb)
        n += len(yb)
    model.eval()
    with torch.no_grad():
        correct = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in val_loader)
    print(f"epoch {epoch}: train loss {total / n:.4f} val acc {correct / 16:.3f}")


class Patches(IterableDataset):
    """Patches of a large image, each worker taking every num_workers-th row of patches."""

    def __init__(self, image, size):
        self.image, self.size = image, size

    def __iter__(self):
        rows = range(0, self.image.shape[-2] - self.size + 1, self.size)
        info = get_worker_info()
        if info is not None:
            rows = rows[info.id::info.num_workers]
        for r in rows:
            for c in range(0, self.image.shape[-1] - self.size + 1, self.size):
                yield r, c, self.image[:, r:r + self.size, c:c + self.size] + 0.01 * torch.randn(1, self.size, self.size)


big = torch.arange(16 * 16, dtype=torch.float32).reshape(1, 16, 16) / 256
for batch in DataLoader(Patches(big, 4), batch_size=3, num_workers=2):
    rows, cols, patches = batch
    print(rows.tolist(), cols.tolist(), patches.shape, round(patches.mean().item(), 4))
print(torch.rand(2), np.random.rand(2).round(4), round(random.random(), 4))
