"""A restoration course's "losses" notebook, printed as notebooks print them: each loss shown as a
tensor with its grad_fn (``print(loss)``): L1, MSE, smooth L1 / Huber, a Charbonnier loss, an
SSIM loss written as ``1 - ssim``, an edge loss with Sobel kernels built by tile / repeat, a
frequency loss on rfft2 magnitudes, a feature ("perceptual") loss through a frozen random CNN,
PSNR in dB, an auxiliary blur-type classifier with log_softmax and nll_loss, and a weighted sum
trained for a few steps with the components logged in a dict."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(13)
torch.set_printoptions(precision=4)
N, H, W = 4, 12, 12
clean = F.avg_pool2d(torch.rand(N, 1, H + 2, W + 2), 3, stride=1)
blur_type = torch.tensor([0, 1, 2, 1])
kernels = torch.stack([torch.full((3, 3), 1 / 9), torch.tensor([[0.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 0.0]]),
                       torch.tensor([[0.0, 1 / 3, 0.0], [0.0, 1 / 3, 0.0], [0.0, 1 / 3, 0.0]])])
degraded = torch.cat([F.conv2d(clean[i:i + 1], kernels[blur_type[i]].view(1, 1, 3, 3), padding=1) for i in range(N)])
degraded = degraded + 0.02 * torch.randn_like(degraded)


def charbonnier(x, y, eps=1e-3):
    return torch.sqrt((x - y) ** 2 + eps ** 2).mean()


def ssim(x, y, c1=0.01 ** 2, c2=0.03 ** 2):
    mu_x, mu_y = F.avg_pool2d(x, 3, 1, 1), F.avg_pool2d(y, 3, 1, 1)
    sxx = F.avg_pool2d(x * x, 3, 1, 1) - mu_x ** 2
    syy = F.avg_pool2d(y * y, 3, 1, 1) - mu_y ** 2
    sxy = F.avg_pool2d(x * y, 3, 1, 1) - mu_x * mu_y
    return ((2 * mu_x * mu_y + c1) * (2 * sxy + c2) / ((mu_x ** 2 + mu_y ** 2 + c1) * (sxx + syy + c2))).mean()


sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
sobel = torch.stack([sobel_x, sobel_x.t()]).unsqueeze(1)
print(sobel.shape, sobel_x.tile(2).shape, sobel_x.tile(1, 2, 1).shape, sobel_x.repeat(2, 1).shape, torch.tile(sobel_x, (2, 2)).shape)


def edges(x):
    g = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), sobel)
    return torch.sqrt(g.pow(2).sum(1, keepdim=True) + 1e-6)


def freq_loss(x, y):
    return (torch.fft.rfft2(x).abs() - torch.fft.rfft2(y).abs()).abs().mean()


features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1), nn.ReLU())
features.requires_grad_(False).eval()


def perceptual(x, y):
    return F.mse_loss(features(x), features(y))


def psnr(x, y):
    return 10 * torch.log10(1 / F.mse_loss(x, y))


out = degraded.clone().requires_grad_(True)
print(F.l1_loss(out, clean))
print(F.mse_loss(out, clean))
print(F.smooth_l1_loss(out, clean, beta=0.05))
print(F.huber_loss(out, clean, delta=0.05))
print(charbonnier(out, clean))
print(1 - ssim(out, clean))
print(F.l1_loss(edges(out), edges(clean)))
print(freq_loss(out, clean))
print(perceptual(out, clean))
print(psnr(out, clean), psnr(out.detach(), clean))


class Restorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 3, padding=1))
        self.classifier = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                                        nn.Flatten(), nn.Linear(4, 3))

    def forward(self, x):
        return x + self.body(x), F.log_softmax(self.classifier(x), dim=1)


model = Restorer()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
weights = {"l1": 1.0, "ssim": 0.2, "edge": 0.1, "freq": 0.05, "perc": 0.5, "nll": 0.1}
for step in range(8):
    restored, log_probs = model(degraded)
    parts = {"l1": F.l1_loss(restored, clean), "ssim": 1 - ssim(restored, clean),
             "edge": F.l1_loss(edges(restored), edges(clean)), "freq": freq_loss(restored, clean),
             "perc": perceptual(restored, clean), "nll": F.nll_loss(log_probs, blur_type)}
    loss = sum(weights[k] * v for k, v in parts.items())
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(step, {k: round(v.item(), 4) for k, v in parts.items()}, f"{loss.item():.4f}")
print(loss)
print(parts["nll"], parts["ssim"])
# (rounded: float32 probabilities sum to 1 within a unit in the last place, and which unit depends on
# the order of the additions, which differs between libraries and processors)
print(log_probs.exp().sum(1).detach().round(decimals=4), log_probs.argmax(1), blur_type)
with torch.no_grad():
    restored, _ = model(degraded)
print(psnr(restored, clean), psnr(degraded, clean), ssim(restored, clean))
print(features[0].weight.grad is None, features[0].weight.requires_grad, sum(p.numel() for p in model.parameters()))
