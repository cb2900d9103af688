"""The torch.func tutorials' neural tangent kernels and Jacobians, Hessians, hvp, vhp: the empirical NTK
of a small CNN by ``vmap(jacrev)`` over ``functional_call`` contracted with ``einsum`` ('full', 'trace',
'diagonal') and by NTK-vector products (``vjp`` then ``jvp`` under nested ``vmap``); Hessian-vector
products forward-over-reverse, reverse-over-reverse and reverse-over-forward; ``jacfwd``'s forward-mode
types (an integer output, a float32 output, randomness); ``linearize``; ``functionalize``; per-sample
gradients through batch norms made vmap-able by ``replace_all_batch_norm_modules_``."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import (functional_call, vmap, vjp, jvp, jacrev, jacfwd, hessian, grad, linearize,
                        functionalize, replace_all_batch_norm_modules_)

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, (3, 3))
        self.conv2 = nn.Conv2d(4, 4, (3, 3))
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = self.conv1(x).relu()
        x = self.conv2(x).relu()
        x = F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)
        return self.fc(x)


net = CNN()
x_train, x_test = torch.randn(4, 2, 6, 6), torch.randn(3, 2, 6, 6)
params = {k: v.detach() for k, v in net.named_parameters()}


def fnet_single(params, x):
    return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)


def ntk_by_jacobians(x1, x2, compute):
    jac1 = [j.flatten(2) for j in vmap(jacrev(fnet_single), (None, 0))(params, x1).values()]
    jac2 = [j.flatten(2) for j in vmap(jacrev(fnet_single), (None, 0))(params, x2).values()]
    expr = {"full": "Naf,Mbf->NMab", "trace": "Naf,Maf->NM", "diagonal": "Naf,Maf->NMa"}[compute]
    return torch.stack([torch.einsum(expr, j1, j2) for j1, j2 in zip(jac1, jac2)]).sum(0)


def ntk_by_products(x1, x2):
    def get_ntk(x1, x2):
        output, vjp_fn = vjp(lambda p: fnet_single(p, x1), params)

        def get_ntk_slice(vec):
            return jvp(lambda p: fnet_single(p, x2), (params,), vjp_fn(vec))[1]
        basis = torch.eye(output.numel(), dtype=output.dtype).view(output.numel(), -1)
        return vmap(get_ntk_slice)(basis)
    return vmap(vmap(get_ntk, (None, 0)), (0, None))(x1, x2)


full = ntk_by_jacobians(x_train, x_test, "full")
print(full.shape, full[0, 0].round(decimals=6))
print(torch.allclose(ntk_by_jacobians(x_train, x_test, "trace"), torch.einsum("NMKK->NM", full)))
print(torch.allclose(ntk_by_jacobians(x_train, x_test, "diagonal"), torch.einsum("NMKK->NMK", full)))
print(torch.allclose(ntk_by_products(x_train, x_test), full))

# Hessian-vector products three ways, against the Hessian
def f(x):
    return (x.sin() * x.sum()).sum()


x, v = torch.randn(5), torch.randn(5)
H = hessian(f)(x)
fwd_over_rev = jvp(grad(f), (x,), (v,))[1]
rev_over_rev = vjp(grad(f), x)[1](v)[0]
rev_over_fwd = grad(lambda y: jvp(f, (y,), (v,))[1])(x)
print(H.shape, [torch.allclose(p, H @ v) for p in (fwd_over_rev, rev_over_rev, rev_over_fwd)])
print(torch.autograd.functional.hvp(f, x, v)[1].round(decimals=6))
print(torch.allclose(jacrev(jacrev(f))(x), H), torch.allclose(jacfwd(jacrev(f))(x), H))

# jacfwd keeps forward mode's types
j_int, j32 = jacfwd(lambda y: (y.argmax(), y.float().sin()))(x)
print(j_int.dtype, j_int.shape, j32.dtype, j32.shape)
for mode in ("error", "same", "different"):
    torch.manual_seed(1)
    try:
        print(mode, jacfwd(lambda y: y * torch.rand(3), randomness=mode)(x[:3]).diagonal().round(decimals=6))
    except RuntimeError as e:
        print(mode, type(e).__name__, str(e)[:40])
try:
    jacfwd(lambda y: y * 2.0)(torch.tensor([1, 2]))
except ValueError as e:
    print(type(e).__name__, e)
out, jvp_fn = linearize(torch.sin, x)
print(torch.allclose(jvp_fn(v), x.cos() * v))
try:
    jvp_fn(v.float())
except RuntimeError as e:
    print(type(e).__name__, e)


def mutating(t):
    y = t.clone()
    y.add_(1)
    return y.view(-1)


print(functionalize(mutating, remove="mutations_and_views")(torch.ones(2, 2))._base is None)

# per-sample gradients through batch norms
model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2))
replace_all_batch_norm_modules_(model)
print(model[1], list(dict(model.named_buffers())))
ps = {k: v.detach() for k, v in model.named_parameters()}


def loss(p, xb, tb):
    return F.mse_loss(functional_call(model, p, (xb,)), tb)


grads = vmap(grad(loss), in_dims=(None, 0, 0))(ps, torch.randn(5, 6, 4), torch.randn(5, 6, 2))
print({k: tuple(g.shape) for k, g in grads.items()}, grads["0.weight"][0, 0].round(decimals=6))
