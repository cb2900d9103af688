"""Bad-input cases for the probe: each is ``fn(L, d)`` with ``L`` the library (``torch`` or
``minigrad``) and ``d`` an empty folder of its own; the probe runs it on both and compares."""
import numpy as np

A = np.arange(6.0).reshape(2, 3)


def t(L, shape=(2, 3), rg=False, dtype=None):
    """A float tensor of ``shape`` (0, 1, 2, ... in order)."""
    n = int(np.prod(shape))
    x = L.arange(float(n)).reshape(shape)
    if dtype is not None:
        x = x.to(dtype)
    return x.requires_grad_(rg)


def nonscalar_backward(L, d):
    (t(L, rg=True) * 2).backward()


def backward_twice(L, d):
    y = (t(L, rg=True).exp()).sum()
    y.backward()
    y.backward()


def grad_of_non_requiring(L, d):
    x = t(L)
    L.autograd.grad(x.sum(), x)


def grad_of_unused_input(L, d):
    x, z = t(L, rg=True), t(L, rg=True)
    L.autograd.grad((x * 2).sum(), [x, z])


def inplace_leaf(L, d):
    t(L, rg=True).mul_(2)


def inplace_saved_then_backward(L, d):
    x = t(L, rg=True) + 0
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def inplace_saved_input_then_backward(L, d):
    x = t(L, rg=True) + 0
    y = x * x
    x.mul_(2)
    y.sum().backward()


def grad_non_tensor_output(L, d):
    x = t(L, rg=True)
    L.autograd.grad([1.0], [x])


def recursive_hook(L, d):
    x = t(L, rg=True)

    def hook(g):
        return hook(g)
    x.register_hook(hook)
    (x * 2).sum().backward()


def hook_returning_wrong_shape(L, d):
    x = t(L, rg=True)
    x.register_hook(lambda g: g[0])
    (x * 2).sum().backward()


def register_hook_no_grad(L, d):
    t(L).register_hook(lambda g: g)


def retain_grad_no_grad(L, d):
    t(L).retain_grad()


def set_grad_wrong_shape(L, d):
    x = t(L, rg=True)
    x.grad = L.ones(3)


def set_grad_non_tensor(L, d):
    x = t(L, rg=True)
    x.grad = [1.0]


def requires_grad_int(L, d):
    L.ones(2, dtype=L.int64).requires_grad_(True)


def set_requires_grad_non_leaf(L, d):
    y = t(L, rg=True) * 2
    y.requires_grad = False


def detach_inplace_view(L, d):
    x = t(L, rg=True) + 0
    x[0].detach_()


def sgd(L, **kw):
    return L.optim.SGD([t(L, rg=True)], **kw)


def adam(L, **kw):
    return L.optim.Adam([t(L, rg=True)], **kw)


def load_sd_strict(L, d, strict, case):
    lin = L.nn.Linear(3, 2)
    sd = {k: v.clone() for k, v in lin.state_dict().items()}
    if case == "missing":
        del sd["bias"]
    elif case == "unexpected":
        sd["extra"] = L.ones(1)
    elif case == "shape":
        sd["bias"] = L.ones(5)
    elif case == "dtype":
        sd["bias"] = L.ones(2, dtype=L.int64)
    elif case == "non-tensor":
        sd["bias"] = [1.0, 2.0]
    return lin.load_state_dict(sd, strict=strict)


def dl(L, **kw):
    ds = L.utils.data.TensorDataset(L.arange(10.0))
    return L.utils.data.DataLoader(ds, **kw)


def iterate(loader):
    for _ in loader:
        pass


def ce(L, target, x_shape=(3, 4), **kw):
    return L.nn.functional.cross_entropy(t(L, x_shape), target, **kw)


def conv(L, x_shape, w_shape, **kw):
    return L.nn.functional.conv2d(t(L, x_shape), t(L, w_shape), **kw)


def tensor_in(L, d, index):
    return t(L)[index]


