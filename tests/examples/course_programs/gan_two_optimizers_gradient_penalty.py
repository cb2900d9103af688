"""A small GAN on a 2-d ring: generator and discriminator MLPs initialised by ``apply``, two Adam
optimizers, ``BCEWithLogitsLoss`` with ``full``/``ones_like`` labels, ``detach`` of the fakes for the
discriminator's step, D(x) and D(G(z)) under ``no_grad``; a WGAN-GP gradient penalty through
``autograd.grad(create_graph=True)``; ``pos_weight``, hinge and softplus losses."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)
# real data: 2-d gaussian ring
def real_batch(n):
    theta = torch.rand(n) * 2 * torch.pi
    r = 2 + 0.1 * torch.randn(n)
    return torch.stack([r * torch.cos(theta), r * torch.sin(theta)], dim=1)

G = nn.Sequential(nn.Linear(4, 32), nn.LeakyReLU(0.2), nn.Linear(32, 2))
D = nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2, inplace=True), nn.Linear(32, 1))
print(G)
print(D)
def weights_init(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, 0.0, 0.2)
        nn.init.zeros_(m.bias)
G.apply(weights_init); D.apply(weights_init)
optG = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
crit = nn.BCEWithLogitsLoss()
fixed_z = torch.randn(5, 4)
real_label, fake_label = 1.0, 0.0
for it in range(60):
    real = real_batch(32)
    z = torch.randn(32, 4)
    fake = G(z)
    optD.zero_grad()
    lbl = torch.full((32, 1), real_label)
    lossD_real = crit(D(real), lbl)
    lbl = torch.full((32, 1), fake_label)
    lossD_fake = crit(D(fake.detach()), lbl)
    lossD = lossD_real + lossD_fake
    lossD.backward()
    optD.step()
    optG.zero_grad()
    lossG = crit(D(fake), torch.ones_like(lbl))
    lossG.backward()
    optG.step()
    if it % 10 == 0:
        with torch.no_grad():
            dx = torch.sigmoid(D(real)).mean().item()
            dgz = torch.sigmoid(D(fake)).mean().item()
        print(f"[{it:3d}] lossD {lossD.item():.4f} lossG {lossG.item():.4f} D(x) {dx:.3f} D(G(z)) {dgz:.3f}")
with torch.no_grad():
    s = G(fixed_z)
print(s.norm(dim=1))
# gradient penalty (WGAN-GP)
alpha = torch.rand(32, 1)
real = real_batch(32)
fake = G(torch.randn(32, 4)).detach()
interp = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
out = D(interp)
grads = torch.autograd.grad(outputs=out, inputs=interp, grad_outputs=torch.ones_like(out), create_graph=True, retain_graph=True)[0]
gp = ((grads.norm(2, dim=1) - 1) ** 2).mean()
print(gp)
gp.backward()
print([p.grad.abs().sum().round(decimals=3) for p in D.parameters()])
# label smoothing + hinge
print(F.binary_cross_entropy_with_logits(torch.tensor([0.3, -1.2]), torch.tensor([0.9, 0.1]), pos_weight=torch.tensor([2.0])))
print(F.relu(1.0 - torch.tensor([0.3, 2.0])).mean())
print(F.softplus(-torch.tensor([0.3, -2.0]), beta=2, threshold=1))
