"""A course's tensor-basics notebook, printed: f-strings of tensors with format specs,
``x.shape`` / ``x.dtype`` / ``x.device`` in text, torch.Size arithmetic and comparisons,
set_printoptions, masked assignment ``x[mask] = v``, torch.where in its forms, ``.item()``,
``.tolist()``, ``.numpy()``, ``torch.from_numpy`` sharing memory, ``.to(device)`` and the
dtype conversions a beginner meets."""
import numpy as np
import torch

device = 'cuda' if torch.cuda.is_available() else 'cpu'
torch.manual_seed(3)
x = torch.randn(2, 3, 4)
print(f"shape={x.shape} dtype={x.dtype} device={x.device} ndim={x.ndim} numel={x.numel()}")
print(f"{x.size()} {x.size(1)} {x.size(-1)} {x.shape[1:]} {tuple(x.shape)} {list(x.shape)}")
s = x.shape
print(s + (5,), s[:2] + torch.Size([7]), s == (2, 3, 4), s == torch.Size([2, 3, 4]), len(s), s.numel())
print(type(s[1:]).__name__, type(s + (1,)).__name__, torch.Size([2]) * 2, s.count(3), s.index(4), repr(torch.Size([])))
print(str(x.dtype), repr(x.dtype), x.dtype == torch.float32, x.dtype is torch.float, torch.float64 == torch.double)
print(x.dtype.is_floating_point, torch.int64.is_floating_point, torch.tensor(1).dtype, torch.tensor(1.0).dtype,
      torch.tensor(True).dtype, torch.tensor([1, 2.0]).dtype, torch.get_default_dtype())
v = torch.tensor(3.14159)
print(f"{v:.2f} {v.item():.3f} {float(v):.1f} {int(v)} {v:>10.4f}|")
print(f"{x[0, 0, 0]} | {x[0, 0]}")
print("value: %.3f" % v, "{:.2e}".format(v.item()), str(v), repr(torch.tensor(-0.0)))
try:
    print(f"{x[0, 0]:.2f}")
except (TypeError, ValueError, RuntimeError) as e:
    print(type(e).__name__)

x = x.to(device)
mask = x > 0.5
print(mask.dtype, mask.sum(), mask.any(), mask.all(), mask.float().mean().item() < 1)
y = x.clone()
y[mask] = 0.5
y[y < -1] = -1
print(y.max().item() <= 0.5, y.min().item() >= -1, torch.equal(torch.clamp(x, -1, 0.5), y))
z = torch.where(x > 0, x, torch.zeros_like(x))
print(torch.equal(z, x.relu()), torch.where(x > 0, x, 0.0).sum() == z.sum(), torch.where(x > 0, 1, -1).dtype)
rows, cols = torch.where(torch.tensor([[0, 1], [1, 1]]) > 0)
print(rows, cols, torch.nonzero(torch.tensor([[0, 1], [1, 1]])), torch.tensor([0, 3, 0, 5]).nonzero(as_tuple=True))
a = torch.arange(10)
a[a % 2 == 0] = -a[a % 2 == 0]
print(a, a.tolist(), a[a > 0].tolist(), type(a.tolist()[0]).__name__)
a[[1, 3]] = torch.tensor([100, 300])
a[-2:] = 7
print(a, a.masked_fill(a < 0, 0), a.masked_select(a > 50))
t = torch.zeros(3, 4)
t[:, 1] = torch.tensor([1.0, 2.0, 3.0])
t[1] = 9
t[0, ::2] += 1
t[..., -1] = torch.arange(3)
print(t)
print(torch.tensor([[1, 2], [3, 4]]).tolist(), torch.tensor(2.5).tolist(), torch.tensor([1.5]).item(), torch.tensor([True]).item())

arr = np.arange(6, dtype=np.float32).reshape(2, 3)
shared = torch.from_numpy(arr)
shared += 1
print(arr, shared.numpy() is not None, np.shares_memory(arr, shared.numpy()))
copied = torch.tensor(arr)
copied[0, 0] = -1
print(arr[0, 0], torch.as_tensor(arr).dtype, torch.as_tensor(arr, dtype=torch.float64).dtype, torch.Tensor(arr).dtype)
print(x.cpu().numpy().dtype, x.detach().cpu().numpy().shape, torch.from_numpy(np.array([1, 2], dtype=np.int32)).dtype)
print(torch.from_numpy(np.array([True])).dtype, torch.from_numpy(np.float16([1.5])).dtype, torch.tensor(np.float64(2.0)).dtype)
try:
    torch.randn(2, requires_grad=True).numpy()
except RuntimeError as e:
    print("RuntimeError", e)

i = torch.tensor([1, 2, 3])
print(i.float(), i.double().dtype, i.to(torch.float16), i.half().dtype, i.bool(), i.long().dtype, i.int().dtype)
print(i.to(dtype=torch.float32, device=device), i.type(torch.FloatTensor).dtype, i.type(), i.float().type())
print(torch.tensor([1.7, -1.7]).long(), torch.tensor([1.7, -1.7]).int(), torch.tensor([0.0, 0.3]).bool(), torch.tensor([300]).to(torch.uint8))
print(x.is_cuda, x.device.type, torch.device(device), str(torch.device("cpu")), x.to("cpu").device == torch.device("cpu"))

torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.34567]), torch.tensor([[1e-5, 1.0]]))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([1e-5, 1.0, 1000.0]))
torch.set_printoptions(profile="default")
print(torch.tensor([1.23456, 1e-5]), torch.arange(1500).float()[:3])
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(10), torch.arange(20).reshape(4, 5))
torch.set_printoptions(profile="default")
print(torch.arange(6).reshape(2, 3).T, torch.arange(6).view(3, 2)[:, 0], torch.linspace(0, 1, 5), torch.logspace(0, 2, 3))
print(torch.zeros(2, 2, dtype=torch.int32), torch.ones(2, dtype=torch.bool), torch.full((2,), 7), torch.eye(2, dtype=torch.float64))
print(torch.tensor([-1.5, 2.25, 1000.125]), torch.tensor([0.1, 0.25, 0.5]) * 3, torch.tensor([1e-3, 1e3]), torch.tensor([2., 4.]))
print(torch.tensor([[-0.0001, 12345.6]]), torch.tensor([1, -2, 300]), torch.tensor([float('nan'), 1.5]), torch.tensor(float('inf')))
print(torch.randn(3, 2, dtype=torch.float64), torch.tensor([1.5], dtype=torch.float16), torch.tensor([[[1, 2]], [[3, 4]]]))
