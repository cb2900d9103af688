"""Bad-input cases of the ninth probe, in the areas the first eight crossed thinly: the ``nn.Module`` API
misused (registering buffers, parameters and submodules under bad names or of bad types, loading state
dicts of the wrong shapes or keys, cycles of modules, indexing and slicing the containers, ``apply``,
``to``, ``type`` and ``train`` given bad arguments); ``nn.functional`` given bad arguments (convolutions'
padding, stride, dilation and groups, pooling windows larger than the input, ``interpolate``'s sizes and
scale factors, ``pad``'s modes and sizes, ``unfold``/``fold``, ``pixel_shuffle``, ``grid_sample``); the
FFTs' ``n``, ``dim`` and ``norm``; the linear algebra's non-square, batched, singular and integer inputs;
``torch.utils.data``'s splits, subsets, loaders and collation; the learning-rate schedulers' arguments;
and ``torch.save``/``torch.load`` of odd objects and paths; then ``out=`` partly overlapping an input of
an elementwise op, and ``arange``'s keyword ``start``. Same form as the others: ``fn(L, d)`` with ``L``
the library (``torch`` or ``minigrad``) and ``d`` an empty folder of its own; a name says what is given,
not whether PyTorch takes it."""
import io

import numpy as np

from errors.probe_runner import Cases, kept

CASES = Cases()
table = CASES.table


def t(L, *shape):
    """A float tensor 0, 1, 2... of ``shape`` (2 x 3 without one)."""
    shape = shape or (2, 3)
    n = int(np.prod(shape))
    return L.arange(float(n)).reshape(shape)


def nn(L):
    """The library's ``nn``."""
    return L.nn


def F(L):
    """The library's ``nn.functional``."""
    return L.nn.functional


def lin(L):
    """A 2 -> 2 linear layer of fixed weights."""
    m = L.nn.Linear(2, 2)
    with L.no_grad():
        m.weight.copy_(L.tensor([[1.0, 2.0], [3.0, 4.0]]))
        m.bias.copy_(L.tensor([0.5, -0.5]))
    return m


def seq(L, n=3):
    """A Sequential of ``n`` ReLUs and Tanhs, in turn."""
    return L.nn.Sequential(*[L.nn.ReLU() if i % 2 == 0 else L.nn.Tanh() for i in range(n)])


def kept_module(m, change):
    """``m``'s state dict after ``change(m)`` raised (or returned): a failed change leaves it."""
    try:
        change(m)
    except Exception:  # noqa: BLE001: the case compares what is left
        pass
    return sorted((k, v.tolist()) for k, v in m.state_dict().items())


def cycle(L):
    """A module holding itself through a child."""
    outer = L.nn.Sequential(L.nn.ReLU())
    inner = L.nn.Sequential(outer)
    outer.add_module("back", inner)
    return outer


table("module:", {
    "register_buffer name of a parameter": lambda L, d: lin(L).register_buffer("weight", L.ones(1)),
    "register_buffer name of a submodule": lambda L, d: seq(L).register_buffer("0", L.ones(1)),
    "register_buffer a Parameter ok": lambda L, d: (lambda m: (m.register_buffer("b", nn(L).Parameter(L.ones(1))), sorted(m.state_dict()))[1])(nn(L).Module()),
    "register_buffer a list": lambda L, d: nn(L).Module().register_buffer("b", [1.0]),
    "register_buffer a numpy array": lambda L, d: nn(L).Module().register_buffer("b", np.ones(2)),
    "register_buffer a number": lambda L, d: nn(L).Module().register_buffer("b", 1.0),
    "register_buffer not persistent ok": lambda L, d: (lambda m: (m.register_buffer("b", L.ones(1), persistent=False), sorted(m.state_dict()), sorted(dict(m.named_buffers())))[1:])(nn(L).Module()),
    "register_buffer name with a space ok": lambda L, d: (lambda m: (m.register_buffer("a b", L.ones(1)), sorted(m.state_dict()))[1])(nn(L).Module()),
    "register_buffer name None": lambda L, d: nn(L).Module().register_buffer(None, L.ones(1)),
    "register_buffer tensor keyword ok": lambda L, d: (lambda m: (m.register_buffer(name="b", tensor=L.ones(1)), m.b)[1])(nn(L).Module()),
    "register_parameter name of a buffer": lambda L, d: nn(L).BatchNorm1d(2).register_parameter("running_mean", nn(L).Parameter(L.ones(2))),
    "register_parameter name of a submodule": lambda L, d: seq(L).register_parameter("1", nn(L).Parameter(L.ones(1))),
    "register_parameter a numpy array": lambda L, d: nn(L).Module().register_parameter("p", np.ones(2)),
    "register_parameter a number": lambda L, d: nn(L).Module().register_parameter("p", 1.0),
    "register_parameter name None": lambda L, d: nn(L).Module().register_parameter(None, nn(L).Parameter(L.ones(1))),
    "register_parameter twice ok": lambda L, d: (lambda m: (m.register_parameter("p", nn(L).Parameter(L.ones(1))), m.register_parameter("p", nn(L).Parameter(L.zeros(2))), sorted(dict(m.named_parameters())))[2])(nn(L).Module()),
    "register_parameter int Parameter ok": lambda L, d: (lambda m: (m.register_parameter("p", nn(L).Parameter(L.ones(2, dtype=L.int64), requires_grad=False)), m.p.dtype)[1])(nn(L).Module()),
    "add_module dotted name": lambda L, d: nn(L).Module().add_module("a.b", nn(L).ReLU()),
    "add_module name of a parameter": lambda L, d: lin(L).add_module("bias", nn(L).ReLU()),
    "add_module a module class": lambda L, d: nn(L).Module().add_module("a", nn(L).ReLU),
    "add_module a function": lambda L, d: nn(L).Module().add_module("a", lambda x: x),
    "add_module a generator": lambda L, d: nn(L).Module().add_module("a", (m for m in [])),
    "add_module a module": lambda L, d: nn(L).Module().add_module("a", L.nn),
    "register_module a tensor": lambda L, d: nn(L).Module().register_module("a", L.ones(1)),
    "add_module a digit name ok": lambda L, d: repr((lambda m: (m.add_module("7", nn(L).ReLU()), m)[1])(nn(L).Sequential())),
    "add_module replaces ok": lambda L, d: repr((lambda m: (m.add_module("0", nn(L).Tanh()), m)[1])(seq(L, 2))),
    "register_module non-module": lambda L, d: nn(L).Module().register_module("a", 3),
    "register_module None ok": lambda L, d: (lambda m: (m.register_module("a", None), list(m.named_children()))[1])(nn(L).Module()),
    "get_submodule missing": lambda L, d: seq(L).get_submodule("5"),
    "get_submodule of a parameter": lambda L, d: lin(L).get_submodule("weight"),
    "get_submodule empty ok": lambda L, d: repr(seq(L).get_submodule("")),
    "get_submodule nested ok": lambda L, d: repr(nn(L).Sequential(seq(L, 2)).get_submodule("0.1")),
    "get_parameter missing": lambda L, d: lin(L).get_parameter("w"),
    "get_parameter of a buffer": lambda L, d: nn(L).BatchNorm1d(2).get_parameter("running_mean"),
    "get_parameter nested ok": lambda L, d: nn(L).Sequential(lin(L)).get_parameter("0.bias"),
    "get_buffer missing": lambda L, d: nn(L).BatchNorm1d(2).get_buffer("running_std"),
    "get_buffer of a parameter": lambda L, d: lin(L).get_buffer("weight"),
    "get_buffer ok": lambda L, d: nn(L).BatchNorm1d(2).get_buffer("running_var"),
    "named_modules of a cycle ok": lambda L, d: [n for n, _ in cycle(L).named_modules()],
    "modules of a cycle ok": lambda L, d: len(list(cycle(L).modules())),
    "children of a cycle ok": lambda L, d: len(list(cycle(L).children())),
    "named_modules shared child no dedupe ok": lambda L, d: [n for n, _ in (lambda r: nn(L).Sequential(r, r))(nn(L).ReLU()).named_modules(remove_duplicate=False)],
    "named_modules shared child ok": lambda L, d: [n for n, _ in (lambda r: nn(L).Sequential(r, r))(nn(L).ReLU()).named_modules()],
    "named_parameters shared weight ok": lambda L, d: [n for n, _ in (lambda m: nn(L).Sequential(m, m))(lin(L)).named_parameters()],
    "named_parameters prefix ok": lambda L, d: [n for n, _ in lin(L).named_parameters(prefix="top")],
    "named_parameters prefix an int": lambda L, d: list(lin(L).named_parameters(prefix=3)),
    "parameters recurse False ok": lambda L, d: len(list(nn(L).Sequential(lin(L)).parameters(recurse=False))),
    "Module call without forward": lambda L, d: nn(L).Module()(L.ones(1)),
    "Module forward called directly": lambda L, d: nn(L).Module().forward(L.ones(1)),
    "train a str": lambda L, d: lin(L).train("no"),
    "train an int": lambda L, d: lin(L).train(0),
    "train False ok": lambda L, d: lin(L).train(False).training,
    "eval an argument": lambda L, d: lin(L).eval(True),
    "requires_grad_ a str": lambda L, d: lin(L).requires_grad_("no"),
    "requires_grad_ False ok": lambda L, d: [p.requires_grad for p in lin(L).requires_grad_(False).parameters()],
    "zero_grad set_to_none False ok": lambda L, d: (lambda m: (m(L.ones(1, 2)).sum().backward(), m.zero_grad(set_to_none=False), m.weight.grad)[2])(lin(L)),
    "apply a function of no arguments": lambda L, d: lin(L).apply(lambda: None),
    "apply a function that raises keeps": lambda L, d: kept_module(lin(L), lambda m: m.apply(lambda mod: 1 / 0)),
    "apply returns the module ok": lambda L, d: repr(seq(L).apply(lambda m: None)),
    "to an int dtype": lambda L, d: lin(L).to(L.int32),
    "to a bool dtype": lambda L, d: lin(L).to(L.bool),
    "to float64 positional ok": lambda L, d: lin(L).to(L.float64).weight.dtype,
    "to device and dtype ok": lambda L, d: lin(L).to("cpu", L.float64).bias.dtype,
    "to a tensor ok": lambda L, d: lin(L).to(L.ones(1, dtype=L.float64)).weight.dtype,
    "to dtype keyword an int dtype": lambda L, d: lin(L).to(dtype=L.int64),
    "to three positionals": lambda L, d: lin(L).to("cpu", L.float64, False, 1),
    "to channels_last ok": lambda L, d: nn(L).Conv2d(1, 2, 2).to(memory_format=L.channels_last).weight.is_contiguous(memory_format=L.channels_last),
    "to unknown keyword": lambda L, d: lin(L).to(colour="red"),
    "type float64 ok": lambda L, d: lin(L).type(L.float64).weight.dtype,
    "type int64 ok": lambda L, d: lin(L).type(L.int64).weight.dtype,
    "type None": lambda L, d: lin(L).type(None),
    "double ok": lambda L, d: lin(L).double().bias.dtype,
    "half ok": lambda L, d: lin(L).half().bias.dtype,
    "float of a double ok": lambda L, d: lin(L).double().float().bias.dtype,
    "state_dict keep_vars ok": lambda L, d: lin(L).state_dict(keep_vars=True)["weight"].requires_grad,
    "state_dict prefix ok": lambda L, d: sorted(lin(L).state_dict(prefix="m.")),
    "state_dict a destination dict ok": lambda L, d: sorted(lin(L).state_dict(destination={"x": 1})),
    "setattr a module over a parameter": lambda L, d: setattr(lin(L), "weight", nn(L).ReLU()),
    "setattr autograd.grad over a parameter": lambda L, d: setattr(lin(L), "weight", L.autograd.grad),
    "setattr autograd.functional.jacobian over a parameter": lambda L, d: setattr(lin(L), "weight", L.autograd.functional.jacobian),
    "setattr autograd.functional.hvp over a parameter": lambda L, d: setattr(lin(L), "weight", L.autograd.functional.hvp),
    "setattr a parameter over a submodule": lambda L, d: setattr(seq(L), "0", nn(L).Parameter(L.ones(1))),
    "setattr a tensor over a buffer ok": lambda L, d: (lambda m: (setattr(m, "running_mean", L.ones(2)), m.running_mean)[1])(nn(L).BatchNorm1d(2)),
    "setattr a list over a buffer": lambda L, d: setattr(nn(L).BatchNorm1d(2), "running_mean", [1.0, 2.0]),
    "delattr a parameter ok": lambda L, d: (lambda m: (delattr(m, "bias"), sorted(m.state_dict()))[1])(lin(L)),
    "delattr missing": lambda L, d: delattr(lin(L), "nothing"),
    "getattr missing": lambda L, d: lin(L).nothing,
    "extra_repr returns an int": lambda L, d: repr(type("M", (nn(L).Module,), {"extra_repr": lambda self: 3})()),
})


