"""A course's "what does autograd build" chapter, the way torchviz-style helpers read the graph:
the grad_fn chain of a small regression walked through next_functions (node names, AccumulateGrad
nodes and their .variable, None slots for inputs that need no gradient), is_leaf / requires_grad /
grad_fn of leaves, views and results, the graph of a model's loss counted by node type, the
graph cut by detach() and no_grad(), set_grad_enabled / enable_grad inside no_grad, retain_grad on
an intermediate, and gradient accumulation across two backward calls."""
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)
x = torch.rand(8, 1)
y = 1 + 2 * x + 0.1 * torch.randn(8, 1)
b = torch.randn(1, requires_grad=True)
w = torch.randn(1, requires_grad=True)
yhat = b + w * x
error = yhat - y
loss = (error ** 2).mean()
print(loss)
for name, t in [("x", x), ("b", b), ("yhat", yhat), ("error", error), ("loss", loss)]:
    print(f"{name:6s} leaf={t.is_leaf} requires_grad={t.requires_grad} grad_fn={type(t.grad_fn).__name__ if t.grad_fn else None}")


def describe(fn, depth=0, seen=None):
    """Print the graph below ``fn`` as nested node names (AccumulateGrad shows its variable's shape)."""
    seen = set() if seen is None else seen
    label = fn.name()
    if hasattr(fn, "variable"):
        label += f" -> variable {tuple(fn.variable.shape)} requires_grad={fn.variable.requires_grad}"
    print("  " * depth + label + (" (seen)" if fn in seen else ""))
    if fn in seen:
        return
    seen.add(fn)
    for child, _ in fn.next_functions:
        if child is not None:  # (inputs that need no gradient: skipped, as graph drawers do)
            describe(child, depth + 1, seen)


describe(loss.grad_fn)
print(len(loss.grad_fn.next_functions), [type(n).__name__ if n is not None else None
                                         for n, _ in yhat.grad_fn.next_functions],
      [type(n).__name__ if n is not None else None for n, _ in error.grad_fn.next_functions])
acc = yhat.grad_fn.next_functions[0][0]
print(acc.name(), acc.variable is b, acc.next_functions)
loss.backward()
print(b.grad, w.grad, yhat.grad_fn.name(), x.grad)


def count_nodes(t):
    counts, stack, seen = Counter(), [t.grad_fn], set()
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        counts[fn.name()] += 1
        stack.extend(child for child, _ in fn.next_functions)
    return dict(sorted(counts.items()))


torch.manual_seed(3)
W1, b1 = torch.randn(3, 4, requires_grad=True), torch.zeros(4, requires_grad=True)
W2, b2 = torch.randn(4, 2, requires_grad=True), torch.zeros(2, requires_grad=True)
inputs, labels = torch.randn(5, 3), torch.tensor([0, 1, 1, 0, 1])
out = torch.relu(inputs @ W1 + b1) @ W2 + b2
print(count_nodes(out))
print(count_nodes(-F.log_softmax(out, dim=1)[range(5), labels].mean()))
print(count_nodes(-(torch.log_softmax(out, 1) * F.one_hot(labels, 2)).sum(1).mean()))
print(count_nodes(F.mse_loss(torch.sigmoid(out), F.one_hot(labels, 2).float())))
print(count_nodes(torch.tanh(out).sum(dim=1).mean() + 0.01 * sum(p.pow(2).sum() for p in (W1, W2))))
print(count_nodes(torch.matmul(inputs, W1.t()[:, :3].T) * W1.mT.exp().mean()))
print(count_nodes(W1[:, :2].sum() + W1[:].sum() + W1[..., 1:].sum() + W1.narrow(1, 0, 4).sum() + W1[None].sum()))

model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
h = model[0](inputs)
h.retain_grad()
z = model[2](model[1](h))
cut = z.detach()
print(cut.requires_grad, cut.grad_fn, cut.is_leaf, (cut * 2).requires_grad)
with torch.no_grad():
    frozen = model(inputs)
    with torch.enable_grad():
        live = model(inputs)
    with torch.set_grad_enabled(True):
        also_live = model(inputs).sum()
print(frozen.requires_grad, frozen.grad_fn, live.grad_fn.name(), also_live.grad_fn.name(), torch.is_grad_enabled())
torch.set_grad_enabled(False)
print(model(inputs).requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(True)
z.sum().backward()
print(h.grad.shape, h.grad[0], model[0].weight.grad.shape)
first = model[0].bias.grad.clone()
model(inputs).sum().backward()
print(torch.allclose(model[0].bias.grad, 2 * first), model[0].bias.grad)
model.zero_grad()
print(model[0].bias.grad)

v = torch.arange(6.0, requires_grad=True)
view = v.view(2, 3)
sliced = view[:, 1:]
print(view.grad_fn.name(), sliced.grad_fn.name(), view.is_leaf, view._base is v, sliced._base is v)
print(v.t().grad_fn if v.dim() > 1 else v.unsqueeze(0).t().grad_fn.name(), v[None].expand(2, 6).grad_fn.name())
print(torch.cat([v, v]).grad_fn.name(), torch.stack([v, v]).grad_fn.name(), v.clone().grad_fn.name(), v.float().grad_fn)
print(v.double().grad_fn.name(), v.to(torch.float64).grad_fn.name(), (v > 2).grad_fn, v.argmax().grad_fn, v.sum().grad_fn.name())
q = v * 1
q.add_(1)
print(q.grad_fn.name(), q._version, v._version)
