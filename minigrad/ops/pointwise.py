"""Pointwise ops of three operands PyTorch names as functions: ``addcmul``, ``addcdiv``, ``lerp``
(their in-place forms, the optimizers' updates, are in ``inplace.py``). Each is one op, as in
PyTorch (``AddcmulBackward0``, ``LerpBackward1`` ...), its gradients written with ``m`` so that
they are differentiable again."""
from .. import dtypes as _dt
from ..autograd.op import Op
from .._errors import value_overflow
from .._int_arguments import check_scalar_int
from ..tensor import Tensor
from ._api import public
from ._util import expect_number, expect_tensor
from ._broadcast_shapes import broadcast_shapes
from ._operands import integer_scalar
from .conversion import cast


def _same_dtype(dtype, *tensors):
    return [t if t.dtype is dtype else cast(t, dtype) for t in tensors]


def _conj(value):
    return value.conjugate() if isinstance(value, complex) else value


class Addcmul(Op):
    """input + value * tensor1 * tensor2; the factors' gradients take the other factor times value
    (conjugated for complex operands), as PyTorch's."""

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)

    broadcasting = True
    pointwise = True
    number_inputs = False  # (value is an option of PyTorch's kernel, not an input)
    saves = (False, 2, 1)
    supports_complex = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.value = value
        return a + value * t1 * t2

    @staticmethod
    def backward(ctx, m, g, a, t1, t2, value):
        na, n1, n2 = ctx.needs_input_grad[:3]
        sa, s1, s2 = ctx.shapes[:3]
        return (m.sum_to(g, sa) if na else None,
                m.sum_to(g * m.conj(t2 * value), s1) if n1 else None,
                m.sum_to(g * m.conj(t1 * value), s2) if n2 else None)


class Addcdiv(Op):
    """input + value * tensor1 / tensor2, as PyTorch's."""

    edge_args = slice(0, 3)  # (the edges of PyTorch's node)

    broadcasting = True
    pointwise = True
    number_inputs = False  # (value is an option of PyTorch's kernel, not an input)
    saves = (False, 2, True)
    supports_complex = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        return a + value * t1 / t2

    @staticmethod
    def backward(ctx, m, g, a, t1, t2, value):
        na, n1, n2 = ctx.needs_input_grad[:3]
        sa, s1, s2 = ctx.shapes[:3]
        return (m.sum_to(g, sa) if na else None,
                m.sum_to(g * m.conj(value / t2), s1) if n1 else None,
                m.sum_to(-g * m.conj(value * t1 / (t2 * t2)), s2) if n2 else None)


def _three(name, input, tensor1, tensor2, value):
    _expect_tensors(name, input, tensor1, tensor2)
    broadcast_shapes(tuple(input.shape), tuple(tensor1.shape), tuple(tensor2.shape))
    value = check_pointwise(name, input, tensor1, tensor2, value)  # (the in-place forms' checks too)
    return _same_dtype(_dt.result_type(input, tensor1, tensor2), input, tensor1, tensor2) + [value]


@public
def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``, broadcast together."""
    return Addcmul.apply(*_three("addcmul", input, tensor1, tensor2, value))


@public
def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``, broadcast together."""
    _expect_tensors("addcdiv", input, tensor1, tensor2)
    check_addcdiv_division(tensor1, tensor2)
    return Addcdiv.apply(*_three("addcdiv", input, tensor1, tensor2, value))


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


