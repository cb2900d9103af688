"""Deep Learning with PyTorch (Stevens, Antiga, Viehmann), chapter 3: lists vs tensors, the
``points`` tensor of coordinates, indexing, the weights-per-channel grayscale of an image batch
(``unsqueeze_``, broadcasting, ``sum(-3)``), dtypes (``torch.double``, ``.short()``, ``.to()``,
type promotion of mixed operands), the tensor API (``torch.transpose`` vs ``a.transpose``),
``untyped_storage()`` / ``storage_offset()`` / ``stride()`` / ``size()`` of views, modifying a
storage-sharing view, ``clone``, ``t()``, ``is_contiguous`` / ``contiguous``, transposing higher
dims, NumPy interop sharing memory, and serialisation with ``torch.save`` / ``torch.load`` to an
in-memory buffer."""
import io

import numpy as np
import torch

a = [1.0, 2.0, 1.0]
print(a[0], a)
a[2] = 3.0
a = torch.ones(3)
print(a, a[1], float(a[1]))
a[2] = 2.0
print(a)

points = torch.zeros(6)
points[0] = 4.0
points[1] = 1.0
points[2] = 5.0
points[3] = 3.0
points[4] = 2.0
points[5] = 1.0
print(points)
points = torch.tensor([4.0, 1.0, 5.0, 3.0, 2.0, 1.0])
print(float(points[0]), float(points[1]))
points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
print(points, points.shape)
print(torch.zeros(3, 2))
print(points[0, 1], points[0])
print(points[1:], points[1:, :], points[1:, 0], points[None])

torch.manual_seed(0)
img_t = torch.randn(3, 5, 5)
weights = torch.tensor([0.2126, 0.7152, 0.0722])
batch_t = torch.randn(2, 3, 5, 5)
img_gray_naive = img_t.mean(-3)
batch_gray_naive = batch_t.mean(-3)
print(img_gray_naive.shape, batch_gray_naive.shape)
unsqueezed_weights = weights.unsqueeze(-1).unsqueeze_(-1)
img_weights = (img_t * unsqueezed_weights)
batch_weights = (batch_t * unsqueezed_weights)
img_gray_weighted = img_weights.sum(-3)
batch_gray_weighted = batch_weights.sum(-3)
print(batch_weights.shape, batch_t.shape, unsqueezed_weights.shape)
print(img_gray_weighted[0].round(decimals=4))
img_gray_weighted_fancy = torch.einsum('...chw,c->...hw', img_t, weights)
batch_gray_weighted_fancy = torch.einsum('...chw,c->...hw', batch_t, weights)
print(batch_gray_weighted_fancy.shape, torch.allclose(batch_gray_weighted_fancy, batch_gray_weighted, atol=1e-6))

double_points = torch.ones(10, 2, dtype=torch.double)
short_points = torch.tensor([[1, 2], [3, 4]], dtype=torch.short)
print(short_points.dtype, double_points.dtype)
double_points = torch.zeros(10, 2).double()
short_points = torch.ones(10, 2).short()
print(double_points.dtype, short_points.dtype)
double_points = torch.zeros(10, 2).to(torch.double)
short_points = torch.ones(10, 2).to(dtype=torch.short)
points_64 = torch.rand(5, dtype=torch.double)
points_short = points_64.to(torch.short)
print(points_64 * points_short, (points_64 * points_short).dtype)
print((torch.ones(2, dtype=torch.int32) * 2.5).dtype, (torch.ones(2, dtype=torch.uint8) + torch.ones(2, dtype=torch.int8)).dtype)

a = torch.ones(3, 2)
a_t = torch.transpose(a, 0, 1)
print(a.shape, a_t.shape)
a_t = a.transpose(0, 1)
print(a.shape, a_t.shape)

points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
storage = points.untyped_storage()
print(storage.nbytes(), len(storage), storage.size(), points.storage_offset(), points.stride(), points.size())
print(points.untyped_storage().data_ptr() == points.data_ptr())
second_point = points[1]
print(second_point.storage_offset(), second_point.size(), second_point.shape, second_point.stride())
print(second_point.untyped_storage().data_ptr() == points.untyped_storage().data_ptr())
second_point = points[1]
second_point[0] = 10.0
print(points)
second_point = points[1].clone()
second_point[0] = 10.0
print(points)
points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
points_t = points.t()
print(points_t)
print(id(points.untyped_storage()) == id(points_t.untyped_storage()) or True,
      points.untyped_storage().data_ptr() == points_t.untyped_storage().data_ptr())
print(points.stride(), points_t.stride())
some_t = torch.ones(3, 4, 5)
transpose_t = some_t.transpose(0, 2)
print(some_t.shape, transpose_t.shape, some_t.stride(), transpose_t.stride())
print(points.is_contiguous(), points_t.is_contiguous())
points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
points_t = points.t()
print(points_t, points_t.stride())
points_t_cont = points_t.contiguous()
print(points_t_cont, points_t_cont.stride(), points_t_cont.is_contiguous())
print(points[1:, 1:].storage_offset(), points[:, 1].stride(), points[::2].stride(), points[::2].is_contiguous())
try:
    points_t.view(-1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(points_t.reshape(-1), points_t.contiguous().view(-1))
v = points.view(2, 3)
v[0, 0] = -1.0
print(points[0, 0], v.stride(), points.view(6)[::2].stride())
e = torch.empty_strided((2, 3), (1, 2))
print(e.stride(), e.is_contiguous(), torch.ones(2, 3).as_strided((3, 2), (1, 3)).stride())

points = torch.ones(3, 4)
points_np = points.numpy()
print(points_np, points_np.dtype)
points = torch.from_numpy(points_np)
points_np[0, 0] = 7
print(points[0], points.dtype)
arr = np.arange(6, dtype=np.float64).reshape(2, 3)
t = torch.from_numpy(arr)
print(t, t.stride(), torch.from_numpy(arr.T).stride(), torch.as_tensor(arr).dtype, torch.tensor(arr).dtype)

buf = io.BytesIO()
torch.save(points, buf)
buf.seek(0)
points_loaded = torch.load(buf)
print(points_loaded, torch.equal(points_loaded, points))
buf = io.BytesIO()
torch.save({"points": points_t, "view": points_t[0]}, buf)
buf.seek(0)
d = torch.load(buf)
print(d["points"], d["points"].shape, d["view"])
