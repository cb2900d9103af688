"""``backward`` and ``grad``: the public entry points to the engine (``torch.autograd.backward`` and
``torch.autograd.grad``)."""
import operator
import warnings

from .engine import run_backward
from .gradient_sink import add_to_grad, run_post_accumulate_hooks
from .node import is_lent
from .. import tensor as _tensor_mod

_seeds = {}  # (shape, dtype, device) -> a read-only array of ones: the implicit gradient of a scalar


def _as_list(x):
    if x is None:
        return None
    if x.__class__ is _tensor_mod.Tensor or isinstance(x, _tensor_mod.Tensor):
        return [x]
    return list(x)


def _ones_seed(out):
    """The implicit gradient of a one-element output: ones, allocated once per shape and dtype (refused
    for a complex output, as PyTorch refuses it)."""
    key = (out._data.shape, out._data.dtype, id(out._device))  # (devices live as long as the process)
    seed = _seeds.get(key)
    if seed is None:
        if out._data.dtype.kind == "c":  # (checked here, once per kind of seed: never kept for complex)
            raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got {out.dtype}")
        seed = out._device._get_backend().xp.ones(out._data.shape, out._data.dtype)
        flags = getattr(seed, "flags", None)
        if flags is None or not hasattr(flags, "writeable"):
            return _tensor_mod.wrap(seed, out._device)  # no read-only arrays on this backend: not shared
        flags.writeable = False
        _seeds[key] = seed
    return _tensor_mod.wrap(seed, out._device)


def _make_grads(outputs, grad_outputs):
    if grad_outputs is not None and len(grad_outputs) < len(outputs):  # (more: the extra ones unused, as PyTorch)
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grad_outputs)} gradients")
    grads = []
    for i, out in enumerate(outputs):
        g = grad_outputs[i] if grad_outputs is not None else None
        if g is None:  # (the common case: loss.backward())
            if not out._rg or is_lent(out):  # (a lent view: PyTorch has no edge to start from)
                raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            g = _ones_seed(out)
        else:
            if not isinstance(g, _tensor_mod.Tensor):
                raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
            if tuple(g._data.shape) != tuple(out._data.shape):
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and "
                                   f"output[{i}] has a shape of {out.shape}.")
            if not out._rg or is_lent(out):  # (after the shape, as PyTorch checks them)
                raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
            if g.dtype is not out.dtype:  # (PyTorch casts a gradient to its output's dtype, complex aside)
                if g.dtype.is_complex != out.dtype.is_complex:
                    raise RuntimeError(
                        "For complex Tensors, both grad_output and output are required to have the same dtype. "
                        f"Mismatch in dtype: grad_output[{i}] has a dtype of {g.dtype} and "
                        f"output[{i}] has a dtype of {out.dtype}.")
                g = g.to(out.dtype)
        grads.append(g)
    return grads


def _flag(value):
    """A ``retain_graph``, ``create_graph`` or ``allow_unused`` flag as PyTorch's engine reads it: a
    bool, or an int of 0 to 255 (anything with ``__index__``: a NumPy integer, an integer tensor of one
    element). Anything else is its TypeError (a str, a float, None: "'str' object cannot be
    interpreted as an integer"), a number out of range its OverflowError."""
    if value.__class__ is bool:
        return value
    number = operator.index(value)  # (Python's TypeError, word for word PyTorch's)
    if number < 0:
        raise OverflowError("unsigned byte integer is less than minimum")
    if number > 255:
        raise OverflowError("unsigned byte integer is greater than maximum")
    return bool(number)


def _expect_tensor_inputs(inputs):
    for t in inputs:
        if not isinstance(t, _tensor_mod.Tensor):
            raise RuntimeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")


_CREATE_GRAPH_CYCLE = ("Using backward() with create_graph=True will create a reference cycle between the parameter and "
                       "its gradient which can cause a memory leak. We recommend using autograd.grad when creating the "
                       "graph to avoid this. If you have to use this function, make sure to reset the .grad fields of "
                       "your parameters to None after use to break the cycle and avoid the leak.")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Accumulate gradients of ``tensors`` into the leaves' ``.grad`` (torch.autograd.backward).
    ``grad_variables`` is PyTorch's deprecated name for ``grad_tensors``."""
    if grad_variables is not None:
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.", FutureWarning, stacklevel=2)
        if grad_tensors is not None:
            raise RuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments both passed to "
                               "`backward()`. Please only use `grad_tensors`.")
        grad_tensors = grad_variables
    if (grad_tensors is None and inputs is None and (retain_graph is None or retain_graph is False)
            and create_graph is False and tensors.__class__ is _tensor_mod.Tensor and tensors._node is not None
            and tensors._data.size == 1):
        # Fast path, fenced: ``loss.backward()`` on a one-element loss, what the general path below
        # does for it without its lists and checks (a test checks they agree).
        run_backward((tensors,), (_ones_seed(tensors),))
        return
    outputs = _as_list(tensors)
    grads = _make_grads(outputs, _as_list(grad_tensors))
    if retain_graph is None:
        retain_graph = create_graph
    retain_graph, create_graph = _flag(retain_graph), _flag(create_graph)  # (after the gradients, as PyTorch)
    if create_graph:  # (attributed to this line, as PyTorch's to its own: shown once by default filters)
        warnings.warn(_CREATE_GRAPH_CYCLE, UserWarning, stacklevel=1)
    if inputs is not None:
        inputs = _as_list(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
        _expect_tensor_inputs(inputs)
        if not all(t._rg for t in inputs):
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        got = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs, release_inputs=True)
        for t, g in zip(inputs, got):
            if g is not None:  # (the pass ran the inputs' hooks already; its arrays may be shared or read-only)
                add_to_grad(t, g if create_graph else _tensor_mod.wrap(g._data.copy(), g._device), create_graph)
                run_post_accumulate_hooks(t)
        return
    run_backward(outputs, grads, retain_graph, create_graph)


