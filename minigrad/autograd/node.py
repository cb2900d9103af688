"""Graph nodes: ``Node`` (what the engine walks) and ``AccumulateGrad`` (a leaf's
gradient sink); the checks that what backward reads was not changed in place since.
minigrad's own differentiable ops build on ``Node`` in ``op.py``.

A node is the ``ctx`` of the op that made it. It holds ``next`` (one edge per forward argument:
the input's node, or None where no gradient flows), ``needs_input_grad`` (one bool per forward
argument), ``uses`` (how many recorded edges point at it, which the engine takes as its
dependency count) and whatever backward needs. Every node has exactly one output; the outputs of an op with
several (split, a factorization, a multi-output Function) each get a node of their own, which
shows the op's shared node to users (``shared_node``, ``output_nr``: see ``shown``).
"""
import weakref

from . import anomaly_mode, grad_mode
from .._removable_handle import RemovableHandle
from ..dtypes import type_string
from .. import tensor as _tensor_mod  # (partly imported here: used only at call time)

_state = grad_mode.state
_new = object.__new__

FREED = object()  # marks saved values already released by a backward pass
FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")


class Node:
    """A node of the backward graph (the ``grad_fn`` of a tensor)."""

    __slots__ = ("__weakref__", "__dict__")
    next = ()
    needs_input_grad = ()
    uses = 0            # recorded edges into this node (see the engine)
    observed = False    # True once hooks or retain_grad are set: the engine then looks closer
    hooks = None        # the output tensor's hooks (``Tensor.register_hook`` of a non-leaf)
    pre_hooks = ()      # ``register_prehook``'s
    post_hooks = ()     # ``register_hook``'s
    xp = None           # the array module of the node's output (picks the engine's array namespace)
    retained = None     # weak reference to a non-leaf tensor whose .grad is kept
    device = None       # the device of the node's output
    torch_name = None   # PyTorch's name for this node where it is not <ClassName>Backward0
    renamed_when_seen = False  # (Op and Function nodes: see ``named``)
    shared_node = None  # the node of the whole op, where this node stands for one of its outputs
    output_nr = 0       # ... and which output

    def hook_gradient(self, i, grad, to_edge=False):
        """The gradient for ``next[i]`` as this node's hooks see it, where PyTorch's node passes
        it to another edge than minigrad's (``to_edge``: back from what a hook returned)."""
        return grad

    def name(self):
        """The node's name as PyTorch prints it, e.g. ``MulBackward0``."""
        return self.torch_name or type(self).__name__ + "Backward0"

    def __repr__(self):  # (PyTorch's repr names the class without its C++ namespace)
        return f"<{self.name().rpartition('::')[2]} object at {hex(id(self))}>"

    @property
    def metadata(self):
        """A dict kept with this node for user code (empty until something is stored)."""
        return self.__dict__.setdefault("_metadata", {})

    #: the arguments that are edges of PyTorch's node (a slice or a tuple of argument positions):
    #: its next_functions leave out plain arguments (dims, sizes, bounds) and masks and indices,
    #: which minigrad's ops take as arguments too; None: every argument is one
    edge_args = None

    @property
    def next_functions(self):
        """The nodes this one passes gradients to, as (node, output_nr) pairs like PyTorch's."""
        edges, keep = self.next, self.edge_args
        if keep is not None:
            edges = edges[keep] if isinstance(keep, slice) else [edges[i] for i in keep if i < len(edges)]
        return tuple((None, 0) if e is None or is_lent_edge(e) else shown(e) for e in edges)

    def add_tensor_hook(self, fn):
        """Call ``fn(grad)`` with the gradient of this node's output during backward (the hooks of
        the output tensor, ``Tensor.register_hook``); it may return a replacement."""
        if self.hooks is None:
            self.hooks = []
        self.hooks.append(fn)
        self.observed = True
        return RemovableHandle(self.hooks, fn)

    def register_prehook(self, fn):
        """Call ``fn(grad_outputs)`` before this node runs in backward, after the output tensor's
        hooks: ``grad_outputs`` is a 1-tuple of its output's gradient, and a tuple returned replaces it."""
        hooks = self.__dict__.get("pre_hooks")
        if hooks is None:
            hooks = self.pre_hooks = []
        hooks.append(fn)
        self.observed = True
        return RemovableHandle(hooks, fn)

    def register_hook(self, fn):
        """Call ``fn(grad_inputs, grad_outputs)`` after this node has run in backward: the gradients
        it passes on (one per ``next_functions`` entry, None where none) and the 1-tuple of its
        output's gradient; a tuple returned replaces ``grad_inputs``."""
        hooks = self.__dict__.get("post_hooks")
        if hooks is None:
            hooks = self.post_hooks = []
            if self.__class__ is not AccumulateGrad:
                # (the hooks ride on this node's own ``run``, so that the engine's loop pays nothing
                # for them; an accumulator's run in the engine's leaf step: see ``_Sink.after_accumulation``)
                self.run = _hooked_run(self, current_run(self))
        hooks.append(fn)
        self.observed = True
        return RemovableHandle(hooks, fn)

    def run(self, m, g, release):
        """Run this node's backward for output gradient ``g`` computed with namespace ``m``;
        returns one gradient (or None) per edge in ``next``. ``release``: drop what backward
        saved once used (a pass without retain_graph)."""
        raise NotImplementedError


