"""The deblurring course's training loop: a residual CNN trained on blurred/sharp pairs with L1 loss,
ReduceLROnPlateau on the validation MSE, early stopping with the best model and optimizer state kept
by copy.deepcopy(state_dict()) and restored (then saved and loaded through a buffer), and an SWA tail
(AveragedModel with the SWA multi-average and an EMA over buffers, SWALR's linear anneal, update_bn).
The restored optimizer state is the checkpoint's own tensors, as PyTorch loads them: the SWA epochs
advance the saved step count too."""
import copy
import io
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import SWALR, AveragedModel, update_bn, get_swa_multi_avg_fn, get_ema_avg_fn
from torch.utils.data import DataLoader, TensorDataset

warnings.simplefilter("error")
torch.manual_seed(7)
k = torch.tensor([[[[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]]]) / 16
sharp = torch.rand(24, 1, 10, 10)
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode="replicate"), k)
train = DataLoader(TensorDataset(blurred[:16], sharp[:16]), batch_size=4, shuffle=True,
                   generator=torch.Generator().manual_seed(1))
vb, vs = blurred[16:], sharp[16:]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 6, 3, padding=1, padding_mode="reflect", bias=False), nn.BatchNorm2d(6), nn.LeakyReLU(0.1))
        self.dec = nn.Conv2d(6, 1, 3, padding=1)

    def forward(self, x):
        return x + self.dec(self.enc(x))


model = Net()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1, threshold=1e-3)
best, best_state, best_epoch, bad, patience = float("inf"), None, -1, 0, 2
history = []
for epoch in range(12):
    model.train()
    total = 0.0
    for xb, yb in train:
        opt.zero_grad(set_to_none=True)
        loss = F.l1_loss(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * xb.shape[0]
    model.eval()
    with torch.no_grad():
        val = F.mse_loss(model(vb), vs).item()
    plateau.step(val)
    history.append(val)
    print(f"{epoch:2d} train {total / 16:.4f} val {val:.5f} lr {plateau.get_last_lr()[0]:.2e} bad {plateau.num_bad_epochs}")
    if val < best - 1e-4:
        best, best_epoch, bad = val, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
        best_opt = copy.deepcopy(opt.state_dict())
    else:
        bad += 1
        if bad >= patience:
            print("early stop at", epoch, "best", best_epoch)
            break

print(best_state["enc.1.num_batches_tracked"], best_state["enc.0.weight"].requires_grad, best_state["enc.0.weight"].grad_fn)
print(best_state["enc.0.weight"].data_ptr() == model.enc[0].weight.data_ptr())
print(best_opt["state"][0]["step"], best_opt["param_groups"][0]["lr"])
print(model.load_state_dict(best_state))
model.eval()
with torch.no_grad():
    print(f"restored val {F.mse_loss(model(vb), vs).item():.5f}")
opt.load_state_dict(best_opt)
print(opt.state_dict()["state"][0]["step"], opt.param_groups[0]["lr"], sorted(plateau.state_dict())[:4])
buf = io.BytesIO()
torch.save({"model": best_state, "opt": best_opt, "epoch": best_epoch, "history": history}, buf)
buf.seek(0)
ck = torch.load(buf, weights_only=True)
print(sorted(ck), ck["epoch"], len(ck["history"]), type(ck["model"]).__name__)

# SWA tail
swa = AveragedModel(model, multi_avg_fn=get_swa_multi_avg_fn())
ema = AveragedModel(model, avg_fn=get_ema_avg_fn(0.8), use_buffers=True)
print([n for n, _ in swa.named_buffers()][:2], swa.n_averaged.dtype)
swa_sched = SWALR(opt, swa_lr=1e-3, anneal_epochs=3, anneal_strategy="linear")
for epoch in range(4):
    model.train()
    for xb, yb in train:
        opt.zero_grad()
        F.l1_loss(model(xb), yb).backward()
        opt.step()
    swa.update_parameters(model)
    ema.update_parameters(model)
    swa_sched.step()
    print("swa", epoch, [f"{v:.3e}" for v in swa_sched.get_last_lr()], swa.n_averaged.item(), ema.n_averaged.item())
before = swa.module.enc[1].running_var.clone()
update_bn(train, swa)
print((swa.module.enc[1].running_var - before).abs().max().item() > 0, swa.module.enc[1].num_batches_tracked, swa.module.enc[1].momentum)
print(f"{ema.module.enc[1].running_mean.abs().sum().item():.4f}", ema.module.enc[1].num_batches_tracked)
swa.eval()
with torch.no_grad():
    print(f"swa val {F.mse_loss(swa(vb), vs).item():.5f}")
print(sorted(swa.state_dict())[:3])
# the loaded optimizer state is the checkpoint's own tensors: the SWA epochs advanced them
print(best_opt["state"][0]["step"], opt.state_dict()["state"][0] is opt.state[model.enc[0].weight])
print(ck["opt"]["state"][0]["step"], f"{best_opt['state'][0]['exp_avg'].abs().sum().item():.4g}")
try:
    SWALR(opt, swa_lr=1e-3, anneal_strategy="exp")
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    SWALR(opt, swa_lr=1e-3, anneal_epochs=-1)
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
