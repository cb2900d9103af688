"""fast.ai part 2 (lessons 14-16), from scratch on synthetic data: a dataset of dicts collated by
``default_collate``, a metrics class averaging with ``torch.stack``, a ``Learner`` whose callbacks run in
order and cancel the fit by exceptions, ``no_grad`` wrapping a method, and hooks collecting activation
means, standard deviations and ``histc`` histograms (``abs``, ``log1p``), removed afterwards."""
import math
from copy import copy
from functools import partial
from operator import attrgetter
import numpy as np
import torch
from torch import nn, optim
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, default_collate

rng = np.random.default_rng(3)
xs = rng.standard_normal((96, 1, 8, 8)).astype(np.float32)
ys = rng.integers(0, 4, 96)

class DictDS(Dataset):
    def __init__(self, x, y): self.x, self.y = x, y
    def __len__(self): return len(self.x)
    def __getitem__(self, i): return {'image': torch.tensor(self.x[i]), 'label': int(self.y[i])}
ds = DictDS(xs, ys)
print(ds[0]['image'].shape, ds[0]['label'])
b = default_collate([ds[i] for i in range(3)])
print(type(b).__name__, b['image'].shape, b['label'], b['label'].dtype)
def collate_dict(b):
    b = default_collate(b)
    return b['image'], b['label']
dl = DataLoader(ds, batch_size=32, collate_fn=collate_dict)
xb, yb = next(iter(dl))
print(xb.shape, yb, len(dl))

class CancelFitException(Exception): pass
class CancelBatchException(Exception): pass
class CancelEpochException(Exception): pass
class Callback(): order = 0
def run_cbs(cbs, method_nm, learn=None):
    for cb in sorted(cbs, key=attrgetter('order')):
        method = getattr(cb, method_nm, None)
        if method is not None: method(learn)

class Metric:
    def __init__(self): self.reset()
    def reset(self): self.vals, self.ns = [], []
    def add(self, inp, targ=None, n=1):
        self.last = self.calc(inp, targ)
        self.vals.append(self.last); self.ns.append(n)
    @property
    def value(self):
        ns = torch.tensor(self.ns)
        return (torch.stack(self.vals) * ns).sum() / ns.sum()
    def calc(self, inps, targs): return inps
class Accuracy(Metric):
    def calc(self, inps, targs): return (inps == targs).float().mean()
acc = Accuracy()
acc.add(torch.tensor([0, 1, 2, 0, 1, 2]), torch.tensor([0, 1, 1, 2, 1, 0]))
acc.add(torch.tensor([1, 1, 2, 0, 1]), torch.tensor([0, 1, 1, 2, 1]))
print(acc.value, acc.vals)
loss = Metric(); loss.add(torch.tensor(0.6), n=32); loss.add(torch.tensor(0.9), n=2)
print(loss.value, round(loss.value.item(), 2))

class with_cbs:
    def __init__(self, nm): self.nm = nm
    def __call__(self, f):
        def _f(o, *args, **kwargs):
            try:
                o.callback(f'before_{self.nm}')
                f(o, *args, **kwargs)
                o.callback(f'after_{self.nm}')
            except globals()[f'Cancel{self.nm.title()}Exception']: pass
            finally: o.callback(f'cleanup_{self.nm}')
        return _f

class Learner():
    def __init__(self, model, dl, loss_func=F.cross_entropy, lr=0.1, cbs=None, opt_func=optim.SGD):
        self.model, self.dl, self.loss_func, self.lr, self.opt_func = model, dl, loss_func, lr, opt_func
        self.cbs = list(cbs or [])
    @with_cbs('batch')
    def _one_batch(self):
        self.preds = self.model(self.batch[0])
        self.loss = self.loss_func(self.preds, self.batch[1])
        self.callback('after_loss')
        if self.training:
            self.loss.backward(); self.callback('after_backward')
            self.opt.step(); self.opt.zero_grad()
    @with_cbs('epoch')
    def _one_epoch(self):
        for self.iter, self.batch in enumerate(self.dl): self._one_batch()
    def one_epoch(self, training):
        self.model.train(training); self.training = training
        self._one_epoch()
    @with_cbs('fit')
    def _fit(self, train, valid):
        for self.epoch in self.epochs:
            if train: self.one_epoch(True)
            if valid: torch.no_grad()(self.one_epoch)(False)
    def fit(self, n_epochs=1, train=True, valid=True):
        self.n_epochs = n_epochs; self.epochs = range(n_epochs)
        self.opt = self.opt_func(self.model.parameters(), self.lr)
        self._fit(train, valid)
    def callback(self, method_nm): run_cbs(self.cbs, method_nm, self)

