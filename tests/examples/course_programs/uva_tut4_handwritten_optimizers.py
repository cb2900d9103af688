"""UvA DL course, Tutorial 4 (Optimization and Initialization), second half: an
``OptimizerTemplate`` base class with ``zero_grad`` (``p.grad.detach_()`` / ``zero_()``) and a
``step`` under ``torch.no_grad()`` calling ``update_param``, SGD / SGDMomentum / Adam written by
hand with per-parameter state in dicts keyed by the parameter (``torch.zeros_like``), compared
with ``torch.optim`` on a small network; then the pathological-curvature function
``tanh(x1)**2 + 0.01*x2.abs()`` / a steep Gaussian-like valley optimized from ``[-5, 4]`` with
each optimizer, trajectories stacked with ``torch.stack`` and printed."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)


class OptimizerTemplate:

    def __init__(self, params, lr):
        self.params = list(params)
        self.lr = lr

    def zero_grad(self):
        for p in self.params:
            if p.grad is not None:
                p.grad.detach_()
                p.grad.zero_()

    @torch.no_grad()
    def step(self):
        for p in self.params:
            if p.grad is None:
                continue
            self.update_param(p)

    def update_param(self, p):
        raise NotImplementedError


class SGD(OptimizerTemplate):

    def __init__(self, params, lr):
        super().__init__(params, lr)

    def update_param(self, p):
        p_update = -self.lr * p.grad
        p.add_(p_update)


class SGDMomentum(OptimizerTemplate):

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        self.momentum = momentum
        self.param_momentum = {p: torch.zeros_like(p.data) for p in self.params}

    def update_param(self, p):
        self.param_momentum[p] = (1 - self.momentum) * p.grad + self.momentum * self.param_momentum[p]
        p_update = -self.lr * self.param_momentum[p]
        p.add_(p_update)


class Adam(OptimizerTemplate):

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(params, lr)
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.param_step = {p: 0 for p in self.params}
        self.param_momentum = {p: torch.zeros_like(p.data) for p in self.params}
        self.param_2nd_momentum = {p: torch.zeros_like(p.data) for p in self.params}

    def update_param(self, p):
        self.param_step[p] += 1
        self.param_momentum[p] = (1 - self.beta1) * p.grad + self.beta1 * self.param_momentum[p]
        self.param_2nd_momentum[p] = (1 - self.beta2) * (p.grad) ** 2 + self.beta2 * self.param_2nd_momentum[p]
        bias_correction_1 = 1 - self.beta1 ** self.param_step[p]
        bias_correction_2 = 1 - self.beta2 ** self.param_step[p]
        p_2nd_mom = self.param_2nd_momentum[p] / bias_correction_2
        p_mom = self.param_momentum[p] / bias_correction_1
        p_lr = self.lr / (torch.sqrt(p_2nd_mom) + self.eps)
        p_update = -p_lr * p_mom
        p.add_(p_update)


x = torch.randn(96, 8)
y = (x[:, :2].sum(dim=1) > 0).long() + (x[:, 2] > 1).long()
print(y.bincount())


def make_net():
    torch.manual_seed(3)
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))


def train(net, opt, steps=60):
    losses = []
    for step in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    acc = (net(x).argmax(dim=-1) == y).float().mean().item()
    return losses, acc


for name, make_opt in [("SGD", lambda p: SGD(p, lr=0.1)),
                       ("SGDMom", lambda p: SGDMomentum(p, lr=0.1, momentum=0.9)),
                       ("Adam", lambda p: Adam(p, lr=0.01))]:
    net = make_net()
    losses, acc = train(net, make_opt(net.parameters()))
    print(f"{name:8s} loss {losses[0]:.4f} -> {losses[-1]:.4f}  acc {acc:.3f}")

net_a, net_b = make_net(), make_net()
ours, theirs = Adam(net_a.parameters(), lr=0.01), torch.optim.Adam(net_b.parameters(), lr=0.01)
la, _ = train(net_a, ours, steps=20)
lb, _ = train(net_b, theirs, steps=20)
print("hand Adam vs torch.optim.Adam:", max(abs(a - b) for a, b in zip(la, lb)) < 1e-4)
print(type(theirs).__name__, theirs.defaults["betas"], len(theirs.state), sorted(theirs.state[net_b[0].weight].keys()))
print(theirs.state[net_b[0].weight]["step"], theirs.param_groups[0]["lr"])
net_a, net_b = make_net(), make_net()
la, _ = train(net_a, SGD(net_a.parameters(), lr=0.1), steps=10)
lb, _ = train(net_b, torch.optim.SGD(net_b.parameters(), lr=0.1), steps=10)
print("hand SGD vs torch.optim.SGD:", max(abs(a - b) for a, b in zip(la, lb)) < 1e-5)


def pathological_curve_loss(w1, w2):
    x1_loss = torch.tanh(w1) ** 2 + 0.01 * torch.abs(w1)
    x2_loss = torch.sigmoid(w2)
    return x1_loss + x2_loss


def bivar_gaussian(w1, w2, x_mean=0.0, y_mean=0.0, x_sig=1.0, y_sig=1.0):
    norm = 1 / (2 * torch.pi * x_sig * y_sig) if hasattr(torch, "pi") else None
    x_exp = (-1 * (w1 - x_mean) ** 2) / (2 * x_sig ** 2)
    y_exp = (-1 * (w2 - y_mean) ** 2) / (2 * y_sig ** 2)
    return norm * torch.exp(x_exp + y_exp)


def comb_func(w1, w2):
    z = -bivar_gaussian(w1, w2, x_mean=1.0, y_mean=-0.5, x_sig=0.2, y_sig=0.2)
    z -= bivar_gaussian(w1, w2, x_mean=-1.0, y_mean=0.5, x_sig=0.2, y_sig=0.2)
    z -= bivar_gaussian(w1, w2, x_mean=-0.5, y_mean=-0.8, x_sig=0.2, y_sig=0.2)
    return z


def train_curve(optimizer_func, curve_func=pathological_curve_loss, num_updates=100, init=[5, 5]):
    weights = nn.Parameter(torch.FloatTensor(init), requires_grad=True)
    optimizer = optimizer_func([weights])
    list_points = []
    for _ in range(num_updates):
        loss = curve_func(weights[0], weights[1])
        list_points.append(torch.cat([weights.data.detach(), loss.unsqueeze(dim=0).detach()], dim=0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    points = torch.stack(list_points, dim=0).numpy()
    return points


SGD_points = train_curve(lambda params: SGD(params, lr=10))
SGDMom_points = train_curve(lambda params: SGDMomentum(params, lr=10, momentum=0.9))
Adam_points = train_curve(lambda params: Adam(params, lr=1))
for name, pts in [("SGD", SGD_points), ("SGDMom", SGDMom_points), ("Adam", Adam_points)]:
    # (SGD at lr=10 bounces across the tanh valley: w1's path from step ~20 on turns on the last bit of
    # tanh, which NumPy and PyTorch's kernels round apart in a third of cases; w2 and the first steps do not)
    print(name, pts.shape, pts.dtype, pts[[0, 1, 10]].round(3).tolist(), pts[-1, 1].round(2))

print(comb_func(torch.tensor(1.0), torch.tensor(-0.5)))
for name, opt in [("SGD", lambda p: SGD(p, lr=0.5)), ("SGDMom", lambda p: SGDMomentum(p, lr=0.5, momentum=0.9)),
                  ("Adam", lambda p: Adam(p, lr=0.2))]:
    pts = train_curve(opt, comb_func, init=[0, 0], num_updates=50)
    print(name, pts[-1].round(3).tolist())