CASES = {
    # creation
    "tensor of ragged list": lambda L, d: L.tensor([[1, 2], [3]]),
    "tensor of str": lambda L, d: L.tensor("abc"),
    "tensor of None": lambda L, d: L.tensor(None),
    "tensor of list with None": lambda L, d: L.tensor([1.0, None]),
    "tensor of dict": lambda L, d: L.tensor({1: 2}),
    "tensor of object array": lambda L, d: L.tensor(np.array([1, "a"], dtype=object)),
    "tensor bad dtype string": lambda L, d: L.tensor([1.0], dtype="float"),
    "tensor bad dtype object": lambda L, d: L.tensor([1.0], dtype=int),
    "zeros negative": lambda L, d: L.zeros(2, -1),
    "zeros float size": lambda L, d: L.zeros(2.5),
    "zeros str size": lambda L, d: L.zeros("3"),
    "zeros None size": lambda L, d: L.zeros(None),
    "zeros list with float": lambda L, d: L.zeros([2, 2.0]),
    "ones tuple and int": lambda L, d: L.ones((2,), 3),
    "full without value": lambda L, d: L.full((2,)),
    "full list value": lambda L, d: L.full((2,), [1.0, 2.0]),
    "arange zero step": lambda L, d: L.arange(0, 5, 0),
    "arange wrong sign": lambda L, d: L.arange(0, 5, -1),
    "arange nan": lambda L, d: L.arange(0, float("nan")),
    "arange inf": lambda L, d: L.arange(0, float("inf")),
    "arange str": lambda L, d: L.arange("5"),
    "linspace negative steps": lambda L, d: L.linspace(0, 1, -1),
    "linspace float steps": lambda L, d: L.linspace(0, 1, 2.5),
    "linspace no steps": lambda L, d: L.linspace(0, 1),
    "eye negative": lambda L, d: L.eye(-1),
    "eye float": lambda L, d: L.eye(2.0),
    "randn negative": lambda L, d: L.randn(-2),
    "rand int dtype": lambda L, d: L.rand(2, dtype=L.int64),
    "randint low >= high": lambda L, d: L.randint(5, 3, (2,)),
    "randint no size": lambda L, d: L.randint(5),
    "randint size int": lambda L, d: L.randint(0, 5, 3),
    "randperm negative": lambda L, d: L.randperm(-1),
    "empty negative": lambda L, d: L.empty(-1),
    "from_numpy list": lambda L, d: L.from_numpy([1.0, 2.0]),
    "from_numpy object": lambda L, d: L.from_numpy(np.array([1, "a"], dtype=object)),
    "as_tensor str": lambda L, d: L.as_tensor("a"),
    "zeros_like list": lambda L, d: L.zeros_like([1.0, 2.0]),
    "ones_like ndarray": lambda L, d: L.ones_like(np.ones(2)),
    "full_like None": lambda L, d: L.full_like(None, 1.0),
    # arithmetic and elementwise
    "add shape mismatch": lambda L, d: t(L) + t(L, (3, 2)),
    "add str": lambda L, d: t(L) + "a",
    "add None": lambda L, d: t(L) + None,
    "add list": lambda L, d: L.add(t(L), [1.0, 2.0, 3.0]),
    "add ndarray first": lambda L, d: L.add(np.ones(3), t(L)),
    "add alpha for bool": lambda L, d: L.add(L.ones(2, dtype=L.bool), L.ones(2, dtype=L.bool), alpha=2),
    "add float alpha to int": lambda L, d: L.add(L.ones(2, dtype=L.int64), L.ones(2, dtype=L.int64), alpha=0.5),
    "sub bool": lambda L, d: L.ones(2, dtype=L.bool) - L.ones(2, dtype=L.bool),
    "neg bool": lambda L, d: -L.ones(2, dtype=L.bool),
    "mul shape mismatch": lambda L, d: L.mul(t(L, (2, 3)), t(L, (2,))),
    "div int by zero": lambda L, d: L.div(L.ones(2, dtype=L.int64), 0, rounding_mode="floor"),
    "div bad rounding": lambda L, d: L.div(t(L), 2, rounding_mode="round"),
    "remainder int by zero": lambda L, d: L.remainder(L.ones(2, dtype=L.int64), 0),
    "floor_divide int zero": lambda L, d: L.ones(2, dtype=L.int64) // 0,
    "pow int negative exp": lambda L, d: L.ones(2, dtype=L.int64) ** -1,
    "pow ndarray": lambda L, d: L.pow(t(L), np.ones(3)),
    "bitwise_and float": lambda L, d: L.bitwise_and(t(L), t(L)),
    "bitwise_not float": lambda L, d: L.bitwise_not(t(L)),
    "logical_not str": lambda L, d: L.logical_not("a"),
    "lshift float": lambda L, d: t(L) << 1,
    "clamp no bounds": lambda L, d: L.clamp(t(L)),
    "clamp str": lambda L, d: L.clamp(t(L), "a"),
    "exp of int list": lambda L, d: L.exp([1, 2]),
    "exp of None": lambda L, d: L.exp(None),
    "sqrt of ndarray": lambda L, d: L.sqrt(np.ones(3)),
    "abs of bool": lambda L, d: L.abs(L.ones(2, dtype=L.bool)),
    "where bad cond": lambda L, d: L.where(t(L), t(L), t(L)),
    "where shape mismatch": lambda L, d: L.where(t(L) > 1, t(L), t(L, (4,))),
    "where one arg": lambda L, d: L.where(t(L) > 1, t(L)),
    "lerp shape": lambda L, d: L.lerp(t(L), t(L, (4,)), 0.5),
    "maximum dtype": lambda L, d: L.maximum(t(L), t(L, dtype=L.int64)),
    "isclose dtype": lambda L, d: L.isclose(t(L), t(L, dtype=L.int64)),
    "allclose shape": lambda L, d: L.allclose(t(L), t(L, (3, 2))),
    "equal list": lambda L, d: L.equal(t(L), [1.0]),
    # reductions
    "sum bad dim": lambda L, d: t(L).sum(2),
    "sum float dim": lambda L, d: t(L).sum(1.0),
    "sum str dim": lambda L, d: t(L).sum("a"),
    "sum repeated dim": lambda L, d: t(L).sum((0, 0)),
    "mean int": lambda L, d: L.ones(2, dtype=L.int64).mean(),
    "mean bad dtype kw": lambda L, d: t(L).mean(dtype=L.int64),
    "max bad dim": lambda L, d: t(L).max(dim=3),
    "max empty": lambda L, d: L.ones(0).max(),
    "argmax bad dim": lambda L, d: t(L).argmax(-3),
    "prod bad dim": lambda L, d: t(L).prod(5),
    "std bad dim": lambda L, d: t(L).std(4),
    "var int": lambda L, d: L.ones(3, dtype=L.int64).var(),
    "norm bad p": lambda L, d: L.norm(t(L), p="bad"),
    "cumsum no dim": lambda L, d: L.cumsum(t(L)),
    "cumsum bad dim": lambda L, d: L.cumsum(t(L), 2),
    "topk too large": lambda L, d: L.topk(t(L), 5),
    "topk negative": lambda L, d: L.topk(t(L), -1),
    "sort bad dim": lambda L, d: L.sort(t(L), 3),
    "kthvalue out of range": lambda L, d: L.kthvalue(t(L), 4),
    "median empty dim": lambda L, d: L.median(L.ones(0, 3), 0),
    "logsumexp no dim": lambda L, d: L.logsumexp(t(L)),
    "all bad dim": lambda L, d: L.all(t(L) > 0, 2),
    "softmax no dim": lambda L, d: L.softmax(t(L)),
    "F.softmax no dim": lambda L, d: L.nn.functional.softmax(t(L)),
    "softmax bad dim": lambda L, d: L.softmax(t(L), 2),
    "log_softmax int": lambda L, d: L.log_softmax(L.ones(2, dtype=L.int64), 0),
    # shapes
    "reshape wrong size": lambda L, d: t(L).reshape(4, 2),
    "reshape two -1": lambda L, d: t(L).reshape(-1, -1),
    "reshape float": lambda L, d: t(L).reshape(2.0, 3),
    "reshape str": lambda L, d: t(L).reshape("a"),
    "reshape None": lambda L, d: t(L).reshape(None),
    "view non-contiguous": lambda L, d: t(L).t().view(6),
    "view wrong size": lambda L, d: t(L).view(7),
    "view dtype size": lambda L, d: t(L, (3,)).view(L.int32).shape,
    "expand smaller": lambda L, d: t(L).expand(3),
    "expand mismatch": lambda L, d: t(L).expand(2, 4),
    "repeat too few": lambda L, d: t(L).repeat(2),
    "repeat negative": lambda L, d: t(L).repeat(-1, 1),
    "permute wrong length": lambda L, d: t(L).permute(0),
    "permute repeated": lambda L, d: t(L).permute(0, 0),
    "transpose bad dim": lambda L, d: t(L).transpose(0, 2),
    "squeeze bad dim": lambda L, d: t(L).squeeze(3),
    "unsqueeze bad dim": lambda L, d: t(L).unsqueeze(3),
    "flatten start after end": lambda L, d: t(L, (2, 3, 4)).flatten(2, 1),
    "unflatten wrong size": lambda L, d: t(L).unflatten(1, (2, 2)),
    "narrow out of range": lambda L, d: t(L).narrow(1, 2, 2),
    "narrow negative length": lambda L, d: t(L).narrow(1, 0, -1),
    "select out of range": lambda L, d: t(L).select(1, 3),
    "split zero": lambda L, d: t(L).split(0),
    "split sizes wrong": lambda L, d: t(L).split([1, 1], 1),
    "chunk zero": lambda L, d: t(L).chunk(0),
    "tensor_split zero": lambda L, d: L.tensor_split(t(L), 0),
    "movedim repeated": lambda L, d: L.movedim(t(L), (0, 1), (0, 0)),
    "roll shifts dims mismatch": lambda L, d: L.roll(t(L), (1, 1), (0,)),
    "flip repeated dim": lambda L, d: L.flip(t(L), (0, 0)),
    "diagonal same dims": lambda L, d: L.diagonal(t(L), 0, 0, 0),
    "t of 3d": lambda L, d: t(L, (2, 2, 2)).t(),
    "mT of 1d": lambda L, d: t(L, (3,)).mT,
    "unbind bad dim": lambda L, d: t(L).unbind(2),
    "broadcast_to smaller": lambda L, d: L.broadcast_to(t(L), (3,)),
    "broadcast_shapes mismatch": lambda L, d: L.broadcast_shapes((2, 3), (4,)),
    "tril of 1d": lambda L, d: L.tril(t(L, (3,))),
    "trace of 3d": lambda L, d: L.trace(t(L, (2, 2, 2))),
    # indexing
    "index row out of range": lambda L, d: tensor_in(L, d, 2),
    "index negative out of range": lambda L, d: tensor_in(L, d, -3),
    "index too many": lambda L, d: tensor_in(L, d, (0, 0, 0)),
    "index list out of range": lambda L, d: tensor_in(L, d, [0, 5]),
    "index tensor out of range": lambda L, d: t(L)[L.tensor([0, 2])],
    "index float tensor": lambda L, d: t(L)[L.tensor([0.0, 1.0])],
    "index float": lambda L, d: tensor_in(L, d, 1.0),
    "index str": lambda L, d: tensor_in(L, d, "a"),
    "index bool mask shape": lambda L, d: t(L)[L.ones(3, dtype=L.bool)],
    "index two ellipses": lambda L, d: tensor_in(L, d, (Ellipsis, Ellipsis)),
    "index zero step": lambda L, d: tensor_in(L, d, slice(None, None, 0)),
    "index negative step": lambda L, d: tensor_in(L, d, slice(None, None, -1)),
    "setitem out of range": lambda L, d: t(L).__setitem__(5, 1.0),
    "gather index out of range": lambda L, d: L.gather(t(L), 1, L.tensor([[0, 3]])),
    "gather float index": lambda L, d: L.gather(t(L), 1, L.tensor([[0.0]])),
    "gather dims mismatch": lambda L, d: L.gather(t(L), 1, L.tensor([0])),
    "index_select out of range": lambda L, d: L.index_select(t(L), 0, L.tensor([2])),
    "index_select 2d index": lambda L, d: L.index_select(t(L), 0, L.tensor([[0]])),
    "scatter out of range": lambda L, d: L.zeros(2, 3).scatter(1, L.tensor([[3]]), 1.0),
    "scatter_add dtype mismatch": lambda L, d: L.zeros(2, 3).scatter_add(1, L.tensor([[0]]), L.ones(1, 1, dtype=L.int64)),
    "masked_fill non-bool mask": lambda L, d: t(L).masked_fill(t(L), 0.0),
    "masked_select shape": lambda L, d: L.masked_select(t(L), L.ones(4, dtype=L.bool)),
    "take out of range": lambda L, d: L.take(t(L), L.tensor([6])),
    "item of many": lambda L, d: t(L).item(),
    "int of many": lambda L, d: int(t(L)),
    "bool of many": lambda L, d: bool(t(L)),
    "len of 0-d": lambda L, d: len(L.tensor(1.0)),
    "iter of 0-d": lambda L, d: iter(L.tensor(1.0)),
    "numpy requiring grad": lambda L, d: t(L, rg=True).numpy(),
    "tolist ok": lambda L, d: t(L).tolist(),
    # linear algebra and joins
    "matmul mismatch": lambda L, d: t(L) @ t(L),
    "matmul 0-d": lambda L, d: L.tensor(2.0) @ t(L, (3,)),
    "matmul dtype": lambda L, d: t(L) @ t(L, (3, 2), dtype=L.int64),
    "matmul list": lambda L, d: L.matmul(t(L), [[1.0], [2.0], [3.0]]),
    "mm 1d": lambda L, d: L.mm(t(L, (3,)), t(L, (3, 2))),
    "bmm 2d": lambda L, d: L.bmm(t(L), t(L, (3, 2))),
    "bmm batch mismatch": lambda L, d: L.bmm(t(L, (2, 2, 3)), t(L, (3, 3, 2))),
    "dot 2d": lambda L, d: L.dot(t(L), t(L)),
    "dot size": lambda L, d: L.dot(t(L, (3,)), t(L, (4,))),
    "mv mismatch": lambda L, d: L.mv(t(L), t(L, (2,))),
    "outer 2d": lambda L, d: L.outer(t(L), t(L, (3,))),
    "einsum bad spec": lambda L, d: L.einsum("ij,jk->ik", t(L), t(L)),
    "inverse non-square": lambda L, d: L.linalg.inv(t(L)),
    "inverse singular": lambda L, d: L.linalg.inv(L.zeros(2, 2)),
    "cholesky not pd": lambda L, d: L.linalg.cholesky(-L.eye(2)),
    "solve mismatch": lambda L, d: L.linalg.solve(L.eye(2), t(L, (3,))),
    "det 1d": lambda L, d: L.linalg.det(t(L, (3,))),
    "cat mismatch": lambda L, d: L.cat([t(L), t(L, (2, 2))], 0),
    "cat empty list": lambda L, d: L.cat([]),
    "cat dtypes": lambda L, d: L.cat([t(L), t(L, dtype=L.int64)]).dtype,
    "cat bad dim": lambda L, d: L.cat([t(L), t(L)], 2),
    "cat 0-d": lambda L, d: L.cat([L.tensor(1.0), L.tensor(2.0)]),
    "cat tensor not list": lambda L, d: L.cat(t(L)),
    "cat with None": lambda L, d: L.cat([t(L), None]),
    "cat ndarray": lambda L, d: L.cat([t(L), np.ones((2, 3))]),
    "cat ndim mismatch": lambda L, d: L.cat([t(L), t(L, (3,))]),
    "cat mismatch outside dim": lambda L, d: L.cat([t(L), t(L, (2, 4)), t(L, (3, 3))], 1),
    "cat dtypes mismatch": lambda L, d: L.cat([t(L), t(L, (2, 2), dtype=L.int64)], 0),
    "stack mismatch": lambda L, d: L.stack([t(L), t(L, (3, 2))]),
    "stack dtypes mismatch": lambda L, d: L.stack([t(L), t(L, dtype=L.int64), t(L, (3, 2))]),
    "stack with None": lambda L, d: L.stack([t(L), None]),
    "stack empty": lambda L, d: L.stack([]),
    "stack bad dim": lambda L, d: L.stack([t(L), t(L)], 4),
    "hstack empty": lambda L, d: L.hstack([]),
    # nn.functional
    "linear mismatch": lambda L, d: L.nn.functional.linear(t(L), t(L)),
    "Linear wrong features": lambda L, d: L.nn.Linear(4, 2)(t(L)),
    "Linear int input": lambda L, d: L.nn.Linear(3, 2)(L.ones(2, 3, dtype=L.int64)),
    "Linear float64 input": lambda L, d: L.nn.Linear(3, 2)(t(L, dtype=L.float64)),
    "Linear list input": lambda L, d: L.nn.Linear(3, 2)([[1.0, 2.0, 3.0]]),
    "Linear ndarray input": lambda L, d: L.nn.Linear(3, 2)(np.ones((1, 3), np.float32)),
    "Linear negative features": lambda L, d: L.nn.Linear(-1, 2),
    "Linear float features": lambda L, d: L.nn.Linear(2.5, 2),
    "conv wrong channels": lambda L, d: conv(L, (1, 2, 5, 5), (4, 3, 3, 3)),
    "conv too small input": lambda L, d: conv(L, (1, 3, 2, 2), (4, 3, 3, 3)),
    "conv 2d input ok": lambda L, d: conv(L, (3, 5, 5), (4, 3, 3, 3)).shape,
    "conv 5d input": lambda L, d: conv(L, (1, 1, 3, 5, 5), (4, 3, 3, 3)),
    "conv zero stride": lambda L, d: conv(L, (1, 3, 5, 5), (4, 3, 3, 3), stride=0),
    "conv negative padding": lambda L, d: conv(L, (1, 3, 5, 5), (4, 3, 3, 3), padding=-1),
    "conv bad groups": lambda L, d: conv(L, (1, 4, 5, 5), (4, 4, 3, 3), groups=3),
    "conv bad padding string": lambda L, d: conv(L, (1, 3, 5, 5), (4, 3, 3, 3), padding="full"),
    "conv same with stride": lambda L, d: conv(L, (1, 3, 5, 5), (4, 3, 3, 3), padding="same", stride=2),
    "conv bias shape": lambda L, d: conv(L, (1, 3, 5, 5), (4, 3, 3, 3), bias=L.ones(3)),
    "Conv2d wrong channels": lambda L, d: L.nn.Conv2d(3, 4, 3)(t(L, (1, 2, 5, 5))),
    "Conv2d too small": lambda L, d: L.nn.Conv2d(3, 4, 3)(t(L, (1, 3, 2, 2))),
    "Conv2d groups not dividing": lambda L, d: L.nn.Conv2d(3, 4, 3, groups=2),
    "Conv2d zero channels": lambda L, d: L.nn.Conv2d(0, 4, 3),
    "Conv2d bad padding mode": lambda L, d: L.nn.Conv2d(3, 4, 3, padding_mode="mirror"),
    "Conv1d 4d input": lambda L, d: L.nn.Conv1d(3, 4, 3)(t(L, (1, 3, 5, 5))),
    "ConvTranspose2d wrong channels": lambda L, d: L.nn.ConvTranspose2d(3, 4, 3)(t(L, (1, 2, 5, 5))),
    "max_pool zero kernel": lambda L, d: L.nn.functional.max_pool2d(t(L, (1, 1, 4, 4)), 0),
    "max_pool kernel too big": lambda L, d: L.nn.functional.max_pool2d(t(L, (1, 1, 2, 2)), 3),
    "max_pool zero stride": lambda L, d: L.nn.functional.max_pool2d(t(L, (1, 1, 4, 4)), 2, stride=0),
    "max_pool pad too big": lambda L, d: L.nn.functional.max_pool2d(t(L, (1, 1, 4, 4)), 2, padding=2),
    "max_pool 2d input": lambda L, d: L.nn.functional.max_pool2d(t(L, (4, 4)), 2),
    "avg_pool zero kernel": lambda L, d: L.nn.functional.avg_pool2d(t(L, (1, 1, 4, 4)), 0),
    "avg_pool pad too big": lambda L, d: L.nn.functional.avg_pool2d(t(L, (1, 1, 4, 4)), 2, padding=2),
    "avg_pool kernel too big": lambda L, d: L.nn.functional.avg_pool2d(t(L, (1, 1, 2, 2)), 3),
    "MaxPool2d negative stride": lambda L, d: L.nn.MaxPool2d(2, stride=-1)(t(L, (1, 1, 4, 4))),
    "adaptive_avg_pool zero output": lambda L, d: L.nn.functional.adaptive_avg_pool2d(t(L, (1, 1, 4, 4)), 0).shape,
    "adaptive pool negative": lambda L, d: L.nn.functional.adaptive_avg_pool2d(t(L, (1, 1, 4, 4)), -1),
    "batch_norm wrong channels": lambda L, d: L.nn.BatchNorm2d(3)(t(L, (2, 4, 2, 2))),
    "batch_norm one value training": lambda L, d: L.nn.BatchNorm1d(3)(t(L, (1, 3))),
    "BatchNorm2d 3d input": lambda L, d: L.nn.BatchNorm2d(3)(t(L, (3, 2, 2))),
    "layer_norm shape": lambda L, d: L.nn.functional.layer_norm(t(L), (2,)),
    "LayerNorm wrong shape": lambda L, d: L.nn.LayerNorm(4)(t(L)),
    "group_norm not dividing": lambda L, d: L.nn.GroupNorm(2, 3)(t(L, (2, 3, 2))),
    "dropout bad p": lambda L, d: L.nn.functional.dropout(t(L), p=1.5),
    "Dropout bad p": lambda L, d: L.nn.Dropout(-0.1),
    "embedding out of range": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([0, 3])),
    "embedding negative": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([-1])),
    "embedding float index": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([0.0])),
    "F.embedding out of range": lambda L, d: L.nn.functional.embedding(L.tensor([5]), t(L, (3, 2))),
    "Embedding padding_idx out of range": lambda L, d: L.nn.Embedding(3, 2, padding_idx=3),
    "one_hot negative": lambda L, d: L.nn.functional.one_hot(L.tensor([-1, 0])),
    "one_hot float": lambda L, d: L.nn.functional.one_hot(L.tensor([1.0, 0.0])),
    "one_hot too small classes": lambda L, d: L.nn.functional.one_hot(L.tensor([3]), 2),
    "pad odd length": lambda L, d: L.nn.functional.pad(t(L), (1,)),
    "pad bad mode": lambda L, d: L.nn.functional.pad(t(L), (1, 1), mode="wrap2"),
    "pad reflect too big": lambda L, d: L.nn.functional.pad(t(L, (1, 2, 3)), (3, 3), mode="reflect"),
    "interpolate no size": lambda L, d: L.nn.functional.interpolate(t(L, (1, 1, 2, 2))),
    "interpolate both": lambda L, d: L.nn.functional.interpolate(t(L, (1, 1, 2, 2)), size=4, scale_factor=2),
    "interpolate bad mode": lambda L, d: L.nn.functional.interpolate(t(L, (1, 1, 2, 2)), size=4, mode="cubic"),
    "relu of list": lambda L, d: L.relu([1.0]),
    "F.relu ndarray": lambda L, d: L.nn.functional.relu(np.ones(2)),
    "sigmoid of int list": lambda L, d: L.sigmoid([1]),
    "F.gelu bad approximate": lambda L, d: L.nn.functional.gelu(t(L), approximate="fast"),
    "Softmax module no dim": lambda L, d: L.nn.Softmax()(t(L)).shape,
    "Sequential non-module": lambda L, d: L.nn.Sequential(L.nn.Linear(2, 2), 3),
    "ModuleList non-module": lambda L, d: L.nn.ModuleList([3]),
    "add_module bad name": lambda L, d: L.nn.Module().add_module("a.b", L.nn.Linear(2, 2)),
    "register_parameter tensor": lambda L, d: L.nn.Module().register_parameter("w", L.ones(2)),
    "setattr parameter to tensor": lambda L, d: setattr(L.nn.Linear(2, 2), "weight", L.ones(2, 2)),
    "get missing attribute": lambda L, d: L.nn.Linear(2, 2).nonexistent,
    "Parameter of list": lambda L, d: L.nn.Parameter([1.0]),
    "Parameter int requires grad": lambda L, d: L.nn.Parameter(L.ones(2, dtype=L.int64)),
    # losses
    "ce bad class index": lambda L, d: ce(L, L.tensor([0, 1, 4])),
    "ce negative class": lambda L, d: ce(L, L.tensor([0, 1, -2])),
    "ce float target wrong shape": lambda L, d: ce(L, L.ones(3, 5)),
    "ce int32 target": lambda L, d: ce(L, L.tensor([0, 1, 2], dtype=L.int32)),
    "ce float 1-d target": lambda L, d: ce(L, L.tensor([0.0, 1.0, 2.0])),
    "ce batch mismatch": lambda L, d: ce(L, L.tensor([0, 1])),
    "ce bad reduction": lambda L, d: ce(L, L.tensor([0, 1, 2]), reduction="avg"),
    "ce weight wrong size": lambda L, d: ce(L, L.tensor([0, 1, 2]), weight=L.ones(3)),
    "ce ignore_index ok": lambda L, d: ce(L, L.tensor([0, 1, -100])).shape,
    "ce list target": lambda L, d: ce(L, [0, 1, 2]),
    "ce bad label smoothing": lambda L, d: ce(L, L.tensor([0, 1, 2]), label_smoothing=1.5),
    "nll bad class": lambda L, d: L.nn.functional.nll_loss(t(L, (3, 4)), L.tensor([0, 1, 4])),
    "nll float target": lambda L, d: L.nn.functional.nll_loss(t(L, (3, 4)), L.tensor([0.0, 1.0, 2.0])),
    "nll 1-d input": lambda L, d: L.nn.functional.nll_loss(t(L, (4,)), L.tensor([0])),
    "mse shape mismatch broadcast": lambda L, d: L.nn.functional.mse_loss(t(L, (3, 2)), t(L, (3, 4))),
    "mse dtype mismatch": lambda L, d: L.nn.functional.mse_loss(t(L), t(L, dtype=L.float64)),
    "mse int target": lambda L, d: L.nn.functional.mse_loss(t(L), L.ones(2, 3, dtype=L.int64)),
    "mse bad reduction": lambda L, d: L.nn.functional.mse_loss(t(L), t(L), reduction="avg"),
    "MSELoss list target": lambda L, d: L.nn.MSELoss()(t(L), [1.0]),
    "l1 shape mismatch": lambda L, d: L.nn.functional.l1_loss(t(L), t(L, (3, 2))),
    "bce target out of range": lambda L, d: L.nn.functional.binary_cross_entropy(L.full((2,), 0.5), L.tensor([2.0, 0.0])),
    "bce input out of range": lambda L, d: L.nn.functional.binary_cross_entropy(L.tensor([1.5, 0.5]), L.ones(2)),
    "bce shape mismatch": lambda L, d: L.nn.functional.binary_cross_entropy(L.full((2,), 0.5), L.ones(3)),
    "bce int target": lambda L, d: L.nn.functional.binary_cross_entropy(L.full((2,), 0.5), L.ones(2, dtype=L.int64)),
    "bce_with_logits shape": lambda L, d: L.nn.functional.binary_cross_entropy_with_logits(t(L), t(L, (3,))),
    "bce_with_logits int target": lambda L, d: L.nn.functional.binary_cross_entropy_with_logits(t(L), L.ones(2, 3, dtype=L.int64)),
    "kl_div bad reduction": lambda L, d: L.nn.functional.kl_div(t(L), t(L), reduction="avg"),
    "huber negative delta": lambda L, d: L.nn.functional.huber_loss(t(L), t(L), delta=-1.0),
    # optimizers and schedulers
    "SGD negative lr": lambda L, d: sgd(L, lr=-0.1),
    "SGD negative momentum": lambda L, d: sgd(L, lr=0.1, momentum=-1),
    "SGD nesterov no momentum": lambda L, d: sgd(L, lr=0.1, nesterov=True),
    "SGD negative weight decay": lambda L, d: sgd(L, lr=0.1, weight_decay=-1),
    "SGD str lr": lambda L, d: sgd(L, lr="a"),
    "SGD None lr": lambda L, d: sgd(L, lr=None).step(),
    "SGD empty params": lambda L, d: L.optim.SGD([], lr=0.1),
    "SGD tensor params": lambda L, d: L.optim.SGD(t(L, rg=True), lr=0.1),
    "SGD int params": lambda L, d: L.optim.SGD(3, lr=0.1),
    "SGD non-leaf": lambda L, d: L.optim.SGD([t(L, rg=True) * 2], lr=0.1),
    "SGD list of lists": lambda L, d: L.optim.SGD([[t(L, rg=True)]], lr=0.1),
    "SGD duplicate params": lambda L, d: L.optim.SGD([{"params": [t(L, rg=True)]}, {"params": 3}], lr=0.1),
    "SGD group missing params": lambda L, d: L.optim.SGD([{"lr": 0.1}], lr=0.1),
    "SGD unknown kw": lambda L, d: sgd(L, lr=0.1, beta=0.9),
    "Adam negative lr": lambda L, d: adam(L, lr=-1),
    "Adam bad beta": lambda L, d: adam(L, betas=(1.0, 0.999)),
    "Adam negative beta2": lambda L, d: adam(L, betas=(0.9, -0.1)),
    "Adam negative eps": lambda L, d: adam(L, eps=-1e-8),
    "Adam one beta": lambda L, d: adam(L, betas=(0.9,)),
    "Adam weight_decay negative": lambda L, d: adam(L, weight_decay=-1),
    "AdamW bad beta": lambda L, d: L.optim.AdamW([t(L, rg=True)], betas=(0.9, 1.5)),
    "RMSprop negative alpha": lambda L, d: L.optim.RMSprop([t(L, rg=True)], alpha=-1),
    "Adagrad negative lr_decay": lambda L, d: L.optim.Adagrad([t(L, rg=True)], lr_decay=-1),
    "add_param_group duplicate": lambda L, d: (lambda p: L.optim.SGD([p], lr=0.1).add_param_group({"params": [p]}))(t(L, rg=True)),
    "optimizer load_state_dict mismatch": lambda L, d: sgd(L, lr=0.1).load_state_dict({"state": {}, "param_groups": []}),
    "StepLR no step_size": lambda L, d: L.optim.lr_scheduler.StepLR(sgd(L, lr=0.1)),
    "StepLR non-optimizer": lambda L, d: L.optim.lr_scheduler.StepLR(3, 2),
    "MultiStepLR ok": lambda L, d: L.optim.lr_scheduler.MultiStepLR(sgd(L, lr=0.1), [3, 1]).get_last_lr(),
    "LambdaLR wrong count": lambda L, d: L.optim.lr_scheduler.LambdaLR(sgd(L, lr=0.1), [lambda e: 1, lambda e: 1]),
    "OneCycleLR no total": lambda L, d: L.optim.lr_scheduler.OneCycleLR(sgd(L, lr=0.1), max_lr=1.0),
    "OneCycleLR stepped past end": lambda L, d: [s.step() for s in [L.optim.lr_scheduler.OneCycleLR(sgd(L, lr=0.1), max_lr=1.0, total_steps=1)] for _ in range(3)],
    "CosineAnnealingWarmRestarts bad T_0": lambda L, d: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(sgd(L, lr=0.1), 0),
    "ReduceLROnPlateau bad mode": lambda L, d: L.optim.lr_scheduler.ReduceLROnPlateau(sgd(L, lr=0.1), mode="up"),
    "ReduceLROnPlateau bad factor": lambda L, d: L.optim.lr_scheduler.ReduceLROnPlateau(sgd(L, lr=0.1), factor=1.0),
    "ExponentialLR no gamma": lambda L, d: L.optim.lr_scheduler.ExponentialLR(sgd(L, lr=0.1)),
    "LinearLR bad start factor": lambda L, d: L.optim.lr_scheduler.LinearLR(sgd(L, lr=0.1), start_factor=0),
    "clip_grad_norm bad type": lambda L, d: L.nn.utils.clip_grad_norm_([t(L, rg=True)], 1.0, norm_type="x"),
    # state dicts
    "load_state_dict strict missing": lambda L, d: load_sd_strict(L, d, True, "missing"),
    "load_state_dict strict unexpected": lambda L, d: load_sd_strict(L, d, True, "unexpected"),
    "load_state_dict strict shape": lambda L, d: load_sd_strict(L, d, True, "shape"),
    "load_state_dict non-strict shape": lambda L, d: load_sd_strict(L, d, False, "shape"),
    "load_state_dict non-strict missing": lambda L, d: load_sd_strict(L, d, False, "missing").missing_keys,
    "load_state_dict non-strict unexpected": lambda L, d: load_sd_strict(L, d, False, "unexpected").unexpected_keys,
    "load_state_dict dtype": lambda L, d: load_sd_strict(L, d, True, "dtype"),
    "load_state_dict non-tensor value": lambda L, d: load_sd_strict(L, d, True, "non-tensor"),
    "load_state_dict not a mapping": lambda L, d: L.nn.Linear(2, 2).load_state_dict([1, 2]),
    "load_state_dict None": lambda L, d: L.nn.Linear(2, 2).load_state_dict(None),
    # data
    "DataLoader zero batch": lambda L, d: dl(L, batch_size=0),
    "DataLoader negative batch": lambda L, d: dl(L, batch_size=-1),
    "DataLoader float batch": lambda L, d: dl(L, batch_size=2.5),
    "DataLoader sampler and shuffle": lambda L, d: dl(L, sampler=range(10), shuffle=True),
    "DataLoader batch_sampler and batch_size": lambda L, d: dl(L, batch_sampler=[[0, 1]], batch_size=2),
    "DataLoader batch_sampler and shuffle": lambda L, d: dl(L, batch_sampler=[[0, 1]], shuffle=True),
    "DataLoader batch_sampler and drop_last": lambda L, d: dl(L, batch_sampler=[[0, 1]], drop_last=True),
    "DataLoader negative workers": lambda L, d: dl(L, num_workers=-1),
    "DataLoader timeout negative": lambda L, d: dl(L, timeout=-1),
    "DataLoader prefetch without workers": lambda L, d: dl(L, prefetch_factor=2),
    "DataLoader persistent without workers": lambda L, d: dl(L, persistent_workers=True),
    "DataLoader sampler index out of range": lambda L, d: iterate(dl(L, sampler=[0, 11])),
    "DataLoader collate raising": lambda L, d: iterate(dl(L, collate_fn=lambda b: 1 / 0)),
    "DataLoader worker_init raising, no workers": lambda L, d: iterate(dl(L, worker_init_fn=lambda i: 1 / 0)),
    "DataLoader len of iterable": lambda L, d: len(L.utils.data.DataLoader(_Stream(), batch_size=None)),
    "DataLoader shuffle iterable": lambda L, d: L.utils.data.DataLoader(_Stream(), shuffle=True),
    "DataLoader non-dataset": lambda L, d: iterate(L.utils.data.DataLoader(5)),
    "TensorDataset size mismatch": lambda L, d: L.utils.data.TensorDataset(L.ones(3), L.ones(4)),
    "TensorDataset index out of range": lambda L, d: L.utils.data.TensorDataset(L.ones(3))[3],
    "TensorDataset list": lambda L, d: L.utils.data.TensorDataset([1, 2]),
    "Dataset getitem abstract": lambda L, d: L.utils.data.Dataset()[0],
    "Dataset len abstract": lambda L, d: len(L.utils.data.Dataset()),
    "Subset index out of range": lambda L, d: L.utils.data.Subset(L.utils.data.TensorDataset(L.ones(3)), [5])[0],
    "random_split bad lengths": lambda L, d: L.utils.data.random_split(L.utils.data.TensorDataset(L.ones(3)), [1, 1]),
    "random_split fractions": lambda L, d: L.utils.data.random_split(L.utils.data.TensorDataset(L.ones(4)), [0.5, 0.6]),
    "ConcatDataset empty": lambda L, d: L.utils.data.ConcatDataset([]),
    "ConcatDataset out of range": lambda L, d: L.utils.data.ConcatDataset([L.utils.data.TensorDataset(L.ones(3))])[3],
    "RandomSampler bad num_samples": lambda L, d: L.utils.data.RandomSampler(range(3), num_samples=0),
    "RandomSampler replacement str": lambda L, d: L.utils.data.RandomSampler(range(3), replacement="yes"),
    "BatchSampler zero": lambda L, d: L.utils.data.BatchSampler(range(3), 0, False),
    "BatchSampler bad drop_last": lambda L, d: L.utils.data.BatchSampler(range(3), 2, "no"),
    "WeightedRandomSampler negative": lambda L, d: list(L.utils.data.WeightedRandomSampler([-1.0, 1.0], 2)),
    "WeightedRandomSampler bad num": lambda L, d: L.utils.data.WeightedRandomSampler([1.0, 1.0], 0),
    # tensor methods with wrong types
    "to bad dtype": lambda L, d: t(L).to("float"),
    "to bad device": lambda L, d: t(L).to("tpu"),
    "type bad": lambda L, d: t(L).type("x"),
    "new_zeros negative": lambda L, d: t(L).new_zeros(-1),
    "fill_ with tensor of many": lambda L, d: t(L).fill_(L.ones(2)),
    "copy_ shape mismatch": lambda L, d: t(L).copy_(t(L, (4,))),
    "copy_ list": lambda L, d: t(L).copy_([1.0]),
    "add_ broadcast output": lambda L, d: t(L, (3,)).add_(t(L, (2, 3))),
    "add_ int to float in place ok": lambda L, d: L.ones(2, dtype=L.int64).add_(1.5),
    "masked_fill_ shape": lambda L, d: t(L).masked_fill_(L.ones(3, 2, dtype=L.bool), 0.0),
    "index_add_ dtype": lambda L, d: t(L).index_add_(0, L.tensor([0]), L.ones(1, 3, dtype=L.float64)),
    "uniform_ bad range": lambda L, d: t(L).uniform_(1.0, 0.0),
    "normal_ negative std": lambda L, d: t(L).normal_(0, -1),
    "manual_seed str": lambda L, d: L.manual_seed("a"),
    "manual_seed float": lambda L, d: L.manual_seed(1.5),
    "set_default_dtype int": lambda L, d: L.set_default_dtype(L.int64),
    "no_grad called with arg": lambda L, d: L.no_grad(3),
    "device bad string": lambda L, d: L.device("gpu"),
    "device bad index": lambda L, d: L.device("cpu:x"),
    "dtype to tensor float16 ops": lambda L, d: (t(L).half() + 1).dtype,
    "save to directory": lambda L, d: L.save({"a": L.ones(2)}, d),
    "save into missing folder": lambda L, d: L.save({"a": L.ones(2)}, d / "missing" / "x.pt"),
    "save non-path": lambda L, d: L.save({"a": L.ones(2)}, 3),
    "load missing file": lambda L, d: L.load(d / "missing.pt"),
    "load directory": lambda L, d: L.load(d),
    "load empty file": lambda L, d: (d / "x").write_bytes(b"") and L.load(d / "x"),
    "load garbage": lambda L, d: (d / "x").write_bytes(b"not a checkpoint at all") and L.load(d / "x"),
    "load truncated": lambda L, d: _truncated(L, d),
    "load None": lambda L, d: L.load(None),
}


