"""A small deblurring CNN on synthetic images: blurred with a replicate-padded binomial
kernel plus noise, a random_split into train and validation DataLoaders, and the losses per epoch."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader, random_split
torch.manual_seed(5)

N = 96
clean = torch.rand(N, 1, 16, 16)
clean = F.avg_pool2d(clean, 3, 1, 1)  # smoother images
k = torch.tensor([[1., 2., 1.], [2., 4., 2.], [1., 2., 1.]]) / 16
blurred = F.conv2d(F.pad(clean, (1, 1, 1, 1), mode="replicate"), k[None, None])
blurred = blurred + 0.01 * torch.randn_like(blurred)
ds = TensorDataset(blurred, clean)
train_ds, val_ds = random_split(ds, [72, 24], generator=torch.Generator().manual_seed(42))
print(len(train_ds), len(val_ds), train_ds.indices[:8])
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=16)
print(len(train_loader), len(val_loader))

model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                      nn.Conv2d(16, 1, 3, padding=1))
loss_fn = nn.MSELoss()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)

def make_train_step(model, loss_fn, optimizer):
    def step(x, y):
        model.train()
        yhat = model(x)
        loss = loss_fn(yhat, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        return loss.item()
    return step

def make_val_step(model, loss_fn):
    def step(x, y):
        model.eval()
        return loss_fn(model(x), y).item()
    return step

train_step = make_train_step(model, loss_fn, opt)
val_step = make_val_step(model, loss_fn)
losses, val_losses = [], []
for epoch in range(6):
    mb = [train_step(x, y) for x, y in train_loader]
    losses.append(sum(mb) / len(mb))
    with torch.no_grad():
        vb = [val_step(x, y) for x, y in val_loader]
    val_losses.append(sum(vb) / len(vb))
    print(f"epoch {epoch} train {losses[-1]:.6f} val {val_losses[-1]:.6f}")
xb, yb = next(iter(val_loader))
print(xb.shape, yb.shape, xb.dtype)
print(model[0].weight.grad)
print(opt.param_groups[0]["lr"], opt.param_groups[0]["betas"], opt.param_groups[0].keys())
g = torch.Generator().manual_seed(0)
dl = DataLoader(ds, batch_size=10, shuffle=True, generator=g, drop_last=True)
first = next(iter(dl))
print(len(dl), first[0].shape, first[0][0, 0, 0, :3])
s = torch.utils.data.Subset(ds, [3, 1, 4])
print(len(s), s[0][0].shape, torch.equal(s[1][1], clean[1]))
