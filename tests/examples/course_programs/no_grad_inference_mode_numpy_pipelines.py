"""A course's comparison of torch.no_grad() and torch.inference_mode() as students meet them: the
requires_grad and grad_fn of results, is_inference(), both as decorators, set_grad_enabled as a
context and a function, enable_grad inside no_grad, inference tensors refused by autograd and by
in-place updates outside inference mode (and the clone that fixes it), is_grad_enabled /
is_inference_mode_enabled, detach().numpy() pipelines (the error of .numpy() on a tensor that
requires grad, shared memory of detach().numpy(), .cpu().numpy(), .tolist(), .item()), and a
prediction function returning NumPy arrays."""
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(8)
model = nn.Linear(3, 2)
x = torch.randn(4, 3)

out = model(x)
print(out.requires_grad, out.grad_fn.name(), out.is_leaf, out.is_inference())
with torch.no_grad():
    out = model(x)
    print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
print(out.requires_grad, out.grad_fn, out.is_leaf, out.is_inference())
with torch.inference_mode():
    inf = model(x)
    print(torch.is_grad_enabled(), torch.is_inference_mode_enabled(), inf.is_inference())
print(inf.requires_grad, inf.grad_fn, inf.is_leaf, inf.is_inference(), torch.is_inference_mode_enabled())
with torch.inference_mode(mode=False):
    print(model(x).requires_grad, torch.is_inference_mode_enabled())

try:
    (inf * model.weight[:, :2].sum()).sum().backward()
except RuntimeError as e:
    print('RuntimeError', e)
try:
    inf.add_(1)
except RuntimeError as e:
    print('RuntimeError', e)
fixed = inf.clone()
fixed.add_(1)
print(fixed.is_inference(), torch.allclose(fixed - inf, torch.ones_like(inf)))
print((inf + 1).is_inference(), torch.ones(2).is_inference())


@torch.no_grad()
def evaluate(m, data):
    return m(data)


@torch.inference_mode()
def predict(m, data):
    return m(data)


print(evaluate(model, x).requires_grad, evaluate(model, x).is_inference(), predict(model, x).is_inference())
with torch.no_grad():
    with torch.enable_grad():
        print('enable_grad inside no_grad', model(x).requires_grad)
    print(model(x).requires_grad)
with torch.set_grad_enabled(False):
    print(model(x).requires_grad)
torch.set_grad_enabled(False)
print(torch.is_grad_enabled(), model(x).requires_grad)
torch.set_grad_enabled(True)
print(torch.is_grad_enabled())
is_train = False
with torch.set_grad_enabled(is_train):
    print('set_grad_enabled(is_train)', model(x).grad_fn)

# leaves created under no_grad and parameters updated in place
with torch.no_grad():
    w = torch.zeros(3, requires_grad=True)
    model.weight -= 0.1 * torch.ones_like(model.weight)
    model.bias.zero_()
print(w.requires_grad, w.is_leaf, model.weight.requires_grad, model.weight.is_leaf, model.weight.grad_fn)
print(model.bias)

# NumPy pipelines
out = model(x)
try:
    out.numpy()
except RuntimeError as e:
    print('RuntimeError', e)
arr = out.detach().numpy()
print(type(arr).__name__, arr.dtype, arr.shape, arr.flags['C_CONTIGUOUS'])
detached = out.detach()
arr = detached.numpy()
arr[0, 0] = 100.0
print(detached[0, 0], out[0, 0].item() == 100.0)
print(out.detach().cpu().numpy().round(3).tolist() == out.detach().round(decimals=3).tolist())
print(type(out.sum().item()).__name__, type(out.tolist()[0][0]).__name__, out[0].detach().tolist().__class__)
print(np.asarray(out.detach()).sum().round(3), np.array(out.detach(), dtype=np.float64).dtype)
print(out.detach().numpy(force=True).shape, out.numpy(force=True).dtype)
t = torch.from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3))
print(model(t).detach().numpy().round(4))
lin = model.weight.data.numpy()
print(lin.shape, np.shares_memory(lin, model.weight.detach().numpy()))


def predict_np(m, x_np):
    m.eval()
    x_tensor = torch.as_tensor(x_np).float()
    with torch.no_grad():
        y_hat = m(x_tensor)
    m.train()
    return y_hat.detach().cpu().numpy()


preds = predict_np(model, np.linspace(-1, 1, 9).reshape(3, 3))
print(preds.dtype, preds.round(4), model.training)
