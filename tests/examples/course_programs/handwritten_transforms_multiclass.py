"""A course's image-classification chapter without torchvision: transforms written by hand as
callable classes (ToFloat, Normalize with per-channel mean / std broadcast by view, a random
horizontal flip drawn with torch.rand and done with flip, a random vertical flip with
torch.flip, Compose), a Dataset applying them, TensorDataset / random_split with a seeded
Generator, DataLoader with a collate_fn that stacks and a drop_last=True loader, a small CNN,
CrossEntropyLoss with weight / label_smoothing / ignore_index, accuracy with max(dim=1) and
torch.argmax, per-class accuracy, and a normalisation round trip checked with allclose."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split


class ToFloat:
    def __call__(self, img):
        return img.float() / 255.0

    def __repr__(self):
        return f"{self.__class__.__name__}()"


class Normalize:
    def __init__(self, mean, std):
        self.mean = torch.as_tensor(mean).view(-1, 1, 1)
        self.std = torch.as_tensor(std).view(-1, 1, 1)

    def __call__(self, img):
        return (img - self.mean) / self.std

    def inverse(self, img):
        return img * self.std + self.mean

    def __repr__(self):
        return f"Normalize(mean={[round(m, 4) for m in self.mean.flatten().tolist()]}, std={[round(s, 4) for s in self.std.flatten().tolist()]})"


class RandomHorizontalFlip:
    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, img):
        if torch.rand(1) < self.p:
            return img.flip(-1)
        return img


class RandomVerticalFlip(RandomHorizontalFlip):
    def __call__(self, img):
        if torch.rand(1).item() < self.p:
            return torch.flip(img, dims=[-2])
        return img


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img


class ImageDataset(Dataset):
    def __init__(self, base, transform=None):
        self.base, self.transform = base, transform

    def __len__(self):
        return len(self.base)

    def __getitem__(self, i):
        img, label = self.base[i]
        return (self.transform(img) if self.transform else img), label


def make_image(kind, g):
    """An 8x8 RGB uint8 image: a bright square (0), a cross (1) or a diagonal (2) on noise."""
    img = torch.randint(0, 60, (3, 8, 8), generator=g, dtype=torch.uint8)
    r, c = torch.randint(1, 5, (2,), generator=g).tolist()
    colour = torch.randint(150, 256, (3, 1), generator=g, dtype=torch.uint8)
    if kind == 0:
        img[:, r:r + 3, c:c + 3] = colour.unsqueeze(-1)
    elif kind == 1:
        img[:, r + 1, :] = colour
        img[:, :, c + 1] = colour
    else:
        idx = torch.arange(8)
        img[:, idx, (idx + c) % 8] = colour
    return img


g = torch.Generator().manual_seed(2024)
labels = torch.randint(0, 3, (240,), generator=g)
images = torch.stack([make_image(k, g) for k in labels.tolist()])
print(images.shape, images.dtype, torch.bincount(labels))
full = TensorDataset(images, labels)
train_base, val_base, test_base = random_split(full, [0.7, 0.2, 0.1], generator=torch.Generator().manual_seed(42))
print(len(train_base), len(val_base), len(test_base), train_base.indices[:5])

train_float = torch.stack([images[i] for i in train_base.indices]).float() / 255.0
mean = train_float.mean(dim=(0, 2, 3))
std = train_float.std(dim=(0, 2, 3))
normalize = Normalize(mean.tolist(), std.tolist())
print([f"{m:.4f}" for m in mean.tolist()], std.round(decimals=4), normalize)
train_tf = Compose([ToFloat(), normalize, RandomHorizontalFlip(), RandomVerticalFlip(0.3)])
eval_tf = Compose([ToFloat(), normalize])
sample = eval_tf(images[0])
print(sample.shape, sample.dtype, torch.allclose(normalize.inverse(sample), images[0].float() / 255, atol=1e-6))


def collate(batch):
    xs, ys = zip(*batch)
    return torch.stack(xs), torch.tensor(ys)


torch.manual_seed(0)
train_loader = DataLoader(ImageDataset(train_base, train_tf), batch_size=32, shuffle=True, drop_last=True,
                          collate_fn=collate)
val_loader = DataLoader(ImageDataset(val_base, eval_tf), batch_size=64, collate_fn=collate)
print(len(train_loader), len(val_loader))
xb, yb = next(iter(train_loader))
print(xb.shape, xb.dtype, yb.dtype, yb[:8])


class SmallCNN(nn.Module):
    def __init__(self, n_classes=3):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(16, n_classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


counts = torch.bincount(labels[train_base.indices], minlength=3).float()
class_weight = counts.sum() / counts / 3
torch.manual_seed(11)
model = SmallCNN()
criterion = nn.CrossEntropyLoss(weight=class_weight, label_smoothing=0.05)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(6):
    model.train()
    running, correct, seen = 0.0, 0, 0
    for xb, yb in train_loader:
        logits = model(xb)
        loss = criterion(logits, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item() * yb.size(0)
        _, predicted = logits.max(dim=1)
        correct += (predicted == yb).sum().item()
        seen += yb.size(0)
    model.eval()
    with torch.no_grad():
        val_correct = sum((torch.argmax(model(xv), dim=1) == yv).sum().item() for xv, yv in val_loader)
    print(f"epoch {epoch + 1}: loss {running / seen:.4f} acc {correct / seen:.3f} val acc {val_correct / len(val_base):.3f}")

with torch.no_grad():
    xt, yt = collate([(eval_tf(images[i]), labels[i].item()) for i in test_base.indices])
    values, preds = model(xt).max(1)
print(values.shape, preds.dtype, [((preds == yt) & (yt == c)).sum().item() for c in range(3)], torch.bincount(yt, minlength=3))

masked = yt.clone()
masked[::3] = -1
ce = nn.CrossEntropyLoss(ignore_index=-1)
logits = model(xt)
print(ce(logits, masked).item() != ce(logits, yt).item(), f"{F.cross_entropy(logits, masked, ignore_index=-1):.5f}")
print(nn.CrossEntropyLoss(reduction='none', ignore_index=-1)(logits[:4], masked[:4]))
print(F.cross_entropy(logits[:4], masked[:4], ignore_index=-1, label_smoothing=0.1, weight=class_weight))
