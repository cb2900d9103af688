"""The dtype mistakes students make when NumPy float64 data meets float32 models, and the
errors and silent promotions PyTorch answers with: a float64 batch into nn.Linear / Conv2d /
BatchNorm, F.mse_loss of float32 and float64, the promotion rules of + - * / between float32,
float64, int64, uint8, bool tensors and Python numbers, 0-d tensors in promotion, in-place
ops that cannot cast (result type can't be cast), integer targets for BCE and float targets
for cross_entropy, int tensors into mean(), torch.set_default_dtype, model.double(),
torch.result_type / promote_types / can_cast, and the repairs (.float(), .to(dtype), .type())."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def attempt(label, fn):
    try:
        out = fn()
        if isinstance(out, torch.Tensor):
            print(label, "->", out.dtype, tuple(out.shape))
        else:
            print(label, "->", out)
    except Exception as e:  # noqa: BLE001 - the course prints whichever error PyTorch raises
        print(label, "!!", type(e).__name__ + ":", str(e).splitlines()[0])


np.random.seed(0)
x_np = np.random.rand(4, 3)
y_np = (x_np.sum(axis=1, keepdims=True) > 1.5).astype(np.float64)
x64 = torch.from_numpy(x_np)
y64 = torch.from_numpy(y_np)
torch.manual_seed(0)
lin = nn.Linear(3, 1)
conv = nn.Conv2d(1, 2, 3)
bn = nn.BatchNorm1d(3)
attempt("linear(float64)", lambda: lin(x64))
attempt("conv(float64)", lambda: conv(torch.rand(1, 1, 5, 5, dtype=torch.float64)))
attempt("conv(int)", lambda: conv(torch.ones(1, 1, 5, 5, dtype=torch.long)))
attempt("batchnorm(float64)", lambda: bn(x64))
attempt("linear(float32)", lambda: lin(x64.float()))
attempt("mse 32 vs 64", lambda: F.mse_loss(lin(x64.float()), y64))
attempt("l1 32 vs 64", lambda: F.l1_loss(lin(x64.float()), y64))
attempt("bce 32 vs 64", lambda: F.binary_cross_entropy(torch.sigmoid(lin(x64.float())), y64))
attempt("bce_logits 32 vs 64", lambda: F.binary_cross_entropy_with_logits(lin(x64.float()), y64))
attempt("bce long target", lambda: F.binary_cross_entropy_with_logits(lin(x64.float()), y64.long()))
attempt("bce float int target", lambda: nn.BCELoss()(torch.sigmoid(lin(x64.float())), y64.int()))
attempt("ce float target", lambda: F.cross_entropy(torch.randn(4, 3), torch.tensor([0.0, 1.0, 2.0, 1.0])))
attempt("ce int32 target", lambda: F.cross_entropy(torch.randn(4, 3), torch.tensor([0, 1, 2, 1], dtype=torch.int32)))
attempt("ce uint8 target", lambda: F.cross_entropy(torch.randn(4, 3), torch.tensor([0, 1, 2, 1], dtype=torch.uint8)))
attempt("nll 2d target", lambda: F.nll_loss(torch.randn(4, 3), torch.tensor([[0], [1], [2], [1]])))
attempt("ce prob target 64", lambda: F.cross_entropy(torch.randn(4, 3), torch.softmax(torch.randn(4, 3, dtype=torch.float64), 1)))
attempt("mean of long", lambda: torch.tensor([1, 2, 3]).mean())
attempt("mean of long dtype", lambda: torch.tensor([1, 2, 3]).mean(dtype=torch.float64))
attempt("std of int", lambda: torch.tensor([1, 2, 3]).std())
attempt("sum of bool", lambda: torch.tensor([True, True]).sum())
attempt("matmul 32@64", lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64))
attempt("mm int@float", lambda: torch.mm(torch.ones(2, 2, dtype=torch.long), torch.ones(2, 2)))
attempt("bmm 32 64", lambda: torch.bmm(torch.ones(1, 2, 2), torch.ones(1, 2, 2).double()))
attempt("dot 32 64", lambda: torch.dot(torch.ones(2), torch.ones(2).double()))
attempt("cat 32 64", lambda: torch.cat([torch.ones(1), torch.ones(1, dtype=torch.float64)]))
attempt("stack int float", lambda: torch.stack([torch.ones(1, dtype=torch.int), torch.ones(1)]))
attempt("where 32 64", lambda: torch.where(torch.tensor([True]), torch.ones(1), torch.zeros(1).double()))

attempt("f32 + f64", lambda: torch.ones(2) + torch.ones(2, dtype=torch.float64))
attempt("f32 + f64 0-d", lambda: torch.ones(2) + torch.tensor(1.0, dtype=torch.float64))
attempt("i64 + f32 0-d", lambda: torch.ones(2, dtype=torch.long) + torch.tensor(1.0))
attempt("u8 + i8", lambda: torch.ones(2, dtype=torch.uint8) + torch.ones(2, dtype=torch.int8))
attempt("u8 + 300", lambda: torch.ones(2, dtype=torch.uint8) + 300)
attempt("u8 * 1.5", lambda: torch.ones(2, dtype=torch.uint8) * 1.5)
attempt("bool + bool", lambda: torch.tensor([True]) + torch.tensor([True]))
attempt("bool - bool", lambda: torch.tensor([True]) - torch.tensor([True]))
attempt("int / int", lambda: torch.tensor([3]) / torch.tensor([2]))
attempt("int // float", lambda: torch.tensor([3]) // 2.0)
attempt("int ** -1", lambda: torch.tensor([3]) ** -1)
attempt("int ** 0.5", lambda: torch.tensor([4]) ** 0.5)
attempt("complex + f64", lambda: torch.ones(1, dtype=torch.complex64) + torch.ones(1, dtype=torch.float64))
attempt("np.float64 * f32", lambda: np.float64(2.0) * torch.ones(2))
attempt("f32 * np.float64", lambda: torch.ones(2) * np.float64(2.0))

def inplace(dst, src):
    dst.add_(src)
    return dst

attempt("f32.add_(f64)", lambda: inplace(torch.ones(2), torch.ones(2, dtype=torch.float64)))
attempt("i64.add_(f32)", lambda: inplace(torch.ones(2, dtype=torch.long), torch.ones(2)))
attempt("i64.add_(1.5)", lambda: inplace(torch.ones(2, dtype=torch.long), 1.5))
attempt("i64.mul_(2)", lambda: torch.ones(2, dtype=torch.long).mul_(2))
attempt("i64.div_(2)", lambda: torch.ones(2, dtype=torch.long).div_(2))
attempt("bool.add_(1)", lambda: torch.tensor([True]).add_(1))
attempt("u8.sub_(2)", lambda: torch.ones(2, dtype=torch.uint8).sub_(2).tolist())
attempt("f32 setitem f64", lambda: torch.ones(2).index_put_((torch.tensor([0]),), torch.tensor([5.0], dtype=torch.float64)))
attempt("copy_ f64 into f32", lambda: torch.ones(2).copy_(torch.tensor([1.5, 2.5], dtype=torch.float64)))
attempt("masked_fill f32 with f64 0-d", lambda: torch.ones(2).masked_fill(torch.tensor([True, False]), torch.tensor(2.0, dtype=torch.float64)))
attempt("masked_fill with 1-d value", lambda: torch.ones(2).masked_fill(torch.tensor([True, False]), torch.tensor([2.0])))
attempt("scatter_ f64 src into f32", lambda: torch.zeros(3).scatter_(0, torch.tensor([1]), torch.tensor([1.0], dtype=torch.float64)))
attempt("index_add_ f64", lambda: torch.zeros(3).index_add_(0, torch.tensor([1]), torch.tensor([1.0], dtype=torch.float64)))
attempt("gather int32 index", lambda: torch.zeros(3).gather(0, torch.tensor([1], dtype=torch.int32)))
attempt("index with float", lambda: torch.zeros(3)[torch.tensor([1.0])])
attempt("index with int32", lambda: torch.zeros(3)[torch.tensor([1], dtype=torch.int32)])
attempt("embedding float idx", lambda: nn.Embedding(4, 2)(torch.tensor([1.0])))
attempt("one_hot int32", lambda: F.one_hot(torch.tensor([1], dtype=torch.int32), 3))

print(torch.result_type(torch.ones(1), 1.0), torch.result_type(torch.ones(1, dtype=torch.long), 2.5),
      torch.result_type(torch.tensor(1.0, dtype=torch.float64), torch.ones(1)))
print(torch.promote_types(torch.uint8, torch.int8), torch.promote_types(torch.int32, torch.float16),
      torch.can_cast(torch.float64, torch.float32), torch.can_cast(torch.float32, torch.int32))
print(torch.get_default_dtype(), torch.tensor([1.0]).dtype, torch.tensor(np.float32(1.0)).dtype, torch.tensor([np.float64(1.0)]).dtype)
torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype(), torch.ones(1).dtype, torch.tensor([1.5]).dtype, torch.arange(3.0).dtype, torch.tensor(1).dtype)
torch.manual_seed(0)
lin64 = nn.Linear(3, 1)
print(lin64.weight.dtype, lin64(x64).dtype, torch.tensor([1 + 1j]).dtype)
torch.set_default_dtype(torch.float32)
lin_d = lin.double()
print(lin_d.weight.dtype, lin_d is lin, lin(x64).dtype, lin.float().weight.dtype, lin.to(torch.float16).weight.dtype)
lin.float()
print(x64.type(torch.float32).dtype, x64.type(), x64.to(torch.float32).dtype, x64.to(lin.weight).dtype, x64.type_as(lin.weight).dtype)
print(x64.to("cpu", torch.float16).dtype, x64.half().dtype, x64.int().dtype, x64.bool().any())
print(torch.tensor([2.7, -2.7]).int(), torch.tensor([2.7, -2.7]).long(), torch.tensor([300.0]).to(torch.uint8) if False else None)
print(torch.tensor([1, 2], dtype=torch.float32).is_floating_point(), torch.tensor([1]).is_floating_point(), torch.ones(1).element_size(),
      torch.finfo(torch.float32).eps, torch.iinfo(torch.uint8).max, torch.finfo().tiny, torch.finfo(torch.float16))