class PartGrads(list):
    """The gradients of a multi-output op's outputs as its shared node receives them, one slot each
    (None: not reached)."""

    def __add__(self, other):
        return PartGrads(a if b is None else b if a is None else a + b for a, b in zip(self, other))


def current_run(node):
    """``node``'s ``run`` as a function of ``(node, m, g, release)``: its class's, or the one an
    instance attribute put in its place (saved values' unpacking, post hooks), so that a wrapper
    added later runs it too."""
    run = node.__dict__.get("run")
    if run is None:
        return type(node).run
    return lambda node, m, g, release: run(m, g, release)


def _hooked_run(node, run):
    """``node``'s ``run`` followed by its post hooks (``Node.register_hook``)."""
    def hooked(m, g, release):
        results = run(node, m, g, release)
        if results.__class__ is not tuple:
            results = (results,)
        if not node.post_hooks:
            return results
        as_user, as_engine = gradient_views(node, m)
        positions = edge_positions(node)
        shown = node.hook_gradient
        grad_inputs = tuple(shown(i, as_user(results[i])) for i in positions)
        grad_outputs = tuple(map(as_user, g)) if g.__class__ is PartGrads else (as_user(g),)
        grad_inputs = call_node_hooks(node.post_hooks, (grad_inputs, grad_outputs), grad_inputs)
        results = list(results)
        for i, r in zip(positions, grad_inputs):
            results[i] = as_engine(shown(i, r, True))
        return tuple(results)
    return hooked


def gradient_views(node, m):
    """Two converters for gradients of ``node`` computed with namespace ``m``: engine value to what
    hooks see (a Tensor, or None), and back."""
    if m.records:  # (create_graph: the engine's values are Tensors already)
        return (lambda r: r), (lambda r: r)
    device = node.device
    backend = device.backend or device._get_backend()

    def as_user(r):
        if r is None:
            return None
        if r.__class__ is not backend.array_type:
            r = backend.xp.asarray(r)  # a NumPy scalar from 0-d math
        return _tensor_mod.wrap(r, device)
    return as_user, (lambda r: None if r is None else r._data)


def edge_positions(node):
    """The positions in ``node.next`` of its ``next_functions`` entries (see ``edge_args``)."""
    positions = range(len(node.next))
    keep = node.edge_args
    if keep is not None:
        positions = positions[keep] if isinstance(keep, slice) else [i for i in keep if i < len(node.next)]
    return list(positions)


