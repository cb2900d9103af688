"""Classical image processing before deep learning: contrast stretching by quantiles, histogram
equalisation with histc/cumsum/bucketize, a median filter from unfold+median, salt-and-pepper
noise, unique grey levels, local statistics with avg_pool2d, and sorting-based metrics."""
import torch
import torch.nn.functional as F

torch.manual_seed(31)
H = W = 20
yy, xx = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing='xy')
img = (0.35 + 0.15 * torch.exp(-(xx ** 2 + yy ** 2) * 3) + 0.02 * torch.randn(H, W)).clamp(0, 1)
print(img.shape, img.min().round(decimals=4), img.max().round(decimals=4), yy[0, :3], xx[:3, 0])
lo, hi = torch.quantile(img, torch.tensor([0.02, 0.98]))
stretched = ((img - lo) / (hi - lo)).clamp(0, 1)
print(lo.round(decimals=5), hi.round(decimals=5), stretched.mean().round(decimals=4), torch.nanquantile(img.flatten(), 0.5, interpolation='nearest'))
levels = (img * 255).round().to(torch.uint8)
print(levels.unique().numel(), levels.unique(sorted=True)[:5], torch.unique(levels, return_counts=True)[1].max())
hist = torch.histc(levels.float(), bins=256, min=0, max=255)
cdf = hist.cumsum(0); cdf = (cdf - cdf[cdf > 0].min()) / (cdf[-1] - cdf[cdf > 0].min())
eq = cdf[levels.long()]
print(hist.sum(), hist.argmax(), cdf[levels.long()].shape, eq.mean().round(decimals=4), eq.std().round(decimals=4))
edges = torch.linspace(0, 1, 9)
bins = torch.bucketize(img, edges[1:-1])
print(bins.flatten().bincount(minlength=8), torch.searchsorted(edges, torch.tensor([0.0, 0.5, 0.99])))
h2, be = torch.histogram(img.flatten(), bins=5, range=(0.0, 1.0), density=True)
print(h2.round(decimals=4), be)

noisy = img.clone()
mask = torch.rand(H, W)
noisy[mask < 0.05] = 0.0
noisy[mask > 0.95] = 1.0
print((noisy == 0).sum(), (noisy == 1).sum(), torch.count_nonzero(noisy != img))
patches = F.unfold(F.pad(noisy[None, None], (1, 1, 1, 1), mode='replicate'), 3)
med = patches.median(dim=1).values.view(H, W)
med_k = patches.kthvalue(5, dim=1).values.view(H, W)
srt = patches.sort(dim=1).values[:, 4].view(H, W)
print(patches.shape, torch.equal(med, med_k), torch.equal(med, srt), (med - img).abs().mean().round(decimals=4), (noisy - img).abs().mean().round(decimals=4))
tu = noisy.unfold(0, 3, 1).unfold(1, 3, 1)
print(tu.shape, tu.stride(), torch.equal(tu.reshape(18, 18, 9).median(-1).values, med[1:-1, 1:-1]))
mean_local = F.avg_pool2d(noisy[None, None], 3, stride=1, padding=1, count_include_pad=False)[0, 0]
var_local = F.avg_pool2d(noisy[None, None] ** 2, 3, stride=1, padding=1, count_include_pad=False)[0, 0] - mean_local ** 2
print(mean_local[0, :3].round(decimals=4), var_local.clamp_min(0).max().round(decimals=4), F.max_pool2d(noisy[None, None], 5).shape)
vals, idx = noisy.flatten().topk(5)
print(vals, torch.unravel_index(idx, (H, W)))
s, order = torch.sort(img.flatten(), descending=True, stable=True)
print(order[:6], s[:3].round(decimals=4), torch.argsort(img[0], stable=True)[:5])
print(torch.median(img), torch.median(img, dim=0).indices[:5], torch.mode(levels[0]).values, img.var(unbiased=False).round(decimals=6))
m = torch.msort(img[:3, :4]); print(m.shape, torch.equal(m[0], img[:3, :4].min(0).values))
cmin, cmax = torch.aminmax(levels); print(cmin, cmax, levels.double().mean().round(decimals=3), levels.float().std().round(decimals=3))
