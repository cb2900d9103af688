"""``torch.utils.checkpoint``: recompute a block's forward in backward instead of keeping its graph.

With ``use_reentrant=True`` (PyTorch's default in 2.13, with its warning) the block runs without
recording; backward re-runs it with the random stream as it was, then backpropagates through the
recomputed graph: the activations inside are not kept between forward and backward. That inner
pass accumulates into ``.grad``, so, as PyTorch's, it refuses to run inside a pass that captures
gradients instead (``autograd.grad``, ``backward(inputs=...)``): the block's parameters would get
gradients there.

With ``use_reentrant=False`` the block records its graph as usual, but what its ops save for
backward goes through ``autograd.graph.saved_tensors_hooks`` (as in PyTorch): the forward keeps
only each value's shape, dtype and device. The first backward formula of the block to need a
value re-runs the whole block (random stream replayed) and takes the values its ops save then,
checked against the forward's metadata; the recomputed graph itself is dropped. It works with
``autograd.grad`` and ``retain_graph`` (each backward pass recomputes once), and with a backward
inside the block (an unrolled gradient step): the recomputation's own values are read as they are,
and one run before the block's forward has returned keeps only the values saved so far.
"""
import contextlib
import enum
import warnings
import weakref

from ..autograd import Function, backward, enable_grad, no_grad
from ..autograd.engine import is_checkpoint_valid
from ..autograd.graph import saved_tensors_hooks
from ..random import fork_rng, get_rng_state, set_rng_state
from ..tensor import Tensor

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError", "CheckpointFunction", "check_backward_validity",
           "detach_variable", "get_device_states", "set_device_states", "noop_context_fn",
           "set_checkpoint_early_stop", "DefaultDeviceType", "set_checkpoint_debug_enabled", "CheckpointPolicy"]


class CheckpointError(RuntimeError):
    """A recomputation that saved other values than the forward pass did."""


def _no_contexts():
    return contextlib.nullcontext(), contextlib.nullcontext()


noop_context_fn = _no_contexts


