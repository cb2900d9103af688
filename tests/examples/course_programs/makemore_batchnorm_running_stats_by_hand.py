"""makemore part 3's hand-written batch normalisation: Kaiming-scaled weights
``* (5/3) / fan_in**0.5``, ``calculate_gain``, ``hpreact.mean(0, keepdim=True)`` and ``std``,
running statistics updated under ``torch.no_grad()`` (``bnmean_running``), the saturation fraction
of tanh, calibrating the statistics over the training set, and softmax/loss of hand-made logits."""
import random
import torch
import torch.nn.functional as F
words = """emma olivia ava isabella sophia charlotte mia amelia harper evelyn abigail emily
elizabeth mila ella avery sofia camila aria scarlett victoria madison luna grace chloe penelope
layla riley zoey nora lily eleanor hannah lillian addison aubrey ellie stella natalie zoe leah
hazel violet aurora savannah audrey brooklyn bella claire skylar lucy paisley everly anna caroline
nova genesis emilia kennedy samantha maya willow kinsley naomi aaliyah elena sarah ariana allison
gabriella alice madelyn cora ruby eva serenity autumn adeline hailey gianna valentina isla eliana
quinn nevaeh ivy sadie piper lydia alexa josephine emery julia delilah arianna vivian kaylee
sophie brielle madeline noah liam jacob mason william ethan james alexander michael benjamin
elijah daniel aiden logan matthew lucas jackson david oliver jayden joseph gabriel samuel carter
anthony john dylan luke henry andrew isaac christopher joshua wyatt sebastian owen caleb nathan
ryan jack hunter levi christian jaxon julian landon grayson jonathan isaiah charles thomas aaron
eli connor jeremiah cameron josiah adrian colton jordan brayden nicholas robert angel hudson
lincoln evan dominic austin gavin nolan parker adam chase jace ian cooper easton kevin jose""".split()

chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
vocab_size = len(itos)
block_size = 3
def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context); Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)
random.seed(42)
random.shuffle(words)
n1 = int(0.8 * len(words))
Xtr, Ytr = build_dataset(words[:n1])
Xdev, Ydev = build_dataset(words[n1:])
n_embd, n_hidden = 10, 64
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3) / ((n_embd * block_size)**0.5)
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01
b2 = torch.randn(vocab_size, generator=g) * 0
bngain = torch.ones((1, n_hidden))
bnbias = torch.zeros((1, n_hidden))
bnmean_running = torch.zeros((1, n_hidden))
bnstd_running = torch.ones((1, n_hidden))
parameters = [C, W1, W2, b2, bngain, bnbias]
print(sum(p.nelement() for p in parameters))
for p in parameters:
    p.requires_grad = True
print(f'{W1.std().item():.4f} {(5/3)/(30**0.5):.4f}')
x = torch.randn(1000, 10, generator=g)
w = torch.randn(10, 200, generator=g) / 10**0.5
y = x @ w
print(f'{x.mean():.2f} {x.std():.2f} {y.mean():.2f} {y.std():.2f}')
print(torch.nn.init.calculate_gain('tanh'), torch.nn.init.calculate_gain('relu'), torch.nn.init.calculate_gain('leaky_relu', 0.2))
max_steps, batch_size = 60, 32
lossi = []
for i in range(max_steps):
    ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
    Xb, Yb = Xtr[ix], Ytr[ix]
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1
    bnmeani = hpreact.mean(0, keepdim=True)
    bnstdi = hpreact.std(0, keepdim=True)
    hpreact = bngain * (hpreact - bnmeani) / bnstdi + bnbias
    with torch.no_grad():
        bnmean_running = 0.999 * bnmean_running + 0.001 * bnmeani
        bnstd_running = 0.999 * bnstd_running + 0.001 * bnstdi
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Yb)
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1
    for p in parameters:
        p.data += -lr * p.grad
    if i % 20 == 0:
        print(f'{i:7d}/{max_steps:7d}: {loss.item():.3f}')
    lossi.append(loss.log10().item())
print(f'saturated: {(h.abs() > 0.99).float().mean().item():.3f}', h.shape, hpreact.requires_grad, bnmean_running.requires_grad)
print(bnmean_running.shape, bnstd_running.shape, f'{bnmean_running.abs().mean().item():.3f}')
lossi_t = torch.tensor(lossi).view(-1, 10).mean(1)
print(lossi_t.shape)
with torch.no_grad():
    emb = C[Xtr]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1
    bnmean = hpreact.mean(0, keepdim=True)
    bnstd = hpreact.std(0, keepdim=True)
print(f'{(bnmean - bnmean_running).abs().max().item():.2f}', bnmean.requires_grad)
@torch.no_grad()
def split_loss(split):
    x, y = {'train': (Xtr, Ytr), 'val': (Xdev, Ydev)}[split]
    emb = C[x]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1
    hpreact = bngain * (hpreact - bnmean) / bnstd + bnbias
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, y)
    print(split, f'{loss.item():.3f}')
split_loss('train')
split_loss('val')
print(-torch.tensor(1/27.0).log())
logits = torch.tensor([0.0, 0.0, 5.0, 0.0])
probs = torch.softmax(logits, dim=0)
loss = -probs[2].log()
print(probs, loss)
logits = torch.randn(4, generator=g) * 10
print(logits, torch.softmax(logits, dim=0), -torch.softmax(logits, dim=0)[2].log())
