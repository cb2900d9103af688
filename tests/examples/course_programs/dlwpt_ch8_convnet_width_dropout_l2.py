"""Deep Learning with PyTorch, chapter 8 (Using convolutions to generalize), first half:
``nn.Conv2d(3, 16, kernel_size=3)`` on one image (weight/bias shapes, padding=1), setting a conv's
weights by hand to a box blur and an edge detector under ``torch.no_grad()``, ``nn.MaxPool2d(2)``,
a ``Net`` with ``F.max_pool2d(torch.tanh(self.conv1(x)), 2)`` and ``out.view(-1, 8 * 8 * 8)``,
parameter counts, a ``training_loop`` printing ``datetime``-free epoch losses, ``validate`` with
``torch.no_grad()``, ``torch.save(model.state_dict())`` and ``load_state_dict``, then ``NetWidth``
with ``n_chans1``, L2 weight decay added by hand (``sum(p.pow(2.0).sum() for p in
model.parameters())``), and ``NetDropout`` with ``nn.Dropout2d`` in train and eval modes."""
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(123)


def make_cifar2(n):
    data = []
    for i in range(n):
        label = int(torch.randint(0, 2, (1,)))
        img = torch.randn(3, 32, 32) * 0.8
        if label == 0:
            img[2, :12] += 1.0
        else:
            img[1, 20:, 8:24] += 1.0
        data.append((img, label))
    return data


cifar2 = make_cifar2(192)
cifar2_val = make_cifar2(64)
img, _ = cifar2[0]

conv = nn.Conv2d(3, 16, kernel_size=3)
print(conv)
print(conv.weight.shape, conv.bias.shape)
output = conv(img.unsqueeze(0))
print(img.unsqueeze(0).shape, output.shape)
conv = nn.Conv2d(3, 1, kernel_size=3, padding=1)
output = conv(img.unsqueeze(0))
print(img.unsqueeze(0).shape, output.shape)
with torch.no_grad():
    conv.bias.zero_()
with torch.no_grad():
    conv.weight.fill_(1.0 / 9.0)
output = conv(img.unsqueeze(0))
print(output[0, 0, :2, :4].round(decimals=3))
conv = nn.Conv2d(3, 1, kernel_size=3, padding=1)
with torch.no_grad():
    conv.weight[:] = torch.tensor([[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]])
    conv.bias.zero_()
output = conv(img.unsqueeze(0))
print(output.shape, output[0, 0, 0, :4].round(decimals=3))
pool = nn.MaxPool2d(2)
output = pool(img.unsqueeze(0))
print(img.unsqueeze(0).shape, output.shape)

model = nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=3, padding=1), nn.Tanh(), nn.MaxPool2d(2),
    nn.Conv2d(16, 8, kernel_size=3, padding=1), nn.Tanh(), nn.MaxPool2d(2),
    # ...
)
numel_list = [p.numel() for p in model.parameters()]
print(sum(numel_list), numel_list)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 8, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(8 * 8 * 8, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = out.view(-1, 8 * 8 * 8)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


model = Net()
print(model(img.unsqueeze(0)).shape)
numel_list = [p.numel() for p in model.parameters()]
print(sum(numel_list), numel_list)

train_loader = torch.utils.data.DataLoader(cifar2, batch_size=32, shuffle=True)
val_loader = torch.utils.data.DataLoader(cifar2_val, batch_size=32, shuffle=False)


def training_loop(n_epochs, optimizer, model, loss_fn, train_loader, l2_lambda=None):
    for epoch in range(1, n_epochs + 1):
        loss_train = 0.0
        for imgs, labels in train_loader:
            outputs = model(imgs)
            loss = loss_fn(outputs, labels)
            if l2_lambda is not None:
                l2_norm = sum(p.pow(2.0).sum() for p in model.parameters())
                loss = loss + l2_lambda * l2_norm
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_train += loss.item()
        if epoch == 1 or epoch % 2 == 0:
            print("Epoch {}, Training loss {:.3f}".format(epoch, loss_train / len(train_loader)))


def validate(model, train_loader, val_loader):
    accdict = {}
    for name, loader in [("train", train_loader), ("val", val_loader)]:
        correct = 0
        total = 0
        with torch.no_grad():
            for imgs, labels in loader:
                outputs = model(imgs)
                _, predicted = torch.max(outputs, dim=1)
                total += labels.shape[0]
                correct += int((predicted == labels).sum())
        print("Accuracy {}: {:.2f}".format(name, correct / total))
        accdict[name] = correct / total
    return accdict


model = Net()
optimizer = optim.SGD(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
training_loop(n_epochs=4, optimizer=optimizer, model=model, loss_fn=loss_fn, train_loader=train_loader)
all_acc_dict = {"baseline": validate(model, train_loader, val_loader)}

buf = io.BytesIO()
torch.save(model.state_dict(), buf)
buf.seek(0)
loaded_model = Net()
print(loaded_model.load_state_dict(torch.load(buf)))
imgs, _ = next(iter(val_loader))
print(torch.equal(loaded_model(imgs), model(imgs)))


class NetWidth(nn.Module):
    def __init__(self, n_chans1=32):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(8 * 8 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = out.view(-1, 8 * 8 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


model = NetWidth(n_chans1=16)
print(sum(p.numel() for p in model.parameters()))
optimizer = optim.SGD(model.parameters(), lr=1e-2)
training_loop(n_epochs=4, optimizer=optimizer, model=model, loss_fn=loss_fn, train_loader=train_loader, l2_lambda=0.001)
all_acc_dict["l2 reg"] = validate(model, train_loader, val_loader)


class NetDropout(nn.Module):
    def __init__(self, n_chans1=16):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv1_dropout = nn.Dropout2d(p=0.4)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv2_dropout = nn.Dropout2d(p=0.4)
        self.fc1 = nn.Linear(8 * 8 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = self.conv1_dropout(out)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = self.conv2_dropout(out)
        out = out.view(-1, 8 * 8 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


model = NetDropout()
print(model)
optimizer = optim.SGD(model.parameters(), lr=1e-2)
training_loop(n_epochs=4, optimizer=optimizer, model=model, loss_fn=loss_fn, train_loader=train_loader)
model.eval()
all_acc_dict["dropout"] = validate(model, train_loader, val_loader)
print(model.training, model.conv1_dropout.training)
model.train()
with torch.no_grad():
    a, b = model(imgs[:4]), model(imgs[:4])
print(torch.equal(a, b), a.shape)
print({k: round(v["val"], 2) for k, v in all_acc_dict.items()})
