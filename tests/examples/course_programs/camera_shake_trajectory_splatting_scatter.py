"""Camera-shake kernel synthesis (Boracchi & Foi style) written with index arithmetic: a random
walk of velocities with inertia and impulsive jumps (cumsum, where, bernoulli with a generator),
the trajectory resampled at uniform arc length with torch.diff(prepend=), cumsum, searchsorted and
lerp, exposure-time kernels from prefixes of the path, sub-pixel splatting of every point onto the
grid three ways (scatter_add_ on flattened indices, index_add_, bincount with weights and
minlength) and compared, the support and extent read with nonzero/argwhere/unique, and kernels of
several exposures batched with take_along_dim and scatter_reduce(amax)."""
import math

import torch

torch.manual_seed(8)
KS = 15


def trajectory(n=40, anxiety=0.1, g=None):
    v = torch.zeros(n, 2, dtype=torch.float64)
    steps = torch.randn(n, 2, generator=g, dtype=torch.float64) * anxiety
    jumps = torch.bernoulli(torch.full((n,), 0.08, dtype=torch.float64), generator=g).bool()
    heading = torch.tensor([math.cos(0.7), math.sin(0.7)], dtype=torch.float64)
    for t in range(1, n):
        dv = steps[t] - 0.1 * v[t - 1] + torch.where(jumps[t], 1.5, 0.0) * heading.flip(0)
        v[t] = v[t - 1] + dv
        v[t] = v[t] / v[t].norm().clamp(min=1.0)
    path = torch.cumsum(v, 0)
    return path - path.mean(0), jumps


def resample(path, m=36):
    seg = torch.diff(path, dim=0, prepend=path[:1]).norm(dim=1)
    s = torch.cumsum(seg, 0)
    targets = torch.linspace(0, s[-1].item(), m, dtype=torch.float64)
    idx = torch.searchsorted(s, targets, right=False).clamp(1, len(s) - 1)
    w = ((targets - s[idx - 1]) / (s[idx] - s[idx - 1]).clamp(min=1e-12)).clamp(0, 1)
    return torch.lerp(path[idx - 1], path[idx], w[:, None]), s[-1]


def splat(points, size=KS):
    p = points * (size / 2 - 1) / points.abs().max().clamp(min=size / 2 - 1) + size // 2
    base = p.floor().long()
    frac = p - base
    flat = torch.zeros(size * size, dtype=torch.float64)
    flat_b = torch.zeros(size * size, dtype=torch.float64)
    all_idx, all_w = [], []
    for dy in (0, 1):
        for dx in (0, 1):
            wy = frac[:, 1] if dy else 1 - frac[:, 1]
            wx = frac[:, 0] if dx else 1 - frac[:, 0]
            idx = (base[:, 1] + dy).clamp(0, size - 1) * size + (base[:, 0] + dx).clamp(0, size - 1)
            flat.scatter_add_(0, idx, wy * wx)
            flat_b.index_add_(0, idx, wy * wx)
            all_idx.append(idx)
            all_w.append(wy * wx)
    via_bincount = torch.bincount(torch.cat(all_idx), weights=torch.cat(all_w), minlength=size * size)
    return flat.view(size, size), flat_b.view(size, size), via_bincount.view(size, size)


g = torch.Generator().manual_seed(21)
path, jumps = trajectory(g=g)
print(path.shape, path.dtype, jumps.sum().item(), jumps.nonzero().flatten()[:4], path.abs().max(0).values.round(decimals=6))
rs, length = resample(path)
print(rs.shape, round(length.item(), 8), torch.diff(rs, dim=0).norm(dim=1).std().item() < 0.5, rs[[0, -1]].round(decimals=6))
s = torch.tensor([0.0, 1.0, 1.0, 2.5])
print(torch.searchsorted(s, torch.tensor([1.0, 2.0, 3.0])), torch.searchsorted(s, torch.tensor([1.0, 2.0, 3.0]), right=True),
      torch.searchsorted(s, torch.tensor([1.0]), side='right'), torch.bucketize(torch.tensor([1.0, 0.5]), s), torch.bucketize(torch.tensor([1.0, 0.5]), s, right=True))
a, b, c = splat(rs)
print(a.sum().item(), torch.allclose(a, b), torch.equal(a, c), c.dtype, a.max().round(decimals=8))
kernel = a / a.sum()
support = kernel.nonzero()
print(support.shape, support.min(0).values, support.max(0).values, torch.argwhere(kernel > 0.02).shape[0],
      kernel.nonzero(as_tuple=True)[0].unique(return_counts=True)[1][:5])
rows, counts = torch.unique(support[:, 0], sorted=True, return_counts=True)
print(rows.tolist(), counts.tolist(), torch.unique_consecutive(support[:, 0]).tolist() == rows.tolist())

exposures = []
for frac in (0.25, 0.5, 1.0):
    n = max(2, int(frac * len(rs)))
    k, _, _ = splat(rs[:n])
    exposures.append(k / k.sum())
stack = torch.stack(exposures)
flatk = stack.flatten(1)
order = flatk.argsort(dim=1, descending=True)
top = torch.take_along_dim(flatk, order[:, :5], dim=1)
print(top.round(decimals=6), torch.equal(top, flatk.topk(5, dim=1).values))
peak = torch.zeros(KS * KS, dtype=torch.float64).scatter_reduce(0, torch.arange(KS * KS).repeat(3), flatk.flatten(), reduce='amax', include_self=False)
print(torch.equal(peak, flatk.max(0).values), peak.view(KS, KS)[KS // 2].round(decimals=5))
cnt = torch.zeros(4, dtype=torch.int64).scatter_reduce(0, torch.tensor([0, 1, 1, 3]), torch.tensor([5, 2, 7, 1]), reduce='mean', include_self=True)
print(cnt, torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0, 2]), torch.tensor([2.0, 3.0, 4.0]), 'prod'),
      torch.ones(3).scatter_reduce(0, torch.tensor([0, 0, 2]), torch.tensor([2.0, 3.0, 4.0]), 'amin', include_self=False))
cy = (stack.sum(2) * torch.arange(KS)).sum(1)
cx = (stack.sum(1) * torch.arange(KS)).sum(1)
print(cy.round(decimals=5), cx.round(decimals=5), torch.histc(kernel[kernel > 0], bins=4, min=0, max=float(kernel.max())))
