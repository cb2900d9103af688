"""``torch.utils.checkpoint``: recompute a block's forward in backward instead of keeping its graph.

With ``use_reentrant=True`` (PyTorch's default in 2.13, with its warning) the block runs without
recording; backward re-runs it with the random stream as it was, then backpropagates through the
recomputed graph: the activations inside are not kept between forward and backward.
``use_reentrant=False`` gives the same values and gradients (and works with ``autograd.grad``) but,
in minigrad, keeps the block's graph: it saves no memory.
"""
import contextlib
import warnings

from ..autograd import Function, backward, enable_grad, no_grad
from ..random import fork_rng, get_rng_state, set_rng_state
from ..tensor import Tensor


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
    forward_context, _ = context_fn()
    with forward_context:
        return function(*args, **kwargs)


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