def check_replacement(hook, old, new):
    """PyTorch's error for a gradient ``hook`` returned (``new``) of another size or type than ``old``."""
    if new.shape != old.shape:
        raise RuntimeError(f"hook '{getattr(hook, '__name__', hook)}' has changed the size of value")
    if new.dtype != old.dtype:
        raise RuntimeError(f"hook '{getattr(hook, '__name__', hook)}' has changed the type of value (was "
                           f"torch.{old.dtype._torch_name} got torch.{new.dtype._torch_name})")


def call_node_hooks(hooks, args, values):
    """Call node hooks ``hook(*args)`` in turn; each may return a tuple replacing ``values`` (the last
    argument of the next call), checked as PyTorch checks it. Returns the final values."""
    for hook in list(hooks):
        result = hook(*args)
        if result is None:
            continue
        if not isinstance(result, tuple):
            raise TypeError(f"expected tuple, but hook returned '{type(result).__name__}'")
        if len(result) != len(values):
            raise RuntimeError(f"hook '{getattr(hook, '__name__', hook)}' has returned an incorrect number of "
                               f"values (got {len(result)}, but expected {len(values)})")
        for new, old in zip(result, values):
            if new is None:
                continue
            if old is None:
                raise RuntimeError("can't replace a None gradient with a non-None value")
            if not isinstance(new, _tensor_mod.Tensor):
                raise TypeError(f"expected Tensor or None (got {type(new).__name__})")
            check_replacement(hook, old, new)
        values = result
        args = args[:-1] + (values,)
    return values


class ShownStep(Node):
    """A step PyTorch's graph has where minigrad's neighbouring node does its work (the ``weight.T``
    of a linear layer, the log-softmax of cross-entropy): listed in next_functions only, the
    gradient skips it. Its type is named as PyTorch's node (see ``shown_step``)."""

    def name(self):
        """PyTorch's name of the step."""
        return type(self).__name__


_SHOWN_TYPES = {}  # node name -> the ShownStep subclass of that name


def shown_once(build):
    """A ``next_functions`` property built once per node, so that its ShownSteps keep their
    identity from one look to the next, as PyTorch's nodes do (graph walkers key on them)."""
    def next_functions(self):
        edges = self.__dict__.get("_shown_edges")
        if edges is None:
            edges = self._shown_edges = build(self)
        return edges
    next_functions.__doc__ = build.__doc__
    return property(next_functions)


def shown_step(name, *edges):
    """A ``ShownStep`` named ``name`` with ``edges``."""
    cls = _SHOWN_TYPES.get(name)
    if cls is None:
        cls = _SHOWN_TYPES[name] = type(name, (ShownStep,), {"__doc__": ShownStep.__doc__})
    node = _new(cls)
    node.next = edges
    return node


_NAMED_TYPES = {}  # (op class, node name) -> its subclass of that name


def named(node):
    """``node``, its type named as PyTorch names this node (``type(y.grad_fn).__name__``).

    Op classes carry their usual node name from creation (``Op.__init_subclass__``); a node whose
    name depends on the call (``ClampBackward1``) is moved, when it is looked at through
    ``grad_fn`` or ``next_functions`` (never while recording), to a subclass of that name."""
    name = node.name().rpartition("::")[2]
    cls = type(node)
    if cls.__name__ != name and cls.renamed_when_seen:
        sub = _NAMED_TYPES.get((cls, name))
        if sub is None:
            attrs = {"__module__": cls.__module__, "renamed_when_seen": False, "_forward_cls": cls}
            if hasattr(cls, "op_name"):  # (an Op: keeps the name its class was written with)
                attrs["op_name"] = cls.op_name
            sub = _NAMED_TYPES[cls, name] = type(name, (cls,), attrs)
            sub.__name__ = sub.__qualname__ = name
        node.__class__ = sub
    return node


def shown(node):
    """``(node, output_nr)`` as PyTorch shows ``node``: a node standing for one output of a
    multi-output op shows the op's shared node (so that ``a.grad_fn is b.grad_fn`` for
    ``a, b = x.unbind()``) and that output's number; any other node shows itself and 0."""
    shared = node.shared_node
    if shared is None:
        return named(node), 0
    return named(shared), node.output_nr


