"""A course's batch-augmentation chapter done on tensors: random horizontal / vertical flips per
sample chosen by torch.rand masks and torch.where, rot90 by a random k, random crops after
reflect padding (offsets from torch.randint), per-channel brightness / contrast jitter, Gaussian
noise and cutout masks, then mixup with a lambda from torch.distributions.Beta and a torch.randperm
partner, CutMix boxes, soft-target cross-entropy, and a small CNN trained on the augmented
batches with the per-epoch augmentation statistics printed."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Beta, Uniform

torch.manual_seed(77)
N, C, H, W = 32, 3, 8, 8
labels = torch.randint(0, 4, (N,))
base = torch.zeros(N, C, H, W)
for i, lab in enumerate(labels.tolist()):
    base[i, lab % 3, 2:6, 2:6] = 1.0
    if lab == 3:
        base[i, :, 3:5, :] = 0.5
images = (base + 0.05 * torch.randn_like(base)).clamp(0, 1)


def random_flip(x, p=0.5):
    flip_h = torch.rand(x.shape[0]) < p
    flip_v = torch.rand(x.shape[0]) < p
    x = torch.where(flip_h[:, None, None, None], x.flip(-1), x)
    x = torch.where(flip_v.view(-1, 1, 1, 1), torch.flip(x, dims=(2,)), x)
    return x, flip_h.sum().item(), flip_v.sum().item()


def random_rot90(x):
    ks = torch.randint(0, 4, (x.shape[0],))
    return torch.stack([torch.rot90(img, int(k), dims=(1, 2)) for img, k in zip(x, ks)]), torch.bincount(ks, minlength=4)


def random_crop(x, pad=2):
    padded = F.pad(x, (pad, pad, pad, pad), mode="reflect")
    tops = torch.randint(0, 2 * pad + 1, (x.shape[0],))
    lefts = torch.randint(0, 2 * pad + 1, (x.shape[0],))
    return torch.stack([p[:, t:t + H, l:l + W] for p, t, l in zip(padded, tops.tolist(), lefts.tolist())])


def color_jitter(x, brightness=0.2, contrast=0.2):
    b = Uniform(1 - brightness, 1 + brightness).sample((x.shape[0], 1, 1, 1))
    c = 1 + contrast * (2 * torch.rand(x.shape[0], x.shape[1], 1, 1) - 1)
    mean = x.mean(dim=(2, 3), keepdim=True)
    return ((x - mean) * c + mean) * b


def cutout(x, size=3):
    ys = torch.randint(0, H - size + 1, (x.shape[0],))
    xs = torch.randint(0, W - size + 1, (x.shape[0],))
    rows = torch.arange(H).view(1, H, 1)
    cols = torch.arange(W).view(1, 1, W)
    inside = ((rows >= ys.view(-1, 1, 1)) & (rows < ys.view(-1, 1, 1) + size)
              & (cols >= xs.view(-1, 1, 1)) & (cols < xs.view(-1, 1, 1) + size))
    return x.masked_fill(inside.unsqueeze(1), 0.0), inside.sum().item()


def mixup(x, y, n_classes=4, alpha=0.4):
    lam = Beta(torch.tensor(alpha), torch.tensor(alpha)).sample()
    index = torch.randperm(x.shape[0])
    y1 = F.one_hot(y, n_classes).float()
    return lam * x + (1 - lam) * x[index], lam * y1 + (1 - lam) * y1[index], lam


def cutmix(x, y, n_classes=4, alpha=1.0):
    lam = Beta(alpha, alpha).sample().item()
    index = torch.randperm(x.shape[0])
    cut = int(H * (1 - lam) ** 0.5)
    cy, cx = torch.randint(0, H, (2,)).tolist()
    y0, y1_, x0, x1 = max(cy - cut // 2, 0), min(cy + cut // 2, H), max(cx - cut // 2, 0), min(cx + cut // 2, W)
    mixed = x.clone()
    mixed[:, :, y0:y1_, x0:x1] = x[index, :, y0:y1_, x0:x1]
    lam = 1 - (y1_ - y0) * (x1 - x0) / (H * W)
    onehot = F.one_hot(y, n_classes).float()
    return mixed, lam * onehot + (1 - lam) * onehot[index], lam


def soft_cross_entropy(logits, soft_targets):
    return torch.sum(-soft_targets * F.log_softmax(logits, dim=1), dim=1).mean()


torch.manual_seed(1)
x, nh, nv = random_flip(images)
print("flips", nh, nv, x.shape, torch.equal(x[0], images[0]) or torch.equal(x[0], images[0].flip(-1)) or True)
x, counts = random_rot90(x)
print("rot90 counts", counts.tolist(), torch.rot90(torch.arange(4).view(1, 2, 2), 1, (1, 2)).tolist())
x = random_crop(x)
print("crop", x.shape, round(x.mean().item(), 4))
x = color_jitter(x)
print("jitter", round(x.mean().item(), 4), round(x.std().item(), 4))
x, n_cut = cutout(x)
print("cutout pixels", n_cut)
mixed, soft, lam = mixup(x, labels)
print("mixup", f"{lam.item():.4f}", soft[:2], soft.sum(dim=1).allclose(torch.ones(N)))
mixed2, soft2, lam2 = cutmix(x, labels)
print("cutmix", f"{lam2:.4f}", soft2[:2])
print(Beta(torch.tensor([0.5, 2.0]), torch.tensor([0.5, 2.0])).sample((3,)), Uniform(0.0, 2.0).sample((2,)))

torch.manual_seed(5)
model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 8, 3, padding=1),
                      nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4))
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(6):
    model.train()
    xb, _, _ = random_flip(images)
    xb = color_jitter(random_crop(xb))
    if epoch % 2 == 0:
        xb, targets, lam = mixup(xb, labels)
    else:
        xb, targets, lam = cutmix(xb, labels)
    loss = soft_cross_entropy(model(xb), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = (model(images).argmax(1) == labels).float().mean().item()
    print(f"epoch {epoch} lam {float(lam):.3f} loss {loss.item():.4f} clean acc {acc:.3f}")
print(F.cross_entropy(model(images), F.one_hot(labels, 4).float() * 0.9 + 0.025), F.cross_entropy(model(images), labels, label_smoothing=0.1))
