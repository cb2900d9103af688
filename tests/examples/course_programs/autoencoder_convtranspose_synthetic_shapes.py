"""A tiny convolutional autoencoder on synthetic 16x16 images of squares and discs: Conv2d
encoder, ConvTranspose2d decoder (stride 2 with output_padding, and output_size given to
forward), trained for a few Adam steps, with reconstruction errors per class, latent codes,
the decoder's weight shapes, the transposed convolution checked against conv2d's gradient, and
decoder layers misconfigured as students do (a one-value kernel tuple, ``padding="same"`` on a
transposed layer, a one-element padding with a padding mode, strides of floats or a tensor)."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def images(n, rng):
    yy, xx = np.mgrid[0:16, 0:16]
    out, labels = [], []
    for i in range(n):
        cy, cx, r = rng.integers(5, 11), rng.integers(5, 11), rng.integers(2, 5)
        if i % 2 == 0:
            img = ((abs(yy - cy) <= r) & (abs(xx - cx) <= r)).astype(np.float32)
        else:
            img = (((yy - cy) ** 2 + (xx - cx) ** 2) <= r * r).astype(np.float32)
        out.append(img)
        labels.append(i % 2)
    return torch.from_numpy(np.stack(out)[:, None]), torch.tensor(labels)


class AutoEncoder(nn.Module):
    def __init__(self, latent=8):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(4, 8, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(8 * 4 * 4, latent))
        self.fc = nn.Linear(latent, 8 * 4 * 4)
        self.up1 = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.up2 = nn.ConvTranspose2d(4, 1, 3, stride=2, padding=1)

    def forward(self, x):
        z = self.encoder(x)
        h = F.relu(self.fc(z)).view(-1, 8, 4, 4)
        h = F.relu(self.up1(h))
        return torch.sigmoid(self.up2(h, output_size=x.shape[-2:])), z


def r4(v):
    return float(f"{v:.4g}")


rng = np.random.default_rng(0)
x, labels = images(16, rng)
print("data", x.shape, x.dtype, x.sum().item(), labels.tolist())
torch.manual_seed(0)
model = AutoEncoder()
print(model)
print("up1 weight", tuple(model.up1.weight.shape), "up2 weight", tuple(model.up2.weight.shape))
print("params", sum(p.numel() for p in model.parameters()))
recon, z = model(x)
print("shapes", tuple(recon.shape), tuple(z.shape))
print("without output_size", tuple(model.up2(F.relu(model.up1(torch.zeros(1, 8, 4, 4)))).shape))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(25):
    opt.zero_grad()
    recon, z = model(x)
    loss = F.binary_cross_entropy(recon, x)
    loss.backward()
    opt.step()
    if epoch % 5 == 0 or epoch == 24:
        print(f"epoch {epoch:2d} bce {loss.item():.4f}")
model.eval()
with torch.no_grad():
    recon, z = model(x)
    per_image = F.mse_loss(recon, x, reduction="none").mean(dim=(1, 2, 3))
for c in (0, 1):
    print("class", c, "mse", r4(per_image[labels == c].mean().item()))
print("latent mean", [r4(v) for v in z.mean(0).tolist()])
print("binarised pixels right", ((recon > 0.5).float() == x).float().mean().item() > 0.5)

# the transposed convolution is the gradient of conv2d with respect to its input
torch.manual_seed(1)
w = torch.randn(4, 2, 3, 3, dtype=torch.float64)
g = torch.randn(1, 4, 5, 5, dtype=torch.float64)
inp = torch.zeros(1, 2, 10, 10, dtype=torch.float64, requires_grad=True)
out = F.conv2d(inp, w, stride=2, padding=1)
(grad_in,) = torch.autograd.grad(out, inp, g)
tc = F.conv_transpose2d(g, w, stride=2, padding=1, output_padding=1)
print("adjoint", out.shape, tc.shape, torch.allclose(grad_in, tc))
try:
    nn.ConvTranspose2d(4, 1, 3, stride=2, padding=1)(torch.zeros(1, 4, 4, 4), output_size=(12, 12))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    nn.ConvTranspose2d(4, 1, 3, stride=2, output_padding=2)
    F.conv_transpose2d(torch.zeros(1, 4, 4, 4), torch.zeros(4, 1, 3, 3), stride=2, output_padding=2)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

# decoder layers students misconfigure: a kernel size of one value in a tuple, padding="same",
# a padding mode with a one-element padding, and a stride that came out of a tensor
for make in (lambda: nn.Conv2d(1, 4, (3,)), lambda: nn.ConvTranspose2d(4, 1, 3, padding="same"),
             lambda: nn.Conv2d(1, 4, 3, padding=[1], padding_mode="reflect"),
             lambda: nn.ConvTranspose2d(4, 1, 3, stride=[2], padding=1)):
    layer = make()
    print(layer, tuple(layer.weight.shape), layer._reversed_padding_repeated_twice)
    try:
        print("  ->", tuple(layer(torch.zeros(1, layer.in_channels, 8, 8)).shape))
    except Exception as e:
        print("  ", type(e).__name__, str(e).splitlines()[0])
stride = torch.tensor(2)
print("tensor stride", tuple(F.conv_transpose2d(torch.zeros(1, 4, 4, 4), model.up2.weight, None, stride, 1).shape))
for bad in (dict(stride=2.0), dict(padding=(1, "1"))):
    try:
        F.conv_transpose2d(torch.zeros(1, 4, 4, 4), model.up2.weight, **bad)
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
