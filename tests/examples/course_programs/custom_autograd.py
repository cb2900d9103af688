"""A course's autograd-internals lesson: custom torch.autograd.Function classes (a clipped
ReLU saving its input, a straight-through sign estimator, a function with two outputs and a
non-tensor argument, ctx.needs_input_grad and mark_non_differentiable), gradcheck on them in
float64, torch.autograd.grad with create_graph for a derivative-matching fit (a tiny
physics-informed network), second derivatives, retain_graph, grad accumulation on leaves,
tensor hooks that rescale gradients, and the Jacobian and Hessian helpers."""
import math

import torch
import torch.nn as nn
from torch.autograd import Function, gradcheck


class ClippedReLU(Function):
    @staticmethod
    def forward(ctx, x, cap=6.0):
        ctx.save_for_backward(x)
        ctx.cap = cap
        return x.clamp(min=0, max=cap)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        mask = (x > 0) & (x < ctx.cap)
        return grad_out * mask.to(grad_out.dtype), None


class SignSTE(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sign(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).float()


class ScaleShift(Function):
    @staticmethod
    def forward(ctx, x, scale, shift):
        ctx.save_for_backward(x, scale)
        idx = x.argmax()
        ctx.mark_non_differentiable(idx)
        return x * scale + shift, idx

    @staticmethod
    def backward(ctx, g, g_idx):
        x, scale = ctx.saved_tensors
        gx = g * scale if ctx.needs_input_grad[0] else None
        gs = (g * x).sum().reshape(scale.shape) if ctx.needs_input_grad[1] else None
        gb = g.sum().reshape(1) if ctx.needs_input_grad[2] else None
        return gx, gs, gb


x = torch.tensor([-1.0, 0.5, 3.0, 7.0], requires_grad=True)
y = ClippedReLU.apply(x, 6.0)
y.sum().backward()
print(y, x.grad, y.grad_fn is not None, y.grad_fn.name())
x.grad = None
z = SignSTE.apply(torch.tensor([-2.0, -0.5, 0.0, 0.4, 1.5], requires_grad=True))
z.backward(torch.ones(5))
print(z)
scale = torch.tensor([2.0], requires_grad=True)
shift = torch.tensor([0.5], requires_grad=False)
out, idx = ScaleShift.apply(x, scale, shift)
out.pow(2).sum().backward()
print(out, idx, idx.requires_grad, x.grad, scale.grad, shift.grad)
xd = torch.randn(5, dtype=torch.float64, requires_grad=True) * 2
xd = xd.detach().requires_grad_()
print(gradcheck(lambda t: ClippedReLU.apply(t, 6.0), (xd,), eps=1e-6, atol=1e-4))
print(gradcheck(lambda t, s: ScaleShift.apply(t, s, torch.ones(1, dtype=torch.float64))[0],
                (xd, torch.tensor([1.5], dtype=torch.float64, requires_grad=True))))

w = torch.tensor(3.0, requires_grad=True)
f = w ** 3
(df,) = torch.autograd.grad(f, w, create_graph=True)
(d2f,) = torch.autograd.grad(df, w, create_graph=True)
(d3f,) = torch.autograd.grad(d2f, w)
print(df, d2f, d3f)
a = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (a ** 2).sum()
loss.backward(retain_graph=True)
loss.backward()
print(a.grad)
ga, = torch.autograd.grad((a * a).sum(), a, grad_outputs=torch.tensor(2.0))
print(ga, torch.autograd.grad((a * 3).sum(), [a], retain_graph=False)[0])
u, v = torch.tensor(1.0, requires_grad=True), torch.tensor(2.0, requires_grad=True)
gu, gv = torch.autograd.grad(u * 2, [u, v], allow_unused=True)
print(gu, gv)

seen = []
p = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
handle = p.register_hook(lambda g: g.clamp(-0.5, 0.5))
q = p * 4
q.register_hook(lambda g: seen.append(g.tolist()))
q.sum().backward()
print(p.grad, seen)
handle.remove()
p.grad.zero_()
(p * 4).sum().backward()
print(p.grad)

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
ts = torch.linspace(0, 2, 25).reshape(-1, 1).requires_grad_(True)
t0 = torch.zeros(1, 1)
for it in range(60):
    opt.zero_grad()
    y = net(ts)
    dy, = torch.autograd.grad(y, ts, grad_outputs=torch.ones_like(y), create_graph=True)
    residual = dy + y  # y' = -y, y(0) = 1
    loss = residual.pow(2).mean() + (net(t0) - 1).pow(2).mean()
    loss.backward()
    opt.step()
    if it % 20 == 0:
        print(it, f"{loss.item():.5f}")
with torch.no_grad():
    print(f"{net(torch.tensor([[1.0]])).item():.4f} vs {math.exp(-1):.4f}")

jac = torch.autograd.functional.jacobian(lambda v: torch.stack([v[0] * v[1], v[0] ** 2]), torch.tensor([2.0, 3.0]))
hes = torch.autograd.functional.hessian(lambda v: (v ** 3).sum() + v[0] * v[1], torch.tensor([1.0, 2.0]))
print(jac, hes)
with torch.autograd.set_detect_anomaly(True):
    (torch.tensor([1.0], requires_grad=True) * 2).sum().backward()
try:
    torch.tensor([1.0]).backward()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    (torch.ones(2, requires_grad=True) * 2).backward()
except RuntimeError as e:
    print("RuntimeError", e)
