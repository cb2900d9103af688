"""A course's "building CNNs like the tutorials" chapter: a feature extractor as nn.Sequential of
an OrderedDict, residual blocks kept in an nn.ModuleList, GroupNorm / InstanceNorm2d / BatchNorm2d
chosen by name, Dropout2d, a PixelShuffle upsampler next to nn.Upsample and F.interpolate
(bilinear, align_corners=False), weights initialised by model.apply with kaiming_normal_
(mode='fan_out', nonlinearity='relu'), xavier_uniform_ with a gain, orthogonal_ and constants,
parameters counted per module, AdamW with custom betas under MultiStepLR, gradients clipped by
norm, and train / eval outputs compared."""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2024)


def norm_layer(kind, channels):
    if kind == "group":
        return nn.GroupNorm(num_groups=4, num_channels=channels)
    if kind == "instance":
        return nn.InstanceNorm2d(channels, affine=True, track_running_stats=False)
    return nn.BatchNorm2d(channels, momentum=0.2)


class ResidualBlock(nn.Module):
    def __init__(self, channels, norm="batch", p_drop=0.1):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)
        self.norm1 = norm_layer(norm, channels)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)
        self.norm2 = norm_layer(norm, channels)
        self.drop = nn.Dropout2d(p_drop)

    def forward(self, x):
        y = F.relu(self.norm1(self.conv1(x)), inplace=True)
        y = self.norm2(self.conv2(self.drop(y)))
        return F.relu(x + y)


class SRNet(nn.Module):
    def __init__(self, channels=8, n_blocks=2, norm="batch", scale=2):
        super().__init__()
        self.head = nn.Sequential(OrderedDict([
            ("conv", nn.Conv2d(1, channels, kernel_size=5, padding=2)),
            ("act", nn.PReLU(channels)),
        ]))
        self.blocks = nn.ModuleList([ResidualBlock(channels, norm) for _ in range(n_blocks)])
        self.upsample = nn.Sequential(OrderedDict([
            ("expand", nn.Conv2d(channels, channels * scale ** 2, kernel_size=3, padding=1)),
            ("shuffle", nn.PixelShuffle(scale)),
            ("act", nn.LeakyReLU(0.1)),
        ]))
        self.tail = nn.Conv2d(channels, 1, kernel_size=3, padding=1)
        self.skip = nn.Upsample(scale_factor=scale, mode="bilinear", align_corners=False)

    def forward(self, x):
        features = self.head(x)
        for block in self.blocks:
            features = block(features)
        return self.tail(self.upsample(features)) + self.skip(x)


def init_weights(module):
    if isinstance(module, nn.Conv2d):
        if module.out_channels == 1:
            nn.init.xavier_uniform_(module.weight, gain=nn.init.calculate_gain("linear"))
        elif module.kernel_size == (5, 5):
            nn.init.orthogonal_(module.weight.view(module.out_channels, -1))
        else:
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.BatchNorm2d, nn.GroupNorm, nn.InstanceNorm2d)):
        if module.weight is not None:
            nn.init.constant_(module.weight, 1.0)
            nn.init.constant_(module.bias, 0.0)
    elif isinstance(module, nn.PReLU):
        nn.init.constant_(module.weight, 0.2)


hr = torch.rand(16, 1, 16, 16)
hr = F.avg_pool2d(F.pad(hr, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
lr_images = F.interpolate(hr, scale_factor=0.5, mode="bilinear", align_corners=False, antialias=False)
print(hr.shape, lr_images.shape, round(lr_images.mean().item(), 5))
baseline = F.interpolate(lr_images, size=hr.shape[-2:], mode="bicubic", align_corners=False)
print("bicubic baseline MSE", round(F.mse_loss(baseline, hr).item(), 6))

for norm in ("batch", "group", "instance"):
    torch.manual_seed(0)
    model = SRNet(norm=norm)
    model.apply(init_weights)
    if norm == "batch":
        print(model)
        print({name: sum(p.numel() for p in child.parameters()) for name, child in model.named_children()})
        rows = model.head.conv.weight.flatten(1)
        print("orthogonal rows:", round((rows @ rows.T - torch.eye(8)).abs().max().item(), 5))
        print(round(model.blocks[0].conv1.weight.std().item(), 4), round(model.tail.weight.abs().max().item(), 4),
              model.blocks[1].norm1.running_var[:2], model.upsample.shuffle)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, betas=(0.9, 0.98), weight_decay=1e-2)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 5], gamma=0.3)
    for epoch in range(6):
        model.train()
        total = 0.0
        for i in range(0, 16, 4):
            opt.zero_grad(set_to_none=True)
            loss = F.l1_loss(model(lr_images[i:i + 4]), hr[i:i + 4])
            loss.backward()
            norm_before = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
            opt.step()
            total += loss.item()
        sched.step()
        print(f"{norm:8s} epoch {epoch} loss {total / 4:.5f} grad norm {norm_before.item():.4f} lr {sched.get_last_lr()[0]:.2e}")
    model.eval()
    with torch.no_grad():
        sr = model(lr_images)
        train_mode_out = model.train()(lr_images[:4])
    print(norm, sr.shape, f"{F.mse_loss(sr, hr).item():.6f}", torch.allclose(sr[:4], train_mode_out, atol=1e-6),
          model.training, model.blocks[0].drop.training)

up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
x = torch.arange(16.0).view(1, 1, 4, 4)
print(up(x)[0, 0, :2], F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False).equal(up(x)))
print(nn.PixelShuffle(2)(torch.arange(16.0).view(1, 4, 2, 2))[0, 0], nn.Dropout2d(0.5).eval()(x).equal(x))
drop = nn.Dropout2d(p=0.5)
torch.manual_seed(1)
mask = drop(torch.ones(2, 6, 3, 3))
print(mask[:, :, 0, 0], mask.sum().item(), (mask.amax(dim=(2, 3)) == mask.amin(dim=(2, 3))).all().item())
