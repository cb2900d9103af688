"""A course that teaches the structure of Lightning-style training without the library: a
LightningModule-like nn.Module with training_step / validation_step / configure_optimizers
(returning an optimizer and a scheduler dict with a monitor key), a small Trainer that calls them,
logs into a dict, runs callbacks (early stopping on a monitored metric with min_delta, a
checkpoint callback keeping the best two state_dicts in memory buffers), metrics written as
Modules with buffers (update / compute / reset, state_dict, to(dtype)), outputs gathered with
torch.cat, and the best checkpoint restored at the end."""
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class Accuracy(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("correct", torch.tensor(0))
        self.register_buffer("total", torch.tensor(0))

    def update(self, preds, target):
        self.correct += (preds == target).sum()
        self.total += target.numel()

    def compute(self):
        return self.correct.float() / self.total

    def reset(self):
        self.correct.zero_()
        self.total.zero_()


class MeanMetric(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("value", torch.tensor(0.0, dtype=torch.float64))
        self.register_buffer("weight", torch.tensor(0.0, dtype=torch.float64))

    def update(self, value, weight=1.0):
        self.value += value.detach().double() * weight
        self.weight += weight

    def compute(self):
        return self.value / self.weight

    def reset(self):
        self.value.fill_(0.0)
        self.weight.fill_(0.0)


class LitClassifier(nn.Module):
    def __init__(self, lr=0.05):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(nn.Linear(2, 16), nn.SiLU(), nn.Linear(16, 3))
        self.train_acc, self.val_acc, self.val_loss = Accuracy(), Accuracy(), MeanMetric()
        self.logged = {}

    def forward(self, x):
        return self.net(x)

    def log(self, name, value):
        self.logged.setdefault(name, []).append(round(float(value), 5))

    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        loss = F.cross_entropy(logits, y)
        self.train_acc.update(logits.argmax(dim=-1), y)
        return {"loss": loss, "n": len(y)}

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        self.val_loss.update(F.cross_entropy(logits, y), len(y))
        self.val_acc.update(logits.argmax(-1), y)
        return logits

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9)
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=1)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "monitor": "val_loss"}}


class EarlyStopping:
    def __init__(self, monitor, patience=2, min_delta=1e-3, mode="min"):
        self.monitor, self.patience, self.min_delta, self.mode = monitor, patience, min_delta, mode
        self.best, self.wait, self.stopped_epoch = None, 0, None

    def on_validation_end(self, trainer, module):
        current = module.logged[self.monitor][-1]
        better = self.best is None or (current < self.best - self.min_delta if self.mode == "min"
                                       else current > self.best + self.min_delta)
        if better:
            self.best, self.wait = current, 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                trainer.should_stop, self.stopped_epoch = True, trainer.current_epoch


class ModelCheckpoint:
    def __init__(self, monitor, save_top_k=2, mode="max"):
        self.monitor, self.k, self.mode = monitor, save_top_k, mode
        self.kept = []  # (score, epoch, buffer)

    def on_validation_end(self, trainer, module):
        score = module.logged[self.monitor][-1]
        buffer = io.BytesIO()
        torch.save({"epoch": trainer.current_epoch, "state_dict": module.state_dict()}, buffer)
        self.kept.append((score, trainer.current_epoch, buffer))
        self.kept.sort(key=lambda item: (-item[0] if self.mode == "max" else item[0], item[1]))
        self.kept = self.kept[:self.k]

    @property
    def best_model_score(self):
        return self.kept[0][0]


class Trainer:
    def __init__(self, max_epochs, callbacks=()):
        self.max_epochs, self.callbacks = max_epochs, list(callbacks)
        self.should_stop, self.current_epoch = False, 0

    def fit(self, module, train_loader, val_loader):
        config = module.configure_optimizers()
        optimizer, sched_cfg = config["optimizer"], config["lr_scheduler"]
        for epoch in range(self.max_epochs):
            self.current_epoch = epoch
            module.train()
            total, count = 0.0, 0
            for i, batch in enumerate(train_loader):
                out = module.training_step(batch, i)
                optimizer.zero_grad()
                out["loss"].backward()
                optimizer.step()
                total += out["loss"].item() * out["n"]
                count += out["n"]
            module.log("train_loss", total / count)
            module.log("train_acc", module.train_acc.compute())
            module.train_acc.reset()
            module.eval()
            with torch.inference_mode():
                outputs = torch.cat([module.validation_step(b, i) for i, b in enumerate(val_loader)])
            module.log("val_loss", module.val_loss.compute())
            module.log("val_acc", module.val_acc.compute())
            module.val_loss.reset()
            module.val_acc.reset()
            sched_cfg["scheduler"].step(module.logged[sched_cfg["monitor"]][-1])
            module.log("lr", optimizer.param_groups[0]["lr"])
            for cb in self.callbacks:
                cb.on_validation_end(self, module)
            print(f"epoch {epoch}: " + " ".join(f"{k}={v[-1]}" for k, v in module.logged.items()),
                  tuple(outputs.shape), outputs.requires_grad)
            if self.should_stop:
                break


torch.manual_seed(8)
centers = torch.tensor([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
y = torch.randint(0, 3, (150,))
X = centers[y] + 1.1 * torch.randn(150, 2)
train_loader = DataLoader(TensorDataset(X[:120], y[:120]), batch_size=24, shuffle=True,
                          generator=torch.Generator().manual_seed(8))
val_loader = DataLoader(TensorDataset(X[120:], y[120:]), batch_size=16)

torch.manual_seed(0)
module = LitClassifier()
print(module)
print(sorted(module.state_dict().keys()))
print(module.train_acc.state_dict(), module.val_loss.correct if hasattr(module.val_loss, "correct") else None)
early = EarlyStopping("val_loss", patience=3, min_delta=0.005)
ckpt = ModelCheckpoint("val_acc", save_top_k=2)
trainer = Trainer(max_epochs=15, callbacks=[early, ckpt])
trainer.fit(module, train_loader, val_loader)
print("stopped at", early.stopped_epoch, "best", early.best, "kept", [(s, e) for s, e, _ in ckpt.kept], ckpt.best_model_score)
buffer = ckpt.kept[0][2]
buffer.seek(0)
best = torch.load(buffer, weights_only=True)
restored = LitClassifier()
print(restored.load_state_dict(best["state_dict"]), best["epoch"], best["state_dict"]["train_acc.total"])
restored.eval()
with torch.no_grad():
    acc = Accuracy()
    for xb, yb in val_loader:
        acc.update(restored(xb).argmax(1), yb)
print(f"restored val acc {acc.compute().item():.4f}", acc.correct, acc.total, acc.compute().dtype)
metric = MeanMetric().to(torch.float32)
metric.update(torch.tensor(2.0), 3)
print(metric.value.dtype, metric.compute(), metric.state_dict())
half = Accuracy().half()
print(half.correct.dtype, [b.dtype for b in LitClassifier().double().buffers()][:2])
