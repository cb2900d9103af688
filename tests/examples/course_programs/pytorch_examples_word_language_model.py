"""pytorch/examples' word language model on a random corpus: ``import torch.onnx``, ``RNNModel``
(Embedding, LSTM or GRU with tied weights, ``init_hidden`` by ``weight.new_zeros``,
``repackage_hidden`` detaching tuples), ``batchify`` with ``narrow``/``view``/``t().contiguous()``,
truncated backpropagation with ``clip_grad_norm_`` and the manual update
``p.data.add_(p.grad, alpha=-lr)``, perplexities by ``math.exp``, the ``TransformerModel`` (an
``nn.Transformer`` subclass, the positional encoding a registered buffer, causal masks by
``triu`` of ``-inf`` and by ``log(tril(ones))``), a state-dict round trip, and sampling words with
``torch.multinomial``."""
import math
import time
import os
import tempfile
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.onnx


class RNNModel(nn.Module):
    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, dropout=0.5, tie_weights=False):
        super(RNNModel, self).__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ['LSTM', 'GRU']:
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        else:
            try:
                nonlinearity = {'RNN_TANH': 'tanh', 'RNN_RELU': 'relu'}[rnn_type]
            except KeyError as e:
                raise ValueError("bad") from e
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity=nonlinearity, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            if nhid != ninp:
                raise ValueError('When using the tied flag, nhid must be equal to emsize')
            self.decoder.weight = self.encoder.weight
        self.init_weights()
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        if self.rnn_type == 'LSTM':
            return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                    weight.new_zeros(self.nlayers, bsz, self.nhid))
        else:
            return weight.new_zeros(self.nlayers, bsz, self.nhid)


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, max_len=5000):
        super(PositionalEncoding, self).__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0).transpose(0, 1)
        self.register_buffer('pe', pe)

    def forward(self, x):
        x = x + self.pe[:x.size(0), :]
        return self.dropout(x)


class TransformerModel(nn.Transformer):
    def __init__(self, ntoken, ninp, nhead, nhid, nlayers, dropout=0.5):
        super(TransformerModel, self).__init__(d_model=ninp, nhead=nhead, dim_feedforward=nhid, num_encoder_layers=nlayers)
        self.model_type = 'Transformer'
        self.src_mask = None
        self.pos_encoder = PositionalEncoding(ninp, dropout)
        self.input_emb = nn.Embedding(ntoken, ninp)
        self.ninp = ninp
        self.decoder = nn.Linear(ninp, ntoken)
        self.init_weights()

    def _generate_square_subsequent_mask(self, sz):
        return torch.log(torch.tril(torch.ones(sz, sz)))

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.input_emb.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, src, has_mask=True):
        if has_mask:
            device = src.device
            if self.src_mask is None or self.src_mask.size(0) != len(src):
                mask = self._generate_square_subsequent_mask(len(src)).to(device)
                self.src_mask = mask
        else:
            self.src_mask = None
        src = self.input_emb(src) * math.sqrt(self.ninp)
        src = self.pos_encoder(src)
        output = self.encoder(src, mask=self.src_mask)
        output = self.decoder(output)
        return F.log_softmax(output, dim=-1)


def generate_square_subsequent_mask(sz):
    return torch.triu(torch.ones(sz, sz) * float('-inf'), diagonal=1)


torch.manual_seed(1111)
device = torch.device("cpu")
ntokens = 20
corpus_train = torch.randint(0, ntokens, (400,), dtype=torch.long)
corpus_valid = torch.randint(0, ntokens, (120,), dtype=torch.long)


def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    data = data.view(bsz, -1).t().contiguous()
    return data.to(device)


eval_batch_size = 4
train_data = batchify(corpus_train, 8)
val_data = batchify(corpus_valid, eval_batch_size)
print(train_data.shape, train_data.stride(), train_data.is_contiguous(), val_data[:2])
bptt = 10


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    else:
        return tuple(repackage_hidden(v) for v in h)


def get_batch(source, i):
    seq_len = min(bptt, len(source) - 1 - i)
    data = source[i:i+seq_len]
    target = source[i+1:i+1+seq_len].view(-1)
    return data, target


criterion = nn.NLLLoss()


