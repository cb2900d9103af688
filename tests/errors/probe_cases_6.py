"""Bad-input cases of the sixth probe, outside the op functions: the nn.Module API (registering
under bad names, assigning over parameters, buffers and submodules, state dicts with prefixes,
kept variables, bad keys and values, the named iterators with and without duplicates), the
containers' indexing and operators, layer constructors and calls with bad sizes, the optimizers'
and schedulers' arguments, and DataLoader, samplers, collation and datasets. Same form as the
others: ``fn(L, d)`` with ``L`` the library (``torch`` or ``minigrad``) and ``d`` an empty folder of
its own; a name says what is given, not whether PyTorch takes it."""
import collections

import numpy as np

from errors.probe_runner import Cases

CASES = Cases()
table = CASES.table

# ----------------------------------------------------------------------------------------------
# the nn.Module API and the containers


def lin(L):
    """A seeded Linear(2, 3)."""
    L.manual_seed(0)
    return L.nn.Linear(2, 3)


def seq(L):
    """A Sequential of three modules."""
    return L.nn.Sequential(L.nn.Linear(2, 2), L.nn.ReLU(), L.nn.Tanh())


def ml(L):
    """A ModuleList of three modules."""
    return L.nn.ModuleList([L.nn.Linear(2, 2), L.nn.ReLU(), L.nn.Tanh()])


def md(L):
    """A ModuleDict of two modules."""
    return L.nn.ModuleDict({"a": L.nn.ReLU(), "b": L.nn.Tanh()})


def pl(L):
    """A ParameterList of two parameters."""
    return L.nn.ParameterList([L.nn.Parameter(L.ones(2)), L.nn.Parameter(L.zeros(3))])


def pd(L):
    """A ParameterDict of two parameters."""
    return L.nn.ParameterDict({"a": L.nn.Parameter(L.ones(2)), "b": L.nn.Parameter(L.zeros(3))})


def names(it):
    """The names of (name, value) pairs."""
    return [n for n, _ in it]


def shared(L):
    """A Sequential sharing a weight between its two Linears and holding its first one twice."""
    m = L.nn.Sequential(L.nn.Linear(2, 2), L.nn.Linear(2, 2))
    m[1].weight = m[0].weight
    m.add_module("again", m[0])
    return m


def setget(obj, key, value):
    """``obj`` after ``obj[key] = value``."""
    obj[key] = value
    return obj


def delitem(obj, key):
    """``obj`` after ``del obj[key]``."""
    del obj[key]
    return obj


def reg_buffer(L, name, value, **kw):
    """The state dict keys of a Linear after registering ``value`` as buffer ``name``."""
    m = lin(L)
    m.register_buffer(name, value, **kw)
    return sorted(m.state_dict())


def with_attr(L, name, value):
    """A Linear's state dict keys and the type of its attribute ``name`` after setting it to ``value``."""
    m = lin(L)
    setattr(m, name, value)
    return sorted(m.state_dict()), type(getattr(m, name)).__name__


table("module:", {
    "register_buffer empty name": lambda L, d: reg_buffer(L, "", L.ones(2)),
    "register_buffer dotted name": lambda L, d: reg_buffer(L, "a.b", L.ones(2)),
    "register_buffer over a parameter": lambda L, d: reg_buffer(L, "weight", L.ones(2)),
    "register_buffer of an int": lambda L, d: reg_buffer(L, "x", 3),
    "register_buffer of a list": lambda L, d: reg_buffer(L, "x", [1.0]),
    "register_buffer of a Parameter ok": lambda L, d: reg_buffer(L, "x", L.nn.Parameter(L.ones(2))),
    "register_buffer persistent False ok": lambda L, d: reg_buffer(L, "x", L.ones(2), persistent=False),
    "register_buffer over an attribute": lambda L, d: reg_buffer(L, "training", L.ones(2)),
    "register_buffer over a method": lambda L, d: reg_buffer(L, "forward", L.ones(2)),
    "register_buffer twice ok": lambda L, d: (lambda m: (m.register_buffer("x", L.ones(1)), m.register_buffer("x", L.zeros(1)), m.x.tolist())[-1])(lin(L)),
    "register_parameter over a buffer": lambda L, d: (lambda m: (m.register_buffer("x", L.ones(1)), m.register_parameter("x", L.nn.Parameter(L.ones(1)))))(lin(L)),
    "register_parameter of an int": lambda L, d: lin(L).register_parameter("x", 3),
    "register_parameter with a hash name": lambda L, d: lin(L).register_parameter("a#b", L.nn.Parameter(L.ones(1))),
    "add_module over a parameter": lambda L, d: lin(L).add_module("weight", L.nn.ReLU()),
    "add_module of a tensor": lambda L, d: lin(L).add_module("x", L.ones(2)),
    "add_module of an int name": lambda L, d: lin(L).add_module(3, L.nn.ReLU()),
    "register_module empty name": lambda L, d: lin(L).register_module("", L.nn.ReLU()),
    "setattr tensor over a parameter": lambda L, d: with_attr(L, "weight", L.ones(3, 2)),
    "setattr int over a parameter": lambda L, d: with_attr(L, "bias", 3),
    "setattr Module over a parameter": lambda L, d: with_attr(L, "bias", L.nn.ReLU()),
    "setattr Parameter over a buffer": lambda L, d: (lambda m: (m.register_buffer("x", L.ones(1)), setattr(m, "x", L.nn.Parameter(L.ones(1))), sorted(m.state_dict()), names(m.named_parameters()))[2:])(lin(L)),
    "setattr int over a buffer": lambda L, d: (lambda m: (m.register_buffer("x", L.ones(1)), setattr(m, "x", 3)))(lin(L)),
    "setattr tensor over a buffer ok": lambda L, d: (lambda m: (m.register_buffer("x", L.ones(1)), setattr(m, "x", L.zeros(2)), m.state_dict()["x"].tolist())[-1])(lin(L)),
    "setattr tensor over a submodule": lambda L, d: (lambda m: setattr(m, "0", L.ones(1)))(seq(L)),
    "setattr None over a submodule ok": lambda L, d: (lambda m: (setattr(m, "0", None), repr(m))[-1])(seq(L)),
    "setattr None over a buffer ok": lambda L, d: (lambda m: (m.register_buffer("x", L.ones(1)), setattr(m, "x", None), sorted(m.state_dict()))[-1])(lin(L)),
    "delattr parameter then state_dict": lambda L, d: (lambda m: (delattr(m, "bias"), sorted(m.state_dict()))[-1])(lin(L)),
    "state_dict prefix": lambda L, d: sorted(seq(L).state_dict(prefix="m.")),
    "state_dict keep_vars types": lambda L, d: [type(v).__name__ for v in lin(L).state_dict(keep_vars=True).values()],
    "state_dict keep_vars requires_grad": lambda L, d: [v.requires_grad for v in lin(L).state_dict(keep_vars=True).values()],
    "state_dict plain requires_grad": lambda L, d: [v.requires_grad for v in lin(L).state_dict().values()],
    "state_dict destination": lambda L, d: sorted(lin(L).state_dict(destination={"z": 1})),
    "state_dict destination type": lambda L, d: type(lin(L).state_dict(destination={"z": 1})).__name__,
    "state_dict type": lambda L, d: type(lin(L).state_dict()).__name__,
    "state_dict of shared": lambda L, d: sorted(shared(L).state_dict()),
    "named_parameters shared": lambda L, d: names(shared(L).named_parameters()),
    "named_parameters shared no dedupe": lambda L, d: names(shared(L).named_parameters(remove_duplicate=False)),
    "named_parameters prefix": lambda L, d: names(shared(L).named_parameters(prefix="p")),
    "named_parameters recurse False": lambda L, d: names(shared(L).named_parameters(recurse=False)),
    "named_modules shared": lambda L, d: names(shared(L).named_modules()),
    "named_modules shared no dedupe": lambda L, d: names(shared(L).named_modules(remove_duplicate=False)),
    "named_modules prefix": lambda L, d: names(shared(L).named_modules(prefix="p")),
    "named_buffers no dedupe": lambda L, d: names(L.nn.Sequential(*[L.nn.BatchNorm1d(2)] * 2).named_buffers(remove_duplicate=False)),
    "named_children shared": lambda L, d: names(shared(L).named_children()),
    "parameters count shared": lambda L, d: len(list(shared(L).parameters())),
    "modules count shared": lambda L, d: len(list(shared(L).modules())),
    "apply non-callable": lambda L, d: lin(L).apply(3),
    "apply returns self": lambda L, d: (lambda m: m.apply(lambda x: None) is m)(lin(L)),
    "requires_grad_ str": lambda L, d: [p.requires_grad for p in lin(L).requires_grad_("yes").parameters()],
    "requires_grad_ None": lambda L, d: [p.requires_grad for p in lin(L).requires_grad_(None).parameters()],
    "requires_grad_ int 0": lambda L, d: [p.requires_grad for p in lin(L).requires_grad_(0).parameters()],
    "requires_grad_ with an int buffer": lambda L, d: L.nn.BatchNorm1d(2).requires_grad_(True).num_batches_tracked.requires_grad,
    "train str": lambda L, d: lin(L).train("yes"),
    "train None": lambda L, d: lin(L).train(None),
    "train 1": lambda L, d: lin(L).train(1).training,
    "train numpy bool": lambda L, d: lin(L).train(np.bool_(False)).training,
    "eval returns self": lambda L, d: (lambda m: m.eval() is m)(lin(L)),
    "zero_grad set_to_none False": lambda L, d: (lambda m: ((m(L.ones(1, 2)).sum().backward()), m.zero_grad(set_to_none=False), [p.grad.tolist() for p in m.parameters()])[-1])(lin(L)),
    "zero_grad before backward": lambda L, d: (lambda m: (m.zero_grad(set_to_none=False), [p.grad for p in m.parameters()])[-1])(lin(L)),
    "to float64 then dtype": lambda L, d: str(lin(L).to(L.float64).weight.dtype),
    "to non-blocking kw": lambda L, d: str(lin(L).to("cpu", non_blocking=True).weight.dtype),
    "to unknown kw": lambda L, d: lin(L).to(L.float64, foo=1),
    "to memory_format": lambda L, d: str(lin(L).to(memory_format=L.channels_last).weight.dtype),
    "to tensor arg": lambda L, d: str(lin(L).to(L.ones(1, dtype=L.float64)).weight.dtype),
    "double returns self": lambda L, d: (lambda m: m.double() is m)(lin(L)),
    "get_parameter empty": lambda L, d: lin(L).get_parameter(""),
    "get_submodule empty": lambda L, d: type(lin(L).get_submodule("")).__name__,
    "get_submodule int": lambda L, d: lin(L).get_submodule(0),
    "extra_repr": lambda L, d: lin(L).extra_repr(),
    "load_state_dict strict False return": lambda L, d: repr(lin(L).load_state_dict({"weight": L.ones(3, 2), "z": L.ones(1)}, strict=False)),
    "load_state_dict strict False tuple": lambda L, d: tuple(lin(L).load_state_dict({"weight": L.ones(3, 2), "z": L.ones(1)}, strict=False)),
    "load_state_dict strict True return": lambda L, d: repr(lin(L).load_state_dict(lin(L).state_dict())),
    "load_state_dict assign keeps Parameter": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(3, 2), "bias": L.ones(3)}, assign=True), type(m.weight).__name__, m.weight.requires_grad)[1:])(lin(L)),
    "load_state_dict assign shape mismatch": lambda L, d: lin(L).load_state_dict({"weight": L.ones(4, 2), "bias": L.ones(3)}, assign=True),
    "load_state_dict assign dtype": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(3, 2, dtype=L.float64), "bias": L.ones(3)}, assign=True), str(m.weight.dtype))[1])(lin(L)),
    "load_state_dict int values cast": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(3, 2, dtype=L.int64), "bias": L.ones(3, dtype=L.int64)}), str(m.weight.dtype), m.weight.tolist())[1:])(lin(L)),
    "load_state_dict numpy value": lambda L, d: lin(L).load_state_dict({"weight": np.ones((3, 2), np.float32), "bias": np.ones(3, np.float32)}),
    "load_state_dict list value": lambda L, d: lin(L).load_state_dict({"weight": [[1.0] * 2] * 3, "bias": L.ones(3)}),
    "load_state_dict 0-d into 1-d": lambda L, d: lin(L).load_state_dict({"weight": L.ones(3, 2), "bias": L.tensor(1.0)}),
    "load_state_dict broadcastable shape": lambda L, d: lin(L).load_state_dict({"weight": L.ones(1, 2), "bias": L.ones(3)}),
    "load_state_dict nested missing module": lambda L, d: seq(L).load_state_dict({**seq(L).state_dict(), "5.weight": L.ones(1)}),
    "load_state_dict int keys": lambda L, d: lin(L).load_state_dict({0: L.ones(1)}, strict=False),
    "load_state_dict complex into float": lambda L, d: lin(L).load_state_dict({"weight": L.ones(3, 2, dtype=L.complex64), "bias": L.ones(3)}),
    "load_state_dict requires_grad tensor": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(3, 2, requires_grad=True), "bias": L.ones(3)}), m.weight.requires_grad, m.weight.grad_fn is None)[1:])(lin(L)),
    "load_state_dict OrderedDict": lambda L, d: repr(lin(L).load_state_dict(collections.OrderedDict(lin(L).state_dict()))),
    "load_state_dict strict None": lambda L, d: repr(lin(L).load_state_dict(lin(L).state_dict(), strict=None)),
})