class _Stream:
    """A stand-in iterable dataset (no __len__)."""
    def __iter__(self):
        return iter(range(4))


def _truncated(L, d):
    L.save({"w": L.ones(100)}, d / "x.pt")
    raw = (d / "x.pt").read_bytes()
    (d / "x.pt").write_bytes(raw[: len(raw) // 2])
    return L.load(d / "x.pt")


def _load_bytes(L, d, raw):
    (d / "x").write_bytes(raw)
    return L.load(d / "x")


CASES["load empty file"] = lambda L, d: _load_bytes(L, d, b"")
CASES["load garbage"] = lambda L, d: _load_bytes(L, d, b"not a checkpoint at all")
CASES["load zip of garbage"] = lambda L, d: _load_bytes(L, d, b"PK\x03\x04" + b"\x00" * 40)

# A list, a NumPy array or None where a Tensor is required, for the most used functions.
UNARY = ["abs", "exp", "log", "sqrt", "sin", "tanh", "sigmoid", "relu", "sum", "mean", "max", "argmax",
         "flatten", "clone", "t", "squeeze", "unsqueeze", "reshape", "transpose", "softmax", "log_softmax",
         "cumsum", "sort", "topk", "isnan", "round", "clamp", "var", "std", "norm", "numel", "any", "all"]
UNARY_ARGS = {"unsqueeze": (0,), "reshape": ((-1,),), "transpose": (0, 1), "softmax": (0,), "log_softmax": (0,),
              "cumsum": (0,), "topk": (1,), "clamp": (0.0,)}
BINARY = ["add", "sub", "mul", "div", "matmul", "mm", "dot", "maximum", "minimum", "eq", "lt", "pow", "atan2",
          "where_other", "cat_second", "stack_second", "equal", "allclose", "isclose", "dist", "cross", "outer"]
FUNCTIONAL = {"linear": 2, "relu": 1, "softmax": 1, "log_softmax": 1, "mse_loss": 2, "l1_loss": 2,
              "cross_entropy": 2, "nll_loss": 2, "binary_cross_entropy": 2, "binary_cross_entropy_with_logits": 2,
              "huber_loss": 2, "smooth_l1_loss": 2, "kl_div": 2, "conv2d": 2, "max_pool2d": 1, "avg_pool2d": 1,
              "dropout": 1, "layer_norm": 1, "embedding": 2, "one_hot": 1, "pad": 1, "interpolate": 1,
              "normalize": 1, "gelu": 1, "leaky_relu": 1, "cosine_similarity": 2}
FUNCTIONAL_ARGS = {"softmax": {"dim": 0}, "log_softmax": {"dim": 0}, "max_pool2d": {"kernel_size": 1},
                   "avg_pool2d": {"kernel_size": 1}, "layer_norm": {"normalized_shape": (3,)},
                   "pad": {"pad": (1, 1)}, "interpolate": {"size": 2}}
BAD_VALUES = {"list": lambda L: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "ndarray": lambda L: np.ones((2, 3)),
              "None": lambda L: None}


def _unary(name, bad):
    def case(L, d):
        return getattr(L, name)(BAD_VALUES[bad](L), *UNARY_ARGS.get(name, ()))
    return case


def _binary(name, bad, position):
    def case(L, d):
        args = [t(L), t(L)]
        args[position] = BAD_VALUES[bad](L)
        if name == "where_other":
            return L.where(t(L) > 1, *args)
        if name in ("cat_second", "stack_second"):
            return getattr(L, name.split("_")[0])(args)
        if name in ("matmul", "mm"):
            args[1 - position] = t(L, (3, 2)) if position == 0 else args[1 - position]
        return getattr(L, name)(*args)
    return case


def _functional(name, bad, position):
    def case(L, d):
        if name == "embedding":
            args = [L.tensor([[0, 1, 1], [0, 0, 1]]), t(L)]
        elif name == "one_hot":
            args = [L.tensor([[0, 1, 1], [0, 0, 1]])]
        elif name in ("cross_entropy", "nll_loss"):
            args = [t(L), L.tensor([0, 1])]
        elif name == "conv2d":
            args = [t(L, (1, 1, 2, 3)), t(L, (1, 1, 1, 1))]
        elif name in ("max_pool2d", "avg_pool2d", "interpolate"):
            args = [t(L, (1, 1, 2, 3))]
        elif name == "linear":
            args = [t(L), t(L, (2, 3))]
        elif name == "binary_cross_entropy":
            args = [L.full((2, 3), 0.5), L.ones(2, 3)]
        else:
            args = [t(L), t(L)][:FUNCTIONAL[name]]
        args[position] = BAD_VALUES[bad](L)
        return getattr(L.nn.functional, name)(*args, **FUNCTIONAL_ARGS.get(name, {}))
    return case


for _bad in BAD_VALUES:
    for _name in UNARY:
        CASES[f"{_name} of {_bad}"] = _unary(_name, _bad)
    for _name in BINARY:
        for _pos in (0, 1):
            CASES[f"{_name} with {_bad} at {_pos}"] = _binary(_name, _bad, _pos)
    for _name, _n in FUNCTIONAL.items():
        for _pos in range(_n):
            CASES[f"F.{_name} with {_bad} at {_pos}"] = _functional(_name, _bad, _pos)


def _hostile_pickle_bytes(zip_archive):
    """A pickle that would create a marker file when unpickled (a zip archive as torch.save writes, or
    bare pickle bytes), made with the standard library and torch's writer."""
    import io
    import pickle
    import torch

    class Hostile:
        def __reduce__(self):
            return (open, ("HOSTILE_MARKER", "w"))
    if not zip_archive:
        return pickle.dumps(Hostile())
    buf = io.BytesIO()
    torch.save({"w": torch.ones(2), "payload": Hostile()}, buf)
    return buf.getvalue()


def _load_hostile(L, d, zip_archive):
    import os
    (d / "x.pt").write_bytes(_hostile_pickle_bytes(zip_archive))
    here = os.getcwd()
    os.chdir(d)
    try:
        return L.load(d / "x.pt")
    finally:
        os.chdir(here)
        assert not (d / "HOSTILE_MARKER").exists(), "the hostile pickle ran"


def _no_grad_backward(L, d):
    x = t(L, rg=True)
    with L.no_grad():
        y = (x * 2).sum()
    y.backward()


def _grad_non_scalar(L, d):
    x = t(L, rg=True)
    L.autograd.grad(x * 2, x)


def _grad_wrong_shape_outputs(L, d):
    x = t(L, rg=True)
    L.autograd.grad(x * 2, x, grad_outputs=L.ones(3))


def _backward_wrong_dtype_gradient(L, d):
    x = t(L, rg=True)
    (x * 2).backward(L.ones(2, 3, dtype=L.int64))


def _optimizer_step_closure_raising(L, d):
    o = sgd(L, lr=0.1)

    def closure():
        raise KeyError("closure")
    o.step(closure)


def _scheduler_resume_without_initial_lr(L, d):
    return L.optim.lr_scheduler.StepLR(sgd(L, lr=0.1), 2, last_epoch=3)


def _clip_nonfinite(L, d):
    p = t(L, rg=True)
    (p * float("nan")).sum().backward()
    return L.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def _collate_mismatch(L, d):
    ds = [L.ones(2), L.ones(3)]
    return iterate(L.utils.data.DataLoader(ds, batch_size=2))


def _dataset_raising(L, d):
    class Bad(L.utils.data.Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            raise KeyError(i)
    return iterate(L.utils.data.DataLoader(Bad(), batch_size=2))


def _seq_index(L, d):
    return L.nn.Sequential(L.nn.Linear(2, 2))[3]


def _rnn_input(L, d):
    return L.nn.LSTM(3, 4)(t(L, (5, 2, 2)))


def _mha(L, d):
    return L.nn.MultiheadAttention(5, 2)


MORE = {
    "load hostile pickle": lambda L, d: _load_hostile(L, d, False),
    "load hostile zip": lambda L, d: _load_hostile(L, d, True),
    "backward of a graph built under no_grad": _no_grad_backward,
    "grad of a non-scalar without grad_outputs": _grad_non_scalar,
    "grad with wrong grad_outputs shape": _grad_wrong_shape_outputs,
    "backward with an integer gradient": _backward_wrong_dtype_gradient,
    "enable_grad with an argument": lambda L, d: L.enable_grad(3),
    "set_grad_enabled of a str": lambda L, d: L.set_grad_enabled("yes"),
    "optimizer step closure raising": _optimizer_step_closure_raising,
    "optimizer zero_grad ok": lambda L, d: sgd(L, lr=0.1).zero_grad(),
    "scheduler resume without initial_lr": _scheduler_resume_without_initial_lr,
    "LambdaLR non-callable": lambda L, d: L.optim.lr_scheduler.LambdaLR(sgd(L, lr=0.1), 3),
    "MultiStepLR unsorted ok": lambda L, d: L.optim.lr_scheduler.MultiStepLR(sgd(L, lr=0.1), [5, 2]).get_last_lr(),
    "CosineAnnealingLR negative T_max": lambda L, d: L.optim.lr_scheduler.CosineAnnealingLR(sgd(L, lr=0.1), -1),
    "CyclicLR base_lr list length": lambda L, d: L.optim.lr_scheduler.CyclicLR(sgd(L, lr=0.1), [0.1, 0.2], 1.0),
    "SequentialLR wrong milestones": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(
        o, [L.optim.lr_scheduler.StepLR(o, 2), L.optim.lr_scheduler.StepLR(o, 2)], milestones=[1, 2]))(sgd(L, lr=0.1)),
    "clip_grad_norm nonfinite": _clip_nonfinite,
    "collate of mismatched sizes": _collate_mismatch,
    "dataset raising in DataLoader": _dataset_raising,
    "DataLoader batch_size None drop_last": lambda L, d: dl(L, batch_size=None, drop_last=True),
    "DataLoader sampler and batch_sampler": lambda L, d: dl(L, sampler=[0], batch_sampler=[[0]]),
    "kaiming_uniform_ of 1-d": lambda L, d: L.nn.init.kaiming_uniform_(t(L, (3,))),
    "xavier_normal_ of 1-d": lambda L, d: L.nn.init.xavier_normal_(t(L, (3,))),
    "orthogonal_ of 1-d": lambda L, d: L.nn.init.orthogonal_(t(L, (3,))),
    "kaiming_normal_ bad mode": lambda L, d: L.nn.init.kaiming_normal_(t(L), mode="fan"),
    "kaiming_normal_ bad nonlinearity": lambda L, d: L.nn.init.kaiming_normal_(t(L), nonlinearity="foo"),
    "Sequential index out of range": _seq_index,
    "ModuleList index out of range": lambda L, d: L.nn.ModuleList([L.nn.ReLU()])[2],
    "ModuleDict missing key": lambda L, d: L.nn.ModuleDict({"a": L.nn.ReLU()})["b"],
    "ParameterList index": lambda L, d: L.nn.ParameterList([L.nn.Parameter(L.ones(1))])[1],
    "module to bad device": lambda L, d: L.nn.Linear(2, 2).to("tpu"),
    "register_buffer non-tensor": lambda L, d: L.nn.Module().register_buffer("b", [1.0]),
    "register_buffer dotted name": lambda L, d: L.nn.Module().register_buffer("a.b", L.ones(1)),
    "register_buffer empty name": lambda L, d: L.nn.Module().register_buffer("", L.ones(1)),
    "get_submodule missing": lambda L, d: L.nn.Sequential(L.nn.ReLU()).get_submodule("1"),
    "get_parameter missing": lambda L, d: L.nn.Linear(2, 2).get_parameter("foo"),
    "LSTM wrong input size": _rnn_input,
    "LSTM 4-d input": lambda L, d: L.nn.LSTM(3, 4)(t(L, (1, 5, 2, 3))),
    "GRU bad num_layers": lambda L, d: L.nn.GRU(3, 4, num_layers=0),
    "RNN bad nonlinearity": lambda L, d: L.nn.RNN(3, 4, nonlinearity="sigmoid"),
    "MultiheadAttention heads not dividing": _mha,
    "Upsample bad mode": lambda L, d: L.nn.Upsample(scale_factor=2, mode="cubic")(t(L, (1, 1, 2, 2))),
    "Unflatten wrong size": lambda L, d: L.nn.Unflatten(1, (2, 2))(t(L)),
    "Flatten bad dims": lambda L, d: L.nn.Flatten(3)(t(L)),
    "Conv2d zero kernel": lambda L, d: L.nn.Conv2d(3, 4, 0),
    "Conv2d negative out": lambda L, d: L.nn.Conv2d(3, -4, 3),
    "MaxPool2d zero kernel": lambda L, d: L.nn.MaxPool2d(0)(t(L, (1, 1, 4, 4))),
    "Embedding negative size": lambda L, d: L.nn.Embedding(-1, 3),
    "BatchNorm1d wrong features": lambda L, d: L.nn.BatchNorm1d(4)(t(L, (2, 3))),
    "F.batch_norm running stats size": lambda L, d: L.nn.functional.batch_norm(t(L), L.zeros(2), L.ones(2)),
    "F.group_norm zero groups": lambda L, d: L.nn.functional.group_norm(t(L, (2, 4, 2)), 0),
    "F.instance_norm 2-d": lambda L, d: L.nn.functional.instance_norm(t(L)),
    "F.unfold bad kernel": lambda L, d: L.nn.functional.unfold(t(L, (1, 1, 2, 2)), 3),
    "F.unfold 3-d": lambda L, d: L.nn.functional.unfold(t(L, (1, 2, 2)), 1).shape,
    "F.fold mismatch": lambda L, d: L.nn.functional.fold(t(L, (1, 3, 4)), (3, 3), 2),
    "F.pixel_shuffle not divisible": lambda L, d: L.nn.functional.pixel_shuffle(t(L, (1, 3, 2, 2)), 2),
    "F.grid_sample bad mode": lambda L, d: L.nn.functional.grid_sample(t(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 2), mode="x"),
    "F.grid_sample grid shape": lambda L, d: L.nn.functional.grid_sample(t(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 3)),
    "F.interpolate negative scale": lambda L, d: L.nn.functional.interpolate(t(L, (1, 1, 2, 2)), scale_factor=-1.0),
    "F.interpolate bilinear 3-d": lambda L, d: L.nn.functional.interpolate(t(L, (1, 1, 2)), size=4, mode="bilinear"),
    "F.cosine_similarity shapes": lambda L, d: L.nn.functional.cosine_similarity(t(L), t(L, (4,))),
    "F.pairwise_distance shapes": lambda L, d: L.nn.functional.pairwise_distance(t(L), t(L, (2, 4))),
    "F.margin_ranking_loss shapes": lambda L, d: L.nn.functional.margin_ranking_loss(t(L, (3,)), t(L, (4,)), t(L, (3,))),
    "F.triplet_margin_loss shapes": lambda L, d: L.nn.functional.triplet_margin_loss(t(L), t(L), t(L, (3, 3))),
    "F.gumbel_softmax bad dim": lambda L, d: L.nn.functional.gumbel_softmax(t(L), dim=3),
    "F.ctc_loss bad lengths": lambda L, d: L.nn.functional.ctc_loss(t(L, (5, 1, 3)).log_softmax(2), L.tensor([[1, 1]]),
                                                                   L.tensor([6]), L.tensor([2])),
    "F.embedding_bag bad offsets": lambda L, d: L.nn.functional.embedding_bag(L.tensor([0, 1]), t(L, (3, 2)),
                                                                             L.tensor([1])),
    "F.local_response_norm 2-d": lambda L, d: L.nn.functional.local_response_norm(t(L), 2),
    "F.scaled_dot_product_attention shapes": lambda L, d: L.nn.functional.scaled_dot_product_attention(
        t(L, (1, 2, 3)), t(L, (1, 2, 4)), t(L, (1, 2, 4))),
    "F.hardtanh min above max": lambda L, d: L.nn.functional.hardtanh(t(L), 1.0, 0.0),
    "F.threshold str": lambda L, d: L.nn.functional.threshold(t(L), "a", 0.0),
    "F.elu inplace on leaf": lambda L, d: L.nn.functional.elu(t(L, rg=True), inplace=True),
    "F.relu_ on leaf": lambda L, d: L.nn.functional.relu_(t(L, rg=True)),
    "split negative size": lambda L, d: L.split(t(L), [-1, 4], 1),
    "chunk negative": lambda L, d: L.chunk(t(L), -1),
    "unique bad dim": lambda L, d: L.unique(t(L), dim=3),
    "diag 3-d": lambda L, d: L.diag(t(L, (2, 2, 2))),
    "meshgrid bad indexing": lambda L, d: L.meshgrid(t(L, (2,)), t(L, (3,)), indexing="yx"),
    "cdist mismatch": lambda L, d: L.cdist(t(L), t(L, (2, 4))),
    "cross no dim of size 3": lambda L, d: L.linalg.cross(t(L, (2, 2)), t(L, (2, 2))),
    "addmm shapes": lambda L, d: L.addmm(t(L, (2, 2)), t(L), t(L)),
    "baddbmm shapes": lambda L, d: L.baddbmm(t(L, (1, 2, 2)), t(L, (1, 2, 3)), t(L, (1, 2, 2))),
    "scatter_ src shape": lambda L, d: L.zeros(2, 3).scatter_(1, L.tensor([[0, 1, 2]]), L.ones(1, 2)),
    "index_put_ wrong value": lambda L, d: L.zeros(3).index_put_((L.tensor([0, 1]),), L.ones(3)),
    "index_fill_ float index": lambda L, d: L.zeros(3).index_fill_(0, L.tensor([0.0]), 1.0),
    "bucketize unsorted ok": lambda L, d: L.bucketize(t(L, (3,)), L.tensor([3.0, 1.0])).shape,
    "searchsorted dims": lambda L, d: L.searchsorted(t(L, (2, 3)), t(L, (3, 2))),
    "histc negative bins": lambda L, d: L.histc(t(L), bins=-1),
    "bincount negative": lambda L, d: L.bincount(L.tensor([-1, 2])),
    "bincount float": lambda L, d: L.bincount(t(L, (3,))),
    "nonzero ok": lambda L, d: L.nonzero(t(L)).shape,
    "full str value": lambda L, d: L.full((2,), "a"),
    "arange bool dtype": lambda L, d: L.arange(3, dtype=L.bool),
    "eye float columns": lambda L, d: L.eye(2, 3.0),
    "tensor requires_grad int": lambda L, d: L.tensor([1, 2], requires_grad=True),
    "linspace complex steps": lambda L, d: L.linspace(0, 1, 1j),
    "logspace negative": lambda L, d: L.logspace(0, 1, -2),
    "clamp min above max ok": lambda L, d: L.clamp(t(L), 3.0, 1.0).tolist(),
    "clamp tensor min shape": lambda L, d: L.clamp(t(L), min=L.ones(4)),
    "normal negative std tensor": lambda L, d: L.normal(L.zeros(2), -L.ones(2)),
    "bernoulli out of range": lambda L, d: L.bernoulli(L.full((2,), 1.5)),
    "multinomial too many": lambda L, d: L.multinomial(L.ones(3), 4),
    "rand_like int": lambda L, d: L.rand_like(L.ones(2, dtype=L.int64)),
    "randint_like bad": lambda L, d: L.randint_like(t(L), 3, 1),
    "detach_ ok": lambda L, d: t(L, rg=True).detach_().requires_grad,
    "resize_ on requires_grad": lambda L, d: t(L, rg=True).resize_(3),
    "storage offset view ok": lambda L, d: t(L)[1].storage_offset(),
    "contiguous ok": lambda L, d: t(L).t().contiguous().is_contiguous(),
    "to int with requires_grad": lambda L, d: t(L, rg=True).long().requires_grad,
    "item of empty": lambda L, d: L.ones(0).item(),
    "float of empty": lambda L, d: float(L.ones(0)),
    "tolist of ok": lambda L, d: L.tensor(1.0).tolist(),
    "numpy of non-cpu string": lambda L, d: t(L).numpy(force="yes"),
    "expand_as mismatch": lambda L, d: t(L).expand_as(t(L, (4, 3))),
    "view_as mismatch": lambda L, d: t(L).view_as(t(L, (4,))),
    "reshape_as mismatch": lambda L, d: t(L).reshape_as(t(L, (4,))),
    "type_as list": lambda L, d: t(L).type_as([1]),
    "new_tensor str": lambda L, d: t(L).new_tensor("a"),
    "new_full no value": lambda L, d: t(L).new_full((2,)),
    "apply_ on non-cpu ok": lambda L, d: t(L).apply_(lambda v: v * 2).tolist(),
    "sum dtype str": lambda L, d: t(L).sum(dtype="float64"),
    "cumsum dtype bad": lambda L, d: t(L).cumsum(0, dtype="x"),
    "argmax keepdim no dim": lambda L, d: t(L).argmax(keepdim=True).shape,
    "max dim and other": lambda L, d: L.max(t(L), 0, t(L)),
    "min with two tensors shapes": lambda L, d: L.min(t(L), t(L, (4,))),
    "mean of bool": lambda L, d: (t(L) > 1).mean(),
    "std bad correction": lambda L, d: t(L).std(correction="a"),
    "quantile out of range": lambda L, d: L.quantile(t(L), 1.5),
    "quantile int": lambda L, d: L.quantile(L.ones(3, dtype=L.int64), 0.5),
    "median of empty": lambda L, d: L.ones(0).median(),
    "mode bad dim": lambda L, d: L.mode(t(L), 2),
    "trapezoid bad dim": lambda L, d: L.trapezoid(t(L), dim=3),
    "diff bad n": lambda L, d: L.diff(t(L), n=-1),
    "kron list": lambda L, d: L.kron(t(L), [1.0]),
    "tensordot bad dims": lambda L, d: L.tensordot(t(L), t(L), dims=([0], [1])),
    "matrix_power non-square": lambda L, d: L.linalg.matrix_power(t(L), 2),
    "pinv 1-d": lambda L, d: L.linalg.pinv(t(L, (3,))),
    "svd 1-d": lambda L, d: L.linalg.svd(t(L, (3,))),
    "qr bad mode": lambda L, d: L.linalg.qr(t(L), mode="x"),
    "eigh non-square": lambda L, d: L.linalg.eigh(t(L)),
    "vector_norm int": lambda L, d: L.linalg.vector_norm(L.ones(2, dtype=L.int64)),
    "matrix_norm 1-d": lambda L, d: L.linalg.matrix_norm(t(L, (3,))),
    "fft bad norm": lambda L, d: L.fft.fft(t(L), norm="x"),
    "fft n zero": lambda L, d: L.fft.fft(t(L), n=0),
}
CASES.update(MORE)

CASES.update({
    "backward of a non-scalar": nonscalar_backward,
    "backward twice through a freed graph": backward_twice,
    "grad of a tensor not requiring grad": grad_of_non_requiring,
    "grad of an unused input": grad_of_unused_input,
    "in-place on a leaf requiring grad": inplace_leaf,
    "in-place on a saved output then backward": inplace_saved_then_backward,
    "in-place on a saved input then backward": inplace_saved_input_then_backward,
    "grad of a list of numbers": grad_non_tensor_output,
    "recursive hook": recursive_hook,
    "hook returning the wrong shape": hook_returning_wrong_shape,
    "register_hook on a tensor not requiring grad": register_hook_no_grad,
    "retain_grad on a tensor not requiring grad": retain_grad_no_grad,
    "grad of the wrong shape assigned": set_grad_wrong_shape,
    "grad that is not a tensor assigned": set_grad_non_tensor,
    "requires_grad on an integer tensor": requires_grad_int,
    "requires_grad False on a non-leaf": set_requires_grad_non_leaf,
    "detach_ of a view of a graph": detach_inplace_view,
})
CASES["grad with respect to a number"] = lambda L, d: L.autograd.grad((t(L, rg=True) * 2).sum(), [1.0])

def _step_with_grads(optimizer, groups, **kw):
    opt = optimizer(groups, **kw)
    for group in opt.param_groups:
        for p in group["params"]:
            p.grad = p.detach() * 0 + 1
    opt.step()


# A float where an int is required, and None where a value is.
CASES.update({
    "topk float k": lambda L, d: L.topk(t(L), 1.5),
    "kthvalue float k": lambda L, d: L.kthvalue(t(L), 1.0),
    "one_hot float num_classes": lambda L, d: L.nn.functional.one_hot(L.tensor([0, 1]), 2.5),
    "Conv2d float kernel": lambda L, d: L.nn.Conv2d(3, 4, 2.5),
    "Conv2d float channels": lambda L, d: L.nn.Conv2d(3.0, 4, 2),
    "MaxPool2d float kernel": lambda L, d: L.nn.MaxPool2d(2.5)(t(L, (1, 1, 4, 4))),
    "narrow float start": lambda L, d: t(L).narrow(1, 0.5, 1),
    "split float size": lambda L, d: t(L).split(1.5, 1),
    "chunk float": lambda L, d: t(L).chunk(2.5),
    "Embedding float size": lambda L, d: L.nn.Embedding(3.5, 2),
    "randint float size": lambda L, d: L.randint(0, 5, (2.5,)),
    "randperm float": lambda L, d: L.randperm(3.0),
    "F.pad float amounts": lambda L, d: L.nn.functional.pad(t(L), (1.5, 1)),
    "interpolate float size": lambda L, d: L.nn.functional.interpolate(t(L, (1, 1, 2, 2)), size=3.5),
    "expand float": lambda L, d: t(L).expand(2.0, 3),
    "transpose float dim": lambda L, d: t(L).transpose(0.0, 1),
    "roll float shift": lambda L, d: t(L).roll(1.5, 0),
    "tril float diagonal": lambda L, d: t(L).tril(0.5),
    "diag float": lambda L, d: L.diag(t(L, (3,)), 1.5),
    "ce float ignore_index": lambda L, d: ce(L, L.tensor([0, 1, 2]), ignore_index=1.5),
    "DataLoader float workers": lambda L, d: dl(L, num_workers=1.5),
    "Flatten float dim": lambda L, d: L.nn.Flatten(0.5)(t(L)),
    "Linear None features": lambda L, d: L.nn.Linear(None, 2),
    "to None": lambda L, d: t(L).to(None).dtype,
    "save to None": lambda L, d: L.save({"a": L.ones(2)}, None),
    "DataLoader of None": lambda L, d: iterate(L.utils.data.DataLoader(None)),
    "SGD None params": lambda L, d: L.optim.SGD(None, lr=0.1),
    "masked_fill None mask": lambda L, d: t(L).masked_fill(None, 0.0),
    "F.conv2d None weight": lambda L, d: L.nn.functional.conv2d(t(L, (1, 1, 3, 3)), None),
    "module called with None": lambda L, d: L.nn.Linear(3, 2)(None),
    "module called with a list": lambda L, d: L.nn.Conv2d(1, 1, 1)([[1.0]]),
    "ReLU module with a list": lambda L, d: L.nn.ReLU()([1.0]),
    "CrossEntropyLoss with lists": lambda L, d: L.nn.CrossEntropyLoss()([[1.0, 2.0]], [0]),
    "Sequential of a list": lambda L, d: L.nn.Sequential([L.nn.ReLU()]),
    "matmul None": lambda L, d: t(L) @ None,
    "clamp None tensor": lambda L, d: L.clamp(None, 0, 1),
    "where None condition": lambda L, d: L.where(None, t(L), t(L)),
    "stack None": lambda L, d: L.stack(None),
    "cat None": lambda L, d: L.cat(None),
    "tensor of a tensor list": lambda L, d: L.tensor([L.ones(2), L.ones(2)]).shape,
    "tensor of a tensor list requiring grad": lambda L, d: L.tensor([t(L, (2,), rg=True), L.ones(2)]),
    "as_tensor of a list with None": lambda L, d: L.as_tensor([1.0, None]),
    "from_numpy of a non-writable array ok": lambda L, d: L.from_numpy(np.ones(2)[::2]).shape,
    "manual_seed negative": lambda L, d: L.manual_seed(-1).initial_seed(),
    "manual_seed too large": lambda L, d: L.manual_seed(2 ** 70),
    "Generator manual_seed str": lambda L, d: L.Generator().manual_seed("x"),
    "randn with generator of wrong type": lambda L, d: L.randn(2, generator=3),
    "optimizer step with sparse grad ok": lambda L, d: sgd(L, lr=0.1).step(),
    "optimizer param_groups lr None": lambda L, d: _step_with_grads(L.optim.SGD, [{"params": [t(L, rg=True)],
                                                                                     "lr": None}], lr=0.1),
    "Adam step with complex param": lambda L, d: L.optim.Adam([L.ones(2, dtype=L.complex64, requires_grad=True)]).step(),
    "scheduler step before optimizer ok": lambda L, d: L.optim.lr_scheduler.StepLR(sgd(L, lr=0.1), 1).step(),
    "load_state_dict with a tensor key": lambda L, d: L.nn.Linear(2, 2).load_state_dict({L.ones(1): 1}),
    "state_dict prefix not str": lambda L, d: L.nn.Linear(2, 2).state_dict(prefix=3),
    "named_parameters prefix not str": lambda L, d: list(L.nn.Linear(2, 2).named_parameters(prefix=3)),
    "apply non-callable": lambda L, d: L.nn.Linear(2, 2).apply(3),
    "train with a str": lambda L, d: L.nn.Linear(2, 2).train("no"),
    "requires_grad_ with a str": lambda L, d: L.nn.Linear(2, 2).requires_grad_("no"),
    "zero_grad set_to_none str ok": lambda L, d: L.nn.Linear(2, 2).zero_grad("x"),
})
CASES["Parameter requires_grad None"] = lambda L, d: L.nn.Parameter(L.ones(2), requires_grad=None)
CASES["Parameter requires_grad int"] = lambda L, d: L.nn.Parameter(L.ones(2), requires_grad=1)
