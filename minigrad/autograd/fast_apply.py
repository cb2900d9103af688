"""``Op.apply``'s fast paths, fenced beside its general path (``op.py``: ``_apply_any`` and
``_record``): a view op on a Tensor and plain values, and an op of one to three arguments, a Tensor
then plain values or Tensors on its device (arithmetic, activations, linear layers: most ops of small
models). Each does what the general path does for its case, without its loops, and records the same
node; tests in ``tests/autograd/test_op_design.py`` check that the two agree. ``Op`` holds these
functions as its classmethods (``Op._apply_fast`` ...), which the profiler and saved-tensor hooks
wrap."""
import sys

from . import grad_mode
from .node import _new, accumulator, lend_requires_grad
from .views import register_view
from .._errors import raise_for_allocation

_state = grad_mode.state
_InferenceVersion = grad_mode.InferenceVersionCounter
_inference_blocks = 0  # open inference_mode blocks, kept current by grad_mode
grad_mode.read_inference_blocks(sys.modules[__name__])  # sets _inference_blocks (0 outside inference mode)
Tensor = None  # minigrad.Tensor, set by minigrad.tensor once the class exists
pointwise_layout = None  # a pointwise result laid out as PyTorch's, set by ops.layout
_ONE_ARGUMENT = object()  # (Op._apply_fast called for a single argument)
_TWO_ARGUMENTS = object()  # (Op._apply_fast called without a third argument)
_NEEDED = (True,)  # needs_input_grad of a recorded one-argument op


def apply_view(cls, x, args):
    """``apply`` of a view op to the Tensor ``x`` (``args[0]``, the others plain values):
    ``_apply_any``'s steps for that case alone."""
    dev = x._device
    backend = dev.backend or dev._get_backend()
    ctx = _new(cls)
    ctx.xp = backend.xp
    try:
        out = cls.forward(ctx, x._data, *args[1:])
    except (MemoryError, ValueError) as error:  # (as in _apply_any)
        raise_for_allocation(error)
    if out.__class__ is not backend.array_type:
        out = backend.xp.asarray(out)
    t = _new(Tensor)
    t._data = out
    t._device = dev
    if not ctx.is_view:  # (a reshape that had to copy)
        t._version_counter = _InferenceVersion((0,)) if _inference_blocks and _state.inference else [0]
    else:
        ctx._share_storage(t, x, out)
    if x._rg and _state.enabled:
        ctx._record(t, args, [x._data, *args[1:]], out, (True,) + (False,) * (len(args) - 1))
        return t
    t._node = None
    t._rg = False
    if ctx.is_view:
        if x._rg and t._view[0]._rg:  # (outside grad mode, of a tensor whose root requires grad)
            lend_requires_grad(t)
        if _state.enabled:  # (an in-place change through another view may put it in the graph)
            register_view(t)
    return t


def apply_fast(cls, x, y, z=_TWO_ARGUMENTS):
    """``apply(x, y)`` for a Tensor ``x`` and a plain value or same-device Tensor ``y``
    (``apply(x)`` when ``y`` is ``_ONE_ARGUMENT``, ``apply(x, y, z)`` given ``z``, a plain value
    or same-device Tensor too): the fast path."""
    if z is not _TWO_ARGUMENTS:
        return cls._apply_three(x, y, z)
    dev = x._device
    backend = dev.backend or dev._get_backend()
    rx = x._data
    nx = x._rg
    one = y is _ONE_ARGUMENT
    if one:
        ny = False
    else:
        ry = y._data if y.__class__ is Tensor or isinstance(y, Tensor) else y
        ny = ry is not y and y._rg
    recording = (nx or ny) and _state.enabled
    if recording or not cls.stateless_forward:
        ctx = _new(cls)
        ctx.xp = backend.xp
    else:
        ctx = backend.forward_context  # (nothing recorded: no node to make)
    try:
        out = cls.forward(ctx, rx) if one else cls.forward(ctx, rx, ry)
    except (MemoryError, ValueError) as error:  # (as in _apply_any)
        raise_for_allocation(error)
    if out.__class__ is not backend.array_type:
        out = backend.xp.asarray(out)  # NumPy returns scalars for 0-d results
    elif cls.pointwise and out.ndim > 1 and (not rx.flags.c_contiguous
                                             or not one and ry is not y and not ry.flags.c_contiguous):
        # (NumPy's layout is PyTorch's where the operands are row-major, and for a vector always)
        out = pointwise_layout(out, (rx,) if one or ry is y and not cls.number_inputs else (rx, ry))
    t = _new(Tensor)
    t._data = out
    t._device = dev
    t._version_counter = _InferenceVersion((0,)) if _inference_blocks and _state.inference else [0]
    if not recording:
        t._node = None
        t._rg = False
        return t
    # what _record does, for one or two arguments, with the class's flags read once per pattern
    k = 0 if one else nx + 2 * ny
    needs, broadcasting, saving, keep_x, keep_y, out_slot = cls._fast_plans[k] or cls._fast_plan(k)
    if nx:
        ex = x._node or x._acc or accumulator(x)
        ex.uses += 1
    else:
        ex = None
    if one:
        ctx.next = (ex,)
    else:
        if ny:
            ey = y._node or y._acc or accumulator(y)
            ey.uses += 1
        else:
            ey = None
        ctx.next = (ex, ey)
    ctx.needs_input_grad = needs
    ctx.device = dev
    if broadcasting:
        ctx.shapes = (rx.shape,) if one else (rx.shape, ry.shape if ry is not y else ())
    if saving:  # (what _keep_saved keeps; the checks built as one tuple, in _keep_saved's order)
        checks = ()
        if keep_x:
            counter = x._version_counter
            if counter.__class__ is _InferenceVersion:
                raise RuntimeError(grad_mode.INFERENCE_SAVED)
            checks = ((counter, counter[0], 0),)
        elif keep_x is False:
            rx = None
        if one:
            values = [rx]
        else:
            if ry is not y:
                if keep_y:
                    counter = y._version_counter
                    if counter.__class__ is _InferenceVersion:
                        raise RuntimeError(grad_mode.INFERENCE_SAVED)
                    checks += ((counter, counter[0], 1),)
                elif keep_y is False:
                    ry = None
            values = [rx, ry]
        if checks:
            ctx.args = (x,) if one else (x, y)
        if out_slot:
            values.append(out)
            checks += ((t._version_counter, 0, -1),)
        elif out_slot is False:
            values.append(None)
        ctx.values = values
        if checks:
            ctx.checks = checks
    t._node = ctx
    t._rg = True
    return t


