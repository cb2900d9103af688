"""A deblurring course's toolbox: a Gaussian and a motion blur kernel applied per channel with
conv2d(groups=C) under zero, reflect, replicate and circular padding (F.pad and padding_mode),
noise and clamp, PSNR per batch and per image, a small encoder-decoder (strided conv,
BatchNorm, ConvTranspose2d, Upsample, a skip connection) trained with L1 + MSE, interpolate in
its modes, a blur kernel estimated by gradient descent on a known pair, a non-blind
deconvolution by gradient descent with a total-variation prior, patches by unfold, and a
median filter from them."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)
x = torch.from_numpy(rng.uniform(size=(2, 3, 16, 16)).astype(np.float32))


def gaussian_kernel(size=5, sigma=1.0):
    ax = torch.arange(size, dtype=torch.float32) - (size - 1) / 2
    g = torch.exp(-ax ** 2 / (2 * sigma ** 2))
    k = torch.outer(g, g)
    return k / k.sum()


k = gaussian_kernel()
C = x.shape[1]
weight = k.expand(C, 1, 5, 5)
print(k.shape, round(k.sum().item(), 5), round(k.max().item(), 5), weight.shape, weight.is_contiguous())
blurred = F.conv2d(x, weight, padding=2, groups=C)
print(blurred.shape, round(blurred.mean().item(), 4))
for mode in ("reflect", "circular", "replicate"):
    b = F.conv2d(F.pad(x, (2, 2, 2, 2), mode=mode), weight, groups=C)
    print(mode, tuple(b.shape), round(b.mean().item(), 4), round(b.std().item(), 4))
b = F.conv2d(F.pad(x, (2, 2, 2, 2), value=0.5), weight.contiguous(), groups=C)
print("constant", round(b.mean().item(), 4))
print(torch.allclose(F.conv2d(x, k[None, None].repeat(C, 1, 1, 1), padding="same", groups=C), blurred, atol=1e-6))
motion = torch.zeros(7, 7)
motion[3, :] = 1.0 / 7
print(round(F.conv2d(x.view(-1, 1, 16, 16), motion.view(1, 1, 7, 7), padding=3).view(2, 3, 16, 16).sum().item(), 2))
noisy = (blurred + 0.01 * torch.from_numpy(rng.normal(size=blurred.shape).astype(np.float32))).clamp(0, 1)
print(noisy.min().item() >= 0, noisy.max().item() <= 1)


def psnr(a, b, max_val=1.0):
    return 10 * torch.log10(max_val ** 2 / F.mse_loss(a, b))


def psnr_per_image(a, b):
    return 20 * torch.log10(1.0 / torch.sqrt(((a - b) ** 2).mean(dim=(1, 2, 3))))


print(round(psnr(noisy, x).item(), 2), [round(v, 2) for v in psnr_per_image(noisy, x).tolist()])


class DeblurNet(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.enc1 = nn.Sequential(nn.Conv2d(3, ch, 3, padding=1, padding_mode="reflect"), nn.ReLU())
        self.enc2 = nn.Sequential(nn.Conv2d(ch, 2 * ch, 3, stride=2, padding=1), nn.BatchNorm2d(2 * ch), nn.ReLU())
        self.dec2 = nn.ConvTranspose2d(2 * ch, ch, kernel_size=4, stride=2, padding=1)
        self.dec1 = nn.Conv2d(2 * ch, 3, 3, padding=1, padding_mode="replicate")
        self.up = nn.Upsample(scale_factor=2, mode="nearest")

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        d2 = F.relu(self.dec2(e2)) + self.up(e2)[:, :e1.shape[1]]
        return x + self.dec1(torch.cat([d2, e1], dim=1))


net = DeblurNet()
print(net)
with torch.no_grad():
    for i, p in enumerate(net.parameters()):
        p.copy_(torch.from_numpy(np.cos(np.arange(p.numel(), dtype=np.float32) + i).reshape(p.shape) * 0.05))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for step in range(15):
    opt.zero_grad()
    out = net(noisy)
    loss = F.l1_loss(out, x) + 0.1 * F.mse_loss(out, x)
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 3))
net.eval()
print(net(noisy).grad_fn.name(), net.enc2[1].running_mean.shape, net.enc2[1].num_batches_tracked)
with torch.no_grad():
    restored = net(noisy).clamp_(0, 1)
print(round(psnr(restored, x).item(), 1), restored.dtype, restored.requires_grad)

small = F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False)
for t in (small, F.interpolate(small, size=(16, 16), mode="bicubic", align_corners=False),
          F.interpolate(small, scale_factor=2, mode="nearest"), F.interpolate(x, size=(4, 4), mode="area"),
          F.interpolate(x, size=(9, 9), mode="bilinear", align_corners=True)):
    print(tuple(t.shape), round(t.mean().item(), 4), round(t.abs().max().item(), 4))
print(F.avg_pool2d(x, 2).shape, F.max_pool2d(x, 3, stride=2, padding=1).shape, F.pixel_shuffle(torch.ones(1, 12, 4, 4), 2).shape)

estimate = torch.full((1, 1, 5, 5), 1 / 25, requires_grad=True)
optk = torch.optim.SGD([estimate], lr=5.0)
gray = x.mean(1, keepdim=True)
target = F.conv2d(gray, k.view(1, 1, 5, 5), padding=2)
for it in range(30):
    optk.zero_grad()
    loss = F.mse_loss(F.conv2d(gray, estimate, padding=2), target)
    loss.backward()
    optk.step()
    with torch.no_grad():
        estimate.clamp_(min=0)
        estimate /= estimate.sum()
print(f"{loss.item():.3g}", round((estimate.detach()[0, 0] - k).abs().max().item(), 3))

latent = noisy.clone().requires_grad_(True)
opt = torch.optim.Adam([latent], lr=0.05)
for it in range(20):
    opt.zero_grad()
    reblurred = F.conv2d(F.pad(latent, (2, 2, 2, 2), mode="reflect"), weight, groups=C)
    tv = (latent[..., 1:, :] - latent[..., :-1, :]).abs().mean() + (latent[..., :, 1:] - latent[..., :, :-1]).abs().mean()
    loss = F.mse_loss(reblurred, noisy) + 0.001 * tv
    loss.backward()
    opt.step()
print(round(loss.item(), 4), round(psnr(latent.detach().clamp(0, 1), x).item(), 1))

img_u8 = (restored[0].permute(1, 2, 0) * 255).round().to(torch.uint8)
print(img_u8.shape, img_u8.dtype, img_u8.max().item() <= 255, torch.flip(x, dims=[3]).shape, torch.rot90(x, 1, dims=(2, 3)).shape)
patches = F.pad(noisy, (1, 1, 1, 1), mode="reflect").unfold(2, 3, 1).unfold(3, 3, 1)
median = patches.reshape(*patches.shape[:4], 9).median(dim=-1).values
print(patches.shape, median.shape, round(psnr(median, x).item(), 2), torch.equal(median, median.clamp(0, 1)))
