"""A blind-deconvolution course's alternating-minimisation lab: a latent sharp image and an
unknown blur kernel estimated together from one blurred observation (the kernel kept on the
simplex by clamp_ and div_ of its sum under no_grad, or parameterised by a softmax), a
total-variation prior on the image written with torch.diff and with F.pad, an L1 gradient-sparsity
prior on the kernel, image patches by F.unfold and put back by F.fold with the overlap count,
per-patch statistics, torch.chunk / split / stack over colour channels, a coarse-to-fine pyramid
by F.interpolate, and torch.linalg.norm for the stopping rule."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(21)
H = W = 20
K = 5


def motion_kernel(size, angle):
    c = (size - 1) / 2
    ys, xs = torch.meshgrid(torch.arange(size, dtype=torch.float32), torch.arange(size, dtype=torch.float32), indexing="ij")
    d = (xs - c) * math.sin(angle) - (ys - c) * math.cos(angle)
    k = torch.clamp(1 - d.abs(), min=0) * (((xs - c) ** 2 + (ys - c) ** 2) <= c ** 2 + 0.5)
    return k / k.sum()


def conv(img, k):
    p = k.shape[-1] // 2
    return F.conv2d(F.pad(img, (p, p, p, p), mode="replicate"), k.view(1, 1, *k.shape[-2:]).expand(img.shape[1], 1, -1, -1),
                    groups=img.shape[1])


def tv(img, eps=1e-3):
    dx = torch.diff(img, dim=-1)
    dy = torch.diff(img, dim=-2)
    return torch.sqrt(dx[..., :-1, :] ** 2 + dy[..., :, :-1] ** 2 + eps).mean()


def tv_padded(img):
    dx = F.pad(img[..., :, 1:] - img[..., :, :-1], (0, 1))
    dy = F.pad(img[..., 1:, :] - img[..., :-1, :], (0, 0, 0, 1))
    return (dx.abs() + dy.abs()).mean()


yy, xx = torch.meshgrid(torch.linspace(0, 1, H), torch.linspace(0, 1, W), indexing="ij")
sharp = torch.stack([(xx > 0.5).float(), ((xx - 0.4) ** 2 + (yy - 0.5) ** 2 < 0.08).float(), 0.5 * (xx + yy)]).unsqueeze(0)
sharp = sharp * 0.8 + 0.1
true_k = motion_kernel(K, math.radians(35))
blurred = (conv(sharp, true_k) + 0.005 * torch.randn(1, 3, H, W)).clamp(0, 1)
print(true_k.shape, round(true_k.sum().item(), 5), (true_k > 0).sum().item(), round(tv(sharp).item(), 5), round(tv_padded(sharp).item(), 5))
r, g, b = torch.chunk(blurred, 3, dim=1)
gray = (0.299 * r + 0.587 * g + 0.114 * b)
print(r.shape, gray.shape, [t.shape[1] for t in torch.split(blurred, [1, 2], dim=1)], torch.cat(torch.chunk(blurred, 3, 1), 1).equal(blurred))

pyramid = [gray]
for _ in range(2):
    pyramid.append(F.interpolate(pyramid[-1], scale_factor=0.5, mode="bilinear", align_corners=False))
print([tuple(p.shape[-2:]) for p in pyramid], [round(p.mean().item(), 4) for p in pyramid])

latent = gray.clone().requires_grad_(True)
kernel = torch.full((K, K), 1.0 / K ** 2, requires_grad=True)
opt_x = torch.optim.Adam([latent], lr=0.02)
opt_k = torch.optim.SGD([kernel], lr=0.05, momentum=0.5)
target = gray
prev = kernel.detach().clone()
for it in range(25):
    opt_x.zero_grad()
    loss_x = F.mse_loss(conv(latent, kernel.detach()), target) + 2e-3 * tv(latent)
    loss_x.backward()
    opt_x.step()
    opt_k.zero_grad()
    loss_k = F.mse_loss(conv(latent.detach(), kernel), target) + 1e-4 * kernel.abs().sum()
    loss_k.backward()
    opt_k.step()
    with torch.no_grad():
        kernel.clamp_(min=0)
        kernel.div_(kernel.sum())
    change = torch.linalg.norm(kernel.detach() - prev) / torch.linalg.norm(prev)
    prev = kernel.detach().clone()
    if it % 6 == 0:
        print(f"it {it:2d} image {loss_x.item():.6f} kernel {loss_k.item():.6f} change {change.item():.4f}")
print("kernel", round(kernel.sum().item(), 5), round(F.cosine_similarity(kernel.flatten(), true_k.flatten(), dim=0).item(), 3),
      kernel.min().item() >= 0, kernel.grad.shape, latent.grad.abs().max().item() > 0)

logits = torch.zeros(K * K, requires_grad=True)
opt = torch.optim.Adam([logits], lr=0.1)
for it in range(30):
    k = torch.softmax(logits, dim=0).view(K, K)
    loss = F.mse_loss(conv(sharp[:, :1], k), conv(sharp[:, :1], true_k))
    opt.zero_grad()
    loss.backward()
    opt.step()
k = torch.softmax(logits.detach(), 0).view(K, K)
print(f"softmax kernel loss {loss.item():.3e}", round((k - true_k).abs().sum().item(), 3), torch.argmax(k).item(), torch.argmax(true_k).item())

patches = F.unfold(blurred, kernel_size=6, stride=2)
print(patches.shape, patches.dtype)
n_patches = patches.shape[-1]
per_patch = patches.view(1, 3, 36, n_patches)
means = per_patch.mean(dim=2, keepdim=True)
stds = per_patch.std(dim=2, keepdim=True)
flat_patches = ((per_patch - means) / (stds + 1e-3)).view(1, 108, n_patches)
print(means.shape, round(stds.max().item(), 4), torch.topk(stds.flatten(), 3).indices.tolist())
counts = F.fold(torch.ones_like(patches), output_size=(H, W), kernel_size=6, stride=2)
recon = F.fold(patches, output_size=(H, W), kernel_size=6, stride=2) / counts
print(counts.shape, counts.unique().tolist(), torch.allclose(recon, blurred, atol=1e-6))
smoothed = F.fold(per_patch.mean(dim=2, keepdim=True).expand_as(per_patch).reshape(1, 108, n_patches),
                  output_size=(H, W), kernel_size=6, stride=2) / counts
print(round(smoothed.std().item(), 5), round(F.mse_loss(smoothed, sharp).item(), 5))
tiles = blurred.unfold(2, 10, 10).unfold(3, 10, 10)
print(tiles.shape, tiles.contiguous().view(1, 3, 4, 100).mean(-1).shape, torch.stack(tiles.unbind(2), 0).shape)
