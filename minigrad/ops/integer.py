"""Elementwise integer ops, outside the graph: gcd, lcm, the bit shifts (with PyTorch's rule for
shift counts outside the width), and logical_xor."""
from ..tensor import Tensor, wrap
from ._api import public, method, operator
from ._util import expect_tensor
from ._operands import as_operand, promote, scalar_tensor_like
from ._broadcast_shapes import check_broadcast
from .binary import _kernel_error, _tensors
from .layout import pointwise_layout
from .inplace import unary_inplace


def _integral(name, kernel, input, other, numbers=False):
    """Operand arrays of an integer op, promoted, and the Tensor whose device the result takes."""
    if numbers:
        if not isinstance(input, Tensor) and isinstance(other, Tensor):
            input = scalar_tensor_like(other, as_operand(input, other, kernel=f"{kernel}_cpu"))
        expect_tensor(name, input)
        other = as_operand(other, input, kernel=f"{kernel}_cpu")
        a, b = promote(input, other)
    else:
        a, b = _tensors(name, input, other)
    for t in (a, b):
        if isinstance(t, Tensor) and t._data.dtype.kind not in "iu":
            raise _kernel_error(kernel, t)
    if not isinstance(b, Tensor) and b.__class__ is not int:
        raise _kernel_error(kernel, scalar_tensor_like(a, b))
    return a._data, (b._data if isinstance(b, Tensor) else b), a


def _wrapped(t, fn, x, y):
    try:
        out = fn(t._device._get_backend().xp, x, y)
    except ValueError:
        check_broadcast(x, y)
        raise
    if out.ndim > 1 and not x.flags.c_contiguous:
        out = pointwise_layout(out, (x, y))  # (NumPy's layout is PyTorch's where x is row-major)
    return wrap(out, t._device)


@public
def gcd(input, other):
    """Elementwise greatest common divisor of two integer tensors (non-negative but where the dtype's
    least value takes part, as PyTorch's; gcd(0, 0) = 0)."""
    x, y, t = _integral("gcd", "gcd", input, other)
    return _wrapped(t, _gcd, x, y)


def _gcd(xp, a, b):
    """NumPy's gcd, and PyTorch's Euclid where an operand is the dtype's least value: its |least|
    wraps to itself and C's remainder keeps the dividend's sign, so that gcd(5, -128) is -1 in int8."""
    out = xp.asarray(xp.gcd(a, b))  # (an array for 0-d operands too, whose NumPy result is a scalar)
    if out.dtype.kind != "i":
        return out
    a, b = xp.broadcast_arrays(xp.asarray(a, out.dtype), xp.asarray(b, out.dtype))
    least = xp.iinfo(out.dtype).min
    edge = (a == least) | (b == least)
    if not bool(edge.any().item()):  # (one explicit transfer)
        return out
    p, q = xp.abs(a[edge]), xp.abs(b[edge])  # (as PyTorch's loop: while p != 0: p, q = q % p, p)
    while bool((p != 0).any().item()):
        live = p != 0
        p, q = xp.where(live, xp.fmod(q, xp.where(live, p, 1)), 0).astype(out.dtype), xp.where(live, p, q)
    out[edge] = q
    return out


@public
def lcm(input, other):
    """Elementwise least common multiple of two integer tensors (non-negative; 0 if either is 0)."""
    x, y, t = _integral("lcm", "lcm", input, other)
    return _wrapped(t, lambda xp, a, b: xp.lcm(a, b), x, y)


def _left_shift(xp, a, b):
    """a << b with PyTorch's rule for shifts outside [0, bits): the result is 0."""
    b = xp.asarray(b, dtype=a.dtype)
    bits = a.dtype.itemsize * 8
    inside = (b >= 0) & (b < bits)
    return xp.where(inside, xp.left_shift(a, xp.where(inside, b, 0)), xp.zeros((), a.dtype)).astype(a.dtype, copy=False)


def _right_shift(xp, a, b):
    """a >> b with PyTorch's rule for shifts outside [0, bits): the sign fills the result (0 for an
    unsigned type, whose shift by bits - 1 would keep the top bit)."""
    b = xp.asarray(b, dtype=a.dtype)
    bits = a.dtype.itemsize * 8
    inside = (b >= 0) & (b < bits)
    shifted = xp.right_shift(a, xp.where(inside, b, bits - 1)).astype(a.dtype, copy=False)
    if a.dtype.kind == "u":
        return xp.where(inside, shifted, xp.zeros((), a.dtype))
    return shifted


@public
def bitwise_left_shift(input, other):
    """Elementwise input << other for integers (a shift by a negative count or past the width gives 0)."""
    x, y, t = _integral("bitwise_left_shift", "lshift", input, other, numbers=True)
    return _wrapped(t, _left_shift, x, y)


@public
def bitwise_right_shift(input, other):
    """Elementwise arithmetic input >> other for integers (shifts past the width fill with the sign)."""
    x, y, t = _integral("bitwise_right_shift", "rshift", input, other, numbers=True)
    return _wrapped(t, _right_shift, x, y)


@public
def logical_xor(input, other):
    """Elementwise exclusive or of the truth values of two tensors (bool result)."""
    expect_tensor("logical_xor", input)
    expect_tensor("logical_xor", other, "other", 2)
    return _wrapped(input, lambda xp, a, b: (a != 0) ^ (b != 0), input._data, other._data)


def _reflected(fn):
    def reflected(self, other):
        return fn(other, self)
    reflected.__name__ = f"r{fn.__name__}"
    return reflected


method("__lshift__", operator(bitwise_left_shift))
method("__rshift__", operator(bitwise_right_shift))
method("__rlshift__", operator(_reflected(bitwise_left_shift)))
method("__rrshift__", operator(_reflected(bitwise_right_shift)))
for _fn, _name in ((gcd, "gcd_"), (lcm, "lcm_"), (bitwise_left_shift, "bitwise_left_shift_"),
                   (bitwise_right_shift, "bitwise_right_shift_"), (bitwise_left_shift, "__ilshift__"),
                   (bitwise_right_shift, "__irshift__")):
    unary_inplace(_fn, _name)
