"""A deconvolution network whose layers a student writes with custom autograd Functions and
tied weights: a Function for the circular blur with its hand-derived adjoint as backward (checked
with gradcheck, needs_input_grad, save_for_backward), a clamp Function with
mark_non_differentiable for its mask output and set_materialize_grads(False), a
once_differentiable projection, an encoder Conv2d and a decoder whose conv_transpose2d uses the
encoder's weight (one Parameter in two places: parameters() lists it once, state_dict twice,
named_parameters(remove_duplicate=False)), forward pre-hooks with kwargs, full backward hooks
and tensor hooks printing gradient norms, and the optimizer's refusal of duplicate parameters."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.function import once_differentiable


class CircularBlur(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x, k)
        pad = k.shape[-1] // 2
        return F.conv2d(F.pad(x, (pad,) * 4, mode="circular"), k)

    @staticmethod
    def backward(ctx, g):
        x, k = ctx.saved_tensors
        pad = k.shape[-1] // 2
        gx = gk = None
        if ctx.needs_input_grad[0]:
            gx = F.conv2d(F.pad(g, (pad,) * 4, mode="circular"), k.flip(-2, -1).transpose(0, 1))
        if ctx.needs_input_grad[1]:
            xp = F.pad(x, (pad,) * 4, mode="circular")
            gk = F.conv2d(xp.transpose(0, 1), g.transpose(0, 1)).transpose(0, 1)
        return gx, gk


class ClampWithMask(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        mask = (x >= lo) & (x <= hi)
        ctx.save_for_backward(mask)
        ctx.mark_non_differentiable(mask)
        ctx.set_materialize_grads(False)
        return x.clamp(lo, hi), mask

    @staticmethod
    def backward(ctx, g, g_mask):
        (mask,) = ctx.saved_tensors
        if g is None:
            return None, None, None
        return g * mask, None, None


class Project(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x - x.mean(dim=(-2, -1), keepdim=True)

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        return g - g.mean(dim=(-2, -1), keepdim=True)


torch.manual_seed(0)
x = torch.rand(2, 1, 6, 6, dtype=torch.float64, requires_grad=True)
k = torch.rand(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(CircularBlur.apply, (x, k)), CircularBlur.apply(x, k).grad_fn.name())
y_auto = F.conv2d(F.pad(x, (1,) * 4, mode="circular"), k)
gx_auto, gk_auto = torch.autograd.grad(y_auto.pow(2).sum(), (x, k))
gx_fn, gk_fn = torch.autograd.grad(CircularBlur.apply(x, k).pow(2).sum(), (x, k))
print(torch.allclose(gx_auto, gx_fn), torch.allclose(gk_auto, gk_fn))
print(CircularBlur.apply(x.detach(), k).requires_grad, torch.autograd.grad(CircularBlur.apply(x.detach(), k).sum(), k)[0].shape)

out, mask = ClampWithMask.apply(x, 0.2, 0.8)
print(out.requires_grad, mask.requires_grad, mask.dtype, out.grad_fn.name(), mask.grad_fn)
out.sum().backward()
print(torch.equal(x.grad, mask.to(x.dtype)))
x.grad = None
_, mask_only = ClampWithMask.apply(x, 0.2, 0.8)
try:
    mask_only.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)

p = Project.apply(x)
(g1,) = torch.autograd.grad((p ** 2).sum(), x, create_graph=True)
print(g1.requires_grad, g1.grad_fn.name() if g1.grad_fn is not None else None)
try:
    g1.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)


class TiedAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Conv2d(1, 4, 3, padding=1, bias=False)
        self.dec_bias = nn.Parameter(torch.zeros(1))

    def forward(self, x, scale=1.0):
        h = F.relu(self.enc(x)) * scale
        return F.conv_transpose2d(h, self.enc.weight, self.dec_bias, padding=1)


torch.manual_seed(1)
net = TiedAutoencoder()
net.shared = net.enc  # the same module under two names
print(net)
print(len(list(net.parameters())), list(net.state_dict()), [n for n, _ in net.named_parameters(remove_duplicate=False)])
print([n for n, _ in net.named_modules()], [n for n, _ in net.named_modules(remove_duplicate=False)])
calls = []


def pre_hook(module, args, kwargs):
    calls.append(("pre", tuple(args[0].shape), sorted(kwargs)))
    return args, {**kwargs, "scale": 0.5}


def back_hook(module, grad_input, grad_output):
    calls.append(("back", [None if g is None else tuple(g.shape) for g in grad_input], round(grad_output[0].norm().item(), 4)))


h1 = net.register_forward_pre_hook(pre_hook, with_kwargs=True)
h2 = net.register_full_backward_hook(back_hook)
inp = torch.rand(2, 1, 5, 5, requires_grad=True)
inp.register_hook(lambda g: calls.append(("tensor", round(g.abs().sum().item(), 4))))
recon = net(inp, scale=2.0)
F.mse_loss(recon, inp.detach()).backward()
for c in calls:
    print(c)
print(net.enc.weight.grad.shape, round(net.enc.weight.grad.norm().item(), 5), net.dec_bias.grad)
h1.remove()
h2.remove()
try:
    torch.optim.SGD([net.enc.weight, net.shared.weight], lr=0.1)
except Exception as e:
    print(type(e).__name__ + ":", e)
try:
    torch.optim.SGD([{"params": [net.enc.weight]}, {"params": [net.shared.weight]}], lr=0.1)
except ValueError as e:
    print("ValueError:", e)
opt = torch.optim.Adam(net.parameters(), lr=0.01)
data = torch.rand(8, 1, 5, 5)
for step in range(20):
    opt.zero_grad()
    loss = F.mse_loss(net(data), data)
    loss.backward()
    opt.step()
print(f"{loss.item():.5f}", net.shared.weight is net.enc.weight, len(opt.state))
sd = net.state_dict()
fresh = TiedAutoencoder()
fresh.shared = fresh.enc
print(fresh.load_state_dict(sd), torch.equal(fresh.enc.weight, net.enc.weight))
