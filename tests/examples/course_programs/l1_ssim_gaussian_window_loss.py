"""A custom restoration loss as a course builds it: a Gaussian window from ``torch.exp`` and an
outer product, SSIM by depthwise ``conv2d`` (groups = channels, valid and reflect-padded), the
loss ``alpha * (1 - SSIM) / 2 + (1 - alpha) * L1`` as an ``nn.Module`` with a registered window
buffer, its gradients checked by ``gradcheck`` in float64, and a few steps denoising an image."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def r4(v):
    return float(f"{v:.4g}")


def gaussian_window(size=7, sigma=1.5, channels=3, dtype=torch.float32):
    coords = torch.arange(size, dtype=dtype) - (size - 1) / 2
    g = torch.exp(-(coords ** 2) / (2 * sigma ** 2))
    g = g / g.sum()
    window = torch.outer(g, g)
    return window.expand(channels, 1, size, size).contiguous()


def ssim(x, y, window, pad_mode=None, c1=0.01 ** 2, c2=0.03 ** 2, per_image=False):
    channels = x.shape[1]
    if pad_mode is not None:
        p = window.shape[-1] // 2
        x, y = F.pad(x, (p, p, p, p), mode=pad_mode), F.pad(y, (p, p, p, p), mode=pad_mode)
    mu_x = F.conv2d(x, window, groups=channels)
    mu_y = F.conv2d(y, window, groups=channels)
    sxx = F.conv2d(x * x, window, groups=channels) - mu_x.pow(2)
    syy = F.conv2d(y * y, window, groups=channels) - mu_y.pow(2)
    sxy = F.conv2d(x * y, window, groups=channels) - mu_x * mu_y
    num = (2 * mu_x * mu_y + c1) * (2 * sxy + c2)
    den = (mu_x ** 2 + mu_y ** 2 + c1) * (sxx + syy + c2)
    smap = num / den
    return smap.flatten(1).mean(1) if per_image else smap.mean()


class L1SSIMLoss(nn.Module):
    def __init__(self, alpha=0.84, channels=3):
        super().__init__()
        self.alpha = alpha
        self.register_buffer("window", gaussian_window(channels=channels))

    def forward(self, pred, target):
        s = ssim(pred, target, self.window, pad_mode="reflect")
        return self.alpha * (1 - s) / 2 + (1 - self.alpha) * F.l1_loss(pred, target)


torch.manual_seed(0)
w = gaussian_window()
print("window", tuple(w.shape), r4(w[0].sum().item()), r4(w[0, 0, 3, 3].item()), w.is_contiguous())
clean = torch.rand(2, 3, 16, 16)
noisy = (clean + 0.2 * torch.randn_like(clean)).clamp(0, 1)
print("ssim self", r4(ssim(clean, clean, w).item()))
print("ssim noisy", r4(ssim(noisy, clean, w).item()), "reflect", r4(ssim(noisy, clean, w, "reflect").item()))
print("per image", [r4(v) for v in ssim(noisy, clean, w, "replicate", per_image=True).tolist()])
print("valid map", tuple(F.conv2d(clean, w, groups=3).shape), "same", tuple(F.conv2d(clean, w, groups=3, padding="same").shape))

crit = L1SSIMLoss()
print(crit, [n for n, _ in crit.named_buffers()], list(crit.state_dict()))
print("loss noisy", r4(crit(noisy, clean).item()))

# gradients of the SSIM term, checked in float64
w64 = gaussian_window(size=3, sigma=1.0, channels=1, dtype=torch.float64)
a = torch.rand(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)
b = torch.rand(1, 1, 5, 5, dtype=torch.float64)
print("gradcheck", torch.autograd.gradcheck(lambda t: ssim(t, b, w64, "reflect"), (a,)))

# denoise by optimising the image itself
est = noisy.clone().requires_grad_(True)
opt = torch.optim.Adam([est], lr=0.02)
for step in range(30):
    opt.zero_grad()
    loss = crit(est, clean)
    loss.backward()
    opt.step()
    with torch.no_grad():
        est.clamp_(0, 1)
    if step % 10 == 0:
        print(f"step {step} loss {loss.item():.4f}")
with torch.no_grad():
    print("final ssim", r4(ssim(est, clean, w).item()), "l1", r4(F.l1_loss(est, clean).item()))
    psnr = 10 * torch.log10(1 / F.mse_loss(est, clean, reduction="none").mean(dim=(1, 2, 3)))
print("psnr", [round(v, 2) for v in psnr.tolist()])

for bad in (lambda: F.conv2d(clean, w), lambda: F.conv2d(clean, w, groups=2),
            lambda: F.pad(clean, (4, 4, 4, 4), mode="reflect") if False else F.pad(clean[:, :, :3], (4, 4, 4, 4), mode="reflect"),
            lambda: F.conv2d(clean, w, groups=3, padding="same", stride=2),
            lambda: crit(clean, clean[:, :1])):
    try:
        print("ok", tuple(bad().shape))
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