def bn_state(L, **changes):
    """A BatchNorm1d(2)'s state dict with ``changes`` (a value None: the key left out)."""
    state = dict(nn(L).BatchNorm1d(2).state_dict())
    for k, v in changes.items():
        if v is None:
            del state[k]
        else:
            state[k] = v
    return state


def loaded(L, m, state, **kw):
    """What ``m.load_state_dict(state, **kw)`` returns, as sorted missing and unexpected keys."""
    result = m.load_state_dict(state, **kw)
    return sorted(result.missing_keys), sorted(result.unexpected_keys)


table("state dict:", {
    "BatchNorm without num_batches_tracked": lambda L, d: nn(L).BatchNorm1d(2).load_state_dict(bn_state(L, num_batches_tracked=None)),
    "BatchNorm without num_batches_tracked non-strict ok": lambda L, d: loaded(L, nn(L).BatchNorm1d(2), bn_state(L, num_batches_tracked=None), strict=False),
    "BatchNorm running_mean wrong size": lambda L, d: nn(L).BatchNorm1d(2).load_state_dict(bn_state(L, running_mean=L.ones(3))),
    "BatchNorm running_mean wrong size non-strict": lambda L, d: nn(L).BatchNorm1d(2).load_state_dict(bn_state(L, running_mean=L.ones(3)), strict=False),
    "BatchNorm running_mean wrong size keeps": lambda L, d: kept_module(nn(L).BatchNorm1d(2), lambda m: m.load_state_dict(bn_state(L, running_mean=L.ones(3), running_var=L.zeros(2) + 5))),
    "Linear state into Sequential": lambda L, d: nn(L).Sequential(lin(L)).load_state_dict(lin(L).state_dict()),
    "Linear state into Sequential non-strict ok": lambda L, d: loaded(L, nn(L).Sequential(lin(L)), lin(L).state_dict(), strict=False),
    "Sequential state into Linear non-strict ok": lambda L, d: loaded(L, lin(L), nn(L).Sequential(lin(L)).state_dict(), strict=False),
    "missing and unexpected at once": lambda L, d: lin(L).load_state_dict({"weight": L.ones(2, 2), "b": L.ones(2)}),
    "missing and unexpected non-strict ok": lambda L, d: loaded(L, lin(L), {"weight": L.ones(2, 2), "b": L.ones(2)}, strict=False),
    "unexpected non-strict loads the rest ok": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.zeros(2, 2), "x": L.ones(1)}, strict=False), m.weight)[1])(lin(L)),
    "0-d into 1-d": lambda L, d: nn(L).Linear(1, 1).load_state_dict({"weight": L.ones(1, 1), "bias": L.tensor(1.0)}),
    "transposed weight": lambda L, d: nn(L).Linear(2, 3).load_state_dict({"weight": L.ones(2, 3), "bias": L.ones(3)}),
    "transposed weight keeps": lambda L, d: kept_module(lin(L), lambda m: m.load_state_dict({"weight": L.ones(1, 4), "bias": L.zeros(2)})),
    "a Parameter value ok": lambda L, d: (lambda m: (m.load_state_dict({"weight": nn(L).Parameter(L.zeros(2, 2)), "bias": L.ones(2)}), m.bias)[1])(lin(L)),
    "a numpy value": lambda L, d: lin(L).load_state_dict({"weight": np.ones((2, 2)), "bias": L.ones(2)}),
    "an int key": lambda L, d: lin(L).load_state_dict({0: L.ones(2, 2)}, strict=False),
    "a list of pairs": lambda L, d: lin(L).load_state_dict([("weight", L.ones(2, 2)), ("bias", L.ones(2))]),
    "strict None ok": lambda L, d: loaded(L, lin(L), {"weight": L.ones(2, 2)}, strict=None),
    "strict an int ok": lambda L, d: loaded(L, lin(L), {"weight": L.ones(2, 2)}, strict=0),
    "empty non-strict ok": lambda L, d: loaded(L, lin(L), {}, strict=False),
    "empty strict": lambda L, d: lin(L).load_state_dict({}),
    "nested wrong shape non-strict": lambda L, d: nn(L).Sequential(lin(L)).load_state_dict({"0.weight": L.ones(3, 3)}, strict=False),
    "a buffer that is None ok": lambda L, d: (lambda m: (m.register_buffer("b", None), loaded(L, m, {}))[1])(nn(L).Module()),
    "a buffer not persistent unexpected": lambda L, d: (lambda m: (m.register_buffer("b", L.ones(1), persistent=False), m.load_state_dict({"b": L.ones(1)}))[1])(nn(L).Module()),
    "float64 into a float32 keeps dtype ok": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(2, 2, dtype=L.float64), "bias": L.ones(2)}), m.weight.dtype)[1])(lin(L)),
    "complex into a float": lambda L, d: lin(L).load_state_dict({"weight": L.ones(2, 2, dtype=L.complex64), "bias": L.ones(2)}),
    "bool into a float ok": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(2, 2, dtype=L.bool), "bias": L.ones(2)}), m.weight)[1])(lin(L)),
    "assign wrong shape": lambda L, d: lin(L).load_state_dict({"weight": L.ones(3, 2), "bias": L.ones(2)}, assign=True),
    "assign keeps Parameter ok": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.zeros(2, 2), "bias": L.ones(2)}, assign=True), type(m.weight).__name__, m.weight.requires_grad)[1:])(lin(L)),
    "optimizer state of another size": lambda L, d: L.optim.SGD(lin(L).parameters(), lr=0.1).load_state_dict(L.optim.SGD([nn(L).Parameter(L.ones(1))], lr=0.1).state_dict()),
    "optimizer state missing param_groups": lambda L, d: L.optim.SGD(lin(L).parameters(), lr=0.1).load_state_dict({"state": {}}),
    "optimizer state a list": lambda L, d: L.optim.SGD(lin(L).parameters(), lr=0.1).load_state_dict([]),
})


table("container:", {
    "Sequential index a 0-d tensor ok": lambda L, d: repr(seq(L)[L.tensor(1)]),
    "Sequential index a bool ok": lambda L, d: repr(seq(L)[True]),
    "Sequential index a numpy int ok": lambda L, d: repr(seq(L)[np.int64(2)]),
    "Sequential index a list": lambda L, d: seq(L)[[0, 1]],
    "Sequential index None": lambda L, d: seq(L)[None],
    "Sequential slice with step ok": lambda L, d: repr(seq(L, 5)[::2]),
    "Sequential slice reversed ok": lambda L, d: repr(seq(L)[::-1]),
    "Sequential slice step 0": lambda L, d: seq(L)[::0],
    "Sequential del a slice ok": lambda L, d: repr((lambda s: (s.__delitem__(slice(0, 2)), s)[1])(seq(L, 4))),
    "Sequential del a str": lambda L, d: seq(L).__delitem__("0"),
    "Sequential set a str": lambda L, d: seq(L).__setitem__("0", nn(L).ReLU()),
    "Sequential pop ok": lambda L, d: repr(seq(L).pop(1)),
    "Sequential add a Sequential ok": lambda L, d: repr(seq(L, 1) + seq(L, 2)),
    "Sequential add a module": lambda L, d: seq(L, 1) + nn(L).ReLU(),
    "Sequential add a list": lambda L, d: seq(L, 1) + [nn(L).ReLU()],
    "Sequential iadd a Sequential ok": lambda L, d: repr((lambda s: s.__iadd__(seq(L, 1)))(seq(L, 1))),
    "Sequential mul 2 ok": lambda L, d: repr(seq(L, 1) * 2),
    "Sequential mul 0": lambda L, d: seq(L, 1) * 0,
    "Sequential mul negative": lambda L, d: seq(L, 1) * -1,
    "Sequential mul a float": lambda L, d: seq(L, 1) * 2.0,
    "Sequential rmul 2 ok": lambda L, d: repr(2 * seq(L, 1)),
    "Sequential len ok": lambda L, d: len(seq(L, 4)),
    "Sequential forward a keyword": lambda L, d: seq(L)(input=L.ones(1)),
    "Sequential of a generator": lambda L, d: nn(L).Sequential(m for m in [nn(L).ReLU()]),
    "ModuleList index a 0-d tensor ok": lambda L, d: repr(nn(L).ModuleList([nn(L).ReLU(), nn(L).Tanh()])[L.tensor(1)]),
    "ModuleList index a str": lambda L, d: nn(L).ModuleList([nn(L).ReLU()])["0"],
    "ModuleList slice ok": lambda L, d: repr(nn(L).ModuleList([nn(L).ReLU(), nn(L).Tanh(), nn(L).Sigmoid()])[1:]),
    "ModuleList slice step 0": lambda L, d: nn(L).ModuleList([nn(L).ReLU()])[::0],
    "ModuleList del a slice ok": lambda L, d: repr((lambda m: (m.__delitem__(slice(None, None, 2)), m)[1])(nn(L).ModuleList([nn(L).ReLU(), nn(L).Tanh(), nn(L).Sigmoid()]))),
    "ModuleList pop ok": lambda L, d: repr(nn(L).ModuleList([nn(L).ReLU(), nn(L).Tanh()]).pop(0)),
    "ModuleList insert far out of range ok": lambda L, d: repr((lambda m: (m.insert(10, nn(L).Tanh()), m)[1])(nn(L).ModuleList([nn(L).ReLU()]))),
    "ModuleList add a ModuleList ok": lambda L, d: repr(nn(L).ModuleList([nn(L).ReLU()]) + nn(L).ModuleList([nn(L).Tanh()])),
    "ModuleList iadd a list ok": lambda L, d: repr((lambda m: m.__iadd__([nn(L).Tanh()]))(nn(L).ModuleList([nn(L).ReLU()]))),
    "ModuleList iadd a list of ints": lambda L, d: nn(L).ModuleList([nn(L).ReLU()]).__iadd__([1]),
    "ModuleList extend a dict of modules": lambda L, d: nn(L).ModuleList().extend({"a": nn(L).ReLU()}),
    "ModuleList of a str": lambda L, d: nn(L).ModuleList("ab"),
    "ModuleDict getitem an int": lambda L, d: nn(L).ModuleDict({"a": nn(L).ReLU()})[0],
    "ModuleDict contains an int ok": lambda L, d: 0 in nn(L).ModuleDict({"a": nn(L).ReLU()}),
    "ModuleDict setitem an int key": lambda L, d: nn(L).ModuleDict().__setitem__(1, nn(L).ReLU()),
    "ModuleDict delitem missing": lambda L, d: nn(L).ModuleDict({"a": nn(L).ReLU()}).__delitem__("b"),
    "ModuleDict key training": lambda L, d: nn(L).ModuleDict({"training": nn(L).ReLU()}),
    "ModuleDict key empty": lambda L, d: nn(L).ModuleDict({"": nn(L).ReLU()}),
    "ModuleDict update with triples": lambda L, d: nn(L).ModuleDict().update([("a", nn(L).ReLU(), 1)]),
    "ModuleDict update with a pair too short": lambda L, d: nn(L).ModuleDict().update([("a",)]),
    "ModuleDict update with ints": lambda L, d: nn(L).ModuleDict().update([3]),
    "ModuleDict update with a str of two": lambda L, d: nn(L).ModuleDict().update(["ab"]),
    "ModuleDict update with an int": lambda L, d: nn(L).ModuleDict().update(3),
    "ModuleDict update with a bad pair keeps": lambda L, d: list(kept(nn(L).ModuleDict(), lambda m: m.update([("a", nn(L).ReLU()), ("b",)])).keys()),
    "ParameterDict update with triples": lambda L, d: nn(L).ParameterDict().update([("a", L.ones(1), 1)]),
    "ParameterDict update with ints": lambda L, d: nn(L).ParameterDict().update([3]),
    "ParameterDict update with an int": lambda L, d: nn(L).ParameterDict().update(3),
    "ParameterList call": lambda L, d: nn(L).ParameterList()(L.ones(1)),
    "ModuleDict update with a ModuleDict ok": lambda L, d: list(nn(L).ModuleDict().update(nn(L).ModuleDict({"a": nn(L).ReLU()})) or []),
    "ModuleDict of a list of pairs ok": lambda L, d: list(nn(L).ModuleDict([("b", nn(L).ReLU()), ("a", nn(L).Tanh())]).keys()),
    "ModuleDict of a list of pairs non-module": lambda L, d: nn(L).ModuleDict([("a", 3)]),
    "ModuleDict pop ok": lambda L, d: repr(nn(L).ModuleDict({"a": nn(L).ReLU()}).pop("a")),
    "ModuleDict clear ok": lambda L, d: len((lambda m: (m.clear(), m)[1])(nn(L).ModuleDict({"a": nn(L).ReLU()}))),
    "ModuleDict call": lambda L, d: nn(L).ModuleDict({"a": nn(L).ReLU()})(L.ones(1)),
    "ParameterList append a tensor ok": lambda L, d: type((lambda p: (p.append(L.ones(1)), p[0])[1])(nn(L).ParameterList())).__name__,
    "ParameterList index out of range": lambda L, d: nn(L).ParameterList([nn(L).Parameter(L.ones(1))])[3],
    "ParameterList index a str": lambda L, d: nn(L).ParameterList([nn(L).Parameter(L.ones(1))])["0"],
    "ParameterList slice ok": lambda L, d: len(nn(L).ParameterList([nn(L).Parameter(L.ones(1)), nn(L).Parameter(L.ones(2))])[1:]),
    "ParameterDict getitem missing": lambda L, d: nn(L).ParameterDict({"a": nn(L).Parameter(L.ones(1))})["b"],
    "ParameterDict a tensor value ok": lambda L, d: type(nn(L).ParameterDict({"a": L.ones(1)})["a"]).__name__,
    "ParameterDict dotted key": lambda L, d: nn(L).ParameterDict({"a.b": nn(L).Parameter(L.ones(1))}),
    "ParameterDict call": lambda L, d: nn(L).ParameterDict({"a": nn(L).Parameter(L.ones(1))})(L.ones(1)),
    "ParameterList assigned to a parameter": lambda L, d: setattr(lin(L), "weight", nn(L).ParameterList()),
    "ParameterDict assigned to a parameter": lambda L, d: setattr(lin(L), "weight", nn(L).ParameterDict()),
})


