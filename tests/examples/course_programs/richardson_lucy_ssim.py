"""A deconvolution course's iterative-methods chapter: colour images blurred per channel by
conv2d(groups=3) with a reflect-padded Gaussian, Poisson-like noise from torch.poisson,
Richardson-Lucy iterations written with the flipped kernel (in place under no_grad, with a
relative-change stopping rule from torch.linalg.norm), an SSIM metric in torch (a Gaussian
window, local means, variances and covariance by grouped convolution), PSNR per channel,
Landweber iterations, and the metrics tracked in a list and summarised with torch.tensor."""
import torch
import torch.nn.functional as F

torch.manual_seed(3)


def gaussian_window(size, sigma, channels):
    coords = torch.arange(size, dtype=torch.float32)
    coords -= size // 2
    g = torch.exp(-(coords ** 2) / (2 * sigma ** 2))
    g /= g.sum()
    window = (g[:, None] @ g[None, :]).unsqueeze(0).unsqueeze(0)
    return window.expand(channels, 1, size, size).contiguous()


def blur(x, kernel):
    pad = kernel.shape[-1] // 2
    return F.conv2d(F.pad(x, [pad] * 4, mode="reflect"), kernel, groups=x.shape[1])


def ssim(x, y, window_size=7, data_range=1.0):
    C = x.shape[1]
    window = gaussian_window(window_size, 1.5, C).to(x.dtype)
    mu_x = F.conv2d(x, window, groups=C)
    mu_y = F.conv2d(y, window, groups=C)
    sigma_x = F.conv2d(x * x, window, groups=C) - mu_x.pow(2)
    sigma_y = F.conv2d(y * y, window, groups=C) - mu_y.pow(2)
    sigma_xy = F.conv2d(x * y, window, groups=C) - mu_x * mu_y
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    ssim_map = ((2 * mu_x * mu_y + c1) * (2 * sigma_xy + c2)) / ((mu_x ** 2 + mu_y ** 2 + c1) * (sigma_x + sigma_y + c2))
    return ssim_map.mean(dim=(1, 2, 3))


def psnr_per_channel(x, y):
    mse = ((x - y) ** 2).flatten(2).mean(-1)
    return -10 * torch.log10(mse)


h = w = 24
ramp = torch.linspace(0, 1, w)
img = torch.stack([ramp.expand(h, w), ramp.flip(0)[:, None].expand(h, w), torch.full((h, w), 0.5)])
img[:, 6:14, 8:18] = torch.tensor([0.9, 0.2, 0.4])[:, None, None]
img = img.unsqueeze(0).repeat(2, 1, 1, 1)
try:
    img[1] = img[1].transpose(-1, -2)
except RuntimeError as e:
    print("in-place transpose refused:", str(e).split(".")[0])
img[1] = img[1].transpose(-1, -2).clone()
print(img.shape, img.is_contiguous(), [round(v, 4) for v in img.mean(dim=(0, 2, 3)).tolist()])

kernel = gaussian_window(5, 1.2, 3)
blurred = blur(img, kernel)
peak = 200.0
observed = torch.poisson(blurred * peak) / peak
print(observed.shape, observed.dtype, round(observed.mean().item(), 4), (observed >= 0).all().item())
print("ssim(img,img)", [round(v, 5) for v in ssim(img, img).tolist()])
print("observed ssim", [round(v, 4) for v in ssim(observed, img).tolist()],
      "psnr", psnr_per_channel(observed, img).round(decimals=2))

flipped = torch.flip(kernel, dims=[-2, -1])
estimate = torch.full_like(observed, 0.5)
history = []
with torch.no_grad():
    for it in range(30):
        ratio = observed / blur(estimate, kernel).clamp_min(1e-6)
        update = blur(ratio, flipped)
        change = torch.linalg.norm(estimate * (update - 1)) / torch.linalg.norm(estimate)
        estimate.mul_(update)
        history.append([it, change.item(), ssim(estimate, img).mean().item()])
        if change < 2e-3:
            break
hist = torch.tensor(history)
print("RL iterations", len(history), hist.shape, hist.dtype)
print("RL changes", [f"{c:.4f}" for c in hist[::6, 1].tolist()])
print("RL ssim", [round(s, 4) for s in hist[::6, 2].tolist()], "best at", hist[:, 2].argmax().item())
print("RL psnr", psnr_per_channel(estimate.clamp(0, 1), img).round(decimals=2))

x = observed.clone()
step = 1.5
for it in range(20):
    residual = observed - blur(x, kernel)
    x = (x + step * blur(residual, flipped)).clamp(0, 1)
print("landweber", round(torch.linalg.norm(observed - blur(x, kernel)).item(), 4),
      [round(v, 4) for v in ssim(x, img).tolist()])
print(torch.linalg.norm(img, dim=(-2, -1)).shape, torch.linalg.norm(img[0, 0], ord="fro").item() == img[0, 0].norm().item(),
      round(torch.linalg.vector_norm(img - x, ord=1).item(), 2), round(torch.linalg.matrix_norm(img[0, 0], ord=2).item(), 4))

loss_img = observed.clone().requires_grad_(True)
opt = torch.optim.SGD([loss_img], lr=0.5, momentum=0.5)
for it in range(15):
    opt.zero_grad()
    loss = 1 - ssim(blur(loss_img, kernel), observed).mean() + 0.5 * F.mse_loss(blur(loss_img, kernel), observed)
    loss.backward()
    opt.step()
    if it % 5 == 0:
        print(f"ssim-loss {it}: {loss.item():.5f} |grad| {loss_img.grad.abs().max().item():.5f}")
print(loss_img.grad_fn, loss_img.is_leaf, round(psnr_per_channel(loss_img.detach(), img).mean().item(), 3))
