"""fast.ai part 2 (lessons 18-21), from scratch on synthetic data: augmentation by random crops, flips and
erasing (``randint``, ``flip``/``fliplr``/``rot90``, ``init.normal_`` on a slice); a DDPM noise schedule
(``linspace``, ``cumprod``, alpha-bar gathered by index four ways), a tiny noise-predicting network trained on
it, the sampling loop under ``no_grad`` (``randn_like``, ``full``) and a DDIM-style step."""
import math
import random
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

torch.manual_seed(0)
xb = torch.arange(2 * 1 * 6 * 6, dtype=torch.float32).view(2, 1, 6, 6)
def rand_crop(x, sz, pad=1):
    x = F.pad(x, (pad,) * 4)
    i, j = torch.randint(0, x.shape[-1] - sz + 1, (2,)).tolist()
    return x[..., i:i + sz, j:j + sz]
print(rand_crop(xb, 6)[0, 0])
def rand_flip(x, p=0.5):
    mask = torch.rand(x.shape[0]) < p
    x = x.clone(); x[mask] = x[mask].flip(-1)
    return x
print(rand_flip(xb)[:, 0, 0])
print(xb.flip(3)[0, 0, 0], xb.flip(-1, -2)[0, 0, 0], torch.flip(xb, [2])[0, 0, :, 0])
print(torch.fliplr(xb[0, 0])[0], torch.flipud(xb[0, 0])[0], xb.flip(-1).stride(), xb.flip(-1).is_contiguous())
print(torch.randint(0, 10, (5,)), torch.randint(10, (2, 2)).dtype, torch.randint(3, 10, size=(3,), dtype=torch.uint8))
print(torch.randint_like(xb[0, 0, 0], 5), torch.randint(0, 2, (3,), generator=torch.Generator().manual_seed(1)))
print(torch.rand(2, 2) > 0.5, torch.bernoulli(torch.full((4,), 0.5)))
class RandErase(nn.Module):
    def __init__(self, pct=0.2): super().__init__(); self.pct = pct
    def forward(self, x):
        szx = int(self.pct * x.shape[-2]); szy = int(self.pct * x.shape[-1])
        stx = int(random.random() * (1 - self.pct) * x.shape[-2]); sty = int(random.random() * (1 - self.pct) * x.shape[-1])
        x = x.clone()
        init.normal_(x[:, :, stx:stx + szx, sty:sty + szy], mean=x.mean().item(), std=x.std().item())
        return x.clamp(x.min(), x.max())
from torch.nn import init
random.seed(0)
print(RandErase(0.5)(xb)[0, 0].shape)
print(xb.roll(1, -1)[0, 0, 0], torch.rot90(xb, 1, (2, 3))[0, 0, 0], xb.transpose(-1, -2).flip(-1)[0, 0, 0])

# DDPM
n_steps, betamin, betamax = 100, 0.0001, 0.02
beta = torch.linspace(betamin, betamax, n_steps)
alpha = 1. - beta
alphabar = alpha.cumprod(dim=0)
sigma = beta.sqrt()
print(beta[:3], alphabar[-3:], sigma.dtype, alpha.log().cumsum(0).exp().allclose(alphabar))
def abar(t, T=n_steps): return (t / T * math.pi / 2).cos() ** 2
print(abar(torch.linspace(0, 1, 5) * n_steps))
def noisify(x0, ᾱ):
    device = x0.device
    n = len(x0)
    t = torch.randint(0, n_steps, (n,), dtype=torch.long)
    ε = torch.randn(x0.shape, device=device)
    ᾱ_t = ᾱ[t].reshape(-1, 1, 1, 1).to(device)
    xt = ᾱ_t.sqrt() * x0 + (1 - ᾱ_t).sqrt() * ε
    return (xt, t.to(device)), ε
torch.manual_seed(1)
x0 = torch.rand(8, 1, 8, 8) * 2 - 1
(xt, t), ε = noisify(x0, alphabar)
print(t, xt.shape, ε.std().round(decimals=3))
print(alphabar.gather(0, t)[:3], alphabar[t][:3], torch.take(alphabar, t)[:3], alphabar.index_select(0, t)[:3])

class TinyUnet(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(n_steps, 8)
        self.c1 = nn.Conv2d(1, 8, 3, padding=1); self.c2 = nn.Conv2d(8, 8, 3, padding=1); self.c3 = nn.Conv2d(8, 1, 3, padding=1)
        self.gn = nn.GroupNorm(2, 8)
    def forward(self, x, t):
        h = F.silu(self.gn(self.c1(x))) + self.emb(t)[:, :, None, None]
        return self.c3(F.silu(self.c2(h)))
torch.manual_seed(2)
model = TinyUnet()
opt = torch.optim.Adam(model.parameters(), lr=3e-3, eps=1e-5)
for i in range(15):
    (xt, t), ε = noisify(x0, alphabar)
    loss = F.mse_loss(model(xt, t), ε)
    loss.backward(); nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step(); opt.zero_grad()
print(round(loss.item(), 4))

@torch.no_grad()
def sample(model, sz):
    ps = next(model.parameters())
    x_t = torch.randn(sz)
    preds = []
    for t in reversed(range(n_steps)):
        t_batch = torch.full((x_t.shape[0],), t, device=ps.device, dtype=torch.long)
        z = (torch.randn(x_t.shape) if t > 0 else torch.zeros(x_t.shape)).to(ps)
        ᾱ_t1 = alphabar[t - 1] if t > 0 else torch.tensor(1)
        b̄_t = 1 - alphabar[t]; b̄_t1 = 1 - ᾱ_t1
        noise = model(x_t, t_batch)
        x_0_hat = ((x_t - b̄_t.sqrt() * noise) / alphabar[t].sqrt()).clamp(-1, 1)
        x_t = x_0_hat * ᾱ_t1.sqrt() * (1 - alpha[t]) / b̄_t + x_t * alpha[t].sqrt() * b̄_t1 / b̄_t + sigma[t] * z
        if t % 25 == 0: preds.append(x_t.float().cpu())
    return preds
torch.manual_seed(3)
samples = sample(model, (2, 1, 8, 8))
print(len(samples), samples[-1].shape, samples[-1].mean().round(decimals=3), samples[-1].requires_grad)
print(torch.randn_like(x0).shape, torch.randn_like(x0, dtype=torch.float64).dtype, torch.rand_like(x0)[0, 0, 0, :3])
# DDIM-style step with skips
def ddim_step(x_t, noise, abar_t, abar_t1, eta=0.):
    sig = ((1 - abar_t1) / (1 - abar_t)).sqrt() * (1 - abar_t / abar_t1).sqrt() * eta
    x0h = (x_t - (1 - abar_t).sqrt() * noise) / abar_t.sqrt()
    return abar_t1.sqrt() * x0h + (1 - abar_t1 - sig ** 2).sqrt() * noise + sig * torch.randn_like(x_t)
xs = torch.randn(1, 1, 8, 8)
with torch.no_grad():
    for t in range(n_steps - 1, 0, -20):
        xs = ddim_step(xs, model(xs, torch.tensor([t])), alphabar[t], alphabar[max(t - 20, 0)], eta=1.)
print(xs.std().round(decimals=3), xs.dtype)
print(torch.linspace(0, 1, 5, dtype=torch.float64), torch.linspace(-1, 1, steps=1), torch.linspace(0, 10, 4).long())
print(torch.tensor(1) * alphabar[5], (torch.tensor(1) - alphabar[5]).dtype)
