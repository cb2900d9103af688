"""``torch.func``'s Jacobians: ``jacrev`` (one vector-Jacobian product per output element),
``jacfwd`` (the same values with forward mode's types, or a ``jvp`` per column where ``func``'s
random draws must differ between columns) and ``hessian``; the blocks nested as PyTorch's."""
import functools

from .autograd.forward_ad import _check_dual
from .autograd.function import transform_level
from .ops import stack
from .random import get_rng_state
from .tensor import Tensor
from ._func_level import _argnums
from ._func_products import _vjp, jvp
from ._pytree import tree_flatten, tree_unflatten
from ._vmap import _RANDOM_IN_ERROR_MODE


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
