"""Deep Learning with PyTorch (Stevens, Antiga, Viehmann), chapter 3, the storage in depth: the
deprecated typed ``points.storage()`` (its ``len``, ``type()``, indexing, negative indices, writes
through ``points_storage[0] = 2.0``, ``fill_``, ``copy_``, ``clone``, conversions ``double()`` /
``int()``, ``untyped()`` byte slices), ``storage_offset`` / ``stride`` of a row and of an element,
``t()`` sharing the storage, ``transpose(0, 2)`` strides, ``contiguous()``, the einsum grayscale,
NumPy interop both ways, and ``torch.save`` / ``torch.load`` to a file path, a file object and a
``BytesIO`` (a transposed view and a dict with a list of views)."""
import io
import os
import tempfile
import warnings

import numpy as np
import torch

warnings.filterwarnings("ignore", message="TypedStorage is deprecated")

points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
s = points.storage()
print(len(s), s.type(), s.dtype, s.device)
print(s[0], s[1], s[5])
print(list(s))
print(points.untyped_storage().nbytes(), points.untyped_storage().size())
points_storage = points.storage()
points_storage[0] = 2.0
print(points)
second = points[1]
print(second.storage_offset(), second.size(), second.shape, second.stride())
third = points[2, 1]
print(third.storage_offset(), third.size(), third.stride(), third.dim())
second_point = points[1].clone()
second_point[0] = 10.0
print(points)
points_t = points.t()
print(points_t, points_t.stride(), points.stride())
print(id(points.storage()) == id(points_t.storage()), points.data_ptr() == points_t.data_ptr())
print(points.untyped_storage().data_ptr() == points_t.untyped_storage().data_ptr())
print(points.is_contiguous(), points_t.is_contiguous())
some_t = torch.ones(3, 4, 5)
transpose_t = some_t.transpose(0, 2)
print(some_t.shape, transpose_t.shape, some_t.stride(), transpose_t.stride())
pc = points_t.contiguous()
print(pc, pc.stride(), pc.storage_offset(), pc.is_contiguous())
print(pc.storage().tolist())
# zero_ on storage
a = torch.arange(6.0)
a.storage().fill_(1.5)
print(a)
b = torch.arange(6).view(2, 3)
print(b.storage().tolist(), b.storage().dtype, b.storage().size(), b.storage().element_size())
print(b.storage().device, b.storage().nbytes())
# einsum
img_t = torch.arange(2 * 3 * 5 * 5, dtype=torch.float32).view(2, 3, 5, 5) / 100.0
weights = torch.tensor([0.2126, 0.7152, 0.0722])
img_gray_weighted_fancy = torch.einsum('...chw,c->...hw', img_t, weights)
print(img_gray_weighted_fancy.shape, img_gray_weighted_fancy[0, 0])
unsqueezed_weights = weights.unsqueeze(-1).unsqueeze_(-1)
print(unsqueezed_weights.shape, (img_t * unsqueezed_weights).sum(-3)[1, 2])
# numpy interop
points = torch.ones(3, 4)
points_np = points.numpy()
print(points_np, points_np.dtype)
points = torch.from_numpy(points_np)
points_np[0, 0] = 7
print(points, points.dtype)
print(torch.from_numpy(np.arange(4, dtype=np.int16)), torch.tensor(np.float64(2.5)))
# save/load
tmp = tempfile.TemporaryDirectory()
d = tmp.name
fn = os.path.join(d, 'ourpoints.t')
torch.save(points, fn)
loaded = torch.load(fn)
print(loaded, torch.equal(loaded, points))
with open(fn, 'wb') as f:
    torch.save(points_t, f)
with open(fn, 'rb') as f:
    lt = torch.load(f)
print(lt, lt.stride(), lt.is_contiguous())
buf = io.BytesIO()
torch.save({'a': points, 'b': [points[0], 3]}, buf)
buf.seek(0)
obj = torch.load(buf, weights_only=True)
print(obj['a'].shape, obj['b'][0], obj['b'][1], obj['b'][0].storage_offset())
# double / dtype
double_points = torch.ones(10, 2, dtype=torch.double)
short_points = torch.tensor([[1, 2], [3, 4]], dtype=torch.short)
print(short_points.dtype, double_points.dtype, short_points.storage().dtype)
s = torch.arange(4.).storage()
print(s.tolist()[1:3], s[-1], s.untyped()[4:8].tolist(), s.double(), s.int().tolist())
s.copy_(torch.arange(4.0, 8.0).storage())
print(s.tolist(), s.clone().tolist())
print(torch.FloatTensor([1, 2]), torch.DoubleTensor(2).shape, torch.LongTensor([3]))
print(points.storage().is_shared(), points.storage().is_cuda, torch.zeros(3, dtype=torch.long).storage().type())
tmp.cleanup()
