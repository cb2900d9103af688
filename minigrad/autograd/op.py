"""``Op``: minigrad's own differentiable ops, one small class holding both directions.

``Op.apply`` runs an op's forward on arrays and, when a gradient is needed, records the node
(this class's instance, the ``ctx``) with its edges and what its backward will read; ``Op.run``
checks those saved values against in-place changes and calls the backward formula.
"""
import sys

from . import fast_apply, grad_mode
from .fast_apply import _ONE_ARGUMENT
from .node import Node, FREED, FREED_MESSAGE, _new, accumulator, lend_requires_grad
from .views import register_view, view_of
from .saved_values import SavedValues, add_saved_attributes
from .input_dependence import tie_to_input
from .._errors import raise_for_allocation
from .. import tensor as _tensor_mod  # (partly imported here: used only at call time)

_state = grad_mode.state
_InferenceVersion = grad_mode.InferenceVersionCounter
_inference_blocks = 0  # open inference_mode blocks, kept current by grad_mode
grad_mode.read_inference_blocks(sys.modules[__name__])  # sets _inference_blocks (0 outside inference mode)
Tensor = None  # minigrad.Tensor, set by minigrad.tensor once the class exists
cross_device_apply = None  # Op.apply for Tensors on several devices, set by ops.device_transfer
pointwise_layout = None  # a pointwise result laid out as PyTorch's, set by ops.layout


