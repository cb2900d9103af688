"""Gradients at the kinks, where the derivative is defined by convention:
minigrad must pick PyTorch's convention (DESIGN.md)."""
import numpy as np
import pytest
import torch

from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import assert_close, check
from .test_second_order import compare_higher


def grad_of(L, fn, values, dtype="float64", upstream=None):
    x = L.tensor(np.asarray(values, dtype=dtype), requires_grad=True)
    y = fn(L, x)
    g = np.ones(tuple(y.shape), dtype) if upstream is None else np.asarray(upstream, dtype)
    y.backward(L.tensor(g))
    return x.grad.tolist()


def both(fn, values, dtype="float64", upstream=None):
    """Gradient by minigrad and by torch; they must be equal, returns it."""
    m = grad_of(minigrad, fn, values, dtype, upstream)
    t = grad_of(torch, fn, values, dtype, upstream)
    np.testing.assert_array_equal(np.array(m), np.array(t))
    return m


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_relu_derivative_at_zero_is_zero(dtype):
    assert both(lambda L, x: x.relu(), [-1.0, 0.0, -0.0, 2.0], dtype) == [0.0, 0.0, 0.0, 1.0]
    assert both(lambda L, x: L.relu(x), [0.0], dtype) == [0.0]


@pytest.mark.parametrize("size", [4, 33, 70_000])  # (NumPy's vectorised loops and their scalar tails)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_relu_keeps_negative_zero_and_nan_as_torch(dtype, size):
    x = np.resize(np.array([-0.0, np.nan, -1.0, 2.0, 0.0], dtype), size)
    out = {L: L.relu(L.tensor(x)).numpy() for L in (minigrad, torch)}
    np.testing.assert_array_equal(np.signbit(out[minigrad]), np.signbit(out[torch]))
    np.testing.assert_array_equal(out[minigrad], out[torch])


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_relu_gradient_is_zero_where_blocked_even_for_infinite_or_nan_upstream(dtype, create_graph):
    x = [-1.0, 0.0, 2.0, float("nan"), -3.0, 4.0]
    upstream = [float("inf"), float("nan"), float("-inf"), 3.0, float("nan"), float("inf")]
    grads = []
    for L in (minigrad, torch):
        t = L.tensor(x, dtype=getattr(L, dtype), requires_grad=True)
        g, = L.autograd.grad(L.relu(t), t, L.tensor(upstream, dtype=getattr(L, dtype)), create_graph=create_graph)
        grads.append(np.array(g.detach().tolist()))
    np.testing.assert_array_equal(grads[0], grads[1])  # [0, 0, 0, 3, 0, inf]: NaN input passes g on


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_abs_derivative_at_zero_is_zero(dtype):
    assert both(lambda L, x: x.abs(), [-2.0, 0.0, -0.0, 3.0], dtype) == [-1.0, 0.0, 0.0, 1.0]


@pytest.mark.parametrize("slope", [0.01, 0.2, 1.5])
def test_leaky_relu_derivative_at_zero_is_the_slope(slope):
    pytest.importorskip("minigrad.nn.functional")
    import minigrad.nn.functional as MF
    if not hasattr(MF, "leaky_relu"):
        pytest.skip("minigrad.nn.functional.leaky_relu not written yet")
    fns = {minigrad: MF.leaky_relu, torch: torch.nn.functional.leaky_relu}
    got = both(lambda L, x: fns[L](x, slope), [-1.0, 0.0, 1.0])
    assert got[1] == pytest.approx(slope)


SLOPES = st.sampled_from([0.0, 0.01, 0.2, 1 / 3, 0.5, 0.7, 1.0, -0.3, 1.5]) | st.floats(0, 1)


@given(data=st.data(), slope=SLOPES, seed=S.seeds)
def test_leaky_relu_matches_torch(data, slope, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, data.draw(S.shapes())))
    check(lambda L, x: L.nn.functional.leaky_relu(x, slope), x, seed=seed)


@given(data=st.data(), slope=SLOPES)
def test_leaky_relu_gradient_is_exactly_the_upstream_or_its_product_with_the_slope(data, slope):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, data.draw(S.nonempty_shapes())))
    upstream = data.draw(S.arrays(dtype, x.shape))
    m = grad_of(minigrad, lambda L, x: L.nn.functional.leaky_relu(x, slope), x, dtype, upstream)
    t = grad_of(torch, lambda L, x: L.nn.functional.leaky_relu(x, slope), x, dtype, upstream)
    np.testing.assert_array_equal(np.array(m), np.array(t))


