"""A normalising wrapper module with buffers (persistent and not), inference_mode vs no_grad,
is_inference, versions of tensors, set_printoptions, named_* iterators, extra_repr, and
copies of state that share or do not share memory."""
import torch
import torch.nn as nn

torch.manual_seed(0)

class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer('mean', torch.tensor(mean).view(-1, 1, 1))
        self.register_buffer('std', torch.tensor(std).view(-1, 1, 1))
        self.register_buffer('calls', torch.zeros((), dtype=torch.long), persistent=False)
    def forward(self, x):
        self.calls += 1
        return (x - self.mean) / self.std
    def extra_repr(self):
        return f'channels={self.mean.numel()}'

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalize([0.5, 0.4, 0.3], [0.2, 0.25, 0.3])
        self.conv = nn.Conv2d(3, 4, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        x = torch.relu(self.bn(self.conv(self.norm(x))))
        return self.head(x.mean((2, 3)))

net = Net()
print(net)
print([n for n, _ in net.named_buffers()])
print(list(net.state_dict().keys()))
print([(n, tuple(p.shape)) for n, p in net.named_parameters()])
print([n for n, _ in net.named_modules()], [n for n, _ in net.named_children()])
x = torch.rand(2, 3, 5, 5)
with torch.inference_mode():
    y = net(x)
print(y.requires_grad, y.is_inference(), x.is_inference(), net.norm.calls, net.bn.num_batches_tracked)
with torch.no_grad():
    y2 = net(x)
print(y2.requires_grad, y2.is_inference(), torch.is_grad_enabled(), torch.is_inference_mode_enabled())
net.eval()
z = net(x)
print(z.grad_fn.name(), z.requires_grad, net.training, net.bn.training)
v0 = net.bn.running_mean._version
net.train(); net(x)
print(net.bn.running_mean._version - v0, net.bn.num_batches_tracked.item())
torch.set_printoptions(precision=3, sci_mode=False)
print(net.bn.running_var)
print(torch.tensor([1e-5, 1.0, 123456.0]))
torch.set_printoptions(precision=2, threshold=5, edgeitems=2, linewidth=60)
print(torch.arange(20.).view(4, 5) / 3)
torch.set_printoptions(profile='default')
print(torch.tensor([1e-5, 1.0, 123456.0]), torch.tensor([0.1, 2.5]).double(), torch.tensor([True, False]))
print(torch.zeros(2, 0), torch.tensor(3.25), torch.tensor([1, 2], dtype=torch.int8), torch.empty(0, dtype=torch.long))
sd = net.state_dict()
sd_copy = {k: v.clone() for k, v in sd.items()}
with torch.no_grad():
    net.conv.weight.mul_(2)
print(torch.equal(sd['conv.weight'], net.conv.weight), torch.equal(sd_copy['conv.weight'], net.conv.weight))
print(sd['conv.weight'].data_ptr() == net.conv.weight.data_ptr(), sd['conv.weight'].requires_grad)
keep = sd_copy.pop('norm.mean')
r = net.load_state_dict(sd_copy, strict=False)
print(r.missing_keys, r.unexpected_keys, 'calls' in net.state_dict())
try:
    net.load_state_dict({**sd_copy, 'norm.mean': keep, 'extra': torch.ones(1)})
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    net.load_state_dict({**sd_copy, 'norm.mean': torch.ones(4, 1, 1)})
except RuntimeError as e:
    print(str(e).splitlines()[1].strip())
net.requires_grad_(False); net.head.requires_grad_(True)
print([n for n, p in net.named_parameters() if p.requires_grad], sum(p.numel() for p in net.parameters()))
print(net.get_buffer('norm.std').flatten(), net.get_submodule('bn'), net.get_parameter('head.bias').shape)
t = torch.ones(3, requires_grad=True)
with torch.inference_mode(False):
    print(torch.is_inference_mode_enabled(), (t * 2).requires_grad)
@torch.no_grad()
def evaluate(m, x):
    return m(x).argmax(1)
print(evaluate(net, x), torch.is_grad_enabled())
with torch.inference_mode():
    inf = torch.ones(2)
try:
    (inf * t[:2]).sum().backward()
except RuntimeError as e:
    print('err', str(e)[:80])
print(t.grad)
