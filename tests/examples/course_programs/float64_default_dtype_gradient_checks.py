"""A course's numerical-precision cell: set_default_dtype(torch.float64) before building a model so
that every parameter, factory and Python float is double, a finite-difference check of the
gradients computed by autograd (central differences on each parameter in turn), gradcheck and
gradgradcheck on the loss as a function of the inputs, the dtypes of what stays float32 (NumPy
float32 arrays, FloatTensor, the optimizer's step counter), the draws of manual_seed in float64,
then set_default_dtype back to float32 and the errors of the calls students try (an int64 or a
string default, None)."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import gradcheck, gradgradcheck

torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype(), torch.tensor(1.5).dtype, torch.tensor(1 + 1j).dtype, torch.arange(3.).dtype,
      torch.arange(3).dtype, torch.zeros(2).dtype, torch.full((2,), 1.5).dtype, torch.Tensor([1]).dtype,
      torch.FloatTensor([1]).dtype, torch.empty(1).dtype, torch.linspace(0, 1, 3).dtype)
torch.manual_seed(0)
print(torch.rand(3), torch.randn(3), torch.normal(0., 1., (2,)), torch.randint(0, 5, (3,)).dtype)
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
print([p.dtype for p in model.parameters()], nn.BatchNorm1d(2).running_mean.dtype,
      nn.BatchNorm1d(2).num_batches_tracked.dtype, nn.Conv2d(1, 1, 2).weight.dtype)
print(torch.as_tensor(np.float32(1)).dtype, torch.from_numpy(np.ones(2, dtype=np.float32)).dtype,
      torch.tensor(np.ones(2)).dtype, torch.tensor([np.float32(1)]).dtype, (torch.arange(3) / 2).dtype,
      (torch.ones(2, dtype=torch.float32) + torch.tensor(1.0)).dtype)
print(torch.utils.data.default_collate([1.5, 2.5]).dtype, torch.finfo().eps, torch.tensor([0.1]) * 3)

x = torch.randn(8, 3)
y = torch.randn(8, 1)
loss = F.mse_loss(model(x), y)
loss.backward()
eps = 1e-6
for name, p in model.named_parameters():
    numeric = torch.zeros_like(p)
    with torch.no_grad():
        flat, grad_flat = p.view(-1), numeric.view(-1)
        for i in range(flat.numel()):
            old = flat[i].item()
            flat[i] = old + eps
            plus = F.mse_loss(model(x), y).item()
            flat[i] = old - eps
            minus = F.mse_loss(model(x), y).item()
            flat[i] = old
            grad_flat[i] = (plus - minus) / (2 * eps)
    err = (numeric - p.grad).abs().max().item()
    print(f"{name:9s} {tuple(p.shape)} max abs error < 1e-8: {err < 1e-8}")

opt = torch.optim.Adam(model.parameters(), lr=0.01)
opt.step()
state = opt.state[model[0].weight]
print(state['step'], state['step'].dtype, state['exp_avg'].dtype, round(loss.item(), 10))

inputs = torch.randn(4, 3, requires_grad=True)
target = torch.randn(4, 1)
fn = lambda inp: F.mse_loss(model(inp), target)
print('gradcheck', gradcheck(fn, (inputs,)), 'gradgradcheck', gradgradcheck(fn, (inputs,)))
print('gradcheck softplus', gradcheck(lambda t: F.softplus(t, beta=2.0).sum(), (torch.randn(5, requires_grad=True),)))
try:
    gradcheck(lambda t: (t * 2).sum(), (torch.randn(3, dtype=torch.float32, requires_grad=True),))
except Exception as e:
    print(type(e).__name__)

torch.set_default_dtype(torch.float32)
print(torch.tensor(1.5).dtype, torch.tensor(1 + 1j).dtype, torch.get_default_dtype(), nn.Linear(1, 1).weight.dtype,
      model[0].weight.dtype)
for bad in (torch.int64, torch.complex64, 'float64', None, float, np.float64):
    try:
        torch.set_default_dtype(bad)
    except TypeError as e:
        print('TypeError', e)
print(torch.get_default_dtype())
