"""Graph neural networks written from scratch without PyG, as tutorials write them: a GCN on the dense
normalised adjacency D^-1/2 (A+I) D^-1/2, message passing with index_select, index_add_ and
scatter_add_ (degrees by bincount(minlength=)), GAT-style attention (leaky_relu scores, a per-node
softmax from scatter_reduce amax, exp and scatter_add), node classification with boolean masks,
global mean pooling by index_add_ and counts (and by index_reduce_ / scatter_reduce 'mean'), and the
gradients of index_add(alpha=) and scatter_reduce amax in float64."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
n, d, c = 30, 8, 3
x = torch.randn(n, d)
src = torch.randint(0, n, (80,))
dst = torch.randint(0, n, (80,))
edge_index = torch.stack([torch.cat([src, dst]), torch.cat([dst, src])])
print(edge_index.shape, edge_index.dtype)
y = torch.randint(0, c, (n,))
deg = torch.bincount(edge_index[1], minlength=n)
print(deg[:10], deg.dtype)

A = torch.zeros(n, n)
A[edge_index[0], edge_index[1]] = 1.0
A_hat = A + torch.eye(n)
D = A_hat.sum(1)
D_inv_sqrt = D.pow(-0.5)
D_inv_sqrt[torch.isinf(D_inv_sqrt)] = 0
A_norm = D_inv_sqrt[:, None] * A_hat * D_inv_sqrt[None, :]
print(A_norm.sum().item().__round__(4), A_norm.is_contiguous())
A_norm2 = torch.diag(D_inv_sqrt) @ A_hat @ torch.diag(D_inv_sqrt)
print(torch.allclose(A_norm, A_norm2))


class GCN(nn.Module):
    def __init__(self, i, h, o):
        super().__init__()
        self.l1 = nn.Linear(i, h)
        self.l2 = nn.Linear(h, o)

    def forward(self, x, a):
        x = F.relu(a @ self.l1(x))
        x = F.dropout(x, 0.5, self.training)
        return a @ self.l2(x)


class MPLayer(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = nn.Linear(i, o, bias=False)

    def forward(self, x, ei):
        s, t = ei
        h = self.lin(x)
        deg = torch.bincount(t, minlength=x.size(0)).float().clamp(min=1)
        norm = deg.rsqrt()
        msg = h.index_select(0, s) * (norm[s] * norm[t]).unsqueeze(-1)
        out = torch.zeros(x.size(0), h.size(1)).index_add_(0, t, msg)
        out2 = torch.zeros_like(h).scatter_add_(0, t.unsqueeze(-1).expand_as(msg), msg)
        assert torch.allclose(out, out2, atol=1e-6)
        return out + h


class GATLayer(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.W = nn.Linear(i, o, bias=False)
        self.a_src = nn.Parameter(torch.randn(o) * 0.1)
        self.a_dst = nn.Parameter(torch.randn(o) * 0.1)

    def forward(self, x, ei):
        s, t = ei
        h = self.W(x)
        e = F.leaky_relu((h * self.a_src).sum(-1)[s] + (h * self.a_dst).sum(-1)[t], 0.2)
        emax = torch.full((x.size(0),), -1e9).scatter_reduce(0, t, e, reduce="amax", include_self=True)
        ex = (e - emax[t]).exp()
        den = torch.zeros(x.size(0)).scatter_add(0, t, ex)
        alpha = ex / den.index_select(0, t).clamp_min(1e-16)
        out = torch.zeros_like(h)
        out.index_add_(0, t, alpha.unsqueeze(1) * h[s])
        return F.elu(out)


masks = torch.zeros(n, dtype=torch.bool)
masks[:20] = True
train_mask, test_mask = masks, ~masks
for name, model, inp in [("gcn", GCN(d, 16, c), A_norm), ("mp", nn.ModuleList([MPLayer(d, 16), MPLayer(16, c)]), edge_index),
                         ("gat", nn.ModuleList([GATLayer(d, 16), GATLayer(16, c)]), edge_index)]:
    torch.manual_seed(1)
    for p in model.parameters():
        nn.init.normal_(p, std=0.3)
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
    for epoch in range(30):
        model.train()
        opt.zero_grad()
        if isinstance(model, nn.ModuleList):
            h = x
            for i, l in enumerate(model):
                h = l(h, inp)
                if i == 0:
                    h = F.relu(h)
            out = h
        else:
            out = model(x, inp)
        loss = F.cross_entropy(out[train_mask], y[train_mask])
        loss.backward()
        opt.step()
    pred = out.argmax(dim=1)
    acc = (pred[test_mask] == y[test_mask]).float().mean()
    print(name, round(loss.item(), 4), acc, out.grad_fn.__class__.__name__ if out.grad_fn else None)

# global mean pooling
batch = torch.tensor([0] * 10 + [1] * 12 + [2] * 8)
counts = torch.bincount(batch).float()
pooled = torch.zeros(3, d).index_add_(0, batch, x) / counts.unsqueeze(1)
print(pooled.shape, pooled[:, :3])
print(torch.zeros(3, d).index_reduce_(0, batch, x, 'mean', include_self=False)[:, :3])
pooled2 = torch.zeros(3, d).scatter_reduce(0, batch.unsqueeze(1).expand(-1, d), x, reduce='mean', include_self=False)
print(torch.allclose(pooled, pooled2))
print(torch.unique(batch, return_counts=True))
xd = x.double().requires_grad_()
w = torch.randn(n, dtype=torch.double, requires_grad=True)
r = torch.zeros(3, d, dtype=torch.double).index_add(0, batch, xd * w[:, None], alpha=2.0)
r2 = torch.zeros(3, d, dtype=torch.double).scatter_reduce(0, batch[:, None].expand(-1, d), xd, 'amax', include_self=False)
(r.sum() + r2.pow(2).sum()).backward()
print(xd.grad[:3, :3], w.grad[:5])
