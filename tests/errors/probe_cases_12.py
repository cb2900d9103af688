"""Bad-input cases of the twelfth probe, "a failure loses nothing, nothing hangs": each case makes a call
fail and returns the exception's kind together with the state left behind (a tensor's values, dtype,
shape, strides, ``_version``, ``requires_grad``, ``grad`` and whether it has a ``grad_fn``; an
optimizer's parameters and state; a scheduler's learning rates; a module's state dict; a file's bytes;
a fresh iterator of the same ``DataLoader``), so that PyTorch's and minigrad's compare whole: in-place
ops failing part-way, optimizers and schedulers whose step fails, modules changed with bad entries,
checkpoints saved and loaded wrongly, datasets, samplers and collate functions that raise; then sizes
that no memory holds, which must raise at once (each under a time limit of its own). Same form as the
others: ``fn(L, d)`` with ``L`` the library (``torch`` or ``minigrad``) and ``d`` an empty folder of its
own; a name says what is given, not whether PyTorch takes it."""
import pathlib

import numpy as np

from errors.probe_runner import Cases, fixed_linear as lin, tenths as t
from parity.limits import time_limit

CASES = Cases()
table = CASES.table


def values(x):
    """A tensor's values as a str, to 6 digits (a str: nan equals nan)."""
    data = np.array(x.detach().tolist(), dtype=complex if x.is_complex() else float)
    return str(np.round(data, 6).tolist())


def state(x):
    """Everything a failed call on ``x`` could have changed, as data."""
    grad = x.grad if x.is_leaf else None
    return [str(x.dtype), tuple(x.shape), tuple(x.stride()), x._version, x.requires_grad, x.is_leaf,
            x.grad_fn is None, None if grad is None else values(grad), values(x)]


class Kind:
    """What a call did, as the cases return it: returned, or raised an exception of some classes. Two
    kinds are equal where they returned alike, or where every class of PyTorch's exception that is
    neither PyTorch's nor minigrad's own (``RuntimeError``, ``OSError``...) is one of minigrad's too:
    minigrad's exception is an instance of what PyTorch raised."""

    def __init__(self, L, exc=None):
        self.lib = L.__name__
        self.classes = {"returned"} if exc is None else {
            c.__name__ for c in type(exc).__mro__[:-2] if c.__module__.split(".")[0] not in ("torch", "minigrad")}

    def __eq__(self, other):
        if not isinstance(other, Kind):
            return NotImplemented
        theirs, mine = (self, other) if self.lib == "torch" else (other, self)
        return theirs.classes <= mine.classes if theirs.classes else not mine.classes

    def __repr__(self):
        return "/".join(sorted(self.classes)) or "a library's own exception"