def img(L, *shape):
    """A float image batch 0, 1, 2... scaled to [0, 1) (1 x 1 x 4 x 4 without a shape)."""
    shape = shape or (1, 1, 4, 4)
    n = int(np.prod(shape))
    return (L.arange(float(n)) / n).reshape(shape)


table("functional:", {
    "conv1d padding same stride 2": lambda L, d: F(L).conv1d(img(L, 1, 1, 6), L.ones(1, 1, 3), stride=2, padding="same"),
    "conv2d padding full": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding="full"),
    "conv2d padding valid ok": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding="valid").shape,
    "conv2d padding same even kernel ok": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding="same").shape,
    "conv2d padding same dilation 2 ok": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding="same", dilation=2).shape,
    "conv2d padding three values": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding=(1, 1, 1)),
    "conv2d padding negative": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding=-1),
    "conv2d padding a float": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), padding=1.0),
    "conv2d stride 0": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), stride=0),
    "conv2d stride negative": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), stride=(1, -1)),
    "conv2d dilation 0": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), dilation=0),
    "conv2d groups 0": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), groups=0),
    "conv2d groups not dividing": lambda L, d: F(L).conv2d(img(L, 1, 3, 4, 4), L.ones(2, 1, 2, 2), groups=2),
    "conv2d groups out channels not dividing": lambda L, d: F(L).conv2d(img(L, 1, 2, 4, 4), L.ones(3, 1, 2, 2), groups=2),
    "conv2d kernel larger than input": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 5, 5)),
    "conv2d kernel larger than input padded ok": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 5, 5), padding=1).shape,
    "conv2d 2-d input": lambda L, d: F(L).conv2d(img(L, 4, 4), L.ones(1, 1, 2, 2)),
    "conv2d unbatched ok": lambda L, d: F(L).conv2d(img(L, 1, 4, 4), L.ones(1, 1, 2, 2)).shape,
    "conv2d weight 3-d": lambda L, d: F(L).conv2d(img(L), L.ones(1, 2, 2)),
    "conv2d bias wrong size": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), bias=L.ones(2)),
    "conv2d bias 2-d": lambda L, d: F(L).conv2d(img(L), L.ones(1, 1, 2, 2), bias=L.ones(1, 1)),
    "conv2d weight wrong in channels": lambda L, d: F(L).conv2d(img(L, 1, 3, 4, 4), L.ones(1, 2, 2, 2)),
    "conv3d weight 4-d": lambda L, d: F(L).conv3d(img(L, 1, 1, 3, 3, 3), L.ones(1, 1, 2, 2)),
    "conv1d stride a list of two": lambda L, d: F(L).conv1d(img(L, 1, 1, 6), L.ones(1, 1, 3), stride=[1, 1]),
    "conv_transpose2d output_padding equal stride": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), stride=2, output_padding=2),
    "conv_transpose2d output_padding below stride ok": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), stride=2, output_padding=1).shape,
    "conv_transpose2d output_padding above dilation ok": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), output_padding=1, dilation=2).shape,
    "conv_transpose2d output_padding with stride 1": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), output_padding=1),
    "conv_transpose2d padding same": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), padding="same"),
    "conv_transpose2d stride 0": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), stride=0),
    "conv_transpose2d dilation 0": lambda L, d: F(L).conv_transpose2d(img(L), L.ones(1, 1, 2, 2), dilation=0),
    "conv_transpose2d groups not dividing": lambda L, d: F(L).conv_transpose2d(img(L, 1, 3, 4, 4), L.ones(3, 1, 2, 2), groups=2),
    "conv_transpose2d padding too large": lambda L, d: F(L).conv_transpose2d(img(L, 1, 1, 1, 1), L.ones(1, 1, 2, 2), padding=2),
    "conv_transpose1d weight wrong channels": lambda L, d: F(L).conv_transpose1d(img(L, 1, 2, 4), L.ones(3, 1, 2)),
    "Conv2d padding_mode bogus": lambda L, d: nn(L).Conv2d(1, 1, 2, padding_mode="bogus"),
    "Conv2d padding same stride 2": lambda L, d: nn(L).Conv2d(1, 1, 3, stride=2, padding="same"),
    "Conv2d padding a bad str": lambda L, d: nn(L).Conv2d(1, 1, 3, padding="half"),
    "Conv2d in_channels not divisible by groups": lambda L, d: nn(L).Conv2d(3, 2, 2, groups=2),
    "Conv2d out_channels not divisible by groups": lambda L, d: nn(L).Conv2d(2, 3, 2, groups=2),
    "Conv2d groups 0": lambda L, d: nn(L).Conv2d(2, 2, 2, groups=0),
    "Conv2d kernel_size 0 forward": lambda L, d: nn(L).Conv2d(1, 1, 0)(img(L)),
    "ConvTranspose2d padding_mode reflect": lambda L, d: nn(L).ConvTranspose2d(1, 1, 2, padding_mode="reflect"),
    "ConvTranspose2d output_size wrong": lambda L, d: nn(L).ConvTranspose2d(1, 1, 2, stride=2)(img(L), output_size=[20, 20]),
    "ConvTranspose2d output_size ok": lambda L, d: nn(L).ConvTranspose2d(1, 1, 2, stride=2)(img(L), output_size=[9, 9]).shape,
    "max_pool2d kernel larger than input": lambda L, d: F(L).max_pool2d(img(L), 5),
    "max_pool2d padding above half the kernel": lambda L, d: F(L).max_pool2d(img(L), 2, padding=2),
    "max_pool2d stride 0": lambda L, d: F(L).max_pool2d(img(L), 2, stride=0),
    "max_pool2d dilation 0": lambda L, d: F(L).max_pool2d(img(L), 2, dilation=0),
    "max_pool2d kernel 0": lambda L, d: F(L).max_pool2d(img(L), 0),
    "max_pool2d kernel three values": lambda L, d: F(L).max_pool2d(img(L), (2, 2, 2)),
    "max_pool2d 2-d input": lambda L, d: F(L).max_pool2d(img(L, 4, 4), 2),
    "max_pool2d ceil_mode indices ok": lambda L, d: F(L).max_pool2d(img(L, 1, 1, 5, 5), 2, ceil_mode=True, return_indices=True)[1],
    "avg_pool2d kernel larger than input": lambda L, d: F(L).avg_pool2d(img(L), 5),
    "avg_pool2d padding above half the kernel": lambda L, d: F(L).avg_pool2d(img(L), 2, padding=2),
    "avg_pool2d divisor_override 0": lambda L, d: F(L).avg_pool2d(img(L), 2, divisor_override=0),
    "avg_pool1d kernel larger than input": lambda L, d: F(L).avg_pool1d(img(L, 1, 1, 3), 4),
    "max_pool1d kernel larger than input": lambda L, d: F(L).max_pool1d(img(L, 1, 1, 3), 4),
    "max_pool3d kernel larger than input": lambda L, d: F(L).max_pool3d(img(L, 1, 1, 2, 2, 2), 3),
    "adaptive_avg_pool2d negative size": lambda L, d: F(L).adaptive_avg_pool2d(img(L), -1),
    "adaptive_avg_pool2d three sizes": lambda L, d: F(L).adaptive_avg_pool2d(img(L), (2, 2, 2)),
    "adaptive_max_pool2d size 0": lambda L, d: F(L).adaptive_max_pool2d(img(L), 0),
    "adaptive_avg_pool2d larger than input ok": lambda L, d: F(L).adaptive_avg_pool2d(img(L, 1, 1, 2, 2), 3),
    "adaptive_max_pool2d negative size": lambda L, d: F(L).adaptive_max_pool2d(img(L), (2, -1)),
    "adaptive_max_pool1d negative size": lambda L, d: F(L).adaptive_max_pool1d(img(L, 1, 1, 4), -1),
    "adaptive_max_pool2d unbatched negative sizes": lambda L, d: F(L).adaptive_max_pool2d(img(L, 1, 4, 4), (-3, -1)),
    "adaptive_avg_pool3d negative size": lambda L, d: F(L).adaptive_avg_pool3d(img(L, 1, 1, 2, 2, 2), (1, -1, 1)),
    "adaptive_avg_pool1d negative size": lambda L, d: F(L).adaptive_avg_pool1d(img(L, 1, 1, 4), -1),
    "max_unpool2d indices wrong shape": lambda L, d: F(L).max_unpool2d(img(L, 1, 1, 2, 2), L.zeros(1, 1, 3, 3, dtype=L.int64), 2),
    "max_unpool2d index out of range": lambda L, d: F(L).max_unpool2d(img(L, 1, 1, 2, 2), L.full((1, 1, 2, 2), 99, dtype=L.int64), 2),
    "interpolate size and scale_factor": lambda L, d: F(L).interpolate(img(L), size=8, scale_factor=2.0),
    "interpolate neither size nor scale": lambda L, d: F(L).interpolate(img(L)),
    "interpolate size three values for 2-d": lambda L, d: F(L).interpolate(img(L), size=(2, 2, 2)),
    "interpolate scale three values for 2-d": lambda L, d: F(L).interpolate(img(L), scale_factor=(2.0, 2.0, 2.0)),
    "interpolate mode bogus": lambda L, d: F(L).interpolate(img(L), scale_factor=2.0, mode="bogus"),
    "interpolate nearest align_corners": lambda L, d: F(L).interpolate(img(L), scale_factor=2.0, mode="nearest", align_corners=True),
    "interpolate bilinear on 3-d": lambda L, d: F(L).interpolate(img(L, 1, 1, 4), scale_factor=2.0, mode="bilinear"),
    "interpolate linear on 4-d": lambda L, d: F(L).interpolate(img(L), scale_factor=2.0, mode="linear"),
    "interpolate trilinear on 4-d": lambda L, d: F(L).interpolate(img(L), scale_factor=2.0, mode="trilinear"),
    "interpolate size 0": lambda L, d: F(L).interpolate(img(L), size=0),
    "interpolate scale negative": lambda L, d: F(L).interpolate(img(L), scale_factor=-2.0),
    "interpolate scale tiny": lambda L, d: F(L).interpolate(img(L), scale_factor=0.1),
    "interpolate size a float": lambda L, d: F(L).interpolate(img(L), size=2.5),
    "interpolate recompute_scale_factor with size": lambda L, d: F(L).interpolate(img(L), size=8, recompute_scale_factor=True),
    "interpolate antialias nearest": lambda L, d: F(L).interpolate(img(L), scale_factor=0.5, mode="nearest", antialias=True),
    "interpolate 2-d input": lambda L, d: F(L).interpolate(img(L, 4, 4), scale_factor=2.0),
    "interpolate bicubic on 5-d": lambda L, d: F(L).interpolate(img(L, 1, 1, 2, 2, 2), scale_factor=2.0, mode="bicubic"),
    "interpolate nearest-exact ok": lambda L, d: F(L).interpolate(img(L, 1, 1, 3), size=5, mode="nearest-exact"),
    "pad reflect as wide as the input": lambda L, d: F(L).pad(img(L, 1, 1, 3), (3, 0), mode="reflect"),
    "pad reflect one less ok": lambda L, d: F(L).pad(img(L, 1, 1, 3), (2, 2), mode="reflect"),
    "pad odd length": lambda L, d: F(L).pad(img(L), (1, 1, 1)),
    "pad longer than the dims": lambda L, d: F(L).pad(img(L, 2, 2), (1, 1, 1, 1, 1, 1)),
    "pad mode bogus": lambda L, d: F(L).pad(img(L), (1, 1), mode="bogus"),
    "pad reflect with a value": lambda L, d: F(L).pad(img(L), (1, 1), mode="reflect", value=2.0),
    "pad replicate 1-d": lambda L, d: F(L).pad(L.ones(3), (1, 1), mode="replicate"),
    "pad replicate unbatched ok": lambda L, d: F(L).pad(img(L, 1, 3), (1, 1), mode="replicate"),
    "pad circular wider than the input": lambda L, d: F(L).pad(img(L, 1, 1, 2), (3, 0), mode="circular"),
    "pad circular as wide as the input ok": lambda L, d: F(L).pad(img(L, 1, 1, 3), (3, 0), mode="circular"),
    "pad negative crop ok": lambda L, d: F(L).pad(img(L), (-1, -1)),
    "pad negative to nothing": lambda L, d: F(L).pad(img(L), (-2, -2)),
    "pad negative reflect": lambda L, d: F(L).pad(img(L), (-1, 0), mode="reflect"),
    "pad floats": lambda L, d: F(L).pad(img(L), (1.0, 1.0)),
    "pad reflect three dims on 4-d": lambda L, d: F(L).pad(img(L), (1, 1, 1, 1, 1, 1), mode="reflect"),
    "pad value a str": lambda L, d: F(L).pad(img(L), (1, 1), value="x"),
    "pad value None ok": lambda L, d: F(L).pad(img(L, 1, 2), (1, 0), value=None),
    "unfold kernel larger than input": lambda L, d: F(L).unfold(img(L), 5),
    "unfold 5-d input": lambda L, d: F(L).unfold(img(L, 1, 1, 2, 2, 2), 2),
    "unfold 3-d input ok": lambda L, d: F(L).unfold(img(L, 1, 4, 4), 2).shape,
    "unfold stride 0": lambda L, d: F(L).unfold(img(L), 2, stride=0),
    "unfold dilation 0": lambda L, d: F(L).unfold(img(L), 2, dilation=0),
    "unfold padding negative": lambda L, d: F(L).unfold(img(L), 2, padding=-1),
    "fold output_size not matching blocks": lambda L, d: F(L).fold(L.ones(1, 4, 5), (3, 3), 2),
    "fold channels not divisible by the kernel": lambda L, d: F(L).fold(L.ones(1, 3, 4), (3, 3), 2),
    "fold 4-d input": lambda L, d: F(L).fold(L.ones(1, 4, 4, 1), (3, 3), 2),
    "fold unbatched ok": lambda L, d: F(L).fold(L.ones(4, 4), (3, 3), 2).shape,
    "fold output_size one value ok": lambda L, d: F(L).fold(L.ones(1, 4, 4), 3, 2).shape,
    "pixel_shuffle channels not divisible": lambda L, d: F(L).pixel_shuffle(img(L, 1, 3, 2, 2), 2),
    "pixel_shuffle factor 0": lambda L, d: F(L).pixel_shuffle(img(L, 1, 4, 2, 2), 0),
    "pixel_shuffle factor negative": lambda L, d: F(L).pixel_shuffle(img(L, 1, 4, 2, 2), -2),
    "pixel_shuffle 2-d input": lambda L, d: F(L).pixel_shuffle(img(L, 4, 4), 2),
    "pixel_shuffle factor a float": lambda L, d: F(L).pixel_shuffle(img(L, 1, 4, 2, 2), 2.0),
    "pixel_shuffle unbatched ok": lambda L, d: F(L).pixel_shuffle(img(L, 4, 1, 1), 2).shape,
    "pixel_unshuffle height not divisible": lambda L, d: F(L).pixel_unshuffle(img(L, 1, 1, 3, 4), 2),
    "pixel_unshuffle factor 0": lambda L, d: F(L).pixel_unshuffle(img(L), 0),
    "grid_sample grid last dim 3": lambda L, d: F(L).grid_sample(img(L), L.zeros(1, 2, 2, 3), align_corners=False),
    "grid_sample mode bogus": lambda L, d: F(L).grid_sample(img(L), L.zeros(1, 2, 2, 2), mode="bogus", align_corners=False),
    "grid_sample padding_mode bogus": lambda L, d: F(L).grid_sample(img(L), L.zeros(1, 2, 2, 2), padding_mode="bogus", align_corners=False),
    "grid_sample batch mismatch": lambda L, d: F(L).grid_sample(img(L), L.zeros(2, 2, 2, 2), align_corners=False),
    "grid_sample bicubic 5-d": lambda L, d: F(L).grid_sample(img(L, 1, 1, 2, 2, 2), L.zeros(1, 2, 2, 2, 3), mode="bicubic", align_corners=False),
    "grid_sample grid dtype mismatch": lambda L, d: F(L).grid_sample(img(L), L.zeros(1, 2, 2, 2, dtype=L.float64), align_corners=False),
    "grid_sample 3-d input": lambda L, d: F(L).grid_sample(img(L, 1, 4, 4), L.zeros(1, 2, 2), align_corners=False),
    "grid_sample grid rank mismatch": lambda L, d: F(L).grid_sample(img(L), L.zeros(1, 2, 2, 2, 3), align_corners=False),
    "grid_sample empty input": lambda L, d: F(L).grid_sample(L.ones(1, 1, 0, 4), L.zeros(1, 2, 2, 2), align_corners=False),
    "grid_sample 4-d input 5-d grid": lambda L, d: F(L).grid_sample(img(L), L.zeros(1, 2, 2, 2, 2), align_corners=False),
    "grid_sample 5-d input 4-d grid": lambda L, d: F(L).grid_sample(img(L, 1, 1, 2, 2, 2), L.zeros(1, 2, 2, 3), align_corners=False),
    "grid_sample dtype and batch mismatch": lambda L, d: F(L).grid_sample(img(L), L.zeros(2, 2, 2, 2, dtype=L.float64), align_corners=False),
    "grid_sample empty input and rank mismatch": lambda L, d: F(L).grid_sample(L.ones(1, 1, 0, 4), L.zeros(1, 2, 2, 2, 2), align_corners=False),
    "grid_sample bicubic 5-d dtype mismatch": lambda L, d: F(L).grid_sample(img(L, 1, 1, 2, 2, 2), L.zeros(1, 2, 2, 2, 3, dtype=L.float64), mode="bicubic", align_corners=False),
    "grid_sample 2-d input": lambda L, d: F(L).grid_sample(img(L, 4, 4), L.zeros(1, 2), align_corners=False),
    "grid_sample int input": lambda L, d: F(L).grid_sample(L.ones(1, 1, 4, 4, dtype=L.int64), L.zeros(1, 2, 2, 2, dtype=L.int64), align_corners=False),
    "affine_grid theta wrong shape": lambda L, d: F(L).affine_grid(L.zeros(1, 3, 3), [1, 1, 4, 4], align_corners=False),
    "affine_grid size three values": lambda L, d: F(L).affine_grid(L.zeros(1, 2, 3), [1, 1, 4], align_corners=False),
    "affine_grid batch mismatch": lambda L, d: F(L).affine_grid(L.zeros(2, 2, 3), [1, 1, 4, 4], align_corners=False),
    "affine_grid int theta": lambda L, d: F(L).affine_grid(L.zeros(1, 2, 3, dtype=L.int64), [1, 1, 4, 4], align_corners=False),
    "one_hot num_classes too small": lambda L, d: F(L).one_hot(L.tensor([0, 3]), 2),
    "one_hot negative index": lambda L, d: F(L).one_hot(L.tensor([-1, 1]), 3),
    "one_hot float input": lambda L, d: F(L).one_hot(L.tensor([0.0, 1.0]), 3),
    "one_hot num_classes 0 of empty ok": lambda L, d: F(L).one_hot(L.zeros(0, dtype=L.int64), 0).shape,
    "one_hot num_classes 0 non-empty": lambda L, d: F(L).one_hot(L.tensor([0]), 0),
    "one_hot num_classes -2 of empty": lambda L, d: F(L).one_hot(L.zeros(0, dtype=L.int64), -2),
    "one_hot num_classes 2 of empty ok": lambda L, d: F(L).one_hot(L.zeros(0, dtype=L.int64), 2).shape,
    "one_hot num_classes -2": lambda L, d: F(L).one_hot(L.tensor([0, 1]), -2),
    "embedding index out of range": lambda L, d: F(L).embedding(L.tensor([3]), L.ones(3, 2)),
    "embedding float indices": lambda L, d: F(L).embedding(L.tensor([1.0]), L.ones(3, 2)),
    "embedding padding_idx out of range": lambda L, d: F(L).embedding(L.tensor([1]), L.ones(3, 2), padding_idx=5),
    "Embedding padding_idx too negative": lambda L, d: nn(L).Embedding(3, 2, padding_idx=-4),
    "dropout p above 1": lambda L, d: F(L).dropout(L.ones(2), p=1.5),
    "dropout p negative": lambda L, d: nn(L).Dropout(p=-0.1),
    "layer_norm shape mismatch": lambda L, d: F(L).layer_norm(t(L), (2,)),
    "layer_norm weight wrong shape": lambda L, d: F(L).layer_norm(t(L), (3,), weight=L.ones(2)),
    "group_norm groups not dividing": lambda L, d: F(L).group_norm(img(L, 1, 3, 2, 2), 2),
    "group_norm weight wrong size": lambda L, d: F(L).group_norm(img(L, 1, 2, 2, 2), 2, weight=L.ones(3)),
    "batch_norm running_mean wrong size": lambda L, d: F(L).batch_norm(t(L), L.zeros(2), L.ones(3)),
    "batch_norm one value per channel in training": lambda L, d: F(L).batch_norm(t(L, 1, 3), L.zeros(3), L.ones(3), training=True),
    "instance_norm running stats wrong size": lambda L, d: F(L).instance_norm(img(L, 1, 2, 3), L.zeros(3), L.ones(3), use_input_stats=True),
    "normalize dim out of range": lambda L, d: F(L).normalize(t(L), dim=2),
    "cosine_similarity shapes not broadcasting": lambda L, d: F(L).cosine_similarity(t(L), t(L, 3, 2)),
    "cross_entropy label_smoothing above 1": lambda L, d: F(L).cross_entropy(t(L), L.tensor([0, 1]), label_smoothing=1.5),
    "cross_entropy target out of range": lambda L, d: F(L).cross_entropy(t(L), L.tensor([0, 3])),
    "cross_entropy ignore_index target ok": lambda L, d: round(F(L).cross_entropy(t(L), L.tensor([0, 7]), ignore_index=7).item(), 5),
    "softmax dim out of range": lambda L, d: F(L).softmax(t(L), dim=2),
    "bilinear weight wrong shape": lambda L, d: F(L).bilinear(L.ones(1, 2), L.ones(1, 3), L.ones(1, 3, 3)),
})


