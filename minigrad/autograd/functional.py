"""``backward`` and ``grad``: the public entry points to the engine; and, as in
``torch.autograd.functional``, ``jacobian`` and ``hessian`` built on ``grad``."""
import operator
import warnings

from .engine import run_backward, add_to_grad, run_post_accumulate_hooks
from .grad_mode import enable_grad
from .input_dependence import tie_to_source
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


def _tensors(x, what, fn):
    """(tuple of Tensors, whether ``x`` was a tuple) for a function's inputs or outputs."""
    Tensor = _tensor_mod.Tensor
    if isinstance(x, Tensor):
        return (x,), False
    if not isinstance(x, tuple):  # (a list too: PyTorch takes tuples only)
        raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the given "
                        f"{what} has type {type(x)}.")
    for i, t in enumerate(x):
        if not isinstance(t, Tensor):
            raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the value "
                            f"at index {i} has type {type(t)}.")
    return x, True


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: for each output and input, a tensor of shape
    ``output.shape + input.shape`` (a Tensor for one output and one input, tuples otherwise), built
    row by row with ``grad``. An output independent of an input gives zeros (an error if
    ``strict``); ``create_graph`` keeps the result differentiable. ``vectorize`` and ``strategy``
    are accepted for PyTorch's signature, with its errors for the combinations it refuses: the rows
    are always computed one by one, in reverse mode.
    """
    _check_jacobian_options(create_graph, strict, vectorize, strategy)
    return _jacobian(func, inputs, create_graph, strict, strategy, create_graph)


def _check_jacobian_options(create_graph, strict, vectorize, strategy):
    """PyTorch's errors for the combinations of ``jacobian``'s options it refuses."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                             'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                             'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError("torch.autograd.functional.jacobian: `create_graph=True` and "
                                      '`strategy="forward-mode"` are not supported together (yet). Please either '
                                      'set `create_graph=False` or `strategy="reverse-mode"`.')
        if strict:
            raise RuntimeError('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are '
                               'not supported together (yet). Please either set `strict=False` or '
                               '`strategy="reverse-mode"`.')
        if not vectorize:
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                                      "only implemented for `vectorize=True`.")
    elif vectorize and strict:
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
                           "supported together. Please either set `strict=False` or `vectorize=False`.")


