"""The argument checks the modules of ``minigrad.nn.functional`` share, with PyTorch's exception types
and messages: Tensor and Number arguments, dtype names as PyTorch's messages print them, the
floating-point-only kernels, and the ``reduction`` argument of the losses (with PyTorch's deprecated
``size_average`` and ``reduce``).
"""
import warnings

from ..ops._util import expect_number
from ..tensor import Tensor

_REDUCTIONS = ("mean", "sum", "none")


def _type_name(x):
    t = type(x)
    return f"numpy.{t.__name__}" if t.__module__ == "numpy" else t.__name__


def _expect_tensors(fn, *named, required=0, error=TypeError):
    """PyTorch's TypeError (or ``error``) for an argument that is not a Tensor (a NumPy array or a list, say).

    ``named`` holds (name, position, value) triples; a value of None passes (optional arguments),
    except in the first ``required`` triples.
    """
    for i, (name, position, value) in enumerate(named):
        if (value is not None or i < required) and not isinstance(value, Tensor):
            raise error(f"{fn}(): argument '{name}' (position {position}) must be Tensor, not {_type_name(value)}")


def _at(position):
    return f" (position {position})" if position else ""


def _expect_number(fn, name, position, value):
    """PyTorch's TypeError for a Number argument that is not a number (``position`` None: PyTorch's
    message names none); the value as a Python number (``ops._util.expect_number``)."""
    return expect_number(fn, value, name, position)


def _expect_float(fn, name, position, value):
    """PyTorch's argument parser's TypeError for a float argument that is not a real number (a str, None,
    a tensor of several elements); ``position`` None: PyTorch's message names none. The value as a
    Python number."""
    return expect_number(fn, value, name, position, "float")


def _expect_bool(fn, name, position, value):
    """PyTorch's argument parser's TypeError for a flag that is not a bool (a str, an int 1, a NumPy bool or
    a tensor is not one); ``position`` None: PyTorch's message names none."""
    if value.__class__ is not bool:
        raise TypeError(f"{fn}(): argument '{name}'{_at(position)} must be bool, not {_type_name(value)}")


def _dtname(t):
    return _dtname_of(t.dtype)


def _dtname_of(dtype):
    return dtype._torch_name[:-6]


def _float_kernel(input, kernel):
    """PyTorch's NotImplementedError for an integer or bool input to a floating-point-only kernel."""
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_dtname(input)}'")


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy_reduction(size_average, reduce, reduction):
    """PyTorch's deprecated size_average/reduce arguments mapped to ``reduction`` (with its warning); the
    deprecated 'elementwise_mean' read as 'mean', with its warning. Both warnings name the loss's line in
    minigrad, not the user's, as PyTorch's name its own files (so they show once per process)."""
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.",
                      stacklevel=2)
        reduction = "mean"
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "none" if not reduce else "mean" if size_average else "sum"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.",
                  stacklevel=2)
    return reduction


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
