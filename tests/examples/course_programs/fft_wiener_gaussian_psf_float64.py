"""FFT deconvolution in float64: a Gaussian PSF padded and rolled to the origin, its
rfft2 transfer function, blurring in the Fourier domain (checked against a circular conv2d),
Wiener inverses at several noise-to-signal ratios with their PSNR, fftshift, fftfreq and complex views."""
import torch
import torch.nn.functional as F
torch.manual_seed(2)
H = W = 32
img = torch.rand(1, 1, H, W, dtype=torch.float64)
ax = torch.arange(7, dtype=torch.float64) - 3
k = torch.exp(-(ax[:, None]**2 + ax[None, :]**2) / 2.0); k /= k.sum()
pad = torch.zeros(H, W, dtype=torch.float64)
pad[:7, :7] = k
pad = torch.roll(pad, shifts=(-3, -3), dims=(0, 1))
print(pad[0, :4], pad[-1, -3:])
Kf = torch.fft.rfft2(pad)
print(Kf.shape, Kf.dtype, Kf[0, 0])
blur = torch.fft.irfft2(torch.fft.rfft2(img) * Kf, s=(H, W))
print(blur.shape, blur.dtype, blur[0, 0, 0, :3])
blur_c = F.conv2d(F.pad(img, (3, 3, 3, 3), mode="circular"), k.flip(0, 1)[None, None])
print((blur - blur_c).abs().max() < 1e-12)
noisy = blur + 0.01 * torch.randn_like(blur)
for nsr in [1e-4, 1e-3, 1e-2, 1e-1]:
    G = torch.conj(Kf) / (Kf.abs()**2 + nsr)
    rest = torch.fft.irfft2(torch.fft.rfft2(noisy) * G, s=(H, W))
    mse = ((rest - img)**2).mean()
    print(f"nsr={nsr:g} mse={mse.item():.6f} psnr={(-10*torch.log10(mse)).item():.3f}")
F2 = torch.fft.fft2(pad)
print(F2.shape, torch.allclose(F2[:, :H//2+1], Kf))
sh = torch.fft.fftshift(F2.abs())
print(sh[H//2, W//2 - 2:W//2 + 3])
print(torch.fft.ifftshift(sh).sub(F2.abs()).abs().max())
fr = torch.fft.fftfreq(8); rfr = torch.fft.rfftfreq(8, d=0.5)
print(fr, rfr)
spec = torch.fft.fftshift(torch.log1p(torch.fft.fft2(img[0, 0]).abs()))
print(spec.shape, spec.max().item(), spec.argmax().item())
z = torch.complex(torch.tensor([1.0, 2.0]), torch.tensor([-1.0, 0.5]))
print(z, z.real, z.imag, z.angle(), torch.view_as_real(z))
print(torch.fft.fftn(img, dim=(-2, -1)).sub(torch.fft.fft2(img)).abs().max())
print(torch.fft.irfft2(Kf, s=(H, W)).sub(pad).abs().max() < 1e-14)
f32 = torch.fft.rfft2(img.float())
print(f32.dtype, torch.fft.irfft2(f32).dtype, torch.fft.fft(torch.arange(4)).dtype)