def attempt(L, call):
    """The kind of what ``call()`` does on ``L``."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001: the case compares the kind and what is left
        return Kind(L, exc)
    return Kind(L)


#: tensors to fail on in place by label: ``fn(L)``, all 2 x 3
SELVES = {
    "float": lambda L: t(L),
    "int": lambda L: L.arange(6).reshape(2, 3),
    "transposed view": lambda L: t(L, 3, 2).t(),
    "non-leaf": lambda L: t(L).requires_grad_() * 1,
    "leaf requiring grad": lambda L: t(L).requires_grad_(),
}

#: in-place calls that fail (on some of the selves) by label: ``fn(L, x)`` changes ``x``
INPLACE = {
    "add_ a tensor not broadcasting": lambda L, x: x.add_(L.ones(4, dtype=x.dtype)),
    "add_ a tensor broadcasting to more": lambda L, x: x.add_(L.ones(2, 2, 3, dtype=x.dtype)),
    "add_ alpha a str": lambda L, x: x.add_(x.detach(), alpha="2"),
    "sub_ a bool tensor": lambda L, x: x.sub_(L.ones(2, 3, dtype=L.bool)),
    "mul_ a float": lambda L, x: x.mul_(1.5),
    "mul_ a str": lambda L, x: x.mul_("2"),
    "div_ an int": lambda L, x: x.div_(2),
    "pow_ a negative int": lambda L, x: x.pow_(-1),
    "floor_divide_ zero": lambda L, x: x.floor_divide_(0),
    "remainder_ a zero tensor": lambda L, x: x.remainder_(L.zeros(3, dtype=x.dtype)),
    "exp_": lambda L, x: x.exp_(),
    "copy_ a tensor of another shape": lambda L, x: x.copy_(L.ones(4)),
    "copy_ a tensor of the transposed shape": lambda L, x: x.copy_(L.ones(3, 2)),
    "copy_ a list": lambda L, x: x.copy_([1.0, 2.0, 3.0]),
    "copy_ a complex tensor": lambda L, x: x.copy_(L.ones(2, 3, dtype=L.complex128)),
    "index_put_ a bad index after good ones": lambda L, x: x.index_put_((L.tensor([0, 1, 5]),), L.tensor(9.0, dtype=x.dtype)),
    "index_put_ accumulate a bad index after good ones": lambda L, x: x.index_put_((L.tensor([0, 1, 5]),), L.tensor(9.0, dtype=x.dtype), accumulate=True),
    "index_put_ values of the wrong shape": lambda L, x: x.index_put_((L.tensor([0, 1]),), L.ones(4, dtype=x.dtype)),
    "index_put_ a float index": lambda L, x: x.index_put_((L.tensor([0.0]),), L.tensor(9.0, dtype=x.dtype)),
    "scatter_ one bad index": lambda L, x: x.scatter_(1, L.tensor([[0, 1, 7]]), L.ones(1, 3, dtype=x.dtype)),
    "scatter_ a value with one bad index": lambda L, x: x.scatter_(1, L.tensor([[2, -9]]), 5.0),
    "scatter_add_ one bad index": lambda L, x: x.scatter_add_(0, L.tensor([[1, 0, 2]]), L.ones(1, 3, dtype=x.dtype)),
    "scatter_ an int32 index": lambda L, x: x.scatter_(1, L.tensor([[0]], dtype=L.int32), 5.0),
    "index_add_ one bad index": lambda L, x: x.index_add_(1, L.tensor([0, 3]), L.ones(2, 2, dtype=x.dtype)),
    "index_fill_ one bad index": lambda L, x: x.index_fill_(1, L.tensor([1, 4]), 7),
    "index_copy_ a source of the wrong shape": lambda L, x: x.index_copy_(0, L.tensor([1]), L.ones(1, 4, dtype=x.dtype)),
    "masked_fill_ a float mask": lambda L, x: x.masked_fill_(L.ones(2, 3), 1),
    "masked_fill_ a mask of another shape": lambda L, x: x.masked_fill_(L.ones(2, 2, dtype=L.bool), 1),
    "masked_fill_ a mask broadcasting to more": lambda L, x: x.masked_fill_(L.ones(4, 2, 3, dtype=L.bool), 1),
    "masked_fill_ a value of two elements": lambda L, x: x.masked_fill_(L.ones(2, 3, dtype=L.bool), L.ones(2)),
    "masked_scatter_ too few source elements": lambda L, x: x.masked_scatter_(L.ones(2, 3, dtype=L.bool), L.ones(4, dtype=x.dtype)),
    "clamp_ a str": lambda L, x: x.clamp_("0"),
    "clamp_ a complex": lambda L, x: x.clamp_(1j),
    "clamp_ a min tensor not broadcasting": lambda L, x: x.clamp_(L.zeros(4, dtype=x.dtype)),
    "clamp_ none of min and max": lambda L, x: x.clamp_(),
    "addcmul_ tensors not broadcasting": lambda L, x: x.addcmul_(L.ones(2, dtype=x.dtype), L.ones(2, dtype=x.dtype)),
    "lerp_ a weight not broadcasting": lambda L, x: x.lerp_(L.ones(2, 3, dtype=x.dtype), L.ones(4, dtype=x.dtype)),
    "fill_ a tensor of two": lambda L, x: x.fill_(L.ones(2)),
    "put_ an index out of range": lambda L, x: x.put_(L.tensor([0, 9]), L.ones(2, dtype=x.dtype)),
    "resize_ to fewer": lambda L, x: x.resize_(2, 2),
    "squeeze_ a dim out of range": lambda L, x: x.squeeze_(5),
    "unsqueeze_ a dim out of range": lambda L, x: x.unsqueeze_(5),
    "transpose_ a dim out of range": lambda L, x: x.transpose_(0, 3),
    "uniform_ from above to": lambda L, x: x.uniform_(2, 1),
    "normal_ a negative std": lambda L, x: x.normal_(0, -1),
    "random_ from not below to": lambda L, x: x.random_(3, 3),
    "bernoulli_ p above one": lambda L, x: x.bernoulli_(1.5),
    "exponential_ a negative lambda": lambda L, x: x.exponential_(-1),
    "setitem a list index out of range": lambda L, x: x.__setitem__(L.tensor([0, 5]), 1),
    "setitem the 2nd index of a list out of range": lambda L, x: x.__setitem__((L.tensor([0, 1]), L.tensor([0, 9])), 1),
    "setitem a value of the wrong shape": lambda L, x: x.__setitem__(0, L.ones(2, dtype=x.dtype)),
    "setitem a str value": lambda L, x: x.__setitem__((slice(None), 0), "a"),
    "setitem a bool mask of the wrong shape": lambda L, x: x.__setitem__(L.ones(3, dtype=L.bool), 1),
    "setitem values per index of the wrong length": lambda L, x: x.__setitem__((L.tensor([0, 1]), L.tensor([0, 1])), L.ones(3, dtype=x.dtype)),
    "requires_grad_": lambda L, x: x.requires_grad_(),
    "grad of another shape": lambda L, x: setattr(x, "grad", L.ones(3, dtype=x.dtype)),
    "grad of another dtype": lambda L, x: setattr(x, "grad", L.ones(2, 3, dtype=L.float32)),
    "grad a list": lambda L, x: setattr(x, "grad", [1.0]),
}


def failed_in_place(fn, make):
    """The case failing ``fn`` on ``make``'s tensor: the error's kind and the tensor's state after."""
    def case(L, d):
        x = make(L)
        return attempt(L, lambda: fn(L, x)), state(x)
    return case


