"""The Introduction to PyTorch series, "Building Models with PyTorch": ``TinyModel`` printed with its
parameters and ``model.linear2`` alone, ``nn.Linear`` on a (1, 3) input, ``LeNet`` with
``num_flat_features``, the ``LSTMTagger`` shapes, ``nn.Transformer``'s shapes, and the other layers
shown: ``MaxPool2d`` on a (1, 6, 6) tensor, ``BatchNorm1d`` normalising a shifted, scaled input (its
mean and std printed), ``Dropout`` in training and eval, and the activations and loss functions."""
import torch


class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()
        self.linear1 = torch.nn.Linear(100, 200)
        self.activation = torch.nn.ReLU()
        self.linear2 = torch.nn.Linear(200, 10)
        self.softmax = torch.nn.Softmax()

    def forward(self, x):
        x = self.linear1(x)
        x = self.activation(x)
        x = self.linear2(x)
        x = self.softmax(x)
        return x


torch.manual_seed(0)
tinymodel = TinyModel()
print('The model:')
print(tinymodel)
print('\n\nJust one layer:')
print(tinymodel.linear2)
print('\n\nModel params:')
for param in tinymodel.parameters():
    print(param.shape, param.dtype, param.requires_grad)
print('\n\nLayer params:')
for param in tinymodel.linear2.parameters():
    print(param.shape)
print(tinymodel.linear2.bias[:4])
out = tinymodel(torch.rand(2, 100))
print(out.shape, [round(v, 4) for v in out.sum(1).tolist()])

lin = torch.nn.Linear(3, 2)
x = torch.rand(1, 3)
print('Input:')
print(x)
print('\n\nWeight and Bias parameters:')
for param in lin.parameters():
    print(param)
y = lin(x)
print('\n\nOutput:')
print(y)

import torch.nn.functional as F


class LeNet(torch.nn.Module):

    def __init__(self):
        super(LeNet, self).__init__()
        # 1 input image channel (black & white), 6 output channels, 5x5 square convolution
        # kernel
        self.conv1 = torch.nn.Conv2d(1, 6, 5)
        self.conv2 = torch.nn.Conv2d(6, 16, 3)
        # an affine operation: y = Wx + b
        self.fc1 = torch.nn.Linear(16 * 6 * 6, 120)  # 6*6 from image dimension
        self.fc2 = torch.nn.Linear(120, 84)
        self.fc3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        # Max pooling over a (2, 2) window
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        # If the size is a square you can only specify a single number
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

    def num_flat_features(self, x):
        size = x.size()[1:]  # all dimensions except the batch dimension
        num_features = 1
        for s in size:
            num_features *= s
        return num_features


net = LeNet()
print(net)
input = torch.rand(1, 1, 32, 32)
print('\nImage batch shape:')
print(input.shape)
output = net(input)
print('\nRaw output:')
print(output)
print(output.shape)
print(net.num_flat_features(torch.rand(2, 16, 6, 6)))


class LSTMTagger(torch.nn.Module):

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = torch.nn.Embedding(vocab_size, embedding_dim)
        # The LSTM takes word embeddings as inputs, and outputs hidden states
        # with dimensionality hidden_dim.
        self.lstm = torch.nn.LSTM(embedding_dim, hidden_dim)
        # The linear layer that maps from hidden state space to tag space
        self.hidden2tag = torch.nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores


tagger = LSTMTagger(6, 6, 9, 3)
print(tagger)
scores = tagger(torch.tensor([0, 1, 2, 3, 4]))
print(scores.shape, torch.round(scores.exp().sum(1), decimals=4))
print([(n, tuple(p.shape)) for n, p in tagger.lstm.named_parameters()])

transformer_model = torch.nn.Transformer(d_model=16, nhead=4, num_encoder_layers=2, num_decoder_layers=2,
                                         dim_feedforward=32, dropout=0.0)
src = torch.rand((10, 2, 16))
tgt = torch.rand((7, 2, 16))
out = transformer_model(src, tgt)
print(out.shape, sum(p.numel() for p in transformer_model.parameters()))
mask = transformer_model.generate_square_subsequent_mask(4)
print(mask)
out = transformer_model(src, tgt[:4], tgt_mask=mask)
print(out.shape, [round(v, 3) for v in out[0, 0, :4].tolist()])
print([n for n, _ in transformer_model.named_children()], type(transformer_model.encoder.layers[0]).__name__)

my_tensor = torch.rand(1, 6, 6)
print(my_tensor)
maxpool_layer = torch.nn.MaxPool2d(3)
print(maxpool_layer(my_tensor))

my_tensor = torch.rand(1, 4, 4) * 20 + 5
print(my_tensor)
print(my_tensor.mean())
norm_layer = torch.nn.BatchNorm1d(4)
normed_tensor = norm_layer(my_tensor)
print(normed_tensor)
print(abs(normed_tensor.mean().item()) < 1e-6, norm_layer.running_mean, norm_layer.num_batches_tracked)

my_tensor = torch.rand(1, 4, 4)
dropout = torch.nn.Dropout(p=0.4)
print(dropout(my_tensor))
print(dropout(my_tensor))
dropout.eval()
print(torch.equal(dropout(my_tensor), my_tensor))

x = torch.linspace(-2, 2, 5)
for layer in (torch.nn.ReLU(), torch.nn.Tanh(), torch.nn.Sigmoid(), torch.nn.Softmax(dim=0), torch.nn.LeakyReLU(0.1)):
    print(layer, layer(x))
pred, target = torch.tensor([[0.2, 1.5, -0.3]]), torch.tensor([1])
for loss_fn in (torch.nn.CrossEntropyLoss(), torch.nn.NLLLoss()):
    print(loss_fn, loss_fn(pred if isinstance(loss_fn, torch.nn.CrossEntropyLoss) else pred.log_softmax(1), target))
print(torch.nn.MSELoss()(pred, torch.zeros(1, 3)), torch.nn.L1Loss(reduction="sum")(pred, torch.ones(1, 3)))
