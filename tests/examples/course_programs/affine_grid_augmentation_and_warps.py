"""Geometric augmentation for the deblurring dataset with affine_grid and grid_sample, as a
student writes it instead of torchvision: rotation/scale/shear/translation matrices built per
sample from seeded draws (torch.deg2rad, cos, sin, stack), affine_grid with and without
align_corners, grid_sample in bilinear/nearest/bicubic with zeros/border/reflection padding, the
identity transform reproducing the image, an inverse warp undoing a warp in the middle, a
separable Gaussian blur with conv2d groups, gradients flowing to the warp parameters (a
spatial-transformer style registration fitting a shift by Adam), and 5-d affine_grid shapes."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, C, H, W = 3, 2, 9, 11
yy, xx = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing="ij")
base = torch.stack([torch.exp(-((xx - 0.2) ** 2 + (yy + 0.1) ** 2) * 4), (xx * yy > 0).float()])
imgs = base.unsqueeze(0).repeat(N, 1, 1, 1) * torch.tensor([1.0, 0.8, 0.6]).view(N, 1, 1, 1)
print(imgs.shape, imgs.sum(dim=(1, 2, 3)).round(decimals=3))

identity = torch.eye(2, 3).unsqueeze(0).expand(N, 2, 3)
for ac in (False, True):
    grid = F.affine_grid(identity, (N, C, H, W), align_corners=ac)
    out = F.grid_sample(imgs, grid, mode="bilinear", padding_mode="zeros", align_corners=ac)
    print(ac, grid.shape, grid[0, 0, :3].tolist() if ac else grid[0, 0, 0].tolist(), (out - imgs).abs().max() < 1e-5)


def random_affine(n, max_deg=20.0, max_scale=0.15, max_shift=0.2, max_shear=0.1, generator=None):
    deg = (torch.rand(n, generator=generator) * 2 - 1) * max_deg
    theta = torch.deg2rad(deg)
    s = 1 + (torch.rand(n, generator=generator) * 2 - 1) * max_scale
    sh = (torch.rand(n, generator=generator) * 2 - 1) * max_shear
    t = (torch.rand(n, 2, generator=generator) * 2 - 1) * max_shift
    cos, sin = torch.cos(theta), torch.sin(theta)
    row0 = torch.stack([s * cos, -s * sin + sh, t[:, 0]], dim=1)
    row1 = torch.stack([s * sin, s * cos, t[:, 1]], dim=1)
    return torch.stack([row0, row1], dim=1), deg


g = torch.Generator().manual_seed(3)
mats, degs = random_affine(N, generator=g)
print(degs.round(decimals=3), mats.shape, mats[0].round(decimals=4))
grid = F.affine_grid(mats, imgs.shape, align_corners=False)
for mode in ("bilinear", "nearest", "bicubic"):
    for pad in ("zeros", "border", "reflection"):
        out = F.grid_sample(imgs, grid, mode=mode, padding_mode=pad, align_corners=False)
        print(mode, pad, out.shape, round(out.sum().item(), 3), round(out[1, 0, 4, 5].item(), 4))


def to_3x3(m):
    bottom = torch.tensor([0.0, 0.0, 1.0]).expand(m.shape[0], 1, 3)
    return torch.cat([m, bottom], dim=1)


inv = torch.linalg.inv(to_3x3(mats))[:, :2]
print(torch.allclose(to_3x3(inv) @ to_3x3(mats), torch.eye(3).expand(N, 3, 3), atol=1e-6))
warped = F.grid_sample(imgs, F.affine_grid(mats, imgs.shape, align_corners=True), align_corners=True, padding_mode="border")
back = F.grid_sample(warped, F.affine_grid(inv, imgs.shape, align_corners=True), align_corners=True, padding_mode="border")
center = (slice(None), slice(None), slice(3, 6), slice(4, 7))
print(round((back[center] - imgs[center]).abs().mean().item(), 3))


def gaussian_1d(sigma, radius):
    x = torch.arange(-radius, radius + 1, dtype=torch.float32)
    k = torch.exp(-0.5 * (x / sigma) ** 2)
    return k / k.sum()


def separable_blur(x, sigma=1.0, radius=2):
    c = x.shape[1]
    k = gaussian_1d(sigma, radius)
    x = F.conv2d(F.pad(x, (radius, radius, 0, 0), mode="reflect"), k.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
    return F.conv2d(F.pad(x, (0, 0, radius, radius), mode="reflect"), k.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c)


full = F.conv2d(F.pad(imgs, (2, 2, 2, 2), mode="reflect"), torch.outer(gaussian_1d(1.0, 2), gaussian_1d(1.0, 2)).expand(C, 1, 5, 5), groups=C)
print(torch.allclose(separable_blur(imgs), full, atol=1e-6), separable_blur(imgs).shape)

target = F.grid_sample(imgs[:1], F.affine_grid(torch.tensor([[[1.0, 0.0, 0.3], [0.0, 1.0, -0.2]]]), (1, C, H, W), align_corners=False),
                       align_corners=False, padding_mode="border")
shift = torch.zeros(2, requires_grad=True)
opt = torch.optim.Adam([shift], lr=0.05)
for step in range(60):
    theta = torch.cat([torch.eye(2), shift.view(2, 1)], dim=1).unsqueeze(0)
    moved = F.grid_sample(imgs[:1], F.affine_grid(theta, (1, C, H, W), align_corners=False), align_corners=False, padding_mode="border")
    loss = F.mse_loss(moved, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(step, f"{loss.item():.5f}", shift.grad.round(decimals=4))
print(shift.detach().round(decimals=2), theta.grad_fn.name(), moved.grad_fn.name())
th = torch.rand(1, 2, 3, dtype=torch.float64, requires_grad=True)
im = torch.rand(1, 1, 4, 5, dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda a, b: F.grid_sample(b, F.affine_grid(a, (1, 1, 3, 3), align_corners=False), align_corners=False), (th, im)))
print(F.affine_grid(torch.zeros(2, 3, 4), (2, 1, 3, 4, 5), align_corners=False).shape)
try:
    F.affine_grid(torch.zeros(2, 2, 3), (2, 1, 3, 4, 5), align_corners=False)
except ValueError as e:
    print("ValueError:", e)
try:
    F.grid_sample(imgs, grid[..., :1], align_corners=False)
except RuntimeError as e:
    print("RuntimeError:", e)
print(math.isclose(F.grid_sample(torch.ones(1, 1, 2, 2), torch.full((1, 1, 1, 2), 2.0), align_corners=False).item(), 0.0))
