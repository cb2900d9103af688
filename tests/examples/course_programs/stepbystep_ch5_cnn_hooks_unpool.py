"""Chapter 5 CNN on hand-made shape images: transforms by hand (flip, normalise, random crop by
padding), Conv2d/MaxPool2d with return_indices and MaxUnpool2d, Dropout2d, forward hooks to
capture feature maps, CrossEntropyLoss with label smoothing and class weights, top-k accuracy."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(17)

def make_images(n, size=12):
    imgs = torch.zeros(n, 1, size, size)
    labels = torch.randint(0, 3, (n,))
    for i, c in enumerate(labels.tolist()):
        p = torch.randint(1, size - 4, (2,))
        r, col = p.tolist()
        if c == 0:
            imgs[i, 0, r, col:col + 4] = 1.0          # horizontal line
        elif c == 1:
            imgs[i, 0, r:r + 4, col] = 1.0            # vertical line
        else:
            imgs[i, 0, r:r + 3, col:col + 3] = torch.eye(3)  # diagonal
    return imgs, labels

X, Y = make_images(60)
print(X.shape, Y.bincount(), X.sum((1, 2, 3))[:6])

def random_hflip(x, p=0.5):
    flip = torch.rand(x.shape[0]) < p
    return torch.where(flip[:, None, None, None], x.flip(-1), x)

def random_crop(x, pad=2):
    xp = F.pad(x, (pad,) * 4, mode='reflect')
    i, j = torch.randint(0, 2 * pad + 1, (2,)).tolist()
    return xp[..., i:i + x.shape[-2], j:j + x.shape[-1]]

def normalize(x, mean=0.1, std=0.3):
    return (x - mean) / std

class Net(nn.Module):
    def __init__(self, p=0.2):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=3, padding='same')
        self.pool = nn.MaxPool2d(2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2)
        self.conv2 = nn.Conv2d(6, 8, 3)
        self.drop = nn.Dropout2d(p)
        self.fc = nn.Linear(8 * 4 * 4, 3)
    def forward(self, x):
        x = F.relu(self.conv1(x))
        x, idx = self.pool(x)
        self.recon = self.unpool(x, idx)
        x = self.drop(F.relu(self.conv2(x)))
        return self.fc(torch.flatten(x, 1))

model = Net()
feats = {}
def hook(name):
    def fn(mod, inp, out):
        feats[name] = out.detach() if torch.is_tensor(out) else out[0].detach()
    return fn
handles = [model.conv1.register_forward_hook(hook('conv1')), model.pool.register_forward_hook(hook('pool'))]
out = model(normalize(X[:4]))
print(out.shape, feats['conv1'].shape, feats['pool'].shape, model.recon.shape, (model.recon != 0).sum().item())
for h in handles: h.remove()
print(len(model.conv1._forward_hooks))
loss_fn = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 1.2, 0.8]), label_smoothing=0.1)
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-2)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=30)
for step in range(30):
    idx = torch.randperm(60)[:16]
    xb = normalize(random_crop(random_hflip(X[idx])))
    model.train()
    loss = loss_fn(model(xb), Y[idx])
    opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 5), round(sched.get_last_lr()[0], 7), round(opt.param_groups[0]['betas'][0], 6))
model.eval()
with torch.no_grad():
    logits = model(normalize(X))
    probs = F.softmax(logits, dim=1)
    top2 = logits.topk(2, dim=1).indices
print(round((logits.argmax(1) == Y).float().mean().item(), 4), round((top2 == Y[:, None]).any(1).float().mean().item(), 4))
print(probs[:3].round(decimals=3), probs.sum(1)[:3])
nll = F.nll_loss(F.log_softmax(logits, 1), Y, reduction='none')
print(nll[:4], nll.argmax().item(), torch.max(nll, 0))
conf = torch.zeros(3, 3, dtype=torch.long)
conf.index_put_((Y, logits.argmax(1)), torch.ones(60, dtype=torch.long), accumulate=True)
print(conf)
w = model.conv1.weight.detach()
grid = (w - w.amin((1, 2, 3), keepdim=True)) / (w.amax((1, 2, 3), keepdim=True) - w.amin((1, 2, 3), keepdim=True))
print(grid.shape, grid.min().item(), grid.max().item(), grid[0, 0])
print(model.drop, model.pool, model.unpool)
