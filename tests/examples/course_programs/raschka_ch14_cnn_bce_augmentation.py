"""Raschka, "Machine Learning with PyTorch and Scikit-Learn", ch14: a CNN with ``nn.Conv2d``
(padding 2), ``nn.MaxPool2d``, ``nn.Dropout`` and ``nn.Flatten`` built by ``add_module`` on
synthetic 28x28 "digit" images, output-shape probing with ``torch.ones``, a smile/no-smile style
binary head trained with ``BCEWithLogitsLoss`` (and ``BCELoss`` on sigmoids for comparison), and
data augmentation written with tensor ops: horizontal flips, random crops, brightness/contrast
jitter and resize with ``F.interpolate``."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
n = 48
labels = torch.randint(0, 2, (n,))
yy, xx = torch.meshgrid(torch.arange(28.), torch.arange(28.), indexing='ij')
ring = (((yy - 14) ** 2 + (xx - 14) ** 2).sqrt() - 8).abs() < 2
bar = (xx - 14).abs() < 2
images = torch.where(labels[:, None, None] == 1, ring.float(), bar.float())[:, None]
images = images + 0.2 * torch.rand(n, 1, 28, 28)
print(images.shape, images.dtype, labels[:12], images.mean().round(decimals=4))

model = nn.Sequential()
model.add_module('conv1', nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2))
model.add_module('relu1', nn.ReLU())
model.add_module('pool1', nn.MaxPool2d(kernel_size=2))
model.add_module('conv2', nn.Conv2d(in_channels=8, out_channels=16, kernel_size=5, padding=2))
model.add_module('relu2', nn.ReLU())
model.add_module('pool2', nn.MaxPool2d(kernel_size=2))
x = torch.ones((4, 1, 28, 28))
print(model(x).shape)
model.add_module('flatten', nn.Flatten())
print(model(x).shape)
model.add_module('fc1', nn.Linear(784, 32))
model.add_module('relu3', nn.ReLU())
model.add_module('dropout', nn.Dropout(p=0.5))
model.add_module('fc2', nn.Linear(32, 1))
print(model)
print(sum(p.numel() for p in model.parameters()))

I = torch.tensor([[0.8, 0.1], [0.3, 0.9]])
logits = torch.tensor([[0.2], [-1.5]])
target = torch.tensor([[1.0], [0.0]])
print(f'BCE (w Probas) {nn.BCELoss()(torch.sigmoid(logits), target):.4f}')
print(f'BCE (w Logits) {nn.BCEWithLogitsLoss()(logits, target):.4f}')
print(F.binary_cross_entropy_with_logits(logits, target, reduction='none'))
print(F.binary_cross_entropy_with_logits(logits, target, pos_weight=torch.tensor([2.0])))
print(nn.CrossEntropyLoss()(I, torch.tensor([0, 1])), nn.NLLLoss()(torch.log_softmax(I, 1), torch.tensor([0, 1])))

def augment(img, gen):
    """Random horizontal flip, 24x24 crop resized back to 28x28, brightness and contrast."""
    if torch.rand(1, generator=gen).item() < 0.5:
        img = torch.flip(img, dims=[-1])
    top, left = torch.randint(0, 5, (2,), generator=gen).tolist()
    img = img[..., top:top + 24, left:left + 24]
    img = F.interpolate(img[None], size=(28, 28), mode='bilinear', align_corners=False)[0]
    b = (torch.rand(1, generator=gen) - 0.5) * 0.4
    c = 1 + (torch.rand(1, generator=gen) - 0.5) * 0.4
    mean = img.mean()
    return ((img - mean) * c + mean + b).clamp(0, 1)

gen = torch.Generator().manual_seed(3)
aug = torch.stack([augment(images[i], gen) for i in range(6)])
print(aug.shape, aug.sum(dim=(1, 2, 3)).round(decimals=2))
print(torch.fliplr(torch.arange(6).view(2, 3)), torch.flipud(torch.arange(6).view(2, 3)))
print(torch.rot90(torch.arange(4).view(2, 2)), images[0, 0, 12:15, 12:15].round(decimals=3))
print(F.interpolate(torch.arange(4.).view(1, 1, 2, 2), scale_factor=2, mode='nearest')[0, 0])

train_dl = DataLoader(TensorDataset(images[:32], labels[:32].float()), batch_size=8, shuffle=True)
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(6):
    model.train()
    loss_sum, correct = 0.0, 0
    for x_batch, y_batch in train_dl:
        x_batch = torch.stack([augment(im, gen) for im in x_batch])
        pred = model(x_batch)[:, 0]
        loss = loss_fn(pred, y_batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss_sum += loss.item() * y_batch.size(0)
        correct += ((pred >= 0.5).float() == y_batch).float().sum().item()
    model.eval()
    with torch.no_grad():
        pred = model(images[32:])[:, 0]
        valid_acc = ((torch.sigmoid(pred) >= 0.5).float() == labels[32:]).float().mean()
    # rounded: float32 convolution sums
    print(f'Epoch {epoch + 1} train loss {loss_sum / 32:.3f} acc {correct / 32:.3f} valid acc {valid_acc:.3f}')
print(model.training, model.dropout.training)
probas = torch.sigmoid(model(images[32:40])[:, 0])
print(probas.detach().round(decimals=2))
