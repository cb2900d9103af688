"""Chapter 3 binary classification: two moons by hand, standardisation, TensorDataset slicing,
BCEWithLogitsLoss with pos_weight, parameter groups, clipping, chained schedulers, metrics
by thresholds and a state_dict round trip through BytesIO."""
import io
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import TensorDataset, DataLoader, random_split

rng = np.random.RandomState(0)
t = rng.rand(120) * np.pi
X = np.concatenate([np.stack([np.cos(t[:60]), np.sin(t[:60])], 1),
                    np.stack([1 - np.cos(t[60:]), .5 - np.sin(t[60:])], 1)]) + .1 * rng.randn(120, 2)
y = np.r_[np.zeros(60), np.ones(60)]
mean, std = X.mean(0), X.std(0)
Xs = (X - mean) / std
torch.manual_seed(3)
xt = torch.as_tensor(Xs).float(); yt = torch.as_tensor(y).float().view(-1, 1)
ds = TensorDataset(xt, yt)
print(len(ds), [a.shape for a in ds[:5]], ds[7][1], ds.tensors[0].dtype)
tr, va = random_split(ds, [96, 24])
print(tr.indices[:6], len(va), va[0][0])
tl = DataLoader(tr, batch_size=16, shuffle=True); vl = DataLoader(va, batch_size=16)

model = nn.Sequential()
model.add_module('hidden', nn.Linear(2, 8))
model.add_module('act', nn.ReLU())
model.add_module('out', nn.Linear(8, 1))
print(model)
opt = optim.SGD([{'params': model.hidden.parameters()},
                 {'params': model.out.parameters(), 'lr': 0.05, 'momentum': 0.9}], lr=0.2, nesterov=False)
print([(g['lr'], g['momentum'], g['weight_decay']) for g in opt.param_groups])
s1 = optim.lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=4)
s2 = optim.lr_scheduler.ExponentialLR(opt, gamma=0.95)
sched = optim.lr_scheduler.ChainedScheduler([s1, s2])
loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.5]))
norms = []
for epoch in range(12):
    model.train()
    for xb, yb in tl:
        loss = loss_fn(model(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norms.append(nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0).item())
        nn.utils.clip_grad_value_(model.out.parameters(), 0.5)
        opt.step()
    sched.step()
    model.eval()
    with torch.no_grad():
        vloss = torch.stack([loss_fn(model(xb), yb) for xb, yb in vl]).mean()
    if epoch % 3 == 0:
        print(epoch, round(loss.item(), 4), round(vloss.item(), 4), [round(x, 5) for x in sched.get_last_lr()])
print(len(norms), round(max(norms), 4), round(min(norms), 4))

with torch.no_grad():
    logits = model(xt)
    probs = torch.sigmoid(logits).squeeze()
for thr in (0.3, 0.5, 0.7):
    pred = (probs >= thr).long()
    tp = ((pred == 1) & (yt.squeeze() == 1)).sum().item()
    fp = ((pred == 1) & (yt.squeeze() == 0)).sum().item()
    fn = ((pred == 0) & (yt.squeeze() == 1)).sum().item()
    cm = torch.bincount(yt.squeeze().long() * 2 + pred, minlength=4).view(2, 2)
    print(thr, tp, fp, fn, cm.tolist(), round(tp / max(tp + fp, 1), 4))
order = torch.argsort(probs, descending=True)
tpr = torch.cumsum(yt.squeeze()[order], 0) / yt.sum()
fpr = torch.cumsum(1 - yt.squeeze()[order], 0) / (1 - yt).sum()
print(round(torch.trapz(tpr, fpr).item(), 4), tpr[:5], fpr.dtype)

buf = io.BytesIO()
torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'sched': sched.state_dict()}, buf)
buf.seek(0)
ck = torch.load(buf)
print(sorted(ck), list(ck['model'].keys()), sorted(ck['opt']), ck['opt']['param_groups'][1]['params'])
print(sorted(ck['opt']['state'][2]))
m2 = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
res = m2.load_state_dict({k.replace('hidden', '0').replace('out', '2'): v for k, v in ck['model'].items()})
print(res, torch.equal(m2(xt), model(xt)))
opt2 = optim.SGD([{'params': m2[0].parameters()}, {'params': m2[2].parameters()}], lr=1.0)
opt2.load_state_dict(ck['opt'])
print([(g['lr'], g['momentum']) for g in opt2.param_groups], opt2.state[m2[2].weight]['momentum_buffer'].shape)
print(model.hidden.weight.grad is None, model.out.bias.grad)
