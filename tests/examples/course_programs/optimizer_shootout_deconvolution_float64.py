"""Which optimizer deconvolves best? A course exercise solving the same float64 non-blind
deconvolution (data term plus a smoothed-TV prior) with every optimizer in torch.optim and their less
used options: SGD (nesterov, dampening), Adam (amsgrad), AdamW, NAdam (momentum_decay,
decoupled_weight_decay), RAdam (decoupled_weight_decay), Adamax, Adagrad (lr_decay,
initial_accumulator_value), RMSprop (centered, momentum), Adadelta, Rprop (etas, step_sizes), ASGD,
LBFGS with strong Wolfe line search, foreach=True/False agreeing (to rounding), maximize=True on the negated
objective, step pre/post hooks, and what each state_dict keeps."""
import torch
import torch.nn.functional as F

torch.manual_seed(12)
sharp = torch.rand(1, 1, 10, 10, dtype=torch.float64)
kernel = torch.tensor([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]], dtype=torch.float64).view(1, 1, 3, 3) / 16
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode="reflect"), kernel) + 0.01 * torch.randn(1, 1, 10, 10,
                                                                                          dtype=torch.float64)


def objective(x):
    fit = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="reflect"), kernel) - blurred
    dx = x[..., :, 1:] - x[..., :, :-1]
    dy = x[..., 1:, :] - x[..., :-1, :]
    tv = torch.sqrt(dx[..., :-1, :] ** 2 + dy[..., :, :-1] ** 2 + 1e-4).sum()
    return 0.5 * (fit ** 2).sum() + 2e-3 * tv


SETUPS = {
    "SGD nesterov": (torch.optim.SGD, dict(lr=0.5, momentum=0.9, nesterov=True)),
    "SGD dampening": (torch.optim.SGD, dict(lr=0.5, momentum=0.9, dampening=0.5, weight_decay=1e-3)),
    "Adam amsgrad": (torch.optim.Adam, dict(lr=0.02, amsgrad=True)),
    "AdamW": (torch.optim.AdamW, dict(lr=0.02, weight_decay=0.1)),
    "NAdam": (torch.optim.NAdam, dict(lr=0.02, momentum_decay=3e-3)),
    "NAdam decoupled": (torch.optim.NAdam, dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True)),
    "RAdam": (torch.optim.RAdam, dict(lr=0.02)),
    "RAdam decoupled": (torch.optim.RAdam, dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True)),
    "Adamax": (torch.optim.Adamax, dict(lr=0.02)),
    "Adagrad": (torch.optim.Adagrad, dict(lr=0.05, lr_decay=0.01, initial_accumulator_value=0.1)),
    "RMSprop centered": (torch.optim.RMSprop, dict(lr=0.005, centered=True, momentum=0.5)),
    "Adadelta": (torch.optim.Adadelta, dict(lr=1.0, rho=0.8)),
    "Rprop": (torch.optim.Rprop, dict(lr=0.01, etas=(0.4, 1.3), step_sizes=(1e-5, 0.2))),
    "ASGD": (torch.optim.ASGD, dict(lr=0.5, t0=5, lambd=1e-3)),
}


def solve(cls, kwargs, steps=15, **extra):
    x = blurred.clone().requires_grad_()
    opt = cls([x], **kwargs, **extra)
    for _ in range(steps):
        opt.zero_grad()
        loss = objective(x)
        loss.backward()
        opt.step()
    return x, opt


for name, (cls, kwargs) in SETUPS.items():
    x, opt = solve(cls, kwargs)
    state = opt.state_dict()["state"][0]
    print(f"{name:17s} {objective(x).item():.10f} {(x - sharp).abs().mean().item():.10f}", sorted(state))
    if name in ("Adam amsgrad", "RMSprop centered", "Rprop", "NAdam"):
        y, _ = solve(cls, kwargs, foreach=True)
        z, _ = solve(cls, kwargs, foreach=False)
        print("  foreach agree", torch.allclose(y, z, rtol=1e-12, atol=0), torch.allclose(z, x, rtol=0, atol=0))

x = blurred.clone().requires_grad_()
lbfgs = torch.optim.LBFGS([x], lr=1, max_iter=20, history_size=5, line_search_fn="strong_wolfe")
evals = []


def closure():
    lbfgs.zero_grad()
    loss = objective(x)
    loss.backward()
    evals.append(loss.item())
    return loss


for _ in range(3):
    out = lbfgs.step(closure)
print(f"LBFGS {out.item():.10f} {objective(x).item():.10f}", len(evals), lbfgs.state_dict()["state"][0]["n_iter"])
print(sorted(lbfgs.state_dict()["state"][0]))

x = blurred.clone().requires_grad_()
opt = torch.optim.Adam([x], lr=0.02, maximize=True)
calls = []
pre = opt.register_step_pre_hook(lambda o, args, kwargs: calls.append("pre"))
post = opt.register_step_post_hook(lambda o, args, kwargs: calls.append("post"))
for _ in range(3):
    opt.zero_grad()
    (-objective(x)).backward()
    opt.step()
pre.remove()
opt.step()
post.remove()
opt.step()
print(calls, f"{objective(x).item():.10f}", opt.state[x]["step"], opt.param_groups[0]["maximize"])
try:
    armijo = torch.optim.LBFGS([x], line_search_fn="armijo")
    armijo.step(lambda: objective(x))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.optim.Rprop([x], etas=(1.2, 0.5))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.optim.LBFGS([x]).step()
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