for _label, _make in SELVES.items():
    table(f"in place on {_label}:", {call: failed_in_place(fn, _make) for call, fn in INPLACE.items()})


def two_params(L):
    """A 2 x 2 and a 3-element float64 parameter, their gradients set (ones and halves)."""
    p, q = L.nn.Parameter(t(L, 2, 2)), L.nn.Parameter(t(L, 3) + 0.5)
    p.grad, q.grad = L.ones(2, 2, dtype=L.float64), L.full((3,), 0.5, dtype=L.float64)
    return p, q


#: optimizers by label: ``fn(L, groups, **group options of the second group)``
OPTIMIZERS = {
    "SGD": lambda L, g: L.optim.SGD(g, lr=0.1),
    "SGD momentum": lambda L, g: L.optim.SGD(g, lr=0.1, momentum=0.9),
    "Adam": lambda L, g: L.optim.Adam(g, lr=0.1),
    "AdamW": lambda L, g: L.optim.AdamW(g, lr=0.1),
    "RMSprop": lambda L, g: L.optim.RMSprop(g, lr=0.1),
    "Adagrad": lambda L, g: L.optim.Adagrad(g, lr=0.1),
    "Adamax": lambda L, g: L.optim.Adamax(g, lr=0.1),
    "NAdam": lambda L, g: L.optim.NAdam(g, lr=0.1),
    "RAdam": lambda L, g: L.optim.RAdam(g, lr=0.1),
    "Adadelta": lambda L, g: L.optim.Adadelta(g, lr=0.1),
    "Rprop": lambda L, g: L.optim.Rprop(g, lr=0.1),
    "ASGD": lambda L, g: L.optim.ASGD(g, lr=0.1),
}


def opt_state(L, opt, ps):
    """The parameters' values and, per parameter, its state's keys and step."""
    def step(s):
        return None if "step" not in s else float(s["step"])
    return [[values(p) for p in ps], [(sorted(opt.state[p]), step(opt.state[p])) for p in ps],
            [repr(g["lr"]) if isinstance(g["lr"], (int, float, str, type(None))) else "a tensor" for g in opt.param_groups]]


def second_group(**options):
    """A fault: the second parameter in a group of its own with ``options``."""
    def fault(L, make, p, q):
        return make(L, [{"params": [p]}, {"params": [q], **options}]), None
    return fault


def resized_second(L, make, p, q):
    """A fault: the second parameter's data replaced by 4 elements, its gradient left at 3."""
    opt = make(L, [p, q])
    q.data = L.zeros(4, dtype=L.float64)
    return opt, None


def nan_lr(L, make, p, q):
    """A fault: the learning rate set to NaN after construction."""
    opt = make(L, [p, q])
    opt.param_groups[0]["lr"] = float("nan")
    return opt, None


def raising_closure(L, make, p, q):
    """A fault: a closure that raises before computing a loss."""
    def closure():
        raise ValueError("no loss")
    return make(L, [p, q]), closure


def nan_grad(L, make, p, q):
    """A fault: a NaN in the second parameter's gradient."""
    q.grad[1] = float("nan")
    return make(L, [p, q]), None


FAULTS = {
    "2nd group lr a str": second_group(lr="x"),
    "2nd group lr None": second_group(lr=None),
    "2nd group weight_decay a str": second_group(weight_decay="x"),
    "2nd group lr a tensor of two": lambda L, make, p, q: second_group(lr=L.ones(2))(L, make, p, q),
    "2nd parameter resized": resized_second,
    "lr set to NaN": nan_lr,
    "closure raising": raising_closure,
    "a NaN gradient": nan_grad,
}


def failed_step(make, fault):
    """The case building ``make``'s optimizer with ``fault`` and stepping once: the error's kind and the
    parameters' values and states after."""
    def case(L, d):
        p, q = two_params(L)
        opt, closure = fault(L, make, p, q)
        return attempt(L, lambda: opt.step(closure) if closure else opt.step()), opt_state(L, opt, [p, q])
    return case


for _label, _make in OPTIMIZERS.items():
    table(f"optim step {_label}:", {f: failed_step(_make, fault) for f, fault in FAULTS.items()})


def sgd(L, groups=1):
    """An SGD optimizer of lr 1 over ``groups`` groups of one parameter each."""
    return L.optim.SGD([{"params": [L.nn.Parameter(t(L, 2))]} for _ in range(groups)], lr=1.0)


def sched_state(sched):
    """A scheduler's learning rates (9 digits) and epoch."""
    return [round(float(g["lr"]), 9) for g in sched.optimizer.param_groups], sched.last_epoch


