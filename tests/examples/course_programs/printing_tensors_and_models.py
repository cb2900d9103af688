"""A course's "look at what you have" notebook: print() of tensors of every dtype and of many
shapes (empty, 0-d, wide rows that wrap, large ones summarised with ...), with requires_grad and a
grad_fn, of integer values in float tensors, of huge and tiny values (scientific notation), of
inf / nan, of bool and complex; torch.set_printoptions with precision, sci_mode, linewidth,
threshold, edgeitems and the named profiles; str / repr / format of tensors, tolist, print(model)
for nested modules with custom extra_repr, named_parameters / named_modules / named_buffers walks
and the trainable-parameter count."""
import torch
import torch.nn as nn

torch.manual_seed(0)
print(torch.tensor([]), torch.tensor(3.5), torch.tensor(7), torch.tensor(True), torch.zeros(0, 3))
print(torch.arange(6).reshape(2, 3), torch.arange(6.0).reshape(2, 3), torch.arange(6, dtype=torch.int8))
print(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.5, -2.25, 1e-3]), torch.tensor([100000.0, 1.0]))
print(torch.tensor([1e-5, 1.0]), torch.tensor([1e10, 1.0, -3.0]), torch.tensor([123456789.0]))
print(torch.tensor([float('inf'), -float('inf'), float('nan'), 1.0]), torch.tensor([float('nan')]))
print(torch.tensor([0.1, 0.25], dtype=torch.float64), torch.tensor([1, 2], dtype=torch.uint8),
      torch.tensor([1.0, 2.5], dtype=torch.float16))
print(torch.tensor([[True, False], [False, True]]), torch.tensor([1 + 2j, -0.5j]), torch.tensor([3, -1], dtype=torch.int16))
w = torch.randn(3, 4, requires_grad=True)
print(w)
print(w * 2, w.sum(), w.mean(dim=0), w[0], w.t().reshape(-1)[:3])
print(w.detach(), w.data.shape, w.grad)
(w ** 2).sum().backward()
print(w.grad)
print(torch.randn(2, 2, 3), torch.randn(1, 1, 2, 2))
print(torch.linspace(0, 1, 30))
print(torch.arange(2000), torch.arange(1200.0).reshape(40, 30))
print(torch.randn(4, 40))
x = torch.randn(3, 5) * 1000
print(x, x.half())
print(f"{torch.tensor(2.5):.3f} {torch.tensor(0.123456):.2e} {torch.tensor(3)} {torch.tensor([1.0, 2.0])}")
print(str(torch.ones(2)), repr(torch.ones(2, dtype=torch.int32)), format(torch.tensor(1.25), '.1f'))
print(torch.tensor([[1.12345678, 2.5], [3.0, 4.0]]).tolist(), torch.tensor([1.5], dtype=torch.float16).tolist())

torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.34567]), torch.tensor([1e-6, 1.0]))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([1e-6, 1.0, 12345.678]), torch.tensor([1e12]))
torch.set_printoptions(sci_mode=True)
print(torch.tensor([0.5, 2.0]))
torch.set_printoptions(precision=4, sci_mode=None, threshold=10, edgeitems=2)
print(torch.arange(20), torch.arange(30.0).reshape(6, 5))
torch.set_printoptions(linewidth=40)
print(torch.randn(3, 12))
torch.set_printoptions(profile='short')
print(torch.randn(2, 3), torch.arange(100))
torch.set_printoptions(profile='full')
print(torch.arange(1005)[-8:], torch.arange(1005).shape)
torch.set_printoptions(profile='default')
print(torch.tensor([3.14159265]), torch.arange(1001))


class Residual(nn.Module):
    def __init__(self, channels, scale=0.1):
        super().__init__()
        self.scale = scale
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.act = nn.LeakyReLU(0.2, inplace=True)
        self.register_buffer('calls', torch.zeros((), dtype=torch.long))

    def forward(self, x):
        self.calls += 1
        return x + self.scale * self.act(self.conv(x))

    def extra_repr(self):
        return f"channels={self.conv.in_channels}, scale={self.scale}"


class Deblur(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(3, 8, 3, padding=1, padding_mode='reflect')
        self.blocks = nn.Sequential(*[Residual(8) for _ in range(2)])
        self.norms = nn.ModuleList([nn.BatchNorm2d(8), nn.GroupNorm(2, 8), nn.LayerNorm([8, 4, 4])])
        self.heads = nn.ModuleDict({'rgb': nn.Conv2d(8, 3, 1), 'gray': nn.Conv2d(8, 1, 1, bias=False)})
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(8, 4), nn.Dropout(0.25), nn.Softmax(dim=1))
        self.gain = nn.Parameter(torch.ones(1))

    def forward(self, x):
        h = self.blocks(self.head(x))
        for norm in self.norms:
            h = norm(h)
        return self.heads['rgb'](h) * self.gain, self.fc(self.pool(h))


model = Deblur()
print(model)
for name, p in model.named_parameters():
    if 'blocks.1' in name or name == 'gain' or name.startswith('norms.2'):
        print(f"{name:28s} {str(tuple(p.shape)):16s} {p.requires_grad} {p.dtype}")
print([name for name, _ in model.named_modules()])
print([(name, type(m).__name__) for name, m in model.named_children()])
print([(name, tuple(b.shape)) for name, b in model.named_buffers()])
model.head.requires_grad_(False)
total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"Total params: {total:,} | trainable: {trainable:,} | frozen: {total - trainable:,}")
image, probs = model(torch.rand(2, 3, 4, 4))
print(image.shape, probs.shape, type(image.grad_fn).__name__, probs.grad_fn.name(), model.blocks[0].calls)
print(model.blocks[0], model.norms[2], model.fc[3], model.heads)
print(list(model.state_dict().keys())[:10], len(model.state_dict()))
print(model.gain, model.blocks[1].calls, model.norms[0].running_var[:3])
print(nn.Linear(2, 3).weight.dtype, nn.Linear(2, 3, dtype=torch.float64).weight.dtype, nn.Identity(), nn.Sequential())