table("container:", {
    "Sequential slice type": lambda L, d: type(seq(L)[1:]).__name__,
    "Sequential slice reversed": lambda L, d: repr(seq(L)[::-1]),
    "Sequential slice keys": lambda L, d: names(seq(L)[1:].named_children()),
    "Sequential times 2": lambda L, d: repr(seq(L) * 2),
    "Sequential times 0": lambda L, d: repr(seq(L) * 0),
    "Sequential times -1": lambda L, d: seq(L) * -1,
    "Sequential times float": lambda L, d: seq(L) * 1.5,
    "Sequential rmul": lambda L, d: repr(2 * seq(L)),
    "Sequential imul": lambda L, d: (lambda s: (s.__imul__(2), repr(s))[1])(seq(L)),
    "Sequential imul 0": lambda L, d: seq(L).__imul__(0),
    "Sequential plus Sequential": lambda L, d: repr(seq(L) + seq(L)),
    "Sequential plus list": lambda L, d: seq(L) + [L.nn.ReLU()],
    "Sequential plus ModuleList": lambda L, d: seq(L) + ml(L),
    "Sequential iadd Sequential": lambda L, d: (lambda s: (s.__iadd__(seq(L)), repr(s))[1])(seq(L)),
    "Sequential iadd list": lambda L, d: (lambda s: (s.__iadd__([L.nn.ReLU()]), repr(s))[1])(seq(L)),
    "Sequential pop": lambda L, d: repr(seq(L).pop(1)),
    "Sequential pop out of range": lambda L, d: seq(L).pop(10),
    "Sequential pop negative": lambda L, d: (lambda s: (s.pop(-1), repr(s))[1])(seq(L)),
    "Sequential pop slice": lambda L, d: seq(L).pop(slice(0, 2)),
    "Sequential del slice": lambda L, d: repr(delitem(seq(L), slice(0, 2))),
    "Sequential del negative": lambda L, d: repr(delitem(seq(L), -1)),
    "Sequential del then keys": lambda L, d: names(delitem(seq(L), 0).named_children()),
    "Sequential insert negative": lambda L, d: names(seq(L).insert(-1, L.nn.Sigmoid()).named_children()),
    "Sequential insert negative repr": lambda L, d: repr(seq(L).insert(-1, L.nn.Sigmoid())),
    "Sequential insert at len": lambda L, d: repr(seq(L).insert(3, L.nn.Sigmoid())),
    "Sequential insert far negative": lambda L, d: seq(L).insert(-10, L.nn.Sigmoid()),
    "Sequential extend Sequential": lambda L, d: repr(seq(L).extend(seq(L))),
    "Sequential extend generator": lambda L, d: repr(seq(L).extend(L.nn.ReLU() for _ in range(2))),
    "Sequential append returns": lambda L, d: type(seq(L).append(L.nn.ReLU())).__name__,
    "Sequential setitem slice": lambda L, d: setget(seq(L), slice(0, 1), L.nn.ReLU()),
    "Sequential setitem str": lambda L, d: setget(seq(L), "0", L.nn.ReLU()),
    "Sequential getitem bool": lambda L, d: repr(seq(L)[True]),
    "Sequential getitem numpy int": lambda L, d: repr(seq(L)[np.int64(1)]),
    "Sequential getitem tensor int": lambda L, d: repr(seq(L)[L.tensor(1)]),
    "Sequential len after del": lambda L, d: len(delitem(seq(L), 1)),
    "Sequential of OrderedDict with dotted key": lambda L, d: L.nn.Sequential(collections.OrderedDict([("a.b", L.nn.ReLU())])),
    "Sequential of OrderedDict with empty key": lambda L, d: L.nn.Sequential(collections.OrderedDict([("", L.nn.ReLU())])),
    "Sequential of a dict": lambda L, d: L.nn.Sequential({"a": L.nn.ReLU()}),
    "Sequential of a list": lambda L, d: L.nn.Sequential([L.nn.ReLU()]),
    "Sequential of None": lambda L, d: L.nn.Sequential(None),
    "Sequential dir": lambda L, d: [k for k in dir(seq(L)) if k.isdigit()],
    "ModuleList slice type": lambda L, d: type(ml(L)[1:]).__name__,
    "ModuleList slice keys": lambda L, d: names(ml(L)[1:].named_children()),
    "ModuleList plus ModuleList": lambda L, d: repr(ml(L) + ml(L)),
    "ModuleList plus Sequential": lambda L, d: repr(ml(L) + seq(L)),
    "ModuleList plus tuple": lambda L, d: ml(L) + (L.nn.ReLU(),),
    "ModuleList iadd list": lambda L, d: repr(ml(L).__iadd__([L.nn.ReLU()])),
    "ModuleList times 2": lambda L, d: ml(L) * 2,
    "ModuleList pop": lambda L, d: repr(ml(L).pop(0)),
    "ModuleList pop out of range": lambda L, d: ml(L).pop(10),
    "ModuleList pop then keys": lambda L, d: (lambda m: (m.pop(0), names(m.named_children()))[1])(ml(L)),
    "ModuleList del slice keys": lambda L, d: names(delitem(ml(L), slice(0, 2)).named_children()),
    "ModuleList del out of range": lambda L, d: delitem(ml(L), 10),
    "ModuleList insert negative": lambda L, d: (lambda m: (m.insert(-1, L.nn.Sigmoid()), repr(m))[1])(ml(L)),
    "ModuleList insert far": lambda L, d: (lambda m: (m.insert(100, L.nn.Sigmoid()), repr(m))[1])(ml(L)),
    "ModuleList insert far negative": lambda L, d: (lambda m: (m.insert(-100, L.nn.Sigmoid()), repr(m))[1])(ml(L)),
    "ModuleList setitem slice": lambda L, d: setget(ml(L), slice(0, 1), L.nn.ReLU()),
    "ModuleList setitem negative": lambda L, d: repr(setget(ml(L), -1, L.nn.Sigmoid())),
    "ModuleList getitem str": lambda L, d: ml(L)["0"],
    "ModuleList getitem tensor": lambda L, d: repr(ml(L)[L.tensor(1)]),
    "ModuleList extend Sequential": lambda L, d: repr(ml(L).extend(seq(L))),
    "ModuleList extend a module": lambda L, d: ml(L).extend(L.nn.ReLU()),
    "ModuleList of None": lambda L, d: repr(L.nn.ModuleList(None)),
    "ModuleList of generator": lambda L, d: len(L.nn.ModuleList(L.nn.ReLU() for _ in range(3))),
    "ModuleList of a dict": lambda L, d: L.nn.ModuleList({"a": L.nn.ReLU()}),
    "ModuleList contains": lambda L, d: (lambda m: (m[0] in m, L.nn.ReLU() in m))(ml(L)),
    "ModuleList index": lambda L, d: hasattr(ml(L), "index"),
    "ModuleDict int index": lambda L, d: md(L)[0],
    "ModuleDict missing": lambda L, d: md(L)["z"],
    "ModuleDict del missing": lambda L, d: delitem(md(L), "z"),
    "ModuleDict empty key": lambda L, d: setget(md(L), "", L.nn.ReLU()),
    "ModuleDict update dict": lambda L, d: md(L).update({"c": L.nn.ReLU()}),
    "ModuleDict update ModuleDict keys": lambda L, d: (lambda m: (m.update(md(L)), list(m.keys()))[1])(md(L)),
    "ModuleDict update pairs of 3": lambda L, d: md(L).update([("c", L.nn.ReLU(), 1)]),
    "ModuleDict update str": lambda L, d: md(L).update("ab"),
    "ModuleDict pop": lambda L, d: (lambda m: (repr(m.pop("a")), list(m.keys())))(md(L)),
    "ModuleDict clear": lambda L, d: (lambda m: (m.clear(), len(m))[1])(md(L)),
    "ModuleDict contains int": lambda L, d: 0 in md(L),
    "ModuleDict get missing": lambda L, d: md(L).get("z"),
    "ModuleDict setdefault": lambda L, d: md(L).setdefault("c", L.nn.ReLU()),
    "ModuleDict of a list of pairs": lambda L, d: list(L.nn.ModuleDict([("x", L.nn.ReLU())]).keys()),
    "ModuleDict of a list of non-pairs": lambda L, d: L.nn.ModuleDict([L.nn.ReLU()]),
    "ModuleDict keys type": lambda L, d: type(md(L).keys()).__name__,
    "ModuleDict or": lambda L, d: md(L) | md(L),
    "ParameterList getitem out of range": lambda L, d: pl(L)[5],
    "ParameterList slice type": lambda L, d: type(pl(L)[0:1]).__name__,
    "ParameterList slice len": lambda L, d: len(pl(L)[0:1]),
    "ParameterList negative": lambda L, d: pl(L)[-1].tolist(),
    "ParameterList setitem out of range": lambda L, d: setget(pl(L), 5, L.nn.Parameter(L.ones(1))),
    "ParameterList setitem tensor becomes Parameter": lambda L, d: type(setget(pl(L), 0, L.ones(1))[0]).__name__,
    "ParameterList setitem negative": lambda L, d: names(setget(pl(L), -1, L.ones(1)).named_parameters()),
    "ParameterList del": lambda L, d: delitem(pl(L), 0),
    "ParameterList extend int": lambda L, d: pl(L).extend(3),
    "ParameterList extend list": lambda L, d: len(pl(L).extend([L.ones(1)])),
    "ParameterList plus": lambda L, d: pl(L) + pl(L),
    "ParameterList iadd": lambda L, d: len(pl(L).__iadd__([L.ones(1)])),
    "ParameterList insert": lambda L, d: pl(L).insert(0, L.ones(1)),
    "ParameterList pop": lambda L, d: pl(L).pop(),
    "ParameterList append str": lambda L, d: list(pl(L).append("a")),
    "ParameterList of generator": lambda L, d: len(L.nn.ParameterList(L.ones(1) for _ in range(2))),
    "ParameterList named": lambda L, d: names(pl(L).named_parameters()),
    "ParameterList str getitem": lambda L, d: pl(L)["0"],
    "ParameterList extend non-iterable message": lambda L, d: pl(L).extend(L.nn.Parameter(L.ones(1))),
    "ParameterDict int key": lambda L, d: pd(L)[0],
    "ParameterDict setitem int key": lambda L, d: setget(pd(L), 0, L.ones(1)),
    "ParameterDict setitem dotted": lambda L, d: setget(pd(L), "a.b", L.ones(1)),
    "ParameterDict setitem empty": lambda L, d: setget(pd(L), "", L.ones(1)),
    "ParameterDict get missing": lambda L, d: pd(L).get("z"),
    "ParameterDict get default": lambda L, d: pd(L).get("z", 3),
    "ParameterDict setdefault": lambda L, d: type(pd(L).setdefault("c", L.ones(1))).__name__,
    "ParameterDict fromkeys": lambda L, d: sorted(pd(L).fromkeys(["x", "y"]).keys()),
    "ParameterDict fromkeys default": lambda L, d: type(pd(L).fromkeys(["x"], L.ones(1))["x"]).__name__,
    "ParameterDict or": lambda L, d: sorted((pd(L) | L.nn.ParameterDict({"c": L.ones(1)})).keys()),
    "ParameterDict ror dict": lambda L, d: sorted(({"c": L.ones(1)} | pd(L)).keys()),
    "ParameterDict ior": lambda L, d: sorted(pd(L).__ior__({"c": L.ones(1)}).keys()),
    "ParameterDict copy": lambda L, d: type(pd(L).copy()).__name__,
    "ParameterDict popitem": lambda L, d: pd(L).popitem()[0],
    "ParameterDict popitem empty": lambda L, d: L.nn.ParameterDict().popitem(),
    "ParameterDict pop default": lambda L, d: pd(L).pop("z", 3),
    "ParameterDict update dict": lambda L, d: sorted(names((lambda p: (p.update({"c": L.ones(1)}), p)[1])(pd(L)).named_parameters())),
    "ParameterDict update of pairs of 3": lambda L, d: pd(L).update([("c", L.ones(1), 1)]),
    "ParameterDict contains": lambda L, d: ("a" in pd(L), 0 in pd(L)),
    "ParameterDict values types": lambda L, d: [type(v).__name__ for v in L.nn.ParameterDict({"a": L.ones(1), "b": 3}).values()],
    "ParameterDict non-str via constructor": lambda L, d: L.nn.ParameterDict({1: L.ones(1)}),
    "ParameterDict reversed": lambda L, d: list(reversed(pd(L))),
    "ParameterDict del missing": lambda L, d: delitem(pd(L), "z"),
})

