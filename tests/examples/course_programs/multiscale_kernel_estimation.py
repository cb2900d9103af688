"""A blind-deconvolution course's coarse-to-fine kernel estimation lab: motion PSFs drawn as
random-walk trajectories (cumsum of random steps) splatted onto a grid with bilinear weights by
index_put_(accumulate=True), rotated with affine_grid / grid_sample and renormalised, a sharp
image with edges, its blurred and noisy observation, an image pyramid by avg_pool2d and
interpolate, and at each scale the latent image (gradient steps with a Laplacian prior) and
the kernel (logits under a softmax, an L1 sparsity term on the kernel, a gradient-domain data
term with Sobel filters) updated in turn, the kernel upsampled with interpolate to the next
scale; the kernel error, the re-blur error and the PSNR printed per scale."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(10)
K = 9


def trajectory_psf(steps=40, g=None):
    v = torch.randn(steps, 2, generator=g) * 0.6 + torch.tensor([0.35, 0.1])
    path = torch.cumsum(v, 0)
    path = path - path.mean(0)
    path = path.clamp(-(K // 2) + 0.01, K // 2 - 0.01) + K // 2
    psf = torch.zeros(K, K)
    x0, y0 = path[:, 0].floor().long(), path[:, 1].floor().long()
    fx, fy = path[:, 0] - x0, path[:, 1] - y0
    for dy, dx, wgt in ((0, 0, (1 - fx) * (1 - fy)), (0, 1, fx * (1 - fy)), (1, 0, (1 - fx) * fy), (1, 1, fx * fy)):
        psf.index_put_(((y0 + dy).clamp(max=K - 1), (x0 + dx).clamp(max=K - 1)), wgt, accumulate=True)
    return psf / psf.sum()


def rotate(psf, angle):
    c, s = math.cos(angle), math.sin(angle)
    theta = torch.tensor([[[c, -s, 0.0], [s, c, 0.0]]])
    grid = F.affine_grid(theta, (1, 1, K, K), align_corners=False)
    out = F.grid_sample(psf[None, None], grid, mode="bilinear", padding_mode="zeros", align_corners=False)[0, 0]
    return out.clamp(min=0) / out.sum()


g = torch.Generator().manual_seed(3)
psf = trajectory_psf(g=g)
print(psf.shape, round(psf.sum().item(), 5), (psf > 0).sum().item(), psf.argmax().item())
rot = rotate(psf, math.pi / 6)
print(round(rot.sum().item(), 5), round((rot - psf).abs().sum().item(), 4), rot.max().item() > 0)

H = 40
yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float32), torch.arange(H, dtype=torch.float32), indexing="ij")
sharp = ((xx > 12) & (xx < 28) & (yy > 8) & (yy < 30)).float() * 0.6 + 0.2
sharp = sharp + 0.2 * ((xx - 30) ** 2 + (yy - 30) ** 2 < 25).float()
sharp = sharp[None, None]


def blur(img, k):
    p = k.shape[-1] // 2
    return F.conv2d(F.pad(img, (p, p, p, p), mode="replicate"), k.flip(-1, -2)[None, None])


observed = blur(sharp, rot) + 0.005 * torch.randn(sharp.shape, generator=g)
print(observed.shape, round(observed.mean().item(), 4), round(F.mse_loss(observed, sharp).item(), 5))

sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
grads = torch.stack([sobel, sobel.t()])[:, None]
laplace = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])[None, None]


def gradients(img):
    return F.conv2d(F.pad(img, (1, 1, 1, 1), mode="replicate"), grads)


pyramid = [observed]
for _ in range(2):
    pyramid.append(F.avg_pool2d(pyramid[-1], 2))
print([tuple(p.shape[2:]) for p in pyramid])

logits = torch.zeros(1, 1, 3, 3)
latent = None
for level in reversed(range(3)):
    obs = pyramid[level]
    ks = 3 if level == 2 else (5 if level == 1 else K)
    logits = F.interpolate(logits, size=(ks, ks), mode="bilinear", align_corners=True).detach().requires_grad_(True)
    latent = obs.clone() if latent is None else F.interpolate(latent, size=obs.shape[2:], mode="bilinear", align_corners=False)
    latent = latent.detach().requires_grad_(True)
    opt_x = torch.optim.Adam([latent], lr=0.02)
    opt_k = torch.optim.Adam([logits], lr=0.1)
    for it in range(25):
        k = F.softmax(logits.flatten(), 0).view(ks, ks)
        opt_x.zero_grad()
        data = F.mse_loss(blur(latent, k.detach()), obs)
        prior = F.conv2d(F.pad(latent, (1, 1, 1, 1), mode="replicate"), laplace).abs().mean()
        (data + 1e-3 * prior).backward()
        opt_x.step()
        opt_k.zero_grad()
        k = F.softmax(logits.flatten(), 0).view(ks, ks)
        kdata = F.mse_loss(gradients(blur(latent.detach(), k)), gradients(obs))
        (kdata + 1e-4 * k.abs().sum()).backward()
        opt_k.step()
    with torch.no_grad():
        k = F.softmax(logits.flatten(), 0).view(ks, ks)
        reblur = F.mse_loss(blur(latent, k), obs).item()
        target = F.interpolate(rot[None, None], size=(ks, ks), mode="area")[0, 0]
        target = target / target.sum()
        kerr = (k - target).abs().sum().item()
    print(f"level {level}: kernel {ks}x{ks} reblur {reblur:.2e} kernel L1 error {kerr:.3f} latent {tuple(latent.shape[2:])}")

with torch.no_grad():
    psnr_obs = 10 * torch.log10(1 / F.mse_loss(observed, sharp))
    psnr_lat = 10 * torch.log10(1 / F.mse_loss(latent.clamp(0, 1), sharp))
print(round(psnr_obs.item(), 2), round(psnr_lat.item(), 2), k.shape, round(k.sum().item(), 5), latent.grad is not None)
print(torch.round(k, decimals=2))
