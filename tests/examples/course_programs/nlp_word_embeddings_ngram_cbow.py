""""Word Embeddings: Encoding Lexical Semantics" (Deep Learning for NLP): an ``nn.Embedding``
lookup, the N-gram language model on Shakespeare's sonnet (``embeds.view((1, -1))``,
``F.log_softmax``, ``nn.NLLLoss``, ``optim.SGD``, the loss summed per epoch with ``loss.item()``),
the embedding of one word after training, then the CBOW exercise (context vectors summed,
``argmax`` predictions) and ``topk`` nearest words by ``F.cosine_similarity``."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

word_to_ix = {"hello": 0, "world": 1}
embeds = nn.Embedding(2, 5)  # 2 words in vocab, 5 dimensional embeddings
lookup_tensor = torch.tensor([word_to_ix["hello"]], dtype=torch.long)
hello_embed = embeds(lookup_tensor)
print(hello_embed)

CONTEXT_SIZE = 2
EMBEDDING_DIM = 10
test_sentence = """When forty winters shall besiege thy brow,
And dig deep trenches in thy beauty's field,
Thy youth's proud livery so gazed on now,
Will be a totter'd weed of small worth held:
Then being asked, where all thy beauty lies,
Where all the treasure of thy lusty days;
To say, within thine own deep sunken eyes,
Were an all-eating shame, and thriftless praise.
How much more praise deserv'd thy beauty's use,
If thou couldst answer 'This fair child of mine
Shall sum my count, and make my old excuse,'
Proving his beauty by succession thine!
This were to be new made when thou art old,
And see thy blood warm when thou feel'st it cold.""".split()
ngrams = [
    ([test_sentence[i - j - 1] for j in range(CONTEXT_SIZE)], test_sentence[i])
    for i in range(CONTEXT_SIZE, len(test_sentence))
]
print(ngrams[:3])
vocab = sorted(set(test_sentence))
word_to_ix = {word: i for i, word in enumerate(vocab)}
print(len(vocab), len(ngrams))


class NGramLanguageModeler(nn.Module):

    def __init__(self, vocab_size, embedding_dim, context_size):
        super(NGramLanguageModeler, self).__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.linear1 = nn.Linear(context_size * embedding_dim, 128)
        self.linear2 = nn.Linear(128, vocab_size)

    def forward(self, inputs):
        embeds = self.embeddings(inputs).view((1, -1))
        out = F.relu(self.linear1(embeds))
        out = self.linear2(out)
        log_probs = F.log_softmax(out, dim=1)
        return log_probs


losses = []
loss_function = nn.NLLLoss()
model = NGramLanguageModeler(len(vocab), EMBEDDING_DIM, CONTEXT_SIZE)
optimizer = optim.SGD(model.parameters(), lr=0.001)
print(model)

for epoch in range(3):
    total_loss = 0
    for context, target in ngrams:
        context_idxs = torch.tensor([word_to_ix[w] for w in context], dtype=torch.long)
        model.zero_grad()
        log_probs = model(context_idxs)
        loss = loss_function(log_probs, torch.tensor([word_to_ix[target]], dtype=torch.long))
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    losses.append(total_loss)
print([f"{l:.4g}" for l in losses])
print(type(losses[0]).__name__)
emb = model.embeddings.weight[word_to_ix["beauty"]]
print(emb.shape, emb.requires_grad, emb.grad_fn.__class__.__name__)
print([f"{v:.4g}" for v in emb.tolist()])

CONTEXT_SIZE = 2  # 2 words to the left, 2 to the right
raw_text = """We are about to study the idea of a computational process.
Computational processes are abstract beings that inhabit computers.
As they evolve, processes manipulate other abstract things called data.
The evolution of a process is directed by a pattern of rules
called a program. People create programs to direct processes. In effect,
we conjure the spirits of the computer with our spells.""".split()
vocab = sorted(set(raw_text))
vocab_size = len(vocab)
word_to_ix = {word: i for i, word in enumerate(vocab)}
ix_to_word = {i: word for word, i in word_to_ix.items()}
data = []
for i in range(CONTEXT_SIZE, len(raw_text) - CONTEXT_SIZE):
    context = (
        [raw_text[i - j - 1] for j in range(CONTEXT_SIZE)]
        + [raw_text[i + j + 1] for j in range(CONTEXT_SIZE)]
    )
    target = raw_text[i]
    data.append((context, target))
print(data[:2])


class CBOW(nn.Module):

    def __init__(self, vocab_size, embedding_dim):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.linear = nn.Linear(embedding_dim, vocab_size)

    def forward(self, inputs):
        embeds = self.embeddings(inputs).sum(dim=0, keepdim=True)
        return F.log_softmax(self.linear(embeds), dim=-1)


def make_context_vector(context, word_to_ix):
    idxs = [word_to_ix[w] for w in context]
    return torch.tensor(idxs, dtype=torch.long)


print(make_context_vector(data[0][0], word_to_ix))
cbow = CBOW(vocab_size, 16)
opt = optim.Adam(cbow.parameters(), lr=0.01)
for epoch in range(15):
    total = 0.0
    for context, target in data:
        opt.zero_grad()
        log_probs = cbow(make_context_vector(context, word_to_ix))
        loss = F.nll_loss(log_probs, torch.tensor([word_to_ix[target]]))
        loss.backward()
        opt.step()
        total += loss.item()
    if epoch % 5 == 4:
        print(epoch, f"{total:.4g}")
with torch.no_grad():
    contexts = torch.stack([make_context_vector(c, word_to_ix) for c, _ in data])
    print(contexts.shape, contexts.dtype)
    preds = torch.stack([cbow(c) for c in contexts]).squeeze(1).argmax(dim=1)
    targets = torch.tensor([word_to_ix[t] for _, t in data])
    print(preds.shape, (preds == targets).sum().item(), len(data))
    print([ix_to_word[i] for i in preds[:8].tolist()])
    w = cbow.embeddings.weight
    sims = F.cosine_similarity(w[word_to_ix["processes"]].unsqueeze(0), w, dim=1)
    vals, idx = sims.topk(4)
    print(vals.dtype, idx.dtype, [ix_to_word[i] for i in idx.tolist()])
    print(torch.round(vals, decimals=3))