# ----------------------------------------------------------------------------------------------
# layer constructors and calls


def x(L, *shape):
    """Ones of ``shape``."""
    return L.ones(*shape)


table("layer:", {
    "Linear(0, 3) forward": lambda L, d: L.nn.Linear(0, 3)(x(L, 2, 0)).shape,
    "Linear(3, 0) forward": lambda L, d: L.nn.Linear(3, 0)(x(L, 2, 3)).shape,
    "Linear(-1, 3)": lambda L, d: L.nn.Linear(-1, 3),
    "Linear(3, -1)": lambda L, d: L.nn.Linear(3, -1),
    "Linear float size": lambda L, d: L.nn.Linear(2.0, 3),
    "Linear wrong input width": lambda L, d: L.nn.Linear(2, 3)(x(L, 4, 5)),
    "Linear 0-d input": lambda L, d: L.nn.Linear(2, 3)(L.tensor(1.0)),
    "Linear double input": lambda L, d: L.nn.Linear(2, 3)(x(L, 4, 2).double()),
    "Conv2d kernel 0": lambda L, d: L.nn.Conv2d(3, 4, 0),
    "Conv2d kernel 0 forward": lambda L, d: L.nn.Conv2d(3, 4, 0)(x(L, 1, 3, 5, 5)),
    "F.conv1d zero-width kernel": lambda L, d: L.nn.functional.conv1d(x(L, 1, 3, 5), x(L, 4, 3, 0)),
    "F.conv3d zero kernel": lambda L, d: L.nn.functional.conv3d(x(L, 1, 3, 5, 5, 5), x(L, 4, 3, 0, 0, 0)),
    "F.conv2d zero-height kernel of doubles": lambda L, d: L.nn.functional.conv2d(x(L, 1, 3, 5, 5), x(L, 4, 3, 0, 2).double()),
    "Conv2d kernel negative": lambda L, d: L.nn.Conv2d(3, 4, -1),
    "Conv2d groups not dividing in": lambda L, d: L.nn.Conv2d(3, 4, 3, groups=2),
    "Conv2d groups not dividing out": lambda L, d: L.nn.Conv2d(4, 3, 3, groups=2),
    "Conv2d groups 0": lambda L, d: L.nn.Conv2d(4, 4, 3, groups=0),
    "Conv2d groups negative": lambda L, d: L.nn.Conv2d(4, 4, 3, groups=-2),
    "Conv2d same stride 2": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="same", stride=2),
    "Conv2d same stride (1, 2)": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="same", stride=(1, 2)),
    "Conv2d padding bad str": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="full"),
    "Conv2d padding_mode bad": lambda L, d: L.nn.Conv2d(3, 4, 3, padding_mode="mirror"),
    "Conv2d padding negative": lambda L, d: L.nn.Conv2d(3, 4, 3, padding=-1)(x(L, 1, 3, 5, 5)),
    "Conv2d stride 0": lambda L, d: L.nn.Conv2d(3, 4, 3, stride=0)(x(L, 1, 3, 5, 5)),
    "Conv2d dilation 0": lambda L, d: L.nn.Conv2d(3, 4, 3, dilation=0)(x(L, 1, 3, 5, 5)),
    "Conv2d in 0": lambda L, d: L.nn.Conv2d(0, 4, 3),
    "Conv2d out 0": lambda L, d: L.nn.Conv2d(3, 0, 3)(x(L, 1, 3, 5, 5)).shape,
    "Conv2d kernel too big": lambda L, d: L.nn.Conv2d(3, 4, 7)(x(L, 1, 3, 5, 5)),
    "Conv2d wrong channels": lambda L, d: L.nn.Conv2d(3, 4, 3)(x(L, 1, 2, 5, 5)),
    "Conv2d 2-d input": lambda L, d: L.nn.Conv2d(3, 4, 3)(x(L, 5, 5)),
    "Conv2d 5-d input": lambda L, d: L.nn.Conv2d(3, 4, 3)(x(L, 1, 1, 3, 5, 5)),
    "Conv2d kernel tuple of 3": lambda L, d: L.nn.Conv2d(3, 4, (3, 3, 3)),
    "Conv2d reflect padding_mode same": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="same", padding_mode="reflect")(x(L, 1, 3, 5, 5)).shape,
    "Conv1d same stride 2": lambda L, d: L.nn.Conv1d(3, 4, 3, padding="same", stride=2),
    "BatchNorm2d channels mismatch": lambda L, d: L.nn.BatchNorm2d(3)(x(L, 2, 4, 2, 2)),
    "BatchNorm1d channels mismatch eval": lambda L, d: L.nn.BatchNorm1d(3).eval()(x(L, 2, 4)),
    "BatchNorm1d 4-d": lambda L, d: L.nn.BatchNorm1d(3)(x(L, 2, 3, 2, 2)),
    "BatchNorm2d 3-d": lambda L, d: L.nn.BatchNorm2d(3)(x(L, 3, 2, 2)),
    "BatchNorm1d batch 1 training": lambda L, d: L.nn.BatchNorm1d(3)(x(L, 1, 3)),
    "BatchNorm1d zero features": lambda L, d: L.nn.BatchNorm1d(0),
    "BatchNorm1d negative features": lambda L, d: L.nn.BatchNorm1d(-1),
    "LayerNorm shape mismatch": lambda L, d: L.nn.LayerNorm(3)(x(L, 2, 4)),
    "LayerNorm negative": lambda L, d: L.nn.LayerNorm(-1),
    "GroupNorm not dividing": lambda L, d: L.nn.GroupNorm(3, 4),
    "GroupNorm channels mismatch": lambda L, d: L.nn.GroupNorm(2, 4)(x(L, 2, 6, 3)),
    "InstanceNorm1d channels mismatch affine": lambda L, d: L.nn.InstanceNorm1d(3, affine=True)(x(L, 2, 4, 5)),
    "Embedding negative num": lambda L, d: L.nn.Embedding(-1, 2),
    "Embedding zero num": lambda L, d: L.nn.Embedding(0, 2).weight.shape,
    "Embedding padding_idx negative out of range": lambda L, d: L.nn.Embedding(3, 2, padding_idx=-4),
    "Embedding int32 index ok": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([1], dtype=L.int32)).shape,
    "Embedding bool index": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([True])),
    "Embedding list index": lambda L, d: L.nn.Embedding(3, 2)([0]),
    "Embedding max_norm negative": lambda L, d: L.nn.Embedding(3, 2, max_norm=-1.0)(L.tensor([0])).shape,
    "LSTM 4-d input": lambda L, d: L.nn.LSTM(3, 4)(x(L, 1, 2, 5, 3)),
    "LSTM 1-d input": lambda L, d: L.nn.LSTM(3, 4)(x(L, 3)),
    "LSTM wrong feature size": lambda L, d: L.nn.LSTM(3, 4)(x(L, 5, 2, 4)),
    "LSTM num_layers 0": lambda L, d: L.nn.LSTM(3, 4, num_layers=0),
    "LSTM num_layers float": lambda L, d: L.nn.LSTM(3, 4, num_layers=1.5),
    "LSTM hidden 0": lambda L, d: L.nn.LSTM(3, 0),
    "LSTM int input": lambda L, d: L.nn.LSTM(3, 4)(L.ones(5, 2, 3, dtype=L.int64)),
    "LSTM double input": lambda L, d: L.nn.LSTM(3, 4)(L.ones(5, 2, 3, dtype=L.float64)),
    "LSTM batch_first wrong hidden": lambda L, d: L.nn.LSTM(3, 4, batch_first=True)(x(L, 2, 5, 3), (x(L, 1, 5, 4), x(L, 1, 5, 4))),
    "LSTM unbatched with batched hidden": lambda L, d: L.nn.LSTM(3, 4)(x(L, 5, 3), (x(L, 1, 2, 4), x(L, 1, 2, 4))),
    "GRU 4-d input": lambda L, d: L.nn.GRU(3, 4)(x(L, 1, 2, 5, 3)),
    "GRU wrong feature size": lambda L, d: L.nn.GRU(3, 4)(x(L, 5, 2, 4)),
    "GRU hidden tuple": lambda L, d: L.nn.GRU(3, 4)(x(L, 5, 2, 3), (x(L, 1, 2, 4),)),
    "RNN bad nonlinearity": lambda L, d: L.nn.RNN(3, 4, nonlinearity="relu6"),
    "RNN hidden 2-d for batched": lambda L, d: L.nn.RNN(3, 4)(x(L, 5, 2, 3), x(L, 2, 4)),
    "RNN mode str": lambda L, d: L.nn.RNNBase("XYZ", 3, 4),
    "Dropout p -0.5": lambda L, d: L.nn.Dropout(-0.5),
    "Dropout p str": lambda L, d: L.nn.Dropout("a"),
    "Dropout p 1 ok": lambda L, d: L.nn.Dropout(1.0)(x(L, 3)).tolist(),
    "Dropout2d p 1.5": lambda L, d: L.nn.Dropout2d(1.5),
    "AlphaDropout p 1.5": lambda L, d: L.nn.AlphaDropout(1.5),
    "MultiheadAttention not divisible": lambda L, d: L.nn.MultiheadAttention(5, 2),
    "MultiheadAttention negative heads": lambda L, d: L.nn.MultiheadAttention(4, -2),
    "MultiheadAttention zero embed": lambda L, d: L.nn.MultiheadAttention(0, 2),
    "MultiheadAttention kdim mismatch": lambda L, d: L.nn.MultiheadAttention(4, 2, kdim=3)(x(L, 2, 1, 4), x(L, 2, 1, 4), x(L, 2, 1, 4)),
    "MultiheadAttention 4-d": lambda L, d: L.nn.MultiheadAttention(4, 2)(x(L, 1, 2, 1, 4), x(L, 1, 2, 1, 4), x(L, 1, 2, 1, 4)),
    "MultiheadAttention bool attn mask wrong": lambda L, d: L.nn.MultiheadAttention(4, 2)(x(L, 2, 1, 4), x(L, 2, 1, 4), x(L, 2, 1, 4), attn_mask=L.ones(3, 3, dtype=L.bool)),
    "MultiheadAttention float key_padding_mask wrong": lambda L, d: L.nn.MultiheadAttention(4, 2)(x(L, 2, 1, 4), x(L, 2, 1, 4), x(L, 2, 1, 4), key_padding_mask=L.ones(1, 3)),
    "TransformerEncoderLayer not divisible": lambda L, d: L.nn.TransformerEncoderLayer(5, 2),
    "MaxPool2d kernel 0": lambda L, d: L.nn.MaxPool2d(0)(x(L, 1, 1, 4, 4)),
    "MaxPool2d padding too big": lambda L, d: L.nn.MaxPool2d(2, padding=2)(x(L, 1, 1, 4, 4)),
    "AvgPool2d stride 0": lambda L, d: L.nn.AvgPool2d(2, stride=0)(x(L, 1, 1, 4, 4)),
    "AdaptiveAvgPool2d negative": lambda L, d: L.nn.AdaptiveAvgPool2d(-1)(x(L, 1, 1, 4, 4)),
    "Flatten start after end": lambda L, d: L.nn.Flatten(2, 1)(x(L, 2, 3, 4)),
    "Flatten dim out of range": lambda L, d: L.nn.Flatten(5)(x(L, 2, 3, 4)),
    "Unflatten wrong sizes": lambda L, d: L.nn.Unflatten(1, (2, 2))(x(L, 2, 6)),
    "Unflatten bad sizes type": lambda L, d: L.nn.Unflatten(1, 3),
    "Softmax dim out of range": lambda L, d: L.nn.Softmax(5)(x(L, 2, 3)),
    "PixelShuffle not divisible": lambda L, d: L.nn.PixelShuffle(2)(x(L, 1, 3, 2, 2)),
    "Identity args ok": lambda L, d: L.nn.Identity(3, foo=4)(x(L, 2)).tolist(),
    "Bilinear zero": lambda L, d: L.nn.Bilinear(0, 2, 3)(x(L, 1, 0), x(L, 1, 2)).shape,
    "CrossEntropyLoss weight wrong size": lambda L, d: L.nn.CrossEntropyLoss(weight=L.ones(2))(x(L, 3, 4), L.tensor([0, 1, 2])),
    "Embedding from_pretrained 3-d": lambda L, d: L.nn.Embedding.from_pretrained(x(L, 2, 2, 2)),
})

