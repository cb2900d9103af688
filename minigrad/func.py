"""``minigrad.func``, as ``torch.func``: gradients as functions (``grad``, ``grad_and_value``,
``vjp``), batching (``vmap``) and calling a module with other parameters and buffers (``functional_call``).

The transforms run the function on fresh inputs that require grad and differentiate with
``autograd.grad``. Where an input already requires grad (an outer transform, or a caller's
graph), the result stays differentiable, so that ``grad(grad(f))`` gives second derivatives.
"""
from .autograd import grad as _autograd_grad
from .autograd.grad_mode import enable_grad
from .nn.module import Module
from .ops import stack
from .tensor import Tensor
from ._vmap import vmap  # noqa: F401

__all__ = ["functional_call", "grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian",
           "vmap"]


def grad(func, argnums=0, has_aux=False):
    """The function computing the gradient of scalar-valued ``func`` with respect to its
    arguments ``argnums`` (an int, or a tuple of ints: then a tuple of gradients); each such
    argument may be a Tensor or a dict, list or tuple of Tensors (the gradient has its structure).
    With ``has_aux``, ``func`` returns ``(output, aux)`` and the function ``(gradient, aux)``."""
    def grad_fn(*args, **kwargs):
        grads, value = grad_and_value(func, argnums, has_aux)(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads
    return grad_fn


def grad_and_value(func, argnums=0, has_aux=False):
    """As ``grad``, returning ``(gradient, output)`` (``(gradient, (output, aux))`` with ``has_aux``)."""
    def grad_and_value_fn(*args, **kwargs):
        nums = _argnums(argnums, len(args))
        with enable_grad():
            args = list(args)
            inputs, rebuilds, outer = [], [], False
            for i in nums:
                leaves, rebuild = _flatten(args[i])
                fresh, outer_here = _fresh(leaves)
                outer = outer or outer_here
                args[i] = rebuild(fresh)
                inputs.append(fresh)
                rebuilds.append(rebuild)
            out, aux = _split_aux(func(*args, **kwargs), has_aux, "grad_and_value(f)(*args)")
            if not isinstance(out, Tensor):
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got {type(out)}")
            if out.ndim != 0:
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {out.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs "
                                   "instead?")
            flat = [t for group in inputs for t in group]
            grads = _gradients(out, flat, None, outer) if out.requires_grad else [t * 0 for t in flat]
        grads = _regroup(grads, inputs, rebuilds)
        value = out if outer else out.detach()
        result = grads[0] if isinstance(argnums, int) else tuple(grads)
        return result, ((value, _detached(aux, outer)) if has_aux else value)
    return grad_and_value_fn


def vjp(func, *primals, has_aux=False):
    """``(func(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` gives the tuple of vector-Jacobian
    products with respect to each primal (``cotangents`` shaped like the output); with
    ``has_aux``, ``(output, vjp_fn, aux)``."""
    with enable_grad():
        inputs, rebuilds, fresh_primals, outer = [], [], [], False
        for p in primals:
            leaves, rebuild = _flatten(p)
            fresh, outer_here = _fresh(leaves)
            outer = outer or outer_here
            inputs.append(fresh)
            rebuilds.append(rebuild)
            fresh_primals.append(rebuild(fresh))
        out, aux = _split_aux(func(*fresh_primals), has_aux, "vjp(f, *primals)")
    out_leaves, _ = _flatten(out)
    flat = [t for group in inputs for t in group]

    def vjp_fn(cotangents):
        """The vector-Jacobian products of ``cotangents`` (structured like the output)."""
        cot_leaves, _ = _flatten(cotangents)
        with enable_grad():
            grads = _gradients(out_leaves, flat, cot_leaves, outer, retain_graph=True)
        return tuple(_regroup(grads, inputs, rebuilds))
    value = out if outer else _detached(out, False)
    return (value, vjp_fn, _detached(aux, outer)) if has_aux else (value, vjp_fn)


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), Jv)``: the output and its directional derivative along ``tangents``
    (structured like ``primals``; the product is structured like the output). minigrad has no
    forward mode: the product is the reverse pass of a reverse pass (``Jv = d/du (uᵀJ) v``), the
    same values. With ``has_aux``, ``(output, Jv, aux)``."""
    if not isinstance(primals, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    primal_leaves, rebuild = _flatten(primals)
    tangent_leaves, _ = _flatten(tangents) if isinstance(tangents, tuple) else ([], None)
    if not isinstance(tangents, tuple) or len(tangent_leaves) != len(primal_leaves):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           "structure.")
    for p, t in zip(primal_leaves, tangent_leaves):
        if p.shape != t.shape:
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                               f"Tensor, this is not supported. Tensor is of size {list(p.shape)} while the given "
                               f"forward gradient is of size {list(t.shape)}.")
    with enable_grad():
        fresh, outer = _fresh(primal_leaves)
        out, aux = _split_aux(func(*rebuild(fresh)), has_aux, "jvp(f, primals, tangents)")
        out_leaves, rebuild_out = _flatten(out)
        us = [o.detach() * 0 + 1 for o in out_leaves]  # (any values: uᵀJ is linear in u)
        for u in us:
            u.requires_grad_()
        firsts = _autograd_grad(out_leaves, fresh, us, create_graph=True, allow_unused=True)
        used = [(g, t) for g, t in zip(firsts, tangent_leaves) if g is not None]
        products = (_gradients([g for g, _ in used], us, [t for _, t in used], outer) if used
                    else [u.detach() * 0 for u in us])
    value = out if outer else _detached(out, False)
    result = (value, rebuild_out(products))
    return result + (_detached(aux, outer),) if has_aux else result


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` gives the directional derivative of
    ``func`` at ``primals`` along ``tangents`` (``jvp`` at those primals)."""
    out = _detached(func(*primals), False)

    def jvp_fn(*tangents):
        """The Jacobian-vector product at the linearization point."""
        return jvp(func, primals, tangents)[1]
    return out, jvp_fn


