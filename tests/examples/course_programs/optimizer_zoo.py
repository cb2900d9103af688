"""A course's optimisation lesson: the Rosenbrock function minimised by every optimizer in
torch.optim from the same start (SGD with momentum and dampening, Adam, AdamW, Adamax, NAdam,
RAdam, Adagrad, Adadelta, RMSprop centered, Rprop, ASGD), LBFGS with a closure and strong-Wolfe
line search fitting a logistic regression, optimizer.state inspected, maximize=True, an
optimizer over a plain list of tensors, and a per-parameter learning rate changed by hand
during training."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


makers = {
    "SGD": lambda ps: torch.optim.SGD(ps, lr=1e-3, momentum=0.9, dampening=0.1),
    "Adam": lambda ps: torch.optim.Adam(ps, lr=0.05),
    "AdamW": lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.1, amsgrad=True),
    "Adamax": lambda ps: torch.optim.Adamax(ps, lr=0.1),
    "NAdam": lambda ps: torch.optim.NAdam(ps, lr=0.05),
    "RAdam": lambda ps: torch.optim.RAdam(ps, lr=0.05),
    "Adagrad": lambda ps: torch.optim.Adagrad(ps, lr=0.5, lr_decay=1e-3),
    "Adadelta": lambda ps: torch.optim.Adadelta(ps, lr=1.0),
    "RMSprop": lambda ps: torch.optim.RMSprop(ps, lr=1e-2, centered=True, momentum=0.5),
    "Rprop": lambda ps: torch.optim.Rprop(ps, lr=0.01),
    "ASGD": lambda ps: torch.optim.ASGD(ps, lr=1e-3),
}
for name, make in makers.items():
    p = torch.tensor([-1.5, 2.0], requires_grad=True)
    opt = make([p])
    for step in range(200):
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        opt.step()
    state = opt.state[p]
    print(f"{name:8s} loss {rosenbrock(p).item():10.5f} p {[round(v, 4) for v in p.tolist()]} state {sorted(state)}")

p = torch.tensor([0.5, 0.5], requires_grad=True)
opt = torch.optim.Adam([p], lr=0.1, maximize=True)
for _ in range(20):
    opt.zero_grad()
    gain = -(p - 2).pow(2).sum()
    gain.backward()
    opt.step()
print("maximize", [round(v, 3) for v in p.tolist()], opt.defaults["maximize"])

torch.manual_seed(2)
X = torch.randn(80, 3)
true_w = torch.tensor([1.5, -2.0, 0.5])
y = (X @ true_w + 0.3 * torch.randn(80) > 0).float()
model = nn.Linear(3, 1)
lbfgs = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=20, history_size=10, line_search_fn="strong_wolfe")
calls = []


def closure():
    lbfgs.zero_grad()
    loss = F.binary_cross_entropy_with_logits(model(X).squeeze(1), y) + 1e-3 * model.weight.pow(2).sum()
    loss.backward()
    calls.append(loss.item())
    return loss


for outer in range(3):
    loss = lbfgs.step(closure)
    print(f"LBFGS step {outer}: loss {loss.item():.6f} after {len(calls)} evaluations")
print([round(v, 3) for v in model.weight[0].tolist()], round(model.bias.item(), 3), sorted(lbfgs.state[model.weight]))
plain = torch.optim.LBFGS([torch.zeros(2, requires_grad=True)], lr=0.5, max_iter=5)
target = torch.tensor([3.0, -1.0])


def quad():
    plain.zero_grad()
    loss = (plain.param_groups[0]["params"][0] - target).pow(2).sum()
    loss.backward()
    return loss


print(round(plain.step(quad).item(), 4), [round(v, 4) for v in plain.param_groups[0]["params"][0].tolist()])

w1 = torch.zeros(3, requires_grad=True)
w2 = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([{"params": [w1]}, {"params": [w2], "lr": 0.5}], lr=0.1)
for epoch in range(4):
    opt.zero_grad()
    loss = ((X[:, :3] @ w1 + w2 - y) ** 2).mean()
    loss.backward()
    opt.step()
    for group in opt.param_groups:
        group["lr"] *= 0.5
    print(epoch, round(loss.item(), 5), [g["lr"] for g in opt.param_groups])
print(opt)
print(torch.optim.Adam([w1], lr=1e-3))
