"""Three training-loop techniques written by hand: gradient accumulation over micro-batches
(loss divided by the number of steps, checked equal to one big batch, with clip_grad_norm_'s
returned norm), an exponential moving average of the weights kept with ``torch.no_grad`` and
``copy_``/``lerp_``/``mul_().add_()`` (and compared with ``AveragedModel`` and
``get_ema_multi_avg_fn``), and a learning-rate finder that grows ``param_groups[0]["lr"]``
geometrically, smooths the loss and stops when it diverges."""
import copy
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn


def r4(v):
    return float(f"{v:.4g}")


torch.manual_seed(0)
x = torch.randn(32, 5)
y = x @ torch.randn(5, 1) + 0.1 * torch.randn(32, 1)
base = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))

# gradient accumulation: 4 micro-batches of 8 == one batch of 32 (mean losses)
big = copy.deepcopy(base)
F.mse_loss(big(x), y).backward()
acc = copy.deepcopy(base)
steps = 4
for xb, yb in zip(x.chunk(steps), y.chunk(steps)):
    (F.mse_loss(acc(xb), yb) / steps).backward()
same = all(torch.allclose(a.grad, b.grad, atol=1e-6) for a, b in zip(acc.parameters(), big.parameters()))
print("accumulated == full batch:", same)
norm = nn.utils.clip_grad_norm_(acc.parameters(), max_norm=1.0)
print("norm before clip", r4(norm.item()), norm.dtype, norm.shape)
after = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad) for p in acc.parameters()]))
print("norm after clip", r4(after.item()))
print("clip_grad_value_", nn.utils.clip_grad_value_(acc.parameters(), 0.01), r4(acc[0].bias.grad.abs().max().item()))
inf_model = nn.Linear(2, 1)
inf_model.weight.grad = torch.tensor([[float("inf"), 1.0]])
inf_model.bias.grad = torch.zeros(1)
print("inf norm", nn.utils.clip_grad_norm_(inf_model.parameters(), 1.0))
try:
    nn.utils.clip_grad_norm_(inf_model.parameters(), 1.0, error_if_nonfinite=True)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

# an accumulating training loop, stepping every `steps` micro-batches
model = copy.deepcopy(base)
opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.01)
ema = copy.deepcopy(model).requires_grad_(False)
ema_lerp = copy.deepcopy(model).requires_grad_(False)
swa_ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
decay = 0.9
for epoch in range(3):
    opt.zero_grad()
    for i, (xb, yb) in enumerate(zip(x.split(4), y.split(4))):
        loss = F.mse_loss(model(xb), yb) / 2
        loss.backward()
        if (i + 1) % 2 == 0:
            opt.step()
            opt.zero_grad(set_to_none=True)
            with torch.no_grad():
                for e, p in zip(ema.parameters(), model.parameters()):
                    e.mul_(decay).add_(p, alpha=1 - decay)
                for e, p in zip(ema_lerp.parameters(), model.parameters()):
                    e.lerp_(p, 1 - decay)
            swa_ema.update_parameters(model)
    with torch.no_grad():
        print(f"epoch {epoch} model {F.mse_loss(model(x), y).item():.4f} ema {F.mse_loss(ema(x), y).item():.4f}")
print("ema == lerp", all(torch.allclose(a, b, atol=1e-6) for a, b in zip(ema.parameters(), ema_lerp.parameters())))
print("n_averaged", swa_ema.n_averaged, swa_ema.n_averaged.dtype)
print("swa ema vs hand", r4((swa_ema.module[0].weight - ema[0].weight).abs().max().item()))
print("ema requires grad", ema[0].weight.requires_grad, swa_ema.module[0].weight.requires_grad)
with torch.no_grad():
    for e, p in zip(ema.parameters(), model.parameters()):
        e.copy_(p)
print("copied back", torch.equal(ema[2].bias, model[2].bias))
try:
    ema[0].weight.copy_(torch.zeros(3))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
ema[0].bias.copy_(torch.tensor(1.5))
print("broadcast copy_", ema[0].bias[:3].tolist())

# a learning-rate finder by hand
model = copy.deepcopy(base)
opt = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
start, end, n_steps = 1e-4, 10.0, 30
factor = (end / start) ** (1 / (n_steps - 1))
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: factor ** s)
smooth, best, beta, history = 0.0, math.inf, 0.8, []
for step in range(n_steps):
    idx = torch.arange(step * 8, step * 8 + 8) % 32
    opt.zero_grad()
    loss = F.mse_loss(model(x[idx]), y[idx])
    loss.backward()
    opt.step()
    smooth = beta * smooth + (1 - beta) * loss.item()
    debiased = smooth / (1 - beta ** (step + 1))
    lr = opt.param_groups[0]["lr"]
    history.append((lr, debiased))
    if debiased < best:
        best = debiased
    if debiased > 4 * best or not math.isfinite(debiased):
        print("diverged at step", step, "lr", r4(lr))
        break
    sched.step()
print("steps", len(history), "last lr", r4(sched.get_last_lr()[0]))
best_lr = min(history, key=lambda t: t[1])[0]
print("best lr", r4(best_lr), "suggested", r4(best_lr / 10))
print("lrs", [r4(h[0]) for h in history[:5]])
print("initial_lr kept", opt.param_groups[0]["initial_lr"], sorted(sched.state_dict())[:4])
