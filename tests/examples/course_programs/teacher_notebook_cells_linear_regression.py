"""A teacher's notebook for the first chapters, cell by cell: every cell prints what it made
(tensors, shapes, dtypes, devices, requires_grad, grads, grad_fn names, reprs of modules,
optimizers, loss functions and schedulers, state_dicts) as a notebook shows the last
expression of a cell. Linear regression from scratch with NumPy, then with autograd, then with
nn.Linear, optim.SGD and a StepLR, then nn.Sequential with an OrderedDict."""
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

# Cell 1: synthetic data
true_b, true_w, N = 1, 2, 100
np.random.seed(42)
x = np.random.rand(N, 1)
epsilon = 0.1 * np.random.randn(N, 1)
y = true_b + true_w * x + epsilon
print(x.shape, y.dtype, x[:3].ravel())

# Cell 2: split
idx = np.arange(N)
np.random.shuffle(idx)
train_idx, val_idx = idx[:int(N * .8)], idx[int(N * .8):]
x_train, y_train = x[train_idx], y[train_idx]
x_val, y_val = x[val_idx], y[val_idx]
print(train_idx[:5], len(val_idx))

# Cell 3: tensors
scalar = torch.tensor(3.14159)
vector = torch.tensor([1, 2, 3])
matrix = torch.ones((2, 3), dtype=torch.float)
tensor = torch.randn((2, 3, 4), dtype=torch.float)
print(scalar)
print(vector)
print(matrix)
print(tensor.size(), tensor.shape, scalar.size(), scalar.shape, scalar.dim(), vector.ndim)
same_matrix = matrix.view(1, 6)
same_matrix[0, 1] = 2.
print(matrix)
print(same_matrix)
different_matrix = matrix.view(1, 6).clone().detach()
different_matrix[0, 1] = 3.
print(matrix)
print(different_matrix)

# Cell 4: numpy to tensor
x_train_tensor = torch.as_tensor(x_train)
print(x_train.dtype, x_train_tensor.dtype)
float_tensor = x_train_tensor.float()
print(float_tensor.dtype)
dummy_array = np.array([1, 2, 3])
dummy_tensor = torch.as_tensor(dummy_array)
dummy_array[1] = 0
print(dummy_tensor)
print(dummy_tensor.numpy(), type(dummy_tensor.numpy()).__name__)
print(torch.from_numpy(dummy_array).dtype, torch.tensor(dummy_array).dtype)

# Cell 5: device
device = 'cuda' if torch.cuda.is_available() else 'cpu'
n_cudas = torch.cuda.device_count()
print(device, n_cudas)
gpu_tensor = torch.as_tensor(x_train).to(device)
print(gpu_tensor[0], gpu_tensor.device, gpu_tensor.is_cuda, type(gpu_tensor.device).__name__)
x_train_tensor = torch.as_tensor(x_train).float().to(device)
y_train_tensor = torch.as_tensor(y_train).float().to(device)
print(type(x_train), type(x_train_tensor).__name__, x_train_tensor.type())
back_to_numpy = x_train_tensor.cpu().numpy()
print(back_to_numpy.dtype, back_to_numpy.shape)

# Cell 6: parameters
torch.manual_seed(42)
b = torch.randn(1, requires_grad=True, dtype=torch.float, device=device)
w = torch.randn(1, requires_grad=True, dtype=torch.float, device=device)
print(b, w)
b_bad = torch.randn(1, requires_grad=True, dtype=torch.float).to(device)
print(b_bad, b_bad.is_leaf, b.is_leaf)

# Cell 7: autograd
lr = 0.1
yhat = b + w * x_train_tensor
error = (yhat - y_train_tensor)
loss = (error ** 2).mean()
print(loss, loss.grad_fn.name(), loss.requires_grad)
print(error.requires_grad, yhat.requires_grad, b.requires_grad, y_train_tensor.requires_grad)
print(type(yhat.grad_fn).__name__, error.grad_fn.name(), x_train_tensor.grad_fn)
loss.backward()
print(b.grad, w.grad)
print(b.grad.zero_(), w.grad.zero_())

# Cell 8: a full loop from scratch, with the classic mistakes
for epoch in range(3):
    yhat = b + w * x_train_tensor
    loss = ((yhat - y_train_tensor) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        b -= lr * b.grad
        w -= lr * w.grad
    b.grad.zero_()
    w.grad.zero_()
    print(epoch, round(loss.item(), 4), b, w)
try:
    b = b - lr * b.grad
    b.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    w -= lr * w.grad
except RuntimeError as e:
    print("RuntimeError:", e)

# Cell 9: optimizer, loss, model reprs
torch.manual_seed(42)
model = nn.Sequential(nn.Linear(1, 1)).to(device)
print(model)
print(model.state_dict())
optimizer = optim.SGD(model.parameters(), lr=lr)
print(optimizer)
loss_fn = nn.MSELoss(reduction='mean')
print(loss_fn, loss_fn.reduction)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.5)
print(type(scheduler).__name__, scheduler.get_last_lr(), scheduler.state_dict())
predictions = torch.tensor([0.5, 1.0])
labels = torch.tensor([2.0, 1.3])
print(loss_fn(predictions, labels))

# Cell 10: training with nn
for epoch in range(10):
    model.train()
    yhat = model(x_train_tensor)
    loss = loss_fn(yhat, y_train_tensor)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    scheduler.step()
    if epoch % 3 == 0:
        print(epoch, f"{loss.item():.5f}", scheduler.get_last_lr(), optimizer.param_groups[0]["lr"])
print(model.state_dict())
print(optimizer.state_dict())
print([p.grad for p in model.parameters()])
print(list(model.named_parameters())[0][0], model[0].weight.requires_grad)

# Cell 11: OrderedDict Sequential, add_module, children, modules
torch.manual_seed(42)
model2 = nn.Sequential(OrderedDict([("layer1", nn.Linear(3, 5)), ("relu", nn.ReLU())]))
model2.add_module("layer2", nn.Linear(5, 1))
print(model2)
print([name for name, _ in model2.named_children()], len(list(model2.modules())))
print({k: tuple(v.shape) for k, v in model2.state_dict().items()})
print(model2.layer1, model2[-1], model2[0:2])
with torch.no_grad():
    out = model2(torch.ones(2, 3))
print(out, out.requires_grad, out.grad_fn)
model2.eval()
print(model2.training, model2.layer1.training)
print(torch.manual_seed(1).initial_seed(), type(torch.manual_seed(1)).__name__)
