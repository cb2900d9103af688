"""A Dataset that blurs its images with a per-item sigma: ConcatDataset, WeightedRandomSampler,
SubsetRandomSampler and a seeded DataLoader over it."""
import torch
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader, ConcatDataset, WeightedRandomSampler, SubsetRandomSampler
torch.manual_seed(21)

class BlurDataset(Dataset):
    def __init__(self, n, size=12, transform=None):
        g = torch.Generator().manual_seed(99)
        self.clean = torch.rand(n, 1, size, size, generator=g)
        self.sigmas = torch.linspace(0.5, 2.0, n)
        self.transform = transform
    def __len__(self): return len(self.clean)
    def __getitem__(self, i):
        s = self.sigmas[i].item()
        ax = torch.arange(5.) - 2
        k = torch.exp(-ax**2 / (2 * s * s)); k = k / k.sum(); k2 = torch.outer(k, k)
        x = F.conv2d(self.clean[i][None], k2[None, None], padding=2)[0]
        y = self.clean[i]
        if self.transform: x = self.transform(x)
        return {"blurred": x, "sharp": y, "sigma": s, "idx": i}

ds = BlurDataset(20)
item = ds[3]
print(sorted(item), item["blurred"].shape, round(item["sigma"], 4), item["blurred"][0, 0, :3])
dl = DataLoader(ds, batch_size=6, shuffle=False)
b = next(iter(dl))
print(type(b).__name__, sorted(b), b["sigma"], b["sigma"].dtype, b["idx"], b["blurred"].shape)
print([len(x["idx"]) for x in dl])
dl2 = DataLoader(ds, batch_size=4, sampler=SubsetRandomSampler(list(range(10))))
print([x["idx"].tolist() for x in dl2])
w = torch.tensor([0.1] * 10 + [1.0] * 10)
ws = WeightedRandomSampler(w, num_samples=8, replacement=True)
print(list(ws))
cds = ConcatDataset([ds, BlurDataset(5)]); print(len(cds), cds[22]["idx"], cds.cumulative_sizes)
def collate(batch):
    return torch.stack([b["blurred"] for b in batch]), torch.tensor([b["sigma"] for b in batch])
dl3 = DataLoader(ds, batch_size=5, collate_fn=collate, shuffle=True)
xb, sb = next(iter(dl3)); print(xb.shape, sb)
print(torch.utils.data.default_collate([(1, 2.0), (3, 4.0)]))
print(torch.utils.data.default_collate([torch.ones(2), torch.zeros(2)]))
dl4 = DataLoader(list(range(10)), batch_size=3, drop_last=False, shuffle=True)
print([b.tolist() for b in dl4])
bs = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(range(7)), 3, drop_last=True); print(list(bs))
print(len(DataLoader(ds, batch_size=6, drop_last=True)), dl.batch_size, dl.dataset is ds)
print(torch.utils.data.random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))[1].indices)