def link(edge):
    """Count one more recorded use of ``edge`` (the engine's dependency count) and return it."""
    edge.uses += 1
    return edge


def edge_of(t):
    """The node a gradient for Tensor ``t`` flows into (its grad_fn, or its leaf accumulator),
    counted as one more use."""
    node = t._node or t._acc or accumulator(t)
    node.uses += 1
    return node


def accumulator(leaf):
    """The leaf's AccumulateGrad node, made on first use."""
    node = leaf._acc = AccumulateGrad(leaf)
    return node


def _no_leaf():
    return None


def lend_requires_grad(view):
    """Make ``view``, taken outside grad mode of a tensor whose root requires grad, require grad as
    PyTorch's does: through its base, as a leaf that PyTorch gives no gradient edge. Ops on it are
    recorded, but what reaches it goes nowhere: its accumulator has no leaf (``.grad`` stays None,
    its hooks never run, autograd.grad finds it unused)."""
    node = view._acc = AccumulateGrad.__new__(AccumulateGrad)
    node.leaf = _no_leaf
    node.device = view._device
    view._rg = True


def is_lent_edge(node):
    """Whether ``node`` is the accumulator of a view requiring grad only through its base (see
    ``lend_requires_grad``): PyTorch has no edge there."""
    return node.__class__ is AccumulateGrad and node.leaf is _no_leaf


def is_lent(t):
    """Whether ``t`` is a leaf requiring grad only through its base (see ``lend_requires_grad``)."""
    return t._node is None and t._acc is not None and t._acc.leaf is _no_leaf


class AccumulateGrad(Node):
    """The node a leaf's gradient flows into: it adds the gradient to ``leaf.grad``.

    The leaf is held weakly (the leaf holds this node, cached, so that every use
    of the leaf sums into one gradient and its hooks run once).
    """

    def __init__(self, leaf):
        self.leaf = weakref.ref(leaf)
        self.device = leaf._device
        if leaf._post_hooks:
            self.observed = True  # (the engine runs them after accumulating, off its fast path)

    def name(self):
        return "torch::autograd::AccumulateGrad"

    @property
    def variable(self):
        """The leaf tensor."""
        return self.leaf()


def index_guards(index):
    """For an op that reads the arrays of index Tensors in backward (advanced indexing, index_put):
    each such Tensor with its version counter and version now, for ``check_index_guards``."""
    items = index if isinstance(index, tuple) else (index,)
    return [(i._version_counter, i._version_counter[0], i) for i in items
            if isinstance(i, _tensor_mod.Tensor) and i._data.ndim]


def check_index_guards(guards):
    """Raise PyTorch's error if an index Tensor changed in place since the op recorded."""
    for counter, expected, t in guards:
        if counter[0] != expected:
            raise version_error(t, counter[0], expected, producer_name(t))


def producer_name(t):
    """``, which is output 0 of X`` for the modified-tensor error (X: PyTorch's short node name)."""
    node = t._node
    if node is None:
        return ""
    return output_of(node, 0)


def output_of(node, i):
    """``, which is output i of X`` (X: PyTorch's short name of ``node``)."""
    name = node.name()
    name = name[:-9] if name.endswith("Backward0") else name.replace("Backward", "")
    return f", which is output {i} of {name}"


def version_error(t, found, expected, producer):
    """PyTorch's error for a saved tensor changed in place before backward used it (with its hint,
    which depends on whether anomaly detection is on)."""
    hint = (" Hint: the backtrace further above shows the operation that failed to compute its gradient. The "
            "variable in question was changed in there or anywhere later. Good luck!"
            if anomaly_mode.is_anomaly_enabled() else
            " Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
            "torch.autograd.set_detect_anomaly(True, check_nan=False).")
    kind = type_string(t.dtype, t.device.type)  # (PyTorch's names: torch.FloatTensor, CPUBoolType ...)
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{kind} {list(t.shape)}]{producer}, is at version {found}; expected version "
        f"{expected} instead.{hint}" if producer else
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{kind} {list(t.shape)}] is at version {found}; expected version {expected} instead.{hint}")
