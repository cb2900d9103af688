"""Learned Wiener filtering in the Fourier domain with complex tensors: a Gaussian and a motion
blur kernel padded and rolled to the image size, rfft2/fft2/ifft2/irfft2 with s= and norm=,
fftshift/ifftshift, fftfreq grids, complex tensors built with torch.complex and torch.polar,
their .real/.imag/.abs()/.angle()/.conj(), view_as_real/view_as_complex, the complex dtypes and
their reprs, the classic Wiener filter conj(K) / (|K|^2 + nsr), and a learned per-frequency
noise-to-signal ratio (a real parameter through softplus) trained by Adam through the FFT."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
H = W = 16


def gaussian_kernel(size=5, sigma=1.2, dtype=torch.float32):
    ax = torch.arange(size, dtype=dtype) - (size - 1) / 2
    g = torch.exp(-ax ** 2 / (2 * sigma ** 2))
    k = torch.outer(g, g)
    return k / k.sum()


def motion_kernel(size=5, angle=30.0):
    k = torch.zeros(size, size)
    c = (size - 1) / 2
    for t in torch.linspace(-c, c, 4 * size):
        x = c + t * math.cos(math.radians(angle))
        y = c + t * math.sin(math.radians(angle))
        k[int(round(float(y))), int(round(float(x)))] += 1
    return k / k.sum()


def psf2otf(k, shape):
    pad = torch.zeros(shape, dtype=k.dtype)
    pad[: k.shape[0], : k.shape[1]] = k
    pad = torch.roll(pad, shifts=(-(k.shape[0] // 2), -(k.shape[1] // 2)), dims=(0, 1))
    return torch.fft.fft2(pad)


kg, km = gaussian_kernel(), motion_kernel()
print(kg.sum(), km.nonzero().shape, km.dtype)
Kg = psf2otf(kg, (H, W))
print(Kg.dtype, Kg.shape, Kg.is_complex(), Kg.real.dtype, Kg[1, 2])
print(Kg.abs().max().round(decimals=4), Kg.abs().min() > 0, Kg.imag.abs().max() < 1e-6)
print(torch.fft.fftfreq(6), torch.fft.rfftfreq(6, d=0.5))
print(torch.fft.fftshift(torch.arange(6)), torch.fft.ifftshift(torch.fft.fftshift(torch.arange(7))))

z = torch.complex(torch.tensor([1.0, 0.0, -2.0]), torch.tensor([1.0, 2.0, 0.0]))
print(z, z.dtype, z.abs(), z.angle(), z.conj(), z.conj().imag)
p = torch.polar(torch.tensor([2.0, 1.0]), torch.tensor([0.0, math.pi / 2]))
print(p.real, p.imag.round(decimals=4), torch.view_as_real(z), torch.view_as_complex(torch.tensor([[1.0, -1.0]])))
print(z * z.conj(), (z * 1j).real, torch.zeros(2, dtype=torch.complex64), torch.ones(1, dtype=torch.cfloat) + 0.5j)
print(torch.tensor([1 + 2j]).dtype, torch.tensor([1 + 2j], dtype=torch.complex128), torch.randn(2, dtype=torch.cfloat).dtype)
try:
    torch.tensor([1.0 + 1j]) < 1
except RuntimeError as e:
    print("RuntimeError:", e)

yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float32), torch.arange(W, dtype=torch.float32), indexing="ij")
imgs = torch.stack([(torch.sin(xx * f) * torch.cos(yy * (0.5 - f / 3)) > 0).float() * 0.6 + 0.2
                    for f in (0.3, 0.45, 0.6, 0.75)]).unsqueeze(1)
print(imgs.shape, round(imgs.mean().item(), 5))


def blur_fft(x, K):
    return torch.fft.ifft2(torch.fft.fft2(x) * K).real


blurred = blur_fft(imgs, Kg)
direct = F.conv2d(F.pad(imgs, (2, 2, 2, 2), mode="circular"), kg.flip(0, 1).view(1, 1, 5, 5))
print((blurred - direct).abs().max() < 1e-5, blurred.shape)
noisy = blurred + 0.01 * torch.randn_like(blurred)

Xr = torch.fft.rfft2(noisy)
print(Xr.shape, Xr.dtype, torch.fft.irfft2(Xr, s=(H, W)).shape, torch.allclose(torch.fft.irfft2(Xr, s=(H, W)), noisy, atol=1e-6))
print(torch.allclose(torch.fft.fft2(noisy, norm="ortho").abs().pow(2).sum(), noisy.pow(2).sum(), rtol=1e-4))


def wiener(y, K, nsr):
    Y = torch.fft.fft2(y)
    G = K.conj() / (K.abs() ** 2 + nsr)
    return torch.fft.ifft2(Y * G).real


def psnr(x, ref):
    mse = F.mse_loss(x, ref)
    return 10 * torch.log10(1.0 / mse)


for nsr in (1e-4, 1e-2, 1e-1):
    print(nsr, f"{psnr(wiener(noisy, Kg, nsr), imgs).item():.2f}")
print("blurred", f"{psnr(noisy, imgs).item():.2f}")


class LearnedWiener(nn.Module):
    def __init__(self, h, w):
        super().__init__()
        self.log_nsr = nn.Parameter(torch.full((h, w), -3.0))

    def forward(self, y, K):
        nsr = F.softplus(self.log_nsr)
        G = torch.conj(K) / (torch.abs(K).pow(2) + nsr)
        return torch.fft.ifft2(torch.fft.fft2(y) * G).real


net = LearnedWiener(H, W)
print(net, sum(p.numel() for p in net.parameters()))
opt = torch.optim.Adam(net.parameters(), lr=0.1)
for step in range(40):
    opt.zero_grad()
    out = net(noisy, Kg)
    loss = F.mse_loss(out, imgs)
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, f"{loss.item():.5f}", net.log_nsr.grad.abs().sum() > 0, out.grad_fn.name())
print(f"{psnr(net(noisy, Kg), imgs).item():.2f}")

# complex parameters and gradients
c = torch.randn(3, dtype=torch.complex64, requires_grad=True)
loss = (c * c.conj()).real.sum()
loss.backward()
print(torch.allclose(c.grad, 2 * c.detach()), c.grad.dtype)
a = torch.tensor([3.0, 4.0], requires_grad=True)
mag = torch.view_as_complex(a).abs()
mag.backward()
print(mag, a.grad)
ang = torch.polar(torch.ones(1, requires_grad=True), torch.tensor([0.3], requires_grad=True))
ang.real.sum().backward()
print(ang, ang.dtype)
k64 = gaussian_kernel(dtype=torch.float64)
K64 = torch.fft.rfft2(k64, s=(8, 8))
print(K64.dtype, K64.shape, K64[1, :3].abs(), K64[0, :3].abs())
