"""Bad-input cases of the tenth probe, generated: the Tensor methods and torch functions course code
calls most (shape ops, joins and splits, reductions, sorting, indexing ops, casts, in-place writes,
autograd calls) each given an argument of the wrong type (a str, None, a float where an int goes, a
list, a bool, a tensor of the wrong dtype or of several elements, a NumPy array) or value (a dim out
of range, a negative size, a mismatched shape), then indexing with bad indices (float tensors, ints and
index tensors out of range, bool masks of the wrong shape, too many indices, None and Ellipsis
together) for reads and for writes, a failed write leaving the tensor as it was. Same form as the
others: ``fn(L, d)`` with ``L`` the library (``torch`` or ``minigrad``) and ``d`` an empty folder of its
own; a name says what is given, not whether PyTorch takes it."""
import numpy as np

from errors.probe_runner import Cases, kept

CASES = Cases()
table = CASES.table


def t(L, *shape):
    """A float tensor 0, 1, 2... of ``shape`` (2 x 3 without one)."""
    shape = shape or (2, 3)
    n = int(np.prod(shape))
    return L.arange(float(n)).reshape(shape)


#: wrong arguments by label: ``fn(L)`` makes one for the library (a function, so a tensor is the library's)
WRONG = {
    "a str": lambda L: "1",
    "None": lambda L: None,
    "a float": lambda L: 1.5,
    "a list": lambda L: [1],
    "a bool": lambda L: True,
    "a float tensor": lambda L: L.tensor(1.0),
    "an int tensor of two": lambda L: L.tensor([0, 1]),
    "an ndarray": lambda L: np.array([1]),
}

