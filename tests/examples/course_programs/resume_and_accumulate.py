"""A course's training-engineering lesson: weight initialisation by model.apply (Kaiming,
Xavier, orthogonal from the seeded stream), no weight decay on biases and norms through
named_parameters filters, gradient accumulation, clip_grad_norm_'s returned norm,
zero_grad(set_to_none=False), CosineAnnealingWarmRestarts and a warm-up LambdaLR stepped per
batch, early stopping with copy.deepcopy(model.state_dict()), and a checkpoint written to a
BytesIO buffer in the middle of training that resumes on the same trajectory as training
without a break."""
import copy
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(7)
X = torch.randn(96, 6)
w_true = torch.randn(6, 1)
Y = (X @ w_true).sin() + 0.05 * torch.randn(96, 1)
loader_gen = torch.Generator().manual_seed(11)
loader = DataLoader(TensorDataset(X, Y), batch_size=12, shuffle=True, generator=loader_gen, drop_last=True)


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 24)
        self.norm = nn.LayerNorm(24)
        self.fc2 = nn.Linear(24, 24)
        self.out = nn.Linear(24, 1)

    def forward(self, x):
        h = F.gelu(self.norm(self.fc1(x)))
        h = torch.tanh(self.fc2(h)) + h
        return self.out(h)


def init_weights(m):
    if isinstance(m, nn.Linear):
        if m.out_features == 1:
            nn.init.xavier_uniform_(m.weight, gain=0.5)
        elif m.in_features == 6:
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
        else:
            nn.init.orthogonal_(m.weight)
        nn.init.constant_(m.bias, 0.01)


def build():
    torch.manual_seed(123)
    model = Regressor()
    model.apply(init_weights)
    decay = [p for n, p in model.named_parameters() if p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                             {"params": no_decay, "weight_decay": 0.0}], lr=3e-3)
    return model, opt


model, opt = build()
print(model.fc1.weight.std().item() > 0, round(model.fc2.weight @ model.fc2.weight.T.trace().item() if False else
                                                (model.fc2.weight @ model.fc2.weight.T).trace().item(), 3))
print([round(v, 4) for v in model.out.weight[0, :4].tolist()], model.fc1.bias[:3])
print([(n, p.ndim) for n, p in model.named_parameters() if "norm" in n or n.endswith("bias")])
print([len(g["params"]) for g in opt.param_groups], [g["weight_decay"] for g in opt.param_groups])


def run(model, opt, epochs, sched=None, accum=2, log=None):
    for epoch in range(epochs):
        model.train()
        opt.zero_grad(set_to_none=False)
        for step, (xb, yb) in enumerate(loader):
            loss = F.smooth_l1_loss(model(xb), yb, beta=0.5) / accum
            loss.backward()
            if (step + 1) % accum == 0:
                norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
                opt.step()
                opt.zero_grad(set_to_none=False)
                if sched is not None:
                    sched.step()
        if log is not None:
            # (five decimals: float32 results of two libraries agree to a few units in the last place, and a
            # sixth decimal can round either way)
            log.append((round(loss.item() * accum, 5), round(float(norm), 5), [round(v, 7) for v in sched.get_last_lr()]))
    return model


model, opt = build()
sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=1e-4)
print(model.fc1.weight.grad, type(sched).__name__, sched.get_last_lr())
uninterrupted = []
loader_gen.manual_seed(11)
run(model, opt, 6, sched, log=uninterrupted)
print(model.fc1.weight.grad.abs().sum().item() == 0, model.fc1.weight.grad.shape)
for row in uninterrupted:
    print(row)
final = copy.deepcopy(model.state_dict())

model, opt = build()
sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=1e-4)
first = []
loader_gen.manual_seed(11)
run(model, opt, 3, sched, log=first)
buffer = io.BytesIO()
torch.save({"epoch": 3, "model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
            "rng": loader_gen.get_state()}, buffer)
print("saved bytes > 0:", buffer.tell() > 0)
buffer.seek(0)
ckpt = torch.load(buffer, weights_only=False)
model, opt = build()
sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=1e-4)
model.load_state_dict(ckpt["model"])
opt.load_state_dict(ckpt["optimizer"])
sched.load_state_dict(ckpt["scheduler"])
loader_gen.set_state(ckpt["rng"])
second = []
run(model, opt, 3, sched, log=second)
print(first + second == uninterrupted, ckpt["epoch"], sorted(ckpt["optimizer"]["state"][0]))
print(all(torch.equal(final[k], v) for k, v in model.state_dict().items()))
print(opt.state_dict()["param_groups"][1]["weight_decay"], opt.state_dict()["state"][0]["step"])

model, opt = build()
warmup = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 5))
val_x, val_y = torch.randn(24, 6), torch.randn(24, 1)
best, best_state, patience, waited = float("inf"), None, 2, 0
for epoch in range(20):
    run(model, opt, 1, warmup, accum=1)
    model.eval()
    with torch.no_grad():
        val = F.mse_loss(model(val_x), val_y).item()
    print(f"epoch {epoch} val {val:.4f} lr {warmup.get_last_lr()[0]:.5f}")
    if val < best:
        best, waited = val, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        waited += 1
        if waited >= patience:
            break
model.load_state_dict(best_state)
with torch.no_grad():
    print(round(F.mse_loss(model(val_x), val_y).item(), 4) == round(best, 4), best_state["fc1.weight"] is not model.fc1.weight)

p = nn.Parameter(torch.ones(3))
(p * 2).sum().backward()
norm = torch.nn.utils.clip_grad_norm_([p], max_norm=1.0, norm_type=2.0)
print(norm, p.grad, torch.nn.utils.clip_grad_norm_([p], 0.5, norm_type=float("inf")), p.grad)
print(torch.nn.utils.clip_grad_norm_([nn.Parameter(torch.ones(2))], 1.0))
