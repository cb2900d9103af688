"""A course's "training tricks" chapter on a small CNN deblurring regressor: an exponential
moving average of the weights kept three ways (torch._foreach_mul_ / _foreach_add_,
torch._foreach_lerp_, and Tensor.lerp_ per parameter) with BatchNorm buffers copied, AdamW with
custom betas and weight decay, warm-up then cosine decay through SequentialLR, ExponentialLR and
MultiStepLR chained with ChainedScheduler, clip_grad_value_, parameters_to_vector /
vector_to_parameters for a weight snapshot and a random-direction loss probe, and the
learning rates printed per epoch."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import clip_grad_value_, parameters_to_vector, vector_to_parameters
from torch.optim.lr_scheduler import (ChainedScheduler, CosineAnnealingLR, ExponentialLR, LinearLR,
                                      MultiStepLR, SequentialLR)

torch.manual_seed(11)
sharp = torch.rand(32, 1, 12, 12)
box = torch.full((1, 1, 3, 3), 1 / 9)
blurry = F.conv2d(sharp, box, padding=1) + 0.01 * torch.randn(32, 1, 12, 12)


def make_model():
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                         nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 3, padding=1))


model = make_model()
ema_foreach = copy.deepcopy(model).requires_grad_(False)
ema_lerp = copy.deepcopy(model).requires_grad_(False)
ema_loop = copy.deepcopy(model).requires_grad_(False)
decay = 0.9


@torch.no_grad()
def update_ema(step):
    d = min(decay, (1 + step) / (10 + step))
    model_params = list(model.parameters())
    e1 = list(ema_foreach.parameters())
    torch._foreach_mul_(e1, d)
    torch._foreach_add_(e1, model_params, alpha=1 - d)
    torch._foreach_lerp_(list(ema_lerp.parameters()), model_params, 1 - d)
    for e, p in zip(ema_loop.parameters(), model_params):
        e.lerp_(p, 1 - d)
    for ema in (ema_foreach, ema_lerp, ema_loop):
        for eb, mb in zip(ema.buffers(), model.buffers()):
            eb.copy_(mb)
    return d


opt = torch.optim.AdamW(model.parameters(), lr=3e-3, betas=(0.8, 0.99), weight_decay=0.05, eps=1e-7)
warmup = LinearLR(opt, start_factor=0.2, total_iters=3)
cosine = CosineAnnealingLR(opt, T_max=7, eta_min=1e-4)
sched = SequentialLR(opt, schedulers=[warmup, cosine], milestones=[3])
print(type(sched).__name__, sched.get_last_lr(), opt.param_groups[0]["initial_lr"])
start = parameters_to_vector(model.parameters()).clone()
print(start.shape, start.dtype, round(start.norm().item(), 4))
step = 0
for epoch in range(10):
    model.train()
    for i in range(0, 32, 8):
        loss = F.mse_loss(model(blurry[i:i + 8]) + blurry[i:i + 8], sharp[i:i + 8])
        opt.zero_grad()
        loss.backward()
        clip_grad_value_(model.parameters(), clip_value=0.05)
        assert all(p.grad.abs().max() <= 0.05 for p in model.parameters())
        opt.step()
        d = update_ema(step)
        step += 1
    sched.step()
    print(f"epoch {epoch} loss {loss.item():.5f} lr {sched.get_last_lr()[0]:.6f} ema decay {d:.4f}")

agree = [torch.allclose(a, b, atol=1e-6) and torch.allclose(a, c, atol=1e-6)
         for a, b, c in zip(ema_foreach.parameters(), ema_lerp.parameters(), ema_loop.parameters())]
print("three EMAs agree:", all(agree), len(agree))
model.eval()
ema_loop.eval()
with torch.no_grad():
    for name, net in (("model", model), ("ema", ema_loop)):
        print(name, round(F.mse_loss(net(blurry) + blurry, sharp).item(), 3))
print(ema_loop[1].running_mean.equal(model[1].running_mean), ema_loop[1].num_batches_tracked)

end = parameters_to_vector(model.parameters())
print("moved", round((end - start).norm().item(), 3), end.requires_grad, end.grad_fn is not None)
direction = torch.randn_like(end)
direction /= direction.norm()
probe = make_model()
probe.load_state_dict(model.state_dict())
probe.eval()
with torch.no_grad():
    for alpha in (-0.5, 0.0, 0.5):
        vector_to_parameters(end + alpha * direction, probe.parameters())
        print(f"alpha {alpha:+.1f}: {F.mse_loss(probe(blurry) + blurry, sharp).item():.3f}")
vector_to_parameters(start, probe.parameters())
print(torch.equal(parameters_to_vector(probe.parameters()), start), probe[0].weight.is_leaf)

opt2 = torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=1.0, momentum=0.9)
chained = ChainedScheduler([ExponentialLR(opt2, gamma=0.9), MultiStepLR(opt2, milestones=[2, 4], gamma=0.5)])
lrs = []
for _ in range(6):
    opt2.step()
    chained.step()
    lrs.append(round(opt2.param_groups[0]["lr"], 6))
print("chained", lrs, [round(v, 6) for v in chained.get_last_lr()])
print(sorted(chained.state_dict()), sorted(sched.state_dict())[:3])
