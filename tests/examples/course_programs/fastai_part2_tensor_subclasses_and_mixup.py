"""fast.ai part 2 (lessons 18-25) and fastai's own idioms: a tensor subclass whose ``__new__`` takes keywords
(fastai's ``TensorBase``), mixup with a ``distributions.beta.Beta`` draw and ``lerp`` by a tensor weight, label
smoothing by hand and built in, sinusoidal timestep embeddings, attention by hand against
``scaled_dot_product_attention``, ``deepcopy`` and ``save`` of a model's state to a buffer, module lookup errors,
``retain_grad`` and tensor hooks."""
import copy
import io
import math
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

class TensorBase(torch.Tensor):
    @staticmethod
    def __new__(cls, x, **kwargs):
        res = torch.as_tensor(x).as_subclass(cls)
        for k, v in kwargs.items(): setattr(res, k, v)
        return res
class TensorImage(TensorBase): pass
class TensorCategory(TensorBase): pass
t = TensorImage(torch.ones(2, 3), tag='x')
print(type(t).__name__, t.tag, isinstance(t, torch.Tensor))
c = TensorCategory([1, 2]); print(c.dtype, type(c).__name__)
p = nn.Parameter(torch.ones(2))
print(type(p * 2).__name__, type(p.data).__name__, type(p.detach()).__name__, repr(p))

# mixup
rng = np.random.default_rng(0)
xb = torch.from_numpy(rng.standard_normal((4, 3))).float(); yb = torch.tensor([0, 1, 2, 1])
distrib = torch.distributions.beta.Beta(torch.tensor([0.4]), torch.tensor([0.4]))
torch.manual_seed(0)
lam = distrib.sample((4,)).squeeze()
print(lam.shape, lam.dtype)
lam = torch.stack([lam, 1 - lam], 1)
lam = lam.max(1)[0]
shuffle = torch.randperm(4)
xb1, yb1 = xb[shuffle], yb[shuffle]
xm = torch.lerp(xb1, xb, lam[:, None])
print(xm.shape, torch.allclose(xm, lam[:, None] * xb + (1 - lam[:, None]) * xb1))
out = torch.randn(4, 3)
loss = torch.lerp(F.cross_entropy(out, yb1, reduction='none'), F.cross_entropy(out, yb, reduction='none'), lam).mean()
print(loss.round(decimals=4))
print(F.cross_entropy(out, yb, label_smoothing=0.1).round(decimals=4))
def lsce(output, target, eps=0.1):
    c = output.size()[-1]
    log_preds = F.log_softmax(output, dim=-1)
    loss = -log_preds.sum(dim=-1).mean()
    nll = F.nll_loss(log_preds, target)
    return torch.lerp(nll, loss / c, eps)
print(lsce(out, yb).round(decimals=4))

def timestep_embedding(tsteps, emb_dim, max_period=10000):
    exponent = -math.log(max_period) * torch.linspace(0, 1, emb_dim // 2, device=tsteps.device)
    emb = tsteps[:, None].float() * exponent.exp()[None, :]
    emb = torch.cat([emb.sin(), emb.cos()], dim=-1)
    return F.pad(emb, (0, 1, 0, 0)) if emb_dim % 2 == 1 else emb
te = timestep_embedding(torch.tensor([0, 10, 500]), 7)
print(te.shape, te.round(decimals=3))
print(torch.linspace(-10, 10, 5).sigmoid(), F.silu(torch.linspace(-3, 3, 4)), nn.Upsample(scale_factor=2.)(torch.ones(1, 1, 1, 2)).shape)
a, b = torch.arange(10).chunk(2); print(a, b, torch.arange(10).chunk(3), torch.arange(7).split([3, 4]))
q = torch.randn(1, 2, 4, 8); k = torch.randn(1, 2, 4, 8); v = torch.randn(1, 2, 4, 8)
att = F.scaled_dot_product_attention(q, k, v)
ref = ((q @ k.transpose(-1, -2)) / math.sqrt(8)).softmax(-1) @ v
print(torch.allclose(att, ref, atol=1e-6))

torch.manual_seed(1)
m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
m2 = copy.deepcopy(m)
print(all(torch.equal(a, b) for a, b in zip(m.state_dict().values(), m2.state_dict().values())), m2[0].weight is m[0].weight)
buf = io.BytesIO(); torch.save({'model': m.state_dict(), 'epoch': 3}, buf); buf.seek(0)
sd = torch.load(buf)
print(list(sd['model'].keys()), sd['epoch'])
print(nn.ModuleDict({'a': nn.Linear(1, 1), 'b': nn.ReLU()}), nn.ParameterList([nn.Parameter(torch.ones(2))]))
print(m.__class__.__name__, getattr(m, 'foo', 'missing'))
try: m.foo
except AttributeError as e: print(e)
try: m[7]
except IndexError as e: print(e)
x = torch.ones(2, requires_grad=True); y = x * 3; y.retain_grad(); z = (y ** 2).sum(); z.backward(); print(y.grad, x.grad)
h = x.register_hook(lambda g: g * 10); (x * 2).sum().backward(); print(x.grad); h.remove()
print(torch.autograd.grad((x ** 3).sum(), x))