#: calls by label: ``fn(L, x, a)`` calls with ``a`` the wrong argument and ``x`` a 2 x 3 float tensor
CALLS = {
    "view(a)": lambda L, x, a: x.view(a),
    "view(2, a)": lambda L, x, a: x.view(2, a),
    "reshape(a, 3)": lambda L, x, a: x.reshape(a, 3),
    "permute(a, 0)": lambda L, x, a: x.permute(a, 0),
    "transpose(0, a)": lambda L, x, a: x.transpose(0, a),
    "squeeze(a)": lambda L, x, a: x.squeeze(a),
    "unsqueeze(a)": lambda L, x, a: x.unsqueeze(a),
    "expand(a, 3)": lambda L, x, a: x.expand(a, 3),
    "repeat(a, 1)": lambda L, x, a: x.repeat(a, 1),
    "narrow(0, a, 1)": lambda L, x, a: x.narrow(0, a, 1),
    "narrow(0, 0, a)": lambda L, x, a: x.narrow(0, 0, a),
    "select(a, 0)": lambda L, x, a: x.select(a, 0),
    "select(0, a)": lambda L, x, a: x.select(0, a),
    "index_select(0, a)": lambda L, x, a: x.index_select(0, a),
    "gather(1, a)": lambda L, x, a: x.gather(1, a),
    "scatter(1, index, a)": lambda L, x, a: x.scatter(1, L.tensor([[0], [1]]), a),
    "masked_fill(a, 0)": lambda L, x, a: x.masked_fill(a, 0.0),
    "masked_fill(mask, a)": lambda L, x, a: x.masked_fill(x > 2, a),
    "where(a, x, x)": lambda L, x, a: L.where(a, x, x),
    "cat([x, a])": lambda L, x, a: L.cat([x, a]),
    "cat([x, x], a)": lambda L, x, a: L.cat([x, x], a),
    "stack([x, x], a)": lambda L, x, a: L.stack([x, x], a),
    "split(a)": lambda L, x, a: x.split(a),
    "split(1, a)": lambda L, x, a: x.split(1, a),
    "chunk(a)": lambda L, x, a: x.chunk(a),
    "chunk(2, a)": lambda L, x, a: x.chunk(2, a),
    "sum(a)": lambda L, x, a: x.sum(a),
    "sum(1, keepdim=a)": lambda L, x, a: x.sum(1, keepdim=a),
    "mean(a)": lambda L, x, a: x.mean(a),
    "max(a)": lambda L, x, a: x.max(a),
    "min(a)": lambda L, x, a: x.min(a),
    "argmax(a)": lambda L, x, a: x.argmax(a),
    "softmax(a)": lambda L, x, a: x.softmax(a),
    "log_softmax(a)": lambda L, x, a: x.log_softmax(a),
    "topk(a)": lambda L, x, a: x.topk(a),
    "topk(1, a)": lambda L, x, a: x.topk(1, a),
    "sort(a)": lambda L, x, a: x.sort(a),
    "clamp(a)": lambda L, x, a: x.clamp(a),
    "clamp(max=a)": lambda L, x, a: x.clamp(max=a),
    "matmul(a)": lambda L, x, a: x.matmul(a),
    "mm(a)": lambda L, x, a: x.mm(a),
    "bmm(a)": lambda L, x, a: x.unsqueeze(0).bmm(a),
    "to(a)": lambda L, x, a: x.to(a),
    "type(a)": lambda L, x, a: x.type(a),
    "zero_(a)": lambda L, x, a: x.zero_(a),
    "fill_(a)": lambda L, x, a: x.fill_(a),
    "copy_(a)": lambda L, x, a: x.copy_(a),
    "add_(a)": lambda L, x, a: x.add_(a),
    "mul_(a)": lambda L, x, a: x.mul_(a),
    "requires_grad_(a)": lambda L, x, a: x.requires_grad_(a),
    "flatten(a)": lambda L, x, a: x.flatten(a),
    "flatten(0, a)": lambda L, x, a: x.flatten(0, a),
    "unflatten(1, a)": lambda L, x, a: x.unflatten(1, a),
    "roll(a)": lambda L, x, a: x.roll(a),
    "roll(1, a)": lambda L, x, a: x.roll(1, a),
    "flip(a)": lambda L, x, a: x.flip(a),
    "tril(a)": lambda L, x, a: x.tril(a),
    "triu(a)": lambda L, x, a: x.triu(a),
    "diag(a)": lambda L, x, a: x.diag(a),
    "norm(a)": lambda L, x, a: x.norm(a),
    "norm(2, a)": lambda L, x, a: x.norm(2, a),
    "dist(a)": lambda L, x, a: x.dist(a),
    "cumsum(a)": lambda L, x, a: x.cumsum(a),
    "prod(a)": lambda L, x, a: x.prod(a),
    "std(a)": lambda L, x, a: x.std(a),
    "logsumexp(a)": lambda L, x, a: x.logsumexp(a),
    "movedim(a, 0)": lambda L, x, a: x.movedim(a, 0),
    "argsort(a)": lambda L, x, a: x.argsort(a),
    "unbind(a)": lambda L, x, a: x.unbind(a),
    "repeat_interleave(a)": lambda L, x, a: x.repeat_interleave(a),
    "new_zeros(a)": lambda L, x, a: x.new_zeros(a),
    "expand_as(a)": lambda L, x, a: x.expand_as(a),
    "view_as(a)": lambda L, x, a: x.view_as(a),
    "type_as(a)": lambda L, x, a: x.type_as(a),
    "masked_select(a)": lambda L, x, a: x.masked_select(a),
    "take(a)": lambda L, x, a: x.take(a),
    "pow(a)": lambda L, x, a: x.pow(a),
    "round(decimals=a)": lambda L, x, a: x.round(decimals=a),
    "sum(dtype=a)": lambda L, x, a: x.sum(dtype=a),
    "backward(a)": lambda L, x, a: x.requires_grad_().sum().backward(a),
}


def typed_case(call, wrong):
    """The case of ``call`` given ``wrong``'s argument; a result as data (shape, values) to compare."""
    def case(L, d):
        out = call(L, t(L), wrong(L))
        return shown(L, out)
    return case


def shown(L, out):
    """A result as data: a tensor as its dtype, shape and values to 5 digits (float32's last bits may
    differ); anything else as it is."""
    if not isinstance(out, L.Tensor):
        return out
    return out.dtype, tuple(out.shape), np.round(np.array(out.tolist(), dtype=float), 5).tolist()


for _call, _fn in CALLS.items():
    table(f"typed: {_call} given", {label: typed_case(_fn, make) for label, make in WRONG.items()})


