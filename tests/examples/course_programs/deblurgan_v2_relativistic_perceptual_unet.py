"""DeblurGAN-v2-style training steps, scaled down: a U-Net generator (strided convs down,
ConvTranspose2d up, skip connections by torch.cat) predicting a residual, a PatchGAN
discriminator, a relativistic least-squares adversarial loss, a perceptual loss from a frozen small
CNN (requires_grad_(False), eval(), features collected by forward hooks), two optimizers with
zero_grad(set_to_none=True), the discriminator step on detached fakes, gradient clipping by norm
and by value, and parameters_to_vector to check which weights moved."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, clip_grad_norm_, clip_grad_value_

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Down(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(cin, cout, 4, 2, 1, bias=False), nn.InstanceNorm2d(cout, affine=True), nn.LeakyReLU(0.2, inplace=True))

    def forward(self, x):
        return self.conv(x)


class Up(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 4, 2, 1)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x, skip):
        return torch.cat([self.act(self.up(x)), skip], dim=1)


class UNetG(nn.Module):
    def __init__(self, ch=6):
        super().__init__()
        self.inc = nn.Conv2d(3, ch, 3, padding=1, padding_mode='reflect')
        self.d1, self.d2 = Down(ch, ch * 2), Down(ch * 2, ch * 4)
        self.u1, self.u2 = Up(ch * 4, ch * 2), Up(ch * 4, ch)
        self.outc = nn.Conv2d(ch * 2, 3, 1)

    def forward(self, x):
        x0 = self.inc(x)
        x1 = self.d1(x0)
        x2 = self.d2(x1)
        y = self.u2(self.u1(x2, x1), x0)
        return (x + torch.tanh(self.outc(y))).clamp(-1, 1)


class PatchD(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(3, ch, 4, 2, 1), nn.LeakyReLU(0.2, True),
                                 nn.Conv2d(ch, ch * 2, 4, 2, 1), nn.BatchNorm2d(ch * 2), nn.LeakyReLU(0.2, True),
                                 nn.Conv2d(ch * 2, 1, 3, 1, 1))

    def forward(self, x):
        return self.net(x)


feature_net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU())
feature_net.requires_grad_(False).eval()
feats = {}
hooks = [feature_net[i].register_forward_hook(lambda m, inp, out, i=i: feats.__setitem__(i, out)) for i in (1, 6)]
print(feature_net.training, all(not p.requires_grad for p in feature_net.parameters()), len(feature_net._forward_hooks), len(feature_net[1]._forward_hooks))


def perceptual(fake, real):
    feature_net(real)
    real_feats = {k: v.detach() for k, v in feats.items()}
    feature_net(fake)
    return sum(F.mse_loss(feats[k], real_feats[k]) for k in sorted(feats))


def rals_d(d_real, d_fake):
    return (torch.mean((d_real - d_fake.mean() - 1) ** 2) + torch.mean((d_fake - d_real.mean() + 1) ** 2)) / 2


def rals_g(d_real, d_fake):
    return (torch.mean((d_real - d_fake.mean() + 1) ** 2) + torch.mean((d_fake - d_real.mean() - 1) ** 2)) / 2


G, D = UNetG(), PatchD()
print(sum(p.numel() for p in G.parameters()), sum(p.numel() for p in D.parameters()), G.u1.up)
sharp = torch.rand(2, 3, 16, 16) * 2 - 1
kernel = torch.ones(3, 1, 1, 5) / 5
blurry = F.conv2d(F.pad(sharp, (2, 2, 0, 0), mode='replicate'), kernel, groups=3)
optG = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
start_g, start_f = parameters_to_vector(G.parameters()).clone(), parameters_to_vector(feature_net.parameters()).clone()
for it in range(4):
    fake = G(blurry)
    D.requires_grad_(True)
    optD.zero_grad(set_to_none=True)
    lossD = rals_d(D(sharp), D(fake.detach()))
    lossD.backward()
    print(it, "G grads after D step:", G.inc.weight.grad is None, round(clip_grad_norm_(D.parameters(), 1.0).item(), 6))
    optD.step()
    D.requires_grad_(False)
    optG.zero_grad(set_to_none=True)
    adv = rals_g(D(sharp), D(fake))
    perc = perceptual(fake, sharp)
    l1 = F.l1_loss(fake, sharp)
    lossG = 0.5 * l1 + 0.006 * perc + 0.01 * adv
    lossG.backward()
    clip_grad_value_(G.parameters(), 0.05)
    optG.step()
    print(it, f"D {lossD.item():.8f} adv {adv.item():.8f} perc {perc.item():.8f} l1 {l1.item():.8f}",
          D.net[0].weight.grad is None, round(G.inc.weight.grad.abs().max().item(), 8))
print([tuple(v.shape) for k, v in sorted(feats.items())], feature_net[0].weight.grad)
moved_g = (parameters_to_vector(G.parameters()) - start_g).abs().max().item()
moved_f = (parameters_to_vector(feature_net.parameters()) - start_f).abs().max().item()
print(moved_g > 0, moved_f, D.net[3].running_mean[:3].round(decimals=6), D.net[3].num_batches_tracked)
for h in hooks:
    h.remove()
print(len(feature_net[1]._forward_hooks))
G.eval()
with torch.no_grad():
    out = G(blurry)
psnr = lambda a, b: 10 * torch.log10(4 / F.mse_loss(a, b))
print(out.requires_grad, f"{psnr(blurry, sharp).item():.6f} {psnr(out, sharp).item():.6f}")
print(optG.state_dict()['param_groups'][0]['betas'], len(optD.state_dict()['state']), optG.state[G.inc.weight]['step'])
