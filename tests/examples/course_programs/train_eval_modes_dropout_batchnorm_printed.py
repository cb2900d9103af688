"""A course's cell-by-cell look at what model.train() and model.eval() change: Dropout's mask and
its 1/(1-p) scaling under manual_seed, Dropout(p=0) and p=1, Dropout2d zeroing whole channels,
functional dropout with training=, BatchNorm1d/2d's batch statistics versus running statistics,
running_var's unbiased update, momentum=None (a cumulative average), track_running_stats=False,
affine=False, num_batches_tracked, the training flags of every submodule, a module's train(False),
and reset_running_stats."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(17)
drop = nn.Dropout(p=0.5)
x = torch.ones(2, 8)
print(drop.training, drop)
print(drop(x))
drop.eval()
print(drop.training, torch.equal(drop(x), x))
print(nn.Dropout(p=0.0)(x).sum(), nn.Dropout(p=1.0)(x).sum())
print(F.dropout(x, p=0.25, training=False).sum(), F.dropout(x, p=0.25).shape)
torch.manual_seed(2)
print(F.dropout(torch.arange(1., 9.), p=0.25))
d2 = nn.Dropout2d(p=0.5)
torch.manual_seed(5)
out = d2(torch.ones(2, 4, 2, 2))
print(out[:, :, 0, 0], out.sum(dim=(2, 3)))
try:
    nn.Dropout(p=1.5)
except ValueError as e:
    print('ValueError', e)

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
print(bn, bn.momentum, bn.eps, bn.affine, bn.track_running_stats)
print(sorted(bn.state_dict().keys()), bn.num_batches_tracked, bn.num_batches_tracked.dtype)
batch = torch.randn(6, 3) * torch.tensor([1.0, 2.0, 4.0]) + torch.tensor([0.0, 1.0, -3.0])
y = bn(batch)
print(y.mean(dim=0).abs().max() < 1e-6, y.var(dim=0, unbiased=False).round(decimals=3))
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
print(torch.allclose(bn.running_var, 0.9 + 0.1 * batch.var(dim=0)))
bn.eval()
y_eval = bn(batch)
print(y_eval.round(decimals=3)[:2])
print(torch.allclose(y_eval, (batch - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)))
bn.train()
for _ in range(3):
    bn(batch)
print(bn.num_batches_tracked.item(), bn.running_mean.round(decimals=4))
bn.reset_running_stats()
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)

cumulative = nn.BatchNorm1d(3, momentum=None)
for scale in (1.0, 2.0, 3.0):
    cumulative(batch * scale)
print('cumulative', cumulative.running_mean.round(decimals=4), torch.allclose(cumulative.running_mean,
                                                                              batch.mean(0) * 2.0))
nostats = nn.BatchNorm1d(3, track_running_stats=False)
print(nostats, nostats.running_mean, list(nostats.state_dict().keys()))
nostats.eval()
print(torch.allclose(nostats(batch), F.batch_norm(batch, None, None, training=True)))
noaffine = nn.BatchNorm1d(3, affine=False)
print(noaffine.weight, list(noaffine.state_dict().keys()), len(list(noaffine.parameters())))

bn2 = nn.BatchNorm2d(2)
img = torch.arange(16.).reshape(2, 2, 2, 2)
print(bn2(img).round(decimals=4)[0])
print(bn2.running_mean, bn2.running_var)
try:
    bn(torch.randn(1, 3))
except ValueError as e:
    print('ValueError', e)
bn.eval()
print(bn(torch.randn(1, 3)).shape)
try:
    bn2(torch.randn(2, 3, 2, 2))
except RuntimeError as e:
    print('RuntimeError', str(e)[:60])

model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dropout(0.3), nn.Linear(4, 1))
print([m.training for m in model.modules()])
model.eval()
print([m.training for m in model.modules()])
model.train()
model[3].eval()
print([m.training for m in model.modules()], model.training)
print(model.train(False) is model, model.training, model[1].training)
torch.manual_seed(4)
model.train()
a = model(batch)
torch.manual_seed(4)
b = model(batch)
print(torch.equal(a, b), a.grad_fn.name())
model.eval()
with torch.no_grad():
    print(torch.equal(model(batch), model(batch)), model(batch).requires_grad)