class CheckpointFunction(Function):
    """The reentrant checkpoint: forward without a graph, backward recomputes and backpropagates."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        if not any(a.requires_grad for a in args if isinstance(a, Tensor)):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=4)
        ctx.run_function = run_function
        ctx.rng_state = get_rng_state() if preserve_rng_state else None
        ctx.inputs = [None if isinstance(a, Tensor) else a for a in args]
        ctx.tensor_indices = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        ctx.save_for_backward(*(args[i] for i in ctx.tensor_indices))
        with no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        if not is_checkpoint_valid():  # (its inner pass accumulates into .grad: a captured input would get nothing)
            raise RuntimeError("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing "
                               "an `inputs` parameter to .backward(). To resolve this error, you can either set "
                               "use_reentrant=False, or call .backward() without passing the `inputs` argument.")
        inputs = list(ctx.inputs)
        for i, t in zip(ctx.tensor_indices, ctx.saved_tensors):
            inputs[i] = t.detach().requires_grad_(t.requires_grad)
        with fork_rng(enabled=ctx.rng_state is not None):
            if ctx.rng_state is not None:
                set_rng_state(ctx.rng_state)
            with enable_grad():
                outputs = ctx.run_function(*inputs)
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads) if isinstance(o, Tensor) and o.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None, None) + tuple(a.grad if isinstance(a, Tensor) else None for a in inputs)


def checkpoint(function, *args, use_reentrant=None, context_fn=noop_context_fn, determinism_check="default",
               debug=False, early_stop=True, **kwargs):
    """``function(*args, **kwargs)``, its inner activations recomputed in backward (see the module
    docstring). ``preserve_rng_state=True`` (a keyword) replays random ops such as dropout
    identically."""
    use_reentrant = _reentrant(use_reentrant, "torch.utils.checkpoint: the use_reentrant parameter should be passed "
                               "explicitly. Starting in PyTorch 2.9, calling checkpoint without use_reentrant will "
                               "raise an exception.")
    preserve = kwargs.pop("preserve_rng_state", True)
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        if context_fn is not noop_context_fn or debug is not False:
            raise ValueError("Passing `context_fn` or `debug` is only supported when use_reentrant=False.")
        return CheckpointFunction.apply(function, preserve, *args)
    if determinism_check not in ("default", "none"):
        raise ValueError(f"determinism_check should be one of ['default', 'none'], but got {determinism_check}")
    if (debug if _debug_enabled[-1] is None else _debug_enabled[-1]) and context_fn is not noop_context_fn:
        raise ValueError("debug=True is incompatible with non-default context_fn")
    forward_context, recompute_context = context_fn()
    frame = _RecomputedBlock(function, args, kwargs, get_rng_state() if preserve else None, recompute_context,
                             determinism_check == "default")
    with saved_tensors_hooks(frame.pack, frame.unpack), forward_context:
        out = function(*args, **kwargs)
    frame.forward_completed = True
    return out


class _RecomputedBlock:
    """The saved values of one non-reentrant checkpoint block: handles in forward, values recomputed
    on demand in backward."""

    def __init__(self, function, args, kwargs, rng_state, recompute_context, check_metadata):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.rng_state = rng_state
        self.recompute_context = recompute_context
        self.check_metadata = check_metadata
        self.metadata = []   # per handle: what the forward saved (shape, dtype, device)
        self.values = {}     # handle -> recomputed array, until its formula reads it
        self.forward_completed = False  # (a backward inside the block runs while it is False)

    def pack(self, t):
        self.metadata.append(_metadata(t))
        return len(self.metadata) - 1

    def unpack(self, handle):
        if handle not in self.values:
            self.recompute()
        return self.values.pop(handle)

    def recompute(self):
        """Run the block again from its inputs (detached: the pass running now must not gain edges)
        and keep what its ops save, in the order the forward saved them. A backward inside the
        block reads its own values as they are (the unpack hook of the recomputation is the
        identity); one that runs during the block's forward reads the values saved so far, and
        what the recomputation saves beyond them is not checked, as in PyTorch."""
        saved = []

        def keep(t):
            saved.append(t)
            return weakref.ref(t)  # (the value itself would tie a node to its own output in a cycle)

        inputs = [a.detach().requires_grad_(a.requires_grad) if isinstance(a, Tensor) else a for a in self.args]
        hooks = saved_tensors_hooks(keep, _as_saved)
        recorded = []
        hooks._collect = recorded.append
        with fork_rng(enabled=self.rng_state is not None):
            if self.rng_state is not None:
                set_rng_state(self.rng_state)
            with hooks, enable_grad(), self.recompute_context:
                self.function(*inputs, **self.kwargs)
        _drop_uses(recorded)
        if not self.forward_completed:
            saved = saved[:len(self.metadata)]
        if len(saved) < len(self.metadata):
            raise CheckpointError("torch.utils.checkpoint: A different number of tensors was saved during the "
                                  "original forward and recomputation.\n"
                                  f"Number of tensors saved during forward: {len(self.metadata)}\n"
                                  f"Number of tensors saved during recomputation: {len(saved)}.\n" + _DEBUG_TIP)
        if len(saved) > len(self.metadata):
            raise CheckpointError("torch.utils.checkpoint: trying to save more tensors during recomputation than "
                                  "during the original forward pass.\n" + _DEBUG_TIP)
        if self.check_metadata:
            different = [(i, meta, _metadata(t)) for i, (meta, t) in enumerate(zip(self.metadata, saved))
                         if meta != _metadata(t)]
            if different:
                listed = "".join(f"tensor at position {i}:\nsaved metadata: {_describe(a)}\n"
                                 f"recomputed metadata: {_describe(b)}\n" for i, a, b in different)
                raise CheckpointError("torch.utils.checkpoint: Recomputed values for the following tensors have "
                                      f"different metadata than during the forward pass.\n{listed}.\n" + _DEBUG_TIP)
        self.values = dict(enumerate(saved))


def _as_saved(ref):
    return ref()


def _drop_uses(nodes):
    """Take back the uses that recording ``nodes`` (the recomputation's graph, dropped) added to the
    nodes outside it, the parameters' accumulators above all: the backward pass running now counts
    on them to accumulate each gradient as soon as it is complete."""
    inside = set(nodes)
    for node in nodes:
        for edge in node.next:
            if edge is not None and edge not in inside:
                edge.uses -= 1


def _metadata(t):
    return t.shape, t.dtype, t.device


def _describe(meta):
    shape, dtype, device = meta
    return f"{{'shape': {shape!r}, 'dtype': {dtype!r}, 'device': {device!r}}}"


_DEBUG_TIP = ("\nTip: To see a more detailed error message, either pass `debug=True` to\n"
              "`torch.utils.checkpoint.checkpoint(...)` or wrap the code block\n"
              "with `with torch.utils.checkpoint.set_checkpoint_debug_enabled(True):` to\n"
              "enable checkpoint-debug mode globally.\n")


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run a Sequential (or a list of modules) in ``segments`` checkpointed chunks; the last
    chunk runs normally, as in PyTorch."""
    use_reentrant = _reentrant(use_reentrant, "torch.utils.checkpoint.checkpoint_sequential: the use_reentrant "
                               "parameter should be passed explicitly. In version 2.9 we will raise an exception if "
                               "use_reentrant is not passed.")
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if hasattr(functions, "children"):
        functions = list(functions.children())
    size = len(functions) // segments
    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        chunk = functions[start:end + 1]
        input = checkpoint(_run_chunk(chunk), input, use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return _run_chunk(functions[end + 1:])(input)


def _reentrant(use_reentrant, warning):
    """``use_reentrant`` as given, or True (PyTorch 2.13's default) after its warning when not given."""
    if use_reentrant is None:
        warnings.warn(warning + " use_reentrant=False is recommended, but if you need to preserve the current "
                      "default behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
                      "differences between the two variants.", stacklevel=3)
        return True
    return use_reentrant


def _run_chunk(chunk):
    def run(x):
        for f in chunk:
            x = f(x)
        return x
    return run


_debug_enabled = [None]  # the open set_checkpoint_debug_enabled blocks' values, innermost last


@contextlib.contextmanager
def set_checkpoint_debug_enabled(enabled):
    """Within the block, checkpoint as if ``debug=enabled`` were passed (None: as each call says)."""
    _debug_enabled.append(enabled)
    try:
        yield
    finally:
        _debug_enabled.pop()


@contextlib.contextmanager
def set_checkpoint_early_stop(enable):
    """Accepted for PyTorch's API: minigrad's recomputation always runs the whole block."""
    yield


def detach_variable(inputs):
    """The Tensors of tuple ``inputs`` detached, each requiring grad as before."""
    if not isinstance(inputs, tuple):
        raise RuntimeError(f"Only tuple of tensors is supported. Got Unsupported input type: {type(inputs).__name__}")
    out = []
    for inp in inputs:
        if not isinstance(inp, Tensor):
            out.append(inp)
            continue
        x = inp.detach()
        x.requires_grad = inp.requires_grad
        out.append(x)
    return tuple(out)


def check_backward_validity(inputs):
    """Warn, as PyTorch does, when no Tensor among ``inputs`` requires grad."""
    if not any(inp.requires_grad for inp in inputs if isinstance(inp, Tensor)):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None")


def get_device_states(*args):
    """The random states of the accelerator devices ``args`` live on: none on the CPU."""
    return [], []


def set_device_states(devices, states, *, device_type=None):
    """Restore what ``get_device_states`` returned (nothing on the CPU)."""


class DefaultDeviceType:
    """The device type whose random state checkpoint keeps besides the CPU's."""

    _default_device_type = "cuda"

    @staticmethod
    def set_device_type(device="cuda"):
        DefaultDeviceType._default_device_type = device

    @staticmethod
    def get_device_type():
        return DefaultDeviceType._default_device_type


class CheckpointPolicy(enum.Enum):
    """Selective checkpointing's choices for an op: save its output or recompute it."""

    MUST_SAVE = 0
    PREFER_SAVE = 1
    MUST_RECOMPUTE = 2
    PREFER_RECOMPUTE = 3
