"""Spatially varying (non-uniform) blur, two ways. (1) Efficient filter flow: the image cut
into overlapping windowed patches with F.unfold, each patch blurred by its own kernel (a
grouped conv over the patches), stitched back with F.fold and divided by the folded window
sum; the per-patch kernels then fitted by gradient descent. (2) Camera shake as a weighted
sum of warps: a few small rotations/translations as affine grids (F.affine_grid) and one
homography as a hand-built grid, each applied with F.grid_sample (bilinear, border / zeros,
align_corners both ways), the weights recovered by least squares (torch.linalg.lstsq) and
by softmax-parametrised gradient descent."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(6)
H = W = 24
P, S, K = 12, 6, 5
g = torch.Generator().manual_seed(9)
yy, xx = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing="ij")
img = (0.5 + 0.4 * torch.sign(torch.sin(5 * xx) * torch.cos(4 * yy))).view(1, 1, H, W)

window = torch.hann_window(P, periodic=False)
window = 0.2 + 0.8 * window[:, None] * window[None, :]
cols = F.unfold(img, kernel_size=P, stride=S)
L = cols.shape[-1]
print(cols.shape, L, window.shape, round(window.sum().item(), 3))


def patch_kernels(sigmas):
    r = torch.arange(K, dtype=torch.float32) - K // 2
    k = torch.exp(-(r[:, None] ** 2 + r[None] ** 2)[None] / (2 * sigmas[:, None, None] ** 2))
    return k / k.sum(dim=(-1, -2), keepdim=True)


def eff_blur(x, kernels):
    """Blur x (1,1,H,W) with one kernel per patch: kernels (L, K, K)."""
    patches = F.unfold(x, P, stride=S) * window.flatten()[:, None]
    patches = patches.transpose(1, 2).reshape(1, L, P, P)
    blurred = F.conv2d(F.pad(patches, (K // 2,) * 4, mode="reflect"), kernels.flip(-1, -2).unsqueeze(1), groups=L)
    out = F.fold(blurred.reshape(1, L, P * P).transpose(1, 2), (H, W), P, stride=S)
    norm = F.fold(window.flatten()[None, :, None].expand(1, P * P, L), (H, W), P, stride=S)
    return out / norm


true_sigma = torch.linspace(0.5, 2.0, L)
blurred = eff_blur(img, patch_kernels(true_sigma))
print(blurred.shape, round(blurred.mean().item(), 6), round((blurred - img).abs().mean().item(), 6))
print("identity kernels reproduce the image:", torch.allclose(eff_blur(img, patch_kernels(torch.full((L,), 1e-3))), img, atol=1e-5))

log_sigma = torch.zeros(L, requires_grad=True)
opt = torch.optim.SGD([log_sigma], lr=2.0, momentum=0.9, nesterov=True)
for it in range(20):
    loss = F.mse_loss(eff_blur(img, patch_kernels(log_sigma.exp())), blurred)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 5 == 0:
        print(f"eff {it:2d} {loss.item():.3e} {log_sigma.grad.abs().max().item():.3e}")
print("sigmas", log_sigma.detach().exp().round(decimals=2).tolist())


def affine(angle_deg, tx, ty):
    a = math.radians(angle_deg)
    return torch.tensor([[math.cos(a), -math.sin(a), tx], [math.sin(a), math.cos(a), ty]])


def homography_grid(Hm, h, w, align_corners):
    grid = F.affine_grid(torch.eye(2, 3)[None], (1, 1, h, w), align_corners=align_corners)
    ones = torch.ones(1, h, w, 1)
    pts = torch.cat([grid, ones], dim=-1) @ Hm.T
    return pts[..., :2] / pts[..., 2:]


poses = torch.stack([affine(a, t, -t / 2) for a, t in [(0, 0.0), (2, 0.03), (-3, -0.05), (5, 0.08)]])
Hm = torch.tensor([[1.0, 0.02, 0.01], [-0.01, 1.0, 0.0], [0.05, -0.04, 1.0]])
for align in (False, True):
    grids = torch.cat([F.affine_grid(poses, (4, 1, H, W), align_corners=align), homography_grid(Hm, H, W, align)])
    warped = F.grid_sample(img.expand(5, 1, H, W), grids, mode="bilinear", padding_mode="border", align_corners=align)
    zeros = F.grid_sample(img.expand(5, 1, H, W), grids, padding_mode="zeros", align_corners=align)
    print(align, grids.shape, warped.shape, round(warped.sum().item(), 2), round(zeros.sum().item(), 2),
          round((warped[0] - img[0]).abs().max().item(), 6))

weights = torch.tensor([0.4, 0.3, 0.2, 0.05, 0.05])
shake = (weights.view(5, 1, 1, 1) * warped).sum(0, keepdim=True)
noisy = shake + 0.01 * torch.randn(shake.shape, generator=g)
A = warped.flatten(1).T
sol = torch.linalg.lstsq(A, noisy.flatten()[:, None]).solution.flatten()
print("lstsq weights", sol.round(decimals=2).tolist(), A.shape)
logits = torch.zeros(5, requires_grad=True)
opt = torch.optim.Adam([logits], lr=0.1)
for it in range(30):
    w = logits.softmax(0)
    loss = F.mse_loss((w.view(5, 1, 1, 1) * warped).sum(0, keepdim=True), noisy)
    opt.zero_grad()
    loss.backward()
    opt.step()
print("softmax weights", logits.softmax(0).detach().round(decimals=2).tolist(), f"{loss.item():.4e}")
