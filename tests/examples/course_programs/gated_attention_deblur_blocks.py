"""A restoration course's "modern blocks" chapter (NAFNet / Restormer style, scaled down): a
channel LayerNorm written with permute and nn.LayerNorm, a simple gate (x1 * x2 from chunk), a
GLU-gated feed-forward with F.glu, squeeze-and-excitation channel attention (AdaptiveAvgPool2d,
1x1 convs, sigmoid), depthwise 3x3 convolutions, a learnable residual scale initialised to
zero, PixelUnshuffle / PixelShuffle to change resolution, GELU; the model printed, its
parameters counted per block with named_children, a short training on blurred patches with
AdamW and CosineAnnealingLR, gradient norms per block read after backward, and the
restored PSNR against the blurred input."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(12)


class ChannelLayerNorm(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.norm = nn.LayerNorm(ch)

    def forward(self, x):
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class SimpleGate(nn.Module):
    def forward(self, x):
        a, b = x.chunk(2, dim=1)
        return a * b


class SqueezeExcite(nn.Module):
    def __init__(self, ch, r=2):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Conv2d(ch, ch // r, 1), nn.ReLU(), nn.Conv2d(ch // r, ch, 1), nn.Sigmoid())

    def forward(self, x):
        return x * self.fc(self.pool(x))


class GatedBlock(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.norm1 = ChannelLayerNorm(ch)
        self.expand = nn.Conv2d(ch, 2 * ch, 1)
        self.depthwise = nn.Conv2d(2 * ch, 2 * ch, 3, padding=1, groups=2 * ch)
        self.gate = SimpleGate()
        self.attn = SqueezeExcite(ch)
        self.project = nn.Conv2d(ch, ch, 1)
        self.beta = nn.Parameter(torch.zeros(1, ch, 1, 1))
        self.norm2 = ChannelLayerNorm(ch)
        self.ffn_in = nn.Conv2d(ch, 4 * ch, 1)
        self.ffn_out = nn.Conv2d(2 * ch, ch, 1)
        self.gamma = nn.Parameter(torch.zeros(1, ch, 1, 1))

    def forward(self, x):
        y = self.project(self.attn(self.gate(self.depthwise(self.expand(self.norm1(x))))))
        x = x + self.beta * y
        z = self.ffn_out(F.glu(self.ffn_in(self.norm2(x)), dim=1))
        return x + self.gamma * F.gelu(z)


class TinyRestorer(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.intro = nn.Conv2d(1, ch, 3, padding=1)
        self.down = nn.Sequential(nn.Conv2d(ch, ch // 2, 1), nn.PixelUnshuffle(2))
        self.middle = nn.Sequential(GatedBlock(2 * ch), GatedBlock(2 * ch))
        self.up = nn.Sequential(nn.Conv2d(2 * ch, 4 * ch, 1), nn.PixelShuffle(2))
        self.ending = nn.Conv2d(ch, 1, 3, padding=1)

    def forward(self, x):
        f = self.intro(x)
        return x + self.ending(self.up(self.middle(self.down(f))) + f)


model = TinyRestorer()
print(model.middle[0])
for name, child in model.named_children():
    print(name, sum(p.numel() for p in child.parameters()))
print(sum(p.numel() for p in model.parameters()), [n for n, _ in model.named_parameters() if n.endswith(("beta", "gamma"))])

g = torch.Generator().manual_seed(1)
sharp = F.interpolate(torch.rand(12, 1, 4, 4, generator=g), size=(16, 16), mode="bicubic", align_corners=False).clamp(0, 1)
box = torch.full((1, 1, 3, 3), 1 / 9)
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode="reflect"), box) + 0.01 * torch.randn(sharp.shape, generator=g)
x = torch.randn(2, 16, 8, 8)
blk = model.middle[0]
print(blk(x).shape, torch.equal(blk(x), x), blk.attn(x).shape, blk.gate(torch.ones(1, 4, 2, 2)).shape)

opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30, eta_min=1e-4)
for step in range(30):
    opt.zero_grad()
    loss = F.l1_loss(model(blurred), sharp)
    loss.backward()
    if step == 0:
        norms = {name: f"{torch.cat([p.grad.flatten() for p in child.parameters()]).norm().item():.4f}"
                 for name, child in model.named_children()}
        print(norms)
        print(model.middle[0].beta.grad.abs().sum().item() > 0, model.middle[0].expand.weight.grad.abs().sum().item())
    opt.step()
    sched.step()
    if step % 10 == 9:
        print(step, f"{loss.item():.5f}", f"{sched.get_last_lr()[0]:.6f}")

model.eval()
with torch.no_grad():
    restored = model(blurred)
psnr = lambda a, b: (10 * torch.log10(1 / F.mse_loss(a, b))).item()
print(round(psnr(blurred, sharp), 2), round(psnr(restored.clamp(0, 1), sharp), 2))
print(round(model.middle[1].gamma.abs().mean().item(), 5), restored.grad_fn, type(model(blurred).grad_fn).__name__)
