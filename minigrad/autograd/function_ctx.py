"""What a user Function's ``ctx`` keeps and hands back: the tensors saved for backward (checked
against in-place changes, or packed by ``saved_tensors_hooks``), the outputs marked, and the
``OutputPart`` node of each output of a Function with several (also a split's, ``ops/pieces.py``).
``ctx`` is the Function's graph node (``function.py``)."""
from . import grad_mode
from .node import Node, PartGrads, FREED, FREED_MESSAGE, link, version_error, producer_name, output_of
from .. import tensor as _tensor_mod

_state = grad_mode.state


_PART_CLASSES = {}  # node name -> the OutputPart subclass of that name


class OutputPart(Node):
    """The node of one output of a multi-output user Function."""

    def __new__(cls, parent, index):
        # PyTorch shows one node for all the outputs, so ``type(out.grad_fn).__name__`` is its
        # name (``UnbindBackward0``): each name gets its own subclass, made once.
        if cls is OutputPart:
            name = parent.name()
            cls = _PART_CLASSES.get(name)
            if cls is None:
                cls = _PART_CLASSES[name] = type(name, (OutputPart,), {"__doc__": OutputPart.__doc__})
        return super().__new__(cls)

    def __init__(self, parent, index):
        self.next = (link(parent),)
        self.parent = parent
        self.index = index
        self.device = parent.device
        self.xp = parent.xp

    def name(self):
        return self.parent.name()

    @property
    def shared_node(self):
        """The Function's node, which users see as this output's grad_fn (see ``node.shown``)."""
        return self.parent

    @property
    def output_nr(self):
        """Which output of the Function this node stands for."""
        return self.index

    def __repr__(self):  # (as the shared node's: a user Function's names its module)
        return type(self.parent).__repr__(self)

    @property
    def next_functions(self):
        """The shared node's edges: PyTorch shows one node for all the outputs."""
        return self.parent.next_functions

    def run(self, m, g, release):
        slots = PartGrads([None] * self.parent.n_outputs)
        slots[self.index] = g
        return (slots,)


class FunctionCtx(Node):
    """The ``ctx`` methods of PyTorch's autograd.Function."""

    __module__ = "minigrad.autograd.function"  # (where PyTorch has it: torch.autograd.function.FunctionCtx)
    saved = None
    saved_versions = ()
    saved_outputs = None  # per saved tensor: its output index where forward returned it (else None)
    saved_for_forward = ()

    def save_for_backward(self, *tensors):
        """Keep tensors for backward; an in-place change to them before backward raises."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, _tensor_mod.Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {i} is of type "
                                f"{type(t).__name__}")
        self.saved = tensors
        self.saved_versions = tuple([t._version_counter[0] if t is not None else None for t in tensors])

    @property
    def saved_tensors(self):
        """The tensors given to save_for_backward."""
        saved = self.saved
        if saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if saved is None:
            return ()
        if saved.__class__ is _Packed:
            return saved.unpacked(self)
        outputs = self.saved_outputs
        for t, v, i in zip(saved, self.saved_versions, outputs or (None,) * len(saved)):
            if t is not None and t._version_counter[0] != v:
                raise version_error(t, t._version_counter[0], v,
                                    producer_name(t) if i is None else output_of(self, i))
        if outputs is not None and _state.enabled:  # (create_graph: outputs in the graph, see _saved_output)
            saved = tuple(t if i is None else self._saved_output(t, i) for t, i in zip(saved, outputs))
        return saved

    def _saved_output(self, t, i):
        """Saved output ``i`` as PyTorch unpacks it: the output in the graph, its grad_fn this node, so
        that a backward computed from it is differentiable again."""
        node = self if self.n_outputs == 1 else OutputPart(self, i)
        out = _tensor_mod.wrap(t._data, t._device, node)
        out._version_counter = t._version_counter
        return out

    def save_for_forward(self, *tensors):
        """Keep tensors for ``jvp`` (forward-mode AD), which reads them as ``saved_tensors``."""
        self.saved_for_forward = tensors

    def mark_non_differentiable(self, *tensors):
        """Outputs listed here get no gradient."""
        self.non_differentiable = set(id(t) for t in tensors)

    def set_materialize_grads(self, value):
        """Whether missing output gradients reach backward as zeros (default) or None."""
        self.materialize = bool(value)

    def mark_dirty(self, *tensors):
        """Tensors ``forward`` changed in place (and returns): ``apply`` returns them themselves, their
        history continued by this node, as PyTorch's."""
        self.dirty = {id(t) for t in tensors}


class _Packed:
    """A user Function's saved tensors under ``saved_tensors_hooks``: ``pack``'s results, in save
    order, when the node records; ``unpack`` runs at every read of ``saved_tensors`` and backward
    sees what it returns (as PyTorch, whose version checks then do not apply). ``pack`` gets the
    tensors saved, a saved output as ``apply`` returns it (in the graph)."""

    __slots__ = ("values", "unpack")

    def __init__(self, ctx, results, pack, unpack):
        positions = ctx.saved_outputs or (None,) * len(ctx.saved)
        self.values = tuple(None if t is None else pack(t if i is None else results[i])
                            for t, i in zip(ctx.saved, positions))
        self.unpack = unpack

    def unpacked(self, ctx):
        """The tensors ``unpack`` gives back (a saved output in the graph as ``_saved_output`` puts it)."""
        out = []
        for p, i in zip(self.values, ctx.saved_outputs or (None,) * len(self.values)):
            t = None if p is None else self.unpack(p)
            if p is not None and not isinstance(t, _tensor_mod.Tensor):
                raise TypeError(f"Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                                f"{type(t).__name__}")
            out.append(t if t is None or i is None or not _state.enabled else ctx._saved_output(t, i))
        return tuple(out)
