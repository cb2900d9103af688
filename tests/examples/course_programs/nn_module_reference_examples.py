"""The examples of the ``torch.nn.Module`` reference page: ``add_module`` / ``register_module``,
``apply(init_weights)`` printing each submodule, ``buffers`` / ``children`` / ``modules`` /
``named_modules`` (with ``memo`` and ``prefix``) of a ``Sequential`` holding one module twice,
``get_submodule`` / ``get_parameter`` / ``get_buffer`` and their errors, ``state_dict(prefix=...,
keep_vars=...)``, ``load_state_dict(strict=False)``'s named tuple, state-dict hooks (pre, post,
load pre and load post), ``register_buffer(persistent=False)``, ``requires_grad_``, ``zero_grad``,
``extra_repr``, ``half()`` / ``double()`` / ``to(dtype)``, ``train(False)``, ``__dir__`` entries and
the errors of assigning a non-Parameter to a parameter's name."""
import collections

import torch
import torch.nn as nn

torch.manual_seed(0)


@torch.no_grad()
def init_weights(m):
    print(m)
    if type(m) is nn.Linear:
        m.weight.fill_(1.0)
        print(m.weight)


net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
print(net.apply(init_weights) is net)

l = nn.Linear(2, 2)
net = nn.Sequential(l, l)
for idx, m in enumerate(net.modules()):
    print(idx, '->', m)
for idx, m in enumerate(net.named_modules()):
    print(idx, '->', m)
print([n for n, _ in net.named_modules(remove_duplicate=False)], [n for n, _ in net.named_modules(prefix="net")])
print(list(net.children()), [n for n, _ in net.named_children()], len(list(net.parameters())))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.net_b = nn.Module()
        self.net_b.net_c = nn.Module()
        self.net_b.net_c.conv = nn.Conv2d(16, 32, 3)
        self.net_b.linear = nn.Linear(100, 200)
        self.register_buffer("running_mean", torch.zeros(4))
        self.register_buffer("scratch", torch.ones(2), persistent=False)
        self.add_module("head", nn.Linear(3, 1))
        self.register_module("tail", None)

    def forward(self, x):
        return self.head(x)


a = Model()
print(a)
print(a.get_submodule("net_b.net_c.conv"), a.get_submodule(""))
print(a.get_parameter("net_b.linear.bias").shape, a.get_buffer("running_mean"))
for bad in (lambda: a.get_submodule("net_b.net_d"), lambda: a.get_submodule("net_b.linear.weight"),
            lambda: a.get_parameter("net_b.linear.nothing"), lambda: a.get_parameter("running_mean"),
            lambda: a.get_buffer("head.weight"), lambda: a.get_buffer("net_b.linear.missing")):
    try:
        bad()
    except AttributeError as e:
        print(type(e).__name__, e)
print([n for n, _ in a.named_buffers()], [b.shape for b in a.buffers()])
print(list(a.state_dict().keys()))
print(list(a.state_dict(prefix="model.").keys())[:3])
sd = a.state_dict(keep_vars=True)
print(type(sd).__name__, type(sd["head.weight"]).__name__, sd["head.weight"].requires_grad,
      a.state_dict()["head.weight"].requires_grad)
dest = collections.OrderedDict()
out = a.head.state_dict(dest, "h.")
print(out is dest, list(dest.keys()))
print(sd._metadata[""], sd._metadata["net_b.net_c.conv"] if "net_b.net_c.conv" in sd._metadata else None)

b = Model()
missing = {k: v for k, v in a.state_dict().items() if not k.startswith("head")}
missing["extra.weight"] = torch.zeros(1)
result = b.load_state_dict(missing, strict=False)
print(type(result).__name__, result.missing_keys, result.unexpected_keys, result)
try:
    b.load_state_dict(missing)
except RuntimeError as e:
    print(type(e).__name__, e)
bad = dict(a.state_dict())
bad["head.weight"] = torch.zeros(2, 3)
try:
    b.load_state_dict(bad)
except RuntimeError as e:
    print(type(e).__name__, e)
print(b.load_state_dict(a.state_dict()))


def pre_hook(module, prefix, keep_vars):
    print("pre", type(module).__name__, repr(prefix), keep_vars)


def post_hook(module, state_dict, prefix, local_metadata):
    print("post", type(module).__name__, repr(prefix), sorted(k for k in state_dict if k.startswith(prefix)))
    state_dict[prefix + "note"] = torch.tensor(7)


def load_pre(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
    print("load pre", repr(prefix), strict, sorted(state_dict)[:2])
    state_dict.pop(prefix + "note", None)


def load_post(module, incompatible_keys):
    print("load post", incompatible_keys)


h1 = b.head.register_state_dict_pre_hook(pre_hook)
h2 = b.head.register_state_dict_post_hook(post_hook)
h3 = b.head.register_load_state_dict_pre_hook(load_pre)
h4 = b.register_load_state_dict_post_hook(load_post)
sd = b.state_dict()
print(list(sd.keys())[-3:])
print(b.load_state_dict(sd))
for h in (h1, h2, h3, h4):
    h.remove()
print(list(b.state_dict().keys())[-2:])

m = nn.Linear(3, 2)
print(m.requires_grad_(False) is m, [p.requires_grad for p in m.parameters()])
m.requires_grad_()
m(torch.ones(1, 3)).sum().backward()
print(m.weight.grad)
m.zero_grad()
print(m.weight.grad)
m(torch.ones(1, 3)).sum().backward()
m.zero_grad(set_to_none=False)
print(m.weight.grad)
print(m.half().weight.dtype, m.double().bias.dtype, m.to(torch.float32).weight.dtype, m.float().weight.dtype)
print(m.train(False) is m, m.training, m.train().training, m.eval().training)
print("weight" in dir(m), "forward" in dir(m), "_parameters" in dir(m))
try:
    m.weight = torch.zeros(2, 3)
except TypeError as e:
    print(type(e).__name__, e)
m.weight = None
print(m.weight, [n for n, _ in m.named_parameters()])
try:
    m(torch.ones(1, 3))
except Exception as e:
    print(type(e).__name__)
try:
    m.register_buffer("bias", torch.zeros(2))
except KeyError as e:
    print(type(e).__name__, e)
try:
    m.register_parameter("a.b", nn.Parameter(torch.zeros(1)))
except KeyError as e:
    print(type(e).__name__, e)
try:
    m.add_module("", nn.ReLU())
except KeyError as e:
    print(type(e).__name__, e)
try:
    nn.Module().add_module("x", torch.zeros(1))
except TypeError as e:
    print(type(e).__name__, e)


class Scale(nn.Module):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def extra_repr(self):
        return f"factor={self.factor}"

    def forward(self, x):
        return x * self.factor


print(nn.Sequential(Scale(2), nn.ModuleDict({"a": Scale(3)}), nn.Sequential()))
