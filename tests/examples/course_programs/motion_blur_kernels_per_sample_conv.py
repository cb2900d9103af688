"""Synthetic motion-blur kernels from a random walk splatted bilinearly (index_put_ with
accumulate), rotated by affine_grid/grid_sample, applied per sample with the groups trick,
checked against FFT convolution with complex autograd; uint8 round trips and image gradients."""
import math
import torch
import torch.nn.functional as F

torch.manual_seed(23)

def motion_kernel(size=9, steps=24, g=None):
    v = torch.randn(steps, 2, generator=g) * 0.6
    path = torch.cumsum(v, 0)
    path = path - path.mean(0) + (size - 1) / 2
    path = path.clamp(0, size - 1 - 1e-4)
    base = path.floor().long(); frac = path - path.floor()
    k = torch.zeros(size, size)
    for dy, dx in ((0, 0), (0, 1), (1, 0), (1, 1)):
        w = (frac[:, 0] if dy else 1 - frac[:, 0]) * (frac[:, 1] if dx else 1 - frac[:, 1])
        k.index_put_((base[:, 0] + dy, base[:, 1] + dx), w, accumulate=True)
    return k / k.sum()

g = torch.Generator().manual_seed(4)
kernels = torch.stack([motion_kernel(g=g) for _ in range(3)])
print(kernels.shape, kernels.sum((1, 2)).round(decimals=4), (kernels > 0).sum((1, 2)), kernels.max(2).values.max(1).values.round(decimals=4))
theta = torch.stack([torch.tensor([[math.cos(a), -math.sin(a), 0.0], [math.sin(a), math.cos(a), 0.0]])
                     for a in (0.0, math.pi / 4, math.pi / 2)])
grid = F.affine_grid(theta, (3, 1, 9, 9), align_corners=False)
rot = F.grid_sample(kernels[:, None], grid, mode='bilinear', padding_mode='zeros', align_corners=False)
rot = rot / rot.sum((2, 3), keepdim=True)
print(grid.shape, rot.shape, rot.sum((1, 2, 3)), torch.allclose(rot[0, 0], kernels[0], atol=1e-6))
print((rot[2, 0] - kernels[2].rot90(1, (0, 1))).abs().max() < 1e-5, rot[1, 0, 4, 2:7])

imgs = torch.rand(3, 2, 16, 16)
B, C, H, W = imgs.shape
wts = rot.repeat_interleave(C, 0)
blur = F.conv2d(F.pad(imgs.reshape(1, B * C, H, W), (4, 4, 4, 4), mode='circular'), wts.flip(-2, -1), groups=B * C)
blur = blur.view(B, C, H, W)
print(wts.shape, blur.shape, blur.mean((2, 3)).round(decimals=4))
kpad = F.pad(rot, (0, W - 9, 0, H - 9)).roll((-4, -4), (-2, -1))
fblur = torch.fft.ifft2(torch.fft.fft2(imgs) * torch.fft.fft2(kpad)).real
print(torch.allclose(fblur, blur, atol=1e-5), fblur.dtype, torch.fft.fft2(kpad).dtype)

est = torch.zeros(3, 1, H, W, requires_grad=True)
opt = torch.optim.Adam([est], lr=0.05)
for it in range(25):
    K = torch.fft.fft2(est)
    pred = torch.fft.ifft2(torch.fft.fft2(imgs) * K)
    loss = (pred.real - blur).pow(2).mean() + 1e-3 * pred.imag.abs().mean() + 1e-4 * torch.view_as_real(K).pow(2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    if it % 8 == 0:
        print(it, round(loss.item(), 4), est.grad.dtype, round(est.grad.norm().item(), 3))
kest = est.detach().roll((4, 4), (-2, -1))[..., :9, :9]
print([round(torch.corrcoef(torch.stack([kest[i].flatten(), rot[i].flatten()]))[0, 1].item(), 3) for i in range(3)])

u8 = (blur * 255).round().clamp(0, 255).to(torch.uint8)
print(u8.dtype, u8[0, 0, 0, :6], u8.max(), u8.float().div(255).sub(blur).abs().max() <= 0.5 / 255 + 1e-6)
print((u8[0, 0, 0, :4] + 200), (u8[0, 0, 0, :4].int() + 200), u8.sum().dtype, u8.float().mean().round(decimals=3))
gy, gx = torch.gradient(blur[0, 0], spacing=1.0)
print(gy.shape, gx[0, :4].round(decimals=4), torch.gradient(torch.tensor([1., 4, 9, 16]), spacing=(torch.tensor([0., 1, 3, 4]),)))
crop = F.pad(blur, (-2, -2, -3, -1)); print(crop.shape, torch.equal(crop, blur[..., 3:-1, 2:-2]))
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float16).max, torch.iinfo(torch.uint8).max, torch.finfo().tiny)
z = torch.complex(torch.tensor([1., 0.]), torch.tensor([2., -1.]))
print(z, z.conj_physical(), z.abs(), torch.view_as_complex(torch.tensor([[3., 4.]])), z.angle(), torch.polar(torch.tensor([2.]), torch.tensor([0.5])))
print(torch.fft.ifft2(torch.ones(2, 3)), torch.fft.ifft2(rot[0, 0, 3:5, 3:6].double()).imag.signbit())
