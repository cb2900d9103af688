"""Ops checked for complex input against PyTorch: values, dtypes and every input's gradient under
PyTorch's convention (for a real loss L of z = x + iy, z's gradient is dL/dx + i dL/dy), second
order included where the formula is differentiable. The creation, parts and arithmetic of complex
tensors are in test_complex.py."""
import numpy as np
import torch
import pytest
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_complex import complex_arrays, COMPLEX
from .test_second_order import compare_higher


def _away_from_zero(z, low=0.3):
    """z with every element at least ``low`` from 0 (poles and branch points of log, sqrt...)."""
    return np.where(np.abs(z) < low, z + (1 + 1j), z).astype(z.dtype)


# ------------------------------------------------------------------ unary math
HOLOMORPHIC = ["sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "log2", "log10", "log1p", "expm1",
               "sqrt", "rsqrt", "reciprocal", "square", "neg", "sigmoid", "asin", "acos", "atan", "asinh", "acosh",
               "atanh"]


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


@pytest.mark.parametrize("name", ["log2", "log10"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_log2_and_log10_divide_each_part_of_log_by_the_real_log_of_the_base_as_torch(name, dtype):
    # (infinite parts keep their finite partners, rounded as PyTorch's, which checks compare exactly)
    rng = np.random.default_rng(0)
    z = (rng.standard_normal(200) * 10.0 ** rng.uniform(-4, 4, 200) + 1j * rng.standard_normal(200)).astype(dtype)
    edges = np.array([complex(np.inf, np.inf), complex(np.inf, -np.inf), complex(-np.inf, 2), complex(3, np.inf),
                      complex(np.inf, np.nan), 0j, -1 + 0j], dtype)
    out = check(lambda L, t: getattr(L, name)(t), np.concatenate([z, edges]), requires_grad=[False])
    mine = getattr(minigrad, name)(minigrad.tensor(z)).numpy()
    np.testing.assert_array_equal(mine, out.numpy()[:len(z)])


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


# ------------------------------------------------------------------ tests and comparisons
SPECIAL_VALUES = np.array([1 + 2j, complex(np.nan, 1), complex(np.inf, 0), complex(2, -np.inf), 0j, -1j,
                           complex(np.nan, np.nan), 2 - 1j])


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_finiteness_tests_of_complex_tensors_match_torch(dtype):
    z = SPECIAL_VALUES.astype(dtype)
    check(lambda L, t: (L.isfinite(t), L.isnan(t), L.isinf(t), t.isfinite(), t.isnan(), t.isinf()), z)


@given(data=st.data())
def test_comparisons_of_complex_tensors_match_torch(data):
    z = data.draw(complex_arrays())
    w = np.where(data.draw(S.arrays(np.float64, z.shape, 0, 1)) > 0.5, z, z + 1e-9).astype(z.dtype)
    check(lambda L, a, b: (L.eq(a, b), a == b, a != b, L.ne(a, 1j), a == 2 - 1j, L.isclose(a, b),
                           L.isclose(a, b, rtol=0, atol=1e-12), L.allclose(a, b), L.equal(a, b), L.equal(a, a)),
          z, w, requires_grad=[False, False])


def test_comparisons_with_nan_in_complex_tensors_match_torch():
    z = SPECIAL_VALUES
    check(lambda L, t: (t == t, t != t, L.isclose(t, t), L.isclose(t, t, equal_nan=True), L.allclose(t, t),
                        L.allclose(t, t, equal_nan=True), L.equal(t, t)), z, requires_grad=[False])


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


@pytest.mark.parametrize("base", [0.5 + 1j, -2j, -1.5 + 0.25j])
@given(data=st.data(), seed=S.seeds)
def test_a_complex_number_to_a_real_tensor_power_matches_torch(base, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2), -2, 2))
    check(lambda L, t: (base ** t, L.pow(base, t)), x, seed=seed)


def test_a_zero_base_has_torchs_values_and_gradients_for_complex_exponents():
    zero = np.zeros(5, np.complex128)
    exponents = np.array([1 + 0j, 2 + 1j, 2j, 3 + 0j, 0j])  # (PyTorch's exp(b log 0): NaN at 2j and 0)
    check(lambda L, a, b: a ** b, zero, exponents)
    check(lambda L, b: 0 ** b, exponents)


_EDGE_PARTS = (0.0, -0.0, 1.0, -2.5, 1e200, np.inf, -np.inf, np.nan)
EDGE_VALUES = np.array([complex(a, b) for a in _EDGE_PARTS for b in _EDGE_PARTS])


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_powers_of_infinities_and_nans_have_torchs_parts(dtype):
    # C's complex product recovers the infinity that a plain product makes NaN + NaN j: (inf + nan j) ** 1
    # is inf + nan j and 0 ** (1 + nan j) is 0 (each part compared apart: a complex NaN is NaN in either part)
    z = EDGE_VALUES.astype(dtype)
    a, b = np.repeat(z, z.size), np.tile(z, z.size)
    check(lambda L, x, y: _parts(L, L.pow(x, y)), a, b, requires_grad=[False, False])
    check(lambda L, y: _parts(L, L.pow(2.5, y)), z, requires_grad=[False])