def stepped(make, step, steps=1):
    """The case stepping ``make``'s scheduler ``steps - 1`` times, then once with ``step`` (which fails):
    the error's kind and the learning rates and epoch after."""
    def case(L, d):
        sched = make(L)
        for _ in range(steps - 1):
            sched.optimizer.step()
            sched.step()
        sched.optimizer.step()
        return attempt(L, lambda: step(sched)), sched_state(sched)
    return case


def plateau(L):
    """A ReduceLROnPlateau of patience 0 over SGD."""
    return L.optim.lr_scheduler.ReduceLROnPlateau(sgd(L), patience=0)


table("sched step:", {
    "LambdaLR 2nd lambda raising": stepped(lambda L: L.optim.lr_scheduler.LambdaLR(sgd(L, 2), [lambda e: 0.5 ** e, lambda e: 1 / (1 - e)]), lambda s: s.step()),
    "LambdaLR lambda returning a str": stepped(lambda L: L.optim.lr_scheduler.LambdaLR(sgd(L), lambda e: 1.0 if e == 0 else "x"), lambda s: s.step()),
    "LambdaLR lambda returning None": stepped(lambda L: L.optim.lr_scheduler.LambdaLR(sgd(L), lambda e: 1.0 if e == 0 else None), lambda s: s.step()),
    "MultiplicativeLR 2nd lambda raising": stepped(lambda L: L.optim.lr_scheduler.MultiplicativeLR(sgd(L, 2), [lambda e: 0.5, lambda e: 1 / (1 - e)]), lambda s: s.step()),
    "OneCycleLR beyond total_steps": stepped(lambda L: L.optim.lr_scheduler.OneCycleLR(sgd(L), 1.0, total_steps=3), lambda s: s.step(), steps=4),
    "ReduceLROnPlateau a str metric": stepped(plateau, lambda s: s.step("x")),
    "ReduceLROnPlateau None metric": stepped(plateau, lambda s: s.step(None)),
    "ReduceLROnPlateau a tensor of two": stepped(plateau, lambda s: s.step(s.optimizer.param_groups[0]["params"][0])),
    "ReduceLROnPlateau a NaN metric": stepped(plateau, lambda s: s.step(float("nan")), steps=3),
    "CosineAnnealingWarmRestarts a negative epoch": stepped(lambda L: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(sgd(L), 2), lambda s: s.step(-1)),
    "CyclicLR scale_fn raising": stepped(lambda L: L.optim.lr_scheduler.CyclicLR(sgd(L), 0.1, 1.0, cycle_momentum=False, scale_fn=lambda x: 1 / (x - 1), scale_mode="cycle"), lambda s: s.step()),
    "StepLR after its optimizer's lr became a str": stepped(lambda L: L.optim.lr_scheduler.StepLR(sgd(L), 1), lambda s: (s.optimizer.param_groups[0].__setitem__("lr", "x"), s.step())),
})


def lr_after(build):
    """The case building a scheduler that fails in its constructor: the error's kind and the optimizer's
    learning rates and group keys after."""
    def case(L, d):
        opt = sgd(L, 2)
        return attempt(L, lambda: build(L, opt)), [sorted(g) for g in opt.param_groups], [g["lr"] for g in opt.param_groups]
    return case


table("sched build:", {
    "CyclicLR cycling momentum without momentum": lr_after(lambda L, o: L.optim.lr_scheduler.CyclicLR(o, 0.1, 1.0)),
    "CyclicLR base_lr a list of one for two groups": lr_after(lambda L, o: L.optim.lr_scheduler.CyclicLR(o, [0.1], 1.0, cycle_momentum=False)),
    "OneCycleLR max_lr a list of three for two groups": lr_after(lambda L, o: L.optim.lr_scheduler.OneCycleLR(o, [1.0, 1.0, 1.0], total_steps=3)),
    "LambdaLR a list of one lambda for two groups": lr_after(lambda L, o: L.optim.lr_scheduler.LambdaLR(o, [lambda e: 1.0])),
    "LambdaLR a lambda raising at epoch 0": lr_after(lambda L, o: L.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / e)),
    "StepLR last_epoch 3 without initial_lr": lr_after(lambda L, o: L.optim.lr_scheduler.StepLR(o, 1, last_epoch=3)),
    "SequentialLR milestones of the wrong length": lr_after(lambda L, o: L.optim.lr_scheduler.SequentialLR(o, [L.optim.lr_scheduler.ConstantLR(o), L.optim.lr_scheduler.ConstantLR(o)], milestones=[1, 2])),
    "ChainedScheduler of another optimizer's": lr_after(lambda L, o: L.optim.lr_scheduler.ChainedScheduler([L.optim.lr_scheduler.ConstantLR(o), L.optim.lr_scheduler.ConstantLR(sgd(L))])),
})


def net(L):
    """Linear, ReLU, Linear, BatchNorm1d: float64, fixed weights."""
    return L.nn.Sequential(lin(L), L.nn.ReLU(), lin(L), L.nn.BatchNorm1d(2, dtype=L.float64))


