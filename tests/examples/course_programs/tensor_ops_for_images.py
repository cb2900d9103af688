"""A course's tensor-manipulation notebook on image batches, the idioms students use: view /
reshape / permute / contiguous (and the view error after permute), masks and torch.where,
cat / stack / chunk / split, argmax / topk / sort (stable, descending) / unique (sorted,
return_inverse, return_counts, dim), gather / scatter / scatter_add_ / scatter_reduce,
index_select / masked_select / nonzero / masked_fill, einsum for batched Gram matrices and
channel mixing, cumsum / cumprod / cummax, clamp and its dtype, detach().numpy(), .item(),
.tolist(), dtype conversions and their printed forms, and grad_fn names of each result."""
import numpy as np
import torch

torch.manual_seed(7)
imgs = torch.rand(4, 3, 5, 6)
print(imgs.shape, imgs.stride(), imgs.permute(0, 2, 3, 1).stride(), imgs.permute(0, 2, 3, 1).is_contiguous())
hwc = imgs.permute(0, 2, 3, 1)
try:
    hwc.view(4, -1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(hwc.reshape(4, -1).shape, hwc.contiguous().view(4, -1).shape, torch.equal(hwc.reshape(4, -1), hwc.contiguous().view(4, -1)))
print(imgs.flatten(2).shape, imgs.flatten(start_dim=1, end_dim=2).shape, imgs.unflatten(1, (1, 3)).shape, imgs[:, None].shape)
print(imgs.movedim(1, -1).shape, imgs.transpose(-1, -2).shape, imgs.mT.shape, imgs.squeeze().shape, imgs[:1].squeeze(0).shape)

gray = imgs.mean(dim=1)
bright = gray > 0.6
print(bright.sum().item(), bright.dtype, bright.float().mean(dim=(1, 2)), bright.any(dim=2).shape)
thresh = torch.where(bright, torch.ones_like(gray), torch.zeros_like(gray))
print(torch.equal(thresh, bright.float()), torch.where(gray > 0.5, gray, 0.0).sum().round(decimals=3))
masked = gray.masked_fill(~bright, float("-inf"))
print(masked.max(dim=2).values[0], masked.masked_select(bright).shape, torch.nonzero(bright[0]).shape, bright[0].nonzero(as_tuple=True)[0][:5])
print(torch.count_nonzero(bright, dim=(1, 2)), torch.argwhere(bright[0, 0]).flatten().tolist())

a, b = torch.chunk(imgs, 2, dim=0)
parts = torch.split(imgs, [1, 2], dim=1)
print(a.shape, b.shape, [p.shape[1] for p in parts], torch.cat([a, b]).equal(imgs), torch.stack([a, b], dim=1).shape)
print(torch.cat(parts, dim=1).grad_fn, torch.hstack([gray[0], gray[1]]).shape, torch.vstack([gray[0], gray[1]]).shape, torch.dstack([gray[0], gray[1]]).shape)

logits = torch.tensor([[0.1, 2.0, 2.5, -1.0], [3.0, 0.5, 3.5, 2.0], [-1.0, -2.0, -0.5, -0.7]])
ties = torch.tensor([[0.1, 2.0, 2.0, -1.0], [3.0, 0.5, 3.0, 3.0]])
print(logits.argmax(dim=1), logits.argmax(), logits.argmin(dim=0), logits.max(dim=1), logits.min())
print(logits.topk(2, dim=1), logits.topk(1, dim=0, largest=False).indices)
print(ties.sort(dim=1, descending=True, stable=True), ties.sort(dim=1, stable=True).indices)
print(torch.argsort(logits[1], stable=True), torch.msort(logits[:, :2]), logits.sort(dim=0).values[0])
labels = torch.tensor([3, 1, 3, 0, 1, 3, 2, 2])
u, inv, cnt = torch.unique(labels, return_inverse=True, return_counts=True)
print(u, inv, cnt, torch.unique(labels, sorted=True), torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 1])))
rows = torch.tensor([[1, 2], [1, 2], [0, 5], [1, 2]])
print(torch.unique(rows, dim=0), torch.unique(rows, dim=0, return_counts=True)[1], labels.bincount(minlength=5))

