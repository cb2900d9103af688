"""Module introspection as a deblurring course prints it: a network with a shared (tied) block and
a non-persistent buffer, named_modules / named_parameters / named_buffers with remove_duplicate
and prefix, get_submodule / get_parameter / get_buffer and their errors, add_module's checks,
apply's visiting order, load_state_dict(strict=False) and its returned keys printed, a partial
warm start from a renamed checkpoint, and zero_grad / requires_grad_ across the tree."""
from collections import OrderedDict
import torch
import torch.nn as nn


def show(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, str(e).splitlines()[0])


class Restorer(nn.Module):
    def __init__(self):
        super().__init__()
        shared = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.stem = nn.Conv2d(1, 4, 3, padding=1)
        self.body = nn.Sequential(OrderedDict([('res1', shared), ('act', nn.ReLU()), ('res2', shared)]))
        self.norm = nn.BatchNorm2d(4)
        self.head = nn.Conv2d(4, 1, 1)
        self.register_buffer('mean', torch.tensor([0.5]))
        self.register_buffer('window', torch.hann_window(4), persistent=False)

    def forward(self, x):
        return x + self.head(self.norm(self.body(self.stem(x - self.mean))))


torch.manual_seed(0)
net = Restorer()
print([n for n, _ in net.named_modules()])
print([n for n, _ in net.named_modules(remove_duplicate=False)])
print([n for n, _ in net.named_modules(prefix='model')][:3], len(list(net.modules())))
print([n for n, _ in net.named_parameters()])
print([n for n, _ in net.named_parameters(remove_duplicate=False)])
print([n for n, _ in net.named_parameters(prefix='net', recurse=False)], [n for n, _ in net.body.named_parameters(prefix='body')])
print([n for n, _ in net.named_buffers()], [n for n, _ in net.named_buffers(recurse=False)])
print(list(net.state_dict()), len(net.state_dict(keep_vars=True)))
print([n for n, _ in net.named_children()], [type(m).__name__ for m in net.body.children()])
print(sum(p.numel() for p in net.parameters()), net.body.res1 is net.body.res2)

show('get_submodule', lambda: type(net.get_submodule('body.res2')).__name__)
show('get_submodule empty', lambda: net.get_submodule('') is net)
show('get_submodule bad', lambda: net.get_submodule('body.res3'))
show('get_submodule through param', lambda: net.get_submodule('stem.weight'))
show('get_parameter', lambda: net.get_parameter('head.bias').shape)
show('get_parameter bad', lambda: net.get_parameter('head.gamma'))
show('get_parameter buffer', lambda: net.get_parameter('mean'))
show('get_buffer', lambda: net.get_buffer('norm.running_var').tolist())
show('get_buffer bad', lambda: net.get_buffer('norm.weight'))
show('add_module dot', lambda: net.add_module('a.b', nn.ReLU()))
show('add_module empty', lambda: net.add_module('', nn.ReLU()))
show('add_module type', lambda: net.add_module('x', 3))
show('add_module attr', lambda: net.add_module('forward', nn.ReLU()))
show('register_buffer exists', lambda: net.register_buffer('head', torch.zeros(1)))
show('register_parameter tensor', lambda: net.register_parameter('scale', torch.ones(1)))
show('register_module', lambda: (net.register_module('extra', nn.Identity()), 'extra' in dict(net.named_children()))[1])
del net.extra
show('deleted', lambda: hasattr(net, 'extra'))

visited = []
net.apply(lambda m: visited.append(type(m).__name__))
print(visited)

sd = net.state_dict()
renamed = OrderedDict((k.replace('stem', 'encoder'), v) for k, v in sd.items() if not k.startswith('head'))
fresh = Restorer()
result = fresh.load_state_dict(renamed, strict=False)
print(result)
print(sorted(result.missing_keys), sorted(result.unexpected_keys), type(result).__name__)
print(torch.equal(fresh.body.res1.weight, net.body.res1.weight), torch.equal(fresh.stem.weight, net.stem.weight))
show('strict', lambda: fresh.load_state_dict(renamed))
bad_shape = dict(sd)
bad_shape['head.weight'] = torch.zeros(2, 4, 1, 1)
show('shape strict=False', lambda: fresh.load_state_dict(bad_shape, strict=False))
print(fresh.load_state_dict(sd))
warm = {k: v for k, v in sd.items() if k in fresh.state_dict() and v.shape == fresh.state_dict()[k].shape}
print(len(warm), len(sd))

x = torch.rand(2, 1, 6, 6)
net(x).mean().backward()
print(net.body.res1.weight.grad.shape, net.head.bias.grad is not None)
net.body.zero_grad()
print(net.body.res1.weight.grad, net.head.bias.grad is not None)
net.zero_grad()
print(net.head.bias.grad)
net.body.requires_grad_(False)
print([n for n, p in net.named_parameters() if p.requires_grad])
net.eval()
print(net.training, net.norm.training, [m.training for m in net.body])
net.body.train()
print(net.training, [m.training for m in net.body], net.norm.training)
print(net)