def sig(L, n=8, dtype=None):
    """A real signal 0, 1, 2... of ``n`` values."""
    return L.arange(float(n), dtype=dtype)


table("fft:", {
    "fft n 0": lambda L, d: L.fft.fft(sig(L), n=0),
    "fft n negative": lambda L, d: L.fft.fft(sig(L), n=-2),
    "fft n a float": lambda L, d: L.fft.fft(sig(L), n=4.0),
    "fft n larger pads ok": lambda L, d: L.fft.fft(sig(L, 3), n=5).abs().round(decimals=6),
    "fft dim out of range": lambda L, d: L.fft.fft(sig(L), dim=1),
    "fft dim a tuple": lambda L, d: L.fft.fft(sig(L), dim=(0,)),
    "fft norm bogus": lambda L, d: L.fft.fft(sig(L), norm="bogus"),
    "fft norm an int": lambda L, d: L.fft.fft(sig(L), norm=1),
    "fft norm bytes ok": lambda L, d: L.fft.fft(sig(L, 4), norm=b"ortho").real.round(decimals=6),
    "rfft norm a float": lambda L, d: L.fft.rfft(sig(L), norm=1.0),
    "ihfft norm a list": lambda L, d: L.fft.ihfft(sig(L), norm=[]),
    "hfft norm an int": lambda L, d: L.fft.hfft(sig(L).to(L.complex64), norm=0),
    "irfftn norm an int": lambda L, d: L.fft.irfftn(t(L, 2, 4).to(L.complex64), norm=2),
    "fft2 norm an int": lambda L, d: L.fft.fft2(t(L, 2, 4), norm=2),
    "fft norm None ok": lambda L, d: L.fft.fft(sig(L, 4), norm=None).real.round(decimals=6),
    "fft of a 0-d tensor": lambda L, d: L.fft.fft(L.tensor(1.0)),
    "fft of an int tensor ok": lambda L, d: L.fft.fft(L.arange(4)).dtype,
    "fft of a bool tensor ok": lambda L, d: L.fft.fft(L.ones(4, dtype=L.bool)).dtype,
    "fft of a float16 tensor odd n": lambda L, d: L.fft.fft(L.ones(3, dtype=L.float16)),
    "fft of an empty tensor": lambda L, d: L.fft.fft(L.ones(0)),
    "ifft norm forward ok": lambda L, d: L.fft.ifft(sig(L, 4), norm="forward").real,
    "rfft of complex": lambda L, d: L.fft.rfft(sig(L).to(L.complex64)),
    "irfft n 0": lambda L, d: L.fft.irfft(sig(L).to(L.complex64), n=0),
    "irfft n 1 ok": lambda L, d: L.fft.irfft(sig(L, 4).to(L.complex128), n=1),
    "irfft of a 1-element input": lambda L, d: L.fft.irfft(L.ones(1, dtype=L.complex64)),
    "hfft of real ok": lambda L, d: L.fft.hfft(sig(L, 3)).dtype,
    "ihfft of complex": lambda L, d: L.fft.ihfft(sig(L).to(L.complex64)),
    "fft2 of 1-d": lambda L, d: L.fft.fft2(sig(L)),
    "fft2 s and dim lengths differ": lambda L, d: L.fft.fft2(t(L, 2, 4), s=(2,), dim=(0, 1)),
    "fftn s longer than the dims": lambda L, d: L.fft.fftn(t(L, 2, 4), s=(2, 4, 2)),
    "fftn dim repeated": lambda L, d: L.fft.fftn(t(L, 2, 4), dim=(1, 1)),
    "fftn s with -1 ok": lambda L, d: L.fft.fftn(t(L, 2, 4), s=(-1, 2)).shape,
    "fftn s 0": lambda L, d: L.fft.fftn(t(L, 2, 4), s=(2, 0)),
    "fftn dim empty ok": lambda L, d: L.fft.fftn(t(L, 2, 4), dim=()).dtype,
    "rfftn dim out of range": lambda L, d: L.fft.rfftn(t(L, 2, 4), dim=(0, 2)),
    "irfftn s shorter than dim": lambda L, d: L.fft.irfftn(t(L, 2, 4).to(L.complex64), s=(4,), dim=(0, 1)),
    "fftshift dim out of range": lambda L, d: L.fft.fftshift(sig(L), dim=1),
    "fftshift dims a list ok": lambda L, d: L.fft.fftshift(t(L, 2, 3), dim=[0, 1]),
    "fftshift dim a numpy int ok": lambda L, d: L.fft.fftshift(sig(L, 5), dim=np.int64(0)),
    "fftshift dim a 0-d tensor ok": lambda L, d: L.fft.fftshift(sig(L, 5), dim=L.tensor(0)),
    "fftshift dim a bool": lambda L, d: L.fft.fftshift(sig(L), dim=True),
    "fftshift dim a list of floats": lambda L, d: L.fft.fftshift(sig(L), dim=[0.0]),
    "fftshift dim a str": lambda L, d: L.fft.fftshift(sig(L), dim="0"),
    "fftshift dim too negative": lambda L, d: L.fft.fftshift(t(L), dim=-3),
    "fftshift dim repeated ok": lambda L, d: L.fft.fftshift(sig(L, 5), dim=(0, 0)),
    "fftshift of a 0-d tensor dim 0": lambda L, d: L.fft.fftshift(L.tensor(1.0), dim=0),
    "ifftshift dims one out of range": lambda L, d: L.fft.ifftshift(t(L), dim=(0, 2)),
    "fft of a 0-d tensor dim 0": lambda L, d: L.fft.fft(L.tensor(1.0), dim=0),
    "rfft of a 0-d tensor n 2": lambda L, d: L.fft.rfft(L.tensor(1.0), n=2),
    "fft2 of a 0-d tensor": lambda L, d: L.fft.fft2(L.tensor(1.0)),
    "fftn of a 0-d tensor dim 0": lambda L, d: L.fft.fftn(L.tensor(1.0), dim=0),
    "fftn of a 0-d tensor ok": lambda L, d: L.fft.fftn(L.tensor(2.0)),
    "fft dim None": lambda L, d: L.fft.fft(sig(L), dim=None),
    "rfftfreq n -1 ok": lambda L, d: L.fft.rfftfreq(-1).shape,
    "rfftfreq n -3 ok": lambda L, d: L.fft.rfftfreq(-3).shape,
    "rfftfreq n -5": lambda L, d: L.fft.rfftfreq(-5),
    "fftfreq n -2": lambda L, d: L.fft.fftfreq(-2, d=0.5),
    "ifftshift dim a float": lambda L, d: L.fft.ifftshift(sig(L), dim=0.0),
    "fftfreq negative n": lambda L, d: L.fft.fftfreq(-1),
    "fftfreq n a float": lambda L, d: L.fft.fftfreq(4.0),
    "fftfreq d 0 ok": lambda L, d: L.fft.fftfreq(4, d=0.0).isinf().tolist(),
    "fftfreq int dtype": lambda L, d: L.fft.fftfreq(4, dtype=L.int64),
    "rfftfreq n 0 ok": lambda L, d: L.fft.rfftfreq(0).shape,
    "stft n_fft larger than the signal": lambda L, d: L.stft(sig(L), n_fft=16, return_complex=True, center=False),
    "stft without return_complex": lambda L, d: L.stft(sig(L, 16), n_fft=8),
    "stft hop_length 0": lambda L, d: L.stft(sig(L, 16), n_fft=8, hop_length=0, return_complex=True),
    "stft window wrong size": lambda L, d: L.stft(sig(L, 16), n_fft=8, window=L.ones(5), return_complex=True),
    "stft win_length above n_fft": lambda L, d: L.stft(sig(L, 16), n_fft=8, win_length=9, return_complex=True),
})


