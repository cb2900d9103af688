"""Karpathy's makemore bigram model by counting: an int32 count matrix filled with
``N[ix1, ix2] += 1``, row normalisation with ``sum(1, keepdims=True)`` and in-place division,
sampling names with ``torch.multinomial`` from a ``Generator().manual_seed(2147483647)``, the
average negative log likelihood accumulated as a tensor (printed with ``f'{x=}'``), and
max/argmax/topk of the counts."""
import torch
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

print(len(words), min(len(w) for w in words), max(len(w) for w in words))
N = torch.zeros((27, 27), dtype=torch.int32)
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
print(len(chars), chars[:5])
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1
print(N.dtype, N.shape, N.sum(), N[0].sum().item())
print(N[0, :10])
print(N[:3, :8])
p = N[0].float()
p = p / p.sum()
print(p[:6])
g = torch.Generator().manual_seed(2147483647)
p2 = torch.rand(3, generator=g)
p2 = p2 / p2.sum()
print(p2)
print(torch.multinomial(p2, num_samples=100, replacement=True, generator=g))
g = torch.Generator().manual_seed(2147483647)
ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
print(ix, itos[ix])
P = (N + 1).float()
print(P.sum(1, keepdims=True).shape)
P /= P.sum(1, keepdims=True)
print(P[0].sum(), P.sum(1)[:4])
g = torch.Generator().manual_seed(2147483647)
for i in range(8):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))
log_likelihood = 0.0
n = 0
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        prob = P[ix1, ix2]
        logprob = torch.log(prob)
        log_likelihood += logprob
        n += 1
print(f'{log_likelihood=}')
nll = -log_likelihood
print(f'{nll=}')
print(f'{nll/n}')
print(type(log_likelihood).__name__, log_likelihood.dtype)
for w in ["andrejq"]:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]; ix2 = stoi[ch2]
        prob = P[ix1, ix2]
        print(f'{ch1}{ch2}: {prob:.4f} {torch.log(prob):.4f}')
print(N.max(), N.argmax(), N.max(dim=1).values[:5], N.float().mean())
print((N > 0).sum(), N.eq(0).sum(dim=0)[:5])
print(N[stoi['a']].topk(3))
