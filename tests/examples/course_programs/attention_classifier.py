"""A course's attention lesson: scaled dot-product attention by hand against
F.scaled_dot_product_attention, causal and padding masks with masked_fill(-inf), a sinusoidal
positional encoding registered as a buffer, nn.MultiheadAttention with key_padding_mask and its
averaged weights, a TransformerEncoder classifier with a [CLS] token parameter, trained with
AdamW, warm-up then cosine decay through SequentialLR, and attention weights inspected."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
q, k, v = torch.randn(2, 4, 8), torch.randn(2, 4, 8), torch.randn(2, 4, 8)
scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
weights = scores.masked_fill(causal, float("-inf")).softmax(dim=-1)
manual = weights @ v
print(torch.allclose(manual, F.scaled_dot_product_attention(q, k, v, is_causal=True), atol=1e-6), weights[0, 0])
pad = torch.tensor([[False, False, True, True], [False, False, False, True]])
masked = scores.masked_fill(pad[:, None, :], float("-inf")).softmax(-1)
print(masked[0, 1], torch.allclose(masked @ v, F.scaled_dot_product_attention(q, k, v, attn_mask=~pad[:, None, :]), atol=1e-6))


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=32):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(0))

    def forward(self, x):
        return x + self.pe[:, :x.size(1)]


pe = PositionalEncoding(8)
print(pe.pe.shape, pe.pe[0, 1], list(pe.state_dict()))

mha = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
out, attn = mha(q, k, v, key_padding_mask=pad)
print(out.shape, attn.shape, attn[0].sum(-1), attn[0, :, 2:].abs().max().item())
out2, attn2 = mha(q, q, q, need_weights=True, average_attn_weights=False, attn_mask=causal)
print(out2.shape, attn2.shape, attn2[1, 0, 0])


def make_batch(n, length=10):
    """Sequences of tokens 1..9; label 1 when token 7 appears before token 3."""
    x = torch.randint(1, 10, (n, length))
    first7 = torch.where(x == 7, torch.arange(length), length).min(dim=1).values
    first3 = torch.where(x == 3, torch.arange(length), length).min(dim=1).values
    return x, (first7 < first3).long()


class Classifier(nn.Module):
    def __init__(self, vocab=10, d_model=16, heads=2, layers=2, classes=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.cls = nn.Parameter(torch.zeros(1, 1, d_model))
        self.pos = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=32, dropout=0.0, batch_first=True,
                                           norm_first=True, activation="gelu")
        self.encoder = nn.TransformerEncoder(layer, num_layers=layers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, classes)

    def forward(self, x):
        h = self.embed(x) * math.sqrt(self.embed.embedding_dim)
        h = torch.cat([self.cls.expand(x.size(0), -1, -1), h], dim=1)
        h = self.encoder(self.pos(h))
        return self.head(h[:, 0])


model = Classifier()
print(sum(p.numel() for p in model.parameters()), [n for n, _ in model.named_parameters()][:6])
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
warmup = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
decay = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=25, eta_min=1e-4)
sched = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warmup, decay], milestones=[5])
x_val, y_val = make_batch(64)
for step in range(30):
    xb, yb = make_batch(32)
    loss = F.cross_entropy(model(xb), yb)
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()
    if step % 6 == 0:
        model.eval()
        with torch.no_grad():
            acc = (model(x_val).argmax(-1) == y_val).float().mean()
        model.train()
        print(f"step {step:2d} loss {loss.item():.4f} val acc {acc:.3f} lr {sched.get_last_lr()[0]:.5f}")
print(model.encoder.layers[0])
with torch.no_grad():
    layer0 = model.encoder.layers[0]
    h = model.pos(torch.cat([model.cls.expand(2, -1, -1), model.embed(x_val[:2]) * 4.0], dim=1))
    _, w = layer0.self_attn(layer0.norm1(h), layer0.norm1(h), layer0.norm1(h))
print(w.shape, w.sum(-1)[0, :3], w[0, 0].argmax().item())