# ----------------------------------------------------------------------------------------------
# optimizers and learning-rate schedulers


def p(L, n=2):
    """A Parameter of ``n`` ones."""
    return L.nn.Parameter(L.ones(n))


def sgd(L, **kw):
    """SGD over one parameter."""
    return L.optim.SGD([p(L)], lr=0.1, **kw)


def stepped(L, opt):
    """Every parameter's values after one step of ``opt`` with gradients of ones."""
    for group in opt.param_groups:
        for q in group["params"]:
            q.grad = L.ones_like(q)
    opt.step()
    return [q.tolist() for g in opt.param_groups for q in g["params"]]


def dup_in_group(L):
    """SGD given the same parameter twice in its group."""
    q = p(L)
    return L.optim.SGD([q, q], lr=0.1)


table("optim:", {
    "SGD params a set": lambda L, d: L.optim.SGD({p(L)}, lr=0.1),
    "SGD params a dict": lambda L, d: L.optim.SGD({"params": [p(L)]}, lr=0.1),
    "SGD params a generator ok": lambda L, d: len(L.optim.SGD((q for q in [p(L)]), lr=0.1).param_groups[0]["params"]),
    "SGD params empty generator": lambda L, d: L.optim.SGD((q for q in []), lr=0.1),
    "SGD params a tuple ok": lambda L, d: len(L.optim.SGD((p(L),), lr=0.1).param_groups),
    "SGD params not requiring grad ok": lambda L, d: len(L.optim.SGD([L.ones(2)], lr=0.1).param_groups[0]["params"]),
    "SGD non-leaf in a group": lambda L, d: L.optim.SGD([{"params": [p(L) * 2]}], lr=0.1),
    "SGD duplicate in a group": lambda L, d: len(dup_in_group(L).param_groups[0]["params"]),
    "SGD duplicate in a group steps": lambda L, d: stepped(L, dup_in_group(L)),
    "SGD duplicate across groups": lambda L, d: (lambda q: L.optim.SGD([{"params": [q]}, {"params": [q]}], lr=0.1))(p(L)),
    "SGD duplicate across groups a tensor": lambda L, d: (lambda q: L.optim.SGD([{"params": q}, {"params": [q]}], lr=0.1))(p(L)),
    "SGD group params a tensor ok": lambda L, d: len(L.optim.SGD([{"params": p(L)}], lr=0.1).param_groups[0]["params"]),
    "SGD group params a set": lambda L, d: L.optim.SGD([{"params": {p(L)}}], lr=0.1),
    "SGD group params empty": lambda L, d: L.optim.SGD([{"params": []}], lr=0.1),
    "SGD group of named params": lambda L, d: L.optim.SGD([("a", p(L))], lr=0.1).param_groups[0]["param_names"],
    "SGD group of named params mixed": lambda L, d: L.optim.SGD([("a", p(L)), p(L)], lr=0.1),
    "SGD groups a mix of dicts and tensors": lambda L, d: L.optim.SGD([{"params": [p(L)]}, p(L)], lr=0.1),
    "SGD lr -1": lambda L, d: L.optim.SGD([p(L)], lr=-1),
    "SGD lr 0 ok": lambda L, d: stepped(L, L.optim.SGD([p(L)], lr=0)),
    "SGD lr a list": lambda L, d: L.optim.SGD([p(L)], lr=[0.1]),
    "SGD momentum nesterov dampening": lambda L, d: sgd(L, momentum=0.9, nesterov=True, dampening=0.1),
    "SGD momentum nesterov ok": lambda L, d: stepped(L, sgd(L, momentum=0.9, nesterov=True)),
    "SGD dampening above one ok": lambda L, d: stepped(L, sgd(L, momentum=0.9, dampening=2.0)),
    "SGD maximize str": lambda L, d: stepped(L, sgd(L, maximize="yes")),
    "SGD weight_decay -1": lambda L, d: sgd(L, weight_decay=-1),
    "SGD weight_decay str": lambda L, d: sgd(L, weight_decay="a"),
    "SGD group nesterov dampening": lambda L, d: L.optim.SGD([{"params": [p(L)], "nesterov": True, "momentum": 0.9, "dampening": 0.5}], lr=0.1).param_groups[0]["dampening"],
    "SGD group nesterov dampening step": lambda L, d: stepped(L, L.optim.SGD([{"params": [p(L)], "nesterov": True, "momentum": 0.9, "dampening": 0.5}], lr=0.1)),
    "SGD group negative lr step": lambda L, d: stepped(L, L.optim.SGD([{"params": [p(L)], "lr": -1.0}], lr=0.1)),
    "Adam betas (0.9, 1.0)": lambda L, d: L.optim.Adam([p(L)], betas=(0.9, 1.0)),
    "Adam betas (-0.1, 0.9)": lambda L, d: L.optim.Adam([p(L)], betas=(-0.1, 0.9)),
    "Adam betas a float": lambda L, d: L.optim.Adam([p(L)], betas=0.9),
    "Adam betas a list ok": lambda L, d: stepped(L, L.optim.Adam([p(L)], betas=[0.9, 0.99])),
    "Adam weight_decay -1": lambda L, d: L.optim.Adam([p(L)], weight_decay=-1),
    "Adam lr tensor of two": lambda L, d: L.optim.Adam([p(L)], lr=L.ones(2)),
    "Adam amsgrad step": lambda L, d: stepped(L, L.optim.Adam([p(L)], amsgrad=True)),
    "AdamW weight_decay -1": lambda L, d: L.optim.AdamW([p(L)], weight_decay=-1),
    "AdamW betas (1.0, 0.9)": lambda L, d: L.optim.AdamW([p(L)], betas=(1.0, 0.9)),
    "RMSprop momentum -1": lambda L, d: L.optim.RMSprop([p(L)], momentum=-1),
    "RMSprop weight_decay -1": lambda L, d: L.optim.RMSprop([p(L)], weight_decay=-1),
    "RMSprop eps -1": lambda L, d: L.optim.RMSprop([p(L)], eps=-1),
    "Adagrad weight_decay -1": lambda L, d: L.optim.Adagrad([p(L)], weight_decay=-1),
    "Adagrad initial_accumulator_value -1": lambda L, d: L.optim.Adagrad([p(L)], initial_accumulator_value=-1),
    "Adagrad eps -1": lambda L, d: L.optim.Adagrad([p(L)], eps=-1),
    "Adadelta rho 1.5": lambda L, d: L.optim.Adadelta([p(L)], rho=1.5),
    "Adadelta eps -1": lambda L, d: L.optim.Adadelta([p(L)], eps=-1),
    "Adadelta weight_decay -1": lambda L, d: L.optim.Adadelta([p(L)], weight_decay=-1),
    "Adamax weight_decay -1": lambda L, d: L.optim.Adamax([p(L)], weight_decay=-1),
    "NAdam weight_decay -1": lambda L, d: L.optim.NAdam([p(L)], weight_decay=-1),
    "RAdam weight_decay -1": lambda L, d: L.optim.RAdam([p(L)], weight_decay=-1),
    "Rprop etas bad": lambda L, d: L.optim.Rprop([p(L)], etas=(1.5, 1.2)),
    "Rprop etas bad 2": lambda L, d: L.optim.Rprop([p(L)], etas=(0.5, 0.9)),
    "Rprop lr -1": lambda L, d: L.optim.Rprop([p(L)], lr=-1),
    "ASGD lr -1": lambda L, d: L.optim.ASGD([p(L)], lr=-1),
    "ASGD weight_decay -1": lambda L, d: L.optim.ASGD([p(L)], weight_decay=-1),
    "LBFGS two groups": lambda L, d: L.optim.LBFGS([{"params": [p(L)]}, {"params": [p(L)]}]),
    "LBFGS step without closure": lambda L, d: L.optim.LBFGS([p(L)]).step(),
    "step without grads ok": lambda L, d: (lambda o: (o.step(), [q.tolist() for q in o.param_groups[0]["params"]])[1])(sgd(L)),
    "zero_grad set_to_none False": lambda L, d: (lambda o: (stepped(L, o), o.zero_grad(set_to_none=False), [q.grad.tolist() for q in o.param_groups[0]["params"]])[2])(sgd(L)),
    "zero_grad set_to_none False of a graph grad": lambda L, d: (lambda q: (setattr(q, "grad", L.ones(2).requires_grad_() * 2), L.optim.SGD([q], lr=0.1).zero_grad(set_to_none=False), q.grad.requires_grad, q.grad.grad_fn is None)[2:])(p(L)),
    "zero_grad default": lambda L, d: (lambda o: (stepped(L, o), o.zero_grad(), [q.grad for q in o.param_groups[0]["params"]])[2])(sgd(L)),
    "add_param_group a tensor params ok": lambda L, d: (lambda o: (o.add_param_group({"params": p(L)}), len(o.param_groups))[1])(sgd(L)),
    "add_param_group a list": lambda L, d: sgd(L).add_param_group([p(L)]),
    "add_param_group a tensor": lambda L, d: sgd(L).add_param_group(p(L)),
    "add_param_group a set params": lambda L, d: sgd(L).add_param_group({"params": {p(L)}}),
    "add_param_group non-leaf": lambda L, d: sgd(L).add_param_group({"params": [p(L) * 2]}),
    "add_param_group non-tensor": lambda L, d: sgd(L).add_param_group({"params": [3]}),
    "add_param_group overlap keeps groups": lambda L, d: (lambda q: (lambda o: (_try(lambda: o.add_param_group({"params": [q, p(L)]})), len(o.param_groups))[1])(L.optim.SGD([q], lr=0.1)))(p(L)),
    "add_param_group negative lr": lambda L, d: sgd(L).add_param_group({"params": [p(L)], "lr": -1}),
    "add_param_group missing lr default": lambda L, d: L.optim.SGD([p(L)]).add_param_group({"params": [p(L)]}),
    "add_param_group unknown key ok": lambda L, d: (lambda o: (o.add_param_group({"params": [p(L)], "foo": 1}), o.param_groups[1]["foo"])[1])(sgd(L)),
    "load_state_dict state of a wrong shape then step": lambda L, d: _load_wrong_shape(L),
    "load_state_dict state not a dict": lambda L, d: sgd(L).load_state_dict({"state": [], "param_groups": sgd(L).state_dict()["param_groups"]}),
    "load_state_dict param_groups not a list": lambda L, d: sgd(L).load_state_dict({"state": {}, "param_groups": 3}),
    "load_state_dict a list": lambda L, d: sgd(L).load_state_dict([1]),
    "load_state_dict group without params": lambda L, d: sgd(L).load_state_dict({"state": {}, "param_groups": [{"lr": 0.1}]}),
    "load_state_dict keeps lr on failure": lambda L, d: (lambda o: (_try(lambda: o.load_state_dict({"state": {}, "param_groups": [{"lr": 5.0, "params": [0, 1]}]})), o.param_groups[0]["lr"])[1])(sgd(L)),
    "load_state_dict state of an unknown index": lambda L, d: (lambda o: (o.load_state_dict({"state": {7: {"momentum_buffer": L.ones(2)}}, "param_groups": sgd(L).state_dict()["param_groups"]}), len(o.state))[1])(sgd(L, momentum=0.9)),
    "Adam load_state_dict state of an int": lambda L, d: _load_state_of(L, L.optim.Adam, 3),
    "RMSprop load_state_dict state of a list": lambda L, d: _load_state_of(L, L.optim.RMSprop, [1.0]),
    "SGD load_state_dict state of an int": lambda L, d: _load_state_of(L, L.optim.SGD, 3),
    "state_dict param ids": lambda L, d: sgd(L).state_dict()["param_groups"][0]["params"],
})


