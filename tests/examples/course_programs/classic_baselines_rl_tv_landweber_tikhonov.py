"""Classic non-blind baselines written in torch, as a course compares them before any
network: noise level estimated by the median absolute deviation of the finest Haar
detail band (torch.median, quantile, nanmedian), Richardson-Lucy with a total-variation
regulariser (Dey et al.), Landweber iterations with the step from the operator's largest
singular value (power iteration), Tikhonov in the Fourier domain built with complex tensors
(torch.complex, torch.polar, view_as_real / view_as_complex, angle), a comparison table, and the
errors of a spectrum passed where a real image belongs."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(1)
H = W = 30
K = 7
dt = torch.float64
g = torch.Generator().manual_seed(13)

yy, xx = torch.meshgrid(torch.arange(H, dtype=dt), torch.arange(W, dtype=dt), indexing="ij")
sharp = 0.1 + 0.6 * ((xx - 15).abs() + (yy - 12).abs() < 8).to(dt) + 0.2 * ((xx // 5 + yy // 5) % 2)
r = torch.arange(K, dtype=dt) - K // 2
psf = torch.exp(-(r[:, None] ** 2 + 0.5 * r[None] ** 2) / 3.0)
psf /= psf.sum()
sigma_true = 0.02


def A(x):
    return F.conv2d(F.pad(x[None, None], (K // 2,) * 4, mode="circular"), psf.flip(0, 1)[None, None])[0, 0]


def At(x):
    return F.conv2d(F.pad(x[None, None], (K // 2,) * 4, mode="circular"), psf[None, None])[0, 0]


blurred = A(sharp)
noisy = blurred + sigma_true * torch.randn(H, W, generator=g, dtype=dt)


def mad_sigma(y):
    """Donoho's estimate: median(|HH|) / 0.6745 over the diagonal Haar detail coefficients."""
    hh = (y[0::2, 0::2] - y[0::2, 1::2] - y[1::2, 0::2] + y[1::2, 1::2]) / 2
    med = hh.abs().flatten().median()
    return med / 0.6745, hh


est, hh = mad_sigma(noisy)
q = torch.quantile(hh.abs().flatten(), torch.tensor([0.25, 0.5, 0.75], dtype=dt))
with_nan = torch.cat([hh.flatten(), torch.tensor([float("nan")], dtype=dt)])
print(f"sigma true {sigma_true} est {est.item():.6f} quartiles {q.round(decimals=10).tolist()}")
print(hh.shape, torch.nanmedian(with_nan.abs()).item() == hh.abs().flatten().median().item(), with_nan.abs().median())
vals, idx = hh.abs().median(dim=1)
print(vals[:4], idx[:4])


def psnr(a):
    return (10 * torch.log10(1 / F.mse_loss(a, sharp))).item()


def grad_div_tv(x, eps=1e-3):
    dx = torch.roll(x, -1, 1) - x
    dy = torch.roll(x, -1, 0) - x
    n = torch.sqrt(dx ** 2 + dy ** 2 + eps ** 2)
    px, py = dx / n, dy / n
    return (px - torch.roll(px, 1, 1)) + (py - torch.roll(py, 1, 0))


def richardson_lucy_tv(y, iters, lam):
    x = torch.full_like(y, y.mean().item())
    for _ in range(iters):
        ratio = y.clamp_min(1e-6) / A(x).clamp_min(1e-6)
        x = x * At(ratio) / (1 - lam * grad_div_tv(x))
    return x


def power_iteration(n=30):
    v = torch.randn(H, W, generator=g, dtype=dt)
    for _ in range(n):
        v = At(A(v))
        v = v / torch.linalg.vector_norm(v)
    return torch.sqrt((v * At(A(v))).sum())


def landweber(y, iters, smax):
    tau = 1.0 / smax ** 2
    x = torch.zeros_like(y)
    hist = []
    for i in range(iters):
        x = x + tau * At(y - A(x))
        if i % 10 == 9:
            hist.append(round(psnr(x), 4))
    return x, hist


def tikhonov_fourier(y, lam):
    pad = torch.zeros(H, W, dtype=dt)
    pad[:K, :K] = psf
    otf = torch.fft.fft2(torch.roll(pad, (-(K // 2), -(K // 2)), (0, 1)))
    mag, phase = otf.abs(), otf.angle()
    rebuilt = torch.polar(mag, phase)
    as_pair = torch.view_as_real(otf)
    conj = torch.view_as_complex(torch.stack([as_pair[..., 0], -as_pair[..., 1]], -1).contiguous())
    lap = torch.complex(4 - 2 * torch.cos(2 * math.pi * torch.fft.fftfreq(H, dtype=dt))[:, None]
                        - 2 * torch.cos(2 * math.pi * torch.fft.fftfreq(W, dtype=dt))[None, :], torch.zeros(H, W, dtype=dt))
    x = torch.fft.ifft2(conj * torch.fft.fft2(y) / (mag ** 2 + lam * lap.abs() ** 2)).real
    return x, (rebuilt - otf).abs().max().item() < 1e-12, conj.dtype, as_pair.shape


print("blurred", round(psnr(noisy), 5))
for lam in (0.0, 2e-3, 1e-2):
    x = richardson_lucy_tv(noisy, 15, lam)
    print(f"RL-TV lam={lam:<6} {psnr(x):.5f} min {x.min().item():.5f} sum ratio {(x.sum() / noisy.sum()).item():.6f}")
smax = power_iteration()
print("largest singular value", round(smax.item(), 8))
x, hist = landweber(noisy, 40, smax)
print("Landweber", hist)
for lam in (1e-3, 1e-2, 1e-1):
    x, ok, cdt, shape = tikhonov_fourier(noisy, lam)
    print(f"Tikhonov lam={lam:g} {psnr(x):.5f}", ok, cdt, shape)
z = torch.complex(torch.tensor([3.0, -1.0]), torch.tensor([4.0, 0.0]))
print(z, z.abs(), z.angle(), z.conj(), torch.view_as_real(z * 1j), (z * z.conj()).real, z.dtype)
for mistake in (lambda: torch.fft.rfft2(torch.fft.fft2(noisy)), lambda: torch.fft.ihfft2(torch.fft.fft2(noisy)),
                lambda: torch.fft.rfft2(noisy, norm=1), lambda: torch.fft.fft2(noisy).round(decimals=3)):
    try:
        mistake()
    except (RuntimeError, TypeError, NotImplementedError) as e:
        print(type(e).__name__, e)
