"""A deconvolution course's image-restoration network: synthetic piecewise-constant images
blurred by a separable box kernel with noise, a small U-Net (two Conv-BatchNorm-ReLU blocks per
level, MaxPool2d down, bilinear Upsample and ConvTranspose2d up, skip connections with
torch.cat, a residual output), GroupNorm and InstanceNorm variants, a PixelShuffle head,
MaxPool2d with return_indices and MaxUnpool2d, ReduceLROnPlateau on a validation PSNR,
model.eval() for testing, and a list of result tensors saved with torch.save."""
import io

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(5)


def make_images(n, size=16):
    imgs = torch.zeros(n, 1, size, size)
    for i in range(n):
        for _ in range(3):
            r0, c0 = torch.randint(0, size - 4, (2,)).tolist()
            h, w = torch.randint(3, 8, (2,)).tolist()
            imgs[i, 0, r0:r0 + h, c0:c0 + w] = torch.rand(1).item()
    return imgs


def blur(x, k=3):
    kernel = torch.ones(1, 1, 1, k) / k
    x = F.conv2d(F.pad(x, (k // 2, k // 2, 0, 0), mode="replicate"), kernel)
    return F.conv2d(F.pad(x, (0, 0, k // 2, k // 2), mode="replicate"), kernel.transpose(2, 3))


clean = make_images(24)
degraded = (blur(clean) + 0.02 * torch.randn_like(clean)).clamp(0.0, 1.0)
train_clean, val_clean = clean[:20], clean[20:]
train_deg, val_deg = degraded[:20], degraded[20:]
print(clean.shape, round(clean.mean().item(), 4), round(degraded.std().item(), 4))


def block(cin, cout, norm="batch"):
    norms = {"batch": lambda: nn.BatchNorm2d(cout), "group": lambda: nn.GroupNorm(2, cout),
             "instance": lambda: nn.InstanceNorm2d(cout, affine=True)}
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), norms[norm](), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), norms[norm](), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, ch=8, norm="batch", bilinear=True):
        super().__init__()
        self.down1 = block(1, ch, norm)
        self.pool = nn.MaxPool2d(2)
        self.down2 = block(ch, 2 * ch, norm)
        self.bottom = block(2 * ch, 2 * ch, norm)
        if bilinear:
            self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
        else:
            self.up = nn.ConvTranspose2d(2 * ch, 2 * ch, kernel_size=2, stride=2)
        self.up2 = block(4 * ch, ch, norm)
        self.up1 = block(2 * ch, ch, norm)
        self.head = nn.Conv2d(ch, 1, kernel_size=1)
        self.drop = nn.Dropout2d(0.1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool(d1))
        b = self.drop(self.bottom(self.pool(d2)))
        u2 = self.up2(torch.cat([self.up(b), d2], dim=1))
        u1 = self.up1(torch.cat([F.interpolate(u2, scale_factor=2, mode="nearest"), d1], dim=1))
        return x + self.head(u1)


def psnr(a, b):
    return (10 * torch.log10(1.0 / F.mse_loss(a, b))).item()


results = []
for norm, bilinear in [("batch", True), ("group", False), ("instance", True)]:
    torch.manual_seed(0)
    net = UNet(norm=norm, bilinear=bilinear)
    n_params = sum(p.numel() for p in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=0, threshold=0.05)
    for epoch in range(4):
        net.train()
        for i in range(0, 20, 5):
            opt.zero_grad()
            loss = F.mse_loss(net(train_deg[i:i + 5]), train_clean[i:i + 5])
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            val_psnr = psnr(net(val_deg), val_clean)
        plateau.step(val_psnr)
        print(f"{norm:8s} epoch {epoch} loss {loss.item():.3f} val PSNR {val_psnr:.2f} lr {opt.param_groups[0]['lr']}")
    with torch.no_grad():
        restored = net(val_deg).clamp(0, 1)
    results.append(restored)
    print(norm, n_params, restored.shape, round(psnr(val_deg, val_clean), 3))
print(UNet(norm="group", bilinear=False))

buffer = io.BytesIO()
torch.save(results, buffer)
buffer.seek(0)
loaded = torch.load(buffer)
print(type(loaded).__name__, len(loaded), all(torch.equal(a, b) for a, b in zip(loaded, results)))
buffer = io.BytesIO()
torch.save({"clean": val_clean, "degraded": val_deg, "names": ["a", "b"]}, buffer)
buffer.seek(0)
print(sorted(torch.load(buffer, weights_only=True)))

x = torch.arange(16.0).reshape(1, 1, 4, 4)
pool = nn.MaxPool2d(2, stride=2, return_indices=True)
unpool = nn.MaxUnpool2d(2, stride=2)
pooled, indices = pool(x)
print(pooled, indices, unpool(pooled, indices))
print(nn.PixelShuffle(2)(torch.arange(8.0).reshape(1, 4, 1, 2)), nn.PixelUnshuffle(2)(x).shape)
head = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.PixelShuffle(2))
print(head(torch.ones(1, 1, 3, 3)).shape, head)
print(nn.Upsample(size=(3, 5), mode="bilinear")(x).shape, F.interpolate(x, scale_factor=1.5, mode="bilinear").shape)
print(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)(x).shape, nn.AdaptiveMaxPool2d((2, 3))(x))
