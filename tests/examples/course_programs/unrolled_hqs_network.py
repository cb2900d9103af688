"""A deep-unfolding chapter of a deconvolution course: half-quadratic splitting unrolled into a
network whose data step is a closed-form Fourier-domain solve (psf2otf by F.pad and torch.roll,
conj, abs, complex division, irfft2 / ifft2 with s=) and whose prior step is a small CNN; per-stage
penalty weights kept positive by softplus in an nn.ParameterList, complex tensors built and taken
apart (torch.complex, torch.polar, view_as_real / view_as_complex, real / imag / angle), an
autograd gradient through the whole unrolled solver, stage losses stacked, and a gradient with
respect to the input image from torch.autograd.grad."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(4)
N, H, W, K = 4, 16, 16, 5


def psf2otf(psf, shape):
    k = psf.shape[-1]
    padded = F.pad(psf, (0, shape[1] - k, 0, shape[0] - k))
    return torch.fft.fft2(torch.roll(padded, shifts=(-(k // 2), -(k // 2)), dims=(-2, -1)))


def gaussian(sigma):
    r = torch.arange(K, dtype=torch.float32) - K // 2
    g = torch.exp(-r ** 2 / (2 * sigma ** 2))
    return torch.outer(g, g) / torch.outer(g, g).sum()


class Prior(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(2, ch, 3, padding=1), nn.ReLU(), nn.Conv2d(ch, 1, 3, padding=1))

    def forward(self, x, sigma):
        return x - self.net(torch.cat([x, sigma.expand_as(x)], dim=1))


class UnrolledHQS(nn.Module):
    def __init__(self, stages=3):
        super().__init__()
        self.log_mu = nn.ParameterList([nn.Parameter(torch.tensor(math.log(0.01 * 4 ** i))) for i in range(stages)])
        self.prior = Prior()

    def forward(self, y, otf):
        Y = torch.fft.fft2(y)
        conj_otf = torch.conj(otf)
        denom_base = otf.abs() ** 2
        x = y
        outputs = []
        for log_mu in self.log_mu:
            mu = F.softplus(log_mu)
            X = (conj_otf * Y + mu * torch.fft.fft2(x)) / (denom_base + mu)
            x = torch.fft.ifft2(X).real
            x = self.prior(x, torch.sqrt(1 / mu).view(1, 1, 1, 1))
            outputs.append(x)
        return outputs


sharp = F.avg_pool2d(torch.rand(N, 1, H, W), 3, 1, 1)
otfs = torch.stack([psf2otf(gaussian(s), (H, W)) for s in (0.8, 1.0, 1.2, 1.5)]).unsqueeze(1)
print(otfs.shape, otfs.dtype, otfs.is_complex(), round(otfs.abs().min().item(), 5))
blurred = torch.fft.irfft2(torch.fft.rfft2(sharp) * otfs[..., : W // 2 + 1], s=(H, W)) + 0.005 * torch.randn(N, 1, H, W)
print(blurred.shape, blurred.dtype, round(F.mse_loss(blurred, sharp).item(), 6))

z = torch.complex(torch.tensor([3.0, 0.0]), torch.tensor([4.0, -2.0]))
print(z, z.abs(), z.angle(), z.real, z.imag, z.conj(), torch.view_as_real(z))
p = torch.polar(torch.tensor([2.0, 1.0]), torch.tensor([0.0, math.pi / 2]))
print(p.real.round(decimals=4), p.imag.round(decimals=4), torch.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, -1.0]])))
print((z * p).dtype, (z / p).real.round(decimals=4), torch.exp(1j * torch.tensor([0.0, math.pi])).real.round(decimals=4),
      (z * 2).dtype, (z + 1).imag, torch.fft.ifft(torch.fft.fft(z)).real.round(decimals=4))

model = UnrolledHQS()
print(model, [round(F.softplus(m).item(), 5) for m in model.log_mu])
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
weights = torch.tensor([0.25, 0.5, 1.0])
for it in range(12):
    outs = model(blurred, otfs)
    stage_losses = torch.stack([F.mse_loss(o, sharp) for o in outs])
    loss = (weights * stage_losses).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 4 == 0:
        # (five decimals: float32 results of two libraries agree to a few units in the last place, and a
        # sixth decimal can round either way)
        print(f"it {it}: {loss.item():.5f} stages {[round(v, 5) for v in stage_losses.tolist()]} "
              f"grad mu {[round(m.grad.item(), 5) for m in model.log_mu]}")
print("mu", [round(F.softplus(m).item(), 5) for m in model.log_mu], model.log_mu[0].grad.dtype)

y = blurred[:1].clone().requires_grad_(True)
out = model(y, otfs[:1])[-1]
(g,) = torch.autograd.grad(out.mean(), y)
print(g.shape, round(g.sum().item(), 4), round(g.abs().max().item(), 5), y.grad is None)

w = torch.randn(4, 4, dtype=torch.complex64, requires_grad=True)
target = torch.fft.fft2(torch.rand(4, 4))
opt = torch.optim.SGD([w], lr=0.1)
for it in range(5):
    loss = (w - target).abs().pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(w.grad.dtype, f"{loss.item():.4f}", w.is_complex(), w.dtype)
