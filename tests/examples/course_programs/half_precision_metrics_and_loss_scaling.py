"""Mixed-precision-style evaluation of a deblurring model's metrics: PSNR, MSE and SSIM computed in
float32 then cast with .half() and back (the rounding each dtype causes printed),
half tensors printed and reduced (sum, mean, cumsum in half), overflow of squared errors in
float16 for 0..255 images, the finfo of each dtype, dtype promotion of half with float and
Python scalars, .to(dtype) round trips, a loss scaler done by hand (scale, inf checks with
isfinite, unscale), a disabled torch.autocast block; then test inputs from torch.testing.make_tensor
(seeded draws, a float64 range near the largest double, noncontiguous uint8 without zeros), the half
round trip of a metric checked by torch.testing.assert_close, and the errors of bad bounds."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(11)
sharp = torch.rand(2, 3, 16, 16)
restored = (sharp + 0.03 * torch.randn_like(sharp)).clamp(0, 1)
mse = F.mse_loss(restored, sharp, reduction='none').mean((1, 2, 3))
psnr = 10 * torch.log10(1 / mse)
print(mse, psnr, psnr.half(), psnr.half().float() - psnr, psnr.half().double().sub(psnr.double()).abs().max())
print(mse.half(), mse.half().float(), mse.half().double(), (mse.half() * 1000).dtype)
h = restored.half()
print(h.dtype, h[0, 0, 0, :5], h.sum(), h.mean(), h.sum(dtype=torch.float32).round(decimals=2), h.float().sum().round(decimals=2), h.std(), h.var(dim=(2, 3))[0])
print(h[0, 0, 0, :6].cumsum(0), h[0, 0, 0, :6].cumprod(0), h.max(), h.argmax(), h[0, 0].norm(), h.prod().item())
u = (restored * 255).round()
sq = (u.half() - (sharp * 255).round().half()) ** 2
print(sq.max(), sq.sum(), sq.float().sum(), sq.mean(), sq.float().mean(), torch.isinf(sq.sum()), (u.half() * 300).isinf().sum())
print(torch.finfo(torch.float16), torch.finfo(torch.half).tiny, torch.finfo(torch.float16).resolution)
x16 = torch.tensor([1.0, 2049.0, 65504.0, 1e-8, 6e-5, -0.0], dtype=torch.float16)
print(x16, x16 + 1, x16 * 2, x16 / 3, x16.float(), torch.tensor([2049.0]).half(), torch.tensor(1 / 3).half().item(), x16.tolist())
print((x16 + torch.tensor(1.0)).dtype, (x16 + 1.5).dtype, (x16 * torch.tensor([2.0])).dtype, (x16 + torch.tensor(1, dtype=torch.int64)).dtype,
      (x16.double() + x16).dtype, torch.result_type(x16, 2.5), torch.promote_types(torch.float16, torch.int32), (x16 > 1).sum().dtype)
print(x16.half() is x16, x16.to(torch.float16) is x16, x16.to(torch.float32).dtype, x16.type(torch.float32).dtype, x16.type())


def ssim(a, b, c1=0.01 ** 2, c2=0.03 ** 2):
    win = torch.ones(3, 1, 7, 7, dtype=a.dtype) / 49
    mu_a, mu_b = F.conv2d(a, win, groups=3), F.conv2d(b, win, groups=3)
    saa = F.conv2d(a * a, win, groups=3) - mu_a ** 2
    sbb = F.conv2d(b * b, win, groups=3) - mu_b ** 2
    sab = F.conv2d(a * b, win, groups=3) - mu_a * mu_b
    return (((2 * mu_a * mu_b + c1) * (2 * sab + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (saa + sbb + c2))).mean((1, 2, 3))


s32 = ssim(restored, sharp)
print(s32, s32.half(), s32.half().float().sub(s32).abs().max() < 1e-3, s32.to(torch.float16).tolist())

net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 3, 3, padding=1))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
scale = 2.0 ** 16
for step in range(3):
    out = net(restored)
    loss = F.l1_loss(out, sharp)
    opt.zero_grad()
    (loss * scale).backward()
    grads = [p.grad for p in net.parameters()]
    finite = all(torch.isfinite(gr).all() for gr in grads)
    if finite:
        for gr in grads:
            gr.div_(scale)
        opt.step()
    else:
        scale /= 2
    half_grad = grads[0].half()
    print(step, round(loss.item(), 6), finite, scale, half_grad.abs().max().item() > 0, (grads[0] * scale).half().isinf().any().item())
with torch.autocast('cpu', enabled=False):
    y = net(restored.half().float())
print(y.dtype, torch.is_autocast_enabled('cpu'), y.half()[0, 0, 0, :4], F.mse_loss(y.half().float(), y).item() < 1e-6)

torch.manual_seed(12)
probe = torch.testing.make_tensor((1, 3, 8, 8), dtype=torch.float32, device='cpu', low=0, high=1)
wide = torch.testing.make_tensor(2, 3, dtype=torch.float64, device='cpu', low=-1e300, high=1e300)
noisy = torch.testing.make_tensor(2, 4, dtype=torch.uint8, device='cpu', noncontiguous=True, exclude_zero=True)
print(probe[0, 0, 0, :4], wide.abs().max() > 1e299, noisy, noisy.stride(), noisy.is_contiguous())
p32 = 10 * torch.log10(1 / F.mse_loss(probe, probe.clamp(0.1, 0.9)))
torch.testing.assert_close(p32.half().float(), p32, rtol=1e-3, atol=0.0)
try:
    torch.testing.assert_close(p32.half().float(), p32)
except AssertionError as e:
    print("AssertionError:", str(e).splitlines()[0], "|", str(e).splitlines()[-2].split(" (")[0][:20])
try:
    torch.testing.make_tensor(3, dtype=torch.float32, device='cpu', low=2, high=1)
except ValueError as e:
    print("ValueError:", e)
try:
    torch.randint(0, 2 ** 63, (2,))
except ValueError as e:
    print("ValueError:", e)
