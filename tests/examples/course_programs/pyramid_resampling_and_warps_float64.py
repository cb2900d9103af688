"""Image pyramids and sub-pixel warps for multi-scale deblurring, in float64 so every digit counts:
F.interpolate downscales with antialias (bilinear, bicubic), fractional scale_factor with and without
recompute_scale_factor, area and nearest-exact modes, a Gaussian/Laplacian pyramid with avg_pool2d
(ceil_mode, count_include_pad, divisor_override) and upsampling back, a multi-scale L1 loss, and
grid_sample's bicubic/bilinear/nearest modes with zeros/border/reflection padding, both align_corners,
with gradients to the image and the grid."""
import torch
import torch.nn.functional as F

torch.manual_seed(4)
img = torch.rand(1, 2, 9, 11, dtype=torch.float64, requires_grad=True)


def show(name, t):
    print(name, tuple(t.shape), f"{t.sum().item():.10f}", f"{t.abs().max().item():.10f}")


for mode in ("bilinear", "bicubic"):
    for aa in (False, True):
        show(f"{mode} aa={aa}", F.interpolate(img, scale_factor=0.45, mode=mode, antialias=aa, align_corners=False))
show("bilinear recompute", F.interpolate(img, scale_factor=0.45, mode="bilinear", recompute_scale_factor=True))
show("bicubic up ac", F.interpolate(img, scale_factor=1.7, mode="bicubic", align_corners=True))
show("area", F.interpolate(img, size=(4, 5), mode="area"))
show("nearest-exact", F.interpolate(img, scale_factor=0.6, mode="nearest-exact"))
show("nearest", F.interpolate(img, size=(5, 3), mode="nearest"))
out = F.interpolate(img, size=(5, 6), mode="bicubic", antialias=True)
(out * torch.arange(30, dtype=torch.float64).view(1, 1, 5, 6)).sum().backward()
show("grad bicubic aa", img.grad)
img.grad = None

pyr = [img]
for level in range(2):
    pyr.append(F.avg_pool2d(pyr[-1], 2, ceil_mode=True))
for p in pyr:
    show("level", p)
show("avg pad", F.avg_pool2d(img, 3, stride=2, padding=1, count_include_pad=False))
show("avg divisor", F.avg_pool2d(img, 3, stride=2, padding=1, divisor_override=4))
lap = [pyr[i] - F.interpolate(pyr[i + 1], size=pyr[i].shape[-2:], mode="bilinear", align_corners=False)
       for i in range(2)]
for p in lap:
    show("laplacian", p)
target = torch.rand(1, 2, 9, 11, dtype=torch.float64)
loss = sum(F.l1_loss(F.avg_pool2d(img, 2 ** s, ceil_mode=True) if s else img,
                     F.avg_pool2d(target, 2 ** s, ceil_mode=True) if s else target) * w
           for s, w in ((0, 1.0), (1, 0.5), (2, 0.25)))
loss.backward()
print(f"{loss.item():.10f}")
show("grad multiscale", img.grad)
img.grad = None

theta = torch.tensor([[[0.9, 0.1, 0.05], [-0.1, 0.95, -0.02]]], dtype=torch.float64)
for ac in (False, True):
    grid = F.affine_grid(theta, (1, 2, 7, 8), align_corners=ac).requires_grad_()
    for mode in ("bilinear", "nearest", "bicubic"):
        for pad in ("zeros", "border", "reflection"):
            warped = F.grid_sample(img, grid, mode=mode, padding_mode=pad, align_corners=ac)
            gi, gg = torch.autograd.grad((warped ** 2).sum(), (img, grid))
            print(ac, mode, pad, f"{warped.sum().item():.10f}", f"{gi.sum().item():.10f}",
                  f"{gg.abs().sum().item():.10f}")
grid = torch.rand(1, 3, 4, 2, dtype=torch.float64) * 3 - 1.5
show("outside", F.grid_sample(img, grid, mode="bicubic", padding_mode="reflection", align_corners=False))
for bad in (lambda: F.interpolate(img, scale_factor=0.5, mode="bilinear", antialias=True, align_corners=None,
                                  size=(3, 3)),
            lambda: F.interpolate(img, scale_factor=0.5, mode="nearest", antialias=True),
            lambda: F.interpolate(img, scale_factor=0.5, mode="nearest", align_corners=True),
            lambda: F.grid_sample(img, grid.float(), align_corners=False),
            lambda: F.grid_sample(img, grid, mode="bicubicc"),
            lambda: F.avg_pool2d(img, 3, padding=2)):
    try:
        bad()
        print("no error")
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
