"""A restoration course's DnCNN chapter: a residual denoiser (Conv-BatchNorm-ReLU body predicting
the noise, subtracted from the input) built in a loop with nn.Sequential(*layers), orthogonal
initialisation, BatchNorm2d running statistics in train and eval, SGD with momentum and
MultiStepLR, clip_grad_norm_ every step; then a small super-resolution net fed with the low-res
image upsampled by F.interpolate (nearest, bicubic with align_corners, scale_factor and size),
the reconstructions clamped, and PSNR per image compared across the two interpolations."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class DnCNN(nn.Module):
    def __init__(self, depth=5, channels=12, image_channels=1):
        super().__init__()
        layers = [nn.Conv2d(image_channels, channels, 3, padding=1, bias=True), nn.ReLU(inplace=True)]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(channels, channels, 3, padding=1, bias=False),
                       nn.BatchNorm2d(channels, eps=1e-4, momentum=0.95), nn.ReLU(inplace=True)]
        layers.append(nn.Conv2d(channels, image_channels, 3, padding=1, bias=False))
        self.dncnn = nn.Sequential(*layers)
        self._initialize_weights()

    def forward(self, x):
        noise = self.dncnn(x)
        return x - noise

    def _initialize_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.orthogonal_(m.weight)
                if m.bias is not None:
                    nn.init.constant_(m.bias, 0)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)


def smooth_images(n, size=16, g=None):
    yy, xx = torch.meshgrid(torch.linspace(-1, 1, size), torch.linspace(-1, 1, size), indexing='ij')
    params = torch.rand(n, 4, generator=g)
    imgs = 0.5 + 0.4 * torch.sin(3 * params[:, 0, None, None] * xx + 6 * params[:, 1, None, None] * yy
                                 + 6 * params[:, 2, None, None]) * params[:, 3, None, None]
    return imgs.unsqueeze(1)


def psnr(a, b):
    mse = ((a - b) ** 2).flatten(1).mean(1)
    return 10 * torch.log10(1 / mse)


g = torch.Generator().manual_seed(100)
clean = smooth_images(24, g=g)
noisy = clean + 25 / 255 * torch.randn(clean.shape, generator=g)
print(clean.shape, f"{psnr(noisy, clean).mean().item():.3f}")

torch.manual_seed(0)
model = DnCNN()
print(model.dncnn[:4], len(model.dncnn), sum(p.numel() for p in model.parameters()))
print(model.dncnn[3].running_mean.shape, model.dncnn[3].num_batches_tracked, model.dncnn[3].momentum)
w = model.dncnn[0].weight.view(12, -1)
print(torch.allclose(w @ w.T, torch.eye(12), atol=1e-5) or torch.allclose(w.T @ w, torch.eye(9), atol=1e-5))
optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[4, 7], gamma=0.2)
criterion = nn.MSELoss(reduction='sum')
for epoch in range(9):
    model.train()
    total = 0.0
    for i in range(0, 20, 5):
        optimizer.zero_grad()
        loss = criterion(model(noisy[i:i + 5]), clean[i:i + 5]) / 2
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.4)
        optimizer.step()
        total += loss.item()
    scheduler.step()
    model.eval()
    with torch.no_grad():
        val = psnr(model(noisy[20:]).clamp(0, 1), clean[20:])
    print(f"epoch {epoch} loss {total:.3f} lr {scheduler.get_last_lr()[0]:.5f} val PSNR {val.mean():.3f}")
bn = model.dncnn[3]
print(bn.num_batches_tracked, bn.running_mean[:3], bn.running_var[:3])
model.train()
with torch.no_grad():
    train_mode = model(noisy[20:])
model.eval()
with torch.no_grad():
    eval_mode = model(noisy[20:])
print(torch.allclose(train_mode, eval_mode), bn.num_batches_tracked)

low = F.avg_pool2d(clean, 2)
print(low.shape)
for mode, kwargs in [("nearest", {}), ("bilinear", {"align_corners": False}), ("bicubic", {"align_corners": False}),
                     ("bicubic", {"align_corners": True})]:
    up = F.interpolate(low, scale_factor=2, mode=mode, **kwargs)
    print(mode, kwargs, up.shape, f"{psnr(up.clamp(0, 1), clean).mean().item():.3f}", f"{up.min().item():.4f}")
print(F.interpolate(low, size=(12, 20), mode='bicubic', align_corners=False).shape,
      F.interpolate(low[:1], size=10, mode='nearest')[0, 0, 0, :5])
x = torch.arange(16.0).view(1, 1, 4, 4)
print(F.interpolate(x, scale_factor=1.5, mode='bicubic', align_corners=False))
print(F.interpolate(x, scale_factor=0.5, mode='nearest'), F.interpolate(x, size=(3, 3), mode='nearest-exact'))


class SRNet(nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.mode = mode
        self.body = nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.PReLU(16), nn.Conv2d(16, 8, 3, padding=1),
                                  nn.PReLU(), nn.Conv2d(8, 1, 3, padding=1))

    def forward(self, lr_img):
        up = F.interpolate(lr_img, scale_factor=2, mode=self.mode, **({} if self.mode == "nearest" else {"align_corners": False}))
        return up + self.body(up)


for mode in ["nearest", "bicubic"]:
    torch.manual_seed(1)
    net = SRNet(mode)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    for step in range(25):
        opt.zero_grad()
        loss = F.l1_loss(net(low[:20]), clean[:20])
        loss.backward()
        opt.step()
    with torch.no_grad():
        sr = net(low[20:]).clamp_(0.0, 1.0)
    print(mode, f"loss {loss.item():.5f}", [f"{v:.1f}" for v in psnr(sr, clean[20:]).tolist()], net.body[1].weight[:3])
