"""``minigrad.autograd.graph``: hooks on what the graph saves for backward, and its edges, as
``torch.autograd.graph``.

``saved_tensors_hooks(pack_hook, unpack_hook)``: inside the block, every value an op saves for
its backward formula is handed to ``pack_hook`` (as a Tensor) when the op records, and what it
returned to ``unpack_hook`` when backward needs it; the formula computes with the Tensor
``unpack_hook`` returns. The values are those an op declares it saves (its ``saves``), so the
number of packed tensors may differ from PyTorch's where an op saves other values than
PyTorch's does. While hooks are active (or anomaly mode is on, which keeps each node's forward
traceback), Op's two recording paths are wrapped (restored after the outermost block), so code
outside a block pays nothing. A value packed by hooks is not checked against in-place changes:
``unpack_hook``'s result is used as it is, as PyTorch's. ``allow_mutation_on_saved_tensors`` is
such a block whose in-place changes clone the saved tensors they would alter first.
"""
import collections
import contextlib
import re
import types
import weakref

from . import anomaly_mode, grad_mode
from .node import FREED, Node, accumulator, current_run, shown
from .op import Op
from .. import tensor as _tensor_mod

__all__ = ["GradientEdge", "Node", "allow_mutation_on_saved_tensors", "disable_saved_tensors_hooks",
           "get_gradient_edge", "increment_version", "save_on_cpu", "saved_tensors_hooks"]

_hooks = []          # the (pack, unpack, collect) of the open blocks, innermost last
_disabled = []       # the messages of the open disable_saved_tensors_hooks blocks
_originals = {}


def _pack_saved(ctx, pack, unpack, indices=None, output=None):
    """Hand ``ctx``'s saved values (those at ``indices``, by default all) to ``pack``; make its
    ``run`` unpack them first. As PyTorch's, ``pack`` sees the Tensors the op saved: its Tensor
    arguments themselves and its ``output`` (by default a Tensor of the output's value made here).

    A saved input that is not a leaf is then held by the node only as its graph edge (its
    grad_fn and version counter, as PyTorch's SavedVariable): the Tensor and its array can be
    freed until backward, where the unpacked value is put back on that edge."""
    values = ctx.values
    if not values or values is FREED:
        return
    args = getattr(ctx, "args", None)
    packed = ctx.__dict__.get("packed")
    for i in _packing_order(ctx, len(values)) if indices is None else indices:
        v = values[i]
        if v is not None and hasattr(v, "shape") and hasattr(v, "dtype"):
            if packed is None:
                packed = ctx.packed = {}
                inner = current_run(ctx)
                ctx.run = types.MethodType(_unpacking_run(inner), ctx)
            a = args[i] if args is not None and i < len(args) else None
            packed[i] = (_packed_by(pack, _saved_tensor(ctx, i, v, a, output)), unpack)
            values[i] = None
            if isinstance(a, _tensor_mod.Tensor) and a._node is not None:
                args = ctx.args = list(args)
                args[i] = _SavedEdge(a)
            # (what unpack returns is used as it is, as PyTorch's: no in-place check of the value)
            position = -1 if ctx.saves_output is not False and i == len(values) - 1 else i
            ctx.checks = [c for c in ctx.checks if c[2] != position]


def _packing_order(ctx, n):
    """The indices of ``ctx``'s ``n`` saved values in the order PyTorch packs them: its generated
    nodes save their inputs sorted by name (``mul`` packs ``other`` before ``self``), then the
    output. An op's PyTorch names are known where it declares ``saved_names``, and are the
    default ``self, other`` for the broadcasting ops; any other op packs in argument order."""
    names = ctx.saved_names
    if names is Op.saved_names and not ctx.broadcasting:
        return range(n)
    inputs = n - 1 if ctx.saves_output is not False else n
    order = sorted(range(inputs), key=lambda i: names[i] if i < len(names) else f"~{i:04}")
    return order + list(range(inputs, n))


def _saved_tensor(ctx, i, value, arg, output):
    """The Tensor ``pack`` sees for saved value ``i`` of ``ctx`` (the array ``value``): the argument
    ``arg`` itself, or the op's output."""
    if isinstance(arg, _tensor_mod.Tensor):
        return arg
    if ctx.saves_output is not False and i == len(ctx.values) - 1:
        return output if output is not None else _tensor_mod.wrap(value, ctx.device, ctx)
    return _tensor_mod.wrap(value, ctx.device)


def _packed_by(pack, t):
    """``pack(t)`` with the saved-tensor hooks off, as PyTorch runs it: what its own ops save is
    not packed."""
    held = _hooks[:]
    del _hooks[:]
    try:
        return pack(t)
    finally:
        _hooks[:] = held


class _SavedEdge:
    """A packed non-leaf input's place in ``ctx.args``: what rebuilds it around an unpacked value."""

    __slots__ = ("node", "version", "device")

    def __init__(self, t):
        self.node, self.version, self.device = t._node, t._version_counter, t._device

    def rebuilt(self, data):
        t = _tensor_mod.wrap(data, self.device, self.node)
        t._version_counter = self.version
        return t


