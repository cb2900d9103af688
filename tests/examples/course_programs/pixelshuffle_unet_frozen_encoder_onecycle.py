"""A U-Net-ish deblurring CNN with skip connections joined by torch.cat, PixelUnshuffle down and
PixelShuffle up, the encoder frozen with requires_grad_(False) and an optimizer over the filtered
parameter list, gradient clipping by norm (the returned total norm printed, norm types 2, inf and
1), OneCycleLR's learning rates and momenta printed, and named_modules / named_parameters
introspection."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.GroupNorm(2, cout), nn.SiLU())


class TinyUNet(nn.Module):
    def __init__(self, ch=4):
        super().__init__()
        self.enc1 = block(1, ch)
        self.down = nn.PixelUnshuffle(2)
        self.enc2 = block(4 * ch, 2 * ch)
        self.up = nn.Sequential(nn.Conv2d(2 * ch, 4 * ch, 1), nn.PixelShuffle(2))
        self.dec = block(2 * ch, ch)
        self.head = nn.Conv2d(ch, 1, 1)

    def forward(self, x):
        s1 = self.enc1(x)
        s2 = self.enc2(self.down(s1))
        u = self.up(s2)
        return x + self.head(self.dec(torch.cat([u, s1], dim=1)))


net = TinyUNet()
for name, mod in net.named_modules():
    if name.count('.') <= 1:
        print(repr(name), type(mod).__name__, sum(p.numel() for p in mod.parameters(recurse=False)))
print([n for n, _ in net.named_parameters() if n.startswith('up')])
print(net.up)
print(net.down, net.down.downscale_factor, net.up[1].upscale_factor)

x = torch.rand(2, 1, 8, 8)
print(net.down(net.enc1(x)).shape, net(x).shape)
ps = F.pixel_shuffle(torch.arange(16.).view(1, 4, 2, 2), 2)
print(ps[0, 0])
print(torch.equal(F.pixel_unshuffle(ps, 2), torch.arange(16.).view(1, 4, 2, 2)))
try:
    F.pixel_shuffle(torch.zeros(1, 3, 2, 2), 2)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    F.pixel_unshuffle(torch.zeros(1, 1, 3, 4), 2)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

net.enc1.requires_grad_(False)
net.enc2.requires_grad_(False)
trainable = [p for p in net.parameters() if p.requires_grad]
print(len(trainable), sum(p.numel() for p in trainable), sum(p.numel() for p in net.parameters()))
print([n for n, p in net.named_parameters() if not p.requires_grad][:3])

opt = torch.optim.AdamW(trainable, lr=1e-3, weight_decay=0.01)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=12, pct_start=0.25,
                                            anneal_strategy='linear', div_factor=10.0, final_div_factor=100.0)
print(opt.param_groups[0]['initial_lr'], opt.param_groups[0]['max_lr'], round(opt.param_groups[0]['min_lr'], 8),
      opt.param_groups[0]['betas'])
sharp = torch.rand(4, 1, 8, 8)
k = torch.tensor([[1., 2., 1.], [2., 4., 2.], [1., 2., 1.]]) / 16
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode='reflect'), k[None, None])
lrs, betas = [], []
for step in range(12):
    loss = F.l1_loss(net(blurred), sharp)
    opt.zero_grad()
    loss.backward()
    total = nn.utils.clip_grad_norm_(trainable, max_norm=0.5)
    if step % 4 == 0:
        print(step, round(loss.item(), 4), round(total.item(), 4), total.dtype, total.shape, net.enc1[0].weight.grad)
    opt.step()
    lrs.append(round(sched.get_last_lr()[0], 6))
    betas.append(round(opt.param_groups[0]['betas'][0], 4))
    sched.step()
print(lrs)
print(betas)
try:
    sched.step()
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

loss = F.mse_loss(net(blurred), sharp)
opt.zero_grad()
loss.backward()
grads = [p.grad.clone() for p in trainable]
for norm_type in (2.0, float('inf'), 1, 'inf'):
    for p, g in zip(trainable, grads):
        p.grad = g.clone()
    total = nn.utils.clip_grad_norm_(trainable, max_norm=1e-3, norm_type=norm_type)
    after = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad, float(norm_type)) for p in trainable]), float(norm_type))
    print(norm_type, round(total.item(), 5), round(after.item(), 6))
nn.utils.clip_grad_value_(trainable, 1e-4)
print(round(max(p.grad.abs().max().item() for p in trainable), 8))
print(nn.utils.clip_grad_norm_([], 1.0), nn.utils.clip_grad_norm_([torch.zeros(2, requires_grad=True)], 1.0))
w = torch.ones(3, requires_grad=True)
w.grad = torch.tensor([3., 4., float('nan')])
print(nn.utils.clip_grad_norm_(w, 1.0), w.grad)
try:
    w.grad = torch.tensor([3., 4., float('nan')])
    nn.utils.clip_grad_norm_(w, 1.0, error_if_nonfinite=True)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
