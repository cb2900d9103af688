"""d2l.ai's softmax regression on synthetic 8x8 images: softmax by hand with
``X.sum(1, keepdim=True)``, cross-entropy as ``-torch.log(y_hat[range(len(y_hat)), y])``, accuracy
with ``argmax(axis=1)`` and ``y_hat.type(y.dtype) == y``, the ``Accumulator`` class,
``train_epoch_ch3`` for both a hand-written updater and ``torch.optim``, and the concise
``nn.Sequential(nn.Flatten(), nn.Linear(...))`` initialised with ``net.apply(init_weights)``."""
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(3)
# a synthetic "fashion-mnist": 10 classes of 1x8x8 images around class templates
templates = torch.rand(10, 1, 8, 8)
labels = torch.randint(0, 10, (600,))
images = (templates[labels] + 0.3 * torch.randn(600, 1, 8, 8)).clamp(0, 1)
train = data.TensorDataset(images[:500], labels[:500])
test = data.TensorDataset(images[500:], labels[500:])
print(len(train), len(test), train[0][0].shape, train[0][1])
def get_fashion_mnist_labels(labels):
    text_labels = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']
    return [text_labels[int(i)] for i in labels]
print(get_fashion_mnist_labels(labels[:6]))
batch_size = 50
train_iter = data.DataLoader(train, batch_size, shuffle=True)
test_iter = data.DataLoader(test, batch_size, shuffle=False)
num_inputs = 64
num_outputs = 10
W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)
X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(X.sum(0, keepdim=True), X.sum(1, keepdim=True))
def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition
X = torch.normal(0, 1, (2, 5))
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))
def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)
y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])
def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])
print(cross_entropy(y_hat, y))
def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())
print(accuracy(y_hat, y) / len(y))
class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n
    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]
    def reset(self):
        self.data = [0.0] * len(self.data)
    def __getitem__(self, idx):
        return self.data[idx]
def evaluate_accuracy(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]
print(evaluate_accuracy(net, test_iter))
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
def updater(batch_size):
    return sgd([W, b], 0.1, batch_size)
def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]
for epoch in range(3):
    train_metrics = train_epoch_ch3(net, train_iter, cross_entropy, updater)
    test_acc = evaluate_accuracy(net, test_iter)
    print(f'epoch {epoch + 1}: loss {train_metrics[0]:.3f}, train acc {train_metrics[1]:.3f}, test acc {test_acc:.3f}')
for X, y in test_iter:
    break
trues = get_fashion_mnist_labels(y)
preds = get_fashion_mnist_labels(net(X).argmax(axis=1))
print([true + '\n' + pred for true, pred in zip(trues, preds)][:3])
net2 = nn.Sequential(nn.Flatten(), nn.Linear(64, 10))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
net2.apply(init_weights)
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net2.parameters(), lr=0.1)
for epoch in range(3):
    train_metrics = train_epoch_ch3(net2, train_iter, loss, trainer)
    test_acc = evaluate_accuracy(net2, test_iter)
    print(f'epoch {epoch + 1}: loss {train_metrics[0]:.3f}, train acc {train_metrics[1]:.3f}, test acc {test_acc:.3f}')
print(net2, net2.training)
print(torch.argmax(net2(X[:4]), dim=1), torch.max(net2(X[:4]), 1)[1], y[:4])
