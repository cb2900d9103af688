"""Graph nodes: ``Op`` (minigrad's own ops, forward on raw arrays) and
``Function`` (PyTorch's ``autograd.Function`` for user-defined ops, forward on
Tensors). Both record the same kind of node, so the engine treats them alike.

A node is the ``ctx`` of its op: it holds the edges to its inputs (``next``:
the input's node, the input tensor itself for a leaf, or None), whatever the
backward needs, and the versions of the saved tensors. Every node has exactly
one output; a user Function with several outputs gets one ``OutputPart`` node
per output, all feeding the Function's node.
"""
from . import grad_mode
from .. import tensor as _tensor_mod

_state = grad_mode.state
_FREED = object()
_new = object.__new__
_Tensor = None  # minigrad.Tensor, set by minigrad.tensor once the class exists

_FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")


def _version_error(t, node_name, found, expected):
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{t.type()} {list(t.shape)}], which is output 0 of {node_name}, is at version "
        f"{found}; expected version {expected} instead.")


class Node:
    """A node of the backward graph (the ``grad_fn`` of a tensor)."""

    __slots__ = ("next", "xp", "__weakref__", "__dict__")
    # Rarely-set attributes default at class level so that recording a node stays cheap.
    _saved = None
    _saved_versions = None
    _out = None
    _out_version = None
    _hooks = None
    _retain = None
    _observed = False  # True once hooks or retain_grad are set: the engine then looks closer
    _device = None  # the device of the node's output (for wrapping raw gradients)
    raw_backward = False

    @property
    def needs_input_grad(self):
        """One bool per forward argument: whether its gradient is needed."""
        return [e is not None for e in self.next]

    torch_name = None  # PyTorch's name for this node where it is not <ClassName>Backward0

    def name(self):
        """The node's name as PyTorch prints it, e.g. ``MulBackward0``."""
        return self.torch_name or type(self).__name__ + "Backward0"

    def __repr__(self):
        return f"<{self.name()} object at {hex(id(self))}>"

    @property
    def next_functions(self):
        """The nodes this one passes gradients to, as (node, 0) pairs like PyTorch's."""
        out = []
        for e in self.next:
            if e is None or isinstance(e, Node):
                out.append((e, 0))
            else:
                out.append((AccumulateGrad(e), 0))
        return tuple(out)

    def register_hook(self, fn):
        """Call ``fn(grad)`` with the gradient of this node's output during backward."""
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(fn)
        self._observed = True
        return _tensor_mod.RemovableHandle(self._hooks, fn)

    def _check_versions(self, tensors, versions):
        for t, v in zip(tensors, versions):
            if v is not None and t._version[0] != v:
                raise _version_error(t, self.name(), t._version[0], v)


class AccumulateGrad:
    """Stand-in shown by ``next_functions`` for a leaf's gradient accumulator."""

    def __init__(self, variable):
        self.variable = variable
        self.next_functions = ()

    def name(self):
        return "AccumulateGrad"

    def __repr__(self):
        return f"<AccumulateGrad object at {hex(id(self))}>"


