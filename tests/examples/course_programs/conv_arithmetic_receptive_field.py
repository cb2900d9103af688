"""A course's "convolution arithmetic" notebook: output sizes of Conv2d for kernel, stride,
padding, dilation and groups checked against the formula, padding='same' and 'valid' (odd and
even kernels), depthwise-separable and 1x1 convolutions with their parameter counts and FLOPs,
Conv1d and Conv3d shapes, MaxPool2d with ceil_mode and dilation, AdaptiveMaxPool2d and
AdaptiveAvgPool2d to fixed sizes, the receptive field of a stack of layers measured by the
gradient of one output pixel with respect to the input, the same computed by the formula, and
a transposed convolution as the adjoint of a convolution (<Ax, y> = <x, A^T y>)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(9)
x = torch.randn(1, 4, 17, 15)


def out_size(n, k, s=1, p=0, d=1):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


for k, s, p, d, g in [(3, 1, 0, 1, 1), (3, 2, 1, 1, 1), (5, 2, 2, 1, 2), (3, 1, 2, 2, 4), (4, 3, 1, 1, 1), (1, 1, 0, 1, 1)]:
    conv = nn.Conv2d(4, 8, k, stride=s, padding=p, dilation=d, groups=g)
    y = conv(x)
    print((k, s, p, d, g), tuple(y.shape[2:]), (out_size(17, k, s, p, d), out_size(15, k, s, p, d)),
          tuple(conv.weight.shape), sum(q.numel() for q in conv.parameters()))
for k in (2, 3, 4, 5):
    same = nn.Conv2d(4, 4, k, padding="same", bias=False)
    valid = nn.Conv2d(4, 4, k, padding="valid", bias=False)
    print(k, tuple(same(x).shape), tuple(valid(x).shape), same.padding, valid.padding, same)
try:
    nn.Conv2d(4, 4, 3, stride=2, padding="same")
except ValueError as e:
    print("ValueError:", e)

depthwise = nn.Conv2d(4, 4, 3, padding=1, groups=4, bias=False)
pointwise = nn.Conv2d(4, 16, 1, bias=False)
full = nn.Conv2d(4, 16, 3, padding=1, bias=False)
sep = nn.Sequential(depthwise, pointwise)
print(sep(x).shape, full(x).shape, sum(p.numel() for p in sep.parameters()), sum(p.numel() for p in full.parameters()))
flops = lambda conv, out: out.numel() * conv.weight[0].numel()
print(flops(depthwise, depthwise(x)) + flops(pointwise, sep(x)), flops(full, full(x)))

seq = torch.randn(2, 3, 20)
c1 = nn.Conv1d(3, 5, kernel_size=4, stride=2, padding=1)
vol = torch.randn(1, 2, 6, 7, 8)
c3 = nn.Conv3d(2, 3, kernel_size=(3, 3, 1), stride=(1, 2, 1), padding=(1, 0, 0))
print(c1(seq).shape, c1.weight.shape, c3(vol).shape, c3.weight.shape, c3)

for kw in (dict(kernel_size=2), dict(kernel_size=3, stride=2), dict(kernel_size=3, stride=2, ceil_mode=True),
           dict(kernel_size=3, stride=1, padding=1), dict(kernel_size=2, dilation=2)):
    pool = nn.MaxPool2d(**kw)
    print(kw, tuple(pool(x).shape[2:]), pool)
print(nn.AdaptiveMaxPool2d((4, 3))(x).shape, nn.AdaptiveAvgPool2d(5)(x).shape, nn.AdaptiveAvgPool2d((None, 2))(x).shape)
print(F.adaptive_max_pool2d(x, 1).flatten(1).shape, torch.allclose(F.adaptive_avg_pool2d(x, 1).flatten(), x.mean(dim=(2, 3)).flatten()))

layers = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1), nn.ReLU(), nn.Conv2d(1, 1, 3, padding=1, dilation=1),
                       nn.MaxPool2d(2), nn.Conv2d(1, 1, 3, padding=2, dilation=2), nn.Conv2d(1, 1, 5, padding=2))
for m in layers:
    if isinstance(m, nn.Conv2d):
        nn.init.constant_(m.weight, 0.1)
        nn.init.zeros_(m.bias)
inp = torch.rand(1, 1, 40, 40, requires_grad=True)
out = layers(inp)
centre = out[0, 0, out.shape[2] // 2, out.shape[3] // 2]
centre.backward()
touched = inp.grad[0, 0] != 0
rows, cols = touched.any(1).nonzero().flatten(), touched.any(0).nonzero().flatten()
print(out.shape, int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1), touched.sum().item())

rf, jump = 1, 1
for m in layers:
    if isinstance(m, (nn.Conv2d, nn.MaxPool2d)):
        k = m.kernel_size[0] if isinstance(m.kernel_size, tuple) else m.kernel_size
        d = m.dilation[0] if isinstance(m.dilation, tuple) else m.dilation
        s = m.stride[0] if isinstance(m.stride, tuple) else m.stride
        rf += (d * (k - 1)) * jump
        jump *= s
print("receptive field by the formula:", rf, "jump", jump)

A = torch.randn(3, 2, 3, 3, dtype=torch.float64)
u = torch.randn(1, 2, 9, 9, dtype=torch.float64)
v = torch.randn(1, 3, 5, 5, dtype=torch.float64)
Au = F.conv2d(u, A, stride=2, padding=1)
Atv = F.conv_transpose2d(v, A, stride=2, padding=1)
print(Au.shape, Atv.shape, math.isclose((Au * v).sum().item(), (u * Atv).sum().item(), rel_tol=1e-12))
print(round((Au * v).sum().item(), 8), Atv.dtype, F.conv_transpose2d(v, A, stride=2, padding=1, output_padding=1).shape)
