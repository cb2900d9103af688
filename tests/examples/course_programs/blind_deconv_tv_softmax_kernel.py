"""Blind deconvolution by alternating gradient descent: the kernel as a softmax over logits
(non-negative, sums to one), a total-variation prior with torch.diff, circular convolution by
rfft2/irfft2 with s=, fftshift/roll to centre the kernel, padding modes, and PSNR."""
import torch
import torch.nn.functional as F

torch.manual_seed(7)
H = W = 24
yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(W, dtype=torch.float64), indexing='ij')
sharp = ((xx - 12).abs() < 6).double() * ((yy - 12).abs() < 5).double() * 0.8 + 0.1
sharp = sharp + 0.05 * torch.sin(xx / 3) * torch.cos(yy / 4)
k = 7
ax = torch.arange(k, dtype=torch.float64) - k // 2
kern = torch.exp(-(ax[:, None] ** 2 + 0.5 * ax[None] ** 2) / 4.0)
kern = kern / kern.sum()
print(kern.shape, round(kern.sum().item(), 12), kern.argmax().item(), torch.unravel_index(kern.argmax(), kern.shape))

def pad_kernel(kk, shape):
    out = kk.new_zeros(shape)
    out[:kk.shape[-2], :kk.shape[-1]] = kk
    return torch.roll(out, shifts=(-(kk.shape[-2] // 2), -(kk.shape[-1] // 2)), dims=(-2, -1))

def fft_blur(img, kk):
    K = torch.fft.rfft2(pad_kernel(kk, img.shape[-2:]))
    return torch.fft.irfft2(torch.fft.rfft2(img) * K, s=img.shape[-2:])

blurred = fft_blur(sharp, kern)
g = torch.Generator().manual_seed(5)
noisy = blurred + 0.01 * torch.randn(blurred.shape, generator=g, dtype=torch.float64)
direct = F.conv2d(F.pad(sharp[None, None], (3, 3, 3, 3), mode='circular'), kern.flip(0, 1)[None, None])[0, 0]
print(torch.allclose(direct, blurred), (direct - blurred).abs().max() < 1e-12)
for mode in ('reflect', 'replicate', 'circular', 'constant'):
    p = F.pad(sharp[None, None], (2, 1, 3, 0), mode=mode)
    print(mode, tuple(p.shape), round(p[0, 0, 0, :4].sum().item(), 8))

def psnr(a, b, peak=1.0):
    return 10 * torch.log10(peak ** 2 / F.mse_loss(a, b))

def tv(img, eps=1e-3):
    dx = torch.diff(img, dim=-1); dy = torch.diff(img, dim=-2)
    return torch.sqrt(dx[..., :-1, :] ** 2 + dy[..., :, :-1] ** 2 + eps ** 2).sum()

print('psnr blurred', round(psnr(noisy, sharp).item(), 6), 'tv', round(tv(sharp).item(), 6), round(tv(noisy).item(), 6))
x = noisy.clone().requires_grad_(True)
logits = torch.zeros(k, k, dtype=torch.float64, requires_grad=True)
opt_x = torch.optim.Adam([x], lr=0.01)
opt_k = torch.optim.Adam([logits], lr=0.05, amsgrad=True)
for it in range(40):
    kk = torch.softmax(logits.flatten(), 0).view(k, k)
    fit = 0.5 * ((fft_blur(x, kk) - noisy) ** 2).sum()
    loss = fit + 2e-3 * tv(x)
    opt_x.zero_grad(); opt_k.zero_grad()
    loss.backward()
    opt_x.step(); opt_k.step()
    with torch.no_grad():
        x.clamp_(0, 1)
    if it % 10 == 0:
        print(it, round(loss.item(), 8), round(psnr(x.detach(), sharp).item(), 6), round(kk.max().item(), 8))
kk = torch.softmax(logits.detach().flatten(), 0).view(k, k)
print(torch.fft.fftshift(pad_kernel(kk, (9, 9)))[3:6, 3:6])
print('kernel err', round((kk - kern).norm().item(), 8), 'centroid',
      [round(v, 6) for v in ((kk * ax[:, None]).sum().item(), (kk * ax[None]).sum().item())])
spec = torch.fft.rfft2(pad_kernel(kern, (H, W)))
print(spec.shape, spec.dtype, round(spec.abs().min().item(), 10), round(torch.angle(spec[1, 1]).item(), 10))
wiener = torch.fft.irfft2(torch.fft.rfft2(noisy) * spec.conj() / (spec.abs() ** 2 + 1e-2), s=(H, W))
print('wiener psnr', round(psnr(wiener, sharp).item(), 6), wiener.dtype, wiener.is_contiguous())
