"""``vmap``: a function of one example mapped over a batch dimension, as ``torch.vmap``.

minigrad runs the function once per example and stacks the results: the values and gradients
are those of PyTorch's batched rules, at the speed of a Python loop (write the batched form
where speed matters).
"""
import functools

from .autograd.function import transform_level
from .ops import cat, stack
from .random import get_rng_state, set_rng_state
from .tensor import Tensor
from ._pytree import broadcast_to_and_flatten, tree_flatten, tree_unflatten

_RANDOMNESS = ("error", "different", "same")
_RANDOM_IN_ERROR_MODE = ("vmap: called random operation while in randomness error mode. Please either use the 'same' "
                         "or 'different' randomness flags on vmap or perform the randomness operation out of vmap")


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """``func`` mapped over dimension ``in_dims`` of its Tensor arguments (an int for all, or a
    tuple with one entry per argument, nested like it, dicts included; an int or None stands for
    a whole subtree; None: not mapped); the results are stacked along ``out_dims`` (nested like
    the results, likewise). ``randomness``: "error" refuses random ops inside, "same" gives every
    example the same draws, "different" draws afresh for each. ``chunk_size`` only bounds memory
    in PyTorch (minigrad maps one example at a time): it is checked, not used."""
    if randomness not in _RANDOMNESS:
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. "
                           f"Got {randomness}")
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    name = _name(func)

    @functools.wraps(func)
    def mapped(*args, **kwargs):
        _check_out_dims(out_dims, name)
        size, dims, leaves, spec = _mapped_inputs(in_dims, args, name)
        results = []
        start = get_rng_state() if randomness != "different" or not size else None
        for i in range(size or 1):  # (no examples: once on a stand-in, as PyTorch runs func once on none)
            if randomness == "same":
                set_rng_state(start)
            example = [t if d is None else t.select(d, i) if size else _stand_in(t, d) for t, d in zip(leaves, dims)]
            with transform_level(vmapped=True):
                results.append(func(*tree_unflatten(example, spec), **kwargs))
            if randomness == "error" and not get_rng_state().equal(start):
                raise RuntimeError(_RANDOM_IN_ERROR_MODE)
        if not size and randomness == "different":
            set_rng_state(start)  # (PyTorch draws nothing for no examples)
        return _stack_results(results, out_dims, name, size)
    return mapped


def _name(func):
    """The name PyTorch's messages give ``func``."""
    if hasattr(func, "__name__"):
        return func.__name__
    if isinstance(func, functools.partial):
        return f"functools.partial({_name(func.func)}, ...)"
    return repr(func)


def _mapped_inputs(in_dims, args, name):
    """(the batch size, the flat in_dims (non-negative or None), the flat arguments, their
    structure), with PyTorch's errors."""
    where = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) tuple matching the "
                         f"structure of inputs, got: {type(in_dims)}.")
    if not args:
        raise ValueError(f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying "
                         "to vmap over a function with no inputs. The latter is unsupported.")
    leaves, spec = tree_flatten(args)
    dims = broadcast_to_and_flatten(in_dims, spec)
    if dims is None:
        raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`. in_dims has structure "
                         f"{tree_flatten(in_dims)[1]} but inputs has structure {spec}.")
    for i, (arg, dim) in enumerate(zip(leaves, dims)):
        if dim is not None and not isinstance(dim, int):
            raise ValueError(f"{where}: Got in_dim={dim} for an input but in_dim must be either an integer dimension "
                             "or None.")
        if dim is not None and not isinstance(arg, Tensor):
            raise ValueError(f"{where}: Got in_dim={dim} for an input but the input is of type {type(arg)}. We cannot "
                             "vmap over non-Tensor arguments, please use None as the respective in_dim")
        if dim is not None and not -arg.ndim <= dim < arg.ndim:
            raise ValueError(f"{where}: Got in_dim={dim} for some input, but that input is a Tensor of dimensionality "
                             f"{arg.ndim} so expected in_dim to satisfy -{arg.ndim} <= in_dim < {arg.ndim}.")
        if dim is not None and dim < 0:
            dims[i] = dim % arg.ndim
    sizes = []
    for arg, dim in zip(leaves, dims):
        if isinstance(dim, bool):  # (as PyTorch's size(dim) refuses it)
            raise TypeError("size(): argument 'dim' (position 1) must be int, not bool")
        if dim is not None:
            sizes.append(arg.shape[dim])
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(s != sizes[0] for s in sizes):
        raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    return sizes[0], dims, leaves, spec


def _check_out_dims(out_dims, name):
    if isinstance(out_dims, int):
        return
    for d in tree_flatten(out_dims)[0]:
        if d is not None and not isinstance(d, int):
            raise ValueError(f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an int, None or a python "
                             "collection of ints representing where in the outputs the vmapped dimension should "
                             "appear.")


def _stand_in(t, dim):
    """An example of ``t``, empty along ``dim``: zeros of its dtype, in the graph of ``t`` (so that the
    results require grad as PyTorch's do, and ``t`` gets its empty gradient)."""
    shape = list(t.shape)
    shape[dim] = 1
    return cat((t, t.new_zeros(shape)), dim).select(dim, 0)


def _stack_results(results, out_dims, name, size):
    """The per-example results stacked along ``out_dims`` (an int or None for a whole subtree of
    the results, or nested like them); ``size`` 0: ``results`` holds the stand-in's, for shapes."""
    first, spec = tree_flatten(results[0])
    flat = [first] + [tree_flatten(r)[0] for r in results[1:]]
    if isinstance(results[0], Tensor):  # (PyTorch's special case: a one-entry tuple for a single Tensor)
        dims = [out_dims[0]] if isinstance(out_dims, tuple) and len(out_dims) == 1 else \
            [out_dims] if out_dims is None or isinstance(out_dims, int) else None
    else:
        dims = broadcast_to_and_flatten(out_dims, spec)
    if dims is None:
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible with the "
                         f"structure of `outputs`. out_dims has structure {tree_flatten(out_dims)[1]} but outputs "
                         f"has structure {spec}.")
    return tree_unflatten([_stacked([r[j] for r in flat], d, name, size) for j, d in enumerate(dims)], spec)


def _stacked(values, out_dim, name, size):
    """One output's per-example values stacked along ``out_dim`` (None: one value, the same for every
    example); ``size`` 0: none of the stand-in's. The batch dim is first in memory, as in PyTorch's
    results (its batching rules compute with the batch dim in front, then move it to ``out_dim``)."""
    first = values[0]
    if out_dim is None:
        if isinstance(first, Tensor) and any(v is not first and not v.equal(first) for v in values[1:]):
            raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor when out_dim is None")
        return first
    if not isinstance(first, Tensor):
        raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(first)}. Did you "
                         "mean to set out_dims= to None for output?")
    nd = first.ndim + 1
    if not -nd <= out_dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {out_dim})")
    batch_first = stack(values) if size else stack(values).narrow(0, 0, 0)
    return batch_first if out_dim % nd == 0 else batch_first.movedim(0, out_dim)
