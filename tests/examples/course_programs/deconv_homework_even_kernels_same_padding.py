"""A deblurring homework's helper functions as a student writes them: blur kernels of even and odd
sizes (box, Gaussian from meshgrid, a line "motion" kernel drawn by rounding, a disk), convolution
with padding='same' (the asymmetric padding of even kernels) and padding_mode='reflect' /
'circular' / 'replicate' layers, psf2otf by zero padding and torch.roll, circular convolution by FFT
compared with F.pad(mode='circular') + conv2d, the adjoint by conv_transpose2d and flipping,
the inner-product test of the adjoint, dilation, Wiener and Tikhonov deconvolution, PSNR with
log10, and clamp_ / quantile normalisation of the estimate."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def gaussian_kernel(size, sigma):
    ax = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    yy, xx = torch.meshgrid(ax, ax, indexing='ij')
    k = torch.exp(-(xx ** 2 + yy ** 2) / (2 * sigma ** 2))
    return k / k.sum()


def motion_kernel(size, angle_deg):
    k = torch.zeros(size, size, dtype=torch.float64)
    c = (size - 1) / 2
    t = torch.linspace(-c, c, 4 * size, dtype=torch.float64)
    a = math.radians(angle_deg)
    rows = torch.round(c - t * math.sin(a)).long().clamp(0, size - 1)
    cols = torch.round(c + t * math.cos(a)).long().clamp(0, size - 1)
    k[rows, cols] = 1.0
    return k / k.sum()


def disk_kernel(radius):
    ax = torch.arange(-radius, radius + 1, dtype=torch.float64)
    yy, xx = torch.meshgrid(ax, ax, indexing='xy')
    k = ((xx ** 2 + yy ** 2) <= radius ** 2).double()
    return k / k.sum()


def psf2otf(psf, shape):
    padded = torch.zeros(shape, dtype=psf.dtype)
    kh, kw = psf.shape
    padded[:kh, :kw] = psf
    padded = torch.roll(padded, shifts=(-(kh // 2), -(kw // 2)), dims=(0, 1))
    return torch.fft.fft2(padded)


def psnr(x, y, peak=1.0):
    mse = F.mse_loss(x, y)
    return 10 * torch.log10(peak ** 2 / mse)


torch.manual_seed(5)
img = torch.rand(1, 1, 16, 16, dtype=torch.float64)
img = F.avg_pool2d(F.pad(img, (1, 1, 1, 1), mode='reflect'), 3, stride=1)
print(img.shape, img.dtype, round(img.mean().item(), 6))

kernels = {'box4': torch.full((4, 4), 1 / 16, dtype=torch.float64), 'gauss5': gaussian_kernel(5, 1.2),
           'gauss6': gaussian_kernel(6, 1.5), 'motion7': motion_kernel(7, 30), 'disk2': disk_kernel(2)}
for name, k in kernels.items():
    blurred = F.conv2d(img, k.flip(0, 1)[None, None], padding='same')
    print(f"{name:8s}", tuple(k.shape), round(k.sum().item(), 12), (k > 0).sum().item(), tuple(blurred.shape),
          round(blurred.mean().item(), 6), round(psnr(blurred, img).item(), 4))
print(kernels['motion7'].nonzero()[:5].tolist())
print(kernels['disk2'])

# 'same' on even kernels pads less on the left/top: compare with an explicit F.pad
k = kernels['box4'][None, None]
same = F.conv2d(img, k, padding='same')
manual = F.conv2d(F.pad(img, (1, 2, 1, 2)), k)
print('same == pad(1,2,1,2)', torch.allclose(same, manual))
for mode in ('zeros', 'reflect', 'circular', 'replicate'):
    conv = nn.Conv2d(1, 1, 4, padding='same', padding_mode=mode, bias=False, dtype=torch.float64)
    with torch.no_grad():
        conv.weight.copy_(k)
    out = conv(img)
    print(mode, tuple(out.shape), round(out.sum().item(), 6), conv)
conv = nn.Conv2d(1, 1, 3, padding='same', dilation=2, bias=False)
print(conv(img.float()).shape, conv.padding, conv._reversed_padding_repeated_twice)
try:
    nn.Conv2d(1, 1, 3, padding='same', stride=2)
except ValueError as e:
    print('ValueError', e)
try:
    nn.Conv2d(1, 1, 3, padding='valid ')
except ValueError as e:  # (the message ends with a set, whose order changes from run to run)
    print('ValueError', str(e).split(', should')[0])

# circular convolution by FFT equals circular padding + correlation with the flipped kernel
k = kernels['gauss5']
otf = psf2otf(k, (16, 16))
fft_blur = torch.fft.ifft2(torch.fft.fft2(img[0, 0]) * otf).real
circ = F.conv2d(F.pad(img, (2, 2, 2, 2), mode='circular'), k.flip(0, 1)[None, None])[0, 0]
print('fft == circular', torch.allclose(fft_blur, circ), otf.dtype, otf.shape, round(otf.abs().max().item(), 8))
even = psf2otf(kernels['box4'], (16, 16))
print('even otf imag', round(even.imag.abs().max().item(), 6), torch.fft.fftshift(otf.abs())[8, 6:11].round(decimals=4))

# adjoint: <A x, y> == <x, A^T y>
x = torch.randn(1, 1, 16, 16, dtype=torch.float64)
y = torch.randn(1, 1, 12, 12, dtype=torch.float64)
kk = kernels['gauss5'][None, None]
Ax = F.conv2d(x, kk)
ATy = F.conv_transpose2d(y, kk)
print('adjoint', ATy.shape, torch.allclose((Ax * y).sum(), (x * ATy).sum()))
y_full = torch.randn(1, 1, 16, 16, dtype=torch.float64)
Ax = F.conv2d(x, kk, padding=2)
ATy = F.conv2d(y_full, kk.flip(-1, -2), padding=2)
print('same-padding adjoint', torch.allclose((Ax * y_full).sum(), (x * ATy).sum()))

# Wiener / Tikhonov deconvolution
torch.manual_seed(1)
observed = fft_blur + 0.01 * torch.randn(16, 16, dtype=torch.float64)
for lam in (1e-3, 1e-2, 1e-1):
    est = torch.fft.ifft2(torch.conj(otf) * torch.fft.fft2(observed) / (otf.abs() ** 2 + lam)).real
    print(lam, round(psnr(est, img[0, 0]).item(), 4), round(est.min().item(), 4), round(est.max().item(), 4))
est.clamp_(0, 1)
lo, hi = torch.quantile(est, torch.tensor([0.01, 0.99], dtype=torch.float64))
normalised = ((est - lo) / (hi - lo)).clamp(0.0, 1.0)
print(round(lo.item(), 6), round(hi.item(), 6), round(normalised.mean().item(), 6), normalised.dtype)
