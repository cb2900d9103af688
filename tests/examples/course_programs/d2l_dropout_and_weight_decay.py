"""d2l.ai's regularisation chapter: dropout from scratch with
``(torch.rand(X.shape) > dropout).float()``, a Module toggling it on ``self.training``,
``nn.Dropout`` layers, weight decay by hand with an L2 penalty ``torch.sum(w.pow(2)) / 2`` and
through per-parameter-group ``weight_decay`` in ``torch.optim.SGD``."""
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(11)
def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)
X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(X)
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))
num_inputs, num_outputs, num_hiddens1, num_hiddens2 = 20, 4, 32, 16
dropout1, dropout2 = 0.2, 0.5
class Net(nn.Module):
    def __init__(self, num_inputs, num_outputs, num_hiddens1, num_hiddens2, is_training=True):
        super(Net, self).__init__()
        self.num_inputs = num_inputs
        self.training = is_training
        self.lin1 = nn.Linear(num_inputs, num_hiddens1)
        self.lin2 = nn.Linear(num_hiddens1, num_hiddens2)
        self.lin3 = nn.Linear(num_hiddens2, num_outputs)
        self.relu = nn.ReLU()
    def forward(self, X):
        H1 = self.relu(self.lin1(X.reshape((-1, self.num_inputs))))
        if self.training == True:
            H1 = dropout_layer(H1, dropout1)
        H2 = self.relu(self.lin2(H1))
        if self.training == True:
            H2 = dropout_layer(H2, dropout2)
        out = self.lin3(H2)
        return out
net = Net(num_inputs, num_outputs, num_hiddens1, num_hiddens2)
print(net)
Xall = torch.randn(200, num_inputs)
yall = (Xall[:, :4].argmax(1))
it = data.DataLoader(data.TensorDataset(Xall, yall), batch_size=25, shuffle=True)
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
for epoch in range(3):
    tot, n = 0.0, 0
    for Xb, yb in it:
        l = loss(net(Xb), yb)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        tot += float(l.sum().detach()); n += len(yb)
    print(f'epoch {epoch}, loss {tot / n:.4f}')
net.eval()
print(net.training, (net(Xall).argmax(1) == yall).float().mean())
net2 = nn.Sequential(nn.Flatten(), nn.Linear(20, 32), nn.ReLU(), nn.Dropout(dropout1), nn.Linear(32, 16), nn.ReLU(),
                     nn.Dropout(dropout2), nn.Linear(16, 4))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
net2.apply(init_weights)
print(net2)
print(net2[3](torch.ones(2, 6)), net2[3].p)
n_train, n_test, num_inputs, batch_size = 20, 100, 200, 5
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
train_data = synthetic_data(true_w, true_b, n_train)
train_iter = data.DataLoader(data.TensorDataset(*train_data), batch_size, shuffle=True)
test_data = synthetic_data(true_w, true_b, n_test)
def init_params():
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return [w, b]
def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2
def linreg(X, w, b):
    return torch.matmul(X, w) + b
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
def train(lambd):
    w, b = init_params()
    net, loss = lambda X: linreg(X, w, b), squared_loss
    num_epochs, lr = 20, 0.003
    for epoch in range(num_epochs):
        for X, y in train_iter:
            l = loss(net(X), y) + lambd * l2_penalty(w)
            l.sum().backward()
            sgd([w, b], lr, batch_size)
        if (epoch + 1) % 10 == 0:
            print(epoch + 1, f'{loss(net(train_data[0]), train_data[1]).mean().item():.3f}',
                  f'{loss(net(test_data[0]), test_data[1]).mean().item():.3f}')
    print('w的L2范数是：', f'{torch.norm(w).item():.3f}')
train(lambd=0)
train(lambd=3)
def train_concise(wd):
    net = nn.Sequential(nn.Linear(num_inputs, 1))
    for param in net.parameters():
        param.data.normal_()
    loss = nn.MSELoss(reduction='none')
    num_epochs, lr = 20, 0.003
    trainer = torch.optim.SGD([{"params": net[0].weight, 'weight_decay': wd}, {"params": net[0].bias}], lr=lr)
    for epoch in range(num_epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)
            l.mean().backward()
            trainer.step()
    print('w的L2范数：', f'{net[0].weight.norm().item():.3f}')
    print(trainer.param_groups[0]['weight_decay'], len(trainer.param_groups), trainer.param_groups[1]['weight_decay'])
train_concise(0)
train_concise(3)
