"""Deep Learning with PyTorch, chapter 8 (Using convolutions to generalize), second half:
``NetBatchNorm`` with ``nn.BatchNorm2d`` after each conv, ``NetDepth`` with a third conv,
``NetRes`` adding ``out1`` back (a skip connection), ``ResBlock`` with ``bias=False`` convs and
custom init (``torch.nn.init.kaiming_normal_(..., nonlinearity='relu')``, ``constant_`` on the
batch norm weight 0.5 and bias 0), ``NetResDeep`` built with ``nn.Sequential(*(n_blocks *
[ResBlock(...)]))`` (the same block repeated: its parameters shared), Adam-free SGD training with
weight decay in the optimizer, ``model.eval()`` running statistics, and the per-model accuracy
table."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(7)


def make_data(n):
    labels = torch.randint(0, 2, (n,))
    imgs = torch.randn(n, 3, 16, 16) * 0.7
    imgs[labels == 0, 2, :6] += 1.0
    imgs[labels == 1, 0, :, :6] += 1.0
    return torch.utils.data.TensorDataset(imgs, labels)


train_loader = torch.utils.data.DataLoader(make_data(128), batch_size=32, shuffle=True)
val_loader = torch.utils.data.DataLoader(make_data(64), batch_size=64, shuffle=False)


class NetBatchNorm(nn.Module):
    def __init__(self, n_chans1=8):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv1_batchnorm = nn.BatchNorm2d(num_features=n_chans1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv2_batchnorm = nn.BatchNorm2d(num_features=n_chans1 // 2)
        self.fc1 = nn.Linear(4 * 4 * n_chans1 // 2, 16)
        self.fc2 = nn.Linear(16, 2)

    def forward(self, x):
        out = self.conv1_batchnorm(self.conv1(x))
        out = F.max_pool2d(torch.tanh(out), 2)
        out = self.conv2_batchnorm(self.conv2(out))
        out = F.max_pool2d(torch.tanh(out), 2)
        out = out.view(-1, 4 * 4 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


class NetDepth(nn.Module):
    def __init__(self, n_chans1=8):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(n_chans1 // 2, n_chans1 // 2, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(2 * 2 * n_chans1 // 2, 16)
        self.fc2 = nn.Linear(16, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        out = F.max_pool2d(torch.relu(self.conv2(out)), 2)
        out = F.max_pool2d(torch.relu(self.conv3(out)), 2)
        out = out.view(-1, 2 * 2 * self.n_chans1 // 2)
        out = torch.relu(self.fc1(out))
        out = self.fc2(out)
        return out


class NetRes(nn.Module):
    def __init__(self, n_chans1=8):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(n_chans1 // 2, n_chans1 // 2, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(2 * 2 * n_chans1 // 2, 16)
        self.fc2 = nn.Linear(16, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        out = F.max_pool2d(torch.relu(self.conv2(out)), 2)
        out1 = out
        out = F.max_pool2d(torch.relu(self.conv3(out)) + out1, 2)
        out = out.view(-1, 2 * 2 * self.n_chans1 // 2)
        out = torch.relu(self.fc1(out))
        out = self.fc2(out)
        return out


class ResBlock(nn.Module):
    def __init__(self, n_chans):
        super(ResBlock, self).__init__()
        self.conv = nn.Conv2d(n_chans, n_chans, kernel_size=3, padding=1, bias=False)
        self.batch_norm = nn.BatchNorm2d(num_features=n_chans)
        torch.nn.init.kaiming_normal_(self.conv.weight, nonlinearity="relu")
        torch.nn.init.constant_(self.batch_norm.weight, 0.5)
        torch.nn.init.zeros_(self.batch_norm.bias)

    def forward(self, x):
        out = self.conv(x)
        out = self.batch_norm(out)
        out = torch.relu(out)
        return out + x


class NetResDeep(nn.Module):
    def __init__(self, n_chans1=8, n_blocks=4):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.resblocks = nn.Sequential(*(n_blocks * [ResBlock(n_chans=n_chans1)]))
        self.fc1 = nn.Linear(4 * 4 * n_chans1, 16)
        self.fc2 = nn.Linear(16, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        out = self.resblocks(out)
        out = F.max_pool2d(out, 2)
        out = out.view(-1, 4 * 4 * self.n_chans1)
        out = torch.relu(self.fc1(out))
        out = self.fc2(out)
        return out


def training_loop(n_epochs, optimizer, model, loss_fn, train_loader):
    for epoch in range(1, n_epochs + 1):
        loss_train = 0.0
        for imgs, labels in train_loader:
            outputs = model(imgs)
            loss = loss_fn(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_train += loss.item()
        if epoch == 1 or epoch == n_epochs:
            print("  Epoch {}, Training loss {:.3f}".format(epoch, loss_train / len(train_loader)))


def validate(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for imgs, labels in loader:
            _, predicted = torch.max(model(imgs), dim=1)
            correct += int((predicted == labels).sum())
    model.train()
    return correct / len(loader.dataset)


block = ResBlock(4)
print(block.batch_norm.weight, block.batch_norm.bias)
print(round(block.conv.weight.std().item(), 2), block.conv.bias)
deep = NetResDeep(n_chans1=8, n_blocks=10)
print(deep.resblocks[0] is deep.resblocks[9], len(list(deep.parameters())), sum(p.numel() for p in deep.parameters()))
print([k for k in deep.state_dict().keys()][:6], len(deep.state_dict()))

results = {}
for name, make in [("batch_norm", NetBatchNorm), ("depth", NetDepth), ("res", NetRes),
                   ("res deep", lambda: NetResDeep(n_chans1=8, n_blocks=4))]:
    torch.manual_seed(0)
    model = make()
    print(name, sum(p.numel() for p in model.parameters()))
    optimizer = optim.SGD(model.parameters(), lr=3e-2, weight_decay=1e-4)
    training_loop(n_epochs=3, optimizer=optimizer, model=model, loss_fn=nn.CrossEntropyLoss(), train_loader=train_loader)
    results[name] = validate(model, val_loader)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if bns:
        print("  running_var", bns[0].running_var[:3].round(decimals=2), bns[0].num_batches_tracked.item())
print(results)
