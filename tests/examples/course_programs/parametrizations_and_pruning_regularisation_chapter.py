"""A course's regularisation chapter: torch.nn.utils.parametrize (orthogonal weights, a symmetric and a
positive parametrization with right_inverse, cached(), remove_parametrizations either way), the
parametrizations' weight_norm and spectral_norm with their state_dict keys, a few SGD steps that keep
the weight orthogonal, then torch.nn.utils.prune: random, L1 and L2-structured pruning, the pruning
container of a twice-pruned weight, global_unstructured, identity, custom_from_mask, remove and the
errors of bad amounts."""
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils import parametrizations, prune


def r(t):
    return [f"{v:.4g}" for v in t.detach().flatten().tolist()]


torch.manual_seed(3)
lin = nn.Linear(4, 4)
parametrizations.orthogonal(lin)
print(type(lin).__name__, type(lin).__mro__[1].__name__, P.is_parametrized(lin), P.is_parametrized(lin, "bias"))
print(list(lin.state_dict().keys()))
print([n for n, _ in lin.named_parameters()])
print(type(lin.parametrizations).__name__, type(lin.parametrizations.weight).__name__)
print(type(lin.parametrizations.weight[0]).__name__, len(lin.parametrizations.weight))
W = lin.weight
print(f"{(W @ W.T - torch.eye(4)).abs().max().item() < 1e-5}")
print(lin)

class Positive(nn.Module):
    def forward(self, X):
        return X.exp()

    def right_inverse(self, A):
        return A.log()

class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

conv = nn.Linear(3, 3)
P.register_parametrization(conv, "weight", Symmetric())
print(r(conv.weight - conv.weight.T))
P.register_parametrization(conv, "bias", Positive())
print(r(conv.parametrizations.bias.original), r(conv.bias))
conv.bias = torch.tensor([1.0, 2.0, 3.0])
print(r(conv.parametrizations.bias.original))
print(sorted(conv.state_dict()))
with P.cached():
    a = conv.weight
    b = conv.weight
    print(a is b)
print(conv.weight is conv.weight)
P.remove_parametrizations(conv, "bias", leave_parametrized=True)
print(type(conv.bias).__name__, r(conv.bias), P.is_parametrized(conv, "bias"))
P.remove_parametrizations(conv, "weight", leave_parametrized=False)
print(P.is_parametrized(conv), type(conv).__name__, sorted(conv.state_dict()))
try:
    P.remove_parametrizations(conv, "weight")
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])

wn = parametrizations.weight_norm(nn.Linear(5, 2), dim=0)
print(sorted(wn.state_dict()), tuple(wn.parametrizations.weight.original0.shape), tuple(wn.parametrizations.weight.original1.shape))
print(r(wn.parametrizations.weight.original0))
sn = parametrizations.spectral_norm(nn.Linear(6, 3), n_power_iterations=3)
print(sorted(sn.state_dict()))
sn.eval()
s = torch.linalg.matrix_norm(sn.weight, 2)
print(f"{s.item():.3f}")
print(sn.parametrizations.weight[0].n_power_iterations, sn.parametrizations.weight[0].dim, sn.parametrizations.weight[0].eps)

opt = torch.optim.SGD(lin.parameters(), lr=0.1)
x = torch.randn(8, 4)
for step in range(3):
    opt.zero_grad()
    loss = (lin(x) - x.flip(1)).pow(2).mean()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4g}", f"{(lin.weight @ lin.weight.T - torch.eye(4)).abs().max().item() < 1e-4}")

# pruning
torch.manual_seed(4)
net = nn.Sequential(nn.Conv2d(1, 3, 3), nn.ReLU(), nn.Flatten(), nn.Linear(12, 2))
m = prune.random_unstructured(net[0], name="weight", amount=0.3)
print(m is net[0], [n for n, _ in net[0].named_parameters()], [n for n, _ in net[0].named_buffers()])
print(int((net[0].weight == 0).sum()), int(net[0].weight_mask.sum()), net[0].weight_mask.dtype)
prune.l1_unstructured(net[0], name="weight", amount=2)
print(int(net[0].weight_mask.sum()))
hook = next(iter(net[0]._forward_pre_hooks.values()))
print(type(hook).__name__, hook._tensor_name, [type(h).__name__ for h in hook])
prune.ln_structured(net[3], name="weight", amount=0.5, n=2, dim=0)
print(r(net[3].weight_mask.sum(1)))
prune.l1_unstructured(net[3], "bias", amount=1)
print(sorted(net[3].state_dict()))
print(prune.is_pruned(net), prune.is_pruned(net[1]))
prune.remove(net[0], "weight")
print([n for n, _ in net[0].named_parameters()], [n for n, _ in net[0].named_buffers()], int((net[0].weight == 0).sum()))
try:
    prune.remove(net[0], "weight")
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
params = [(net[0], "weight"), (net[3], "weight")]
prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.5)
print(int(net[0].weight_mask.sum()), int(net[3].weight_mask.sum()))
prune.identity(net[0], "bias")
print(int(net[0].bias_mask.sum()))
try:
    prune.l1_unstructured(net[0], "bias", amount=10)
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    prune.l1_unstructured(net[0], "bias", amount=1.5)
except ValueError as e:
    print(type(e).__name__, str(e).splitlines()[0])
custom = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
lin2 = nn.Linear(2, 2)
prune.custom_from_mask(lin2, "weight", custom)
print(r(lin2.weight_mask), lin2.weight_orig.requires_grad, lin2.weight.requires_grad, lin2.weight.is_leaf)
