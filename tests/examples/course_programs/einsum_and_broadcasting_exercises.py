"""einsum and broadcasting exercises: matrix products, traces, diagonals, outer products, batched
attention scores, the sublist form ``einsum(A, [0, 1], B, [1, 2], [0, 2])``, implicit outputs; broadcasting
rules (``broadcast_shapes``, ``broadcast_to`` strides, ``expand``), pairwise distances three ways,
softmax and standardisation by broadcasting, ``outer kron tensordot bmm matmul baddbmm addmm addmv
addr multi_dot``, the gradient through an einsum, ``gather``/``take_along_dim``/``where`` and repeats."""
import torch

torch.manual_seed(0)
A = torch.randn(3, 4, dtype=torch.float64); B = torch.randn(4, 5, dtype=torch.float64)
x = torch.randn(4, dtype=torch.float64); y = torch.randn(3, dtype=torch.float64)
print(torch.einsum("ij,jk->ik", A, B).allclose(A @ B))
print(torch.einsum("ii->i", torch.arange(9.).view(3, 3)), torch.einsum("ii", torch.arange(9.).view(3, 3)))
print(torch.einsum("i,j->ij", y, x).shape, torch.einsum("ij->ji", A).stride())
print(torch.einsum("bij,bjk->bik", torch.ones(2, 3, 4), torch.ones(2, 4, 5)).sum())
print(torch.einsum("...ij,...jk", torch.ones(2, 3, 4), torch.ones(4, 2)).shape)
print(torch.einsum("i,i->", x, x), torch.einsum("ij,ij->i", A, A))
print(torch.einsum(A, [0, 1], B, [1, 2], [0, 2]).shape, torch.einsum(A, [..., 0], [0, ...]).shape)
print(torch.einsum("bAc", torch.ones(2, 3, 4)).shape, torch.einsum(torch.ones(2, 3), [27, 0]).shape)
print(torch.einsum("bhqd,bhkd->bhqk", torch.randn(2, 2, 3, 4), torch.randn(2, 2, 5, 4)).shape)
print(torch.einsum("i j , j k -> i k", A, B).shape)
# broadcasting
a = torch.arange(3).view(3, 1); b = torch.arange(4)
print(a + b)
print(torch.broadcast_shapes((3, 1), (1, 4), (2, 1, 1)))
print(torch.broadcast_tensors(a, b)[0].stride(), torch.broadcast_to(b, (2, 4)).stride())
print((a * 1.0).expand(3, 4).is_contiguous(), a.expand(-1, 4).shape, a.expand_as(torch.ones(2, 3, 4)).shape)
# pairwise distances three ways
P = torch.randn(5, 2, dtype=torch.float64); Q = torch.randn(3, 2, dtype=torch.float64)
d1 = ((P[:, None, :] - Q[None, :, :]) ** 2).sum(-1).sqrt()
d2 = torch.cdist(P, Q)
d3 = (P.pow(2).sum(1, keepdim=True) - 2 * P @ Q.T + Q.pow(2).sum(1)).clamp_min(0).sqrt()
print(torch.allclose(d1, d2), torch.allclose(d1, d3), d1.argmin(dim=1))
# softmax with broadcasting
logits = torch.randn(4, 3)
sm = logits.exp() / logits.exp().sum(dim=1, keepdim=True)
print(torch.allclose(sm, logits.softmax(1)), sm.sum(1).round(decimals=5))
# normalisation by broadcasting
X = torch.randn(6, 3) * torch.tensor([1., 10., 100.]) + torch.tensor([0., 5., -5.])
Xn = (X - X.mean(0)) / X.std(0, unbiased=True)
print(Xn.mean(0).abs().max() < 1e-6, Xn.std(0).round(decimals=5))
print(torch.var_mean(X, dim=0, correction=0)[0].shape, torch.std_mean(X, 0)[1].shape)
# outer / kron / tensordot
print(torch.outer(torch.arange(3), torch.arange(2)), torch.kron(torch.eye(2), torch.ones(2, 2)))
print(torch.tensordot(A, B, dims=1).shape, torch.tensordot(A, A, dims=([0, 1], [0, 1])))
print(torch.tensordot(torch.ones(2, 3, 4), torch.ones(3, 4, 5), dims=2).shape)
print(torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 4, 1)).squeeze(-1))
print(torch.matmul(torch.ones(3), torch.ones(2, 3, 4)).shape, torch.matmul(torch.ones(2, 1, 3, 4), torch.ones(5, 4, 2)).shape)
print(torch.baddbmm(torch.zeros(2, 3, 3), torch.ones(2, 3, 4), torch.ones(2, 4, 3), beta=0.5, alpha=2).sum())
print(torch.addmm(torch.ones(5), A.float(), B.float()).shape, torch.addmv(y, A, x).shape, torch.addr(torch.zeros(3, 4), y, x).shape)
print(torch.linalg.multi_dot([A, B, B.T]).shape, torch.linalg.vecdot(A, A).shape)
# gradient through einsum
W = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
out = torch.einsum("ij,j->i", W, x).pow(2).sum()
out.backward()
print(torch.allclose(W.grad, 2 * torch.outer(W.detach() @ x, x)))
# batched indices, gather
scores = torch.arange(12.).view(3, 4)
idx = torch.tensor([[1], [3], [0]])
print(scores.gather(1, idx), scores[torch.arange(3), idx.squeeze()], torch.take_along_dim(scores, idx, dim=1))
print(torch.where(scores > 5, scores, torch.zeros(())), torch.where(scores > 9))
print(scores.unsqueeze(0).repeat(2, 1, 1).shape, scores.repeat_interleave(2, dim=0).shape, torch.repeat_interleave(torch.tensor([1, 2]), torch.tensor([2, 3])))
print(torch.einsum("ij->", scores), torch.einsum("ij->j", scores), scores.amax((0, 1)), scores.sum((0, 1), keepdim=True))
print(torch.einsum("i,i,i->", torch.ones(3), torch.ones(3) * 2, torch.arange(3.)))
print(torch.einsum("ab,cd->abcd", torch.ones(1, 2), torch.ones(3, 1)).shape)
print(torch.einsum("bn,anm,bm->ba", torch.ones(2, 3), torch.ones(4, 3, 5), torch.ones(2, 5)))
