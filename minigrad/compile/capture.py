"""One capture: run the step eagerly on Traced arrays, then describe what a replay must repeat.

Before the call: the World (``world.scan``) is found, and every tensor in it
and among the arguments gets a Traced array (inputs and externals). After
it, the real arrays are put back and the step's effects on the Python side
are compared with what a replay can reproduce: gradients created or dropped,
version counters, the returned values. Effects a replay cannot reproduce (a
Python object changed, a module attribute set) are graph breaks; a first step
that creates optimizer state is a warm-up (run eagerly when seen again).
"""
import itertools

from .. import backends as _backends
from ..autograd.node import AccumulateGrad, FREED
from ..autograd import grad_mode as _grad_mode
from ..autograd.namespace import forget_ones
from ..nn.module import Module, mutations as _module_mutations
from ..tensor import Tensor
from . import live
from .patches import Patches
from .recorder import Recorder
from .traced import Traced
from .world import scan

_cids = itertools.count(1)


class Tracked:
    """A tensor that existed before the step, its state at entry, and the Traced arrays it got."""

    __slots__ = ("tensor", "path", "data", "slot", "rg", "grad", "grad_data", "grad_slot", "version", "v0",
                 "grad_v0")

    def __init__(self, tensor, path):
        self.tensor = tensor
        self.path = path          # ("arg", i) / ("kwarg", k) / nested, for inputs; None for externals
        self.data = tensor._data
        self.rg = tensor._rg
        self.grad = tensor._grad
        self.grad_data = None if self.grad is None else self.grad._data
        self.slot = self.grad_slot = None
        self.version = tensor._version_counter
        self.v0 = tensor._version_counter[0]
        self.grad_v0 = None if self.grad is None else self.grad._version_counter[0]


