"""A course's "squeeze the last dB out of a restoration CNN" chapter: stochastic weight averaging
with torch.optim.swa_utils (AveragedModel, SWALR's cosine and linear annealing, update_bn over a
loader to recompute BatchNorm statistics, an EMA through get_ema_multi_avg_fn), checkpoints of
several epochs saved to files with torch.save and averaged by hand from their state_dicts (loaded
with map_location as a string, a torch.device and a function), the integer buffers handled apart,
and PSNR of each model on a validation set."""
import math
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import SWALR, AveragedModel, get_ema_multi_avg_fn, update_bn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(23)
clean = F.avg_pool2d(torch.rand(40, 1, 12, 12), 3, stride=1, padding=1)
noisy = clean + 0.08 * torch.randn_like(clean)
train_loader = DataLoader(TensorDataset(noisy[:32], clean[:32]), batch_size=8, shuffle=True,
                          generator=torch.Generator().manual_seed(5))
val_noisy, val_clean = noisy[32:], clean[32:]


def psnr(model, x=val_noisy, y=val_clean):
    model.eval()
    with torch.no_grad():
        mse = F.mse_loss(model(x).clamp(0, 1), y).item()
    return 10 * math.log10(1 / mse)


class Denoiser(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                                  nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                                  nn.Conv2d(8, 1, 3, padding=1))

    def forward(self, x):
        return x - self.body(x)


torch.manual_seed(0)
model = Denoiser()
swa_model = AveragedModel(model)
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
print(type(swa_model.module).__name__, swa_model.n_averaged, list(swa_model.state_dict())[:3], len(swa_model.state_dict()))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
swa_scheduler = SWALR(optimizer, swa_lr=0.02, anneal_epochs=2, anneal_strategy="cos")
swa_start = 5
folder = tempfile.mkdtemp()
paths = []
for epoch in range(10):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
        ema_model.update_parameters(model)
    if epoch >= swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
        path = os.path.join(folder, f"epoch_{epoch}.pt")
        torch.save({"epoch": epoch, "state_dict": model.state_dict(), "loss": loss.item()}, path)
        paths.append(path)
    else:
        scheduler.step()
    print(f"epoch {epoch} loss {loss.item():.5f} lr {optimizer.param_groups[0]['lr']:.5f} "
          f"n_averaged {swa_model.n_averaged.item()} PSNR {psnr(model):.3f}")

print("before update_bn", swa_model.module.body[1].running_mean[:3])
update_bn(train_loader, swa_model)
print("after update_bn", swa_model.module.body[1].running_mean[:3], swa_model.module.body[1].momentum)
print(f"SWA PSNR {psnr(swa_model):.3f}, EMA PSNR {psnr(ema_model):.3f}, last {psnr(model):.3f}")
print(ema_model.n_averaged, ema_model.module.body[0].weight.requires_grad)

loaders = ["cpu", torch.device("cpu"), lambda storage, loc: storage, {"cpu": "cpu"}]
states = [torch.load(p, map_location=loaders[i % len(loaders)], weights_only=True)["state_dict"] for i, p in enumerate(paths)]
averaged = {}
for key in states[0]:
    stacked = torch.stack([s[key] for s in states])
    if stacked.is_floating_point():
        averaged[key] = stacked.mean(dim=0)
    else:
        averaged[key] = stacked[-1]
print(len(states), [k for k, v in averaged.items() if not v.is_floating_point()], averaged["body.1.num_batches_tracked"])
souped = Denoiser()
print(souped.load_state_dict(averaged))
swa_weights = swa_model.module.state_dict()
print(torch.allclose(souped.body[0].weight, swa_weights["body.0.weight"], atol=1e-6),
      torch.allclose(souped.body[6].bias, swa_weights["body.6.bias"], atol=1e-6))
update_bn(((xb,) for xb, _ in train_loader), souped)
print(f"souped PSNR {psnr(souped):.3f}", souped.body[4].num_batches_tracked)

opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
for strategy in ["cos", "linear"]:
    for g in opt.param_groups:
        g["lr"] = 1.0
    sched = SWALR(opt, swa_lr=0.1, anneal_epochs=3, anneal_strategy=strategy)
    lrs = []
    for _ in range(5):
        opt.step()
        sched.step()
        lrs.append(round(opt.param_groups[0]["lr"], 6))
    print(strategy, lrs, [round(v, 6) for v in sched.get_last_lr()])
avg = AveragedModel(nn.Linear(2, 1), avg_fn=lambda avg_p, p, n: 0.5 * avg_p + 0.5 * p, use_buffers=True)
source = nn.Linear(2, 1)
with torch.no_grad():
    source.weight.fill_(1.0)
    source.bias.fill_(2.0)
avg.update_parameters(source)
avg.update_parameters(source)
print(avg.module.weight, avg.module.bias, avg.n_averaged, avg(torch.ones(1, 2)))