#: wrong values by label: ``fn(L, x)`` with ``x`` a 2 x 3 float tensor
table("valued:", {
    "view -2 3": lambda L, d: t(L).view(-2, 3),
    "view -1 -1": lambda L, d: t(L).view(-1, -1),
    "view 4 -1": lambda L, d: t(L).view(4, -1),
    "view 0 -1": lambda L, d: t(L).view(0, -1),
    "view of a transpose": lambda L, d: t(L).t().view(6),
    "reshape -3 2": lambda L, d: t(L).reshape(-3, 2),
    "reshape 7": lambda L, d: t(L).reshape(7),
    "permute dim repeated": lambda L, d: t(L).permute(0, 0),
    "permute one dim short": lambda L, d: t(L).permute(1),
    "permute dim 2": lambda L, d: t(L).permute(0, 2),
    "permute -3": lambda L, d: t(L).permute(-3, 0),
    "transpose dim 2": lambda L, d: t(L).transpose(0, 2),
    "transpose -3": lambda L, d: t(L).transpose(-3, 1),
    "squeeze dim 2": lambda L, d: t(L).squeeze(2),
    "squeeze dims repeated ok": lambda L, d: shown(L, t(L, 1, 3).squeeze((0, 0))),
    "unsqueeze 3": lambda L, d: t(L).unsqueeze(3),
    "unsqueeze -4": lambda L, d: t(L).unsqueeze(-4),
    "expand to fewer dims": lambda L, d: t(L).expand(3),
    "expand non-1 dim": lambda L, d: t(L).expand(4, 3),
    "expand -1 in a new dim": lambda L, d: t(L).expand(-1, 2, 3),
    "expand -2": lambda L, d: t(L).expand(-2, 3),
    "repeat fewer sizes": lambda L, d: t(L).repeat(2),
    "repeat -1": lambda L, d: t(L).repeat(-1, 1),
    "narrow past the end": lambda L, d: t(L).narrow(1, 2, 2),
    "narrow negative length": lambda L, d: t(L).narrow(1, 0, -1),
    "narrow start -4": lambda L, d: t(L).narrow(1, -4, 1),
    "narrow start 3 length 0 ok": lambda L, d: shown(L, t(L).narrow(1, 3, 0)),
    "narrow start a 0-d tensor ok": lambda L, d: shown(L, t(L).narrow(1, L.tensor(1), 2)),
    "select index 2": lambda L, d: t(L).select(0, 2),
    "select index -3": lambda L, d: t(L).select(0, -3),
    "select of 0-d": lambda L, d: L.tensor(1.0).select(0, 0),
    "index_select index 2-d": lambda L, d: t(L).index_select(0, L.tensor([[0]])),
    "index_select index out of range": lambda L, d: t(L).index_select(1, L.tensor([3])),
    "index_select index negative": lambda L, d: t(L).index_select(1, L.tensor([-1])),
    "index_select float index": lambda L, d: t(L).index_select(1, L.tensor([0.0])),
    "index_select int32 index ok": lambda L, d: shown(L, t(L).index_select(1, L.tensor([2], dtype=L.int32))),
    "gather index rank differs": lambda L, d: t(L).gather(1, L.tensor([0])),
    "gather index out of range": lambda L, d: t(L).gather(1, L.tensor([[3]])),
    "gather index larger than input": lambda L, d: t(L).gather(1, L.zeros(3, 1, dtype=L.int64)),
    "gather int32 index": lambda L, d: t(L).gather(1, L.zeros(2, 1, dtype=L.int32)),
    "gather dim 2": lambda L, d: t(L).gather(2, L.zeros(2, 1, dtype=L.int64)),
    "scatter src dtype differs": lambda L, d: t(L).scatter(1, L.tensor([[0], [1]]), L.ones(2, 1, dtype=L.float64)),
    "scatter index out of range": lambda L, d: t(L).scatter(1, L.tensor([[3], [1]]), 0.0),
    "scatter_ index out of range keeps": lambda L, d: shown(L, kept(t(L), lambda x: x.scatter_(1, L.tensor([[0], [3]]), 9.0))),
    "scatter reduce bogus": lambda L, d: t(L).scatter(1, L.tensor([[0], [1]]), 1.0, reduce="max"),
    "masked_fill mask float": lambda L, d: t(L).masked_fill(L.ones(2, 3), 0.0),
    "masked_fill mask int": lambda L, d: t(L).masked_fill(L.ones(2, 3, dtype=L.int64), 0.0),
    "masked_fill mask not broadcasting": lambda L, d: t(L).masked_fill(L.ones(2, dtype=L.bool), 0.0),
    "masked_fill value a 1-d tensor": lambda L, d: t(L).masked_fill(t(L) > 2, L.ones(1)),
    "masked_fill_ mask grows the shape": lambda L, d: t(L).masked_fill_(L.ones(3, 2, 3, dtype=L.bool), 0.0),
    "where condition float": lambda L, d: L.where(t(L), t(L), t(L)),
    "where shapes not broadcasting": lambda L, d: L.where(t(L) > 1, t(L), L.ones(2)),
    "where condition only ok": lambda L, d: shown(L, L.where(t(L) > 3)[1]),
    "cat dims differ": lambda L, d: L.cat([t(L), L.ones(3)]),
    "cat sizes differ": lambda L, d: L.cat([t(L), L.ones(3, 2)]),
    "cat empty list": lambda L, d: L.cat([]),
    "cat dim 2": lambda L, d: L.cat([t(L), t(L)], 2),
    "cat dtypes differ ok": lambda L, d: shown(L, L.cat([t(L), L.ones(1, 3, dtype=L.float64)])),
    "cat 0-d tensors": lambda L, d: L.cat([L.tensor(1.0), L.tensor(2.0)]),
    "cat a tensor not a list": lambda L, d: shown(L, L.cat(t(L))),
    "stack shapes differ": lambda L, d: L.stack([t(L), L.ones(3, 2)]),
    "stack dim 3": lambda L, d: L.stack([t(L), t(L)], 3),
    "stack empty list": lambda L, d: L.stack([]),
    "split size 0": lambda L, d: t(L).split(0),
    "split size -1": lambda L, d: t(L).split(-1),
    "split sizes not summing": lambda L, d: t(L).split([1, 1], 1),
    "split sizes negative": lambda L, d: t(L).split([4, -1], 1),
    "split dim 2": lambda L, d: t(L).split(1, 2),
    "chunk 0": lambda L, d: t(L).chunk(0),
    "chunk -1": lambda L, d: t(L).chunk(-1),
    "chunk dim 2": lambda L, d: t(L).chunk(2, 2),
    "sum dim 2": lambda L, d: t(L).sum(2),
    "sum dims repeated": lambda L, d: t(L).sum((0, 0)),
    "sum dims a dim and its negative": lambda L, d: t(L).sum((1, -1)),
    "mean of int": lambda L, d: L.ones(2, dtype=L.int64).mean(),
    "mean dtype int": lambda L, d: t(L).mean(dtype=L.int64),
    "max dim 2": lambda L, d: t(L).max(2),
    "max of empty": lambda L, d: L.ones(0).max(),
    "max of empty dim 1 ok": lambda L, d: shown(L, L.ones(2, 0).max(0)[0]),
    "max of empty dim 0": lambda L, d: L.ones(2, 0).max(1),
    "min other shape not broadcasting": lambda L, d: t(L).min(L.ones(2)),
    "argmax of empty": lambda L, d: L.ones(0).argmax(),
    "argmax dim -3": lambda L, d: t(L).argmax(-3),
    "softmax dim 2": lambda L, d: t(L).softmax(2),
    "softmax of int": lambda L, d: L.ones(2, dtype=L.int64).softmax(0),
    "log_softmax of int": lambda L, d: L.ones(2, dtype=L.int64).log_softmax(0),
    "softmax dtype int": lambda L, d: t(L).softmax(0, dtype=L.int64),
    "topk k larger": lambda L, d: t(L).topk(4),
    "topk k -1": lambda L, d: t(L).topk(-1),
    "topk k 0 ok": lambda L, d: shown(L, t(L).topk(0)[0]),
    "topk dim 2": lambda L, d: t(L).topk(1, 2),
    "topk of bool": lambda L, d: L.ones(3, dtype=L.bool).topk(1),
    "sort dim 2": lambda L, d: t(L).sort(2),
    "sort stable a str": lambda L, d: t(L).sort(stable="yes"),
    "clamp no bounds": lambda L, d: t(L).clamp(),
    "clamp min tensor not broadcasting": lambda L, d: t(L).clamp(L.ones(2)),
    "clamp of bool": lambda L, d: L.ones(2, dtype=L.bool).clamp(0, 1),
    "clamp_ of int float bound": lambda L, d: L.ones(2, dtype=L.int64).clamp_(0.5),
    "matmul shapes differ": lambda L, d: t(L).matmul(t(L)),
    "matmul 0-d": lambda L, d: t(L).matmul(L.tensor(1.0)),
    "matmul dtypes differ": lambda L, d: t(L).matmul(L.ones(3, 1, dtype=L.float64)),
    "matmul int and float": lambda L, d: t(L).matmul(L.ones(3, 1, dtype=L.int64)),
    "matmul batch not broadcasting": lambda L, d: t(L, 2, 2, 3).matmul(t(L, 3, 3, 1)),
    "mm 1-d": lambda L, d: t(L).mm(L.ones(3)),
    "mm 3-d": lambda L, d: t(L).mm(L.ones(1, 3, 1)),
    "mm shapes differ": lambda L, d: t(L).mm(t(L)),
    "bmm 2-d": lambda L, d: t(L).bmm(t(L).t()),
    "bmm batch differs": lambda L, d: t(L, 2, 2, 3).bmm(t(L, 3, 3, 1)),
    "bmm inner differs": lambda L, d: t(L, 2, 2, 3).bmm(t(L, 2, 2, 1)),
    "to a bogus device": lambda L, d: t(L).to("gpu"),
    "to a bogus str": lambda L, d: t(L).to("float32"),
    "to dtype keyword a str": lambda L, d: t(L).to(dtype="float32"),
    "type a bogus str": lambda L, d: t(L).type("torch.Bogus"),
    "type a str ok": lambda L, d: shown(L, t(L).type("torch.DoubleTensor")),
    "type no argument ok": lambda L, d: t(L).type(),
    "float of a str tensor list": lambda L, d: L.tensor(["1"]),
    "long of nan ok": lambda L, d: L.tensor(float("inf")).long().dtype,
    "item of two": lambda L, d: t(L).item(),
    "item of empty": lambda L, d: L.ones(0).item(),
    "item an argument": lambda L, d: L.tensor(1.0).item(0),
    "tolist an argument": lambda L, d: t(L).tolist(1),
    "numpy of requires_grad": lambda L, d: t(L).requires_grad_().numpy(),
    "numpy force ok": lambda L, d: t(L).requires_grad_().numpy(force=True).tolist(),
    "numpy a positional": lambda L, d: t(L).numpy(True),
    "fill_ a 1-d tensor": lambda L, d: t(L).fill_(L.ones(1)),
    "fill_ of int a float ok": lambda L, d: shown(L, L.ones(2, dtype=L.int64).fill_(2.7)),
    "fill_ of bool a number ok": lambda L, d: shown(L, L.zeros(2, dtype=L.bool).fill_(5)),
    "fill_ of int a big int": lambda L, d: L.ones(2, dtype=L.int32).fill_(2 ** 40),
    "copy_ shape not broadcasting": lambda L, d: t(L).copy_(L.ones(2)),
    "copy_ shape not broadcasting keeps": lambda L, d: shown(L, kept(t(L), lambda x: x.copy_(L.ones(3, 3)))),
    "copy_ of a leaf requiring grad": lambda L, d: t(L).requires_grad_().copy_(L.ones(2, 3)),
    "copy_ into an expand": lambda L, d: L.ones(3).expand(2, 3).copy_(t(L)),
    "add_ grows the shape": lambda L, d: L.ones(3).add_(t(L)),
    "add_ grows the shape keeps": lambda L, d: shown(L, kept(L.ones(3), lambda x: x.add_(t(L)))),
    "add_ float into int": lambda L, d: L.ones(2, dtype=L.int64).add_(1.5),
    "add_ float into int keeps": lambda L, d: shown(L, kept(L.ones(2, dtype=L.int64), lambda x: x.add_(L.ones(2)))),
    "add_ alpha float into int": lambda L, d: L.ones(2, dtype=L.int64).add_(1, alpha=0.5),
    "mul_ float into bool": lambda L, d: L.ones(2, dtype=L.bool).mul_(2.0),
    "mul_ of a leaf requiring grad": lambda L, d: t(L).requires_grad_().mul_(2),
    "requires_grad_ of int": lambda L, d: L.ones(2, dtype=L.int64).requires_grad_(),
    "requires_grad_ False of a non-leaf": lambda L, d: (t(L).requires_grad_() * 2).requires_grad_(False),
    "requires_grad_ False of a non-leaf not requiring ok": lambda L, d: (t(L) * 2).requires_grad_(False).requires_grad,
    "backward of no grad": lambda L, d: t(L).sum().backward(),
    "backward of two elements": lambda L, d: (t(L).requires_grad_() * 2).backward(),
    "backward gradient shape differs": lambda L, d: (t(L).requires_grad_() * 2).backward(L.ones(3)),
    "backward gradient dtype differs": lambda L, d: (t(L).requires_grad_() * 2).backward(L.ones(2, 3, dtype=L.float64)),
    "backward twice": lambda L, d: (lambda y: (y.backward(), y.backward()))((t(L).requires_grad_() * t(L)).sum()),
    "detach_ of a view": lambda L, d: (t(L).requires_grad_() * 2)[0].detach_(),
    "clone memory_format bogus": lambda L, d: t(L).clone(memory_format=L.float32),
    "contiguous channels_last of 2-d": lambda L, d: t(L).contiguous(memory_format=L.channels_last),
    "flatten start after end": lambda L, d: t(L).flatten(1, 0),
    "flatten dim 2": lambda L, d: t(L).flatten(0, 2),
    "unflatten sizes not multiplying": lambda L, d: t(L).unflatten(1, (2, 2)),
    "unflatten two -1": lambda L, d: t(L).unflatten(1, (-1, -1)),
    "unflatten empty sizes": lambda L, d: t(L).unflatten(1, ()),
    "unflatten dim 2": lambda L, d: t(L).unflatten(2, (1, 3)),
    "roll shifts and dims differ": lambda L, d: t(L).roll((1, 1), (0,)),
    "roll dim 2": lambda L, d: t(L).roll(1, 2),
    "flip dims repeated": lambda L, d: t(L).flip(0, 0),
    "flip dim 2": lambda L, d: t(L).flip(2),
    "tril of 1-d": lambda L, d: L.ones(3).tril(),
    "triu of 0-d": lambda L, d: L.tensor(1.0).triu(),
    "diag of 3-d": lambda L, d: L.ones(2, 2, 2).diag(),
    "diag of 0-d": lambda L, d: L.tensor(1.0).diag(),
    "norm p a str": lambda L, d: t(L).norm("bogus"),
    "norm of int": lambda L, d: L.ones(2, dtype=L.int64).norm(),
    "norm dim 2": lambda L, d: t(L).norm(2, 2),
    "dist shapes not broadcasting": lambda L, d: t(L).dist(L.ones(2)),
    "dist of int": lambda L, d: L.ones(2, dtype=L.int64).dist(L.ones(2, dtype=L.int64)),
    "cumsum dim 2": lambda L, d: t(L).cumsum(2),
    "cumsum no dim": lambda L, d: t(L).cumsum(),
    "cumsum dtype a str": lambda L, d: t(L).cumsum(0, dtype="float64"),
    "detach an argument": lambda L, d: t(L).detach(1),
    "clone a positional": lambda L, d: t(L).clone(L.contiguous_format),
    "contiguous a positional": lambda L, d: t(L).contiguous(L.contiguous_format),
    "zero_ of an expand": lambda L, d: L.ones(3).expand(2, 3).zero_(),
    "float an argument": lambda L, d: t(L).float(L.float64),
    "long memory_format bogus": lambda L, d: t(L).long(memory_format=L.int64),
})


