"""Data plumbing a course meets in chapter 2: TensorDataset slicing and indexing with tensors,
Subset of Subset, RandomSampler with replacement and num_samples, a custom BatchSampler,
IterableDataset streams with ChainDataset, StackDataset, seeded generators and worker_init_fn."""
import numpy as np
import torch
from torch.utils.data import (TensorDataset, Subset, DataLoader, RandomSampler, SequentialSampler,
                              BatchSampler, IterableDataset, ChainDataset, StackDataset, random_split,
                              Sampler, ConcatDataset)

torch.manual_seed(11)
X = torch.arange(40, dtype=torch.float32).view(20, 2)
y = torch.arange(20) % 3
ds = TensorDataset(X, y)
print(ds[torch.tensor([1, 4])], ds[2:4][1], ds[-1])
print(ds[np.int64(5)], type(ds[3][1]).__name__, ds[3][1].dim())
a, b = random_split(ds, [0.75, 0.25], generator=torch.Generator().manual_seed(42))
print(len(a), len(b), a.indices[:5], b.indices)
sub = Subset(a, [0, 1, 2, 3])
print([sub[i][1].item() for i in range(len(sub))], sub.dataset is a, isinstance(sub.indices, list))
g = torch.Generator().manual_seed(0)
rs = RandomSampler(ds, replacement=True, num_samples=7, generator=g)
print(list(rs), len(rs))
rs2 = RandomSampler(range(5), generator=torch.Generator().manual_seed(3))
print(list(rs2), list(rs2))

class ByClassSampler(Sampler):
    """Batches of one class at a time."""
    def __init__(self, labels, batch_size):
        self.groups = [torch.nonzero(labels == c).flatten().tolist() for c in labels.unique().tolist()]
        self.batch_size = batch_size
    def __iter__(self):
        for grp in self.groups:
            for i in range(0, len(grp), self.batch_size):
                yield grp[i:i + self.batch_size]
    def __len__(self):
        return sum((len(g_) + self.batch_size - 1) // self.batch_size for g_ in self.groups)

dl = DataLoader(ds, batch_sampler=ByClassSampler(y, 3))
print(len(dl), [yb.tolist() for _, yb in dl])

class Counter(IterableDataset):
    def __init__(self, start, stop):
        self.start, self.stop = start, stop
    def __iter__(self):
        return iter(torch.arange(self.start, self.stop).tolist())

chain = ChainDataset([Counter(0, 3), Counter(10, 14)])
print(list(chain), [b.tolist() for b in DataLoader(chain, batch_size=3)])
print([b for b in DataLoader(Counter(0, 5), batch_size=None)])
st = StackDataset(X, y)
print(len(st), st[2])
st2 = StackDataset(img=X, label=y)
print(st2[1], next(iter(DataLoader(st2, batch_size=2))))
cat = ConcatDataset([a, b])
print(len(cat), cat.cumulative_sizes, cat[15][1])

seen = []
def init(wid):
    seen.append(wid)
dl = DataLoader(ds, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(5),
                worker_init_fn=init, drop_last=True)
print([xb[:, 0].long().tolist() for xb, _ in dl], seen)
print([xb[:, 0].long().tolist() for xb, _ in dl])
bs = BatchSampler(RandomSampler(range(10), generator=torch.Generator().manual_seed(1)), batch_size=4, drop_last=False)
print(list(bs), len(bs))
dl = DataLoader(ds, batch_size=6, sampler=SequentialSampler(ds))
print(type(dl.sampler).__name__, type(dl.batch_sampler).__name__, dl.drop_last, len(dl))
xb, yb = next(iter(DataLoader(ds, batch_size=4, collate_fn=lambda batch: tuple(zip(*batch)))))
print(type(xb).__name__, len(xb), yb)
print(next(iter(DataLoader([{'a': 1, 'b': [1.5, 2]}, {'a': 2, 'b': [3.5, 4]}], batch_size=2))))
print(next(iter(DataLoader([(np.float64(1.5), np.array([1, 2])), (np.float64(2.5), np.array([3, 4]))], batch_size=2))))
print(next(iter(DataLoader(['x', 'y', 'z'], batch_size=2))), next(iter(DataLoader([(1, 'a'), (2, 'b')], batch_size=2))))
