""""NLP From Scratch: Classifying Names with a Character-Level RNN" on a few names per language
written in (no downloads): ``unicodeToAscii`` with ``unicodedata``, ``letterToTensor`` /
``lineToTensor`` one-hot tensors, the hand-written ``RNN`` (``i2h``/``h2h``/``h2o`` with
``LogSoftmax``) stepped one letter at a time and the newer ``CharRNN`` on ``nn.RNN``,
``label_from_output`` by ``topk``, training by hand-written SGD on ``p.data.add_(p.grad.data,
alpha=-learning_rate)`` and by ``optim.SGD`` with ``clip_grad_norm_``, the confusion matrix
normalised by row and predictions for new names."""
import random
import string
import unicodedata

import torch
import torch.nn as nn

torch.manual_seed(0)
random.seed(0)

allowed_characters = string.ascii_letters + " .,;'"
n_letters = len(allowed_characters)
print(n_letters)


def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in allowed_characters
    )


print(unicodeToAscii('Ślusàrski'), unicodeToAscii("Müller"), unicodeToAscii("Nuñez"))

category_lines = {
    "English": ["Smith", "Johnson", "Williams", "Brown", "Taylor", "Walker", "Wright", "Thompson"],
    "French": ["Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Rousseau", "Fournier", "Mercier"],
    "Japanese": ["Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura"],
    "Polish": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński"],
}
all_categories = list(category_lines)
n_categories = len(all_categories)
category_lines = {k: [unicodeToAscii(n) for n in v] for k, v in category_lines.items()}
print(category_lines["Polish"][:4])


def letterToIndex(letter):
    return allowed_characters.find(letter)


def letterToTensor(letter):
    tensor = torch.zeros(1, n_letters)
    tensor[0][letterToIndex(letter)] = 1
    return tensor


def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


print(letterToTensor('J').nonzero(), letterToTensor('J').shape)
print(lineToTensor('Jones').size(), lineToTensor('Jones').argmax(2).flatten())


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        hidden = torch.tanh(self.i2h(input) + self.h2h(hidden))
        output = self.h2o(hidden)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


n_hidden = 32
rnn = RNN(n_letters, n_hidden, n_categories)
print(rnn)
input = letterToTensor('A')
hidden = torch.zeros(1, n_hidden)
output, next_hidden = rnn(input, hidden)
print(output.shape, next_hidden.shape, output.grad_fn.__class__.__name__)
input = lineToTensor('Albert')
hidden = torch.zeros(1, n_hidden)
output, next_hidden = rnn(input[0], hidden)
print(torch.round(output, decimals=3))


def categoryFromOutput(output):
    top_n, top_i = output.topk(1)
    category_i = top_i[0].item()
    return all_categories[category_i], category_i


print(categoryFromOutput(output))


def randomChoice(l):
    return l[random.randint(0, len(l) - 1)]


def randomTrainingExample():
    category = randomChoice(all_categories)
    line = randomChoice(category_lines[category])
    category_tensor = torch.tensor([all_categories.index(category)], dtype=torch.long)
    line_tensor = lineToTensor(line)
    return category, line, category_tensor, line_tensor


for i in range(3):
    category, line, category_tensor, line_tensor = randomTrainingExample()
    print('category =', category, '/ line =', line, category_tensor, line_tensor.shape)

criterion = nn.NLLLoss()
learning_rate = 0.005


def train(category_tensor, line_tensor):
    hidden = rnn.initHidden()
    rnn.zero_grad()
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)
    loss = criterion(output, category_tensor)
    loss.backward()
    # Add parameters' gradients to their values, multiplied by learning rate
    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)
    return output, loss.item()


current_loss = 0
all_losses = []
for iter in range(1, 401):
    category, line, category_tensor, line_tensor = randomTrainingExample()
    output, loss = train(category_tensor, line_tensor)
    current_loss += loss
    if iter % 100 == 0:
        guess, guess_i = categoryFromOutput(output)
        correct = '✓' if guess == category else '✗ (%s)' % category
        print('%d %d%% %.4f %s / %s %s' % (iter, iter / 400 * 100, loss, line, guess, correct))
        all_losses.append(current_loss / 100)
        current_loss = 0
print([f"{l:.4g}" for l in all_losses])


class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(CharRNN, self).__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)
        return output


torch.manual_seed(1)
rnn2 = CharRNN(n_letters, n_hidden, len(all_categories))
print(rnn2)
print([(n, tuple(p.shape)) for n, p in rnn2.named_parameters()])
data = [(all_categories.index(c), lineToTensor(n), n) for c in all_categories for n in category_lines[c]]
optimizer = torch.optim.SGD(rnn2.parameters(), lr=0.15)
rnn2.train()
for epoch in range(1, 13):
    order = torch.randperm(len(data)).tolist()
    batch_loss_sum = 0.0
    for start in range(0, len(order), 8):
        batch = [data[i] for i in order[start:start + 8]]
        batch_loss = 0
        for label, text_tensor, _ in batch:
            output = rnn2.forward(text_tensor)
            loss = criterion(output, torch.tensor([label]))
            batch_loss += loss
        batch_loss.backward()
        nn.utils.clip_grad_norm_(rnn2.parameters(), 3)
        optimizer.step()
        optimizer.zero_grad()
        batch_loss_sum += batch_loss.item() / len(batch)
    if epoch % 4 == 0:
        print(f"Epoch {epoch}: average batch loss = {batch_loss_sum / 4:.4g}")

confusion = torch.zeros(len(all_categories), len(all_categories))
rnn2.eval()
with torch.no_grad():
    for label, text_tensor, _ in data:
        output = rnn2(text_tensor)
        guess, guess_i = categoryFromOutput(output)
        confusion[label][guess_i] += 1
for i in range(len(all_categories)):
    denom = confusion[i].sum()
    if denom > 0:
        confusion[i] = confusion[i] / denom
print(confusion)
print(confusion.diag().mean().item() > 0.25)


def predict(input_line, n_predictions=3):
    with torch.no_grad():
        output = rnn2(lineToTensor(input_line))
        topv, topi = output.topk(n_predictions, 1, True)
        return [(round(topv[0][i].item(), 3), all_categories[topi[0][i].item()]) for i in range(n_predictions)]


for name in ('Dovesky', 'Jackson', 'Satoshi', 'Kowalczewski'):
    print(name, predict(name))
