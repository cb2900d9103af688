"""Elementwise binary math against PyTorch (ops/binary.py): values, dtypes and both gradients
under broadcasting, integer promotion, number operands, the integer ops and their errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from . import strategies as S
from .helpers import check, check_raises

# name -> value range of both operands
DIFFERENTIABLE = {
    "atan2": (-10, 10), "hypot": (-10, 10), "copysign": (-10, 10), "logaddexp": (-10, 10),
    "logaddexp2": (-10, 10), "xlogy": (0.1, 10), "fmax": (-10, 10), "fmin": (-10, 10),
    "ldexp": (-5, 5), "nextafter": (-10, 10), "arctan2": (-10, 10),
}


@st.composite
def pair(draw, low, high):
    dtype = draw(S.float_dtypes)
    s1, s2 = draw(S.broadcastable_shapes())
    return draw(S.arrays(dtype, s1, low, high)), draw(S.arrays(dtype, s2, low, high))


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
@given(s=S.broadcastable_shapes(), data=st.data(), seed=S.seeds)
def test_mixed_float_dtypes_promote_as_torch(name, s, data, seed):
    # (values away from 0: PyTorch's backward reads the operands before promotion, so a float32
    # operand's square can underflow there where minigrad's promoted float64 one does not)
    a = data.draw(S.positive_arrays(np.float32, s[0], 0.1, 5))
    b = data.draw(S.positive_arrays(np.float64, s[1], 0.1, 5))
    check(lambda L, x, y: getattr(L, name)(x, y), a, b, seed=seed)
    check(lambda L, x, y: getattr(L, name)(y, x), a, b, seed=seed)


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
@given(data=st.data(), seed=S.seeds)
def test_binary_function_matches_torch_with_gradients(name, data, seed):
    a, b = data.draw(pair(*DIFFERENTIABLE[name]))
    check(lambda L, x, y: getattr(L, name)(x, y), a, b, seed=seed)


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
@given(data=st.data(), seed=S.seeds)
def test_binary_method_matches_torch(name, data, seed):
    a, b = data.draw(pair(*DIFFERENTIABLE[name]))
    check(lambda L, x, y: getattr(x, name)(y), a, b, seed=seed)


@pytest.mark.parametrize("name", ["atan2", "copysign", "xlogy", "ldexp", "fmax", "fmin"])
@given(a=S.int_arrays(S.shapes(max_dims=2)), b=S.int_arrays(S.shapes(max_dims=2)))
def test_integer_operands_promote_as_torch(name, a, b):
    check(lambda L, x, y: getattr(L, name)(x, y), a, b[..., :1] if b.ndim else b, backward=False)


@pytest.mark.parametrize("name", ["hypot", "logaddexp", "logaddexp2", "nextafter", "gcd", "lcm"])
def test_kernels_torch_lacks_raise_not_implemented(name):
    x = np.array([1, 2]) if name not in ("gcd", "lcm") else np.array([1.0, 2.0])
    with pytest.raises(NotImplementedError):
        getattr(minigrad, name)(minigrad.tensor(x), minigrad.tensor(x))


@pytest.mark.parametrize("name", ["atan2", "hypot", "fmax", "logaddexp", "ldexp", "gcd"])
def test_number_operand_is_a_type_error(name):
    check_raises(lambda L, x: getattr(L, name)(x, 2), np.array([1, 2]), names=(name,))


@given(x=S.array_and_dtype(), value=st.floats(-3, 3), seed=S.seeds)
def test_copysign_with_a_number_matches_torch(x, value, seed):
    check(lambda L, t: L.copysign(t, value), x, seed=seed)


@given(x=S.array_and_dtype(low=0.1), value=st.sampled_from([0.0, 2.0, -1.5, 3]), seed=S.seeds)
def test_xlogy_with_a_number_on_either_side_matches_torch(x, value, seed):
    check(lambda L, t: L.xlogy(value, t), x, seed=seed)
    check(lambda L, t: L.xlogy(t, abs(value) + 0.5), x, seed=seed)


def test_xlogy_is_zero_at_zero_unless_the_logarithm_is_nan():
    x = np.array([0.0, 0.0, 0.0, 1.0])
    y = np.array([0.0, np.nan, -1.0, 0.0])
    check(lambda L, a, b: L.xlogy(a, b), x, y)


def test_fmax_and_fmin_ignore_a_nan_on_one_side():
    a = np.array([1.0, np.nan, np.nan, 2.0])
    b = np.array([np.nan, 3.0, np.nan, 2.0])
    check(lambda L, x, y: L.fmax(x, y), a, b)
    check(lambda L, x, y: L.fmin(x, y), a, b)


def test_atan2_gradient_is_zero_at_the_origin():
    check(lambda L, x, y: L.atan2(x, y), np.array([0.0, 1.0]), np.array([0.0, 0.0]))


@given(a=S.arrays(np.float64, S.shapes(max_dims=2), kinks=(0.0, 1.0, -1.0)),
       v=S.arrays(np.float64, (), kinks=(0.0, 0.5)))
def test_heaviside_matches_torch(a, v):
    check(lambda L, x, y: L.heaviside(x, y), a, v, backward=False)


def test_heaviside_has_no_derivative():
    x = minigrad.tensor([1.0, 0.0], requires_grad=True)
    y = minigrad.heaviside(x, minigrad.tensor([0.5]))
    with pytest.raises(RuntimeError, match="heaviside"):
        y.sum().backward()


def test_heaviside_refuses_mixed_dtypes():
    check_raises(lambda L, x, y: L.heaviside(x, y), np.array([1.0]), np.array([1]))


@given(a=S.int_arrays(S.shapes(max_dims=2), -20, 20), b=S.int_arrays(S.shapes(max_dims=2), -20, 20))
def test_gcd_and_lcm_match_torch(a, b):
    b = b.reshape(-1)[:1] if b.size else np.array([3])
    check(lambda L, x, y: L.gcd(x, y), a, b, backward=False)
    check(lambda L, x, y: L.lcm(x, y), a, b, backward=False)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_gcd_with_the_least_value_of_the_dtype_matches_torchs_wrapped_euclid(dtype):
    # (PyTorch's |least| wraps to itself and its remainders keep the dividend's sign: gcd(5, -128) is -1 in int8)
    info = np.iinfo(dtype)
    values = np.array([0, 1, -1, 2, 5, -6, 7, 64, info.max, info.max - 1, info.min, info.min + 1, info.max // 3], dtype)
    a, b = np.meshgrid(values, values)
    check(lambda L, x, y: L.gcd(x, y), a, b, backward=False)
    check(lambda L, x, y: L.gcd(x, y), np.array(info.min, dtype), np.array(5, dtype), backward=False)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int8, np.uint8])
@given(data=st.data())
def test_shifts_match_torch_including_counts_outside_the_width(dtype, data):
    a = data.draw(S.int_arrays((5,), -100 if dtype != np.uint8 else 0, 100 if dtype != np.uint8 else 255, dtype))
    b = data.draw(S.int_arrays((5,), 0 if dtype == np.uint8 else -3, 70 if dtype != np.int8 else 10, dtype))
    check(lambda L, x, y: L.bitwise_left_shift(x, y), a, b, backward=False)
    check(lambda L, x, y: L.bitwise_right_shift(x, y), a, b, backward=False)
    check(lambda L, x, y: x << y, a, b, backward=False)
    check(lambda L, x, y: x >> y, a, b, backward=False)


def test_right_shift_of_an_unsigned_byte_past_its_width_is_zero_as_torch():
    check(lambda L, x, y: x >> y, np.array([128, 255, 1], np.uint8), np.array([8, 9, 200], np.uint8), backward=False)


def test_shift_operators_take_numbers_on_either_side():
    a = np.array([1, -8, 5])
    check(lambda L, x: x << 2, a, backward=False)
    check(lambda L, x: x >> 1, a, backward=False)
    check(lambda L, x: 3 << x.abs(), a, backward=False)
    check(lambda L, x: 64 >> x.abs(), a, backward=False)


def test_shifts_refuse_floats():
    check_raises(lambda L, x: L.bitwise_left_shift(x, 1), np.array([1.0]))


@given(a=S.arrays(np.float64, S.shapes(max_dims=2)), b=S.int_arrays(S.shapes(max_dims=2)))
def test_logical_xor_matches_torch(a, b):
    b = b.reshape(-1)[:1] if b.size else np.array([0])
    check(lambda L, x, y: L.logical_xor(x, y), a, b, backward=False)


@pytest.mark.parametrize("name", ["atan2_", "arctan2_", "hypot_", "copysign_", "xlogy_", "ldexp_", "nextafter_"])
def test_in_place_forms_match_torch(name):
    a = np.array([0.5, -1.5, 2.0])
    b = np.array([1.0, 2.0, 0.5])
    check(lambda L, x, y: getattr(x.clone(), name)(y), a, b)


def test_in_place_shifts_match_torch():
    def shifted(L, x):
        x = x.clone()
        x <<= 2
        x >>= 1
        return x
    check(shifted, np.array([1, -3, 7]), backward=False)


def test_grad_fn_names_are_torch_names():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    assert minigrad.atan2(x, x).grad_fn.name() == "Atan2Backward0"
    assert minigrad.copysign(x, -1.0).grad_fn.name() == "CopysignBackward1"
    assert minigrad.xlogy(2.0, x).grad_fn.name() == "XlogyBackward1"
    assert minigrad.xlogy(x, 2.0).grad_fn.name() == "XlogyBackward2"
    assert torch.ldexp(torch.ones(1, requires_grad=True), torch.ones(1)).grad_fn.name() == \
        minigrad.ldexp(x, x).grad_fn.name()


@pytest.mark.parametrize("expr", ["a / u", "L.div(a, u)", "L.true_divide(a, u)", "L.atan2(a, u)", "L.copysign(u, a)",
                                  "L.xlogy(a, u)", "L.tensor([-3], dtype=L.int8) / u"])
def test_int_operands_of_float_ops_are_cast_to_float_each_as_torch(expr):
    """A 0-d int64 -3 beside a uint8 tensor keeps its sign: each operand goes straight to the float
    type (the integer result type, uint8, would wrap it to 253)."""
    check(lambda L: eval(expr, {"L": L, "a": L.tensor(-3), "u": L.tensor([2], dtype=L.uint8)}))


@pytest.mark.parametrize("weight", [8.0, 0.3, np.array([0.3, 8.0, -2.0, 0.7], np.float16)],
                         ids=["number far out", "number", "tensor"])
def test_half_lerp_computes_in_float32_and_rounds_once_as_torch(weight):
    a, b = np.float16([1.2, -11.99, 8.78, 3.1]), np.float16([5.5, -1.303, -2.2, 7.7])
    results = []
    for L in (minigrad, torch):
        w = L.tensor(weight) if isinstance(weight, np.ndarray) else weight
        results.append(L.lerp(L.tensor(a), L.tensor(b), w).tolist())
    assert results[0] == results[1]


@pytest.mark.parametrize("dtypes", [("int64", "float32", "float16"), ("float32", "float16", "float32"),
                                    ("float16", "float64", "float32")], ids=["int", "float", "half"])
def test_clamp_promotes_the_input_and_both_tensor_bounds_together_as_torch(dtypes):
    kinds = []
    for L in (minigrad, torch):
        x = L.tensor(-8).to(getattr(L, dtypes[0]))
        low, high = L.ones(1, 4, dtype=getattr(L, dtypes[1])), L.ones(3, 4, dtype=getattr(L, dtypes[2]))
        kinds.append(str(L.clamp(x, low, high).dtype))
    assert kinds[0] == kinds[1]
