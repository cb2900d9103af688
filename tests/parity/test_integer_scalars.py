"""Python ints beside narrow integer tensors (uint8, int8, int16, int32) against PyTorch: an operand
wraps around the tensor's width (``uint8 - 3`` is ``uint8 + 253``), while an alpha, a value or a fill
is converted with a check (an unsigned dtype takes a negative one down to -max; beyond, a
RuntimeError). NumPy refuses such ints with an OverflowError."""
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st


from .helpers import check, check_raises

NARROW = ["uint8", "int8", "int16", "int32"]

#: ints in and beyond every narrow dtype's range
ints = st.one_of(st.integers(-300, 300), st.integers(-2 ** 40, 2 ** 40))

OPERATORS = {
    "add": lambda a, n: a + n, "radd": lambda a, n: n + a, "sub": lambda a, n: a - n, "rsub": lambda a, n: n - a,
    "mul": lambda a, n: a * n, "and": lambda a, n: a & n, "or": lambda a, n: a | n, "xor": lambda a, n: a ^ n,
    "lt": lambda a, n: a < n, "eq": lambda a, n: a == n, "ge": lambda a, n: a >= n,
    "add_": lambda a, n: a.clone().add_(n), "mul_": lambda a, n: a.clone().mul_(n),
}


def _values(dtype):
    info = np.iinfo(dtype)
    return np.array([0, 1, 5, info.max, info.min, info.max // 3], dtype)


@pytest.mark.parametrize("op", sorted(OPERATORS))
@pytest.mark.parametrize("dtype", NARROW)
@given(n=ints)
def test_an_int_operand_wraps_around_a_narrow_integer_tensor_as_torch(op, dtype, n):
    check(lambda L, a: OPERATORS[op](a, n), _values(dtype))


@pytest.mark.parametrize("dtype", NARROW)
@given(n=ints.filter(lambda n: n != 0))
def test_floor_division_and_remainder_by_a_wrapped_int_match_torch(dtype, n):
    # (an n that wraps to 0 raises in both: PyTorch's ZeroDivisionError is a RuntimeError)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, a: (a // n, a % n), _values(dtype))


@pytest.mark.parametrize("dtype", NARROW)
def test_true_division_by_an_int_does_not_wrap_it(dtype):
    check(lambda L, a: a / -3, _values(dtype))


ARGUMENTS = {
    "alpha of add": lambda L, a, n: L.add(a, a, alpha=n),
    "alpha of add_": lambda L, a, n: a.clone().add_(a, alpha=n),
    "alpha of index_add": lambda L, a, n: a.index_add(0, L.tensor([0]), a[:1], alpha=n),
    "value of addcmul": lambda L, a, n: a.addcmul(a, a, value=n),
    "masked_fill": lambda L, a, n: a.masked_fill(a > 3, n),
    "fill_": lambda L, a, n: a.clone().fill_(n),
    "full_like": lambda L, a, n: L.full_like(a, n),
    "value of scatter": lambda L, a, n: a.scatter(0, L.tensor([1]), n),
    "value of index_fill": lambda L, a, n: a.index_fill(0, L.tensor([1]), n),
    "value of threshold": lambda L, a, n: L.nn.functional.threshold(a, 3, n),
    "threshold of threshold": lambda L, a, n: L.nn.functional.threshold(a, n, 7),
}


@pytest.mark.parametrize("where", sorted(ARGUMENTS))
@pytest.mark.parametrize("dtype", ["uint8", "int8"])
@pytest.mark.parametrize("n", [-1, -3, -255, 127])
def test_an_int_argument_within_reach_of_the_dtype_is_converted_as_torch(where, dtype, n):
    check(lambda L, a: ARGUMENTS[where](L, a, n), np.array([5, 1], dtype))


@pytest.mark.parametrize("where", sorted(ARGUMENTS))
@pytest.mark.parametrize("dtype", ["uint8", "int8"])
@pytest.mark.parametrize("n", [300, -256])
def test_an_int_argument_beyond_the_dtype_raises_runtime_error_as_torch(where, dtype, n):
    check_raises(lambda L, a: ARGUMENTS[where](L, a, n), np.array([5, 1], dtype), names=("without overflow",))


NUMBER_FIRST = {
    "add": lambda L, n, a: L.add(n, a), "sub": lambda L, n, a: L.sub(n, a), "mul": lambda L, n, a: L.mul(n, a),
    "div": lambda L, n, a: L.div(n, a), "floor_divide": lambda L, n, a: L.floor_divide(n, a),
    "remainder": lambda L, n, a: L.remainder(n, a), "pow": lambda L, n, a: L.pow(n, a),
    "bitwise_and": lambda L, n, a: L.bitwise_and(n, a), "bitwise_left_shift": lambda L, n, a: L.bitwise_left_shift(n, a),
    "rfloordiv": lambda L, n, a: n // a, "rmod": lambda L, n, a: n % a, "rpow": lambda L, n, a: n ** a,
    "searchsorted": lambda L, n, a: L.searchsorted(a.sort().values, n),
}


@pytest.mark.parametrize("op", sorted(NUMBER_FIRST))
@pytest.mark.parametrize("dtype", NARROW)
@pytest.mark.parametrize("n", [-3, 300, -2 ** 40])
def test_an_int_as_the_first_operand_wraps_around_a_narrow_integer_tensor_as_torch(op, dtype, n):
    """``torch.add(-3, uint8_tensor)`` adds 253 (it was NumPy's OverflowError), while true division
    divides -3 itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, a: NUMBER_FIRST[op](L, n, a), np.array([1, 2, 5], dtype))


@pytest.mark.parametrize("where", [w for w in sorted(ARGUMENTS) if not w.startswith("alpha")])  # (alpha: no floats)
def test_a_negative_float_argument_of_an_unsigned_tensor_raises_runtime_error_as_torch(where):
    check_raises(lambda L, a: ARGUMENTS[where](L, a, -2.5), np.array([5, 1], "uint8"), names=("without overflow",))


@pytest.mark.parametrize("bounds", [(-200, 3), (-3, 200)])
def test_hardtanh_bounds_beyond_the_dtype_raise_runtime_error_as_torch(bounds):
    check_raises(lambda L, a: L.nn.functional.hardtanh(a, *bounds), np.array([5, 1, -9], "int8"),
                 names=("without overflow",))


SHELL_FILLS = {
    "full": lambda L, a, n: L.full((2,), n, dtype=a.dtype),
    "full_like": lambda L, a, n: L.full_like(a, n),
    "new_full": lambda L, a, n: a.new_full((2,), n),
    "tensor": lambda L, a, n: L.tensor([n, 1], dtype=a.dtype),
}


@pytest.mark.parametrize("where", sorted(SHELL_FILLS))
@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
@pytest.mark.parametrize("n", [-1, -3, -65535, -70000])
def test_a_negative_int_fill_of_a_wide_unsigned_dtype_wraps_as_torch(where, dtype, n):
    # (beyond -max a RuntimeError; torch.tensor refuses any negative int for uint64 with an OverflowError)
    check(lambda L, a: SHELL_FILLS[where](L, a, n), np.array([5, 1], dtype))