@pytest.mark.parametrize("exponent", [0, 1, -1, -2, 0.5, -0.5, 1.5, 1 + 1j, True, False])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_powers_by_a_number_at_infinities_and_nans_have_torchs_parts(exponent, dtype):
    # PyTorch computes 1 as a copy, -1 and -2 as reciprocals, 0.5 and -0.5 as sqrt and its reciprocal, others
    # by C's cpow (2 and 3 are products, whose part products overflowing differ by position in PyTorch)
    z = EDGE_VALUES.astype(dtype)
    check(lambda L, t: _parts(L, t ** exponent), z, requires_grad=[False])


def _parts(L, z):
    """z's real and imaginary parts, and the signs of those that are not NaN (so that -0 is told from 0)."""
    parts = L.view_as_real(z)
    return parts, L.signbit(parts) & ~L.isnan(parts)


def test_second_order_gradients_of_complex_powers_match_torch():
    x = np.array([0.3, -1.2, 2.0])
    compare_higher(lambda L, t: (L.complex(t + 2, t) ** L.complex(t, -t * 0.5)).abs().sum(), x)
    compare_higher(lambda L, t: (L.complex(t + 2, t) ** (1.5 - 0.5j)).abs().sum(), x)
    compare_higher(lambda L, t: (2.0 ** L.complex(t, t * t)).real.sum(), x)


# ------------------------------------------------------------------ products
def _complex_pair(data, shape_a, shape_b):
    a = data.draw(complex_arrays(st.just(shape_a), low=-3, high=3))
    b = data.draw(complex_arrays(st.just(shape_b), low=-3, high=3)).astype(a.dtype)
    return a, b


PRODUCTS = {
    "matmul": (lambda L, a, b: a @ b, ((2, 3, 4), (4, 2))),
    "matmul_batched": (lambda L, a, b: L.matmul(a, b), ((2, 1, 3, 4), (3, 4, 2))),
    "matmul_vector_left": (lambda L, a, b: L.matmul(a, b), ((4,), (2, 4, 3))),
    "matmul_vector_right": (lambda L, a, b: L.matmul(a, b), ((2, 3, 4), (4,))),
    "mm": (lambda L, a, b: L.mm(a, b), ((3, 4), (4, 2))),
    "bmm": (lambda L, a, b: L.bmm(a, b), ((2, 3, 4), (2, 4, 2))),
    "mv": (lambda L, a, b: L.mv(a, b), ((3, 4), (4,))),
    "dot": (lambda L, a, b: L.dot(a, b), ((4,), (4,))),
    "vdot": (lambda L, a, b: L.vdot(a, b), ((4,), (4,))),
    "vecdot": (lambda L, a, b: L.linalg.vecdot(a, b), ((2, 3, 4), (3, 4))),
    "vecdot_dim": (lambda L, a, b: L.linalg.vecdot(a, b, dim=0), ((4, 3), (4, 1))),
    "outer": (lambda L, a, b: L.outer(a, b), ((3,), (4,))),
    "einsum": (lambda L, a, b: L.einsum("bij,jk->bik", a, b), ((2, 3, 4), (4, 2))),
    "einsum_trace": (lambda L, a, b: L.einsum("ii,i->i", a, b), ((3, 3), (3,))),
    "tensordot": (lambda L, a, b: L.tensordot(a, b, dims=([1, 2], [0, 1])), ((2, 3, 4), (3, 4, 2))),
    "inner": (lambda L, a, b: L.inner(a, b), ((2, 4), (3, 4))),
    "linear": (lambda L, a, b: L.nn.functional.linear(a, b), ((3, 4), (2, 4))),
    "linear_bias": (lambda L, a, b: L.nn.functional.linear(a, b, b[:, 0] * 1j), ((3, 4), (2, 4))),
    "linear_batched": (lambda L, a, b: L.nn.functional.linear(a, b, b[:, 1]), ((2, 3, 4), (2, 4))),
    "linear_vector": (lambda L, a, b: L.nn.functional.linear(a, b, b[:, 1]), ((4,), (2, 4))),
}


@pytest.mark.parametrize("name", PRODUCTS)
@given(data=st.data(), seed=S.seeds)
def test_products_of_complex_tensors_and_their_gradients_match_torch(name, data, seed):
    fn, shapes = PRODUCTS[name]
    a, b = _complex_pair(data, *shapes)
    check(fn, a, b, seed=seed)


def test_a_complex_linear_layer_trains_as_torchs():
    def steps(L):
        L.manual_seed(0)
        layer = L.nn.Linear(3, 2, dtype=L.complex64)
        opt = L.optim.SGD(layer.parameters(), lr=0.1)
        x = L.complex(L.ones(4, 3), L.arange(12.0).reshape(4, 3) / 10)
        for _ in range(3):
            opt.zero_grad()
            layer(x).abs().sum().backward()
            opt.step()
        return [p.detach().numpy() for p in layer.parameters()]
    for mine, theirs in zip(steps(minigrad), steps(torch)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)


def test_vdot_conjugates_its_first_argument_as_torch():
    a, b = np.array([1 + 2j, 3j]), np.array([2 - 1j, 1 + 1j])
    assert minigrad.vdot(minigrad.tensor(a), minigrad.tensor(b)).item() == np.vdot(a, b)


