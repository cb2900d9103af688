"""Data augmentation written by hand on tensors and the data pipeline around it: random
horizontal/vertical flips, rot90 with k drawn per sample, random crops and center crops by
slicing, torch.roll shifts, Gaussian noise with a torch.Generator, a Dataset whose __getitem__
returns dicts, a custom collate_fn stacking dicts and padding variable-sized kernels,
default_collate on dicts, tuples and namedtuples, an IterableDataset that streams blur pairs
with worker_init_fn and get_worker_info (num_workers=0), ChainDataset and ConcatDataset,
BatchSampler, SubsetRandomSampler and WeightedRandomSampler with generators, drop_last, and
the sequence of batches seen with fixed seeds."""
from collections import namedtuple

import torch
import torch.nn.functional as F
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, IterableDataset,
                              SequentialSampler, SubsetRandomSampler, WeightedRandomSampler, default_collate,
                              get_worker_info)

g = torch.Generator().manual_seed(11)
img = torch.arange(2 * 6 * 6, dtype=torch.float32).view(2, 6, 6)


def random_flip(x, gen, p=0.5):
    if torch.rand(1, generator=gen).item() < p:
        x = x.flip(-1)
    if torch.rand(1, generator=gen).item() < p:
        x = torch.flip(x, dims=[-2])
    return x


def random_rot90(x, gen):
    k = int(torch.randint(0, 4, (1,), generator=gen))
    return torch.rot90(x, k, dims=(-2, -1)), k


def random_crop(x, size, gen):
    h, w = x.shape[-2:]
    i = torch.randint(0, h - size + 1, size=(1,), generator=gen).item()
    j = torch.randint(0, w - size + 1, size=(1,), generator=gen).item()
    return x[..., i:i + size, j:j + size], (i, j)


def center_crop(x, size):
    h, w = x.shape[-2:]
    top, left = (h - size) // 2, (w - size) // 2
    return x[..., top:top + size, left:left + size]


f = random_flip(img, g)
r, k = random_rot90(f, g)
c, ij = random_crop(r, 4, g)
print(k, ij, c.shape, c.is_contiguous(), c[0, 0].tolist())
print(center_crop(img, 2)[1], torch.rot90(img[0], 1)[0].tolist(), torch.rot90(img[0], -1).equal(torch.rot90(img[0], 3)))
print(torch.roll(img[0], shifts=(1, -2), dims=(0, 1))[0].tolist(), img.flip(0).stride(), img[:, ::2].shape)
try:
    img[:, ::-1]
except ValueError as e:
    print("ValueError:", e)
try:
    torch.rot90(img, 1, dims=(0,))
except RuntimeError as e:
    print("RuntimeError:", e)
noise = torch.randn(2, 2, generator=torch.Generator().manual_seed(5))
print(noise, torch.normal(0.0, 0.1, size=(3,), generator=torch.Generator().manual_seed(5)))
print(torch.randperm(6, generator=torch.Generator().manual_seed(2)), torch.rand(2, generator=g).dtype)


class BlurPairs(Dataset):
    def __init__(self, n):
        gen = torch.Generator().manual_seed(0)
        self.x = torch.rand(n, 1, 8, 8, generator=gen)
        self.sizes = [3 + 2 * (i % 2) for i in range(n)]

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        s = self.sizes[i]
        kernel = torch.ones(s, s) / (s * s)
        blurred = F.conv2d(self.x[i:i + 1], kernel.view(1, 1, s, s), padding=s // 2)[0]
        return {"sharp": self.x[i], "blurred": blurred, "kernel": kernel, "index": i}


def pad_kernels(batch):
    size = max(b["kernel"].shape[-1] for b in batch)
    kernels = []
    for b in batch:
        p = (size - b["kernel"].shape[-1]) // 2
        kernels.append(F.pad(b["kernel"], (p, p, p, p)))
    return {"sharp": torch.stack([b["sharp"] for b in batch]), "blurred": torch.stack([b["blurred"] for b in batch]),
            "kernel": torch.stack(kernels), "index": torch.tensor([b["index"] for b in batch])}


ds = BlurPairs(10)
print(ds[1]["kernel"].shape, ds[1]["blurred"].shape, round(ds[1]["blurred"].mean().item(), 4))
try:
    next(iter(DataLoader(ds, batch_size=2)))
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])
loader = DataLoader(ds, batch_size=4, shuffle=True, collate_fn=pad_kernels, generator=torch.Generator().manual_seed(1), drop_last=True)
for batch in loader:
    print(batch["index"].tolist(), batch["kernel"].shape, batch["kernel"].sum(dim=(1, 2)).round(decimals=4).tolist())
print(len(loader), loader.drop_last, type(loader.sampler).__name__, type(loader.batch_sampler).__name__)

Pair = namedtuple("Pair", ["x", "y"])
print(default_collate([Pair(torch.ones(2), 1), Pair(torch.zeros(2), 2)]))
print(default_collate([{"a": 1.5, "b": (1, torch.tensor([2]))}, {"a": 2.5, "b": (3, torch.tensor([4]))}]))
print(default_collate([[1, 2], [3, 4]]), default_collate(["a", "b"]), default_collate([True, False]).dtype)


class BlurStream(IterableDataset):
    def __init__(self, n, seed):
        super().__init__()
        self.n, self.seed = n, seed

    def __iter__(self):
        info = get_worker_info()
        gen = torch.Generator().manual_seed(self.seed if info is None else self.seed + info.id)
        for _ in range(self.n):
            x = torch.rand(1, 4, 4, generator=gen)
            yield F.avg_pool2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), 3, stride=1), x


seen = []


def worker_init_fn(worker_id):
    seen.append(worker_id)


stream = DataLoader(BlurStream(5, 3), batch_size=2, worker_init_fn=worker_init_fn, num_workers=0)
for xb, yb in stream:
    print(xb.shape, yb.shape, round(xb.sum().item(), 4))
print(seen, get_worker_info())
try:
    len(stream)
except TypeError as e:
    print("TypeError:", e)
try:
    DataLoader(BlurStream(2, 0), shuffle=True)
except ValueError as e:
    print("ValueError:", e)
chained = ChainDataset([BlurStream(2, 0), BlurStream(1, 1)])
print(sum(1 for _ in chained))
concat = ConcatDataset([ds, ds])
print(len(concat), concat.cumulative_sizes, concat[12]["index"])

print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
print(list(BatchSampler(range(7), 3, True)))
print(list(SubsetRandomSampler([10, 20, 30, 40], generator=torch.Generator().manual_seed(0))))
w = torch.tensor([0.1, 0.1, 0.8])
print(list(WeightedRandomSampler(w, 8, replacement=True, generator=torch.Generator().manual_seed(0))))
print(list(WeightedRandomSampler([1.0, 2.0, 3.0, 4.0], 3, replacement=False, generator=torch.Generator().manual_seed(0))))
torch.manual_seed(0)
print([b.tolist() for b in DataLoader(torch.arange(6), batch_size=4, shuffle=True)])
print([b for b in DataLoader([1, 2, 3], batch_size=None)])
