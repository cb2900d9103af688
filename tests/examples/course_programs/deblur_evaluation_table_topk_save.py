"""An evaluation script for a deblurring benchmark: a Dataset of (blurry, sharp, kernel id)
triples built on the fly, a DataLoader with batch_size and a custom collate_fn, a fixed
"model" (an unsharp mask with a learned-looking kernel) run under torch.no_grad and in eval
mode, per-image PSNR, SSIM (Gaussian window via conv2d, groups) and gradient-magnitude
similarity (Sobel), a results table printed with f-strings, per-kernel means with
index_add_ / bincount, best and worst cases by topk and argsort, and the results dict
written with torch.save into a BytesIO and loaded back with torch.load(weights_only=True)."""
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
H = W = 20


class BlurSet(Dataset):
    def __init__(self, n, seed):
        g = torch.Generator().manual_seed(seed)
        self.sharp = torch.rand(n, 1, H, W, generator=g).mul(4).round().div(4)
        self.sharp = F.avg_pool2d(F.pad(self.sharp, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
        self.kid = torch.randint(0, 3, (n,), generator=g)
        self.noise = 0.02 * torch.randn(n, 1, H, W, generator=g)

    def __len__(self):
        return len(self.kid)

    def __getitem__(self, i):
        k = KERNELS[self.kid[i]]
        x = self.sharp[i:i + 1]
        y = F.conv2d(F.pad(x, (2, 2, 2, 2), mode="reflect"), k[None, None]) + self.noise[i:i + 1]
        return {"blurry": y[0], "sharp": x[0], "kid": self.kid[i].item(), "name": f"img_{i:03d}"}


def box(n):
    k = torch.zeros(5, 5)
    k[2 - n // 2:2 + n // 2 + 1, 2 - n // 2:2 + n // 2 + 1] = 1
    return k / k.sum()


KERNELS = [box(1), box(3), torch.eye(5) / 5]


def collate(items):
    out = {key: torch.stack([it[key] for it in items]) for key in ("blurry", "sharp")}
    out["kid"] = torch.tensor([it["kid"] for it in items])
    out["name"] = [it["name"] for it in items]
    return out


class UnsharpMask(nn.Module):
    def __init__(self, amount=0.8):
        super().__init__()
        self.blur = nn.Conv2d(1, 1, 3, padding=1, padding_mode="replicate", bias=False)
        with torch.no_grad():
            self.blur.weight.fill_(1 / 9)
        self.amount = amount

    def forward(self, y):
        return (y + self.amount * (y - self.blur(y))).clamp(0, 1)


def gaussian_window(size=7, sigma=1.5):
    r = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-r ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return torch.outer(g, g)[None, None]


def ssim(a, b, c1=0.01 ** 2, c2=0.03 ** 2):
    w = gaussian_window().expand(a.shape[1], 1, 7, 7)
    mu_a, mu_b = F.conv2d(a, w, groups=a.shape[1]), F.conv2d(b, w, groups=a.shape[1])
    saa = F.conv2d(a * a, w, groups=a.shape[1]) - mu_a ** 2
    sbb = F.conv2d(b * b, w, groups=a.shape[1]) - mu_b ** 2
    sab = F.conv2d(a * b, w, groups=a.shape[1]) - mu_a * mu_b
    m = ((2 * mu_a * mu_b + c1) * (2 * sab + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (saa + sbb + c2))
    return m.mean(dim=(1, 2, 3))


SOBEL = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def grad_mag(x):
    k = torch.stack([SOBEL, SOBEL.T])[:, None]
    gx, gy = F.conv2d(F.pad(x, (1,) * 4, mode="replicate"), k).unbind(1)
    return torch.hypot(gx, gy)


def gmsd(a, b, c=0.0026):
    ma, mb = grad_mag(a), grad_mag(b)
    gms = (2 * ma * mb + c) / (ma ** 2 + mb ** 2 + c)
    return gms.flatten(1).std(dim=1, unbiased=False)


def psnr(a, b):
    return 10 * torch.log10(1 / (a - b).pow(2).mean(dim=(1, 2, 3)).clamp_min(1e-10))


data = BlurSet(14, seed=3)
loader = DataLoader(data, batch_size=4, shuffle=False, collate_fn=collate, drop_last=False)
model = UnsharpMask().eval()
rows = {"name": [], "kid": [], "psnr_in": [], "psnr": [], "ssim": [], "gmsd": []}
with torch.no_grad():
    for batch in loader:
        out = model(batch["blurry"])
        rows["name"] += batch["name"]
        rows["kid"].append(batch["kid"])
        rows["psnr_in"].append(psnr(batch["blurry"].clamp(0, 1), batch["sharp"]))
        rows["psnr"].append(psnr(out, batch["sharp"]))
        rows["ssim"].append(ssim(out, batch["sharp"]))
        rows["gmsd"].append(gmsd(out, batch["sharp"]))
results = {k: (torch.cat(v) if k != "name" else v) for k, v in rows.items()}
print(len(loader), {k: (tuple(v.shape), v.dtype) for k, v in results.items() if k != "name"}, out.requires_grad)

print(f"{'name':<8} {'k':>2} {'in':>7} {'out':>7} {'gain':>6} {'ssim':>6} {'gmsd':>6}")
for i, name in enumerate(results["name"]):
    gain = results["psnr"][i] - results["psnr_in"][i]
    print(f"{name:<8} {results['kid'][i].item():>2d} {results['psnr_in'][i].item():7.2f} {results['psnr'][i].item():7.2f} "
          f"{gain.item():+6.2f} {results['ssim'][i].item():6.3f} {results['gmsd'][i].item():6.3f}")

counts = torch.bincount(results["kid"], minlength=3)
sums = torch.zeros(3).index_add_(0, results["kid"], results["psnr"])
print("per kernel", counts.tolist(), (sums / counts).round(decimals=2).tolist())
best = torch.topk(results["ssim"], k=3)
worst = torch.topk(results["ssim"], k=3, largest=False)
print("best", [results["name"][i] for i in best.indices], best.values.round(decimals=3))
print("worst", [results["name"][i] for i in worst.indices.tolist()], worst.values.round(decimals=3))
order = torch.argsort(results["psnr"] - results["psnr_in"], descending=True, stable=True)
print("by gain", order.tolist())
summary = {k: v.mean().item() for k, v in results.items() if k not in ("name", "kid")}
print(" | ".join(f"{k}={v:.3f}" for k, v in summary.items()))

buf = io.BytesIO()
torch.save({"results": {k: v for k, v in results.items()}, "summary": summary, "state": model.state_dict()}, buf)
buf.seek(0)
back = torch.load(buf, weights_only=True)
print(sorted(back), torch.equal(back["results"]["psnr"], results["psnr"]), back["results"]["name"][:2],
      back["state"]["blur.weight"].shape, back["summary"] == summary)