class Capture:
    """What one capture recorded and found; ``tape.build`` turns it into guards and a replay."""

    def __init__(self, fn, args, kwargs, fullgraph):
        self.fn = fn
        self.fullgraph = fullgraph
        self.grad_enabled = _grad_mode.state.enabled
        self.rec = Recorder(next(_cids), fullgraph, list(_backends.all_backends().values()))
        self.world = scan(fn, args, kwargs)
        self.inputs = []       # Tracked tensors among the arguments
        self.externals = []    # Tracked tensors of the World
        self.effects = []      # ("grad_none", tracked) / ("grad_new", tracked, slot, version)
        self.versions = []     # (tracked, delta, "data" | "grad"): version counters the step advanced
        self.result = None     # the returned structure, as a template (see _template)
        self.warmup = False    # the step created optimizer state: not replayed
        self.outside_backward = False  # a returned tensor's graph is still to be differentiated: not replayed
        self.args_template = None

    # ------------------------------------------------------------------ running
    def run(self, args, kwargs):
        """Call the step eagerly while recording; returns its result (real arrays)."""
        rec = self.rec
        swapped = {}
        self.args_summary = summary((args, kwargs))  # before the step changes anything (Tape.check)
        self.args_template = _args_template(args, kwargs, self, swapped)
        for t in self.world.tensors.values():
            if id(t) not in swapped:
                self._track(t, None, swapped)
        before = _Snapshot(self.world)
        patches = Patches(rec)
        patches.apply()
        forget_ones()
        live.current = rec
        try:
            result = self.fn(*args, **kwargs)
        finally:
            live.current = None
            patches.restore()
            forget_ones()
            self._restore(swapped)
        if rec.broken is None:
            self._effects(swapped)
            before.compare(self)
        self.result = self._template(result, swapped) if rec.broken is None else None
        _release_traced(result)
        return result

    def _track(self, t, path, swapped):
        tr = Tracked(t, path)
        kind = "input" if path is not None else "external"
        swapped[id(t)] = tr
        (self.inputs if path is not None else self.externals).append(tr)
        proxy = self.rec.external(t._data, tr, kind)
        tr.slot = proxy.slot
        t._data = proxy
        g = tr.grad
        if g is not None and id(g) not in swapped and not isinstance(g._data, Traced):
            proxy = self.rec.external(g._data, tr, kind)
            tr.grad_slot = proxy.slot
            g._data = proxy
        return tr

    def _restore(self, swapped):
        """Put the real arrays back into every tensor that got a Traced one."""
        for tr in swapped.values():
            t = tr.tensor
            if isinstance(t._data, Traced):
                if t._data.slot != tr.slot or t._data.cid != self.rec.cid:
                    self.rec.broken = self.rec.broken or ("the step replaced a tensor's data (.data = ...)", "?")
                t._data = t._data.a
            elif t._data is not tr.data:
                self.rec.broken = self.rec.broken or ("the step replaced a tensor's data (.data = ...)", "?")
            g = tr.grad
            if g is not None and isinstance(g._data, Traced):
                g._data = g._data.a

    # ------------------------------------------------------------------ effects
    def _effects(self, swapped):
        rec = self.rec
        seen_versions = set()
        for tr in list(swapped.values()):
            t = tr.tensor
            if t._rg != tr.rg:
                rec.broken = ("the step changed a tensor's requires_grad", "?")
                return
            g = t._grad
            if g is not tr.grad:
                if g is None:
                    self.effects.append(("grad_none", tr))
                elif id(g) in swapped or not isinstance(g._data, Traced) or g._data.cid != rec.cid:
                    rec.broken = ("the step set a gradient to a tensor the compiler does not track", "?")
                    return
                elif g._rg or g._node is not None:
                    rec.broken = ("a gradient with a graph (create_graph=True)", "?")
                    return
                else:
                    self.effects.append(("grad_new", tr, g._data.slot, g._version_counter[0]))
                    rec.slots[g._data.slot].value = g._data.a
                    g._data = g._data.a
            if id(tr.version) not in seen_versions:
                seen_versions.add(id(tr.version))
                delta = tr.version[0] - tr.v0
                if delta:
                    self.versions.append((tr, delta, "data"))
            if g is not None and g is tr.grad and id(g._version_counter) not in seen_versions and id(g) not in swapped:
                seen_versions.add(id(g._version_counter))
                delta = g._version_counter[0] - tr.grad_v0
                if delta:
                    self.versions.append((tr, delta, "grad"))

    # ------------------------------------------------------------------ the returned value
    def _template(self, value, swapped):
        """The returned structure with its parts named: ("tensor", slot, ...), ("read", slot),
        ("object", obj) for tensors that existed before, ("const", value)."""
        rec = self.rec
        if isinstance(value, Tensor):
            if id(value) in swapped:
                tr = swapped[id(value)]
                return ("input", tr.path) if tr.path is not None else ("object", value)
            data = value._data
            if not isinstance(data, Traced) or data.cid != rec.cid:
                rec.graph_break("the step returns a tensor the compiler did not see computed")
                return None
            node = value._node
            if node is not None and _graph_alive(node):
                self.outside_backward = True  # run eagerly: the caller differentiates the result
                return None
            return ("tensor", data.slot, value._device, value._rg, node.name() if node is not None else None,
                    value._version_counter[0])
        cls = value.__class__
        if cls is list and id(value) in rec.reads:
            return ("read", rec.reads[id(value)])
        if cls is tuple or cls is list:
            parts = [self._template(v, swapped) for v in value]
            return None if rec.broken else (cls.__name__, parts)
        if cls is dict:
            parts = {k: self._template(v, swapped) for k, v in value.items()}
            return None if rec.broken else ("dict", parts)
        if cls is float:
            slot = rec.reads.get(id(value))
            if slot is None:
                rec.graph_break("the step returns a Python float computed outside the tape")
                return None
            return ("read", slot)
        return ("const", value)


def summary(value):
    """A quick description of call arguments: tensors by shape, dtype, device, requires_grad and
    whether a gradient exists; numbers and strings by value; other objects by identity."""
    if isinstance(value, Tensor):
        data = value._data
        return (data.shape, data.dtype, value._device, value._rg, value._grad is None)
    cls = value.__class__
    if cls is tuple or cls is list:
        return tuple(summary(v) for v in value)
    if cls is dict:
        return tuple((k, summary(v)) for k, v in value.items())
    if cls in (int, float, bool, str, type(None)):
        return (cls, value)
    return id(value)


def _args_template(args, kwargs, capture, swapped):
    """The arguments' structure; their tensors are tracked as inputs."""
    def walk(v, path):
        if isinstance(v, Tensor):
            if id(v) in swapped:
                return ("same", swapped[id(v)].path)
            capture._track(v, path, swapped)
            return ("tensor", v._data.a.shape, v._data.a.dtype, v._device, v._rg, v.__class__,
                    v._data.a.__class__, v._grad is not None)
        cls = v.__class__
        if cls is tuple or cls is list:
            return (cls.__name__, [walk(x, path + (i,)) for i, x in enumerate(v)])
        if cls in (int, float, bool, str, type(None)):
            return ("value", cls, v)
        return ("object", v)
    return ([walk(a, ("arg", i)) for i, a in enumerate(args)],
            {k: walk(v, ("kwarg", k)) for k, v in kwargs.items()})


