"""d2l.ai's linear regression twice: from scratch (``synthetic_data`` with ``torch.normal``, a
``data_iter`` generator over ``random.shuffle``d indices, hand-written SGD dividing by the batch
size) and concisely (``TensorDataset``, ``DataLoader``, ``net[0].weight.data.normal_(0, 0.01)``,
``nn.MSELoss``, ``torch.optim.SGD``), with the errors of the learned parameters and
``random_split``."""
import random
import torch
from torch import nn
from torch.utils import data

def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))

torch.manual_seed(7)
random.seed(7)
true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)
print('features:', features[0], '\nlabel:', labels[0])
print(features.shape, labels.shape, features[:, 1].detach().numpy().shape)

def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]

batch_size = 10
for X, y in data_iter(batch_size, features, labels):
    print(X, '\n', y)
    break
w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
def linreg(X, w, b):
    return torch.matmul(X, w) + b
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss
for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')
print(f'w error: {true_w - w.reshape(true_w.shape)}')
print(f'b error: {true_b - b}')

def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)
data_iter2 = load_array((features, labels), batch_size)
print(next(iter(data_iter2))[0].shape, len(data_iter2), len(data_iter2.dataset))
net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
print(net, net[0].weight, net[0].bias)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
print(trainer)
num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter2:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss {l:f}')
w = net[0].weight.data
print('w error:', true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print('b error:', true_b - b)
print(net[0].weight.grad, net[0].bias.grad.shape)
huber = nn.HuberLoss()
print(huber(net(features), labels))
print(net.state_dict())
ds = data.TensorDataset(features, labels)
print(len(ds), ds[0], type(ds[0]).__name__)
sub = data.random_split(ds, [800, 200], generator=torch.Generator().manual_seed(0))
print([len(s) for s in sub], sub[1].indices[:5])
