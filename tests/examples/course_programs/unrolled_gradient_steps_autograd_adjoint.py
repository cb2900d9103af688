"""Unrolled deconvolution as a course's last project writes it: each layer is one gradient
step on the data term 0.5 * ||k * x - y||^2 plus a learned total-variation prior, the data
term's gradient taken with torch.autograd.grad(create_graph=True) inside forward (so training
differentiates through it), checked against the explicit adjoint conv_transpose2d, per-sample
kernels applied with groups=batch, learned step sizes kept positive with exp, a small CNN prox
shared between stages, torch.utils.checkpoint on each stage, gradient checks with
torch.autograd.gradcheck in float64, and the PSNR per stage before and after training."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

torch.manual_seed(3)
B, H, W, K = 4, 12, 12, 5


def blur(x, k):
    """Per-sample blur: x (B,1,H,W), k (B,1,K,K), one group per sample."""
    b = x.shape[0]
    out = F.conv2d(F.pad(x, (K // 2,) * 4, mode="replicate").view(1, b, H + K - 1, W + K - 1), k, groups=b)
    return out.view(b, 1, H, W)


def blur_zero(x, k):
    b = x.shape[0]
    return F.conv2d(x.view(1, b, H, W), k, padding=K // 2, groups=b).view(b, 1, H, W)


def adjoint_zero(r, k):
    b = r.shape[0]
    return F.conv_transpose2d(r.view(1, b, H, W), k, padding=K // 2, groups=b).view(b, 1, H, W)


def tv(x, eps=1e-3):
    dx = x[..., :, 1:] - x[..., :, :-1]
    dy = x[..., 1:, :] - x[..., :-1, :]
    return torch.sqrt(dx[..., :-1, :] ** 2 + dy[..., :, :-1] ** 2 + eps).sum(dim=(1, 2, 3))


ks = torch.rand(B, 1, K, K)
ks = ks / ks.sum(dim=(-2, -1), keepdim=True)
yy, xx = torch.meshgrid(torch.arange(H), torch.arange(W), indexing="ij")
sharp = torch.stack([((xx // (2 + i) + yy // 3) % 2).float() for i in range(B)]).unsqueeze(1)
observed = blur(sharp, ks) + 0.01 * torch.randn(B, 1, H, W)
print(ks.shape, ks.sum(dim=(1, 2, 3)).round(decimals=5), sharp.dtype, observed.shape)

x = torch.rand(B, 1, H, W, requires_grad=True)
data = 0.5 * (blur_zero(x, ks) - observed).pow(2).sum()
(g,) = torch.autograd.grad(data, x)
explicit = adjoint_zero(blur_zero(x.detach(), ks) - observed, ks)
print(torch.allclose(g, explicit, atol=1e-5), g.shape, g.requires_grad)
print(torch.autograd.grad(tv(x).sum(), x)[0].abs().sum() > 0)

xd = torch.rand(1, 1, H, W, dtype=torch.float64, requires_grad=True)
kd = torch.rand(1, 1, K, K, dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda a, b: blur_zero(a, b), (xd, kd)),
      torch.autograd.gradcheck(lambda a: tv(a), (xd,)),
      torch.autograd.gradgradcheck(lambda a, b: blur_zero(a, b).pow(2).sum(), (xd, kd)))


class Prox(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, ch, 3, padding=1), nn.ReLU(), nn.Conv2d(ch, 1, 3, padding=1))

    def forward(self, x):
        return x - self.net(x)


class Unrolled(nn.Module):
    def __init__(self, stages=3, use_checkpoint=False):
        super().__init__()
        self.log_steps = nn.Parameter(torch.full((stages,), -0.5))
        self.tv_weights = nn.Parameter(torch.full((stages,), 0.01))
        self.prox = Prox()
        self.stages, self.use_checkpoint = stages, use_checkpoint

    def stage(self, x, y, k, i):
        with torch.enable_grad():
            if not x.requires_grad:
                x = x.requires_grad_()
            energy = 0.5 * (blur_zero(x, k) - y).pow(2).sum() + self.tv_weights[i] * tv(x).sum()
            (grad,) = torch.autograd.grad(energy, x, create_graph=self.training)
        return self.prox(x - self.log_steps[i].exp() * grad)

    def forward(self, y, k, return_all=False):
        x, outs = y.clone(), []
        for i in range(self.stages):
            if self.use_checkpoint and self.training:
                x = checkpoint(self.stage, x, y, k, i, use_reentrant=False)
            else:
                x = self.stage(x, y, k, i)
            outs.append(x)
        return outs if return_all else x


def psnr(a, b):
    return (10 * torch.log10(1 / F.mse_loss(a, b))).item()


torch.manual_seed(0)
net = Unrolled()
print(net)
print([(n, tuple(p.shape)) for n, p in net.named_parameters()])
net.eval()
print("before", [round(psnr(o.detach(), sharp), 2) for o in net(observed, ks, return_all=True)], round(psnr(observed, sharp), 2))
net.train()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for it in range(15):
    opt.zero_grad()
    out = net(observed, ks)
    loss = F.l1_loss(out, sharp)
    loss.backward()
    opt.step()
    if it % 5 == 0:
        print(it, f"{loss.item():.4f}", net.log_steps.grad.abs().gt(0).tolist(), net.tv_weights.grad is not None, out.grad_fn.name())
net.eval()
with torch.no_grad():
    outs = net(observed, ks, return_all=True)
print("after", [round(psnr(o, sharp), 2) for o in outs], net.log_steps.exp().detach().round(decimals=3))

torch.manual_seed(0)
plain, ckpt = Unrolled(), Unrolled(use_checkpoint=True)
ckpt.load_state_dict(plain.state_dict())
for m in (plain, ckpt):
    F.mse_loss(m(observed, ks), sharp).backward()
print(all(torch.allclose(a.grad, b.grad, atol=1e-6) for a, b in zip(plain.parameters(), ckpt.parameters())))
try:
    torch.autograd.grad(plain(observed, ks).sum(), observed)
except RuntimeError as e:
    print("RuntimeError:", e)
w = torch.ones(3, requires_grad=True)
(h,) = torch.autograd.grad((w ** 3).sum(), w, create_graph=True)
(h2,) = torch.autograd.grad(h.sum(), w)
print(h, h2, torch.autograd.grad((w * 2).sum(), [w], allow_unused=True, retain_graph=False))
u = torch.zeros(1, requires_grad=True)
print(torch.autograd.grad((w * 2).sum(), [w, u], allow_unused=True), torch.autograd.grad((w * 2).sum(), [u], allow_unused=True, materialize_grads=True))
