"""An on-the-fly blurry/sharp pair synthesiser as a research codebase writes it: an IterableDataset
that shards its stream across workers with get_worker_info and draws from one torch.Generator per
worker seeded from the worker's base seed, a map-style twin whose __getitem__ uses a generator
seeded from (epoch, index), a custom collate_fn that pads kernels of different sizes to a common
size with F.pad and returns a namedtuple batch, DataLoaders with num_workers=2, worker_init_fn,
a seeded loader generator, drop_last, a BatchSampler of a SequentialSampler, and the epoch set
through a set_epoch method; the pairs are reproducible across runs and epochs."""
import collections
import math

import torch
import torch.nn.functional as F
from torch.utils.data import (BatchSampler, DataLoader, Dataset, IterableDataset, SequentialSampler,
                              get_worker_info)

Batch = collections.namedtuple('Batch', ['blurry', 'sharp', 'kernel', 'ksize', 'index'])
S = 12


def render(g):
    img = torch.zeros(1, S, S)
    for _ in range(2):
        r, c = torch.randint(0, S - 4, (2,), generator=g).tolist()
        img[:, r:r + 4, c:c + 4] += torch.rand(1, generator=g)
    return img.clamp(max=1)


def random_kernel(g):
    ks = int(torch.randint(1, 3, (1,), generator=g)) * 2 + 1
    ang = torch.rand((), generator=g) * math.pi
    r = torch.arange(ks, dtype=torch.float32) - ks // 2
    yy, xx = torch.meshgrid(r, r, indexing='ij')
    d = (xx * torch.sin(ang) - yy * torch.cos(ang)).abs()
    k = torch.relu(1 - d)
    return k / k.sum()


def make_pair(g, index):
    sharp = render(g)
    k = random_kernel(g)
    p = k.shape[-1] // 2
    blurry = F.conv2d(F.pad(sharp[None], (p, p, p, p), mode='replicate'), k[None, None])[0]
    blurry = blurry + 0.02 * torch.randn(blurry.shape, generator=g)
    return {'blurry': blurry, 'sharp': sharp, 'kernel': k, 'index': index}


class PairStream(IterableDataset):
    def __init__(self, n, seed):
        self.n, self.seed = n, seed

    def __iter__(self):
        info = get_worker_info()
        wid, nw = (0, 1) if info is None else (info.id, info.num_workers)
        g = torch.Generator().manual_seed(self.seed * 100 + wid)
        for i in range(wid, self.n, nw):
            yield make_pair(g, i)


class PairDataset(Dataset):
    def __init__(self, n, seed):
        self.n, self.seed, self.epoch = n, seed, 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        g = torch.Generator().manual_seed(hash((self.seed, self.epoch, i)) % (2 ** 31))
        return make_pair(g, i)


def pad_collate(items, size=5):
    kernels = []
    for it in items:
        p = (size - it['kernel'].shape[-1]) // 2
        kernels.append(F.pad(it['kernel'], (p, p, p, p)))
    return Batch(torch.stack([it['blurry'] for it in items]), torch.stack([it['sharp'] for it in items]),
                 torch.stack(kernels), torch.tensor([it['kernel'].shape[-1] for it in items]),
                 torch.tensor([it['index'] for it in items]))


def init_fn(worker_id):
    info = get_worker_info()
    info.dataset.tag = f"w{worker_id}/{info.num_workers}"


g0 = torch.Generator().manual_seed(3)
one = make_pair(g0, 0)
print(one['blurry'].shape, one['kernel'].shape, round(one['kernel'].sum().item(), 5), get_worker_info())
stream = PairStream(10, seed=7)
main = [b.index.tolist() for b in DataLoader(stream, batch_size=3, collate_fn=pad_collate)]
workers = DataLoader(stream, batch_size=3, collate_fn=pad_collate, num_workers=2, worker_init_fn=init_fn)
batches = list(workers)
print(main, [b.index.tolist() for b in batches], [b.ksize.tolist() for b in batches])
print(batches[0].kernel.shape, batches[0].kernel.sum((1, 2)).round(decimals=4), type(batches[0]).__name__, batches[0]._fields)
again = list(DataLoader(stream, batch_size=3, collate_fn=pad_collate, num_workers=2))
print(all(torch.equal(a.blurry, b.blurry) for a, b in zip(batches, again)), round(batches[1].blurry.mean().item(), 5))

ds = PairDataset(8, seed=1)
loader = DataLoader(ds, batch_size=3, shuffle=True, drop_last=True, collate_fn=pad_collate,
                    generator=torch.Generator().manual_seed(0))
for epoch in range(2):
    ds.set_epoch(epoch)
    idx = [b.index.tolist() for b in loader]
    print(epoch, len(loader), idx)
direct = pad_collate([ds[i] for i in (0, 1, 2)])
bs = DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 3, drop_last=False), collate_fn=pad_collate)
first = next(iter(bs))
print(list(BatchSampler(SequentialSampler(ds), 3, drop_last=False)), torch.equal(first.blurry, direct.blurry), len(bs))
ds.set_epoch(5)
print(torch.equal(ds[2]['sharp'], ds[2]['sharp']), first.sharp.shape, first.kernel[0])
print(pad_collate([one, one]).ksize, DataLoader(list(range(5)), batch_size=2, collate_fn=lambda xs: torch.tensor(xs) * 10).__iter__().__next__())
