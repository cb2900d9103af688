"""Noise models for a deblurring dataset with torch.distributions (Normal, Poisson-style shot
noise, Bernoulli dropouts, Categorical kernel choice, MultivariateNormal jitter, KL terms),
maximum-likelihood noise estimation, SSIM with a grouped Gaussian window on an expanded weight,
gradcheck of the metric and anomaly detection on its backward."""
import torch
import torch.nn.functional as F
from torch.distributions import Normal, Categorical, Bernoulli, Uniform, MultivariateNormal, kl_divergence, Independent

torch.manual_seed(0)
n = Normal(torch.tensor([0., 1.]), torch.tensor([1., 2.]))
s = n.sample((3,))
print(s, n.log_prob(s), n.entropy(), n.rsample().requires_grad, n.cdf(torch.tensor([0., 0.])), n.icdf(torch.tensor([0.5, 0.9])))
kernel_choice = Categorical(logits=torch.tensor([[1., 2., 0.5]]))
print(kernel_choice.sample((4,)).flatten(), kernel_choice.probs, kernel_choice.entropy(), kernel_choice.log_prob(torch.tensor([1])))
print(Bernoulli(probs=0.3).sample((5,)), Uniform(0, 2).sample((2,)), kl_divergence(n, Normal(0., 1.)))
mv = MultivariateNormal(torch.zeros(2), torch.tensor([[2., 0.5], [0.5, 1.]]))
jit = mv.sample((2,)); print(jit, mv.log_prob(jit), Independent(n, 1).log_prob(s), n)

clean = torch.rand(2, 3, 16, 16)
peak = 30.0
shot = torch.poisson(clean * peak) / peak
read = 0.02 * torch.randn_like(clean)
noisy = (shot + read).clamp(0, 1)
drop = torch.bernoulli(torch.full((2, 1, 16, 16), 0.02)).bool()
noisy = noisy.masked_fill(drop, 0.0)
print(shot.mean().round(decimals=4), drop.sum().item(), (noisy - clean).std().round(decimals=4))
sigma = torch.tensor(0.1, requires_grad=True)
opt = torch.optim.Adam([sigma], lr=0.02)
resid = (noisy - clean).flatten()
for it in range(60):
    nll = -Normal(0.0, sigma.abs() + 1e-4).log_prob(resid).mean()
    opt.zero_grad(); nll.backward(); opt.step()
print(round(sigma.item(), 3), round(resid.std().item(), 3), round(nll.item(), 3))

def gauss(k=7, s=1.5, dtype=torch.float32):
    a = torch.arange(k, dtype=dtype) - k // 2
    g = torch.exp(-a ** 2 / (2 * s * s)); g = g / g.sum()
    return torch.outer(g, g)

def ssim(x, y, C1=0.01 ** 2, C2=0.03 ** 2):
    C = x.shape[1]
    w = gauss(dtype=x.dtype).expand(C, 1, 7, 7)
    mu_x, mu_y = F.conv2d(x, w, groups=C), F.conv2d(y, w, groups=C)
    sxx = F.conv2d(x * x, w, groups=C) - mu_x ** 2
    syy = F.conv2d(y * y, w, groups=C) - mu_y ** 2
    sxy = F.conv2d(x * y, w, groups=C) - mu_x * mu_y
    m = ((2 * mu_x * mu_y + C1) * (2 * sxy + C2)) / ((mu_x ** 2 + mu_y ** 2 + C1) * (sxx + syy + C2))
    return m.mean((1, 2, 3))

print(ssim(clean, noisy).round(decimals=4), ssim(clean, clean).round(decimals=4), gauss().expand(3, 1, 7, 7).stride())
psnr = 10 * torch.log10(1 / F.mse_loss(noisy, clean, reduction='none').mean((1, 2, 3)))
print(psnr.round(decimals=3))
a = torch.rand(1, 1, 8, 8, dtype=torch.float64, requires_grad=True)
b = torch.rand(1, 1, 8, 8, dtype=torch.float64)
print(torch.autograd.gradcheck(lambda t: ssim(t, b), (a,)), torch.autograd.gradgradcheck(lambda t: t ** 3, torch.rand(2, dtype=torch.float64, requires_grad=True)))
with torch.autograd.set_detect_anomaly(True):
    (1 - ssim(a, b)).sum().backward()
print(a.grad.shape, a.grad.abs().sum().item() > 0)
with torch.enable_grad():
    with torch.set_grad_enabled(False):
        print((a * 2).requires_grad)
print(torch.multinomial(torch.tensor([0.1, 0.5, 0.4]), 5, replacement=True), torch.normal(0., 1., size=(2,)), torch.randint_like(torch.zeros(3), 10))
print(torch.empty(3).uniform_(-1, 1), torch.empty(3).normal_(5, 0.1), torch.empty(2).exponential_(), torch.empty(3, dtype=torch.long).random_(0, 5),
      torch.empty(3).geometric_(0.5), torch.empty(2).log_normal_(), torch.empty(2).cauchy_())
print(torch.randperm(8, generator=torch.Generator().manual_seed(3)), torch.randperm(5, dtype=torch.int32), torch.randn(2, dtype=torch.float16))
