"""Deep Learning with PyTorch, chapter 7 (Telling birds from airplanes): a synthetic CIFAR-like
dataset of 32x32 RGB images as a list of ``(img, label)`` tuples, per-channel mean/std from
``torch.stack(..., dim=3).view(3, -1)``, a hand-written Normalize, ``label_map = {0: 0, 2: 1}``
to build ``cifar2``, a hand-written ``softmax`` vs ``nn.Softmax(dim=1)``, a fully connected
``nn.Sequential(nn.Linear(3072, 64), nn.Tanh(), nn.Linear(64, 2), nn.LogSoftmax(dim=1))`` with
``nn.NLLLoss`` trained one sample at a time then in minibatches from a ``DataLoader``, the same
with ``nn.CrossEntropyLoss`` and no LogSoftmax, validation accuracy with ``torch.max(outputs,
dim=1)``, and parameter counts (``numel`` for ``requires_grad`` params)."""
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(123)
class_names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def make_split(n):
    data = []
    for i in range(n):
        label = int(torch.randint(0, 10, (1,)))
        img = torch.rand(3, 32, 32) * 0.5
        if label == 0:  # airplanes: blue sky at the top
            img[2, :16] += 0.4
        elif label == 2:  # birds: green-brown at the bottom
            img[1, 16:] += 0.3
            img[0, 16:] += 0.2
        data.append((img, label))
    return data


cifar10 = make_split(300)
cifar10_val = make_split(80)
print(len(cifar10), type(cifar10[0]).__name__)
img, label = cifar10[99]
print(img.shape, img.dtype, label, class_names[label])
print(img.min().item() >= 0, img.max().item() <= 1)

imgs = torch.stack([img_t for img_t, _ in cifar10], dim=3)
print(imgs.shape)
mean = imgs.view(3, -1).mean(dim=1)
std = imgs.view(3, -1).std(dim=1)
print(mean.round(decimals=3), std.round(decimals=3))


def normalize(img):
    return (img - mean[:, None, None]) / std[:, None, None]


label_map = {0: 0, 2: 1}
class_names = ["airplane", "bird"]
cifar2 = [(normalize(img), label_map[label]) for img, label in cifar10 if label in [0, 2]]
cifar2_val = [(normalize(img), label_map[label]) for img, label in cifar10_val if label in [0, 2]]
print(len(cifar2), len(cifar2_val), sum(label for _, label in cifar2))


def softmax(x):
    return torch.exp(x) / torch.exp(x).sum()


x = torch.tensor([1.0, 2.0, 3.0])
print(softmax(x), softmax(x).sum())
softmax_mod = nn.Softmax(dim=1)
x = torch.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
print(softmax_mod(x))

n_out = 2
model = nn.Sequential(nn.Linear(3072, 64), nn.Tanh(), nn.Linear(64, n_out), nn.LogSoftmax(dim=1))
img, _ = cifar2[0]
img_batch = img.view(-1).unsqueeze(0)
out = model(img_batch)
print(out.shape, out.exp().sum().item() > 0.999)
_, index = torch.max(out, dim=1)
print(index.shape, index.dtype)
loss = nn.NLLLoss()
print(loss(out, torch.tensor([cifar2[0][1]])).item() > 0)

learning_rate = 1e-2
optimizer = optim.SGD(model.parameters(), lr=learning_rate)
loss_fn = nn.NLLLoss()
for epoch in range(2):
    for img, label in cifar2[:40]:
        out = model(img.view(-1).unsqueeze(0))
        loss = loss_fn(out, torch.tensor([label]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print("Epoch: %d, Loss: %.3f" % (epoch, float(loss)))

train_loader = torch.utils.data.DataLoader(cifar2, batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(3072, 128), nn.Tanh(), nn.Linear(128, 2), nn.LogSoftmax(dim=1))
optimizer = optim.SGD(model.parameters(), lr=learning_rate)
for epoch in range(6):
    for imgs, labels in train_loader:
        batch_size = imgs.shape[0]
        outputs = model(imgs.view(batch_size, -1))
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print("Epoch: %d, Loss: %.3f" % (epoch, float(loss)))


def accuracy(model, data):
    loader = torch.utils.data.DataLoader(data, batch_size=32, shuffle=False)
    correct = 0
    total = 0
    with torch.no_grad():
        for imgs, labels in loader:
            batch_size = imgs.shape[0]
            outputs = model(imgs.view(batch_size, -1))
            _, predicted = torch.max(outputs, dim=1)
            total += labels.shape[0]
            correct += int((predicted == labels).sum())
    return correct / total


print("Accuracy: train %.3f val %.3f" % (accuracy(model, cifar2), accuracy(model, cifar2_val)))

model = nn.Sequential(nn.Linear(3072, 128), nn.Tanh(), nn.Linear(128, 2))
optimizer = optim.SGD(model.parameters(), lr=learning_rate)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(6):
    for imgs, labels in train_loader:
        outputs = model(imgs.view(imgs.shape[0], -1))
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
print("CE loss %.3f, accuracy val %.3f" % (float(loss), accuracy(model, cifar2_val)))
numel_list = [p.numel() for p in model.parameters() if p.requires_grad == True]
print(sum(numel_list), numel_list)
first_model = nn.Sequential(nn.Linear(3072, 512), nn.Tanh(), nn.Linear(512, 2), nn.LogSoftmax(dim=1))
numel_list = [p.numel() for p in first_model.parameters()]
print(sum(numel_list), numel_list)
linear = nn.Linear(3072, 1024)
print(linear.weight.shape, linear.bias.shape)
try:
    first_model(torch.ones(3, 32, 32))
except RuntimeError as e:
    print("RuntimeError:", e)