idx = torch.tensor([[1, 0], [3, 3], [2, 1]])
print(torch.gather(logits, 1, idx), logits.gather(0, torch.tensor([[2, 0, 1, 1]])))
onehot = torch.zeros(8, 4).scatter_(1, labels.view(-1, 1), 1.0)
print(onehot[:3], onehot.sum(0), torch.nn.functional.one_hot(labels, 4).dtype)
acc = torch.zeros(4).scatter_add_(0, labels, torch.arange(8.0))
print(acc, torch.zeros(4).scatter_reduce(0, labels, torch.arange(8.0), reduce="amax", include_self=False))
print(torch.zeros(4).scatter_reduce(0, labels, torch.arange(8.0), reduce="mean"), torch.zeros(4).index_add(0, labels, torch.ones(8)))
print(logits.index_select(1, torch.tensor([3, 0])), logits.take(torch.tensor([0, 5, 11])), logits[[0, 2], [1, 3]])
print(torch.full((2, 3), 5).scatter(1, torch.tensor([[0], [2]]), torch.tensor([[9], [8]])))

feats = torch.randn(2, 3, 4, 4)
gram = torch.einsum("bchw,bdhw->bcd", feats, feats) / 16
print(gram.shape, torch.allclose(gram, feats.flatten(2) @ feats.flatten(2).transpose(1, 2) / 16, atol=1e-6))
mix = torch.randn(5, 3)
print(torch.einsum("oc,bchw->bohw", mix, feats).shape, torch.einsum("ii", torch.eye(3)), torch.einsum("i,j->ij", torch.ones(2), torch.arange(3.0)))
print(torch.einsum("bij,bjk->bik", gram, gram).shape, torch.einsum("...c,c->...", feats.movedim(1, -1), torch.ones(3)).shape)

r = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(r.cumsum(0), r.cumsum(dim=1).dtype, r.cumprod(1), torch.cummax(torch.tensor([1, 3, 2, 5, 4]), 0))
print(torch.cumsum(torch.tensor([0.1, 0.2, 0.3]), 0), torch.logcumsumexp(torch.tensor([0.0, 0.0, 0.0]), 0), r.float().cummin(1).values)
print(r.clamp(2, 5), r.clamp(min=2.5).dtype, torch.clamp(r.float(), max=torch.tensor([2.0, 4.0, 6.0])), r.clip(max=3))

w = torch.tensor([0.5, -1.5, 2.5], requires_grad=True)
out = (w * 2).clamp(-2, 2)
print(out, out.detach().numpy(), type(out.detach().numpy()).__name__, out.detach().numpy().dtype, out.sum().item())
print(out.tolist(), w.detach().tolist(), type(w[0].item()), torch.tensor([1, 2]).tolist(), torch.tensor(7).item())
arr = np.array([[1, 2], [3, 4]], dtype=np.int32)
t = torch.from_numpy(arr)
print(t.dtype, t.float().dtype, t.double(), t.long().dtype, t.to(torch.float16), t.half().dtype, t.bool(), t.to(torch.uint8).dtype)
print(t.type(), t.float().type(), t.type(torch.float64).dtype, torch.tensor([1.7, -1.7]).int(), torch.tensor([1.5, 2.5]).round())
print(torch.tensor([1, 2]) / 2, torch.tensor([1, 2]) // 2, torch.tensor([True, False]).sum(), torch.tensor([300]).to(torch.uint8))
for y in (w.exp(), w.sum(), w.mean(), w[0], w[1:], w.view(3, 1), w.unsqueeze(0), w.t() if w.ndim < 2 else w, w.abs(), w.max(),
          w.sort().values, w.topk(2).values, torch.cat([w, w]), torch.stack([w, w]), w.cumsum(0), w.gather(0, torch.tensor([0])),
          torch.where(w > 0, w, 0.0), w.clamp(min=0), torch.einsum("i,i->", w, w), w.norm(), w.std(), w.expand(2, 3), w.repeat(2),
          w.flip(0), w.roll(1), w.index_select(0, torch.tensor([1])), w.masked_fill(w > 0, 0.0), w[torch.tensor([True, False, True])]):
    print(type(y.grad_fn).__name__, end=" ")
print()
