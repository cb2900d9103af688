"""A student's experiment script in the "research code" style: a dataclass config turned into JSON,
a DnCNN-like residual deblurrer (BatchNorm2d, x - net(x)) and a ConvTranspose2d encoder-decoder
chosen by name from a registry dict, a history in a defaultdict dumped with json, a checkpoint dict
(config and state_dicts) through io.BytesIO with weights_only=True and a model rebuilt from it,
copy.deepcopy of a model and its optimizer's state, parameters_to_vector distances between
checkpoints, and .detach().cpu().numpy() metrics printed with NumPy."""
import copy
import io
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters


@dataclass
class Config:
    arch: str = "dncnn"
    width: int = 8
    depth: int = 3
    lr: float = 3e-3
    steps: int = 6
    seed: int = 0
    scales: list = field(default_factory=lambda: [1.0, 0.5])


class DnCNN(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        layers = [nn.Conv2d(1, width, 3, padding=1), nn.ReLU(inplace=True)]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
        layers.append(nn.Conv2d(width, 1, 3, padding=1))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return x - self.body(x)


class EncDec(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.down = nn.Conv2d(1, width, 4, stride=2, padding=1)
        self.mid = nn.Sequential(*[nn.Conv2d(width, width, 3, padding=1) for _ in range(depth - 2)])
        self.up = nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1)

    def forward(self, x):
        return self.up(F.leaky_relu(self.mid(F.leaky_relu(self.down(x), 0.1)), 0.1)) + x


REGISTRY = {"dncnn": DnCNN, "encdec": EncDec}


def run(cfg):
    torch.manual_seed(cfg.seed)
    model = REGISTRY[cfg.arch](cfg.width, cfg.depth)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-2)
    sharp = torch.rand(4, 1, 8, 8)
    blurry = F.avg_pool2d(sharp, 3, stride=1, padding=1, count_include_pad=False) + 0.02 * torch.randn(4, 1, 8, 8)
    history = defaultdict(list)
    start = parameters_to_vector(model.parameters()).detach().clone()
    for step in range(cfg.steps):
        out = model(blurry)
        loss = sum(w * F.l1_loss(F.interpolate(out, scale_factor=w, mode="bilinear", align_corners=False),
                                 F.interpolate(sharp, scale_factor=w, mode="bilinear", align_corners=False))
                   for w in cfg.scales)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        history["loss"].append(round(loss.item(), 4))
    moved = parameters_to_vector(model.parameters()).detach() - start
    history["moved"].append(round(moved.norm().item(), 4))
    return model, opt, blurry, sharp, dict(history)


cfg = Config()
print(json.dumps(asdict(cfg), sort_keys=True))
for arch in ("dncnn", "encdec"):
    model, opt, blurry, sharp, history = run(Config(arch=arch))
    print(arch, type(model).__name__, sum(p.numel() for p in model.parameters()), json.dumps(history))

model.eval()
with torch.no_grad():
    pred = model(blurry).clamp(0, 1)
arr = pred.detach().cpu().numpy()
err = np.abs(arr - sharp.numpy())
print(type(arr).__name__, arr.dtype, arr.shape, arr.flags["C_CONTIGUOUS"], f"{err.mean():.4f}",
      f"{10 * np.log10(1.0 / np.mean(err ** 2)):.2f}")
print(np.round(arr[0, 0, 0, :4].astype(np.float64), 4).tolist(), float(arr.max()) <= 1.0)

buf = io.BytesIO()
torch.save({"config": asdict(Config(arch="encdec")), "model": model.state_dict(), "optim": opt.state_dict()}, buf)
buf.seek(0)
ckpt = torch.load(buf, weights_only=True)
rebuilt = REGISTRY[ckpt["config"]["arch"]](ckpt["config"]["width"], ckpt["config"]["depth"])
print(rebuilt.load_state_dict(ckpt["model"]), sorted(ckpt["optim"]["param_groups"][0])[:4])
rebuilt.eval()
print(type(rebuilt).__name__, rebuilt.training, torch.equal(rebuilt(blurry), model(blurry)), ckpt["config"]["scales"])
dn, dn_opt, blurry, sharp, _ = run(Config())
twin = copy.deepcopy(dn)
twin_opt = torch.optim.AdamW(twin.parameters(), lr=3e-3, weight_decay=1e-2)
twin_opt.load_state_dict(copy.deepcopy(dn_opt.state_dict()))
print(twin.body[3].running_mean is dn.body[3].running_mean, torch.equal(twin.body[3].running_var,
                                                                        dn.body[3].running_var))
for m, o in ((dn, dn_opt), (twin, twin_opt)):
    loss = F.mse_loss(m(blurry), sharp)
    o.zero_grad()
    loss.backward()
    o.step()
diff = parameters_to_vector(dn.parameters()) - parameters_to_vector(twin.parameters())
print(f"{diff.abs().max().item():.3e}", dn_opt.state_dict()["state"][0]["step"],
      twin_opt.state[twin.body[0].weight]["step"])
vec = parameters_to_vector(dn.parameters())
vector_to_parameters(torch.zeros_like(vec), twin.parameters())
print(all(p.abs().sum() == 0 for p in twin.parameters()), twin.body[3].running_mean.abs().sum() > 0)
twin.train()
print(torch.allclose(twin(blurry), blurry), twin.body[3].num_batches_tracked.item())
try:
    vector_to_parameters(vec[:-1], twin.parameters())
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    vector_to_parameters(vec.tolist(), twin.parameters())
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    REGISTRY["unet"]
except KeyError as e:
    print("KeyError", e)
