"""How students log and post-process numbers: f-strings and %-formatting of 0-d tensors,
float/int/complex conversions, builtins (sorted, max, sum, abs) over tensors, NumPy views,
dtype promotion with Python numbers, integer division and remainders of negatives, `in`,
uint8 wrap-around, legacy constructors, and writes through indexing in and out of the graph."""
import math
import numpy as np
import torch

loss = torch.tensor(2.71828)
acc = torch.tensor([0.875])
labels = torch.tensor([-7, 7, 3])
print(f"loss={loss:.3f} {loss} {loss!r} {acc} {labels}", 'loss %.2f' % loss, 'epoch %d' % torch.tensor(5),
      f"{torch.tensor(3):04d}", f"{loss:>10.2e}", format(acc, ''), str(acc))
print(math.isclose(loss, 2.71828), float(acc), int(torch.tensor(3.9)), complex(torch.tensor(1.0)), loss.item() > 2, acc.tolist())
print(np.float64(loss), np.asarray(labels), list(labels), sorted(labels), max(labels), sum([acc, acc]), abs(labels))
print(labels // 2, labels % 3, labels.float() // 2, labels.float() % -3, torch.fmod(labels, 3), torch.remainder(labels, -3))
print(labels ** 2, 2 ** labels.float(), labels / 2, True + labels, ~torch.tensor([True, False]), torch.tensor([True]) + torch.tensor([True]))
print(labels == None, 3 in labels, 5 in labels, 7.0 in labels.float())
for f in (lambda: bool(labels), lambda: len(loss), lambda: -torch.tensor([True]), lambda: iter(loss), lambda: labels.item(), lambda: loss[0],
          lambda: torch.tensor([1, 2]) in labels):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(isinstance(loss, torch.Tensor), torch.is_tensor(acc), loss.type(), acc.dtype.is_floating_point, labels.dtype.itemsize,
      torch.float32.is_complex, torch.int64.is_signed)
a = torch.arange(6).view(2, 3)
print(a.T, a.mT, a.ndim, a.dim(), a.size(1), a.shape[-1], a.size(), tuple(a.shape), list(a.stride()), a.numel(), a.nelement(), len(a))
print(a.tolist(), a[0].tolist(), loss.tolist(), a.numpy().flags['C_CONTIGUOUS'], a.t().numpy().flags['C_CONTIGUOUS'], a.t().contiguous().stride())
n = np.arange(4.0); tn = torch.from_numpy(n); tn += 1
print(n, torch.tensor(n).dtype, torch.Tensor(n).dtype, torch.Tensor([1, 2]).dtype, torch.FloatTensor([1]).dtype, torch.LongTensor(2).shape)
print(torch.tensor(np.float32(1.5)).dtype, torch.tensor([np.int32(1)]).dtype, torch.tensor(np.array(3)).shape, torch.tensor([[1, 2], [3, 4.5]]).dtype,
      torch.tensor([1, True]).dtype)
print(torch.tensor(3) * 1.5, (torch.tensor(3) * 1.5).dtype, torch.tensor([1, 2], dtype=torch.uint8) * -1, torch.tensor([200], dtype=torch.uint8) + 100,
      (torch.ones(1, dtype=torch.int32) + 2 ** 40).dtype, (torch.ones(1, dtype=torch.float16) + 1.0).dtype, (torch.arange(3) + 0.5).dtype)
x = torch.zeros(3); x[1] = 5; x[torch.tensor([0, 2])] += 1; x[x > 2] *= -1; print(x)
w = torch.ones(2, 2, requires_grad=True)
try:
    w[0, 0] = 3
except RuntimeError as e:
    print(e)
c = w * 1; c[0, 0] = 3; c.sum().backward(); print(w.grad, c.grad_fn.name())
history = []
for epoch in range(3):
    l = torch.tensor(1.0 / (epoch + 1), requires_grad=True) * 2
    history.append(l.item())
    print(f"epoch {epoch:02d} | loss {l.item():.4f} | {l.detach():8.5f}")
print(history, np.mean(history), torch.tensor(history).mean(), torch.as_tensor(history).dtype)
