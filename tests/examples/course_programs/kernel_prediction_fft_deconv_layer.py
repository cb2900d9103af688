"""A kernel-prediction network for blind deblurring: a small CNN reads the blurry image and
predicts a 15x15 blur kernel (softmax over the flattened logits with a learned temperature,
its centre of mass checked), a differentiable non-blind Wiener layer in the Fourier
domain (psf2otf by F.pad + torch.roll, rfft2 / irfft2 with s=, a learned log-regulariser)
restores the sharp image, and the loss is on the sharp image only (the kernel is never
supervised). Printed: shapes, losses, the kernel's sum and centre, PSNR before and after."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(11)
N, H, W, K = 6, 32, 32, 15


def make_sharp(n, g):
    yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float32), torch.arange(W, dtype=torch.float32), indexing="ij")
    imgs = []
    for _ in range(n):
        img = torch.full((H, W), 0.2)
        for _ in range(4):
            cy, cx = (torch.rand(2, generator=g) * torch.tensor([H, W])).tolist()
            r = 3 + 5 * torch.rand((), generator=g).item()
            img = torch.where((yy - cy) ** 2 + (xx - cx) ** 2 < r * r, torch.rand((), generator=g) * 0.8 + 0.2, img)
        imgs.append(img)
    return torch.stack(imgs)[:, None]


def line_kernel(length, angle):
    t = torch.linspace(-length / 2, length / 2, 60)
    ys = (K // 2 + t * math.sin(angle)).round().long().clamp_(0, K - 1)
    xs = (K // 2 + t * math.cos(angle)).round().long().clamp_(0, K - 1)
    k = torch.zeros(K * K).scatter_add_(0, ys * K + xs, torch.ones(60))
    return (k / k.sum()).view(K, K)


def psf2otf(k, shape):
    """Pad (..., K, K) kernels to shape and roll their centre to the origin; rfft2 of that."""
    kh, kw = k.shape[-2:]
    padded = F.pad(k, (0, shape[1] - kw, 0, shape[0] - kh))
    padded = torch.roll(padded, shifts=(-(kh // 2), -(kw // 2)), dims=(-2, -1))
    return torch.fft.rfft2(padded, s=shape)


def fft_blur(x, k):
    return torch.fft.irfft2(torch.fft.rfft2(x) * psf2otf(k, x.shape[-2:]), s=x.shape[-2:])


g = torch.Generator().manual_seed(5)
sharp = make_sharp(N, g)
true_k = torch.stack([line_kernel(4 + 8 * torch.rand((), generator=g).item(), math.pi * torch.rand((), generator=g).item())
                      for _ in range(N)])[:, None]
blurry = fft_blur(sharp, true_k) + 0.005 * torch.randn(N, 1, H, W, generator=g)
print(sharp.shape, true_k.shape, blurry.dtype, psf2otf(true_k, (H, W)).shape, psf2otf(true_k, (H, W)).dtype)
print("kernel sums", true_k.sum(dim=(-1, -2)).flatten().round(decimals=4).tolist())
print("nonzeros", (true_k > 0).sum(dim=(1, 2, 3)).tolist())


class KernelNet(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, ch, 5, padding=2, padding_mode="reflect"), nn.LeakyReLU(0.1),
            nn.Conv2d(ch, ch, 3, stride=2, padding=1), nn.LeakyReLU(0.1),
            nn.Conv2d(ch, 2 * ch, 3, stride=2, padding=1), nn.LeakyReLU(0.1),
            nn.AdaptiveAvgPool2d((4, 4)), nn.Flatten(start_dim=1))
        self.head = nn.Linear(2 * ch * 16, K * K)
        self.log_temp = nn.Parameter(torch.zeros(()))

    def forward(self, y):
        logits = self.head(self.features(y)) / self.log_temp.exp()
        return F.softmax(logits, dim=-1).unflatten(-1, (K, K)).unsqueeze(1)


class WienerLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.log_reg = nn.Parameter(torch.tensor(math.log(1e-2)))
        lap = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
        self.register_buffer("lap", lap)

    def forward(self, y, k):
        otf = psf2otf(k, y.shape[-2:])
        lap = psf2otf(self.lap, y.shape[-2:])
        num = torch.conj(otf) * torch.fft.rfft2(y)
        den = otf.abs().square() + self.log_reg.exp() * lap.abs().square()
        return torch.fft.irfft2(num / den, s=y.shape[-2:])


def psnr(a, b):
    return 10 * torch.log10(1 / F.mse_loss(a, b, reduction="none").mean(dim=(1, 2, 3)))


def centre(k):
    ax = torch.arange(K, dtype=k.dtype) - K // 2
    return torch.stack([(k.sum(-1) * ax).sum(-1), (k.sum(-2) * ax).sum(-1)], -1)


net, layer = KernelNet(), WienerLayer()
print(sum(p.numel() for p in net.parameters()), [n for n, _ in layer.named_parameters()], list(layer.state_dict()))
opt = torch.optim.Adam([{"params": net.parameters()}, {"params": layer.parameters(), "lr": 5e-2}], lr=3e-3)
for step in range(25):
    k_hat = net(blurry)
    x_hat = layer(blurry, k_hat)
    loss = F.l1_loss(x_hat, sharp) + 0.1 * F.mse_loss(fft_blur(x_hat, k_hat), blurry)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    gnorm = nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    if step % 6 == 0 or step == 24:
        print(f"{step:2d} loss {loss.item():.5f} gnorm {gnorm.item():.3f} reg {layer.log_reg.exp().item():.5f} "
              f"temp {net.log_temp.exp().item():.4f}")

with torch.no_grad():
    k_hat = net(blurry)
    x_hat = layer(blurry, k_hat).clamp(0, 1)
print(k_hat.shape, k_hat.sum(dim=(-1, -2)).flatten().allclose(torch.ones(N)), x_hat.requires_grad)
print("centre", centre(k_hat[:, 0]).abs().max().item() < 7.5)
print((centre(true_k[:, 0]).round(decimals=3) + 0.0)[:3].tolist())
print("PSNR blurry", psnr(blurry, sharp).round(decimals=2).tolist())
print("PSNR restored", psnr(x_hat, sharp).round(decimals=2).tolist())
print("kernel peak", k_hat.flatten(1).max(1).values.round(decimals=4).tolist(), k_hat.flatten(1).argmax(1).tolist())
