"""A course's generative-models lesson: a variational autoencoder on synthetic 8x8 "digits"
(two strokes), with the reparameterisation trick (randn_like), a BCE reconstruction term and
the analytic KL term, sampling from the prior, latent interpolation, and a GAN on a 1-D
mixture of Gaussians with a generator and a discriminator, two optimizers, detach() for the
discriminator step, BCEWithLogitsLoss with label smoothing by hand, and the distributions
the course uses to check it (Normal.log_prob, Categorical, kl_divergence)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical, Normal, kl_divergence

torch.manual_seed(10)


def strokes(n):
    imgs = torch.zeros(n, 1, 8, 8)
    rows = torch.randint(0, 8, (n,))
    cols = torch.randint(0, 8, (n,))
    imgs[torch.arange(n), 0, rows, :] = 1.0
    imgs[torch.arange(n), 0, :, cols] = 1.0
    return imgs


data = strokes(128)
print(data.shape, data.sum(dim=(1, 2, 3))[:5], data.mean().item())


class VAE(nn.Module):
    def __init__(self, latent=2):
        super().__init__()
        self.enc = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU())
        self.mu = nn.Linear(32, latent)
        self.logvar = nn.Linear(32, latent)
        self.dec = nn.Sequential(nn.Linear(latent, 32), nn.ReLU(), nn.Linear(32, 64), nn.Unflatten(1, (1, 8, 8)))

    def encode(self, x):
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        return mu + std * torch.randn_like(std)

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.dec(z), mu, logvar


def vae_loss(logits, x, mu, logvar):
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (recon + kld) / x.size(0), recon / x.size(0), kld / x.size(0)


vae = VAE()
print(vae)
opt = torch.optim.Adam(vae.parameters(), lr=5e-3)
for epoch in range(6):
    perm = torch.randperm(len(data))
    totals = torch.zeros(3)
    for i in range(0, len(data), 32):
        xb = data[perm[i:i + 32]]
        logits, mu, logvar = vae(xb)
        loss, recon, kld = vae_loss(logits, xb, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        totals += torch.stack([loss, recon, kld]).detach() * len(xb)
    print(f"epoch {epoch}: " + " ".join(f"{name} {v:.3f}" for name, v in zip(["loss", "recon", "kl"], (totals / len(data)).tolist())))
vae.eval()
with torch.no_grad():
    samples = torch.sigmoid(vae.dec(torch.randn(4, 2)))
    mu_a, _ = vae.encode(data[:1])
    mu_b, _ = vae.encode(data[1:2])
    path = torch.stack([torch.lerp(mu_a[0], mu_b[0], w) for w in torch.linspace(0, 1, 5)])
    frames = torch.sigmoid(vae.dec(path))
print(samples.shape, round(samples.mean().item(), 4), frames.shape, path.shape, (frames > 0.5).sum(dim=(1, 2, 3)))

torch.manual_seed(3)
components = Categorical(torch.tensor([0.5, 0.5])).sample((256, 1))
centres = Normal(torch.tensor([-2.0, 2.0]), torch.tensor([0.3, 0.3]))
real = centres.mean[components] + centres.stddev[components] * torch.randn(256, 1)
density = torch.logsumexp(centres.log_prob(torch.tensor([[0.0], [2.0]])) + torch.log(torch.tensor(0.5)), dim=1)
print(real.shape, round(real.mean().item(), 3), density)
G = nn.Sequential(nn.Linear(4, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
D = nn.Sequential(nn.Linear(1, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
opt_g = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
criterion = nn.BCEWithLogitsLoss()
for step in range(150):
    idx = torch.randint(0, len(real), (32,))
    noise = torch.randn(32, 4)
    fake = G(noise)
    d_real = D(real[idx])
    d_fake = D(fake.detach())
    loss_d = criterion(d_real, torch.full_like(d_real, 0.9)) + criterion(d_fake, torch.zeros_like(d_fake))
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = criterion(D(fake), torch.ones_like(d_fake))
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    if step % 50 == 0:
        print(f"step {step}: D {loss_d.item():.4f} G {loss_g.item():.4f} D(real) {torch.sigmoid(d_real).mean():.3f}")
with torch.no_grad():
    generated = G(torch.randn(500, 4))
print(round(generated.mean().item(), 3), round(generated.std().item(), 3), (generated > 0).float().mean().item())
print(all(p.grad is not None for p in D.parameters()), fake.requires_grad, fake.detach().requires_grad)
p, q = Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0])), Normal(0.0, 1.0)
print(kl_divergence(p, q), p.entropy(), p.mean, p.stddev, p.log_prob(torch.tensor(0.5)), p.cdf(torch.tensor([0.0, 1.0])))
c = Categorical(logits=torch.tensor([0.0, 1.0, 2.0]))
print(c.probs, c.entropy(), c.log_prob(torch.tensor([0, 2])), c.sample((5,)), Normal(0, 1).rsample((3,)))