table("linalg:", {
    "inv non-square": lambda L, d: L.linalg.inv(t(L)),
    "inv singular": lambda L, d: L.linalg.inv(L.ones(2, 2)),
    "inv batch with one singular": lambda L, d: L.linalg.inv(L.stack([L.eye(2), L.zeros(2, 2)])),
    "inv of int": lambda L, d: L.linalg.inv(L.eye(2, dtype=L.int64)),
    "inv of 1-d": lambda L, d: L.linalg.inv(L.ones(2)),
    "inv of 0 x 0 ok": lambda L, d: L.linalg.inv(L.ones(0, 0)).shape,
    "inv_ex singular info ok": lambda L, d: L.linalg.inv_ex(L.ones(2, 2)).info,
    "det of 1-d": lambda L, d: L.linalg.det(L.ones(3)),
    "det non-square": lambda L, d: L.linalg.det(t(L)),
    "det of int": lambda L, d: L.linalg.det(L.eye(2, dtype=L.int64)),
    "det singular ok": lambda L, d: L.linalg.det(L.ones(2, 2)),
    "slogdet of bool": lambda L, d: L.linalg.slogdet(L.eye(2, dtype=L.bool)),
    "slogdet empty batch ok": lambda L, d: L.linalg.slogdet(L.ones(0, 2, 2)).logabsdet.shape,
    "solve shapes not matching": lambda L, d: L.linalg.solve(L.eye(2), L.ones(3)),
    "solve singular": lambda L, d: L.linalg.solve(L.ones(2, 2), L.ones(2)),
    "solve batch not broadcasting": lambda L, d: L.linalg.solve(L.eye(2).expand(3, 2, 2), L.ones(2, 2, 1)),
    "solve dtypes differ": lambda L, d: L.linalg.solve(L.eye(2), L.ones(2, dtype=L.float64)),
    "solve left False shapes": lambda L, d: L.linalg.solve(L.eye(2), L.ones(3, 2).t(), left=False),
    "solve_triangular missing upper": lambda L, d: L.linalg.solve_triangular(L.eye(2), L.ones(2, 1)),
    "solve_triangular 1-d rhs": lambda L, d: L.linalg.solve_triangular(L.eye(2), L.ones(2), upper=True),
    "cholesky not positive definite": lambda L, d: L.linalg.cholesky(-L.eye(2)),
    "cholesky non-square": lambda L, d: L.linalg.cholesky(t(L)),
    "cholesky_ex not positive definite info ok": lambda L, d: L.linalg.cholesky_ex(-L.eye(2)).info,
    "cholesky_ex check_errors": lambda L, d: L.linalg.cholesky_ex(-L.eye(2), check_errors=True),
    "eigh non-square": lambda L, d: L.linalg.eigh(t(L)),
    "eigh UPLO bogus": lambda L, d: L.linalg.eigh(L.eye(2), UPLO="X"),
    "eigvalsh UPLO lower case": lambda L, d: L.linalg.eigvalsh(L.eye(2), UPLO="l"),
    "eigvalsh UPLO u reads the upper triangle": lambda L, d: L.linalg.eigvalsh(L.tensor([[1.0, 5.0], [0.0, 1.0]], dtype=L.float64), UPLO="u").round(decimals=6),
    "eigvalsh UPLO an int": lambda L, d: L.linalg.eigvalsh(L.eye(2), UPLO=1),
    "eigh UPLO None": lambda L, d: L.linalg.eigh(L.eye(2), UPLO=None),
    "eigh UPLO bytes ok": lambda L, d: L.linalg.eigh(L.eye(2), UPLO=b"U").eigenvalues,
    "eigh UPLO an int of 1-d": lambda L, d: L.linalg.eigh(L.ones(3), UPLO=1),
    "eigh UPLO bogus of 1-d": lambda L, d: L.linalg.eigh(L.ones(3), UPLO="X"),
    "eigh UPLO two letters": lambda L, d: L.linalg.eigh(L.eye(2), UPLO="LU"),
    "eig of 1-d": lambda L, d: L.linalg.eig(L.ones(2)),
    "qr mode bogus": lambda L, d: L.linalg.qr(t(L), mode="bogus"),
    "qr of 1-d": lambda L, d: L.linalg.qr(L.ones(3)),
    "qr mode r ok": lambda L, d: L.linalg.qr(L.eye(2), mode="r").Q.shape,
    "svd of int": lambda L, d: L.linalg.svd(L.eye(2, dtype=L.int64)),
    "svd driver on cpu": lambda L, d: L.linalg.svd(L.eye(2), driver="gesvd"),
    "svdvals of 1-d": lambda L, d: L.linalg.svdvals(L.ones(3)),
    "matrix_norm ord bogus": lambda L, d: L.linalg.matrix_norm(L.eye(2), ord="bogus"),
    "matrix_norm ord 3": lambda L, d: L.linalg.matrix_norm(L.eye(2), ord=3),
    "matrix_norm of 1-d": lambda L, d: L.linalg.matrix_norm(L.ones(3)),
    "matrix_norm dim one value": lambda L, d: L.linalg.matrix_norm(L.eye(2), dim=(0,)),
    "matrix_norm dims equal": lambda L, d: L.linalg.matrix_norm(L.eye(2), dim=(1, 1)),
    "vector_norm ord a str": lambda L, d: L.linalg.vector_norm(L.ones(3), ord="fro"),
    "vector_norm of int": lambda L, d: L.linalg.vector_norm(L.ones(3, dtype=L.int64)),
    "vector_norm dtype int": lambda L, d: L.linalg.vector_norm(L.ones(3), dtype=L.int64),
    "norm three dims": lambda L, d: L.linalg.norm(t(L, 2, 2, 2), dim=(0, 1, 2), ord=2),
    "norm ord fro on 1-d": lambda L, d: L.linalg.norm(L.ones(3), ord="fro"),
    "norm ord nuc ok": lambda L, d: L.linalg.norm(L.eye(2), ord="nuc"),
    "pinv of 1-d": lambda L, d: L.linalg.pinv(L.ones(3)),
    "pinv rtol and rcond": lambda L, d: L.linalg.pinv(L.eye(2), rtol=0.1, rcond=0.1),
    "lstsq rows differ": lambda L, d: L.linalg.lstsq(t(L, 3, 2), L.ones(2, 1)),
    "lstsq driver bogus": lambda L, d: L.linalg.lstsq(t(L, 3, 2), L.ones(3, 1), driver="bogus"),
    "lstsq of 1-d": lambda L, d: L.linalg.lstsq(L.ones(3), L.ones(3)),
    "matrix_power non-square": lambda L, d: L.linalg.matrix_power(t(L), 2),
    "matrix_power negative of singular": lambda L, d: L.linalg.matrix_power(L.ones(2, 2), -1),
    "matrix_power a float exponent": lambda L, d: L.linalg.matrix_power(L.eye(2), 2.0),
    "matrix_power of int 0 ok": lambda L, d: L.linalg.matrix_power(L.ones(2, 2, dtype=L.int64), 0),
    "cross dim size 2": lambda L, d: L.linalg.cross(L.ones(2), L.ones(2)),
    "cross shapes not broadcasting": lambda L, d: L.linalg.cross(L.ones(2, 3), L.ones(3, 3)),
    "cross dim out of range": lambda L, d: L.linalg.cross(L.ones(3), L.ones(3), dim=1),
    "multi_dot one tensor": lambda L, d: L.linalg.multi_dot([L.eye(2)]),
    "multi_dot a 3-d tensor": lambda L, d: L.linalg.multi_dot([L.eye(2), L.ones(2, 2, 2)]),
    "multi_dot shapes not chaining": lambda L, d: L.linalg.multi_dot([L.eye(2), L.ones(3, 2)]),
    "multi_dot 1-d ends ok": lambda L, d: L.linalg.multi_dot([L.ones(2), L.eye(2), L.ones(2)]),
    "multi_dot dtypes differ": lambda L, d: L.linalg.multi_dot([L.eye(2), L.eye(2, dtype=L.float64)]),
    "matrix_rank of 1-d": lambda L, d: L.linalg.matrix_rank(L.ones(3)),
    "matrix_rank of int": lambda L, d: L.linalg.matrix_rank(L.eye(2, dtype=L.int64)),
    "cond fro non-square": lambda L, d: L.linalg.cond(t(L), p="fro"),
    "cond 2 non-square ok": lambda L, d: L.linalg.cond(L.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]])),
    "cond p bogus": lambda L, d: L.linalg.cond(L.eye(2), p="bogus"),
    "tensorinv ind 0": lambda L, d: L.linalg.tensorinv(L.eye(4).reshape(4, 2, 2), ind=0),
    "tensorinv not square": lambda L, d: L.linalg.tensorinv(L.ones(4, 2, 3), ind=1),
    "vecdot shapes not broadcasting": lambda L, d: L.linalg.vecdot(L.ones(2, 3), L.ones(3, 3)),
    "vecdot dim sizes differ": lambda L, d: L.linalg.vecdot(L.ones(3), L.ones(2)),
    "diagonal dims equal": lambda L, d: L.linalg.diagonal(L.eye(2), dim1=0, dim2=0),
    "householder_product tau too long": lambda L, d: L.linalg.householder_product(L.eye(2), L.ones(3)),
    "lu_factor non-square ok": lambda L, d: L.linalg.lu_factor(t(L)).pivots,
    "lu_factor of int": lambda L, d: L.linalg.lu_factor(L.eye(2, dtype=L.int64)),
    "lu_solve pivots wrong shape": lambda L, d: L.linalg.lu_solve(L.eye(2), L.ones(3, dtype=L.int32), L.ones(2, 1)),
    "lu_solve pivots batch wrong": lambda L, d: L.linalg.lu_solve(L.eye(2), L.ones(2, 2, dtype=L.int32), L.ones(2, 1)),
    "lu_solve pivots 0-d": lambda L, d: L.linalg.lu_solve(L.eye(2), L.tensor(1, dtype=L.int32), L.ones(2, 1)),
    "vector_norm ord complex": lambda L, d: L.linalg.vector_norm(L.ones(3), ord=1j),
    "vector_norm ord None": lambda L, d: L.linalg.vector_norm(L.ones(3), ord=None),
    "vector_norm ord a 0-d tensor ok": lambda L, d: L.linalg.vector_norm(t(L), ord=L.tensor(3.0)),
    "vector_norm ord a numpy float ok": lambda L, d: L.linalg.vector_norm(t(L), ord=np.float64(1.0)),
    "vector_norm dtype bool": lambda L, d: L.linalg.vector_norm(L.ones(3), dtype=L.bool),
    "matrix_norm dtype int": lambda L, d: L.linalg.matrix_norm(L.eye(2), dtype=L.int64),
    "norm dtype int": lambda L, d: L.linalg.norm(L.ones(3), dtype=L.int64),
    "multi_dot complex and int": lambda L, d: L.linalg.multi_dot([L.eye(2, dtype=L.complex64), L.eye(2, dtype=L.int64)]),
    "cond p 3": lambda L, d: L.linalg.cond(L.eye(2), p=3),
    "cond p 0.5": lambda L, d: L.linalg.cond(L.eye(2), p=0.5),
    "cond p nan": lambda L, d: L.linalg.cond(L.eye(2), p=float("nan")),
    "cond p inf ok": lambda L, d: L.linalg.cond(L.eye(2), p=float("inf")),
    "pinv of float16": lambda L, d: L.linalg.pinv(L.eye(2, dtype=L.float16)),
    "pinv of int": lambda L, d: L.linalg.pinv(L.ones(2, 3, dtype=L.int32)),
    "pinv hermitian of 1-d": lambda L, d: L.linalg.pinv(L.ones(2), hermitian=True),
    "pinverse of 1-d": lambda L, d: L.pinverse(L.ones(2)),
    "matrix_rank of float16": lambda L, d: L.linalg.matrix_rank(L.eye(2, dtype=L.float16)),
    "matrix_rank of 1-d int": lambda L, d: L.linalg.matrix_rank(L.ones(2, dtype=L.int64)),
    "matrix_rank tol of 1-d": lambda L, d: L.linalg.matrix_rank(L.ones(2), tol=0.1),
    "lstsq of 0-d": lambda L, d: L.linalg.lstsq(L.tensor(1.0), L.ones(3)),
    "lstsq of 1-d int": lambda L, d: L.linalg.lstsq(L.ones(3, dtype=L.int64), L.ones(3)),
    "svdvals of 1-d int": lambda L, d: L.linalg.svdvals(L.ones(2, dtype=L.int64)),
    "svdvals of int": lambda L, d: L.linalg.svdvals(L.eye(2, dtype=L.int64)),
    "solve batches not broadcasting the other way": lambda L, d: L.linalg.solve(L.eye(2).expand(2, 2, 2), L.ones(3, 2, 1)),
    "eigvals of a batch of non-square": lambda L, d: L.linalg.eigvals(L.ones(2, 2, 3)),
})