def test_vecdot_conjugates_its_first_argument_as_torch():
    a, b = np.array([[1 + 2j, 3j]]), np.array([[2 - 1j, 1 + 1j]])
    assert minigrad.linalg.vecdot(minigrad.tensor(a), minigrad.tensor(b)).tolist() == [np.vdot(a[0], b[0])]


def test_a_complex_product_with_a_real_tensor_is_refused_as_torch():
    check(lambda L, a, b: a @ b, np.ones((2, 2), np.complex64), np.ones((2, 2), np.float32))


@pytest.mark.parametrize("name", ["matmul", "einsum", "vdot"])
def test_second_order_gradients_of_complex_products_match_torch(name):
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    fn = {"matmul": lambda L, z: z @ z, "einsum": lambda L, z: L.einsum("ij,jk->ik", z, z),
          "vdot": lambda L, z: L.vdot(z[0], z[1] * z[0])}[name]
    compare_higher(lambda L, t: (fn(L, L.complex(t, t * t - 1)) ** 2).abs().sum(), x)


# ------------------------------------------------------------------ reductions
@given(data=st.data(), seed=S.seeds)
def test_sums_and_means_over_dims_of_complex_tensors_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=1, max_dims=3)))
    dim = data.draw(S.dims(z.ndim, allow_none=False))
    check(lambda L, t: (t.sum(dim), L.mean(t, dim, keepdim=True), t.sum(dim, keepdim=True)), z, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_prod_of_complex_tensors_and_its_gradient_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=1, max_dims=3, max_side=3), low=-2, high=2))
    dim = data.draw(S.single_dim(z.ndim))
    check(lambda L, t: (t.prod(), L.prod(t, dim), t.prod(dim, keepdim=True)), z, seed=seed)


def test_prod_of_complex_tensors_with_zeros_has_torchs_gradient():
    z = np.array([[0j, 1 + 2j, -1j], [0j, 0j, 2 + 1j], [1 - 1j, 2j, 3 + 0j]])
    check(lambda L, t: (t.prod(), t.prod(1), t.prod(0)), z)
    compare_higher(lambda L, t: L.complex(t, 1 - t).prod().abs(), np.array([0.0, 1.5, -2.0]))


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@given(data=st.data(), seed=S.seeds)
def test_cumulative_sums_and_products_of_complex_tensors_match_torch(name, data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=1, max_dims=3), low=-2, high=2))
    dim = data.draw(S.single_dim(z.ndim))
    check(lambda L, t: getattr(L, name)(t, dim), z, seed=seed)
    check(lambda L, t: getattr(t, name)(dim), z * np.array(0, z.dtype) ** (np.arange(z.size) % 3).reshape(z.shape),
          seed=seed)  # (every third element zero: the gradient with zeros)


def test_second_order_gradient_of_a_complex_cumprod_matches_torch():
    compare_higher(lambda L, t: (L.complex(t, t * t).cumprod(0) ** 2).real.sum(), np.array([0.5, 0.0, -1.5, 2.0]))


@pytest.mark.parametrize("ord", [2, 1, 3, 0.5, float("inf"), float("-inf")])
@given(data=st.data(), seed=S.seeds)
def test_vector_norms_of_complex_tensors_are_real_and_match_torch(ord, data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=1, max_dims=3, min_side=1)))
    dim = data.draw(S.dims(z.ndim))
    check(lambda L, t: L.linalg.vector_norm(t, ord, dim), z, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_norm_forms_of_complex_tensors_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=2, max_dims=2, min_side=1)))
    check(lambda L, t: (L.linalg.norm(t), L.linalg.norm(t, dim=0), t.norm(), L.norm(t, p=1, dim=1), t.norm(dim=(0, 1)),
                        L.linalg.matrix_norm(t), L.linalg.norm(t, "fro"), t.norm(p="fro")), z, seed=seed)


@pytest.mark.parametrize("name", ["var", "std"])
@given(data=st.data(), seed=S.seeds)
def test_var_and_std_of_complex_tensors_are_real_and_match_torch(name, data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=1, max_dims=3, min_side=2)))
    dim = data.draw(S.dims(z.ndim))
    check(lambda L, t: (getattr(t, name)(), getattr(L, name)(t, dim), getattr(t, name)(dim, correction=0, keepdim=True)),
          z, seed=seed)


def test_second_order_gradients_of_complex_norms_and_var_match_torch():
    x = np.array([0.3, -1.2, 2.0])
    compare_higher(lambda L, t: L.linalg.vector_norm(L.complex(t, t * t)), x)
    compare_higher(lambda L, t: L.complex(t, t * t).var(), x)


# ------------------------------------------------------------------ inverse, solve, determinant
def _well_conditioned(data, shape):
    z = data.draw(complex_arrays(st.just(shape), low=-1, high=1))
    return (z + 3 * np.eye(shape[-1])).astype(z.dtype)


