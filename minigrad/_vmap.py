"""``vmap``: a function of one example mapped over a batch dimension, as ``torch.vmap``.

minigrad runs the function once per example and stacks the results: the values and gradients
are those of PyTorch's batched rules, at the speed of a Python loop (write the batched form
where speed matters).
"""
import functools

from .ops import stack
from .random import get_rng_state, set_rng_state
from .tensor import Tensor

_RANDOMNESS = ("error", "different", "same")


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """``func`` mapped over dimension ``in_dims`` of its Tensor arguments (an int for all, or a
    tuple with one entry per argument, nested like it; None: not mapped); the results are stacked
    along ``out_dims``. ``randomness``: "error" refuses random ops inside, "same" gives every
    example the same draws, "different" draws afresh for each."""
    if randomness not in _RANDOMNESS:
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. "
                           f"Got {randomness}")
    name = getattr(func, "__name__", repr(func))

    @functools.wraps(func)
    def mapped(*args, **kwargs):
        where = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
        dims = _dims_per_argument(in_dims, args, where)
        sizes = []
        for arg, dim in zip(args, dims):
            _visit(arg, dim, lambda t, d: sizes.append(t.shape[d]), where)
        if not sizes:
            raise ValueError(f"{where}: at least one input must be mapped over (got in_dims={in_dims}); "
                             "use the function directly instead of vmap")
        if len(set(sizes)) > 1:
            raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                             f"{sizes} for the mapped dimension")
        results = []
        start = get_rng_state() if randomness != "different" else None
        for i in range(sizes[0]):
            if randomness == "same":
                set_rng_state(start)
            example = [_visit(arg, dim, lambda t, d: t.select(d, i), where) for arg, dim in zip(args, dims)]
            results.append(func(*example, **kwargs))
            if randomness == "error" and not get_rng_state().equal(start):
                raise RuntimeError("vmap: called random operation while in randomness error mode. Please either use "
                                   "the 'same' or 'different' randomness flags on vmap or perform the randomness "
                                   "operation out of vmap")
        return _stack_results(results, out_dims, name)
    return mapped


def _dims_per_argument(in_dims, args, where):
    if isinstance(in_dims, int) and not isinstance(in_dims, bool):
        return [in_dims] * len(args)
    if not isinstance(in_dims, (tuple, list)):
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) tuple matching the "
                         f"structure of inputs, got: {type(in_dims)}.")
    if len(in_dims) != len(args):
        raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`: in_dims has "
                         f"{len(in_dims)} entries but there are {len(args)} inputs.")
    return list(in_dims)


def _visit(arg, dim, fn, where):
    """``arg`` with ``fn(tensor, dim)`` applied to each Tensor mapped over (``dim`` an int for every
    leaf of ``arg``, None, or nested like ``arg``)."""
    if dim is None:
        return arg
    if isinstance(dim, (tuple, list)):
        if not isinstance(arg, (tuple, list)) or len(arg) != len(dim):
            raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`.")
        return type(arg)(_visit(a, d, fn, where) for a, d in zip(arg, dim))
    if isinstance(arg, Tensor):
        if not -arg.ndim <= dim < arg.ndim or arg.ndim == 0:
            raise ValueError(f"{where}: Got in_dim={dim} for some input, but that input is a Tensor of dimensionality "
                             f"{arg.ndim} so expected in_dim to satisfy -{arg.ndim} <= in_dim < {arg.ndim}.")
        return fn(arg, dim % arg.ndim)
    if isinstance(arg, (tuple, list)):
        return type(arg)(_visit(a, dim, fn, where) for a in arg)
    if isinstance(arg, dict):
        return {k: _visit(v, dim, fn, where) for k, v in arg.items()}
    raise ValueError(f"{where}: Got in_dim={dim} for an input but the input is of type {type(arg)}. We cannot "
                     "vmap over non-Tensor arguments, please use None as the respective in_dim")


def _stack_results(results, out_dims, name):
    """The per-example results stacked along ``out_dims`` (nested like the results)."""
    first = results[0]
    if isinstance(first, (tuple, list)) and not isinstance(out_dims, int):
        if out_dims is None or len(out_dims) != len(first):
            raise ValueError(f"vmap({name}, ...): out_dims is not compatible with the structure of `outputs`.")
        parts = [_stack_results([r[j] for r in results], d, name) for j, d in enumerate(out_dims)]
        return type(first)(parts) if isinstance(first, list) else tuple(parts)
    if isinstance(first, (tuple, list)):
        parts = [_stack_results([r[j] for r in results], out_dims, name) for j in range(len(first))]
        return type(first)(parts) if isinstance(first, list) else tuple(parts)
    if isinstance(first, dict):
        return {k: _stack_results([r[k] for r in results], out_dims, name) for k in first}
    if out_dims is None:
        return first
    if not isinstance(first, Tensor):
        raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(first)}. Did you "
                         "mean to set out_dims= to None for output?")
    nd = first.ndim + 1
    if not -nd <= out_dims < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {out_dims})")
    return stack(results, out_dims)
