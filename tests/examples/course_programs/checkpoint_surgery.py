"""A course's checkpoint chapter: a nested checkpoint dict (model and optimizer state_dicts, a
scheduler's, the epoch, a history list, a config dict, a tensor of metrics) saved with torch.save
to a temporary file and to BytesIO, loaded with map_location='cpu' and weights_only=True, the
"module." prefix of a DataParallel checkpoint stripped, keys renamed for a refactored model,
a partial load with strict=False and its missing / unexpected keys reported, shape-mismatched
tensors filtered out, load_state_dict's error message for a strict load, a state_dict's
OrderedDict and tensor sharing, and training resumed on the same trajectory."""
import io
import os
import tempfile
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(8)


class Encoder(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.conv = nn.Conv2d(1, channels, 3, padding=1)
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class Restorer(nn.Module):
    def __init__(self, channels=4, out=1):
        super().__init__()
        self.encoder = Encoder(channels)
        self.decoder = nn.Conv2d(channels, out, 3, padding=1)

    def forward(self, x):
        return x + self.decoder(self.encoder(x))


x = torch.rand(8, 1, 8, 8)
y = F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)
model = Restorer()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)


def train_epoch(model, opt, sched):
    loss = F.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()
    return loss.item()


history = [round(train_epoch(model, opt, sched), 6) for _ in range(3)]
sd = model.state_dict()
print(type(sd).__name__, list(sd.keys()))
print(sd["encoder.bn.num_batches_tracked"], sd["encoder.conv.weight"].requires_grad,
      sd["decoder.bias"].data_ptr() == model.decoder.bias.data_ptr())
checkpoint = {
    "epoch": 3,
    "model_state_dict": model.state_dict(),
    "optimizer_state_dict": opt.state_dict(),
    "scheduler": sched.state_dict(),
    "history": history,
    "config": {"channels": 4, "lr": 1e-2, "betas": (0.9, 0.999), "name": "restorer"},
    "metrics": torch.tensor(history),
}
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "ckpt.pth")
    torch.save(checkpoint, path)
    print("saved", os.path.getsize(path) > 1000)
    loaded = torch.load(path, map_location="cpu", weights_only=True)
print(sorted(loaded), loaded["epoch"], loaded["config"], loaded["history"] == history)
print(loaded["metrics"], loaded["optimizer_state_dict"]["param_groups"][0]["lr"],
      sorted(loaded["optimizer_state_dict"]["state"][0]), loaded["scheduler"]["last_epoch"])
print(all(torch.equal(a, b) for a, b in zip(loaded["model_state_dict"].values(), checkpoint["model_state_dict"].values())))

resumed = Restorer()
resumed.load_state_dict(loaded["model_state_dict"])
opt2 = torch.optim.Adam(resumed.parameters(), lr=1e-2)
opt2.load_state_dict(loaded["optimizer_state_dict"])
sched2 = torch.optim.lr_scheduler.StepLR(opt2, step_size=2, gamma=0.5)
sched2.load_state_dict(loaded["scheduler"])
a = [round(train_epoch(model, opt, sched), 6) for _ in range(2)]
b = [round(train_epoch(resumed, opt2, sched2), 6) for _ in range(2)]
print("resumed on the same trajectory:", a == b, a, opt2.param_groups[0]["lr"])

parallel_sd = OrderedDict(("module." + k, v) for k, v in model.state_dict().items())
buffer = io.BytesIO()
torch.save({"state_dict": parallel_sd, "arch": "Restorer"}, buffer)
buffer.seek(0)
raw = torch.load(buffer, map_location=torch.device("cpu"), weights_only=True)["state_dict"]
try:
    Restorer().load_state_dict(raw)
except RuntimeError as e:
    print("strict load failed:", str(e).splitlines()[0])
    print(len(str(e).splitlines()), "Missing key(s)" in str(e), "Unexpected key(s)" in str(e))
clean = OrderedDict((k[len("module."):] if k.startswith("module.") else k, v) for k, v in raw.items())
fresh = Restorer()
print(fresh.load_state_dict(clean))

renamed = OrderedDict((k.replace("encoder.", "backbone.").replace("decoder.", "head."), v) for k, v in clean.items())


class RestorerV2(nn.Module):
    def __init__(self, channels=4, out=3):
        super().__init__()
        self.backbone = Encoder(channels)
        self.head = nn.Conv2d(channels, out, 3, padding=1)
        self.extra = nn.Conv2d(out, out, 1)

    def forward(self, x):
        return self.extra(self.head(self.backbone(x)))


v2 = RestorerV2()
own = v2.state_dict()
compatible = {k: v for k, v in renamed.items() if k in own and v.shape == own[k].shape}
skipped = sorted(k for k in renamed if k not in compatible)
result = v2.load_state_dict(compatible, strict=False)
print("skipped for shape:", skipped)
print("missing:", result.missing_keys)
print("unexpected:", result.unexpected_keys, type(result).__name__)
print(torch.equal(v2.backbone.conv.weight, model.encoder.conv.weight), v2.head.weight.shape)
try:
    v2.load_state_dict(renamed, strict=False)
except RuntimeError as e:
    print("shape mismatch:", "size mismatch for head.weight" in str(e), str(e).count("size mismatch"))
extra = dict(compatible, **{"something.else": torch.zeros(1)})
print(v2.load_state_dict(extra, strict=False).unexpected_keys)

sd = v2.state_dict()
sd["head.bias"].fill_(0.5)
print(v2.head.bias.tolist(), v2.state_dict(keep_vars=True)["head.bias"].requires_grad,
      v2.state_dict(prefix="net.")["net.extra.weight"].shape)
del sd["extra.bias"]
print(sorted(v2.load_state_dict(sd, strict=False).missing_keys))
torch.save(v2.state_dict(), buffer := io.BytesIO())
print(len(buffer.getvalue()) > 0, list(torch.load(io.BytesIO(buffer.getvalue()), weights_only=True))[:3])