@given(data=st.data(), seed=S.seeds)
def test_complex_inverse_solve_and_determinant_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _well_conditioned(data, batch + (n, n))
    B = data.draw(complex_arrays(st.just(batch + (n, 2)))).astype(A.dtype)
    check(lambda L, a: (L.linalg.inv(a), L.linalg.det(a), L.det(a), a.inverse()), A, seed=seed)
    check(lambda L, a, b: (L.linalg.solve(a, b), L.linalg.solve(a, b[..., 0])), A, B, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_complex_slogdet_logdet_and_ex_solvers_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _well_conditioned(data, batch + (n, n))
    check(lambda L, a: (*L.linalg.slogdet(a), *L.slogdet(a), L.logdet(a)), A, seed=seed)
    check(lambda L, a: (L.linalg.inv_ex(a)[0], L.linalg.solve_ex(a, a[..., 0])[0]), A, seed=seed)


def test_complex_slogdet_and_logdet_of_a_singular_matrix_match_torch():
    check(lambda L, a: (*L.linalg.slogdet(a), L.logdet(a)), np.array([[1 + 1j, 2 + 2j], [1, 2]]), backward=False)


@given(data=st.data(), seed=S.seeds)
def test_complex_lu_factorization_and_its_solves_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _well_conditioned(data, batch + (n, n))
    B = data.draw(complex_arrays(st.just(batch + (n, 2)))).astype(A.dtype)
    check(lambda L, a: (*L.linalg.lu_factor(a), *L.linalg.lu_factor_ex(a), *L.linalg.lu(a)), A, seed=seed)
    for left in (True, False):
        for adjoint in (False, True):
            check(lambda L, a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b if left else b.mT, left=left,
                                                    adjoint=adjoint), A, B, seed=seed)


def test_complex_lu_pivots_on_the_largest_real_plus_imaginary_magnitude_as_lapack():
    check(lambda L, a: tuple(L.linalg.lu_factor(a)), np.array([[3 + 0j, 1], [2 + 2j, 5]]))  # (|3| > |2 + 2i|)


def test_the_determinant_of_a_singular_complex_matrix_has_torchs_gradients():
    A = np.array([[1 + 1j, 2 - 1j], [2 + 2j, 4 - 2j]])
    check(lambda L, a: L.linalg.det(a), A)
    compare_higher(lambda L, t: L.linalg.det(L.complex(t, t * t).reshape(2, 2)).abs(), np.array([1.0, 2.0, 2.0, 4.0]))


def test_second_order_gradients_of_complex_inverse_and_solve_match_torch():
    x = np.array([[2.0, 0.5], [-0.3, 1.5]])
    compare_higher(lambda L, t: L.linalg.inv(L.complex(t, t.T)).abs().sum(), x)
    compare_higher(lambda L, t: L.linalg.solve(L.complex(t, t.T), L.complex(t, -t)).abs().sum(), x)


# ------------------------------------------------------------------ Cholesky, Hermitian eigendecomposition, triangles
def _hermitian_positive_definite(data, shape):
    z = data.draw(complex_arrays(st.just(shape), low=-1, high=1))
    return (z @ np.conj(np.swapaxes(z, -1, -2)) + shape[-1] * np.eye(shape[-1])).astype(z.dtype)


def _distinct_singular_values(data, shape):
    """complex128 (the singular vectors' gradients amplify complex64's rounding past its tolerance)."""
    z = data.draw(complex_arrays(st.just(shape), low=-1, high=1))
    return z + np.eye(*shape[-2:]) * (4 + 6 * np.arange(shape[-1]))


def _batch_and_size(data):
    return data.draw(st.sampled_from([(), (2,)])), data.draw(st.integers(1, 3))


@pytest.mark.filterwarnings("ignore:torch.cholesky is deprecated")
@given(data=st.data(), seed=S.seeds)
def test_complex_cholesky_factors_and_their_gradients_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _hermitian_positive_definite(data, batch + (n, n))
    check(lambda L, a: (L.linalg.cholesky(a), L.linalg.cholesky_ex(a)[0], L.cholesky(a)), A, seed=seed)
    check(lambda L, a: (L.linalg.cholesky(a, upper=True), L.linalg.cholesky_ex(a, upper=True)[0],
                        L.cholesky(a, upper=True)), A, seed=seed)


@pytest.mark.parametrize("upper", [False, True])
def test_complex_cholesky_ex_reports_the_first_non_positive_minor_as_torch(upper):
    A = np.stack([np.eye(3), np.array([[1, 2j, 0], [-2j, 1, 1 + 1j], [0, 1 - 1j, 1]])]).astype(np.complex128)
    check(lambda L, a: tuple(L.linalg.cholesky_ex(a, upper=upper)), A, backward=False)
    check_raises(lambda L, a: L.linalg.cholesky(a, upper=upper), A, names=("(Batch element 1)", "order 2"))


