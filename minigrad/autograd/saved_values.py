"""What a recorded node shows of the values its backward reads, as PyTorch's nodes show them:
``grad_fn._saved_<name>`` (a forward argument, the output as ``_saved_result``, or one of the op's
``saved_fields``, read only when asked), ``_raw_saved_<name>`` (the saved Tensor as a ``SavedTensor``),
``dir(grad_fn)``, and PyTorch's error for a saved value changed in place.
"""
from . import grad_mode
from .node import FREED, FREED_MESSAGE, producer_name, version_error
from .. import tensor as _tensor_mod  # (partly imported here: used only at call time)

_state = grad_mode.state
ABSENT = object()  # (a saved field that PyTorch's node of this call lacks: see SavedValues.saved_fields)


class SavedValues:
    """The part of ``Op`` that shows a node's saved values (a base class of ``Op``)."""

    #: PyTorch's names of the saved forward arguments, by position (``grad_fn._saved_self`` ...)
    saved_names = ("self", "other")
    #: PyTorch's other saved values (``_saved_dim``, ``_saved_self_sym_sizes`` ...): name -> a function
    #: of the node reading the value from what the node keeps anyway, or returning ``ABSENT`` where
    #: PyTorch's node of this call has no such value. Read only when asked: recording pays nothing.
    saved_fields = {}
    #: Whether a node that a call renames (an instance ``torch_name``: another op's node in PyTorch's
    #: graph, as ``var_mean``'s mean) still shows ``saved_fields``: only where the class names its own forms.
    fields_when_renamed = False

    #: Where ``saved_names`` is a property (its names depend on the node PyTorch shows): every name it
    #: may give, so that each ``grad_fn._saved_<name>`` exists (see ``add_saved_attributes``).
    saved_name_forms = ()

    def __dir__(ctx):
        # PyTorch lists a node's saved values among its attributes: ``dir(grad_fn)`` is how one
        # finds what a node saved (they are listed after backward too, where reading them raises)
        fields = ctx._fields()
        saved = [f"_saved_{n}" for n, kept in zip(ctx.saved_names, ctx.saves[:ctx._argument_count_shown()])
                 if kept is not False and n not in fields]
        if ctx._has_saved_result():
            saved.append("_saved_result")
        saved += [f"_saved_{n}" for n, read in fields.items() if ctx._field_shown(read)]
        return sorted({n for n in super().__dir__() if not n.startswith(_SAVED_PREFIXES)}.union(saved))

    def _fields(ctx):
        """The ``saved_fields`` this node shows (none where a call renamed it, unless ``fields_when_renamed``)."""
        if "torch_name" in ctx.__dict__ and not ctx.fields_when_renamed:
            return {}
        return ctx.saved_fields

    def _field_shown(ctx, read):
        """Whether this node shows the saved field that ``read`` reads (after backward too)."""
        try:
            return read(ctx) is not ABSENT
        except RuntimeError:  # (a saved Tensor freed by backward: still listed, as PyTorch's)
            return True
        except AttributeError:  # (what it reads was not kept for this call)
            return False

    def _has_saved_result(ctx):
        """Whether PyTorch's node of this op has a ``_saved_result``: where the op may keep its output,
        unless that output packs several (``ops.multi_output``), which PyTorch's node saves by their names."""
        return ctx.saves_output is not False and not ctx.__dict__.get("packs_outputs")

    def _argument_count_shown(ctx):
        """How many of the forward arguments PyTorch's node may show as saved (all, unless the op's
        last arguments are its own bookkeeping)."""
        return len(ctx.saves)

    def _read_saved(ctx, name):
        """The value this node saved as PyTorch's ``_saved_<name>``: one of its ``saved_fields``, a
        forward argument (the Tensor itself, or a number; None where not saved) or, as ``result``,
        the output (a new Tensor)."""
        read = ctx._fields().get(name)
        if read is not None:
            value = read(ctx)
            if value is not ABSENT:
                return value
            raise AttributeError(f"'{ctx.name()}' object has no attribute '_saved_{name}'")
        return ctx._read_argument(name)

    def _read_argument(ctx, name):
        """``_read_saved`` of a forward argument or of the output (``result``)."""
        is_result = name == "result" and ctx._has_saved_result()
        i = ctx.saved_names.index(name) if name in ctx.saved_names else len(ctx.saves)
        if not is_result and (i >= ctx._argument_count_shown() or ctx.saves[i] is False):
            raise AttributeError(f"'{ctx.name()}' object has no attribute '_saved_{name}'")
        values = ctx.__dict__.get("values", ())
        if values is FREED:
            raise RuntimeError(FREED_MESSAGE)
        for counter, expected, position in ctx.checks:  # (changed in place since: PyTorch's error)
            if counter[0] != expected:
                ctx._version_error(counter, expected, position)
        packed = ctx.__dict__.get("packed")
        at = len(values) - 1 if is_result else i
        if packed and at in packed:  # (packed by saved-tensor hooks: unpacked at each read, as PyTorch's)
            from .graph import _unpacked  # (graph imports this module)
            p, unpack = packed[at]
            t = _unpacked(unpack, p)
            if is_result:
                return _tensor_mod.wrap(t._data, ctx.device, ctx if _state.enabled else None)
            arg = ctx.args[i] if ctx.__dict__.get("args") is not None else None
            return arg.rebuilt(t._data) if hasattr(arg, "rebuilt") else t
        if is_result:  # (the output again, a new Tensor in the graph as this node's output)
            out = values[-1] if values else None
            return None if out is None else _tensor_mod.wrap(out, ctx.device, ctx if _state.enabled else None)
        value = values[i] if i < len(values) else None
        args = ctx.__dict__.get("args")
        if value is not None and args is not None and isinstance(args[i], _tensor_mod.Tensor):
            return args[i]
        if value is not None and hasattr(value, "dtype") and hasattr(value, "shape"):
            return _tensor_mod.wrap(ctx.xp.asarray(value), ctx.device)  # (a number saved as a 0-d array)
        return value

    def _raw_saved(ctx, name):
        """PyTorch's ``_raw_saved_<name>``: the saved Tensor ``name`` as a ``graph.SavedTensor`` (one
        object per name), on which ``register_hooks`` packs it."""
        from .graph import SavedTensor  # (graph imports this module)
        is_result = name == "result" and ctx._has_saved_result()
        i = ctx.saved_names.index(name) if name in ctx.saved_names else len(ctx.saves)
        args = ctx.__dict__.get("args")
        if not is_result and (i >= ctx._argument_count_shown() or ctx.saves[i] is False or args is not None
                              and i < len(args)
                              and not (isinstance(args[i], _tensor_mod.Tensor) or hasattr(args[i], "rebuilt"))):
            raise AttributeError(f"'{ctx.name()}' object has no attribute '_raw_saved_{name}'")
        kept = ctx.__dict__.setdefault("raw_saved", {})
        if name not in kept:
            kept[name] = SavedTensor(ctx, None if is_result else i)
        return kept[name]

    def _version_error(ctx, counter, expected, i):
        """Raise PyTorch's error for saved value ``i`` (-1: the output) changed in place."""
        if i < 0:  # the output: PyTorch names this node as its producer
            out = _tensor_mod.wrap(ctx.values[-1], ctx.device)
            name = ctx.name()
            name = name[:-9] if name.endswith("Backward0") else name.replace("Backward", "")
            raise version_error(out, counter[0], expected, f", which is output 0 of {name}")
        t = ctx.args[i]
        raise version_error(t, counter[0], expected, producer_name(t))