@pytest.mark.parametrize("size", [6, 3000])  # (large arrays with other slopes take the mask formula)
@pytest.mark.parametrize("create_graph", [False, True])
def test_leaky_relu_gradient_with_a_negative_zero_slope_keeps_torchs_signed_zeros(size, create_graph):
    x = np.resize(np.array([-1.0, 0.0, -0.0, 2.0, np.nan, -np.inf]), size)
    upstream = np.resize(np.array([1.0, -1.0, 1.0, -2.0, 1.0, -1.0]), size)
    grads = []
    for L in (minigrad, torch):
        t = L.tensor(x, requires_grad=True)
        g, = L.autograd.grad(L.nn.functional.leaky_relu(t, -0.0), t, L.tensor(upstream), create_graph=create_graph)
        grads.append(g.detach().numpy())
    np.testing.assert_array_equal(grads[0], grads[1])
    np.testing.assert_array_equal(np.signbit(grads[0]), np.signbit(grads[1]))


@given(data=st.data(), slope=SLOPES, seed=S.seeds)
@settings(max_examples=10)
def test_leaky_relu_second_derivatives_match_torch(data, slope, seed):
    x = data.draw(S.arrays(np.float64, data.draw(S.nonempty_shapes())))
    compare_higher(lambda L, x: L.nn.functional.leaky_relu(x, slope) ** 2, x, order=2, seed=seed)


def test_max_without_dim_splits_ties_evenly():
    assert both(lambda L, x: x.max(), [1.0, 3.0, 3.0, 2.0, 3.0]) == pytest.approx([0, 1 / 3, 1 / 3, 0, 1 / 3])
    assert both(lambda L, x: L.min(x), [0.0, 0.0, 5.0]) == [0.5, 0.5, 0.0]
    assert both(lambda L, x: x.amax() if hasattr(x, "amax") and L is torch else x.max(), [2.0, 2.0]) == [0.5, 0.5]


