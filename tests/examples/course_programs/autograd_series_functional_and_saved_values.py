"""The autograd part of the Introduction to PyTorch series: ``linspace(requires_grad=True)``, walking
``grad_fn.next_functions``, gradients accumulating over passes, ``requires_grad = False``, ``no_grad`` as a
block and a decorator, ``detach``, the in-place error on a leaf; ``torch.autograd.functional``'s
``jacobian``, ``vjp``, ``jvp``, ``hvp``, ``vhp`` and ``hessian`` with inputs the output does not depend on
(plain zeros, also at negative and infinite points); the ``_saved_`` attributes that ``dir(grad_fn)`` lists."""
import math, re
import torch
torch.manual_seed(42)
def scrub(s): return re.sub(r"0x[0-9a-f]+", "ADDR", str(s))
a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
print(a)
b = torch.sin(a)
print(b)
c = 2 * b
print(c)
d = c + 1
print(d)
out = d.sum()
print(out)
print('d:')
print(scrub(d.grad_fn))
print(scrub(d.grad_fn.next_functions))
print(scrub(d.grad_fn.next_functions[0][0].next_functions))
print(scrub(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions))
print(scrub(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].next_functions))
print('\nc:'); print(scrub(c.grad_fn))
print('\nb:'); print(scrub(b.grad_fn))
print('\na:'); print(a.grad_fn)
out.backward()
print(a.grad)
BATCH_SIZE = 16; DIM_IN = 1000; HIDDEN_SIZE = 100; DIM_OUT = 10
class TinyModel(torch.nn.Module):
    def __init__(self):
        super(TinyModel, self).__init__()
        self.layer1 = torch.nn.Linear(DIM_IN, HIDDEN_SIZE)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(HIDDEN_SIZE, DIM_OUT)
    def forward(self, x):
        x = self.layer1(x)
        x = self.relu(x)
        x = self.layer2(x)
        return x
some_input = torch.randn(BATCH_SIZE, DIM_IN, requires_grad=False)
ideal_output = torch.randn(BATCH_SIZE, DIM_OUT, requires_grad=False)
model = TinyModel()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad)
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
prediction = model(some_input)
loss = (ideal_output - prediction).pow(2).sum()
print(loss)
loss.backward()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])
optimizer.step()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])
for i in range(0, 5):
    prediction = model(some_input)
    loss = (ideal_output - prediction).pow(2).sum()
    loss.backward()
print(model.layer2.weight.grad[0][0:10])
optimizer.zero_grad(set_to_none=False)
print(model.layer2.weight.grad[0][0:10])
a = torch.ones(2, 3, requires_grad=True)
print(a)
b1 = 2 * a
print(b1)
a.requires_grad = False
b2 = 2 * a
print(b2)
a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3
c1 = a + b
print(c1)
with torch.no_grad():
    c2 = a + b
print(c2)
c3 = a * b
print(c3)
def add_tensors1(x, y):
    return x + y
@torch.no_grad()
def add_tensors2(x, y):
    return x + y
a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3
c1 = add_tensors1(a, b)
print(c1)
c2 = add_tensors2(a, b)
print(c2)
x = torch.rand(5, requires_grad=True)
y = x.detach()
print(x)
print(y)
a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
try:
    torch.sin_(a)
except RuntimeError as e:
    print(e)
x = torch.randn(3, requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)
def exp_adder(x, y):
    return 2 * x.exp() + 3 * y
inputs = (torch.rand(1), torch.rand(1))
print(inputs)
print(torch.autograd.functional.jacobian(exp_adder, inputs))
inputs = (torch.rand(3), torch.rand(3))
print(inputs)
print(torch.autograd.functional.jacobian(exp_adder, inputs))
def do_some_doubling(x):
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    return y
inputs = torch.randn(3)
my_gradients = torch.tensor([0.1, 1.0, 0.0001])
print(torch.autograd.functional.vjp(do_some_doubling, inputs, v=my_gradients))
print(torch.autograd.functional.jvp(do_some_doubling, inputs, v=my_gradients))
print(torch.autograd.functional.hvp(lambda t: (t ** 3).sum(), inputs, v=my_gradients))
print(torch.autograd.functional.vhp(lambda t: (t ** 3).sum(), inputs, v=my_gradients))
print(torch.autograd.functional.jacobian(exp_adder, (inputs, inputs), vectorize=True, strategy="reverse-mode")[0].shape)
print(torch.autograd.functional.hessian(lambda a, b: (a * b).sum(), (inputs, inputs)))
F = torch.autograd.functional
neg, y = torch.tensor([float('inf'), -2.]), torch.tensor([1., 3.])
print(F.jacobian(lambda a, b: b * 2, (neg, y)))
print(F.hessian(lambda a, b: (b ** 2).sum(), (neg, y)))
print(F.vjp(lambda a, b: b * 2, (neg, y), torch.ones(2))[1])
print(F.vhp(lambda a, b: (b ** 3).sum(), (neg, y), (torch.ones(2), torch.ones(2)))[1])
x = torch.randn(4, requires_grad=True)
for out in (x.exp(), x.sin(), x * x, x.sigmoid(), x.tanh()):
    print(type(out.grad_fn).__name__, [k for k in dir(out.grad_fn) if k.startswith("_saved")])
