"""``minigrad.func``, as ``torch.func``: gradients as functions (``grad``, ``grad_and_value``,
``vjp``), batching (``vmap``) and calling a module with other parameters and buffers (``functional_call``;
``stack_module_state`` stacks an ensemble's, for ``vmap`` over ``functional_call``;
``replace_all_batch_norm_modules_`` makes batch norms fit for ``vmap``), and ``functionalize``.

The transforms run the function on fresh inputs that require grad and differentiate with
``autograd.grad``. Where an input already requires grad (an outer transform, or a caller's
graph), the result stays differentiable, so that ``grad(grad(f))`` gives second derivatives.
"""
import functools

from .autograd import grad as _autograd_grad
from .autograd.forward_ad import _check_dual
from .autograd.function import transform_level
from .autograd.grad_mode import enable_grad, is_grad_enabled
from .autograd.node import AccumulateGrad
from .ops import stack
from .random import get_rng_state
from .tensor import Tensor
from ._conversions import contiguous_format
from ._pytree import tree_flatten, tree_unflatten, treespec_pprint
from ._vmap import _RANDOM_IN_ERROR_MODE, vmap  # noqa: F401
from ._func_modules import functional_call, replace_all_batch_norm_modules_, stack_module_state  # noqa: F401

__all__ = ["functional_call", "stack_module_state", "grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian",
           "vmap", "functionalize", "replace_all_batch_norm_modules_"]


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


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """The function computing the Jacobian of ``func`` with respect to its arguments ``argnums``
    (an int, or a tuple of ints: then a tuple per output), one vector-Jacobian product per output
    element. For an output ``o`` and a Tensor ``p`` of the arguments the block is shaped
    ``o.shape + p.shape``; outputs and arguments may be nested tuples, lists and dicts, and the
    result nests the arguments' structure inside the outputs'. ``chunk_size`` only bounds
    memory in PyTorch (minigrad computes the rows one at a time): it is checked, not used."""
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    @functools.wraps(func)
    def jac_fn(*args):
        _error_if_complex("jacrev", args, "inputs")
        return _jacobian(func, args, argnums, has_aux)
    return jac_fn


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """The Jacobian as ``jacrev`` computes it (minigrad has no forward mode: the same values), with
    forward mode's types: each block in its output's dtype, zeros for an integer output, and the
    arguments differentiated must be floating point or complex (ValueError). ``randomness`` is
    ``vmap``'s over the Jacobian's columns: "error" refuses random ops in ``func``, "same" draws
    once for all columns, "different" draws afresh for each column (``func`` runs once per column)."""
    @functools.wraps(func)
    def jac_fn(*args):
        _error_if_complex("jacfwd", args, "inputs")
        if randomness not in ("error", "different", "same"):  # (checked at the call, as PyTorch's vmap checks it)
            raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. "
                               f"Got {randomness}")
        for p in tree_flatten(tuple(args[i] for i in _argnums(argnums, len(args))))[0]:
            if isinstance(p, Tensor):
                _check_dual(p)
        if randomness == "different":
            return _jacobian_by_columns(func, args, argnums, has_aux)
        start = get_rng_state() if randomness == "error" else None
        jac = _jacobian(func, args, argnums, has_aux, forward=True)
        if start is not None and not get_rng_state().equal(start):
            raise RuntimeError(_RANDOM_IN_ERROR_MODE)
        return jac
    return jac_fn


def hessian(func, argnums=0):
    """The function computing the Hessian of scalar-valued ``func``: the Jacobian of its gradient."""
    return jacfwd(jacrev(func, argnums), argnums)


def _jacobian(func, args, argnums, has_aux, forward=False):
    """The Jacobian of ``func`` at ``args`` as jacrev returns it (see there); ``forward``: as jacfwd
    (whose ``func`` PyTorch runs under vmap)."""
    with transform_level(vmapped=forward):
        result = _vjp(func, args, argnums, has_aux, floating=not forward)
    out, vjp_fn = result[:2]
    out_leaves, out_spec = tree_flatten(out)
    _error_if_complex("jacfwd" if forward else "jacrev", out_leaves, "outputs")
    primal_leaves, primal_spec = tree_flatten(tuple(args[i] for i in _argnums(argnums, len(args))))
    blocks = []  # per output: the flat list of its blocks, one per primal leaf
    for j, o in enumerate(out_leaves):
        if not (o.dtype.is_floating_point or o.dtype.is_complex):  # (forward mode's: its tangents are zeros)
            blocks.append([o.new_zeros(tuple(o.shape) + tuple(p.shape)) for p in primal_leaves])
            continue
        rows = []
        for k in range(o.numel()):
            cot = [x.detach().new_zeros(x.shape) for x in out_leaves]
            cot[j].view(-1)[k] = 1
            rows.append(tree_flatten(vjp_fn(tree_unflatten(cot, out_spec)))[0])
        blocks.append([_stack_rows([r[i] for r in rows], o, p) for i, p in enumerate(primal_leaves)])
        if forward:  # (forward mode's tangents are in the output's dtype, reverse mode's in the input's)
            blocks[-1] = [b.to(o.dtype) for b in blocks[-1]]
    return _nest_blocks(blocks, out_spec, primal_spec, argnums, result[2] if has_aux else None, has_aux)