class Op(Node):
    """Base of minigrad's own differentiable ops.

    ``forward(ctx, *args)`` receives raw arrays in place of Tensors (other
    arguments unchanged) and returns one array; ``ctx.xp`` is the array module.
    ``backward(ctx, grad)`` returns one gradient per forward argument (None
    where there is none). It is written once with operators and
    ``ops._grad_ops`` helpers: the engine runs it on raw arrays normally, and
    on Tensors (recorded, so differentiable again) under ``create_graph=True``.
    Class flags: ``save_inputs`` keeps the input Tensors (``ctx.inputs``),
    ``save_output`` keeps the output (``ctx.output``), ``is_view`` marks an
    output that shares storage and version counter with the first input,
    ``broadcasting`` keeps the argument shapes (``ctx.shapes``) for sum_to.
    """

    save_inputs = False
    save_output = False
    is_view = False
    broadcasting = False
    raw_backward = True

    def view_fn(ctx, out_shape):
        """For ``is_view`` ops: a function taking the same view of an array or Tensor shaped like the input."""
        raise NotImplementedError  # backward accepts raw arrays (see the class docstring)

    @classmethod
    def apply(cls, *args):
        """Run the op on Tensors (and plain arguments), recording a node when needed."""
        Tensor = _Tensor
        dev = None
        requires = False
        raw = []
        append = raw.append
        for a in args:
            if isinstance(a, Tensor):
                d = a._device
                if dev is None:
                    dev = d
                elif d is not dev and d != dev:
                    return _tensor_mod.apply_across_devices(cls, args)  # raises unless 0-d CPU scalars
                if a._rg:
                    requires = True
                append(a._data)
            else:
                append(a)
        ctx = _new(cls)
        backend = dev.backend or dev._get_backend()
        ctx.xp = backend.xp
        return ctx._output(cls.forward(ctx, *raw), backend, dev, args, requires)

    # apply1 / apply2: the same as apply for the hot arities (one Tensor; a Tensor and a
    # Tensor or scalar), without the generic argument loop: per-op overhead decides how
    # fast small models train.
    @classmethod
    def apply1(cls, x):
        """apply for a single Tensor argument."""
        dev = x._device
        backend = dev.backend or dev._get_backend()
        ctx = _new(cls)
        ctx.xp = backend.xp
        return ctx._output(cls.forward(ctx, x._data), backend, dev, (x,), x._rg)

    @classmethod
    def apply2(cls, a, b):
        """apply for a Tensor ``a`` and a Tensor or Python scalar ``b``."""
        dev = a._device
        if b.__class__ is _Tensor or isinstance(b, _Tensor):
            if b._device is not dev and b._device != dev:
                return _tensor_mod.apply_across_devices(cls, (a, b))  # raises unless 0-d CPU scalars
            requires = a._rg or b._rg
            rb = b._data
        else:
            requires = a._rg
            rb = b
        backend = dev.backend or dev._get_backend()
        ctx = _new(cls)
        ctx.xp = backend.xp
        return ctx._output(cls.forward(ctx, a._data, rb), backend, dev, (a, b), requires)

    def _output(ctx, out, backend, dev, args, requires):
        """Wrap the forward result; record this node when a gradient will be needed."""
        if out.__class__ is not backend.array_type:
            out = backend.xp.asarray(out)  # NumPy returns scalars for 0-d results
        t = _new(_Tensor)
        t._data = out
        t._device = dev
        t._grad = None
        t._hooks = None
        if ctx.is_view:
            src = args[0]
            t._version = src._version
            fn = ctx.view_fn(out.shape)
            parent = src._view
            # (base, fn): in-place changes to this view are also recorded on its base
            t._view = (src, fn) if parent is None else (parent[0], _compose(parent[1], fn))
        else:
            t._version = [0]
        if requires and _state.enabled:
            Tensor = _Tensor
            edges = []
            versions = []
            shapes = []
            for a in args:  # one pass: edges to the inputs, and what backward may check or need
                if isinstance(a, Tensor):
                    edges.append((a._node or a) if a._rg else None)
                    versions.append(a._version[0])
                    shapes.append(a._data.shape)
                else:
                    edges.append(None)
                    versions.append(None)
                    shapes.append(())
            ctx.next = edges
            ctx._device = dev
            if ctx.save_inputs:
                ctx._saved = args
                ctx._saved_versions = versions
            if ctx.save_output:
                ctx._out = (out, dev)
                ctx._out_version = t._version
            if ctx.broadcasting:
                ctx.shapes = shapes
            t._node = ctx
            t._rg = True
        else:
            t._node = None
            t._rg = False
        return t

    @property
    def inputs(self):
        """The forward arguments (Tensors as given), checked against in-place changes."""
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(_FREED_MESSAGE)
        Tensor = _Tensor
        raw = _state.raw_backward
        out = []
        for a, v in zip(saved, self._saved_versions):
            if isinstance(a, Tensor):
                if a._version[0] != v:
                    raise _version_error(a, self.name(), a._version[0], v)
                out.append(a._data if raw else a)
            else:
                out.append(a)
        return out

    @property
    def output(self):
        """The forward output (an array, or a Tensor in the graph when differentiating backward)."""
        out = self._out
        if out is _FREED:
            raise RuntimeError(_FREED_MESSAGE)
        if self._out_version[0] != 0:
            t = _tensor_mod.wrap(out[0], out[1])
            raise _version_error(t, self.name(), self._out_version[0], 0)
        if _state.raw_backward:
            return out[0]
        t = _tensor_mod.wrap(out[0], out[1], self if _state.enabled else None)
        t._version = self._out_version
        return t

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError


