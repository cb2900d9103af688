"""A course's sequence-model lesson: a sine wave cut into windows, an LSTM regressor with
batch_first and the last time step, a GRU with two layers and dropout, a character-level
RNN language model with nn.Embedding and CrossEntropyLoss over ``view(-1, vocab)``, hidden
state carried between batches with detach(), greedy sampling under no_grad, and padded
sequences packed with pack_padded_sequence."""
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(0)
t = np.linspace(0, 8 * np.pi, 200, dtype=np.float32)
wave = np.sin(t) + 0.05 * np.cos(3 * t)
windows = np.stack([wave[i:i + 20] for i in range(len(wave) - 20)])
X = torch.tensor(windows[:, :-1, None])
Y = torch.tensor(windows[:, -1:])
print(X.shape, Y.shape, X.dtype)


class Forecaster(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.head(out[:, -1, :])


model = Forecaster()
print(model)
print([(n, tuple(p.shape)) for n, p in model.named_parameters()])
out, (h, c) = model.lstm(X[:3])
print(out.shape, h.shape, c.shape, torch.allclose(out[:, -1], h[0]))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
for epoch in range(8):
    perm = torch.randperm(len(X))
    total = 0.0
    for i in range(0, len(X), 45):
        idx = perm[i:i + 45]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    print(f"epoch {epoch} loss {total / len(X):.5f}")
with torch.no_grad():
    window = X[-1:].clone()
    preds = []
    for _ in range(5):
        nxt = model(window)
        preds.append(round(nxt.item(), 4))
        window = torch.cat([window[:, 1:], nxt.unsqueeze(1)], dim=1)
print(preds, window.shape)

gru = nn.GRU(3, 8, num_layers=2, batch_first=False, dropout=0.0, bidirectional=True)
seq = torch.randn(7, 4, 3)
o, hn = gru(seq)
print(gru, o.shape, hn.shape, round(o.sum().item(), 4))
h0 = torch.zeros(4, 4, 8)
o2, _ = gru(seq, h0)
print(torch.allclose(o, o2))

text = "hello world, hello minigrad. the world says hello back. "
chars = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for ch, i in stoi.items()}
data = torch.tensor([stoi[ch] for ch in text], dtype=torch.long)
print(len(chars), data[:10], data.dtype)


class CharRNN(nn.Module):
    def __init__(self, vocab, emb=8, hidden=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.rnn = nn.RNN(emb, hidden, batch_first=True, nonlinearity="tanh")
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, h=None):
        y, h = self.rnn(self.embed(x), h)
        return self.out(y), h


lm = CharRNN(len(chars))
print(lm)
opt = torch.optim.SGD(lm.parameters(), lr=0.5, momentum=0.9)
criterion = nn.CrossEntropyLoss()
seq_len = 10
for epoch in range(6):
    h = None
    losses = []
    for i in range(0, len(data) - seq_len - 1, seq_len):
        inp = data[i:i + seq_len].unsqueeze(0)
        tgt = data[i + 1:i + seq_len + 1].unsqueeze(0)
        logits, h = lm(inp, h)
        h = h.detach()
        loss = criterion(logits.view(-1, len(chars)), tgt.view(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(lm.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
    print(epoch, round(sum(losses) / len(losses), 4))


@torch.no_grad()
def sample(model, start, n):
    model.eval()
    idx = torch.tensor([[stoi[c] for c in start]])
    logits, h = model(idx)
    out = start
    nxt = logits[0, -1].argmax().item()
    for _ in range(n):
        out += itos[nxt]
        logits, h = model(torch.tensor([[nxt]]), h)
        nxt = int(torch.argmax(logits[0, -1]))
    return out


print(repr(sample(lm, "hel", 12)), lm.training)

seqs = [torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0, 5.0]), torch.tensor([6.0])]
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True)
print(padded, lengths)
packed = pack_padded_sequence(padded.unsqueeze(-1), lengths, batch_first=True, enforce_sorted=True)
rnn = nn.LSTM(1, 2, batch_first=True)
packed_out, (h, c) = rnn(packed)
unpacked, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
print(unpacked.shape, out_lengths, h.shape, torch.allclose(unpacked[1, 1], h[0, 1]), unpacked[2, 1:].abs().sum().item())