def module_state(m):
    """A module's state dict as data (dtype, values, requires_grad), its parameters' and buffers' names."""
    return ([(k, str(v.dtype), values(v), v.requires_grad) for k, v in m.state_dict(keep_vars=True).items()],
            sorted(n for n, _ in m.named_parameters()), sorted(n for n, _ in m.named_buffers()))


def changed_module(change, make=net):
    """The case changing ``make``'s module with ``change``: the error's kind and the module's state after."""
    def case(L, d):
        m = make(L)
        return attempt(L, lambda: change(L, m)), module_state(m)
    return case


def entries(L, m, **changes):
    """``m``'s state dict with every float entry plus one, then ``changes`` (None: the entry left out)."""
    sd = {k: v + 1 if v.is_floating_point() else v for k, v in m.state_dict().items()}
    sd.update(changes)
    return {k: v for k, v in sd.items() if v is not None}


def raising_on(kind_name):
    """A function for ``Module.apply`` that zeroes Linear weights and raises on the first module of
    the class named ``kind_name``."""
    def fn(m):
        if type(m).__name__ == kind_name:
            raise ValueError(kind_name)
        if hasattr(m, "weight") and m.weight is not None:
            m.weight.data.zero_()
    return fn


table("module state:", {
    "load_state_dict the last entry a str": changed_module(lambda L, m: m.load_state_dict(entries(L, m, **{"3.num_batches_tracked": "x"}))),
    "load_state_dict an int entry for a float parameter": changed_module(lambda L, m: m.load_state_dict(entries(L, m, **{"0.bias": L.ones(2, dtype=L.int64)}))),
    "load_state_dict a float entry for an int buffer": changed_module(lambda L, m: m.load_state_dict(entries(L, m, **{"3.num_batches_tracked": L.tensor(2.7)}))),
    "load_state_dict a complex entry": changed_module(lambda L, m: m.load_state_dict(entries(L, m, **{"2.bias": L.ones(2, dtype=L.complex128)}))),
    "load_state_dict a requires_grad entry": changed_module(lambda L, m: m.load_state_dict(entries(L, m, **{"2.bias": L.ones(2, requires_grad=True)}))),
    "load_state_dict strict a missing entry ok when every other fits": changed_module(lambda L, m: m.load_state_dict(entries(L, m, **{"3.num_batches_tracked": None}))),
    "load_state_dict not strict an extra entry": changed_module(lambda L, m: m.load_state_dict(entries(L, m, extra=L.ones(1)), strict=False)),
    "load_state_dict assign a requires_grad entry": changed_module(lambda L, m: m.load_state_dict(entries(L, m), assign=True)),
    "load_state_dict a 0-d entry for a bias": changed_module(lambda L, m: m.load_state_dict({"bias": L.tensor(1.0), "weight": L.ones(2, 2)}), lin),
    "load_state_dict a broadcastable entry": changed_module(lambda L, m: m.load_state_dict({"bias": L.ones(1), "weight": L.ones(2, 2)}), lin),
    "to an int dtype": changed_module(lambda L, m: m.to(L.int64)),
    "to a bool dtype": changed_module(lambda L, m: m.to(L.bool)),
    "to a str": changed_module(lambda L, m: m.to("float")),
    "to two dtypes": changed_module(lambda L, m: m.to(L.float32, L.float16)),
    "to an unknown device": changed_module(lambda L, m: m.to("tpu")),
    "to non_blocking a str ok": changed_module(lambda L, m: m.to(L.float32, non_blocking="x")),
    "half then double": changed_module(lambda L, m: m.half().double()),
    "type an int dtype": changed_module(lambda L, m: m.type(L.int64)),
    "apply raising on ReLU": changed_module(lambda L, m: m.apply(raising_on("ReLU"))),
    "apply raising on BatchNorm1d": changed_module(lambda L, m: m.apply(raising_on("BatchNorm1d"))),
    "apply raising on Sequential": changed_module(lambda L, m: m.apply(raising_on("Sequential"))),
    "apply not callable": changed_module(lambda L, m: m.apply(1)),
    "register_buffer a name of a parameter": changed_module(lambda L, m: m[0].register_buffer("weight", L.ones(1))),
    "register_buffer a name of a submodule": changed_module(lambda L, m: m.register_buffer("0", L.ones(1))),
    "register_buffer a number": changed_module(lambda L, m: m.register_buffer("b", 1.0)),
    "register_parameter a name of a buffer": changed_module(lambda L, m: m[3].register_parameter("running_mean", L.nn.Parameter(L.ones(2)))),
    "register_parameter a tensor": changed_module(lambda L, m: m[0].register_parameter("extra", L.ones(2))),
    "register_parameter a name of a submodule": changed_module(lambda L, m: m.register_parameter("1", L.nn.Parameter(L.ones(1)))),
    "register_parameter a non-leaf": changed_module(lambda L, m: m[0].register_parameter("extra", L.nn.Parameter(L.ones(2)) * 2)),
    "requires_grad_ a str ok": changed_module(lambda L, m: m.requires_grad_("no")),
    "zero_grad set_to_none a str ok": changed_module(lambda L, m: m.zero_grad("no")),
})


