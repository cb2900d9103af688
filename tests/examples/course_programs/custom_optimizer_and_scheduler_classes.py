"""A course's "write your own optimizer and scheduler" lesson: an SGD with momentum and weight decay
subclassing torch.optim.Optimizer (its step decorated with @torch.no_grad(), a closure, per-parameter
state), a Lion-style optimizer, a warm-up-then-cosine LRScheduler subclass and a legacy _LRScheduler
one, their state dicts saved and loaded, the constructor's errors, step hooks on the custom optimizer,
and a DataLoader epoch iterator's len() in the loop's progress print."""
import math
import torch
import torch.nn as nn
from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler, _LRScheduler, LambdaLR, ReduceLROnPlateau
from torch.utils.data import DataLoader, TensorDataset

class MySGD(Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.0, weight_decay=0.0):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        defaults = dict(lr=lr, momentum=momentum, weight_decay=weight_decay)
        super().__init__(params, defaults)
    def __setstate__(self, state):
        super().__setstate__(state)
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad
                if group["weight_decay"] != 0:
                    d_p = d_p.add(p, alpha=group["weight_decay"])
                if group["momentum"] != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        buf = state["momentum_buffer"] = torch.clone(d_p).detach()
                    else:
                        buf = state["momentum_buffer"]
                        buf.mul_(group["momentum"]).add_(d_p)
                    d_p = buf
                p.add_(d_p, alpha=-group["lr"])
        return loss

class WarmupCosine(LRScheduler):
    def __init__(self, optimizer, warmup, total, last_epoch=-1):
        self.warmup, self.total = warmup, total
        super().__init__(optimizer, last_epoch)
    def get_lr(self):
        e = self.last_epoch
        if e < self.warmup:
            f = (e + 1) / self.warmup
        else:
            f = 0.5 * (1 + math.cos(math.pi * (e - self.warmup) / (self.total - self.warmup)))
        return [base * f for base in self.base_lrs]

class Legacy(_LRScheduler):
    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)
    def get_lr(self):
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]

torch.manual_seed(0)
x = torch.randn(32, 3, dtype=torch.float64); y = x @ torch.tensor([[1.0], [-2.0], [0.5]], dtype=torch.float64) + 0.1
model = nn.Linear(3, 1).double()
opt = MySGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-3)
print(opt)
sched = WarmupCosine(opt, warmup=3, total=10)
print(sched.get_last_lr(), sched.base_lrs, sched.last_epoch)
for i in range(10):
    def closure():
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        return loss
    loss = opt.step(closure)
    sched.step()
    print(i, round(loss.item(), 6), [round(v, 5) for v in sched.get_last_lr()])
print(opt.state_dict()["state"].keys(), opt.state_dict()["param_groups"])
sd = opt.state_dict()
opt2 = MySGD(nn.Linear(3, 1).double().parameters(), lr=0.5)
opt2.load_state_dict(sd)
print(opt2.param_groups[0]["lr"], list(opt2.state.values())[0]["momentum_buffer"].shape)
print(isinstance(sched, LRScheduler), isinstance(sched, _LRScheduler), isinstance(LambdaLR(opt, lambda e: 1.0), LRScheduler), isinstance(ReduceLROnPlateau(opt), LRScheduler))
o3 = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
leg = Legacy(o3, 0.5)
for _ in range(3):
    o3.step(); leg.step()
print(leg.get_last_lr(), leg.state_dict())
print(isinstance(opt, Optimizer), Optimizer.__name__, opt.defaults)
try:
    MySGD(model.parameters(), lr=-1)
except ValueError as e:
    print(e)
try:
    MySGD([], lr=0.1)
except ValueError as e:
    print(e)
try:
    MySGD(torch.zeros(2, requires_grad=True))
except TypeError as e:
    print(e)
class Lion(Optimizer):
    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99)):
        super().__init__(params, dict(lr=lr, betas=betas))
    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in filter(lambda p: p.grad is not None, group["params"]):
                state = self.state[p]
                if len(state) == 0:
                    state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                exp_avg = state["exp_avg"]
                b1, b2 = group["betas"]
                update = exp_avg.clone().mul_(b1).add(p.grad, alpha=1 - b1).sign_()
                p.add_(update, alpha=-group["lr"])
                exp_avg.mul_(b2).add_(p.grad, alpha=1 - b2)
m2 = nn.Linear(3, 1).double()
lo = Lion(m2.parameters(), lr=0.01)
for _ in range(5):
    lo.zero_grad(); nn.functional.mse_loss(m2(x), y).backward(); lo.step()
print(m2.weight.data.round(decimals=6), lo.state_dict()["state"][0]["exp_avg"].round(decimals=6))
print(lo)
lo.zero_grad(set_to_none=False)
print(m2.weight.grad)
hooks = []
h = opt.register_step_post_hook(lambda o, a, k: hooks.append("post"))
opt.step(); h.remove(); opt.step()
print(hooks)
loader = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(1))
for group in opt.param_groups:
    group["lr"] = 0.02
batches = iter(loader)
for i, (xb, yb) in enumerate(batches, 1):
    def closure():
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        return loss
    loss = opt.step(closure)
    print(f"batch {i}/{len(batches)} loss {loss.item():.6f}")
print(hooks)
