"""A course's tour of nn.Module: named_modules / named_children / named_buffers, non-persistent
buffers, apply(init_fn), forward hooks and pre-hooks, full backward hooks (a Grad-CAM map),
train() / eval(), to(dtype), Sequential indexing, slicing and append, ModuleList / ModuleDict /
ParameterList / ParameterDict, the repr of a model, and spectral and weight norm."""
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.simplefilter("ignore")


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn = nn.BatchNorm2d(cout)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(Block(1, 4), nn.MaxPool2d(2), Block(4, 8))
        self.heads = nn.ModuleDict({"cls": nn.Linear(8, 3), "reg": nn.Linear(8, 1)})
        self.extra = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(1)) for _ in range(2)])
        self.table = nn.ParameterDict({"bias": nn.Parameter(torch.zeros(3))})
        self.register_buffer("running", torch.zeros(3))
        self.register_buffer("scratch", torch.ones(2), persistent=False)
        self.alpha = nn.Parameter(torch.tensor(0.5))

    def forward(self, x):
        h = F.adaptive_avg_pool2d(self.features(x), 1).flatten(1)
        for lin, s in zip(self.extra, self.scales):
            h = F.relu(lin(h)) * s
        return self.heads["cls"](h) * self.alpha + self.table["bias"], self.heads["reg"](h)


net = Net()
print(net)
print([name for name, _ in net.named_modules()])
print([(name, type(m).__name__) for name, m in net.named_children()])
print([(name, tuple(b.shape)) for name, b in net.named_buffers()])
print([(name, tuple(p.shape)) for name, p in net.named_parameters()])
print(sorted(net.state_dict()), "scratch" in net.state_dict())
print(sum(p.numel() for p in net.parameters() if p.requires_grad))


def init_fn(m):
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.constant_(m.weight, 0.05)
        nn.init.zeros_(m.bias)


print(net.apply(init_fn) is net, net.heads["cls"].weight[0, :3])
calls = []
h1 = net.heads["cls"].register_forward_hook(lambda m, inp, out: calls.append(("fwd", tuple(inp[0].shape), tuple(out.shape))))
h2 = net.features.register_forward_pre_hook(lambda m, inp: calls.append(("pre", len(inp))))
x = torch.arange(64.0).reshape(1, 1, 8, 8) / 64
cls, reg = net(x)
print(calls, cls, reg)
h1.remove()
h2.remove()
calls.clear()
net(x)
print(calls)
lin = nn.Linear(2, 2)
nn.init.ones_(lin.weight)
nn.init.zeros_(lin.bias)
h = lin.register_forward_hook(lambda m, inp, out: out * 2)
print(lin(torch.ones(1, 2)))
h.remove()
h = lin.register_forward_pre_hook(lambda m, args: (args[0] * 10,))
print(lin(torch.ones(1, 2)))
h.remove()

# a Grad-CAM map from a forward hook and a full backward hook on the first block
store = {}
block = net.features[0]
block.register_forward_hook(lambda m, i, o: store.__setitem__("act", o))
block.register_full_backward_hook(lambda m, gi, go: store.__setitem__("grad", go[0]))
cls, _ = net(x)
cls[0, cls.argmax()].backward()
weights = store["grad"].mean(dim=(2, 3), keepdim=True)
cam = torch.relu((weights * store["act"]).sum(1))
print(tuple(store["grad"].shape), cam.shape, cam.max() >= 0)

print(net.training, net.features[0].bn.training)
net.eval()
print(net.training, net.features[0].bn.training, net(x)[1].grad_fn.name())
net.train()
d = nn.Dropout(0.5)
print(d.eval()(torch.ones(4)), d.training)
net64 = Net().to(torch.float64)
print(net64.heads["cls"].weight.dtype, net64.running.dtype, net64.float().alpha.dtype, net64.double().scales[0].dtype)

seq = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
print(seq[0], seq[-1], seq[:2], type(seq[:2]).__name__, len(seq))
seq.append(nn.Softmax(dim=1))
print(len(seq), seq[-1], [type(m).__name__ for m in seq])
ml = nn.ModuleList([nn.Linear(1, 1)])
ml.append(nn.ReLU())
ml.extend([nn.Sigmoid(), nn.Tanh()])
ml.insert(0, nn.Identity())
print(ml, len(ml), ml[1:3])
md = nn.ModuleDict()
md["a"] = nn.ReLU()
md.update({"b": nn.Tanh()})
print(list(md.keys()), "a" in md, len(md), md)

frozen = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1))
frozen[0].requires_grad_(False)
print([p.requires_grad for p in frozen.parameters()])
try:
    frozen.alpha = torch.zeros(1)
    frozen[0].weight = torch.zeros(3, 3)
except TypeError as e:
    print("TypeError", e)

sn = nn.utils.spectral_norm(nn.Conv2d(1, 2, 3))
wn = nn.utils.weight_norm(nn.Linear(3, 2))
print(sorted(n for n, _ in sn.named_parameters()), list(sn.state_dict()), sn.weight_u.shape, sn.weight_v.shape)
print(sorted(n for n, _ in wn.named_parameters()), wn.weight_g.shape)
with torch.no_grad():
    for t in [*sn.parameters(), *sn.buffers(), *wn.parameters()]:
        t.copy_(torch.linspace(-1, 1, t.numel()).reshape(t.shape))
print(sn(x[:, :, :5, :5]).sum().item() != 0, sn.weight_u, wn(torch.ones(1, 3)))
