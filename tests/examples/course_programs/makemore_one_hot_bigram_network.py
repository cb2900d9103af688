"""makemore's bigram as a one-layer network: ``F.one_hot(xs, num_classes=27).float()`` times a
seeded weight matrix, softmax written as ``logits.exp()`` over its row sums, the per-example
negative log likelihood walk-through, gradient descent with ``W.grad = None`` and
``W.data += -50 * W.grad`` plus L2 regularisation, and sampling from the trained net."""
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
xs, ys = [], []
for w in words[:1]:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1]); ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
print(xs, ys, xs.dtype)
xenc = F.one_hot(xs, num_classes=27).float()
print(xenc.shape, xenc.dtype, F.one_hot(xs).shape, F.one_hot(xs).dtype)
g = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=g)
print(W[:2, :5])
logits = xenc @ W
counts = logits.exp()
probs = counts / counts.sum(1, keepdims=True)
print(probs.shape, f'{probs[0].sum():.4f}')
nlls = torch.zeros(5)
for i in range(5):
    x = xs[i].item()
    y = ys[i].item()
    print('--------')
    print(f'bigram example {i+1}: {itos[x]}{itos[y]} (indexes {x},{y})')
    print('input to the neural net:', x)
    print('label (actual next character):', y)
    p = probs[i, y]
    print('probability assigned by the net to the the correct character:', round(p.item(), 5))
    logp = torch.log(p)
    print('log likelihood:', round(logp.item(), 5))
    nll = -logp
    print('negative log likelihood:', round(nll.item(), 5))
    nlls[i] = nll
print('average negative log likelihood, i.e. loss =', round(nlls.mean().item(), 5))

xs, ys = [], []
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1]); ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print('number of examples: ', num)
g = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=g, requires_grad=True)
for k in range(30):
    xenc = F.one_hot(xs, num_classes=27).float()
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean()
    if k % 5 == 0:
        print(k, f'{loss.item():.4f}')
    W.grad = None
    loss.backward()
    W.data += -50 * W.grad
print(W.grad.shape, W.grad.abs().max() > 0, W.is_leaf, logits.is_leaf, logits.grad_fn is not None)
g = torch.Generator().manual_seed(2147483647)
for i in range(5):
    out = []
    ix = 0
    while True:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
        logits = xenc @ W
        counts = logits.exp()
        p = counts / counts.sum(1, keepdims=True)
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))
print(F.cross_entropy(xenc @ W, torch.tensor([3])))