class MetricsCB(Callback):
    order = 1
    def __init__(self): self.acc = Accuracy(); self.loss = Metric()
    def before_epoch(self, learn): self.acc.reset(); self.loss.reset()
    def after_batch(self, learn):
        self.acc.add(learn.preds.argmax(1), learn.batch[1]); self.loss.add(learn.loss.detach(), n=len(learn.batch[0]))
    def after_epoch(self, learn):
        print(learn.epoch, 'train' if learn.training else 'eval', f'{self.loss.value.item():.4f}', f'{self.acc.value.item():.4f}')
class SingleBatchCB(Callback):
    order = 1
    def after_batch(self, learn): raise CancelFitException()
class CountCB(Callback):
    order = -1
    def before_fit(self, learn): self.n = 0; print('before fit', learn.n_epochs)
    def after_batch(self, learn): self.n += 1
    def after_fit(self, learn): print('batches', self.n)

def get_model():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 8, 3, stride=2, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4))
torch.manual_seed(1)
model = get_model()
learn = Learner(model, dl, cbs=[MetricsCB(), CountCB()])
learn.fit(2)
learn2 = Learner(get_model(), dl, cbs=[SingleBatchCB(), CountCB()])
learn2.fit(3)

# hooks
class Hook():
    def __init__(self, m, f): self.hook = m.register_forward_hook(partial(f, self))
    def remove(self): self.hook.remove()
    def __del__(self): self.remove()
def append_stats(hook, mod, inp, outp):
    if not hasattr(hook, 'stats'): hook.stats = ([], [], [])
    acts = outp.float()
    hook.stats[0].append(acts.mean().item()); hook.stats[1].append(acts.std().item())
    hook.stats[2].append(acts.abs().histc(40, 0, 10))
class Hooks(list):
    def __init__(self, ms, f): super().__init__([Hook(m, f) for m in ms])
    def __enter__(self, *args): return self
    def __exit__(self, *args): self.remove()
    def __del__(self): self.remove()
    def __delitem__(self, i): self[i].remove(); super().__delitem__(i)
    def remove(self):
        for h in self: h.remove()
torch.manual_seed(2)
model = get_model()
with Hooks([m for m in model if isinstance(m, nn.Conv2d)], append_stats) as hooks:
    Learner(model, dl, lr=0.2).fit(1)
    for h in hooks:
        print([round(v, 4) for v in h.stats[0]][:3], [round(v, 4) for v in h.stats[1]][:3])
        hist = torch.stack(h.stats[2]).t().float().log1p()
        print(hist.shape, hist.dtype, hist[:3].round(decimals=3))
        h1 = torch.stack(h.stats[2]).t().float()
        print((h1[0].sum(0) / h1.sum(0))[:3].round(decimals=4))
print(model[0]._forward_hooks)
h = model[0].register_forward_hook(lambda m, i, o: print('hook', type(m).__name__, type(i).__name__, len(i), o.shape))
model(xb)
h.remove(); model(xb)
print(len(model[0]._forward_hooks))
print(torch.histc(torch.tensor([1., 2, 1, 4]), bins=4, min=0, max=3), torch.tensor([0.5, 1.5, 2.5, 9.]).histc(3, 0, 3))
print(torch.histc(torch.tensor([1., 2, 1]), bins=4), torch.tensor([2., 2.]).histc(2))
print(torch.histc(torch.tensor([1., 2, 1], dtype=torch.float64), bins=3, min=1, max=2))
