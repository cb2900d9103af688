"""A course's "training utilities" notebook: freezing a layer with requires_grad_ (and an optimizer
over the trainable parameters only), zero_grad with and without set_to_none on the optimizer and the
module, gradient clipping by norm (2, inf, 1) and by value with error_if_nonfinite on NaN and inf
gradients, get_total_norm/clip_grads_with_norm_, and the grad-mode switches as decorators and
functions: no_grad with and without parentheses, enable_grad inside no_grad, set_grad_enabled as a
call, a context and a decorator, inference_mode, and requires_grad_ on non-leaf results."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
x, y = torch.randn(5, 3), torch.randn(5, 2)
out = model[0].requires_grad_(False)
print(out is model[0], [p.requires_grad for p in model.parameters()])
opt = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
print(len(opt.param_groups[0]["params"]))
F.mse_loss(model(x), y).backward()
print(model[0].weight.grad, model[2].weight.grad.shape)
opt.zero_grad(set_to_none=False)
print(model[2].weight.grad.abs().sum().item(), model[2].bias.grad)
opt.zero_grad()
print(model[2].weight.grad)
model.zero_grad(set_to_none=False)
print(model[2].weight.grad)
F.mse_loss(model(x), y).backward()
model.zero_grad(False)
print(model[2].bias.grad)
model.requires_grad_()
print([p.requires_grad for p in model.parameters()])

# clipping
F.mse_loss(model(x), y).backward()
grads = [p.grad.clone() for p in model.parameters()]
norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.1)
print(type(norm).__name__, norm.dtype, norm.shape, f"{norm.item():.4g}")
print([f"{p.grad.norm().item():.4g}" for p in model.parameters()])
total = torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9, norm_type="inf")
print(f"{total.item():.4g}")
total = torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9, norm_type=1.0)
print(f"{total.item():.4g}")
r = torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.01)
print(r, [f"{p.grad.abs().max().item():.4g}" for p in model.parameters()])
print(f"{torch.nn.utils.clip_grad_norm_(model[2].weight, 5.0).item():.4g}")
print(torch.nn.utils.clip_grad_norm_([], 1.0))
model[2].bias.grad[0] = math.nan
try:
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
n = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
print(n, model[2].weight.grad.isnan().all().item())
model[2].bias.grad.fill_(math.inf)
try:
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=math.inf, error_if_nonfinite=True)
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(torch.nn.utils.get_total_norm([torch.ones(3), torch.ones(4)]))
print(torch.nn.utils.get_total_norm([torch.ones(3), torch.ones(4)], norm_type=1))
q = nn.Parameter(torch.zeros(2))
q.grad = torch.tensor([3.0, 4.0])
print(torch.nn.utils.clip_grads_with_norm_([q], 1.0, torch.nn.utils.get_total_norm([q.grad])), q.grad)

# grad modes
@torch.no_grad()
def evaluate(m, inp):
    return m(inp)

@torch.no_grad
def evaluate2(m, inp):
    return m(inp)

print(evaluate(model, x).requires_grad, evaluate2(model, x).requires_grad, evaluate.__name__)
with torch.no_grad():
    a = model(x)
    with torch.enable_grad():
        b = model(x)
        print(torch.is_grad_enabled())
    print(torch.is_grad_enabled())
print(a.requires_grad, b.requires_grad, b.grad_fn is not None)

@torch.enable_grad()
def trainable(m, inp):
    return m(inp)

with torch.no_grad():
    print(trainable(model, x).requires_grad)

prev = torch.is_grad_enabled()
torch.set_grad_enabled(False)
print(torch.is_grad_enabled(), model(x).requires_grad)
torch.set_grad_enabled(True)
print(torch.is_grad_enabled(), model(x).requires_grad)
with torch.set_grad_enabled(False):
    print(model(x).requires_grad)
print(torch.is_grad_enabled())

@torch.set_grad_enabled(False)
def frozen(m, inp):
    return m(inp)
print(frozen(model, x).requires_grad, torch.is_grad_enabled())

class Wrapper(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    @torch.no_grad()
    def predict(self, inp):
        return self.inner(inp).argmax(1)

print(Wrapper(model).predict(x))
with torch.inference_mode():
    z = model(x)
print(z.requires_grad, z.is_inference())
with torch.no_grad():
    w = model[0].weight * 2
w.requires_grad_()
print(w.requires_grad, w.is_leaf)
try:
    model(x).requires_grad_(False)
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