@given(data=st.data(), seed=S.seeds)
def test_complex_cholesky_solve_and_inverse_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _hermitian_positive_definite(data, batch + (n, n))
    B = data.draw(complex_arrays(st.just(batch + (n, 2)))).astype(A.dtype)
    for upper in (False, True):
        factor = np.linalg.cholesky(A)
        factor = np.conj(np.swapaxes(factor, -1, -2)) if upper else factor
        check(lambda L, b, f: (L.cholesky_solve(b, f, upper), L.cholesky_inverse(f, upper)), B, factor, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_complex_eigh_and_eigvalsh_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _distinct_singular_values(data, batch + (n, n))  # (distinct eigenvalues too: a diagonal 4, 10, 16 + noise)
    for uplo in ("L", "U"):  # (smooth functions of the eigenvectors free of their phases: |v|^2, not |v|, at 0)
        check(lambda L, a: (L.linalg.eigvalsh(a, uplo), _squared_magnitudes(L.linalg.eigh(a, uplo)[1]),
                            (lambda w, v: v @ L.diag_embed(w * w).to(v.dtype) @ v.mH)(*L.linalg.eigh(a, uplo))),
              A, seed=seed)


def test_a_loss_on_the_phase_of_complex_eigen_or_singular_vectors_raises_as_torch():
    A = np.array([[2, 1 - 1j, 0.5j], [1 + 1j, -1, 2], [-0.5j, 2, 3]])
    for vectors in (lambda L, a: L.linalg.eigh(a)[1], lambda L, a: L.linalg.svd(a)[0], lambda L, a: L.linalg.svd(a)[2]):
        for L in (torch, minigrad):
            a = L.tensor(A, requires_grad=True)
            with pytest.raises(RuntimeError, match=r"e\^\{i phi\}"):
                vectors(L, a).real.sum().backward()


@pytest.mark.filterwarnings("ignore:torch.triangular_solve is deprecated")
@given(data=st.data(), seed=S.seeds)
def test_complex_triangular_solves_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _well_conditioned(data, batch + (n, n))
    B = data.draw(complex_arrays(st.just(batch + (n, 2)))).astype(A.dtype)
    for upper in (False, True):
        for unit in (False, True):
            check(lambda L, a, b: (L.linalg.solve_triangular(a, b, upper=upper, unitriangular=unit),
                                   L.linalg.solve_triangular(a, b.mT, upper=upper, left=False, unitriangular=unit),
                                   L.triangular_solve(b, a, upper, True, unit)[0]), A, B, seed=seed)


# ------------------------------------------------------------------ QR, SVD and the functions made of them
@given(data=st.data(), seed=S.seeds)
def test_complex_qr_matches_torch(data, seed):
    batch = data.draw(st.sampled_from([(), (2,)]))
    shape = batch + data.draw(st.sampled_from([(3, 3), (4, 2), (2, 4)]))
    A = _distinct_singular_values(data, shape)  # (full rank: its Q unique)
    check(lambda L, a: (*L.linalg.qr(a), L.linalg.qr(a, mode="r")[1]), A, seed=seed)
    if shape[-2] <= shape[-1]:
        check(lambda L, a: tuple(L.linalg.qr(a, mode="complete")), A, seed=seed)


def _squared_magnitudes(z):
    """|z|^2 elementwise: free of the vectors' phases and, unlike |z|, differentiable where an entry is 0
    (whose phase, left by rounding, would decide |z|'s gradient there)."""
    return (z * z.conj()).real


def _phase_free_svd(L, a, full):
    U, S, Vh = L.linalg.svd(a, full_matrices=full)
    k = S.shape[-1]
    return S, _squared_magnitudes(U), _squared_magnitudes(Vh), U[..., :k] @ L.diag_embed(S * S).to(U.dtype) @ Vh[..., :k, :]


@given(data=st.data(), seed=S.seeds)
def test_complex_svd_and_svdvals_match_torch(data, seed):
    batch = data.draw(st.sampled_from([(), (2,)]))
    A = _distinct_singular_values(data, batch + data.draw(st.sampled_from([(3, 3), (4, 2), (2, 4)])))
    for full in (False, True):
        check(lambda L, a: _phase_free_svd(L, a, full), A, seed=seed)
    check(lambda L, a: (L.linalg.svdvals(a), L.svd(a)[1], L.svd(a, compute_uv=False)[1]), A, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_complex_pinv_matrix_rank_and_lstsq_match_torch(data, seed):
    batch = data.draw(st.sampled_from([(), (2,)]))
    A = _distinct_singular_values(data, batch + data.draw(st.sampled_from([(3, 3), (4, 2), (2, 4)])))
    rank_one = np.einsum("...i,...j->...ij", A[..., 0], A[..., 0, :])
    check(lambda L, a: (L.linalg.pinv(a), L.pinverse(a), L.linalg.matrix_rank(a)), A, seed=seed)
    check(lambda L, r: (L.linalg.pinv(r), L.linalg.matrix_rank(r)), rank_one, backward=False)
    B = data.draw(complex_arrays(st.just(A.shape[:-1] + (2,)))).astype(A.dtype)
    for driver in ("gels", "gelsd", "gelss"):
        check(lambda L, a, b: tuple(L.linalg.lstsq(a, b, driver=driver)), A, B, seed=seed)
    # gelsy against PyTorch's gelsd: both give the minimum-norm least-squares solution, and PyTorch's
    # own gelsy (MKL's) is not reproducible here, its rounding depending on where the arrays lie in
    # memory; on a batch of wide matrices its solution can change entirely between calls
    check(lambda L, a, b: L.linalg.lstsq(a, b, driver="gelsy" if L is minigrad else "gelsd").solution, A, B,
          seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_complex_hermitian_pinv_and_rank_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _hermitian_positive_definite(data, batch + (n, n))
    check(lambda L, a: (L.linalg.pinv(a, hermitian=True), L.linalg.matrix_rank(a, hermitian=True)), A, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_complex_matrix_exp_norms_and_condition_numbers_match_torch(data, seed):
    batch, n = _batch_and_size(data)
    A = _well_conditioned(data, batch + (n, n))
    check(lambda L, a: (L.linalg.matrix_exp(a), L.matrix_exp(a / 4), L.linalg.matrix_power(a, 3),
                        L.linalg.matrix_power(a, -2)), A, seed=seed)
    A = _distinct_singular_values(data, batch + (n, n))  # (the norms of singular values: no ties)
    check(lambda L, a: tuple(L.linalg.matrix_norm(a, o) for o in ("fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf)),
          A, seed=seed)
    check(lambda L, a: (L.linalg.cond(a), L.linalg.cond(a, -2)), A, seed=seed)
    # (PyTorch's gradient of the other orders fails its own in-place check for a complex input)
    check(lambda L, a: tuple(L.linalg.cond(a, p) for p in ("fro", "nuc", 1, -1, np.inf, -np.inf)), A, backward=False)


def test_second_order_gradients_of_complex_factorizations_match_torch():
    x = np.array([[2.0, 0.5, 0.1], [-0.3, 1.5, 0.4], [0.2, -0.6, 1.8]])
    hpd = lambda L, t: (lambda z: z @ z.mH + 3 * L.eye(3))(L.complex(t, t.T * 0.5))
    compare_higher(lambda L, t: L.linalg.cholesky(hpd(L, t), upper=True).abs().sum(), x)
    compare_higher(lambda L, t: L.cholesky_inverse(L.linalg.cholesky(hpd(L, t))).abs().sum(), x)
    compare_higher(lambda L, t: L.linalg.eigvalsh(hpd(L, t)).pow(2).sum(), x)
    compare_higher(lambda L, t: L.linalg.svdvals(L.complex(t, t.T)).pow(3).sum(), x)
    compare_higher(lambda L, t: L.linalg.qr(L.complex(t, t.T))[1].abs().sum(), x)
    compare_higher(lambda L, t: L.linalg.matrix_exp(L.complex(t, t.T) * 0.5).abs().sum(), x)
    compare_higher(lambda L, t: L.linalg.pinv(L.complex(t, t.T)).abs().sum(), x)


# ------------------------------------------------------------------ selection, shapes, copies
@given(data=st.data(), seed=S.seeds)
def test_where_and_masked_fill_with_complex_values_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(max_dims=3)))
    w = data.draw(complex_arrays(st.just(z.shape))).astype(z.dtype)
    check(lambda L, a, b: (L.where(a.real > 0, a, b), L.where(a.imag > b.real, a, 2j), L.where(b.real < 0, 1.5, b),
                           a.where(b.imag > 0, b)), z, w, seed=seed)
    check(lambda L, a, b: (a.masked_fill(b.real > 0, 1 - 2j), a.masked_fill(b.imag > 0, 3),
                           a.masked_fill(b.real > 0, L.tensor(2j, dtype=a.dtype))), z, w, seed=seed)


def test_a_complex_fill_of_a_real_tensor_is_refused_as_torch():
    check(lambda L, t: t.masked_fill(t > 0, 1j), np.array([1.0, -1.0]))
    check(lambda L, t: t.masked_fill(t > 0, L.tensor(1j)), np.array([1.0, -1.0]))


@pytest.mark.parametrize("write", [
    lambda L, t, z: t.masked_fill(t > 0, z), lambda L, t, z: t.masked_fill(t > 0, L.tensor(z)),
    lambda L, t, z: t.detach().masked_fill_(t > 0, z), lambda L, t, z: t.detach().fill_(z),
    lambda L, t, z: L.full((2,), z, dtype=t.dtype), lambda L, t, z: t.new_full((2,), z),
    lambda L, t, z: (lambda c: (c.__setitem__(0, z), c)[1])(t.detach().clone()),
    lambda L, t, z: L.zeros(2, dtype=L.int64).fill_(z * 3)],
    ids=["masked_fill", "masked_fill of a 0-d tensor", "masked_fill_", "fill_", "full", "new_full", "setitem",
         "fill_ of an integer tensor"])
def test_a_complex_number_without_imaginary_part_fills_a_real_tensor_as_torch(write):
    # (PyTorch converts a complex number to a real dtype where no imaginary part is lost)
    check(write, np.array([1.0, -1.0]), 2 + 0j)


@given(data=st.data(), seed=S.seeds)
def test_joins_flips_rolls_and_constant_pads_of_complex_tensors_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=2, max_dims=3, min_side=1)))
    w = data.draw(complex_arrays(st.just(z.shape))).astype(z.dtype)
    check(lambda L, a, b: (L.cat([a, b], 1), L.stack([a, b], -1), a.flip(-1), L.roll(a, (1, -1), (0, 1)),
                           L.nn.functional.pad(a, (1, 2)), L.nn.functional.pad(b, (0, 1, 2, 0)),
                           L.nn.functional.pad(a, (-1, 1))), z, w, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_triangles_diagonals_and_traces_of_complex_matrices_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=2, max_dims=2, min_side=1)))
    v = data.draw(complex_arrays(S.shapes(min_dims=1, max_dims=1, min_side=1)))
    check(lambda L, a: (L.tril(a), L.triu(a, 1), a.tril(-1), L.trace(a), L.diag(a), L.diag(a, 1),
                        L.diagonal(a), a.diagonal(-1)), z, seed=seed)
    check(lambda L, a: (L.diag(a), L.diag(a, -1), L.diag_embed(a), L.diagflat(a)), v, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_index_select_gather_scatter_and_index_add_of_complex_tensors_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=2, max_dims=2, min_side=2)))
    w = data.draw(complex_arrays(st.just(z.shape))).astype(z.dtype)
    rows = np.array(data.draw(st.lists(st.integers(0, z.shape[0] - 1), min_size=1, max_size=4)))
    index = np.array(data.draw(st.lists(st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[1],
                                                 max_size=z.shape[1]), min_size=z.shape[0], max_size=z.shape[0])))
    check(lambda L, a, b: (a.index_select(0, L.tensor(rows)), a.gather(1, L.tensor(index)),
                           a.scatter(1, L.tensor(index), b), a.scatter_add(1, L.tensor(index), b),
                           a.index_add(0, L.tensor(rows[:1]), b[:1]), a.index_add(0, L.tensor(rows[:1]), b[:1], alpha=2),
                           a.index_copy(0, L.tensor(rows[:1]), b[:1]), a[L.tensor(rows)], a.scatter(1, L.tensor(index), 2.5)),
          z, w, seed=seed)


