"""A course's "going back up" chapter for restoration decoders: ConvTranspose2d output sizes
(stride, padding, output_padding, dilation, groups, and output_size= at call time), the
checkerboard of a stride-2 transposed conv on a constant image, F.interpolate in every mode
(nearest, nearest-exact, bilinear and bicubic with and without align_corners, area,
antialias=True for downsampling, scale factors with recompute_scale_factor), nn.Upsample and
nn.UpsamplingBilinear2d, PixelShuffle / PixelUnshuffle round trips, MaxPool2d with
return_indices undone by MaxUnpool2d, and three small decoders (transposed conv, resize-conv,
sub-pixel) trained to upsample a low-resolution image, compared by loss and parameter count."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(1, 4, 5, 5)
for kw in (dict(stride=2), dict(stride=2, padding=1), dict(stride=2, padding=1, output_padding=1),
           dict(stride=3, dilation=2), dict(stride=2, groups=2), dict(stride=1, padding=2)):
    up = nn.ConvTranspose2d(4, 6, kernel_size=3, **kw)
    y = up(x)
    print(kw, tuple(y.shape), tuple(up.weight.shape), y.grad_fn.name())
up = nn.ConvTranspose2d(4, 2, kernel_size=3, stride=2, padding=1)
print(up(x, output_size=[10, 10]).shape, up(x, output_size=(9, 9)).shape)
try:
    up(x, output_size=(12, 12))
except ValueError as e:
    print("ValueError:", e)

ct = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, bias=False)
nn.init.constant_(ct.weight, 1.0)
print(ct(torch.ones(1, 1, 3, 3))[0, 0].detach())

img = torch.arange(16.0).view(1, 1, 4, 4)
for mode, extra in (("nearest", {}), ("nearest-exact", {}), ("bilinear", {"align_corners": False}),
                    ("bilinear", {"align_corners": True}), ("bicubic", {"align_corners": False}),
                    ("bicubic", {"align_corners": True})):
    out = F.interpolate(img, scale_factor=1.5, mode=mode, **extra)
    print(mode, extra, tuple(out.shape), [round(v, 3) for v in out[0, 0, 1].tolist()])
print(F.interpolate(img, size=(2, 2), mode="area")[0, 0].tolist())
print(F.interpolate(img, size=(2, 3), mode="bilinear", antialias=True, align_corners=False)[0, 0])
print(F.interpolate(img, scale_factor=0.7, mode="bilinear", recompute_scale_factor=True).shape,
      F.interpolate(img, scale_factor=(2, 0.5), mode="nearest").shape)
print(F.interpolate(torch.arange(6.0).view(1, 1, 6), scale_factor=0.5, mode="linear", align_corners=False))
print(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True), nn.UpsamplingBilinear2d(scale_factor=2))
print(torch.allclose(nn.UpsamplingBilinear2d(scale_factor=2)(img), nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)(img)))
print(nn.UpsamplingNearest2d(size=(5, 5))(img)[0, 0, :, 0].tolist())

ps, pu = nn.PixelShuffle(2), nn.PixelUnshuffle(2)
z = torch.randn(2, 8, 3, 3)
print(ps(z).shape, pu(ps(z)).shape, torch.equal(pu(ps(z)), z), ps, pu)
print(F.pixel_unshuffle(img, 2)[0, :, 0, 0].tolist())

pool, unpool = nn.MaxPool2d(2, stride=2, return_indices=True), nn.MaxUnpool2d(2, stride=2)
r = torch.randn(1, 1, 4, 4)
pooled, idx = pool(r)
print(idx, idx.dtype)
restored = unpool(pooled, idx)
print((restored != 0).sum().item(), torch.equal(restored.max(), r.max()), unpool(pooled, idx, output_size=(5, 5)).shape)

hr = torch.zeros(8, 1, 16, 16)
yy, xx = torch.meshgrid(torch.arange(16.0), torch.arange(16.0), indexing="ij")
for i in range(8):
    hr[i, 0] = torch.sin(xx * (0.2 + 0.05 * i)) * torch.cos(yy * 0.3) * 0.5 + 0.5
lr = F.avg_pool2d(hr, 2)


class TransposedDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(1, 8, 3, padding=1)
        self.up = nn.ConvTranspose2d(8, 8, 4, stride=2, padding=1)
        self.tail = nn.Conv2d(8, 1, 3, padding=1)

    def forward(self, x):
        return self.tail(F.relu(self.up(F.relu(self.head(x)))))


class ResizeConvDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(1, 8, 3, padding=1)
        self.up = nn.Sequential(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), nn.Conv2d(8, 8, 3, padding=1))
        self.tail = nn.Conv2d(8, 1, 3, padding=1)

    def forward(self, x):
        return self.tail(F.relu(self.up(F.relu(self.head(x)))))


class SubPixelDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(1, 8, 3, padding=1)
        self.up = nn.Sequential(nn.Conv2d(8, 4 * 8, 3, padding=1), nn.PixelShuffle(2))
        self.tail = nn.Conv2d(8, 1, 3, padding=1)

    def forward(self, x):
        return self.tail(F.relu(self.up(F.relu(self.head(x)))))


for cls in (TransposedDecoder, ResizeConvDecoder, SubPixelDecoder):
    torch.manual_seed(1)
    net = cls()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    for step in range(30):
        opt.zero_grad()
        loss = F.mse_loss(net(lr), hr)
        loss.backward()
        opt.step()
    base = F.mse_loss(F.interpolate(lr, scale_factor=2, mode="bicubic", align_corners=False), hr)
    print(cls.__name__, sum(p.numel() for p in net.parameters()), f"{loss.item():.4f}", f"bicubic {base.item():.4f}",
          net(lr).grad_fn.name())
