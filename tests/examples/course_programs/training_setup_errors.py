"""A course's troubleshooting appendix for the training setup: the errors a data / optimizer /
scheduler / checkpoint setup raises, caught and printed with their type and message: TensorDataset
of mismatched sizes, random_split lengths and fractions that do not add up, DataLoader arguments
that exclude each other, WeightedRandomSampler without replacement asked for too many samples, an
optimizer state_dict of another model, OneCycleLR stepped past its total, schedulers given bad
arguments, clip_grad_norm_ with a non-finite norm, a checkpoint dict missing a key, and the
fixes, printed after each."""
import io
import math

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, RandomSampler, Subset, TensorDataset, WeightedRandomSampler, random_split


def attempt(label, fn):
    try:
        result = fn()
        print(f"{label}: ok {result}")
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")


torch.manual_seed(0)
x, y = torch.randn(10, 3), torch.randn(10, 1)
attempt("TensorDataset sizes", lambda: TensorDataset(x, y[:8]))
ds = TensorDataset(x, y)
attempt("TensorDataset index", lambda: ds[10])
attempt("TensorDataset slice", lambda: [t.shape for t in ds[2:5]])
attempt("random_split lengths", lambda: random_split(ds, [5, 4]))
attempt("random_split fractions", lambda: random_split(ds, [0.5, 0.4]))
attempt("random_split uneven fractions", lambda: [len(s) for s in random_split(ds, [0.34, 0.33, 0.33], generator=torch.Generator().manual_seed(1))])
attempt("random_split negative", lambda: [len(s) for s in random_split(ds, [12, -2])])
attempt("Subset out of range", lambda: Subset(ds, [0, 12])[1])
attempt("batch_size 0", lambda: DataLoader(ds, batch_size=0))
attempt("sampler and shuffle", lambda: DataLoader(ds, sampler=RandomSampler(ds), shuffle=True))
attempt("batch_sampler and batch_size", lambda: DataLoader(ds, batch_sampler=[[0, 1]], batch_size=2))
attempt("batch_sampler and drop_last", lambda: DataLoader(ds, batch_sampler=[[0, 1]], drop_last=True))
attempt("batch_sampler alone", lambda: [b[0].shape for b in DataLoader(ds, batch_sampler=[[0, 1], [2, 3, 4]])])
attempt("num_workers negative", lambda: DataLoader(ds, num_workers=-1))
attempt("timeout negative", lambda: DataLoader(ds, timeout=-1))
attempt("prefetch without workers", lambda: DataLoader(ds, prefetch_factor=2))
attempt("persistent without workers", lambda: DataLoader(ds, persistent_workers=True))
attempt("len of drop_last loader", lambda: (len(DataLoader(ds, batch_size=4, drop_last=True)), len(DataLoader(ds, batch_size=4))))
attempt("RandomSampler num_samples 0", lambda: RandomSampler(ds, num_samples=0))
attempt("RandomSampler replacement str", lambda: RandomSampler(ds, replacement="yes"))
attempt("weighted without replacement", lambda: list(WeightedRandomSampler([0.5, 0.5], 3, replacement=False)))
attempt("weighted negative num", lambda: WeightedRandomSampler([0.5, 0.5], -1))
attempt("weighted 2-D weights", lambda: WeightedRandomSampler(torch.ones(2, 2), 2))
attempt("weighted bool replacement", lambda: WeightedRandomSampler([0.5, 0.5], 2, replacement=1))

model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
other = torch.optim.Adam(nn.Linear(3, 1).parameters(), lr=1e-3)
other_groups = torch.optim.Adam([{"params": model[0].parameters()}, {"params": model[2].parameters()}], lr=1e-3)
attempt("optimizer state of another model", lambda: opt.load_state_dict(other.state_dict()))
attempt("optimizer with other groups", lambda: opt.load_state_dict(other_groups.state_dict()))
attempt("optimizer param not a tensor", lambda: torch.optim.SGD([1.0], lr=0.1))
attempt("optimizer params a tensor", lambda: torch.optim.SGD(model[0].weight, lr=0.1))
attempt("optimizer non-leaf", lambda: torch.optim.SGD([model[0].weight * 2], lr=0.1))
attempt("optimizer missing lr group", lambda: torch.optim.SGD([{"params": model.parameters()}]).param_groups[0]["lr"])
attempt("Adam negative eps", lambda: torch.optim.Adam(model.parameters(), eps=-1e-8))
attempt("SGD nesterov without momentum", lambda: torch.optim.SGD(model.parameters(), lr=0.1, nesterov=True))
attempt("weight_decay negative", lambda: torch.optim.AdamW(model.parameters(), weight_decay=-0.1))

