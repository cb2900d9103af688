"""A blind-deconvolution course's operator lab: a batch of images blurred each with its own
random PSF by vmap over conv2d (in_dims with None for a shared kernel), per-kernel gradients of a
data term by vmap(grad(...)), the blur operator's matrix by jacrev and its conditioning from
eigvalsh and svdvals, noise drawn from PyTorch's seeded streams (a Generator, normal_, uniform_,
bernoulli, multinomial, dropout, Poisson shot noise at a photon peak), the random state saved and
restored, and a motion blur's spectrum by stft / istft with a Hann window."""
import torch
import torch.nn.functional as F
from torch.func import vmap, grad, jacrev


def show(name, t):
    t = t.detach()
    print(name, tuple(t.shape), t.dtype, round(float(t.double().sum()), 4), round(float(t.double().abs().max()), 4))

torch.manual_seed(0)
imgs = torch.rand(4, 1, 12, 12)
ks = torch.rand(4, 5, 5)
ks = ks / ks.sum(dim=(-2, -1), keepdim=True)
print(round(imgs.mean().item(), 5), ks[0, 0, :3])
blur_one = lambda im, k: F.conv2d(im[None], k[None, None], padding=2)[0]
out = vmap(blur_one)(imgs, ks)
show("vmap blur", out)
ref = torch.stack([blur_one(i, k) for i, k in zip(imgs, ks)])
print(torch.allclose(out, ref, atol=1e-6))
out2 = vmap(blur_one, in_dims=(0, None))(imgs, ks[0])
show("vmap blur none", out2)

# per-kernel gradient
def loss_k(k, im, target):
    return F.mse_loss(blur_one(im, k), target)


gk = vmap(grad(loss_k))(ks, imgs, out + 0.01)
show("vmap grad", gk)
# jacobian of blur operator -> matrix
small = torch.rand(1, 6, 6, dtype=torch.float64)
kk = torch.rand(3, 3, dtype=torch.float64)
J = jacrev(lambda im: F.conv2d(im[None], kk[None, None], padding=1).flatten())(small)
print(J.shape)
Jm = J.reshape(36, 36)
ev = torch.linalg.eigvalsh(Jm @ Jm.T)
print("cond", round((ev.max() / ev.min()).item(), 3))
S = torch.linalg.svdvals(Jm)
show("svdvals", S)
# random streams
g = torch.Generator().manual_seed(5)
print(torch.randn(3, generator=g), torch.randint(0, 10, (4,), generator=g), torch.randperm(6, generator=g))
t = torch.empty(5).normal_(0, 2, generator=g); print(t)
t = torch.empty(3, 3).uniform_(-1, 1); print(t)
print(torch.rand(2, 2, dtype=torch.float64), torch.bernoulli(torch.full((6,), 0.3)), torch.multinomial(torch.tensor([0.1, 0.5, 0.4]), 4, replacement=True))
print(F.dropout(torch.ones(8), 0.5, training=True), torch.randn_like(torch.zeros(2, dtype=torch.float64)))
print(torch.poisson(torch.full((5,), 3.0)), torch.normal(torch.zeros(3), torch.ones(3)), torch.normal(0.0, 1.0, size=(2,)))
# Poisson noise in imaging
clean = torch.rand(1, 1, 4, 4)
peak = 30.0
noisy = torch.poisson(clean * peak) / peak
print(noisy)
print(torch.get_rng_state().shape, torch.initial_seed())
st = torch.get_rng_state(); a = torch.rand(2); torch.set_rng_state(st); print(torch.equal(a, torch.rand(2)))
# stft of a 1D signal for motion kernel spectrum
sig = torch.sin(torch.linspace(0, 20, 64, dtype=torch.float64))
S = torch.stft(sig, n_fft=16, hop_length=4, window=torch.hann_window(16, dtype=torch.float64), return_complex=True)
print(S.shape, S.dtype); show("stft abs", S.abs())
rec = torch.istft(S, n_fft=16, hop_length=4, window=torch.hann_window(16, dtype=torch.float64), length=64)
print(torch.allclose(rec, sig))
print(torch.signal.windows.gaussian(7, std=1.5))
