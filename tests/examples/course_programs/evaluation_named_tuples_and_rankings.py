"""A deblurring evaluation script that leans on PyTorch's named-tuple results: per-image PSNR
ranked with topk / sort / kthvalue / median / mode, max and min with dim (their repr, fields,
indexing and unpacking), aminmax, the worst patches located with unravel_index, histograms of
errors with histc and bucketize, unique with counts and inverse, and repeat_interleave graphs
of per-image weights."""
import torch
import torch.nn.functional as F

torch.manual_seed(4)
sharp = torch.rand(6, 1, 8, 8)
kernel = torch.full((1, 1, 3, 3), 1 / 9)
blurred = F.conv2d(F.pad(sharp, (1, 1, 1, 1), mode='reflect'), kernel)
restored = blurred + 0.5 * (sharp - blurred) + 0.01 * torch.randn(sharp.shape)
mse = ((restored - sharp) ** 2).mean(dim=(1, 2, 3))
psnr = 10 * torch.log10(1 / mse)
print(psnr.round(decimals=2))

top = psnr.topk(3)
print(type(top).__name__, top.n_fields, top.indices, [round(v, 2) for v in top.values.tolist()])
values, order = psnr.sort(descending=True)
print(order, torch.equal(values[:3], top.values), psnr.argsort(stable=True))
print(psnr.topk(2, largest=False).indices, psnr.kthvalue(2).indices.item(), psnr.median().item() == psnr.sort().values[2].item())
mx = psnr.max(dim=0)
print(type(mx).__name__, mx.indices.item(), mx[1].item(), len(mx), round(mx.values.item(), 3))
lo, where = psnr.min(0, keepdim=True)
print(lo.shape, where)
mm = torch.aminmax(psnr)
print(type(mm).__name__, isinstance(mm, torch.return_types.aminmax), round(mm.min.item(), 3) == round(lo.item(), 3))
med = psnr.median(dim=0)
print(med.indices.item(), type(med).__name__)

err = (restored - sharp).abs()[:, 0]
flat_worst = err.flatten(1).argmax(dim=1)
rows, cols = torch.unravel_index(flat_worst, (8, 8))
print(flat_worst, rows, cols)
per_row = err.max(dim=-1)
print(per_row.values.shape, per_row.indices.dtype, per_row.indices[0])
print(torch.max(err, dim=-1, keepdim=True).values.shape, err.amax(dim=(-2, -1)).argmax().item())

hist = torch.histc(err, bins=5, min=0, max=0.1)
print(hist, hist.sum().item(), err.numel())
edges = torch.linspace(0, 0.1, 6)
bins = torch.bucketize(err.flatten(), edges[1:-1])
print(torch.bincount(bins, minlength=5), bins.dtype)
print(torch.searchsorted(edges, torch.tensor([0.0, 0.05, 0.2])), torch.searchsorted(edges, torch.tensor([0.02]), right=True))

levels = (sharp * 4).floor().long().flatten()
u, inv, counts = torch.unique(levels, return_inverse=True, return_counts=True)
print(u, counts, inv.shape, torch.equal(u[inv], levels))
uc = torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 2, 1, 3, 3]), return_counts=True)
print(uc)
mode = torch.mode(levels.view(6, -1), dim=1)
print(type(mode).__name__, mode.values, mode.indices.shape)
srt = torch.sort(torch.tensor([3, 1, 2, 1]), stable=True)
print(srt)
print(torch.topk(torch.tensor([1., 3., 2.]), 2))
print(torch.max(torch.tensor([[1, 5], [7, 2]]), 1))

weights = torch.softmax(psnr, 0).requires_grad_()
per_pixel = weights.repeat_interleave(64)
print(per_pixel.shape, per_pixel.grad_fn.name(), per_pixel.grad_fn.next_functions[0][0].name())
loss = (per_pixel * err.flatten()).sum()
loss.backward()
print(weights.grad.shape, torch.allclose(weights.grad, err.flatten(1).sum(1)))
pairs = torch.arange(3).repeat_interleave(torch.tensor([2, 0, 1]))
print(pairs, torch.repeat_interleave(torch.tensor([1, 3])))
try:
    torch.tensor(5.).repeat_interleave(2, dim=0)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    psnr.topk(7)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    torch.histc(err, bins=4, min=1, max=0)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
