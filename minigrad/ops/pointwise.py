"""Pointwise compositions PyTorch names as functions: ``addcmul``, ``addcdiv``, ``lerp`` (their in-place
forms, the optimizers' updates, are in ``inplace.py``). Each is a few recorded ops, so gradients of any
order follow from theirs."""
from ..tensor import Tensor
from ._api import public
from ._util import broadcast_shapes, expect_tensor, check_broadcast
from .selection import where
from .unary import abs as _abs


@public
def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``, broadcast together."""
    _expect_tensors("addcmul", input, tensor1, tensor2)
    value = check_pointwise("addcmul", input, tensor1, tensor2, value)
    return input + value * tensor1 * tensor2


@public
def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``, broadcast together."""
    _expect_tensors("addcdiv", input, tensor1, tensor2)
    check_addcdiv_division(tensor1, tensor2)
    value = check_pointwise("addcdiv", input, tensor1, tensor2, value)
    return input + value * tensor1 / tensor2


def check_pointwise(name, input, tensor1, tensor2, value):
    """PyTorch's errors for addcmul's and addcdiv's dtypes (no bool kernel, a complex ``value`` only for complex);
    returns ``value`` as the kernel reads it (truncated to an int for integer tensors)."""
    if input.dtype.name == tensor1.dtype.name == tensor2.dtype.name == "bool":
        raise NotImplementedError(f"\"{name}_cpu_out\" not implemented for 'Bool'")
    if isinstance(value, complex) and not (input.is_complex() or tensor1.is_complex() or tensor2.is_complex()):
        raise RuntimeError("value cannot be converted to type float without overflow")
    if isinstance(value, float) and not any(t.is_floating_point() or t.is_complex() for t in (input, tensor1, tensor2)):
        return int(value)
    return value


def check_inplace_shape(self, *others):
    """PyTorch's errors for an in-place op whose operands do not broadcast to ``self``'s shape."""
    shape = broadcast_shapes(tuple(self.shape), *(tuple(o.shape) for o in others if isinstance(o, Tensor)))
    if shape != tuple(self.shape):
        raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(shape)}")


#: dtype names as PyTorch's C++ messages print them
_C_NAMES = {"float64": "double", "float32": "float", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def check_lerp(input, end, weight):
    """PyTorch's errors for lerp's dtypes: ``end`` (and a Tensor ``weight``) of input's dtype, a floating one,
    and a real number weight for a real input."""
    for other, what in ((end, "end"), (weight, "weight")):
        if isinstance(other, Tensor) and other.dtype != input.dtype:
            raise RuntimeError(f"expected dtype {_C_NAMES.get(input.dtype.name, input.dtype.name)} for `{what}` but "
                               f"got dtype {_C_NAMES.get(other.dtype.name, other.dtype.name)}")
    if not (input.is_floating_point() or input.is_complex()):
        kernel = "lerp_kernel_tensor" if isinstance(weight, Tensor) else "lerp_kernel_scalar"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if isinstance(weight, complex) and not input.is_complex():
        raise RuntimeError("value cannot be converted to type float without overflow")


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
    check_lerp(input, end, weight)
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