def run(model_name):
    torch.manual_seed(1111)
    if model_name == 'Transformer':
        model = TransformerModel(ntokens, 16, 2, 32, 2, 0.2).to(device)
    else:
        model = RNNModel(model_name, ntokens, 16, 16, 2, 0.2, tie_weights=(model_name == 'GRU')).to(device)
    run.builder = lambda: TransformerModel(ntokens, 16, 2, 32, 2, 0.2) if model_name == 'Transformer' else RNNModel(model_name, ntokens, 16, 16, 2, 0.2, tie_weights=(model_name == 'GRU'))
    lr = 5.0
    clip = 0.25

    def evaluate(data_source):
        model.eval()
        total_loss = 0.
        if model_name != 'Transformer':
            hidden = model.init_hidden(eval_batch_size)
        with torch.no_grad():
            for i in range(0, data_source.size(0) - 1, bptt):
                data, targets = get_batch(data_source, i)
                if model_name == 'Transformer':
                    output = model(data)
                    output = output.view(-1, ntokens)
                else:
                    output, hidden = model(data, hidden)
                    hidden = repackage_hidden(hidden)
                total_loss += len(data) * criterion(output, targets).item()
        return total_loss / (len(data_source) - 1)

    def train(epoch):
        model.train()
        total_loss = 0.
        start_time = time.time()
        if model_name != 'Transformer':
            hidden = model.init_hidden(8)
        for batch, i in enumerate(range(0, train_data.size(0) - 1, bptt)):
            data, targets = get_batch(train_data, i)
            model.zero_grad()
            if model_name == 'Transformer':
                output = model(data)
                output = output.view(-1, ntokens)
            else:
                hidden = repackage_hidden(hidden)
                output, hidden = model(data, hidden)
            loss = criterion(output, targets)
            loss.backward()
            gn = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            for p in model.parameters():
                p.data.add_(p.grad, alpha=-lr)
            total_loss += loss.item()
            if batch % 2 == 0 and batch > 0:
                cur_loss = total_loss / 2
                elapsed = time.time() - start_time
                print('| epoch {:3d} | {:5d}/{:5d} batches | lr {:02.2f} | loss {:5.2f} | ppl {:8.2f} | gn {:.3f}'.format(
                    epoch, batch, len(train_data) // bptt, lr, cur_loss, math.exp(cur_loss), gn.item()))
                total_loss = 0
                start_time = time.time()

    for epoch in range(1, 3):
        train(epoch)
        val_loss = evaluate(val_data)
        print('-' * 89)
        print('| end of epoch {:3d} | valid loss {:5.2f} | valid ppl {:8.2f}'.format(epoch, val_loss, math.exp(val_loss)))
        print('-' * 89)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "model.pt"), 'wb') as f:
            torch.save(model.state_dict(), f)
        with open(os.path.join(d, "model.pt"), 'rb') as f:
            model2 = run.builder(); model2.load_state_dict(torch.load(f, weights_only=True))
        if model_name != 'Transformer':
            model2.rnn.flatten_parameters()
        print(type(model2).__name__, sum(p.numel() for p in model2.parameters()))
    # generate
    model.eval()
    if model_name != 'Transformer':
        hidden = model.init_hidden(1)
    input = torch.randint(ntokens, (1, 1), dtype=torch.long).to(device)
    words = []
    with torch.no_grad():
        for i in range(8):
            if model_name == 'Transformer':
                output = model(input, False)
                word_weights = output[-1].squeeze().div(1.0).exp().cpu()
                word_idx = torch.multinomial(word_weights, 1)[0]
                word_tensor = torch.Tensor([[word_idx]]).long().to(device)
                input = torch.cat([input, word_tensor], 0)
            else:
                output, hidden = model(input, hidden)
                word_weights = output.squeeze().div(1.0).exp().cpu()
                word_idx = torch.multinomial(word_weights, 1)[0]
                input.fill_(word_idx)
            words.append(word_idx.item())
    print(model_name, words)


print(generate_square_subsequent_mask(4))
m = TransformerModel(ntokens, 16, 2, 32, 1)._generate_square_subsequent_mask(3)
print(m)
print(nn.Transformer.generate_square_subsequent_mask(3))
for name in ['LSTM', 'GRU', 'Transformer']:
    run(name)