def saved(L, path):
    """Save a small state dict to ``path``; its bytes."""
    L.save({"w": t(L, 2)}, path)
    return pathlib.Path(path).read_bytes()


def kept_file(fail):
    """The case saving a checkpoint, then failing ``fail(L, path)`` at it: the error's kind and whether the
    file is as it was and loads as it did."""
    def case(L, d):
        path = d / "model.pt"
        before = saved(L, path)
        result = attempt(L, lambda: fail(L, path))
        return result, path.read_bytes() == before, values(L.load(path)["w"])
    return case


def save_into_read_handle(L, path):
    """Save into a handle of ``path`` opened for reading."""
    with open(path, "rb") as f:
        L.save({"w": t(L, 3)}, f)


def save_unpicklable(L, path):
    """Save a dict holding a lambda."""
    L.save({"w": t(L, 3), "f": lambda: 0}, path)


def load_written(data):
    """The case loading a file holding ``data(path's own checkpoint bytes)`` into a model: the error's
    kind and the model after (nothing from the file)."""
    def case(L, d):
        good = saved(L, d / "good.pt")
        bad = d / "bad.pt"
        bad.write_bytes(data(good))
        m = lin(L)
        return attempt(L, lambda: m.load_state_dict(L.load(bad, weights_only=True))), module_state(m)
    return case


class Evil:
    """An object whose unpickling would run ``print``."""

    def __reduce__(self):
        return print, ("unpickled",)


def pickled(obj):
    """The bytes of ``obj`` pickled (protocol 2, as PyTorch's legacy files)."""
    import pickle
    return pickle.dumps(obj, protocol=2)


