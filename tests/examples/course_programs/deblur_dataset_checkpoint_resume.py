"""A deblurring course's full training script: a Dataset that renders a sharp image and blurs it
on the fly with a random PSF (Gaussian or box, from the item's own seeded generator), a
train / validation split by Subset of a seeded permutation, DataLoaders with a collate that also
returns the kernels, a small residual CNN, Adam with a StepLR scheduler, validation PSNR per epoch
under torch.no_grad() and model.eval(), a checkpoint saved every epoch to a temporary directory
(model, optimizer, scheduler, epoch, best PSNR, history) and the best one copied, training
interrupted and resumed from the last checkpoint with torch.load(weights_only=True), the resumed
run matching an uninterrupted one, and a final test on held-out images with per-image PSNR."""
import os
import shutil
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, Subset


class BlurPairs(Dataset):
    def __init__(self, n, size=16, seed=0):
        self.n, self.size, self.seed = n, size, seed

    def __len__(self):
        return self.n

    def psf(self, g):
        k = 5
        if torch.rand(1, generator=g).item() < 0.5:
            ax = torch.arange(k, dtype=torch.float32) - k // 2
            sigma = 0.5 + 1.5 * torch.rand(1, generator=g).item()
            ker = torch.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * sigma ** 2))
        else:
            w = int(torch.randint(1, 4, (1,), generator=g).item())
            ker = torch.zeros(k, k)
            ker[k // 2 - w // 2:k // 2 + (w + 1) // 2, :] = 1.0
        return ker / ker.sum()

    def __getitem__(self, i):
        g = torch.Generator().manual_seed(self.seed * 1000 + i)
        s = self.size
        base = torch.rand(1, s // 4, s // 4, generator=g)
        sharp = F.interpolate(base[None], size=(s, s), mode="nearest")[0]
        sharp = sharp + 0.2 * (torch.arange(s) % 4 == 0).float()
        sharp = sharp.clamp(0, 1)
        ker = self.psf(g)
        blurred = F.conv2d(F.pad(sharp[None], (2, 2, 2, 2), mode="reflect"), ker[None, None])[0]
        blurred = blurred + 0.01 * torch.randn(blurred.shape, generator=g)
        return blurred, sharp, ker


def collate(batch):
    blurred, sharp, kernels = zip(*batch)
    return torch.stack(blurred), torch.stack(sharp), torch.stack(kernels)


data = BlurPairs(40)
b0, s0, k0 = data[3]
print(len(data), b0.shape, s0.shape, k0.shape, round(k0.sum().item(), 5), torch.equal(data[3][0], b0))
perm = torch.randperm(len(data), generator=torch.Generator().manual_seed(0))
train_set, val_set = Subset(data, perm[:32].tolist()), Subset(data, perm[32:].tolist())
print(len(train_set), len(val_set), perm[:5].tolist())


class ResDeblur(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, ch, 3, padding=1), nn.ReLU(), nn.Conv2d(ch, ch, 3, padding=1), nn.ReLU(),
                                  nn.Conv2d(ch, 1, 3, padding=1))

    def forward(self, x):
        return x + self.body(x)


def psnr(a, b):
    return 10 * torch.log10(1.0 / F.mse_loss(a, b, reduction="none").flatten(1).mean(1))


def make(seed):
    torch.manual_seed(seed)
    model = ResDeblur()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    return model, opt, sched


def run_epochs(model, opt, sched, start, stop, ckpt_dir, history, best):
    for epoch in range(start, stop):
        loader = DataLoader(train_set, batch_size=8, shuffle=True, collate_fn=collate,
                            generator=torch.Generator().manual_seed(100 + epoch))
        model.train()
        for blurred, sharp, _ in loader:
            opt.zero_grad()
            loss = F.l1_loss(model(blurred), sharp)
            loss.backward()
            opt.step()
        sched.step()
        model.eval()
        with torch.no_grad():
            vals = torch.cat([psnr(model(b), s) for b, s, _ in DataLoader(val_set, batch_size=4, collate_fn=collate)])
        history.append(round(vals.mean().item(), 3))
        if history[-1] > best:
            best = history[-1]
        state = {"epoch": epoch, "model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                 "best": best, "history": list(history)}
        torch.save(state, os.path.join(ckpt_dir, "last.pt"))
        if best == history[-1]:
            shutil.copy(os.path.join(ckpt_dir, "last.pt"), os.path.join(ckpt_dir, "best.pt"))
        print(f"epoch {epoch} loss {loss.item():.4f} val PSNR {history[-1]:.3f} lr {sched.get_last_lr()[0]:.5f}")
    return best


with torch.no_grad():
    base_psnr = torch.cat([psnr(b, s) for b, s, _ in DataLoader(val_set, batch_size=4, collate_fn=collate)])
print("blurred val PSNR", round(base_psnr.mean().item(), 3))

full_dir, split_dir = tempfile.mkdtemp(), tempfile.mkdtemp()
model, opt, sched = make(1)
best_full = run_epochs(model, opt, sched, 0, 4, full_dir, [], float("-inf"))
print(sorted(os.listdir(full_dir)))

model2, opt2, sched2 = make(1)
run_epochs(model2, opt2, sched2, 0, 2, split_dir, [], float("-inf"))
ckpt = torch.load(os.path.join(split_dir, "last.pt"), weights_only=True)
print(ckpt["epoch"], ckpt["history"], type(ckpt["best"]).__name__, sorted(ckpt["opt"]["state"])[:3], ckpt["sched"]["last_epoch"])
model3, opt3, sched3 = make(99)
model3.load_state_dict(ckpt["model"])
opt3.load_state_dict(ckpt["opt"])
sched3.load_state_dict(ckpt["sched"])
print(sched3.get_last_lr(), opt3.param_groups[0]["lr"], opt3.state[next(model3.parameters())]["step"])
best_split = run_epochs(model3, opt3, sched3, ckpt["epoch"] + 1, 4, split_dir, list(ckpt["history"]), ckpt["best"])
print("resumed equals uninterrupted:", best_split == best_full,
      all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), model3.state_dict().values())))

best = torch.load(os.path.join(full_dir, "best.pt"), weights_only=True)
model.load_state_dict(best["model"])
model.eval()
test = BlurPairs(6, seed=7)
with torch.no_grad():
    blurred, sharp, kernels = collate([test[i] for i in range(len(test))])
    restored = model(blurred).clamp(0, 1)
print("best epoch", best["epoch"], [round(v, 2) for v in psnr(restored, sharp).tolist()])
print([round(v, 2) for v in psnr(blurred, sharp).tolist()], restored.shape, restored.dtype)
