"""DeblurGAN-style adversarial deblurring in legacy (PyTorch 0.3) idiom, in float64: an FPN-lite
generator with InstanceNorm2d(track_running_stats=True) and ReflectionPad2d, a PatchGAN
discriminator with spectral_norm, the WGAN-GP penalty with autograd.Variable(interpolates,
requires_grad=True) on fakes that are not detached (Variable makes a new leaf, so no penalty
gradient reaches the generator), requires_grad toggling, two Adam optimizers; evaluation with
Variable(..., volatile=True) (its warning printed), tensor2im with isinstance(x, Variable), and
Variable's TypeError for a NumPy array."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import autograd
from torch.nn.utils import spectral_norm
import functools
import warnings
from torch.autograd import Variable


def tensor2im(image_tensor, imtype=np.uint8):
    if isinstance(image_tensor, Variable):
        image_tensor = image_tensor.data
    image_numpy = image_tensor[0].cpu().float().numpy()
    image_numpy = (np.transpose(image_numpy, (1, 2, 0)) + 1) / 2.0 * 255.0
    return image_numpy.astype(imtype)

torch.manual_seed(4)
torch.set_default_dtype(torch.float64)


def get_norm_layer(norm_type='instance'):
    if norm_type == 'batch':
        return functools.partial(nn.BatchNorm2d, affine=True)
    return functools.partial(nn.InstanceNorm2d, affine=False, track_running_stats=True)


class FPNLite(nn.Module):
    def __init__(self, norm_layer, ch=8):
        super().__init__()
        self.head = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(3, ch, 3), norm_layer(ch), nn.ReLU(True))
        self.down = nn.Sequential(nn.Conv2d(ch, ch * 2, 3, 2, 1), norm_layer(ch * 2), nn.LeakyReLU(0.2, True))
        self.up = nn.Sequential(nn.Upsample(scale_factor=2, mode='nearest'), nn.Conv2d(ch * 2, ch, 3, padding=1), norm_layer(ch), nn.ReLU())
        self.tail = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(ch, 3, 3), nn.Tanh())

    def forward(self, x):
        h = self.head(x)
        y = self.up(self.down(h)) + h
        res = self.tail(y)
        return torch.clamp(x + res, min=-1, max=1)


class NLayerDiscriminator(nn.Module):
    def __init__(self, input_nc=3, ndf=8, n_layers=2, use_sigmoid=False):
        super().__init__()
        kw = 4
        padw = 1
        sequence = [spectral_norm(nn.Conv2d(input_nc, ndf, kernel_size=kw, stride=2, padding=padw)), nn.LeakyReLU(0.2, True)]
        nf_mult = 1
        for n in range(1, n_layers):
            nf_mult_prev = nf_mult
            nf_mult = min(2 ** n, 8)
            sequence += [spectral_norm(nn.Conv2d(ndf * nf_mult_prev, ndf * nf_mult, kernel_size=kw, stride=2, padding=padw, bias=False)),
                         nn.InstanceNorm2d(ndf * nf_mult), nn.LeakyReLU(0.2, True)]
        sequence += [spectral_norm(nn.Conv2d(ndf * nf_mult, 1, kernel_size=kw, stride=1, padding=padw))]
        if use_sigmoid:
            sequence += [nn.Sigmoid()]
        self.model = nn.Sequential(*sequence)

    def forward(self, input):
        return self.model(input)


def calc_gradient_penalty(netD, real_data, fake_data, LAMBDA=10):
    alpha = torch.rand(real_data.size(0), 1, 1, 1)
    alpha = alpha.expand(real_data.size())
    interpolates = alpha * real_data + ((1 - alpha) * fake_data)
    interpolates = autograd.Variable(interpolates, requires_grad=True)  # (a new leaf: detached from G's graph)
    disc_interpolates = netD.forward(interpolates)
    gradients = autograd.grad(outputs=disc_interpolates, inputs=interpolates,
                              grad_outputs=torch.ones(disc_interpolates.size()),
                              create_graph=True, retain_graph=True, only_inputs=True)[0]
    gradient_penalty = ((gradients.view(gradients.size(0), -1).norm(2, dim=1) - 1) ** 2).mean() * LAMBDA
    return gradient_penalty


def set_requires_grad(nets, requires_grad=False):
    if not isinstance(nets, list):
        nets = [nets]
    for net in nets:
        if net is not None:
            for param in net.parameters():
                param.requires_grad = requires_grad


G = FPNLite(get_norm_layer('instance'))
D = NLayerDiscriminator()
print(G.head[2], D.model[0])
print([n for n, _ in D.model[0].named_parameters()], [n for n, _ in D.model[0].named_buffers()])
print(sorted(D.state_dict().keys())[:6])
sharp = torch.rand(2, 3, 32, 32) * 2 - 1
blurred = F.avg_pool2d(sharp, 3, 1, 1, count_include_pad=False)
optG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
for it in range(3):
    fake = G(blurred)
    set_requires_grad(D, True)
    optD.zero_grad()
    d_real = D(sharp).mean()
    d_fake = D(fake.detach()).mean()
    gp = calc_gradient_penalty(D, sharp, fake)  # (not detached: Variable cuts the graph)
    lossD = d_fake - d_real + gp
    lossD.backward()
    optD.step()
    set_requires_grad(D, False)
    optG.zero_grad()
    adv = -D(fake).mean()
    content = F.mse_loss(fake, sharp)
    lossG = content + 0.001 * adv
    lossG.backward()
    optG.step()
    print(it, D(fake).shape, f"{lossD.item():.10f} {gp.item():.10f} {lossG.item():.10f}",
          D.model[0].weight_orig.grad is None, G.head[1].weight.grad.abs().sum().item() > 0)
print(G.head[2].running_mean[:3], G.head[2].num_batches_tracked)
G.eval()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    inp = Variable(blurred, volatile=True)
print([str(w.message) for w in caught])
with torch.no_grad():
    out = G(inp)
print(out.shape, out.min().item() >= -1, f"{F.mse_loss(out, sharp).item():.10f}")
print(D.model[0].weight_u.shape, D.model[0].weight_u.norm().item() > 0.99)
im = tensor2im(out)
print(im.shape, im.dtype, int(im.sum()))
try:
    Variable(blurred.numpy())
except TypeError as e:
    print("TypeError:", e)