def _unpacking_run(inner):
    """A node's ``run`` that unpacks its packed values (``ctx.packed``: index -> (packed value, its
    unpack hook)) for ``inner`` (the run it replaces), then drops them again."""
    def run(ctx, m, g, release):
        values = ctx.values
        args = getattr(ctx, "args", None)
        packed = ctx.packed
        if values is not FREED:
            for i, (p, unpack) in packed.items():
                values[i] = _unpacked_data(unpack, p)
                if args is not None and i < len(args) and args[i].__class__ is _SavedEdge:
                    args[i] = args[i].rebuilt(values[i])
        try:
            return inner(ctx, m, g, release)
        except ValueError as error:  # (an unpacked value of another shape, met by the formula's arrays)
            raise _as_broadcast_error(error) from None
        finally:
            if ctx.values is not FREED:
                for i in packed:
                    ctx.values[i] = None
                    if args is not None and i < len(args) and isinstance(args[i], _tensor_mod.Tensor) \
                            and args[i]._node is not None:
                        args[i] = _SavedEdge(args[i])
    return run


def _as_broadcast_error(error):
    """PyTorch's RuntimeError for NumPy's ValueError of operands that do not broadcast (as a formula
    on Tensors raises it); any other error as it is."""
    found = _NUMPY_BROADCAST.search(str(error))
    if found is None:
        return error
    from ..ops._broadcast_shapes import broadcast_shapes  # (the ops import autograd)
    shapes = [tuple(int(n) for n in s.split(",") if n.strip()) for s in re.findall(r"\(([\d, ]*)\)", found[1])]
    try:
        broadcast_shapes(*shapes)
    except RuntimeError as torch_error:
        return torch_error
    return error


_NUMPY_BROADCAST = re.compile(r"operands could not be broadcast together with shapes ((?:\([\d, ]*\) ?)+)")


def _unpacked(unpack, packed):
    t = unpack(packed)
    if not isinstance(t, _tensor_mod.Tensor):
        raise TypeError(f"Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                        f"{type(t).__name__}")
    return t


def _unpacked_data(unpack, packed):
    return _unpacked(unpack, packed)._data


class SavedTensor:
    """A value a node saved for backward, as ``grad_fn._raw_saved_<name>`` gives it (PyTorch's
    ``torch._C._autograd.SavedTensor``): ``register_hooks(pack_hook, unpack_hook)`` packs it now,
    and backward (or ``_saved_<name>``) reads what ``unpack_hook`` makes of the packed value."""

    def __init__(self, node, index):
        self._node, self._index = node, index  # (index None: the node's output, last of its values)

    def register_hooks(self, pack_hook, unpack_hook):
        """Pack the saved value with ``pack_hook`` now; unpack it with ``unpack_hook`` where it is read."""
        node = self._node
        values = node.__dict__.get("values", ())
        if values is FREED:
            raise RuntimeError("Calling register_hooks on a saved tensor after it has been freed. Saved intermediate "
                               "values of the graph are freed when you call .backward() or autograd.grad(). Specify "
                               "retain_graph=True if you need to backward through the graph a second time or if you "
                               "need to access saved variables after calling backward.")
        i = len(values) - 1 if self._index is None else self._index
        if i in (node.__dict__.get("packed") or ()):
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: only "
                               "one pair of hooks is allowed at a time.")
        if not 0 <= i < len(values) or values[i] is None:
            raise RuntimeError("Calling register_hooks on a saved tensor with value None is forbidden")
        _pack_saved(node, pack_hook, unpack_hook, (i,))


def _recording(original):
    def entry(cls, *args):
        out = original(cls, *args)
        node = out._node if hasattr(out, "_node") else None
        if isinstance(node, Op):
            if _hooks:
                pack, unpack, _ = _hooks[-1]
                _pack_saved(node, pack, unpack, output=out)
                for _, _, collect in _hooks:
                    if collect is not None:
                        collect(node)
            if anomaly_mode.is_anomaly_enabled():
                node.forward_trace = anomaly_mode.forward_trace()
        return out
    return classmethod(entry)


def _sync_recording():
    """Wrap Op's two recording paths while saved-tensor hooks are open or anomaly mode is on (which
    keeps each node's forward traceback); restore them otherwise, so that code pays nothing then."""
    needed = bool(_hooks) or anomaly_mode.is_anomaly_enabled()
    if needed and not _originals:
        _originals.update(_apply_fast=Op.__dict__["_apply_fast"], _apply_any=Op.__dict__["_apply_any"])
        Op._apply_fast = _recording(_originals["_apply_fast"].__func__)
        Op._apply_any = _recording(_originals["_apply_any"].__func__)
    elif not needed and _originals:
        for name, value in _originals.items():
            setattr(Op, name, value)
        _originals.clear()


