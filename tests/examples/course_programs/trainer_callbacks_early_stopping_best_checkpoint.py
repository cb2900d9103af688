"""A Trainer class with callbacks as a course builds it for its deblurring project: a small
residual denoiser with GroupNorm and InstanceNorm blocks, callbacks (history, LR logging,
early stopping on the validation loss with patience and min_delta, best-checkpoint saving to
an in-memory buffer and to a temporary file), ReduceLROnPlateau stepped on the validation
loss, gradient clipping, the best checkpoint reloaded into a freshly built model and optimizer
(load_state_dict's missing/unexpected keys with strict=False), copy.deepcopy of a model, and the
reloaded model giving the best validation loss again."""
import copy
import io
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split


class ResBlock(nn.Module):
    def __init__(self, ch, norm="group"):
        super().__init__()
        self.conv1 = nn.Conv2d(ch, ch, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(ch, ch, 3, padding=1, bias=False)
        if norm == "group":
            self.n1, self.n2 = nn.GroupNorm(2, ch), nn.GroupNorm(2, ch)
        else:
            self.n1, self.n2 = nn.InstanceNorm2d(ch, affine=True), nn.InstanceNorm2d(ch, affine=True, track_running_stats=True)
        self.act = nn.LeakyReLU(0.1, inplace=True)

    def forward(self, x):
        out = self.act(self.n1(self.conv1(x)))
        out = self.n2(self.conv2(out))
        return self.act(out + x)


class Denoiser(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.head = nn.Conv2d(1, ch, 3, padding=1)
        self.body = nn.Sequential(ResBlock(ch, "group"), ResBlock(ch, "instance"))
        self.tail = nn.Conv2d(ch, 1, 3, padding=1)

    def forward(self, x):
        return x - self.tail(self.body(self.head(x)))


class Callback:
    def on_train_begin(self, trainer): pass
    def on_epoch_end(self, trainer, epoch, logs): pass
    def on_train_end(self, trainer): pass


class History(Callback):
    def __init__(self):
        self.rows = []

    def on_epoch_end(self, trainer, epoch, logs):
        self.rows.append((epoch, round(logs["loss"], 4), round(logs["val_loss"], 4)))


class LRLogger(Callback):
    def on_epoch_end(self, trainer, epoch, logs):
        logs["lr"] = trainer.optimizer.param_groups[0]["lr"]


class EarlyStopping(Callback):
    def __init__(self, patience=3, min_delta=1e-4):
        self.patience, self.min_delta, self.best, self.wait = patience, min_delta, float("inf"), 0

    def on_epoch_end(self, trainer, epoch, logs):
        if logs["val_loss"] < self.best - self.min_delta:
            self.best, self.wait = logs["val_loss"], 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                trainer.stop_training = True
                print(f"early stop at epoch {epoch}")


class BestCheckpoint(Callback):
    def __init__(self, path):
        self.path, self.best, self.buffer = path, float("inf"), None

    def on_epoch_end(self, trainer, epoch, logs):
        if logs["val_loss"] < self.best:
            self.best = logs["val_loss"]
            state = {"epoch": epoch, "model": trainer.model.state_dict(),
                     "optimizer": trainer.optimizer.state_dict(),
                     "scheduler": trainer.scheduler.state_dict(), "val_loss": logs["val_loss"]}
            torch.save(state, self.path)
            self.buffer = io.BytesIO()
            torch.save(state, self.buffer)


class Trainer:
    def __init__(self, model, optimizer, scheduler, loss_fn, callbacks=()):
        self.model, self.optimizer, self.scheduler, self.loss_fn = model, optimizer, scheduler, loss_fn
        self.callbacks, self.stop_training = list(callbacks), False

    def _epoch(self, loader, train):
        self.model.train(train)
        total, n = 0.0, 0
        with torch.set_grad_enabled(train):
            for x, y in loader:
                loss = self.loss_fn(self.model(x), y)
                if train:
                    self.optimizer.zero_grad(set_to_none=True)
                    loss.backward()
                    norm = nn.utils.clip_grad_norm_(self.model.parameters(), max_norm=1.0)
                    assert torch.isfinite(norm)
                    self.optimizer.step()
                total += loss.item() * x.size(0)
                n += x.size(0)
        return total / n

    def fit(self, train_loader, val_loader, epochs):
        for cb in self.callbacks:
            cb.on_train_begin(self)
        for epoch in range(epochs):
            logs = {"loss": self._epoch(train_loader, True), "val_loss": self._epoch(val_loader, False)}
            self.scheduler.step(logs["val_loss"])
            for cb in self.callbacks:
                cb.on_epoch_end(self, epoch, logs)
            if self.stop_training:
                break
        for cb in self.callbacks:
            cb.on_train_end(self)


torch.manual_seed(7)
yy, xx = torch.meshgrid(torch.linspace(-1, 1, 12), torch.linspace(-1, 1, 12), indexing="ij")
clean = torch.stack([torch.tanh(4 * (a * xx + (1 - a) * yy)) * 0.5 + 0.5 for a in torch.linspace(0, 1, 48)]).unsqueeze(1)
noisy = clean + 0.15 * torch.randn_like(clean)
ds = TensorDataset(noisy, clean)
train_ds, val_ds = random_split(ds, [36, 12], generator=torch.Generator().manual_seed(3))
print(len(train_ds), len(val_ds), train_ds.indices[:5], type(train_ds).__name__)
train_loader = DataLoader(train_ds, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(4))
val_loader = DataLoader(val_ds, batch_size=12)

torch.manual_seed(0)
model = Denoiser()
print(model.body[1])
print(sum(p.numel() for p in model.parameters()), sum(b.numel() for b in model.buffers()))
print([n for n, _ in model.named_buffers()])
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=1e-4)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=1)
history, lrs = History(), LRLogger()
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "best.pt")
    best = BestCheckpoint(path)
    trainer = Trainer(model, optimizer, scheduler, nn.MSELoss(), [lrs, history, EarlyStopping(patience=3, min_delta=5e-4), best])
    trainer.fit(train_loader, val_loader, epochs=12)
    for row in history.rows:
        print(row)
    print("best", round(best.best, 4), scheduler.get_last_lr(), scheduler.num_bad_epochs, optimizer.param_groups[0]["lr"])

    ckpt = torch.load(path, weights_only=True)
    print(sorted(ckpt), ckpt["epoch"], list(ckpt["model"])[:4], type(ckpt["model"]).__name__)
    print(sorted(ckpt["optimizer"]["state"][0]), ckpt["optimizer"]["param_groups"][0]["weight_decay"], ckpt["scheduler"]["best"] == best.best)
    torch.manual_seed(123)
    fresh = Denoiser()
    fresh_opt = torch.optim.AdamW(fresh.parameters(), lr=1.0)
    fresh.load_state_dict(ckpt["model"])
    fresh_opt.load_state_dict(ckpt["optimizer"])
    print(fresh_opt.param_groups[0]["lr"], fresh_opt.state[fresh.head.weight]["step"])
    fresh.eval()
    with torch.no_grad():
        val = sum(F.mse_loss(fresh(x), y, reduction="sum").item() for x, y in val_loader) / (len(val_ds) * 144)
    print("reloaded", round(val, 4), round(val - best.best, 6) == 0.0)

best.buffer.seek(0)
from_buffer = torch.load(best.buffer, map_location="cpu")
print(from_buffer["epoch"], torch.equal(from_buffer["model"]["tail.bias"], ckpt["model"]["tail.bias"]))

partial = {k: v for k, v in ckpt["model"].items() if not k.startswith("tail")}
partial["extra.weight"] = torch.zeros(1)
result = Denoiser().load_state_dict(partial, strict=False)
print(result.missing_keys, result.unexpected_keys)
try:
    Denoiser().load_state_dict(partial)
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])

clone = copy.deepcopy(fresh)
print(clone.head.weight is fresh.head.weight, torch.equal(clone.head.weight, fresh.head.weight), clone.training)
with torch.no_grad():
    clone.head.bias.add_(1.0)
print(torch.equal(clone.head.bias, fresh.head.bias))
print(fresh.body[1].n2.running_mean.shape, fresh.body[1].n2.num_batches_tracked)
