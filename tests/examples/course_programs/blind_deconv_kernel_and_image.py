"""A blind-deconvolution course's end-to-end lab: random sharp images (rectangles and
disks on a smooth background), random Gaussian PSFs of random width and anisotropy and random
motion PSFs (line segments drawn by rounding points along an angle), both normalised to sum 1,
blur by F.conv2d with reflect / replicate / circular padding, Gaussian noise with a chosen
SNR, a two-headed CNN that predicts the sharp image (residual) and the kernel (a softmax over
the flattened kernel), trained with an image loss plus a kernel loss plus a re-blur
consistency loss, PSNR before and after, and the predicted kernel's centre of mass."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)
H = W = 24
K = 7


def sharp_image(g):
    yy, xx = torch.meshgrid(torch.linspace(0, 1, H), torch.linspace(0, 1, W), indexing="ij")
    img = 0.3 + 0.2 * torch.sin(2 * math.pi * (xx * torch.rand(1, generator=g) + yy))
    for _ in range(3):
        x0, y0 = torch.rand(2, generator=g).tolist()
        if torch.rand(1, generator=g).item() < 0.5:
            mask = ((xx - x0).abs() < 0.15) & ((yy - y0).abs() < 0.1)
        else:
            mask = (xx - x0) ** 2 + (yy - y0) ** 2 < 0.02
        img = torch.where(mask, torch.rand(1, generator=g), img)
    return img.clamp(0, 1)


def gaussian_psf(sx, sy, theta):
    ax = torch.arange(K, dtype=torch.float32) - K // 2
    yy, xx = torch.meshgrid(ax, ax, indexing="ij")
    c, s = math.cos(theta), math.sin(theta)
    u, v = c * xx + s * yy, -s * xx + c * yy
    k = torch.exp(-(u ** 2 / (2 * sx ** 2) + v ** 2 / (2 * sy ** 2)))
    return k / k.sum()


def motion_psf(length, angle):
    k = torch.zeros(K, K)
    t = torch.linspace(-length / 2, length / 2, 4 * K)
    xs = (K // 2 + t * math.cos(angle)).round().long().clamp(0, K - 1)
    ys = (K // 2 + t * math.sin(angle)).round().long().clamp(0, K - 1)
    k.index_put_((ys, xs), torch.ones(len(t)), accumulate=True)
    return k / k.sum()


g = torch.Generator().manual_seed(7)
sharp, kernels = [], []
for i in range(16):
    sharp.append(sharp_image(g))
    if i % 2 == 0:
        sx, sy = (0.6 + 1.4 * torch.rand(2, generator=g)).tolist()
        kernels.append(gaussian_psf(sx, sy, torch.rand(1, generator=g).item() * math.pi))
    else:
        kernels.append(motion_psf(2 + 4 * torch.rand(1, generator=g).item(), torch.rand(1, generator=g).item() * math.pi))
sharp = torch.stack(sharp).unsqueeze(1)
kernels = torch.stack(kernels).unsqueeze(1)
print(sharp.shape, kernels.shape, kernels.sum(dim=(1, 2, 3)).allclose(torch.ones(16)))
print(torch.round(kernels[1, 0], decimals=3))
print((kernels > 0).sum(dim=(1, 2, 3)).tolist())


def blur(x, k, mode="reflect"):
    """Blur each image of x (N,1,H,W) with its own kernel k (N,1,K,K) as one grouped conv."""
    n = x.shape[0]
    xp = F.pad(x, (K // 2,) * 4, mode=mode)
    out = F.conv2d(xp.view(1, n, *xp.shape[2:]), k.flip(-1, -2), groups=n)
    return out.view(n, 1, H, W)


for mode in ("reflect", "replicate", "circular", "constant"):
    b = blur(sharp, kernels, mode)
    print(mode, round(b.mean().item(), 4), round((b - sharp).abs().max().item(), 4))
blurred = blur(sharp, kernels)
snr_db = 30.0
sigma = blurred.std(dim=(1, 2, 3), keepdim=True) / (10 ** (snr_db / 20))
noisy = blurred + sigma * torch.randn(blurred.shape, generator=g)
print(sigma.flatten()[:4], noisy.shape)


def psnr(a, b):
    mse = ((a - b) ** 2).flatten(1).mean(1)
    return 10 * torch.log10(1.0 / mse)


print("blurred PSNR", psnr(noisy, sharp).mean().item().__round__(2))


class TwoHead(nn.Module):
    def __init__(self, ch=12):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, ch, 3, padding=1), nn.ReLU(),
            nn.Conv2d(ch, ch, 3, padding=2, dilation=2), nn.ReLU(),
            nn.Conv2d(ch, ch, 3, padding=1), nn.ReLU())
        self.image_head = nn.Conv2d(ch, 1, 3, padding=1)
        self.kernel_head = nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(ch * 16, K * K))

    def forward(self, y):
        f = self.body(y)
        x = y + self.image_head(f)
        k = F.softmax(self.kernel_head(f), dim=-1).view(-1, 1, K, K)
        return x, k


net = TwoHead()
for m in net.modules():
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        nn.init.zeros_(m.bias)
nn.init.normal_(net.kernel_head[-1].weight, std=0.01)
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
for step in range(40):
    x_hat, k_hat = net(noisy)
    loss_img = F.l1_loss(x_hat, sharp)
    loss_k = F.mse_loss(k_hat, kernels) * K * K
    loss_re = F.mse_loss(blur(x_hat, k_hat), noisy)
    loss = loss_img + 0.5 * loss_k + loss_re
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0 or step == 39:
        print(step, f"{loss.item():.4f} img {loss_img.item():.4f} k {loss_k.item():.4f} re {loss_re.item():.5f}")

net.eval()
with torch.no_grad():
    x_hat, k_hat = net(noisy)
print("restored PSNR", round(psnr(x_hat.clamp(0, 1), sharp).mean().item(), 2), x_hat.requires_grad, k_hat.shape)
print(torch.allclose(k_hat.sum(dim=(-1, -2)), torch.ones(16, 1)), k_hat.min().item() > 0)
ax = torch.arange(K, dtype=torch.float32) - K // 2
com_y = (k_hat[:, 0].sum(-1) * ax).sum(-1)
com_x = (k_hat[:, 0].sum(-2) * ax).sum(-1)
print(torch.stack([com_y, com_x], 1)[:3].abs().max().item() < 1.0, k_hat[0, 0].argmax().item(), kernels[0, 0].argmax().item())
print(f"{F.mse_loss(k_hat, kernels).item():.3e}", x_hat.grad_fn is None, loss.grad_fn.name())
