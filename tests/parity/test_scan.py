"""Scans against PyTorch: cumsum (bit for bit where PyTorch adds in a wider dtype), cumprod (zeros
in the input), cummax/cummin (ties and NaN take the later index), logcumsumexp (large magnitudes),
their gradients, second derivatives and in-place forms."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher


def _scale(x):
    """atol scale of a running product: its largest magnitude."""
    return max(1.0, float(np.max(np.abs(np.cumprod(np.abs(x.reshape(-1)) + 1))))) if x.size else 1.0


def _any_floats(dtype):
    """Values of ``dtype`` of every magnitude (most in a moderate range, so that long sums stay finite),
    infinities and NaN included."""
    width = np.dtype(dtype).itemsize * 8
    return st.one_of(st.floats(-1e3, 1e3, width=width), st.floats(width=width))


@st.composite
def _narrow_case(draw, dtype):
    """(array of ``dtype``, dim): values of every magnitude, complex ones with both parts drawn so."""
    shape = draw(S.shapes(max_dims=3, max_side=8))
    if dtype == np.complex64:
        parts = [draw(hnp.arrays(np.float32, shape, elements=_any_floats(np.float32))) for _ in range(2)]
        x = (parts[0] + 1j * parts[1]).astype(np.complex64)
    else:
        x = draw(hnp.arrays(dtype, shape, elements=_any_floats(dtype)))
    return x, draw(S.single_dim(x.ndim))


def _assert_same_bits(mine, theirs):
    """minigrad's and torch's tensors hold the same values, bit for bit (NaN where NaN)."""
    mine, theirs = mine.detach().numpy(), theirs.detach().numpy()
    assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
    assert np.array_equal(mine, theirs, equal_nan=True), f"{mine} != torch's {theirs}"


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.complex64], ids=lambda d: d.__name__)
@given(data=st.data())
def test_cumsum_adding_in_a_wider_dtype_equals_torch_bit_for_bit(dtype, data):
    """(PyTorch's CPU kernel adds float32 in float64, float16 in float32, complex64 in complex128,
    rounding each running sum as it is written)"""
    x, dim = data.draw(_narrow_case(dtype))
    _assert_same_bits(minigrad.tensor(x).cumsum(dim), torch.tensor(x).cumsum(dim))


@pytest.mark.parametrize("dtype", [np.float32, np.float16], ids=lambda d: d.__name__)
@given(data=st.data())
def test_cumsum_gradient_adding_in_a_wider_dtype_equals_torch_bit_for_bit(dtype, data):
    x, dim = data.draw(_narrow_case(dtype))
    g = data.draw(hnp.arrays(dtype, x.shape, elements=_any_floats(dtype)))
    grads = []
    for L in (minigrad, torch):
        t = L.tensor(x, requires_grad=True)
        t.cumsum(dim).backward(L.tensor(g))
        grads.append(t.grad)
    _assert_same_bits(*grads)


@pytest.mark.parametrize("shape, dim", [((100, 200), 0), ((30, 40, 50), 1), ((20000,), 0), ((2000, 9), 1)])
def test_float32_cumsum_of_a_large_array_equals_torch_bit_for_bit(shape, dim):
    """(the running-row path along a leading axis, NumPy's loop along the last one)"""
    x = (np.random.default_rng(0).standard_normal(shape) * 10.0 ** np.arange(-3, 4)[np.arange(np.prod(shape)) % 7]
         .reshape(shape)).astype(np.float32)
    _assert_same_bits(minigrad.tensor(x).cumsum(dim), torch.tensor(x).cumsum(dim))


@st.composite
def _long_float16_case(draw, low, high):
    """(float16 array of up to 300 x 300 values in [low, high], dim): long scans, where a float16
    running value rounds differently when it is kept in float64 rather than float32."""
    shape = draw(S.shapes(min_dims=1, max_dims=2, min_side=1, max_side=300))
    x = np.random.default_rng(draw(S.seeds)).uniform(low, high, shape).astype(np.float16)
    return x, draw(S.single_dim(x.ndim))


@given(case=_long_float16_case(0.5, 2.0))
def test_float16_cumprod_equals_torch_bit_for_bit(case):
    """(PyTorch multiplies float16 in float32)"""
    x, dim = case
    _assert_same_bits(minigrad.tensor(x).cumprod(dim), torch.tensor(x).cumprod(dim))


@given(case=_long_float16_case(-50.0, 50.0))
def test_float16_logcumsumexp_equals_torch_bit_for_bit(case):
    """(PyTorch accumulates float16 in float32)"""
    x, dim = case
    _assert_same_bits(minigrad.tensor(x).logcumsumexp(dim), torch.tensor(x).logcumsumexp(dim))


@given(data=st.data(), seed=S.seeds)
def test_cumprod_and_its_gradient_match_torch_with_zeros_in_the_input(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3), low=-2.0, high=2.0))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: L.cumprod(t, dim), x, seed=seed, atol_scale=_scale(x))