class saved_tensors_hooks:
    """Within the block, pass the values saved for backward through ``pack_hook`` and, when
    backward reads them, ``unpack_hook`` (see the module doc)."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook
        self._collect = None  # (internal: called with every node recorded within the block)

    def __enter__(self):
        if _disabled:
            raise RuntimeError(_disabled[-1])
        _hooks.append((self.pack_hook, self.unpack_hook, self._collect))
        _sync_recording()
        return self

    def __exit__(self, *exc):
        _hooks.pop()
        _sync_recording()
        return False


class save_on_cpu(saved_tensors_hooks):
    """Keep saved values on the CPU (copied back to their device when backward reads them)."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack(t):
            return t.device, t.cpu()

        def unpack(packed):
            device, t = packed
            return t.to(device)
        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Within the block, entering ``saved_tensors_hooks`` raises RuntimeError(``error_message``)."""

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        _disabled.append(self.error_message)
        return self

    def __exit__(self, *exc):
        _disabled.pop()
        return False


GradientEdge = collections.namedtuple("GradientEdge", ["node", "output_nr"])
GradientEdge.__doc__ = "The node a tensor's gradient flows into, and which of its outputs the tensor is."


def get_gradient_edge(tensor):
    """``GradientEdge(node, output_nr)`` of ``tensor``: its grad_fn (a leaf's AccumulateGrad)."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require "
                           "gradients")
    node = tensor._node
    if node is None:
        node = tensor._acc or accumulator(tensor)
    return GradientEdge(*shown(node))


def increment_version(tensor):
    """Mark ``tensor`` as changed in place (its version counter goes up by one)."""
    tensors = tensor if isinstance(tensor, (list, tuple)) else (tensor,)
    for t in tensors:
        t._version_counter[0] += 1


class _Handle:
    """What ``allow_mutation_on_saved_tensors`` packs in place of a saved tensor."""


class _AllowMutationOnSavedContext:
    """The state of an ``allow_mutation_on_saved_tensors`` block, as PyTorch's: the saved tensors
    (``original``), the clones made before a change (``cloned``), by handle; the handles by tensor
    (id, address, version) and those tensors by storage (address, version)."""

    def __init__(self):
        self.cloned = weakref.WeakKeyDictionary()
        self.original = weakref.WeakKeyDictionary()
        self.tid_to_weakhandle = weakref.WeakValueDictionary()
        self.sid_to_tid = collections.defaultdict(set)

    def clear(self):
        """Forget every saved tensor and clone."""
        self.cloned.clear()
        self.original.clear()
        self.tid_to_weakhandle.clear()
        self.sid_to_tid.clear()


_OUTSIDE_MUTATION_CONTEXT = ("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context"
                             "in which the graph was originally recorded.")


def _swap_with_cloned(ctx):
    """The saved-tensor hooks of the block: a handle packed per saved tensor, unpacked to its clone
    where it was changed in place since."""
    def pack_hook(t):
        ptr = t.data_ptr()
        tid, sid = (id(t), ptr, t._version), (ptr, t._version)
        ctx.sid_to_tid[sid].add(tid)
        handle = ctx.tid_to_weakhandle.get(tid)
        if handle is None:  # (the same tensor, at the same version, may be saved several times)
            handle = ctx.tid_to_weakhandle[tid] = _Handle()
            ctx.original[handle] = t
        return handle

    def unpack_hook(handle):
        if not grad_mode.mutation_watchers or handle not in ctx.cloned and handle not in ctx.original:
            raise AssertionError(_OUTSIDE_MUTATION_CONTEXT)
        return ctx.cloned[handle] if handle in ctx.cloned else ctx.original[handle]
    return saved_tensors_hooks(pack_hook, unpack_hook)


def _clone_before_mutation(ctx):
    """What runs before an in-place change of ``t`` in the block: the saved tensors of its storage
    and version are cloned first, so that backward reads their values from before the change."""
    def watch(t):
        for tid in ctx.sid_to_tid.get((t.data_ptr(), t._version), ()):
            handle = ctx.tid_to_weakhandle.get(tid)
            if handle is None or handle in ctx.cloned:  # (freed by a backward pass since, or cloned)
                continue
            ctx.cloned[handle] = ctx.original.pop(handle).clone()
    return watch


@contextlib.contextmanager
def allow_mutation_on_saved_tensors():
    """Within the block, a tensor saved for backward may be changed in place: it is cloned before
    the change, and backward reads the clone. Forward and backward run within the same block; yields
    its state (cleared at the exit)."""
    if grad_mode.mutation_watchers:
        raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
    ctx = _AllowMutationOnSavedContext()
    with _swap_with_cloned(ctx):
        grad_mode.mutation_watchers.append(_clone_before_mutation(ctx))
        try:
            yield ctx
        finally:
            ctx.clear()
            grad_mode.mutation_watchers.clear()