def _error_if_complex(name, tree, what):
    """PyTorch's refusal of complex Tensors among the leaves of ``tree`` (the Jacobians are of real
    functions); ``what``: "inputs" or "outputs"."""
    for i, leaf in enumerate(tree_flatten(tree)[0]):
        if isinstance(leaf, Tensor) and leaf.dtype.is_complex:
            raise RuntimeError(f"{name}: Expected all {what} to be real but received complex tensor at flattened "
                               f"input idx: {i}")


def _nest_blocks(blocks, out_spec, primal_spec, argnums, aux, has_aux):
    """The Jacobian from its blocks (per output leaf, one per primal leaf), nested as jacrev's."""
    per_output = [tree_unflatten(b, primal_spec) for b in blocks]
    if isinstance(argnums, int):
        per_output = [p[0] for p in per_output]
    jac = tree_unflatten(per_output, out_spec)
    return (jac, aux) if has_aux else jac


def _jacobian_by_columns(func, args, argnums, has_aux):
    """jacfwd's Jacobian one column at a time: a ``jvp`` along each element of each primal, so that
    ``func``'s random draws differ between columns (aux: the first column's, as PyTorch's)."""
    nums = _argnums(argnums, len(args))
    primal_leaves, primal_spec = tree_flatten(tuple(args[i] for i in nums))
    columns, aux = [], None  # per primal leaf: its columns, each the flat list of the outputs' tangents

    def of_leaves(*leaves):  # (func of the chosen arguments' leaves)
        chosen = tree_unflatten(list(leaves), primal_spec)
        return func(*[chosen[nums.index(i)] if i in nums else a for i, a in enumerate(args)])
    for i, p in enumerate(primal_leaves):
        columns.append([])
        for k in range(p.numel()):
            tangents = [q.detach().new_zeros(q.shape) for q in primal_leaves]
            tangents[i].view(-1)[k] = 1
            with transform_level(vmapped=True):  # (PyTorch vmaps jacfwd's jvp over the columns)
                result = jvp(of_leaves, tuple(primal_leaves), tuple(tangents), has_aux=has_aux)
            _error_if_complex("jacfwd", result[0], "outputs")
            out_leaves, out_spec = tree_flatten(result[0])
            columns[i].append(tree_flatten(result[1])[0])
            if has_aux and aux is None:
                aux = result[2]
    blocks = [[_stack_columns([c[j] for c in cols], o, p) for cols, p in zip(columns, primal_leaves)]
              for j, o in enumerate(out_leaves)]
    return _nest_blocks(blocks, out_spec, primal_spec, argnums, aux, has_aux)


def _stack_columns(columns, out, primal):
    stacked = stack(columns, out.ndim) if columns else out.new_zeros(tuple(out.shape) + (0,))
    return stacked.reshape(tuple(out.shape) + tuple(primal.shape))


def _stack_rows(rows, out, primal):
    from .ops import stack
    stacked = stack(rows) if rows else primal.new_zeros((0,) + tuple(primal.shape))
    return stacked.reshape(tuple(out.shape) + tuple(primal.shape))