def jacrev(func, argnums=0, has_aux=False):
    """The function computing the Jacobian of Tensor-valued ``func`` with respect to its arguments
    ``argnums`` (shaped output.shape + input.shape), one vector-Jacobian product per output element."""
    def jac_fn(*args):
        nums = _argnums(argnums, len(args))

        def of_chosen(*chosen):
            full = list(args)
            for i, c in zip(nums, chosen):
                full[i] = c
            return func(*full)
        result = vjp(of_chosen, *[args[i] for i in nums], has_aux=has_aux)
        out, vjp_fn = result[:2]
        if not isinstance(out, Tensor):
            raise RuntimeError(f"jacrev(f)(*args): Expected f(*args) to return a Tensor, got {type(out)}")
        rows = []
        basis = out.detach().reshape(-1) * 0
        for k in range(out.numel()):
            e = basis.clone()
            e[k] = 1
            rows.append(vjp_fn(e.reshape(out.shape)))
        jacobians = tuple(_stack_rows([r[j] for r in rows], out, args[i]) for j, i in enumerate(nums))
        jac = jacobians[0] if isinstance(argnums, int) else jacobians
        return (jac, result[2]) if has_aux else jac
    return jac_fn


def jacfwd(func, argnums=0, has_aux=False):
    """The Jacobian as ``jacrev`` computes it (minigrad has no forward mode: the same values)."""
    return jacrev(func, argnums, has_aux)


def hessian(func, argnums=0):
    """The function computing the Hessian of scalar-valued ``func``: the Jacobian of its gradient."""
    return jacfwd(jacrev(func, argnums), argnums)


def _stack_rows(rows, out, primal):
    if not isinstance(primal, Tensor):
        raise ValueError("jacrev: each differentiated argument must be a Tensor")
    stacked = stack(rows) if rows else primal.new_zeros((0,) + tuple(primal.shape))
    return stacked.reshape(tuple(out.shape) + tuple(primal.shape))


def _argnums(argnums, n):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not nums or not all(isinstance(i, int) for i in nums):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    for i in nums:
        if not -n <= i < n:
            raise RuntimeError(f"Got argnums={i}, but only {n} positional inputs")
    return tuple(i % n for i in nums)


def _flatten(tree):
    """(the Tensors in ``tree``, a function building the same structure from new leaves)."""
    if isinstance(tree, Tensor):
        return [tree], lambda leaves: leaves[0]
    if isinstance(tree, dict):
        parts = {k: _flatten(v) for k, v in tree.items()}
        leaves = [t for k in tree for t in parts[k][0]]

        def rebuild_dict(new):
            out, i = {}, 0
            for k in tree:
                n = len(parts[k][0])
                out[k] = parts[k][1](new[i:i + n])
                i += n
            return out
        return leaves, rebuild_dict
    if isinstance(tree, (list, tuple)):
        parts = [_flatten(v) for v in tree]
        leaves = [t for p in parts for t in p[0]]

        def rebuild_sequence(new):
            out, i = [], 0
            for part in parts:
                n = len(part[0])
                out.append(part[1](new[i:i + n]))
                i += n
            return type(tree)(out) if isinstance(tree, list) else tuple(out)
        return leaves, rebuild_sequence
    raise ValueError(f"Expected a Tensor or a dict, list or tuple of Tensors, got {type(tree).__name__}")


