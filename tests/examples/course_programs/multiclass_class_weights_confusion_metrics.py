"""A course's multiclass classification exercise: an imbalanced three-class problem, class weights
computed from torch.unique's counts (inverse frequency, normalized), CrossEntropyLoss with
weight=, label_smoothing= and ignore_index=, reduction='none' losses, a WeightedRandomSampler
drawing balanced mini-batches, and the metrics computed with torch alone: accuracy, the confusion
matrix via bincount on (true * n + pred), per-class precision / recall / F1 with divisions by
zero guarded, macro and weighted averages, top-k accuracy with topk, and softmax probabilities."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

torch.manual_seed(0)
n_classes = 3
counts = [60, 25, 10]
xs, ys = [], []
for c, n in enumerate(counts):
    center = torch.tensor([[2.0 * c, (-1.0) ** c]])
    xs.append(center + 0.8 * torch.randn(n, 2))
    ys.append(torch.full((n,), c, dtype=torch.long))
x, y = torch.cat(xs), torch.cat(ys)
print(x.shape, y.shape, y.dtype)

classes, class_counts = torch.unique(y, return_counts=True)
print(classes, class_counts, class_counts.dtype)
weights = 1.0 / class_counts.float()
weights = weights / weights.sum()
print('class weights', weights)
sample_weights = weights[y]
print(sample_weights.shape, sample_weights.dtype, sample_weights[:3])

gen = torch.Generator()
gen.manual_seed(11)
sampler = WeightedRandomSampler(weights=sample_weights, num_samples=len(sample_weights), replacement=True,
                                generator=gen)
loader = DataLoader(TensorDataset(x, y), batch_size=19, sampler=sampler)
drawn = torch.cat([yb for _, yb in loader])
print('balanced draw', torch.bincount(drawn, minlength=n_classes).tolist(), len(loader))

torch.manual_seed(1)
model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, n_classes))
loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.05)
print(loss_fn, loss_fn.weight, loss_fn.reduction, loss_fn.ignore_index, loss_fn.label_smoothing)
optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
for epoch in range(15):
    epoch_losses = []
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_losses.append(loss.item())
    if epoch % 5 == 4:
        print(epoch, np.round(np.mean(epoch_losses), 4))

model.eval()
with torch.no_grad():
    logits = model(x)
    probs = F.softmax(logits, dim=-1)
    pred = logits.argmax(dim=1)
print(probs[:2].round(decimals=3), probs.sum(dim=1)[:2])

accuracy = (pred == y).float().mean()
print('accuracy', round(accuracy.item(), 4), (pred == y).sum(), (pred == y).sum().item() / len(y))
cm = torch.bincount(y * n_classes + pred, minlength=n_classes ** 2).reshape(n_classes, n_classes)
print(cm)
tp = cm.diag()
precision = tp / cm.sum(dim=0).clamp(min=1)
recall = tp / cm.sum(dim=1)
f1 = torch.where(precision + recall > 0, 2 * precision * recall / (precision + recall), torch.zeros(1))
print('precision', precision.round(decimals=4))
print('recall', recall.round(decimals=4))
print('f1', f1.round(decimals=4))
support = cm.sum(dim=1)
print('macro f1', round(f1.mean().item(), 4), 'weighted f1',
      round((f1 * support).sum().item() / support.sum().item(), 4))
top2 = logits.topk(2, dim=1).indices
print('top-2 accuracy', (top2 == y.unsqueeze(1)).any(dim=1).float().mean().item())

# per-sample losses, ignore_index and the effect of weights
per_sample = F.cross_entropy(logits, y, reduction='none')
print(per_sample.shape, per_sample[:4].round(decimals=4))
weighted = F.cross_entropy(logits, y, weight=weights, reduction='sum') / weights[y].sum()
print(torch.isclose(weighted, F.cross_entropy(logits, y, weight=weights)))
masked = y.clone()
masked[::4] = -100
print(round(F.cross_entropy(logits, masked).item(), 5), round(F.cross_entropy(logits[masked != -100],
                                                                              y[masked != -100]).item(), 5))
print(round(F.cross_entropy(logits, masked, weight=weights, label_smoothing=0.1).item(), 5))
masked[:] = -100
print(F.cross_entropy(logits, masked))
soft_targets = F.one_hot(y, n_classes).float() * 0.9 + 0.1 / n_classes
print(round(F.cross_entropy(logits, soft_targets).item(), 5), round(F.cross_entropy(logits, soft_targets,
                                                                                    weight=weights).item(), 5))
print(F.nll_loss(F.log_softmax(logits, 1), y, weight=weights).round(decimals=5))
try:
    F.cross_entropy(logits, y.float())
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.cross_entropy(logits, y + 1)
except IndexError as e:
    print('IndexError', e)