def _try(fn):
    """The name of the exception ``fn()`` raises, or "ok"."""
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__


def _load_state_of(L, kind, value):
    """Load into an optimizer of ``kind`` its own state dict with ``value`` as its parameter's state."""
    q = p(L)
    opt = kind([q], lr=0.1)
    q.grad = L.ones_like(q)
    opt.step()
    state = opt.state_dict()
    state["state"][0] = value
    opt.load_state_dict(state)


def _load_wrong_shape(L):
    """One step after loading a momentum buffer of the wrong shape."""
    o = sgd(L, momentum=0.9)
    o.load_state_dict({"state": {0: {"momentum_buffer": L.ones(5)}}, "param_groups": o.state_dict()["param_groups"]})
    return stepped(L, o)


def sch(L, name, *a, **kw):
    """The scheduler ``name`` over an SGD optimizer."""
    return getattr(L.optim.lr_scheduler, name)(sgd(L), *a, **kw)


def run(s, n):
    """The learning rates of ``n`` steps of scheduler ``s``."""
    out = []
    for _ in range(n):
        s.optimizer.step()
        s.step()
        out.append(s.get_last_lr())
    return out


table("sched:", {
    "StepLR step_size -1": lambda L, d: sch(L, "StepLR", -1),
    "StepLR gamma negative ok": lambda L, d: run(sch(L, "StepLR", 1, gamma=-1.0), 2),
    "MultiStepLR milestones of str": lambda L, d: sch(L, "MultiStepLR", ["a"]),
    "MultiStepLR milestones None": lambda L, d: sch(L, "MultiStepLR", None),
    "ExponentialLR gamma 0 ok": lambda L, d: run(sch(L, "ExponentialLR", 0.0), 2),
    "CosineAnnealingLR T_max 0 step": lambda L, d: run(sch(L, "CosineAnnealingLR", 0), 2),
    "CosineAnnealingWarmRestarts T_0 float": lambda L, d: sch(L, "CosineAnnealingWarmRestarts", 1.5),
    "CosineAnnealingWarmRestarts T_mult 0": lambda L, d: sch(L, "CosineAnnealingWarmRestarts", 2, T_mult=0),
    "CosineAnnealingWarmRestarts step negative epoch": lambda L, d: sch(L, "CosineAnnealingWarmRestarts", 2).step(-1),
    "CosineAnnealingWarmRestarts eta_min str": lambda L, d: sch(L, "CosineAnnealingWarmRestarts", 2, eta_min="a"),
    "OneCycleLR total_steps -1": lambda L, d: sch(L, "OneCycleLR", 1.0, total_steps=-1),
    "OneCycleLR total_steps float": lambda L, d: sch(L, "OneCycleLR", 1.0, total_steps=2.5),
    "OneCycleLR epochs 0": lambda L, d: sch(L, "OneCycleLR", 1.0, epochs=0, steps_per_epoch=2),
    "OneCycleLR steps_per_epoch -1": lambda L, d: sch(L, "OneCycleLR", 1.0, epochs=2, steps_per_epoch=-1),
    "OneCycleLR pct_start -0.1": lambda L, d: sch(L, "OneCycleLR", 1.0, total_steps=10, pct_start=-0.1),
    "OneCycleLR past end message": lambda L, d: run(sch(L, "OneCycleLR", 1.0, total_steps=2), 3),
    "OneCycleLR three_phase past end": lambda L, d: run(sch(L, "OneCycleLR", 1.0, total_steps=3, three_phase=True), 4),
    "OneCycleLR on optimizer without momentum": lambda L, d: L.optim.lr_scheduler.OneCycleLR(L.optim.Adagrad([p(L)]), 1.0, total_steps=3),
    "OneCycleLR max_lr negative ok": lambda L, d: run(sch(L, "OneCycleLR", -1.0, total_steps=3), 2),
    "ReduceLROnPlateau mode bad": lambda L, d: sch(L, "ReduceLROnPlateau", mode="bad"),
    "ReduceLROnPlateau mode None": lambda L, d: sch(L, "ReduceLROnPlateau", mode=None),
    "ReduceLROnPlateau factor 2": lambda L, d: sch(L, "ReduceLROnPlateau", factor=2.0),
    "ReduceLROnPlateau patience -1 ok": lambda L, d: (lambda s: ([s.step(1.0) for _ in range(3)], s.get_last_lr())[1])(sch(L, "ReduceLROnPlateau", patience=-1)),
    "ReduceLROnPlateau step nan": lambda L, d: (lambda s: ([s.step(float("nan")) for _ in range(15)], s.get_last_lr())[1])(sch(L, "ReduceLROnPlateau")),
    "ReduceLROnPlateau step tensor of two": lambda L, d: sch(L, "ReduceLROnPlateau").step(L.ones(2)),
    "ReduceLROnPlateau step None": lambda L, d: sch(L, "ReduceLROnPlateau").step(None),
    "ReduceLROnPlateau non-optimizer": lambda L, d: L.optim.lr_scheduler.ReduceLROnPlateau(3),
    "ReduceLROnPlateau eps negative ok": lambda L, d: sch(L, "ReduceLROnPlateau", eps=-1.0).eps,
    "ReduceLROnPlateau cooldown -1 ok": lambda L, d: sch(L, "ReduceLROnPlateau", cooldown=-1).cooldown,
    "LinearLR total_iters 0": lambda L, d: run(sch(L, "LinearLR", total_iters=0), 2),
    "LinearLR end_factor negative": lambda L, d: sch(L, "LinearLR", end_factor=-0.1),
    "ConstantLR factor 1.5": lambda L, d: sch(L, "ConstantLR", factor=1.5),
    "ConstantLR factor negative": lambda L, d: sch(L, "ConstantLR", factor=-0.5),
    "PolynomialLR total_iters 0": lambda L, d: run(sch(L, "PolynomialLR", total_iters=0), 2),
    "CyclicLR step_size_up 0": lambda L, d: L.optim.lr_scheduler.CyclicLR(L.optim.SGD([p(L)], lr=0.1, momentum=0.9), 0.1, 1.0, step_size_up=0),
    "CyclicLR base_lr list wrong length": lambda L, d: L.optim.lr_scheduler.CyclicLR(L.optim.SGD([p(L)], lr=0.1, momentum=0.9), [0.1, 0.2], 1.0),
    "CyclicLR scale_fn without mode": lambda L, d: run(L.optim.lr_scheduler.CyclicLR(L.optim.SGD([p(L)], lr=0.1, momentum=0.9), 0.1, 1.0, scale_fn=lambda x: 1.0), 2),
    "SequentialLR of other optimizer": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(o, [sch(L, "StepLR", 1), L.optim.lr_scheduler.StepLR(o, 1)], [1]))(sgd(L)),
    "SequentialLR empty": lambda L, d: L.optim.lr_scheduler.SequentialLR(sgd(L), [], []),
    "ChainedScheduler of other optimizers": lambda L, d: L.optim.lr_scheduler.ChainedScheduler([sch(L, "StepLR", 1), sch(L, "StepLR", 1)]),
    "ChainedScheduler empty": lambda L, d: L.optim.lr_scheduler.ChainedScheduler([]),
    "ChainedScheduler of ReduceLROnPlateau": lambda L, d: (lambda o: L.optim.lr_scheduler.ChainedScheduler([L.optim.lr_scheduler.ReduceLROnPlateau(o)]))(sgd(L)),
    "SequentialLR of ReduceLROnPlateau": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(o, [L.optim.lr_scheduler.StepLR(o, 1), L.optim.lr_scheduler.ReduceLROnPlateau(o)], [1]))(sgd(L)),
    "LambdaLR lambda returning None": lambda L, d: sch(L, "LambdaLR", lambda e: None),
    "LambdaLR lambda raising": lambda L, d: sch(L, "LambdaLR", lambda e: 1 / 0),
    "MultiplicativeLR lambda list wrong count": lambda L, d: sch(L, "MultiplicativeLR", [lambda e: 1.0] * 2),
    "step with a float epoch": lambda L, d: (lambda s: (s.step(1.5), s.get_last_lr())[1])(sch(L, "StepLR", 1)),
    "StepLR last_epoch -2": lambda L, d: sch(L, "StepLR", 1, last_epoch=-2),
    "StepLR last_epoch float": lambda L, d: sch(L, "StepLR", 1, last_epoch=1.5),
    "get_lr outside step warns": lambda L, d: sch(L, "StepLR", 1).get_lr(),
    "scheduler load_state_dict missing key": lambda L, d: (lambda s: (s.load_state_dict({"foo": 1}), s.get_last_lr())[1])(sch(L, "StepLR", 1)),
    "ReduceLROnPlateau load_state_dict of a bad mode": lambda L, d: (lambda s: s.load_state_dict({**s.state_dict(), "mode": "bad"}))(sch(L, "ReduceLROnPlateau")),
    "ReduceLROnPlateau load_state_dict of a bad threshold_mode": lambda L, d: (lambda s: s.load_state_dict({**s.state_dict(), "threshold_mode": "x"}))(sch(L, "ReduceLROnPlateau")),
    "ReduceLROnPlateau load_state_dict of mode max then steps": lambda L, d: (lambda s: (s.load_state_dict({**s.state_dict(), "mode": "max"}), [s.step(m) for m in (1.0, 0.5, 0.2, 0.1)], s.best, s.num_bad_epochs)[2:])(sch(L, "ReduceLROnPlateau")),
    "ReduceLROnPlateau load_state_dict list": lambda L, d: sch(L, "ReduceLROnPlateau").load_state_dict([1]),
})