table("checkpoint:", {
    "save into a missing folder": lambda L, d: (attempt(L, lambda: L.save({"w": t(L, 2)}, d / "no" / "model.pt")), (d / "no").exists()),
    "save to a path that is a folder": lambda L, d: (attempt(L, lambda: L.save({"w": t(L, 2)}, d)), sorted(p.name for p in d.iterdir())),
    "save into a read handle": kept_file(save_into_read_handle),
    "save a lambda over it": kept_file(save_unpicklable),
    "save a path under it": kept_file(lambda L, path: L.save({"w": t(L, 3)}, path / "inner.pt")),
    "load a truncated file": load_written(lambda good: good[: len(good) // 2]),
    "load an empty file": load_written(lambda good: b""),
    "load a file of text": load_written(lambda good: b"not a checkpoint at all\n"),
    "load a file with its head overwritten": load_written(lambda good: b"\0" * 64 + good[64:]),
    "load a pickled object": load_written(lambda good: pickled(Evil())),
    "load a pickled dict": load_written(lambda good: pickled({"weight": [1.0]})),
    "load a missing file": lambda L, d: attempt(L, lambda: L.load(d / "missing.pt")),
    "load a folder": lambda L, d: attempt(L, lambda: L.load(d)),
    "load a handle opened for writing": lambda L, d: (lambda f: (attempt(L, lambda: L.load(f)), f.close())[0])(open(d / "w.pt", "wb")),
})


class Flaky:
    """A map-style dataset of 6 float rows whose ``__getitem__`` raises ``error`` once, at index 3."""

    def __init__(self, L, error):
        self.L, self.error, self.raised = L, error, False

    def __len__(self):
        return 6

    def __getitem__(self, i):
        if i == 3 and not self.raised:
            self.raised = True
            raise self.error
        return self.L.full((2,), float(i))


class BadLength:
    """A map-style dataset of 6 float rows whose ``__len__`` gives ``length()``."""

    def __init__(self, L, length):
        self.L, self.length = L, length

    def __len__(self):
        return self.length()

    def __getitem__(self, i):
        return self.L.full((2,), float(i))


def batches(loader):
    """A loader's batches as data."""
    return [values(b) if hasattr(b, "shape") else repr(b) for b in loader]


def twice(build):
    """The case iterating ``build``'s loader, which fails, then a new iterator of it: the error's kind
    and the second pass's batches (or kind)."""
    def case(L, d):
        L.manual_seed(0)
        loader = build(L)
        first = attempt(L, lambda: list(loader))
        second = None
        try:
            second = batches(loader)
        except Exception as exc:  # noqa: BLE001
            second = Kind(L, exc)
        return first, second
    return case


def loader(L, dataset, **options):
    """A DataLoader over ``dataset`` of batch size 2 with ``options``."""
    return L.utils.data.DataLoader(dataset, batch_size=options.pop("batch_size", 2), **options)


def once(error):
    """A collate function raising ``error`` on its first call, then stacking."""
    calls = []

    def collate(batch):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return sum(float(b.sum()) for b in batch)
    return collate


def tensors(L):
    """A TensorDataset of 5 float64 rows."""
    return L.utils.data.TensorDataset(t(L, 5, 2))


table("loader:", {
    "getitem raising KeyError once": twice(lambda L: loader(L, Flaky(L, KeyError(3)))),
    "getitem raising ValueError once": twice(lambda L: loader(L, Flaky(L, ValueError("bad row")))),
    "getitem raising StopIteration once": twice(lambda L: loader(L, Flaky(L, StopIteration()))),
    "getitem raising IndexError once shuffled": twice(lambda L: loader(L, Flaky(L, IndexError(3)), shuffle=True)),
    "getitem raising once unbatched": twice(lambda L: loader(L, Flaky(L, KeyError(3)), batch_size=None)),
    "len raising": twice(lambda L: loader(L, BadLength(L, lambda: 1 / 0))),
    "len negative": twice(lambda L: loader(L, BadLength(L, lambda: -1))),
    "len a float": twice(lambda L: loader(L, BadLength(L, lambda: 2.5))),
    "len raising shuffled": twice(lambda L: loader(L, BadLength(L, lambda: 1 / 0), shuffle=True)),
    "collate_fn raising once": twice(lambda L: loader(L, tensors(L), collate_fn=once(ValueError("bad batch")))),
    "collate_fn raising TypeError once": twice(lambda L: loader(L, tensors(L), collate_fn=once(TypeError("bad batch")))),
    "sampler an index out of range": twice(lambda L: loader(L, tensors(L), sampler=[0, 1, 7])),
    "sampler a negative index beyond": twice(lambda L: loader(L, tensors(L), sampler=[0, -9])),
    "sampler a str index": twice(lambda L: loader(L, tensors(L), sampler=[0, "a"])),
    "sampler a float index": twice(lambda L: loader(L, tensors(L), sampler=[0, 1.5])),
    "sampler None index": twice(lambda L: loader(L, tensors(L), sampler=[0, None])),
    "batch_sampler an int batch": twice(lambda L: L.utils.data.DataLoader(tensors(L), batch_sampler=[[0, 1], 2])),
    "batch_sampler an empty batch": twice(lambda L: L.utils.data.DataLoader(tensors(L), batch_sampler=[[0, 1], []])),
    "batch_sampler an index out of range": twice(lambda L: L.utils.data.DataLoader(tensors(L), batch_sampler=[[0, 1], [4, 5]])),
    "batch_sampler a generator consumed": twice(lambda L: L.utils.data.DataLoader(tensors(L), batch_sampler=iter([[0, 1], [2, 3]]))),
    "default collate of mixed types": twice(lambda L: loader(L, [L.ones(2), "a"])),
    "default collate of rows of two lengths": twice(lambda L: loader(L, [L.ones(2), L.ones(3)])),
})


def huge(make):
    """The case calling ``make(L)``, which must raise (or return) within 10 seconds: the error's kind, or
    the result's shape."""
    def case(L, d):
        with time_limit(10, "the call"):
            try:
                out = make(L)
            except Exception as exc:  # noqa: BLE001: the case compares the kind
                return Kind(L, exc)
        return tuple(out.shape) if hasattr(out, "shape") else out
    return case


table("huge:", {
    "empty 2**62": huge(lambda L: L.empty(2 ** 62)),
    "empty 2**62 bool": huge(lambda L: L.empty(2 ** 62, dtype=L.bool)),
    "ones 2**40 x 2**40": huge(lambda L: L.ones(2 ** 40, 2 ** 40)),
    "zeros 2**20 x 2**20 x 2**20": huge(lambda L: L.zeros(2 ** 20, 2 ** 20, 2 ** 20)),
    "zeros 2**40 x 2**40 x 0 ok": huge(lambda L: L.zeros(2 ** 40, 2 ** 40, 0)),
    "zeros 2**62 x 2**62 x 0": huge(lambda L: L.zeros(2 ** 62, 2 ** 62, 0)),
    "full 2**62": huge(lambda L: L.full((2 ** 62,), 1.0)),
    "empty_strided 2**62": huge(lambda L: L.empty_strided((2 ** 62,), (1,))),
    "new_zeros 2**62": huge(lambda L: L.ones(2).new_zeros(2 ** 62)),
    "new_full 2**62": huge(lambda L: L.ones(2).new_full((2 ** 62,), 1.0)),
    "rand 2**62": huge(lambda L: L.rand(2 ** 62)),
    "randn 2**50": huge(lambda L: L.randn(2 ** 50)),
    "randint 2**62": huge(lambda L: L.randint(0, 2, (2 ** 62,))),
    "arange a step of 1e-18": huge(lambda L: L.arange(0, 1, 1e-18)),
    "arange a step of 1e-300": huge(lambda L: L.arange(0.0, 1.0, 1e-300)),
    "arange 2**62": huge(lambda L: L.arange(2 ** 62)),
    "arange -2**62 to 2**62": huge(lambda L: L.arange(-2 ** 62, 2 ** 62)),
    "arange 2**62 by 2**10": huge(lambda L: L.arange(0, 2 ** 62, 2 ** 10)),
    "arange to infinity": huge(lambda L: L.arange(0, float("inf"))),
    "arange to nan": huge(lambda L: L.arange(0, float("nan"))),
    "linspace 2**62 steps": huge(lambda L: L.linspace(0, 1, 2 ** 62)),
    "linspace 2**50 steps float64": huge(lambda L: L.linspace(0, 1, 2 ** 50, dtype=L.float64)),
    "logspace 2**62 steps": huge(lambda L: L.logspace(0, 1, 2 ** 62)),
    "repeat 2**61": huge(lambda L: L.ones(2).repeat(2 ** 61)),
    "repeat 2**40 x 2**40": huge(lambda L: L.ones(2, 2).repeat(2 ** 40, 2 ** 40)),
    "repeat_interleave 2**62": huge(lambda L: L.ones(2).repeat_interleave(2 ** 62)),
    "tile 2**61": huge(lambda L: L.ones(2).tile(2 ** 61)),
    "expand 2**62 ok": huge(lambda L: L.ones(1).expand(2 ** 62)),
    "expand 2**60 ok": huge(lambda L: L.ones(1).expand(2 ** 60)),
    "expand 2**62 then clone": huge(lambda L: L.ones(1).expand(2 ** 62).clone()),
    "expand 2**62 then times 2": huge(lambda L: L.ones(1).expand(2 ** 62) * 2),
    "expand 2**31 outer product": huge(lambda L: L.outer(L.ones(1).expand(2 ** 31), L.ones(1).expand(2 ** 31))),
    "broadcast 2**31 by 2**31": huge(lambda L: L.ones(1).expand(2 ** 31)[:, None] + L.ones(1).expand(2 ** 31)),
    "randperm 2**40": huge(lambda L: L.randperm(2 ** 40)),
    "randperm 2**62": huge(lambda L: L.randperm(2 ** 62)),
    "randperm -1": huge(lambda L: L.randperm(-1)),
    "multinomial without replacement beyond n": huge(lambda L: L.multinomial(L.ones(3), 5)),
    "multinomial 2**62 with replacement": huge(lambda L: L.multinomial(L.ones(3), 2 ** 62, replacement=True)),
    "multinomial 2**62 categories of zero weight": huge(lambda L: L.multinomial(L.zeros(1).expand(2 ** 62), 1)),
    "eye 2**40": huge(lambda L: L.eye(2 ** 40)),
    "eye 2**62 by 1": huge(lambda L: L.eye(2 ** 62, 1)),
    "tril_indices 2**31": huge(lambda L: L.tril_indices(2 ** 31, 2 ** 31)),
    "one_hot of 2**50": huge(lambda L: L.nn.functional.one_hot(L.tensor([2 ** 50]))),
    "one_hot num_classes 2**62": huge(lambda L: L.nn.functional.one_hot(L.tensor([0]), 2 ** 62)),
    "bincount of 2**60": huge(lambda L: L.bincount(L.tensor([2 ** 60]))),
    "bincount minlength 2**62": huge(lambda L: L.bincount(L.tensor([0]), minlength=2 ** 62)),
    "histc 2**62 bins": huge(lambda L: L.histc(L.ones(2), bins=2 ** 62)),
    "legacy constructor 2**62": huge(lambda L: L.Tensor(2 ** 62)),
    "resize_ 2**62": huge(lambda L: L.ones(2).resize_(2 ** 62)),
    "pad by 2**62": huge(lambda L: L.nn.functional.pad(L.ones(1, 1), (0, 2 ** 62))),
    "interpolate to 2**50": huge(lambda L: L.nn.functional.interpolate(L.ones(1, 1, 2), size=2 ** 50)),
    "kron 2**31 by 2**31": huge(lambda L: L.kron(L.ones(1).expand(2 ** 31), L.ones(1).expand(2 ** 31))),
    "view 2**62 of two elements": huge(lambda L: L.ones(2).view(2 ** 62)),
    "reshape 2**62 of two elements": huge(lambda L: L.ones(2).reshape(2 ** 62, -1)),
    "zeros_like an expanded 2**62": huge(lambda L: L.zeros_like(L.ones(1).expand(2 ** 62))),
    "cat of two expanded 2**62": huge(lambda L: L.cat([L.ones(1).expand(2 ** 62), L.ones(1).expand(2 ** 62)])),
    "stack of two expanded 2**62": huge(lambda L: L.stack([L.ones(1).expand(2 ** 62), L.ones(1).expand(2 ** 62)])),
    "diag_embed of an expanded 2**31": huge(lambda L: L.diag_embed(L.ones(1).expand(2 ** 31))),
    "block_diag of two expanded 2**31": huge(lambda L: L.block_diag(L.ones(1, 1).expand(2 ** 31, 1), L.ones(1, 1).expand(1, 2 ** 31))),
})
