"""Raschka, "Machine Learning with PyTorch and Scikit-Learn", ch13: ``torch.autograd.grad`` of a
hand-written loss with respect to ``w`` and ``b``, ``torch.nn.functional`` activations (logistic,
softmax, tanh, relu, leaky_relu, elu, gelu, silu, softplus, hardtanh, log_softmax), a small
regression on synthetic fuel-efficiency-like data with feature standardization and bucketized
features (``torch.bucketize`` + ``one_hot``), and a 2-D loss landscape over a grid of weights."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.5, requires_grad=True)
x = torch.tensor([1.4])
y = torch.tensor([2.1])
z = torch.add(torch.mul(w, x), b)
loss = (y - z).pow(2).sum()
loss.backward()
print('dL/dw : ', w.grad)
print('dL/db : ', b.grad)
print(2 * x * ((w * x + b) - y))
z = w * x + b
gw, gb = torch.autograd.grad((y - z).pow(2).sum(), [w, b])
print(gw, gb)
z = w * x + b
(gw2,) = torch.autograd.grad((y - z).pow(2).sum(), w, create_graph=True)
(hww,) = torch.autograd.grad(gw2.sum(), w)
print(gw2, hww)
x3 = torch.linspace(-2, 2, 5, requires_grad=True)
gx = torch.autograd.grad(torch.sigmoid(x3), x3, grad_outputs=torch.ones(5))[0]
print(gx)

X = np.array([1, 1.4, 2.5])
w_np = np.array([0.4, 0.3, 0.5])
def net_input(X, w):
    return np.dot(X, w)
def logistic(z):
    return 1.0 / (1.0 + np.exp(-z))
print(f'P(y=1|x) = {logistic(net_input(X, w_np)):.3f}')
W = np.array([[1.1, 1.2, 0.8, 0.4], [0.2, 0.4, 1.0, 0.2], [0.6, 1.5, 1.2, 0.7]])
A = np.array([[1, 0.1, 0.4, 0.6]])
Z = np.dot(W, A[0])
print('Net Input: \n', Z)
print('Output Units:\n', logistic(Z))
def softmax(z):
    return np.exp(z) / np.sum(np.exp(z))
print(np.round(softmax(Z), 4), np.argmax(Z))
print(torch.softmax(torch.from_numpy(Z), dim=0))
t = torch.linspace(-3, 3, 9)
for name, fn in [('sigmoid', torch.sigmoid), ('tanh', torch.tanh), ('relu', F.relu),
                 ('leaky_relu', lambda v: F.leaky_relu(v, 0.1)), ('elu', F.elu),
                 ('silu', F.silu), ('softplus', F.softplus), ('hardtanh', F.hardtanh),
                 ('log_softmax', lambda v: F.log_softmax(v, dim=0)), ('softsign', F.softsign),
                 ('mish', F.mish), ('selu', F.selu)]:
    print(f'{name:>11}', fn(t).round(decimals=4))
print(nn.LeakyReLU(0.2), nn.ELU(alpha=0.5), nn.GELU(approximate='tanh'), nn.Softmax(dim=-1), nn.Hardtanh(-2, 2))
print(F.gelu(t, approximate='tanh').round(decimals=4))
# 3 places: at x = -3 PyTorch's float32 kernel computes 1 + erf(x / sqrt 2) and loses ~1e-4 relative
# to the cancellation (-0.0040502 for the exact -0.0040497)
print(F.gelu(t).round(decimals=3))

rng = np.random.RandomState(0)
n = 120
cyl = rng.choice([4, 6, 8], size=n).astype('float32')
disp = (cyl * 40 + rng.randn(n) * 20).astype('float32')
hp = (disp * 0.5 + rng.randn(n) * 10).astype('float32')
weight_ = (disp * 8 + 1500 + rng.randn(n) * 100).astype('float32')
year = rng.randint(70, 83, size=n).astype('float32')
mpg = (50 - 0.02 * hp - 0.004 * weight_ + 0.5 * (year - 70) + rng.randn(n)).astype('float32')
feats = np.stack([cyl, disp, hp, weight_], axis=1)
mean, std = feats[:90].mean(0), feats[:90].std(0)
feats_norm = (feats - mean) / std
boundaries = torch.tensor([73, 76, 79])
v = torch.tensor(year)
year_bucketed = torch.bucketize(v, boundaries, right=True)
print(year[:8], year_bucketed[:8])
one_hot = F.one_hot(year_bucketed, num_classes=4)
x_all = torch.cat([torch.tensor(feats_norm), one_hot.float()], dim=1)
print(x_all.shape, x_all.dtype, one_hot.dtype)
y_all = torch.tensor(mpg)
x_train, y_train, x_test, y_test = x_all[:90], y_all[:90], x_all[90:], y_all[90:]
torch.manual_seed(1)
hidden_units = [8, 4]
input_size = x_train.shape[1]
all_layers = []
for hidden_unit in hidden_units:
    all_layers.append(nn.Linear(input_size, hidden_unit))
    all_layers.append(nn.ReLU())
    input_size = hidden_unit
all_layers.append(nn.Linear(hidden_units[-1], 1))
model = nn.Sequential(*all_layers)
print(model)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
train_dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, y_train), 8, shuffle=True)
for epoch in range(60):
    loss_hist_train = 0
    for x_batch, y_batch in train_dl:
        pred = model(x_batch)[:, 0]
        loss = loss_fn(pred, y_batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss_hist_train += loss.item()
    if epoch % 15 == 0:
        # rounded: sum of float32 batch losses
        print(f'Epoch {epoch}  Loss {loss_hist_train / len(train_dl):.3f}')
with torch.no_grad():
    pred = model(x_test.float())[:, 0]
    loss = loss_fn(pred, y_test)
    print(f'Test MSE: {loss.item():.3f}')
    print(f'Test MAE: {nn.L1Loss()(pred, y_test).item():.3f}')

xs = torch.linspace(-1, 1, 30)
ys = 0.7 * xs - 0.3 + 0.05 * torch.sin(9 * xs)
w_grid, b_grid = torch.meshgrid(torch.linspace(-2, 2, 5), torch.linspace(-1, 1, 5), indexing='ij')
preds = w_grid[..., None] * xs + b_grid[..., None]
landscape = ((preds - ys) ** 2).mean(dim=-1)
print(landscape.shape)
print(landscape.round(decimals=3))
i = torch.argmin(landscape)
print(i, w_grid.flatten()[i], b_grid.flatten()[i], torch.unravel_index(i, landscape.shape))
