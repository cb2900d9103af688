"""A data-loading chapter written around a Dataset that returns NumPy arrays and Python numbers
(how students first write one): what default_collate makes of them (dtypes, float64 images,
int64 labels, NumPy scalars, strings, None), default_convert with batch_size=None, random_split
by fractions (the remainder given round-robin), Subset of a Subset, StackDataset, TensorDataset's
size check, the DataLoader options that are refused without workers (persistent_workers,
prefetch_factor, negative timeout), sampler together with shuffle, batch_size=0, len() with and
without drop_last, iterating a loader twice, and a loop computing the dataset's mean and std per
channel the way the course normalizes images."""
import numpy as np
import torch
from torch.utils.data import (DataLoader, Dataset, RandomSampler, StackDataset, Subset, TensorDataset,
                              default_collate, default_convert, random_split)


class NumpyImages(Dataset):
    def __init__(self, n=10):
        rng = np.random.default_rng(0)
        self.images = rng.integers(0, 256, size=(n, 4, 4, 3), dtype=np.uint8)
        self.labels = rng.integers(0, 3, size=n)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = self.images[i].transpose(2, 0, 1).astype(np.float64) / 255.0
        return img, self.labels[i], float(self.labels[i]) * 0.5, f"img{i}"


ds = NumpyImages()
x, y, z, name = default_collate([ds[0], ds[1], ds[2]])
print(type(x).__name__, x.dtype, x.shape, y.dtype, y, z.dtype, z, name)
print(default_collate([np.float32(1.5), np.float32(2.5)]), default_collate([np.int32(1), np.int32(2)]).dtype,
      default_collate([np.array(1.0), np.array(2.0)]))
print(default_collate([{"a": np.zeros(2, dtype=np.float32)}, {"a": np.ones(2, dtype=np.float32)}]))
try:
    default_collate([None, None])
except TypeError as e:
    print("TypeError:", e)
try:
    default_collate([np.array(["a", "b"]), np.array(["c", "d"])])
except TypeError as e:
    print("TypeError:", e)
print(default_convert(np.arange(3)), default_convert([np.float64(1.0), (np.zeros(1), "s")]), default_convert(3))
for item in DataLoader(ds, batch_size=None, shuffle=False):
    print([type(v).__name__ for v in item], item[0].dtype, item[1])
    break

g = torch.Generator().manual_seed(42)
parts = random_split(ds, [0.5, 0.3, 0.2], generator=g)
print([len(p) for p in parts], [p.indices for p in parts])
parts = random_split(range(11), [0.34, 0.33, 0.33], generator=torch.Generator().manual_seed(0))
print([len(p) for p in parts], [list(p) for p in parts])
inner = Subset(ds, [9, 7, 5, 3, 1])
outer = Subset(inner, [0, 2, 4])
print(len(outer), outer[1][3], outer.dataset is inner, [outer[i][1] for i in range(3)])
stacked = StackDataset(ds, torch.arange(10) * 10)
print(len(stacked), stacked[3][1], stacked[3][0][3])
named = StackDataset(image=ds, weight=torch.linspace(0, 1, 10))
print(sorted(named[2]), round(named[2]["weight"].item(), 4))
try:
    StackDataset(ds, torch.arange(9))
except ValueError as e:
    print("ValueError:", e)
try:
    TensorDataset(torch.zeros(3, 2), torch.zeros(4))
except AssertionError as e:
    print("AssertionError:", e)

for kwargs in (dict(persistent_workers=True), dict(prefetch_factor=2), dict(timeout=-1), dict(batch_size=0),
               dict(sampler=RandomSampler(ds), shuffle=True), dict(batch_size=None, drop_last=True),
               dict(batch_sampler=[[0, 1]], batch_size=2), dict(num_workers=-1)):
    try:
        DataLoader(ds, **kwargs)
        print(sorted(kwargs), "accepted")
    except (ValueError, TypeError) as e:
        print(sorted(kwargs), type(e).__name__ + ":", e)

loader = DataLoader(ds, batch_size=4)
print(len(loader), len(DataLoader(ds, batch_size=4, drop_last=True)), len(DataLoader(ds, batch_size=None)))
print([b[1].tolist() for b in loader] == [b[1].tolist() for b in loader], loader.batch_size, loader.num_workers)
torch.manual_seed(0)
shuffled = DataLoader(ds, batch_size=5, shuffle=True)
print([b[3] for b in shuffled], [b[3] for b in shuffled])

n, total, total_sq = 0, torch.zeros(3, dtype=torch.float64), torch.zeros(3, dtype=torch.float64)
for images, *_ in DataLoader(ds, batch_size=3):
    total += images.sum(dim=(0, 2, 3))
    total_sq += (images ** 2).sum(dim=(0, 2, 3))
    n += images.numel() // images.shape[1]
mean = total / n
std = (total_sq / n - mean ** 2).sqrt()
print(mean, std)
all_images = torch.stack([torch.from_numpy(ds[i][0]) for i in range(len(ds))])
print(torch.allclose(all_images.mean(dim=(0, 2, 3)), mean), torch.allclose(all_images.std(dim=(0, 2, 3), unbiased=False), std))
normalized = (all_images - mean.view(1, 3, 1, 1)) / std[None, :, None, None]
print(normalized.mean().abs() < 1e-12, normalized.dtype, normalized.float().dtype, torch.std_mean(normalized, dim=(0, 2, 3))[0])
