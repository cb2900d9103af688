"""A course's scheduler chapter in the "step by step" style: a trainer class that takes a scheduler
and steps it per mini-batch (CyclicLR, OneCycleLR) or per epoch (StepLR, ReduceLROnPlateau on the
validation loss, dispatched by isinstance), records the learning rate of every step, and the
schedulers on their own: CyclicLR's triangular / triangular2 / exp_range modes with momentum
cycled in SGD, OneCycleLR's cosine and linear annealing with Adam's betas, PolynomialLR,
ConstantLR, MultiplicativeLR, and the learning rates read from param_groups and get_last_lr."""
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import (ConstantLR, CyclicLR, MultiplicativeLR, OneCycleLR, PolynomialLR,
                                      ReduceLROnPlateau, StepLR)
from torch.utils.data import DataLoader, TensorDataset


class Trainer:
    def __init__(self, model, loss_fn, optimizer):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.scheduler, self.is_batch_lr_scheduler = None, False
        self.losses, self.val_losses, self.learning_rates = [], [], []

    def set_lr_scheduler(self, scheduler):
        if scheduler.optimizer != self.optimizer:
            raise ValueError("Optimizer not attached to the scheduler!")
        self.scheduler = scheduler
        self.is_batch_lr_scheduler = isinstance(scheduler, (CyclicLR, OneCycleLR))

    def _epoch_schedulers(self, val_loss):
        if self.scheduler and not self.is_batch_lr_scheduler:
            if isinstance(self.scheduler, ReduceLROnPlateau):
                self.scheduler.step(val_loss)
            else:
                self.scheduler.step()
            self.learning_rates.append([g['lr'] for g in self.optimizer.state_dict()['param_groups']])

    def _mini_batch_schedulers(self, frac_epoch):
        if self.scheduler and self.is_batch_lr_scheduler:
            self.scheduler.step()
            self.learning_rates.append(self.scheduler.get_last_lr())

    def _mini_batch(self, loader, validation=False):
        losses = []
        n_batches = len(loader)
        for i, (xb, yb) in enumerate(loader):
            if validation:
                self.model.eval()
                with torch.no_grad():
                    losses.append(self.loss_fn(self.model(xb), yb).item())
            else:
                self.model.train()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.optimizer.step()
                self.optimizer.zero_grad()
                losses.append(loss.item())
                self._mini_batch_schedulers(i / n_batches)
        return np.mean(losses)

    def train(self, train_loader, val_loader, n_epochs):
        for _ in range(n_epochs):
            self.losses.append(self._mini_batch(train_loader))
            self.val_losses.append(self._mini_batch(val_loader, validation=True))
            self._epoch_schedulers(self.val_losses[-1])


torch.manual_seed(19)
X = torch.randn(96, 4)
y = X @ torch.tensor([[0.5], [-1.0], [2.0], [0.0]]) + 0.3 * torch.sin(X[:, :1] * 3) + 0.05 * torch.randn(96, 1)
train_loader = DataLoader(TensorDataset(X[:80], y[:80]), batch_size=16, shuffle=True,
                          generator=torch.Generator().manual_seed(1))
val_loader = DataLoader(TensorDataset(X[80:], y[80:]), batch_size=16)


def make_trainer(opt_name="sgd"):
    torch.manual_seed(7)
    model = nn.Sequential(nn.Linear(4, 10), nn.ELU(), nn.Linear(10, 1))
    if opt_name == "sgd":
        optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    else:
        optimizer = optim.Adam(model.parameters(), lr=0.01)
    return Trainer(model, nn.MSELoss(), optimizer)


setups = {
    "cyclic": lambda o: CyclicLR(o, base_lr=0.005, max_lr=0.05, step_size_up=3, mode="triangular"),
    "onecycle": lambda o: OneCycleLR(o, max_lr=0.05, epochs=4, steps_per_epoch=5),
    "step": lambda o: StepLR(o, step_size=2, gamma=0.5),
    "plateau": lambda o: ReduceLROnPlateau(o, factor=0.5, patience=0, threshold=0.05),
}
for name, make in setups.items():
    train_loader.generator.manual_seed(1)
    trainer = make_trainer("adam" if name == "onecycle" else "sgd")
    trainer.set_lr_scheduler(make(trainer.optimizer))
    trainer.train(train_loader, val_loader, 4)
    lrs = np.round(np.array(trainer.learning_rates).ravel(), 6).tolist()
    print(f"{name:9s} losses {[round(float(v), 4) for v in trainer.losses]} val {[round(float(v), 4) for v in trainer.val_losses]}")
    print(f"{'':9s} lrs {lrs[:10]} ({len(lrs)} recorded)")

trainer = make_trainer()
try:
    trainer.set_lr_scheduler(StepLR(optim.SGD(trainer.model.parameters(), lr=0.1), step_size=1))
except ValueError as e:
    print("ValueError:", e)


def sweep(scheduler, optimizer, steps, key="lr"):
    values = []
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        group = optimizer.param_groups[0]
        values.append(round(group[key][0] if key == "betas" else group[key], 6))
    return values


param = [nn.Parameter(torch.zeros(2))]
for mode, extra in [("triangular", {}), ("triangular2", {}), ("exp_range", {"gamma": 0.9})]:
    opt = optim.SGD(param, lr=0.1, momentum=0.9)
    sched = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=3, mode=mode, **extra)
    print(mode, opt.param_groups[0]["lr"], opt.param_groups[0]["momentum"], sweep(sched, opt, 11))
    opt = optim.SGD(param, lr=0.1, momentum=0.9)
    sched = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode=mode, base_momentum=0.8, max_momentum=0.95, **extra)
    print(" momentum", sweep(sched, opt, 6, key="momentum"), sched.last_epoch)
opt = optim.SGD(param, lr=0.1)
print(sweep(CyclicLR(opt, 0.01, 0.1, step_size_up=2, cycle_momentum=False, scale_fn=lambda x: 1 / x, scale_mode="cycle"), opt, 9))
for strategy in ["cos", "linear"]:
    opt = optim.Adam(param, lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.1, total_steps=10, pct_start=0.3, anneal_strategy=strategy, div_factor=10,
                       final_div_factor=100, three_phase=strategy == "linear")
    print(strategy, opt.param_groups[0]["lr"], opt.param_groups[0]["betas"], sweep(sched, opt, 9),
          round(opt.param_groups[0]["betas"][0], 6), sorted(k for k in opt.param_groups[0] if "lr" in k))
opt = optim.SGD(param, lr=0.1, momentum=0.9, nesterov=True)
sched = OneCycleLR(opt, max_lr=[0.2], total_steps=6)
print(sweep(sched, opt, 5, key="momentum"), sched.get_last_lr())
for sched_fn in [lambda o: PolynomialLR(o, total_iters=4, power=2.0), lambda o: ConstantLR(o, factor=0.25, total_iters=3),
                 lambda o: MultiplicativeLR(o, lr_lambda=lambda epoch: 0.8)]:
    opt = optim.SGD(param, lr=0.1)
    sched = sched_fn(opt)
    print(type(sched).__name__, sweep(sched, opt, 6), [round(v, 6) for v in sched.get_last_lr()], sched.last_epoch)
