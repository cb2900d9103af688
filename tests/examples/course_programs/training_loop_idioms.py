"""A course's training-loop lesson: TensorDataset and random_split with a generator, a Dataset
of dicts, DataLoader with drop_last, SGD with Nesterov momentum and weight decay, Adam with
amsgrad, AdamW, RMSprop, gradient clipping by norm and by value, the learning-rate schedulers
(StepLR, MultiStepLR, ExponentialLR, LambdaLR, CosineAnnealingLR, OneCycleLR, LinearLR,
ReduceLROnPlateau), frozen layers and parameter groups, resuming from a checkpoint of
state_dicts, strict=False loading, and early stopping on a validation loss."""
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset, random_split

rng = np.random.default_rng(0)
X = rng.normal(size=(120, 4)).astype(np.float32)
y = X @ np.array([[1.5], [-2.0], [0.5], [3.0]], dtype=np.float32) + 0.1 * rng.normal(size=(120, 1)).astype(np.float32)
ds = TensorDataset(torch.from_numpy(X), torch.from_numpy(y))
train_ds, val_ds = random_split(ds, [100, 20], generator=torch.Generator().manual_seed(42))
print(len(ds), len(train_ds), len(val_ds), len(set(train_ds.indices) | set(val_ds.indices)))
print(len(DataLoader(train_ds, batch_size=16, shuffle=True, drop_last=True)), len(DataLoader(val_ds, batch_size=8)))


class DictDataset(Dataset):
    def __len__(self):
        return len(X)

    def __getitem__(self, i):
        return {"x": torch.tensor(X[i]), "y": torch.tensor(y[i]), "idx": i}


batch = next(iter(DataLoader(DictDataset(), batch_size=5)))
print(sorted(batch), batch["x"].shape, batch["y"].shape, batch["idx"])


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        return self.body(x)


def deterministic(model):
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            p.copy_(torch.from_numpy(np.linspace(-0.5, 0.5, p.numel(), dtype=np.float32).reshape(p.shape) * (1 + 0.1 * i)))
    return model


train_dl = DataLoader(Subset(ds, list(range(100))), batch_size=20)
val_dl = DataLoader(Subset(ds, list(range(100, 120))), batch_size=20)


def evaluate(model):
    model.eval()
    with torch.no_grad():
        total = sum(F.mse_loss(model(xb), yb, reduction="sum").item() for xb, yb in val_dl)
    model.train()
    return total / 20


def train_epoch(model, opt, clip="norm"):
    for xb, yb in train_dl:
        opt.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        if clip == "norm":
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
        else:
            torch.nn.utils.clip_grad_value_(model.parameters(), 1.0)
        opt.step()
    return loss.item()


optimizers = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.01, amsgrad=True),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.05),
    "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=0.005, momentum=0.5),
}
for name, make in optimizers.items():
    model = deterministic(Model())
    opt = make(model.parameters())
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    for epoch in range(4):
        train_epoch(model, opt)
        sched.step()
    print(name, round(evaluate(model), 3), sched.get_last_lr())

schedulers = {
    "multistep": lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 4], gamma=0.1),
    "exponential": lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9),
    "lambda": lambda o: torch.optim.lr_scheduler.LambdaLR(o, lr_lambda=lambda e: 1.0 / (e + 1)),
    "cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001),
    "onecycle": lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=6),
    "linear": lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.5, total_iters=3),
}
model = Model()
for name, make in schedulers.items():
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = make(opt)
    lrs = []
    for _ in range(6):
        opt.step()
        sched.step()
        lrs.append(round(opt.param_groups[0]["lr"], 6))
    print(name, lrs, [round(v, 6) for v in sched.get_last_lr()], sched.last_epoch)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1)
for v in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8]:
    plateau.step(v)
    print(opt.param_groups[0]["lr"], end=" ")
print()

model = Model()
model.body[0].requires_grad_(False)
opt = torch.optim.Adam([{"params": model.body[0].parameters(), "lr": 1e-4}, {"params": model.body[2].parameters()}],
                       lr=1e-2, betas=(0.8, 0.99))
print([p.requires_grad for p in model.parameters()], [g["lr"] for g in opt.param_groups], opt.param_groups[1]["betas"])
print(sorted(opt.param_groups[0]))
before = model.body[0].weight.clone()
opt.zero_grad()
F.mse_loss(model(ds[:10][0]), ds[:10][1]).backward()
opt.step()
print(model.body[0].weight.grad, model.body[2].weight.grad is not None, torch.equal(before, model.body[0].weight))
opt.add_param_group({"params": [nn.Parameter(torch.zeros(2))], "lr": 0.5})
state = opt.state_dict()
print(len(opt.param_groups), opt.param_groups[2]["betas"], sorted(state), sorted(state["state"]), state["param_groups"][1]["params"])
print(sorted(state["state"][2]), state["state"][2]["step"])

path = os.path.join(tempfile.mkdtemp(), "checkpoint.pt")
model = deterministic(Model())
opt = torch.optim.Adam(model.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, 2, 0.5)
for epoch in range(3):
    train_epoch(model, opt, clip="value")
    sched.step()
torch.save({"epoch": 3, "model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
            "best": torch.tensor(0.5), "history": [1.0, 0.5]}, path)
reference = [round(train_epoch(model, opt, clip="value"), 5) for _ in range(2)]
checkpoint = torch.load(path)
print(sorted(checkpoint), checkpoint["epoch"], checkpoint["history"], checkpoint["best"])
resumed = Model()
print(resumed.load_state_dict(checkpoint["model"]))
opt2 = torch.optim.Adam(resumed.parameters(), lr=0.01)
opt2.load_state_dict(checkpoint["optimizer"])
sched2 = torch.optim.lr_scheduler.StepLR(opt2, 2, 0.5)
sched2.load_state_dict(checkpoint["scheduler"])
print(opt2.param_groups[0]["lr"], sched2.last_epoch, reference == [round(train_epoch(resumed, opt2, clip="value"), 5) for _ in range(2)])
print(list(torch.load(path, weights_only=True)["model"])[:2])


class Bigger(Model):
    def __init__(self):
        super().__init__()
        self.extra = nn.Linear(1, 1)


result = Bigger().load_state_dict(Model().state_dict(), strict=False)
print(result.missing_keys, result.unexpected_keys, Model().load_state_dict(Bigger().state_dict(), strict=False))
try:
    Model().load_state_dict(Bigger().state_dict())
except RuntimeError as e:
    print("RuntimeError", str(e).splitlines()[0])
wrapped = nn.Sequential(Model())
print(list(Model().state_dict(prefix="backbone.")), list(wrapped.state_dict()))
print(Model().load_state_dict({k.replace("0.", "", 1): v for k, v in wrapped.state_dict().items()}))

model = deterministic(Model())
opt = torch.optim.SGD(model.parameters(), lr=0.03, momentum=0.9)
best, bad_epochs, best_state = float("inf"), 0, None
for epoch in range(12):
    train_epoch(model, opt)
    loss = evaluate(model)
    if loss < best - 2e-2:
        best, bad_epochs = loss, 0
        best_state = {k: v.clone() for k, v in model.state_dict().items()}
    else:
        bad_epochs += 1
        if bad_epochs >= 2:
            print("early stop at epoch", epoch)
            break
model.load_state_dict(best_state)
print(round(best, 3), round(evaluate(model), 3))
