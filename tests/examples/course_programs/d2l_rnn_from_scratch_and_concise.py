"""d2l.ai's recurrent networks: a character vocabulary from ``collections.Counter``,
``F.one_hot(X.T, vocab_size)``, an RNN from scratch with
``torch.tanh(torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h)``, prediction by argmax, gradient clipping
by the global norm with ``param.grad[:] *= theta / norm``, sequential minibatches with
``state.detach_()``, perplexity, and the concise ``nn.RNN``/``nn.GRU``/two-layer ``nn.LSTM`` wrapped
in an RNNModel."""
import collections
import math
import re
import torch
from torch import nn
from torch.nn import functional as F

raw = ("The Time Traveller (for so it will be convenient to speak of him) was expounding a recondite matter "
       "to us. His grey eyes shone and twinkled, and his usually pale face was flushed and animated. ") * 6
lines = [re.sub('[^A-Za-z]+', ' ', raw).strip().lower()]
tokens = list(lines[0])
counter = collections.Counter(tokens)
token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
idx_to_token = ['<unk>'] + [t for t, f in token_freqs]
token_to_idx = {t: i for i, t in enumerate(idx_to_token)}
corpus = [token_to_idx[t] for t in tokens]
print(len(corpus), len(idx_to_token), token_freqs[:5], idx_to_token[:10])
vocab_size = len(idx_to_token)
print(F.one_hot(torch.tensor([0, 2]), vocab_size))
X = torch.arange(10).reshape((2, 5))
print(F.one_hot(X.T, 28).shape)
def get_params(vocab_size, num_hiddens):
    num_inputs = num_outputs = vocab_size
    def normal(shape):
        return torch.randn(size=shape) * 0.01
    W_xh = normal((num_inputs, num_hiddens))
    W_hh = normal((num_hiddens, num_hiddens))
    b_h = torch.zeros(num_hiddens)
    W_hq = normal((num_hiddens, num_outputs))
    b_q = torch.zeros(num_outputs)
    params = [W_xh, W_hh, b_h, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params
def init_rnn_state(batch_size, num_hiddens):
    return (torch.zeros((batch_size, num_hiddens)),)
def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.tanh(torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h)
        Y = torch.mm(H, W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)
class RNNModelScratch:
    def __init__(self, vocab_size, num_hiddens, get_params, init_state, forward_fn):
        self.vocab_size, self.num_hiddens = vocab_size, num_hiddens
        self.params = get_params(vocab_size, num_hiddens)
        self.init_state, self.forward_fn = init_state, forward_fn
    def __call__(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)
        return self.forward_fn(X, state, self.params)
    def begin_state(self, batch_size):
        return self.init_state(batch_size, self.num_hiddens)
torch.manual_seed(0)
num_hiddens = 64
net = RNNModelScratch(vocab_size, num_hiddens, get_params, init_rnn_state, rnn)
state = net.begin_state(X.shape[0])
Y, new_state = net(X, state)
print(Y.shape, len(new_state), new_state[0].shape)
def predict_ch8(prefix, num_preds, net):
    state = net.begin_state(batch_size=1)
    outputs = [token_to_idx[prefix[0]]]
    get_input = lambda: torch.tensor([outputs[-1]]).reshape((1, 1))
    for y in prefix[1:]:
        _, state = net(get_input(), state)
        outputs.append(token_to_idx[y])
    for _ in range(num_preds):
        y, state = net(get_input(), state)
        outputs.append(int(y.argmax(dim=1).reshape(1)))
    return ''.join([idx_to_token[i] for i in outputs])
print(predict_ch8('time traveller ', 10, net))
def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset: offset + num_tokens])
    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    num_batches = Xs.shape[1] // num_steps
    for i in range(0, num_steps * num_batches, num_steps):
        yield Xs[:, i: i + num_steps], Ys[:, i: i + num_steps]
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
def train_epoch_ch8(net, train_iter, loss, updater):
    state = None
    l_sum, n = 0.0, 0
    for X, Y in train_iter:
        if state is None:
            state = net.begin_state(batch_size=X.shape[0])
        else:
            if isinstance(net, nn.Module) and not isinstance(state, tuple):
                state.detach_()
            else:
                for s in state:
                    s.detach_()
        y = Y.T.reshape(-1)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.backward()
            grad_clipping(net, 1)
            updater.step()
        else:
            l.backward()
            grad_clipping(net, 1)
            updater(batch_size=1)
        l_sum += l.item() * y.numel()
        n += y.numel()
    return math.exp(l_sum / n)
loss = nn.CrossEntropyLoss()
for epoch in range(4):
    ppl = train_epoch_ch8(net, seq_data_iter_sequential(corpus, 8, 10, epoch), loss, lambda batch_size: sgd(net.params, 1, batch_size))
    print(f'epoch {epoch}, perplexity {ppl:.2f}')
print(predict_ch8('time traveller ', 10, net))
num_hiddens = 32
rnn_layer = nn.RNN(vocab_size, num_hiddens)
state = torch.zeros((1, 8, num_hiddens))
print(state.shape, rnn_layer)
X = torch.rand(size=(10, 8, vocab_size))
Y, state_new = rnn_layer(X, state)
print(Y.shape, state_new.shape)
class RNNModel(nn.Module):
    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super(RNNModel, self).__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        if not self.rnn.bidirectional:
            self.num_directions = 1
            self.linear = nn.Linear(self.num_hiddens, self.vocab_size)
        else:
            self.num_directions = 2
            self.linear = nn.Linear(self.num_hiddens * 2, self.vocab_size)
    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size)
        X = X.to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state
    def begin_state(self, device=torch.device('cpu'), batch_size=1):
        if not isinstance(self.rnn, nn.LSTM):
            return torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens), device=device)
        else:
            return (torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens), device=device),
                    torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens), device=device))
for layer in (nn.RNN(vocab_size, num_hiddens), nn.GRU(vocab_size, num_hiddens), nn.LSTM(vocab_size, num_hiddens, num_layers=2)):
    net = RNNModel(layer, vocab_size=vocab_size)
    print(net)
    print(predict_ch8('time traveller', 5, net))
    trainer = torch.optim.SGD(net.parameters(), 1)
    for epoch in range(2):
        ppl = train_epoch_ch8(net, seq_data_iter_sequential(corpus, 8, 10, epoch), loss, trainer)
        print(f'epoch {epoch}, perplexity {ppl:.1f}')
    print([(n, tuple(p.shape)) for n, p in net.rnn.named_parameters()][:4])
