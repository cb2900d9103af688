"""NumPy interop: ``from_numpy`` and ``numpy()`` share memory both ways (a new array object each
time, so reshaping it leaves the tensor alone), ``as_tensor`` shares and ``tensor`` copies, dtypes and
strides of NumPy arrays (Fortran order, slices, negative strides refused), ``numpy()`` of a tensor that
requires grad, NumPy functions and scalars on tensors, NumPy index arrays and masks, an HWC uint8
image to CHW float and back, ``default_collate`` of arrays and NumPy scalars."""
import numpy as np
import torch

a = np.arange(6, dtype=np.float32).reshape(2, 3)
t = torch.from_numpy(a)
a[0, 0] = 100
print(t)
t.mul_(2)
print(a)
print(np.shares_memory(t.numpy(), a))
b = t.numpy(); b[1, 1] = -1
print(t[1, 1])
b.shape = (3, 2)
print(t.shape, b.shape, t.numpy() is t.numpy(), np.shares_memory(t.numpy(), b))
print(np.asarray(t).dtype)
u = torch.as_tensor(a)
u[0, 1] = 7
print(a[0, 1])
v = torch.tensor(a); v[0, 2] = 9
print(a[0, 2])
print(torch.from_numpy(np.array([1, 2, 3])).dtype, torch.from_numpy(np.array([True])).dtype)
print(torch.from_numpy(np.zeros((2, 2), dtype=np.uint8)).dtype, torch.from_numpy(np.array(3.5)).shape)
nc = np.arange(12).reshape(3, 4)[:, ::2]
print(torch.from_numpy(nc).stride(), torch.from_numpy(nc.T).stride(), torch.from_numpy(np.ascontiguousarray(nc.T)).stride())
f = np.asfortranarray(np.ones((2, 3)))
print(torch.from_numpy(f).stride(), torch.from_numpy(f).is_contiguous())
try:
    torch.from_numpy(np.arange(4)[::-1])
except Exception as e:
    print(type(e).__name__, e)
x = torch.ones(3, requires_grad=True)
try:
    x.numpy()
except Exception as e:
    print(type(e).__name__, e)
print(x.detach().numpy(), x.numpy(force=True))
print(np.exp(torch.zeros(2)))
print((torch.ones(2) * np.float64(2.0)).dtype, (torch.ones(2, dtype=torch.float16) + np.float32(1)).dtype)
arr = np.random.default_rng(0).normal(size=(3, 2))
tt = torch.tensor(arr)
print(tt.dtype, tt.numpy().dtype, torch.from_numpy(arr.astype(np.float32)).double().dtype)
print(torch.tensor([np.float32(1.5), np.float32(2.5)]).dtype, torch.tensor(np.int16(3)).dtype)
print(torch.tensor([[1, 2], [3, 4]]).numpy().tolist(), torch.tensor(2.5).numpy().shape, torch.tensor(2.5).item())
print(t.tolist(), type(t[0, 0].item()), float(t[0, 0]), int(torch.tensor(3.9)))
print(np.stack([torch.ones(2).numpy(), np.zeros(2)]))
print(torch.tensor(np.array([[1.0, 2.0]])) @ torch.tensor(np.eye(2)))
idx = np.array([0, 2])
print(torch.arange(5)[idx], torch.arange(5)[np.int64(1)], torch.arange(10).view(2, 5)[:, idx])
mask = np.array([True, False, True, False, True])
print(torch.arange(5)[mask], torch.arange(5)[torch.from_numpy(mask)])
img = (np.random.default_rng(1).random((4, 4, 3)) * 255).astype(np.uint8)
ti = torch.from_numpy(img).permute(2, 0, 1).float().div(255)
print(ti.shape, ti.is_contiguous(), ti.stride(), ti.dtype)
back = (ti.permute(1, 2, 0) * 255).round().byte().numpy()
print(np.array_equal(back, img), back.dtype, back.flags["C_CONTIGUOUS"])
print(torch.utils.data.default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])]))
print(torch.utils.data.default_collate([{"a": np.int64(1), "b": 2.0}, {"a": np.int64(3), "b": 4.5}]))
print(torch.as_tensor([1, 2], dtype=torch.float32), torch.as_tensor(np.array([1, 2]), dtype=torch.float32))
print(torch.zeros(3).numpy().flags.writeable, torch.zeros(2, 3).t().numpy().strides)
s = torch.arange(6.).view(2, 3)
print(np.asarray(s[:, 1]).strides, s.numpy()[:, 1].base is not None)
print(torch.from_numpy(np.float32(1.5) * np.ones(2, dtype=np.float32)))
print(repr(torch.tensor(np.array([1e-5, 1e5]))))
print(np.allclose(torch.linspace(0, 1, 5).numpy(), np.linspace(0, 1, 5)))
print(torch.tensor(np.arange(3)).new_tensor(np.array([1.5])))
print(torch.from_numpy(np.array([1, 2], dtype=np.uint16)).dtype)
print(torch.Tensor(np.array([1, 2])), torch.FloatTensor(np.array([1.0])).dtype)
