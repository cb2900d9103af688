"""PyTorch's ``autograd.Function``: user-defined ops with forward and backward on Tensors.

The Function's ``ctx`` is its graph node. Its backward always sees Tensors:
the engine's arrays are wrapped around the call and unwrapped after. A
Function with several outputs gets one small ``OutputPart`` node per output,
each handing its gradient to the Function's node in its own slot. What ``ctx``
keeps (saved tensors, marks) and those nodes are in ``function_ctx.py``.
"""
import contextlib
import functools
import warnings

from . import anomaly_mode, forward_ad as _forward_ad, grad_mode, graph as _graph
from .function_ctx import FunctionCtx, OutputPart, _Packed
from .node import FREED, PartGrads, edge_of, lend_requires_grad
from .views import CUSTOM_FUNCTION, MULTI_OUTPUT, refresh_views, register_view, same
from .. import tensor as _tensor_mod

_state = grad_mode.state


class Function(FunctionCtx):
    """Base for user-defined differentiable ops, as ``torch.autograd.Function``.

    Subclasses define ``forward(ctx, *args)`` and ``backward(ctx, *grads)`` as
    static methods and are called through ``apply``; or, PyTorch 2's style,
    ``forward(*args)`` without ``ctx`` plus ``setup_context(ctx, inputs, output)``,
    which saves what backward needs.
    """

    non_differentiable = ()
    dirty = ()
    materialize = True
    n_outputs = 1
    generate_vmap_rule = False  # (minigrad's vmap maps one example at a time: any Function runs under it)
    renamed_when_seen = True  # (seen through grad_fn, the node's type is <ClassName>Backward, as PyTorch's)

    def name(self):
        """PyTorch's name for a user Function's node: the class name and ``Backward``."""
        return self.torch_name or getattr(self, "_forward_cls", type(self)).__name__ + "Backward"

    def __repr__(self):
        return f"<torch.autograd.function.{self.name()} object at {hex(id(self))}>"

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run forward without recording, then connect the outputs to one node."""
        Tensor = _tensor_mod.Tensor
        if _transforms[0]:
            _check_transformable(cls)
        ctx = object.__new__(cls)
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._rg for a in args)
        ctx.input_meta = tuple((tuple(a.shape), a.dtype) if isinstance(a, Tensor) else None for a in args)
        prev = _state.enabled
        _state.enabled = False
        try:
            if cls.setup_context is Function.setup_context:
                outs = cls.forward(ctx, *args, **kwargs)
            else:  # forward without ctx, then setup_context (PyTorch 2's style)
                outs = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, outs)
        finally:
            _state.enabled = prev
        record = prev and any(ctx.needs_input_grad)
        if record and ctx.saved:
            for t in ctx.saved:
                if t is not None and t._version_counter.__class__ is grad_mode.InferenceVersionCounter:
                    raise RuntimeError(grad_mode.INFERENCE_SAVED)
        single = not isinstance(outs, tuple)
        outs_t = (outs,) if single else outs
        if ctx.dirty:
            _check_dirty(ctx.dirty, args, outs_t)
        tensor_outs = [o for o in outs_t if isinstance(o, Tensor)]
        if tensor_outs:
            ctx.device = tensor_outs[0]._device
            ctx.xp = ctx.device._get_backend().xp
        if record:
            ctx.next = tuple(edge_of(a) if n else None for a, n in zip(args, ctx.needs_input_grad))
            if None in ctx.input_meta:  # (next_functions has an entry per Tensor argument only, as PyTorch's)
                ctx.edge_args = [i for i, meta in enumerate(ctx.input_meta) if meta is not None]
            if anomaly_mode.is_anomaly_enabled():
                ctx.forward_trace = anomaly_mode.forward_trace()
        ctx.n_outputs = len(outs_t)
        ctx.out_meta = [(o._data.shape, o._data.dtype, o._device) if isinstance(o, Tensor) else None
                        for o in outs_t]
        results = []
        n_differentiable = record and sum(isinstance(o, Tensor) and id(o) not in ctx.non_differentiable for o in outs_t)
        for o in outs_t:
            if not isinstance(o, Tensor):
                results.append(o)
                continue
            if id(o) in ctx.dirty:  # (changed in place by forward: the tensor itself, its history this node's)
                if o._node is None and o._rg and prev:
                    raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
                if record and o._view is not None:
                    _check_dirty_view(o)
                new = o
                o._version_counter[0] += 1  # (as PyTorch counts a dirty tensor's change once more)
            else:
                new = _tensor_mod.wrap(o._data, o._device)
                new._version_counter = o._version_counter
            differentiable = record and id(o) not in ctx.non_differentiable
            if differentiable:
                new._node = ctx if ctx.n_outputs == 1 else OutputPart(ctx, len(results))
                new._rg = True
            if new is not o:
                _view_output(new, o, args, differentiable, n_differentiable)
            elif differentiable and o._view is not None:  # (a view marked dirty: its base's history as well)
                from ..ops.inplace_tracking import rebase  # (the ops import autograd: imported at call time)
                rebase(o._view[0], o, o._view[1])
                refresh_views(o._view[0], o)
            results.append(new)
        if record and ctx.saved:
            ctx._settle_saved(outs_t, results)
        if _forward_ad._levels and _forward_ad._levels[-1]:  # (dual tensors exist: maybe among the arguments)
            _forward_ad.function_applied(ctx, args, [r if isinstance(r, Tensor) else None for r in results])
        return results[0] if single else tuple(results)

    def _settle_saved(self, outs, results):
        """After forward, as PyTorch saves: the saved tensors' versions as ``apply`` leaves them (a
        tensor marked dirty counts once more), and which of them are (differentiable) outputs of
        forward (see ``saved_tensors``)."""
        self.saved_versions = tuple([t._version_counter[0] if t is not None else None for t in self.saved])
        index = {id(o): i for i, o in enumerate(outs)
                 if isinstance(o, _tensor_mod.Tensor) and id(o) not in self.non_differentiable}
        positions = tuple(index.get(id(t)) for t in self.saved)
        if any(i is not None for i in positions):
            self.saved_outputs = positions
        hooks = _graph._hooks
        if hooks:
            self.saved = _Packed(self, results, *hooks[-1][:2])

    def run(self, m, g, release):
        """Call the user's backward with Tensors; hand the engine its kind of gradients."""
        grads = g if isinstance(g, PartGrads) else [g]
        if not m.records:
            grads = [None if x is None else _tensor_mod.wrap(x, self.device) for x in grads]
        if len(grads) > 1 and self.materialize:  # (a non-Tensor output's gradient stays None)
            grads = [x if x is not None or self.out_meta[i] is None else self._zeros_for_output(i)
                     for i, x in enumerate(grads)]
        backward = self.backward if type(self).backward is not Function.backward else self.vjp
        results = backward(self, *grads)
        if release:  # (saved_tensors then raises, as PyTorch's, even where nothing was saved)
            self.saved = FREED
        if results.__class__ is not tuple:
            results = (results,)
        n = len(self.next)
        if len(results) > n and all(r is None for r in results[n:]):
            results = results[:n]  # (trailing Nones beyond the inputs are dropped, as PyTorch drops them)
        if len(results) != n:
            raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients "
                               f"(expected {len(self.next)}, got {len(results)})")
        results = tuple(self._checked_gradient(i, r) for i, r in enumerate(results))
        if m.records:
            return results
        return tuple(None if r is None else r._data for r in results)

    def _checked_gradient(self, i, grad):
        """The user's gradient for input ``i`` in the input's dtype, PyTorch's errors for one that is not
        a Tensor or not of the input's shape (a larger one that the input's shape expands to is summed down)."""
        if grad is None:
            return None
        if not isinstance(grad, _tensor_mod.Tensor):
            raise RuntimeError(f"expected Variable or None (got {type(grad).__name__})")
        meta = self.input_meta[i]
        if meta is None:
            raise RuntimeError(f"function {self.name()} returned a gradient different than None at position "
                               f"{i + 1}, but the corresponding forward input was not a Variable")
        shape, dtype = meta
        if grad.dtype is not dtype:
            grad = grad.to(dtype)  # (PyTorch casts a gradient to its input's dtype)
        if tuple(grad.shape) == shape:
            return grad
        from ..ops._broadcast_shapes import broadcast_shapes  # (the ops import autograd: imported at call time)
        try:
            expandable = broadcast_shapes(shape, tuple(grad.shape)) == tuple(grad.shape)
        except RuntimeError:
            expandable = False
        if not expandable:
            raise RuntimeError(f"Function {self.name()} returned an invalid gradient at index {i} - got "
                               f"{list(grad.shape)} but expected shape compatible with {list(shape)}")
        return grad.sum_to_size(shape)

    def __init__(self, *args, **kwargs):
        # (``apply`` makes its ctx without calling this: only a user's ``MyFunction()`` warns)
        warnings.warn(f"{self.__class__} should not be instantiated. Methods on autograd functions are all static, "
                      "so you should invoke them on the class itself. Instantiating an autograd function will raise "
                      "an error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method.")

    def _zeros_for_output(self, i):
        shape, np_dtype, dev = self.out_meta[i]
        return _tensor_mod.wrap(dev._get_backend().xp.zeros(shape, np_dtype), dev)

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """With a ``forward`` that takes no ctx: save what backward needs from ``inputs`` (the
        positional arguments of ``apply``) and ``output`` (what forward returned)."""
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError("You must implement either the backward or vjp method for your "
                                  "custom autograd.Function to use it with backward mode AD.")

    @staticmethod
    def vmap(info, in_dims, *args):
        """The batched rule under ``vmap`` (PyTorch's; minigrad maps one example at a time and never
        calls it): a Function under vmap needs one, or ``generate_vmap_rule = True``."""
        raise NotImplementedError("To use autograd.Function with vmap, you must either override the vmap "
                                  "staticmethod or set generate_vmap_rule=True.")

    @staticmethod
    def vjp(ctx, *grads):
        """PyTorch's other name for ``backward``: a Function may define either."""
        raise NotImplementedError("You must implement either the backward or vjp method for your "
                                  "custom autograd.Function to use it with backward mode AD.")

    @staticmethod
    def jvp(ctx, *tangents):
        """Forward-mode AD: the outputs' tangents from the inputs' (one per ``apply`` argument)."""
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")


