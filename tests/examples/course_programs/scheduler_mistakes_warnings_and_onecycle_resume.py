"""Learning-rate scheduler mistakes a deblurring course collects, with the warnings PyTorch
raises caught and printed (category and first line): scheduler.step() before optimizer.step(),
passing an epoch to step(), get_lr() called outside step; OneCycleLR saved mid-cycle into a
checkpoint and resumed in fresh objects (cycle_momentum with Adam's betas), ChainedScheduler of
a warm-up and a decay, and the learning rates printed from param_groups and get_last_lr()."""
import io
import warnings
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim import lr_scheduler as L


def caught(fn):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter('always')
        out = fn()
    for w in got:
        print('  warn', w.category.__name__, str(w.message).splitlines()[0][:90])
    return out


torch.manual_seed(5)
x = torch.rand(8, 1, 6, 6)
target = F.avg_pool2d(F.pad(x, (1, 1, 1, 1), mode='replicate'), 3, 1)


def make():
    torch.manual_seed(1)
    net = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.Tanh(), nn.Conv2d(3, 1, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    return net, opt


def train_step(net, opt):
    loss = F.mse_loss(net(x), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


net, opt = make()
sched = L.StepLR(opt, step_size=2, gamma=0.5)
print('mistake 1: scheduler first')
caught(sched.step)
print(round(opt.param_groups[0]['lr'], 6), sched.get_last_lr(), sched.last_epoch)
train_step(net, opt)
print('mistake 2: get_lr outside step')
lrs = caught(sched.get_lr)
print([round(v, 6) for v in lrs])
print('mistake 3: epoch passed to step')
caught(lambda: sched.step(5))
print(round(opt.param_groups[0]['lr'], 8), sched.last_epoch)

net, opt = make()
one = L.OneCycleLR(opt, max_lr=0.02, total_steps=10, cycle_momentum=True, base_momentum=0.8, max_momentum=0.95)
print(opt.param_groups[0]['betas'], sorted(k for k in opt.param_groups[0] if 'lr' in k or 'momentum' in k))
history = []
for step in range(4):
    train_step(net, opt)
    one.step()
    history.append((round(one.get_last_lr()[0], 6), round(opt.param_groups[0]['betas'][0], 4)))
print(history)
buf = io.BytesIO()
torch.save({'model': net.state_dict(), 'opt': opt.state_dict(), 'sched': one.state_dict()}, buf)
sd = one.state_dict()
print(sorted(k for k in sd if not k.startswith('_') and k != 'anneal_func'), sd['total_steps'], sd['last_epoch'],
      sd['_step_count'], len(sd['_schedule_phases']))
rest_ref = []
for step in range(4):
    rest_ref.append(round(train_step(net, opt), 6))
    one.step()
ref_lr = one.get_last_lr()
buf.seek(0)
ck = torch.load(buf)
net2, opt2 = make()
one2 = L.OneCycleLR(opt2, max_lr=0.02, total_steps=10, cycle_momentum=True, base_momentum=0.8, max_momentum=0.95)
net2.load_state_dict(ck['model'])
opt2.load_state_dict(ck['opt'])
one2.load_state_dict(ck['sched'])
print(round(opt2.param_groups[0]['lr'], 6), opt2.param_groups[0]['betas'], one2.last_epoch)
rest = []
for step in range(4):
    rest.append(round(train_step(net2, opt2), 6))
    one2.step()
print(rest == rest_ref, [round(v, 8) for v in ref_lr], [round(v, 8) for v in one2.get_last_lr()])

net, opt = make()
warm = L.LinearLR(opt, start_factor=0.25, total_iters=3)
decay = L.ExponentialLR(opt, gamma=0.9)
chain = L.ChainedScheduler([warm, decay], optimizer=opt)
trace = []
for epoch in range(6):
    train_step(net, opt)
    chain.step()
    trace.append(round(opt.param_groups[0]['lr'], 8))
print(trace, [round(v, 8) for v in chain.get_last_lr()])
print(type(chain._schedulers[0]).__name__, sorted(chain.state_dict()))
try:
    L.OneCycleLR(opt, max_lr=0.1)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.OneCycleLR(opt, max_lr=0.1, total_steps=5, anneal_strategy='exp')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.OneCycleLR(opt, max_lr=0.1, epochs=2, steps_per_epoch=0)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.OneCycleLR(torch.optim.SGD(net.parameters(), lr=0.1), max_lr=0.1, total_steps=4)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    L.StepLR(opt, step_size=2, last_epoch=3)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
