"""A course's "learning-rate schedules" lab: SequentialLR of a LinearLR warm-up and a PolynomialLR,
ChainedScheduler, LambdaLR and MultiplicativeLR with get_last_lr() printed each step and their
state_dict keys; an Adam with two param groups whose rates and weight decay are edited mid-training
under a StepLR; the optimizer state_dict's structure (ids, step counts, initial_lr); add_param_group
and its refusals; and unfreezing a backbone mid-training by adding its param group under a running
ExponentialLR, CosineAnnealingLR and LambdaLR (the last two refuse it, as PyTorch's do)."""
import torch
import torch.nn as nn
from torch.optim import lr_scheduler as S


def lrs(s):
    return [f"{v:.5g}" for v in s.get_last_lr()]


def make(lr=0.1):
    torch.manual_seed(0)
    m = nn.Linear(2, 1)
    return m, torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)


m, opt = make()
s1 = S.LinearLR(opt, start_factor=0.25, total_iters=3)
s2 = S.PolynomialLR(opt, total_iters=4, power=2.0)
seq = S.SequentialLR(opt, schedulers=[s1, s2], milestones=[3])
for i in range(9):
    opt.step()
    seq.step()
    print("seq", i, lrs(seq), seq.last_epoch, f"{opt.param_groups[0]['lr']:.5g}")
print(sorted(seq.state_dict().keys()))
print(seq.state_dict()["_milestones"], seq.state_dict()["last_epoch"], type(seq.state_dict()["_schedulers"]).__name__)

m, opt = make()
chain = S.ChainedScheduler([S.ConstantLR(opt, factor=0.5, total_iters=2), S.ExponentialLR(opt, gamma=0.9)])
for i in range(5):
    opt.step()
    chain.step()
    print("chain", i, lrs(chain))
print(sorted(chain.state_dict().keys()))

m, opt = make()
lam = S.LambdaLR(opt, lr_lambda=lambda e: 1 / (1 + e))
for i in range(4):
    opt.step()
    lam.step()
    print("lambda", i, lrs(lam), lam.base_lrs)
print(sorted(lam.state_dict()), lam.state_dict()["lr_lambdas"])

m, opt = make()
mul = S.MultiplicativeLR(opt, lr_lambda=lambda e: 0.95)
for i in range(3):
    opt.step()
    mul.step()
    print("mul", i, lrs(mul))

# param groups edited mid-training
torch.manual_seed(0)
body, head = nn.Linear(3, 3), nn.Linear(3, 1)
opt = torch.optim.Adam([{"params": body.parameters()}, {"params": head.parameters(), "lr": 1e-2}], lr=1e-3, betas=(0.8, 0.99))
print([sorted(g.keys()) for g in opt.param_groups][0])
print([g["lr"] for g in opt.param_groups], opt.defaults["lr"], opt.param_groups[0]["betas"])
x, y = torch.randn(6, 3), torch.randn(6, 1)
sched = S.StepLR(opt, step_size=2, gamma=0.5)
for epoch in range(5):
    opt.zero_grad()
    loss = (head(body(x)) - y).pow(2).mean()
    loss.backward()
    opt.step()
    sched.step()
    if epoch == 1:
        for g in opt.param_groups:
            g["lr"] = g["lr"] * 10
        opt.param_groups[1]["weight_decay"] = 0.1
    print(epoch, f"{loss.item():.4g}", lrs(sched), [f"{g['lr']:.4g}" for g in opt.param_groups])
sd = opt.state_dict()
print(sorted(sd), len(sd["state"]), sorted(sd["state"]), sorted(sd["state"][0]))
print(sd["state"][0]["step"], sd["state"][0]["step"].dtype, sd["state"][0]["exp_avg"].shape)
print(sd["param_groups"][1]["params"], sd["param_groups"][1]["weight_decay"], sd["param_groups"][0]["initial_lr"])
print(sorted(sd["param_groups"][0]))
extra = nn.Parameter(torch.zeros(2))
opt.add_param_group({"params": [extra], "lr": 0.5})
print(len(opt.param_groups), opt.param_groups[2]["betas"], opt.param_groups[2]["lr"], "initial_lr" in opt.param_groups[2])
print(opt.state_dict()["param_groups"][2]["params"])
try:
    opt.add_param_group({"params": head.weight})
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    opt.add_param_group({"params": [torch.zeros(2)]})
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    S.StepLR(opt, 1)
except KeyError as e:
    print(type(e).__name__, str(e).splitlines()[0])

sgd = torch.optim.SGD([nn.Parameter(torch.ones(2))], lr=0.1, momentum=0.9)
print(sgd.state_dict())
sgd.param_groups[0]["params"][0].grad = torch.ones(2)
sgd.step()
print(sgd.state_dict()["state"])
print(repr(sgd).splitlines()[:4])

# unfreezing the backbone mid-training: a new param group under a running scheduler
for name, make in [("ExponentialLR", lambda o: S.ExponentialLR(o, gamma=0.5)),
                   ("CosineAnnealingLR", lambda o: S.CosineAnnealingLR(o, T_max=2)),
                   ("LambdaLR", lambda o: S.LambdaLR(o, lambda e: 0.5 ** e))]:
    torch.manual_seed(0)
    backbone, head = nn.Linear(3, 3).requires_grad_(False), nn.Linear(3, 1)
    opt = torch.optim.SGD(head.parameters(), lr=0.1)
    sched = make(opt)
    try:
        for epoch in range(4):
            opt.zero_grad()
            (head(backbone(x)) - y).pow(2).mean().backward()
            opt.step()
            sched.step()
            if epoch == 1:
                backbone.requires_grad_(True)
                opt.add_param_group({"params": backbone.parameters(), "lr": 0.01})
            print(name, epoch, lrs(sched))
    except ValueError as e:
        print(name, type(e).__name__, str(e).splitlines()[0])
