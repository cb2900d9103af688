"""A learned proximal-gradient and ADMM unrolling for non-blind deblurring: per-iteration
step sizes and penalties as nn.Parameter scalars (in a ParameterList), the data step solved in
the Fourier domain with rfft2 / irfft2 and an explicit s= (odd sizes), the image first padded
(F.pad replicate or circular) and its borders tapered (edgetaper: a blend with the blurred image
by a window built from the kernel's autocorrelation), a soft-threshold prox on image gradients
and a tiny CNN denoiser prox. Printed: parameter names and shapes, the learned steps, the loss
curve, PSNR per method and the crop back to the original size."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(4)
H, W, K, PAD = 23, 27, 5, 6


def gaussian_kernel(sigma):
    r = torch.arange(K, dtype=torch.float64) - K // 2
    k = torch.exp(-(r[:, None] ** 2 + r[None] ** 2) / (2 * sigma ** 2))
    return k / k.sum()


def otf(k, shape):
    p = torch.zeros(shape, dtype=k.dtype)
    p[..., :K, :K] = k
    return torch.fft.rfft2(p.roll((-(K // 2), -(K // 2)), (-2, -1)), s=shape)


def edgetaper(x, k):
    """Blend x with its circular blur near the borders, as MATLAB's edgetaper does."""
    hh, ww = x.shape[-2:]
    ky, kx = k.sum(1), k.sum(0)

    def window(proj, n):
        auto = torch.fft.irfft(torch.fft.rfft(proj, n=n).abs().square(), n=n)
        return 1 - auto / auto.max()
    alpha = window(ky, hh)[:, None] * window(kx, ww)[None, :]
    blurred = torch.fft.irfft2(torch.fft.rfft2(x) * otf(k, (hh, ww)), s=(hh, ww))
    return alpha * x + (1 - alpha) * blurred


def soft(x, t):
    return torch.sign(x) * F.relu(x.abs() - t)


def grad_op(x):
    return torch.cat([x.roll(-1, -1) - x, x.roll(-1, -2) - x], dim=1)


def grad_adj(v):
    dx, dy = v[:, :1], v[:, 1:]
    return (dx.roll(1, -1) - dx) + (dy.roll(1, -2) - dy)


class UnrolledPGD(nn.Module):
    def __init__(self, iters=5):
        super().__init__()
        self.steps = nn.ParameterList([nn.Parameter(torch.tensor(1.0, dtype=torch.float64)) for _ in range(iters)])
        self.thresh = nn.Parameter(torch.full((iters,), 0.01, dtype=torch.float64))

    def forward(self, y, k):
        A = otf(k, y.shape[-2:])
        x = y.clone()
        for i, step in enumerate(self.steps):
            r = torch.fft.irfft2(torch.conj(A) * (A * torch.fft.rfft2(x) - torch.fft.rfft2(y)), s=y.shape[-2:])
            x = x - step * r
            x = x + 0.5 * grad_adj(soft(grad_op(x), self.thresh[i]) - grad_op(x))
        return x


class UnrolledADMM(nn.Module):
    def __init__(self, iters=4):
        super().__init__()
        self.log_rho = nn.Parameter(torch.linspace(-3, -1, iters, dtype=torch.float64))
        self.denoiser = nn.Sequential(nn.Conv2d(1, 6, 3, padding=1, padding_mode="circular"), nn.Tanh(),
                                      nn.Conv2d(6, 1, 3, padding=1, padding_mode="circular")).double()

    def forward(self, y, k):
        shape = y.shape[-2:]
        A = otf(k, shape)
        Y = torch.fft.rfft2(y)
        z, u = y.clone(), torch.zeros_like(y)
        for rho in self.log_rho.exp():
            x = torch.fft.irfft2((torch.conj(A) * Y + rho * torch.fft.rfft2(z - u)) / (A.abs() ** 2 + rho), s=shape)
            z = (x + u) - 0.1 * self.denoiser(x + u)
            u = u + x - z
        return z


g = torch.Generator().manual_seed(8)
yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(W, dtype=torch.float64), indexing="ij")
sharp = torch.stack([(((yy - 5 - 3 * i) ** 2 + (xx - 9 - 2 * i) ** 2) < 20 + 5 * i).double() * 0.7 + 0.1 + 0.1 * (xx / W)
                     for i in range(4)])[:, None]
k = gaussian_kernel(1.2)
blur = F.conv2d(F.pad(sharp, (K // 2,) * 4, mode="replicate"), k.flip(0, 1)[None, None])
noisy = blur + 0.01 * torch.randn(blur.shape, generator=g, dtype=torch.float64)
print(sharp.shape, sharp.dtype, noisy.shape, otf(k, (H, W)).shape, otf(k, (H, W)).dtype)


def prepare(y, mode):
    p = F.pad(y, (PAD,) * 4, mode=mode)
    return edgetaper(p, k) if mode == "replicate" else p


def psnr(a, b):
    return (10 * torch.log10(1 / F.mse_loss(a, b))).item()


for mode in ("replicate", "circular"):
    p = prepare(noisy, mode)
    print(mode, p.shape, round(p.mean().item(), 8), round((p[..., PAD:-PAD, PAD:-PAD] - noisy).abs().max().item(), 8))

for name, model in (("pgd", UnrolledPGD()), ("admm", UnrolledADMM())):
    print(name, [(n, tuple(q.shape)) for n, q in model.named_parameters()][:4])
    opt = torch.optim.Adam(model.parameters(), lr=3e-2)
    for step in range(9):
        out = model(prepare(noisy, "replicate"), k)[..., PAD:-PAD, PAD:-PAD]
        loss = F.mse_loss(out, sharp)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 4 == 0:
            print(f"  {step} {loss.item():.8f}")
    with torch.no_grad():
        out = model(prepare(noisy, "replicate"), k)[..., PAD:-PAD, PAD:-PAD]
    print("  PSNR", round(psnr(noisy, sharp), 5), "->", round(psnr(out, sharp), 5), out.shape)
steps = torch.stack(list(UnrolledPGD().steps))
print(steps, steps.requires_grad, model.log_rho.detach().exp())
