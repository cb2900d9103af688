"""micrograd's checks against PyTorch: small float64 scalar graphs built from
``torch.Tensor([2.0]).double()`` with ``requires_grad = True`` set afterwards, tanh of a neuron and
its gradients as full-precision ``.item()`` values, micrograd's test_engine expressions (relu,
powers, division, reflected operators), node names, and a tiny MLP of 0-d tensors trained with
Python's ``sum`` of squared errors."""
import torch

x1 = torch.Tensor([2.0]).double(); x1.requires_grad = True
x2 = torch.Tensor([0.0]).double(); x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double(); w1.requires_grad = True
w2 = torch.Tensor([1.0]).double(); w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double(); b.requires_grad = True
n = x1*w1 + x2*w2 + b
o = torch.tanh(n)
print(o.data.item())
o.backward()
print('---')
print('x2', x2.grad.item())
print('w2', w2.grad.item())
print('x1', x1.grad.item())
print('w1', w1.grad.item())
print(o, o.dtype, x1.dtype, torch.Tensor([2.0]).dtype, torch.Tensor([[1, 2]]).dtype)
print(torch.Tensor(2, 3).shape, torch.Tensor().shape, torch.Tensor([1, 2, 3]).double().grad_fn)

x = torch.Tensor([-4.0]).double()
x.requires_grad = True
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
xpt, ypt = x, y
print(ypt.data.item(), xpt.grad.item())

a = torch.Tensor([-4.0]).double()
b = torch.Tensor([2.0]).double()
a.requires_grad = True
b.requires_grad = True
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f
g.backward()
amg, bmg, gmg = a, b, g
print(f'{gmg.data.item():.4f}', f'{amg.grad.item():.4f}', f'{bmg.grad.item():.4f}')
print(g.item(), a.grad.item(), b.grad.item())
print(g.grad_fn.name(), [type(fn).__name__ for fn, _ in g.grad_fn.next_functions])

import random
random.seed(1337)
class Neuron:
    def __init__(self, nin):
        self.w = [torch.tensor(random.uniform(-1, 1), dtype=torch.float64, requires_grad=True) for _ in range(nin)]
        self.b = torch.tensor(random.uniform(-1, 1), dtype=torch.float64, requires_grad=True)
    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()
    def parameters(self):
        return self.w + [self.b]
class Layer:
    def __init__(self, nin, nout):
        self.neurons = [Neuron(nin) for _ in range(nout)]
    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs
    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]
class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1]) for i in range(len(nouts))]
    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x
    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
n = MLP(3, [4, 4, 1])
print(len(n.parameters()))
for k in range(20):
    ypred = [n(x) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    for p in n.parameters():
        p.grad = None
    loss.backward()
    for p in n.parameters():
        p.data += -0.1 * p.grad
    if k % 5 == 0:
        print(k, round(loss.item(), 6), loss.dtype, loss.shape)
print([round(yp.item(), 4) for yp in ypred])
t = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
u = 2 ** t + t.exp() - 1 / t + (-t) ** 2 - t / 4
u.backward()
print(round(u.item(), 8), round(t.grad.item(), 8))
