"""``minigrad.func``, as ``torch.func``: gradients as functions (``grad``, ``grad_and_value``,
``vjp``, ``jvp``, ``linearize``: ``_func_products.py``; ``jacrev``, ``jacfwd``, ``hessian``:
``_func_jacobians.py``; what each transform's level does: ``_func_level.py``), batching (``vmap``:
``_vmap.py``) and calling a module with other parameters and buffers (``functional_call``;
``stack_module_state`` stacks an ensemble's, for ``vmap`` over ``functional_call``;
``replace_all_batch_norm_modules_`` makes batch norms fit for ``vmap``: ``_func_modules.py``), and
``functionalize``, here.
"""
import functools

from .tensor import Tensor
from ._conversions import contiguous_format
from ._pytree import tree_flatten, tree_unflatten
from ._func_products import grad, grad_and_value, vjp, jvp, linearize  # noqa: F401
from ._func_jacobians import jacrev, jacfwd, hessian  # noqa: F401
from ._vmap import vmap  # noqa: F401
from ._func_modules import functional_call, replace_all_batch_norm_modules_, stack_module_state  # noqa: F401

__all__ = ["functional_call", "stack_module_state", "grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian",
           "vmap", "functionalize", "replace_all_batch_norm_modules_"]


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
