"""Test-time adaptation for blind deblurring in the meta-learning style a student borrows from
MAML: a small kernel-prediction network whose last layer is constrained with
nn.utils.parametrize (a softmax parametrization making each kernel non-negative and sum to one,
plus an orthogonal-free custom scaling one), an inner loop adapting a copy of the parameters with
torch.func.functional_call and autograd.grad(create_graph=True), an outer loss backpropagated
through the inner steps into the original parameters, parametrize.cached(), the parametrized
state_dict keys (parametrizations.weight.original), remove_parametrizations with and without
leave_parametrized, and a first-order variant (create_graph=False) compared with the full one."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.parametrize as P
from torch.func import functional_call

K = 3


class SumToOne(nn.Module):
    def forward(self, w):
        flat = w.reshape(w.shape[0], -1)
        return torch.softmax(flat, dim=1).reshape(w.shape)

    def right_inverse(self, w):
        return torch.log(w.clamp_min(1e-6))


class Scale(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.s = s

    def forward(self, w):
        return w * self.s


class KernelNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.Tanh(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(4, K * K)
        self.blur = nn.Conv2d(1, 1, K, padding=1, bias=False)

    def forward(self, x):
        logits = self.head(self.features(x))
        return logits, self.blur(x)


torch.manual_seed(0)
net = KernelNet()
P.register_parametrization(net.blur, "weight", SumToOne())
print(net.blur)
print(P.is_parametrized(net.blur), P.is_parametrized(net.blur, "weight"), P.is_parametrized(net.head))
print(net.blur.weight.sum().item() == 1.0 or round(net.blur.weight.sum().item(), 6), net.blur.weight.shape)
print(list(net.state_dict()))
print(type(net.blur).__name__, type(net.blur.parametrizations.weight).__name__, net.blur.parametrizations.weight.original.shape)
with P.cached():
    a = net.blur.weight
    b = net.blur.weight
    print(a is b)
print(net.blur.weight is net.blur.weight)
P.register_parametrization(net.head, "weight", Scale(0.5))
print([n for n, _ in net.named_parameters()])
target = torch.full((1, 1, K, K), 1.0 / (K * K))
net.blur.weight = target
print(torch.allclose(net.blur.weight, target, atol=1e-5), net.blur.parametrizations.weight.original.flatten()[:3])

g = torch.Generator().manual_seed(1)
sharp = torch.rand(4, 1, 8, 8, generator=g)
true_k = torch.tensor([[0.0, 0.1, 0.0], [0.1, 0.6, 0.1], [0.0, 0.1, 0.0]]).view(1, 1, K, K)
blurred = F.conv2d(sharp, true_k, padding=1)


def inner_loss(params, x, y):
    logits, recon = functional_call(net, params, (x,))
    return F.mse_loss(recon, y) + 1e-3 * logits.pow(2).mean()


params = {n: p for n, p in net.named_parameters()}
print(sorted(params))


def adapt(x, y, steps=3, lr=0.5, create_graph=True):
    fast = dict(params)
    for _ in range(steps):
        loss = inner_loss(fast, x, y)
        grads = torch.autograd.grad(loss, list(fast.values()), create_graph=create_graph, allow_unused=True)
        fast = {n: (p - lr * gr if gr is not None else p) for (n, p), gr in zip(fast.items(), grads)}
    return fast


meta_opt = torch.optim.Adam(net.parameters(), lr=0.05)
for outer in range(6):
    meta_opt.zero_grad()
    fast = adapt(sharp[:2], blurred[:2])
    outer_loss = inner_loss(fast, sharp[2:], blurred[2:])
    outer_loss.backward()
    meta_opt.step()
    if outer % 2 == 0:
        orig = net.blur.parametrizations.weight.original
        print(outer, f"{outer_loss.item():.6f}", orig.grad is not None, round(orig.grad.abs().sum().item(), 6) > 0,
              net.head.parametrizations.weight.original.grad.shape)
print(f"{F.mse_loss(net.blur.weight.detach(), true_k).item():.6f}", net.blur.weight.sum().item() > 0.999)

net.zero_grad()
full = adapt(sharp[:2], blurred[:2], create_graph=True)
inner_loss(full, sharp[2:], blurred[2:]).backward()
full_grad = net.blur.parametrizations.weight.original.grad.clone()
net.zero_grad()
first = adapt(sharp[:2], blurred[:2], create_graph=False)
inner_loss({n: p.detach().requires_grad_() if n.startswith("blur") else p for n, p in first.items()}, sharp[2:], blurred[2:]).backward()
print(net.blur.parametrizations.weight.original.grad, (full_grad - 0).abs().sum() > 0)

P.remove_parametrizations(net.head, "weight", leave_parametrized=True)
print(P.is_parametrized(net.head), type(net.head).__name__, net.head.weight.requires_grad, [n for n, _ in net.head.named_parameters()])
w_before = net.blur.weight.detach().clone()
P.remove_parametrizations(net.blur, "weight", leave_parametrized=False)
print(torch.allclose(net.blur.weight, w_before), net.blur.weight.sum().item() < 0)
print(net)
try:
    P.remove_parametrizations(net.blur, "weight")
except ValueError as e:
    print("ValueError:", e)