# ----------------------------------------------------------------------------------------------
# utils.data


def ds(L, n=10):
    """A TensorDataset of ``n`` (float, int) pairs."""
    return L.utils.data.TensorDataset(L.arange(float(n)).reshape(n, 1), L.arange(n))


def dl(L, **kw):
    """A DataLoader over ``ds``."""
    return L.utils.data.DataLoader(ds(L), **kw)


def drain(loader):
    """Every batch of ``loader``."""
    return [b for b in loader]


def collate(L, batch):
    """``default_collate(batch)``."""
    return L.utils.data.default_collate(batch)


Point = collections.namedtuple("Point", "x y")


class Items:
    """A map-style dataset of a list's items."""

    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


table("data:", {
    "DataLoader drop_last str ok": lambda L, d: len(dl(L, batch_size=3, drop_last="yes")),
    "DataLoader drop_last None ok": lambda L, d: len(dl(L, batch_size=3, drop_last=None)),
    "DataLoader batch_size numpy float": lambda L, d: dl(L, batch_size=np.float64(2.0)),
    "DataLoader batch_size 0-d tensor": lambda L, d: len(dl(L, batch_size=L.tensor(2))),
    "DataLoader sampler of ints and shuffle False": lambda L, d: len(drain(dl(L, sampler=[0, 1, 2], batch_size=2))),
    "DataLoader sampler a str": lambda L, d: drain(dl(L, sampler="ab")),
    "DataLoader sampler an int": lambda L, d: dl(L, sampler=3),
    "DataLoader batch_sampler an int": lambda L, d: dl(L, batch_sampler=3),
    "DataLoader batch_sampler of ints": lambda L, d: drain(dl(L, batch_sampler=[0, 1])),
    "DataLoader batch_sampler and sampler": lambda L, d: dl(L, batch_sampler=[[0]], sampler=[0]),
    "DataLoader num_workers -1 message": lambda L, d: dl(L, num_workers=-1),
    "DataLoader len batch 3": lambda L, d: len(dl(L, batch_size=3)),
    "DataLoader len drop_last": lambda L, d: len(dl(L, batch_size=3, drop_last=True)),
    "DataLoader batch_size None items": lambda L, d: [b[1].tolist() for b in drain(dl(L, batch_size=None))][:3],
    "DataLoader batch_size None len": lambda L, d: len(dl(L, batch_size=None)),
    "DataLoader index beyond dataset": lambda L, d: drain(L.utils.data.DataLoader(Items([1, 2]), sampler=[0, 5])),
    "DataLoader pin_memory str ok": lambda L, d: len(drain(dl(L, pin_memory="no"))),
    "DataLoader generator of wrong type": lambda L, d: drain(dl(L, shuffle=True, generator="x")),
    "DataLoader multiprocessing_context without workers": lambda L, d: dl(L, multiprocessing_context="spawn"),
    "DataLoader in_order str ok": lambda L, d: len(dl(L, in_order="x")),
    "DataLoader unknown kw": lambda L, d: dl(L, foo=1),
    "DataLoader set batch_size after": lambda L, d: setattr(dl(L), "batch_size", 3),
    "DataLoader set dataset after": lambda L, d: setattr(dl(L), "dataset", ds(L)),
    "DataLoader set sampler after iter": lambda L, d: (lambda l: (drain(l), setattr(l, "sampler", [0]))[1])(dl(L)),
    "DataLoader set num_workers after ok": lambda L, d: (lambda l: (setattr(l, "num_workers", 0), l.num_workers)[1])(dl(L)),
    "collate mismatched shapes": lambda L, d: collate(L, [L.ones(2), L.ones(3)]),
    "collate mismatched dims": lambda L, d: collate(L, [L.ones(2), L.ones(1, 2)]),
    "collate dicts different keys": lambda L, d: collate(L, [{"a": L.ones(1)}, {"b": L.ones(1)}]),
    "collate dicts fewer keys": lambda L, d: collate(L, [{"a": L.ones(1), "b": L.ones(1)}, {"a": L.ones(1)}]),
    "collate strings": lambda L, d: collate(L, ["a", "bc"]),
    "collate bytes": lambda L, d: collate(L, [b"a", b"b"]),
    "collate tuples of different lengths": lambda L, d: collate(L, [(1, 2), (1,)]),
    "collate lists of different lengths": lambda L, d: collate(L, [[1, 2], [1]]),
    "collate int and float": lambda L, d: collate(L, [1, 2.5]),
    "collate float and int": lambda L, d: collate(L, [2.5, 1]),
    "collate bools": lambda L, d: collate(L, [True, False]),
    "collate int and tensor": lambda L, d: collate(L, [1, L.ones(1)]),
    "collate tensor and int": lambda L, d: collate(L, [L.ones(1), 1]),
    "collate numpy arrays": lambda L, d: collate(L, [np.ones(2), np.zeros(2)]),
    "collate numpy arrays mismatched": lambda L, d: collate(L, [np.ones(2), np.zeros(3)]),
    "collate numpy str arrays": lambda L, d: collate(L, [np.array(["a"]), np.array(["b"])]),
    "collate numpy object arrays": lambda L, d: collate(L, [np.array([None]), np.array([None])]),
    "collate numpy scalars": lambda L, d: collate(L, [np.float32(1), np.float32(2)]),
    "collate numpy int scalars": lambda L, d: collate(L, [np.int32(1), np.int32(2)]),
    "collate numpy 0-d arrays": lambda L, d: collate(L, [np.array(1.0), np.array(2.0)]),
    "collate namedtuples": lambda L, d: collate(L, [Point(1, 2), Point(3, 4)]),
    "collate namedtuple and tuple": lambda L, d: collate(L, [Point(1, 2), (3, 4)]),
    "collate sets": lambda L, d: collate(L, [{1}, {2}]),
    "collate None": lambda L, d: collate(L, [None, None]),
    "collate objects": lambda L, d: collate(L, [object(), object()]),
    "collate complex numbers": lambda L, d: collate(L, [1j, 2j]),
    "collate mixed dtypes tensors": lambda L, d: collate(L, [L.ones(2), L.ones(2, dtype=L.int64)]),
    "collate int tensor then float": lambda L, d: collate(L, [L.ones(2, dtype=L.int64), L.ones(2)]),
    "collate a non-list": lambda L, d: collate(L, L.ones(3)),
    "collate a tensor batch of one": lambda L, d: collate(L, [L.ones(2)]),
    "collate tensors requiring grad": lambda L, d: collate(L, [L.ones(2, requires_grad=True)]).requires_grad,
    "collate empty": lambda L, d: collate(L, []),
    "collate of a generator": lambda L, d: collate(L, (x for x in [1, 2])),
    "default_convert a list": lambda L, d: L.utils.data.default_convert([np.ones(2)]),
    "random_split fractions summing to one": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L), [0.3, 0.3, 0.4])],
    "random_split fractions of 7": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L, 7), [0.5, 0.5])],
    "random_split fractions of 7 three": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L, 7), [0.2, 0.2, 0.6])],
    "random_split fractions not summing": lambda L, d: L.utils.data.random_split(ds(L), [0.3, 0.3]),
    "random_split lengths too long": lambda L, d: L.utils.data.random_split(ds(L), [5, 6]),
    "random_split lengths too short": lambda L, d: L.utils.data.random_split(ds(L), [5, 4]),
    "random_split negative fraction": lambda L, d: L.utils.data.random_split(ds(L), [1.2, -0.2]),
    "random_split fractions and ints": lambda L, d: L.utils.data.random_split(ds(L), [0.5, 5]),
    "random_split float lengths summing to n": lambda L, d: L.utils.data.random_split(ds(L), [5.0, 5.0]),
    "random_split zero and all": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L), [0, 10])],
    "random_split empty lengths": lambda L, d: L.utils.data.random_split(ds(L), []),
    "random_split generator of wrong type": lambda L, d: L.utils.data.random_split(ds(L), [5, 5], generator=3),
    "random_split fraction one": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L), [1.0])],
    "random_split a tensor of lengths": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L), L.tensor([5, 5]))],
    "Subset negative index": lambda L, d: L.utils.data.Subset(ds(L), [-1])[0][1].tolist(),
    "Subset index list": lambda L, d: [v.tolist() for v in L.utils.data.Subset(ds(L), [1, 2, 3])[[0, 2]]],
    "Subset getitem out of range": lambda L, d: L.utils.data.Subset(ds(L), [1, 2])[5],
    "Subset of a tensor of indices": lambda L, d: L.utils.data.Subset(ds(L), L.tensor([1, 2]))[1][1].tolist(),
    "Subset len": lambda L, d: len(L.utils.data.Subset(ds(L), [1, 11])),
    "TensorDataset of 0-d": lambda L, d: L.utils.data.TensorDataset(L.tensor(1.0)),
    "TensorDataset of 0-d len": lambda L, d: len(L.utils.data.TensorDataset(L.tensor(1.0))),
    "TensorDataset mismatched three": lambda L, d: L.utils.data.TensorDataset(L.ones(3), L.ones(3), L.ones(2)),
    "TensorDataset negative index": lambda L, d: L.utils.data.TensorDataset(L.arange(3))[-1][0].tolist(),
    "TensorDataset slice": lambda L, d: L.utils.data.TensorDataset(L.arange(3))[0:2][0].tolist(),
    "TensorDataset of numpy": lambda L, d: L.utils.data.TensorDataset(np.ones(3)),
    "TensorDataset index float": lambda L, d: L.utils.data.TensorDataset(L.arange(3))[1.0],
    "TensorDataset index tensor": lambda L, d: L.utils.data.TensorDataset(L.arange(3))[L.tensor(1)][0].tolist(),
    "TensorDataset empty len": lambda L, d: len(L.utils.data.TensorDataset()),
    "ConcatDataset of iterable": lambda L, d: L.utils.data.ConcatDataset([L.utils.data.IterableDataset()]),
    "ConcatDataset negative index": lambda L, d: L.utils.data.ConcatDataset([ds(L, 2), ds(L, 3)])[-1][1].tolist(),
    "ConcatDataset negative out of range": lambda L, d: L.utils.data.ConcatDataset([ds(L, 2), ds(L, 3)])[-6],
    "ConcatDataset of a non-dataset": lambda L, d: L.utils.data.ConcatDataset([3]),
    "ConcatDataset plus": lambda L, d: len(ds(L, 2) + ds(L, 3)),
    "StackDataset mismatched": lambda L, d: L.utils.data.StackDataset(ds(L, 2), ds(L, 3)),
    "StackDataset args and kwargs": lambda L, d: L.utils.data.StackDataset(ds(L, 2), a=ds(L, 2)),
    "StackDataset empty": lambda L, d: L.utils.data.StackDataset(),
    "BatchSampler batch_size float": lambda L, d: L.utils.data.BatchSampler(range(3), 1.5, False),
    "BatchSampler batch_size bool": lambda L, d: L.utils.data.BatchSampler(range(3), True, False),
    "BatchSampler len": lambda L, d: len(L.utils.data.BatchSampler(range(10), 3, False)),
    "SequentialSampler len": lambda L, d: len(L.utils.data.SequentialSampler(range(3))),
    "SubsetRandomSampler len": lambda L, d: len(L.utils.data.SubsetRandomSampler([1, 2])),
    "WeightedRandomSampler num_samples float": lambda L, d: L.utils.data.WeightedRandomSampler([1.0], 1.5),
    "WeightedRandomSampler replacement str": lambda L, d: L.utils.data.WeightedRandomSampler([1.0], 1, replacement="yes"),
    "WeightedRandomSampler all zero": lambda L, d: list(L.utils.data.WeightedRandomSampler([0.0, 0.0], 2)),
    "WeightedRandomSampler nan": lambda L, d: list(L.utils.data.WeightedRandomSampler([float("nan"), 1.0], 2)),
    "WeightedRandomSampler inf": lambda L, d: list(L.utils.data.WeightedRandomSampler([float("inf"), 1.0], 2)),
    "WeightedRandomSampler empty": lambda L, d: list(L.utils.data.WeightedRandomSampler([], 2)),
    "RandomSampler num_samples without replacement": lambda L, d: len(list(L.utils.data.RandomSampler(range(3), num_samples=5))),
    "RandomSampler of empty": lambda L, d: list(L.utils.data.RandomSampler([])),
    "RandomSampler generator wrong": lambda L, d: list(L.utils.data.RandomSampler(range(3), generator=3)),
    "IterableDataset getitem": lambda L, d: L.utils.data.IterableDataset()[0],
    "IterableDataset iter": lambda L, d: iter(L.utils.data.IterableDataset()),
    "IterableDataset batch_sampler": lambda L, d: L.utils.data.DataLoader(_Stream(L), batch_sampler=[[0]]),
    "IterableDataset drop_last batches": lambda L, d: [b.tolist() for b in L.utils.data.DataLoader(_Stream(L), batch_size=3, drop_last=True)],
    "IterableDataset len": lambda L, d: len(L.utils.data.DataLoader(_Stream(L), batch_size=3)),
    "get_worker_info without workers": lambda L, d: L.utils.data.get_worker_info(),
})


