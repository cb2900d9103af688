"""A course's "inside nn.Module" lecture: state_dict keys and prefixes of nested containers (a
Sequential built from an OrderedDict holding a ModuleList, a ModuleDict, a BatchNorm and buffers,
one of them not persistent and one None), named_buffers/parameters/modules with prefixes, the
state_dict's _metadata versions, load_state_dict(strict=False) and its missing and unexpected keys,
the strict errors' first lines, apply for a custom init, and what to(float64), half(), float(),
type() and double() do to parameters and (integer) buffers."""
from collections import OrderedDict

import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(c, c, 3, padding=1) for _ in range(2)])
        self.heads = nn.ModuleDict({"mean": nn.Linear(c, 1), "logvar": nn.Linear(c, 1, bias=False)})
        self.norm = nn.BatchNorm2d(c)
        self.register_buffer("kernel", torch.ones(1, 1, 3, 3) / 9)
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.register_buffer("nothing", None)
        self.scale = nn.Parameter(torch.tensor(0.5))

    def forward(self, x):
        for conv in self.convs:
            x = torch.relu(conv(x))
        return self.norm(x) * self.scale


torch.manual_seed(0)
net = nn.Sequential(OrderedDict([("stem", nn.Conv2d(1, 4, 3)), ("act", nn.ReLU()),
                                 ("block", Block(4)), ("pool", nn.AdaptiveAvgPool2d(1))]))
sd = net.state_dict()
print(type(sd).__name__, len(sd))
for k, v in sd.items():
    print(k, tuple(v.shape), v.dtype, v.requires_grad)
print([n for n, _ in net.named_buffers()])
print([n for n, _ in net.named_buffers(prefix="net", recurse=True)])
print([n for n, _ in net.block.named_buffers(recurse=False)])
print([n for n, _ in net.named_parameters(prefix="m")][:4])
print([n for n, _ in net.named_modules()])
print([n for n, _ in net.named_children()])
print(hasattr(sd, "_metadata"), sorted(sd._metadata)[:4], sd._metadata[""])
print(sd._metadata["block.norm"])

# partial loading
small = nn.Sequential(OrderedDict([("stem", nn.Conv2d(1, 4, 3)), ("block", Block(4))]))
res = small.load_state_dict(sd, strict=False)
print(type(res).__name__, res._fields)
print(sorted(res.missing_keys), sorted(res.unexpected_keys))
print(res)
sd2 = OrderedDict(sd)
del sd2["block.kernel"]
sd2["block.extra"] = torch.zeros(1)
res = net.load_state_dict(sd2, strict=False)
print(res.missing_keys, res.unexpected_keys)
try:
    net.load_state_dict(sd2)
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
bad = OrderedDict(sd)
bad["stem.weight"] = torch.zeros(4, 1, 5, 5)
try:
    net.load_state_dict(bad, strict=False)
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
    print(str(e).splitlines()[1].strip())
print(net.load_state_dict(sd, strict=True))
print(net.load_state_dict(OrderedDict(), strict=False).missing_keys[:3])

# apply for custom init
def init(m):
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.constant_(m.weight, 0.1)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    print("visit", type(m).__name__)

out = net.apply(init)
print(out is net, f"{net.stem.weight.sum().item():.4g}", f"{net.block.heads['mean'].weight.sum().item():.4g}")

# dtype moves
net.to(torch.float64)
print(net.stem.weight.dtype, net.block.kernel.dtype, net.block.norm.num_batches_tracked.dtype, net.block.scale.dtype)
print(net.block.cache.dtype, type(net.block.scale).__name__, net.block.scale.requires_grad)
net.half()
print(net.stem.weight.dtype, net.block.norm.running_var.dtype, net.block.norm.num_batches_tracked.dtype)
net.float()
print(net.stem.weight.dtype, net.block.kernel.dtype)
net.to(dtype=torch.float16)
print(net.stem.weight.dtype, net.block.norm.num_batches_tracked.dtype)
net.type(torch.float32)
print(net.stem.weight.dtype, net.block.cache.dtype)
net.double()
x = torch.randn(2, 1, 8, 8, dtype=torch.float64)
print(net(x).shape, net(x).dtype)
try:
    net.to(torch.int32)
except TypeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(net.block.extra_repr() == "", repr(net.block.norm))
