"""A course's "keep track of your experiments" chapter: a trainer that logs to
torch.utils.tensorboard's SummaryWriter (add_scalars of train / validation losses per epoch,
add_scalar of the learning rate, add_histogram of weights and gradients, add_graph of the model
with a sample batch, add_image of a restored image, flush and close) into a temporary folder,
the event files found afterwards, a tqdm progress bar over the batches (written to a string
buffer), and the numbers the notebook prints next to it."""
import io
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

torch.manual_seed(6)
sharp = F.avg_pool2d(torch.rand(48, 1, 10, 10), 3, stride=1, padding=1)
kernel = torch.full((1, 1, 3, 3), 1 / 9)
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode="replicate"), kernel) + 0.01 * torch.randn(48, 1, 10, 10)
train_loader = DataLoader(TensorDataset(blurred[:40], sharp[:40]), batch_size=8, shuffle=True,
                          generator=torch.Generator().manual_seed(6))
val_loader = DataLoader(TensorDataset(blurred[40:], sharp[40:]), batch_size=8)

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 3, padding=1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.8)
log_dir = tempfile.mkdtemp()
writer = SummaryWriter(os.path.join(log_dir, "deblur_run"))
print(type(writer).__name__, os.path.basename(writer.log_dir))
writer.add_graph(model, blurred[:2])
progress = io.StringIO()
for epoch in range(4):
    model.train()
    losses = []
    for xb, yb in tqdm(train_loader, desc=f"epoch {epoch}", file=progress, leave=False):
        loss = F.l1_loss(xb + model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        val = sum(F.l1_loss(xb + model(xb), yb, reduction="sum").item() for xb, yb in val_loader) / (8 * 100)
    train_loss = sum(losses) / len(losses)
    writer.add_scalars("loss", {"training": train_loss, "validation": val}, epoch)
    writer.add_scalar("lr", scheduler.get_last_lr()[0], epoch)
    for name, p in model.named_parameters():
        writer.add_histogram(f"weights/{name}", p, epoch)
        writer.add_histogram(f"grads/{name}", p.grad, epoch)
    scheduler.step()
    print(f"epoch {epoch} train L1 {train_loss:.4f} val L1 {val:.4f} lr {optimizer.param_groups[0]['lr']:.5f}")
with torch.no_grad():
    restored = (blurred[40:41] + model(blurred[40:41])).clamp(0, 1)
writer.add_image("restored", restored[0], 0)
writer.add_images("batch", blurred[:4].clamp(0, 1), 0)
writer.flush()
writer.close()
files = [f for _, _, fs in os.walk(log_dir) for f in fs]
print(len(files) > 0, all(f.startswith("events.out.tfevents") for f in files))
print("progress written:", len(progress.getvalue()) > 0, restored.shape, f"{restored.mean().item():.4f}")
for xb, yb in tqdm(val_loader, total=len(val_loader), file=io.StringIO()):
    pass
print(xb.shape, len(val_loader))