def _jacobian(func, inputs, create_graph, strict, strategy, keep_graph):
    """``jacobian`` once its options are checked; ``keep_graph``: the result is left in the graph
    ``create_graph`` records (not detached)."""
    from ..ops import stack  # (the ops import autograd: imported at call time)
    xs, many_in = _tensors(inputs, "inputs", "jacobian")
    with enable_grad():
        xs = tuple(x.view(x.shape) if create_graph and x.requires_grad else x.detach().requires_grad_() for x in xs)
        outs, many_out = _tensors(func(*xs), "outputs of the user-provided function", "jacobian")
        _check_outputs_require_grad(outs, strict)
        table = []
        for i, out in enumerate(outs):
            flat = out.reshape(-1)
            rows = [[] for _ in xs]
            depends = False  # (out is a function of the inputs)
            for k in range(flat.shape[0]):
                grads = (grad(flat[k], xs, retain_graph=True, create_graph=create_graph, allow_unused=True)
                         if out.requires_grad else (None,) * len(xs))  # (an output off the graph: zeros)
                for j, (g, x) in enumerate(zip(grads, xs)):
                    depends = depends or g is not None
                    if g is None:
                        if strict:
                            raise RuntimeError(f"Output {i} of the user-provided function is independent of input "
                                               f"{j}. This is not allowed in strict mode.")
                        g = _zeros_like(x)
                    elif strict and create_graph and not g.requires_grad:
                        raise RuntimeError(_INDEPENDENT_UNDER_CREATE_GRAPH.format("jacobian", j))
                    rows[j].append(g)
            stacked = [stack(r) if r else x.detach().reshape(-1)[:0] * 0 for r, x in zip(rows, xs)]
            if strategy == "forward-mode" and depends:
                # (PyTorch's rows are the tangents of ``out``, computed from it: they require grad
                # where ``out`` depends on the inputs, constant or not)
                stacked = [j if j.requires_grad else tie_to_source(j, flat) for j in stacked]
            table.append(tuple(j.reshape(tuple(out.shape) + tuple(x.shape)) for j, x in zip(stacked, xs)))
    if not keep_graph:
        table = [tuple(j.detach() for j in row) for row in table]
    if strategy == "forward-mode" and many_in:  # (PyTorch's forward mode nests lists where reverse mode has tuples)
        table = [list(row) for row in table]
        return table if many_out else table[0]
    if many_out:
        return tuple(row if many_in else row[0] for row in table)
    return table[0] if many_in else table[0][0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The Hessian of the single-element output of ``func`` at ``inputs``: the ``jacobian`` of its
    gradient (shape ``input.shape + input.shape``; a tuple of tuples for several inputs)."""
    xs, many_in = _tensors(inputs, "inputs", "hessian")

    def gradient(*args):
        out = func(*args)
        if not isinstance(out, _tensor_mod.Tensor):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        _check_outputs_require_grad((out,), strict)
        if out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single element")
        grads = (grad(out.reshape(()), args, create_graph=True, allow_unused=True) if out.requires_grad
                 else (None,) * len(args))
        # (an unused input's zeros, then strict mode's check: PyTorch names it as a jacobian off the graph)
        grads = tuple(_zeros_like(a) if g is None else g for g, a in zip(grads, args))
        if strict:
            _check_jacobian_depends(grads)
        return grads if many_in else grads[0]
    _check_jacobian_options(create_graph, strict, vectorize, outer_jacobian_strategy)
    # (PyTorch's forward-over-reverse Hessian is the tangents of the gradient, which it computed
    # with create_graph: they stay in that graph, requiring grad where they depend on the inputs)
    forward = outer_jacobian_strategy == "forward-mode"
    return _jacobian(gradient, xs if many_in else xs[0], create_graph or forward, strict, outer_jacobian_strategy,
                     create_graph or forward)


def _vectors(v, like, message, fn):
    """``v`` as a tuple of Tensors shaped as ``like`` (ones for one single-element ``like``)."""
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(message)
        return (_ones_seed(like[0]).detach().clone(),)
    vs, _ = _tensors(v, "v", fn)
    if len(vs) != len(like):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(like)} but got {len(vs)}.")
    for a, b in zip(vs, like):
        if a.shape != b.shape:
            raise RuntimeError(f"v has invalid size: should be {b.shape} but got {a.shape}.")
    return vs


_INDEPENDENT_UNDER_CREATE_GRAPH = ("The {} of the user-provided function is independent of input {}. This is not "
                                   "allowed in strict mode when create_graph=True.")


def _check_outputs_require_grad(outs, strict):
    """strict mode's error for an output off the graph (PyTorch checks it before any pass)."""
    for i, o in enumerate(outs if strict else ()):
        if not o.requires_grad:
            raise RuntimeError(f"Output {i} of the user-provided function does not require gradients. The outputs "
                               "must be computed in a differentiable manner from the input when running in strict "
                               "mode.")


def _grads_or_zeros(outs, ins, vs, create_graph, strict, message, derivative=None):
    """``grad`` of ``outs`` (upstream ``vs``) for each of ``ins``; zeros (an error if ``strict``)
    for an input the outputs do not depend on. With ``derivative`` (the name of what is computed),
    strict mode under ``create_graph`` also refuses a result off the graph (a constant one)."""
    # (outputs that do not require grad are left out: their products are zeros, as PyTorch's)
    kept = [i for i, o in enumerate(outs) if o.requires_grad]
    grads = (grad([outs[i] for i in kept], ins, None if vs is None else [vs[i] for i in kept],
                  create_graph=create_graph, allow_unused=True) if kept else (None,) * len(ins))
    if strict and any(g is None for g in grads):
        i = next(i for i, g in enumerate(grads) if g is None)
        raise RuntimeError(message.format(i))
    for i, g in enumerate(grads if strict and create_graph and derivative else ()):
        if not g.requires_grad:
            raise RuntimeError(_INDEPENDENT_UNDER_CREATE_GRAPH.format(derivative, i))
    return tuple(_zeros_like(a) if g is None else g for g, a in zip(grads, ins))


def _call(func, inputs, fn, create_graph):
    xs, many_in = _tensors(inputs, "inputs", fn)
    xs = tuple(x.view(x.shape) if create_graph and x.requires_grad else x.detach().requires_grad_() for x in xs)
    out = func(*xs)
    outs, many_out = _tensors(out, "outputs of the user-provided function", fn)
    return xs, many_in, outs, many_out


def _result(values, many, create_graph):
    values = tuple(values) if create_graph else tuple(v.detach() for v in values)
    return values if many else values[0]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), vᵀJ)``: the outputs and the vector-Jacobian product, one reverse pass
    (``v`` may be None for a single-element output). ``vᵀJ`` is shaped as ``inputs``."""
    with enable_grad():
        xs, many_in, outs, many_out = _call(func, inputs, "vjp", create_graph)
        _check_outputs_require_grad(outs, strict)
        vs = _vectors(v, outs, "The vector v can only be None if the user-provided function returns a single "
                               "Tensor with a single element.", "vjp")
        grads = _grads_or_zeros(outs, xs, vs, create_graph, strict, "The output of the user-provided function is "
                                "independent of input {}. This is not allowed in strict mode.", "jacobian")
    return _result(outs, many_out, create_graph), _result(grads, many_in, create_graph)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), Jv)``: the outputs and the Jacobian-vector product (``v`` shaped as
    ``inputs``; None for a single-element input), computed as the reverse pass of a reverse pass
    (the "double-backward trick", as PyTorch does): ``Jv = d/du (uᵀJ) v``."""
    with enable_grad():
        xs, many_in, outs, many_out = _call(func, inputs, "jvp", create_graph)
        _check_outputs_require_grad(outs, strict)
        vs = _vectors(v, xs, "The vector v can only be None if the input to the user-provided function is a "
                             "single Tensor with a single element.", "jvp")
        us = tuple(o.detach() * 0 + 1 for o in outs)  # (any values: uᵀJ is linear in u)
        for u in us:
            u.requires_grad_()
        kept = [i for i, o in enumerate(outs) if o.requires_grad]  # (the others' products are zeros)
        grads = (grad([outs[i] for i in kept], xs, [us[i] for i in kept], create_graph=True, allow_unused=True)
                 if kept else (None,) * len(xs))
        used = [(g, v_) for g, v_ in zip(grads, vs) if g is not None]
        if strict and len(used) < len(xs):
            i = next(i for i, g in enumerate(grads) if g is None)
            raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This is "
                               "not allowed in strict mode.")
        products = _grads_or_zeros([g for g, _ in used], us, [v_ for _, v_ in used], create_graph, strict,
                                   "The gradient with respect to the input is independent of entry {} in the "
                                   "grad_outputs when using the double backward trick to compute forward mode "
                                   "gradients. This is not allowed in strict mode.", "jacobian")
    return _result(outs, many_out, create_graph), _result(products, many_out, create_graph)