class Lerp(Op):
    """lerp(a, b, w) for a Python number w, from the nearer end as PyTorch's kernel computes it:
    ``a + w * (b - a)`` where ``|w| < 0.5``, else ``b - (b - a) * (1 - w)``."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    broadcasting = True
    pointwise = True
    number_inputs = False  # (the weight is an option of PyTorch's kernel, not an input)
    supports_complex = True

    @staticmethod
    def forward(ctx, a, b, w):
        ctx.w = w
        if a.dtype.itemsize == 2 and a.dtype.kind == "f":  # (half: in float32, rounded once, as PyTorch)
            return Lerp.forward(ctx, a.astype("float32"), b.astype("float32"), w).astype(a.dtype)
        return a + w * (b - a) if abs(w) < 0.5 else b - (b - a) * (1 - w)

    @staticmethod
    def backward(ctx, m, g):
        na, nb = ctx.needs_input_grad[:2]
        sa, sb = ctx.shapes[:2]
        w = _conj(ctx.w)
        return (m.sum_to(g * (1 - w), sa) if na else None), (m.sum_to(g * w, sb) if nb else None), None


class LerpTensor(Op):
    """lerp(a, b, w) for a Tensor w (PyTorch's LerpBackward1); w's gradient is ``g * (b - a)``."""

    broadcasting = True
    pointwise = True
    saves = (2, 2, True)
    supports_complex = True
    torch_name = "LerpBackward1"

    @staticmethod
    def forward(ctx, a, b, w):
        if a.dtype.itemsize == 2 and a.dtype.kind == "f":  # (half: in float32, rounded once, as PyTorch)
            wide = [v.astype("float32") for v in (a, b, w)]
            return LerpTensor.forward(ctx, *wide).astype(a.dtype)
        diff = b - a
        return ctx.xp.where(abs(w) < 0.5, a + w * diff, b - diff * (1 - w))

    @staticmethod
    def backward(ctx, m, g, a, b, w):
        na, nb, nw = ctx.needs_input_grad
        sa, sb, sw = ctx.shapes
        return (m.sum_to(g * m.conj(1 - w), sa) if na else None, m.sum_to(g * m.conj(w), sb) if nb else None,
                m.sum_to(g * m.conj(b - a), sw) if nw else None)


def _expect_dtype(name, t, dtype):
    if t.dtype is not dtype:
        raise RuntimeError(f"expected dtype {_dt.C_NAMES[dtype.name]} for `{name}` but got dtype {_dt.C_NAMES[t.dtype.name]}")


@public
def lerp(input, end, weight):
    """``input + weight * (end - input)``, computed from the nearer end as PyTorch's kernel does
    (``end - (end - input) * (1 - weight)`` where ``|weight| >= 0.5``)."""
    _expect_tensors("lerp", input, end)
    broadcast_shapes(tuple(input.shape), tuple(end.shape))
    check_scalar_int(weight)
    check_lerp(input, end, weight)
    if not isinstance(weight, Tensor):  # (a NumPy float64 would make the result float64)
        weight = expect_number("lerp", weight, "weight", 3)
    if isinstance(weight, Tensor):
        broadcast_shapes(tuple(input.shape), tuple(end.shape), tuple(weight.shape))
        if not weight.ndim and weight.dtype is not input.dtype:
            weight = cast(weight, input.dtype)
        return LerpTensor.apply(input, end, weight)
    return Lerp.apply(input, end, weight)  # (check_lerp refused integer inputs and a complex weight for real ones)


def check_pointwise(name, input, tensor1, tensor2, value):
    """PyTorch's errors for addcmul's and addcdiv's dtypes (no bool kernel, a complex ``value`` only for
    complex); returns ``value`` as the kernel reads it (truncated to an int for integer tensors; a
    0-d Tensor or a NumPy number as its Python number, as PyTorch's argument parser reads a Scalar:
    Adam's tensor lr)."""
    if not isinstance(value, complex):
        value = expect_number(name, value, "value")
    if input.dtype.name == tensor1.dtype.name == tensor2.dtype.name == "bool":
        raise NotImplementedError(f"\"{name}_cpu_out\" not implemented for 'Bool'")
    if isinstance(value, complex) and not (input.is_complex() or tensor1.is_complex() or tensor2.is_complex()):
        kind = _dt.result_type(input, tensor1, tensor2).name
        raise value_overflow("float32" if kind == "float16" else kind)  # (half computes in float)
    result = _dt.result_type(input, tensor1, tensor2)
    if result.category == 1:
        value = integer_scalar(result.np, value)  # (a float checked against the range before it is truncated)
    if isinstance(value, float) and not any(t.is_floating_point() or t.is_complex() for t in (input, tensor1, tensor2)):
        value = int(value)
    return value


def check_inplace_shape(self, *others):
    """PyTorch's errors for an in-place op whose operands do not broadcast to ``self``'s shape."""
    shape = broadcast_shapes(tuple(self.shape), *(tuple(o.shape) for o in others if isinstance(o, Tensor)))
    if shape != tuple(self.shape):
        raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(shape)}")


def check_lerp(input, end, weight):
    """PyTorch's errors for lerp's dtypes: ``end`` (and a Tensor ``weight`` with dims) of input's dtype, a
    floating or complex input, and a real number weight for a real input."""
    _expect_dtype("end", end, input.dtype)
    if isinstance(weight, Tensor) and weight.ndim:
        _expect_dtype("weight", weight, input.dtype)
    if not (input.is_floating_point() or input.is_complex()):
        kernel = "lerp_kernel_tensor" if isinstance(weight, Tensor) else "lerp_kernel_scalar"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if isinstance(weight, complex) and not input.is_complex():
        raise RuntimeError("value cannot be converted to type float without overflow")


def _expect_tensors(name, *tensors):
    for i, (t, arg) in enumerate(zip(tensors, ("input", "tensor1" if name != "lerp" else "end", "tensor2"))):
        expect_tensor(name, t, arg, i + 1)
