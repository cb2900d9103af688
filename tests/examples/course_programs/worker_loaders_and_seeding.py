"""DataLoaders with workers as a course sets them up for speed: num_workers with persistent
workers and prefetching, per-worker seeding through worker_init_fn and get_worker_info, an
IterableDataset sharded across workers, random augmentation drawn inside workers, and the
main-process random stream afterwards."""
import os
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset, IterableDataset, get_worker_info


class NoisyCrops(Dataset):
    """Random crops with noise drawn by torch's generator inside whichever worker loads them."""
    def __init__(self, n=12):
        self.base = torch.arange(n * 16, dtype=torch.float32).view(n, 4, 4)
    def __len__(self):
        return len(self.base)
    def __getitem__(self, i):
        info = get_worker_info()
        r, c = torch.randint(0, 2, (2,)).tolist()
        crop = self.base[i, r:r + 3, c:c + 3] + torch.rand(3, 3).round(decimals=2)
        return crop, i, -1 if info is None else info.id


class Shards(IterableDataset):
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))


def seed_worker(worker_id):
    seed = torch.initial_seed() % 2 ** 32
    np.random.seed(seed)


if __name__ == '__main__':
    torch.manual_seed(0)
    ds = TensorDataset(torch.arange(10.), torch.arange(10))
    dl = DataLoader(ds, batch_size=3, shuffle=True, num_workers=2, persistent_workers=True, prefetch_factor=2)
    print([b[1].tolist() for b in dl], [b[1].tolist() for b in dl], dl.num_workers, dl.prefetch_factor, get_worker_info())
    print([b.tolist() for b in DataLoader(Shards(7), batch_size=2, num_workers=2)])
    print([b for b in DataLoader(Shards(5), batch_size=None)])
    g = torch.Generator(); g.manual_seed(7)
    loader = DataLoader(NoisyCrops(), batch_size=4, shuffle=True, num_workers=2, worker_init_fn=seed_worker, generator=g)
    for epoch in range(2):
        for crops, idx, wid in loader:
            print(epoch, idx.tolist(), wid.tolist(), crops.shape, crops[:, 0, 0].tolist())
    single = DataLoader(NoisyCrops(), batch_size=6, num_workers=0)
    crops, idx, wid = next(iter(single))
    print(idx.tolist(), wid.tolist(), crops[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('default')  # each warning once per line it names, as Python shows them
        train = DataLoader(ds, batch_size=5, pin_memory=True)
        val = DataLoader(ds, batch_size=5, pin_memory=True, num_workers=1, persistent_workers=True)
        for epoch in range(3):
            n_train = sum(1 for _ in train)
            n_val = sum(1 for _ in val)
    print(n_train, n_val, len(caught), sorted({(os.path.basename(w.filename), w.category.__name__) for w in caught}))
    print(torch.rand(2), torch.initial_seed())
