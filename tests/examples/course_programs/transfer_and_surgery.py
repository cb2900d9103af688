"""A course's transfer-learning lesson on a small ResNet-style backbone: residual blocks with
downsampling shortcuts, a pretrained state_dict loaded into a new model, the classifier head
replaced (``model.fc = nn.Linear(...)``), the backbone frozen with requires_grad_(False) and
BatchNorm kept in eval mode, an optimizer over ``filter(lambda p: p.requires_grad, ...)``,
features taken by ``nn.Sequential(*list(model.children())[:-1])`` and by a forward hook,
then fine-tuning with discriminative learning rates; parameter and buffer counts along the
way."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class TinyResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True))
        self.layer1 = BasicBlock(8, 8)
        self.layer2 = BasicBlock(8, 16, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


torch.manual_seed(0)
pretrained = TinyResNet(num_classes=10)
images = torch.rand(40, 3, 12, 12)
source_labels = torch.randint(0, 10, (40,))
opt = torch.optim.SGD(pretrained.parameters(), lr=0.05, momentum=0.9)
for epoch in range(3):
    loss = F.cross_entropy(pretrained(images), source_labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"pretraining epoch {epoch}: {loss.item():.4f}")
weights = copy.deepcopy(pretrained.state_dict())
print(len(weights), sum(v.numel() for k, v in weights.items() if "running" in k), weights["stem.1.num_batches_tracked"])

model = TinyResNet(num_classes=10)
print(model.load_state_dict(weights))
print(model.layer2)
model.fc = nn.Linear(model.fc.in_features, 3)
for name, param in model.named_parameters():
    if not name.startswith("fc."):
        param.requires_grad_(False)
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
total = sum(p.numel() for p in model.parameters())
print(trainable, total, sum(p.numel() for p in model.parameters() if p.requires_grad))


def freeze_bn(module):
    if isinstance(module, nn.BatchNorm2d):
        module.eval()


target_images = torch.rand(30, 3, 12, 12)
target_labels = (target_images.mean(dim=(1, 2, 3)) * 6).long().clamp(max=2)
print(torch.bincount(target_labels, minlength=3))
opt = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-2)
before = model.layer1.bn1.running_mean.clone()
for epoch in range(4):
    model.train()
    model.apply(freeze_bn)
    loss = F.cross_entropy(model(target_images), target_labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"head epoch {epoch}: {loss.item():.4f}", model.stem[0].weight.grad is None, model.layer1.bn1.training)
print(torch.equal(before, model.layer1.bn1.running_mean), model.training)

backbone = nn.Sequential(*list(model.children())[:-1])
feats = backbone(target_images[:2])
print(type(backbone).__name__, len(backbone), feats.shape, torch.flatten(feats, 1).shape)
captured = {}
handle = model.layer2.register_forward_hook(lambda m, inp, out: captured.update(layer2=out.detach()))
model.eval()
with torch.no_grad():
    logits = model(target_images[:2])
handle.remove()
print(captured["layer2"].shape, logits.shape, torch.allclose(captured["layer2"].mean(dim=(2, 3)), feats.flatten(1), atol=1e-6))

model.requires_grad_(True)
opt = torch.optim.SGD([
    {"params": model.stem.parameters(), "lr": 1e-4},
    {"params": list(model.layer1.parameters()) + list(model.layer2.parameters()), "lr": 1e-3},
    {"params": model.fc.parameters()},
], lr=1e-2, momentum=0.9, weight_decay=5e-4)
print([g["lr"] for g in opt.param_groups], [len(g["params"]) for g in opt.param_groups])
model.train()
for epoch in range(3):
    loss = F.cross_entropy(model(target_images), target_labels, label_smoothing=0.05)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"fine-tune epoch {epoch}: {loss.item():.4f}")
print(model.layer1.bn1.num_batches_tracked, round(model.layer1.bn1.running_var.mean().item(), 5))
del model.fc
model.fc = nn.Identity()
print(model(target_images[:1]).shape, "fc" in dict(model.named_children()), model.fc)