def dataset(L, n=6):
    """A TensorDataset of ``n`` rows of 2 features and their labels."""
    return L.utils.data.TensorDataset(L.arange(float(2 * n)).reshape(n, 2), L.arange(n))


def loader(L, **kw):
    """A DataLoader over ``dataset(L)`` with ``kw``."""
    return L.utils.data.DataLoader(dataset(L), **kw)


def split_lengths(L, lengths, n=10):
    """The lengths ``random_split`` gives ``n`` items split as ``lengths`` (seeded)."""
    return [len(s) for s in L.utils.data.random_split(range(n), lengths, generator=L.Generator().manual_seed(0))]


def counter_dataset(L):
    """An iterable-style dataset of 0, 1, 2."""
    class Count(L.utils.data.IterableDataset):
        def __iter__(self):
            return iter(range(3))
    return Count()


table("data:", {
    "random_split fractions with a remainder ok": lambda L, d: split_lengths(L, [0.33, 0.33, 0.34], n=7),
    "random_split fractions short of 1": lambda L, d: split_lengths(L, [0.5, 0.4]),
    "random_split fraction negative": lambda L, d: split_lengths(L, [1.2, -0.2]),
    "random_split length negative": lambda L, d: split_lengths(L, [12, -2]),
    "random_split lengths empty": lambda L, d: split_lengths(L, []),
    "random_split a zero length ok": lambda L, d: split_lengths(L, [0, 10]),
    "random_split a single 1 of many ok": lambda L, d: split_lengths(L, [1]),
    "random_split ints 0 and 1 ok": lambda L, d: split_lengths(L, [0, 1]),
    "random_split ints 1 and 0 of one item ok": lambda L, d: split_lengths(L, [1, 0], n=1),
    "random_split mixed int and fraction": lambda L, d: split_lengths(L, [5, 0.5]),
    "random_split lengths a tensor": lambda L, d: split_lengths(L, L.tensor([5, 5])),
    "random_split lengths floats summing to n": lambda L, d: split_lengths(L, [5.0, 5.0]),
    "random_split of an empty dataset ok": lambda L, d: split_lengths(L, [0, 0], n=0),
    "random_split indices ok": lambda L, d: sorted(i for s in L.utils.data.random_split(range(5), [2, 3], generator=L.Generator().manual_seed(1)) for i in s),
    "Subset negative index ok": lambda L, d: L.utils.data.Subset(dataset(L), [-1])[0],
    "Subset float indices": lambda L, d: L.utils.data.Subset(dataset(L), [1.0])[0],
    "Subset tensor indices ok": lambda L, d: L.utils.data.Subset(dataset(L), L.tensor([2, 0]))[1],
    "Subset of a Subset ok": lambda L, d: L.utils.data.Subset(L.utils.data.Subset(dataset(L), [4, 5]), [1])[0],
    "Subset index beyond its indices": lambda L, d: L.utils.data.Subset(dataset(L), [0, 1])[2],
    "Subset list index ok": lambda L, d: L.utils.data.Subset(dataset(L), [3, 4, 5])[[0, 2]],
    "Subset len ok": lambda L, d: len(L.utils.data.Subset(dataset(L), [9, 9, 9])),
    "DataLoader batch_size 0": lambda L, d: loader(L, batch_size=0),
    "DataLoader batch_size None drop_last": lambda L, d: loader(L, batch_size=None, drop_last=True),
    "DataLoader sampler with shuffle": lambda L, d: loader(L, sampler=[0, 1], shuffle=True),
    "DataLoader batch_sampler with batch_size": lambda L, d: loader(L, batch_sampler=[[0, 1]], batch_size=2),
    "DataLoader batch_sampler with sampler": lambda L, d: loader(L, batch_sampler=[[0, 1]], sampler=[0, 1]),
    "DataLoader batch_sampler with batch_size 1 ok": lambda L, d: len(batches(loader(L, batch_sampler=[[0, 1]], batch_size=1))),
    "DataLoader iterable dataset with shuffle": lambda L, d: L.utils.data.DataLoader(counter_dataset(L), shuffle=True),
    "DataLoader iterable dataset with sampler": lambda L, d: L.utils.data.DataLoader(counter_dataset(L), sampler=[0]),
    "DataLoader iterable dataset with batch_sampler": lambda L, d: L.utils.data.DataLoader(counter_dataset(L), batch_sampler=[[0]]),
    "DataLoader iterable dataset ok": lambda L, d: batches(L.utils.data.DataLoader(counter_dataset(L), batch_size=2)),
    "DataLoader iterable dataset len": lambda L, d: len(L.utils.data.DataLoader(counter_dataset(L))),
    "DataLoader sampler negative index ok": lambda L, d: batches(loader(L, sampler=[-1], batch_size=1)),
    "DataLoader drop_last all ok": lambda L, d: len(batches(loader(L, batch_size=10, drop_last=True))),
    "DataLoader len drop_last ok": lambda L, d: len(loader(L, batch_size=4, drop_last=True)),
    "DataLoader set batch_size after init": lambda L, d: setattr(loader(L), "batch_size", 3),
    "DataLoader unknown keyword": lambda L, d: loader(L, size=3),
    "TensorDataset index a float": lambda L, d: dataset(L)[1.0],
    "TensorDataset of nothing": lambda L, d: len(L.utils.data.TensorDataset()),
    "TensorDataset 0-d tensor": lambda L, d: L.utils.data.TensorDataset(L.tensor(1.0)),
    "ConcatDataset of an IterableDataset": lambda L, d: L.utils.data.ConcatDataset([counter_dataset(L)]),
    "ConcatDataset of lists ok": lambda L, d: L.utils.data.ConcatDataset([[1, 2], [3]])[2],
    "ConcatDataset add ok": lambda L, d: len(dataset(L) + dataset(L, 2)),
    "default_collate ragged lists": lambda L, d: L.utils.data.default_collate([[1, 2], [3]]),
    "default_collate dicts with different keys": lambda L, d: L.utils.data.default_collate([{"a": 1}, {"b": 2}]),
    "default_collate tuples of different lengths": lambda L, d: L.utils.data.default_collate([(1, 2), (3,)]),
    "default_collate numpy arrays of different shapes": lambda L, d: L.utils.data.default_collate([np.ones(2), np.ones(3)]),
    "default_collate numpy arrays ok": lambda L, d: L.utils.data.default_collate([np.ones(2), np.zeros(2)]),
    "default_collate numpy str arrays": lambda L, d: L.utils.data.default_collate([np.array(["a"]), np.array(["b"])]),
    "default_collate strings ok": lambda L, d: L.utils.data.default_collate(["a", "b"]),
    "default_collate bools ok": lambda L, d: L.utils.data.default_collate([True, False]),
    "default_collate tensors of different dtypes ok": lambda L, d: L.utils.data.default_collate([L.ones(2), L.ones(2, dtype=L.float64)]).dtype,
    "default_collate 0-d and 1-d": lambda L, d: L.utils.data.default_collate([L.tensor(1.0), L.ones(1)]),
    "default_collate a set": lambda L, d: L.utils.data.default_collate([{1}, {2}]),
    "default_collate numpy scalars ok": lambda L, d: L.utils.data.default_collate([np.float32(1), np.float32(2)]),
    "default_convert numpy ok": lambda L, d: L.utils.data.default_convert(np.ones(2)),
    "default_convert numpy str array ok": lambda L, d: L.utils.data.default_convert(np.array(["a"])).tolist(),
})