sched_opt = torch.optim.SGD(model.parameters(), lr=0.1)


def onecycle_past_total():
    s = torch.optim.lr_scheduler.OneCycleLR(sched_opt, max_lr=0.1, total_steps=3)
    for _ in range(4):
        sched_opt.step()
        s.step()


attempt("OneCycleLR past total", onecycle_past_total)
attempt("OneCycleLR without steps", lambda: torch.optim.lr_scheduler.OneCycleLR(sched_opt, max_lr=0.1))
attempt("OneCycleLR bad strategy", lambda: torch.optim.lr_scheduler.OneCycleLR(sched_opt, 0.1, total_steps=5, anneal_strategy="exp"))
attempt("OneCycleLR pct_start", lambda: torch.optim.lr_scheduler.OneCycleLR(sched_opt, 0.1, total_steps=5, pct_start=1.5))
attempt("StepLR not an optimizer", lambda: torch.optim.lr_scheduler.StepLR(model, step_size=2))
attempt("ReduceLROnPlateau mode", lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(sched_opt, mode="maximum"))
attempt("ReduceLROnPlateau factor", lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(sched_opt, factor=1.5))
attempt("ReduceLROnPlateau threshold_mode", lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(sched_opt, threshold_mode="relative"))
attempt("CosineAnnealingWarmRestarts T_0", lambda: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(sched_opt, T_0=0))
attempt("CosineAnnealingWarmRestarts T_mult", lambda: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(sched_opt, T_0=2, T_mult=1.5))
attempt("LambdaLR list of wrong length", lambda: torch.optim.lr_scheduler.LambdaLR(sched_opt, [lambda e: 1.0, lambda e: 0.5]))
attempt("MultiStepLR milestones", lambda: torch.optim.lr_scheduler.MultiStepLR(sched_opt, milestones=[3, 1]).milestones)
attempt("LinearLR start_factor", lambda: torch.optim.lr_scheduler.LinearLR(sched_opt, start_factor=0))
attempt("ConstantLR factor", lambda: torch.optim.lr_scheduler.ConstantLR(sched_opt, factor=2))
attempt("CyclicLR with Adam momentum", lambda: torch.optim.lr_scheduler.CyclicLR(torch.optim.Adam(model.parameters()), 0.01, 0.1).base_momentums)


def non_finite_clip():
    for p in model.parameters():
        p.grad = torch.full_like(p, math.inf)
    return torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)


attempt("clip non-finite", non_finite_clip)
attempt("clip non-finite allowed", lambda: torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
attempt("clip negative norm_type", lambda: torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=-1).item())
buffer = io.BytesIO()
torch.save({"model": model.state_dict(), "epoch": 3}, buffer)
buffer.seek(0)
ckpt = torch.load(buffer)
attempt("missing key", lambda: ckpt["optimizer"])
attempt("get with default", lambda: (ckpt.get("optimizer"), ckpt.get("epoch", 0)))
attempt("strict load of a prefixed dict", lambda: model.load_state_dict({"module." + k: v for k, v in ckpt["model"].items()}))
attempt("load into a wrong module", lambda: nn.Linear(3, 4).load_state_dict(ckpt["model"], strict=False))
attempt("train mode not a bool", lambda: model.train("yes"))
attempt("requires_grad_ on a module", lambda: model.requires_grad_(False)[0].weight.requires_grad)
attempt("zero_grad after requires_grad_", lambda: [p.grad for p in model.parameters()][:1])
