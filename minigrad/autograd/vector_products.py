"""``vjp``, ``jvp``, ``vhp`` and ``hvp``, as in ``torch.autograd.functional``: the products of a vector with
a Jacobian or a Hessian, by one reverse pass or by the double-backward trick."""
from .entry_points import _ones_seed, _zeros_like, grad
from .functional_checks import (_INDEPENDENT_UNDER_CREATE_GRAPH, _check_jacobian_depends, _check_outputs_require_grad,
                                _tensors)
from .grad_mode import enable_grad
from .. import tensor as _tensor_mod


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


# (where PyTorch has them: the name messages print)
vjp.__module__ = jvp.__module__ = vhp.__module__ = hvp.__module__ = "minigrad.autograd.functional"
