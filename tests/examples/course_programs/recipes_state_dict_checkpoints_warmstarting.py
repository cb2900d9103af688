"""PyTorch's saving-and-loading recipes: "What is a state_dict" (the CIFAR ``Net``'s entries and
``optimizer.state_dict()`` printed key by key), "Saving and loading models for inference",
"Saving and loading a general checkpoint" (a dict of epoch, state dicts and loss, resumed into a new
model and optimizer), "Saving and loading multiple models in one file", and "Warmstarting a model
using parameters from a different model" with ``strict=False`` (missing and unexpected keys, and the
size mismatch that ``strict=False`` does not forgive)."""
import os
import shutil
import tempfile
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
print(net)
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# Print model's state_dict
print("Model's state_dict:")
for param_tensor in net.state_dict():
    print(param_tensor, "\t", net.state_dict()[param_tensor].size())

print()

# Print optimizer's state_dict
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name, "\t", optimizer.state_dict()[var_name])

inputs = torch.randn(4, 3, 32, 32)
labels = torch.tensor([1, 0, 3, 9])
criterion = nn.CrossEntropyLoss()
for _ in range(2):
    optimizer.zero_grad()
    loss = criterion(net(inputs), labels)
    loss.backward()
    optimizer.step()
sd = optimizer.state_dict()
print(sorted(sd["state"].keys()), list(sd["state"][0].keys()), sd["state"][9]["momentum_buffer"])
print(type(net.state_dict()).__name__, net.state_dict()["fc3.bias"].requires_grad, net.state_dict()["fc3.bias"])

tmp = tempfile.mkdtemp()
PATH = os.path.join(tmp, "state_dict_model.pt")

# Save and load for inference
torch.save(net.state_dict(), PATH)
model = Net()
print(model.load_state_dict(torch.load(PATH, weights_only=True)))
model.eval()
with torch.no_grad():
    print(torch.equal(model(inputs), net(inputs)), model(inputs[:1]))

# A general checkpoint
EPOCH = 5
LOSS = 0.4
torch.save({
            'epoch': EPOCH,
            'model_state_dict': net.state_dict(),
            'optimizer_state_dict': optimizer.state_dict(),
            'loss': LOSS,
            }, PATH)

model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

checkpoint = torch.load(PATH, weights_only=True)
print(list(checkpoint.keys()), type(checkpoint['epoch']).__name__, checkpoint['loss'])
model.load_state_dict(checkpoint['model_state_dict'])
optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
epoch = checkpoint['epoch']
loss = checkpoint['loss']
print(epoch, loss, optimizer.state_dict()['param_groups'])
print(torch.equal(optimizer.state[model.fc3.bias]['momentum_buffer'], sd["state"][9]["momentum_buffer"]))

model.train()
optimizer.zero_grad()
criterion(model(inputs), labels).backward()
optimizer.step()
print(f"{criterion(model(inputs), labels).item():.4f}", model.fc3.bias)

# Multiple models in one file
netA = Net()
netB = Net()
optimizerA = optim.SGD(netA.parameters(), lr=0.001, momentum=0.9)
optimizerB = optim.SGD(netB.parameters(), lr=0.001, momentum=0.9)
torch.save({
            'modelA_state_dict': netA.state_dict(),
            'modelB_state_dict': netB.state_dict(),
            'optimizerA_state_dict': optimizerA.state_dict(),
            'optimizerB_state_dict': optimizerB.state_dict(),
            }, PATH)
modelA = Net()
modelB = Net()
optimModelA = optim.SGD(modelA.parameters(), lr=0.001, momentum=0.9)
optimModelB = optim.SGD(modelB.parameters(), lr=0.001, momentum=0.9)
checkpoint = torch.load(PATH, weights_only=True)
print(modelA.load_state_dict(checkpoint['modelA_state_dict']))
print(modelB.load_state_dict(checkpoint['modelB_state_dict']))
optimModelA.load_state_dict(checkpoint['optimizerA_state_dict'])
optimModelB.load_state_dict(checkpoint['optimizerB_state_dict'])
modelA.eval()
modelB.train()
print(torch.equal(modelA.conv1.weight, netA.conv1.weight), torch.equal(modelB.conv1.weight, netA.conv1.weight))
print(checkpoint['optimizerB_state_dict'])

# Warmstarting
class NetA(nn.Module):
    def __init__(self):
        super(NetA, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

netA = NetA()

class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.head = nn.Linear(84, 2)
        self.bn = nn.BatchNorm1d(84)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.bn(self.fc2(x)))
        return self.head(x)

netB = NetB()
torch.save(netA.state_dict(), PATH)
result = netB.load_state_dict(torch.load(PATH, weights_only=True), strict=False)
print(result)
print(result.missing_keys, result.unexpected_keys, type(result).__name__)
print(torch.equal(netB.fc2.weight, netA.fc2.weight), netB(inputs).shape)
try:
    netB.load_state_dict(torch.load(PATH, weights_only=True))
except RuntimeError as e:
    print("RuntimeError:", e)

class NetC(NetA):
    def __init__(self):
        super().__init__()
        self.fc3 = nn.Linear(84, 2)

netC = NetC()
try:
    netC.load_state_dict(torch.load(PATH, weights_only=True), strict=False)
except RuntimeError as e:
    print("RuntimeError:", e)
state = {k: v for k, v in torch.load(PATH, weights_only=True).items() if not k.startswith("fc3")}
print(netC.load_state_dict(state, strict=False))
with torch.no_grad():
    netC.fc3.weight.copy_(netA.fc3.weight[:2])
print(torch.equal(netC.fc3.weight, netA.fc3.weight[:2]), netC.fc3.weight.requires_grad)
shutil.rmtree(tmp)