def _compose(first, second):
    return lambda a: second(first(a))


class OutputPart(Node):
    """The node of one output of a multi-output user Function."""

    def __init__(self, parent, index, shape, dtype, device):
        self.next = (parent,)
        self.parent = parent
        self.index = index
        self.meta = (shape, dtype, device)
        self._device = device

    def name(self):
        return self.parent.name()


class FunctionCtx(Node):
    """The ``ctx`` methods of PyTorch's autograd.Function."""

    def save_for_backward(self, *tensors):
        """Keep tensors for backward; an in-place change to them before backward raises."""
        self._saved = tensors
        self._saved_versions = tuple([t._version[0] if t is not None else None for t in tensors])

    @property
    def saved_tensors(self):
        """The tensors given to save_for_backward."""
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(_FREED_MESSAGE)
        if saved is None:
            return ()
        self._check_versions([t for t in saved if t is not None],
                             [v for v in self._saved_versions if v is not None])
        return saved

    def mark_non_differentiable(self, *tensors):
        """Outputs listed here get no gradient."""
        self._non_diff = set(id(t) for t in tensors)

    def set_materialize_grads(self, value):
        """Whether missing output gradients reach backward as zeros (default) or None."""
        self._materialize = bool(value)

    def mark_dirty(self, *tensors):
        """Accepted for compatibility; minigrad records in-place changes by version."""


class Function(FunctionCtx):
    """Base for user-defined differentiable ops, as ``torch.autograd.Function``.

    Subclasses define ``forward(ctx, *args)`` and ``backward(ctx, *grads)`` as
    static methods and are called through ``apply``.
    """

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run forward without recording, then connect the outputs to one node."""
        Tensor = _tensor_mod.Tensor
        ctx = object.__new__(cls)
        ctx._non_diff = ()
        ctx._materialize = True
        ctx.xp = None
        ctx.next = tuple([(a._node or a) if isinstance(a, Tensor) and a._rg else None for a in args])
        prev = _state.enabled
        _state.enabled = False
        try:
            outs = cls.forward(ctx, *args, **kwargs)
        finally:
            _state.enabled = prev
        record = prev and any(ctx.needs_input_grad)
        single = not isinstance(outs, tuple)
        outs_t = (outs,) if single else outs
        tensor_outs = [o for o in outs_t if isinstance(o, Tensor)]
        results = []
        for o in outs_t:
            if not isinstance(o, Tensor):
                results.append(o)
                continue
            new = _tensor_mod.wrap(o._data, o._device)
            new._version = o._version
            if record and id(o) not in ctx._non_diff:
                if len(tensor_outs) == 1:
                    new._node = ctx
                else:
                    new._node = OutputPart(ctx, len(results), o._data.shape, o.dtype, o._device)
                new._rg = True
            results.append(new)
        ctx._n_outputs = len(outs_t)
        if tensor_outs:
            ctx._device = tensor_outs[0]._device
        ctx._out_meta = [(o._data.shape, o._data.dtype, o._device) if isinstance(o, Tensor) else None
                         for o in outs_t]
        return results[0] if single else tuple(results)

    def _zeros_for_output(self, i):
        shape, np_dtype, dev = self._out_meta[i]
        backend = dev.backend or dev._get_backend()
        return _tensor_mod.wrap(backend.xp.zeros(shape, np_dtype), dev)

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError("You must implement either the backward or vjp method for your "
                                  "custom autograd.Function to use it with backward mode AD.")
