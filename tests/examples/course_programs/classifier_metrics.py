"""A course's multi-class classifier: Gaussian blobs, an MLP with Dropout and BatchNorm1d,
CrossEntropyLoss with class weights, label smoothing and ignore_index, accuracy by argmax,
a confusion matrix from bincount, per-class precision and recall, evaluation functions under
``@torch.no_grad()`` and ``@torch.inference_mode()``, top-k accuracy, and softmax
probabilities printed with formatting."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
n_classes, n_per = 4, 60
centers = torch.tensor([[2.0, 2.0], [-2.0, 2.0], [-2.0, -2.0], [2.0, -2.0]])
X = torch.cat([centers[c] + 0.9 * torch.randn(n_per, 2) for c in range(n_classes)])
y = torch.arange(n_classes).repeat_interleave(n_per)
print(X.shape, y.shape, y.dtype, torch.bincount(y))
perm = torch.randperm(len(X))
X, y = X[perm], y[perm]
split = int(0.75 * len(X))
X_train, y_train, X_test, y_test = X[:split], y[:split], X[split:], y[split:]
mu, sigma = X_train.mean(0), X_train.std(0)
X_train, X_test = (X_train - mu) / sigma, (X_test - mu) / sigma


class MLP(nn.Module):
    def __init__(self, d_in, d_hidden, d_out, p=0.2):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, d_hidden), nn.BatchNorm1d(d_hidden), nn.ReLU(), nn.Dropout(p),
            nn.Linear(d_hidden, d_hidden), nn.LeakyReLU(0.1), nn.Linear(d_hidden, d_out))

    def forward(self, x):
        return self.net(x)


model = MLP(2, 32, n_classes)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()), "trainable:",
      sum(p.numel() for p in model.parameters() if p.requires_grad))
counts = torch.bincount(y_train, minlength=n_classes).float()
class_weights = counts.sum() / (n_classes * counts)
print(class_weights.round(decimals=3))
criterion = nn.CrossEntropyLoss(weight=class_weights, label_smoothing=0.1)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)


@torch.no_grad()
def accuracy(model, X, y):
    model.eval()
    preds = model(X).argmax(dim=1)
    return (preds == y).float().mean().item()


@torch.inference_mode()
def confusion(model, X, y):
    model.eval()
    preds = torch.argmax(model(X), 1)
    return torch.bincount(y * n_classes + preds, minlength=n_classes ** 2).reshape(n_classes, n_classes)


for epoch in range(15):
    model.train()
    order = torch.randperm(len(X_train))
    running, correct = 0.0, 0
    for i in range(0, len(order), 32):
        idx = order[i:i + 32]
        logits = model(X_train[idx])
        loss = criterion(logits, y_train[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        running += loss.item() * len(idx)
        correct += (logits.argmax(1) == y_train[idx]).sum().item()
    if epoch % 3 == 0:
        print(f"epoch {epoch:2d} loss {running / len(order):.4f} train acc {correct / len(order):.3f} "
              f"test acc {accuracy(model, X_test, y_test):.3f}")
cm = confusion(model, X_test, y_test)
print(cm, cm.dtype, cm.sum().item() == len(y_test))
tp = cm.diag().float()
precision = tp / cm.sum(0).clamp(min=1)
recall = tp / cm.sum(1).clamp(min=1)
f1 = 2 * precision * recall / (precision + recall + 1e-8)
print("precision", [f"{v:.3f}" for v in precision.tolist()], "recall", recall.round(decimals=3))
print(f"macro F1 {f1.mean():.4f}")
with torch.no_grad():
    probs = F.softmax(model(X_test[:3]), dim=-1)
    top2 = probs.topk(2, dim=1)
# (rounded: float32 probabilities sum to 1 within a unit in the last place, and which unit depends on
# the order of the additions, which differs between libraries and processors)
print(probs.sum(dim=1).round(decimals=4), top2.indices, top2.values.shape)
logits = model(X_test)
top2_acc = (logits.topk(2).indices == y_test.unsqueeze(1)).any(dim=1).float().mean()
print(f"top-2 accuracy {top2_acc.item():.3f}", logits.requires_grad, model.training)

targets = torch.tensor([0, 1, -100, 3, 2])
scores = torch.linspace(-1, 1, 20).reshape(5, 4)
for kwargs in [{}, {"ignore_index": -100}, {"reduction": "sum", "ignore_index": -100},
               {"reduction": "none", "ignore_index": -100}, {"label_smoothing": 0.2, "ignore_index": -100}]:
    try:
        print(kwargs, F.cross_entropy(scores, targets, **kwargs))
    except (IndexError, RuntimeError) as e:
        print(kwargs, type(e).__name__)
soft = torch.softmax(torch.linspace(0, 1, 20).reshape(5, 4), 1)
print(F.cross_entropy(scores, soft), nn.NLLLoss()(F.log_softmax(scores, 1), torch.tensor([0, 1, 2, 3, 0])))
print(F.cross_entropy(scores.T.unsqueeze(0), torch.tensor([[0, 1, 2, 3, 0]])))
