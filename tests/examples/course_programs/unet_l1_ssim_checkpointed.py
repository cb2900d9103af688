"""A deblurring course's U-Net chapter: an encoder-decoder with skip connections concatenated on
channels, MaxPool2d downsampling and ConvTranspose2d upsampling, the decoder blocks run through
torch.utils.checkpoint (use_reentrant=False) to save memory, and checked to give the same
gradients as the plain forward; trained with nn.L1Loss mixed with an SSIM loss written in torch,
torch.clamp on the output in the loop, gradient clipping by norm, early stopping on the
validation PSNR with the best weights kept, and checkpoint_sequential on a plain stack."""
import copy
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(8)


def gaussian_window(size=5, sigma=1.5):
    coords = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-coords ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] @ g[None, :]).expand(1, 1, size, size).contiguous()


WINDOW = gaussian_window()


def ssim(x, y, c1=0.01 ** 2, c2=0.03 ** 2):
    channels = x.shape[1]
    w = WINDOW.expand(channels, 1, -1, -1)
    mu_x = F.conv2d(x, w, padding=2, groups=channels)
    mu_y = F.conv2d(y, w, padding=2, groups=channels)
    sigma_x = F.conv2d(x * x, w, padding=2, groups=channels) - mu_x ** 2
    sigma_y = F.conv2d(y * y, w, padding=2, groups=channels) - mu_y ** 2
    sigma_xy = F.conv2d(x * y, w, padding=2, groups=channels) - mu_x * mu_y
    num = (2 * mu_x * mu_y + c1) * (2 * sigma_xy + c2)
    den = (mu_x ** 2 + mu_y ** 2 + c1) * (sigma_x + sigma_y + c2)
    return (num / den).mean()


class MixedLoss(nn.Module):
    def __init__(self, alpha=0.84):
        super().__init__()
        self.alpha = alpha
        self.l1 = nn.L1Loss()

    def forward(self, pred, target):
        return self.alpha * (1 - ssim(pred, target)) + (1 - self.alpha) * self.l1(pred, target)


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, c=6, use_checkpoint=False):
        super().__init__()
        self.use_checkpoint = use_checkpoint
        self.enc1, self.enc2 = double_conv(1, c), double_conv(c, 2 * c)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.bottleneck = double_conv(2 * c, 4 * c)
        self.up2 = nn.ConvTranspose2d(4 * c, 2 * c, kernel_size=2, stride=2)
        self.dec2 = double_conv(4 * c, 2 * c)
        self.up1 = nn.ConvTranspose2d(2 * c, c, kernel_size=2, stride=2)
        self.dec1 = double_conv(2 * c, c)
        self.out = nn.Conv2d(c, 1, kernel_size=1)

    def _run(self, block, x):
        if self.use_checkpoint and self.training:
            return checkpoint(block, x, use_reentrant=False)
        return block(x)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        b = self.bottleneck(self.pool(e2))
        d2 = self._run(self.dec2, torch.cat([self.up2(b), e2], dim=1))
        d1 = self._run(self.dec1, torch.cat((self.up1(d2), e1), 1))
        return x + self.out(d1)


def make_pairs(n, size=16):
    clean = torch.zeros(n, 1, size, size)
    for i in range(n):
        for _ in range(2):
            r, c = torch.randint(0, size - 5, (2,)).tolist()
            clean[i, :, r:r + 5, c:c + 5] += torch.rand(1)
    clean = clean.clamp(0, 1)
    kernel = torch.tensor([1.0, 2.0, 3.0, 2.0, 1.0])
    kernel = (kernel[:, None] * kernel[None, :]) / 81
    blurred = F.conv2d(F.pad(clean, (2, 2, 2, 2), mode='reflect'), kernel.view(1, 1, 5, 5))
    return blurred + 0.01 * torch.randn_like(blurred), clean


train_x, train_y = make_pairs(16)
val_x, val_y = make_pairs(4)
print(train_x.shape, f"{ssim(train_x, train_y).item():.4f}", f"{ssim(train_y, train_y).item():.4f}")


def psnr(pred, target):
    mse = F.mse_loss(pred, target)
    return 10 * math.log10(1.0 / mse.item())


torch.manual_seed(0)
plain = UNet()
torch.manual_seed(0)
checkpointed = UNet(use_checkpoint=True)
print(sum(p.numel() for p in plain.parameters()), torch.equal(plain.up1.weight, checkpointed.up1.weight),
      plain.up1.weight.shape)
loss_fn = MixedLoss()
for net in (plain, checkpointed):
    net.train()
    loss_fn(net(train_x[:4]), train_y[:4]).backward()
print(all(torch.allclose(a.grad, b.grad, atol=1e-6) for a, b in zip(plain.parameters(), checkpointed.parameters())))
print(loss_fn(plain(train_x[:4]), train_y[:4]))

model = checkpointed
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
best_psnr, best_state, patience, bad_epochs = -float('inf'), None, 3, 0
for epoch in range(12):
    model.train()
    epoch_loss, norms = 0.0, []
    for i in range(0, len(train_x), 4):
        optimizer.zero_grad()
        pred = torch.clamp(model(train_x[i:i + 4]), 0.0, 1.0)
        loss = loss_fn(pred, train_y[i:i + 4])
        loss.backward()
        norms.append(nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5).item())
        optimizer.step()
        epoch_loss += loss.item()
    model.eval()
    with torch.no_grad():
        val_psnr = psnr(model(val_x).clamp(0, 1), val_y)
    improved = val_psnr > best_psnr + 0.05
    print(f"epoch {epoch:02d} loss {epoch_loss / 4:.4f} max grad norm {max(norms):.4f} val PSNR {val_psnr:.2f} dB"
          + (" *" if improved else ""))
    if improved:
        best_psnr, best_state, bad_epochs = val_psnr, copy.deepcopy(model.state_dict()), 0
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print(f"early stop at epoch {epoch}, best {best_psnr:.2f} dB")
            break
model.load_state_dict(best_state)
model.eval()
with torch.no_grad():
    print(f"restored best: {psnr(model(val_x).clamp(0, 1), val_y):.2f} dB, input {psnr(val_x.clamp(0, 1), val_y):.2f} dB")

torch.manual_seed(4)
stack = nn.Sequential(*[nn.Sequential(nn.Linear(8, 8), nn.Tanh()) for _ in range(4)])
x = torch.randn(5, 8, requires_grad=True)
out = checkpoint_sequential(stack, 2, x, use_reentrant=False)
out.sum().backward()
g_ckpt = x.grad.clone()
x.grad = None
stack(x).sum().backward()
print(out.shape, out.grad_fn is not None, torch.allclose(g_ckpt, x.grad), [round(v, 4) for v in g_ckpt[0, :4].tolist()])
y = checkpoint(lambda a, b: a * b.sin(), x, torch.ones(8), use_reentrant=False)
print(y.requires_grad, y.shape)