def _Stream(L):
    """An IterableDataset of 0..6 (no __len__)."""
    class S(L.utils.data.IterableDataset):
        def __iter__(self):
            return iter(range(7))
    return S()

# ----------------------------------------------------------------------------------------------
# more of the nn.Module API


def nonpersist(L):
    """A Linear with a non-persistent buffer ``np``."""
    m = lin(L)
    m.register_buffer("np", L.ones(2), persistent=False)
    return m


table("module2:", {
    "non-persistent buffer not in state_dict": lambda L, d: sorted(nonpersist(L).state_dict()),
    "load of a non-persistent key strict": lambda L, d: nonpersist(L).load_state_dict({**lin(L).state_dict(), "np": L.zeros(2)}),
    "load of a non-persistent key non-strict": lambda L, d: tuple(nonpersist(L).load_state_dict({**lin(L).state_dict(), "np": L.zeros(2)}, strict=False)),
    "register_buffer persistent str": lambda L, d: sorted((lambda m: (m.register_buffer("b", L.ones(1), persistent="no"), m)[1])(lin(L)).state_dict()),
    "register_buffer persistent None": lambda L, d: sorted((lambda m: (m.register_buffer("b", L.ones(1), persistent=None), m)[1])(lin(L)).state_dict()),
    "register_buffer requiring grad": lambda L, d: (lambda m: (m.register_buffer("b", L.ones(1, requires_grad=True)), m.b.requires_grad, [n for n, _ in m.named_parameters()]))(lin(L))[1:],
    "state_dict keep_vars str": lambda L, d: [type(v).__name__ for v in lin(L).state_dict(keep_vars="yes").values()],
    "state_dict prefix int": lambda L, d: lin(L).state_dict(prefix=3),
    "state_dict unknown kw": lambda L, d: lin(L).state_dict(foo=1),
    "named_parameters remove_duplicate str": lambda L, d: names(shared(L).named_parameters(remove_duplicate="")),
    "named_modules memo set": lambda L, d: names(shared(L).named_modules(memo=set())),
    "named_modules prefix int": lambda L, d: names(seq(L).named_modules(prefix=1)),
    "parameters recurse 0": lambda L, d: len(list(seq(L).parameters(recurse=0))),
    "zero_grad set_to_none str": lambda L, d: (lambda m: (m(L.ones(1, 2)).sum().backward(), m.zero_grad(set_to_none=""), [p.grad.tolist() if p.grad is not None else None for p in m.parameters()])[-1])(lin(L)),
    "cuda without cuda": lambda L, d: lin(L).cuda(),
    "to cuda without cuda": lambda L, d: lin(L).to("cuda"),
    "to device int": lambda L, d: lin(L).to(device=0),
    "to bad device str": lambda L, d: lin(L).to("gpu"),
    "to complex dtype": lambda L, d: str(lin(L).to(L.complex64).weight.dtype),
    "to int dtype": lambda L, d: lin(L).to(L.int32),
    "to bool dtype": lambda L, d: lin(L).to(L.bool),
    "half then float dtype": lambda L, d: str(lin(L).half().float().weight.dtype),
    "type str": lambda L, d: str(lin(L).type("torch.DoubleTensor").weight.dtype),
    "type dtype": lambda L, d: str(lin(L).type(L.float64).weight.dtype),
    "apply raising midway": lambda L, d: (lambda m: (_try(lambda: m.apply(lambda x: (_ for _ in ()).throw(ValueError("x")))), m.training)[0])(seq(L)),
    "apply lambda of two args": lambda L, d: seq(L).apply(lambda a, b: None),
    "requires_grad_ on int buffer": lambda L, d: (lambda m: (m.register_buffer("i", L.ones(1, dtype=L.int64)), m.requires_grad_(True), m.i.requires_grad)[-1])(lin(L)),
    "requires_grad_ on int parameter": lambda L, d: (lambda m: (m.register_parameter("i", L.nn.Parameter(L.ones(1, dtype=L.int64), requires_grad=False)), m.requires_grad_(True)))(lin(L)),
    "train returns self": lambda L, d: (lambda m: m.train() is m)(lin(L)),
    "train False then children": lambda L, d: [c.training for c in seq(L).train(False).children()],
    "eval arg": lambda L, d: lin(L).eval(True),
    "get_submodule of a param": lambda L, d: lin(L).get_submodule("weight"),
    "get_parameter of a module": lambda L, d: seq(L).get_parameter("0"),
    "get_parameter of an attribute": lambda L, d: lin(L).get_parameter("training"),
    "get_buffer of an attribute": lambda L, d: lin(L).get_buffer("training"),
    "get_parameter int": lambda L, d: lin(L).get_parameter(0),
    "set_submodule missing parent": lambda L, d: seq(L).set_submodule("5.x", L.nn.ReLU()),
    "set_submodule non-module": lambda L, d: seq(L).set_submodule("0", 3),
    "set_submodule ok": lambda L, d: repr((lambda m: (m.set_submodule("1", L.nn.Sigmoid()), m)[1])(seq(L))),
    "set_submodule new strict": lambda L, d: seq(L).set_submodule("9", L.nn.Sigmoid(), strict=True),
    "set_submodule new": lambda L, d: repr((lambda m: (m.set_submodule("9", L.nn.Sigmoid()), m)[1])(seq(L))),
    "set_submodule empty": lambda L, d: seq(L).set_submodule("", L.nn.Sigmoid()),
    "register_forward_pre_hook bad with_kwargs": lambda L, d: lin(L).register_forward_pre_hook(lambda m, a: None, with_kwargs="yes") and "ok",
    "register_full_backward_hook non-callable": lambda L, d: lin(L).register_full_backward_hook(3) and "ok",
    "forward hook returning wrong": lambda L, d: (lambda m: (m.register_forward_hook(lambda m, i, o: 3), m(L.ones(1, 2)))[1])(lin(L)),
    "forward pre hook returning non-tuple": lambda L, d: (lambda m: (m.register_forward_pre_hook(lambda m, i: L.ones(1, 2) * 2), m(L.ones(1, 2)).shape)[1])(lin(L)),
    "call with too many args": lambda L, d: lin(L)(L.ones(1, 2), L.ones(1, 2)),
    "call with kw input": lambda L, d: lin(L)(input=L.ones(1, 2)).shape,
    "call with wrong kw": lambda L, d: lin(L)(x=L.ones(1, 2)),
    "call with list": lambda L, d: lin(L)([[1.0, 2.0]]),
    "call with numpy": lambda L, d: lin(L)(np.ones((1, 2), np.float32)),
    "call with int tensor": lambda L, d: lin(L)(L.ones(1, 2, dtype=L.int64)),
    "Parameter requires_grad str": lambda L, d: L.nn.Parameter(L.ones(1), requires_grad="no").requires_grad,
    "Parameter of Parameter": lambda L, d: type(L.nn.Parameter(L.nn.Parameter(L.ones(1)))).__name__,
    "Parameter of non-leaf": lambda L, d: (lambda p: (p.is_leaf, p.grad_fn is None))(L.nn.Parameter(L.ones(1, requires_grad=True) * 2)),
    "Parameter of complex": lambda L, d: str(L.nn.Parameter(L.ones(1, dtype=L.complex64)).dtype),
    "Parameter deepcopy": lambda L, d: __import__("copy").deepcopy(L.nn.Parameter(L.ones(1))).requires_grad,
    "Buffer": lambda L, d: type(L.nn.Buffer(L.ones(1))).__name__,
    "Buffer as attr registers": lambda L, d: sorted((lambda m: (setattr(m, "b", L.nn.Buffer(L.ones(1), persistent=False)), m)[1])(lin(L)).state_dict()),
    "Buffer of list": lambda L, d: L.nn.Buffer([1.0]),
})
