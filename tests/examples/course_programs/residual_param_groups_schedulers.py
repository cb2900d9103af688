"""A course's "train it properly" chapter on a residual deblurring CNN: residual blocks held in
an nn.ModuleList and heads in an nn.ModuleDict, weights initialised by nn.init (kaiming_uniform_
with a, xavier_normal_ with a gain, trunc_normal_, orthogonal_, dirac_ for identity-initialised
convs, zeros_ / ones_ / constant_), parameter groups with their own learning rates and weight
decay (no decay for biases and norms), clip_grad_norm_ (2-norm and inf-norm, its returned total
norm) and clip_grad_value_, StepLR / CosineAnnealingLR / OneCycleLR stepped and read with
get_last_lr(), a checkpoint saved with torch.save to a temporary directory and reloaded with
weights_only=True into a fresh model and optimizer, and early stopping on a validation loss."""
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(4)


class ResBlock(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.conv1 = nn.Conv2d(ch, ch, 3, padding=1)
        self.norm = nn.GroupNorm(2, ch)
        self.conv2 = nn.Conv2d(ch, ch, 3, padding=1)
        self.scale = nn.Parameter(torch.tensor(0.1))

    def forward(self, x):
        return x + self.scale * self.conv2(F.silu(self.norm(self.conv1(x))))


class ResDeblur(nn.Module):
    def __init__(self, ch=8, n_blocks=3):
        super().__init__()
        self.stem = nn.Conv2d(1, ch, 3, padding=1)
        self.blocks = nn.ModuleList([ResBlock(ch) for _ in range(n_blocks)])
        self.heads = nn.ModuleDict({"image": nn.Conv2d(ch, 1, 3, padding=1), "noise": nn.Conv2d(ch, 1, 1)})

    def forward(self, x, head="image"):
        f = self.stem(x)
        for block in self.blocks:
            f = block(f)
        return x + self.heads[head](f)


def init_weights(model):
    for name, m in model.named_modules():
        if isinstance(m, nn.Conv2d):
            if name == "stem":
                nn.init.kaiming_uniform_(m.weight, a=0.2, nonlinearity="leaky_relu")
            elif name.endswith("conv2"):
                nn.init.dirac_(m.weight)
            elif name.startswith("heads"):
                nn.init.xavier_normal_(m.weight, gain=0.5)
            else:
                nn.init.trunc_normal_(m.weight, std=0.05, a=-0.1, b=0.1)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.GroupNorm):
            nn.init.ones_(m.weight)
            nn.init.constant_(m.bias, 0.0)


model = ResDeblur()
init_weights(model)
print(model.blocks[0].conv2.weight[:2, :2, 1, 1], model.blocks[1].conv2.weight.sum().item())
w = torch.empty(4, 6)
nn.init.orthogonal_(w)
print(torch.allclose(w @ w.T, torch.eye(4), atol=1e-5), round(model.stem.weight.abs().max().item(), 4))
print(model.blocks[0].conv1.weight.abs().max().item() <= 0.1, list(model.heads.keys()), len(model.blocks))
print(type(model.blocks).__name__, model.heads["noise"], model.blocks[2].scale)

decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if p.ndim <= 1 else decay).append(p)
print(len(decay), len(no_decay))
opt = torch.optim.AdamW([
    {"params": decay, "weight_decay": 1e-2},
    {"params": no_decay, "weight_decay": 0.0, "lr": 5e-3},
], lr=2e-3, betas=(0.9, 0.99))
print([(g["lr"], g["weight_decay"], len(g["params"])) for g in opt.param_groups])

g = torch.Generator().manual_seed(0)
sharp = F.avg_pool2d(torch.rand(24, 1, 20, 20, generator=g), 3, stride=1, padding=1)
box = torch.ones(1, 1, 3, 3) / 9
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode="replicate"), box) + 0.01 * torch.randn(sharp.shape, generator=g)
train_x, train_y, val_x, val_y = blurred[:18], sharp[:18], blurred[18:], sharp[18:]

sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
best, bad, history = float("inf"), 0, []
ckpt_dir = tempfile.mkdtemp()
path = os.path.join(ckpt_dir, "best.pt")
for epoch in range(10):
    model.train()
    for i in range(0, 18, 6):
        opt.zero_grad()
        loss = F.mse_loss(model(train_x[i:i + 6]), train_y[i:i + 6])
        loss.backward()
        total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
        opt.step()
    sched.step()
    model.eval()
    with torch.no_grad():
        val = F.mse_loss(model(val_x), val_y).item()
    history.append(val)
    print(epoch, f"{val:.5f}", f"{total.item():.4f}", [round(lr, 6) for lr in sched.get_last_lr()])
    if val < best - 1e-6:
        best, bad = val, 0
        torch.save({"epoch": epoch, "model": model.state_dict(), "opt": opt.state_dict(),
                    "sched": sched.state_dict(), "val": val}, path)
    else:
        bad += 1
        if bad == 2:
            print("stopping at epoch", epoch)
            break

ckpt = torch.load(path, weights_only=True)
print(sorted(ckpt), ckpt["epoch"], type(ckpt["val"]).__name__, ckpt["sched"]["last_epoch"], ckpt["sched"]["_last_lr"])
fresh = ResDeblur()
print(fresh.load_state_dict(ckpt["model"]))
opt2 = torch.optim.AdamW(fresh.parameters(), lr=1.0)
try:
    opt2.load_state_dict(ckpt["opt"])
except ValueError as e:
    print("ValueError:", e)
opt2 = torch.optim.AdamW([{"params": [p for p in fresh.parameters() if p.ndim > 1]},
                          {"params": [p for p in fresh.parameters() if p.ndim <= 1]}], lr=1.0)
opt2.load_state_dict(ckpt["opt"])
print([g["lr"] for g in opt2.param_groups], opt2.state[fresh.stem.weight]["step"], len(opt2.state))
fresh.eval()
with torch.no_grad():
    print(round(F.mse_loss(fresh(val_x), val_y).item(), 5) == round(ckpt["val"], 5))

p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
p.grad = torch.tensor([10.0, -0.5, 2.0])
print(nn.utils.clip_grad_norm_([p], max_norm=1.0, norm_type=float("inf")), p.grad)
p.grad = torch.tensor([10.0, -0.5, 2.0])
print(nn.utils.clip_grad_norm_([p], 5.0, norm_type=1), p.grad)
p.grad = torch.tensor([10.0, -0.5, 2.0])
nn.utils.clip_grad_value_([p], clip_value=1.0)
print(p.grad, nn.utils.clip_grad_norm_([], 1.0))

for make in (lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=1e-4),
             lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=8, pct_start=0.25),
             lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=[0.1, 0.2], total_steps=6, anneal_strategy="linear",
                                                           three_phase=True)):
    o = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)]},
                         {"params": [torch.zeros(1, requires_grad=True)]}], lr=0.05, momentum=0.9)
    s = make(o)
    lrs, moms = [], []
    for _ in range(6):
        o.step()
        s.step()
        lrs.append([round(x, 5) for x in s.get_last_lr()])
        moms.append(round(o.param_groups[0]["momentum"], 4))
    print(type(s).__name__, lrs, moms)
