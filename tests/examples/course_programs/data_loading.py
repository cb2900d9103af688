"""A course's data-loading lesson: Datasets returning NumPy arrays, dicts and strings, a custom
collate_fn, Subset, ConcatDataset, random_split by fractions, the samplers, batch samplers, and
lists and NumPy values as datasets."""
import numpy as np
import torch
from torch.utils.data import Dataset, DataLoader, TensorDataset, Subset, random_split, ConcatDataset
from torch.utils.data import WeightedRandomSampler, SubsetRandomSampler, SequentialSampler, RandomSampler, BatchSampler

class NumpyDataset(Dataset):
    def __init__(self, n):
        self.x = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
        self.y = np.arange(n) % 2
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return self.x[i], self.y[i]

ds = NumpyDataset(10)
dl = DataLoader(ds, batch_size=4)
for xb, yb in dl:
    print(type(xb).__name__, xb.dtype, xb.shape, yb.dtype, yb)
class DictDataset(Dataset):
    def __len__(self):
        return 5
    def __getitem__(self, i):
        return {'x': torch.tensor([float(i)]), 'y': i, 'name': f"item{i}", 'pair': (i, 2.0 * i)}
for batch in DataLoader(DictDataset(), batch_size=2):
    print(batch)
    break
def collate(batch):
    xs, ys = zip(*batch)
    return torch.stack(xs), torch.tensor(ys)
tds = TensorDataset(torch.randn(10, 3), torch.arange(10))
for xb, yb in DataLoader(tds, batch_size=3, collate_fn=collate, drop_last=True):
    print(xb.shape, yb)
print(len(DataLoader(tds, batch_size=3)), len(DataLoader(tds, batch_size=3, drop_last=True)))
sub = Subset(tds, [0, 2, 4])
print(len(sub), sub[1][1], sub.indices)
cat = ConcatDataset([tds, sub])
print(len(cat), cat[11][1])
torch.manual_seed(0)
a, b, c = random_split(range(10), [0.5, 0.3, 0.2])
print(len(a), len(b), len(c), sorted(list(a) + list(b) + list(c)))
weights = [0.1] * 5 + [0.9] * 5
sampler = WeightedRandomSampler(weights, num_samples=20, replacement=True)
idx = list(sampler)
print(len(idx), all(0 <= i < 10 for i in idx))
dl2 = DataLoader(tds, batch_size=5, sampler=SubsetRandomSampler([1, 3, 5, 7]))
print(sum(len(yb) for _, yb in dl2), sorted(torch.cat([yb for _, yb in dl2]).tolist()))
print(list(SequentialSampler(range(4))), len(RandomSampler(range(4))))
print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
dl3 = DataLoader(tds, batch_sampler=BatchSampler(SequentialSampler(tds), batch_size=4, drop_last=False))
print([yb.tolist() for _, yb in dl3])
it = iter(DataLoader(tds, batch_size=4, shuffle=True))
xb, yb = next(it)
print(xb.shape, len(list(it)))
for i, (xb, yb) in enumerate(DataLoader(tds, batch_size=6, num_workers=0, pin_memory=False)):
    print(i, yb.shape)
# plain lists as a dataset
pairs = [(torch.tensor([i, i + 1.]), i % 3) for i in range(6)]
for xb, yb in DataLoader(pairs, batch_size=4):
    print(xb, yb)
# numpy scalars and floats
print(next(iter(DataLoader([1.5, 2.5, 3.5], batch_size=2))))
print(next(iter(DataLoader([np.float64(1.5), np.float64(2.)], batch_size=2))))
print(next(iter(DataLoader([np.array([1, 2]), np.array([3, 4])], batch_size=2))))
print(tds.tensors[0].shape, len(tds.tensors))
print(next(iter(DataLoader(TensorDataset(torch.ones(3, 2)), batch_size=2))))