def _argnums(argnums, n):
    """``argnums`` checked and made non-negative (a tuple of them), with PyTorch's errors."""
    if not isinstance(argnums, (int, tuple)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    nums = tuple(_argnum(i, n) for i in ((argnums,) if isinstance(argnums, int) else argnums))
    if isinstance(argnums, tuple):
        if not nums:
            raise RuntimeError("argnums must be non-empty")
        if len(set(nums)) != len(nums):
            raise RuntimeError(f"argnums elements must be unique, got {nums}")
    return nums


def _argnum(i, n):
    if not isinstance(i, int):
        raise RuntimeError(f"argnum must be int, got: {type(i)}")
    if not -n <= i < n:
        raise RuntimeError(f"Got argnum={i}, but only {n} positional inputs")
    return i % n


def _differentiable_args(args, argnums):
    """(``args`` with the chosen ones (``argnums``, None: all, as a tuple) made into inputs to
    differentiate with respect to, those inputs in order, and the structure of the chosen)."""
    args = list(args)
    nums = range(len(args)) if argnums is None else _argnums(argnums, len(args))
    chosen = [args[i] for i in nums]
    leaves, spec = tree_flatten(chosen[0] if isinstance(argnums, int) else tuple(chosen))
    for t in leaves:
        if not isinstance(t, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(t)}")
    fresh = [_fresh(t) for t in leaves]
    rebuilt = [tree_unflatten(fresh, spec)] if isinstance(argnums, int) else tree_unflatten(fresh, spec)
    for i, value in zip(nums, rebuilt):
        args[i] = value
    return tuple(args), fresh, spec


def _fresh(t):
    """An input to differentiate with respect to: a view of a Tensor that already requires grad (so
    the result stays differentiable for an outer transform or caller), a detached copy of another."""
    return t.view_as(t) if t.requires_grad else t.detach().requires_grad_()


class _Level:
    """The fresh inputs of one transform, and how its results leave it: as PyTorch unwraps them,
    a result stays in the graph only where it depends on a Tensor requiring grad outside (an
    outer input, a Tensor the function closes over); else it is detached."""

    def __init__(self, fresh):
        self.fresh = {id(t) for t in fresh if t._node is None}

    def reaches_outside(self, tensors):
        """Whether any of ``tensors`` depends on a Tensor requiring grad other than the fresh inputs."""
        stack, seen = [], set()
        for t in (tensors if isinstance(tensors, (list, tuple)) else [tensors]):
            if t._node is not None:
                stack.append(t._node)
            elif t._rg and id(t) not in self.fresh:
                return True
        while stack:
            node = stack.pop()
            if node.__class__ is AccumulateGrad:
                leaf = node.leaf()
                if leaf is not None and id(leaf) not in self.fresh:
                    return True
                continue
            for edge in node.next:
                if edge is not None and edge not in seen:
                    seen.add(edge)
                    stack.append(edge)
        return False

    def unwrap(self, t, like=None):
        """Result ``t`` as it leaves the transform (None: zeros shaped like ``like``, not depending on it)."""
        if t is None:
            return like.detach().new_zeros(like.shape)
        return t if self.reaches_outside(t) else t.detach()

    def unwrap_tree(self, tree):
        """``unwrap`` for each leaf of ``tree`` (an aux value), which must be Tensors."""
        leaves, spec = tree_flatten(tree)
        for t in leaves:
            if not isinstance(t, Tensor):
                raise RuntimeError(f"Expected tensors, got unsupported type {type(t)}")
        return tree_unflatten([self.unwrap(t) for t in leaves], spec)


def _check_outputs(leaves, where, floating=True):
    """PyTorch's errors for outputs that are no Tensors, none at all, or (``floating``) not floating-point."""
    if not leaves or (len(leaves) == 1 and leaves[0] is None):
        raise RuntimeError(f"{where}: Expected f to be a function that has non-empty output (got output = "
                           f"{leaves})")
    for o in leaves:
        if not isinstance(o, Tensor):
            raise RuntimeError(f"{where}: expected f(*primals) to return only tensors, got unsupported type "
                               f"{type(o)}")
    for o in leaves if floating else ():
        if not (o.dtype.is_floating_point or o.dtype.is_complex):
            raise RuntimeError(f"{where.split('(')[0]}(f, ...): All outputs of f must be floating-point or complex "
                               f"Tensors, got Tensor with dtype {o.dtype}")


def _split_aux(result, has_aux, where):
    if not has_aux:
        return result, None
    if not (isinstance(result, tuple) and len(result) == 2):
        raise RuntimeError(f"{where}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return result


def _gradients(outputs, inputs, grad_outputs, create_graph, retain_graph=None):
    """autograd.grad, with None for inputs the outputs do not depend on (outputs that do not
    require grad, and their ``grad_outputs``, left out)."""
    keep = [i for i, o in enumerate(outputs) if o.requires_grad]
    if not keep:
        return [None] * len(inputs)
    if grad_outputs is not None:
        grad_outputs = [grad_outputs[i] for i in keep]
    return list(_autograd_grad([outputs[i] for i in keep], inputs, grad_outputs, retain_graph=retain_graph,
                               create_graph=create_graph, allow_unused=True))


def functionalize(func, *, remove="mutations"):
    """``func`` as PyTorch's functionalization returns it. In eager mode that changes no value:
    in-place ops still act on the inputs they mutate. With ``remove="mutations_and_views"`` the
    outputs are no views (a view is returned as a contiguous copy), as PyTorch's ``view_copy`` ops
    give them; ``remove="mutations"`` leaves them as ``func`` returns them."""
    if remove not in ("mutations", "mutations_and_views"):
        raise RuntimeError(f"functionalize(f, remove='mutations'): received invalid argument for remove={remove}. "
                           "Valid options are:\n     remove='mutations': all inplace and out= operators will be "
                           "removed from the program, and replaced with their out-of-place equivalents.\n     "
                           "remove='mutations_and_views': In addition to the above, all aliasing operators {view} "
                           "will be replaced with their non-aliasing counterparts, {view}_copy.\n")

    @functools.wraps(func)
    def functionalized(*args, **kwargs):
        out = func(*args, **kwargs)
        if remove == "mutations":
            return out
        leaves, spec = tree_flatten(out)
        return tree_unflatten([t.clone(memory_format=contiguous_format)
                               if isinstance(t, Tensor) and t._base is not None else t for t in leaves], spec)
    return functionalized
