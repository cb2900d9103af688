"""Every Conv2d knob a deblurring network uses: padding='same' with dilation, padding modes
(reflect, circular, replicate) with groups and strides, ConvTranspose2d with output_padding,
groups and output_size, PixelShuffle/Unshuffle, spectral and weight norm, init schemes through
apply, gradient checkpointing, double backward and functional Jacobians."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint
from torch.autograd.functional import jacobian, hessian

torch.manual_seed(0)
x = torch.randn(2, 4, 9, 8)
convs = [nn.Conv2d(4, 6, 4, padding='same', dilation=2),
         nn.Conv2d(4, 4, 3, padding=(1, 2), padding_mode='reflect', groups=2),
         nn.Conv2d(4, 2, 3, padding=2, padding_mode='circular', stride=2),
         nn.Conv2d(4, 2, (3, 1), padding='same', padding_mode='replicate', bias=False),
         nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
         nn.ConvTranspose2d(4, 2, 4, stride=3, dilation=2)]
for conv in convs:
    y = conv(x)
    y.sum().backward()
    print(conv, tuple(y.shape), round(y.sum().item(), 3), round(conv.weight.grad.abs().sum().item(), 1),
          None if conv.bias is None else conv.bias.grad.round(decimals=2).tolist())
up = nn.ConvTranspose2d(4, 2, 3, stride=2)
print(up(x, output_size=(19, 18)).shape, up(x, output_size=[2, 2, 20, 17]).shape)
ps, pu = nn.PixelShuffle(2), nn.PixelUnshuffle(2)
print(ps(x).shape, pu(x[..., :8, :]).shape, torch.equal(ps(pu(x[..., :8, :])), x[..., :8, :]), ps, nn.Upsample(scale_factor=2, mode='bilinear'))

sn = nn.utils.spectral_norm(nn.Linear(5, 3))
print(sorted(n for n, _ in sn.named_parameters()), sorted(n for n, _ in sn.named_buffers()))
for _ in range(20):
    sn(torch.randn(2, 5))
print(tuple(sn.weight.shape), round(torch.linalg.matrix_norm(sn.weight, 2).item(), 3))
wn = nn.utils.parametrizations.weight_norm(nn.Conv2d(2, 3, 3))
print(sorted(n for n, _ in wn.named_parameters()), wn.parametrizations.weight.original0.shape)
print(F.gaussian_nll_loss(x[0, 0], x[0, 1], torch.ones(9, 8)).round(decimals=4), F.huber_loss(x[0], x[1], delta=0.5).round(decimals=4),
      F.smooth_l1_loss(x[0], x[1], beta=0.5).round(decimals=4))

def init(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu'); nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Linear):
        nn.init.trunc_normal_(m.weight, std=0.02, a=-0.04, b=0.04); nn.init.constant_(m.bias, 0.1)
net = nn.Sequential(nn.Conv2d(4, 8, 3), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2))
net.apply(init)
print(round(net[0].weight.std().item(), 4), round(net[4].weight.abs().max().item(), 4), net[4].bias, net[1])
print(nn.init.calculate_gain('leaky_relu', 0.2), nn.init._calculate_fan_in_and_fan_out(net[0].weight))
xr = x.clone().requires_grad_()
out = checkpoint(net, xr, use_reentrant=False)
out.sum().backward()
print(xr.grad.abs().sum().round(decimals=3), out.grad_fn is not None)
g = torch.autograd.grad(net(xr).pow(2).sum(), xr, create_graph=True)[0]
penalty = (g.flatten(1).norm(dim=1) - 1).pow(2).mean()
penalty.backward()
print(g.requires_grad, round(penalty.item(), 4), round(net[0].weight.grad.norm().item(), 3))
print(jacobian(lambda t: t ** 2 + t.sin(), torch.arange(3.)), hessian(lambda t: (t ** 3).sum(), torch.arange(2.)))
h = torch.ones(3, requires_grad=True); y = h * 2; y.retain_grad()
handle = y.register_hook(lambda gr: gr * 10)
(y ** 2).sum().backward()
print(h.grad, y.grad); handle.remove()
vec = nn.utils.parameters_to_vector(net.parameters())
nn.utils.vector_to_parameters(vec * 0 + 0.5, net.parameters())
print(vec.shape, net[4].bias, sum(p.numel() for p in net.parameters() if p.requires_grad))