@pytest.mark.parametrize("include_self", [True, False])
@given(data=st.data())
def test_scatter_reduce_of_complex_tensors_sums_multiplies_and_averages_as_torch(data, include_self):
    z = data.draw(complex_arrays(S.shapes(min_dims=2, max_dims=2, min_side=2)))
    w = data.draw(complex_arrays(st.just(z.shape))).astype(z.dtype)
    index = np.array(data.draw(st.lists(st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[1],
                                                 max_size=z.shape[1]), min_size=z.shape[0], max_size=z.shape[0])))
    check(lambda L, a, b: tuple(a.scatter_reduce(1, L.tensor(index), b, reduce, include_self=include_self)
                                for reduce in ("sum", "prod", "mean")), z, w, requires_grad=[False, False])


def test_scatter_with_reduce_of_complex_tensors_matches_torch():
    z, w = np.array([[1 + 1j, 2j], [3 + 0j, -1j]]), np.array([[0.5 - 1j, 2 + 2j], [1j, 1 + 0j]])
    index = np.array([[1, 1], [0, 1]])
    with pytest.warns(UserWarning, match="reduce argument of torch.scatter with Tensor src is deprecated"):
        check(lambda L, a, b: (a.scatter(1, L.tensor(index), b, reduce="multiply"),
                               a.scatter(1, L.tensor(index), b, reduce="add"),
                               a.scatter(1, L.tensor(index), 2.0, reduce="multiply")),
              z, w, requires_grad=[False, False])


