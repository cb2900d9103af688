"""A course's tensor lesson: item / tolist / numpy() and from_numpy sharing memory, dtype
promotion of mixed int and float arithmetic, reprs of tensors of many dtypes and sizes, strides
of views, grad modes, detach / clone, in-place errors on leaves, .grad and retain_grad, tensor
hooks; and the ops such lessons reach for: one-hot by scatter_, einsum, linalg norms, median,
diag, repeat_interleave, unfold into patches, cdist, nansum and diff."""
import numpy as np
import torch
import torch.nn.functional as F

t = torch.tensor([1.5, 2.5, 3.5])
print(t.tolist(), t[0].item(), type(t[0].item()).__name__, torch.tensor(3).item(), torch.tensor([[1, 2], [3, 4]]).tolist())
a = np.arange(6, dtype=np.float32).reshape(2, 3)
shared = torch.from_numpy(a)
a[0, 0] = 100
shared[1, 1] = -5
print(shared[0, 0].item(), a[1, 1], torch.tensor(a)[0, 0].item(), torch.as_tensor(a) is not None)
view = shared.numpy()
view[0, 1] = 42
print(shared[0, 1].item(), torch.from_numpy(np.arange(3)).dtype, torch.from_numpy(np.ones(2)).dtype)

i, f, d = torch.tensor([1, 2, 3]), torch.tensor([0.5, 1.0, 1.5]), torch.tensor([1.0], dtype=torch.float64)
print((i + f).dtype, (i * 2).dtype, (i * 2.5).dtype, (i / 2).dtype, (i // 2).dtype, (f + d).dtype, (i + d).dtype)
print((torch.tensor([1], dtype=torch.int32) + torch.tensor([1])).dtype, (torch.tensor([1], dtype=torch.uint8) + 1).dtype,
      (torch.tensor([True]) + 1).dtype, (i ** 0.5).dtype, (2 ** i).dtype, (i > 1).dtype, torch.tensor([True, False]).sum().dtype)
print(torch.div(torch.tensor([7, -7]), 2, rounding_mode="floor"), torch.tensor([7, -7]) // 2, torch.tensor([7, -7]) % 3)

print(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1, 2, 3]), torch.tensor([True, False]), torch.tensor(3.14159))
print(torch.tensor([[1.123456, 200.5], [3e-5, 4.0]]), torch.tensor([1e10, 1.0]), torch.tensor([1.0, 2.0], dtype=torch.float64))
print(torch.tensor([0.1, 0.2], requires_grad=True), torch.tensor([1, 2], dtype=torch.int32), torch.zeros(2, 0), torch.empty(0))
print(torch.arange(2000.0), torch.arange(2000), torch.arange(3000.0).reshape(30, 100) / 7)
print(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0]), torch.tensor([123456789.0, 0.001]), torch.tensor([1e8]))
w = torch.tensor([1.0, 2.0], requires_grad=True)
print(w * 2, (w ** 2).sum(), w.exp().mean(), torch.relu(w), w.detach(), w.data)

x = torch.arange(12.0).reshape(3, 4)
print(x.stride(), x.t().stride(), x[:, 1:].stride(), x.expand(2, 3, 4).stride(), x.t().is_contiguous())
print(x.view(-1).data_ptr() == x.data_ptr(), x[1].data_ptr() - x.data_ptr(), x.clone().data_ptr() == x.data_ptr())
try:
    x.t().view(-1)
except RuntimeError as e:
    print("RuntimeError", str(e)[:50])

w = torch.ones(2, requires_grad=True)
with torch.no_grad():
    y1 = w * 2
with torch.inference_mode():
    y2 = w * 2
with torch.no_grad():
    with torch.enable_grad():
        y3 = w * 2
with torch.set_grad_enabled(False):
    y4 = w * 2
print(y1.requires_grad, y2.requires_grad, y3.requires_grad, y4.requires_grad, torch.is_grad_enabled())
leaf = torch.tensor([1.0, 2.0], requires_grad=True)
c = leaf.clone()
print(c.requires_grad, c.grad_fn.name(), c.is_leaf, leaf.is_leaf)
leaf.detach()[0] = 10
print(leaf)
for attempt in (lambda: leaf.__setitem__(0, 5.0), lambda: leaf.add_(1), lambda: leaf.__setitem__(slice(None), 5.0)):
    try:
        attempt()
    except RuntimeError as e:
        print("RuntimeError", e)
with torch.no_grad():
    leaf.add_(1)
print(leaf, leaf.grad)
h = leaf * 3
h.retain_grad()
h.sum().backward()
print(leaf.grad, h.grad)
(leaf * 3).sum().backward()
print(leaf.grad)
leaf.grad = None
seen = []
leaf.register_hook(lambda g: seen.append(g.clone()))
doubled = leaf * 5
doubled.register_hook(lambda g: g * 2)
doubled.sum().backward()
print(seen, leaf.grad)
try:
    doubled.sum().backward()
except RuntimeError as e:
    print("RuntimeError", str(e)[:60])

labels = torch.tensor([0, 2, 1, 2])
print(torch.zeros(4, 3).scatter_(1, labels.unsqueeze(1), 1.0), F.one_hot(labels, 3))
print(torch.zeros(2, 4).scatter_add(1, torch.tensor([[0, 0, 3], [1, 1, 1]]), torch.ones(2, 3)))
q = torch.arange(24.0).reshape(1, 2, 3, 4) / 10
k = torch.arange(24.0).reshape(1, 2, 3, 4) / 20
print(torch.einsum("bhqd,bhkd->bhqk", q, k).softmax(-1), torch.einsum("ii", torch.eye(3)), torch.einsum("ij->j", x))
print(torch.linalg.norm(x), torch.linalg.norm(x, dim=1), torch.linalg.norm(x, 1), torch.linalg.vector_norm(x, float("inf")))
print(torch.tensor([3.0, 1.0, 2.0, 2.0, 5.0]).median(), torch.tensor([[1.0, 5, 3, 3], [2, 2, 2, 0]]).median(1))
print(torch.diag(torch.tensor([1.0, 2.0])), torch.diag(x), x.diagonal(1), x[:2].repeat_interleave(2, dim=0))
print(torch.repeat_interleave(torch.tensor([1, 2, 0])), torch.tan(torch.tensor([0.5])), torch.asin(torch.tensor([0.5])))
image = torch.arange(2 * 8 * 8.0).reshape(1, 2, 8, 8)
patches = image.unfold(2, 4, 4).unfold(3, 4, 4)
print(patches.shape, patches[0, 1, 1, 0], patches.contiguous().view(1, 2, -1, 16).shape)
print(torch.cdist(torch.tensor([[0.0, 0.0], [1.0, 1.0]]), torch.tensor([[3.0, 4.0]])), torch.dist(x, x + 1))
print(torch.tensor([1.0, float("nan"), 3.0]).nansum(), torch.tensor([1.0, float("nan"), 3.0]).nanmean(), torch.tensor([1, 4, 9, 16]).diff())
