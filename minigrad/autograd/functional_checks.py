"""What ``jacobian``, ``hessian`` and the vector products share: their inputs and outputs read as
tuples of Tensors, and strict mode's errors."""
from .. import tensor as _tensor_mod


def _tensors(x, what, fn):
    """(tuple of Tensors, whether ``x`` was a tuple) for a function's inputs or outputs."""
    Tensor = _tensor_mod.Tensor
    if isinstance(x, Tensor):
        return (x,), False
    if not isinstance(x, tuple):  # (a list too: PyTorch takes tuples only)
        raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the given "
                        f"{what} has type {type(x)}.")
    for i, t in enumerate(x):
        if not isinstance(t, Tensor):
            raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the value "
                            f"at index {i} has type {type(t)}.")
    return x, True


_INDEPENDENT_UNDER_CREATE_GRAPH = ("The {} of the user-provided function is independent of input {}. This is not "
                                   "allowed in strict mode when create_graph=True.")


def _check_outputs_require_grad(outs, strict):
    """strict mode's error for an output off the graph (PyTorch checks it before any pass)."""
    for i, o in enumerate(outs if strict else ()):
        if not o.requires_grad:
            raise RuntimeError(f"Output {i} of the user-provided function does not require gradients. The outputs "
                               "must be computed in a differentiable manner from the input when running in strict "
                               "mode.")


def _check_jacobian_depends(grads):
    """strict mode's error for a gradient that does not depend on the inputs (a linear function's)."""
    for i, g in enumerate(grads):
        if not g.requires_grad:
            raise RuntimeError("While computing the hessian, found that the jacobian of the user-provided "
                               f"function with respect to input {i} is independent of the input. This is not "
                               "allowed in strict mode. You should ensure that your function is twice "
                               "differentiable and that the jacobian depends on the inputs (this would be "
                               "violated by a linear function for example).")
