"""fastbook chapter 4 (MNIST basics) on synthetic 3s and 7s: ``torch.stack(...).float() / 255``, the
pixel-similarity baseline with ``mean((-1, -2))`` and broadcasting, ``F.l1_loss``/``F.mse_loss``,
the quadratic speed fit with ``params.data -= lr * params.grad.data``, a linear model with
``init_params``, ``mnist_loss`` via ``torch.where``, DataLoaders of lists and ranges, ``BasicOptim``
and a small ``nn.Sequential``."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import tensor
from torch.utils.data import DataLoader

torch.manual_seed(42)
g = torch.Generator().manual_seed(1)
base3 = torch.zeros(28, 28, dtype=torch.uint8); base3[5:23, 10:20] = 200
base7 = torch.zeros(28, 28, dtype=torch.uint8); base7[5:8, 5:23] = 220; base7[8:23, 18:21] = 220
def noisy(base, n):
    return [(base.int() + torch.randint(-40, 40, (28, 28), generator=g)).clamp(0, 255).to(torch.uint8) for _ in range(n)]
three_tensors = noisy(base3, 60)
seven_tensors = noisy(base7, 60)
print(len(three_tensors), len(seven_tensors), three_tensors[1].dtype, three_tensors[1][4:10, 4:10])
stacked_sevens = torch.stack(seven_tensors).float() / 255
stacked_threes = torch.stack(three_tensors).float() / 255
print(stacked_threes.shape, len(stacked_threes.shape), stacked_threes.ndim, stacked_threes.type())
mean3 = stacked_threes.mean(0)
mean7 = stacked_sevens.mean(0)
a_3 = stacked_threes[1]
dist_3_abs = (a_3 - mean3).abs().mean()
dist_3_sqr = ((a_3 - mean3)**2).mean().sqrt()
print(dist_3_abs, dist_3_sqr)
dist_7_abs = (a_3 - mean7).abs().mean()
dist_7_sqr = ((a_3 - mean7)**2).mean().sqrt()
print(dist_7_abs, dist_7_sqr)
print(F.l1_loss(a_3.float(), mean7), F.mse_loss(a_3, mean7).sqrt())
data = [[1, 2, 3], [4, 5, 6]]
arr = __import__('numpy').array(data)
tns = tensor(data)
print(arr, tns, tns[1], tns[:, 1], tns[1, 1:3], tns + 1, tns.type(), tns * 1.5)
valid_3_tens = torch.stack(noisy(base3, 20)).float() / 255
valid_7_tens = torch.stack(noisy(base7, 20)).float() / 255
print(valid_3_tens.shape, valid_7_tens.shape)
def mnist_distance(a, b):
    return (a - b).abs().mean((-1, -2))
print(mnist_distance(a_3, mean3))
valid_3_dist = mnist_distance(valid_3_tens, mean3)
print(valid_3_dist.shape, valid_3_dist[:4])
print(tensor([1, 2, 3]) + tensor(1), (valid_3_tens - mean3).shape)
def is_3(x):
    return mnist_distance(x, mean3) < mnist_distance(x, mean7)
print(is_3(a_3), is_3(a_3).float(), is_3(valid_3_tens)[:5])
accuracy_3s = is_3(valid_3_tens).float().mean()
accuracy_7s = (1 - is_3(valid_7_tens).float()).mean()
print(accuracy_3s, accuracy_7s, (accuracy_3s + accuracy_7s) / 2)
def f(x):
    return x**2
xt = tensor(3.).requires_grad_()
yt = f(xt)
print(yt)
yt.backward()
print(xt.grad)
xt = tensor([3., 4., 10.]).requires_grad_()
def f(x):
    return (x**2).sum()
yt = f(xt)
yt.backward()
print(yt, xt.grad)
time = torch.arange(0, 20).float()
print(time)
speed = torch.randn(20) * 3 + 0.75 * (time - 9.5)**2 + 1
print(speed)
def f(t, params):
    a, b, c = params
    return a * (t**2) + (b * t) + c
def mse(preds, targets):
    return ((preds - targets)**2).mean().sqrt()
params = torch.randn(3).requires_grad_()
orig_params = params.clone()
preds = f(time, params)
loss = mse(preds, speed)
print(loss)
loss.backward()
print(params.grad, params.grad * 1e-5, params)
lr = 1e-5
params.data -= lr * params.grad.data
params.grad = None
preds = f(time, params)
print(mse(preds, speed))
def apply_step(params, prn=True):
    preds = f(time, params)
    loss = mse(preds, speed)
    loss.backward()
    params.data -= lr * params.grad.data
    params.grad = None
    if prn:
        print(f'{loss.item():.4f}')
    return preds
for i in range(10):
    apply_step(params)
print(orig_params)

train_x = torch.cat([stacked_threes, stacked_sevens]).view(-1, 28 * 28)
train_y = tensor([1] * len(three_tensors) + [0] * len(seven_tensors)).unsqueeze(1)
print(train_x.shape, train_y.shape)
dset = list(zip(train_x, train_y))
x, y = dset[0]
print(x.shape, y)
valid_x = torch.cat([valid_3_tens, valid_7_tens]).view(-1, 28 * 28)
valid_y = tensor([1] * len(valid_3_tens) + [0] * len(valid_7_tens)).unsqueeze(1)
valid_dset = list(zip(valid_x, valid_y))
def init_params(size, std=1.0):
    return (torch.randn(size) * std).requires_grad_()
weights = init_params((28 * 28, 1))
bias = init_params(1)
print(f'{((train_x[0] * weights.T).sum() + bias).item():.2f}')
def linear1(xb):
    return xb @ weights + bias
preds = linear1(train_x)
print(preds[:4].round(decimals=2))
corrects = (preds > 0.0).float() == train_y
print(corrects[:3], corrects.float().mean().item())
with torch.no_grad():
    weights[0] *= 1.0001
preds = linear1(train_x)
print(((preds > 0.0).float() == train_y).float().mean().item())
trgts = tensor([1, 0, 1])
prds = tensor([0.9, 0.4, 0.2])
def mnist_loss(predictions, targets):
    predictions = predictions.sigmoid()
    return torch.where(targets == 1, 1 - predictions, predictions).mean()
print(torch.where(trgts == 1, 1 - prds, prds), mnist_loss(prds, trgts), mnist_loss(tensor([0.9, 0.4, 0.8]), trgts))
coll = range(15)
dl = DataLoader(coll, batch_size=5, shuffle=True)
print(list(dl))
import string
ds = list(enumerate(string.ascii_lowercase))
dl = DataLoader(ds, batch_size=6, shuffle=True)
print(list(dl)[:2])
dl = DataLoader(dset, batch_size=32, shuffle=True)
xb, yb = next(iter(dl))
print(xb.shape, yb.shape)
valid_dl = DataLoader(valid_dset, batch_size=32)
batch = train_x[:4]
preds = linear1(batch)
loss = mnist_loss(preds, train_y[:4])
loss.backward()
print(weights.grad.shape, weights.grad.mean(), bias.grad)
def calc_grad(xb, yb, model):
    preds = model(xb)
    loss = mnist_loss(preds, yb)
    loss.backward()
calc_grad(batch, train_y[:4], linear1)
print(weights.grad.mean(), bias.grad)
weights.grad.zero_()
bias.grad.zero_()
def train_epoch(model, lr, params):
    for xb, yb in dl:
        calc_grad(xb, yb, model)
        for p in params:
            p.data -= p.grad * lr
            p.grad.zero_()
def batch_accuracy(xb, yb):
    preds = xb.sigmoid()
    correct = (preds > 0.5) == yb
    return correct.float().mean()
print(batch_accuracy(linear1(batch), train_y[:4]))
def validate_epoch(model):
    accs = [batch_accuracy(model(xb), yb) for xb, yb in valid_dl]
    return round(torch.stack(accs).mean().item(), 4)
print(validate_epoch(linear1))
lr = 1.
params = weights, bias
for i in range(5):
    train_epoch(linear1, lr, params)
    print(validate_epoch(linear1), end=' ')
print()
linear_model = nn.Linear(28 * 28, 1)
w, b = linear_model.parameters()
print(w.shape, b.shape)
class BasicOptim:
    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr
    def step(self, *args, **kwargs):
        for p in self.params:
            p.data -= p.grad.data * self.lr
    def zero_grad(self, *args, **kwargs):
        for p in self.params:
            p.grad = None
opt = BasicOptim(linear_model.parameters(), lr)
def train_epoch(model):
    for xb, yb in dl:
        calc_grad(xb, yb, model)
        opt.step()
        opt.zero_grad()
def train_model(model, epochs):
    for i in range(epochs):
        train_epoch(model)
        print(validate_epoch(model), end=' ')
    print()
train_model(linear_model, 5)
simple_net = nn.Sequential(nn.Linear(28 * 28, 30), nn.ReLU(), nn.Linear(30, 1))
opt = torch.optim.SGD(simple_net.parameters(), lr=0.1)
train_model(simple_net, 5)
print(simple_net, simple_net[0].weight.shape)
def simple_net2(xb):
    res = xb @ w1 + b1
    res = res.max(tensor(0.0))
    res = res @ w2 + b2
    return res
w1 = init_params((28 * 28, 30))
b1 = init_params(30)
w2 = init_params((30, 1))
b2 = init_params(1)
print(simple_net2(train_x[:3]).shape, F.relu(tensor([-1.0, 2.0])), tensor([-1.0, 2.0]).max(tensor(0.0)))
