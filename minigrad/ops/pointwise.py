"""Pointwise compositions PyTorch names as functions: ``addcmul``, ``addcdiv``, ``lerp`` (their in-place
forms, the optimizers' updates, are in ``inplace.py``). Each is a few recorded ops, so gradients of any
order follow from theirs."""
from ..tensor import Tensor
from ._api import public
from ._util import expect_tensor, check_broadcast
from .selection import where
from .unary import abs as _abs


@public
def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``, broadcast together."""
    _expect_tensors("addcmul", input, tensor1, tensor2)
    return input + value * tensor1 * tensor2


@public
def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``, broadcast together."""
    _expect_tensors("addcdiv", input, tensor1, tensor2)
    check_addcdiv_division(tensor1, tensor2)
    return input + value * tensor1 / tensor2


def check_addcdiv_division(tensor1, tensor2):
    """PyTorch's refusal of addcdiv with two integer (or bool) operands."""
    if not (tensor1.is_floating_point() or tensor1.is_complex() or tensor2.is_floating_point()
            or tensor2.is_complex()):
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
                           "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can "
                           "be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
                           "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
                           "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
                           "for all dtypes.")


@public
def lerp(input, end, weight):
    """``input + weight * (end - input)``, computed from the nearer end as PyTorch's kernel does
    (``end - (end - input) * (1 - weight)`` where ``|weight| >= 0.5``)."""
    _expect_tensors("lerp", input, end)
    try:
        diff = end - input
    except RuntimeError:
        check_broadcast(input._data, end._data)  # (PyTorch names input's size first)
        raise
    if isinstance(weight, Tensor):
        return where(_abs(weight) < 0.5, input + weight * diff, end - diff * (1 - weight))
    return input + weight * diff if abs(weight) < 0.5 else end - diff * (1 - weight)


def _expect_tensors(name, *tensors):
    for i, (t, arg) in enumerate(zip(tensors, ("input", "tensor1" if name != "lerp" else "end", "tensor2"))):
        expect_tensor(name, t, arg, i + 1)
