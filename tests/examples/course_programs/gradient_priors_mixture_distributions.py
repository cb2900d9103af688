"""Natural-image gradient priors for blind deconvolution, as a course notebook fits them (Fergus et
al.'s mixture of Gaussians, Levin's hyper-Laplacian): torch.distributions' MixtureSameFamily with a
Categorical and Normal components, Laplace, StudentT, HalfNormal, LogNormal and Gamma priors on
gradients and noise levels, Independent over pixels, log_prob/entropy/cdf/icdf/rsample/mean/variance,
kl_divergence between priors, a MAP kernel-free estimate by gradient descent on log_prob, and the
distributions' argument validation errors."""
import torch
import torch.nn.functional as F
from torch import distributions as D

torch.manual_seed(8)
img = torch.rand(1, 1, 10, 10)
img = F.avg_pool2d(img, 3, stride=1, padding=1, count_include_pad=False)
dx = (img[..., :, 1:] - img[..., :, :-1]).flatten()
dy = (img[..., 1:, :] - img[..., :-1, :]).flatten()
grads = torch.cat([dx, dy])
print(grads.shape, f"{grads.abs().mean().item():.4f}", f"{grads.std().item():.4f}")

mix = D.Categorical(probs=torch.tensor([0.6, 0.3, 0.1]))
comp = D.Normal(torch.zeros(3), torch.tensor([0.02, 0.1, 0.4]))
mog = D.MixtureSameFamily(mix, comp)
print(mog.batch_shape, mog.event_shape, f"{mog.mean.item():.4f}", f"{mog.variance.item():.6f}")
print(f"{mog.log_prob(grads).sum().item():.4f}", mog.log_prob(torch.tensor([0.0, 0.05, 1.0])))
print(mog.sample((4,)).shape, f"{mog.cdf(torch.tensor(0.0)).item():.4f}")

lap = D.Laplace(0.0, 0.05)
st = D.StudentT(df=3.0, loc=0.0, scale=0.03)
for name, prior in (("laplace", lap), ("student", st), ("normal", D.Normal(0.0, grads.std()))):
    print(name, f"{prior.log_prob(grads).mean().item():.4f}", f"{prior.entropy().item():.4f}")
print(lap.cdf(torch.tensor([-0.1, 0.0, 0.1])), lap.icdf(torch.tensor([0.25, 0.5, 0.75])))
print(lap.mean, lap.stddev, st.variance, D.StudentT(df=1.5).variance, D.StudentT(df=0.5).mean)

torch.manual_seed(1)
logits = torch.zeros(3, requires_grad=True)
log_scales = torch.log(torch.tensor([0.02, 0.1, 0.4])).requires_grad_()
opt = torch.optim.Adam([logits, log_scales], lr=0.05)
for step in range(40):
    model = D.MixtureSameFamily(D.Categorical(logits=logits), D.Normal(torch.zeros(3), log_scales.exp()))
    nll = -model.log_prob(grads).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    if step % 20 == 0:
        print(step, f"{nll.item():.4f}")
print(torch.softmax(logits, 0).detach().round(decimals=3), log_scales.exp().detach().round(decimals=4))

sigma_prior = D.HalfNormal(0.1)
log_sigma = D.LogNormal(torch.log(torch.tensor(0.05)), 0.5)
gamma = D.Gamma(concentration=torch.tensor(2.0), rate=torch.tensor(40.0))
for prior in (sigma_prior, log_sigma, gamma):
    s = prior.rsample((3,))
    print(type(prior).__name__, s.shape, f"{prior.mean.item():.4f}", f"{prior.log_prob(torch.tensor(0.05)).item():.4f}")
print(f"{D.kl_divergence(D.Normal(0.0, 0.1), D.Normal(0.0, 0.2)).item():.4f}",
      f"{D.kl_divergence(D.Laplace(0.0, 0.1), D.Laplace(0.1, 0.2)).item():.4f}",
      f"{D.kl_divergence(D.Gamma(2.0, 3.0), D.Gamma(1.0, 1.0)).item():.4f}")

pixels = D.Independent(D.Normal(torch.zeros(4, 4), 0.1 * torch.ones(4, 4)), 2)
print(pixels.batch_shape, pixels.event_shape, f"{pixels.log_prob(torch.zeros(4, 4)).item():.4f}",
      pixels.log_prob(torch.zeros(2, 4, 4)).shape)

blurred = F.avg_pool2d(img, 3, stride=1, padding=1)
latent = blurred.clone().requires_grad_()
noise = D.Normal(0.0, 0.01)
opt = torch.optim.SGD([latent], lr=1e-5)
for step in range(20):
    fit = noise.log_prob(F.avg_pool2d(latent, 3, stride=1, padding=1) - blurred).sum()
    prior = lap.log_prob(latent[..., :, 1:] - latent[..., :, :-1]).sum()
    loss = -(fit + prior)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"{loss.item():.2f}", f"{(latent - img).abs().mean().item():.4f}")

for bad in (lambda: D.Normal(0.0, -1.0), lambda: D.Laplace(0.0, 0.0),
            lambda: D.Categorical(probs=torch.tensor([[0.5, -0.5]])),
            lambda: D.MixtureSameFamily(D.Categorical(probs=torch.ones(2)), D.Normal(torch.zeros(3), 1.0)),
            lambda: D.HalfNormal(0.1).log_prob(torch.tensor(-1.0)),
            lambda: D.Gamma(torch.tensor(-1.0), 1.0)):
    try:
        bad()
        print("no error")
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0][:70])
