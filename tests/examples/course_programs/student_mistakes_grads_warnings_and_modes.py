"""Mistakes a course's students make in their first training loops, each printed as PyTorch reports
it: gradients accumulated without ``zero_grad`` (and ``set_to_none``), ``backward`` twice, an
in-place op on a leaf, MSELoss with a broadcasting target and its UserWarning caught with
``warnings.catch_warnings``, wrong dtypes for CrossEntropyLoss targets, ``.item()`` of many
elements, validation left in train mode (dropout and batch norm), and ``torch.no_grad`` forgotten."""
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F


def report(label, fn):
    try:
        out = fn()
        print(f"{label}: {out}")
    except Exception as e:  # a course prints the first line of what went wrong
        print(f"{label}: {type(e).__name__}: {str(e).splitlines()[0]}")


def fmt(t):
    return [float(f"{v:.4g}") for v in t.detach().reshape(-1).tolist()]


warnings.simplefilter("ignore")  # the warnings a student sees are caught and printed below
torch.manual_seed(0)
model = nn.Linear(3, 1)
x = torch.randn(4, 3)
y = torch.randn(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)

# 1. forgetting zero_grad: the gradients pile up
for step in range(3):
    loss = F.mse_loss(model(x), y)
    loss.backward()
    print("step", step, "bias grad", fmt(model.bias.grad))
opt.zero_grad()
print("after zero_grad:", model.bias.grad)
opt.zero_grad(set_to_none=False)
loss = F.mse_loss(model(x), y)
loss.backward()
opt.zero_grad(set_to_none=False)
print("set_to_none=False:", model.bias.grad)

# 2. backward twice
loss = F.mse_loss(model(x), y)
loss.backward()
report("backward twice", lambda: loss.backward())
loss = F.mse_loss(model(x), y)
loss.backward(retain_graph=True)
loss.backward()
print("retain_graph doubles:", fmt(model.bias.grad))
model.zero_grad()

# 3. in-place ops on leaves
w = torch.ones(3, requires_grad=True)
report("w += 1", lambda: w.add_(1))
report("w[0] = 5", lambda: w.__setitem__(0, 5.0))
with torch.no_grad():
    w -= 0.5
print("no_grad update:", fmt(w), w.requires_grad, w.is_leaf)
report("zero_ on leaf", lambda: w.zero_())
report("data fix", lambda: fmt(w.data.zero_()))

# 4. MSELoss with a broadcasting target
pred = torch.zeros(4, 1)
target = torch.arange(4.0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    val = nn.MSELoss()(pred, target)
print("broadcast mse:", round(val.item(), 4), len(caught))
for wmsg in caught:
    print(" ", wmsg.category.__name__, str(wmsg.message).splitlines()[0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    val = nn.L1Loss()(torch.zeros(3), torch.zeros(2, 3))
print("broadcast l1:", val.shape, len(caught))
for wmsg in caught:
    print(" ", wmsg.category.__name__, str(wmsg.message).splitlines()[0])
report("mse mismatched", lambda: F.mse_loss(torch.zeros(3), torch.zeros(4)))

# 5. wrong dtypes for CrossEntropyLoss
logits = torch.randn(4, 3)
ce = nn.CrossEntropyLoss()
report("int32 target", lambda: round(ce(logits, torch.tensor([0, 1, 2, 0], dtype=torch.int32)).item(), 4))
report("uint8 target", lambda: ce(logits, torch.tensor([0, 1, 2, 0], dtype=torch.uint8)))
report("float index target", lambda: ce(logits, torch.tensor([0.0, 1.0, 2.0, 0.0])))
report("double logits", lambda: ce(logits.double(), torch.tensor([0, 1, 2, 0])).dtype)
report("int logits", lambda: ce(torch.ones(4, 3, dtype=torch.long), torch.tensor([0, 1, 2, 0])))
report("1-d logits", lambda: round(ce(logits[0], torch.tensor(1)).item(), 4))
report("bool target", lambda: ce(logits, torch.tensor([True, False, True, False])))
report("nll on probabilities", lambda: round(F.nll_loss(F.softmax(logits, 1), torch.tensor([0, 1, 2, 0])).item(), 4))

# 6. .item() on many elements
report("item of 4", lambda: torch.ones(4).item())
report("item of (1,1)", lambda: torch.ones(1, 1).item())
report("item of empty", lambda: torch.ones(0).item())
report("float() of 2", lambda: float(torch.ones(2)))
report("int() of 1", lambda: int(torch.tensor([3.7])))
report("bool() of 2", lambda: bool(torch.ones(2)))

# 7. validating in train mode
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 1))
val_x = torch.randn(6, 3)
before = net[1].running_mean.clone()
with torch.no_grad():
    a = net(val_x)
    b = net(val_x)
print("train mode, two passes equal:", torch.equal(a, b))
print("running mean moved:", not torch.equal(before, net[1].running_mean), net[1].num_batches_tracked.item())
net.eval()
with torch.no_grad():
    a = net(val_x)
    b = net(val_x)
print("eval mode, two passes equal:", torch.equal(a, b), net.training, net[3].training)
report("single sample in train BN", lambda: net.train()(torch.randn(1, 3)))
print("single sample in eval:", net.eval()(torch.randn(1, 3)).shape)

# 8. forgetting no_grad in validation: outputs carry graphs
out = net(val_x)
print("without no_grad:", out.requires_grad, type(out.grad_fn).__name__)
with torch.no_grad():
    out = net(val_x)
print("with no_grad:", out.requires_grad, out.grad_fn)
report("numpy with grad", lambda: net(val_x).numpy())
print("detach numpy:", net(val_x).detach().numpy().shape)
report("leaf grad of non-leaf", lambda: net(val_x).sum().grad)
