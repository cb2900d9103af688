"""Photon-limited deblurring as a course notebook writes it: Poisson and Gaussian noise drawn under
manual_seed, PoissonNLLLoss with log_input True/False and full=True (Stirling term), a heteroscedastic
network trained with GaussianNLLLoss (per-pixel variance, a broadcast scalar variance, eps clamping,
reductions), the Anscombe transform, nan_to_num for logs of zero photons, and the losses' errors."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)
clean = torch.rand(2, 1, 8, 8)
kernel = torch.ones(1, 1, 3, 3) / 9.0
blurred = F.conv2d(F.pad(clean, (1, 1, 1, 1), mode="replicate"), kernel)
peak = 20.0
counts = torch.poisson(blurred * peak)
print(counts.dtype, counts.shape, counts[0, 0, 0].tolist())
print("zeros", int((counts == 0).sum()), "max", counts.max().item())

log_counts = torch.log(counts)
print(torch.isinf(log_counts).sum().item(), torch.nan_to_num(log_counts, neginf=-10.0).min().item())
print(torch.nan_to_num(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5])))
print(torch.nan_to_num(torch.tensor([float("nan"), 2.0], dtype=torch.float64), nan=0.5))

rate = blurred * peak
for log_input, full in ((False, False), (False, True), (True, False), (True, True)):
    crit = nn.PoissonNLLLoss(log_input=log_input, full=full)
    inp = torch.log(rate) if log_input else rate
    print(crit, round(crit(inp, counts).item(), 4))
print(F.poisson_nll_loss(rate, counts, log_input=False, reduction="sum").item() > 0,
      F.poisson_nll_loss(rate, counts, log_input=False, reduction="none").shape)
print(round(F.poisson_nll_loss(torch.zeros(3), torch.tensor([0.0, 1.0, 2.0]), log_input=False).item(), 4))

anscombe = 2.0 * torch.sqrt(counts + 3.0 / 8.0)
print("anscombe", round(anscombe.mean().item(), 4), round(anscombe.std().item(), 4))


class MeanVarNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.Softplus(), nn.Conv2d(8, 2, 3, padding=1))

    def forward(self, x):
        out = self.body(x)
        mean, raw_var = out[:, :1], out[:, 1:]
        return mean, F.softplus(raw_var) + 1e-4


torch.manual_seed(0)
net = MeanVarNet()
noisy = blurred + 0.05 * torch.randn_like(blurred)
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
gnll = nn.GaussianNLLLoss()
print(gnll, gnll.full, gnll.eps, gnll.reduction)
for step in range(30):
    mean, var = net(noisy)
    loss = gnll(mean, clean, var)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, f"{loss.item():.4f}")
with torch.no_grad():
    mean, var = net(noisy)
print(mean.shape, var.shape, f"{var.mean().item():.4f}", f"{F.mse_loss(mean, clean).item():.4f}")

x = torch.tensor([[0.5, 1.0], [2.0, -1.0]], dtype=torch.float64)
y = torch.tensor([[0.0, 1.5], [1.0, 0.0]], dtype=torch.float64)
print(F.gaussian_nll_loss(x, y, torch.full((2, 2), 0.5, dtype=torch.float64)))
print(F.gaussian_nll_loss(x, y, torch.full((2, 1), 0.5, dtype=torch.float64), full=True))
print(F.gaussian_nll_loss(x, y, torch.full((2, 2), 1e-9, dtype=torch.float64), eps=1e-3, reduction="sum"))
print(F.gaussian_nll_loss(x, y, torch.ones(2, dtype=torch.float64) * 2, reduction="none"))
v = torch.full((2, 2), 0.25, dtype=torch.float64, requires_grad=True)
F.gaussian_nll_loss(x, y, v).backward()
print(v.grad)
try:
    F.gaussian_nll_loss(x, y, -torch.ones(2, 2, dtype=torch.float64))
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    F.gaussian_nll_loss(x, y, torch.ones(3, dtype=torch.float64))
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    nn.GaussianNLLLoss(reduction="avg")(x, y, torch.ones(2, 2, dtype=torch.float64))
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    F.poisson_nll_loss(rate, counts[:1])
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