def _check_jacobian_depends(grads):
    """strict mode's error for a gradient that does not depend on the inputs (a linear function's)."""
    for i, g in enumerate(grads):
        if not g.requires_grad:
            raise RuntimeError("While computing the hessian, found that the jacobian of the user-provided "
                               f"function with respect to input {i} is independent of the input. This is not "
                               "allowed in strict mode. You should ensure that your function is twice "
                               "differentiable and that the jacobian depends on the inputs (this would be "
                               "violated by a linear function for example).")


def _scalar_gradient(func, xs, fn, strict):
    out = func(*xs)
    if not isinstance(out, _tensor_mod.Tensor):
        raise RuntimeError(f"The function given to {fn} should return a single Tensor")
    _check_outputs_require_grad((out,), strict)
    if out.numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn} should contain a single element")
    grads = _grads_or_zeros([out.reshape(())], xs, None, True, strict, "The output of the user-provided function "
                            "is independent of input {}. This is not allowed in strict mode.")
    if strict:
        _check_jacobian_depends(grads)
    return out, grads


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), vᵀH)``: the value of a single-element function and the vector-Hessian
    product, the reverse pass of its gradient."""
    with enable_grad():
        xs, many_in = _tensors(inputs, "inputs", "vhp")
        xs = tuple(x.view(x.shape) if create_graph and x.requires_grad else x.detach().requires_grad_()
                   for x in xs)
        vs = _vectors(v, xs, "The vector v can only be None if the input to the user-provided function is a "
                             "single Tensor with a single element.", "vhp")
        out, grads = _scalar_gradient(func, xs, "vhp", strict)
        product = _grads_or_zeros(list(grads), xs, vs, create_graph, strict, "The Tensor returned by the function "
                                  "is independent of input {} after differentiation. This is not allowed in "
                                  "strict mode.", "hessian")
    return _result((out,), False, create_graph), _result(product, many_in, create_graph)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), Hv)``: the value of a single-element function and the Hessian-vector
    product (equal to ``vhp``'s for a symmetric Hessian), by the double-backward trick."""
    with enable_grad():
        xs, many_in = _tensors(inputs, "inputs", "hvp")
        xs = tuple(x.view(x.shape) if create_graph and x.requires_grad else x.detach().requires_grad_()
                   for x in xs)
        vs = _vectors(v, xs, "The vector v can only be None if the input to the user-provided function is a "
                             "single Tensor with a single element.", "hvp")
        out, grads = _scalar_gradient(func, xs, "hvp", strict)
        us = tuple(x.detach() * 0 + 1 for x in xs)
        for u in us:
            u.requires_grad_()
        first = _grads_or_zeros(list(grads), xs, us, True, False, "")
        product = _grads_or_zeros(list(first), us, vs, create_graph, strict, "The Tensor returned by the function "
                                  "is independent of input {} after differentiation. This is not allowed in "
                                  "strict mode.", "hessian")
    return _result((out,), False, create_graph), _result(product, many_in, create_graph)
