"""One level of a ``torch.func`` transform (``_func_products.py``, ``_func_jacobians.py``): the inputs
it differentiates with respect to (``argnums`` read and checked, fresh Tensors requiring grad made
of them), the gradients it takes, PyTorch's checks of what the function returns, and how results
leave the level (``_Level``: detached unless they depend on a Tensor requiring grad outside)."""
from .autograd import grad as _autograd_grad
from .autograd.node import AccumulateGrad
from .tensor import Tensor
from ._pytree import tree_flatten, tree_unflatten


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
