"""The "Autograd mechanics" note: saved tensors seen through ``grad_fn._saved_self`` (the input itself)
and ``_saved_result`` (equal to the output but another object), ``requires_grad`` of the saved
results, the in-place correctness check (``sigmoid`` then ``mul_``: the version-counter error),
locally disabling gradients (``no_grad``, ``inference_mode``, ``set_grad_enabled``, ``eval`` mode
changing nothing), hooks on saved tensors (``saved_tensors_hooks`` that pack to and unpack from a
list, ``_raw_saved_self.register_hooks``), tensor hooks versus ``grad_fn`` hooks and pre-hooks and
the order they fire in, hooks on a tensor modified in place, and complex gradients (the conjugate
Wirtinger derivative of ``abs`` and ``z * z.conj()``)."""
import torch

torch.manual_seed(0)
x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(x.equal(y.grad_fn._saved_self))  # True
print(x is y.grad_fn._saved_self)  # True
x = torch.randn(5, requires_grad=True)
y = x.exp()
print(y.equal(y.grad_fn._saved_result))  # True
print(y is y.grad_fn._saved_result)  # False
print(y.grad_fn._saved_result.requires_grad, type(y.grad_fn._saved_result.grad_fn).__name__)
print(y.grad_fn._saved_self if hasattr(y.grad_fn, "_saved_self") else "no _saved_self")
print(sorted(a for a in dir(y.grad_fn) if a.startswith("_saved")), sorted(a for a in dir(x.pow(2).grad_fn) if a.startswith("_saved")))
print(type(x.pow(3).grad_fn._saved_exponent).__name__, x.pow(3).grad_fn._saved_exponent)

a = torch.randn(3, requires_grad=True)
b = a.sigmoid()
b.mul_(2)
try:
    b.sum().backward()
except RuntimeError as e:
    print(type(e).__name__, e)
c = a.sin()
c.add_(1)  # sin saves its input, so modifying the output is fine
c.sum().backward()
print(a.grad.equal(a.detach().cos()))
d = a * 2
e = d.exp()
print(d._version, e._version)
d.add_(1)
print(d._version)
try:
    e.sum().backward()
except RuntimeError as err:
    print(type(err).__name__, err)

x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    y = x * 2
print(y.requires_grad, y.grad_fn)
with torch.inference_mode():
    z = x * 2
print(z.requires_grad, z.is_inference(), x.is_inference())
with torch.set_grad_enabled(False):
    w = x * 2
print(w.requires_grad, torch.is_grad_enabled())
model = torch.nn.Linear(2, 1).eval()
print(model(x).requires_grad, model.training)
try:
    z.add_(1)
    print("inference add_", z)
    (x * z).sum().backward()
except RuntimeError as err:
    print(type(err).__name__, err)

storage = []


def pack(t):
    storage.append(t)
    return len(storage) - 1


def unpack(i):
    return storage[i]


x = torch.randn(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    y = x.pow(2)
print(len(storage), storage[0] is x)
y.sum().backward()
print(x.grad.equal(2 * x.detach()))
print(y.grad_fn.__class__.__name__)

calls = []
x = torch.randn(3, requires_grad=True)
y = x.exp()


def pack_hook(t):
    calls.append("pack")
    return t * 1


def unpack_hook(t):
    calls.append("unpack")
    return t


y.grad_fn._raw_saved_result.register_hooks(pack_hook, unpack_hook)
y.sum().backward()
print(calls)
try:
    y.grad_fn._raw_saved_result.register_hooks(pack_hook, unpack_hook)
except RuntimeError as err:
    print(type(err).__name__, err)

order = []
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a * 3
b.register_hook(lambda g: order.append(("tensor hook", g.tolist())))
b.grad_fn.register_prehook(lambda grad_outputs: order.append(("prehook", [g.tolist() for g in grad_outputs])))
b.grad_fn.register_hook(lambda grad_inputs, grad_outputs: order.append(
    ("grad_fn hook", [None if g is None else g.tolist() for g in grad_inputs], [g.tolist() for g in grad_outputs])))
b.retain_grad()
b.register_hook(lambda g: g * 10)
c = b.sum()
c.backward()
print(order)
print(b.grad, a.grad)

order = []
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.clone()
b.register_hook(lambda g: order.append(("before in-place", g.tolist())))
b.mul_(2)
b.register_hook(lambda g: order.append(("after in-place", g.tolist())) or g + 1)
b.sum().backward()
print(order, a.grad)

z = torch.tensor([3.0 + 4.0j, 1.0 - 1.0j], requires_grad=True)
z.abs().sum().backward()
print(z.grad)
z.grad = None
(z * z.conj()).real.sum().backward()
print(z.grad)
z.grad = None
torch.view_as_real(z * 2).sum().backward()
print(z.grad, z.grad.dtype)
