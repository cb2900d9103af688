"""A course's binary classifier on imbalanced data, as tutorials write it: logits trained with
nn.BCEWithLogitsLoss(pos_weight=...) (and with a WeightedRandomSampler instead), predictions by
torch.sigmoid(logits) > 0.5, a confusion matrix accumulated with index_put_(accumulate=True) and
another from bincount, precision / recall / F1, a ROC curve by sort and cumsum with the AUC by
torch.trapezoid, the precision-recall trade-off over thresholds, and the loss's forms
(functional, reduction='none', weight=) printed with their grad_fn."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

torch.manual_seed(21)
n_neg, n_pos = 270, 30
X = torch.cat([torch.randn(n_neg, 2) * 1.2, torch.randn(n_pos, 2) * 0.8 + torch.tensor([1.8, 1.5])])
y = torch.cat([torch.zeros(n_neg), torch.ones(n_pos)]).unsqueeze(1)
perm = torch.randperm(len(X))
X, y = X[perm], y[perm]
X_train, y_train, X_val, y_val = X[:220], y[:220], X[220:], y[220:]
print(X.shape, y.dtype, int(y_train.sum().item()), int(y_val.sum().item()))

pos_weight = (y_train == 0).sum() / (y_train == 1).sum()
print(pos_weight, pos_weight.dtype)


def make_model():
    torch.manual_seed(5)
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))


def confusion_index_put(y_true, y_pred):
    cm = torch.zeros(2, 2, dtype=torch.long)
    cm.index_put_((y_true.long(), y_pred.long()), torch.ones(len(y_true), dtype=torch.long), accumulate=True)
    return cm


def confusion_bincount(y_true, y_pred):
    return torch.bincount(2 * y_true.long() + y_pred.long(), minlength=4).view(2, 2)


def roc_curve(scores, labels):
    order = torch.argsort(scores, descending=True)
    sorted_labels = labels[order]
    tps = torch.cumsum(sorted_labels, dim=0)
    fps = torch.cumsum(1 - sorted_labels, dim=0)
    tpr = torch.cat([torch.zeros(1), tps / tps[-1]])
    fpr = torch.cat([torch.zeros(1), fps / fps[-1]])
    return fpr, tpr, scores[order]


def report(name, model):
    model.eval()
    with torch.no_grad():
        logits = model(X_val).squeeze(1)
    probs = torch.sigmoid(logits)
    preds = (probs > 0.5).long()
    labels = y_val.squeeze(1)
    cm = confusion_index_put(labels, preds)
    assert torch.equal(cm, confusion_bincount(labels, preds))
    tn, fp, fn, tp = cm.flatten().tolist()
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    fpr, tpr, thresholds = roc_curve(probs, labels)
    auc = torch.trapezoid(tpr, fpr)
    print(f"{name}: acc {(preds == labels.long()).float().mean().item():.4f} P {precision:.3f} R {recall:.3f} "
          f"F1 {f1:.3f} AUC {auc.item():.4f}")
    print(cm, cm.dtype, fpr.shape, tpr[:6], thresholds[:3])
    for t in (0.3, 0.5, 0.7):
        p = probs > t
        print(f"  threshold {t}: positives {p.sum().item():3d} recall {(p & (labels == 1)).sum().item() / labels.sum().item():.3f}")


for variant in ["plain", "pos_weight"]:
    model = make_model()
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight if variant == "pos_weight" else None)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=32, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    for epoch in range(12):
        model.train()
        total = 0.0
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        if epoch % 4 == 3:
            print(f"{variant} epoch {epoch} loss {total / len(X_train):.4f}")
    report(variant, model)

class_counts = torch.bincount(y_train.squeeze(1).long())
weights = 1.0 / class_counts.float()
sample_weights = weights[y_train.squeeze(1).long()]
sampler = WeightedRandomSampler(sample_weights, num_samples=len(sample_weights), replacement=True,
                                generator=torch.Generator().manual_seed(9))
loader = DataLoader(TensorDataset(X_train, y_train), batch_size=32, sampler=sampler)
seen = torch.cat([yb for _, yb in loader])
print(class_counts, weights, seen.mean().round(decimals=4), len(list(sampler)))
model = make_model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.BCEWithLogitsLoss()
for epoch in range(8):
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
print(f"sampler last loss {loss.item():.4f}")
report("sampler", model)

logits = torch.tensor([[2.0], [-1.0], [0.5], [-3.0]], requires_grad=True)
target = torch.tensor([[1.0], [0.0], [0.0], [1.0]])
print(nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))(logits, target))
print(F.binary_cross_entropy_with_logits(logits, target, reduction='none', pos_weight=torch.tensor([3.0])))
print(F.binary_cross_entropy_with_logits(logits, target, weight=torch.tensor([[1.0], [2.0], [1.0], [0.5]])))
print(F.binary_cross_entropy(torch.sigmoid(logits), target, reduction='sum'))
multi = torch.tensor([[1.0, -1.0, 0.0], [0.3, 0.2, -2.0]], requires_grad=True)
loss = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 4.0]))(multi, torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]))
loss.backward()
print(loss, multi.grad)