def test_scatter_reduce_of_complex_tensors_has_no_derivative_as_torch():
    z = np.array([[1 + 1j, 2j], [3 + 0j, -1j]])
    check(lambda L, a, b: a.scatter_reduce(1, L.tensor([[1, 1], [0, 1]]), b, "sum"), z, z.conj(),
          requires_grad=[False, True])


def test_index_add_with_a_complex_alpha_matches_torch():  # (PyTorch: alpha unconjugated in the gradient)
    z, w = np.array([[1 + 1j, 2j], [3 + 0j, -1j]]), np.array([[0.5 - 1j, 2 + 2j]])
    check(lambda L, a, b: a.index_add(0, L.tensor([1]), b, alpha=1 - 2j), z, w)


@given(data=st.data(), seed=S.seeds)
def test_copies_and_conversions_of_complex_tensors_match_torch(data, seed):
    z = data.draw(complex_arrays())
    other = "complex64" if z.dtype == np.complex128 else "complex128"
    check(lambda L, t: (t.clone(), t.detach(), t.to(getattr(L, other)), t.contiguous(), t.to(t.dtype), t * 1), z, seed=seed)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_factories_match_torch(dtype):
    for make in (lambda L: L.zeros_like(L.ones(2, 3), dtype=getattr(L, dtype)),
                 lambda L: L.ones_like(L.ones(2, dtype=getattr(L, dtype))),
                 lambda L: L.full((2, 2), 1 - 2j, dtype=getattr(L, dtype)),
                 lambda L: L.full((3,), 4, dtype=getattr(L, dtype)),
                 lambda L: L.full_like(L.ones(2), 0.5j, dtype=getattr(L, dtype))):
        check(make)


def test_full_of_a_complex_number_takes_the_default_complex_dtype_as_torch():
    check(lambda L: L.full((2,), 1 + 2j))
    check(lambda L: L.full((1, 2), L.tensor(2j)))
    previous = minigrad.get_default_dtype()
    try:
        minigrad.set_default_dtype(minigrad.float64)
        assert minigrad.full((1,), 1j).dtype is minigrad.complex128
    finally:
        minigrad.set_default_dtype(previous)


