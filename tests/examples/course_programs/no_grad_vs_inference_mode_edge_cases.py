"""no_grad against inference_mode past the first lesson: views and in-place updates of normal
tensors inside inference mode, inference tensors saved for backward, requires_grad_ and
nn.Parameter of an inference tensor, _version counters, torch.is_inference, nested modes and
set_grad_enabled(False) inside enable_grad, a generator evaluated lazily outside the mode, and
a model evaluated in each mode then trained on its outputs."""
import torch
import torch.nn as nn


def show(label, fn):
    try:
        out = fn()
        print(label, 'ok', out)
    except Exception as e:
        print(label, type(e).__name__, str(e).splitlines()[0])


torch.manual_seed(2)
w = torch.randn(3, requires_grad=True)
x = torch.randn(3)
with torch.inference_mode():
    inf = x * 2
    v = x[:2]
    x.add_(1)
    print(inf.is_inference(), v.is_inference(), x.is_inference(), x._version, torch.is_inference(inf))
    y = w * 3
    print(y.requires_grad, y.is_inference(), y.grad_fn)
print(v.requires_grad, v._version)

show('mul saved', lambda: (w * inf).sum().backward())
print(w.grad)
show('add fine', lambda: ((w + inf).sum().backward(), w.grad.tolist())[1])
show('inplace inf outside', lambda: inf.add_(1))
show('inplace view outside', lambda: v.mul_(2))
show('requires_grad_', lambda: inf.requires_grad_())
show('Parameter', lambda: nn.Parameter(inf).requires_grad)
show('clone', lambda: (inf.clone().is_inference(), inf.clone().requires_grad_().is_leaf))
show('detach', lambda: inf.detach().is_inference())
show('view outside', lambda: inf.view(3, 1).is_inference())
show('normal op', lambda: (inf + 1).is_inference())
show('version', lambda: inf._version)

with torch.no_grad():
    z = w * 2
    w.mul_(1.0)
    vv = w[:1]
print(z.requires_grad, z.is_inference(), w._version, vv.requires_grad, vv.grad_fn)
show('backward no_grad result', lambda: z.sum().backward())
show('leaf inplace', lambda: w.add_(1))
with torch.no_grad():
    show('leaf inplace in no_grad', lambda: w.add_(0.0).requires_grad)

with torch.enable_grad():
    with torch.set_grad_enabled(False):
        print('inner', torch.is_grad_enabled(), (w * 1).requires_grad)
    print('outer', torch.is_grad_enabled())
with torch.inference_mode():
    with torch.inference_mode(False):
        t = w * 2
        print('nested', torch.is_inference_mode_enabled(), t.requires_grad, t.is_inference())
    with torch.enable_grad():
        print('enable in inference', torch.is_grad_enabled(), (w * 2).requires_grad)
with torch.no_grad():
    with torch.inference_mode():
        print('stack', torch.is_grad_enabled(), torch.is_inference_mode_enabled())
    print('after', torch.is_grad_enabled(), torch.is_inference_mode_enabled())
torch.set_grad_enabled(False)
print('global off', (w * 2).requires_grad)
torch.set_grad_enabled(True)
print('global on', (w * 2).requires_grad)


def squares(n):
    for i in range(n):
        yield (w * i).sum()


with torch.no_grad():
    gen = squares(2)
print('lazy gen', [s.requires_grad for s in gen])


@torch.inference_mode()
def predict(model, batch):
    return model(batch)


@torch.no_grad()
def predict_ng(model, batch):
    return model(batch)


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
batch = torch.randn(5, 3)
p_inf = predict(model, batch)
p_ng = predict_ng(model, batch)
print(p_inf.is_inference(), p_ng.is_inference(), torch.equal(p_inf, p_ng), predict.__name__)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for name, target in (('no_grad', p_ng), ('inference', p_inf), ('inference clone', p_inf.clone())):
    def step():
        loss = ((model(batch) - target * 0.5) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return round(loss.item(), 6)
    show(name, step)
show('mse_loss inference target', lambda: nn.functional.mse_loss(model(batch), p_inf).backward())
show('cat with inference', lambda: torch.cat([model(batch), p_inf]).sum().backward())
show('index with inference', lambda: model(batch)[p_inf.argmax()].sum().backward())
show('stack grad', lambda: torch.stack([w, inf]).requires_grad)
show('where', lambda: torch.where(inf > 0, w, inf).sum().backward())
show('matmul', lambda: (w @ inf).backward())
