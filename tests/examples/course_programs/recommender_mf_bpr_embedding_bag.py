"""A recommender course's models: matrix factorisation with nn.Embedding user/item tables and biases
(dot products by (u * v).sum(1)), BPR with F.logsigmoid over negatives drawn by randint (Embedding
max_norm and padding_idx), top-k evaluation with masked_fill, topk and isin (recall, DCG), and
nn.EmbeddingBag with offsets in modes 'mean', 'sum' (per_sample_weights) and 'max', printed with
their grad_fn, and from_pretrained."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
n_users, n_items, dim = 20, 30, 8
users = torch.randint(0, n_users, (200,))
items = torch.randint(0, n_items, (200,))
ratings = torch.randint(1, 6, (200,)).float()
print(users[:5], items.dtype, ratings[:5])


class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.user = nn.Embedding(n_users, dim)
        self.item = nn.Embedding(n_items, dim)
        self.ub = nn.Embedding(n_users, 1)
        self.ib = nn.Embedding(n_items, 1)
        nn.init.normal_(self.user.weight, std=0.1)
        nn.init.normal_(self.item.weight, std=0.1)
        nn.init.zeros_(self.ub.weight)
        nn.init.zeros_(self.ib.weight)
        self.mu = nn.Parameter(torch.tensor(3.0))

    def forward(self, u, i):
        return (self.user(u) * self.item(i)).sum(1) + self.ub(u).squeeze(-1) + self.ib(i).squeeze(-1) + self.mu


model = MF()
print(model)
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for ep in range(50):
    opt.zero_grad()
    pred = model(users, items)
    loss = F.mse_loss(pred, ratings) + 1e-4 * (model.user.weight.norm(2).pow(2) + model.item.weight.norm(2).pow(2))
    loss.backward()
    opt.step()
print("mf", round(loss.item(), 4), torch.sqrt(F.mse_loss(pred, ratings)).item().__round__(4))

# BPR
torch.manual_seed(1)
U = nn.Embedding(n_users, dim, max_norm=1.0)
I = nn.Embedding(n_items, dim, sparse=False, padding_idx=0)
opt = torch.optim.SGD(list(U.parameters()) + list(I.parameters()), lr=0.1, momentum=0.9)
for step in range(40):
    neg = torch.randint(0, n_items, (200,))
    u, p, q = U(users), I(items), I(neg)
    x_upi = torch.einsum("bd,bd->b", u, p)
    x_uqi = torch.bmm(u.unsqueeze(1), q.unsqueeze(2)).squeeze()
    loss = -F.logsigmoid(x_upi - x_uqi).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
print("bpr", round(loss.item(), 4), U.weight.norm(dim=1).max().item() <= 1.0 + 1e-6, I.weight[0].abs().sum())

# eval topk + isin
with torch.no_grad():
    scores = U.weight @ I.weight.T
    seen = torch.zeros(n_users, n_items, dtype=torch.bool)
    seen[users, items] = True
    scores = scores.masked_fill(seen, float("-inf"))
    topv, topi = torch.topk(scores, k=5, dim=1)
    held = torch.randint(0, n_items, (n_users, 3))
    hits = torch.isin(topi, held)
    print(topi[:3], hits.sum(1)[:8], hits.any(1).float().mean())
    recall = hits.sum(1).float() / 3
    ranks = torch.arange(1, 6).float()
    dcg = (hits.float() / torch.log2(ranks + 1)).sum(1)
    print(recall.mean(), dcg.mean().round(decimals=4))
    print(torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 5]), invert=True), torch.isin(topi[0], 3))

# EmbeddingBag
torch.manual_seed(2)
bag = nn.EmbeddingBag(10, 4, mode="mean")
inp = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
offsets = torch.tensor([0, 4])
print(bag(inp, offsets))
bag_s = nn.EmbeddingBag(10, 4, mode="sum")
w = torch.rand(8)
out = bag_s(inp, offsets, per_sample_weights=w)
print(out)
out.sum().backward()
print(bag_s.weight.grad[:5])
bag_m = nn.EmbeddingBag(10, 4, mode="max")
print(bag_m(inp.view(2, 4)))
print(F.embedding_bag(inp, bag.weight, offsets, mode="sum"))
bag2 = nn.EmbeddingBag.from_pretrained(torch.arange(20.).view(10, 2), mode="mean", padding_idx=2)
print(bag2(inp, offsets), bag2)
print(nn.EmbeddingBag(10, 4, mode="sum", include_last_offset=True)(inp, torch.tensor([0, 3, 8])).shape)
print(torch.nn.Embedding.from_pretrained(torch.ones(3, 2), freeze=False))
emb = nn.Embedding(5, 3, padding_idx=0)
print(emb.weight[0], emb)
e = emb(torch.tensor([[0, 1], [2, 0]]))
e.sum().backward()
print(emb.weight.grad)
