"""A course's data-pipeline lesson for variable-length data: a Dataset of token sequences
returning dicts with NumPy arrays and strings, a padding collate_fn with pad_sequence and
lengths, default_collate on nested structures, an IterableDataset streaming windows,
a DataLoader with a seeded generator iterated twice (two epochs, different orders,
reproducible by reseeding), a bucketing batch sampler, ConcatDataset of Subsets,
random_split with fractions and a generator, and a bag-of-embeddings classifier trained on it."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import (ConcatDataset, DataLoader, Dataset, IterableDataset, Sampler, Subset,
                              default_collate, random_split)

rng = np.random.default_rng(4)
vocab = ["<pad>", "good", "great", "fine", "bad", "awful", "poor", "movie", "plot", "the", "a"]
positive, negative = [1, 2, 3], [4, 5, 6]
sentences, labels = [], []
for i in range(60):
    label = i % 2
    n = int(rng.integers(3, 9))
    words = rng.choice([7, 8, 9, 10], size=n).tolist()
    words[int(rng.integers(0, n))] = int(rng.choice(positive if label else negative))
    sentences.append(words)
    labels.append(label)


class ReviewDataset(Dataset):
    def __init__(self, sentences, labels):
        self.sentences, self.labels = sentences, labels

    def __len__(self):
        return len(self.sentences)

    def __getitem__(self, i):
        ids = np.array(self.sentences[i], dtype=np.int64)
        return {"ids": ids, "label": self.labels[i], "text": " ".join(vocab[t] for t in ids)}


def pad_collate(batch):
    ids = [torch.from_numpy(item["ids"]) for item in batch]
    lengths = torch.tensor([len(t) for t in ids])
    padded = pad_sequence(ids, batch_first=True, padding_value=0)
    labels = torch.tensor([item["label"] for item in batch], dtype=torch.float32)
    return padded, lengths, labels, [item["text"] for item in batch]


ds = ReviewDataset(sentences, labels)
print(len(ds), ds[0]["ids"], ds[0]["text"], ds[0]["label"])
try:
    next(iter(DataLoader(ds, batch_size=4)))
except RuntimeError as e:
    print("RuntimeError", str(e).split(".")[0])
padded, lengths, y, texts = next(iter(DataLoader(ds, batch_size=4, collate_fn=pad_collate)))
print(padded, lengths, y, texts[:2])
nested = default_collate([{"a": (1, 2.0), "b": np.float32(0.5), "c": [torch.ones(2), "x"]},
                          {"a": (3, 4.0), "b": np.float32(1.5), "c": [torch.zeros(2), "y"]}])
print(nested)
print(default_collate([np.array([1, 2]), np.array([3, 4])]).dtype, default_collate([True, False]), default_collate([1.5, 2]))

gen = torch.Generator()
gen.manual_seed(0)
train_ds, val_ds, test_ds = random_split(ds, [0.6, 0.2, 0.2], generator=gen)
print(len(train_ds), len(val_ds), len(test_ds), sorted(test_ds.indices)[:5])
loader = DataLoader(train_ds, batch_size=8, shuffle=True, collate_fn=pad_collate, generator=torch.Generator().manual_seed(1))
epoch1 = [b[2].tolist() for b in loader]
epoch2 = [b[2].tolist() for b in loader]
print(len(loader), epoch1 != epoch2, sum(len(b) for b in epoch1))
loader.generator.manual_seed(1)
print(epoch1 == [b[2].tolist() for b in loader])


class BucketSampler(Sampler):
    """Batches of indices of similar lengths, in a shuffled order of batches."""

    def __init__(self, lengths, batch_size, generator):
        self.lengths, self.batch_size, self.generator = lengths, batch_size, generator

    def __iter__(self):
        order = sorted(range(len(self.lengths)), key=lambda i: (self.lengths[i], i))
        batches = [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        for j in torch.randperm(len(batches), generator=self.generator).tolist():
            yield batches[j]

    def __len__(self):
        return (len(self.lengths) + self.batch_size - 1) // self.batch_size


bucket_loader = DataLoader(ds, batch_sampler=BucketSampler([len(s) for s in sentences], 10, torch.Generator().manual_seed(2)),
                           collate_fn=pad_collate)
print(len(bucket_loader), [tuple(b[0].shape) for b in bucket_loader])


class WindowStream(IterableDataset):
    def __init__(self, n, width):
        self.n, self.width = n, width

    def __iter__(self):
        for start in range(0, self.n - self.width + 1, 2):
            window = torch.arange(start, start + self.width, dtype=torch.float32)
            yield window[:-1], window[-1]


stream = DataLoader(WindowStream(12, 4), batch_size=3)
for xb, yb in stream:
    print(xb.tolist(), yb)
print(len(list(DataLoader(WindowStream(12, 4), batch_size=3, drop_last=True))))

both = ConcatDataset([Subset(ds, range(0, 10)), Subset(ds, [50, 51, 52])])
print(len(both), both[10]["text"], both.cumulative_sizes)


class BagClassifier(nn.Module):
    def __init__(self, vocab_size, dim=8):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.fc = nn.Linear(dim, 1)

    def forward(self, ids, lengths):
        summed = self.embedding(ids).sum(dim=1)
        return self.fc(summed / lengths.unsqueeze(1).float()).squeeze(1)


torch.manual_seed(0)
clf = BagClassifier(len(vocab))
print(clf, clf.embedding.weight[0])
opt = torch.optim.Adagrad(clf.parameters(), lr=0.5)
loader.generator.manual_seed(3)
for epoch in range(5):
    total, correct = 0.0, 0
    for ids, lengths, y, _ in loader:
        logits = clf(ids, lengths)
        loss = F.binary_cross_entropy_with_logits(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(y)
        correct += ((logits > 0).float() == y).sum().item()
    print(f"epoch {epoch} loss {total / len(train_ds):.4f} acc {correct / len(train_ds):.3f}")
val_loader = DataLoader(val_ds, batch_size=100, collate_fn=pad_collate)
with torch.no_grad():
    ids, lengths, y, texts = next(iter(val_loader))
    probs = torch.sigmoid(clf(ids, lengths))
print([f"{p:.2f}" for p in probs[:4].tolist()], texts[0], clf.embedding.weight.grad[0])
word_scores = clf.fc(clf.embedding.weight).squeeze(1).detach()
print([vocab[i] for i in word_scores.argsort(descending=True)[:3].tolist()])
