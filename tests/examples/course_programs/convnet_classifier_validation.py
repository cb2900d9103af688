"""A course's first convolutional classifier on synthetic images (bars, crosses, squares and
rings drawn with torch ops): Conv2d / BatchNorm2d / MaxPool2d / Dropout2d feature blocks, an
AdaptiveAvgPool2d head, model.train() / model.eval() switches with the effect on BatchNorm and
dropout shown, validation under torch.no_grad() with accuracy by argmax, a per-class accuracy
table, the best model's state_dict kept with copy.deepcopy, early stopping with patience, and
the prediction of one batch printed with softmax probabilities and topk."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)
SIZE = 12
yy, xx = torch.meshgrid(torch.arange(SIZE), torch.arange(SIZE), indexing="ij")


def draw(label, shift):
    cy, cx = 6 + shift[0], 6 + shift[1]
    if label == 0:
        img = ((xx - cx).abs() <= 1).float()
    elif label == 1:
        img = (((xx - cx).abs() <= 0) | ((yy - cy).abs() <= 0)).float()
    elif label == 2:
        img = (((xx - cx).abs() <= 2) & ((yy - cy).abs() <= 2)).float()
    else:
        r = ((xx - cx) ** 2 + (yy - cy) ** 2).float().sqrt()
        img = ((r > 2) & (r < 4)).float()
    return img


labels = torch.randint(0, 4, (240,))
shifts = torch.randint(-2, 3, (240, 2))
images = torch.stack([draw(int(l), s.tolist()) for l, s in zip(labels, shifts)]).unsqueeze(1)
images = images + 0.3 * torch.randn_like(images)
print(images.shape, images.dtype, labels.bincount().tolist(), round(images.mean().item(), 4))
mean, std = images.mean(), images.std()
images = (images - mean) / std

full = TensorDataset(images, labels)
train_set, val_set = random_split(full, [180, 60], generator=torch.Generator().manual_seed(1))
train_loader = DataLoader(train_set, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(2))
val_loader = DataLoader(val_set, batch_size=64)
print(len(train_set), len(val_set), len(train_loader), len(val_loader))


class SmallCNN(nn.Module):
    def __init__(self, n_classes=4):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, kernel_size=3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
            nn.Dropout2d(0.2),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(16, n_classes))

    def forward(self, x):
        return self.classifier(self.pool(self.features(x)))


model = SmallCNN()
print(model)
print(sum(p.numel() for p in model.parameters()), sum(p.numel() for p in model.parameters() if p.requires_grad))
print([name for name, _ in model.named_buffers()][:3], model.features[1].momentum, model.features[1].eps)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def evaluate(loader):
    model.eval()
    correct, total, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            loss_sum += criterion(logits, yb).item() * len(yb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
            total += yb.size(0)
    return loss_sum / total, correct / total


best_acc, best_state, patience, bad_epochs = 0.0, None, 2, 0
for epoch in range(6):
    model.train()
    running = 0.0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * xb.size(0)
    val_loss, val_acc = evaluate(val_loader)
    print(f"epoch {epoch}: train {running / len(train_set):.3f} val {val_loss:.3f} acc {val_acc:.3f}")
    if val_acc > best_acc:
        best_acc, best_state, bad_epochs = val_acc, copy.deepcopy(model.state_dict()), 0
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print("early stop at", epoch)
            break

print(round(best_acc, 3), model.training, model.features[1].num_batches_tracked.item())
print(round(model.features[1].running_mean.abs().sum().item(), 3), round(model.features[1].running_var.mean().item(), 3))
model.load_state_dict(best_state)
print(evaluate(val_loader)[1] == best_acc)

xb, yb = next(iter(val_loader))
model.train()
with torch.no_grad():
    a, b = model(xb[:4]), model(xb[:4])
print("train-mode outputs differ:", not torch.equal(a, b))
model.eval()
with torch.no_grad():
    a, b = model(xb[:4]), model(xb[:4])
print("eval-mode outputs equal:", torch.equal(a, b), a.requires_grad)
probs = F.softmax(a, dim=1)
top_p, top_i = probs.topk(2, dim=1)
print(probs.sum(dim=1).allclose(torch.ones(4)), top_i.tolist(), yb[:4].tolist())
print(torch.round(top_p, decimals=2))

confusion = torch.zeros(4, 4, dtype=torch.long)
with torch.no_grad():
    preds = torch.cat([model(x).argmax(1) for x, _ in val_loader])
targets = torch.cat([y for _, y in val_loader])
for t, p in zip(targets, preds):
    confusion[t, p] += 1
print(confusion)
per_class = confusion.diag().float() / confusion.sum(1).clamp(min=1)
print([f"{v:.2f}" for v in per_class.tolist()], confusion.sum().item(), confusion.dtype)
