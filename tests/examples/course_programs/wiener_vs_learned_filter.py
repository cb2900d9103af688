"""A deconvolution course's comparison of a classical and a learned inverse: a Gaussian PSF
padded and centred with torch.roll into an optical transfer function (fft2), circular blur
and noise, the Wiener filter H* / (|H|^2 + 1/SNR) applied in the Fourier domain and its
PSNR over a range of regularisation weights, the same filter learned: a real-valued
frequency response parameterised by a softplus over rfft2's half plane and fitted with Adam on a
training set of images, compared with Wiener on held-out images; then spectra and phases
inspected (abs, angle, fftshift, fftfreq, view_as_real, polar, complex dtypes)."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(5)
N = 32


def psf2otf(psf, shape):
    pad = torch.zeros(shape)
    kh, kw = psf.shape
    pad[:kh, :kw] = psf
    pad = torch.roll(pad, shifts=(-(kh // 2), -(kw // 2)), dims=(0, 1))
    return torch.fft.fft2(pad)


ax = torch.arange(9, dtype=torch.float32) - 4
psf = torch.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * 1.5 ** 2))
psf = psf / psf.sum()
H = psf2otf(psf, (N, N))
print(H.dtype, H.shape, round(H.abs().max().item(), 4), round(H.abs().min().item(), 6), round(H[0, 0].real.item(), 5))
print(torch.allclose(H.imag, torch.zeros_like(H.imag), atol=1e-5), torch.is_complex(H), H.real.dtype)


def make_images(n, g):
    yy, xx = torch.meshgrid(torch.linspace(-1, 1, N), torch.linspace(-1, 1, N), indexing="ij")
    imgs = []
    for _ in range(n):
        f = 1 + 4 * torch.rand(2, generator=g)
        img = 0.5 + 0.25 * torch.sin(f[0] * math.pi * xx) * torch.cos(f[1] * math.pi * yy)
        c = torch.rand(2, generator=g) * 1.2 - 0.6
        img = img + 0.3 * ((xx - c[0]).abs() < 0.3).float() * ((yy - c[1]).abs() < 0.2).float()
        imgs.append(img.clamp(0, 1))
    return torch.stack(imgs)


g = torch.Generator().manual_seed(11)
train, test = make_images(12, g), make_images(4, g)


def blur(x):
    return torch.fft.ifft2(torch.fft.fft2(x) * H).real


sigma = 0.01
train_y = blur(train) + sigma * torch.randn(train.shape, generator=g)
test_y = blur(test) + sigma * torch.randn(test.shape, generator=g)
circ = F.conv2d(F.pad(test[:, None], (4, 4, 4, 4), mode="circular"), psf[None, None])[:, 0]
print(torch.allclose(circ, blur(test), atol=1e-5))


def psnr(a, b):
    return (10 * torch.log10(1 / ((a - b) ** 2).mean(dim=(-1, -2)))).mean().item()


print("blurred", round(psnr(test_y, test), 2))
for k in (1e-4, 1e-3, 1e-2, 1e-1):
    W = H.conj() / (H.abs() ** 2 + k)
    rec = torch.fft.ifft2(torch.fft.fft2(test_y) * W).real
    print(f"wiener k={k:g}", round(psnr(rec, test), 2), round(rec.std().item(), 4))
inverse = torch.fft.ifft2(torch.fft.fft2(test_y) / H).real
# (the naive inverse divides by |H| down to float32 rounding level, so its PSNR's digits are rounding
# noise that differs between FFT kernels; that it is far below the blurred input's is the lesson)
print("inverse filter", psnr(inverse, test) < 0, inverse.abs().max().item() > 10)

Hr = torch.fft.rfft2(torch.roll(F.pad(psf, (0, N - 9, 0, N - 9)), (-4, -4), (0, 1)))
print(Hr.shape, torch.allclose(Hr, H[:, : N // 2 + 1], atol=1e-6))
raw = torch.zeros(N, N // 2 + 1, requires_grad=True)
opt = torch.optim.Adam([raw], lr=0.1)
Y, X = torch.fft.rfft2(train_y), train
for step in range(60):
    response = F.softplus(raw)
    rec = torch.fft.irfft2(Y * response * Hr.conj() / Hr.abs().clamp(min=1e-3) ** 1, s=(N, N))
    loss = F.mse_loss(rec, X)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(step, f"{loss.item():.6f}", raw.grad.abs().max().item() > 0)
with torch.no_grad():
    learned = torch.fft.irfft2(torch.fft.rfft2(test_y) * F.softplus(raw) * Hr.conj() / Hr.abs().clamp(min=1e-3), s=(N, N))
print("learned", round(psnr(learned, test), 2), learned.dtype, learned.shape, raw.grad.dtype)

spec = torch.fft.fftshift(torch.fft.fft2(test[0]))
print(spec.shape, spec.dtype, round(spec.abs().max().item(), 3), spec.abs().argmax().item(), (N // 2) * N + N // 2)
print(torch.fft.fftfreq(6), torch.fft.rfftfreq(6, d=0.5), torch.fft.fftshift(torch.fft.fftfreq(5)))
z = torch.polar(torch.tensor([1.0, 2.0]), torch.tensor([0.0, math.pi / 2]))
print(z.dtype, torch.view_as_real(z).round(decimals=4), z.abs(), torch.round(z.angle(), decimals=4))
c = torch.complex(torch.tensor([3.0]), torch.tensor([4.0]))
print(c, c.abs(), c.conj(), (c * c.conj()).real, torch.view_as_complex(torch.tensor([[1.0, -1.0]])))
