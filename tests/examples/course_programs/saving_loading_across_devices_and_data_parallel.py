"""PyTorch's "Saving and Loading Models" tutorial, the parts around the state dict: loading with every
``map_location`` form the tutorial shows (a device, a string, a dict, a function of storage and
location), saving into an ``io.BytesIO`` buffer and a ``pathlib.Path``, a ``nn.DataParallel`` model's
``module.`` prefix and ``model.module.state_dict()``, ``load_state_dict(..., assign=True)``,
``state_dict(keep_vars=True)``, the state dict sharing memory with the parameters, and an optimizer's
state dict saved, printed and loaded into an optimizer with other hyperparameters."""
import io
import os
import pathlib
import shutil
import tempfile
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
d = tempfile.mkdtemp()
P = os.path.join(d, "m.pt")
torch.save(m.state_dict(), P)
for ml in [torch.device("cpu"), "cpu", None, {"cuda:0": "cpu"}, lambda storage, loc: storage]:
    try:
        sd = torch.load(P, map_location=ml, weights_only=True)
        print(type(sd).__name__, list(sd)[:2], sd["1.num_batches_tracked"], sd["0.bias"].device)
    except Exception as e:
        print(type(e).__name__, str(e)[:120])
buf = io.BytesIO()
torch.save(m.state_dict(), buf)
buf.seek(0)
print(torch.load(buf, weights_only=True)["1.running_var"])
torch.save({"a": torch.arange(3), "n": 3, "s": "x", "l": [1.5, None], "t": (1, 2)}, pathlib.Path(P))
print(torch.load(pathlib.Path(P)))
dp = nn.DataParallel(m)
print(type(dp).__name__, list(dp.state_dict())[:2], list(dp.module.state_dict())[:2])
m2 = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
print(m2.load_state_dict(dp.module.state_dict()))
try:
    m2.load_state_dict(dp.state_dict())
except RuntimeError as e:
    print(str(e))
print(m2.load_state_dict(m.state_dict(), assign=True), m2[0].weight is m[0].weight, m2[0].weight.requires_grad, type(m2[0].weight).__name__)
sd = m.state_dict()
sd["0.weight"] = torch.zeros(2, 3)
m.load_state_dict(sd)
print(m[0].weight)
print(m.state_dict(keep_vars=True)["0.bias"].requires_grad, m.state_dict()["0.bias"].requires_grad)
sd = m.state_dict()
print(sd._metadata if hasattr(sd, "_metadata") else None)
with torch.no_grad():
    m[0].bias.fill_(7)
print(sd["0.bias"])
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
m(torch.randn(4, 3)).sum().backward()
opt.step()
osd = opt.state_dict()
torch.save(osd, P)
print(torch.load(P, weights_only=True))
opt2 = torch.optim.SGD(m.parameters(), lr=0.5)
opt2.load_state_dict(osd)
print(opt2.param_groups[0]["lr"], opt2.param_groups[0]["momentum"], opt2)
shutil.rmtree(d)
