"""A course's weight-initialization cell: an init function applied with model.apply under
manual_seed, dispatching on the module type (Conv2d, Linear, BatchNorm2d), nn.init's schemes with
their arguments (xavier_uniform_/xavier_normal_ with gain=calculate_gain(...), kaiming_uniform_ and
kaiming_normal_ with mode= and nonlinearity=, a=, orthogonal_, trunc_normal_ with a/b, uniform_,
normal_, constant_, ones_, zeros_, eye_, dirac_, sparse_), their return values, the statistics of
the drawn weights compared with the theoretical standard deviations, _calculate_fan_in_and_fan_out,
reset_parameters reproducing a default layer, and init under torch.no_grad on parameters."""
import math

import torch
import torch.nn as nn


def stats(t):
    return f"{t.mean().item():+.4f} {t.std().item():.4f} {t.min().item():+.4f} {t.max().item():+.4f}"


def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.constant_(m.bias, 0.1)
    elif isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain('tanh'))
        nn.init.normal_(m.bias, mean=0.0, std=0.01)


torch.manual_seed(42)
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 4 * 4, 10),
                      nn.Tanh(), nn.Linear(10, 2))
print(model.apply(init_weights) is model)
for name, p in model.named_parameters():
    print(name, tuple(p.shape), stats(p) if p.numel() > 1 else p.item())
print(model(torch.randn(2, 3, 6, 6)).shape)

for nl, param in [('linear', None), ('conv2d', None), ('sigmoid', None), ('tanh', None), ('relu', None),
                  ('leaky_relu', None), ('leaky_relu', 0.2), ('selu', None)]:
    print(nl, param, round(nn.init.calculate_gain(nl, param), 6))
try:
    nn.init.calculate_gain('gelu')
except ValueError as e:
    print('ValueError', e)

w = torch.empty(64, 32)
print(nn.init._calculate_fan_in_and_fan_out(w), nn.init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 3)))
torch.manual_seed(0)
for name, fn in [('xavier_uniform', lambda t: nn.init.xavier_uniform_(t)),
                 ('xavier_normal', lambda t: nn.init.xavier_normal_(t, gain=2.0)),
                 ('kaiming_uniform', lambda t: nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
                 ('kaiming_normal_in', lambda t: nn.init.kaiming_normal_(t, mode='fan_in', nonlinearity='relu')),
                 ('kaiming_normal_leaky', lambda t: nn.init.kaiming_normal_(t, a=0.1, nonlinearity='leaky_relu')),
                 ('uniform', lambda t: nn.init.uniform_(t, a=-0.5, b=0.5)),
                 ('normal', lambda t: nn.init.normal_(t, 1.0, 0.5)),
                 ('trunc_normal', lambda t: nn.init.trunc_normal_(t, std=0.02, a=-0.04, b=0.04)),
                 ('orthogonal', lambda t: nn.init.orthogonal_(t, gain=1.0)),
                 ('sparse', lambda t: nn.init.sparse_(t, sparsity=0.5, std=0.01))]:
    out = fn(w)
    print(f"{name:22s}", out is w, stats(w))
q = nn.init.orthogonal_(torch.empty(4, 6))
print(torch.allclose(q @ q.T, torch.eye(4), atol=1e-5))
print('sparse zeros per column', (w == 0).sum(dim=0)[:6].tolist())
print(nn.init.eye_(torch.empty(2, 3)))
d = nn.init.dirac_(torch.empty(2, 2, 3, 3))
print(d.sum().item(), d[1, 1], d[0, 1].abs().sum())
x = torch.randn(1, 2, 5, 5)
print(torch.allclose(nn.functional.conv2d(x, d, padding=1), x))
print('xavier std', round(math.sqrt(2.0 / (64 + 32)), 4), 'kaiming std', round(math.sqrt(2.0 / 32), 4))

torch.manual_seed(7)
default = nn.Linear(5, 3)
torch.manual_seed(7)
again = nn.Linear(5, 3)
print(torch.equal(default.weight, again.weight))
torch.manual_seed(7)
again.reset_parameters()
print(torch.equal(default.weight, again.weight), torch.equal(default.bias, again.bias))
bound = 1 / math.sqrt(5)
print(default.weight.abs().max().item() <= bound, round(bound, 4))

with torch.no_grad():
    again.weight.fill_(0.5)
    again.bias.copy_(torch.tensor([1.0, 2.0, 3.0]))
print(again.weight.requires_grad, again.weight.is_leaf, again(torch.ones(1, 5)))
try:
    nn.init.kaiming_normal_(torch.empty(3), mode='fan_in')
except ValueError as e:
    print('ValueError', e)
try:
    nn.init.kaiming_uniform_(torch.empty(3, 3), mode='fan_avg')
except ValueError as e:
    print('ValueError', e)
try:
    nn.init.eye_(torch.empty(2, 2, 2))
except ValueError as e:
    print('ValueError', e)
nn.init.zeros_(torch.empty(0, 3))
try:
    nn.init.xavier_uniform_(torch.empty(0, 3))
except ValueError as e:
    print('ValueError', e)
