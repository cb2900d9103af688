"""A course's learning-rate chapter: an LRFinder-style range test that saves the model's and the
optimizer's state_dicts with copy.deepcopy, raises the learning rate exponentially (and linearly)
through a LambdaLR, smooths the loss with an exponential moving average, stops when it diverges,
restores the saved states and suggests the learning rate of the steepest descent; then training
with StepLR stepped per epoch and ReduceLROnPlateau stepped on the validation loss, the
schedulers' state_dicts, get_last_lr, and a closure-based train/val pair under no_grad."""
import copy

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import LambdaLR, ReduceLROnPlateau, StepLR
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(17)
X = torch.rand(160, 3) * 2 - 1
y = (X[:, :1] * 1.5 - X[:, 1:2] ** 2 + 0.5 * torch.sin(3 * X[:, 2:])) + 0.05 * torch.randn(160, 1)
train_ds, val_ds = TensorDataset(X[:128], y[:128]), TensorDataset(X[128:], y[128:])
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(3))
val_loader = DataLoader(val_ds, batch_size=32)


def make_model():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 1))


def make_train_step_fn(model, loss_fn, optimizer):
    def train_step_fn(x, y):
        model.train()
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()
    return train_step_fn


def make_val_step_fn(model, loss_fn):
    def val_step_fn(x, y):
        model.eval()
        return loss_fn(model(x), y).item()
    return val_step_fn


def lr_range_test(model, optimizer, loss_fn, loader, end_lr=10.0, num_iter=40, step_mode="exp", alpha=0.1):
    previous_states = {'model': copy.deepcopy(model.state_dict()),
                       'optimizer': copy.deepcopy(optimizer.state_dict())}
    start_lr = optimizer.state_dict()['param_groups'][0]['lr']
    if step_mode == "exp":
        lr_fn = lambda it: np.exp(np.log(end_lr / start_lr) * it / num_iter)
    else:
        lr_fn = lambda it: 1 + (end_lr / start_lr - 1) * it / num_iter
    scheduler = LambdaLR(optimizer, lr_lambda=lr_fn)
    tracking = {'loss': [], 'lr': []}
    iteration = 0
    while iteration < num_iter:
        for x_batch, y_batch in loader:
            model.train()
            loss = loss_fn(model(x_batch), y_batch)
            optimizer.zero_grad()
            loss.backward()
            tracking['lr'].append(scheduler.get_last_lr()[0])
            if iteration == 0:
                tracking['loss'].append(loss.item())
            else:
                smoothed = alpha * loss.item() + (1 - alpha) * tracking['loss'][-1]
                tracking['loss'].append(smoothed)
            optimizer.step()
            scheduler.step()
            iteration += 1
            if iteration == num_iter or tracking['loss'][-1] > 4 * min(tracking['loss']):
                iteration = num_iter
                break
    optimizer.load_state_dict(previous_states['optimizer'])
    model.load_state_dict(previous_states['model'])
    return tracking


model = make_model()
optimizer = optim.Adam(model.parameters(), lr=1e-4)
loss_fn = nn.MSELoss()
before = copy.deepcopy(model.state_dict())
for mode in ["exp", "linear"]:
    tracking = lr_range_test(model, optimizer, loss_fn, train_loader, end_lr=1.0, num_iter=30, step_mode=mode)
    losses = np.array(tracking['loss'])
    steepest = int(np.gradient(losses).argmin())
    print(mode, len(tracking['lr']), f"{tracking['lr'][0]:.6f} -> {tracking['lr'][-1]:.6f}",
          f"min loss {losses.min():.5f} suggested lr {tracking['lr'][steepest]:.6f}")
    print(all(torch.equal(before[k], v) for k, v in model.state_dict().items()), optimizer.param_groups[0]['lr'],
          optimizer.state_dict()['state'] == {}, 'initial_lr' in optimizer.param_groups[0])

train_step = make_train_step_fn(model, loss_fn, optimizer)
val_step = make_val_step_fn(model, loss_fn)
for group in optimizer.param_groups:
    group['lr'] = 0.03
step_sched = StepLR(optimizer, step_size=3, gamma=0.5)
plateau = ReduceLROnPlateau(optimizer, mode='min', factor=0.2, patience=1, threshold=1e-3, min_lr=1e-4)
train_loader.generator.manual_seed(3)
for epoch in range(10):
    train_loss = np.mean([train_step(xb, yb) for xb, yb in train_loader])
    with torch.no_grad():
        val_loss = np.mean([val_step(xb, yb) for xb, yb in val_loader])
    step_sched.step()
    plateau.step(val_loss)
    print(f"epoch {epoch} train {train_loss:.5f} val {val_loss:.5f} lr {optimizer.param_groups[0]['lr']:.6f} "
          f"bad epochs {plateau.num_bad_epochs} last {step_sched.get_last_lr()[0]:.6f}")
print(sorted(step_sched.state_dict()), step_sched.state_dict()['last_epoch'])
print(sorted(k for k in plateau.state_dict() if not k.startswith('_')), plateau.state_dict()['best'] < 1,
      type(plateau.state_dict()['best']).__name__)
print([round(v, 8) for v in plateau._last_lr], plateau.get_last_lr() == plateau._last_lr)
restored = ReduceLROnPlateau(optim.SGD(make_model().parameters(), lr=1.0), factor=0.2, patience=1)
restored.load_state_dict(plateau.state_dict())
print(restored.num_bad_epochs == plateau.num_bad_epochs, restored.best == plateau.best, restored.cooldown_counter)
print(model[0].weight[:2], model[2].bias)
