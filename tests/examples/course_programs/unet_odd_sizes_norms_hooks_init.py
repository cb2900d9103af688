"""A student's small U-Net for deblurring, written against odd image sizes: encoder stages in a
ModuleList with GroupNorm/InstanceNorm/BatchNorm picked from a ModuleDict of factories,
ConvTranspose2d up-sampling whose output is padded with F.pad (negative pads crop) to the skip
connection's size, torch.cat skips, PixelShuffle in the last stage, weights initialised with
Module.apply (kaiming_normal_ fan_out, xavier_uniform_ with calculate_gain, zeros_, ones_), a
forward hook per layer printing output shapes, parameter counts per top-level child, the
repr of the network, named_modules filtering, requires_grad_(False) to freeze the encoder,
and a few training steps on 13 x 11 images."""
import torch
import torch.nn as nn
import torch.nn.functional as F

NORMS = nn.ModuleDict()  # not used for modules: a name -> factory table is a plain dict
FACTORIES = {
    "group": lambda c: nn.GroupNorm(num_groups=2, num_channels=c),
    "instance": lambda c: nn.InstanceNorm2d(c, affine=True),
    "batch": lambda c: nn.BatchNorm2d(c, momentum=0.2),
}


def block(cin, cout, norm):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), FACTORIES[norm](cout), nn.SiLU())


class UNet(nn.Module):
    def __init__(self, ch=(4, 8, 16), norm="group"):
        super().__init__()
        self.enc = nn.ModuleList()
        cin = 1
        for c in ch:
            self.enc.append(block(cin, c, norm))
            cin = c
        self.pool = nn.MaxPool2d(2, ceil_mode=False)
        self.up = nn.ModuleList([nn.ConvTranspose2d(ch[i + 1], ch[i], 2, stride=2) for i in reversed(range(len(ch) - 1))])
        self.dec = nn.ModuleList([block(2 * ch[i], ch[i], norm) for i in reversed(range(len(ch) - 1))])
        self.head = nn.Sequential(nn.Conv2d(ch[0], 4, 3, padding=1), nn.PixelShuffle(2), nn.AvgPool2d(2))

    def forward(self, x):
        skips = []
        for i, stage in enumerate(self.enc):
            x = stage(x)
            if i < len(self.enc) - 1:
                skips.append(x)
                x = self.pool(x)
        for up, dec in zip(self.up, self.dec):
            x = up(x)
            skip = skips.pop()
            dh, dw = skip.shape[-2] - x.shape[-2], skip.shape[-1] - x.shape[-1]
            x = F.pad(x, [dw // 2, dw - dw // 2, dh // 2, dh - dh // 2])
            x = dec(torch.cat([skip, x], dim=1))
        return self.head(x)


def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.ConvTranspose2d):
        nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain("leaky_relu", 0.2))
        nn.init.constant_(m.bias, 0.01)
    elif isinstance(m, (nn.GroupNorm, nn.BatchNorm2d)) or (isinstance(m, nn.InstanceNorm2d) and m.affine):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)


print(nn.init.calculate_gain("leaky_relu", 0.2), nn.init.calculate_gain("tanh"), nn.init.calculate_gain("selu"),
      nn.init.calculate_gain("conv2d"))
try:
    nn.init.calculate_gain("swish")
except ValueError as e:
    print("ValueError:", e)
print(F.pad(torch.arange(12.0).view(1, 1, 3, 4), [-1, 1, 0, -1])[0, 0])

torch.manual_seed(0)
x = torch.rand(2, 1, 13, 11)
for norm in ("group", "instance", "batch"):
    torch.manual_seed(0)
    net = UNet(norm=norm)
    net.apply(init_weights)
    y = net(x)
    print(norm, tuple(y.shape), round(y.std().item(), 3), {n: sum(p.numel() for p in c.parameters()) for n, c in net.named_children()})
print(net)
print([n for n, m in net.named_modules() if isinstance(m, nn.BatchNorm2d)], len(list(net.buffers())))

shapes = []
handles = [m.register_forward_hook(lambda mod, inp, out, name=n: shapes.append((name, tuple(out.shape))))
           for n, m in net.named_modules() if isinstance(m, (nn.ConvTranspose2d, nn.MaxPool2d, nn.PixelShuffle))]
net.eval()
with torch.no_grad():
    net(torch.rand(1, 1, 9, 7))
for row in shapes:
    print(row)
for h in handles:
    h.remove()
shapes.clear()
net(x)
print(len(shapes), net.training)

torch.manual_seed(1)
net = UNet(norm="group")
net.apply(init_weights)
sharp = torch.rand(4, 1, 13, 11)
blurred = F.avg_pool2d(F.pad(sharp, (1, 1, 1, 1), mode="reflect"), 3, stride=1)
print(blurred.shape, torch.allclose(blurred.mean(), sharp.mean(), atol=0.05))
for p in net.enc.parameters():
    p.requires_grad_(False)
trainable = [p for p in net.parameters() if p.requires_grad]
print(len(trainable), sum(p.numel() for p in trainable), net.enc[0][0].weight.requires_grad)
opt = torch.optim.SGD(trainable, lr=0.05, momentum=0.9, nesterov=True)
for step in range(8):
    opt.zero_grad()
    out = net(blurred)
    loss = F.smooth_l1_loss(out, sharp, beta=0.5)
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(step, f"{loss.item():.4f}", net.enc[0][0].weight.grad, net.up[0].weight.grad.shape)
print(opt.state[trainable[0]]["momentum_buffer"].shape, len(opt.state))
net.requires_grad_(True)
print(all(p.requires_grad for p in net.parameters()), net.enc[1][1])
try:
    UNet(norm="group")(torch.rand(1, 1, 4, 4))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.GroupNorm(3, 8)
except ValueError as e:
    print("ValueError:", e)
try:
    nn.BatchNorm2d(4).train()(torch.rand(1, 4, 1, 1))
except ValueError as e:
    print("ValueError:", e)
print(nn.InstanceNorm2d(4)(torch.rand(1, 4, 3, 3)).mean(dim=(2, 3)).abs().max() < 1e-6, nn.InstanceNorm2d(4)(torch.rand(4, 3, 3)).shape)