@given(data=st.data())
def test_cumprod_of_integers_and_bools_gives_int64_as_torch(data):
    x = data.draw(S.int_arrays(S.shapes(max_dims=2), -3, 3))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: t.cumprod(dim), x)
    check(lambda L, t: L.cumprod(t, dim), x > 0)
    check(lambda L, t: L.cumprod(t, dim, dtype=L.float64), x)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.int8, np.bool_], ids=lambda d: d.__name__)
@given(data=st.data())
def test_cumsum_and_cumprod_of_narrow_integers_give_int64_even_for_0d_as_torch(name, dtype, data):
    x = data.draw(S.int_arrays(S.shapes(max_dims=2), 0, 3)).astype(dtype)
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: getattr(L, name)(t, dim), x)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", ["int32", "int16", "int8", "uint8", "int64", "float32"])
@given(data=st.data())
def test_cumsum_and_cumprod_in_a_dtype_given_keep_it_as_torch(name, dtype, data):
    # (an integer dtype given once came back as int64; narrow ones wrap as PyTorch's do)
    x = data.draw(S.int_arrays(S.shapes(max_dims=3), -100, 100)).astype(np.int32)
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: getattr(t, name)(dim, dtype=getattr(L, dtype)), x)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@given(data=st.data(), seed=S.seeds)
def test_cumsum_in_a_floating_dtype_given_casts_in_its_own_node_as_torch(dtype, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3), low=-2, high=2))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: t.cumsum(dim, dtype=getattr(L, dtype)), x, seed=seed)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@given(data=st.data(), seed=S.seeds)
def test_cumprod_in_a_floating_dtype_given_casts_in_its_own_node_as_torch(dtype, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3), low=-2, high=2))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: t.cumprod(dim, dtype=getattr(L, dtype)), x, seed=seed)


def test_cumprod_gradient_with_several_zeros_in_a_row_matches_torch():
    x = np.array([[2.0, 0.0, 3.0, 0.0, 4.0], [0.0, 1.5, 2.0, 3.0, 0.5], [1.0, 2.0, 3.0, 4.0, 0.0]])
    check(lambda L, t: L.cumprod(t, 1), x)
    check(lambda L, t: L.cumprod(t, 0), x)


@settings(max_examples=15)
@given(data=st.data(), seed=S.seeds)
def test_cumprod_second_derivative_matches_torch_with_zeros(data, seed):
    x = data.draw(S.arrays(np.float64, data.draw(S.shapes(min_dims=1, max_dims=2, min_side=1)), -2.0, 2.0))
    x[np.abs(x) < 0.1] = 0.0  # zeros, but no tiny values: dividing by them leaves only rounding error
    dim = data.draw(S.single_dim(x.ndim))
    compare_higher(lambda L, t: L.cumprod(t, dim) * t, x, order=2, seed=seed, atol_scale=_scale(x))


def test_cumprod_in_place_matches_torch():
    check(lambda L, t: (t * 1).cumprod_(0), np.array([[1.0, 2.0], [0.0, 3.0], [2.0, 2.0]]))
    check(lambda L, t: (t * 1).cumsum_(1), np.array([[1.0, 2.0], [0.0, 3.0], [2.0, 2.0]]))


