"""K-fold cross validation as students write it: folds from a seeded ``torch.randperm`` (and from
``torch.tensor_split``/``chunk``), ``Subset`` and ``SubsetRandomSampler`` (with a generator) over
one ``TensorDataset``, a fresh model per fold via ``reset_parameters``, per-fold accuracy printed,
mean and std of the scores, and the samplers' and subsets' lengths, indices and iteration orders."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset, SubsetRandomSampler, TensorDataset


def r4(v):
    return float(f"{v:.4g}")


torch.manual_seed(0)
n, k = 30, 5
x = torch.randn(n, 2)
y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
data = TensorDataset(x, y)
print("dataset", len(data), data[0][0].shape, data[0][1], y.sum().item())

perm = torch.randperm(n, generator=torch.Generator().manual_seed(42))
folds = torch.tensor_split(perm, k)
print("fold sizes", [len(f) for f in folds], folds[0].tolist())
print("chunk sizes", [len(c) for c in torch.chunk(torch.arange(n + 2), k)])
print("split sizes", [len(s) for s in torch.arange(n).split([10, 10, 10])])


def reset(model):
    for m in model.modules():
        if hasattr(m, "reset_parameters"):
            m.reset_parameters()


model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))
scores = []
for i in range(k):
    val_idx = folds[i]
    train_idx = torch.cat([folds[j] for j in range(k) if j != i])
    torch.manual_seed(i)
    reset(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    sampler = SubsetRandomSampler(train_idx.tolist(), generator=torch.Generator().manual_seed(i))
    loader = DataLoader(data, batch_size=8, sampler=sampler)
    if i == 0:
        print("sampler", len(sampler), list(sampler)[:6], "batches", len(loader))
        print("first batch", [b.shape for b in next(iter(loader))])
    for epoch in range(10):
        for xb, yb in loader:
            opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            opt.step()
    val = Subset(data, val_idx.tolist())
    vx, vy = next(iter(DataLoader(val, batch_size=len(val))))
    model.eval()
    with torch.no_grad():
        acc = (model(vx).argmax(1) == vy).float().mean().item()
    model.train()
    scores.append(acc)
    print(f"fold {i}: train {len(train_idx)} val {len(val)} acc {acc:.4f}")
s = torch.tensor(scores)
print("mean", r4(s.mean().item()), "std", r4(s.std().item()), "std unbiased=False", r4(s.std(unbiased=False).item()))

# Subset of a Subset, indices kept as given
sub = Subset(data, [3, 1, 4, 1, 5])
subsub = Subset(sub, [0, 2])
print("subset", len(sub), sub.indices, torch.equal(subsub[1][0], x[4]), type(sub[0]).__name__)
print("subset batch", [t.tolist() for t in next(iter(DataLoader(sub, batch_size=2)))][1])
print("tensor indices", Subset(data, torch.tensor([2, 0]))[0][1])
g = torch.Generator().manual_seed(7)
print("two epochs", list(SubsetRandomSampler(range(10, 15), generator=g)), list(SubsetRandomSampler(range(10, 15), generator=g)))
train_set, val_set = torch.utils.data.random_split(data, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
print("random_split", len(train_set), len(val_set), val_set.indices)
try:
    torch.utils.data.random_split(data, [20, 5])
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