def _graph_alive(node):
    """Whether a backward can still run through the graph below ``node`` (not consumed by the step)."""
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        if n.__class__ is AccumulateGrad:
            leaf = n.leaf()
            if leaf is not None and leaf._acc is n and n.uses:
                return True
            continue
        values = getattr(n, "values", ())
        if values and values is not FREED:
            return True
        stack.extend(n.next)
    return False


def _release_traced(value, seen=None):
    """Replace Traced arrays by real ones in the returned tensors and their graphs."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Tensor):
        if isinstance(value._data, Traced):
            value._data = value._data.a
        if value._grad is not None:
            _release_traced(value._grad, seen)
        if value._node is not None:
            _release_graph(value._node, seen)
    elif value.__class__ in (tuple, list):
        for v in value:
            _release_traced(v, seen)
    elif value.__class__ is dict:
        for v in value.values():
            _release_traced(v, seen)


def _release_graph(node, seen):
    from .traced import TracingNamespace
    stack = [node]
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        d = n.__dict__
        for k, v in list(d.items()):
            if isinstance(v, Traced):
                d[k] = v.a
            elif isinstance(v, TracingNamespace):
                d[k] = v._xp
            elif v.__class__ in (list, tuple) and any(isinstance(x, (Traced, Tensor)) for x in v):
                d[k] = v.__class__(_plain(x, seen) for x in v)
        stack.extend(getattr(n, "next", ()) or ())


def _plain(x, seen):
    if isinstance(x, Traced):
        return x.a
    if isinstance(x, Tensor):
        _release_traced(x, seen)
    return x


class _Snapshot:
    """The Python-side state of the World before the step, to find what the step changed."""

    def __init__(self, world):
        self.world = world
        self.objects = {k: _shallow(o) for k, o in world.objects.items()}
        self.mutations = _module_mutations[0]  # Modules changed during the step move nn's counter
        self.states = {k: {p: dict(s) for p, s in opt.state.items()} for k, opt in world.optimizers.items()}
        self.groups = {k: [dict(g) for g in opt.param_groups] for k, opt in world.optimizers.items()}
        self.values = [(kind, holder, key, v) for kind, holder, key, v in world.values]

    def compare(self, capture):
        rec = capture.rec
        actors = {id(i.fn.__self__) for i in rec.instrs if i.kind == "action" and hasattr(i.fn, "__self__")}
        for k, opt in self.world.optimizers.items():
            if _state_changed(self.states[k], opt.state):
                capture.warmup = True
                for s in opt.state.values():
                    for v in s.values():
                        if isinstance(v, Tensor) and isinstance(v._data, Traced):
                            v._data = v._data.a
            for g0, g in zip(self.groups[k], opt.param_groups):
                for key, v in g.items():
                    if g0.get(key, _MISSING) is not v and not (actors and key in ("lr", "momentum", "betas")):
                        return rec.graph_break(f"the step changed the optimizer's param_groups['{key}']")
        if _module_mutations[0] != self.mutations:
            return rec.graph_break("the step changed a Module's attributes, parameters, buffers or hooks "
                                   "(model.train()/eval() inside the step?)")
        for k, obj in self.world.objects.items():
            if k in actors or isinstance(obj, Module):
                continue
            if not _same_shallow(self.objects[k], _shallow(obj)):
                return rec.graph_break(f"the step changed a Python object ({type(obj).__name__}): a replay "
                                       "does not run the step's Python")
        for kind, holder, key, v in self.values:
            now = holder.cell_contents if kind == "cell" else holder.get(key, _MISSING)
            if now is not v and not (now.__class__ is v.__class__ and now == v):
                return rec.graph_break(f"the step assigned the variable {key!r}")


_MISSING = object()


def _shallow(obj):
    if isinstance(obj, list):
        return ("list", list(obj))
    if isinstance(obj, dict):
        return ("dict", dict(obj))
    return ("obj", dict(getattr(obj, "__dict__", {})))


def _same_shallow(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == "list":
        return len(a[1]) == len(b[1]) and all(x is y for x, y in zip(a[1], b[1]))
    return _same(a[1], b[1])


def _same(d0, d):
    return len(d0) == len(d) and all(d.get(k, _MISSING) is v for k, v in d0.items())


def _state_changed(before, state):
    """Whether an optimizer's state gained or lost entries or values (compared by identity)."""
    if len(before) != len(state):
        return True
    for p, s in state.items():
        s0 = before.get(p)
        if s0 is None or not _same(s0, s):
            return True
    return False
