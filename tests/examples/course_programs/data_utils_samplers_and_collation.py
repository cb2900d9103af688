"""torch.utils.data as tutorials use it: a Dataset of dicts collated by ``default_collate``,
``drop_last`` and seeded shuffling, a custom ``collate_fn``, ``TensorDataset`` slices, ``Subset``,
``ConcatDataset``, fractional ``random_split``, Sequential/Random/Batch samplers,
``WeightedRandomSampler`` with and without replacement (class-balancing weights from ``bincount``),
reshuffling per epoch under ``manual_seed``, ``batch_size=None`` and an ``IterableDataset``."""
import torch
from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset, RandomSampler, SequentialSampler,
                              Subset, TensorDataset, WeightedRandomSampler, random_split)
from torch.utils.data.dataloader import default_collate

torch.manual_seed(0)
class Squares(Dataset):
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        return {'x': torch.tensor([float(i)]), 'y': i * i, 'name': f'item{i}'}
ds = Squares(10)
print(ds[3], len(ds))
dl = DataLoader(ds, batch_size=4)
for b in dl:
    print(b)
print(default_collate([(1, 2.0, 'a'), (3, 4.0, 'b')]))
print(default_collate([torch.ones(2), torch.zeros(2)]), default_collate([[1, 2], [3, 4]]))
dl = DataLoader(ds, batch_size=4, drop_last=True, shuffle=True, generator=torch.Generator().manual_seed(1))
print(len(dl), [b['y'] for b in dl])
def collate(batch):
    xs = torch.cat([b['x'] for b in batch])
    return xs, torch.tensor([b['y'] for b in batch])
print(list(DataLoader(ds, batch_size=3, collate_fn=collate)))
tds = TensorDataset(torch.arange(10.0), torch.arange(10) % 3)
print(tds[2:5], tds.tensors[1])
sub = Subset(tds, [0, 2, 4])
print(len(sub), sub[1], [sub[i][0].item() for i in range(len(sub))])
cat = ConcatDataset([tds, sub])
print(len(cat), cat[11], cat.cumulative_sizes)
a, b = random_split(tds, [0.7, 0.3], generator=torch.Generator().manual_seed(42))
print(len(a), len(b), a.indices, b.indices)
print(list(SequentialSampler(range(5))), list(RandomSampler(range(5), generator=torch.Generator().manual_seed(3))))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(BatchSampler(range(10), batch_size=4, drop_last=True)))
weights = torch.tensor([0.1, 0.9, 0.4, 0.7, 3.0, 0.6])
print(list(WeightedRandomSampler(weights, 5, replacement=True, generator=torch.Generator().manual_seed(0))))
print(list(WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False, generator=torch.Generator().manual_seed(0))))
labels = torch.tensor([0, 0, 0, 0, 1, 1, 0, 0, 1, 0])
class_counts = torch.bincount(labels)
sample_weights = 1.0 / class_counts[labels].float()
print(class_counts, sample_weights)
sampler = WeightedRandomSampler(sample_weights, num_samples=len(labels), replacement=True)
loader = DataLoader(TensorDataset(torch.arange(10), labels), batch_size=5, sampler=sampler)
torch.manual_seed(5)
for xb, yb in loader:
    print(xb, yb, yb.float().mean())
loader = DataLoader(tds, batch_size=4, shuffle=True)
torch.manual_seed(7)
print([xb.tolist() for xb, _ in loader])
torch.manual_seed(7)
print([xb.tolist() for xb, _ in loader])
it = iter(DataLoader(range(7), batch_size=3))
print(next(it), next(it), next(it))
try:
    next(it)
except StopIteration:
    print('StopIteration')
print(len(DataLoader(range(7), batch_size=3)), len(DataLoader(range(7), batch_size=3, drop_last=True)))
dl = DataLoader(tds, batch_size=None)
print(next(iter(dl)))
class Stream(torch.utils.data.IterableDataset):
    def __iter__(self):
        for i in range(5):
            yield torch.tensor(i) * 2
print(list(DataLoader(Stream(), batch_size=2)))
