"""Tensor creation idioms of an image-restoration course: arange(...).view / reshape / unflatten,
linspace and logspace endpoints and dtypes, meshgrid with indexing='ij' and 'xy' (and the
broadcast views it returns), from_numpy sharing memory both ways (and as_tensor / tensor
copying), frombuffer, full / empty_like / zeros_like with dtype overrides, strides of views,
and the errors students meet."""
import numpy as np
import torch

a = torch.arange(12).view(3, 4)
print(a.dtype, a.stride(), a.t().stride(), a.t().is_contiguous(), a[:, 1::2].stride(), a.storage_offset())
print(torch.arange(0, 1, 0.25), torch.arange(5, dtype=torch.float64).view(-1, 1).shape)
print(torch.arange(1, 2.5, 0.5).dtype, torch.arange(10, 0, -3), torch.arange(torch.tensor(4)).tolist())
print(torch.arange(12.).unflatten(0, (2, -1)).shape, torch.arange(6).reshape(2, 3).flip(1))
try:
    torch.arange(12).view(5, -1)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    a.t().view(12)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.arange(0, 5, 0)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.arange(0, 5, -1)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

print(torch.linspace(0, 1, 5), torch.linspace(-1, 1, 1), torch.linspace(0, 1, 0).shape)
print(torch.linspace(0, 10, 4, dtype=torch.int64), torch.linspace(2, 3, 3, dtype=torch.float64))
print(torch.logspace(0, 2, 3), torch.logspace(0, 3, 4, base=2))
lin = torch.linspace(-1, 1, 7)
print(lin[3].item(), lin[-1].item(), (lin + lin.flip(0)).abs().max().item())
try:
    torch.linspace(0, 1, -2)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

ys, xs = torch.meshgrid(torch.arange(3), torch.arange(4), indexing='ij')
print(ys.shape, xs.shape, ys.stride(), xs.stride(), xs[2].tolist(), ys[:, 0].tolist())
X, Y = torch.meshgrid(torch.linspace(-1, 1, 4), torch.linspace(0, 1, 3), indexing='xy')
print(X.shape, X[0], Y[:, 0])
grid = torch.stack(torch.meshgrid(torch.arange(2.), torch.arange(3.), indexing='ij'), dim=-1)
print(grid.shape, grid.is_contiguous(), grid[1, 2])
r = torch.sqrt(X ** 2 + Y ** 2)
print(r.round(decimals=3))
g1, = torch.meshgrid(torch.arange(3), indexing='ij')
print(g1, torch.meshgrid([torch.arange(2), torch.arange(2)], indexing='ij')[1])
try:
    torch.meshgrid(torch.arange(2), torch.arange(3), indexing='yx')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.meshgrid(torch.zeros(2, 2), torch.arange(3), indexing='ij')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

arr = np.arange(6, dtype=np.float32).reshape(2, 3)
t = torch.from_numpy(arr)
arr[0, 0] = 100
t[1, 2] = -5
print(t[0, 0].item(), arr[1, 2], t.dtype, t.is_contiguous(), t.stride())
tt = torch.from_numpy(arr.T)
print(tt.stride(), tt.is_contiguous(), tt.shape)
sl = torch.from_numpy(arr[:, ::2])
print(sl.stride(), sl.tolist())
c = torch.tensor(arr)
c[0, 0] = 7
ast = torch.as_tensor(arr)
ast[0, 1] = 42
print(arr[0, 0], arr[0, 1], torch.as_tensor(arr, dtype=torch.float64).dtype, torch.as_tensor([1, 2]).dtype)
i64 = torch.from_numpy(np.array([1, 2, 3]))
print(i64.dtype, torch.from_numpy(np.array([True, False])).dtype, torch.from_numpy(np.array(2.5)).shape)
try:
    torch.from_numpy(np.array(['a', 'b']))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.from_numpy([1, 2])
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
back = t.numpy()
back[0, 2] = 9
print(t[0, 2].item(), np.shares_memory(back, arr))
fb = torch.frombuffer(bytearray(b'\x01\x00\x02\x00'), dtype=torch.int16)
print(fb, fb.dtype)

base = torch.full((2, 3), 1.5)
print(base.dtype, torch.full((2,), 3).dtype, torch.full((2,), True).dtype, torch.full_like(base, 7, dtype=torch.int32))
print(torch.zeros_like(a, dtype=torch.float16).dtype, torch.ones_like(a).dtype, torch.empty_like(a.t()).stride())
print(torch.empty(2, 3).shape, torch.zeros(()).shape, torch.ones(0, 3).numel(), torch.eye(2, 3))
print(a.new_full((2,), 5), a.new_tensor([1.5]).dtype, base.new_zeros(2, 2).dtype, a.new_empty((0,)).shape)
print(torch.tensor([[1, 2], [3, 4]]).T.contiguous().stride(), torch.tensor(3.5).dim(), torch.tensor([]).dtype)
try:
    torch.tensor([[1, 2], [3]])
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.zeros(2, -1)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(torch.tensor([torch.tensor(1.0), torch.tensor(2.0)]), torch.stack([torch.tensor(1), torch.tensor(2)]).dtype)
print(torch.empty_strided((2, 3), (1, 2)).stride(), torch.as_strided(torch.arange(6.), (2, 2), (1, 2)))