@pytest.mark.parametrize("name", ["cummax", "cummin"])
@given(data=st.data(), seed=S.seeds)
def test_cummax_cummin_values_indices_and_gradient_match_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3)))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: getattr(L, name)(t, dim), x, seed=seed)


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_cummax_cummin_take_the_later_index_of_ties_and_nan_as_torch(name):
    x = np.array([1.0, 3.0, 3.0, np.nan, 2.0, np.nan, -1.0, -1.0])
    check(lambda L, t: getattr(t, name)(0), x)
    check(lambda L, t: getattr(L, name)(t, 0), np.array([2, 1, 1, 3, 3, 0]))
    check(lambda L, t: getattr(L, name)(t, 0), np.array([True, False, True, False]))


@given(data=st.data(), seed=S.seeds)
def test_logcumsumexp_and_its_gradient_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3), low=-50.0, high=50.0))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: L.logcumsumexp(t, dim), x, seed=seed)


def test_logcumsumexp_of_large_float32_values_rounds_as_torch():
    x = (np.random.default_rng(1).standard_normal((40, 6)) * 3 - 10000).astype(np.float32)
    check(lambda L, t: t.logcumsumexp(1), x)


def test_logcumsumexp_handles_infinities_as_torch():
    check(lambda L, t: L.logcumsumexp(t, 0), np.array([-np.inf, -np.inf, 1.0, np.inf, 2.0]), backward=False)


@settings(max_examples=15)
@given(data=st.data(), seed=S.seeds)
def test_logcumsumexp_second_derivative_matches_torch(data, seed):
    x = data.draw(S.arrays(np.float64, data.draw(S.shapes(min_dims=1, max_dims=2, min_side=1)), -5.0, 5.0))
    compare_higher(lambda L, t: L.logcumsumexp(t, -1), x, order=2, seed=seed)


def test_logcumsumexp_of_integers_raises_as_torch():
    with pytest.raises(NotImplementedError):
        torch.logcumsumexp(torch.tensor([1, 2]), 0)
    with pytest.raises(NotImplementedError):
        minigrad.logcumsumexp(minigrad.tensor([1, 2]), 0)


@pytest.mark.parametrize("name", ["cumprod", "cummax", "cummin", "logcumsumexp"])
def test_scans_along_a_missing_dim_raise_index_error_as_torch(name):
    check_raises(lambda L, t: getattr(L, name)(t, 2), np.ones((2, 3)))


def test_scan_node_names_are_torchs():
    for L in (minigrad, torch):
        x = L.ones(3, requires_grad=True)
        assert [x.cumprod(0).grad_fn.name(), x.cummax(0).values.grad_fn.name(), x.cummin(0)[0].grad_fn.name(),
                x.logcumsumexp(0).grad_fn.name()] == ["CumprodBackward0", "CummaxBackward0", "CumminBackward0",
                                                       "LogcumsumexpBackward0"]


@given(data=st.data())
def test_cumprod_gradient_with_zeros_linear_fast_path_agrees_with_the_quadratic_formula(data):
    from types import SimpleNamespace

    from minigrad.autograd.namespace import array_math
    from minigrad.ops import scan

    x = data.draw(S.arrays(np.float64, data.draw(S.shapes(min_dims=1, max_dims=3, min_side=1)), -2.0, 2.0))
    # Away from underflow: the linear path divides g * y by x, as PyTorch's formula does, and both give 0
    # where g * y underflows (x = 5e-324), while the quadratic formula never divides.
    x[np.abs(x) < 1e-20] = 0.0
    x.reshape(-1)[data.draw(st.integers(0, x.size - 1))] = 0.0
    dim = data.draw(st.integers(0, x.ndim - 1))
    g = data.draw(S.arrays(np.float64, x.shape))
    ctx, m = SimpleNamespace(dim=dim, xp=np), array_math(np)
    y = np.cumprod(x, axis=dim)
    linear = scan._grad_with_zeros_linear(ctx, m, g, x, y)
    quadratic = scan._grad_with_zeros(ctx, m, g, x)
    np.testing.assert_allclose(linear, quadratic, rtol=1e-9, atol=1e-9 * max(1.0, float(np.abs(quadratic).max())))
