"""Raschka, "Machine Learning with PyTorch and Scikit-Learn", ch15: a sentiment RNN on synthetic
reviews without torchtext: a ``Counter`` vocabulary with ``<pad>``=0 and ``<unk>``=1, a
``collate_batch`` that pads with ``nn.utils.rnn.pad_sequence`` and returns lengths,
``nn.Embedding(padding_idx=0)``, ``pack_padded_sequence(enforce_sorted=False)`` into an ``nn.LSTM``
whose last hidden state feeds ``Linear`` + ``Sigmoid``, ``BCELoss`` training with Adam, and
``pad_packed_sequence`` round trips."""
from collections import Counter, OrderedDict
import re
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

torch.manual_seed(1)
good = ["great", "wonderful", "loved", "fun", "brilliant", "moving"]
bad = ["boring", "awful", "hated", "dull", "terrible", "slow"]
filler = ["the", "movie", "was", "a", "plot", "and", "acting", "really", "story", "this"]
reviews = []
for i in range(80):
    label = int(torch.randint(0, 2, (1,)))
    n = int(torch.randint(3, 12, (1,)))
    words = [filler[int(j)] for j in torch.randint(0, len(filler), (n,))]
    pool = good if label else bad
    for _ in range(1 + int(torch.randint(0, 2, (1,)))):
        words.insert(int(torch.randint(0, len(words) + 1, (1,))), pool[int(torch.randint(0, 6, (1,)))])
    reviews.append((label, " ".join(words) + "!"))
train_dataset, valid_dataset = reviews[:64], reviews[64:]
print(train_dataset[:2])

def tokenizer(text):
    text = re.sub(r'<[^>]*>', '', text)
    emoticons = re.findall(r'(?::|;|=)(?:-)?(?:\)|\(|D|P)', text.lower())
    text = re.sub(r'[\W]+', ' ', text.lower()) + ' '.join(emoticons).replace('-', '')
    return text.split()

token_counts = Counter()
for label, line in train_dataset:
    token_counts.update(tokenizer(line))
print('Vocab-size:', len(token_counts))
sorted_by_freq_tuples = sorted(token_counts.items(), key=lambda x: (-x[1], x[0]))
ordered_dict = OrderedDict(sorted_by_freq_tuples)
vocab = {'<pad>': 0, '<unk>': 1}
for tok in ordered_dict:
    vocab[tok] = len(vocab)
print([vocab.get(t, 1) for t in ['this', 'is', 'an', 'example', 'great']])
text_pipeline = lambda x: [vocab.get(token, 1) for token in tokenizer(x)]

def collate_batch(batch):
    label_list, text_list, lengths = [], [], []
    for _label, _text in batch:
        label_list.append(_label)
        processed_text = torch.tensor(text_pipeline(_text), dtype=torch.int64)
        text_list.append(processed_text)
        lengths.append(processed_text.size(0))
    label_list = torch.tensor(label_list)
    lengths = torch.tensor(lengths)
    padded_text_list = nn.utils.rnn.pad_sequence(text_list, batch_first=True)
    return padded_text_list, label_list.float(), lengths

dataloader = DataLoader(train_dataset, batch_size=4, shuffle=False, collate_fn=collate_batch)
text_batch, label_batch, length_batch = next(iter(dataloader))
print(text_batch)
print(label_batch, length_batch, text_batch.shape)

packed = nn.utils.rnn.pack_padded_sequence(text_batch, length_batch, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices, packed.data[:8])
unpacked, lens = nn.utils.rnn.pad_packed_sequence(packed, batch_first=True)
print(torch.equal(unpacked, text_batch[:, :unpacked.shape[1]]), lens)

embedding = nn.Embedding(num_embeddings=10, embedding_dim=3, padding_idx=0)
text_encoded_input = torch.LongTensor([[1, 2, 4, 5], [4, 3, 2, 0]])
print(embedding(text_encoded_input))

class RNN(nn.Module):
    def __init__(self, vocab_size, embed_dim, rnn_hidden_size, fc_hidden_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.rnn = nn.LSTM(embed_dim, rnn_hidden_size, batch_first=True)
        self.fc1 = nn.Linear(rnn_hidden_size, fc_hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(fc_hidden_size, 1)
        self.sigmoid = nn.Sigmoid()
    def forward(self, text, lengths):
        out = self.embedding(text)
        out = nn.utils.rnn.pack_padded_sequence(out, lengths.cpu().numpy(), enforce_sorted=False, batch_first=True)
        out, (hidden, cell) = self.rnn(out)
        out = hidden[-1, :, :]
        out = self.fc1(out)
        out = self.relu(out)
        out = self.fc2(out)
        return self.sigmoid(out)

torch.manual_seed(1)
model = RNN(len(vocab), 8, 16, 16)
print(model)
out = model(text_batch, length_batch)
print(out.shape, out.detach().round(decimals=4).view(-1))
torch.manual_seed(1)
train_dl = DataLoader(train_dataset, batch_size=8, shuffle=True, collate_fn=collate_batch)
valid_dl = DataLoader(valid_dataset, batch_size=8, shuffle=False, collate_fn=collate_batch)
loss_fn = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

def train(dataloader):
    model.train()
    total_acc, total_loss = 0, 0
    for text_batch, label_batch, lengths in dataloader:
        optimizer.zero_grad()
        pred = model(text_batch, lengths)[:, 0]
        loss = loss_fn(pred, label_batch)
        loss.backward()
        optimizer.step()
        total_acc += ((pred >= 0.5).float() == label_batch).float().sum().item()
        total_loss += loss.item() * label_batch.size(0)
    return total_acc / len(dataloader.dataset), total_loss / len(dataloader.dataset)

def evaluate(dataloader):
    model.eval()
    total_acc, total_loss = 0, 0
    with torch.no_grad():
        for text_batch, label_batch, lengths in dataloader:
            pred = model(text_batch, lengths)[:, 0]
            loss = loss_fn(pred, label_batch)
            total_acc += ((pred >= 0.5).float() == label_batch).float().sum().item()
            total_loss += loss.item() * label_batch.size(0)
    return total_acc / len(dataloader.dataset), total_loss / len(dataloader.dataset)

for epoch in range(8):
    acc_train, loss_train = train(train_dl)
    acc_valid, loss_valid = evaluate(valid_dl)
    # rounded: float32 LSTM sums
    print(f'Epoch {epoch} accuracy: {acc_train:.4f} val_accuracy: {acc_valid:.4f} loss {loss_train:.3f}')
print(model.embedding.weight[0], model.embedding.weight.grad[0])
