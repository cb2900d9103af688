"""Saving an optimizer's state dict mid-training into a BytesIO buffer and resuming: the state
dict's layout printed (param_groups keys, state per index, step as a tensor), loading into an
optimizer built with another learning rate, CosineAnnealingWarmRestarts stepped with fractional
epochs as its docs show, ReduceLROnPlateau in mode='max' on a PSNR with threshold_mode='abs',
and the learning rates printed before and after the reload."""
import io
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim import lr_scheduler as L

torch.manual_seed(11)
x = torch.rand(16, 1, 6, 6)
blur = F.avg_pool2d(F.pad(x, (1, 1, 1, 1), mode='replicate'), 3, stride=1)


def make_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 1, 3, padding=1))


def psnr(a, b):
    return (10 * torch.log10(1.0 / F.mse_loss(a, b))).item()


model = make_model()
opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=1e-4)
warm = L.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=1e-4)
iters = 4
trace = []
for epoch in range(3):
    for i in range(iters):
        loss = F.mse_loss(blur + model(blur), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        warm.step(epoch + i / iters)
        trace.append(round(opt.param_groups[0]['lr'], 6))
print(trace)
print(warm.T_cur, warm.T_i, warm.last_epoch, round(warm.get_last_lr()[0], 8))
try:
    warm.step(-1)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=1.5)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

sd = opt.state_dict()
print(sorted(sd), sorted(sd['param_groups'][0]), sd['param_groups'][0]['params'])
print(sorted(sd['state']), sorted(sd['state'][0]), sd['state'][0]['step'], sd['state'][0]['step'].dtype,
      sd['state'][3]['exp_avg'].shape)
buf = io.BytesIO()
torch.save({'model': model.state_dict(), 'opt': sd, 'sched': warm.state_dict(), 'epoch': 3}, buf)
size_ok = buf.tell() > 1000
buf.seek(0)
ck = torch.load(buf, weights_only=True)
print(size_ok, sorted(ck), ck['epoch'], sorted(ck['sched'])[:4])

model2 = make_model()
model2.load_state_dict(ck['model'])
opt2 = torch.optim.Adam(model2.parameters(), lr=0.5)
print(opt2.param_groups[0]['lr'], len(opt2.state))
opt2.load_state_dict(ck['opt'])
print(round(opt2.param_groups[0]['lr'], 8), opt2.param_groups[0]['betas'], len(opt2.state),
      opt2.state[model2[0].weight]['step'], torch.equal(opt2.state[model2[2].bias]['exp_avg_sq'], opt.state[model[2].bias]['exp_avg_sq']))
warm2 = L.CosineAnnealingWarmRestarts(opt2, T_0=2, T_mult=2, eta_min=1e-4)
warm2.load_state_dict(ck['sched'])
print(warm2.T_cur, warm2.T_i, round(warm2.get_last_lr()[0], 8), warm2.base_lrs)
for i in range(2):
    for o, m in ((opt, model), (opt2, model2)):
        loss = F.mse_loss(blur + m(blur), x)
        o.zero_grad()
        loss.backward()
        o.step()
    warm.step(3 + i / 2)
    warm2.step(3 + i / 2)
print(all(torch.equal(a, b) for a, b in zip(model.parameters(), model2.parameters())), round(opt2.param_groups[0]['lr'], 8))

bad = {'state': {}, 'param_groups': [dict(sd['param_groups'][0], params=[0, 1])]}
try:
    opt2.load_state_dict(bad)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

opt3 = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
plateau = L.ReduceLROnPlateau(opt3, mode='max', factor=0.3, patience=0, threshold=0.5, threshold_mode='abs', min_lr=0.005)
history = []
for epoch in range(8):
    loss = F.mse_loss(blur + model(blur), x)
    opt3.zero_grad()
    loss.backward()
    opt3.step()
    score = psnr(blur + model(blur).detach(), x) if epoch < 3 else 20.0
    plateau.step(score)
    history.append((round(opt3.param_groups[0]['lr'], 6), plateau.num_bad_epochs))
print(history)
print(round(plateau.best, 4), plateau.mode, plateau.threshold_mode, plateau.get_last_lr(), plateau.last_epoch)
psd = plateau.state_dict()
print(sorted(k for k in psd if k != 'optimizer'))
try:
    L.ReduceLROnPlateau(opt3, mode='maximum')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.ReduceLROnPlateau(opt3, factor=1.0)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.ReduceLROnPlateau(opt3, min_lr=[0.1, 0.2])
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(math.isclose(trace[0], 1e-4 + (0.01 - 1e-4) * (1 + math.cos(math.pi * 0.25 / 2)) / 2))
