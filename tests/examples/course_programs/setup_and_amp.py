"""A course's "boilerplate" cell and its mixed-precision chapter: seeding every generator
(random, NumPy, torch, torch.cuda), deterministic flags, the device picked with
cuda / mps availability, thread settings, torch.compile on a model, autocast disabled on the CPU and
a GradScaler that is disabled without CUDA, the dtypes inside autocast, and
a training loop written the way AMP tutorials write it."""
import os
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def seed_everything(seed=42):
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False


seed_everything()
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.deterministic)
device = torch.device("cuda" if torch.cuda.is_available() else
                      "mps" if torch.backends.mps.is_available() else "cpu")
print(device, device.type, torch.cuda.is_available(), torch.cuda.device_count())
torch.set_num_threads(1)
print(torch.get_num_threads(), isinstance(torch.__version__, str), torch.float32.itemsize, torch.float16.is_floating_point)
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float16).max, torch.iinfo(torch.int8).min, torch.finfo().tiny)

X = torch.randn(64, 10)
Y = (X[:, :3].sum(1, keepdim=True) > 0).float()
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1)).to(device)
compiled = torch.compile(model)
with torch.no_grad():
    print(torch.allclose(compiled(X), model(X)), type(compiled(X)).__name__)

with torch.autocast(device_type="cpu", enabled=False):
    h = model[0](X)
    print(h.dtype, torch.is_autocast_enabled())
scaler = torch.amp.GradScaler("cuda", enabled=torch.cuda.is_available())
print(scaler.is_enabled(), scaler.get_scale() if scaler.is_enabled() else "disabled")
opt = torch.optim.SGD(model.parameters(), lr=0.1)
use_amp = device.type == "cuda"
for epoch in range(5):
    opt.zero_grad(set_to_none=True)
    with torch.autocast(device_type=device.type, dtype=torch.float16, enabled=use_amp):
        loss = F.binary_cross_entropy_with_logits(model(X), Y)
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(opt)
    scaler.update()
    print(epoch, round(loss.item(), 5), round(total.item(), 4), loss.dtype)

half = nn.Linear(4, 2).to(torch.float16)
print(half.weight.dtype, half(torch.ones(3, 4, dtype=torch.float16)).dtype, torch.tensor([1.0, 2.5, 3.3]).half(), torch.tensor([1 / 3]).half())
print(torch.tensor([1.0, 2.0], dtype=torch.float16) + torch.tensor([1.0, 2.0]), (torch.ones(2, dtype=torch.float16) * 2.5).dtype)