#: bad indices by label: ``fn(L)`` makes one for a 2 x 3 tensor
INDICES = {
    "a float": lambda L: 1.0,
    "a str": lambda L: "0",
    "int 2": lambda L: 2,
    "int -3": lambda L: -3,
    "a float tensor": lambda L: L.tensor([0.0]),
    "a 0-d float tensor": lambda L: L.tensor(0.0),
    "an int tensor out of range": lambda L: L.tensor([0, 2]),
    "an int tensor negative out of range": lambda L: L.tensor([-3]),
    "an int32 tensor out of range": lambda L: L.tensor([5], dtype=L.int32),
    "a uint8 mask of the wrong length": lambda L: L.tensor([1, 0, 1], dtype=L.uint8),
    "a bool mask of the wrong length": lambda L: L.tensor([True, False, True]),
    "a bool mask of the wrong shape": lambda L: L.ones(3, 2, dtype=L.bool),
    "a bool mask of too many dims": lambda L: L.ones(2, 3, 1, dtype=L.bool),
    "too many ints": lambda L: (0, 0, 0),
    "too many slices": lambda L: (slice(None),) * 3,
    "two Ellipses": lambda L: (Ellipsis, 0, Ellipsis),
    "None Ellipsis and too many": lambda L: (None, 0, Ellipsis, 0, 0),
    "None Ellipsis out of range": lambda L: (None, Ellipsis, 3),
    "a list out of range": lambda L: [0, 2],
    "a list of floats": lambda L: [0.0, 1.0],
    "a list of a str": lambda L: ["a"],
    "a nested ragged list": lambda L: [[0, 1], [0]],
    "a slice of floats": lambda L: slice(0.5, 2),
    "a slice step 0": lambda L: slice(None, None, 0),
    "a slice step -1": lambda L: slice(None, None, -1),
    "a tensor pair not broadcasting": lambda L: (L.tensor([0, 1]), L.tensor([0, 1, 2])),
    "a tensor and a list out of range": lambda L: (L.tensor([0]), [3]),
    "a dict": lambda L: {0: 1},
    "an ndarray of floats": lambda L: np.array([0.5]),
    "an ndarray out of range": lambda L: np.array([4]),
    "a set": lambda L: {0},
}


