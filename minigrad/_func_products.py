"""``torch.func``'s gradients and products as functions: ``grad`` and ``grad_and_value``, ``vjp``, and
``jvp`` and ``linearize`` (the directional derivative as the reverse pass of a reverse pass).

Each runs the function on fresh inputs that require grad and differentiates with ``autograd.grad``
(``_func_level.py``). Where an input already requires grad (an outer transform, or a caller's
graph), the result stays differentiable, so that ``grad(grad(f))`` gives second derivatives."""
import functools

from .autograd.forward_ad import _check_dual
from .autograd.function import transform_level
from .autograd.grad_mode import enable_grad, is_grad_enabled
from .tensor import Tensor
from ._func_level import _Level, _check_outputs, _differentiable_args, _gradients, _split_aux
from ._pytree import tree_flatten, tree_unflatten, treespec_pprint


def grad(func, argnums=0, has_aux=False):
    """The function computing the gradient of scalar-valued ``func`` with respect to its
    arguments ``argnums`` (an int, or a tuple of ints: then a tuple of gradients); each such
    argument may be a Tensor or a dict, list or tuple of Tensors (the gradient has its structure).
    With ``has_aux``, ``func`` returns ``(output, aux)`` and the function ``(gradient, aux)``."""
    @functools.wraps(func)
    def grad_fn(*args, **kwargs):
        grads, value = grad_and_value(func, argnums, has_aux)(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads
    return grad_fn


def grad_and_value(func, argnums=0, has_aux=False):
    """As ``grad``, returning ``(gradient, output)`` (``(gradient, (output, aux))`` with ``has_aux``).

    As PyTorch's, the results depend on Tensors requiring grad outside the call (an input that
    requires grad, a Tensor the function closes over) and on nothing else: they are
    differentiable with respect to those."""
    @functools.wraps(func)
    def grad_and_value_fn(*args, **kwargs):
        with enable_grad():
            args, fresh, spec = _differentiable_args(args, argnums)
            with transform_level():
                result = func(*args, **kwargs)
            out, aux = _split_aux(result, has_aux, "grad_and_value(f)(*args)")
            if not isinstance(out, Tensor):
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got {type(out)}")
            if out.ndim != 0:
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {out.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs "
                                   "instead?")
            inner = _Level(fresh)
            outer = inner.reaches_outside(out)
            grads = _gradients([out], fresh, None, outer) if out.requires_grad else [None] * len(fresh)
        grads = tree_unflatten([inner.unwrap(g, t) for g, t in zip(grads, fresh)], spec)
        value = inner.unwrap(out)
        return grads, ((value, inner.unwrap_tree(aux)) if has_aux else value)
    return grad_and_value_fn


def vjp(func, *primals, has_aux=False):
    """``(func(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` gives the tuple of vector-Jacobian
    products with respect to each primal (``cotangents`` structured like the output); with
    ``has_aux``, ``(output, vjp_fn, aux)``."""
    return _vjp(func, primals, None, has_aux)


def _vjp(func, primals, argnums, has_aux, floating=True):
    """``vjp`` with respect to the primals ``argnums`` (None: all, as a tuple), as PyTorch's
    ``_vjp_with_argnums`` that jacrev calls; ``floating``: refuse integer outputs."""
    with enable_grad():
        args, fresh, spec = _differentiable_args(primals, argnums)
        with transform_level():
            result = func(*args)
        out, aux = _split_aux(result, has_aux, "vjp(f, *primals)")
        out_leaves, out_spec = tree_flatten(out)
        _check_outputs(out_leaves, "vjp(f, *primals)", floating)
        inner = _Level(fresh)
        outer = inner.reaches_outside(out_leaves)
        aux = inner.unwrap_tree(aux) if has_aux else None

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        """The vector-Jacobian products of ``cotangents`` (structured like the output)."""
        cot_leaves, cot_spec = tree_flatten(cotangents)
        if cot_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of "
                               f"outputs to the function. cotangents: {treespec_pprint(cot_spec)}, primal output: "
                               f"{treespec_pprint(out_spec)}")
        create = outer and (is_grad_enabled() if create_graph is None else create_graph)
        with enable_grad():
            grads = _gradients(out_leaves, fresh, cot_leaves, create, retain_graph=retain_graph)
        return tree_unflatten([inner.unwrap(g, t) for g, t in zip(grads, fresh)], spec)
    value = tree_unflatten([inner.unwrap(o) for o in out_leaves], out_spec)
    return (value, vjp_fn, aux) if has_aux else (value, vjp_fn)


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), Jv)``: the output and its directional derivative along ``tangents``
    (structured like ``primals``; the product is structured like the output). minigrad has no
    forward mode: the product is the reverse pass of a reverse pass (``Jv = d/du (uᵀJ) v``), the
    same values. With ``has_aux``, ``(output, Jv, aux)``."""
    if not isinstance(primals, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    primal_leaves, primal_spec = tree_flatten(primals)
    tangent_leaves, tangent_spec = tree_flatten(tangents)
    if not isinstance(tangents, tuple) or tangent_spec != primal_spec:
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got "
                           f"primals with structure {primal_spec} and tangents with structure {tangent_spec}")
    for what, leaves in (("primals", primal_leaves), ("tangents", tangent_leaves)):
        if not leaves:
            raise RuntimeError(f"jvp(f, primals, tangents): Expected {what} to contain at least one Tensor.")
        for t in leaves:
            if not isinstance(t, Tensor):
                raise RuntimeError(f"jvp(f, primals, tangents): Expected {what} to only contain Tensors, got {type(t)}")
    for p, t in zip(primal_leaves, tangent_leaves):
        _check_dual(p, t)
    with enable_grad():
        args, fresh, _ = _differentiable_args(primals, None)
        with transform_level():
            result = func(*args)
        out, aux = _split_aux(result, has_aux, "jvp(f, primals, tangents)")
        out_leaves, rebuild_spec = tree_flatten(out)
        _check_outputs(out_leaves, "jvp(f, primals, tangents)", floating=False)
        inner = _Level(fresh)
        # (a tangent requiring grad makes the product differentiable with respect to it, as in PyTorch)
        outer = inner.reaches_outside(out_leaves) or any(t.requires_grad for t in tangent_leaves)
        # (outputs off the graph, integer ones among them, have zero tangents: left out)
        us = [o.detach().new_ones(o.shape).requires_grad_() if o.requires_grad else None for o in out_leaves]
        kept = [i for i, u in enumerate(us) if u is not None]  # (u's values do not matter: uᵀJ is linear in u)
        firsts = _gradients([out_leaves[i] for i in kept], fresh, [us[i] for i in kept], True)
        used = [(g, t) for g, t in zip(firsts, tangent_leaves) if g is not None]
        products = [None] * len(us)
        if used:
            for i, p in zip(kept, _gradients([g for g, _ in used], [us[i] for i in kept], [t for _, t in used],
                                             outer)):
                products[i] = p
    products = [inner.unwrap(p, o) for p, o in zip(products, out_leaves)]
    result = (tree_unflatten([inner.unwrap(o) for o in out_leaves], rebuild_spec),
              tree_unflatten(products, rebuild_spec))
    return result + (inner.unwrap_tree(aux),) if has_aux else result


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` gives the directional derivative of
    ``func`` at ``primals`` along ``tangents`` (``jvp`` at those primals); the tangents must be
    structured as the primals, each of its primal's shape, device and dtype."""
    primal_leaves, primal_spec = tree_flatten(primals)
    for p in primal_leaves:
        _check_dual(p)
    with transform_level():
        out = func(*primals)
    out = _Level([]).unwrap_tree(out)  # (as PyTorch: the output detached where nothing outside requires grad)

    def jvp_fn(*tangents):
        """The Jacobian-vector product at the linearization point."""
        tangent_leaves, tangent_spec = tree_flatten(tangents)
        if tangent_spec != primal_spec:
            raise RuntimeError(f"Expected the tangents {tangent_spec} to have the same argspec as the primals "
                               f"{primal_spec}")
        for i, (p, t) in enumerate(zip(primal_leaves, tangent_leaves)):
            for what in ("shape", "device", "dtype"):
                if getattr(t, what) != getattr(p, what):
                    raise RuntimeError(f"tangent:{i} with {what} {getattr(t, what)} in flattened pytree doesn't match "
                                       f"the {what} {getattr(p, what)} of the corresponding primal.")
        return jvp(func, primals, tangents)[1]
    return out, jvp_fn
