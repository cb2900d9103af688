"""Stopping and resuming must not change training: checkpoints with the model, the optimizer and
a scheduler (CyclicLR with momentum cycling, CosineAnnealingWarmRestarts, SequentialLR,
ReduceLROnPlateau, LambdaLR per group), saved mid-run to a file, reloaded into fresh objects and
compared against an uninterrupted run; RNG state saved with them."""
import os
import tempfile
import torch
import torch.nn as nn
from torch.optim import lr_scheduler as L

X = torch.linspace(-2, 2, 32).view(-1, 1)
Y = torch.sin(2 * X) + 0.3 * X

def make(kind):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1))
    if kind == 'cyclic':
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        sch = L.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3, mode='triangular2', cycle_momentum=True)
    elif kind == 'warm':
        opt = torch.optim.Adam(model.parameters(), lr=0.02)
        sch = L.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)
    elif kind == 'sequential':
        opt = torch.optim.AdamW(model.parameters(), lr=0.02, weight_decay=0.05)
        sch = L.SequentialLR(opt, [L.LinearLR(opt, 0.1, total_iters=3), L.PolynomialLR(opt, total_iters=8, power=2.0)], milestones=[3])
    elif kind == 'plateau':
        opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, centered=True)
        sch = L.ReduceLROnPlateau(opt, factor=0.5, patience=1, threshold=0.05, cooldown=1, min_lr=1e-3)
    else:
        opt = torch.optim.SGD([{'params': model[0].parameters()}, {'params': model[2].parameters(), 'lr': 0.01}], lr=0.05, momentum=0.5)
        sch = L.LambdaLR(opt, [lambda e: 0.9 ** e, lambda e: 1.0 / (1 + e)])
    return model, opt, sch

def epoch(model, opt, sch):
    idx = torch.randperm(32)
    for b in idx.split(8):
        loss = nn.functional.mse_loss(model(X[b]), Y[b])
        opt.zero_grad(); loss.backward(); opt.step()
        if isinstance(sch, L.CyclicLR):
            sch.step()
    full = nn.functional.mse_loss(model(X), Y).item()
    if isinstance(sch, L.ReduceLROnPlateau):
        sch.step(full)
    elif not isinstance(sch, L.CyclicLR):
        sch.step()
    return full

tmp = tempfile.mkdtemp()
for kind in ('cyclic', 'warm', 'sequential', 'plateau', 'lambda'):
    torch.manual_seed(1)
    model, opt, sch = make(kind)
    torch.manual_seed(1)
    ref = [epoch(model, opt, sch) for _ in range(10)]
    ref_lr = [g['lr'] for g in opt.param_groups]
    model, opt, sch = make(kind)
    torch.manual_seed(1)
    first = [epoch(model, opt, sch) for _ in range(5)]
    path = os.path.join(tmp, f'{kind}.pt')
    torch.save({'epoch': 5, 'model': model.state_dict(), 'opt': opt.state_dict(), 'sched': sch.state_dict(),
                'rng': torch.get_rng_state(), 'losses': first}, path)
    del model, opt, sch
    ck = torch.load(path)
    model, opt, sch = make(kind)
    model.load_state_dict(ck['model']); opt.load_state_dict(ck['opt']); sch.load_state_dict(ck['sched'])
    torch.set_rng_state(ck['rng'])
    rest = [epoch(model, opt, sch) for _ in range(5)]
    same = [round(a, 6) == round(b, 6) for a, b in zip(ref, ck['losses'] + rest)]
    print(kind, all(same), [round(v, 4) for v in ref[::3]], [round(v, 6) for v in ref_lr],
          [round(g['lr'], 6) for g in opt.param_groups], ck['epoch'], type(ck['losses']).__name__)
    sd = sch.state_dict()
    print('  ', sorted(k for k in sd if not k.startswith('_')), sd.get('last_epoch'), sorted(ck['opt']['state'][0]))
    if kind == 'cyclic':
        print('  ', round(opt.param_groups[0]['momentum'], 6), sd['cycle_momentum'], sd['mode'])
    if kind == 'plateau':
        print('  ', sd['num_bad_epochs'], round(sd['best'], 5), sd['cooldown_counter'], sch.get_last_lr())
    if kind == 'sequential':
        print('  ', [type(s).__name__ for s in sch._schedulers], [s['last_epoch'] for s in sd['_schedulers']])
print(sorted(os.listdir(tmp)))
