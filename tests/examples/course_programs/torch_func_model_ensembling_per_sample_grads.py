"""The torch.func tutorials' model ensembling and per-sample gradients: ``stack_module_state`` of
four MLPs, ``vmap`` over ``functional_call`` (one minibatch per model, or one shared), per-sample
gradients ``vmap(grad(loss), in_dims=(None, None, 0, 0))`` checked against a loop, ``jacrev`` and
``jacfwd`` with ``argnums`` (a tuple too), a ``vmap``-ed Jacobian, ``hessian``, ``vjp``, ``jvp``, and
``vmap``'s randomness modes, dims and pytrees."""
import copy
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import stack_module_state, functional_call, vmap, grad, jacrev, jacfwd, vjp, jvp, hessian

torch.manual_seed(0)
class SimpleMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16); self.fc2 = nn.Linear(16, 3)
    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))
models = [SimpleMLP() for _ in range(4)]
data = torch.randn(5, 8)
minibatches = data[None].expand(4, -1, -1)
params, buffers = stack_module_state(models)
print({k: tuple(v.shape) for k, v in params.items()}, buffers)
base_model = copy.deepcopy(models[0])
def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))
out = vmap(fmodel)(params, buffers, minibatches)
print(out.shape, torch.allclose(out[1], models[1](data), atol=1e-6))
out2 = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, data)
print(torch.allclose(out, out2))
# per-sample grads, tutorial style
model = SimpleMLP()
targets = torch.randint(3, (5,))
ps = {k: v.detach() for k, v in model.named_parameters()}
bs = {k: v.detach() for k, v in model.named_buffers()}
def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0); targets = target.unsqueeze(0)
    predictions = functional_call(model, (params, buffers), (batch,))
    return F.cross_entropy(predictions, targets)
ft = vmap(grad(compute_loss), in_dims=(None, None, 0, 0))(ps, bs, data, targets)
manual = []
for i in range(5):
    model.zero_grad()
    F.cross_entropy(model(data[i:i + 1]), targets[i:i + 1]).backward()
    manual.append(model.fc1.weight.grad.clone())
print(torch.allclose(ft["fc1.weight"], torch.stack(manual), atol=1e-6), ft["fc2.bias"].shape)
# jacobians & friends
def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()
D = 4
weight = torch.randn(D, D); bias = torch.randn(D); x = torch.randn(D)
jac = jacrev(predict, argnums=2)(weight, bias, x)
print(jac.shape, torch.allclose(jac, jacfwd(predict, argnums=2)(weight, bias, x), atol=1e-6))
jw, jb = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print(jw.shape, jb.shape)
print(vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))(weight, bias, torch.randn(3, D)).shape)
print(hessian(lambda v: predict(weight, bias, v).sum())(x).shape)
_, vjp_fn = vjp(torch.sin, x)
print(torch.allclose(vjp_fn(torch.ones(D))[0], x.cos()))
print(torch.allclose(jvp(torch.sin, (x,), (torch.ones(D),))[1], x.cos()))
print(vmap(lambda t: torch.rand(()) + t * 0, randomness="same")(torch.zeros(3)).unique().numel())
try:
    vmap(lambda t: torch.rand(()) + t)(torch.zeros(3))
except Exception as e:
    print(type(e).__name__, str(e)[:60])
print(vmap(F.dropout, randomness="different", in_dims=(0, None))(torch.ones(3, 4), 0.5).shape)
print(vmap(lambda a: a.sum(0), in_dims=1, out_dims=1)(torch.ones(2, 3, 4)).shape)
print(vmap(lambda a, b: a @ b, in_dims=(0, None))(torch.ones(5, 2, 3), torch.ones(3, 4)).shape)
print(vmap(lambda d: d["a"] * d["b"])({"a": torch.arange(3.), "b": torch.ones(3)}))
print(vmap(lambda t: (t, t * 2))(torch.arange(3.)))
