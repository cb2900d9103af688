"""A deconvolution course's Fourier chapter: a Gaussian and a motion-line blur kernel built
with meshgrid, padded to the image size and centred at the origin with torch.roll (psf2otf),
blurring as a product of spectra with fft2 / ifft2 and with rfft2 / irfft2 (checked against a
circular conv2d), the spectrum's magnitude shown with fftshift, inverse filtering, Wiener
deconvolution over a range of noise-to-signal ratios, a Tikhonov-regularised inverse with a
Laplacian, PSNR written in torch, and a differentiable Fourier-domain fit of a kernel."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
H = W = 32


def gaussian_psf(size, sigma):
    r = torch.arange(size, dtype=torch.float32) - size // 2
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    k = torch.exp(-(xx ** 2 + yy ** 2) / (2 * sigma ** 2))
    return k / k.sum()


def motion_psf(size, angle_deg):
    r = torch.arange(size, dtype=torch.float32) - size // 2
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    theta = math.radians(angle_deg)
    dist = (xx * math.sin(theta) - yy * math.cos(theta)).abs()
    along = (xx * math.cos(theta) + yy * math.sin(theta)).abs()
    k = ((dist < 0.5) & (along <= size // 2)).float()
    return k / k.sum()


def psf2otf(psf, shape):
    kh, kw = psf.shape[-2:]
    padded = F.pad(psf, (0, shape[1] - kw, 0, shape[0] - kh))
    padded = torch.roll(padded, shifts=(-(kh // 2), -(kw // 2)), dims=(-2, -1))
    return torch.fft.fft2(padded)


def psnr(a, b):
    return 10 * torch.log10(1.0 / torch.mean((a - b) ** 2))


yy, xx = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing="xy")
image = ((xx ** 2 + yy ** 2 < 0.4).float() * 0.6 + (xx.abs() < 0.2).float() * 0.3 + 0.05)
image = image + 0.05 * torch.sin(6 * xx) * torch.cos(4 * yy)
print(image.shape, image.dtype, round(image.mean().item(), 5), round(image.max().item(), 5))

for name, psf in [("gaussian", gaussian_psf(7, 1.5)), ("motion", motion_psf(9, 30))]:
    otf = psf2otf(psf, (H, W))
    print(name, psf.shape, round(psf.sum().item(), 5), int((psf > 0).sum()), otf.dtype, otf.shape)
    print("  |otf| range", round(otf.abs().min().item(), 5), round(otf.abs().max().item(), 5),
          "imag of DC", round(otf[0, 0].imag.item(), 6))
    blurred = torch.fft.ifft2(torch.fft.fft2(image) * otf).real
    circ = F.conv2d(F.pad(image[None, None], (psf.shape[1] // 2,) * 2 + (psf.shape[0] // 2,) * 2, mode="circular"),
                    psf.flip(0, 1)[None, None])[0, 0]
    print("  fft blur equals circular conv2d:", torch.allclose(blurred, circ, atol=1e-5))
    rblur = torch.fft.irfft2(torch.fft.rfft2(image) * torch.fft.rfft2(torch.roll(
        F.pad(psf, (0, W - psf.shape[1], 0, H - psf.shape[0])), (-(psf.shape[0] // 2), -(psf.shape[1] // 2)), (0, 1))),
        s=(H, W))
    print("  rfft2 spectrum", torch.fft.rfft2(image).shape, "irfft2 agrees:", torch.allclose(rblur, blurred, atol=1e-5))
    noisy = blurred + 0.01 * torch.randn(H, W)
    print("  blurred PSNR", round(psnr(noisy, image).item(), 3))
    shifted = torch.fft.fftshift(torch.log1p(otf.abs()))
    print("  centred magnitude peak at", divmod(int(shifted.argmax()), W), round(shifted.sum().item(), 3))
    inverse = torch.fft.ifft2(torch.fft.fft2(noisy) / (otf + 1e-3)).real
    print("  naive inverse PSNR", round(psnr(inverse.clamp(0, 1), image).item(), 2))
    Y = torch.fft.fft2(noisy)
    for nsr in (1e-1, 1e-2, 1e-3):
        wiener = torch.conj(otf) / (otf.abs() ** 2 + nsr)
        restored = torch.fft.ifft2(wiener * Y).real
        print(f"  wiener nsr={nsr:g}: PSNR {psnr(restored, image).item():.3f}")
    lap = torch.tensor([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]])
    L = psf2otf(lap, (H, W))
    tik = torch.fft.ifft2(torch.conj(otf) * Y / (otf.abs().pow(2) + 0.01 * L.abs().pow(2))).real
    print("  tikhonov PSNR", round(psnr(tik, image).item(), 3), tik.dtype)

freqs = torch.fft.fftfreq(8)
print(freqs, torch.fft.rfftfreq(8, d=0.5), torch.fft.fftshift(freqs))
spec = torch.fft.fft(torch.arange(8.0))
print(spec.dtype, spec.real.round(decimals=3), spec.imag.round(decimals=3), torch.fft.ifft(spec).real)
print(torch.fft.fft2(torch.ones(4, 4), norm="ortho")[0, 0], torch.fft.fft2(torch.ones(4, 4), norm="forward")[0, 0])

true_psf = gaussian_psf(5, 1.0)
target = torch.fft.ifft2(torch.fft.fft2(image) * psf2otf(true_psf, (H, W))).real
logits = torch.zeros(5, 5, requires_grad=True)
opt = torch.optim.Adam([logits], lr=0.1)
for it in range(40):
    psf = torch.softmax(logits.flatten(), 0).view(5, 5)
    est = torch.fft.ifft2(torch.fft.fft2(image) * psf2otf(psf, (H, W))).real
    loss = F.mse_loss(est, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 10 == 0:
        print(f"kernel fit {it}: {loss.item():.4e} grad norm {logits.grad.norm().item():.4e}")
psf = torch.softmax(logits.detach().flatten(), 0).view(5, 5)
print("kernel error", round((psf - true_psf).abs().max().item(), 4), round(psf.sum().item(), 5))
