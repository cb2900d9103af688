"""Coarse-to-fine blind kernel estimation, as in the classic two-phase methods: an image
pyramid built with F.interpolate (bilinear with antialias, then bicubic upsampling of the
kernel estimate), at each scale a sharp-edge prediction (Sobel gradients kept only above a
quantile of their magnitude), the kernel solved in closed form by least squares on
im2col patches (F.unfold, normal equations with torch.linalg.solve / cholesky_solve plus a
ridge term, then clamped and renormalised), and the kernels kept in a list saved with torch.save.
Printed: pyramid shapes, residuals, kernel error per scale."""
import io

import torch
import torch.nn.functional as F

torch.manual_seed(12)
dt = torch.float64
H = W = 40
K = 7
g = torch.Generator().manual_seed(4)

yy, xx = torch.meshgrid(torch.arange(H, dtype=dt), torch.arange(W, dtype=dt), indexing="ij")
sharp = 0.2 + 0.6 * (((xx - 12) ** 2 + (yy - 20) ** 2 < 60) | ((xx > 24) & (yy > 8) & (yy < 30))).to(dt)
sharp = sharp + 0.1 * torch.sin(xx / 3)
k_true = torch.zeros(K, K, dtype=dt)
k_true[3, 1:6] = torch.tensor([0.1, 0.3, 0.3, 0.2, 0.1], dtype=dt)
k_true[2, 4] = 0.1
k_true /= k_true.sum()
blurred = F.conv2d(F.pad(sharp[None, None], (K // 2,) * 4, mode="replicate"), k_true.flip(0, 1)[None, None])
blurred = blurred + 0.002 * torch.randn(blurred.shape, generator=g, dtype=dt)

SOBEL = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]], dtype=dt) / 8


def gradients(x):
    k = torch.stack([SOBEL, SOBEL.T])[:, None]
    return F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), k)


def predict_edges(x, keep=0.3):
    grad = gradients(x)
    mag = grad.norm(dim=1, keepdim=True)
    thresh = torch.quantile(mag.flatten(), 1 - keep)
    return grad * (mag >= thresh)


def solve_kernel(latent, observed, k, ridge=1e-3, use_cholesky=False):
    """argmin_k sum ||grad(latent) * k - grad(observed)||^2 + ridge ||k||^2, via im2col normal equations."""
    gl, go = predict_edges(latent), gradients(observed)
    cols = F.unfold(F.pad(gl, (k // 2,) * 4, mode="replicate"), k)
    A = cols.view(1, 2, k * k, -1).permute(0, 1, 3, 2).reshape(-1, k * k).flip(-1)
    b = go.reshape(-1, 1)
    AtA = A.T @ A + ridge * torch.eye(k * k, dtype=dt)
    Atb = A.T @ b
    if use_cholesky:
        est = torch.cholesky_solve(Atb, torch.linalg.cholesky(AtA))
    else:
        est = torch.linalg.solve(AtA, Atb)
    est = est.view(k, k).clamp_min(0)
    est = torch.where(est < 0.05 * est.max(), torch.zeros_like(est), est)
    return est / est.sum(), (A @ est.reshape(-1, 1) * est.sum() - b).pow(2).mean().item()


scales = [0.5, 0.75, 1.0]
kernels, k_est = [], None
for s in scales:
    size = (round(H * s), round(W * s))
    y = F.interpolate(blurred, size=size, mode="bilinear", antialias=True, align_corners=False)
    ks = max(3, round(K * s) // 2 * 2 + 1)
    latent = y if k_est is None else y - 0.5 * (F.conv2d(F.pad(y, (ks // 2,) * 4, mode="replicate"),
                                                        F.interpolate(k_est[None, None], size=(ks, ks), mode="bicubic",
                                                                      align_corners=True).clamp_min(0)) - y)
    k_est, res = solve_kernel(latent, y, ks, use_cholesky=s == 0.75)
    kernels.append(k_est)
    print(f"scale {s}: {tuple(y.shape)} kernel {ks}x{ks} residual {res:.6e} sum {k_est.sum().item():.6f} "
          f"support {int((k_est > 0).sum())}")

print("final kernel error", round((kernels[-1] - k_true).abs().sum().item(), 6))
print(torch.round(kernels[-1], decimals=3))
print(torch.round(kernels[0], decimals=3))
pyr = [F.interpolate(blurred, scale_factor=f, mode="bilinear", antialias=True, recompute_scale_factor=True)
       for f in (0.5, 0.25)]
print([tuple(p.shape) for p in pyr], [round(p.mean().item(), 8) for p in pyr])
buf = io.BytesIO()
torch.save({"kernels": kernels, "scales": scales}, buf)
buf.seek(0)
back = torch.load(buf)
print(len(back["kernels"]), [tuple(k.shape) for k in back["kernels"]], back["scales"], back["kernels"][1].dtype)