def test_a_complex_fill_of_a_real_dtype_is_refused_as_torch():
    check(lambda L: L.full((2,), 1j, dtype=L.float32))
    check(lambda L: L.full((2,), 1j, dtype=L.int64))
    check(lambda L: L.full_like(L.ones(2), 1j))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_l1_loss_of_complex_tensors_is_the_reduced_modulus_of_the_difference_as_torchs(reduction, dtype):
    rng = np.random.default_rng(0)
    z, w = (np.asarray(rng.normal(size=(2, 3)) + 1j * rng.normal(size=(2, 3)), dtype) for _ in range(2))
    check(lambda L, a, b: L.nn.functional.l1_loss(a, b, reduction=reduction), z, w)
    check(lambda L, a, b: L.nn.functional.l1_loss(a, b, reduction=reduction), z, w.real)
    check(lambda L, a, b, c: L.nn.functional.l1_loss(a, b, reduction=reduction, weight=c), z, w, np.abs(w.real))


def _assert_same_draws(mine, theirs):
    if mine.dtype == np.complex64:  # PyTorch's vectorised float32 normals may round a last bit or two apart
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-6)
    else:
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("count", [1, 3, 7, 8, 9, 20, 64])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_random_streams_equal_torchs_after_a_seed(count, dtype):
    import torch
    for fn in ("randn", "rand"):
        torch.manual_seed(7)
        minigrad.manual_seed(7)
        theirs = getattr(torch, fn)(count, dtype=getattr(torch, dtype)).numpy()
        mine = getattr(minigrad, fn)(count, dtype=getattr(minigrad, dtype)).numpy()
        assert mine.dtype == theirs.dtype
        _assert_same_draws(mine, theirs)
        after = torch.rand(2).numpy(), minigrad.rand(2).numpy()  # the streams continue alike
        np.testing.assert_array_equal(*after)


def test_randn_like_and_shaped_complex_samples_follow_torchs_stream():
    import torch
    torch.manual_seed(3)
    minigrad.manual_seed(3)
    theirs = (torch.randn(2, 3, dtype=torch.complex64), torch.randn_like(torch.ones(4, dtype=torch.complex128)))
    mine = (minigrad.randn(2, 3, dtype=minigrad.complex64), minigrad.randn_like(minigrad.ones(4, dtype=minigrad.complex128)))
    for m, t in zip(mine, theirs):
        assert tuple(m.shape) == tuple(t.shape) and str(m.dtype) == str(t.dtype)
        _assert_same_draws(m.numpy(), t.numpy())


# ------------------------------------------------------------------ a deconvolution program
def _wiener_model(L, dtype):
    """A small real network whose output is deconvolved in the Fourier domain: fft2, division by
    the blur kernel's spectrum with a learned regulariser (a real log-weight and a complex gain per
    frequency), ifft2, real part."""
    nn = L.nn

    class WienerDeconvolution(nn.Module):
        def __init__(self, size):
            super().__init__()
            real = getattr(L, np.dtype(dtype).name)
            self.net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.Tanh(), nn.Conv2d(4, 1, 3, padding=1)).to(real)
            self.log_reg = nn.Parameter(L.tensor(-2.0, dtype=real))
            self.gain = nn.Parameter(L.ones(size, size, dtype=getattr(L, np.dtype(COMPLEX[dtype]).name)))

        def forward(self, blurred, spectrum):
            x = blurred + self.net(blurred)
            X = L.fft.fft2(x)
            filt = spectrum.conj() / (spectrum.abs() ** 2 + self.log_reg.exp()) * self.gain
            return L.fft.ifft2(X * filt).real

    return WienerDeconvolution


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_learned_wiener_deconvolution_trains_like_torch(dtype):
    from . import helpers
    size, steps = 8, 3
    rng = np.random.default_rng(0)
    sharp = rng.standard_normal((2, 1, size, size)).astype(dtype)
    psf = np.zeros((size, size), dtype)
    psf[:3, :3] = rng.random((3, 3))
    psf /= psf.sum()
    blurred = np.real(np.fft.ifft2(np.fft.fft2(sharp) * np.fft.fft2(psf))).astype(dtype)
    blurred += 0.01 * rng.standard_normal(blurred.shape).astype(dtype)

    def run(L):
        torch_like = L is torch
        t_model = _wiener_model(torch, dtype)(size)
        model = t_model if torch_like else _wiener_model(L, dtype)(size)
        if not torch_like:
            model.load_state_dict({k: L.tensor(v.detach().numpy()) for k, v in t_model.state_dict().items()})
        spectrum = L.fft.fft2(L.tensor(psf))
        opt = L.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
        record = []
        for _ in range(steps):
            opt.zero_grad()
            loss = L.nn.functional.mse_loss(model(L.tensor(blurred), spectrum), L.tensor(sharp))
            loss.backward()
            record.append([helpers.to_numpy(loss)] + [helpers.to_numpy(p.grad) for p in model.parameters()])
            opt.step()
        return record + [[helpers.to_numpy(p) for p in model.parameters()]]

    torch.manual_seed(0)
    theirs = run(torch)
    torch.manual_seed(0)
    mine = run(helpers.minigrad)
    for step, (m_step, t_step) in enumerate(zip(mine, theirs)):
        for i, (m, t) in enumerate(zip(m_step, t_step)):
            helpers.assert_close(m, t, what=f"step {step}, item {i}")
