"""A blind-deblurring course's kernel-prediction lab: a Dataset that renders a random sharp image
and a random blur kernel per item from its own torch.Generator (line kernels rotated and scaled
with affine_grid / grid_sample, Gaussian kernels of random width), a DataLoader with a seeded
generator and a collate that stacks dicts, a network that predicts the kernel (a softmax over the
flattened kernel so it sums to one) trained with a KL loss against the true kernel and a
re-blurring loss through per-sample grouped convolution, a kernel kept positive by
torch.nn.utils.parametrize, and a float64 check under torch.set_default_dtype."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrize
from torch.utils.data import DataLoader, Dataset

K = 7
S = 16


def line_kernel(length, angle, size=K):
    base = torch.zeros(1, 1, size, size)
    c = size // 2
    base[0, 0, c, c - length // 2:c + length // 2 + 1] = 1.0
    cos, sin = math.cos(angle), math.sin(angle)
    theta = torch.tensor([[[cos, -sin, 0.0], [sin, cos, 0.0]]])
    grid = F.affine_grid(theta, base.shape, align_corners=False)
    k = F.grid_sample(base, grid, mode="bilinear", padding_mode="zeros", align_corners=False)[0, 0]
    return k.clamp(min=0) / k.sum()


def gaussian_kernel(sigma, size=K):
    r = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-0.5 * (r / sigma) ** 2)
    k = g[:, None] * g[None, :]
    return k / k.sum()


class BlurDataset(Dataset):
    def __init__(self, n, seed):
        self.n = n
        self.seed = seed

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        g = torch.Generator().manual_seed(self.seed + i)
        sharp = torch.zeros(1, S, S)
        for _ in range(3):
            r0, c0 = torch.randint(0, S - 5, (2,), generator=g).tolist()
            sharp[:, r0:r0 + 5, c0:c0 + 5] = torch.rand(1, generator=g).item()
        if torch.rand(1, generator=g) < 0.5:
            length = int(torch.randint(3, K + 1, (1,), generator=g)) | 1
            kernel = line_kernel(length, float(torch.rand(1, generator=g)) * math.pi)
            kind = "line"
        else:
            kernel = gaussian_kernel(0.5 + 1.5 * torch.rand(1, generator=g).item())
            kind = "gauss"
        blurred = F.conv2d(sharp[None], kernel[None, None], padding=K // 2)[0]
        blurred = blurred + 0.01 * torch.randn(blurred.shape, generator=g)
        return {"sharp": sharp, "blurred": blurred, "kernel": kernel, "kind": kind}


ds = BlurDataset(24, seed=100)
item = ds[3]
print(sorted(item), item["blurred"].shape, item["kind"], round(item["kernel"].sum().item(), 5), torch.equal(ds[3]["blurred"], item["blurred"]))
k = line_kernel(5, math.pi / 4)
print(k.shape, round(k.sum().item(), 5), round(k.max().item(), 4), (k > 1e-6).sum().item(), torch.allclose(k, k.T.flip(0).flip(1), atol=1e-6))
grid = F.affine_grid(torch.tensor([[[1.0, 0.0, 0.25], [0.0, 1.0, 0.0]]]), (1, 1, 4, 4), align_corners=True)
print(grid[0, 0], F.grid_sample(torch.arange(16.0).view(1, 1, 4, 4), grid, mode="nearest", padding_mode="border", align_corners=True)[0, 0, 0])
loader = DataLoader(ds, batch_size=6, shuffle=True, generator=torch.Generator().manual_seed(0))
batch = next(iter(loader))
print(batch["blurred"].shape, batch["kernel"].shape, batch["kind"], [round(v, 4) for v in batch["kernel"].sum((1, 2)).tolist()])


class KernelNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(2))
        self.head = nn.Linear(64, K * K)

    def forward(self, x):
        logits = self.head(self.features(x).flatten(1))
        return F.softmax(logits, dim=1).view(-1, K, K), F.log_softmax(logits, dim=1)


def reblur(sharp, kernels):
    n = sharp.shape[0]
    out = F.conv2d(sharp.view(1, n, S, S), kernels.view(n, 1, K, K), padding=K // 2, groups=n)
    return out.view(n, 1, S, S)


torch.manual_seed(0)
net = KernelNet()
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
for epoch in range(3):
    total = 0.0
    for batch in loader:
        kernels, log_probs = net(batch["blurred"])
        target = batch["kernel"].flatten(1)
        kl = F.kl_div(log_probs, target, reduction="batchmean")
        rec = F.mse_loss(reblur(batch["sharp"], kernels), batch["blurred"])
        loss = kl + 10 * rec
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    print(f"epoch {epoch}: loss {total / len(loader):.4f} kl {kl.item():.4f} rec {rec.item():.6f}")
with torch.no_grad():
    kernels, _ = net(batch["blurred"])
print(kernels.shape, [round(v, 4) for v in kernels.sum((1, 2)).tolist()], kernels.argmax(dim=1).shape)


class Positive(nn.Module):
    def forward(self, x):
        return F.softplus(x)

    def right_inverse(self, y):
        return torch.log(torch.expm1(y))


est = nn.Conv2d(1, 1, K, padding=K // 2, bias=False)
with torch.no_grad():
    est.weight.fill_(1.0 / K ** 2)
parametrize.register_parametrization(est, "weight", Positive())
print(type(est).__name__, parametrize.is_parametrized(est, "weight"), sorted(n for n, _ in est.named_parameters()),
      round(est.weight.sum().item(), 5))
opt = torch.optim.Adam(est.parameters(), lr=0.05)
sharp, blurred = ds[0]["sharp"][None], ds[0]["blurred"][None]
for it in range(30):
    loss = F.mse_loss(est(sharp), blurred) + 1e-3 * est.weight.sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"positive kernel: loss {loss.item():.3e} min {est.weight.min().item():.2e} sum {est.weight.sum().item():.3f}")
print(round(F.cosine_similarity(est.weight.flatten(), ds[0]["kernel"].flatten(), dim=0).item(), 3),
      est.parametrizations.weight.original.shape)
parametrize.remove_parametrizations(est, "weight", leave_parametrized=True)
print(parametrize.is_parametrized(est), type(est.weight).__name__, est.weight.min().item() > 0)

print(torch.get_default_dtype(), torch.tensor([1.5]).dtype, torch.arange(3.0).dtype)
torch.set_default_dtype(torch.float64)
try:
    k64 = gaussian_kernel(1.0)
    print(torch.get_default_dtype(), k64.dtype, torch.tensor([1.5]).dtype, torch.zeros(1).dtype, nn.Linear(2, 2).weight.dtype,
          torch.tensor(1.5).dtype, (torch.ones(1, dtype=torch.float32) * 2.5).dtype, torch.rand(1).dtype, torch.tensor([1, 2]).dtype)
    print(torch.allclose(k64.double(), gaussian_kernel(1.0).double(), atol=1e-7), torch.full((1,), 2.0).dtype, torch.linspace(0, 1, 3).dtype)
finally:
    torch.set_default_dtype(torch.float32)
print(torch.get_default_dtype(), torch.tensor([1.5]).dtype)