# ``grad_fn._saved_<name>`` and ``_raw_saved_<name>`` are properties of ``SavedValues``, so of every ``Op``, one per name that some
# op saves under, added as the op classes are defined. A ``__getattr__`` catching those names would be
# simpler, but any ``__getattr__`` makes CPython 3.11 give up specialising every attribute read on
# every node (``ctx.next``, ``node.uses``, ``ctx.backward``...): 3% of a training step of the tiny MLP.
_SAVED_PREFIXES = ("_saved_", "_raw_saved_")


def add_saved_attributes(cls):
    """Give ``SavedValues`` (so every ``Op``) the ``_saved_<name>`` and ``_raw_saved_<name>`` properties of the names ``cls``
    saves under (its ``saved_names``, ``saved_name_forms`` and ``saved_fields``, and ``result``);
    where a node of ``cls`` has no such value, reading it raises PyTorch's AttributeError."""
    names = cls.saved_names if isinstance(cls.saved_names, tuple) else ()
    for name in (*names, *cls.saved_name_forms, *cls.saved_fields, "result"):
        if "_saved_" + name not in SavedValues.__dict__:
            setattr(SavedValues, "_saved_" + name, property(lambda ctx, name=name: ctx._read_saved(name),
                                                   doc=f"PyTorch's saved value ``{name}`` of this node."))
            setattr(SavedValues, "_raw_saved_" + name, property(lambda ctx, name=name: ctx._raw_saved(name),
                                                       doc=f"The saved Tensor ``{name}`` as a ``SavedTensor``."))


add_saved_attributes(SavedValues)
