"""A restoration course's evaluation notebook: a benchmark of restored images scored with
metrics written in torch and checked against NumPy (MSE, MAE, PSNR per image and in dB over the
set, a Gaussian-window SSIM, gradient-magnitude error with Sobel filters), results gathered with
.item() / .tolist() / .detach().numpy() into a table printed with f-strings, ranking by argsort
and topk, the worst images picked by a mask, histograms of errors with torch.histc and
bincount of quantised errors, quantiles, per-channel statistics of uint8 images converted with
to(torch.uint8) and back, and the metrics of float64 copies compared to float32 ones."""
import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(13)
N, C, H, W = 6, 3, 24, 24
yy, xx = torch.meshgrid(torch.linspace(0, 1, H), torch.linspace(0, 1, W), indexing="ij")
clean = torch.stack([torch.stack([0.5 + 0.4 * torch.sin((i + 1) * 3 * xx + c) * torch.cos(2 * yy) for c in range(C)])
                     for i in range(N)]).clamp(0, 1)
noise_levels = torch.tensor([0.01, 0.02, 0.05, 0.08, 0.1, 0.2])
restored = (clean + noise_levels.view(-1, 1, 1, 1) * torch.randn(clean.shape)).clamp(0, 1)
print(clean.shape, restored.dtype, round(clean.mean().item(), 4), round(restored.std().item(), 4))

mse = ((restored - clean) ** 2).mean(dim=(1, 2, 3))
mae = (restored - clean).abs().flatten(1).mean(1)
psnr = 10 * torch.log10(1.0 / mse)
np_mse = ((restored.numpy().astype(np.float64) - clean.numpy().astype(np.float64)) ** 2).mean(axis=(1, 2, 3))
print(np.allclose(mse.numpy(), np_mse, rtol=1e-5), psnr.dtype, [round(v, 2) for v in psnr.tolist()])


def gaussian_window(size=7, sigma=1.5):
    ax = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-ax ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :]).expand(C, 1, size, size).contiguous()


def ssim(a, b, window=gaussian_window(), c1=0.01 ** 2, c2=0.03 ** 2):
    pad = window.shape[-1] // 2
    mu_a = F.conv2d(a, window, padding=pad, groups=C)
    mu_b = F.conv2d(b, window, padding=pad, groups=C)
    var_a = F.conv2d(a * a, window, padding=pad, groups=C) - mu_a ** 2
    var_b = F.conv2d(b * b, window, padding=pad, groups=C) - mu_b ** 2
    cov = F.conv2d(a * b, window, padding=pad, groups=C) - mu_a * mu_b
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return s.mean(dim=(1, 2, 3))


ssims = ssim(restored, clean)
print([f"{v:.4f}" for v in ssims.tolist()], bool((ssims[:-1] >= ssims[1:]).all()), round(ssim(clean, clean).min().item(), 4))

sobel = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
kernels = torch.stack([sobel, sobel.T]).unsqueeze(1).repeat(C, 1, 1, 1)
grad_mag = lambda img: F.conv2d(F.pad(img, (1, 1, 1, 1), mode="replicate"), kernels, groups=C).pow(2).view(N, C, 2, H, W).sum(2).sqrt()
gme = (grad_mag(restored) - grad_mag(clean)).abs().mean(dim=(1, 2, 3))
print(kernels.shape, [round(v, 3) for v in gme.tolist()])

rows = torch.stack([mse, mae, psnr, ssims, gme], dim=1)
print(f"{'img':>3} {'sigma':>6} {'MSE':>9} {'MAE':>7} {'PSNR':>6} {'SSIM':>6} {'GME':>6}")
for i, (s, r) in enumerate(zip(noise_levels.tolist(), rows.detach().numpy())):
    print(f"{i:>3} {s:>6.2f} {r[0]:>9.2e} {r[1]:>7.4f} {r[2]:>6.2f} {r[3]:>6.3f} {r[4]:>6.3f}")
set_psnr = 10 * torch.log10(1 / mse.mean())
print(f"mean PSNR {psnr.mean().item():.2f} dB, PSNR of the mean MSE {set_psnr.item():.2f} dB, median {psnr.median().item():.2f}")

order = torch.argsort(psnr, descending=True)
best2 = torch.topk(ssims, 2)
worst = psnr < psnr.mean()
print(order.tolist(), best2.indices.tolist(), worst.nonzero().flatten().tolist(), psnr[worst].shape, int(worst.sum()))

err = (restored - clean).abs().flatten()
hist = torch.histc(err, bins=5, min=0, max=0.5)
levels = (err * 10).floor().long().clamp(max=4)
print(hist.tolist(), levels.bincount(minlength=5).tolist(), int(hist.sum().item()) == err.numel())
q = torch.quantile(err[:2000], torch.tensor([0.5, 0.9, 0.99]))
print([round(v, 4) for v in q.tolist()], round(err.max().item(), 4), err.argmax().item() // (H * W))

u8 = (restored * 255).round().to(torch.uint8)
back = u8.float() / 255
print(u8.dtype, u8.min().item(), u8.max().item(), u8.float().mean(dim=(0, 2, 3)).round(decimals=2).tolist())
print(round((back - restored).abs().max().item(), 5) <= 0.5 / 255 + 1e-6, (u8.to(torch.int16) - 128).dtype, u8.sum().dtype)
print(u8[0, :, 0, :4].tolist(), u8.numpy().dtype, torch.from_numpy(u8.numpy()).equal(u8))

mse64 = ((restored.double() - clean.double()) ** 2).mean(dim=(1, 2, 3))
print(mse64.dtype, torch.allclose(mse64, mse.double(), rtol=1e-5), round((10 * torch.log10(1 / mse64)).mean().item(), 3))
