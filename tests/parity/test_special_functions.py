"""The gamma family, the Bessel functions I0/I1, the normal distribution's tails, logit, frexp,
the sign and infinity tests, and the ``minigrad.special`` namespace, against PyTorch."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.special
from . import strategies as S
from .helpers import assert_close, check, check_raises

# torch.special's own rows of the unary table -> value range of their inputs (log_ndtr's gradient
# exp(-(y + x^2 / 2)) cancels two terms of size x^2 / 2: beyond -6 PyTorch's float32 value carries that
# rounding; the float64 grid below goes down to -30)
SPECIAL_ROWS = {
    "i0e": (-30, 30), "i1": (-30, 30), "i1e": (-30, 30), "erfcx": (-5, 20), "ndtri": (0.01, 0.99),
    "log_ndtr": (-6, 10), "entr": (0, 10),
}


def test_every_special_row_of_the_unary_table_has_a_parity_row():
    from minigrad.ops.unary import RULES
    assert {rule.name for rule in RULES if rule.space == "special"} <= set(SPECIAL_ROWS)


@pytest.mark.parametrize("name", sorted(SPECIAL_ROWS))
@given(data=st.data(), seed=S.seeds)
def test_special_row_matches_torch_with_gradient(name, data, seed):
    low, high = SPECIAL_ROWS[name]
    x = data.draw(S.arrays(data.draw(S.float_dtypes), data.draw(S.shapes(max_dims=3)), low, high))
    check(lambda L, t: getattr(L.special, name)(t), x, seed=seed)


#: arguments of float64 kernels compared with PyTorch at rtol 1e-7 over a dense grid (poles included)
_GRID = np.concatenate([np.linspace(-30, 30, 6001), np.linspace(-3, 3, 6001), 10.0 ** np.arange(-300, 300, 7.3),
                        -np.arange(0.0, 40.0), [np.inf, -np.inf, np.nan, -0.0, 1e-300]])


@pytest.mark.parametrize("name, torch_fn", [
    ("lgamma", torch.lgamma), ("digamma", torch.digamma), ("erfc", torch.erfc), ("i0", torch.i0),
    ("special.i0e", torch.special.i0e), ("special.i1", torch.special.i1), ("special.i1e", torch.special.i1e),
    ("special.erfcx", torch.special.erfcx), ("special.log_ndtr", torch.special.log_ndtr),
])
def test_float64_kernel_agrees_with_torch_over_a_dense_grid(name, torch_fn):
    fn = minigrad
    for part in name.split("."):
        fn = getattr(fn, part)
    mine = fn(minigrad.tensor(_GRID)).numpy()
    theirs = torch_fn(torch.from_numpy(_GRID)).numpy()
    assert_close(mine, theirs, atol=1e-12)  # (not scaled by the grid's largest value)


@pytest.mark.parametrize("shape", [(), (1,), (7,), (31,), (2, 3), (5, 6)], ids=str)
def test_float16_i0e_of_a_small_tensor_is_torchs_scalar_loops_bit_for_bit(shape):
    # (under 32 elements PyTorch's CPU loop never vectorises: Cephes' expansion in float16 arithmetic)
    size = int(np.prod(shape))
    values = np.concatenate([np.linspace(-30, 30, 997), [0, -0.0, 8, -8, np.inf, -np.inf, np.nan, 1e-6, 65504]])
    for start in range(0, len(values), size):
        x = np.resize(values[start:start + size], size).reshape(shape).astype(np.float16)
        mine = minigrad.special.i0e(minigrad.tensor(x)).numpy()
        theirs = torch.special.i0e(torch.from_numpy(x)).numpy()
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
def test_polygamma_agrees_with_torch_over_a_dense_grid(n):
    grid = _GRID[np.abs(_GRID) < 1e15]
    mine = minigrad.polygamma(n, minigrad.tensor(grid)).numpy()
    assert_close(mine, torch.polygamma(n, torch.from_numpy(grid)).numpy(), atol=1e-12)


def test_ndtri_agrees_with_torch_down_to_the_smallest_probabilities():
    p = np.concatenate([np.linspace(0, 1, 10001), 10.0 ** -np.arange(1, 300, 0.5), 1 - 10.0 ** -np.arange(1, 16, 0.5),
                        [-0.5, 1.5, np.nan, 0.5 + 1e-12]])
    assert_close(minigrad.special.ndtri(minigrad.tensor(p)).numpy(), torch.special.ndtri(torch.from_numpy(p)).numpy(),
                 atol=1e-12)


@pytest.mark.parametrize("n", [0, 1, 2, 3])
@given(data=st.data(), seed=S.seeds)
def test_polygamma_matches_torch_with_gradient(n, data, seed):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), data.draw(S.shapes(max_dims=3)), -10, 10, kinks=(0.5, 1.0, 2.0)))
    check(lambda L, t: L.polygamma(n, t), x, seed=seed)
    check(lambda L, t: t.polygamma(n), x, seed=seed)


@pytest.mark.parametrize("p", [1, 2, 3, 5])
@given(data=st.data(), seed=S.seeds)
def test_mvlgamma_matches_torch_with_gradient(p, data, seed):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), data.draw(S.shapes(max_dims=3)), (p - 1) / 2 + 0.1, 10))
    check(lambda L, t: L.mvlgamma(t, p), x, seed=seed)
    check(lambda L, t: L.special.multigammaln(t, p=p), x, seed=seed)


def test_gamma_functions_raise_as_torch():
    check_raises(lambda L, t: L.polygamma(-1, t), np.array([1.0]))
    check_raises(lambda L, t: L.mvlgamma(t, 0), np.array([1.0]))
    check_raises(lambda L, t: L.mvlgamma(t, 1), np.array([True]))


def test_lgamma_and_digamma_of_integers_are_the_default_float():
    check(lambda L, t: L.lgamma(t), np.array([1, 2, 5]))
    check(lambda L, t: L.digamma(t), np.array([1, 2, 5]))


@given(dtype=S.float_dtypes, shape=S.shapes(max_dims=3), data=st.data(), eps=st.sampled_from([None, 0.0, 0.1, 0.25]),
       seed=S.seeds)
def test_logit_matches_torch_with_and_without_eps(dtype, shape, data, eps, seed):
    # (no -0.0: PyTorch's vectorised float64 kernel gives its gradient the other sign than its scalar loop)
    x = data.draw(S.arrays(dtype, shape, -0.2, 1.2, kinks=(0.0, 1.0, 0.5, 0.1, 0.25)))
    check(lambda L, t: L.logit(t, eps), x, seed=seed)
    check(lambda L, t: L.special.logit(t, eps=eps), x, seed=seed)


@given(x=S.array_and_dtype(low=-1e6, high=1e6), seed=S.seeds)
def test_frexp_matches_torch_with_gradient(x, seed):
    check(lambda L, t: L.frexp(t), x, seed=seed)
    check(lambda L, t: t.frexp(), x, seed=seed)


def test_frexp_refuses_integers():
    check_raises(lambda L, t: L.frexp(t), np.array([1, 2]))


_SIGNED = [np.array([-1.0, -0.0, 0.0, 2.0, np.inf, -np.inf, np.nan, -np.nan]), np.array([-3, 0, 4]),
           np.array([True, False])]


@pytest.mark.parametrize("name", ["signbit", "isposinf", "isneginf", "isreal"])
@pytest.mark.parametrize("x", _SIGNED, ids=["float", "int", "bool"])
def test_sign_and_infinity_tests_match_torch(name, x):
    check(lambda L, t: getattr(L, name)(t), x, requires_grad=[False])


def test_positive_is_the_input_itself_and_refuses_bools():
    x = minigrad.tensor([1.0, -2.0])
    assert minigrad.positive(x) is x
    check_raises(lambda L, t: L.positive(t), np.array([True]))


@pytest.mark.parametrize("name", ["erfc_", "sinc_", "deg2rad_", "rad2deg_", "sgn_", "lgamma_", "digamma_", "i0_",
                                  "logit_"])
def test_in_place_forms_match_torch(name):
    check(lambda L, t: getattr(t.clone(), name)(), np.array([0.25, 0.5, 0.75]))


def test_in_place_gamma_forms_match_torch():
    check(lambda L, t: t.clone().polygamma_(2), np.array([0.25, 1.5]))
    check(lambda L, t: t.clone().mvlgamma_(2), np.array([1.25, 1.5]))


@pytest.mark.parametrize("alias, name", [("expit", "sigmoid"), ("gammaln", "lgamma"), ("psi", "digamma"),
                                         ("exp2", "exp2"), ("expm1", "expm1"), ("log1p", "log1p"), ("erf", "erf"),
                                         ("erfinv", "erfinv"), ("sinc", "sinc"), ("i0", "i0"), ("round", "round")])
def test_special_names_of_minigrad_functions_match_torch(alias, name):
    check(lambda L, t: getattr(L.special, alias)(t), np.array([-0.5, 0.25, 0.75]))


@given(x=S.arrays(np.float64, S.shapes(max_dims=3), -10, 10), seed=S.seeds)
def test_sinc_matches_torch_in_float64_near_zero_too(x, seed):
    check(lambda L, t: L.sinc(t), x, seed=seed)
    check(lambda L, t: L.special.sinc(t), x, seed=seed)


@given(x=S.array_and_dtype(low=-10, high=10), seed=S.seeds)
def test_ndtr_matches_torch(x, seed):
    check(lambda L, t: L.special.ndtr(t), x, seed=seed)


@given(pair=S.broadcast_pair(low=-0.9, high=10), seed=S.seeds)
def test_xlog1py_matches_torch(pair, seed):
    check(lambda L, a, b: L.special.xlog1py(a, b), *pair, seed=seed)
    check(lambda L, a: L.special.xlog1py(a, 2.0), pair[0], seed=seed)
    check(lambda L, b: L.special.xlog1py(3, b), pair[1], seed=seed)


def test_special_softmax_family_takes_torch_special_signatures():
    x = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 0.0]])
    check(lambda L, t: L.special.softmax(t, 1), x)
    check(lambda L, t: L.special.log_softmax(t, dim=0, dtype=L.float32), x)
    check(lambda L, t: L.special.logsumexp(t, 1, keepdim=True), x)


def test_special_is_a_module_of_minigrad():
    import importlib
    assert importlib.import_module("minigrad.special") is minigrad.special
    assert set(minigrad.special.__all__) <= set(dir(torch.special))


@given(s=S.arrays(np.float64, S.shapes(max_dims=2), 1.0, 12.0, kinks=(1.0, 2.0, 3.0, 4.0)),
       q=S.arrays(np.float64, (), -5.0, 20.0, kinks=(0.0, -1.0, 1.0, 0.5, -2.5)), seed=S.seeds)
def test_zeta_matches_torch_with_the_gradient_of_q(s, q, seed):
    check(lambda L, a, b: L.special.zeta(a, b), s, q, requires_grad=[False, True], seed=seed)


def test_zeta_takes_a_number_on_either_side():
    q = np.array([0.5, 1.0, 3.0])
    check(lambda L, b: L.special.zeta(2.0, b), q)
    check(lambda L, a: L.special.zeta(a, 1.5), q + 1)
    check(lambda L, a, b: L.special.zeta(a, b), np.array([2, 3]), np.array([1, 2]))


@pytest.mark.parametrize("s", [1.5, 2.0, 3.0, 10.0])
def test_zeta_of_a_huge_q_underflows_as_torchs(s):
    # PyTorch's tail q^-s * q / (s - 1) is 0 where q^-s underflows (zeta(2, 1e300) is 0) and keeps only the
    # digits of a subnormal q^-s: not the closed form q^(1-s) / (s - 1). (Scaled by q^(s-1), near 1 / (s - 1),
    # so that the tolerance is relative.)
    q = np.logspace(30, 308, 60)
    check(lambda L, b: L.special.zeta(s, b) * b ** (s - 1), q, requires_grad=[False])


def test_zeta_of_an_infinite_order_matches_torch():
    q = np.array([1.0, 0.5, 1e-310, -0.5, -2.0])
    check(lambda L, a, b: L.special.zeta(a, b), np.full(5, np.inf), q, requires_grad=[False, True])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_zeta_at_nan_and_infinite_arguments_matches_torch(dtype):
    # (Cephes tests s = 1, then s < 1, then the poles, which a NaN s does not escape: zeta(nan, -inf) is inf)
    special = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, 0.5, 2.0, -1.0, -2.0, -1.5, 2.5]
    s, q = (a.ravel().astype(dtype) for a in np.meshgrid(special, special))
    check(lambda L, a, b: L.special.zeta(a, b), s, q, backward=False)


def test_zeta_of_a_huge_order_matches_torch():
    q = np.array([1.0, 1.01, 0.5, -0.5, -3.25])
    check(lambda L, a, b: L.special.zeta(a, b), np.array([1e200, 1200.0, 1e200, 1e200, 1e200]), q,
          requires_grad=[False, True])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_zeta_of_an_order_whose_terms_all_underflow_is_torchs_zero_or_nan(dtype):
    # (Cephes' sum is 0 there; its correction multiplies that 0 by s (s + 1) ... (s + 22), inf beyond about 2.5e13)
    s = np.array([200.0, 1100.0, 2e13, 3e13, 1e20, 1e20, 1e20, 1e20], dtype)
    q = np.array([2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 0.5, -1.5], dtype)
    check(lambda L, a, b: L.special.zeta(a, b), s, q, backward=False)


def test_zeta_and_polygamma_far_left_of_zero_match_torch():
    # (there the terms below 0 are those of zeta(s, 1 - f) mirrored, not summed one by one: minutes at -5e6)
    q = np.array([-4988429.2, -123456.75, -30.5, -2.25, -1e-9])
    check(lambda L, a, b: L.special.zeta(a, b), np.array([2.0, 3.0, 4.0, 7.0, 5.0]), q, requires_grad=[False, True])
    check(lambda L, t: L.polygamma(2, t), q)


def test_zeta_and_polygamma_at_a_pole_far_left_are_infinite_as_torch():
    check(lambda L, a, b: L.special.zeta(a, b), np.array([2.0, 3.0]), np.array([-1e200, -1e12]),
          requires_grad=[False, True])
    check(lambda L, t: L.polygamma(2, t), np.array([-1e12, -1e200]))


_BESSEL_GRID = np.concatenate([10.0 ** np.arange(-300, 3, 0.37), np.linspace(0, 40, 8001), [0.0, -1.0, np.inf, np.nan]])


@pytest.mark.parametrize("name", ["modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
                                  "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
                                  "spherical_bessel_j0"])
def test_bessel_functions_without_gradient_agree_with_torch_over_a_dense_grid(name):
    grid = np.concatenate([_BESSEL_GRID, -_BESSEL_GRID])
    x = minigrad.tensor(grid, requires_grad=True)
    y = getattr(minigrad.special, name)(x)
    assert not y.requires_grad
    assert_close(y.numpy(), getattr(torch.special, name)(torch.from_numpy(grid)).numpy(), atol=1e-12)
    check(lambda L, t: getattr(L.special, name)(t), np.array([1, 2, 3]))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name", ["i0", "special.i1", "special.modified_bessel_i0", "special.modified_bessel_i1"])
def test_bessel_i_overflows_where_exp_overflows_in_the_computing_dtype_as_torch(name, dtype):
    """PyTorch multiplies by exp(|x|) in float32 (for float16 too) or float64: I0 and I1 are
    infinite from |x| of about 88.7 in float32 (kaiser windows of a large beta divide inf by inf)."""
    x = np.concatenate([np.linspace(80, 95, 61), [709.7, 709.8, 713.0]]).astype(dtype)
    x = np.concatenate([x, -x])
    fn = lambda L, t: eval("L." + name)(t)  # noqa: E731
    check(fn, x, backward=False)
    check(lambda L: L.signal.windows.kaiser(256, beta=100.0, dtype=getattr(L, np.dtype(dtype).name)))


@pytest.mark.parametrize("name", ["igamma", "igammac"])
def test_incomplete_gamma_agrees_with_torch_over_a_grid(name):
    rng = np.random.default_rng(0)
    a = np.concatenate([rng.uniform(0, 30, 3000), 10 ** rng.uniform(-3, 3, 1000), [0, 0, -1, 1, np.inf, np.nan]])
    x = np.concatenate([rng.uniform(0, 40, 3000), 10 ** rng.uniform(-3, 3, 1000), [1, 0, 1, -1, 1, 1]])
    mine = getattr(minigrad, name)(minigrad.tensor(a), minigrad.tensor(x)).numpy()
    assert_close(mine, getattr(torch, name)(torch.from_numpy(a), torch.from_numpy(x)).numpy(), atol=1e-12)


@pytest.mark.parametrize("name", ["igamma", "igammac", "special.gammainc", "special.gammaincc"])
@given(data=st.data(), seed=S.seeds)
def test_incomplete_gamma_matches_torch_with_the_gradient_of_x(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes(max_dims=3))
    a = data.draw(S.positive_arrays(dtype, s1, 0.1, 20))
    x = data.draw(S.positive_arrays(dtype, s2, 0.1, 30))

    def fn(L, p, q):
        for part in name.split("."):
            L = getattr(L, part)
        return L(p, q)
    check(fn, a, x, requires_grad=[False, True], seed=seed)


def test_incomplete_gamma_refuses_integers_and_numbers():
    check_raises(lambda L, a, x: L.igamma(a, x), np.array([1, 2]), np.array([1, 2]))
    check_raises(lambda L, a: L.igammac(a, 2.0), np.array([1.0]))


_POLYNOMIAL_X = np.concatenate([np.random.default_rng(0).uniform(-1.5, 1.5, 200), [1, -1, 0, 0.5, -0.5, 0.25, 2, -2]])
_POLYNOMIAL_N = np.arange(-2.0, 21.0)


@pytest.mark.parametrize("name", ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
                                  "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t",
                                  "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
                                  "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
                                  "laguerre_polynomial_l", "legendre_polynomial_p"])
def test_orthogonal_polynomials_agree_with_torch_over_a_grid_of_degrees(name):
    x, n = (a.ravel() for a in np.meshgrid(_POLYNOMIAL_X, _POLYNOMIAL_N))
    mine = getattr(minigrad.special, name)(minigrad.tensor(x, requires_grad=True), minigrad.tensor(n))
    assert not mine.requires_grad
    assert_close(mine.numpy(), getattr(torch.special, name)(torch.from_numpy(x), torch.from_numpy(n)).numpy(),
                 atol=1e-12)
    check(lambda L, t: getattr(L.special, name)(t, 3), np.array([1, 2]))
    check(lambda L, t: getattr(L.special, name)(0.5, t), np.array([0, 2, 5]))


@pytest.mark.parametrize("name", ["erf", "special.erf", "special.ndtr"])
def test_erf_and_ndtr_of_a_half_tensor_stay_half_as_torch(name):
    # (SciPy's compiled erf has no float16 loop: its float64 result once came back as it was)
    x = np.linspace(-3, 3, 25).astype(np.float16)
    fns = []
    for L in (torch, minigrad):
        fn = L
        for part in name.split("."):
            fn = getattr(fn, part)
        fns.append(fn(L.tensor(x)))
    expected, got = fns
    assert got.dtype == minigrad.float16 and got.shape == expected.shape
    a, b = expected.numpy(), got.numpy()  # (within a half's ulp: torch rounds a float computation once)
    assert (np.abs(a.astype(np.float64) - b) <= np.spacing(np.abs(a)).astype(np.float64)).all()


@given(a=S.arrays(np.float64, (20,), low=0.01, high=60.0), x=S.arrays(np.float64, (20,), low=0.0, high=80.0))
def test_scipys_incomplete_gamma_agrees_with_the_series_and_continued_fraction(a, x):
    pytest.importorskip("scipy")
    from minigrad.kernels.special import gamma
    p, q = gamma._gammainc_by_expansions(np, a, x)
    fast_p, fast_q = gamma._scipy_gammainc()[0](a, x), gamma._scipy_gammainc()[1](a, x)
    regular = x > 0
    np.testing.assert_allclose(fast_p[regular], p[regular], rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(fast_q[regular], q[regular], rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_igamma_of_a_large_shape_at_its_mean_is_about_a_half_as_torchs(dtype):
    a = np.array([4988429.0, 1e20], dtype)
    check(lambda L, t: L.igamma(t, t), a, backward=False)
    check(lambda L, t: L.igammac(t, t), a, backward=False)


@pytest.mark.parametrize("name", ["igamma", "igammac"])
def test_igamma_edges_decide_before_a_nan_on_the_other_side_as_torch(name):
    """x = 0 gives P = 0 and x = inf P = 1 whatever a is, NaN too; a = inf gives P = 0 for a NaN x."""
    nan, inf = np.nan, np.inf
    a = np.array([nan, nan, nan, inf, 0.0, 0.0, inf, nan])
    x = np.array([0.0, -0.0, inf, nan, nan, 0.0, inf, 2.0])
    check(lambda L, s, t: getattr(L, name)(s, t), a, x, backward=False)