class Op(SavedValues, Node):
    """Base of minigrad's own differentiable ops: one small class holding both directions.

    ``forward(ctx, *args)`` receives the arguments with raw arrays in place of
    Tensors (``ctx.xp`` is their array module, NumPy or CuPy) and returns one array.

    ``backward(ctx, m, g, *saved)`` returns one gradient per forward argument
    (None where there is none; a bare value for the first one alone). ``m`` is
    the namespace it computes with: backend arrays normally, recorded Tensor
    ops under ``create_graph=True`` (see ``autograd.namespace``); ``g`` and the
    saved values are of the same kind. When the op saves anything, ``saved`` is
    every forward argument (None at Tensor arguments not saved) followed by the
    output if ``saves_output``; otherwise backward takes only ``(ctx, m, g)``.

    What backward reads, declared once so that PyTorch's in-place checks hold:
    ``saves`` has one entry per forward argument, and ``saves_output`` one for
    the output: True (always saved), False (never), or the index of the
    argument whose gradient needs it (saved only when that gradient is needed,
    as PyTorch saves only what the needed formulas use). A saved tensor
    changed in place before backward raises PyTorch's error.

    ``broadcasting`` keeps the Tensor arguments' shapes in ``ctx.shapes`` (for
    ``m.sum_to``). ``pointwise`` marks an elementwise op whose result PyTorch lays out from its
    Tensor arguments' strides (``layout.pointwise_layout``, where the first is not row-major);
    ``number_inputs`` says whether its number arguments are inputs of PyTorch's kernel (``x * 2``),
    or options (``lerp``'s weight, ``x ** 2``'s exponent).
    ``is_view`` marks an output sharing storage and version
    counter with the first argument (``view_fn`` then rebuilds the view).
    """

    saves = ()
    saves_output = False
    renamed_when_seen = True
    broadcasting = False
    pointwise = False
    number_inputs = True
    is_view = False
    #: ``forward`` reads nothing from ``ctx`` but ``ctx.xp`` and writes nothing to it: when nothing is
    #: recorded, the fast path then passes the backend's shared ``forward_context`` (which takes no
    #: other attribute) rather than making a node.
    stateless_forward = False
    values = ()   # the saved values of the fast path (arrays), set when recorded
    checks = ()   # (version counter, expected version, argument index or -1 for the output)
    args = None   # the forward arguments, kept when a Tensor among them is saved
    #: Where PyTorch computes the first input's gradient with a backward function that reads the
    #: input (relu's ``threshold_backward``, the pools' ``*_backward``): that gradient requires grad
    #: through the input under ``create_graph``, with derivative zero (``input_dependence``). The
    #: name of PyTorch's node for it, or True for this node's name with ``BackwardBackward0``.
    input_gradient_node = None
    #: PyTorch's (exception class, message) for complex input to an op refusing it (``ops/_real_only``),
    #: where it is not the generic NotImplementedError
    complex_error = None

    @classmethod
    def apply(cls, *args):
        """Run the op on Tensors (and plain arguments), recording a node when a gradient is needed."""
        n = len(args)
        if n <= 3 and not cls.is_view:
            # Fast path, fenced: a Tensor, then up to two plain values or Tensors on its device
            # (unary and binary arithmetic, activations, linear layers: most ops of small models).
            # It does what the general path below does, without its loops; a test checks the two agree.
            x = args[0]
            if x.__class__ is Tensor or isinstance(x, Tensor):
                if n == 1:
                    return cls._apply_fast(x, _ONE_ARGUMENT)
                y = args[1]
                if y.__class__ is not Tensor and not isinstance(y, Tensor) or y._device is x._device:
                    if n == 2:
                        return cls._apply_fast(x, y)
                    z = args[2]
                    if z.__class__ is not Tensor and not isinstance(z, Tensor) or z._device is x._device:
                        return cls._apply_fast(x, y, z)
        elif cls.is_view and (args[0].__class__ is Tensor or isinstance(args[0], Tensor)):
            # Fast path, fenced: a view op (reshape, permute, unsqueeze...) takes a Tensor and then plain
            # values only, so there is nothing to gather; a test checks it agrees with the general path.
            return cls._apply_view(args[0], args)
        return cls._apply_any(args)

    @classmethod
    def _apply_any(cls, args):
        """``apply`` for any arguments: the general path."""
        raw = []
        needs = []  # needs_input_grad: whether each argument is a Tensor requiring grad
        dev = None
        for a in args:
            if a.__class__ is Tensor or isinstance(a, Tensor):
                if a._device is not dev:
                    if dev is None:
                        dev = a._device
                    elif a._device != dev:
                        return cross_device_apply(cls, args)  # raises unless 0-d CPU scalars
                needs.append(a._rg)
                raw.append(a._data)
            else:
                needs.append(False)
                raw.append(a)
        if dev is None:  # no Tensor among the arguments: PyTorch's TypeError for the input
            raise TypeError(f"{cls.op_name.lower()}(): argument 'input' (position 1) must be Tensor, "
                            f"not {type(args[0]).__name__}")
        ctx = _new(cls)
        backend = dev.backend or dev._get_backend()
        ctx.xp = backend.xp
        try:
            out = cls.forward(ctx, *raw)
        except (MemoryError, ValueError) as error:  # (PyTorch's RuntimeError where NumPy cannot allocate)
            raise_for_allocation(error)
        if out.__class__ is not backend.array_type:
            out = backend.xp.asarray(out)  # NumPy returns scalars for 0-d results
        elif cls.pointwise and out.ndim > 1:
            out = cls._laid_out(out, raw)
        t = _new(Tensor)
        t._data = out
        t._device = dev
        if ctx.is_view:
            ctx._share_storage(t, args[0], out)
        else:
            t._version_counter = _InferenceVersion((0,)) if _inference_blocks and _state.inference else [0]
        if True in needs and _state.enabled:
            ctx._record(t, args, raw, out, tuple(needs))
        else:
            t._node = None
            t._rg = False
            if ctx.is_view:
                if args[0]._rg and t._view[0]._rg:  # (outside grad mode, of a tensor whose root requires grad)
                    lend_requires_grad(t)
                if _state.enabled:  # (an in-place change through another view may put it in the graph)
                    register_view(t)
        return t

    @classmethod
    def _laid_out(cls, out, raw):
        """A pointwise op's result ``out`` (of more than one dimension) laid out as PyTorch's from the
        forward arguments ``raw`` (arrays in place of Tensors)."""
        for a in raw:  # (the first array argument decides, unless it is laid out as NumPy's result)
            if a.__class__ is out.__class__ and a.ndim:
                if a.shape != out.shape or a.strides != out.strides and (
                        not a.flags.c_contiguous or 1 in out.shape):  # (a view's size-1 strides)
                    return pointwise_layout(out, raw if cls.number_inputs else [
                        r for r in raw if r.__class__ is out.__class__])
                break
        return out

    # the fast paths (fast_apply.py), Op's own classmethods so that the profiler and saved-tensor
    # hooks can wrap them
    _apply_view = classmethod(fast_apply.apply_view)
    _apply_fast = classmethod(fast_apply.apply_fast)
    _apply_three = classmethod(fast_apply.apply_three)
    _three_plan = classmethod(fast_apply.three_plan)
    _fast_plan = classmethod(fast_apply.fast_plan)

    def _record(ctx, t, args, raw, out, needs=None):
        """Make ``ctx`` the grad_fn of ``t``: edges, needs_input_grad, and what backward reads
        (``needs``: needs_input_grad, worked out here when not given)."""
        if needs is None:
            needs = tuple(r is not a and a._rg for a, r in zip(args, raw))  # (raw: a Tensor argument's array)
        kept, out_slot, edge_positions, checked, dropped = ctx._plans.get(needs) or ctx._plan(needs)
        edges = [None] * len(needs)
        for i in edge_positions:
            a = args[i]
            edge = edges[i] = a._node or a._acc or accumulator(a)
            edge.uses += 1
        ctx.next = edges
        ctx.needs_input_grad = needs
        ctx.device = t._device
        if ctx.broadcasting:
            shapes = []
            for a in raw:
                shapes.append(a.shape if a.__class__ is out.__class__ else ())
            ctx.shapes = shapes
        if kept:  # (what backward reads, declared: see _keep_saved)
            ctx._keep_saved(t, args, raw, out, checked, dropped, out_slot)
        t._node = ctx
        t._rg = True
        if ctx.is_view:
            register_view(t)

    def _keep_saved(ctx, t, args, raw, out, checked, dropped, out_slot):
        """Keep what backward reads (``raw``, with None at the Tensor arguments ``dropped``) and,
        for the saved Tensors (of the arguments ``checked``), their versions to check against
        in-place changes; ``out_slot`` as ``_plan`` gives it."""
        checks = []
        for i in checked:
            a = args[i]
            if raw[i] is not a:  # a Tensor argument
                if a._version_counter.__class__ is _InferenceVersion:
                    raise RuntimeError(grad_mode.INFERENCE_SAVED)
                checks.append((a._version_counter, a._version_counter[0], i))
        for i in dropped:
            if raw[i] is not args[i]:
                raw[i] = None
        if checks:
            ctx.args = args  # for the error message, and the saved Tensors under create_graph
        if out_slot:
            raw.append(out)
            checks.append((t._version_counter, t._version_counter[0], -1))
        elif out_slot is False:
            raw.append(None)
        ctx.values = raw
        if checks:
            ctx.checks = checks

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        add_saved_attributes(cls)
        cls._plans = {}  # needs_input_grad -> what backward reads then (see _plan)
        cls._fast_plans = [None] * 4  # the same for _apply_fast (see _fast_plan)
        cls._three_plans = [None] * 8  # and for its three arguments (see _three_plan)
        # The class is named as PyTorch names its node type (``type(y.grad_fn).__name__`` is
        # ``MulBackward0``), set once here so that recording pays nothing; ``op_name`` keeps the
        # name the class was written with. Ops whose ``name()`` depends on the call keep the
        # default spelling of their first form.
        cls.op_name = cls.__dict__.get("op_name", cls.__name__)
        node_name = cls.torch_name if isinstance(cls.torch_name, str) else cls.op_name + "Backward0"
        cls.__name__ = cls.__qualname__ = node_name.rpartition("::")[2]

    def name(self):
        """The node's name as PyTorch prints it, e.g. ``MulBackward0``."""
        return self.torch_name or self.op_name + "Backward0"

    @classmethod
    def _plan(cls, needs):
        """What recording does when the gradients ``needs`` are wanted, worked out once per
        pattern: ``(kept, out_slot, edge_positions, checked, dropped)``.

        From ``saves`` and ``saves_output``: ``kept`` has one flag per argument (True: kept, and
        checked if a Tensor; False: a Tensor left out as None; None: not declared, kept as
        given), or is empty when the op saves nothing; ``out_slot`` is the output's (True: kept;
        False: a None in its place; None: no place). ``edge_positions`` are the arguments with
        an edge, ``checked`` and ``dropped`` those whose flag is True and False."""
        plan = cls._plans.get(needs)
        if plan is None:
            def kept(spec):
                return spec is True or (spec is not False and needs[spec])
            saves = cls.saves
            out = cls.saves_output
            if saves or out is not False:
                flags = tuple(kept(saves[i]) if i < len(saves) else None for i in range(len(needs)))
            else:
                flags = ()
            plan = cls._plans[needs] = (
                flags, None if out is False else kept(out), tuple(i for i, n in enumerate(needs) if n),
                tuple(i for i, f in enumerate(flags) if f is True), tuple(i for i, f in enumerate(flags) if f is False))
        return plan

    def _share_storage(ctx, t, src, out):
        """A view's output shares the version counter of its source; in-place changes of the
        view are also recorded on the base it was taken from (see ``ops._views``)."""
        t._version_counter = src._version_counter
        fn = ctx.view_fn(out.shape)
        t._view = (src, fn) if src._view is None and _state.enabled else view_of(src, fn)  # (a root's, inlined)

    def view_fn(ctx, out_shape):
        """For ``is_view`` ops: a function ``fn(a, m)`` taking the same view of an array or Tensor ``a``
        shaped like the input (``m``: the namespace of ``a``'s kind)."""
        raise NotImplementedError

    def run(ctx, m, g, release):
        """Check the saved values against in-place changes, then call ``backward``."""
        values = ctx.values
        records = m.records
        if not values and not records:
            return ctx.backward(ctx, m, g)
        if values is FREED:
            raise RuntimeError(FREED_MESSAGE)
        for counter, expected, i in ctx.checks:
            if counter[0] != expected:
                ctx._version_error(counter, expected, i)
        if records:
            return ctx._run_recorded(m, g, values, release)
        if release:
            ctx.values = FREED
            ctx.args = None
        return ctx.backward(ctx, m, g, *values)

    def _run_recorded(ctx, m, g, values, release):
        """``run`` under create_graph, the saved values checked: backward on the saved values as
        Tensors in the graph; the first input's gradient tied to that input where PyTorch's
        formula reads it (``input_gradient_node``)."""
        if values:
            values = ctx._in_graph_saved(values)
            if release:
                ctx.values = FREED
                ctx.args = None
        results = ctx.backward(ctx, m, g, *values)
        if ctx.input_gradient_node is None:
            return results
        if results.__class__ is tuple:
            return (tie_to_input(ctx, results[0], g),) + results[1:]
        return tie_to_input(ctx, results, g)

    def _in_graph_saved(ctx, values):
        """The saved values as Tensors in the graph (for create_graph): the inputs as given,
        the output as a Tensor whose grad_fn is this node."""
        args = ctx.args
        n = len(values) - 1 if ctx.saves_output is not False else len(values)
        out = list(values[:n]) if args is None else [a if v is not None else None for a, v in zip(args, values)]
        if len(values) > n:
            y = values[-1]
            if y is not None:
                y = _tensor_mod.wrap(y, ctx.device, ctx if _state.enabled else None)
                checks = ctx.checks
                if checks and checks[-1][2] == -1:  # (else packed by saved-tensor hooks: unchecked, as PyTorch's)
                    y._version_counter = checks[-1][0]
            out.append(y)
        return out

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, m, g, *saved):
        raise NotImplementedError