def _fresh(leaves):
    """Inputs to differentiate with respect to: views of Tensors that already require grad (so the
    result stays differentiable for an outer transform), detached copies of the others."""
    outer = any(t.requires_grad for t in leaves)
    return [t.view_as(t) if t.requires_grad else t.detach().requires_grad_() for t in leaves], outer


def _split_aux(result, has_aux, where):
    if not has_aux:
        return result, None
    if not (isinstance(result, tuple) and len(result) == 2):
        raise RuntimeError(f"{where}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return result


def _gradients(outputs, inputs, grad_outputs, outer, retain_graph=None):
    """autograd.grad, with zeros for inputs the outputs do not depend on."""
    grads = _autograd_grad(outputs, inputs, grad_outputs, retain_graph=retain_graph, create_graph=outer,
                           allow_unused=True)
    return [t.detach() * 0 if g is None else g for t, g in zip(inputs, grads)]


def _regroup(grads, inputs, rebuilds):
    out, i = [], 0
    for group, rebuild in zip(inputs, rebuilds):
        out.append(rebuild(grads[i:i + len(group)]))
        i += len(group)
    return out


def _detached(tree, outer):
    if outer or tree is None:
        return tree
    try:
        leaves, rebuild = _flatten(tree)
    except ValueError:
        return tree  # (aux values that are not Tensors pass as they are)
    return rebuild([t.detach() for t in leaves])


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """Call ``module(*args, **kwargs)`` with the tensors of ``parameter_and_buffer_dicts`` (a dict of
    dotted names to tensors, or a tuple of such dicts) in place of its parameters and buffers of
    those names, then put the module's own back (also when the call raises).

    With ``tie_weights``, a tensor given for one of several names of one shared parameter stands
    for all of them. With ``strict``, every parameter and buffer must be given, and nothing else.
    """
    if not isinstance(module, Module):
        raise TypeError(f"functional_call(): expected an nn.Module, got {type(module).__name__}")
    dicts = parameter_and_buffer_dicts
    if isinstance(dicts, dict):
        dicts = (dicts,)
    given = {}
    repeated = []
    for d in dicts:
        for key, value in d.items():
            if key in given:
                repeated.append(key)
            given[key] = value
    if repeated:
        raise ValueError(f"{sorted(set(repeated))} appeared in multiple dictionaries; behavior of functional call "
                         "is ambiguous")
    names = _state_names(module)
    if tie_weights:
        given = _with_tied_names(given, names)
    if strict:
        _check_strict(module, given, names)
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    swapped = [_swap(module, key, value) for key, value in given.items()]
    try:
        return module(*args, **(kwargs or {}))
    finally:
        for restore in reversed(swapped):
            restore()


def _state_names(module):
    """Every dotted name of a parameter or buffer (shared ones under each of their names) -> its tensor."""
    names = {}
    for prefix, mod in module.named_modules(remove_duplicate=False):
        dot = prefix + "." if prefix else ""
        for store in (mod._parameters, mod._buffers):
            for name, t in store.items():
                if t is not None:
                    names[dot + name] = t
    return names


def _with_tied_names(given, names):
    """``given`` extended to every other name of a shared tensor one of whose names it sets."""
    by_tensor = {}
    for name, t in names.items():
        by_tensor.setdefault(id(t), []).append(name)
    out = dict(given)
    for key, value in given.items():
        if key not in names:
            continue
        for other in by_tensor[id(names[key])]:
            if other in given and given[other] is not value:
                raise ValueError(f"functional_call got multiple values for keys ['{key}', '{other}'], which are "
                                 "tied. Consider using tie_weights=False")
            out[other] = value
    return out


def _check_strict(module, given, names):
    missing = sorted(k for k in names if k not in given)
    unexpected = sorted(k for k in given if k not in names)
    if missing or unexpected:
        parts = []
        if unexpected:
            parts.append("Unexpected key(s): {}.".format(", ".join(repr(k) for k in unexpected)))
        if missing:
            parts.append("Missing key(s): {}.".format(", ".join(repr(k) for k in missing)))
        raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(type(module).__name__,
                                                                              "\n\t".join(parts)))


def _swap(module, key, value):
    """Put ``value`` at dotted name ``key``; returns the function that puts back what was there."""
    path, _, name = key.rpartition(".")
    mod = module.get_submodule(path)
    for store in (mod._parameters, mod._buffers):
        if name in store:
            old = store[name]
            store[name] = value

            def restore(store=store, old=old):
                store[name] = old
            return restore
    missing = object()
    old = mod.__dict__.get(name, missing)
    mod.__dict__[name] = value  # (a name the module does not have: an attribute for the call)

    def restore_attribute():
        if old is missing:
            mod.__dict__.pop(name, None)
        else:
            mod.__dict__[name] = old
    return restore_attribute
