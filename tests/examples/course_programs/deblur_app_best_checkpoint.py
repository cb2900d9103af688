"""The deblurring application's loop: a CNN trained on images blurred by one of three
kernels, validation L1 and PSNR under inference_mode, ReduceLROnPlateau, the best model saved
(in a temporary directory) and loaded back."""
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(22)
BEST = os.path.join(tempfile.mkdtemp(), "best.pt")

def synth(n, s=16):
    x = torch.zeros(n, 1, s, s)
    for i in range(n):
        a, b = torch.randint(1, s - 6, (2,)).tolist(); w = torch.randint(3, 6, (1,)).item()
        x[i, 0, a:a + w, b:b + w] = torch.rand(1).item() * 0.5 + 0.5
    return x
clean = synth(64)
ks = torch.stack([torch.ones(3, 3) / 9, torch.eye(3) / 3, torch.eye(3).flip(0) / 3])
kidx = torch.randint(0, 3, (64,))
blur = torch.cat([F.conv2d(clean[i:i + 1], ks[kidx[i]][None, None], padding=1) for i in range(64)])
print(blur.shape, kidx.bincount())
train = DataLoader(TensorDataset(blur[:48], clean[:48]), batch_size=8, shuffle=True)
val = DataLoader(TensorDataset(blur[48:], clean[48:]), batch_size=8)

class DeblurNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.GELU(), nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.GELU())
        self.mid = nn.Sequential(nn.Conv2d(16, 16, 3, padding=2, dilation=2), nn.SiLU(), nn.Dropout2d(0.1))
        self.dec = nn.Sequential(nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1), nn.ELU(), nn.Conv2d(8, 1, 3, padding=1))
    def forward(self, x):
        return torch.sigmoid(self.dec(self.mid(self.enc(x))) + torch.logit(x.clamp(1e-3, 1 - 1e-3)))

model = DeblurNet()
opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1)
best = float("inf")
for ep in range(5):
    model.train(); tl = 0.0
    for xb, yb in train:
        opt.zero_grad(set_to_none=True)
        loss = F.l1_loss(model(xb), yb)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step(); tl += loss.item() * len(xb)
    model.eval(); vl = 0.0; ps = []
    with torch.inference_mode():
        for xb, yb in val:
            out = model(xb); vl += F.l1_loss(out, yb, reduction="sum").item()
            ps.append(10 * torch.log10(1 / F.mse_loss(out, yb, reduction="none").mean((1, 2, 3))))
    vl /= len(val.dataset) * 256
    sched.step(vl)
    if vl < best:
        best = vl; torch.save({"ep": ep, "sd": model.state_dict()}, BEST)
    print(f"ep{ep} train={tl / 48:.5f} val={vl:.5f} psnr={torch.cat(ps).mean():.3f} lr={opt.param_groups[0]['lr']}")
ck = torch.load(BEST)
print(ck["ep"], list(ck["sd"])[:4])
model.load_state_dict(ck["sd"])
with torch.no_grad():
    out = model(blur[48:50])
print(out.shape, out.requires_grad, out[0, 0, 5, :6])
print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