def read(idx):
    """The case reading a 2 x 3 tensor at ``idx``."""
    return lambda L, d: shown(L, t(L)[idx(L)])


def write(idx):
    """The case writing 9 into a 2 x 3 tensor at ``idx``: what is left after it raised."""
    def case(L, d):
        x = t(L)
        try:
            x[idx(L)] = 9.0
        except Exception:  # noqa: BLE001: the values left are compared below, then the same call again
            pass
        x2 = t(L)
        x2[idx(L)] = 9.0  # (the exception type)
        return shown(L, x), shown(L, x2)
    return case


def write_kept(idx):
    """The case writing 9 into a 2 x 3 tensor at ``idx``: its values after the write raised or returned."""
    return lambda L, d: shown(L, kept(t(L), lambda x: x.__setitem__(idx(L), 9.0)))


table("bad index: read", {label: read(idx) for label, idx in INDICES.items()})
table("bad index: write", {label: write(idx) for label, idx in INDICES.items()})
table("bad index: write keeps", {label: write_kept(idx) for label, idx in INDICES.items()})
table("bad index: write", {
    "a value of the wrong shape": lambda L, d: t(L).__setitem__(0, L.ones(2)),
    "a value of the wrong shape keeps": lambda L, d: shown(L, kept(t(L), lambda x: x.__setitem__(0, L.ones(2)))),
    "a value of more dims": lambda L, d: t(L).__setitem__(0, L.ones(2, 3)),
    "a value a str": lambda L, d: t(L).__setitem__(0, "a"),
    "a value None": lambda L, d: t(L).__setitem__(0, None),
    "a value a list ok": lambda L, d: shown(L, kept(t(L), lambda x: x.__setitem__(0, [1.0, 2.0, 3.0]))),
    "a value a ragged list": lambda L, d: t(L).__setitem__(0, [1.0, [2.0]]),
    "a mask and a value of the wrong length": lambda L, d: t(L).__setitem__(t(L) > 2, L.ones(2)),
    "a mask and a value of the wrong length keeps": lambda L, d: shown(L, kept(t(L), lambda x: x.__setitem__(x > 2, L.ones(2)))),
    "into an int tensor a float tensor ok": lambda L, d: shown(L, kept(L.zeros(3, dtype=L.int64), lambda x: x.__setitem__(0, L.tensor(2.7)))),
    "into a leaf requiring grad": lambda L, d: t(L).requires_grad_().__setitem__(0, 1.0),
    "index tensors with a value not broadcasting": lambda L, d: t(L).__setitem__((L.tensor([0, 1]), L.tensor([0, 1])), L.ones(3)),
})
table("bad index:", {
    "read Ellipsis int Ellipsis of 3-d ok": lambda L, d: shown(L, t(L, 2, 3, 4)[..., 0, ...]),
    "read Ellipsis None Ellipsis of 3-d ok": lambda L, d: shown(L, t(L, 2, 3, 4)[..., None, ...]),
    "read None Ellipsis Ellipsis ok": lambda L, d: shown(L, t(L, 2, 3, 4)[None, ..., ...]),
    "read three Ellipses ok": lambda L, d: shown(L, t(L)[..., ..., ...]),
    "read Ellipsis int Ellipsis int of 2-d ok": lambda L, d: shown(L, t(L)[..., 1, ..., 2]),
    "read Ellipsis int Ellipsis int of 3-d": lambda L, d: t(L, 2, 3, 4)[..., 0, ..., 1],
    "read Ellipsis Ellipsis int": lambda L, d: t(L)[..., ..., 0],
    "read Ellipsis list Ellipsis of 3-d ok": lambda L, d: shown(L, t(L, 2, 3, 4)[..., [0, 1], ...]),
    "read Ellipsis mask Ellipsis wrong shape": lambda L, d: t(L)[..., L.tensor([True, False]), ...],
    "write Ellipsis int Ellipsis of 3-d ok": lambda L, d: shown(L, kept(t(L, 2, 3, 4), lambda x: x.__setitem__((..., 1, ...), 9.0))),
    "write Ellipsis Ellipsis int": lambda L, d: t(L).__setitem__((..., ..., 0), 9.0),
    "read a uint8 mask ok": lambda L, d: shown(L, t(L)[L.tensor([1, 0], dtype=L.uint8)]),
    "write a uint8 mask a number": lambda L, d: t(L).__setitem__(L.tensor([1, 0], dtype=L.uint8), 9.0),
    "write a uint8 mask of the wrong length a 0-d tensor": lambda L, d: t(L).__setitem__(L.tensor([1, 0, 1], dtype=L.uint8), L.tensor(9.0)),
    "write a uint8 mask of the wrong shape after an int": lambda L, d: t(L).__setitem__((0, L.tensor([1, 0], dtype=L.uint8)), 9.0),
})
table("typed:", {
    "to a float ok": lambda L, d: shown(L, t(L).to(1.5)),
    "to a bool ok": lambda L, d: shown(L, t(L).to(False)),
    "to a float of an int tensor ok": lambda L, d: shown(L, L.ones(2, dtype=L.int64).to(2.0)),
    "to a float and a dtype": lambda L, d: t(L).to(1.5, L.float64),
    "to a float copy ok": lambda L, d: shown(L, t(L).double().to(1.5, copy=True)),
    "to a float non_blocking a str": lambda L, d: t(L).to(1.5, "no"),
    "to an int device": lambda L, d: t(L).to(1),
    "scatter_ value a str": lambda L, d: t(L).scatter_(1, L.tensor([[0], [1]]), "1"),
    "scatter_ value a str keeps": lambda L, d: shown(L, kept(t(L), lambda x: x.scatter_(1, L.tensor([[0], [1]]), "1"))),
    "scatter value a list reduce add": lambda L, d: t(L).scatter(1, L.tensor([[0], [1]]), [1.0], reduce="add"),
    "scatter value keyword a str": lambda L, d: t(L).scatter(1, L.tensor([[0], [1]]), value="1"),
    "scatter value a numpy float ok": lambda L, d: shown(L, t(L).scatter(1, L.tensor([[0], [1]]), np.float64(7.0))),
    "mean dtype a tensor": lambda L, d: t(L).mean(dtype=L.tensor(1.0)),
    "cumsum dtype a tensor": lambda L, d: t(L).cumsum(0, dtype=L.tensor(1.0)),
    "softmax dtype a tensor": lambda L, d: t(L).softmax(0, dtype=L.tensor(1.0)),
    "zeros dtype a tensor": lambda L, d: L.zeros(2, dtype=L.tensor(1.0)),
    "zeros dtype an int": lambda L, d: L.zeros(2, dtype=1),
    "unflatten sizes a 0-d zero tensor": lambda L, d: t(L).unflatten(1, L.tensor(0)),
    "unflatten sizes a one-element tensor": lambda L, d: t(L).unflatten(1, L.tensor([3])),
    "function unflatten sizes a tensor of two": lambda L, d: L.unflatten(t(L), 1, L.tensor([1, 3])),
    "double a positional": lambda L, d: t(L).double(L.contiguous_format),
    "int memory_format a str": lambda L, d: t(L).int(memory_format="x"),
    "half memory_format channels_last of 2-d ok": lambda L, d: shown(L, t(L).half(memory_format=L.channels_last)),
    "bool memory_format preserve ok": lambda L, d: shown(L, t(L).bool(memory_format=L.preserve_format)),
})
table("typed:", {
    "double memory_format channels_last of 4-d ok": lambda L, d: t(L, 1, 2, 2, 2).double(memory_format=L.channels_last).stride(),
    "long memory_format channels_last of 2-d": lambda L, d: t(L).long(memory_format=L.channels_last),
})
table("default dtype:", {
    "set_default_dtype None": lambda L, d: L.set_default_dtype(None),
    "set_default_dtype an int": lambda L, d: L.set_default_dtype(3),
    "set_default_dtype a NumPy dtype": lambda L, d: L.set_default_dtype(np.dtype("float64")),
    "set_default_dtype a NumPy type": lambda L, d: L.set_default_dtype(np.float32),
    "set_default_dtype a str float": lambda L, d: L.set_default_dtype("float"),
    "set_default_dtype int64": lambda L, d: L.set_default_dtype(L.int64),
    "set_default_dtype uint8": lambda L, d: L.set_default_dtype(L.uint8),
    "set_default_dtype complex128": lambda L, d: L.set_default_dtype(L.complex128),
})