class NotATensorError(TypeError, AssertionError):
    """An output or input of ``grad`` that is not a Tensor: PyTorch's AssertionError there, and
    the TypeError of a wrong argument type."""


def _expect_inputs_requiring_grad(inputs):
    for t in inputs:
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, without touching ``.grad``."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.", FutureWarning,
                      stacklevel=2)
    outs = _as_list(outputs)
    ins = _as_list(inputs)
    if not all(isinstance(t, _tensor_mod.Tensor) for t in outs):
        raise NotATensorError("Expected output to be a torch.Tensor")
    _expect_tensor_inputs(ins)
    if not ins:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if retain_graph is None:
        retain_graph = create_graph
    if is_grads_batched:
        retain_graph, create_graph, allow_unused = _grad_flags(retain_graph, create_graph, allow_unused,
                                                               materialize_grads)
        _expect_inputs_requiring_grad(ins)
        return _batched_grad(outs, ins, _as_list(grad_outputs), retain_graph, create_graph, allow_unused,
                             materialize_grads)
    grads = _make_grads(outs, _as_list(grad_outputs))  # (the outputs are checked first, as PyTorch)
    retain_graph, create_graph, allow_unused = _grad_flags(retain_graph, create_graph, allow_unused,
                                                           materialize_grads)
    _expect_inputs_requiring_grad(ins)
    result = run_backward(outs, grads, retain_graph, create_graph, inputs=ins)
    for i, g in enumerate(result):
        if g is None:
            if materialize_grads:
                result[i] = _zeros_like(ins[i], requires_grad=create_graph)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
        elif not create_graph and g._node is not None:
            result[i] = g.detach()
    return tuple(result)


def _grad_flags(retain_graph, create_graph, allow_unused, materialize_grads):
    """``grad``'s flags as its engine reads them (``_flag``); an unset ``allow_unused`` is
    ``materialize_grads``, as PyTorch's."""
    return _flag(retain_graph), _flag(create_graph), _flag(materialize_grads if allow_unused is None else allow_unused)


def _batched_grad(outs, ins, grad_outputs, retain_graph, create_graph, allow_unused, materialize_grads):
    """``grad`` with ``is_grads_batched``: the first dim of each grad_output is a batch of
    vectors, one ``grad`` per vector (a loop, where PyTorch vmaps), stacked."""
    from ..ops import stack  # (the ops import autograd: imported at call time)
    for i, (out, g) in enumerate(zip(outs, grad_outputs or [None] * len(outs))):
        if g is not None and (g.ndim == 0 or tuple(g.shape[1:]) != tuple(out.shape)):
            raise RuntimeError("If `is_grads_batched=True`, we interpret the first dimension of each grad_output "
                               "as the batch dimension. The sizes of the remaining dimensions are expected to match "
                               f"the shape of corresponding output, but a mismatch was detected: grad_output[{i}] "
                               f"has a shape of {list(g.shape)} and output[{i}] has a shape of {list(out.shape)}. "
                               "If you only want some tensors in `grad_output` to be considered batched, consider "
                               "using vmap.")
    if grad_outputs is None or any(g is None for g in grad_outputs):
        raise RuntimeError("is_grads_batched=True needs a batched grad_output for every output")
    n = grad_outputs[0].shape[0]
    rows = [grad(outs, ins, [g[b] for g in grad_outputs], retain_graph=True if b < n - 1 else retain_graph,
                 create_graph=create_graph, allow_unused=allow_unused)
            for b in range(n)]
    # (an unused input's materialized zeros are shaped as the input, without the batch dim, as PyTorch's)
    return tuple((_zeros_like(x, requires_grad=create_graph) if materialize_grads else None)
                 if rows and rows[0][k] is None else stack([r[k] for r in rows]) for k, x in enumerate(ins))


def _zeros_like(t, requires_grad=False):
    """Zeros shaped as ``t`` (a materialized gradient), requiring grad if asked."""
    from ..creation import zeros_like  # (creation imports the ops, which import autograd: imported at call time)
    return zeros_like(t, requires_grad=requires_grad)


# (where PyTorch has them: the name messages print)
backward.__module__ = grad.__module__ = "minigrad.autograd"
