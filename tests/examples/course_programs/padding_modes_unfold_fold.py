"""Padding modes (constant, reflect, replicate, circular, negative pads), the padding
modules' reprs, and image patches with unfold and fold."""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(12)
x = torch.arange(12.).view(1, 1, 3, 4)
for mode in ["constant", "reflect", "replicate", "circular"]:
    print(mode, F.pad(x, (2, 1, 1, 2), mode=mode)[0, 0])
print(F.pad(x, (1, 1), value=-1.0)[0, 0])
print(F.pad(x, (-1, 0, 0, -1))[0, 0])
print(nn.ReflectionPad2d(1)(x).shape, nn.ReplicationPad2d((0, 2, 1, 0))(x)[0, 0], nn.ZeroPad2d(1), nn.ConstantPad2d(1, 3.5))
print(nn.CircularPad2d(1)(x)[0, 0, 0])
img = torch.rand(2, 3, 8, 8)
patches = F.unfold(img, kernel_size=4, stride=4)
print(patches.shape)
back = F.fold(patches, output_size=(8, 8), kernel_size=4, stride=4)
print(torch.equal(back, img))
ov = F.unfold(img, 3, padding=1)
cnt = F.fold(torch.ones_like(ov), (8, 8), 3, padding=1)
print(cnt[0, 0], (F.fold(ov, (8, 8), 3, padding=1) / cnt).sub(img).abs().max() < 1e-6)
u = nn.Unfold(kernel_size=(2, 3), dilation=1, stride=(2, 1)); print(u, u(img).shape)
print(nn.Fold((8, 8), 2, stride=2))
t = img[0, 0].unfold(0, 4, 2).unfold(1, 4, 2)
print(t.shape, t.stride(), t[1, 2])
w = torch.rand(5, 3, 3, 3)
conv_as_mm = (w.view(5, -1) @ F.unfold(img, 3)).view(2, 5, 6, 6)
print((conv_as_mm - F.conv2d(img, w)).abs().max() < 1e-5)
imgr = img.requires_grad_()
F.fold(F.unfold(imgr, 3, padding=1), (8, 8), 3, padding=1).sum().backward(); print(imgr.grad[0, 0, :2])
xr = torch.rand(1, 2, 5, 5, requires_grad=True)
F.pad(xr, (2, 2, 2, 2), mode="reflect").pow(2).sum().backward(); print(xr.grad[0, 0])
xc = torch.rand(1, 1, 4, 4, requires_grad=True)
F.pad(xc, (1, 2, 3, 0), mode="circular").sum().backward(); print(xc.grad[0, 0])
try:
    F.pad(x, (4, 4, 0, 0), mode="reflect")
except RuntimeError as e:
    print("ERR", e)
print(F.pad(torch.arange(4.).view(1, 4), (2, 2), mode="reflect"))
