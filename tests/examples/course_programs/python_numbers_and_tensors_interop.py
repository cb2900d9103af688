"""How learners mix tensors with Python and NumPy numbers: format specs and %-formatting of 0-d
tensors, ``math`` functions, ``float``/``int``/``bool``/``complex``, ``tolist``, builtin
``sum``/``max``/``min``/``sorted`` over tensors, tensors as list indices and ``range`` bounds, floor
division and modulo signs, integer/float promotion with Python and NumPy scalars, ``.item()`` types,
iterating rows, and ``round(decimals=)``."""
import math
import numpy as np
import torch

t = torch.tensor(2.5)
print(f'{t:.3f}', f'{t}', '%.2f' % t, '{:>8.2f}|'.format(t), str(t), repr(t))
print(math.exp(t), math.sqrt(t), math.floor(t), math.ceil(t), round(t.item(), 1), abs(torch.tensor(-1.5)))
print(float(t), int(torch.tensor(3.9)), int(torch.tensor(-3.9)), bool(torch.tensor(0.0)), complex(torch.tensor(1.5)))
print(t.tolist(), torch.tensor([1.5, 2.5]).tolist(), torch.tensor([[1, 2]]).tolist(), torch.tensor(7).tolist())
print(np.float32(t), np.array(torch.tensor([1.0, 2.0])), np.asarray(torch.tensor([[1, 2]])).dtype)
ts = [torch.tensor(3.0), torch.tensor(1.0), torch.tensor(2.0)]
print(sum(ts), max(ts), min(ts), sorted(ts), sum(ts) / len(ts))
v = torch.tensor([3, 1, 2])
print(max(v), list(v), [int(e) for e in v], sorted(v.tolist()), v.tolist().index(1))
lst = ['a', 'b', 'c', 'd']
print(lst[torch.tensor(1)], lst[v[0]], list(range(torch.tensor(3))), [0] * torch.tensor(2))
print(torch.tensor(5) // 2, torch.tensor(5) % 3, -torch.tensor(5) // 2, torch.tensor(5.0) // 2, 7 // torch.tensor(2))
print(2 ** torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3]) ** 2, torch.tensor([1, 2, 3]) ** 0.5, 2.0 ** torch.tensor([1, -1]))
print(torch.tensor([1, 2, 3]) / 2, torch.tensor([1, 2, 3]) * 1.5, torch.tensor([True, False]) + 1, torch.tensor([1, 2]) + True)
print(1 - torch.tensor([0.25]), 1 / torch.tensor([4.0, 0.0]), -torch.tensor([0.0]))
print(torch.tensor(3) == 3, torch.tensor(3.0) == 3, 3 in torch.tensor([1, 2, 3]), torch.tensor(2.0) < 3)
x = torch.tensor(1.0, requires_grad=True)
y = x * 3
print(f'{y.item():.2f}', float(y.detach()), y.tolist(), y.detach().numpy())
print(divmod(7, 2), torch.tensor(7).div(2, rounding_mode='floor'), torch.tensor(-7).div(2, rounding_mode='trunc'), torch.tensor(7) / torch.tensor(2))
print(torch.tensor(1e10), torch.tensor(1.23456789e-5), torch.tensor([1e-5, 1.0, 1e5]), torch.tensor([0.1, 100.0]))
print(torch.tensor(float('nan')), torch.tensor([float('inf'), -float('inf'), 1.0]), torch.tensor([1, 2], dtype=torch.float64))
print(torch.tensor(3.0) + np.float64(1.5), (torch.tensor(3.0) + np.float64(1.5)).dtype, (np.float32(2) * torch.tensor([1.0])).dtype)
print(torch.tensor([1.0, 2.0]) * np.array(2.0), type(torch.tensor([1.0]) + np.int64(1)).__name__)
print(torch.tensor(3).item() + 1, type(torch.tensor(3).item()).__name__, type(torch.tensor(3.0).item()).__name__,
      type(torch.tensor(True).item()).__name__)
print(hash(t) == hash(t), t is t, {t: 1}[t], len(torch.zeros(4, 2)), torch.zeros(4, 2).__len__())
print([round(p, 3) for p in torch.softmax(torch.tensor([1.0, 2.0, 3.0]), 0).tolist()])
print(torch.tensor(2.0).sqrt().item() ** 2 == 2.0, math.isclose(torch.tensor(0.1).item(), 0.1, rel_tol=1e-6), torch.tensor(0.1).item())
a = torch.arange(6).reshape(2, 3)
for row in a:
    print(row, row.sum().item(), [x.item() for x in row])
for i, (p, q) in enumerate(zip(torch.tensor([1, 2]), torch.tensor([3.0, 4.0]))):
    print(i, p, q, p * q)
print(torch.tensor([1, 2, 3]).sum() / 3, torch.tensor([1, 2, 3]).float().mean(), torch.tensor([1, 2, 3]).sum().item() / 3)
print(torch.tensor([[1, 2], [3, 4]]).max().item(), torch.tensor([[1, 2], [3, 4]]).argmax().item(), torch.tensor([[1, 2], [3, 4]]).numel())
print(torch.tensor(5).shape, torch.tensor(5).ndim, torch.tensor([5]).shape, torch.tensor([5]).item(), torch.tensor([[5]]).squeeze())
print(torch.tensor(3.14159).round(), torch.tensor([2.5, 3.5, -0.5]).round(), torch.tensor(1.23456).round(decimals=3))