def _view_output(new, o, args, differentiable, n_differentiable):
    """Make ``new``, what ``apply`` returns for forward's output ``o``, a view of the memory ``o``
    views (of an input ``o`` is, when forward returned it as-is), as PyTorch's: it refuses an in-place
    change (a custom Function's backward would not see it) or, with several differentiable outputs,
    a multiple-output view's. A non-differentiable input returned as-is that requires grad is
    detached instead."""
    view = o._view
    if any(o is a for a in args):
        if o._rg and not differentiable:
            return
        view = (o, same) if view is None else view
    elif view is None:
        return
    new._view = (view[0], view[1], MULTI_OUTPUT if differentiable and n_differentiable > 1 else CUSTOM_FUNCTION)
    if not differentiable and view[0]._rg:  # (a view of a tensor requiring grad requires grad, as its base)
        lend_requires_grad(new)
    register_view(new)


def _check_dirty_view(t):
    """PyTorch's refusals of a view ``t`` marked dirty, as of any in-place change of it: a view of a
    leaf requiring grad, and the views it refuses to modify in place in grad mode."""
    grad_mode.check_update(t)
    if t._view[0]._node is None and t._view[0]._rg:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")


def _check_dirty(dirty, args, outs):
    """PyTorch's checks of ``mark_dirty``: a warning for a tensor that is not an input, an error
    for one that forward does not return."""
    if not dirty <= {id(a) for a in args}:
        warnings.warn("ctx.mark_dirty() received a tensor that was not an input. Only input Tensors that have been "
                      "mutated should be passed to ctx.mark_dirty().", UserWarning, stacklevel=3)
    if not dirty <= {id(o) for o in outs}:
        raise RuntimeError("Some elements marked as dirty during the forward method were not returned as output. The "
                           "inputs that are modified inplace must all be outputs of the Function.")


