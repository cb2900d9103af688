"""A "from scratch" chapter in another course's style: synthetic 3-vs-7 style images as stacked
tensors, a pixel-similarity baseline (mean images, L1 / RMSE distances with broadcasting), init_params
with requires_grad_(), a linear model as ``xb @ weights + bias``, a sigmoid mnist_loss written with
torch.where, a BasicOptim class (step / zero_grad with ``p.grad = None``), the same with
nn.Linear and torch.optim.SGD, validate_epoch with torch.stack of batch accuracies, a two-layer net
written with F.relu, and the autograd errors such code meets (requires_grad_ on a non-leaf, grad of
an unused input, in-place on a leaf, backward of a non-scalar) printed with their messages."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


def make_digits(kind, n, g):
    imgs = torch.zeros(n, 8, 8)
    if kind == 3:
        imgs[:, 1, 2:6] = 1
        imgs[:, 3:5, 5] = 1
        imgs[:, 4, 3:6] = 1
        imgs[:, 6, 2:6] = 1
    else:
        imgs[:, 1, 1:7] = 1
        for r in range(2, 7):
            imgs[:, r, 7 - r] = 1
    return (imgs + 0.3 * torch.rand(n, 8, 8, generator=g)).clamp(0, 1)


g = torch.Generator().manual_seed(42)
threes, sevens = make_digits(3, 60, g), make_digits(7, 60, g)
stacked_threes, stacked_sevens = threes.float(), sevens.float()
print(stacked_threes.shape, stacked_threes.ndim, len(stacked_threes.shape))
mean3, mean7 = stacked_threes.mean(0), stacked_sevens.mean(0)
a_3 = stacked_threes[1]
dist_3_abs = (a_3 - mean3).abs().mean()
dist_3_sqr = ((a_3 - mean3) ** 2).mean().sqrt()
print(dist_3_abs, dist_3_sqr, F.l1_loss(a_3.float(), mean7), F.mse_loss(a_3, mean7).sqrt())


def mnist_distance(a, b):
    return (a - b).abs().mean((-1, -2))


valid_3_dist = mnist_distance(stacked_threes[40:], mean3)
print(valid_3_dist.shape, (stacked_threes[40:] - mean3).shape)


def is_3(x):
    return mnist_distance(x, mean3) < mnist_distance(x, mean7)


print(is_3(a_3), is_3(a_3).float(), is_3(stacked_threes[40:]).float().mean(), (1 - is_3(stacked_sevens[40:]).float()).mean())

train_x = torch.cat([stacked_threes[:40], stacked_sevens[:40]]).view(-1, 8 * 8)
train_y = torch.tensor([1] * 40 + [0] * 40).unsqueeze(1)
valid_x = torch.cat([stacked_threes[40:], stacked_sevens[40:]]).view(-1, 64)
valid_y = torch.tensor([1] * 20 + [0] * 20).unsqueeze(1)
dset = list(zip(train_x, train_y))
valid_dset = list(zip(valid_x, valid_y))
x, y = dset[0]
print(train_x.shape, train_y.shape, x.shape, y)


def init_params(size, std=1.0):
    return (torch.randn(size) * std).requires_grad_()


torch.manual_seed(42)
weights = init_params((64, 1))
bias = init_params(1)
print((train_x[0] * weights.T).sum() + bias)


def linear1(xb):
    return xb @ weights + bias


preds = linear1(train_x)
print(preds[:4], preds.shape)
corrects = (preds > 0.0).float() == train_y
print(corrects.float().mean().item())


def mnist_loss(predictions, targets):
    predictions = predictions.sigmoid()
    return torch.where(targets == 1, 1 - predictions, predictions).mean()


print(mnist_loss(torch.tensor([0.9, 0.4, -0.2]), torch.tensor([1, 0, 1])))
dl = DataLoader(dset, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))
valid_dl = DataLoader(valid_dset, batch_size=16)
xb, yb = next(iter(dl))
print(xb.shape, yb.shape, yb.dtype)


def calc_grad(xb, yb, model):
    preds = model(xb)
    loss = mnist_loss(preds, yb)
    loss.backward()


def batch_accuracy(xb, yb):
    preds = xb.sigmoid()
    correct = (preds > 0.5) == yb
    return correct.float().mean()


def validate_epoch(model):
    accs = [batch_accuracy(model(xb), yb) for xb, yb in valid_dl]
    return round(torch.stack(accs).mean().item(), 4)


def train_epoch(model, lr, params):
    for xb, yb in dl:
        calc_grad(xb, yb, model)
        for p in params:
            p.data -= p.grad * lr
            p.grad.zero_()


params = weights, bias
for i in range(5):
    train_epoch(linear1, 1.0, params)
    print(validate_epoch(linear1), end=" ")
print()


class BasicOptim:
    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr

    def step(self, *args, **kwargs):
        for p in self.params:
            p.data -= p.grad.data * self.lr

    def zero_grad(self, *args, **kwargs):
        for p in self.params:
            p.grad = None


torch.manual_seed(0)
linear_model = nn.Linear(64, 1)
w, b = linear_model.parameters()
print(w.shape, b.shape)
opt = BasicOptim(linear_model.parameters(), 1.0)


def train_model(model, epochs, opt):
    for i in range(epochs):
        for xb, yb in dl:
            calc_grad(xb, yb, model)
            opt.step()
            opt.zero_grad()
        print(validate_epoch(model), end=" ")
    print()


dl.generator.manual_seed(0)
train_model(linear_model, 5, opt)
torch.manual_seed(0)
linear_model = nn.Linear(64, 1)
dl.generator.manual_seed(0)
train_model(linear_model, 5, torch.optim.SGD(linear_model.parameters(), 1.0))
print(linear_model.weight.grad)

torch.manual_seed(1)
w1, b1 = init_params((64, 16)), init_params(16)
w2, b2 = init_params((16, 1)), init_params(1)


def simple_net(xb):
    res = xb @ w1 + b1
    res = res.max(torch.tensor(0.0))
    res = res @ w2 + b2
    return res


print(simple_net(train_x[:3]), F.relu(train_x[:3] @ w1 + b1).sum(1))
opt = BasicOptim([w1, b1, w2, b2], 0.1)
dl.generator.manual_seed(0)
train_model(simple_net, 4, opt)
seq = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 1))
print(seq[0].weight.shape, seq(train_x[:2]).shape)


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "->", type(e).__name__, e)


h = weights * 2
attempt("requires_grad_ on a non-leaf", lambda: h.requires_grad_(False))
attempt("grad of an unused input", lambda: torch.autograd.grad((weights * 2).sum(), [weights, bias]))
attempt("allow_unused", lambda: torch.autograd.grad((weights * 2).sum(), [weights, bias], allow_unused=True)[1])
attempt("in-place on a leaf", lambda: weights.sub_(1))
attempt("non-scalar backward", lambda: (weights * 2).backward())
attempt("grad of a non-requiring tensor", lambda: torch.autograd.grad(train_x.sum(), [train_x]))
attempt("grad_outputs shape", lambda: torch.autograd.grad(weights * 2, weights, grad_outputs=torch.ones(3)))
attempt("grad_outputs", lambda: torch.autograd.grad(weights * 2, weights, grad_outputs=torch.ones_like(weights))[0][:2])


def no_grad_update():
    with torch.no_grad():
        weights.sub_(0.0)
    return weights.requires_grad, weights.grad_fn


attempt("no_grad in-place", no_grad_update)
attempt("int requires grad", lambda: train_y.requires_grad_())
attempt("is_leaf", lambda: (weights.is_leaf, h.is_leaf, h.detach().is_leaf, weights.grad.shape))
