"""A course's "images between NumPy and torch" lesson: uint8 HxWxC arrays made into CxHxW float
tensors with from_numpy(...).permute(2, 0, 1).float().div(255), batched with torch.stack, the
way back with clamp(0, 1).mul(255).byte().permute(1, 2, 0).numpy(), memory sharing of
from_numpy / as_tensor / numpy() and the copies of torch.tensor, np.asarray and np.array of
tensors, NumPy scalars and 0-d arrays mixed into arithmetic, torch.tensor of a list of arrays
(and its warning), dtypes printed on both sides, grayscale conversion by a weighted sum,
histogram equalisation with torch.histc / bincount / cumsum, and a contrast stretch by quantiles."""
import warnings

import numpy as np
import torch

rng = np.random.default_rng(7)
frames = [rng.integers(0, 256, size=(6, 8, 3), dtype=np.uint8) for _ in range(3)]
frames[1][:, :4] = 20
print(frames[0].dtype, frames[0].shape, frames[0].strides, frames[0][0, 0])

t = torch.from_numpy(frames[0])
print(t.dtype, t.shape, t.stride(), t.is_contiguous(), t[0, 0])
chw = t.permute(2, 0, 1)
print(chw.shape, chw.stride(), chw.is_contiguous(), chw.contiguous().stride())
img = chw.float().div(255)
print(img.dtype, img.shape, round(img.mean().item(), 6), img.min().item(), round(img.max().item(), 6))
batch = torch.stack([torch.from_numpy(f).permute(2, 0, 1).float() / 255.0 for f in frames])
print(batch.shape, batch.dtype, [round(v, 5) for v in batch.mean(dim=(0, 2, 3)).tolist()])

frames[0][0, 0, 0] = 1
print("from_numpy shares memory:", t[0, 0, 0].item(), img[0, 0, 0].item() == frames[0][0, 0, 0] / 255)
copied = torch.tensor(frames[0])
as_t = torch.as_tensor(frames[0])
frames[0][0, 0, 0] = 2
print("tensor copies:", copied[0, 0, 0].item(), "as_tensor shares:", as_t[0, 0, 0].item())
print(torch.as_tensor(frames[0], dtype=torch.float32).dtype, torch.as_tensor([1, 2]).dtype, torch.as_tensor(np.float64(2.5)))

back = (img.clamp(0, 1).mul(255).byte().permute(1, 2, 0).numpy())
print(type(back).__name__, back.dtype, back.shape, back.flags["C_CONTIGUOUS"], int(back.sum()))
rounded = (img * 255).round().to(torch.uint8).permute(1, 2, 0).contiguous().numpy()
print(np.array_equal(rounded[1:], frames[0][1:]), int(np.abs(rounded.astype(np.int16) - back).max()))
view = img.numpy()
view[0, 0, 0] = 0.5
print("numpy() shares:", img[0, 0, 0].item(), np.shares_memory(view, img.numpy()))
arr = np.asarray(batch)
print(type(arr).__name__, arr.dtype, arr.shape, np.array(batch[0, 0, 0]).dtype, np.array(batch[0, 0, 0, 0]).shape)
print(float(batch[0, 0, 0, 0]) == arr[0, 0, 0, 0], abs(batch.sum().item() - arr.sum(dtype=np.float64)) < 1e-3)  # (float32 sums differ by order)

scale = np.float32(0.5)
shift = np.float64(0.25)
for value in (img * scale, img + shift, scale * img, img * np.array(2.0), torch.tensor(3) * np.int64(2),
              torch.tensor([1, 2], dtype=torch.int32) + np.int16(1), torch.ones(2) * np.float64(1.5)):
    print(type(value).__name__, value.dtype, value.shape)
print(np.float64(2.0) * torch.ones(1, dtype=torch.float16), torch.ones(2, dtype=torch.float64).numpy().dtype)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    slow = torch.tensor(frames)
print(slow.shape, slow.dtype, [w.category.__name__ for w in caught], "extremely slow" in str(caught[0].message) if caught else None)
fast = torch.tensor(np.array(frames))
print(torch.equal(slow, fast), torch.from_numpy(np.stack(frames)).shape)
mixed = torch.tensor([np.float32(1.5), np.float32(2.5)])
print(mixed.dtype, torch.tensor(np.array([1, 2], dtype=np.int32)).dtype, torch.tensor([np.int64(3)]).dtype,
      torch.tensor(np.bool_(True)).dtype, torch.tensor(np.array(3.5)).shape)
for dt in (np.uint8, np.int16, np.int32, np.int64, np.float16, np.float32, np.float64, np.bool_, np.complex64):
    print(np.dtype(dt).name, "->", torch.from_numpy(np.zeros(2, dtype=dt)).dtype)
print(torch.zeros(1).numpy().dtype, torch.zeros(1, dtype=torch.int16).numpy().dtype, torch.zeros(1, dtype=torch.bool).numpy().dtype)

weights = torch.tensor([0.299, 0.587, 0.114])
gray = (batch * weights.view(1, 3, 1, 1)).sum(dim=1, keepdim=True)
gray_einsum = torch.einsum("nchw,c->nhw", batch, weights)
print(gray.shape, torch.allclose(gray[:, 0], gray_einsum, atol=1e-6), round(gray.mean().item(), 5))
levels = (gray[1, 0] * 255).round().long()
hist = torch.bincount(levels.flatten(), minlength=256)
cdf = hist.cumsum(0)
cdf_min = cdf[cdf > 0].min()
lut = ((cdf - cdf_min).float() / (cdf[-1] - cdf_min).float() * 255).round().clamp(0, 255).to(torch.uint8)
equalised = lut[levels]
print(hist.shape, hist.sum().item(), int(cdf_min), equalised.dtype, equalised.shape, equalised.min().item(), equalised.max().item())
print(torch.histc(gray[1], bins=8, min=0, max=1), torch.histc(gray, bins=4).sum().item())
lo, hi = torch.quantile(gray[1].flatten(), torch.tensor([0.02, 0.98]))
stretched = ((gray[1] - lo) / (hi - lo)).clamp(0, 1)
print(round(lo.item(), 5), round(hi.item(), 5), round(stretched.std().item(), 5), torch.quantile(gray, 0.5, dim=2).shape)
out = stretched.squeeze(0).mul(255).to(torch.uint8).numpy()
print(out.dtype, out.shape, out[0, :4], np.percentile(out, 50), out.tobytes()[:6])

mean_np = np.array([0.485, 0.456, 0.406]).reshape(3, 1, 1)
std_np = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)
normalised = (batch[0] - mean_np) / std_np
print(type(normalised).__name__, normalised.dtype, normalised.is_contiguous(), round(normalised.float().mean().item(), 4))
print((batch[0] * np.float64(2)).dtype, (batch[0] * np.array([2], dtype=np.int64)).dtype, (batch.long() + np.array(1)).dtype)
flat = torch.stack([torch.from_numpy(f).permute(2, 0, 1) for f in frames]).view(3, -1)
print(flat.shape, flat.stride(), flat.is_contiguous(), torch.cat([img, img], dim=0).view(-1).shape)
