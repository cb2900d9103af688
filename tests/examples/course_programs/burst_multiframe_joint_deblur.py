"""Multi-frame (burst) blind deblurring: five blurry, noisy frames of one scene, each with its
own camera-shake kernel; a shared latent image and one kernel per frame are optimised jointly
with Adam (two parameter groups), a total-variation plus a Laplacian prior on the image, and
after every step the kernels are projected onto the probability simplex (sorting, cumsum,
the threshold found with a gather) inside torch.no_grad. Printed: the data term per frame,
the priors, the kernels' sums and supports, and the PSNR of the latent image."""
import torch
import torch.nn.functional as F

torch.manual_seed(2)
H = W = 28
K, FRAMES = 7, 5
g = torch.Generator().manual_seed(21)

yy, xx = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing="ij")
scene = 0.25 + 0.5 * ((xx.abs() < 0.5) & (yy.abs() < 0.3)).float() + 0.2 * (xx * 3).sin().clamp(min=0)
scene = scene[None, None]


def random_walk_kernel(steps, g):
    """A camera-shake kernel: a random walk from the centre, its visits counted and normalised."""
    pos = torch.tensor([K // 2, K // 2])
    k = torch.zeros(K, K)
    for move in torch.randint(0, 4, (steps,), generator=g):
        pos = (pos + torch.tensor([[0, 1], [1, 0], [0, -1], [-1, 0]])[move]).clamp(1, K - 2)
        k[pos[0], pos[1]] += 1
    return k / k.sum()


def conv_frames(x, k):
    """Blur one latent image x (1,1,H,W) with each of the kernels k (F,1,K,K): (1,F,H,W)."""
    return F.conv2d(F.pad(x, (K // 2,) * 4, mode="replicate"), k.flip(-2, -1))


def project_simplex(v):
    """Euclidean projection of every row of v onto {w >= 0, sum w = 1} (Duchi et al.)."""
    u, _ = torch.sort(v, dim=1, descending=True)
    css = u.cumsum(dim=1) - 1
    idx = torch.arange(1, v.shape[1] + 1, dtype=v.dtype)
    rho = (u - css / idx > 0).sum(dim=1, keepdim=True) - 1
    theta = css.gather(1, rho) / (rho + 1).to(v.dtype)
    return (v - theta).clamp_min(0)


def tv(x):
    dh = x[..., 1:, :] - x[..., :-1, :]
    dw = x[..., :, 1:] - x[..., :, :-1]
    return dh.abs().mean() + dw.abs().mean()


LAPLACE = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]).view(1, 1, 3, 3)

true_k = torch.stack([random_walk_kernel(12, g) for _ in range(FRAMES)]).unsqueeze(1)
frames = conv_frames(scene, true_k) + 0.01 * torch.randn(1, FRAMES, H, W, generator=g)
print(frames.shape, true_k.shape, (true_k > 0).sum(dim=(1, 2, 3)).tolist())
print(torch.round(true_k[0, 0], decimals=3))
print(project_simplex(torch.tensor([[0.5, 0.8, -0.2], [2.0, 0.0, 0.0], [0.1, 0.1, 0.1]])))

latent = frames.mean(dim=1, keepdim=True).clone().requires_grad_(True)
delta = torch.zeros(K, K)
delta[K // 2, K // 2] = 1
kernels = (0.5 * delta + 0.5 / K ** 2).expand(FRAMES, 1, K, K).clone().requires_grad_()
opt = torch.optim.Adam([{"params": [latent], "lr": 1e-2}, {"params": [kernels], "lr": 2e-3, "betas": (0.8, 0.99)}])
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[20, 35], gamma=0.5)


def psnr(a, b):
    return (10 * torch.log10(1 / F.mse_loss(a, b))).item()


print("PSNR of the mean frame", round(psnr(latent.detach(), scene), 3))
for it in range(45):
    pred = conv_frames(latent, kernels)
    per_frame = (pred - frames).pow(2).mean(dim=(0, 2, 3))
    lap = F.conv2d(latent, LAPLACE, padding=1).pow(2).mean()
    loss = per_frame.sum() + 2e-3 * tv(latent) + 1e-3 * lap
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()
    with torch.no_grad():
        kernels.copy_(project_simplex(kernels.flatten(1)).view_as(kernels))
        latent.clamp_(0, 1)
    if it % 15 == 0 or it == 44:
        print(f"{it:2d} loss {loss.item():.5f} frames {[round(v, 5) for v in per_frame.tolist()]} "
              f"tv {tv(latent).item():.4f} lr {sched.get_last_lr()}")

print("kernel sums", kernels.detach().sum(dim=(1, 2, 3)).round(decimals=5).tolist(), bool((kernels >= 0).all()))
print("supports", (kernels.detach() > 1e-3).sum(dim=(1, 2, 3)).tolist())
print("kernel error", (kernels.detach() - true_k).abs().sum(dim=(1, 2, 3)).round(decimals=3).tolist())
print("PSNR of the latent", round(psnr(latent.detach(), scene), 3), latent.grad.shape, latent.is_leaf)
print(opt.state_dict()["param_groups"][1]["betas"], len(opt.state), opt.state[kernels]["step"])
