"""A course's chapter-6 trainer in the "step by step" style: an lr_range_test that snapshots the
model's and optimizer's state with deepcopy, sweeps the learning rate with LambdaLR (linear) or
ExponentialLR-style factors and restores the state; gradient clipping three ways (clip_grad_value_,
clip_grad_norm_ with its returned total norm, and per-parameter hooks registered with
register_hook that clamp the gradient, removed through their handles); the clipped gradients
printed, parameters_to_vector of the model, and the learning rates in param_groups."""
from copy import deepcopy

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import LambdaLR
from torch.utils.data import DataLoader, TensorDataset


def make_lr_fn(start_lr, end_lr, num_iter, step_mode='exp'):
    if step_mode == 'linear':
        factor = (end_lr / start_lr - 1) / num_iter

        def lr_fn(iteration):
            return 1 + iteration * factor
    else:
        factor = (np.log(end_lr) - np.log(start_lr)) / num_iter

        def lr_fn(iteration):
            return np.exp(factor) ** iteration
    return lr_fn


class StepByStep:
    def __init__(self, model, loss_fn, optimizer):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.device = 'cpu'
        self.clipping = None
        self.handles = []
        self.losses = []

    def set_loaders(self, train_loader):
        self.train_loader = train_loader

    def set_clip_grad_value(self, clip_value):
        self.clipping = lambda: nn.utils.clip_grad_value_(self.model.parameters(), clip_value=clip_value)

    def set_clip_grad_norm(self, max_norm, norm_type=2):
        self.clipping = lambda: nn.utils.clip_grad_norm_(self.model.parameters(), max_norm, norm_type)

    def set_clip_backprop(self, clip_value):
        self.clipping = None
        for p in self.model.parameters():
            if p.requires_grad:
                func = lambda grad: torch.clamp(grad, -clip_value, clip_value)
                self.handles.append(p.register_hook(func))

    def remove_clip(self):
        for handle in self.handles:
            handle.remove()
        self.handles = []
        self.clipping = None

    def train_step(self, x, y):
        self.model.train()
        yhat = self.model(x)
        loss = self.loss_fn(yhat, y)
        loss.backward()
        total = None
        if callable(self.clipping):
            total = self.clipping()
        self.optimizer.step()
        self.optimizer.zero_grad()
        return loss.item(), total

    def lr_range_test(self, data_loader, end_lr, num_iter=100, step_mode='exp', alpha=0.05):
        previous_states = {'model': deepcopy(self.model.state_dict()),
                           'optimizer': deepcopy(self.optimizer.state_dict())}
        start_lr = self.optimizer.state_dict()['param_groups'][0]['lr']
        lr_fn = make_lr_fn(start_lr, end_lr, num_iter, step_mode)
        scheduler = LambdaLR(self.optimizer, lr_lambda=lr_fn)
        tracking = {'loss': [], 'lr': []}
        iteration = 0
        while iteration < num_iter:
            for x_batch, y_batch in data_loader:
                yhat = self.model(x_batch)
                loss = self.loss_fn(yhat, y_batch)
                loss.backward()
                tracking['lr'].append(scheduler.get_last_lr()[0])
                if iteration == 0:
                    tracking['loss'].append(loss.item())
                else:
                    prev_loss = tracking['loss'][-1]
                    tracking['loss'].append(alpha * loss.item() + (1 - alpha) * prev_loss)
                iteration += 1
                if iteration == num_iter:
                    break
                self.optimizer.step()
                scheduler.step()
                self.optimizer.zero_grad()
        self.optimizer.load_state_dict(previous_states['optimizer'])
        self.model.load_state_dict(previous_states['model'])
        return tracking


def build(seed=42):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
    return model


rng = np.random.default_rng(7)
x = rng.normal(size=(64, 3)).astype(np.float32)
y = (x @ np.array([[1.5], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
loader_gen = torch.Generator().manual_seed(13)
loader = DataLoader(TensorDataset(torch.as_tensor(x), torch.as_tensor(y)), batch_size=16, shuffle=True,
                    generator=loader_gen)

model = build()
sbs = StepByStep(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=1e-3, momentum=0.9))
before = nn.utils.parameters_to_vector(model.parameters()).detach().clone()
for mode in ('exp', 'linear'):
    tracking = sbs.lr_range_test(loader, end_lr=1e-1, num_iter=12, step_mode=mode)
    print(mode, [f"{lr:.5f}" for lr in tracking['lr']])
    print(mode, [f"{loss:.4f}" for loss in tracking['loss']])
after = nn.utils.parameters_to_vector(model.parameters()).detach()
print('restored', torch.equal(before, after), after.shape, after.dtype)
print('lr after test', sbs.optimizer.param_groups[0]['lr'], 'initial_lr' in sbs.optimizer.param_groups[0])
print('state after test', len(sbs.optimizer.state))

# clipping by value
sbs.set_clip_grad_value(0.05)
xb, yb = next(iter(loader))
loss = sbs.loss_fn(model(xb), yb)
loss.backward()
print('max raw grad', round(max(p.grad.abs().max().item() for p in model.parameters()), 4))
sbs.clipping()
print('max clipped grad', max(p.grad.abs().max().item() for p in model.parameters()))
sbs.optimizer.zero_grad()
print('grads after zero_grad', [p.grad for p in model.parameters()])

# clipping by norm
sbs.set_clip_grad_norm(1.0)
for epoch in range(3):
    totals = []
    for xb, yb in loader:
        loss, total = sbs.train_step(xb, yb)
        totals.append(total)
    print(epoch, round(loss, 4), type(totals[0]).__name__, totals[0].dtype, totals[0].shape,
          [round(t.item(), 3) for t in totals])

# clipping with hooks during backprop
sbs.set_clip_backprop(0.01)
print('handles', len(sbs.handles), type(sbs.handles[0]).__name__)
xb, yb = next(iter(loader))
loss = sbs.loss_fn(model(xb), yb)
loss.backward()
print('hook-clipped', [round(p.grad.abs().max().item(), 4) for p in model.parameters()])
sbs.optimizer.zero_grad(set_to_none=False)
sbs.remove_clip()
loss = sbs.loss_fn(model(xb), yb)
loss.backward()
print('unclipped', [round(p.grad.abs().max().item(), 4) for p in model.parameters()])

# norm types and error_if_nonfinite
grads = [p.grad.clone() for p in model.parameters()]
for norm_type in (1, 2.0, 'inf', float('inf')):
    for p, g in zip(model.parameters(), grads):
        p.grad = g.clone()
    nt = float(norm_type) if norm_type == 'inf' else norm_type
    total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5, norm_type=nt)
    print(norm_type, round(total.item(), 4), round(nn.utils.parameters_to_vector(
        [p.grad for p in model.parameters()]).norm(nt).item(), 4))
model[0].weight.grad[0, 0] = float('nan')
try:
    nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print('RuntimeError', str(e).split('.')[0])
print(nn.utils.clip_grad_norm_(model.parameters(), 1.0))
print(nn.utils.clip_grad_norm_([], 1.0))
