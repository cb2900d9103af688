"""Ops checked for complex input against PyTorch: values, dtypes and every input's gradient under
PyTorch's convention (for a real loss L of z = x + iy, z's gradient is dL/dx + i dL/dy), second
order included where the formula is differentiable. The creation, parts and arithmetic of complex
tensors are in test_complex.py."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check
from .test_complex import complex_arrays, COMPLEX
from .test_second_order import compare_higher


def _away_from_zero(z, low=0.3):
    """z with every element at least ``low`` from 0 (poles and branch points of log, sqrt...)."""
    return np.where(np.abs(z) < low, z + (1 + 1j), z).astype(z.dtype)


# ------------------------------------------------------------------ unary math
HOLOMORPHIC = ["sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "log2", "log10", "log1p", "expm1",
               "sqrt", "rsqrt", "reciprocal", "square", "neg", "sigmoid"]


@pytest.mark.parametrize("name", HOLOMORPHIC)
@given(data=st.data(), seed=S.seeds)
def test_holomorphic_unary_op_and_its_gradient_match_torch(name, data, seed):
    z = data.draw(complex_arrays(low=-2, high=2))
    if name in ("log", "log2", "log10", "log1p", "sqrt", "rsqrt", "reciprocal", "tan", "tanh", "sigmoid"):
        z = _away_from_zero(z + (1 if name == "log1p" else 0)) - (1 if name == "log1p" else 0)
    check(lambda L, t: getattr(L, name)(t), z, seed=seed)


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "log1p", "expm1", "sqrt",
                                  "sigmoid"])
def test_a_method_form_of_a_complex_unary_op_matches_torch(name):
    check(lambda L, t: getattr(t, name)(), np.array([0.5 + 1j, -1.25 + 0.5j, 2 - 0.75j]))


@given(data=st.data(), seed=S.seeds)
def test_sgn_of_complex_input_and_its_gradient_match_torch(data, seed):
    z = data.draw(complex_arrays())
    check(lambda L, t: L.sgn(t), z, seed=seed)
    check(lambda L, t: t.sgn(), np.array([0j, 1 + 1j, -2j, 3.0], np.complex64), seed=seed)


@pytest.mark.parametrize("name", ["sin", "exp", "log", "sqrt", "tanh", "sigmoid", "sgn"])
def test_second_order_gradients_of_complex_unary_ops_match_torch(name):
    x = np.array([0.3, -1.2, 2.0])
    compare_higher(lambda L, t: getattr(L, name)(L.complex(t + 1, t * t)).abs().sum(), x)


def test_the_real_sgn_still_saves_its_input_as_torch():
    check(lambda L, t: L.sgn(t), np.array([-1.5, 0.0, 2.0]))


# ------------------------------------------------------------------ powers
@pytest.mark.parametrize("exponent", [1 + 1j, -0.5j, 2 + 0j, 0.5 - 2j])
@given(data=st.data(), seed=S.seeds)
def test_power_of_a_complex_tensor_by_a_complex_number_matches_torch(exponent, data, seed):
    z = _away_from_zero(data.draw(complex_arrays(low=-3, high=3)))
    check(lambda L, t: (t ** exponent, L.pow(t, exponent)), z, seed=seed)


@pytest.mark.parametrize("exponent", [1j, 2.5 - 1j])
@given(data=st.data(), seed=S.seeds)
def test_power_of_a_real_tensor_by_a_complex_number_is_complex_as_torchs(exponent, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2), 0.5, 3))
    check(lambda L, t: t ** exponent, x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_power_of_complex_tensors_and_its_gradients_match_torch(data, seed):
    shapes = data.draw(S.broadcastable_shapes(max_dims=3))
    z = _away_from_zero(data.draw(complex_arrays(st.just(shapes[0]), low=-3, high=3)))
    w = data.draw(complex_arrays(st.just(shapes[1]), low=-2, high=2)).astype(z.dtype)
    x = data.draw(S.arrays(z.real.dtype, shapes[1], -2, 2))
    check(lambda L, a, b: L.pow(a, b), z, w, seed=seed)
    check(lambda L, a, b: a ** b, z, x, seed=seed)  # a real exponent tensor: promoted
    check(lambda L, a, b: a ** b, np.abs(x.real) + 0.5, w, seed=seed)  # a real base tensor


@pytest.mark.parametrize("base", [2, 0.5, -1.5])
@given(data=st.data(), seed=S.seeds)
def test_a_number_to_a_complex_tensor_power_matches_torch(base, data, seed):
    z = data.draw(complex_arrays(low=-2, high=2))
    check(lambda L, t: base ** t, z, seed=seed)


def test_a_zero_base_has_torchs_values_and_gradients_for_complex_exponents():
    zero = np.zeros(5, np.complex128)
    exponents = np.array([1 + 0j, 2 + 1j, 2j, 3 + 0j, 0j])  # (PyTorch's exp(b log 0): NaN at 2j and 0)
    check(lambda L, a, b: a ** b, zero, exponents)
    check(lambda L, b: 0 ** b, exponents)


def test_second_order_gradients_of_complex_powers_match_torch():
    x = np.array([0.3, -1.2, 2.0])
    compare_higher(lambda L, t: (L.complex(t + 2, t) ** L.complex(t, -t * 0.5)).abs().sum(), x)
    compare_higher(lambda L, t: (L.complex(t + 2, t) ** (1.5 - 0.5j)).abs().sum(), x)
    compare_higher(lambda L, t: (2.0 ** L.complex(t, t * t)).real.sum(), x)