_transforms = [0, 0]  # the torch.func transforms running now: all of them, and the vmaps among them


@contextlib.contextmanager
def transform_level(vmapped=False):
    """Mark the code inside as running under a ``torch.func`` transform (``vmapped``: one that
    vmaps it, as ``vmap``, ``jacfwd`` and ``hessian``), where PyTorch refuses some Functions."""
    _transforms[0] += 1
    _transforms[1] += vmapped
    try:
        yield
    finally:
        _transforms[0] -= 1
        _transforms[1] -= vmapped


_EXTENDING_FUNC = "For more details, please see https://pytorch.org/docs/main/notes/extending.func.html"


def _check_transformable(cls):
    """PyTorch's refusals of Function ``cls`` under a ``torch.func`` transform: one whose forward
    takes ``ctx``, and under vmap one without a vmap rule."""
    if cls.setup_context is Function.setup_context:
        raise RuntimeError("In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, "
                           f"...), it must override the setup_context staticmethod. {_EXTENDING_FUNC}")
    if _transforms[1] and not cls.generate_vmap_rule and cls.vmap is Function.vmap:
        raise RuntimeError(f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please override "
                           f"and implement the vmap staticmethod or set generate_vmap_rule=True. {_EXTENDING_FUNC}")


def once_differentiable(fn):
    """Decorator for a Function's ``backward`` that is not itself differentiable: it runs without
    recording a graph. Under ``create_graph`` (grad mode on, a gradient requiring grad), its
    gradients require grad as PyTorch's do, through a node (``torch::autograd::Error``) whose own
    backward raises: differentiating them again is refused where it is tried."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            outputs = fn(ctx, *args)
        Tensor = _tensor_mod.Tensor
        if not _state.enabled or not any(isinstance(a, Tensor) and a.requires_grad for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        fakes = [o.detach().requires_grad_() if isinstance(o, Tensor) else o for o in outs]
        errors = _DelayedError.apply(*fakes)
        return errors if single or isinstance(errors, tuple) else (errors,)
    return wrapper


class _DelayedError(Function):
    """PyTorch's DelayedError: its outputs are its inputs' values, and backward through it raises."""

    torch_name = "torch::autograd::Error"

    @staticmethod
    def forward(ctx, *tensors):
        return tensors[0] if len(tensors) == 1 else tensors

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with @once_differentiable")
