"""d2l.ai's optimisation chapter: gradient descent on Python floats and 0-d tensors, momentum and
Adagrad on a 2-d quadratic, Adagrad, RMSProp and Adam from scratch with in-place state
``s[:] = ...`` and ``p[:] -= ...`` under ``torch.no_grad()``, the same through ``torch.optim`` (SGD
with momentum and Nesterov, Adagrad, RMSprop, Adadelta, Adam), hand-written schedulers and PyTorch's
MultiStepLR, StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR and OneCycleLR."""
import math
import torch
from torch import nn

def f(x):
    return x ** 2
def f_grad(x):
    return 2 * x
def gd(eta, f_grad):
    x = 10.0
    results = [x]
    for i in range(10):
        x -= eta * f_grad(x)
        results.append(float(x))
    print(f'epoch 10, x: {x:.4f}')
    return results
results = gd(0.2, f_grad)
c = torch.tensor(0.15 * math.pi)
def f(x):
    return x * torch.cos(c * x)
def f_grad(x):
    return torch.cos(c * x) - c * x * torch.sin(c * x)
print(f'{gd(2, f_grad)[-1]:.4f}')
def train_2d(trainer, steps=20, f_grad=None):
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results
f_2d = lambda x1, x2: 0.1 * x1 ** 2 + 2 * x2 ** 2
def momentum_2d(x1, x2, v1, v2):
    v1 = beta * v1 + 0.2 * x1
    v2 = beta * v2 + 4 * x2
    return x1 - eta * v1, x2 - eta * v2, v1, v2
eta, beta = 0.6, 0.5
train_2d(momentum_2d)
def adagrad_2d(x1, x2, s1, s2):
    eps = 1e-6
    g1, g2 = 0.2 * x1, 4 * x2
    s1 += g1 ** 2
    s2 += g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2
eta = 0.4
train_2d(adagrad_2d)
torch.manual_seed(0)
data = torch.randn(300, 5)
labels = data @ torch.tensor([1.0, -2.0, 0.5, 0.0, 3.0]) + 0.1 * torch.randn(300)
def init_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    v_w, v_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, s_b), (v_w, v_b))
def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states[0]):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()
def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states[0]):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()
def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, zip(states[1], states[0])):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1
def train(trainer_fn, hyperparams, num_epochs=3):
    w = torch.normal(mean=0.0, std=0.01, size=(5, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    states = init_states(5)
    net = lambda X: torch.matmul(X, w) + b
    loss = lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
    for _ in range(num_epochs):
        for i in range(0, 300, 30):
            X, y = data[i:i + 30], labels[i:i + 30]
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
        print(f'loss: {loss(net(data), labels).mean().item():.3f}')
train(adagrad, {'lr': 0.1})
train(rmsprop, {'lr': 0.01, 'gamma': 0.9})
train(adam, {'lr': 0.01, 't': 1})
def train_concise(trainer_fn, hyperparams, num_epochs=3):
    net = nn.Sequential(nn.Linear(5, 1))
    def init_weights(m):
        if type(m) == nn.Linear:
            torch.nn.init.normal_(m.weight, std=0.01)
    net.apply(init_weights)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    for _ in range(num_epochs):
        for i in range(0, 300, 30):
            X, y = data[i:i + 30], labels[i:i + 30]
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
        print(f'loss: {loss(net(data), labels.reshape(-1, 1)).mean().item() / 2:.3f}')
for opt, hp in [(torch.optim.SGD, {'lr': 0.05, 'momentum': 0.9}), (torch.optim.Adagrad, {'lr': 0.1}),
                (torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9}), (torch.optim.Adadelta, {'rho': 0.9}),
                (torch.optim.Adam, {'lr': 0.01}), (torch.optim.SGD, {'lr': 0.05, 'momentum': 0.9, 'nesterov': True})]:
    train_concise(opt, hp)
class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr
    def __call__(self, num_update):
        return self.lr * pow(num_update + 1.0, -0.5)
class FactorScheduler:
    def __init__(self, factor=1, stop_factor_lr=1e-7, base_lr=0.1):
        self.factor = factor
        self.stop_factor_lr = stop_factor_lr
        self.base_lr = base_lr
    def __call__(self, num_update):
        self.base_lr = max(self.stop_factor_lr, self.base_lr * self.factor)
        return self.base_lr
class CosineScheduler:
    def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0, warmup_begin_lr=0):
        self.base_lr_orig = base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.max_steps = self.max_update - self.warmup_steps
    def get_warmup_lr(self, epoch):
        increase = (self.base_lr_orig - self.warmup_begin_lr) * float(epoch) / float(self.warmup_steps)
        return self.warmup_begin_lr + increase
    def __call__(self, epoch):
        if epoch < self.warmup_steps:
            return self.get_warmup_lr(epoch)
        if epoch <= self.max_update:
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) * (1 + math.cos(math.pi * (epoch - self.warmup_steps) / self.max_steps)) / 2
        return self.base_lr
for sched in (SquareRootScheduler(0.1), FactorScheduler(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0),
              CosineScheduler(max_update=20, base_lr=0.3, final_lr=0.01), CosineScheduler(20, warmup_steps=5, base_lr=0.3, final_lr=0.01)):
    print([round(sched(t), 4) for t in range(0, 25, 4)])
net = nn.Sequential(nn.Linear(5, 1))
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
scheduler = torch.optim.lr_scheduler.MultiStepLR(trainer, milestones=[15, 30], gamma=0.5)
def get_lr(trainer, scheduler):
    lr = scheduler.get_last_lr()[0]
    trainer.step()
    scheduler.step()
    return lr
print([get_lr(trainer, scheduler) for t in range(0, 40, 5)])
for cls, kw in [(torch.optim.lr_scheduler.StepLR, dict(step_size=3, gamma=0.5)), (torch.optim.lr_scheduler.ExponentialLR, dict(gamma=0.9)),
                (torch.optim.lr_scheduler.CosineAnnealingLR, dict(T_max=10)), (torch.optim.lr_scheduler.LambdaLR, dict(lr_lambda=lambda e: 0.95 ** e)),
                (torch.optim.lr_scheduler.OneCycleLR, dict(max_lr=1.0, total_steps=12))]:
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    s = cls(opt, **kw)
    lrs = []
    for _ in range(10):
        opt.step()
        s.step()
        lrs.append(round(opt.param_groups[0]['lr'], 5))
    print(cls.__name__, lrs)
