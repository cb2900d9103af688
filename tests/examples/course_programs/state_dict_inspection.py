"""A conv + BatchNorm model's state_dict and module API: keys, shapes, dtypes, keep_vars,
persistent and non-persistent buffers, dtype conversions, train/eval, named_modules, indexing and
editing a Sequential, and the containers' reprs."""
import torch
import torch.nn as nn
from collections import OrderedDict
torch.manual_seed(16)
model = nn.Sequential(OrderedDict([
    ("enc", nn.Conv2d(1, 4, 3, bias=False)), ("bn", nn.BatchNorm2d(4)), ("act", nn.ReLU()),
    ("pool", nn.AdaptiveAvgPool2d(1)), ("flat", nn.Flatten()), ("fc", nn.Linear(4, 2))]))
sd = model.state_dict()
print(type(sd).__name__, list(sd.keys()))
for k, v in sd.items():
    print(k, tuple(v.shape), v.dtype, v.requires_grad)
print(sd["bn.running_var"], sd["bn.num_batches_tracked"])
print(model.fc.weight.data_ptr() == sd["fc.weight"].data_ptr())
sd2 = model.state_dict(keep_vars=True); print(type(sd2["fc.weight"]).__name__, sd2["fc.weight"].requires_grad)
model.register_buffer("psf", torch.ones(1, 1, 3, 3) / 9)
model.register_buffer("tmp", torch.zeros(2), persistent=False)
print([k for k in model.state_dict()], [n for n, _ in model.named_buffers()])
print(model)
print(model.enc.weight.dtype, model.double().enc.weight.dtype, model.psf.dtype)
model.float()
model.half(); print(model.fc.weight.dtype, model.bn.num_batches_tracked.dtype); model.float()
print(model.training, model.eval().training, model.bn.training, model.train().fc.training)
model.requires_grad_(False); print([p.requires_grad for p in model.parameters()]); model.requires_grad_(True)
for name, mod in model.named_modules():
    print(repr(name), type(mod).__name__)
print(model[1], model[-1], model[:2])
print(len(model), model._modules.keys() if hasattr(model, "_modules") else None)
del model.fc; print(list(model._modules.keys()))
model.add_module("head", nn.Linear(4, 3)); model.append(nn.Softmax(dim=1))
print(model(torch.randn(2, 1, 6, 6)).sum(1))
print(nn.ModuleList([nn.Identity(), nn.ReLU()]), nn.ModuleDict({"a": nn.Tanh()}))
pl = nn.ParameterList([nn.Parameter(torch.ones(2))]); print(pl)
pd = nn.ParameterDict({"k": nn.Parameter(torch.zeros(1, 3))}); print(pd)
p = nn.Parameter(torch.tensor([1.0, 2.0])); print(p, repr(p * 2))
