"""A course's hooks-and-parameters lesson: forward pre-hooks and hooks with keyword arguments,
prepend and always_call, full backward (pre-)hooks that rescale gradients, hooks removed by their
handles, tied weights (a module used twice) in named_parameters / named_modules with and without
remove_duplicate, zero_grad(set_to_none=False), gradient clipping by tensor hooks on every
parameter, post-accumulate-grad hooks, clip_grad_norm_ with error_if_nonfinite, and state_dict
with keep_vars and load_state_dict(assign=True)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
log = []
net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
x = torch.randn(2, 3, requires_grad=True)
h1 = net[0].register_forward_hook(lambda m, a, kw, o: log.append(("fwd_kw", sorted(kw), tuple(o.shape))), with_kwargs=True)
h2 = net[0].register_forward_pre_hook(lambda m, a, kw: log.append(("pre_kw", len(a), sorted(kw))), with_kwargs=True)
h3 = net[2].register_full_backward_pre_hook(lambda m, go: log.append(("bpre", tuple(go[0].shape))))
h4 = net[2].register_full_backward_hook(lambda m, gi, go: log.append(("bwd", [None if g is None else tuple(g.shape) for g in gi], tuple(go[0].shape))))
h5 = net.register_forward_hook(lambda m, a, o: log.append(("seq", type(o).__name__)), prepend=True)
h6 = net[1].register_forward_hook(lambda m, a, o: log.append(("relu", round(o.sum().item(), 4))), always_call=True)
out = net(x)
out.sum().backward()
print(log)
for h in (h1, h2, h3, h4, h5, h6):
    h.remove()
log.clear()
net(x).sum().backward()
print(log, x.grad.shape)
# backward hook that changes grad_input
lin = nn.Linear(2, 2)
nn.init.ones_(lin.weight)
nn.init.zeros_(lin.bias)
hh = lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
xi = torch.ones(1, 2, requires_grad=True)
lin(xi).sum().backward()
print(xi.grad, lin.weight.grad)
hh.remove()
# pre-hook modifying grad_output
hp = lin.register_full_backward_pre_hook(lambda m, go: (go[0] * 0.5,))
xi.grad = None
lin.weight.grad = None
lin(xi).sum().backward()
print(xi.grad, lin.weight.grad)
hp.remove()
# module state dict hooks and named params options
shared = nn.Linear(2, 2)
tied = nn.Sequential(shared, nn.ReLU(), shared)
print([n for n, _ in tied.named_parameters()], len(list(tied.parameters())), [n for n, _ in tied.named_parameters(remove_duplicate=False)])
print([n for n, _ in tied.named_modules()], [n for n, _ in tied.named_modules(remove_duplicate=False)])
print(list(tied.state_dict().keys()))
print([n for n, _ in net.named_parameters(prefix="model", recurse=True)], [n for n, _ in net.named_parameters(recurse=False)])
print([n for n, _ in net.named_children()], [n for n, _ in net.named_buffers()], len(list(net.modules())))
net.zero_grad(set_to_none=False)
print(net[0].weight.grad.abs().sum().item(), x.grad.abs().sum().item() > 0)
net.zero_grad()
print(net[0].weight.grad)
# register_hook on parameters to clip grads
for p in net.parameters():
    p.register_hook(lambda g: torch.clamp(g, -0.01, 0.01))
net(x).pow(2).sum().backward()
print(max(p.grad.abs().max().item() for p in net.parameters()))
# post accumulate grad hook
p = nn.Parameter(torch.ones(2))
seen = []
p.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))
(p * 3).sum().backward()
print(seen)
# clip with error_if_nonfinite
q = nn.Parameter(torch.ones(2))
q.grad = torch.tensor([float("inf"), 1.0])
try:
    torch.nn.utils.clip_grad_norm_([q], 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("RuntimeError", str(e)[:90])
print(torch.nn.utils.clip_grad_norm_([q], 1.0), q.grad)
print(torch.nn.utils.get_total_norm([torch.ones(3), torch.ones(4)]) if hasattr(torch.nn.utils, "get_total_norm") else None)
print(nn.utils.parameters_to_vector(net.parameters()).shape)
# state_dict with keep_vars and prefix
sd = net.state_dict(keep_vars=True)
print(type(sd["0.weight"]).__name__, sd["0.weight"].requires_grad, net.state_dict()["0.weight"].requires_grad)
m2 = nn.Linear(3, 4)
print(m2.load_state_dict({"weight": torch.zeros(4, 3), "bias": torch.zeros(4)}, assign=True), m2.weight.sum().item(), type(m2.weight).__name__)
print(net[0].weight.data_ptr() == net.state_dict()["0.weight"].data_ptr())
