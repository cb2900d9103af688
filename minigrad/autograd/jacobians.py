"""``jacobian`` and ``hessian``, as in ``torch.autograd.functional``: built row by row on ``grad``, with
PyTorch's errors for the vectorized and forward-mode strategies it refuses."""
from .entry_points import _zeros_like, grad
from .functional_checks import (_INDEPENDENT_UNDER_CREATE_GRAPH, _check_jacobian_depends, _check_outputs_require_grad,
                                _tensors)
from .grad_mode import enable_grad
from .input_dependence import tie_to_source
from .. import tensor as _tensor_mod


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


# (where PyTorch has them: the name messages print)
jacobian.__module__ = hessian.__module__ = "minigrad.autograd.functional"