def test_max_with_dim_gives_gradient_to_the_returned_index():
    m = both(lambda L, x: x.max(dim=1).values, [[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], upstream=[5.0, 7.0])
    assert sum(m[0]) == 5.0 and sum(m[1]) == 7.0


def test_maximum_minimum_of_equal_inputs_split_half_each():
    for name in ("maximum", "minimum"):
        for L in (minigrad, torch):
            a = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
            b = L.tensor([1.0, 0.0, 3.0], requires_grad=True)
            getattr(L, name)(a, b).backward(L.tensor([2.0, 2.0, 2.0]))
            expected_a = [1.0, 2.0 if name == "maximum" else 0.0, 1.0]
            assert a.grad.tolist() == expected_a, (L.__name__, name, a.grad)
            assert b.grad.tolist() == [1.0, 2.0 - expected_a[1], 1.0]
    assert both(lambda L, x: L.maximum(x, x), [1.0, -2.0]) == [1.0, 1.0]


def test_clamp_gradient_passes_at_the_boundaries():
    got = both(lambda L, x: x.clamp(-1.0, 1.0), [-2.0, -1.0, 0.0, 1.0, 2.0])
    assert got == [0.0, 1.0, 1.0, 1.0, 0.0]
    assert both(lambda L, x: x.clamp(min=0.0), [-1.0, 0.0, 1.0]) == [0.0, 1.0, 1.0]
    assert both(lambda L, x: x.clamp(max=0.0), [-1.0, 0.0, 1.0]) == [1.0, 1.0, 0.0]
    assert both(lambda L, x: x.clamp(1.0, 1.0), [0.0, 1.0, 2.0]) == [0.0, 1.0, 0.0]


@pytest.mark.parametrize("call", ["elu", "elu_alpha", "celu", "selu"])
@pytest.mark.parametrize("size", [4, 33, 70_000])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_elu_family_keeps_negative_zero_as_torch(dtype, size, call):
    fn = {"elu": lambda L, t: L.nn.functional.elu(t), "elu_alpha": lambda L, t: L.nn.functional.elu(t, 0.5),
          "celu": lambda L, t: L.nn.functional.celu(t, 2.0), "selu": lambda L, t: L.nn.functional.selu(t)}[call]
    x = np.resize(np.array([-0.0, 0.0, -1.0, 1.0, np.nan, -np.inf, np.inf], dtype), size)
    out = {L: fn(L, L.tensor(x)).numpy() for L in (minigrad, torch)}
    zeros = out[torch] == 0
    np.testing.assert_array_equal(np.signbit(out[minigrad][zeros]), np.signbit(out[torch][zeros]))
    assert_close(out[minigrad], out[torch])


def test_clamp_with_min_greater_than_max_matches_torch():
    check(lambda L, t: t.clamp(2.0, 1.0), np.array([0.0, 1.5, 3.0]))


_SIGNED_ZERO_CLAMPS = {
    "min": lambda L, t, lo, hi: t.clamp(min=lo), "max": lambda L, t, lo, hi: t.clamp(max=hi),
    "both": lambda L, t, lo, hi: L.clamp(t, lo, hi), "clamp_min": lambda L, t, lo, hi: L.clamp_min(t, lo),
    "clamp_max": lambda L, t, lo, hi: L.clamp_max(t, hi), "in_place": lambda L, t, lo, hi: t.clone().clamp_(lo, hi),
    "tensor_bounds": lambda L, t, lo, hi: L.clamp(t, L.tensor(lo, dtype=t.dtype), L.tensor(hi, dtype=t.dtype)),
    "hardtanh": lambda L, t, lo, hi: L.nn.functional.hardtanh(t, lo, hi),
    "relu6": lambda L, t, lo, hi: L.nn.functional.relu6(t),
}


@pytest.mark.parametrize("form", _SIGNED_ZERO_CLAMPS)
@pytest.mark.parametrize("bounds", [(0.0, -0.0), (-0.0, 0.0), (0.0, 0.0), (-0.0, -0.0)])
@pytest.mark.parametrize("size", [4, 33, 70_000])  # (NumPy's vectorised loops and their scalar tails)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_clamp_keeps_the_input_where_it_equals_a_bound_as_torch_signed_zeros_included(dtype, size, bounds, form):
    # clamp(-0.0, min=0.0) is -0.0, clamp(-1.0, -0.0, 0.0) is -0.0: the input at a tie, the lower bound
    # before the upper
    x = np.resize(np.array([-0.0, 0.0, -1.0, 1.0, np.nan], dtype), size)
    lo, hi = bounds
    out = {L: _SIGNED_ZERO_CLAMPS[form](L, L.tensor(x), lo, hi).numpy() for L in (minigrad, torch)}
    np.testing.assert_array_equal(np.signbit(out[minigrad]), np.signbit(out[torch]))
    np.testing.assert_array_equal(out[minigrad], out[torch])


def test_sqrt_at_zero_has_infinite_derivative():
    assert both(lambda L, x: x.sqrt(), [0.0, 4.0]) == [float("inf"), 0.25]
    check(lambda L, t: t.sqrt(), np.array([-1.0, 0.0, 1.0]))   # NaN for negatives, in both


def test_log_at_zero_and_negative_match_torch():
    check(lambda L, t: t.log(), np.array([-1.0, 0.0, -0.0, 1.0]))


@pytest.mark.parametrize("exponent", [0.0, 0.5, 1.0, 2.0, 3.0, -1.0, -0.5, 1.5])
def test_pow_at_zero_base_matches_torch(exponent):
    # +0 only: torch computes x ** -0.5 as rsqrt, which gives -inf at -0
    check(lambda L, t: t ** exponent, np.array([0.0, 1.0, 2.0]))


def test_pow_tensor_exponent_at_zero_base_matches_torch():
    check(lambda L, a, b: a ** b, np.array([0.0, 0.0, 0.0, 2.0, 0.0]), np.array([0.0, 1.0, 2.0, 0.0, -1.0]))


def test_scalar_pow_tensor_at_zero_base_matches_torch():
    check(lambda L, t: 0.0 ** t, np.array([0.0, 1.0, 2.0, -1.0]))
    check(lambda L, t: 1.0 ** t, np.array([0.0, 1.0, -3.0]))


def test_division_by_zero_matches_torch():
    check(lambda L, a, b: a / b, np.array([1.0, 0.0, -1.0]), np.array([0.0, 0.0, 0.0]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_is_stable_at_plus_minus_400(dtype):
    x = np.array([-800.0, -400.0, -100.0, 0.0, 100.0, 400.0, 800.0], dtype)
    check(lambda L, t: t.sigmoid(), x, seed=3)
    with np.errstate(over="raise", invalid="raise"):  # no overflow or NaN inside
        minigrad.tensor(x).sigmoid()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_tanh_is_exact_near_zero(dtype):
    x = np.array([0.0, 1e-30, -1e-20, 1e-10, 1e-8, -1e-7, 1e-4, 20.0, -400.0], dtype)
    check(lambda L, t: t.tanh(), x, seed=4)
    small = minigrad.tensor(np.array([1e-20, 1e-10], dtype)).tanh().tolist()
    assert small == pytest.approx([1e-20, 1e-10], rel=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_exp_log_overflow_and_underflow_match_torch(dtype):
    check(lambda L, t: t.exp(), np.array([-1000.0, 0.0, 88.0, 1000.0], dtype))
    check(lambda L, t: t.softmax(0), np.array([-1000.0, 0.0, 1000.0], dtype))
    check(lambda L, t: t.log_softmax(0), np.array([-1000.0, 0.0, 1000.0], dtype))
    check(lambda L, t: t.logsumexp(0), np.array([-np.inf, -np.inf], dtype))


def test_prod_with_zeros_matches_torch():
    check(lambda L, t: t.prod(), np.array([2.0, 0.0, 3.0]))
    check(lambda L, t: t.prod(), np.array([0.0, 0.0, 3.0]))
    check(lambda L, t: t.prod(1), np.array([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0], [1.0, 2.0, 3.0]]))


def test_std_of_constant_matches_torch():
    check(lambda L, t: t.std(), np.array([2.0, 2.0, 2.0]))
    check(lambda L, t: t.std(0, unbiased=False), np.array([[1.0, 2.0], [1.0, 3.0]]))


def test_remainder_and_floor_divide_of_negatives_match_torch():
    a = np.array([-7.0, 7.0, -7.0, 7.0, 0.0, -0.5])
    b = np.array([2.0, -2.0, -2.0, 2.0, 3.0, 2.0])
    check(lambda L, x, y: x % y, a, b)
    check(lambda L, x, y: x // y, a, b, requires_grad=[False, False])
    check(lambda L, x, y: x % y, np.array([-7, 7, -7]), np.array([2, -2, -2]))
    check(lambda L, x, y: x // y, np.array([-7, 7, -7]), np.array([2, -2, -2]))


def test_pow_of_negative_base_with_integer_valued_exponents_matches_torch():
    base = np.array([-2.0, -0.5, -1.0, -3.0, 2.0])
    exp = np.array([2.0, 3.0, 0.0, -1.0, 0.5])
    check(lambda L, a, b: a ** b, base, exp)
    check(lambda L, a, b: a ** b, base, np.array([2.5, 0.5, 1.5, -0.5, 1.0]))  # NaN where torch has NaN


def test_division_and_remainder_signs_of_zero_match_torch():
    check(lambda L, a, b: a / b, np.array([0.0, -0.0, 1.0, -1.0]), np.array([-1.0, 1.0, -0.0, 0.0]))
    check(lambda L, a, b: a % b, np.array([-0.0, 0.0, 4.0, -4.0]), np.array([1.0, -1.0, 2.0, 2.0]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_log_softmax_and_logsumexp_with_infinities_match_torch(dtype):
    x = np.array([[-np.inf, 0.0, 1.0], [-np.inf, -np.inf, -np.inf], [np.inf, 0.0, 1.0]], dtype)
    check(lambda L, t: t.log_softmax(1), x)
    check(lambda L, t: t.softmax(1), x)
    check(lambda L, t: t.logsumexp(1), x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_tanh_relu_with_infinities_and_nan_match_torch(dtype):
    x = np.array([-np.inf, np.inf, np.nan, 0.0], dtype)
    for name in ("sigmoid", "tanh", "relu", "abs", "exp", "sin"):
        check(lambda L, t: getattr(t, name)(), x)
    check(lambda L, t: t.clamp(-1, 1), x)
    check(lambda L, a, b: L.maximum(a, b), x, x[::-1].copy())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_hardtanh_gradient_is_zero_at_the_bounds(dtype):
    grad = both(lambda L, x: L.nn.functional.hardtanh(x, -0.5, 2.0), [-0.5, -0.2, 2.0, 3.0], dtype)
    assert grad == [0.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_hardtanh_gradient_is_zero_at_nan_as_in_pytorchs_vectorised_kernel(dtype):
    # 64 elements, NaN first: inside the vectorised part of PyTorch's loop on any SIMD width (its scalar
    # loop over the last few elements passes the gradient at NaN instead)
    values = [np.nan] + list(np.linspace(-2.0, 2.0, 63))
    grad = both(lambda L, x: L.nn.functional.hardtanh(x), values, dtype)
    assert grad[0] == 0.0


def test_hardtanh_second_derivatives_match_torch():
    compare_higher(lambda L, x: L.nn.functional.hardtanh(x, -0.5, 0.5) ** 2, np.array([-1.0, -0.2, 0.3, 0.9]),
                   order=2)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_silu_of_very_negative_inputs_is_negative_zero_with_zero_gradient(dtype):
    x = [-1e30, -1e10, -800.0, -100.0, -1.0, 0.0, 1.0, 1e30]
    check(lambda L, t: L.nn.functional.silu(t), np.array(x, dtype))


def test_silu_second_derivatives_match_torch():
    compare_higher(lambda L, x: L.nn.functional.silu(x), np.array([-30.0, -1.5, 0.0, 0.7, 4.0]), order=2)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sign_of_nan_is_zero_like_torch(dtype):
    check(lambda L, t: L.sign(t), np.array([np.nan, -2.0, 0.0, 3.0], dtype))