def batches(it_):
    """Every batch of a loader as a list."""
    return [b for b in it_]


def optimizer(L, lr=0.1, **kw):
    """SGD over one parameter, with ``kw``."""
    return L.optim.SGD([nn(L).Parameter(L.ones(1))], lr=lr, **kw)


def lrs(sched, steps=3):
    """The learning rates of ``sched``'s optimizer's first group over ``steps`` steps."""
    out = []
    for _ in range(steps):
        sched.optimizer.step()
        sched.step()
        out.append(round(sched.optimizer.param_groups[0]["lr"], 10))
    return out


def S(L):
    """The library's ``optim.lr_scheduler``."""
    return L.optim.lr_scheduler


table("scheduler:", {
    "StepLR step_size 0": lambda L, d: lrs(S(L).StepLR(optimizer(L), step_size=0)),
    "StepLR step_size a float ok": lambda L, d: lrs(S(L).StepLR(optimizer(L), step_size=1.5)),
    "StepLR gamma negative ok": lambda L, d: lrs(S(L).StepLR(optimizer(L), step_size=1, gamma=-1.0)),
    "StepLR missing step_size": lambda L, d: S(L).StepLR(optimizer(L)),
    "MultiStepLR milestones repeated ok": lambda L, d: lrs(S(L).MultiStepLR(optimizer(L), milestones=[1, 1]), 2),
    "ExponentialLR missing gamma": lambda L, d: S(L).ExponentialLR(optimizer(L)),
    "LambdaLR list of the wrong length": lambda L, d: S(L).LambdaLR(optimizer(L), [lambda e: 1.0, lambda e: 1.0]),
    "LambdaLR not callable": lambda L, d: lrs(S(L).LambdaLR(optimizer(L), 0.5)),
    "LambdaLR returning a str": lambda L, d: lrs(S(L).LambdaLR(optimizer(L), lambda e: "x")),
    "MultiplicativeLR not callable": lambda L, d: lrs(S(L).MultiplicativeLR(optimizer(L), 0.5)),
    "MultiplicativeLR list of the wrong length": lambda L, d: S(L).MultiplicativeLR(optimizer(L), [lambda e: 1.0] * 2),
    "CosineAnnealingLR T_max 0": lambda L, d: lrs(S(L).CosineAnnealingLR(optimizer(L), T_max=0)),
    "CosineAnnealingLR eta_min above lr ok": lambda L, d: lrs(S(L).CosineAnnealingLR(optimizer(L), T_max=4, eta_min=1.0)),
    "CosineAnnealingWarmRestarts T_0 0": lambda L, d: S(L).CosineAnnealingWarmRestarts(optimizer(L), T_0=0),
    "CosineAnnealingWarmRestarts T_0 a float": lambda L, d: S(L).CosineAnnealingWarmRestarts(optimizer(L), T_0=2.0),
    "CosineAnnealingWarmRestarts T_mult 0": lambda L, d: S(L).CosineAnnealingWarmRestarts(optimizer(L), T_0=2, T_mult=0),
    "CosineAnnealingWarmRestarts negative epoch": lambda L, d: S(L).CosineAnnealingWarmRestarts(optimizer(L), T_0=2).step(-1),
    "OneCycleLR total_steps 0": lambda L, d: S(L).OneCycleLR(optimizer(L), max_lr=1.0, total_steps=0),
    "OneCycleLR pct_start above 1": lambda L, d: S(L).OneCycleLR(optimizer(L), max_lr=1.0, total_steps=5, pct_start=1.5),
    "OneCycleLR anneal_strategy bogus": lambda L, d: S(L).OneCycleLR(optimizer(L), max_lr=1.0, total_steps=5, anneal_strategy="bogus"),
    "OneCycleLR max_lr list of the wrong length": lambda L, d: S(L).OneCycleLR(optimizer(L), max_lr=[1.0, 2.0], total_steps=5),
    "OneCycleLR without momentum": lambda L, d: S(L).OneCycleLR(L.optim.Adagrad([nn(L).Parameter(L.ones(1))]), max_lr=1.0, total_steps=5),
    "CyclicLR mode bogus": lambda L, d: S(L).CyclicLR(optimizer(L, momentum=0.9), 0.1, 1.0, mode="bogus"),
    "CyclicLR without momentum": lambda L, d: S(L).CyclicLR(optimizer(L), 0.1, 1.0),
    "CyclicLR without momentum cycling off ok": lambda L, d: lrs(S(L).CyclicLR(optimizer(L), 0.1, 1.0, step_size_up=2, cycle_momentum=False)),
    "CyclicLR base_lr list of the wrong length": lambda L, d: S(L).CyclicLR(optimizer(L, momentum=0.9), [0.1, 0.2], 1.0),
    "CyclicLR step_size_up 0": lambda L, d: lrs(S(L).CyclicLR(optimizer(L, momentum=0.9), 0.1, 1.0, step_size_up=0)),
    "ReduceLROnPlateau mode bogus": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L), mode="bogus"),
    "ReduceLROnPlateau factor 1": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L), factor=1.0),
    "ReduceLROnPlateau threshold_mode bogus": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L), threshold_mode="bogus"),
    "ReduceLROnPlateau min_lr list of the wrong length": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L), min_lr=[0.1, 0.2]),
    "ReduceLROnPlateau step a str": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L)).step("x"),
    "ReduceLROnPlateau step a tensor ok": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L)).step(L.tensor(1.0)),
    "ReduceLROnPlateau step nothing": lambda L, d: S(L).ReduceLROnPlateau(optimizer(L)).step(),
    "LinearLR start_factor 0": lambda L, d: S(L).LinearLR(optimizer(L), start_factor=0.0),
    "LinearLR start_factor above 1": lambda L, d: S(L).LinearLR(optimizer(L), start_factor=1.5),
    "LinearLR end_factor above 1": lambda L, d: S(L).LinearLR(optimizer(L), end_factor=1.5),
    "LinearLR total_iters 0 ok": lambda L, d: lrs(S(L).LinearLR(optimizer(L), total_iters=0)),
    "ConstantLR factor above 1": lambda L, d: S(L).ConstantLR(optimizer(L), factor=1.5),
    "ConstantLR factor negative": lambda L, d: S(L).ConstantLR(optimizer(L), factor=-0.5),
    "PolynomialLR total_iters 0 ok": lambda L, d: lrs(S(L).PolynomialLR(optimizer(L), total_iters=0)),
    "scheduler of a non-optimizer": lambda L, d: S(L).StepLR([nn(L).Parameter(L.ones(1))], step_size=1),
    "scheduler last_epoch -2": lambda L, d: S(L).StepLR(optimizer(L), step_size=1, last_epoch=-2),
    "ChainedScheduler of different optimizers": lambda L, d: S(L).ChainedScheduler([S(L).StepLR(optimizer(L), 1), S(L).StepLR(optimizer(L), 1)]),
    "ChainedScheduler empty": lambda L, d: S(L).ChainedScheduler([]),
    "SequentialLR milestones too many": lambda L, d: (lambda o: S(L).SequentialLR(o, [S(L).StepLR(o, 1), S(L).StepLR(o, 1)], milestones=[1, 2]))(optimizer(L)),
    "scheduler load_state_dict a list": lambda L, d: S(L).StepLR(optimizer(L), 1).load_state_dict([]),
    "scheduler state_dict keys ok": lambda L, d: sorted(S(L).StepLR(optimizer(L), 1).state_dict()),
})


