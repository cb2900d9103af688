"""Kernel estimation with a softmax-parameterised kernel and sparsity priors, written as a
research script: the kernel as softmax(logits / temperature) with an annealed temperature, a
sparsity prior three ways (L_p with p < 1 on the kernel with an epsilon, the entropy by
torch.special.entr, an L1/L2 ratio), a hyper-Laplacian gradient prior on the latent image,
an image estimate added to the optimizer later with add_param_group, a gradient hook on the
logits clamping the gradient, autograd.grad with allow_unused and materialize_grads, a
Hessian-vector product of the data term by double backward, clip_grad_norm_ with
error_if_nonfinite on a NaN gradient, and an Adam with amsgrad and maximize checked against
the plain one."""
import torch
import torch.nn.functional as F

torch.manual_seed(31)
torch.set_default_dtype(torch.float64)
KS = 5

sharp = torch.zeros(1, 1, 20, 20)
sharp[..., 5:14, 4:11] = 1.0
sharp[..., 12:17, 12:18] = 0.5
true_k = torch.zeros(KS, KS)
true_k[2, :4] = torch.tensor([0.1, 0.3, 0.4, 0.2])
blurry = F.conv2d(F.pad(sharp, (2, 2, 2, 2), mode='replicate'), true_k.flip(0, 1)[None, None]) + 0.005 * torch.randn(1, 1, 20, 20)


def blur(img, k):
    return F.conv2d(F.pad(img, (2, 2, 2, 2), mode='replicate'), k.flip(0, 1)[None, None])


def grads(img):
    return torch.diff(img, dim=-1), torch.diff(img, dim=-2)


logits = torch.zeros(KS, KS, requires_grad=True)
latent = blurry.clone().requires_grad_(True)
clipped = []
handle = logits.register_hook(lambda g: clipped.append(g.abs().max().item()) or g.clamp(-0.05, 0.05))
opt = torch.optim.Adam([logits], lr=0.2, amsgrad=True)
print(opt.param_groups[0]['amsgrad'], len(opt.param_groups), handle.__class__.__name__)
for it in range(12):
    temp = max(0.3, 1.0 * 0.85 ** it)
    k = F.softmax(logits.flatten() / temp, 0).view(KS, KS)
    data = F.mse_loss(blur(latent, k), blurry)
    lp = (k + 1e-6).pow(0.5).sum()
    ent = torch.special.entr(k).sum()
    ratio = k.abs().sum() / k.norm()
    gx, gy = grads(latent)
    hyper = (gx.abs() + 1e-3).pow(0.8).mean() + (gy.abs() + 1e-3).pow(0.8).mean()
    loss = data + 1e-4 * lp + 1e-4 * ent + 1e-4 * ratio + (2e-4 * hyper if it >= 4 else 0)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it == 3:
        opt.add_param_group({'params': [latent], 'lr': 0.01, 'amsgrad': False})
        print('groups', len(opt.param_groups), [g['lr'] for g in opt.param_groups], opt.param_groups[1]['betas'], latent.grad is not None)
    if it % 3 == 0 or it == 11:
        print(it, round(temp, 4), f"{data.item():.8f} {lp.item():.6f} {ent.item():.6f} {ratio.item():.6f}", round(clipped[-1], 6))
handle.remove()
k = F.softmax(logits.flatten() / 0.3, 0).view(KS, KS).detach()
print(k.round(decimals=3), k.argmax().item(), (k > 0.05).sum().item(), len(clipped), len(opt.state))
print(sorted(opt.state[logits].keys()), sorted(opt.state[latent].keys()), opt.state[latent]['step'])

other = torch.zeros(3, requires_grad=True)
w = torch.ones(KS, KS, requires_grad=True)
d = F.mse_loss(blur(sharp, w / w.sum()), blurry)
g1 = torch.autograd.grad(d, [w, other], allow_unused=True, retain_graph=True)
g2 = torch.autograd.grad(d, [w, other], allow_unused=True, materialize_grads=True, create_graph=True)
print(g1[1], g2[1], g2[0].grad_fn is not None, torch.allclose(g1[0], g2[0]))
v = torch.randn(KS, KS)
hv = torch.autograd.grad((g2[0] * v).sum(), w)[0]
eps = 1e-6
fd = (torch.autograd.grad(F.mse_loss(blur(sharp, (w + eps * v) / (w + eps * v).sum()), blurry), w)[0]
      - torch.autograd.grad(F.mse_loss(blur(sharp, (w - eps * v) / (w - eps * v).sum()), blurry), w)[0]) / (2 * eps)
print(hv.shape, torch.allclose(hv, fd, rtol=1e-4, atol=1e-9), f"{hv.abs().sum().item():.6e}")

p = torch.nn.Parameter(torch.ones(3))
p.grad = torch.tensor([1.0, float('nan'), 2.0])
try:
    torch.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.nn.utils.clip_grad_norm_([p], 1.0), p.grad)

a = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
b = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
oa = torch.optim.Adam([a], lr=0.1, maximize=True)
ob = torch.optim.Adam([b], lr=0.1)
for _ in range(3):
    oa.zero_grad(); ob.zero_grad()
    (-(a ** 2).sum()).backward(); ((b ** 2).sum()).backward()
    oa.step(); ob.step()
print(a.data, b.data, torch.equal(a.data, b.data), oa.defaults['maximize'])
