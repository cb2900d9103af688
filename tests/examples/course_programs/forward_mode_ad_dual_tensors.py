""""Forward-mode Automatic Differentiation (Beta)": dual tensors made by ``fwAD.make_dual`` inside
``fwAD.dual_level()``, ``unpack_dual``'s named tuple (the tangent kept when its layout matches the
primal's and copied to it otherwise), a jvp through plain tensors, the tangent gone outside the
level; Modules made dual by replacing their parameters and by ``torch.func.functional_call``;
a custom ``autograd.Function`` with a ``jvp`` staticmethod checked by ``gradcheck`` with
``check_forward_ad=True``; and ``torch.func.jvp`` on functions, a model's parameters and a tangent that requires grad."""
import torch
import torch.autograd.forward_ad as fwAD
import torch.nn as nn
from torch.func import functional_call, jvp

torch.manual_seed(0)
primal = torch.randn(4, 4)
tangent = torch.randn(4, 4)


def fn(x, y):
    return x ** 2 + y ** 2


with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    unpacked = fwAD.unpack_dual(dual_input)
    print(type(unpacked).__name__, unpacked._fields, unpacked.tangent is tangent)
    print(unpacked.primal is primal, torch.equal(unpacked.primal, primal))
    dual_input_alt = fwAD.make_dual(primal, tangent.T)
    alt = fwAD.unpack_dual(dual_input_alt).tangent
    print(alt is not tangent, alt.stride(), tangent.T.stride(), torch.equal(alt, tangent.T))
    plain_tensor = torch.randn(4, 4)
    dual_output = fn(dual_input, plain_tensor)
    jvp_out = fwAD.unpack_dual(dual_output).tangent
    print(torch.allclose(jvp_out, 2 * primal * tangent), jvp_out.requires_grad)
    print(fwAD.unpack_dual(plain_tensor).tangent)
    s = dual_input.sum()
    print(fwAD.unpack_dual(s).tangent.shape, round(fwAD.unpack_dual(s).tangent.item(), 4))
    r = dual_input[1:3, ::2].exp().mean(dim=0)
    print(r.shape, torch.allclose(fwAD.unpack_dual(r).tangent,
                                  (primal[1:3, ::2].exp() * tangent[1:3, ::2]).mean(dim=0)))
print(fwAD.unpack_dual(dual_output).tangent)

model = nn.Linear(5, 5)
input = torch.randn(16, 5)
params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.rand_like(p) for name, p in params.items()}
with fwAD.dual_level():
    for name, p in params.items():
        delattr(model, name)
        setattr(model, name, fwAD.make_dual(p, tangents[name]))
    out = model(input)
    jvp1 = fwAD.unpack_dual(out).tangent
print(jvp1.shape, torch.allclose(jvp1, input @ tangents["weight"].T + tangents["bias"]))
print(sorted(n for n, _ in model.named_parameters()), type(model.weight).__name__)

model = nn.Linear(5, 5)
dual_params = {}
with fwAD.dual_level():
    for name, p in params.items():
        dual_params[name] = fwAD.make_dual(p, tangents[name])
    out = functional_call(model, dual_params, input)
    jvp2 = fwAD.unpack_dual(out).tangent
print(torch.allclose(jvp1, jvp2), [round(v, 4) for v in jvp2[0].tolist()])


class Fn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, foo):
        result = torch.exp(foo)
        ctx.result = result
        return result

    @staticmethod
    def jvp(ctx, gI):
        gO = gI * ctx.result
        del ctx.result
        return gO


fn_apply = Fn.apply
primal = torch.randn(3, 3, dtype=torch.double, requires_grad=True)
tangent = torch.randn(3, 3, dtype=torch.double)
with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    dual_output = fn_apply(dual_input)
    jvp3 = fwAD.unpack_dual(dual_output).tangent
print(jvp3.dtype, torch.allclose(jvp3, tangent * primal.exp()))
print(torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True,
                               check_backward_ad=False, check_undefined_grad=False,
                               check_batched_grad=False))

primal0 = torch.randn(3, 3)
tangent0 = torch.randn(3, 3)
primal1 = torch.randn(3, 3)
tangent1 = torch.randn(3, 3)
primal_out, tangent_out = jvp(fn, (primal0, primal1), (tangent0, tangent1))
print(primal_out.shape, torch.allclose(tangent_out, 2 * primal0 * tangent0 + 2 * primal1 * tangent1))

model = nn.Linear(5, 5)
names = [n for n, _ in model.named_parameters()]
tangents = tuple([torch.rand_like(p) for p in model.parameters()])


def func(*params):
    return functional_call(model, dict(zip(names, params)), (input,))


out, jvp_out = jvp(func, tuple(model.parameters()), tangents)
print(out.shape, jvp_out.shape, out.requires_grad)
print(torch.allclose(jvp_out, input @ tangents[0].T + tangents[1]))
print(torch.allclose(out, model(input)))

scale = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)  # a tangent that requires grad
x = torch.tensor([1.0, 2.0, 3.0])
_, jvp_out = jvp(lambda a: a.sin() * a, (x,), (scale,))
print(jvp_out.requires_grad, torch.autograd.grad((jvp_out ** 2).sum(), scale))