def apply_three(cls, x, y, z):
    """``_apply_fast(x, y, z)``, through which alone it is called (the profiler and saved-tensor
    hooks wrap that): ``_apply_any``'s steps for a Tensor ``x`` and two plain values or Tensors
    on its device, with what is recorded planned once per pattern (``_three_plan``)."""
    dev = x._device
    backend = dev.backend or dev._get_backend()
    rx = x._data
    ry = y._data if y.__class__ is Tensor or isinstance(y, Tensor) else y
    rz = z._data if z.__class__ is Tensor or isinstance(z, Tensor) else z
    ctx = _new(cls)
    ctx.xp = backend.xp
    try:
        out = cls.forward(ctx, rx, ry, rz)
    except (MemoryError, ValueError) as error:  # (as in _apply_any)
        raise_for_allocation(error)
    if out.__class__ is not backend.array_type:
        out = backend.xp.asarray(out)  # NumPy returns scalars for 0-d results
    elif cls.pointwise and out.ndim > 1:
        out = cls._laid_out(out, (rx, ry, rz))
    t = _new(Tensor)
    t._data = out
    t._device = dev
    t._version_counter = _InferenceVersion((0,)) if _inference_blocks and _state.inference else [0]
    k = x._rg + 2 * (ry is not y and y._rg) + 4 * (rz is not z and z._rg)
    if not k or not _state.enabled:
        t._node = None
        t._rg = False
        return t
    # what _record does, the edges unrolled
    needs, broadcasting, saving, checked, dropped, out_slot = cls._three_plans[k] or cls._three_plan(k)
    ex = ey = ez = None
    if k & 1:
        ex = x._node or x._acc or accumulator(x)
        ex.uses += 1
    if k & 2:
        ey = y._node or y._acc or accumulator(y)
        ey.uses += 1
    if k & 4:
        ez = z._node or z._acc or accumulator(z)
        ez.uses += 1
    ctx.next = (ex, ey, ez)
    ctx.needs_input_grad = needs
    ctx.device = dev
    if broadcasting:
        ctx.shapes = [r.shape if r.__class__ is out.__class__ else () for r in (rx, ry, rz)]
    if saving:  # (what _keep_saved keeps, in its order)
        args = (x, y, z)
        values = [rx, ry, rz]
        checks = []
        for i in checked:
            a = args[i]
            if values[i] is not a:  # a Tensor argument
                counter = a._version_counter
                if counter.__class__ is _InferenceVersion:
                    raise RuntimeError(grad_mode.INFERENCE_SAVED)
                checks.append((counter, counter[0], i))
        for i in dropped:
            if values[i] is not args[i]:
                values[i] = None
        if checks:
            ctx.args = args
        if out_slot:
            values.append(out)
            checks.append((t._version_counter, 0, -1))
        elif out_slot is False:
            values.append(None)
        ctx.values = values
        if checks:
            ctx.checks = checks
    t._node = ctx
    t._rg = True
    return t


def three_plan(cls, k):
    """``_apply_three``'s recording plan for pattern ``k`` (1 to 7: bit i set where argument i
    requires grad): ``(needs_input_grad, broadcasting, saving, checked, dropped, out_slot)`` from
    the class's flags and ``_plan``."""
    needs = (bool(k & 1), bool(k & 2), bool(k & 4))
    kept, out_slot, _, checked, dropped = cls._plan(needs)
    plan = cls._three_plans[k] = (needs, cls.broadcasting, bool(kept) or out_slot is not None,
                                  checked, dropped, out_slot)
    return plan


def fast_plan(cls, k):
    """``_apply_fast``'s recording plan for pattern ``k`` (0: one argument; else 1 + 2 * whether
    the second requires grad, the first requiring it in 1 and 3): ``(needs_input_grad,
    broadcasting, saving, keep_x, keep_y, out_slot)`` from the class's flags and ``_plan``."""
    needs = _NEEDED if k == 0 else (bool(k & 1), bool(k & 2))
    kept, out_slot, _, _, _ = cls._plan(needs)
    plan = cls._fast_plans[k] = (needs, cls.broadcasting, bool(kept) or out_slot is not None,
                                 kept[0] if kept else None, kept[1] if len(kept) > 1 else None, out_slot)
    return plan
