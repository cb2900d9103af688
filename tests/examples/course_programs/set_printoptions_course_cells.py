"""A course's notebook cells that change how tensors print: set_printoptions with precision=,
sci_mode=, linewidth=, threshold= and edgeitems=, the 'short' / 'full' / 'default' profiles, the
options read back through torch._tensor_str.PRINT_OPTS, and what they do to the reprs of float,
double, integer, boolean, complex and half tensors, tensors with grad_fn and requires_grad,
parameters, state_dict entries, large tensors summarized with '...', tiny and huge magnitudes,
nan/inf, and a module's weights printed during training."""
import torch
import torch.nn as nn

torch.manual_seed(21)
x = torch.randn(3, 4)
big = torch.arange(2000, dtype=torch.float32).reshape(40, 50) / 7
mixed = torch.tensor([1e-6, 1.0, 12345.678, -0.5])

torch.set_printoptions(precision=2)
print(x)
print(mixed)
torch.set_printoptions(sci_mode=False)
print(mixed)
print(torch.tensor([1e-9, 1e9]))
torch.set_printoptions(precision=6, sci_mode=True)
print(mixed, x.double()[0])
torch.set_printoptions(profile='default')
print(torch._tensor_str.PRINT_OPTS.precision, torch._tensor_str.PRINT_OPTS.threshold,
      torch._tensor_str.PRINT_OPTS.edgeitems, torch._tensor_str.PRINT_OPTS.linewidth,
      torch._tensor_str.PRINT_OPTS.sci_mode)
torch.set_printoptions(profile='short')
print(x, big)
print(torch._tensor_str.PRINT_OPTS.precision, torch._tensor_str.PRINT_OPTS.threshold,
      torch._tensor_str.PRINT_OPTS.edgeitems)
torch.set_printoptions(profile='default')
torch.set_printoptions(threshold=20, edgeitems=2)
print(big)
print(torch.arange(30))
print(torch.arange(30) % 3 == 0)
torch.set_printoptions(threshold=1000, edgeitems=3, linewidth=40)
print(torch.arange(25) * 1000)
print(x)
torch.set_printoptions(linewidth=80)
print(torch.arange(12, dtype=torch.float64).reshape(3, 4) / 3)
print(torch.tensor([1.5, float('nan'), float('inf'), -float('inf')]))
print(torch.tensor([1 + 2j, 0.5 - 1j]), torch.tensor([1.0, 2.5]).half())
print(torch.zeros(2, 0), torch.tensor(3.14159), torch.tensor([100000.0, 1.0]))

torch.set_printoptions(precision=3)
lin = nn.Linear(4, 2)
print(lin.weight)
print(lin.state_dict()['bias'])
y = lin(x)
print(y, y.sum())
print(y.detach().mean(dim=0, keepdim=True))
print(torch.tensor([2.0], requires_grad=True) * 3)
torch.set_printoptions(precision=1, sci_mode=False)
opt = torch.optim.SGD(lin.parameters(), lr=0.5)
for step in range(2):
    loss = lin(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, loss, lin.weight.grad)
torch.set_printoptions(profile='full')
print(torch.arange(1200).reshape(2, 600)[:, -3:], torch._tensor_str.PRINT_OPTS.threshold)
torch.set_printoptions()
print(torch._tensor_str.PRINT_OPTS.precision, torch._tensor_str.PRINT_OPTS.sci_mode, mixed)
torch.set_printoptions(profile='default')
print(mixed, torch.tensor([0.1, 0.25]) * 1e-5)
saved = torch._tensor_str.get_printoptions()
print(saved)
with torch._tensor_str.printoptions(precision=1, linewidth=30):
    print(x, torch._tensor_str.PRINT_OPTS.precision)
print(torch._tensor_str.get_printoptions() == saved, x[0])
