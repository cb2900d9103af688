"""Coarse-to-fine multi-scale deblurring (DeepDeblur / SRN style) at toy size: an image pyramid
from avg_pool2d (ceil_mode, count_include_pad) and F.interpolate (bilinear with and without
align_corners, area, bicubic, nearest-exact, scale_factor with recompute_scale_factor) on odd
sizes, one network with weights shared across scales fed the upsampled coarser estimate
concatenated with the blurry input, a recurrent hidden state carried between scales by a
ConvGRU cell (gates from chunk, sigmoid and tanh), a multi-scale L1 loss weighted per level,
and an optimizer on the shared weights."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(5)
torch.set_default_dtype(torch.float64)

img = torch.rand(2, 3, 21, 27)
print(F.avg_pool2d(img, 2).shape, F.avg_pool2d(img, 2, ceil_mode=True).shape,
      F.avg_pool2d(img, 3, 2, 1, ceil_mode=True, count_include_pad=False).shape)
p = F.avg_pool2d(img, 3, 2, 1, ceil_mode=True, count_include_pad=True)
print(p[0, 0, -1, -3:].round(decimals=6), F.avg_pool2d(img, 3, 2, 1, ceil_mode=True, count_include_pad=False, divisor_override=4)[0, 0, 0, :3].round(decimals=6))
for kw in (dict(scale_factor=0.5, mode='bilinear', align_corners=False), dict(scale_factor=0.5, mode='bilinear', align_corners=True),
           dict(scale_factor=0.5, mode='bilinear', recompute_scale_factor=True), dict(size=(10, 13), mode='area'),
           dict(scale_factor=0.5, mode='area'), dict(scale_factor=0.5, mode='nearest'), dict(scale_factor=0.5, mode='nearest-exact'),
           dict(scale_factor=0.6, mode='bicubic', align_corners=False), dict(scale_factor=0.5, mode='bilinear', antialias=True)):
    out = F.interpolate(img, **kw)
    print(sorted(kw.items())[-1], tuple(out.shape), round(out.sum().item(), 8), out[1, 2, -1, -1].round(decimals=8))
up = F.interpolate(img[:, :, :10, :13], size=(21, 27), mode='bilinear', align_corners=False)
up2 = F.interpolate(img[:, :, :10, :13], scale_factor=(2.1, 2.077), mode='bilinear')
print(up.shape, up2.shape, (up - up2).abs().max().round(decimals=8))


def pyramid(x, levels=3):
    pyr = [x]
    for _ in range(levels - 1):
        pyr.append(F.interpolate(pyr[-1], scale_factor=0.5, mode='bilinear', align_corners=False, recompute_scale_factor=True))
    return pyr[::-1]


class ConvGRU(nn.Module):
    def __init__(self, cin, ch):
        super().__init__()
        self.gates = nn.Conv2d(cin + ch, 2 * ch, 3, padding=1)
        self.cand = nn.Conv2d(cin + ch, ch, 3, padding=1)

    def forward(self, x, h):
        z, r = torch.sigmoid(self.gates(torch.cat([x, h], 1))).chunk(2, dim=1)
        n = torch.tanh(self.cand(torch.cat([x, r * h], 1)))
        return (1 - z) * h + z * n


class ScaleNet(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.ch = ch
        self.enc = nn.Sequential(nn.Conv2d(6, ch, 5, padding=2), nn.ReLU(), nn.Conv2d(ch, ch, 3, stride=2, padding=1), nn.ReLU())
        self.gru = ConvGRU(ch, ch)
        self.dec = nn.Sequential(nn.Conv2d(ch, 4 * ch, 3, padding=1), nn.PixelShuffle(2), nn.ReLU(), nn.Conv2d(ch, 3, 3, padding=1))

    def forward(self, blurry_pyr):
        outs, prev, h = [], None, None
        for b in blurry_pyr:
            prev = b if prev is None else F.interpolate(prev, size=b.shape[-2:], mode='bilinear', align_corners=False)
            f = self.enc(torch.cat([b, prev.detach()], 1))
            h = f.new_zeros(f.shape) if h is None else F.interpolate(h, size=f.shape[-2:], mode='bilinear', align_corners=False)
            h = self.gru(f, h)
            res = self.dec(h)[..., :b.shape[-2], :b.shape[-1]]
            prev = b + res
            outs.append(prev)
        return outs


sharp = torch.rand(2, 3, 1, 1) * torch.linspace(0, 1, 24)[:, None] + 0.3 * (torch.arange(20) % 5 == 0)
sharp = sharp.expand(2, 3, 24, 20).contiguous()
k = torch.tensor([1., 2., 3., 2., 1.]) / 9
blurry = F.conv2d(F.pad(sharp, (0, 0, 2, 2), mode='reflect'), k.view(1, 1, 5, 1).repeat(3, 1, 1, 1), groups=3)
bp, sp = pyramid(blurry), pyramid(sharp)
print([tuple(t.shape[-2:]) for t in bp], torch.equal(bp[-1], blurry), round(sp[0].mean().item(), 8))
net = ScaleNet()
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
weights = [0.25, 0.5, 1.0]
for step in range(5):
    outs = net(bp)
    losses = torch.stack([F.l1_loss(o, s) for o, s in zip(outs, sp)])
    loss = (losses * torch.tensor(weights)).sum() / sum(weights)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, [tuple(o.shape[-2:]) for o in outs], losses.detach().round(decimals=7), round(loss.item(), 8))
print(net.gru.gates.weight.grad.norm().round(decimals=6), net.dec[1], net.enc[0].weight.grad.shape)
with torch.no_grad():
    final = net(bp)[-1]
print(round(F.mse_loss(final, sharp).item(), 8), round(F.mse_loss(blurry, sharp).item(), 8))