def saved(L, d, obj, name="x.pt"):
    """The path ``obj`` was saved to under ``d``."""
    path = d / name
    L.save(obj, path)
    return path


def with_file(path, mode, use):
    """``use(f)`` of the file at ``path`` opened in ``mode``, closed after (a file left open warns when it
    is collected, in whichever test runs then)."""
    with open(path, mode) as f:
        return use(f)


def written(d, data, name="x.pt"):
    """The path of a file under ``d`` holding the bytes ``data``."""
    path = d / name
    path.write_bytes(data)
    return path


table("save:", {
    "into a missing folder": lambda L, d: L.save(L.ones(2), d / "missing" / "x.pt"),
    "a lambda": lambda L, d: L.save({"f": lambda x: x}, d / "x.pt"),
    "a BytesIO round trip ok": lambda L, d: (lambda b: (L.save(L.ones(2), b), b.seek(0), L.load(b))[2])(io.BytesIO()),
    "a closed file": lambda L, d: (lambda f: (f.close(), L.save(L.ones(2), f))[1])(open(d / "x.pt", "wb")),
    "a read-only file object": lambda L, d: with_file(written(d, b""), "rb", lambda f: L.save(L.ones(2), f)),
    "an int ok": lambda L, d: L.load(saved(L, d, 3)),
    "a None ok": lambda L, d: L.load(saved(L, d, None)),
    "a tuple of tensors ok": lambda L, d: L.load(saved(L, d, (L.ones(1), L.zeros(2)))),
    "a view keeps its shape ok": lambda L, d: L.load(saved(L, d, t(L)[:, 1])),
    "two views share memory ok": lambda L, d: (lambda a: (a[0].add_(10), a[1])[1])(L.load(saved(L, d, [t(L)[0], t(L)[0]]))),
    "a view and its base share memory ok": lambda L, d: (lambda x: (lambda a: (a[0].add_(10), a[1])[1])(L.load(saved(L, d, [x[0], x]))))(t(L)),
    "a dict with a tensor key ok": lambda L, d: len(L.load(saved(L, d, {1: L.ones(1)}))),
    "a requires_grad tensor ok": lambda L, d: L.load(saved(L, d, L.ones(2, requires_grad=True))).requires_grad,
    "a Parameter ok": lambda L, d: type(L.load(saved(L, d, nn(L).Parameter(L.ones(2))))).__name__,
    "an int8 tensor ok": lambda L, d: L.load(saved(L, d, L.ones(2, dtype=L.int8))),
    "a bool tensor ok": lambda L, d: L.load(saved(L, d, L.ones(2, dtype=L.bool))),
    "a complex tensor ok": lambda L, d: L.load(saved(L, d, L.ones(2, dtype=L.complex64))),
    "an empty tensor ok": lambda L, d: L.load(saved(L, d, L.ones(0, 3))).shape,
    "a 0-d tensor ok": lambda L, d: L.load(saved(L, d, L.tensor(2.5))),
    "pickle_protocol 0": lambda L, d: L.save(L.ones(1), d / "x.pt", pickle_protocol=0),
    "load garbage bytes": lambda L, d: L.load(written(d, b"not a checkpoint at all")),
    "load an empty file": lambda L, d: L.load(written(d, b"")),
    "load a truncated checkpoint": lambda L, d: L.load(written(d, saved(L, d, L.ones(100), "full.pt").read_bytes()[:200])),
    "load a directory": lambda L, d: L.load(d),
    "load a closed file": lambda L, d: (lambda f: (f.close(), L.load(f))[1])(open(saved(L, d, L.ones(1)), "rb")),
    "load weights_only a custom class": lambda L, d: L.load(saved(L, d, {"x": io.BytesIO()}), weights_only=True),
    "load weights_only a set ok": lambda L, d: sorted(L.load(saved(L, d, {1, 2}), weights_only=True)),
    "load a BytesIO at its end": lambda L, d: (lambda b: (L.save(L.ones(2), b), L.load(b))[1])(io.BytesIO()),
    "load map_location a torch device ok": lambda L, d: L.load(saved(L, d, L.ones(2)), map_location=L.device("cpu")),
    "load mmap of a BytesIO": lambda L, d: (lambda b: (L.save(L.ones(2), b), b.seek(0), L.load(b, mmap=True))[2])(io.BytesIO()),
    "load mmap ok": lambda L, d: L.load(saved(L, d, L.ones(2)), mmap=True),
    "load pathlib of a str ok": lambda L, d: L.load(str(saved(L, d, L.ones(2)))),
    "load a bytes path": lambda L, d: L.load(bytes(saved(L, d, L.ones(2)))),
})


table("out=", {
    "add into a shifted view of its second input": lambda L, d: (lambda x: L.add(L.ones(5), x[:5], out=x[1:]))(L.arange(6.0)),
    "add into a shifted view by keyword": lambda L, d: (lambda x: L.add(input=L.ones(5), other=x[:5], out=x[1:]))(L.arange(6.0)),
    "add into its input laid out otherwise": lambda L, d: (lambda x: L.add(x, 1, out=x.t()))(t(L, 2, 2)),
    "add into a 0-d element of its input": lambda L, d: (lambda x: L.add(x[2], 1, out=x[1:3]))(L.arange(6.0)),
    "add into disjoint halves ok": lambda L, d: (lambda x: (L.add(x[:3], 1, out=x[3:]), x)[1])(L.arange(6.0)),
    "exp into a shifted view": lambda L, d: (lambda x: L.exp(x[:5], out=x[1:]))(L.arange(6.0)),
    "neg into a reversed view": lambda L, d: (lambda x: L.neg(x, out=x.flip(0)))(L.arange(6.0)),
    "mul into a view of a strided input ok": lambda L, d: (lambda x: (L.mul(x[::2], 2, out=x[1::2]), x)[1])(L.arange(6.0)),
    "where into a shifted view": lambda L, d: (lambda x: L.where(x[:5] > 2, x[:5], 0.0 * x[:5], out=x[1:]))(L.arange(6.0)),
    "clamp into a shifted view": lambda L, d: (lambda x: L.clamp(x[:5], 1, 3, out=x[1:]))(L.arange(6.0)),
    "eq into a shifted bool view": lambda L, d: (lambda x: L.eq(x[:5], x[1:], out=x[1:]))(L.arange(6) > 2),
    "bitwise_and into a shifted view": lambda L, d: (lambda x: L.bitwise_and(x[:5], 3, out=x[1:]))(L.arange(6)),
    "special.expit into a shifted view": lambda L, d: (lambda x: L.special.expit(x[:5], out=x[1:]))(L.arange(6.0)),
    "gelu into a shifted view": lambda L, d: (lambda x: F(L).gelu(x[:5], out=x[1:]))(L.arange(6.0)),
    "pow into a shifted view of its exponent": lambda L, d: (lambda x: L.pow(2.0, x[:5], out=x[1:]))(L.arange(6.0)),
    "lerp into a shifted view of its weight": lambda L, d: (lambda x: L.lerp(L.zeros(5), L.ones(5), x[:5], out=x[1:]))(L.arange(6.0) / 6),
    "mul into a partly overlapping matrix": lambda L, d: (lambda x: L.mul(x[:2, :2], 2, out=x[1:, 1:]))(t(L, 3, 3)),
    "mul into a transposed view of a square input": lambda L, d: (lambda x: L.mul(x, 2, out=x.t()))(t(L, 3, 3)),
    "sub into a view of its input's base ok": lambda L, d: (lambda x: (L.sub(x[0], 1, out=x[1]), x)[1])(t(L, 2, 3)),
    "add into a shifted view with a wrong dtype": lambda L, d: (lambda x: L.add(x[:5], 1.5, out=x.view(L.int64)[1:]))(L.arange(6.0)),
    "add into a shifted view requiring grad": lambda L, d: (lambda x: L.add(x[:3], 1, out=x[1:4]))(L.ones(6, requires_grad=True)),
    "special.xlogy into a shifted view": lambda L, d: (lambda x: L.special.xlogy(x[:5], 2.0, out=x[1:]))(L.arange(6.0)),
    "logical_not into a shifted view": lambda L, d: (lambda x: L.logical_not(x[:5], out=x[1:]))(L.arange(6) > 2),
    "shifted view of another dtype": lambda L, d: (lambda x: L.add(x[:5], 1, out=x.view(L.int64)[1:]))(L.arange(6.0)),
    "frexp into a shifted view": lambda L, d: (lambda x: L.frexp(x[:5], out=(x[1:], L.zeros(5, dtype=L.int32))))(L.arange(6.0)),
    "failed add keeps the out": lambda L, d: kept(L.arange(6.0), lambda x: L.add(x[:5], 1, out=x[1:])),
    "sum into a shifted view ok": lambda L, d: (lambda x: (L.sum(x[:4].view(2, 2), 0, out=x[3:5]), x)[1])(L.arange(6.0)),
    "mm into a shifted view ok": lambda L, d: (lambda x: (L.mm(x[:4].view(2, 2), L.eye(2), out=x[2:6].view(2, 2)), x)[1])(L.arange(6.0)),
    "complex into a shifted complex view of its parts": lambda L, d: (lambda x: L.complex(x[2:7], x[2:7], out=x.view(L.complex64)[1:6]))(L.arange(16.0)),
    "polar into a shifted complex view of its parts": lambda L, d: (lambda x: L.polar(x[2:7], x[2:7], out=x.view(L.complex64)[1:6]))(L.arange(16.0)),
    "outer into a shifted view": lambda L, d: (lambda x: L.outer(x[:2], x[:2], out=x[1:5].view(2, 2)))(L.arange(6.0)),
    "ger into a shifted view": lambda L, d: (lambda x: L.ger(x[:2], x[:2], out=x[1:5].view(2, 2)))(L.arange(6.0)),
    "kron into a shifted view": lambda L, d: (lambda x: L.kron(x[:2], x[:2], out=x[1:5]))(L.arange(6.0)),
    "max of two into a shifted view": lambda L, d: (lambda x: L.max(x[:5], L.ones(5), out=x[1:6]))(L.arange(6.0)),
    "max along a dim into a shifted view": lambda L, d: (lambda x: L.max(x[:6].view(2, 3), 1, out=(x[1:3], L.zeros(2, dtype=L.long))))(L.arange(10.0)),
    "min along a dim into a shifted view": lambda L, d: (lambda x: L.min(x[:6].view(2, 3), 1, out=(x[1:3], L.zeros(2, dtype=L.long))))(L.arange(10.0)),
    "max along a dim into a disjoint view ok": lambda L, d: (lambda x: (L.max(x[:6].view(2, 3), 1, out=(x[8:], L.zeros(2, dtype=L.long))), x)[1])(L.arange(10.0)),
    "msort into its input ok": lambda L, d: (lambda x: L.msort(x, out=x))(L.arange(6.0).flip(0)),
    "msort into its transposed input": lambda L, d: (lambda x: L.msort(x.view(2, 3), out=x.view(3, 2).t()))(L.arange(6.0)),
    "diff into a shifted view": lambda L, d: (lambda x: L.diff(x, out=x[1:]))(L.arange(6.0)),
    "normal into a shifted view of its mean": lambda L, d: (lambda x: L.normal(x[:5], 1.0, out=x[1:]))(L.arange(6.0)),
    "bernoulli into a shifted view of its probabilities": lambda L, d: (lambda x: L.bernoulli(x[:5], out=x[1:]))(L.arange(6.0) / 6),
})


table("factory:", {
    "arange start keyword with step": lambda L, d: L.arange(start=1, step=2),
    "arange start and end keywords ok": lambda L, d: L.arange(start=1, end=4),
    "arange end and start keywords reversed ok": lambda L, d: L.arange(end=4, start=2),
    "arange positional start end keyword ok": lambda L, d: L.arange(2, end=5),
    "arange step keyword only": lambda L, d: L.arange(step=2),
    "arange start keyword with out": lambda L, d: L.arange(start=1, out=L.zeros(3)),
    "arange all keywords ok": lambda L, d: L.arange(start=1, end=6, step=2),
})
