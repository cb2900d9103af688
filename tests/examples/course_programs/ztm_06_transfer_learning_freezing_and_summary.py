"""Zero to Mastery "Learn PyTorch", 06 transfer learning: a small EfficientNet-shaped model
(``features`` of Conv-BatchNorm-SiLU blocks with squeeze-excitation, ``avgpool``, a ``classifier``
with ``Dropout(inplace=True)``) "pretrained" for a few steps, its weights loaded into a fresh one,
a torchinfo-like summary by hand from forward hooks, the features frozen with
``param.requires_grad = False`` and the head replaced, ``random_split`` by fractions with a
generator, training only the head (frozen weights keep no gradient and stay equal), BatchNorm
layers put in eval mode, and ``Sequential`` surgery (``del``, ``insert``, ``append``, slices)."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

class ConvBNAct(nn.Sequential):
    def __init__(self, cin, cout, stride=1):
        super().__init__(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01), nn.SiLU(inplace=True))

class SqueezeExcitation(nn.Module):
    def __init__(self, c, s):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(c, s, 1)
        self.fc2 = nn.Conv2d(s, c, 1)
        self.activation = nn.SiLU()
        self.scale_activation = nn.Sigmoid()
    def forward(self, x):
        scale = self.scale_activation(self.fc2(self.activation(self.fc1(self.avgpool(x)))))
        return scale * x

class MBConv(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.block = nn.Sequential(ConvBNAct(c, c), SqueezeExcitation(c, max(1, c // 4)))
    def forward(self, x):
        return x + self.block(x)

class TinyEffNet(nn.Module):
    def __init__(self, num_classes=1000):
        super().__init__()
        self.features = nn.Sequential(ConvBNAct(3, 8, 2), nn.Sequential(MBConv(8), MBConv(8)), ConvBNAct(8, 16, 2))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(p=0.2, inplace=True), nn.Linear(16, num_classes))
    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)

torch.manual_seed(0)
pretrained = TinyEffNet(num_classes=10)
# "pretraining": a few steps on random data
opt = torch.optim.SGD(pretrained.parameters(), lr=0.05, momentum=0.9)
for _ in range(3):
    x = torch.randn(8, 3, 16, 16); y = torch.randint(0, 10, (8,))
    loss = nn.functional.cross_entropy(pretrained(x), y)
    opt.zero_grad(); loss.backward(); opt.step()
weights = pretrained.state_dict()
print(list(weights.keys())[:8], len(weights))
print(weights["features.0.1.num_batches_tracked"], weights["features.0.1.running_mean"][:3])

model = TinyEffNet(num_classes=10)
model.load_state_dict(weights)
print(model)

def summary(model, input_size, col_names=("input_size", "output_size", "num_params", "trainable")):
    rows = []
    hooks = []
    def hook(mod, inp, out):
        n = sum(p.numel() for p in mod.parameters(recurse=False))
        tr = any(p.requires_grad for p in mod.parameters(recurse=False)) if n else "--"
        rows.append((type(mod).__name__, list(inp[0].shape), list(out.shape), n, tr))
    for m in model.modules():
        hooks.append(m.register_forward_hook(hook))
    model.eval()
    with torch.no_grad():
        model(torch.randn(*input_size))
    for h in hooks:
        h.remove()
    for r in rows:
        print(f"{r[0]:<20}{str(r[1]):<18}{str(r[2]):<18}{r[3]:<8}{r[4]}")
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"Total params: {total:,}\nTrainable params: {trainable:,}\nNon-trainable params: {total - trainable:,}")

summary(model, (32, 3, 16, 16))
for param in model.features.parameters():
    param.requires_grad = False
torch.manual_seed(42)
torch.cuda.manual_seed(42)
class_names = ["pizza", "steak", "sushi"]
output_shape = len(class_names)
model.classifier = torch.nn.Sequential(
    torch.nn.Dropout(p=0.2, inplace=True),
    torch.nn.Linear(in_features=16, out_features=output_shape, bias=True))
summary(model, (32, 3, 16, 16))
print([n for n, p in model.named_parameters() if p.requires_grad])
print(model.features[0][0].weight.requires_grad, model.features[0][0].weight.grad)
print(model.classifier[1].weight.shape, model.classifier[1].weight.requires_grad)
torch.manual_seed(1)
X = torch.randn(60, 3, 16, 16)
y = (X[:, 0].mean(dim=(1, 2)) > 0).long() + (X[:, 1].mean(dim=(1, 2)) > 0).long()
ds = TensorDataset(X, y)
train_ds, test_ds = random_split(ds, [0.75, 0.25], generator=torch.Generator().manual_seed(42))
print(len(train_ds), len(test_ds), train_ds.indices[:5])
train_dl = DataLoader(train_ds, batch_size=15, shuffle=True, generator=torch.Generator().manual_seed(0))
test_dl = DataLoader(test_ds, batch_size=15)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
print(len(optimizer.param_groups[0]["params"]))
for epoch in range(4):
    model.train()
    tl = 0
    for xb, yb in train_dl:
        out = model(xb)
        loss = loss_fn(out, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        tl += loss.item()
    model.eval()
    correct = 0
    with torch.inference_mode():
        for xb, yb in test_dl:
            correct += (model(xb).argmax(1) == yb).sum().item()
    print(f"epoch {epoch} train_loss {tl / len(train_dl):.4f} test_acc {correct / len(test_ds):.4f}")
print(model.features[0][0].weight.grad, model.features[0][1].running_mean[:3])
print(torch.equal(model.features[0][0].weight, pretrained.features[0][0].weight))
print(model.features[0][1].running_mean.equal(pretrained.features[0][1].running_mean))
for m in model.features.modules():
    if isinstance(m, nn.BatchNorm2d):
        m.eval()
print(model.features[0][1].training, model.training, model.features.training)
model.requires_grad_(False)
print(sum(p.requires_grad for p in model.parameters()))
model.classifier.requires_grad_()
print([n for n, p in model.named_parameters() if p.requires_grad])
print(model.classifier[0], model.classifier[0].inplace, model.classifier[0].p)
del model.classifier[0]
print(model.classifier)
model.classifier.insert(0, nn.Dropout(0.3))
model.classifier.append(nn.Softmax(dim=1))
print(model.classifier, len(model.classifier))
print(model.classifier[-2:], model.classifier[::2])
model.avgpool = nn.Identity()
try:
    model(torch.randn(2, 3, 16, 16))
except RuntimeError as e:
    print("RuntimeError:", e)
print(model.get_submodule("features.1.0.block.1.fc1"))
