"""The deblurring course's learned Wiener chapter in float32: a small CNN estimates a blur kernel
per image (softmax-normalised logits, so each kernel is non-negative and sums to one), the
kernel is applied per sample with a grouped conv2d, and a Wiener filter in the Fourier domain
(rfft2 / irfft2, ifftshift to centre the kernel) with a learned log regularisation weight
deconvolves; the loss adds an anisotropic total-variation term. Gradients reach the weight
through the complex division."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(21)
N, H, W, K = 4, 16, 16, 5


def gaussian_kernels(sigmas, k=K):
    ax = torch.arange(k, dtype=torch.float32) - k // 2
    g = torch.exp(-(ax[None, :, None] ** 2 + ax[None, None, :] ** 2) / (2 * sigmas[:, None, None] ** 2))
    return g / g.sum(dim=(-2, -1), keepdim=True)


def blur_per_sample(img, kernels):
    n = img.shape[0]
    out = F.conv2d(F.pad(img.reshape(1, n, H, W), (K // 2,) * 4, mode='circular'),
                   kernels.flip(-2, -1).unsqueeze(1), groups=n)
    return out.reshape(n, 1, H, W)


def psf_to_otf(kernels, shape):
    pad = kernels.new_zeros(kernels.shape[0], *shape)
    pad[:, :K, :K] = kernels
    pad = torch.roll(pad, shifts=(-(K // 2), -(K // 2)), dims=(-2, -1))
    return torch.fft.rfft2(pad)


def tv_aniso(x):
    return (x[..., 1:, :] - x[..., :-1, :]).abs().mean() + (x[..., :, 1:] - x[..., :, :-1]).abs().mean()


class KernelEstimator(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, stride=2, padding=1),
                                      nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.to_logits = nn.Linear(8, K * K)
        self.log_lam = nn.Parameter(torch.tensor(-3.0))

    def forward(self, y):
        logits = self.to_logits(self.features(y))
        return torch.softmax(logits, dim=-1).view(-1, K, K)


def wiener(y, kernels, log_lam):
    otf = psf_to_otf(kernels, (H, W))
    Y = torch.fft.rfft2(y[:, 0])
    X = otf.conj() * Y / (otf.abs() ** 2 + log_lam.exp())
    return torch.fft.irfft2(X, s=(H, W)).unsqueeze(1)


yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float32), torch.arange(W, dtype=torch.float32), indexing='ij')
sharp = torch.stack([((xx - c).abs() < 4).float() * ((yy - 8).abs() < 5).float() for c in (5., 8., 10., 7.)]).unsqueeze(1)
sigmas = torch.tensor([0.6, 0.9, 1.2, 1.5])
true_k = gaussian_kernels(sigmas)
print(true_k.shape, true_k.sum(dim=(-2, -1)), true_k[:, K // 2, K // 2])
blurred = blur_per_sample(sharp, true_k)
noisy = blurred + 0.01 * torch.randn(blurred.shape)
print(blurred.shape, round(blurred.mean().item(), 4), round((blurred.sum(dim=(-2, -1)) - sharp.sum(dim=(-2, -1))).abs().max().item(), 3))
otf = psf_to_otf(true_k, (H, W))
print(otf.shape, otf.dtype, round(otf[0, 0, 0].real.item(), 4), round(otf.imag.abs().max().item(), 4))
centred = torch.fft.ifftshift(F.pad(true_k[0], (0, 11, 0, 11)).roll((6, 6), (0, 1)))
print(centred.argmax().item(), torch.fft.fftshift(torch.arange(6)), torch.fft.ifftshift(torch.arange(5)))

net = KernelEstimator()
est = net(noisy)
print(est.shape, est.sum(dim=(-2, -1)).sub(1).abs().max().item() < 1e-6, bool((est >= 0).all()), net.log_lam)
opt = torch.optim.Adam([{'params': [p for n, p in net.named_parameters() if n != 'log_lam']},
                        {'params': [net.log_lam], 'lr': 0.05}], lr=0.01)
for step in range(15):
    est = net(noisy)
    restored = wiener(noisy, est, net.log_lam)
    kernel_loss = F.mse_loss(blur_per_sample(sharp, est), noisy)
    loss = F.mse_loss(restored, sharp) + 0.01 * tv_aniso(restored) + kernel_loss
    opt.zero_grad()
    loss.backward()
    if step == 0:
        print(net.log_lam.grad.shape, net.log_lam.grad.dtype, net.to_logits.weight.grad.shape)
    opt.step()
    if step % 5 == 4:
        print(step, f'{loss.item():.4g}', f'{net.log_lam.item():.4g}', f'{tv_aniso(restored).item():.4g}',
              f'{kernel_loss.item():.4g}')
with torch.no_grad():
    est = net(noisy)
    restored = wiener(noisy, est, net.log_lam)
    oracle = wiener(noisy, true_k, torch.tensor(-5.0))
psnr = lambda a, b: (10 * torch.log10(1 / ((a - b) ** 2).mean(dim=(1, 2, 3)))).tolist()
print([f'{v:.4g}' for v in psnr(noisy, sharp)])
print([f'{v:.4g}' for v in psnr(restored, sharp)], restored.dtype, restored.shape)
print([f'{v:.4g}' for v in psnr(oracle, sharp)])
print(f'{est.amax(dim=(-2, -1)).min().item():.4g}', est.flatten(1).argmax(dim=1).tolist())
lam = torch.tensor(0.01, requires_grad=True)
x = wiener(noisy[:1], true_k[:1], lam.log())
x.sum().backward()
print(f'{lam.grad.item():.4g}', lam.grad.dtype)
try:
    torch.fft.irfft2(torch.fft.rfft2(noisy[:, 0]), s=(H,))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    F.conv2d(noisy.reshape(1, N, H, W), true_k.unsqueeze(1), groups=3)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
